"""Opening the store: clear Chinese errors for a missing file, a non-DuckDB file, a foreign database."""

import duckdb
import pytest

from zsgt import store


def test_missing_file_says_how_to_build_it(tmp_path):
    with pytest.raises(store.StoreError, match="找不到数据库文件.*make demo"):
        store.open_store(tmp_path / "nope.duckdb")


def test_a_file_that_is_not_duckdb_is_named(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a database at all" * 100)
    with pytest.raises(store.StoreError, match=r"report\.xlsx.*不是可读取的 DuckDB 数据库"):
        store.open_store(bad)


def test_a_duckdb_file_without_our_tables_lists_what_is_missing(tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("create table projects (id integer)")
    con.close()
    with pytest.raises(store.StoreError, match="缺少数据表：chains、chain_nodes"):
        store.open_store(other)


def _old_store(tmp_path, fixture_path):
    """A copy of the fixture store as an earlier version left it: old periods macro, no version."""
    import shutil

    old = tmp_path / "old.duckdb"
    shutil.copy(fixture_path, old)
    con = duckdb.connect(str(old))
    con.execute("delete from store_info where key = 'schema_version'")
    con.execute("create or replace macro periods(y, q, as_of) as table "
                "select 'cur' as which, period_start(y, q) as start_date, period_end(y, q) as end_date, "
                "coalesce(as_of::date, period_end(y, q)) as as_of")
    con.close()
    return old


def test_a_store_of_an_older_schema_version_is_refused_with_how_to_upgrade(tmp_path, fixture_path):
    with pytest.raises(store.StoreError, match="结构版本为 未知.*make upgrade-store"):
        store.open_store(_old_store(tmp_path, fixture_path))


def test_upgrade_brings_the_macros_up_to_date_without_touching_data(tmp_path, fixture_path):
    import datetime as dt

    old = _old_store(tmp_path, fixture_path)
    before = duckdb.connect(str(old), read_only=True)
    counts = {t: before.execute(f"select count(*) from {t}").fetchall() for t in store.REQUIRED_TABLES}
    before.close()
    store.upgrade(old)
    con = store.open_store(old)
    try:
        got = store.run(con, "signed_amount", year=2023, quarter=None, as_of=dt.date(2023, 6, 30),
                        scope="city", scope_id=None)
        assert float(got["value"].iloc[0]) == 7000.0  # read up to the as-of date: the current macro
        assert {t: con.execute(f"select count(*) from {t}").fetchall() for t in store.REQUIRED_TABLES} == counts
    finally:
        con.close()


def test_the_store_is_opened_read_only(fixture_path):
    con = store.open_store(fixture_path)
    try:
        with pytest.raises(duckdb.Error):
            con.execute("delete from projects")
    finally:
        con.close()


def test_a_query_without_its_parameters_is_refused(con):
    with pytest.raises(TypeError, match="needs parameters"):
        store.run(con, "signed_amount", year=2023)


def test_extra_parameters_are_ignored_so_pages_can_pass_their_context(con):
    got = store.run(con, "store_info", year=2023, scope="city")
    assert len(got) == 3


def test_query_header_documents_returns_and_params():
    for name in store.query_names():
        doc = store.load_query(name).doc
        assert doc.startswith(name + ":"), f"{name}.sql: first comment line should start with its name"
        assert "Returns" in doc and "Params" in doc, f"{name}.sql: header should say Returns and Params"


def test_queries_bind_parameters_never_format_them():
    for name in store.query_names():
        sql = store.load_query(name).sql
        assert "{" not in sql and "%s" not in sql, f"{name}.sql looks like a template"


# -- a damaged file, and every failure closes what it opened ----------------------------------------
def _truncated(tmp_path, source, size: int):
    cut = tmp_path / f"cut_{size}.duckdb"
    cut.write_bytes(source.read_bytes()[:size])
    return cut


@pytest.mark.parametrize("size", [20_000, 1_000_000, 12_000_000])
def test_a_truncated_store_is_named_damaged_in_chinese(tmp_path, fixture_path, size):
    cut = _truncated(tmp_path, fixture_path, size)
    with pytest.raises(store.StoreError, match=r"cut_\d+\.duckdb 不完整或已损坏.*重新复制完整的数据库文件"):
        store.open_store(cut)


def test_the_first_megabyte_of_the_demo_store_is_named_damaged(tmp_path, demo_path):
    cut = _truncated(tmp_path, demo_path, 1_000_000)
    with pytest.raises(store.StoreError, match=r"不完整或已损坏（文件 1,000,000 字节，按其结构应至少 [\d,]+ 字节）"):
        store.open_store(cut)


def _store_without_version(tmp_path, fixture_path):
    from fixture import copy_store

    return copy_store(fixture_path, tmp_path / "noversion.duckdb", "delete from store_info where key = 'schema_version'")


def _store_without_tables(tmp_path, fixture_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table projects (id integer)")
    con.close()
    return path


@pytest.mark.parametrize("make", [lambda tmp, fx: _truncated(tmp, fx, 1_000_000), _store_without_version,
                                  _store_without_tables], ids=["truncated", "old_version", "foreign"])
def test_a_refused_store_is_closed_again(tmp_path, fixture_path, make):
    path = make(tmp_path, fixture_path)
    with pytest.raises(store.StoreError) as refused:
        store.open_store(path)
    # DuckDB refuses a read-write connection to a file this process still holds read-only (the
    # exception kept alive keeps open_store's frame, and a connection it forgot to close, alive)
    duckdb.connect(str(path)).close()
    assert refused.value.__traceback__ is not None


def test_a_store_from_before_the_status_history_is_refused_then_upgraded_with_an_empty_history(tmp_path,
                                                                                                 fixture_path):
    import datetime as dt
    import shutil

    old = tmp_path / "v5.duckdb"
    shutil.copy(fixture_path, old)
    con = duckdb.connect(str(old))
    con.execute("drop table target_status_history")
    con.execute("update store_info set value = '5' where key = 'schema_version'")
    con.close()
    with pytest.raises(store.StoreError, match="结构版本为 5.*make upgrade-store"):
        store.open_store(old)
    store.upgrade(old)
    con = store.open_store(old)
    try:
        assert con.execute("select count(*) from target_status_history").fetchone() == (0,)
        # no history: a target reads with its stored status at every date
        got = store.run(con, "company_profile", company_id="c5", as_of=dt.date(2023, 12, 31), scope="city",
                        scope_id=None)
        assert (got["status"].iloc[0], got["last_contact_date"].iloc[0].date()) == ("negotiating", dt.date(2023, 10, 15))
    finally:
        con.close()


def test_upgrade_builds_the_status_spans_of_a_store_from_before_them(tmp_path, asof_path):
    # a store with target_status_history but no target_status_spans (schema version 15): targets_at
    # reads the spans, so the upgrade derives them from the history already there
    import datetime as dt

    from fixture import copy_store

    old = copy_store(asof_path, tmp_path / "v15.duckdb", "drop table target_status_spans",
                     "update store_info set value = '15' where key = 'schema_version'")
    store.upgrade(old)
    con = store.open_store(old)
    try:
        got = store.run(con, "company_profile", company_id="c3", as_of=dt.date(2023, 12, 31), scope="city",
                        scope_id=None)
        assert (got["status"].iloc[0], got["last_contact_date"].iloc[0].date()) == ("contacted", dt.date(2023, 6, 1))
        # 10 spans of the history, and one for each of the 2 targets without history rows
        assert con.execute("select count(*) from target_status_spans").fetchone() == (12,)
    finally:
        con.close()


def test_upgrade_gives_the_status_spans_of_an_older_store_their_new_columns(tmp_path, asof_path):
    # schema version 17 kept the spans alone (5 columns, targets without history left out); the
    # upgrade drops the derived table and makes it again, with the target's and company's columns
    from fixture import copy_store
    from zsgt import checks

    old = copy_store(asof_path, tmp_path / "v17.duckdb", "drop table target_status_spans",
                     "create table target_status_spans (company_id varchar not null, status varchar not null, "
                     "since_date date, until_date date, contact_date date)",
                     "insert into target_status_spans select company_id, status, since_date, until_date, contact_date "
                     "from target_status_spans_of() where since_date is not null or until_date is not null",
                     "update store_info set value = '17' where key = 'schema_version'")
    store.upgrade(old)
    con = store.open_store(old)
    try:
        check = next(c for c in checks.CHECKS if c.id == "target_status_history.spans_current")
        assert checks.run_check(con, check).failing == 0
        # one first span per target (5), with its company's node (3 of the 5 sit on a node)
        assert con.execute("select count(*), count(node_id) from target_status_spans where since_date is null"
                           ).fetchone() == (5, 3)
    finally:
        con.close()
