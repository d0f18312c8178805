"""Benchmark issue 4's queries (rates, pipeline, supervision, visits) on a store with 50,000 more
projects than the demo (not a test).

    .venv/bin/python bench/bench_rates.py [--runs 7] [--extra-projects 50000]

Builds bench/out/rates_<n>.duckdb with the demo generator (`--extra-projects n`) and the plain demo
store beside it, then runs each query `--runs` times on both (after one warm-up run) and prints the
median of each and the ratio of the large store to the demo. It prints, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

import generate_demo  # noqa: E402
from zsgt.cohort import load_config  # noqa: E402
from zsgt.store import open_store, run  # noqa: E402

AT = {"year": 2026, "quarter": None, "as_of": dt.date(2026, 9, 30)}
CITY = {"scope": "city", "scope_id": None}
PAGE = {"limit": 50, "offset": 0}
COHORT = load_config().cohort().params()  # the default cohort of data/rates.toml (the rates' queries bind it)
CASES = [
    ("contract_to_start_rate", {}),
    ("contract_to_start_rate", {"cohort": "period"}),
    ("contract_to_start_rate", {"cohort": "due"}),
    ("fund_arrival_rate", {}),
    ("rate_trend", {}),
    ("rate_trend", {"cohort": "period"}),
    ("rate_targets", {}),
    ("rates_by_group", {"group": "department"}),
    ("rate_cohorts", {}),
    ("time_to_start", {}),
    ("late_projects", {"cohort_only": False, "no_open_red": False, **PAGE}),
    ("low_arrival_projects", {"min_age_days": 365, "max_share": 0.3, **PAGE}),
    ("pipeline_funnel", {}),
    ("pipeline_projects", {"stage": None, "flag": None, "search": None, **PAGE}),
    ("pipeline_projects", {"stage": None, "flag": None, "search": None, "limit": 50, "offset": 20_000}),
    ("pipeline_projects", {"stage": None, "flag": None, "search": "光伏", **PAGE}),
    ("project_detail", {"project": "P000348"}),
    ("project_arrivals", {"project": "P000348"}),
    ("supervision_tasks", {"show": "current", "list": None, "status": None, "project": None, **PAGE}),
    ("supervision_by_department", {"list": None}),
    ("visits_by", {"by": "department"}),
]


def store(extra: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"rates_{extra}.duckdb"
    sources = [ROOT / "data" / "generate_demo.py", ROOT / "data" / "schema.sql"]
    if not path.exists() or path.stat().st_mtime < max(s.stat().st_mtime for s in sources):
        generate_demo.build(path, extra_projects=extra)
    return path


def median_ms(con, name: str, params: dict, runs: int) -> float:
    run(con, name, **params)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(con, name, **params)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--extra-projects", type=int, default=50_000)
    args = ap.parse_args()
    small, large = open_store(store(0)), open_store(store(args.extra_projects))
    n = large.execute("select count(*) from projects").fetchone()[0]
    print(f"projects: demo {small.execute('select count(*) from projects').fetchone()[0]}, large {n}")
    print(f"{'query':<28} {'params':<34} {'demo ms':>8} {'large ms':>9} {'ratio':>6}")
    for name, extra in CASES:
        params = {**AT, **CITY, **COHORT, **extra}
        a, b = median_ms(small, name, params, args.runs), median_ms(large, name, params, args.runs)
        label = ",".join(f"{k}={v}" for k, v in extra.items() if k not in ("limit",) and v is not None)[:34]
        print(f"{name:<28} {label:<34} {a:8.1f} {b:9.1f} {b / a:6.1f}")


if __name__ == "__main__":
    main()
