"""Every page's named queries, timed on a tier's store (issue 10 item 2, first half; not a test).

    .venv/bin/python bench/bench_pages.py --tier province [--db PATH] [--runs 15] [--pages cockpit,rates] [--markdown]

1. Which queries a page runs, with its default parameters: the page is rendered once in Streamlit's
   AppTest on the store (`bench/out/<tier>.duckdb`, built by `make bench-store TIER=<tier>` when
   missing) with zsgt.store.run wrapped to record every (query, parameters) it is called with —
   so the list is what the page really runs, not a copy kept here.
2. Each recorded call is run again on a fresh read-only connection: one warm-up, then `--runs` times;
   median and p95 in ms. A page's total is the sum of its queries' medians (a page runs them one
   after another). The data checks, run once per store file per server process, are timed apart.

It prints, never asserts. The pandas side of item 2 (the same answers from tables loaded into
pandas once, with the ratio and the peak memory of both): bench/bench_pandas.py.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench_args import chosen_pages, page_args  # noqa: E402
from zsgt import checks, store  # noqa: E402


def tier_store(tier: str) -> Path:
    """bench/out/<tier>.duckdb, built when missing, upgraded (`make upgrade-store`: macros and derived
    tables, the data untouched) when built by an earlier schema version."""
    path = OUT / f"{tier}.duckdb"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "data" / "generate_tiers.py"), "--tier", tier, "--out", str(path)],
                       check=True)
    try:
        store.open_store(path).close()
    except store.StoreError as exc:
        if "make upgrade-store" not in str(exc):
            raise
        start = time.perf_counter()
        store.upgrade(path)
        print(f"upgraded {path} to schema version {store.SCHEMA_VERSION} in {time.perf_counter() - start:.1f} s")
    return path


def recorded_calls(page: Path, db: Path) -> list[tuple[str, dict]]:
    """The (query, parameters) a page runs when opened with no URL parameters, in order, once each."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    calls: list[tuple[str, dict]] = []
    real = store.run

    def recording(con, name, **params):
        calls.append((name, params))
        return real(con, name, **params)

    os.environ["ZSGT_DB"] = str(db)
    for logger in [n for n in logging.root.manager.loggerDict if n.startswith("streamlit")]:
        logging.getLogger(logger).setLevel(logging.ERROR)  # AppTest's "no runtime" warnings
    st.cache_data.clear()
    st.cache_resource.clear()
    store.run = recording
    try:
        at = AppTest.from_file(str(page), default_timeout=600).run()
        if at.exception:
            print(f"  ! {page.name}: {at.exception[0].message}", file=sys.stderr)
    finally:
        store.run = real
    unique: dict[tuple, tuple[str, dict]] = {}
    for name, params in calls:
        unique.setdefault((name, tuple(sorted((k, repr(v)) for k, v in params.items()))), (name, params))
    return list(unique.values())


def timed(con, name: str, params: dict, runs: int) -> tuple[float, float]:
    """(median, p95) in ms of `runs` runs after one warm-up."""
    store.run(con, name, **params)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        store.run(con, name, **params)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    ap = page_args(runs=15, markdown="print a README table of page totals",
                   db_help="a store file of this schema version, e.g. a copy in /tmp "
                           "(default: bench/out/<tier>.duckdb, built when missing, upgraded when older)")
    args = ap.parse_args()
    db = args.db or tier_store(args.tier)
    pages = chosen_pages(args.pages)
    con = store.open_store(db)
    start = time.perf_counter()
    checks.run_checks(con)
    print(f"{args.tier}: {db} ({db.stat().st_size / 2 ** 20:,.0f} MiB); data checks {time.perf_counter() - start:.2f} s "
          f"(once per store file per server process); {args.runs} runs per query after one warm-up")
    totals = []
    for page in pages:
        calls = recorded_calls(page, db)
        print(f"\n{page.stem}: {len(calls)} queries")
        rows = []
        for name, params in calls:
            median, p95 = timed(con, name, params, args.runs)
            rows.append((name, median, p95))
            shown = ", ".join(f"{k}={v}" for k, v in params.items() 
                              if k not in ("scope", "scope_id", "cohort_base_year", "cohort_quarters"))
            print(f"  {name:<32} median {median:8.1f} ms   p95 {p95:8.1f} ms   {shown[:90]}")
        total = sum(m for _, m, _ in rows)
        slowest = max(rows, key=lambda r: r[1]) if rows else ("—", 0, 0)
        print(f"  {'page total (sum of medians)':<32} {total:8.1f} ms; slowest {slowest[0]} {slowest[1]:.1f} ms")
        totals.append((page.stem, len(rows), total, slowest))
    con.close()
    if args.markdown:
        print(f"\n| page | queries | total of medians (ms) | slowest query (median ms) |\n|---|---|---|---|")
        for name, n, total, (q, m, _) in totals:
            print(f"| {name} | {n} | {total:,.0f} | {q} ({m:,.0f}) |")


if __name__ == "__main__":
    main()
