"""Declarative data checks on a store, kept in one place (the way dbt tests work).

Each check is one small declaration — unique, required, accepted values, relationships, date order,
or a row rule — that compiles to one SQL query listing the failing rows (the table's key columns
first). `run_checks` runs them on a connection and returns one `CheckResult` per check; `make
check-store` (`python -m zsgt.checks [PATH]`), the 数据质量 page, the page chrome's badge and the
import all use the same list, CHECKS.

Checks read only the contract's columns (../shared/docs/data-model.md), so they run on any store
built to it. Severity "error": a figure would be wrong or a page would fail; "warning": the data is
implausible and someone should look.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from . import store

ROW_LIMIT = 100

# -- what the checks are about --------------------------------------------------------------------
# each table's key (the columns that name a row, shown first in failing rows)
KEYS: dict[str, tuple[str, ...]] = {
    "departments": ("department_id",),
    "chains": ("chain_id",),
    "chain_nodes": ("node_id",),
    "chain_links": ("from_node_id", "to_node_id"),
    "parks": ("park_id",),
    "companies": ("company_id",),
    "target_companies": ("company_id",),
    "funds": ("fund_id",),
    "projects": ("project_id",),
    "project_quarters": ("project_id", "year", "quarter"),
    "targets": ("year", "quarter", "scope", "scope_id", "metric"),
    "tasks": ("task_id",),
    "fund_investments": ("fund_id", "project_id"),
    "resources": ("resource_id",),
    "resource_uses": ("resource_id", "chain_id", "node_id"),
    "opportunities": ("opportunity_id",),
    "activities": ("activity_id",),
}

# the contract's required columns (not marked "null" in the data model), besides the key
REQUIRED: dict[str, tuple[str, ...]] = {
    "departments": ("name_zh", "name_en"),
    "chains": ("name_zh", "name_en", "lead_department_id", "sort_order"),
    "chain_nodes": ("chain_id", "segment", "name_zh", "name_en"),
    "parks": ("name_zh", "name_en", "lon", "lat"),
    "companies": ("name_zh", "province", "city", "ownership", "size", "is_local"),
    "target_companies": ("priority", "status", "owner_department_id"),
    "funds": ("name_zh", "kind", "size_wan", "invested_wan"),
    "projects": ("name_zh", "company_id", "chain_id", "department_id", "stage"),
    "project_quarters": ("funds_arrived_wan",),
    "targets": ("value",),
    "tasks": ("project_id", "list", "title", "department_id", "opened_date", "due_date"),
    "fund_investments": ("amount_wan", "invested_date"),
    "resources": ("name_zh", "kind", "quantity", "unit"),
    "resource_uses": (),
    "chain_links": (),
    "opportunities": ("name_zh", "chain_id", "investment_wan"),
    "activities": ("activity_date", "direction", "leader_level", "department_id"),
}
# key columns that may be null (targets: a whole-year target has no quarter, a city target no scope_id)
NULLABLE_KEYS = {("targets", "quarter"), ("targets", "scope_id"), ("resource_uses", "node_id")}

SIGNED_STAGES = ("signed", "procedures", "started", "operational")
# the target metrics the dashboard reads (queries/amount_targets.sql, queries/rate_targets.sql)
TARGET_METRICS = ("signed_amount", "funds_arrived", "new_signed_projects", "visits", "contract_to_start_rate",
                  "fund_arrival_rate")
# total arrivals above this share of the contract amount are implausible (a typo in 万元 vs 元, a
# project's arrivals booked twice)
ARRIVALS_MAX_SHARE = 1.2
# a chain's signed amount more than this many times (or less than 1/this) the year before's is implausible
SWING = 5


@dataclass(frozen=True)
class Check:
    """One declaration: `sql` selects the failing rows of `table`, key columns first."""
    id: str
    table: str
    severity: str
    message_zh: str
    message_en: str
    sql: str
    # constraints that, when the store's schema declares them all, make the check hold by construction
    # (DuckDB enforces keys, foreign keys and NOT NULL on every write): run_checks then skips its query
    enforced_by: frozenset[tuple] = frozenset()


@dataclass(frozen=True)
class CheckResult:
    check: str        # stable id, e.g. "projects.signed_has_contract_amount"
    table: str
    severity: str     # "error" or "warning"
    message_zh: str   # what is wrong and what to write instead, in Chinese
    message_en: str
    failing: int      # how many rows fail
    rows: pd.DataFrame  # up to 100 failing rows (with the table's key columns)


def _cols(cols: Iterable[str], alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{c}" for c in cols)


def _keys_and(table: str, *extra: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*KEYS[table], *extra)))


# -- the builders: each returns one Check ---------------------------------------------------------
def unique(table: str) -> Check:
    key = KEYS[table]
    return Check(
        f"{table}.unique_key", table, "error",
        f"{table} 表中（{'、'.join(key)}）重复：同一键只能有一行，否则取值不确定。请删除或合并重复的行。",
        f"{table}: ({', '.join(key)}) repeats; a key must name one row, or which one counts is arbitrary. "
        "Delete or merge the duplicate rows.",
        f"select {_cols(key)}, count(*) as rows_with_key from {table} group by all having count(*) > 1",
        frozenset({(table, "KEY", key)}))


def required(table: str) -> Check:
    cols = tuple(c for c in (*KEYS[table], *REQUIRED[table]) if (table, c) not in NULLABLE_KEYS)
    missing = " || ".join(f"case when {c} is null then '{c} ' else '' end" for c in cols)
    return Check(
        f"{table}.required", table, "error",
        f"{table} 表的必填列为空：{'、'.join(cols)} 都必须填写（见数据模型）。请补齐“missing”列所列的值。",
        f"{table}: a required column is empty; {', '.join(cols)} must all be filled (see the data model). "
        "Fill in the columns listed under “missing”.",
        f"select {_cols(_keys_and(table))}, trim({missing}) as missing from {table} "
        f"where {' or '.join(f'{c} is null' for c in cols)}",
        frozenset((table, "NOT NULL", (c,)) for c in cols))


def accepted_values(table: str, column: str, values: Iterable, *, severity: str = "error",
                    why_zh: str = "", why_en: str = "") -> Check:
    values = tuple(values)
    shown = ", ".join(map(str, values))
    literal = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values)
    return Check(
        f"{table}.{column}_accepted", table, severity,
        f"{table}.{column} 的取值不在允许范围内{why_zh}。只能填写：{shown}。",
        f"{table}.{column} holds a value outside the accepted set{why_en}. Write one of: {shown}.",
        f"select {_cols(_keys_and(table, column))} from {table} "
        f"where {column} is not null and {column} not in ({literal})")


def relationship(table: str, column: str, to_table: str, to_column: str | None = None) -> Check:
    to_column = to_column or column
    return Check(
        f"{table}.{column}_exists", table, "error",
        f"{table}.{column} 指向的 {to_table}.{to_column} 不存在：这些行在按{to_table}汇总时会丢失。"
        f"请改为 {to_table} 表中已有的值，或先在 {to_table} 表中补上该行。",
        f"{table}.{column} points to a {to_table}.{to_column} that does not exist, so these rows drop out "
        f"of anything grouped by {to_table}. Use a value that {to_table} has, or add the row there first.",
        f"select {_cols(_keys_and(table, column), 'x')} from {table} as x "
        f"where x.{column} is not null "
        f"and not exists (select 1 from {to_table} as y where y.{to_column} = x.{column})",
        frozenset({(table, "FOREIGN KEY", (column,), to_table, (to_column,))}))


def date_order(table: str, earlier: str, later: str, *, severity: str = "error") -> Check:
    return Check(
        f"{table}.{earlier}_before_{later}", table, severity,
        f"{table} 中 {later} 早于 {earlier}：日期先后颠倒，按日期算的阶段和天数会出错。请核对并改正其中一个日期。",
        f"{table}: {later} is before {earlier}; with the dates out of order, stages and days computed "
        "from them are wrong. Check and correct one of the dates.",
        f"select {_cols(_keys_and(table, earlier, later))} from {table} where {later} < {earlier}")


def row_rule(check_id: str, table: str, failing_where: str, columns: Iterable[str], message_zh: str,
             message_en: str, *, severity: str = "error") -> Check:
    """Rows of `table` for which `failing_where` holds fail (dbt's expression_is_true, negated)."""
    return Check(f"{table}.{check_id}", table, severity, message_zh, message_en,
                 f"select {_cols(_keys_and(table, *columns))} from {table} where {failing_where}")


def query_rule(check_id: str, table: str, sql: str, message_zh: str, message_en: str, *,
               severity: str = "error") -> Check:
    """A rule over several tables: `sql` selects the failing rows of `table` (key columns first)."""
    return Check(f"{table}.{check_id}", table, severity, message_zh, message_en, sql)


# -- the checks -----------------------------------------------------------------------------------
_SIGNED = ", ".join(f"'{s}'" for s in SIGNED_STAGES)

CHECKS: tuple[Check, ...] = (
    *(unique(t) for t in KEYS),
    *(required(t) for t in KEYS),
    # enumerations (lowercase English codes; the UI translates them)
    accepted_values("chain_nodes", "segment", ("upstream", "midstream", "downstream")),
    accepted_values("companies", "ownership", ("central_soe", "local_soe", "private", "foreign", "other")),
    accepted_values("companies", "size", ("large", "medium", "small", "micro")),
    accepted_values("target_companies", "priority", ("a", "b", "c")),
    accepted_values("target_companies", "status",
                    ("not_contacted", "contacted", "visited", "negotiating", "signed", "dropped")),
    accepted_values("funds", "kind", ("guidance", "industry", "special", "venture")),
    accepted_values("projects", "stage", ("lead", "negotiating", *SIGNED_STAGES, "stalled", "cancelled")),
    accepted_values("project_quarters", "quarter", (1, 2, 3, 4)),
    accepted_values("targets", "scope", ("city", "chain", "department")),
    accepted_values("targets", "quarter", (1, 2, 3, 4)),
    accepted_values("targets", "metric", TARGET_METRICS, severity="warning",
                    why_zh="（看板不读取其他指标的目标，这一行不会显示）",
                    why_en=" (the dashboard reads no target of any other metric, so the row is never shown)"),
    accepted_values("tasks", "list", ("blue", "red")),
    accepted_values("resources", "kind", ("mineral", "energy", "land", "byproduct", "water", "logistics", "tourism")),
    accepted_values("activities", "direction", ("inbound", "outbound")),
    accepted_values("activities", "leader_level", ("principal", "city_leader", "department")),
    # relationships
    relationship("chains", "lead_department_id", "departments", "department_id"),
    relationship("chain_nodes", "chain_id", "chains"),
    relationship("chain_links", "from_node_id", "chain_nodes", "node_id"),
    relationship("chain_links", "to_node_id", "chain_nodes", "node_id"),
    relationship("companies", "chain_id", "chains"),
    relationship("companies", "node_id", "chain_nodes"),
    relationship("target_companies", "company_id", "companies"),
    relationship("target_companies", "owner_department_id", "departments", "department_id"),
    relationship("projects", "company_id", "companies"),
    relationship("projects", "chain_id", "chains"),
    relationship("projects", "node_id", "chain_nodes"),
    relationship("projects", "department_id", "departments"),
    relationship("projects", "park_id", "parks"),
    relationship("projects", "fund_id", "funds"),
    relationship("project_quarters", "project_id", "projects"),
    relationship("tasks", "project_id", "projects"),
    relationship("tasks", "department_id", "departments"),
    relationship("fund_investments", "fund_id", "funds"),
    relationship("fund_investments", "project_id", "projects"),
    relationship("resources", "park_id", "parks"),
    relationship("resource_uses", "resource_id", "resources"),
    relationship("resource_uses", "chain_id", "chains"),
    relationship("resource_uses", "node_id", "chain_nodes"),
    relationship("opportunities", "chain_id", "chains"),
    relationship("opportunities", "node_id", "chain_nodes"),
    relationship("opportunities", "park_id", "parks"),
    relationship("opportunities", "resource_id", "resources"),
    relationship("activities", "department_id", "departments"),
    relationship("activities", "chain_id", "chains"),
    query_rule(
        "scope_id_exists", "targets",
        "select t.year, t.quarter, t.scope, t.scope_id, t.metric from targets as t "
        "where (t.scope = 'chain' and not exists (select 1 from chains as c where c.chain_id = t.scope_id)) "
        "or (t.scope = 'department' and not exists "
        "(select 1 from departments as d where d.department_id = t.scope_id)) "
        "or ((t.scope = 'city') != (t.scope_id is null))",
        "targets.scope_id 与 scope 不符：全市目标的 scope_id 留空，产业链目标填 chains.chain_id，"
        "部门目标填 departments.department_id。",
        "targets.scope_id does not fit its scope: a city target leaves scope_id empty, a chain target "
        "names a chains.chain_id, a department target a departments.department_id."),
    query_rule(
        "node_in_chain", "projects",
        "select p.project_id, p.chain_id, p.node_id, n.chain_id as node_chain_id from projects as p "
        "join chain_nodes as n on n.node_id = p.node_id where n.chain_id != p.chain_id",
        "项目的产业链环节（node_id）属于另一条产业链：图谱会把它算到别的链上。请改正 chain_id 或 node_id，使两者一致。",
        "The project's chain node (node_id) belongs to another chain, so the chain map counts it "
        "elsewhere. Correct chain_id or node_id so that they agree."),
    # the project's life: a signed project has a contract amount, stages agree with dates
    row_rule(
        "signed_has_contract_amount", "projects", "signed_date is not null and contract_amount_wan is null",
        ("stage", "signed_date", "contract_amount_wan"),
        "已签约项目（有 signed_date）缺少合同金额 contract_amount_wan：它的到位资金计入资金到位率的分子，"
        "却不计入分母，到位率虚高。请填写合同金额（万元）。",
        "A signed project (it has a signed_date) has no contract_amount_wan: its arrivals count in the "
        "fund-arrival rate's numerator but not its denominator, inflating the rate. Fill in the contract "
        "amount (万元)."),
    row_rule(
        "signed_stage_has_signed_date", "projects", f"stage in ({_SIGNED}) and signed_date is null",
        ("stage", "signed_date"),
        "项目处于签约及以后阶段（signed、procedures、started、operational），却没有签约日期 signed_date："
        "它不会计入任何签约口径。请填写签约日期，或把阶段改回 lead / negotiating。",
        "The project is at a signed stage (signed, procedures, started, operational) but has no "
        "signed_date, so no signed figure counts it. Fill in the signing date, or set the stage back to "
        "lead / negotiating."),
    row_rule(
        "started_has_start_date", "projects",
        "stage in ('started', 'operational') and actual_start_date is null",
        ("stage", "actual_start_date"),
        "项目阶段为已开工或已投产，却没有实际开工日期 actual_start_date：开工率不会把它算作已开工。请填写开工日期。",
        "The project's stage is started or operational but it has no actual_start_date, so the "
        "contract-to-start rate does not count it as started. Fill in the start date."),
    row_rule(
        "operational_has_date", "projects", "stage = 'operational' and operational_date is null",
        ("stage", "operational_date"),
        "项目阶段为建成投运，却没有投运日期 operational_date。请填写投运日期。",
        "The project's stage is operational but it has no operational_date. Fill in that date."),
    row_rule(
        "contract_amount_not_negative", "projects", "contract_amount_wan < 0", ("contract_amount_wan",),
        "合同金额为负数。请填写以万元计的正数金额。",
        "The contract amount is negative. Write a positive amount in 万元."),
    date_order("projects", "signed_date", "actual_start_date"),
    date_order("projects", "actual_start_date", "operational_date"),
    date_order("projects", "signed_date", "planned_start_date", severity="warning"),
    # fund backing: fund_investments is the one source; projects.fund_id must agree with it
    query_rule(
        "fund_id_has_investment", "projects",
        "select p.project_id, p.fund_id from projects as p "
        "where exists (select 1 from funds as f where f.fund_id = p.fund_id) and not exists "
        "(select 1 from fund_investments as fi where fi.fund_id = p.fund_id and fi.project_id = p.project_id)",
        "projects.fund_id 记录了基金，但 fund_investments 中没有该基金对该项目的投资：基金图谱和项目详情会不一致。"
        "请在 fund_investments 中补上这笔投资（金额、日期），或清空 projects.fund_id。",
        "projects.fund_id names a fund, but fund_investments has no investment of that fund in the "
        "project, so the fund map and the project detail disagree. Add the investment (amount, date) to "
        "fund_investments, or clear projects.fund_id."),
    row_rule(
        "amount_positive", "fund_investments", "amount_wan <= 0", ("amount_wan",),
        "基金投资金额必须大于零（万元）。请改正金额，或删除这一行。",
        "A fund investment's amount must be above zero (万元). Correct it, or delete the row."),
    # arrivals: into signed projects, after signing, not far above the contract
    query_rule(
        "arrivals_within_contract", "projects",
        "select p.project_id, p.contract_amount_wan, a.arrived_wan, "
        "round(a.arrived_wan / p.contract_amount_wan * 100, 1) as arrived_pct from projects as p "
        "join (select project_id, sum(funds_arrived_wan) as arrived_wan from project_quarters group by all) "
        "as a on a.project_id = p.project_id "
        f"where p.contract_amount_wan > 0 and a.arrived_wan > {ARRIVALS_MAX_SHARE} * p.contract_amount_wan",
        f"项目累计到位资金超过合同金额的 {ARRIVALS_MAX_SHARE:.0%}：可能是单位写错（元与万元）或同一笔资金重复录入。"
        "请核对 project_quarters 的到位资金与合同金额。",
        f"The project's total arrivals exceed {ARRIVALS_MAX_SHARE:.0%} of its contract amount: perhaps a "
        "unit mix-up (元 vs 万元) or funds entered twice. Check its project_quarters against the contract.",
        severity="warning"),
    query_rule(
        "chain_signed_amount_swing", "projects",
        "with yearly as (select chain_id, year(signed_date) as year, sum(contract_amount_wan) as signed_wan "
        "from projects where signed_date is not null and contract_amount_wan is not null group by all), "
        "paired as (select *, lag(signed_wan) over (partition by chain_id order by year) as prev_wan, "
        "lag(year) over (partition by chain_id order by year) as prev_year from yearly) "
        "select chain_id, year, signed_wan, prev_wan, round((signed_wan / prev_wan - 1) * 100, 1) as change_pct "
        f"from paired where prev_year = year - 1 and prev_wan > 0 and (signed_wan > {SWING} * prev_wan "
        f"or signed_wan * {SWING} < prev_wan)",
        f"一条产业链的年度签约额比上年变化超过 {SWING} 倍：可能是金额单位写错（元与万元）、项目记错了产业链，"
        "或签约日期写错了年份。请核对该链当年和上年的签约项目。",
        f"A chain's signed amount of a year differs from the year before by more than {SWING}×: perhaps a "
        "unit mix-up (元 vs 万元), a project booked to the wrong chain, or a signing date in the wrong year. "
        "Check the chain's signed projects of both years.",
        severity="warning"),
    query_rule(
        "arrivals_after_signing", "project_quarters",
        "select q.project_id, q.year, q.quarter, q.funds_arrived_wan, p.signed_date "
        "from project_quarters as q join projects as p on p.project_id = q.project_id "
        "where q.funds_arrived_wan != 0 and q.quarter between 1 and 4 and (p.signed_date is null "
        "or last_day(make_date(q.year, 3 * q.quarter, 1)) < date_trunc('quarter', p.signed_date))",
        "到位资金记在项目签约所在季度之前，或项目尚未签约：资金到位率的口径只统计已签约项目。"
        "请核对签约日期 signed_date 和到位资金所在季度。",
        "Funds arrived in a quarter before the project's signing quarter, or the project is not signed: "
        "the fund-arrival rate counts signed projects only. Check signed_date and the quarter of the arrival.",
        severity="warning"),
    row_rule(
        "funds_not_negative", "project_quarters", "funds_arrived_wan < 0", ("funds_arrived_wan",),
        "季度到位资金为负数。请填写当季实际到位的金额（万元，≥ 0）。",
        "A quarter's arrived funds are negative. Write the amount that arrived in the quarter (万元, ≥ 0)."),
    # derived: target_status_spans (targets_at reads it) is target_status_history's, rebuilt by every writer
    query_rule(
        "spans_current", "target_status_history",
        "select company_id, count(*) as spans_differing from ("
        "(select * from target_status_spans_of() except all select * from target_status_spans) union all "
        "(select * from target_status_spans except all select * from target_status_spans_of())) group by company_id",
        "目标企业状态区间表（target_status_spans）与状态变更表（target_status_history）不一致：按日期读取的目标企业状态会出错。"
        "它由导入程序自动维护；若直接改过数据库，请运行 `make upgrade-store` 重建。",
        "target_status_spans disagrees with target_status_history, so target statuses read at a date are "
        "wrong. The import keeps it; after editing the store by hand, run `make upgrade-store` to rebuild it."),
    # tasks
    date_order("tasks", "opened_date", "due_date"),
    date_order("tasks", "opened_date", "closed_date"),
)


def _path(con: duckdb.DuckDBPyConnection) -> str:
    try:
        found = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
        return (found and found[0]) or "（内存数据库）"
    except duckdb.Error:
        return "（当前数据库）"


def run_check(con: duckdb.DuckDBPyConnection, check: Check) -> CheckResult:
    """One check on the store: its failing rows (up to ROW_LIMIT) and their count."""
    sql = (f"select * exclude (__failing) from (select *, count(*) over () as __failing from ({check.sql})) "
           f"order by all limit {ROW_LIMIT}")
    count_sql = f"select count(*) from ({check.sql})"
    cur = con.cursor()
    try:
        rows = cur.execute(sql).df()
        failing = len(rows) if len(rows) < ROW_LIMIT else int(cur.execute(count_sql).fetchone()[0])
        return CheckResult(check.id, check.table, check.severity, check.message_zh, check.message_en,
                           failing, rows)
    except duckdb.IOException as exc:  # the file is cut short or damaged: no check can be trusted
        raise store.StoreError(store.damaged_message(_path(con), exc)) from exc
    except duckdb.Error as exc:  # a missing table or column: the check itself fails, saying why
        reason = str(exc).splitlines()[0]
        return CheckResult(check.id, check.table, "error",
                           f"无法运行这项检查（{reason}）：数据库缺少数据模型规定的表或列。请按 data/schema.sql 建库。",
                           f"This check cannot run ({reason}): the store lacks a table or column of the "
                           "data model. Build the store from data/schema.sql.",
                           1, pd.DataFrame({"error": [reason]}))
    finally:
        cur.close()


def enforced_constraints(con: duckdb.DuckDBPyConnection) -> set[tuple]:
    """The keys, foreign keys and NOT NULLs the store's schema declares (DuckDB enforces them), in
    the form of Check.enforced_by. A store copied without constraints declares none."""
    cur = con.cursor()
    try:
        rows = cur.execute(
            "select table_name, constraint_type, constraint_column_names, referenced_table, "
            "referenced_column_names from duckdb_constraints() "
            "where database_name = current_database() and schema_name = 'main' "
            "and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'NOT NULL')").fetchall()
    except duckdb.Error:
        return set()
    finally:
        cur.close()
    found = set()
    for table, kind, cols, ref_table, ref_cols in rows:
        if kind == "FOREIGN KEY":
            found.add((table, kind, tuple(cols), ref_table, tuple(ref_cols)))
        else:
            found.add((table, "KEY" if kind in ("PRIMARY KEY", "UNIQUE") else kind, tuple(cols)))
    return found


def run_checks(con: duckdb.DuckDBPyConnection, tables: Iterable[str] | None = None) -> list[CheckResult]:
    """Run every check (or those on `tables`) on the store; one result per check, in CHECKS order.
    A check that cannot run (a missing table or column) is a failing error result saying why; a
    damaged file raises store.StoreError with the Chinese message."""
    wanted = None if tables is None else set(tables)
    enforced = enforced_constraints(con)
    return [passed(c) if c.enforced_by and c.enforced_by <= enforced else run_check(con, c)
            for c in CHECKS if wanted is None or c.table in wanted]


def passed(check: Check) -> CheckResult:
    """The result of a check the store's own constraints guarantee: nothing fails."""
    return CheckResult(check.id, check.table, check.severity, check.message_zh, check.message_en, 0,
                       pd.DataFrame(columns=list(KEYS[check.table])))


def summary(results: Iterable[CheckResult]) -> tuple[int, int]:
    """(error checks failing, warning checks failing)."""
    results = list(results)
    return (sum(r.failing > 0 and r.severity == "error" for r in results),
            sum(r.failing > 0 and r.severity == "warning" for r in results))


def main(argv: list[str] | None = None) -> int:
    """`python -m zsgt.checks [PATH]`: every check on the store (default $ZSGT_DB or the demo
    store); prints a table; exit 1 on any failing error check, 2 when the store cannot be opened."""
    from .config import db_path

    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else db_path()
    try:
        con = store.open_store(path)
    except store.StoreError as exc:
        print(f"无法检查：{exc}", file=sys.stderr)
        return 2
    try:
        results = run_checks(con)
    except store.StoreError as exc:
        print(f"无法检查：{exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    width = max(len(r.check) for r in results)
    print(f"{'check':<{width}}  severity  failing  {path}")
    for r in results:
        mark = "ok" if r.failing == 0 else ("FAIL" if r.severity == "error" else "warn")
        print(f"{r.check:<{width}}  {r.severity:<8}  {r.failing:>7}  {mark}")
    errors, warnings = summary(results)
    for r in results:
        if r.failing:
            print(f"\n[{r.severity}] {r.check}: {r.failing} 行 — {r.message_zh}")
            print(r.rows.head(10).to_string(index=False))
    print(f"\n{len(results)} checks: {errors} error checks failing, {warnings} warning checks failing")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
