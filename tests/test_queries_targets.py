"""The target-company explorer's queries on the fixture store, with exact expected rows.

Targets (fixture_review.sql), in pinyin order: c5 宝武铝业 (baowu…), c3 河北文丰 (hebei…), c7 华润电力
(huarun…), c4 华为 (huawei…), c6 中国中钢 (zhongguo…). Non-targets: c1 嘉峪关钢铁制品 (local), c2 宁夏舍光.
"""

import datetime as dt

import pytest

from helpers import one, rows
from zsgt.store import run
from zsgt.targets import TargetFilter, export_frame, page_params

CITY = {"scope": "city", "scope_id": None}
AS_OF = dt.date(2024, 3, 31)  # the fixture's data_through: every status and contact as stored


def ids(con, flt: TargetFilter = TargetFilter(), sort: str = "name", limit=None, offset=0, **scope):
    got = run(con, "target_list", **(scope or CITY), as_of=AS_OF, **flt.params(), sort=sort, limit=limit, offset=offset)
    return [r[0] for r in rows(got, ["company_id"])]


def total(con, flt: TargetFilter = TargetFilter(), **scope):
    return one(run(con, "target_count", **(scope or CITY), as_of=AS_OF, **flt.params()))["total"]


@pytest.mark.parametrize("sort, expected", [
    ("name", ["c5", "c3", "c7", "c4", "c6"]),       # pinyin A→Z
    ("priority", ["c5", "c3", "c4", "c6", "c7"]),   # a: c5 c3, b: c4 c6, c: c7 (ties by pinyin)
    ("recent", ["c5", "c3", "c7", "c6", "c4"]),     # 2023-10-15, 06-01, 03-01, 2022-12-01, never
    ("stale", ["c4", "c6", "c7", "c3", "c5"]),      # never contacted first, then the oldest contact
])
def test_target_list_sorts(con, sort, expected):
    assert ids(con, sort=sort) == expected


@pytest.mark.parametrize("search, expected", [
    ("华为", ["c4"]),
    ("huawei", ["c4"]),           # full pinyin
    ("HW", ["c4"]),               # initials, any case
    ("Hua Wei", ["c4"]),          # spaces dropped
    ("hua", ["c7", "c4"]),        # 华润 huarun, 华为 huawei
    ("华", ["c7", "c4"]),
    ("钢", ["c3", "c6"]),          # 河北文丰钢铁, 中国中钢 (c1 is not a target)
    ("zgzg", ["c6"]),
    ("xyz", []),
    ("'; drop table companies; --", []),  # bound as a parameter, matched as text
])
def test_target_list_searches_chinese_pinyin_and_initials(con, search, expected):
    assert ids(con, TargetFilter(search=search)) == expected


@pytest.mark.parametrize("flt, expected", [
    (TargetFilter(chains=("steel",)), ["c3"]),
    (TargetFilter(nodes=("ne_pv",)), ["c4"]),
    (TargetFilter(provinces=("广东",)), ["c7", "c4"]),
    (TargetFilter(ownerships=("central_soe",)), ["c5", "c7", "c6"]),
    (TargetFilter(sizes=("small",)), []),
    (TargetFilter(priorities=("a",)), ["c5", "c3"]),
    (TargetFilter(statuses=("not_contacted", "dropped")), ["c7", "c4"]),
    (TargetFilter(departments=("d2",)), ["c5", "c3", "c7"]),
    (TargetFilter(contact_after=dt.date(2023, 3, 1)), ["c5", "c3", "c7"]),   # inclusive; never contacted is out
    (TargetFilter(contact_before=dt.date(2023, 3, 1)), ["c7", "c6"]),
    (TargetFilter(contact_after=dt.date(2023, 1, 1), contact_before=dt.date(2023, 6, 30)), ["c3", "c7"]),
    (TargetFilter(provinces=("广东",), search="hua", priorities=("b",)), ["c4"]),  # combined freely
    (TargetFilter(targets_only=False), ["c5", "c3", "c7", "c4", "c1", "c2", "c6"]),
    (TargetFilter(targets_only=False, search="gangtie"), ["c3", "c1"]),
])
def test_target_list_filters(con, flt, expected):
    assert ids(con, flt) == expected
    assert total(con, flt) == len(expected)


@pytest.mark.parametrize("scope, scope_id, expected", [
    ("chain", "steel", ["c3", "c1"]),        # a chain sees its companies
    ("department", "d1", ["c4", "c6"]),      # a department the targets it owns
])
def test_target_list_respects_scope(con, scope, scope_id, expected):
    assert ids(con, TargetFilter(targets_only=False), scope=scope, scope_id=scope_id) == expected


def test_target_list_pages_in_the_database(con):
    assert ids(con, **page_params(2, size=2)) == ["c7", "c4"]
    assert ids(con, **page_params(3, size=2)) == ["c6"]
    assert total(con, ) == 5


def test_target_list_row_with_names_and_codes(con):
    got = run(con, "target_list", **CITY, as_of=AS_OF, **TargetFilter(search="华为").params(), sort="name", limit=10, offset=0)
    assert one(got) == {
        "company_id": "c4", "name_zh": "华为技术有限公司", "province": "广东", "city": "深圳",
        "chain_id": "new_energy", "chain_zh": "新能源", "chain_en": "New energy", "node_id": "ne_pv",
        "node_zh": "光伏组件", "node_en": "PV modules", "ownership": "private", "size": "large", "is_local": False,
        "is_target": True, "priority": "b", "status": "not_contacted", "owner_department_id": "d1",
        "department_zh": "市投资促进局", "department_en": "Investment Promotion Bureau", "last_contact_date": None}


def test_export_frame_has_chinese_headers_and_words(con):
    got = run(con, "target_list", **CITY, as_of=AS_OF, **TargetFilter(priorities=("a",)).params(), sort="name", limit=None,
              offset=0)
    frame = export_frame(got, "zh")
    assert list(frame.columns) == ["企业名称", "省份", "城市", "产业链", "链条环节", "企业性质", "企业规模", "本地企业",
                                   "目标企业", "优先级", "跟进状态", "责任部门", "最近联系日期"]
    assert rows(frame) == [
        ("宝武铝业科技有限公司", "上海", "上海", "铝", "铝箔", "央企", "大型", "否", "是", "A 重点", "洽谈中",
         "市工业和信息化局", dt.date(2023, 10, 15)),
        ("河北文丰钢铁有限公司", "河北", "邢台", "钢", "钢结构", "民营", "大型", "否", "是", "A 重点", "已接触",
         "市工业和信息化局", dt.date(2023, 6, 1))]


def test_target_filter_options_provinces_by_size_then_nodes_in_chain_order(con):
    got = rows(run(con, "target_filter_options", **CITY), ["kind", "code", "companies"])
    assert got == [
        ("province", "广东", 2), ("province", "上海", 1), ("province", "北京", 1), ("province", "宁夏", 1),
        ("province", "河北", 1), ("province", "甘肃", 1),
        ("node", "steel_ore", None), ("node", "steel_smelt", None), ("node", "steel_structure", None),
        ("node", "ne_pv", None), ("node", "ne_storage", None), ("node", "ne_grid", None), ("node", "al_foil", None)]


def test_target_filter_options_of_a_chain_scope(con):
    got = rows(run(con, "target_filter_options", scope="chain", scope_id="aluminium"), ["kind", "code"])
    assert got == [("province", "上海"), ("node", "al_foil")]


def test_target_filter_options_of_a_department_scope_count_its_targets_companies(con):
    # d2 owns the targets c3 (上海), c5 (广东) and c7 (河北); the other companies are not its
    got = rows(run(con, "target_filter_options", scope="department", scope_id="d2"), ["kind", "code", "companies"])
    assert got[:3] == [("province", "上海", 1), ("province", "广东", 1), ("province", "河北", 1)]
    assert [kind for kind, _, _ in got[3:]] == ["node"] * 7


AS_OF_2023 = {"as_of": dt.date(2023, 12, 31), **CITY}


def test_company_profile_sums_what_the_city_has_with_it(con):
    # 宁夏舍光 (c2): p2 3000 + p4 5000 + p5 1000 signed; arrived by 2023-12-31: p2 500 + 1000, p4 1000
    # (its 2024Q1 1000 is later), p5 200 = 2700; fund money: f1 300 in p2, special 50 in p5; visit a1
    got = one(run(con, "company_profile", company_id="c2", **AS_OF_2023))
    assert {k: got[k] for k in ["chain_zh", "node_zh", "segment", "is_target", "status", "projects",
                                "signed_projects", "signed_wan", "arrived_wan", "fund_wan", "visits",
                                "last_visit_date"]} == {
        "chain_zh": "新能源", "node_zh": "储能电站", "segment": "midstream", "is_target": False, "status": None,
        "projects": 3, "signed_projects": 3, "signed_wan": 9000.0, "arrived_wan": 2700.0, "fund_wan": 350.0,
        "visits": 1, "last_visit_date": dt.date(2023, 3, 1)}


def test_company_profile_of_a_target_with_its_contact_history(con):
    got = one(run(con, "company_profile", company_id="c4", **AS_OF_2023))
    assert {k: got[k] for k in ["priority", "status", "owner_department_zh", "last_contact_date", "projects",
                                "signed_wan", "visits"]} == {
        "priority": "b", "status": "not_contacted", "owner_department_zh": "市投资促进局",
        "last_contact_date": None, "projects": 0, "signed_wan": 0.0, "visits": 1}


def test_company_profile_counts_only_what_happened_by_the_as_of_date(con):
    # as of 2023-06-30: p5 (signed 2023-08-08) not yet; arrivals p2 500 + 1000, nothing of p4 yet
    got = one(run(con, "company_profile", company_id="c2", as_of=dt.date(2023, 6, 30), **CITY))
    assert (got["signed_projects"], got["signed_wan"], got["arrived_wan"], got["fund_wan"]) == (2, 8000.0, 1500.0, 300.0)


def test_company_profile_outside_the_scope_is_empty(con):
    assert run(con, "company_profile", company_id="c2", as_of=dt.date(2023, 12, 31), scope="chain",
               scope_id="steel").empty


def test_company_projects_newest_signing_first(con):
    got = rows(run(con, "company_projects", company_id="c2", **AS_OF_2023),
               ["project_id", "department_zh", "stage", "contract_amount_wan", "arrived_wan", "fund_wan", "funds_zh"])
    assert got == [
        ("p5", "市工业和信息化局", "procedures", 1000.0, 200.0, 50.0, "招商引资产业扶持专项资金"),
        ("p4", "市投资促进局", "signed", 5000.0, 1000.0, 0.0, None),  # it starts on 2024-01-10
        ("p2", "市投资促进局", "started", 3000.0, 1500.0, 300.0, "产业发展引导基金")]


def test_company_projects_of_a_department_scope(con):
    got = rows(run(con, "company_projects", company_id="c2", as_of=dt.date(2023, 12, 31), scope="department",
                   scope_id="d2"), ["project_id"])
    assert got == [("p5",)]


def test_company_visits_are_activities_with_its_name(con):
    got = rows(run(con, "company_visits", company_id="c4", **AS_OF_2023))
    assert got == [("a3", dt.date(2023, 9, 1), "outbound", "principal", "市投资促进局", "Investment Promotion Bureau",
                    "新能源", "New energy")]
    assert run(con, "company_visits", company_id="c4", as_of=dt.date(2023, 8, 31), **CITY).empty


# -- search ranking and literal text (issue 13, item 6) ------------------------------------------
def test_initials_search_puts_the_company_they_begin_first_on_the_demo_store(demo_con):
    # 19 companies hold "hw" in their initials; 华为 (hwjsyxgs) is the one they begin, so it leads
    got = run(demo_con, "target_list", **CITY, as_of=AS_OF, **TargetFilter(search="hw").params(), sort="name", limit=10, offset=0)
    assert got["name_zh"].iloc[0] == "华为技术有限公司"
    assert one(run(demo_con, "target_count", **CITY, as_of=AS_OF, **TargetFilter(search="hw").params()))["total"] == 19


@pytest.mark.parametrize("search, expected", [
    ("hua", ["c7", "c4"]),          # both begin with it: pinyin order
    ("jishu", ["c4"]),
    ("gangtie", ["c3"]),             # 河北文丰钢铁: only inside
    ("有限公司", ["c5", "c3", "c7", "c4", "c6"]),  # inside every name: the chosen order
])
def test_search_hits_that_begin_with_the_term_come_first(con, search, expected):
    assert ids(con, TargetFilter(search=search)) == expected


def test_search_ranks_exact_then_prefix_then_inside_whatever_the_sort(con):
    got = run(con, "target_list", **CITY, as_of=AS_OF, **TargetFilter(search="hw").params(), sort="recent", limit=None, offset=0)
    assert list(got["company_id"]) == ["c4"]
    got = ids(con, TargetFilter(search="华"), sort="recent")
    assert got == ["c7", "c4"]  # both begin with 华: then by latest contact (c7 2023-03-01, c4 never)


@pytest.fixture
def store_with_odd_names(tmp_path):
    """The fixture store plus target companies whose names hold punctuation and a polyphone."""
    import duckdb

    from fixture import write_fixture
    from zsgt.pinyin import fill_company_pinyin
    from zsgt.store import open_store, refresh_derived

    path = write_fixture(tmp_path / "odd.duckdb")
    c = duckdb.connect(str(path))
    try:
        c.execute("""insert into companies (company_id, name_zh, province, city, ownership, size, is_local) values
            ('x1', 'A&B新材料有限公司', '上海', '上海', 'private', 'small', false),
            ('x2', '很长科技有限公司', '上海', '上海', 'private', 'small', false),
            ('x3', '百分百100%_能源有限公司', '上海', '上海', 'private', 'small', false),
            ('x4', '爱博（AB）新材料有限公司', '上海', '上海', 'private', 'small', false)""")
        c.execute("""insert into target_companies values ('x1', 'c', 'contacted', 'd1', null),
            ('x2', 'c', 'contacted', 'd1', null), ('x3', 'c', 'contacted', 'd1', null),
            ('x4', 'c', 'contacted', 'd1', null)""")
        fill_company_pinyin(c)
        refresh_derived(c)  # as every writer of companies and target_companies does
    finally:
        c.close()
    con = open_store(path)
    yield con
    con.close()


@pytest.mark.parametrize("search, expected", [
    ("A&B", ["x1"]),          # literally in the name, not the loose pinyin search "ab" (爱博 aibo, x4 "ab")
    ("100%_", ["x3"]),        # % and _ are not wildcards
    ("<b>", []),              # not "b" anywhere
    ("ab", ["x1", "x4"]),     # letters only: name and pinyin (A&B → ab…, 爱博（AB）→ aibo…ab…)
    ("henchang", ["x2"]),     # 很长 read as the word: hen chang
    ("henzhang", []),
])
def test_search_text_with_other_characters_matches_the_name_literally(store_with_odd_names, search, expected):
    assert sorted(ids(store_with_odd_names, TargetFilter(search=search))) == expected
