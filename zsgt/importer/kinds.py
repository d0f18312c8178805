"""What can be imported: one `Kind` per ledger the office keeps, each a sheet of columns.

A column has the store's name (`contract_amount_wan`), the Chinese header of the template
(`合同金额（万元）`), a type that says how a cell is read, whether it must be filled, and where its
code must exist (another table of the store, or the same file). The reader, the validation, the
templates and the write all work from these specs, so a column is described once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The only identifiers the importer writes into SQL text (tables, key and value columns): every Col,
# Kind and Ref checks its names against this once, when it is declared; values are always bound.
_IDENT = re.compile(r"[a-z_][a-z0-9_]*")


def _plain(*names: str | None) -> None:
    for name in names:
        if name is not None and not _IDENT.fullmatch(name):
            raise ValueError(f"not a plain SQL identifier: {name!r}")


TEMPLATE_VERSION = 1  # bump when a kind's columns change; the template's hidden _meta sheet says it


@dataclass(frozen=True)
class Col:
    name: str                 # the store's column
    zh: str                   # the template's header (money headers carry 万元)
    type: str                 # id | text | int | amount | number | date | bool | enum | ref
    required: bool = False
    enum: str | None = None   # zsgt.i18n.ENUMS key for type "enum"
    ref: str | None = None    # lookup table for type "ref" (see REFS)
    aliases: tuple[str, ...] = ()
    example: object = None    # the template's example row
    table: str | None = None  # the store table it belongs to, when the kind writes two tables

    def __post_init__(self):
        _plain(self.name, self.table)


@dataclass(frozen=True)
class Kind:
    key: str
    zh: str
    en: str
    tables: tuple[str, ...]   # written in this order
    keys: dict[str, tuple[str, ...]]  # table -> key columns
    cols: tuple[Col, ...]
    sheet_aliases: tuple[str, ...] = ()

    def __post_init__(self):
        _plain(*self.tables, *(k for keys in self.keys.values() for k in keys))

    def col(self, name: str) -> Col:
        return next(c for c in self.cols if c.name == name)

    def table_cols(self, table: str) -> list[Col]:
        return [c for c in self.cols if (c.table or self.tables[0]) == table]


@dataclass(frozen=True)
class Ref:
    """A table whose codes other columns hold: matched by its key, or by its Chinese/English name."""
    table: str
    key: str
    names: tuple[str, ...] = ()   # name columns also accepted (small tables only)
    zh: str = ""
    kind: str | None = None       # the import kind that can bring new codes in the same file

    def __post_init__(self):
        _plain(self.table, self.key, *self.names)

    def select_sql(self, *columns: str) -> str:
        """`select key, columns… from table order by key`, for the table's codes and names."""
        return f"select {', '.join((self.key, *columns))} from {self.table} order by {self.key}"

    def existing_sql(self, values_table: str) -> str:
        """The values (column v of a registered frame) that are keys of this table."""
        return f"select v from {values_table} semi join {self.table} on {self.table}.{self.key} = v"



REFS: dict[str, Ref] = {
    "chains": Ref("chains", "chain_id", ("name_zh", "name_en"), "产业链"),
    "chain_nodes": Ref("chain_nodes", "node_id", ("name_zh", "name_en"), "产业链环节"),
    "departments": Ref("departments", "department_id", ("name_zh", "name_en"), "部门"),
    "parks": Ref("parks", "park_id", ("name_zh", "name_en"), "园区"),
    "funds": Ref("funds", "fund_id", ("name_zh",), "基金", kind="funds"),
    "resources": Ref("resources", "resource_id", ("name_zh",), "资源", kind="resources"),
    "companies": Ref("companies", "company_id", (), "企业", kind="target_companies"),
    "projects": Ref("projects", "project_id", (), "项目", kind="projects"),
}

_PROJECT_ID = Col("project_id", "项目编号", "ref", True, ref="projects", aliases=("项目代码", "项目id"),
                  example="P000001")

KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("projects", "项目台账", "Projects", ("projects",), {"projects": ("project_id",)}, (
        Col("project_id", "项目编号", "id", True, aliases=("项目代码", "项目id"), example="P000001"),
        Col("name_zh", "项目名称", "text", True, example="年产10万吨铝合金型材项目"),
        Col("company_id", "企业编号", "ref", True, ref="companies", aliases=("投资企业编号",), example="C000001"),
        Col("chain_id", "产业链", "ref", True, ref="chains", aliases=("所属产业链",), example="aluminium"),
        Col("node_id", "产业链环节", "ref", ref="chain_nodes", aliases=("环节",)),
        Col("department_id", "责任部门", "ref", True, ref="departments", aliases=("责任单位", "牵头部门"),
            example="drc"),
        Col("park_id", "落地园区", "ref", ref="parks", aliases=("园区",)),
        Col("stage", "项目阶段", "enum", True, enum="stage", aliases=("阶段", "项目状态"), example="signed"),
        Col("signed_date", "签约日期", "date", aliases=("签约时间",), example="2024-03-05"),
        Col("contract_amount_wan", "合同金额（万元）", "amount", aliases=("签约金额", "合同金额", "协议投资额"),
            example=50000),
        Col("fixed_asset_wan", "固定资产投资（万元）", "amount", aliases=("固定资产投资",), example=40000),
        Col("planned_start_date", "计划开工日期", "date", example="2024-06-30"),
        Col("actual_start_date", "实际开工日期", "date", aliases=("开工日期",)),
        Col("operational_date", "建成投运日期", "date", aliases=("投产日期", "投运日期")),
        Col("fund_id", "基金", "ref", ref="funds", aliases=("投资基金", "基金编号")),
        Col("referrer", "引荐人", "text", aliases=("推荐人",)),
        Col("stage_since", "进入当前阶段日期", "date", aliases=("阶段日期",)),
    ), ("项目", "项目库", "projects")),
    Kind("project_quarters", "季度资金到位", "Quarterly fund arrivals", ("project_quarters",),
         {"project_quarters": ("project_id", "year", "quarter")}, (
        _PROJECT_ID,
        Col("year", "年份", "int", True, aliases=("年度",), example=2024),
        Col("quarter", "季度", "int", True, example=2),
        Col("funds_arrived_wan", "到位资金（万元）", "amount", True, aliases=("到位资金", "资金到位", "本季到位资金"),
            example=5000),
    ), ("资金到位", "到位资金", "季度到位", "project_quarters")),
    Kind("tasks", "督办任务", "Blue and red tasks", ("tasks",), {"tasks": ("task_id",)}, (
        Col("task_id", "任务编号", "id", True, example="T000001"),
        _PROJECT_ID,
        Col("list", "清单", "enum", True, enum="list", aliases=("蓝单红单", "任务类型"), example="blue"),
        Col("title", "任务内容", "text", True, aliases=("任务", "任务名称", "督办事项"), example="协调项目用地手续"),
        Col("department_id", "责任部门", "ref", True, ref="departments", aliases=("责任单位",), example="drc"),
        Col("opened_date", "派单日期", "date", True, aliases=("交办日期",), example="2024-04-01"),
        Col("due_date", "办结时限", "date", True, aliases=("截止日期", "办理时限"), example="2024-05-31"),
        Col("closed_date", "办结日期", "date", aliases=("完成日期",)),
    ), ("蓝单红单", "任务", "督办", "tasks")),
    Kind("activities", "走访记录", "Visits", ("activities",), {"activities": ("activity_id",)}, (
        Col("activity_id", "走访编号", "id", True, aliases=("活动编号",), example="V000001"),
        Col("activity_date", "走访日期", "date", True, aliases=("日期", "活动日期"), example="2024-03-05"),
        Col("direction", "方向", "enum", True, enum="direction", aliases=("走访方向", "类型"), example="outbound"),
        Col("leader_level", "带队领导", "enum", True, enum="leader_level", aliases=("领导级别",), example="principal"),
        Col("department_id", "责任部门", "ref", True, ref="departments", aliases=("部门",), example="drc"),
        Col("counterpart", "对接企业或单位", "text", aliases=("对接企业", "走访对象"), example="某铝业集团"),
        Col("chain_id", "产业链", "ref", ref="chains", example="aluminium"),
    ), ("走访", "请进来走出去", "activities", "visits")),
    Kind("target_companies", "目标企业", "Target companies", ("companies", "target_companies"),
         {"companies": ("company_id",), "target_companies": ("company_id",)}, (
        Col("company_id", "企业编号", "id", True, aliases=("企业代码",), example="C000001"),
        Col("name_zh", "企业名称", "text", True, aliases=("企业",), example="某某铝业股份有限公司", table="companies"),
        Col("province", "省份", "text", True, aliases=("所在省份",), example="甘肃省", table="companies"),
        Col("city", "城市", "text", True, aliases=("所在城市",), example="兰州市", table="companies"),
        Col("ownership", "企业性质", "enum", True, enum="ownership", example="private", table="companies"),
        Col("size", "企业规模", "enum", True, enum="size", aliases=("规模",), example="large", table="companies"),
        Col("chain_id", "产业链", "ref", ref="chains", example="aluminium", table="companies"),
        Col("node_id", "产业链环节", "ref", ref="chain_nodes", aliases=("环节",), table="companies"),
        Col("is_local", "是否本地企业", "bool", True, aliases=("本地企业",), example="否", table="companies"),
        Col("priority", "优先级", "enum", True, enum="priority", example="a", table="target_companies"),
        Col("status", "跟进状态", "enum", True, enum="status", aliases=("状态",), example="contacted",
            table="target_companies"),
        Col("owner_department_id", "责任部门", "ref", True, ref="departments", example="drc",
            table="target_companies"),
        Col("last_contact_date", "最近联系日期", "date", example="2024-03-05", table="target_companies"),
    ), ("目标企业清单", "企业", "target_companies", "companies")),
    Kind("targets", "目标任务", "Targets", ("targets",),
         {"targets": ("year", "quarter", "scope", "scope_id", "metric")}, (
        Col("year", "年份", "int", True, example=2024),
        Col("quarter", "季度", "int", example=1),
        Col("scope", "范围", "enum", True, enum="scope", example="city"),
        Col("scope_id", "产业链或部门", "text", aliases=("范围编号",)),
        Col("metric", "指标", "enum", True, enum="metric", example="signed_amount"),
        Col("value", "目标值", "number", True, aliases=("目标",), example=1000000),
    ), ("目标", "targets")),
    Kind("opportunities", "投资机会", "Opportunities", ("opportunities",), {"opportunities": ("opportunity_id",)}, (
        Col("opportunity_id", "机会编号", "id", True, example="O000001"),
        Col("name_zh", "机会名称", "text", True, aliases=("项目名称",), example="铝基新材料深加工项目"),
        Col("chain_id", "产业链", "ref", True, ref="chains", example="aluminium"),
        Col("node_id", "产业链环节", "ref", ref="chain_nodes", aliases=("环节",)),
        Col("park_id", "园区", "ref", ref="parks", aliases=("落地园区",)),
        Col("resource_id", "依托资源", "ref", ref="resources", aliases=("资源",)),
        Col("investment_wan", "投资额（万元）", "amount", True, aliases=("投资额", "估算投资"), example=30000),
    ), ("投资机会清单", "opportunities")),
    Kind("funds", "基金", "Funds", ("funds",), {"funds": ("fund_id",)}, (
        Col("fund_id", "基金编号", "id", True, example="F01"),
        Col("name_zh", "基金名称", "text", True, example="嘉峪关产业引导基金"),
        Col("kind", "基金类型", "enum", True, enum="fund_kind", aliases=("类型",), example="guidance"),
        Col("size_wan", "基金规模（万元）", "amount", True, aliases=("规模",), example=100000),
        Col("invested_wan", "已投金额（万元）", "amount", True, aliases=("已投资",), example=20000),
    ), ("funds",)),
    Kind("fund_investments", "基金投资", "Fund investments", ("fund_investments",),
         {"fund_investments": ("fund_id", "project_id")}, (
        Col("fund_id", "基金编号", "ref", True, ref="funds", aliases=("基金",), example="F01"),
        _PROJECT_ID,
        Col("amount_wan", "投资金额（万元）", "amount", True, aliases=("投资金额",), example=5000),
        Col("invested_date", "投资日期", "date", True, example="2024-03-05"),
    ), ("基金投资明细", "fund_investments")),
    Kind("resources", "资源", "Resources", ("resources",), {"resources": ("resource_id",)}, (
        Col("resource_id", "资源编号", "id", True, example="R01"),
        Col("name_zh", "资源名称", "text", True, example="工业副产氢"),
        Col("kind", "资源类型", "enum", True, enum="resource_kind", aliases=("类型",), example="byproduct"),
        Col("quantity", "数量", "number", True, example=12000),
        Col("unit", "单位", "text", True, example="吨/年"),
        Col("lon", "经度", "number", example=98.29),
        Col("lat", "纬度", "number", example=39.77),
        Col("park_id", "园区", "ref", ref="parks", aliases=("所在园区",)),
    ), ("资源清单", "resources")),
)}

# Metric codes a target may name (the figures the pages compare against targets).
METRICS = {
    "signed_amount": {"zh": "签约额", "en": "Signed amount"},
    "funds_arrived": {"zh": "到位资金", "en": "Funds arrived"},
    "new_signed_projects": {"zh": "新签约项目数", "en": "New signed projects"},
    "contract_to_start_rate": {"zh": "签约项目开工率", "en": "Contract-to-start rate"},
    "fund_arrival_rate": {"zh": "资金到位率", "en": "Fund-arrival rate"},
    "visits": {"zh": "走访次数", "en": "Visits"},
}

# Stages at which a project is signed: it has a signed date and a contract amount, and may have arrivals.
SIGNED_STAGES = ("signed", "procedures", "started", "operational")
