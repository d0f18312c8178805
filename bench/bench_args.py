"""The arguments every per-page benchmark takes (--tier, --db, --runs, --pages, --markdown) and the
pages they pick: one definition for bench_pages, bench_pandas, bench_plan and bench_ab. Imports nothing
heavy, so bench_pandas's measured side processes stay as light as before."""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def page_args(runs: int, db_help: str = "a store file (default: bench/out/<tier>.duckdb)",
              markdown: str | None = None) -> argparse.ArgumentParser:
    """A parser with the shared arguments; `markdown` is --markdown's help (None: no such flag)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--tier", default="province", choices=["city", "province", "national"])
    ap.add_argument("--db", type=Path, help=db_help)
    ap.add_argument("--runs", type=int, default=runs)
    ap.add_argument("--pages", help="comma-separated page names (default: every page)")
    if markdown:
        ap.add_argument("--markdown", action="store_true", help=markdown)
    return ap


def chosen_pages(pages: str | None) -> list[Path]:
    """pages/*.py in name order, only those named in --pages when given."""
    found = sorted((ROOT / "pages").glob("*.py"))
    return [p for p in found if p.stem in set(pages.split(","))] if pages else found
