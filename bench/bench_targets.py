"""Benchmark the target-company explorer's queries on a 1,000,000-company store (not a test).

    .venv/bin/python bench/bench_targets.py [--runs 7] [--companies 1000000]

Builds bench/out/targets_<n>.duckdb with the demo generator (`--companies n`) unless it is already
there and newer than the generator, the schema and the pinyin code; builds the 2,000-company demo
store beside it the same way. Then runs each explorer query `--runs` times on both stores (after one
warm-up run) and prints the median time of each and the ratio of the large store to the demo. It
prints, never asserts: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

import generate_demo  # noqa: E402
from zsgt.store import run  # noqa: E402
from zsgt.targets import TargetFilter, page_params  # noqa: E402

SOURCES = [ROOT / "data" / "generate_demo.py", ROOT / "data" / "schema.sql", ROOT / "zsgt" / "pinyin.py"]
CITY = {"scope": "city", "scope_id": None}
AS_OF = generate_demo.DATA_END  # the page opens on the data's last date

# (label, query, filter, extra parameters): what a member of staff does on the page
CASES = [
    ("filter: chain + status + priority (count)", "target_count",
     TargetFilter(chains=("steel",), statuses=("not_contacted",), priorities=("a", "b")), {}),
    ("filter: chain + status + priority (page 1)", "target_list",
     TargetFilter(chains=("steel",), statuses=("not_contacted",), priorities=("a", "b")),
     {"sort": "name", **page_params(1)}),
    ("name search 华为 (count)", "target_count", TargetFilter(search="华为"), {}),
    ("name search 华为 (page 1)", "target_list", TargetFilter(search="华为"), {"sort": "name", **page_params(1)}),
    ("pinyin search huawei (count)", "target_count", TargetFilter(search="huawei"), {}),
    ("pinyin search huawei (page 1)", "target_list", TargetFilter(search="huawei"), {"sort": "name", **page_params(1)}),
    ("initials search hw (count)", "target_count", TargetFilter(search="hw"), {}),
    ("initials search hw (page 1)", "target_list", TargetFilter(search="hw"), {"sort": "name", **page_params(1)}),
    ("export count: whole list", "target_count", TargetFilter(), {}),
    ("sorted page: whole list by name, page 1", "target_list", TargetFilter(), {"sort": "name", **page_params(1)}),
    ("sorted page: latest contact first, page 100", "target_list", TargetFilter(),
     {"sort": "recent", **page_params(100)}),
    ("filter choices (provinces, nodes)", "target_filter_options", None, {}),
    ("export rows: whole list (all rows to pandas)", "target_list", TargetFilter(),
     {"sort": "name", "limit": None, "offset": 0}),
]


def is_current(path: Path, companies: int) -> bool:
    if not path.exists() or path.stat().st_mtime < max(p.stat().st_mtime for p in SOURCES):
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*) from companies").fetchone()[0] == companies
    except duckdb.Error:
        return False
    finally:
        con.close()


def ensure_store(companies: int) -> Path:
    path = OUT / f"targets_{companies}.duckdb"
    if is_current(path, companies):
        print(f"store {path.relative_to(ROOT)}: present and current, not rebuilt")
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generate_demo.build(path, companies=companies)
    print(f"store {path.relative_to(ROOT)}: built in {time.perf_counter() - started:.1f} s")
    return path


def median_ms(con, name: str, params: dict, runs: int) -> tuple[float, int]:
    frame = run(con, name, **params)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run(con, name, **params)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(frame) if name != "target_count" else int(frame["total"].iloc[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--companies", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    big_path, small_path = ensure_store(args.companies), ensure_store(2000)
    big = duckdb.connect(str(big_path), read_only=True)
    small = duckdb.connect(str(small_path), read_only=True)
    n_targets = big.execute("select count(*) from target_companies").fetchone()[0]
    print(f"\n{args.companies:,} companies ({n_targets:,} targets) vs the 2,000-company demo; "
          f"median of {args.runs} runs, after one warm-up; duckdb {duckdb.__version__}\n")
    print(f"{'query':<48}{'large ms':>10}{'rows':>10}{'demo ms':>10}{'rows':>8}{'ratio':>8}")
    for label, name, flt, extra in CASES:
        params = {**CITY, "as_of": AS_OF, **(flt.params() if flt else {}), **extra}
        big_ms, big_n = median_ms(big, name, params, args.runs)
        small_ms, small_n = median_ms(small, name, params, args.runs)
        print(f"{label:<48}{big_ms:>10.1f}{big_n:>10,}{small_ms:>10.1f}{small_n:>8,}{big_ms / small_ms:>8.1f}")
    big.close()
    small.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
