"""Before and after in one run: each page's named queries as an earlier commit wrote them (its queries/
and its schema.sql macros) against the same queries now, on one store, alternating (not a test).

    .venv/bin/python bench/bench_ab.py --base 703d758 --tier province [--db PATH] [--pages rates,pipeline] [--runs 7]

The calls are those the pages make now (bench_pages.recorded_calls, with the default parameters); the
"before" side runs each with the earlier commit's SQL of that query and, on its own read-only
connection, the earlier commit's macros created as TEMP macros (they take precedence over the store's
own), so both sides read the same file and the same data. A query the earlier commit did not have, or
that needs parameters the page no longer passes, is shown as "–". Rounds alternate which side goes
first, so a busy spell of the shared machine falls on both alike; the machine's load is printed.
A page's total is the sum of its queries' medians. It prints, never asserts.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_args import chosen_pages, page_args  # noqa: E402
from bench_pages import recorded_calls, tier_store  # noqa: E402
from zsgt import store  # noqa: E402

CREATE_MACRO = re.compile(r"create\s+or\s+replace\s+macro", re.IGNORECASE)


def checkout(rev: str, into: Path) -> None:
    """The commit's queries/ and data/schema.sql, written under `into`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "queries", "data/schema.sql"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def base_connection(db: Path, schema: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection on which the earlier schema's macros shadow the store's."""
    con = duckdb.connect(str(db), read_only=True)
    text = schema.read_text(encoding="utf-8")
    for statement in duckdb.extract_statements(text[text.index("-- == macros =="):]):
        if CREATE_MACRO.search(statement.query):
            con.execute(CREATE_MACRO.sub("create or replace temp macro", statement.query, count=1))
    return con


def main() -> None:
    ap = page_args(runs=7)
    ap.add_argument("--base", required=True, help="the earlier commit (its queries/ and macros are 'before')")
    args = ap.parse_args()
    db = args.db or tier_store(args.tier)
    store.open_store(db).close()  # the store is of this schema version (bench_pages upgrades a bench/out one)
    pages = chosen_pages(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        checkout(args.base, Path(tmp))
        before = base_connection(db, Path(tmp) / "data" / "schema.sql")
        after = duckdb.connect(str(db), read_only=True)
        print(f"{db}: before = {args.base}, after = the working tree; {args.runs} alternating rounds after a warm-up; "
              f"load {os.getloadavg()[0]:.1f}")
        for page in pages:
            rows = []
            for name, params in recorded_calls(page, db):
                new = store.load_query(name)
                sides = [(after, new.sql, {k: v for k, v in params.items() if k in new.params})]
                old_path = Path(tmp) / "queries" / f"{name}.sql"
                old = store.load_query(name, old_path.parent) if old_path.exists() else None
                if old is not None and old.params <= params.keys():
                    sides.insert(0, (before, old.sql, {k: v for k, v in params.items() if k in old.params}))
                else:
                    sides.insert(0, None)
                times: list[list[float]] = [[], []]
                for con_sql in sides:
                    if con_sql:
                        con_sql[0].execute(con_sql[1], con_sql[2]).df()
                for r in range(args.runs):
                    for i in ((0, 1) if r % 2 == 0 else (1, 0)):
                        if sides[i]:
                            con, sql, bound = sides[i]
                            start = time.perf_counter()
                            con.execute(sql, bound).df()
                            times[i].append((time.perf_counter() - start) * 1000)
                rows.append((name, *(statistics.median(t) if t else None for t in times)))
            total_before = sum(b for _, b, _ in rows if b is not None)
            total_after = sum(a for _, _, a in rows)
            print(f"\n{page.stem}: {len(rows)} queries; before {total_before:,.0f} ms -> after {total_after:,.0f} ms "
                  f"(sums of medians; load {os.getloadavg()[0]:.1f})")
            for name, b, a in rows:
                shown = f"{b:8.1f}" if b is not None else f"{'–':>8}"
                print(f"  {name:<32} before {shown} ms   after {a:8.1f} ms")
        before.close()
        after.close()


if __name__ == "__main__":
    main()
