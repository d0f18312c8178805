"""Every UI string, in one place: Chinese first, English beside it.

`t(key, **fmt)` returns the string in the current language; `label(enum, code)` translates the
lowercase English codes of the store (stage, segment, …). Add a page's strings under its own
section; keep keys short and dotted ("cockpit.title").
"""

from __future__ import annotations

from contextvars import ContextVar

from .config import default_lang

# Per thread (Streamlit runs each session's script in its own thread), so users do not share it.
_lang: ContextVar[str] = ContextVar("lang", default=default_lang())

STRINGS: dict[str, dict[str, str]] = {
    # -- the frame and shared chrome --------------------------------------------------------
    "app.title": {"zh": "招商图谱", "en": "Investment Atlas"},
    "nav.overview": {"zh": "总览", "en": "Overview"},
    "nav.maps": {"zh": "三个图谱", "en": "Investment maps"},
    "nav.lists": {"zh": "两个清单", "en": "Lists"},
    "nav.projects": {"zh": "项目与督办", "en": "Projects & supervision"},
    "nav.review": {"zh": "考核与自查", "en": "Review & assessment"},
    "chrome.demo": {"zh": "示例数据", "en": "Demo data"},
    "chrome.demo_banner": {"zh": "本页数字由确定性生成器模拟，2023 年数字与公开报道一致，其余为虚构。",
                           "en": "Generated; the 2023 figures match the published ones, the rest is invented."},
    "chrome.period": {"zh": "统计期", "en": "Period"},
    "chrome.year": {"zh": "年份", "en": "Year"},
    "chrome.quarter": {"zh": "季度", "en": "Quarter"},
    "chrome.whole_year": {"zh": "全年", "en": "Whole year"},
    "chrome.quarter_n": {"zh": "第{q}季度", "en": "Q{q}"},
    "chrome.as_of": {"zh": "截至日期", "en": "As of"},
    "chrome.as_of_help": {"zh": "开工率、到位率按此日期计算；默认为统计期末。",
                          "en": "Rates are measured at this date; the default is the end of the period."},
    "chrome.scope": {"zh": "范围", "en": "Scope"},
    "chrome.scope_city": {"zh": "全市", "en": "Whole city"},
    "chrome.scope_chain": {"zh": "产业链", "en": "Chain"},
    "chrome.scope_department": {"zh": "部门", "en": "Department"},
    "chrome.language": {"zh": "语言 / Language", "en": "语言 / Language"},
    "chrome.bad_period": {"zh": "链接中的统计期 {value} 没有数据，已改为最近的统计期 {default}。",
                          "en": "The period {value} in the link has no data; showing {default} instead."},
    "chrome.no_data": {"zh": "数据库中还没有任何季度数据。请导入数据或运行 `make demo`。",
                       "en": "The store has no quarterly results yet. Import data or run `make demo`."},
    "chrome.store_error": {"zh": "无法打开数据库", "en": "Cannot open the store"},
    "chrome.definition": {"zh": "口径", "en": "Definition"},
    "chrome.sql_of": {"zh": "指标口径与 SQL", "en": "Definitions and SQL"},
    "chrome.empty": {"zh": "所选范围和统计期内没有数据。", "en": "Nothing in the chosen scope and period."},
    # -- units and formats -------------------------------------------------------------------
    "unit.yi": {"zh": "亿元", "en": "100M yuan"},
    "unit.wan": {"zh": "万元", "en": "10k yuan"},
    "unit.projects": {"zh": "个", "en": ""},
    "unit.visits": {"zh": "次", "en": ""},
    "fmt.yoy": {"zh": "{v}（同比）", "en": "{v} YoY"},
    "fmt.pp": {"zh": "{v} 个百分点（同比）", "en": "{v} pp YoY"},
    "fmt.no_prev": {"zh": "上年同期无数据", "en": "no year-earlier value"},
    # -- the cockpit -------------------------------------------------------------------------
    "cockpit.title": {"zh": "领导驾驶舱", "en": "Leadership cockpit"},
    "cockpit.caption": {"zh": "{period} · {scope} · 截至 {as_of}", "en": "{period} · {scope} · as of {as_of}"},
    "kpi.new_signed": {"zh": "新签约项目", "en": "New signed projects"},
    "kpi.signed_amount": {"zh": "签约额", "en": "Signed amount"},
    "kpi.funds_arrived": {"zh": "到位资金", "en": "Funds arrived"},
    "kpi.start_rate": {"zh": "签约项目开工率", "en": "Contract-to-start rate"},
    "kpi.arrival_rate": {"zh": "资金到位率", "en": "Fund-arrival rate"},
    "kpi.visits": {"zh": "走访（请进来·走出去）", "en": "Visits (in · out)"},
    "kpi.start_rate_detail": {"zh": "{started}/{cohort} 个项目已开工；按金额加权 {weighted}",
                              "en": "{started}/{cohort} started; amount-weighted {weighted}"},
    "kpi.arrival_rate_detail": {"zh": "已到位 {arrived} / 合同额 {contract} 亿元",
                                "en": "{arrived} of {contract} (100M yuan) arrived"},
    "kpi.visits_detail": {"zh": "请进来 {inbound} · 走出去 {outbound}（主要领导带队 {principal}，其他市领导 {city_leader}）",
                          "en": "in {inbound} · out {outbound} (principal leaders {principal}, other city leaders {city_leader})"},
    "kpi.target": {"zh": "目标 {target}，完成 {share}", "en": "target {target}, {share} reached"},
    "cockpit.trend": {"zh": "近三年各季度签约额与到位资金", "en": "Signed amount and funds arrived by quarter, three years"},
    "cockpit.by_chain": {"zh": "{period}各产业链签约额与到位资金", "en": "Signed and arrived by chain, {period}"},
    "cockpit.top_projects": {"zh": "{period}签约额最大的项目", "en": "Largest projects signed in {period}"},
    "cockpit.overdue": {"zh": "督办任务逾期情况", "en": "Overdue supervision tasks"},
    "cockpit.overdue_detail": {"zh": "{list}：统计期内到期 {due} 项，逾期 {overdue} 项；当前仍逾期未办结 {open} 项",
                               "en": "{list}: {due} due in the period, {overdue} overdue; {open} still open past due"},
    "axis.quarter": {"zh": "季度", "en": "Quarter"},
    "axis.amount_yi": {"zh": "金额（亿元）", "en": "Amount (100M yuan)"},
    "axis.chain": {"zh": "产业链", "en": "Chain"},
    "series.signed_amount": {"zh": "签约额", "en": "Signed amount"},
    "series.funds_arrived": {"zh": "到位资金", "en": "Funds arrived"},
    "col.project": {"zh": "项目", "en": "Project"},
    "col.company": {"zh": "企业", "en": "Company"},
    "col.chain": {"zh": "产业链", "en": "Chain"},
    "col.stage": {"zh": "阶段", "en": "Stage"},
    "col.signed_date": {"zh": "签约日期", "en": "Signed"},
    "col.contract_yi": {"zh": "签约额（亿元）", "en": "Contract (100M yuan)"},
    "col.arrived_yi": {"zh": "累计到位（亿元）", "en": "Arrived (100M yuan)"},
    "col.department": {"zh": "责任部门", "en": "Department"},
    "col.park": {"zh": "园区", "en": "Park"},
    # -- issue 3: the three maps and the opportunity list (add this area's strings above this line)
    # -- issue 4: rates, pipeline, supervision lists, visits (add this area's strings above this line)
    # target-company explorer (目标企业清单)
    "targets.title": {"zh": "目标企业清单", "en": "Target companies"},
    "targets.caption": {"zh": "{scope} · 截至 {as_of} · 筛选、搜索、排序与分页都在数据库中完成",
                        "en": "{scope} · as of {as_of} · filtered, searched, sorted and paged in the database"},
    "targets.search": {"zh": "搜索企业（中文名称、全拼或拼音首字母）", "en": "Search (Chinese name, pinyin or initials)"},
    "targets.search_placeholder": {"zh": "例如：华为 / huawei / hw", "en": "e.g. 华为 / huawei / hw"},
    "targets.filters": {"zh": "筛选条件", "en": "Filters"},
    "targets.targets_only": {"zh": "只看目标企业", "en": "Target companies only"},
    "targets.any": {"zh": "不限", "en": "Any"},
    "targets.chain": {"zh": "产业链", "en": "Chain"},
    "targets.node": {"zh": "链条环节", "en": "Chain node"},
    "targets.province": {"zh": "省份", "en": "Province"},
    "targets.ownership": {"zh": "企业性质", "en": "Ownership"},
    "targets.size": {"zh": "企业规模", "en": "Size"},
    "targets.priority": {"zh": "优先级", "en": "Priority"},
    "targets.status": {"zh": "跟进状态", "en": "Status"},
    "targets.department": {"zh": "责任部门", "en": "Owner department"},
    "targets.contact_after": {"zh": "最近联系不早于", "en": "Last contact from"},
    "targets.contact_before": {"zh": "最近联系不晚于", "en": "Last contact until"},
    "targets.sort": {"zh": "排序", "en": "Sort"},
    "targets.sort.name": {"zh": "按名称拼音 A→Z", "en": "Name (pinyin A→Z)"},
    "targets.sort.priority": {"zh": "按优先级（A 类在前）", "en": "Priority (A first)"},
    "targets.sort.recent": {"zh": "最近联系在前", "en": "Latest contact first"},
    "targets.sort.stale": {"zh": "最久未联系在前（未接触的最前）", "en": "Longest without contact first"},
    "targets.page": {"zh": "页码", "en": "Page"},
    "targets.count": {"zh": "共 {total} 家企业符合条件 · 第 {page}/{pages} 页 · 每页 {size} 家",
                      "en": "{total} companies match · page {page}/{pages} · {size} a page"},
    "targets.none": {"zh": "没有符合条件的企业。请放宽筛选条件。", "en": "No company matches. Loosen the filters."},
    "targets.none_search": {"zh": "没有找到与“{q}”匹配的企业（已按中文名称、全拼和拼音首字母查找）。请换一个搜索词或放宽筛选条件。",
                            "en": "No company matches “{q}” (searched by Chinese name, pinyin and initials)."},
    "targets.export": {"zh": "导出筛选结果（全部 {total} 行，不只本页）", "en": "Export the filtered list (all {total} rows)"},
    "targets.export_csv": {"zh": "下载 CSV（UTF-8，Excel 可直接打开）", "en": "Download CSV (UTF-8)"},
    "targets.export_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "targets.excel_too_big": {"zh": "共 {total} 行，超过 Excel 单个工作表的上限（1,048,576 行，含表头），无法导出为 Excel，请下载 CSV。",
                              "en": "{total} rows exceed Excel's worksheet limit (1,048,576 rows incl. header); download the CSV."},
    "targets.excel_slow": {"zh": "行数较多，生成 Excel 约需 {seconds} 秒；CSV 更快。",
                           "en": "A large list: the Excel file takes about {seconds} s; the CSV is faster."},
    "targets.company": {"zh": "企业详情", "en": "Company details"},
    "targets.company_pick": {"zh": "选择本页的一家企业查看详情", "en": "Pick a company of this page"},
    "targets.company_hint": {"zh": "选择后显示其所在产业链与环节、与本市的签约项目、资金、走访和联系记录。",
                             "en": "Shows its chain and node, its projects with the city, funds, visits and contacts."},
    "targets.company_out_of_scope": {"zh": "该企业不在当前范围内。", "en": "This company is outside the chosen scope."},
    "targets.where": {"zh": "产业链位置", "en": "On the chains"},
    "targets.where_value": {"zh": "{chain} · {segment} · {node}", "en": "{chain} · {segment} · {node}"},
    "targets.no_chain": {"zh": "未归入产业链", "en": "No chain"},
    "targets.contact": {"zh": "联系情况", "en": "Contact"},
    "targets.contact_value": {"zh": "{priority} · {status} · {department} · 最近联系 {date}",
                              "en": "{priority} · {status} · {department} · last contact {date}"},
    "targets.not_target": {"zh": "不是目标企业", "en": "Not a target company"},
    "targets.local": {"zh": "本地企业", "en": "Local company"},
    "targets.kpi_projects": {"zh": "签约项目", "en": "Signed projects"},
    "targets.kpi_signed": {"zh": "签约额", "en": "Signed"},
    "targets.kpi_arrived": {"zh": "累计到位资金", "en": "Funds arrived"},
    "targets.kpi_fund": {"zh": "基金投资", "en": "Fund investment"},
    "targets.kpi_visits": {"zh": "走访", "en": "Visits"},
    "targets.projects": {"zh": "与本市的项目", "en": "Projects with the city"},
    "targets.no_projects": {"zh": "暂无与本市的项目。", "en": "No project with the city yet."},
    "targets.visits": {"zh": "走访记录（请进来、走出去）", "en": "Visits"},
    "targets.no_visits": {"zh": "暂无走访记录。", "en": "No visit recorded."},
    "targets.col.company": {"zh": "企业名称", "en": "Company"},
    "targets.col.province": {"zh": "省份", "en": "Province"},
    "targets.col.city": {"zh": "城市", "en": "City"},
    "targets.col.chain": {"zh": "产业链", "en": "Chain"},
    "targets.col.node": {"zh": "链条环节", "en": "Node"},
    "targets.col.ownership": {"zh": "企业性质", "en": "Ownership"},
    "targets.col.size": {"zh": "企业规模", "en": "Size"},
    "targets.col.is_local": {"zh": "本地企业", "en": "Local"},
    "targets.col.is_target": {"zh": "目标企业", "en": "Target"},
    "targets.col.priority": {"zh": "优先级", "en": "Priority"},
    "targets.col.status": {"zh": "跟进状态", "en": "Status"},
    "targets.col.department": {"zh": "责任部门", "en": "Owner department"},
    "targets.col.last_contact": {"zh": "最近联系日期", "en": "Last contact"},
    "targets.col.project": {"zh": "项目", "en": "Project"},
    "targets.col.stage": {"zh": "阶段", "en": "Stage"},
    "targets.col.signed_date": {"zh": "签约日期", "en": "Signed"},
    "targets.col.contract_wan": {"zh": "签约额（万元）", "en": "Contract (10k yuan)"},
    "targets.col.fixed_asset_wan": {"zh": "固定资产投资（万元）", "en": "Fixed assets (10k yuan)"},
    "targets.col.start_date": {"zh": "开工日期", "en": "Started"},
    "targets.col.arrived_wan": {"zh": "累计到位（万元）", "en": "Arrived (10k yuan)"},
    "targets.col.fund_wan": {"zh": "基金投资（万元）", "en": "Fund money (10k yuan)"},
    "targets.col.funds": {"zh": "基金", "en": "Funds"},
    "targets.col.date": {"zh": "日期", "en": "Date"},
    "targets.col.direction": {"zh": "方式", "en": "Direction"},
    "targets.col.leader_level": {"zh": "带队领导", "en": "Led by"},
    "targets.col.project_department": {"zh": "责任部门", "en": "Department"},
    # -- issue 5: target companies, self-review, assessment, incentives (add above this line)
}

ENUMS: dict[str, dict[str, dict[str, str]]] = {
    "stage": {
        "lead": {"zh": "投资信息", "en": "Lead"}, "negotiating": {"zh": "洽谈", "en": "Negotiating"},
        "signed": {"zh": "项目签约", "en": "Signed"}, "procedures": {"zh": "手续办理", "en": "Procedures"},
        "started": {"zh": "开工建设", "en": "Started"}, "operational": {"zh": "建成投运", "en": "Operational"},
        "stalled": {"zh": "停滞", "en": "Stalled"}, "cancelled": {"zh": "已终止", "en": "Cancelled"},
    },
    "segment": {"upstream": {"zh": "上游", "en": "Upstream"}, "midstream": {"zh": "中游", "en": "Midstream"},
                "downstream": {"zh": "下游", "en": "Downstream"}},
    "ownership": {"central_soe": {"zh": "央企", "en": "Central SOE"}, "local_soe": {"zh": "地方国企", "en": "Local SOE"},
                  "private": {"zh": "民营", "en": "Private"}, "foreign": {"zh": "外资", "en": "Foreign"},
                  "other": {"zh": "其他", "en": "Other"}},
    "size": {"large": {"zh": "大型", "en": "Large"}, "medium": {"zh": "中型", "en": "Medium"},
             "small": {"zh": "小型", "en": "Small"}, "micro": {"zh": "微型", "en": "Micro"}},
    "priority": {"a": {"zh": "A 重点", "en": "A"}, "b": {"zh": "B", "en": "B"}, "c": {"zh": "C", "en": "C"}},
    "status": {"not_contacted": {"zh": "未接触", "en": "Not contacted"}, "contacted": {"zh": "已接触", "en": "Contacted"},
               "visited": {"zh": "已拜访", "en": "Visited"}, "negotiating": {"zh": "洽谈中", "en": "Negotiating"},
               "signed": {"zh": "已签约", "en": "Signed"}, "dropped": {"zh": "已放弃", "en": "Dropped"}},
    "list": {"blue": {"zh": "蓝单（前期跟踪）", "en": "Blue list (tracking)"},
             "red": {"zh": "红单（落地服务）", "en": "Red list (landing service)"}},
    "direction": {"inbound": {"zh": "请进来", "en": "Inbound"}, "outbound": {"zh": "走出去", "en": "Outbound"}},
    "leader_level": {"principal": {"zh": "主要领导", "en": "Principal leaders"},
                     "city_leader": {"zh": "其他市领导", "en": "Other city leaders"},
                     "department": {"zh": "部门负责人", "en": "Department heads"}},
    "fund_kind": {"guidance": {"zh": "政府引导基金", "en": "Guidance fund"}, "industry": {"zh": "产业基金", "en": "Industry fund"},
                  "special": {"zh": "专项资金", "en": "Special fund"}, "venture": {"zh": "创投基金", "en": "Venture fund"}},
    "resource_kind": {"mineral": {"zh": "矿产", "en": "Minerals"}, "energy": {"zh": "能源", "en": "Energy"},
                      "land": {"zh": "土地", "en": "Land"}, "byproduct": {"zh": "工业副产品", "en": "By-products"},
                      "water": {"zh": "水资源", "en": "Water"}, "logistics": {"zh": "物流", "en": "Logistics"},
                      "tourism": {"zh": "旅游", "en": "Tourism"}},
    "scope": {"city": {"zh": "全市", "en": "Whole city"}, "chain": {"zh": "产业链", "en": "Chain"},
              "department": {"zh": "部门", "en": "Department"}},
}


def set_lang(lang: str) -> None:
    _lang.set(lang if lang in ("zh", "en") else "zh")


def lang() -> str:
    return _lang.get()


def t(key: str, **fmt) -> str:
    entry = STRINGS[key]
    text = entry.get(lang()) or entry["zh"]
    return text.format(**fmt) if fmt else text


def label(enum: str, code: str | None) -> str:
    if code is None:
        return ""
    entry = ENUMS[enum].get(code)
    return (entry.get(lang()) or entry["zh"]) if entry else code


def name_col() -> str:
    """The column holding a row's display name in the current language."""
    return "name_en" if lang() == "en" else "name_zh"
