"""Meta-tests that keep coverage honest: every named query has a test, every page renders in a test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def _test_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_meta.py")


def test_every_query_is_run_by_a_test():
    text = _test_text()
    untested = [p.stem for p in sorted((ROOT / "queries").glob("*.sql"))
                if not re.search(r"""["']""" + re.escape(p.stem) + r"""["']""", text)]
    assert not untested, f"queries/*.sql with no test naming them: {untested}"


def test_every_page_is_rendered_by_apptest():
    # test_pages.py globs pages/*.py; make sure it still does and that there are pages to glob
    assert 'glob("*.py")' in (TESTS / "test_pages.py").read_text(encoding="utf-8")
    assert list((ROOT / "pages").glob("*.py"))


def test_every_page_is_in_the_navigation():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    missing = [p.name for p in (ROOT / "pages").glob("*.py") if f'"pages/{p.name}"' not in app]
    assert not missing, f"pages not in app.py's navigation: {missing}"


def test_pages_hold_no_sql():
    pattern = re.compile(r"\b(select|insert|update|delete)\b.*\b(from|into|set)\b", re.IGNORECASE)
    offenders = [p.name for p in (ROOT / "pages").glob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"SQL text in pages: {offenders}"


def test_pages_do_not_import_duckdb_or_build_figures():
    for p in (ROOT / "pages").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "import duckdb" not in text, p.name
        assert "go.Figure(" not in text and "px." not in text, p.name


def test_pages_build_their_charts_through_the_shared_figure_cache():
    # ui.chart(ui.figure(builder, ...)): a rerun reuses the figure another session built (zsgt/ui.py)
    for p in (ROOT / "pages").glob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert text.count("ui.chart(") == text.count("ui.chart(ui.figure("), p.name


def test_figure_builders_do_not_import_streamlit():
    # the page chrome and the session's principal (sign-in, access) are the modules that draw or keep state
    for p in (ROOT / "zsgt").glob("*.py"):
        if p.name not in {"ui.py", "access.py", "auth.py"}:
            assert "import streamlit" not in p.read_text(encoding="utf-8"), p.name


def test_queries_of_a_period_are_read_up_to_the_as_of_date():
    # a query that takes a period passes $as_of to the periods macro (targets are set per period)
    for p in sorted((ROOT / "queries").glob("*.sql")):
        sql = p.read_text(encoding="utf-8")
        if "$year" in sql and not p.stem.endswith("_targets"):
            assert "$as_of" in sql, f"{p.name} takes $year but not $as_of"
        assert "periods($year, $quarter, null)" not in sql, f"{p.name} ignores the as-of date"


def test_queries_scope_rows_through_the_scope_macros():
    # one hook for a forced scope later: in_scope / in_chain_scope / in_department_scope, not a
    # hand-rolled "$scope != 'chain' or chain_id = $scope_id"
    hand_rolled = re.compile(r"\$scope\s*!=\s*'(chain|department)'\s+or\s+[\w.]+\s*=\s*\$scope_id")
    offenders = [p.name for p in sorted((ROOT / "queries").glob("*.sql"))
                 if hand_rolled.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_no_sql_is_built_with_an_f_string():
    # values are bound and names go through DuckDB's relation API (as the importer's writer does):
    # an f-string handed to execute/sql/query is where a name or a value would be pasted into SQL text
    pattern = re.compile(r"""(execute|sql|query)\(f["']""")
    code = [p for top in ROOT.iterdir() if not top.name.startswith(".") and top.name != "tests"
            for p in ([top] if top.suffix == ".py" else top.rglob("*.py") if top.is_dir() else [])]
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted(code)
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not offenders, f"SQL built with an f-string: {offenders}"
