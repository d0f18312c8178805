"""Benchmark the server-side chart export and the meeting deck (issue 8), not a test.

    .venv/bin/python bench/bench_deck.py [--runs 7] [--deck-runs 3] [--extra-projects 50000]

Prints: the first PNG export (starts the shared Chromium), the warm PNG and SVG export medians of the
cockpit's by-chain chart, and the city deck's build time for 2023 on the demo store and on the
province-scale store bench/bench_rates.py builds (the demo plus `--extra-projects` projects), each a
median of `--deck-runs` builds after the exporter is warm. It prints, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_rates import store  # noqa: E402  (builds bench/out/rates_<n>.duckdb when missing or stale)
from zsgt import deck, figures, image_export  # noqa: E402
from zsgt.period import CITY, Period  # noqa: E402
from zsgt.store import open_store, run  # noqa: E402

SPEC = deck.DeckSpec(Period(2023), dt.date(2023, 12, 31), CITY)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--deck-runs", type=int, default=3)
    ap.add_argument("--extra-projects", type=int, default=50_000)
    args = ap.parse_args()
    demo = open_store(store(0))
    fig = figures.chain_bars(run(demo, "chain_summary", **SPEC.params()), "2023年各产业链签约额与到位资金")
    stamp = "2023年 · 全市 · 数据截至 2023-12-31 · 来源：招商图谱"
    print(f"first PNG export (starts Chromium): {timed(lambda: image_export.render(fig, 'png', stamp)):.2f} s")
    for fmt in ("png", "svg"):
        times = [timed(lambda: image_export.render(fig, fmt, stamp)) for _ in range(args.runs)]
        print(f"warm {fmt.upper()} export, median of {args.runs}: {statistics.median(times) * 1000:.0f} ms "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")
    large = open_store(store(args.extra_projects))
    for label, con in (("demo", demo), (f"demo + {args.extra_projects:,} projects", large)):
        n = con.execute("select count(*) from projects").fetchone()[0]
        times = [timed(lambda: deck.build(con, SPEC)) for _ in range(args.deck_runs)]
        print(f"city deck 2023 on {label} ({n:,} projects), median of {args.deck_runs}: "
              f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
