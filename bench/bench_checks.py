"""Benchmark the data checks (zsgt/checks.py) on the 1,000,000-company store (not a test).

    .venv/bin/python bench/bench_checks.py [--runs 5] [--companies 1000000]

Uses (or builds) the same stores as bench_targets.py: bench/out/targets_<n>.duckdb and the
2,000-company demo store. Runs every check `--runs` times on both (after one warm-up run) and prints
the median time of run_checks — what the page chrome's badge costs once per store file — and the
slowest checks' queries. It prints, never asserts: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_targets import ensure_store  # noqa: E402
from zsgt import checks, store  # noqa: E402


def timed(con, runs: int) -> tuple[float, dict[str, float]]:
    """Median ms of run_checks (as the badge and `make check-store` run it: the checks the store's
    constraints guarantee are skipped), and each check's own query's median ms."""
    checks.run_checks(con)  # warm-up
    totals = []
    for _ in range(runs):
        started = time.perf_counter()
        checks.run_checks(con)
        totals.append(time.perf_counter() - started)
    each = {}
    for c in checks.CHECKS:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            checks.run_check(con, c)
            times.append(time.perf_counter() - t0)
        each[c.id] = statistics.median(times) * 1000
    return statistics.median(totals) * 1000, each


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--companies", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    big_path, small_path = ensure_store(args.companies), ensure_store(2000)
    big, small = store.open_store(big_path), store.open_store(small_path)
    big_total, big_each = timed(big, args.runs)
    small_total, small_each = timed(small, args.runs)
    print(f"\n{len(checks.CHECKS)} checks, median of {args.runs} runs after one warm-up\n")
    print(f"{'':<48}{'large ms':>10}{'demo ms':>10}{'ratio':>8}")
    print(f"{'every check (run_checks)':<48}{big_total:>10.1f}{small_total:>10.1f}{big_total / small_total:>8.1f}")
    enforced = checks.enforced_constraints(big)
    skipped = {c.id for c in checks.CHECKS if c.enforced_by and c.enforced_by <= enforced}
    print(f"\nslowest queries ({len(skipped)} checks the schema's constraints guarantee are skipped by run_checks,"
          " marked *):")
    for cid in sorted(big_each, key=big_each.get, reverse=True)[:8]:
        cid_shown = cid + (" *" if cid in skipped else "")
        print(f"{cid_shown:<48}{big_each[cid]:>10.1f}{small_each[cid]:>10.1f}{big_each[cid] / small_each[cid]:>8.1f}")
    big.close()
    small.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
