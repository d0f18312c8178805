"""The data checks (zsgt/checks.py): the clean fixture passes them all; the broken fixture store
(tests/broken_store.sql, one fault per check) fails each on exactly its seeded row; the schema's own
constraints refuse the worst faults; `python -m zsgt.checks` exits as `make check-store` needs."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from fixture import ROOT, write_broken_fixture
from zsgt import checks, store

# check -> the key of the one row tests/broken_store.sql breaks for it
SEEDED = {
    "departments.unique_key": ("d1",),
    "chains.unique_key": ("aluminium",),
    "chain_nodes.unique_key": ("al_foil",),
    "chain_links.unique_key": ("ne_pv", "ne_grid"),
    "parks.unique_key": ("jiaxi",),
    "companies.unique_key": ("c1",),
    "target_companies.unique_key": ("c7",),
    "funds.unique_key": ("special",),
    "projects.unique_key": ("p6",),
    "project_quarters.unique_key": ("p1", 2022, 2),
    "targets.unique_key": (2023, None, "city", None, "signed_amount"),
    "tasks.unique_key": ("t3",),
    "fund_investments.unique_key": ("f1", "p2"),
    "resources.unique_key": ("water",),
    "resource_uses.unique_key": ("water", "steel", None),
    "opportunities.unique_key": ("o1",),
    "activities.unique_key": ("a5",),
    "departments.required": ("d2",),
    "chains.required": ("new_energy",),
    "chain_nodes.required": ("ne_grid",),
    "chain_links.required": (None, "steel_ore"),
    "parks.required": ("jiabei",),
    "companies.required": ("c6",),
    "target_companies.required": ("c6",),
    "funds.required": ("f1",),
    "projects.required": ("x07",),
    "project_quarters.required": ("p3", 2023, 2),
    "targets.required": (2024, None, "city", None, "signed_amount"),
    "tasks.required": ("tx6",),
    "fund_investments.required": ("special", "p3"),
    "resources.required": ("slag",),
    "resource_uses.required": (None, "steel", "steel_ore"),
    "opportunities.required": ("o3",),
    "activities.required": ("ax1",),
    "chain_nodes.segment_accepted": ("steel_ore",),
    "companies.ownership_accepted": ("c2",),
    "companies.size_accepted": ("c3",),
    "target_companies.priority_accepted": ("c4",),
    "target_companies.status_accepted": ("c5",),
    "funds.kind_accepted": ("f1",),
    "projects.stage_accepted": ("x08",),
    "project_quarters.quarter_accepted": ("p4", 2024, 5),
    "targets.scope_accepted": (2023, None, "province", "gansu", "funds_arrived"),
    "targets.quarter_accepted": (2024, 5, "city", None, "funds_arrived"),
    "targets.metric_accepted": (2024, None, "city", None, "profit"),
    "tasks.list_accepted": ("tx5",),
    "resources.kind_accepted": ("solar",),
    "activities.direction_accepted": ("a1",),
    "activities.leader_level_accepted": ("a2",),
    "chains.lead_department_id_exists": ("steel",),
    "chain_nodes.chain_id_exists": ("steel_ore",),
    "chain_links.from_node_id_exists": ("nowhere", "ne_grid"),
    "chain_links.to_node_id_exists": ("ne_pv", "nowhere"),
    "companies.chain_id_exists": ("c6",),
    "companies.node_id_exists": ("c4",),
    "target_companies.company_id_exists": ("c99",),
    "target_companies.owner_department_id_exists": ("c3",),
    "projects.company_id_exists": ("x01",),
    "projects.chain_id_exists": ("x02",),
    "projects.node_id_exists": ("x03",),
    "projects.department_id_exists": ("x04",),
    "projects.park_id_exists": ("x05",),
    "projects.fund_id_exists": ("x06",),
    "project_quarters.project_id_exists": ("x99", 2023, 1),
    "tasks.project_id_exists": ("tx1",),
    "tasks.department_id_exists": ("tx2",),
    "fund_investments.fund_id_exists": ("nofund", "p3"),
    "fund_investments.project_id_exists": ("f1", "x99"),
    "resources.park_id_exists": ("land_jiabei",),
    "resource_uses.resource_id_exists": ("nores", "steel", None),
    "resource_uses.chain_id_exists": ("slag", "copper", None),
    "resource_uses.node_id_exists": ("slag", "steel", "nowhere"),
    "opportunities.chain_id_exists": ("ox1",),
    "opportunities.node_id_exists": ("ox2",),
    "opportunities.park_id_exists": ("ox3",),
    "opportunities.resource_id_exists": ("ox4",),
    "activities.department_id_exists": ("ax2",),
    "activities.chain_id_exists": ("ax3",),
    "targets.scope_id_exists": (2023, None, "chain", "copper", "signed_amount"),
    "projects.node_in_chain": ("x09",),
    "projects.signed_has_contract_amount": ("x10",),
    "projects.signed_stage_has_signed_date": ("x11",),
    "projects.started_has_start_date": ("x12",),
    "projects.operational_has_date": ("x13",),
    "projects.contract_amount_not_negative": ("x14",),
    "projects.signed_date_before_actual_start_date": ("x15",),
    "projects.actual_start_date_before_operational_date": ("x16",),
    "projects.signed_date_before_planned_start_date": ("x17",),
    "projects.fund_id_has_investment": ("x18",),
    "fund_investments.amount_positive": ("f1", "p4"),
    "projects.arrivals_within_contract": ("x19",),
    "projects.chain_signed_amount_swing": ("aluminium", 2024),
    "project_quarters.arrivals_after_signing": ("x20", 2023, 1),
    "project_quarters.funds_not_negative": ("p3", 2023, 4),
    "tasks.opened_date_before_due_date": ("tx3",),
    "tasks.opened_date_before_closed_date": ("tx4",),
    "target_status_history.spans_current": ("c4", 3),  # a first change, not rebuilt: its two spans and the one it ends
}


@pytest.fixture(scope="module")
def broken_path(tmp_path_factory):
    return write_broken_fixture(tmp_path_factory.mktemp("broken") / "broken.duckdb")


@pytest.fixture(scope="module")
def broken_results(broken_path):
    con = store.open_store(broken_path)
    try:
        return {r.check: r for r in checks.run_checks(con)}
    finally:
        con.close()


def _key(result: checks.CheckResult) -> tuple:
    # the table's key columns; a rule over groups of rows (a chain's year) names its group instead
    cols = [c for c in checks.KEYS.get(result.table, ()) if c in result.rows.columns] or list(result.rows.columns[:2])
    return tuple(None if pd.isna(v) else (v if isinstance(v, str) else int(v)) for v in result.rows[cols].iloc[0])


def test_check_ids_are_unique():
    ids = [c.id for c in checks.CHECKS]
    assert len(ids) == len(set(ids))


def test_clean_fixture_passes_every_check(con):
    failing = {r.check: r.failing for r in checks.run_checks(con) if r.failing}
    assert failing == {}


def test_broken_fixture_seeds_one_fault_per_check(broken_results):
    assert set(broken_results) == set(SEEDED) == {c.id for c in checks.CHECKS}


@pytest.mark.parametrize("check_id", sorted(SEEDED))
def test_broken_fixture_fails_the_check_on_its_seeded_row(broken_results, check_id):
    result = broken_results[check_id]
    assert result.failing == 1, result.rows
    assert len(result.rows) == 1
    assert _key(result) == SEEDED[check_id]
    assert result.message_zh and result.message_en and result.severity in ("error", "warning")


def test_signed_project_without_contract_amount_lists_what_is_missing(broken_results):
    rows = broken_results["projects.signed_has_contract_amount"].rows
    assert rows[["project_id", "stage", "signed_date"]].astype(str).values.tolist() == [
        ["x10", "signed", "2023-06-01"]]
    assert rows["contract_amount_wan"].isna().all()
    assert broken_results["projects.required"].rows["missing"].tolist() == ["name_zh"]


def test_arrivals_above_the_contract_are_a_warning_with_their_share(broken_results):
    result = broken_results["projects.arrivals_within_contract"]
    assert result.severity == "warning"
    assert result.rows[["project_id", "arrived_wan", "arrived_pct"]].values.tolist() == [["x19", 500, 500]]


def test_run_checks_keeps_to_the_tables_asked_for(broken_path):
    con = store.open_store(broken_path)
    try:
        results = checks.run_checks(con, tables=["targets"])
    finally:
        con.close()
    assert {r.table for r in results} == {"targets"}
    assert [r.check for r in results if r.failing] == [
        "targets.unique_key", "targets.required", "targets.scope_accepted", "targets.quarter_accepted",
        "targets.metric_accepted", "targets.scope_id_exists"]


def test_failing_rows_are_capped_but_counted_in_full():
    con = duckdb.connect()
    con.execute("create table departments (department_id varchar, name_zh varchar, name_en varchar)")
    con.execute("insert into departments select 'd' || i, '部门', null from range(150) as r(i)")
    [result] = [r for r in checks.run_checks(con, tables=["departments"]) if r.failing]
    assert (result.check, result.failing, len(result.rows)) == ("departments.required", 150, 100)
    assert result.rows["department_id"].iloc[0] == "d0"


def test_a_check_that_cannot_run_says_why():
    con = duckdb.connect()
    con.execute("create table departments (department_id varchar, name_zh varchar)")  # no name_en
    results = {r.check: r for r in checks.run_checks(con, tables=["departments"])}
    required = results["departments.required"]
    assert (required.severity, required.failing) == ("error", 1)
    assert "无法运行这项检查" in required.message_zh and "name_en" in required.rows["error"].iloc[0]
    assert results["departments.unique_key"].failing == 0


# -- the schema refuses the worst faults itself -----------------------------------------------------
@pytest.fixture
def schema_con():
    con = duckdb.connect()
    con.execute((ROOT / "data" / "schema.sql").read_text(encoding="utf-8"))
    con.execute("insert into departments values ('d1', '局', 'Bureau')")
    con.execute("insert into chains values ('steel', '钢', 'Steel', 'd1', 1, null, null)")
    con.execute("insert into companies (company_id, name_zh, province, city, ownership, size, is_local) "
                "values ('c1', '公司', '甘肃', '嘉峪关', 'private', 'large', true)")
    yield con
    con.close()


def test_schema_refuses_a_signed_project_without_contract_amount(schema_con):
    insert = ("insert into projects (project_id, name_zh, company_id, chain_id, department_id, stage, "
              "signed_date, contract_amount_wan) values (?, '项目', 'c1', 'steel', 'd1', 'signed', '2023-06-01', ?)")
    schema_con.execute(insert, ["ok", 100])
    with pytest.raises(duckdb.ConstraintException):
        schema_con.execute(insert, ["bad", None])


@pytest.mark.parametrize("quarter, scope, scope_id", [(None, "city", None), (3, "city", None),
                                                       (None, "chain", "steel"), (2, "chain", "steel")])
def test_schema_refuses_a_second_target_for_one_period_scope_and_metric(schema_con, quarter, scope, scope_id):
    insert = "insert into targets values (2023, ?, ?, ?, 'signed_amount', ?)"
    schema_con.execute(insert, [quarter, scope, scope_id, 100])
    schema_con.execute(insert, [4 if quarter is None else None, scope, scope_id, 100])  # another period: fine
    with pytest.raises(duckdb.ConstraintException):
        schema_con.execute(insert, [quarter, scope, scope_id, 200])


# -- the command line: `make check-store` ---------------------------------------------------------
def _cli(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zsgt.checks", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_passes_the_clean_fixture(fixture_path):
    done = _cli(fixture_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(checks.CHECKS)} checks: 0 error checks failing, 0 warning checks failing" in done.stdout


def test_cli_fails_the_broken_fixture_and_lists_each_fault(broken_path):
    done = _cli(broken_path)
    errors = sum(c.severity == "error" for c in checks.CHECKS)
    assert done.returncode == 1
    assert f"{errors} error checks failing, {len(checks.CHECKS) - errors} warning checks failing" in done.stdout
    assert "[error] projects.signed_has_contract_amount: 1 行" in done.stdout


def test_cli_explains_a_missing_store_in_chinese(tmp_path):
    done = _cli(tmp_path / "nothing.duckdb")
    assert done.returncode == 2
    assert "找不到数据库文件" in done.stderr and "Traceback" not in done.stderr


def test_demo_store_passes_every_check(demo_con):
    # warnings too: no project's arrivals above 120 % of its contract, no chain's signed amount
    # swinging more than 5 times from one year to the next
    failing = {r.check: r.failing for r in checks.run_checks(demo_con) if r.failing}
    assert failing == {}


def test_a_chains_swing_lists_both_years(broken_results):
    rows = broken_results["projects.chain_signed_amount_swing"].rows
    assert rows.astype(float, errors="ignore").values.tolist() == [["aluminium", 2024, 10000, 100, 9900]]


def test_checks_the_schema_enforces_are_not_queried_again(con):
    # the fixture store was built from data/schema.sql: its keys, foreign keys and NOT NULLs hold by
    # construction, so run_checks skips those queries (a million-company store: 5.5 s → see
    # bench/bench_checks.py); the targets key (an index), the accepted values and the row rules run
    enforced = checks.enforced_constraints(con)
    skipped = {c.id for c in checks.CHECKS if c.enforced_by and c.enforced_by <= enforced}
    assert {"companies.unique_key", "projects.required", "projects.company_id_exists",
            "chain_links.to_node_id_exists"} <= skipped
    assert not skipped & {"targets.unique_key", "resource_uses.unique_key",
                          "projects.stage_accepted", "projects.signed_has_contract_amount"}
    assert len(skipped) == 61
    # and skipping is sound: each skipped check's own query finds nothing on the store either
    assert {c.id: checks.run_check(con, c).failing for c in checks.CHECKS if c.id in skipped} == dict.fromkeys(skipped, 0)


def test_a_store_without_constraints_has_every_check_queried(broken_path):
    con = store.open_store(broken_path)
    try:
        assert checks.enforced_constraints(con) == set()
    finally:
        con.close()


@pytest.mark.parametrize("change, company", [
    ("update target_companies set priority = 'c' where company_id = 'c3'", "c3"),
    ("update target_companies set status = 'visited' where company_id = 'c4'", "c4"),
    ("update target_companies set owner_department_id = 'd1' where company_id = 'c5'", "c5"),
    ("update target_companies set last_contact_date = '2023-07-01' where company_id = 'c3'", "c3"),
    ("update companies set node_id = 'steel_ore' where company_id = 'c4'", "c4"),
    ("update companies set name_pinyin = 'xx' where company_id = 'c5'", "c5"),
])
def test_status_spans_not_rebuilt_after_a_target_or_company_change_fail_the_check(tmp_path, fixture_path,
                                                                                   change, company):
    # target_status_spans carries the target's and the company's columns: a change to them written
    # without refresh_derived is seen, and refresh_derived makes it right again
    from fixture import _copy_without_constraints

    # without keys: DuckDB refuses to update a company that other tables reference
    c = _copy_without_constraints(fixture_path, tmp_path / "stale.duckdb")
    check = next(c for c in checks.CHECKS if c.id == "target_status_history.spans_current")
    try:
        assert checks.run_check(c, check).failing == 0
        c.execute(change)
        stale = checks.run_check(c, check)
        assert list(stale.rows["company_id"]) == [company]
        store.refresh_derived(c)
        assert checks.run_check(c, check).failing == 0
    finally:
        c.close()
