"""The project's documents stand alone and stay true: README names nothing outside the repository,
docs/data-model.md lists exactly the tables and columns data/schema.sql creates, with the same
enumerations, and the Makefile serves on the host README says."""

import fnmatch
import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DATA_MODEL = ROOT / "docs" / "data-model.md"


def documented_columns(text: str) -> dict[str, list[str]]:
    """`### table` headings, each followed by a table whose first cell is a column name."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^### (\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
        elif line.startswith("## "):
            current = None
        elif current and line.startswith("| "):
            cell = line.split("|")[1].strip()
            if cell not in ("column", "---") and not set(cell) <= {"-"}:
                tables[current].append(cell)
    return tables


def schema_columns() -> dict[str, list[str]]:
    con = duckdb.connect()
    try:
        con.execute((ROOT / "data" / "schema.sql").read_text(encoding="utf-8"))
        rows = con.execute("select table_name, column_name from information_schema.columns "
                           "where table_schema = 'main' order by table_name, ordinal_position").fetchall()
    finally:
        con.close()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def test_data_model_lists_every_table_of_the_schema():
    assert sorted(documented_columns(DATA_MODEL.read_text(encoding="utf-8"))) == sorted(schema_columns())


@pytest.mark.parametrize("table", sorted(schema_columns()))
def test_data_model_lists_every_column_of_each_table_in_order(table):
    assert documented_columns(DATA_MODEL.read_text(encoding="utf-8")).get(table) == schema_columns()[table]


def schema_enumerations() -> dict[tuple[str, str], set[str]]:
    """(table, column) → the codes of its `check (column in (...))`."""
    sql = (ROOT / "data" / "schema.sql").read_text(encoding="utf-8")
    out = {}
    for block in re.finditer(r"create table (\w+) \((.*?)\n\);", sql, re.S):
        for col, codes in re.findall(r"check \((\w+) in \(([^)]*)\)\)", block.group(2)):
            out[(block.group(1), col)] = set(re.findall(r"'(\w+)'", codes))
    return out


@pytest.mark.parametrize("table_column", sorted(schema_enumerations()), ids="{0[0]}.{0[1]}".format)
def test_data_model_names_every_code_of_an_enumeration(table_column):
    table, column = table_column
    text = DATA_MODEL.read_text(encoding="utf-8")
    section = text.split(f"### {table}\n", 1)[1].split("\n### ", 1)[0]
    row = next(line for line in section.splitlines() if line.startswith(f"| {column} |"))
    assert set(re.findall(r"`(\w+)`", row)) == schema_enumerations()[table_column]


def test_readme_names_no_path_outside_the_repository():
    text = README.read_text(encoding="utf-8")
    outside = re.findall(r"\.\./[^\s)`]*|(?<![\w.])/(?:work|home|root|tmp|mnt)/[^\s)`]*", text)
    assert not outside, outside
    # every repository path README names in backticks exists in a clone, or is one the Makefile builds
    # (ignored by git: the demo store, benchmark output)
    ignored = [line.strip() for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines() if line.strip()]
    named = {m for m in re.findall(r"`((?:docs|data|queries|pages|zsgt|tests|bench)/[\w./-]+)`", text)}
    missing = sorted(p for p in named if not (ROOT / p).exists() and "*" not in p
                     and not any(fnmatch.fnmatch(p, pat) for pat in ignored))
    assert not missing, missing


def test_readme_says_how_to_serve_to_the_office_network_stop_and_what_needs_internet():
    text = README.read_text(encoding="utf-8")
    assert "HOST=0.0.0.0 make run" in text
    assert "docs/data-model.md" in text
    assert re.search(r"(?i)\bstop\b", text) and "Ctrl" in text
    assert re.search(r"(?i)internet", text)


def test_make_run_serves_on_host():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^HOST\s*\?=\s*localhost$", makefile, re.M)
    assert "--server.address $(HOST)" in makefile
