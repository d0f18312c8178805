"""One function writes the fixture store: data/schema.sql, then every tests/fixture*.sql in order
(and, for the as-of store, tests/asof.sql on top)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(ROOT))

from zsgt import store  # noqa: E402

ASOF = TESTS / "asof.sql"  # issue 11's rows changed after 2023-12-31, for the as-of tests only


def write_fixture(path: Path, extra: tuple[Path, ...] = ()) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute((ROOT / "data" / "schema.sql").read_text(encoding="utf-8"))
        for sql in [*sorted(TESTS.glob("fixture*.sql")), *extra]:
            con.execute(sql.read_text(encoding="utf-8"))
        store.refresh_derived(con)  # target_status_spans from the history the fixtures wrote
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def copy_store(src: Path, path: Path, *statements: str) -> Path:
    """A copy of the store `src` at `path`, with `statements` run on it (to seed one case)."""
    import shutil

    shutil.copy(src, path)
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return path


def _copy_without_constraints(clean: Path, path: Path) -> duckdb.DuckDBPyConnection:
    """A new store at `path` holding `clean`'s tables (copied with `create table as`, so without keys
    or CHECKs, as a store loaded elsewhere may be) and the schema's macros."""
    schema = (ROOT / "data" / "schema.sql").read_text(encoding="utf-8")
    con = duckdb.connect(str(path))
    con.execute(f"attach '{clean}' as clean (read_only)")
    tables = [t for (t,) in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'clean'").fetchall()]
    for table in tables:
        con.execute(f"create table main.{table} as select * from clean.main.{table}")
    con.execute("detach clean")
    con.execute(schema[schema.index("-- == macros =="):])
    return con


def write_broken_fixture(path: Path) -> Path:
    """The fixture store without constraints, with one fault per data check (tests/broken_store.sql)."""
    clean = write_fixture(path.with_name(path.stem + "_clean.duckdb"))
    con = _copy_without_constraints(clean, path)
    try:
        con.execute((TESTS / "broken_store.sql").read_text(encoding="utf-8"))
        con.execute("checkpoint")
    finally:
        con.close()
    return path


# columns the app fills but the contract does not require (docs/data-model.md: ", null"; the first
# contract had none of them): a store built to the contract alone may leave them all empty
APP_ONLY_COLUMNS = {"chains": ("leader_zh", "color"), "companies": ("name_pinyin", "name_initials"),
                    "projects": ("stage_since",), "parks": ("available_land_ha",)}


def write_contract_fixture(path: Path) -> Path:
    """The fixture store as a loader working from the data contract alone would write it: the
    app-only columns empty, and store_info holding nothing but the schema version."""
    write_fixture(path)
    con = duckdb.connect(str(path))
    try:
        for table, columns in APP_ONLY_COLUMNS.items():
            con.execute(f"update {table} set " + ", ".join(f"{c} = null" for c in columns))
        con.execute("delete from store_info where key != 'schema_version'")
        # edited by hand, so its derived table is rebuilt as `make upgrade-store` would (docs/data-model.md:
        # target_status_spans carries the companies' pinyin, emptied above)
        store.refresh_derived(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path


if __name__ == "__main__":  # python tests/fixture.py broken|contract|clean PATH: write a store for `make check-store`
    import sys

    kind, out = sys.argv[1], Path(sys.argv[2])
    out.unlink(missing_ok=True)
    {"broken": write_broken_fixture, "contract": write_contract_fixture, "clean": write_fixture}[kind](out)
    print(out)
