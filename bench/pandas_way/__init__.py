"""The pandas way: every page's named queries answered the way most Streamlit dashboards do it.

bench/bench_pandas.py loads the tables into pandas once (what `st.cache_data` would keep), then
answers each named query a page runs from those frames, and compares with the named query.

One module per page group, each found here by itself (every module of this package is imported):
    common.py      helpers shared by the answers (periods, scope, the rate cohort, as-of rules) — no answers
    lookups.py     store_info, available_periods (every page), chains, import_history
    cockpit.py     signed_amount, funds_arrived, quarterly_trend, chain_summary, new_signed_projects,
                   visits, top_projects
    rates.py       the two rates and everything on the rates page (cohorts, trend, late / low arrival, …)
    assessment.py  assessment and self-review (department_summary, amount_targets, …)
    supervision.py overdue_tasks, supervision_by_department, supervision_tasks
    pipeline.py    pipeline_funnel, pipeline_projects, referrer_projects
    maps.py        the chain, fund and resource maps (h3)
    lists.py       the target, opportunity and visit lists (h3)

A module defines
    TABLES: dict[str, list[str] | None]
        the tables it needs loaded, with the columns (None = every column). The runner loads the union
        of what the answers in use need, once, from the store (con.table(t).select(cols).df()), and
        times it as the pandas side's load.
    ANSWERS: dict[str, Callable[[dict[str, pd.DataFrame], dict], pd.DataFrame]]
        keyed by named query: takes the loaded tables and the query's parameters (exactly as the page
        passes them to zsgt.store.run) and returns a DataFrame with the query's columns, or a subset
        of them (the comparison reads the columns the answer returns; name them as the query does).
    prepare(tables) -> None   (optional)
        derived columns a dashboard would compute once at load and cache with the frames (e.g. a
        quarter's end date); run after loading, timed with the load.
Dates come from the store as datetime64 columns; parameters' dates are datetime.date (common.ts()).
A query with no answer in any module is listed as "not covered" by the runner, never skipped silently.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    """Every module of this package, imported (those without ANSWERS answer nothing)."""
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]


def answers() -> dict[str, tuple[ModuleType, object]]:
    """named query -> (module, answer function); a query answered twice is an error."""
    out: dict[str, tuple[ModuleType, object]] = {}
    for mod in modules():
        for name, fn in getattr(mod, "ANSWERS", {}).items():
            if name in out:
                raise ValueError(f"{name} is answered in both {out[name][0].__name__} and {mod.__name__}")
            out[name] = (mod, fn)
    return out


def plan(mods: list[ModuleType]) -> dict[str, set[str] | None]:
    """The union of the modules' TABLES: table -> the columns to load (None = all)."""
    wanted: dict[str, set[str] | None] = {}
    for mod in mods:
        for table, cols in getattr(mod, "TABLES", {}).items():
            if cols is None or wanted.get(table, set()) is None:
                wanted[table] = None
            else:
                wanted[table] = wanted.get(table, set()) | set(cols)
    return wanted


BYTES_PER_CELL = 90  # the province run: 1,766 MB at its peak for 17.6 M cells loaded (prepare() and working copies)


def estimated_mb(con, mods: list[ModuleType]) -> float:
    """A rough peak memory of loading and answering from the modules' tables: cells × BYTES_PER_CELL."""
    cells = 0
    for table, cols in plan(mods).items():
        rel = con.table(table)
        n = len(rel.columns) if cols is None else len([c for c in rel.columns if c in cols])
        cells += n * rel.aggregate("count(*)").fetchall()[0][0]
    return cells * BYTES_PER_CELL / 2 ** 20


def load(con, mods: list[ModuleType]) -> dict:
    """The union of the modules' TABLES, each read once into pandas, then each module's prepare()."""
    tables = {}
    for table, cols in plan(mods).items():
        rel = con.table(table)
        if cols is not None:
            rel = rel.select(*[c for c in rel.columns if c in cols])  # the table's column order
        tables[table] = rel.df()
    for mod in mods:
        if hasattr(mod, "prepare"):
            mod.prepare(tables)
    return tables
