"""The demo store reproduces the published 2023 figures exactly, and the generator is deterministic."""

import hashlib
import sys
from pathlib import Path

import duckdb
import pytest

from helpers import one
from zsgt.store import REQUIRED_TABLES, run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data"))
import generate_demo  # noqa: E402

Y = {"quarter": None, "as_of": None, "scope": "city", "scope_id": None}
TABLES = (*REQUIRED_TABLES, "target_status_history")  # the generator also writes the optional history


def test_2023_new_signed_projects_is_60(demo_con):
    assert one(run(demo_con, "new_signed_projects", year=2023, **Y))["value"] == 60


def test_2023_signed_amount_is_473_95_yi_up_102_95_percent(demo_con):
    got = one(run(demo_con, "signed_amount", year=2023, **Y))
    assert (got["value"], got["value_prev"]) == (4_739_500.00, 2_335_300.00)
    assert round(got["yoy"] * 100, 2) == 102.95


def test_2023_funds_arrived_is_176_56_yi_up_43_25_percent(demo_con):
    got = one(run(demo_con, "funds_arrived", year=2023, **Y))
    assert (got["value"], got["value_prev"]) == (1_765_600.00, 1_232_500.00)
    assert round(got["yoy"] * 100, 2) == 43.25


def test_2023_visits_are_162_with_the_published_split(demo_con):
    got = one(run(demo_con, "visits", year=2023, **Y))
    assert (got["value"], got["inbound"], got["outbound"]) == (162, 85, 77)
    assert (got["outbound_principal"], got["outbound_city_leader"]) == (21, 44)


def test_the_running_year_is_compared_with_the_same_months_a_year_earlier(demo_con):
    import datetime as dt

    to_date = one(run(demo_con, "signed_amount", year=2026, quarter=None, as_of=dt.date(2026, 9, 30),
                      scope="city", scope_id=None))
    first_three_quarters_2025 = sum(
        one(run(demo_con, "signed_amount", year=2025, **{**Y, "quarter": q}))["value"] for q in (1, 2, 3))
    assert to_date["value_prev"] == round(first_three_quarters_2025, 2)


def test_the_cockpit_trend_agrees_with_the_tiles_mid_year(demo_con):
    import datetime as dt

    args = dict(year=2023, quarter=None, as_of=dt.date(2023, 11, 15), scope="city", scope_id=None)
    trend = run(demo_con, "quarterly_trend", **args)
    year = trend[trend["year"] == 2023]
    assert round(year["signed_amount_wan"].astype(float).sum(), 2) == one(run(demo_con, "signed_amount", **args))["value"]
    assert round(year["funds_arrived_wan"].astype(float).sum(), 2) == one(run(demo_con, "funds_arrived", **args))["value"]


def test_demo_store_has_the_eight_chains(demo_con):
    chains = run(demo_con, "chains", scope="city", scope_id=None)
    assert list(chains["name_zh"]) == ["钢", "铝", "核", "新能源", "商贸物流", "文旅融合创新", "现代农业", "新质生产力和未来产业"]


def test_demo_store_sizes(demo_con):
    def count(table):
        return demo_con.execute(f"select count(*) from {table}").fetchall()[0][0]

    assert 250 <= count("projects") <= 400
    assert count("companies") == 2000
    assert count("target_companies") >= 1000
    per_chain = demo_con.execute("select count(*) from chain_nodes group by chain_id").fetchall()
    assert all(6 <= n <= 12 for (n,) in per_chain)


def test_demo_store_names_the_articles_projects(demo_con):
    names = {n for (n,) in demo_con.execute("select name_zh from projects").fetchall()}
    for name in ["宁夏舍光储能电站项目", "索通低碳产业园项目", "浙江和利氢能装备项目", "顺恒智慧冷链物流园"]:
        assert name in names


def test_demo_store_covers_2021_q1_to_2026_q3(demo_con):
    periods = run(demo_con, "available_periods")
    assert (2021, 1) in set(map(tuple, periods.values.tolist()))
    assert tuple(periods.iloc[-1]) == (2026, 3)


def test_demo_store_has_overdue_tasks_on_both_lists(demo_con):
    got = run(demo_con, "overdue_tasks", year=2026, quarter=3, as_of=None, scope="city", scope_id=None)
    assert set(got["list"]) == {"blue", "red"}
    assert (got["open_overdue"] > 0).all()


def _table_digests(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            data = con.execute(f"select * from {table} order by all").fetchall()
            out[table] = hashlib.sha256(repr(data).encode()).hexdigest()
        return out
    finally:
        con.close()


def test_two_generator_runs_give_identical_tables(tmp_path, demo_path):
    again = generate_demo.build(tmp_path / "again.duckdb")
    assert _table_digests(again) == _table_digests(demo_path)


def test_another_seed_gives_other_data_but_the_same_published_figures(tmp_path):
    other = generate_demo.build(tmp_path / "other.duckdb", seed=7)
    con = duckdb.connect(str(other), read_only=True)
    try:
        assert one(run(con, "signed_amount", year=2023, **Y))["value"] == 4_739_500.00
        assert one(run(con, "funds_arrived", year=2023, **Y))["value"] == 1_765_600.00
    finally:
        con.close()
    assert _table_digests(other)["projects"] != _table_digests(generate_demo.build(tmp_path / "d.duckdb"))["projects"]


@pytest.mark.parametrize("table", TABLES)
def test_demo_store_fills_every_table(demo_con, table):
    assert demo_con.execute(f"select count(*) from {table}").fetchall()[0][0] > 0


def test_demo_target_history_ends_in_each_targets_stored_status_and_last_contact(demo_con):
    # every target contacted at all has a history; its latest change is its status and last contact
    got = demo_con.execute("""
        select count(*) filter (h.company_id is null and t.status != 'not_contacted'),
               count(*) filter (h.status_now != t.status or h.last_change != t.last_contact_date),
               count(*) filter (h.company_id is not null)
        from target_companies as t
        left join (select company_id, arg_max(status, since_date) as status_now, max(since_date) as last_change
                   from target_status_history group by company_id) as h on h.company_id = t.company_id
    """).fetchone()
    assert got[:2] == (0, 0) and got[2] > 500


def test_demo_targets_move_through_their_statuses_over_the_years(demo_con):
    # read at 2023-12-31, fewer targets were signed and more not yet contacted than now
    import datetime as dt

    def counts(d):
        return dict(demo_con.execute("select status, count(*) from targets_at(?::date) group by status",
                                     [d]).fetchall())

    then, now = counts(dt.date(2023, 12, 31)), counts(generate_demo.DATA_END)
    assert then["signed"] < now["signed"] and then["not_contacted"] > now["not_contacted"]
    assert sum(then.values()) == sum(now.values())
