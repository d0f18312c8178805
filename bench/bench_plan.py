"""Where each named query's time goes: DuckDB's planning (parse, bind incl. the shared macros,
optimise, physical plan) against execution, per page, on a tier's store (issue 10; not a test).

    env -u ZSGT_USERS .venv/bin/python bench/bench_plan.py --tier province [--runs 7] [--pages cockpit,visits] [--markdown]
    (or --db PATH for any store file)

The calls are those each page really runs with its default parameters (bench_pages.recorded_calls).
Each call runs `--runs` times after one warm-up on a cursor with DuckDB's profiler on
(`enable_profiling = 'json'`, `profiling_mode = 'detailed'`), and from its JSON profile:
  - plan: the planner (parse and bind, where the shared macros of data/schema.sql are expanded and
    bound; `planner.total_time`) plus the optimizer (`optimizer.total_time`) plus the physical
    planner (`physical_planner.total_time`);
  - total: the query's latency as DuckDB measured it (`query.total_time`, planning included);
  - exec: total − plan (running the plan and collecting the result);
  - call: the whole zsgt.store.run call timed from Python, on a cursor without the profiler, in turns
    with the profiled runs (its result turned into a DataFrame included).
Medians are printed per query, and per page the sums of medians and plan's share of total. It
prints, never asserts.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_args import chosen_pages, page_args  # noqa: E402
from zsgt import store  # noqa: E402


def profiled(con, name: str, params: dict, runs: int, out: Path) -> dict:
    """Medians (ms) of plan, total, exec and call over `runs` runs after one warm-up."""
    query, bound = store._bound(name, params)
    cur = con.cursor()
    cur.execute("pragma enable_profiling = 'json'")
    cur.execute("set profiling_mode = 'detailed'")
    cur.execute("set profiling_output = ?", [str(out)])
    try:
        store.run(con, name, **params)
        cur.execute(query.sql, bound).df()
        got: dict[str, list[float]] = {"plan": [], "total": [], "exec": [], "call": []}
        for _ in range(runs):
            start = time.perf_counter()
            store.run(con, name, **params)
            got["call"].append((time.perf_counter() - start) * 1000)
            cur.execute(query.sql, bound).df()
            prof = json.loads(out.read_text())
            plan = 1000 * (prof["planner"]["total_time"] + prof["optimizer"]["total_time"]
                           + prof["physical_planner"]["total_time"])
            total = 1000 * prof["query"]["total_time"]
            got["plan"].append(plan)
            got["total"].append(total)
            got["exec"].append(total - plan)
    finally:
        cur.close()
    return {k: statistics.median(v) for k, v in got.items()}


def main() -> None:
    ap = page_args(runs=7, markdown="also print a README table of page totals")
    args = ap.parse_args()
    from bench_pages import recorded_calls, tier_store

    db = args.db or tier_store(args.tier)
    pages = chosen_pages(args.pages)
    page_calls = {page.stem: recorded_calls(page, db) for page in pages}
    load = os.getloadavg()
    print(f"{db} ({db.stat().st_size / 2 ** 20:,.0f} MiB); {args.runs} runs per query after one warm-up; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    con = store.open_store(db)
    done: dict[tuple, dict] = {}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "profile.json"
        for page, calls in page_calls.items():
            print(f"\n{page}: {len(calls)} queries")
            print(f"  {'query':<28} {'call':>8} {'total':>8} {'plan':>8} {'exec':>8} {'plan÷total':>10}   (ms, medians)")
            rows = []
            for name, params in calls:
                key = (name, tuple(sorted((k, repr(v)) for k, v in params.items())))
                if key not in done:
                    done[key] = profiled(con, name, params, args.runs, out)
                r = done[key]
                rows.append(r)
                print(f"  {name:<28} {r['call']:8.1f} {r['total']:8.1f} {r['plan']:8.1f} {r['exec']:8.1f} "
                      f"{r['plan'] / r['total']:>10.0%}")
            s = {k: sum(r[k] for r in rows) for k in ("call", "total", "plan", "exec")}
            share = s["plan"] / s["total"] if s["total"] else 0
            print(f"  {'page (sums of medians)':<28} {s['call']:8.1f} {s['total']:8.1f} {s['plan']:8.1f} "
                  f"{s['exec']:8.1f} {share:>10.0%}")
            totals.append((page, len(rows), s, share))
    con.close()
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.markdown:
        print("\n| page | queries | call (ms) | DuckDB total (ms) | planning (ms) | execution (ms) | planning ÷ total |\n"
              "|---|---|---|---|---|---|---|")
        for page, n, s, share in totals:
            print(f"| {page} | {n} | {s['call']:,.1f} | {s['total']:,.1f} | {s['plan']:,.1f} | {s['exec']:,.1f} "
                  f"| {share:.0%} |")


if __name__ == "__main__":
    main()
