"""The tiers' generator (data/generate_tiers.py) on a tiny tier: deterministic, in proportion to the
city, and passing every data check. The province and national stores are built by `make bench-store`,
never here."""

import sys
from pathlib import Path

import duckdb
import pytest

from zsgt import checks, store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data"))
import generate_tiers  # noqa: E402

TINY = generate_tiers.Tier(copies=3, companies=6_000)
TABLES = ("companies", "target_companies", "target_status_history", "projects", "project_quarters",
          "tasks", "fund_investments", "activities", "funds", "targets", "store_info")


def count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return generate_tiers.build(tmp_path_factory.mktemp("tiers") / "tiny.duckdb", TINY)


@pytest.fixture(scope="module")
def tiny_con(tiny):
    c = store.open_store(tiny)
    yield c
    c.close()


def test_the_same_seed_gives_the_same_tables(tiny, tmp_path):
    again = generate_tiers.build(tmp_path / "again.duckdb", TINY)
    a, b = duckdb.connect(str(tiny), read_only=True), duckdb.connect(str(again), read_only=True)
    for table in TABLES:
        assert a.sql(f"select * from {table} order by all").fetchall() == \
            b.sql(f"select * from {table} order by all").fetchall(), table
    a.close()
    b.close()


def test_the_city_tier_is_the_demo_store(demo_con, tmp_path):
    city = duckdb.connect(str(generate_tiers.build(tmp_path / "city.duckdb", "city")), read_only=True)
    # a cursor of its own: the session's shared connection may hold another test's unfinished result,
    # which DuckDB 2.0 lets no other statement on that connection pass (seen in a full run)
    demo = demo_con.cursor()
    for table in TABLES:
        assert city.sql(f"select * from {table} order by all").fetchall() == \
            demo.sql(f"select * from {table} order by all").fetchall(), table
    demo.close()
    city.close()


def test_a_tier_holds_the_city_times_its_copies_and_its_companies(tiny_con, demo_con):
    for table in ("projects", "project_quarters", "tasks", "fund_investments", "activities"):
        assert count(tiny_con, table) == TINY.copies * count(demo_con, table), table
    assert count(tiny_con, "companies") == TINY.companies
    targets = tiny_con.execute(
        "select count(t.company_id) / count(*) from companies as c left join target_companies as t "
        "using (company_id) where c.company_id > 'C0002000' and not c.is_local").fetchall()[0][0]
    assert 0.57 < targets < 0.67
    # amounts scale by a factor in [0.5, 1.5] per replicated project: the tier's total is about copies × the city's
    ratio = (tiny_con.execute("select sum(contract_amount_wan) from projects").fetchall()[0][0]
             / demo_con.execute("select sum(contract_amount_wan) from projects").fetchall()[0][0])
    assert 2.6 < ratio < 3.4
    # a fund's invested amount is what fund_investments says it invested
    assert tiny_con.execute("select count(*) from funds as f where invested_wan != (select coalesce(sum(amount_wan), 0) "
                            "from fund_investments as fi where fi.fund_id = f.fund_id)").fetchall()[0][0] == 0
    assert dict(tiny_con.execute("select key, value from store_info where key in ('tier', 'copies')").fetchall()) \
        == {"tier": "custom", "copies": "3"}


def test_generated_companies_have_unique_names_pinyin_and_their_chains_nodes(tiny_con):
    names, distinct, no_pinyin = tiny_con.execute(
        "select count(*), count(distinct name_zh), count(*) filter (name_pinyin is null or name_initials is null) "
        "from companies").fetchall()[0]
    assert (distinct, no_pinyin) == (names, 0)
    wrong_node = tiny_con.execute(
        "select count(*) from companies as c join chain_nodes as n using (node_id) "
        "where n.chain_id != c.chain_id").fetchall()[0][0]
    assert wrong_node == 0


def test_a_tier_passes_every_data_check(tiny_con):
    failing = [(r.check, r.failing) for r in checks.run_checks(tiny_con) if r.failing]
    assert failing == []


def test_a_tier_store_opens_in_the_dashboard_saying_what_it_is(tiny, monkeypatch, clear_streamlit_caches):
    from helpers import render

    at = render(ROOT / "pages" / "cockpit.py", tiny, monkeypatch, period="2023")
    assert not at.exception and not at.error
    banner = " ".join(c.value for c in at.caption)
    assert "示例城市的项目 × 3" in banner and "2023 年数字与公开报道一致" not in banner
