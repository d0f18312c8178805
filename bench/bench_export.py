"""Benchmark the target-company list's export on the 1,000,000-company store (not a test).

    .venv/bin/python bench/bench_export.py [--runs 3] [--companies 1000000] [--skip-before]

Uses bench/out/targets_<n>.duckdb (built by bench/bench_targets.py's ensure_store when missing or
stale). Exports the whole target list (every target company, sorted by name: 552,197 rows on the
million-company store), as the page's "下载 Excel" / "下载 CSV" buttons do, and prints the median
time of each way:

- before: the whole list read into pandas, then openpyxl's write-only mode, one `append` per row
  (zsgt/export.py as it was before issue 8);
- after: the list read from DuckDB in Arrow batches and streamed into the workbook
  (zsgt.export.xlsx_bytes over store.run_batches), and the CSV the same way.

It prints wall-clock and CPU seconds (CPU time is steadier on a shared machine), never asserts: the
figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_targets import AS_OF, ensure_store  # noqa: E402
from zsgt import export, store, targets  # noqa: E402

CITY = {"scope": "city", "scope_id": None}


def _cell(v):  # the cell conversion of the openpyxl writer this replaced
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, Decimal):
        return float(v)
    if hasattr(v, "item") and not isinstance(v, (str, dt.date)):
        return _cell(v.item())
    return v


def before(con, params) -> int:
    """The export as it was: whole list into pandas, openpyxl write-only, a row at a time."""
    from openpyxl import Workbook

    frame = targets.export_frame(store.run(con, "target_list", **params))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("目标企业清单")
    ws.freeze_panes = "A2"
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return len(buf.getvalue())


def after_xlsx(con, params, rows: int) -> int:
    chunks = (targets.export_frame(b, "zh") for b in store.run_batches(con, "target_list", **params))
    about = export.about("目标企业清单", "zh", scope="全市", rows=rows)
    return len(export.xlsx_bytes(chunks, "目标企业清单", kinds=targets.export_kinds("zh"), about=about))


def after_csv(con, params) -> int:
    chunks = (targets.export_frame(b, "zh") for b in store.run_batches(con, "target_list", **params))
    return len(export.csv_bytes(chunks, kinds=targets.export_kinds("zh")))


def median_s(fn, runs: int) -> tuple[float, float, int]:
    """Median wall-clock and CPU seconds (this process, all its threads: DuckDB's too) of `runs` runs."""
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        size = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--companies", type=int, default=1_000_000)
    ap.add_argument("--skip-before", action="store_true", help="do not time the old openpyxl export")
    args = ap.parse_args(argv)
    con = store.open_store(ensure_store(args.companies))
    params = {**CITY, "as_of": AS_OF, **targets.TargetFilter().params(), "sort": "name", "limit": None, "offset": 0}
    rows = int(store.run(con, "target_count", **CITY, as_of=AS_OF, **targets.TargetFilter().params())["total"].iloc[0])
    print(f"\nthe whole target list: {rows:,} rows x {len(targets.EXPORT_COLUMNS)} columns, "
          f"{args.companies:,} companies; median of {args.runs} runs (before: 1 run)\n")
    print(f"{'export':<64}{'wall s':>8}{'CPU s':>8}{'MB':>8}")
    cases = [("after: XLSX streamed (store.run_batches -> export.xlsx_bytes)", lambda: after_xlsx(con, params, rows),
              args.runs),
             ("after: CSV with BOM, streamed", lambda: after_csv(con, params), args.runs)]
    if not args.skip_before:
        cases.insert(0, ("before: XLSX, pandas + openpyxl write-only", lambda: before(con, params), 1))
    results = {}
    for label, fn, runs in cases:
        wall, cpu, size = median_s(fn, runs)
        results[label] = wall
        print(f"{label:<64}{wall:>8.1f}{cpu:>8.1f}{size / 1e6:>8.1f}", flush=True)
    if not args.skip_before:
        first, second = list(results.values())[:2]
        print(f"\nXLSX before / after (wall clock): {first / second:.1f}x")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
