"""Benchmark the ledger import (issue 12) and the company pinyin on the way in (not a test).

    .venv/bin/python bench/bench_import.py [--rows 100000] [--runs 3] [--names 1000000]

Builds the demo store into bench/out/, writes a projects ledger of `--rows` new projects as .xlsx
and as a GBK .csv, then times, `--runs` times each, reading + checking every row, the preview and
the full import (a fresh copy of the store each run), and prints the medians. Then times
zsgt.pinyin.pinyin_many on `--names` company names against pinyin_of (the per-name reading it
replaces) on a sample, extrapolated. It prints, never asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "data"))

import generate_demo  # noqa: E402
from zsgt import store  # noqa: E402
from zsgt.importer import check_files, write  # noqa: E402
from zsgt.pinyin import pinyin_many, pinyin_of  # noqa: E402

HEADER = ["项目编号", "项目名称", "企业编号", "产业链", "责任部门", "项目阶段", "签约日期", "合同金额（万元）",
          "固定资产投资（万元）", "计划开工日期", "实际开工日期"]


def ledger(db: Path, rows: int) -> tuple[Path, Path]:
    """A projects ledger of new signed projects, as the office writes it (Chinese names, units, dates)."""
    con = store.open_store(db)
    companies = [c for (c,) in con.execute("select company_id from companies").fetchall()]
    chains = [c for (c,) in con.execute("select name_zh from chains").fetchall()]
    departments = [d for (d,) in con.execute("select name_zh from departments").fetchall()]
    con.close()
    rng = random.Random(12)
    data = []
    for i in range(rows):
        started = rng.random() < 0.5
        data.append([f"B{i:07d}", f"批量导入项目{i}", rng.choice(companies), rng.choice(chains), rng.choice(departments),
                     "开工建设" if started else "项目签约", f"2025年{rng.randint(1, 6)}月{rng.randint(1, 28)}日",
                     f"{rng.randint(100, 900000):,}", f"{rng.randint(1, 90)}.5亿元", "2025/9/1",
                     f"2025-{rng.randint(7, 12):02d}-15" if started else None])
    xlsx = OUT / f"ledger_{rows}.xlsx"
    csv = OUT / f"ledger_{rows}_gbk.csv"
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目台账")
    ws.append(HEADER)
    for row in data:
        ws.append(row)
    wb.save(xlsx)
    with open(csv, "w", encoding="gbk", newline="") as f:
        import csv as csvmod

        w = csvmod.writer(f)
        w.writerow(HEADER)
        w.writerows(data)
    return xlsx, csv


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--names", type=int, default=1_000_000)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["ZSGT_BACKUP_DIR"] = str(OUT / "import_backups")
    demo = generate_demo.build(OUT / "import_demo.duckdb")
    xlsx, csv = ledger(demo, args.rows)
    print(f"ledger: {args.rows:,} projects; {xlsx.name} {xlsx.stat().st_size / 1e6:.1f} MB, "
          f"{csv.name} {csv.stat().st_size / 1e6:.1f} MB; store {demo.stat().st_size / 1e6:.1f} MB")

    con = store.open_store(demo)
    for path in (xlsx, csv):
        seconds, checked = timed(lambda: check_files([path], con), args.runs)
        print(f"read + check every row, {path.suffix}: median {seconds:.2f} s "
              f"({len(checked.errors)} errors, {len(checked.warnings)} warnings)")
    con.close()
    seconds, plan = timed(lambda: write.preview(checked, demo), args.runs)
    print(f"preview: median {seconds:.2f} s ({plan.tables[0].inserted:,} new)")

    def one_import():
        target = OUT / "import_target.duckdb"
        shutil.copyfile(demo, target)
        start = time.perf_counter()
        write.apply(checked, target, files=[csv])
        return time.perf_counter() - start
    imports = [one_import() for _ in range(args.runs)]
    print(f"import (copy, merge, checks, backup, swap): median {statistics.median(imports):.2f} s")

    # -- company pinyin on the way in ---------------------------------------------------------------
    con = store.open_store(demo)
    names = [n for (n,) in con.execute("select name_zh from companies").fetchall()]
    con.close()
    rng = random.Random(7)
    many = [rng.choice(names)[: rng.randint(2, 6)] + rng.choice(names)[2:] for _ in range(args.names)]
    start = time.perf_counter()
    pinyin_many(many)
    fast = time.perf_counter() - start
    sample = many[: min(20_000, len(many))]
    pinyin_of.cache_clear()
    start = time.perf_counter()
    for n in sample:
        pinyin_of(n)
    slow = (time.perf_counter() - start) * len(many) / len(sample)
    print(f"pinyin of {len(many):,} company names: pinyin_many {fast:.1f} s; "
          f"pinyin_of name by name ~{slow:.0f} s (extrapolated from {len(sample):,}); ratio {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
