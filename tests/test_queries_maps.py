"""Issue 3's named queries (the three maps and the opportunity list) on the fixture store, exact rows.

The fixture is tests/fixture.sql with tests/fixture_rates.sql (an aluminium cohort on al_foil signed
in 2024), tests/fixture_review.sql (two target companies without a chain) and
tests/fixture_maps.sql (two resources, two opportunities). Hand-computed values beside each test.

Node facts at 2023-12-31 (local companies = companies.is_local on the node; operating = stage
'started'/'operational' and started by the date):
  steel_ore        local 0, operating 0                         → missing
  steel_smelt      local 1 (c1), operating 0, p6 a lead          → weak
  steel_structure  local 0, operating 2 (p1 2022-06-01, p3 2023-04-20) → weak (needs 2 local for strong)
  ne_pv            local 0, p4 starts 2024-01-10: pipeline        → missing
  ne_storage       local 0 (c2 not local), operating 1 (p2)       → weak
  ne_grid          local 0, p5 in procedures: pipeline            → missing
  al_foil          everything there is signed in 2024             → missing
"""

import datetime as dt

import pytest

from helpers import PERIOD_COHORT, one, rows
from zsgt.maps import STATUS_THRESHOLDS
from zsgt.store import run

Y2023 = {"year": 2023, "quarter": None, "as_of": None}
CITY = {"scope": "city", "scope_id": None}
TH = dict(STATUS_THRESHOLDS)


# -- chain_node_status ---------------------------------------------------------------------------
def test_chain_node_status_is_computed_from_local_companies_and_operating_projects(con):
    got = run(con, "chain_node_status", **Y2023, **CITY, chain_id=None, **TH)
    # invested = contracts signed by 2023-12-31 on the node (p1 1000 + p3 2000; p4 5000; p2 3000; p5 1000);
    # signed in 2023: p3 2000, p4 5000, p5 1000; open targets: c3 on steel_structure, c4 on ne_pv,
    # c5 on al_foil; opportunities o1..o4.
    assert rows(got, ["chain_id", "node_id", "segment", "local_companies", "operating_projects", "pipeline_projects",
                      "status", "invested_wan", "signed_in_period_wan", "open_targets", "opportunities",
                      "opportunity_wan"]) == [
        ("steel", "steel_ore", "upstream", 0, 0, 0, "missing", 0.0, 0.0, 0, 0, 0.0),
        ("steel", "steel_smelt", "midstream", 1, 0, 1, "weak", 0.0, 0.0, 0, 0, 0.0),
        ("steel", "steel_structure", "downstream", 0, 2, 0, "weak", 3000.0, 2000.0, 1, 1, 30000.0),
        ("new_energy", "ne_pv", "midstream", 0, 0, 1, "missing", 5000.0, 5000.0, 1, 1, 5000.0),
        ("new_energy", "ne_storage", "midstream", 0, 1, 0, "weak", 3000.0, 0.0, 0, 1, 80000.0),
        ("new_energy", "ne_grid", "downstream", 0, 0, 1, "missing", 1000.0, 1000.0, 0, 0, 0.0),
        ("aluminium", "al_foil", "downstream", 0, 0, 0, "missing", 0.0, 0.0, 1, 1, 12000.0),
    ]


@pytest.mark.parametrize("min_operating, min_local, expected", [
    # with no local company required, two operating projects make steel_structure strong, one ne_storage
    (1, 0, {"steel_structure": "strong", "ne_storage": "strong", "steel_smelt": "weak"}),
    (2, 0, {"steel_structure": "strong", "ne_storage": "weak", "steel_smelt": "weak"}),
    # a local company alone is not enough when an operating project is required
    (1, 1, {"steel_structure": "weak", "ne_storage": "weak", "steel_smelt": "weak"}),
])
def test_chain_node_status_thresholds_are_parameters(con, min_operating, min_local, expected):
    got = run(con, "chain_node_status", **Y2023, **CITY, chain_id=None, min_operating=min_operating,
              min_local=min_local)
    status = dict(zip(got["node_id"], got["status"]))
    assert {n: status[n] for n in expected} == expected


def test_chain_node_status_moves_with_the_as_of_date(con):
    # at 2024-06-30: p4 has started (ne_pv weak); on al_foil pa1, pa2, pa4, pa6 have started, pa7 starts
    # 2024-08-15, pa3 is in procedures and pa5 stalled (pipeline 3); all seven signed: 10000
    got = run(con, "chain_node_status", year=2024, quarter=2, as_of=None, **CITY, chain_id=None, **TH)
    got = got[got["node_id"].isin(["ne_pv", "al_foil"])]
    assert rows(got, ["node_id", "operating_projects", "pipeline_projects", "status", "invested_wan",
                      "signed_in_period_wan"]) == [
        ("ne_pv", 1, 0, "weak", 5000.0, 0.0),
        ("al_foil", 4, 3, "weak", 10000.0, 0.0),
    ]


def test_chain_node_status_of_one_chain_in_segment_order(con):
    got = run(con, "chain_node_status", **Y2023, **CITY, chain_id="steel", **TH)
    assert list(got["node_id"]) == ["steel_ore", "steel_smelt", "steel_structure"]
    assert list(got["segment_order"]) == [0, 1, 2]


def test_chain_node_status_in_a_chain_scope_sees_its_chain_only(con):
    got = run(con, "chain_node_status", **Y2023, scope="chain", scope_id="new_energy", chain_id=None, **TH)
    assert list(got["node_id"]) == ["ne_pv", "ne_storage", "ne_grid"]


def test_chain_node_status_in_a_department_scope_counts_its_projects_and_targets(con):
    # d1's projects: p2 (ne_storage, started), p4 (ne_pv), p6 (steel_smelt lead); p1 and p3 are d2's, so
    # steel_structure has no operating project of d1's: missing. Targets owned by d1: c4 (ne_pv).
    got = run(con, "chain_node_status", **Y2023, scope="department", scope_id="d1", chain_id=None, **TH)
    assert rows(got, ["node_id", "operating_projects", "pipeline_projects", "status", "open_targets"]) == [
        ("steel_ore", 0, 0, "missing", 0),
        ("steel_smelt", 0, 1, "weak", 0),
        ("steel_structure", 0, 0, "missing", 0),
        ("ne_pv", 0, 1, "missing", 1),
        ("ne_storage", 1, 0, "weak", 0),
        ("ne_grid", 0, 0, "missing", 0),
        ("al_foil", 0, 0, "missing", 0),
    ]


# -- chain_overview ---------------------------------------------------------------------------------
def test_chain_overview_counts_each_chains_nodes_by_status(con):
    # open targets per chain: c3 (steel), c4 (new_energy), c5 (aluminium); c6 has no chain, c7 dropped
    got = run(con, "chain_overview", **Y2023, **CITY, **TH)
    assert rows(got, ["chain_id", "leader_zh", "lead_department_zh", "nodes", "strong", "weak", "missing",
                      "open_targets", "opportunities", "opportunity_wan"]) == [
        ("steel", "市长", "市工业和信息化局", 3, 0, 2, 1, 1, 1, 30000.0),
        ("new_energy", "副市长", "市投资促进局", 3, 0, 1, 2, 1, 2, 85000.0),
        ("aluminium", "常务副市长", "市工业和信息化局", 1, 0, 0, 1, 1, 1, 12000.0),
    ]


def _agree(con, period, scope, th):
    overview = run(con, "chain_overview", **period, **scope, **th)
    nodes = run(con, "chain_node_status", **period, **scope, chain_id=None, **th)
    assert len(overview) > 0
    counted = nodes.groupby(["chain_id", "status"]).size().unstack(fill_value=0)
    for r in overview.itertuples(index=False):
        c = counted.loc[r.chain_id] if r.chain_id in counted.index else {}
        assert (r.nodes, r.strong, r.weak, r.missing) == (
            int(sum(c.get(s, 0) for s in ("strong", "weak", "missing"))), int(c.get("strong", 0)),
            int(c.get("weak", 0)), int(c.get("missing", 0))), (period, scope, r.chain_id)


@pytest.mark.parametrize("period", [Y2023, {"year": 2024, "quarter": 2, "as_of": None},
                                    {"year": 2023, "quarter": None, "as_of": dt.date(2024, 2, 1)}])
@pytest.mark.parametrize("th", [TH, {"min_operating": 1, "min_local": 0}])
@pytest.mark.parametrize("scope", [CITY, {"scope": "department", "scope_id": "d1"},
                                   {"scope": "chain", "scope_id": "steel"}])
def test_chain_overview_agrees_with_chain_node_status_on_the_fixture(con, period, th, scope):
    _agree(con, period, scope, th)


@pytest.mark.parametrize("period", [Y2023, {"year": 2026, "quarter": 3, "as_of": None}])
@pytest.mark.parametrize("scope", [CITY, {"scope": "department", "scope_id": "drc"}])
def test_chain_overview_agrees_with_chain_node_status_on_the_demo(demo_con, period, scope):
    _agree(demo_con, period, scope, TH)


def test_demo_chains_each_have_strong_weak_and_missing_nodes(demo_con):
    for period in (Y2023, {"year": 2026, "quarter": 3, "as_of": None}):
        got = run(demo_con, "chain_overview", **period, **CITY, **TH)
        assert len(got) == 8
        assert (got["strong"] > 0).all() and (got["weak"] > 0).all() and (got["missing"] > 0).all(), got


# -- the gap-closing panel of one node ------------------------------------------------------------
def test_chain_node_companies_lists_the_local_companies(con):
    got = run(con, "chain_node_companies", limit=None, offset=0, node_id="steel_smelt", **CITY)
    assert rows(got, ["company_id", "name_zh", "ownership", "size"]) == [
        ("c1", "嘉峪关钢铁制品有限公司", "local_soe", "large")]
    assert run(con, "chain_node_companies", limit=None, offset=0, node_id="steel_structure", **CITY).empty  # c3 is not local
    assert run(con, "chain_node_companies", limit=None, offset=0, node_id="steel_smelt", scope="chain", scope_id="new_energy").empty


def test_chain_node_projects_marks_the_operating_ones_at_the_as_of_date(con):
    got = run(con, "chain_node_projects", limit=None, offset=0, node_id="steel_structure", **Y2023, **CITY)
    assert rows(got, ["project_id", "stage", "is_operating", "contract_amount_wan", "park_zh"]) == [
        ("p3", "started", True, 2000.0, "嘉北工业园区"), ("p1", "operational", True, 1000.0, "嘉北工业园区")]


def test_chain_node_projects_lists_the_pipeline_first(con):
    # al_foil at 2024-06-30: not yet operating pa3 1500, pa7 1000, pa5 500; operating pa4 3000, pa2 2000,
    # pa1 1000, pa6 1000
    got = run(con, "chain_node_projects", limit=None, offset=0, node_id="al_foil", year=2024, quarter=2, as_of=None, **CITY)
    assert rows(got, ["project_id", "is_operating"]) == [
        ("pa3", False), ("pa7", False), ("pa5", False), ("pa4", True), ("pa2", True), ("pa1", True), ("pa6", True)]
    # at 2023-12-31 none of them was signed yet
    assert run(con, "chain_node_projects", limit=None, offset=0, node_id="al_foil", **Y2023, **CITY).empty


def test_chain_node_projects_includes_leads_since_the_as_of_date(con):
    # p6 has been a lead since 2023-10-01: in the pipeline at 2023-12-31, not at 2023-09-30
    got = run(con, "chain_node_projects", limit=None, offset=0, node_id="steel_smelt", **Y2023, **CITY)
    assert rows(got, ["project_id", "stage", "is_operating", "signed_date"]) == [("p6", "lead", False, None)]
    assert run(con, "chain_node_projects", limit=None, offset=0, node_id="steel_smelt", year=2023, quarter=3, as_of=None, **CITY).empty


def test_chain_node_targets_lists_open_targets(con):
    got = run(con, "chain_node_targets", limit=None, offset=0, node_id="ne_pv", as_of=dt.date(2023, 12, 31), **CITY)
    assert rows(got, ["company_id", "name_zh", "priority", "status", "owner_department_zh", "last_contact_date"]) == [
        ("c4", "华为技术有限公司", "b", "not_contacted", "市投资促进局", None)]
    every = {"limit": None, "offset": 0}
    assert rows(run(con, "chain_node_targets", **every, node_id="steel_structure", as_of=dt.date(2023, 12, 31), **CITY),
                ["company_id"]) == [("c3",)]
    # c3 is owned by d2
    assert run(con, "chain_node_targets", **every, node_id="steel_structure", as_of=dt.date(2023, 12, 31), scope="department",
                   scope_id="d1").empty


def test_chain_node_opportunities_with_park_and_resource(con):
    got = run(con, "chain_node_opportunities", limit=None, offset=0, node_id="ne_pv", **CITY)
    assert rows(got) == [("o3", "光伏组件配套招商项目", "嘉西光伏产业园", "光伏可开发装机", 5000.0, 1)]


def test_chain_node_projects_pages_in_the_database_and_counts_every_row(con):
    # al_foil at 2024-06-30 lists pa3, pa7, pa5, pa4, pa2, pa1, pa6 (above): its second page of three
    q2 = {"year": 2024, "quarter": 2, "as_of": None}
    got = run(con, "chain_node_projects", node_id="al_foil", **q2, **CITY, limit=3, offset=3)
    assert rows(got, ["project_id", "total_rows"]) == [("pa4", 7), ("pa2", 7), ("pa1", 7)]
    last = run(con, "chain_node_projects", node_id="al_foil", **q2, **CITY, limit=3, offset=6)
    assert rows(last, ["project_id", "total_rows"]) == [("pa6", 7)]


@pytest.mark.parametrize("name, params, first", [
    ("chain_node_companies", {"node_id": "steel_smelt"}, "c1"),
    ("chain_node_targets", {"node_id": "ne_pv", "as_of": dt.date(2023, 12, 31)}, "c4"),
    ("chain_node_opportunities", {"node_id": "ne_pv"}, "o3"),
])
def test_chain_node_lists_page_and_count(con, name, params, first):
    got = run(con, name, **params, **CITY, limit=1, offset=0)
    assert rows(got)[0][0] == first and list(got["total_rows"]) == [1]
    assert run(con, name, **params, **CITY, limit=1, offset=1).empty  # past the last row


@pytest.mark.parametrize("period, expected", [
    # f1 put 300 into p2 on 2023-01-10; the special fund 50 into p5 on 2023-12-01 (both new energy)
    (Y2023, [("f1", "产业发展引导基金", "guidance", 1, 300.0), ("special", "招商引资产业扶持专项资金", "special", 1, 50.0)]),
    ({"year": 2023, "quarter": 2, "as_of": None}, [("f1", "产业发展引导基金", "guidance", 1, 300.0)]),
    ({"year": 2022, "quarter": None, "as_of": None}, []),
])
def test_chain_funds_by_the_as_of_date(con, period, expected):
    assert rows(run(con, "chain_funds", chain_id="new_energy", **period, **CITY)) == expected


def test_chain_funds_of_a_chain_no_fund_invested_in(con):
    assert run(con, "chain_funds", chain_id="steel", **Y2023, **CITY).empty


def test_chain_link_list(con):
    assert rows(run(con, "chain_link_list", chain_id="steel", **CITY)) == [
        ("steel_ore", "steel_smelt"), ("steel_smelt", "steel_structure")]
    assert run(con, "chain_link_list", chain_id="steel", scope="chain", scope_id="new_energy").empty


# -- the resource map ---------------------------------------------------------------------------------
def test_resource_list_with_quantities_parks_and_chains(con):
    got = run(con, "resource_list", **CITY)
    assert rows(got) == [
        ("solar", "光伏可开发装机", "energy", 1000.0, "万千瓦", "嘉西光伏产业园", "新能源", 2),
        ("land_jiabei", "嘉北园区可用工业用地", "land", 1280.0, "公顷", "嘉北工业园区", "钢", 1),
        ("slag", "钢渣", "byproduct", 300.0, "万吨/年", "嘉北工业园区", "钢", 1),
        ("water", "讨赖河地表水", "water", 2.1, "亿立方米/年", None, "钢", 0),
    ]
    assert list(run(con, "resource_list", scope="chain", scope_id="new_energy")["resource_id"]) == ["solar"]


def test_a_chain_owner_of_two_chains_sees_the_resources_of_both(con):
    # the fence of an owner of two chains (zsgt.access) is scope_id 'new_energy,steel'
    both = {"scope": "chain", "scope_id": "new_energy,steel"}
    assert list(run(con, "resource_list", **both)["resource_id"]) == ["solar", "land_jiabei", "slag", "water"]
    got = run(con, "map_places", **both)
    assert list(got.loc[got["place"] == "resource", "place_id"]) == ["land_jiabei", "slag", "solar"]


def test_park_land(con):
    # by 2023-12-31: jiabei p1, p3 (p6 is an unsigned lead; pa* signed 2024), jiaxi p2, p4, p5
    got = run(con, "park_land", **Y2023, **CITY)
    assert rows(got, ["park_id", "available_land_ha", "resources", "projects", "opportunities"]) == [
        ("jiabei", 1280.0, 2, 2, 1), ("jiaxi", None, 1, 3, 2)]


def test_map_places_places_a_resource_without_coordinates_at_its_park(con):
    got = run(con, "map_places", **CITY)
    assert rows(got, ["place", "place_id", "kind", "lon", "lat", "quantity", "unit", "park_id"]) == [
        ("park", "jiabei", "park", 98.265, 39.865, 1280.0, "公顷", "jiabei"),
        ("park", "jiaxi", "park", 98.08, 39.745, None, "公顷", "jiaxi"),
        ("resource", "land_jiabei", "land", 98.265, 39.865, 1280.0, "公顷", "jiabei"),
        ("resource", "slag", "byproduct", 98.28, 39.83, 300.0, "万吨/年", "jiabei"),
        ("resource", "solar", "energy", 98.08, 39.74, 1000.0, "万千瓦", "jiaxi"),
    ]  # water has no coordinates and no park: not on the map


def test_resource_flows_from_resources_to_nodes_to_projects(con):
    # by 2023-12-31: steel_structure p3 2000 + p1 1000 (fed by slag), ne_pv p4 5000 and ne_storage p2 3000
    # (both fed by solar); steel_smelt (fed by land_jiabei) has no signed project
    got = run(con, "resource_flows", **Y2023, **CITY, kind=None, top_projects=1)
    assert rows(got, ["link", "source_id", "target_id", "target_zh", "chain_zh", "value_wan", "projects"]) == [
        ("node_project", "ne_pv", "p4", "光伏组件项目", "新能源", 5000.0, 1),
        ("node_project", "ne_storage", "p2", "储能电站项目", "新能源", 3000.0, 1),
        # two projects on the node and top 1: the second is named too, rather than "其他 1 个项目"
        ("node_project", "steel_structure", "p3", "钢渣综合利用项目", "钢", 2000.0, 1),
        ("node_project", "steel_structure", "p1", "钢结构加工项目", "钢", 1000.0, 1),
        ("resource_node", "solar", "ne_pv", "光伏组件", "新能源", 5000.0, 1),
        ("resource_node", "solar", "ne_storage", "储能电站", "新能源", 3000.0, 1),
        ("resource_node", "slag", "steel_structure", "钢结构", "钢", 3000.0, 2),
        ("resource_node_empty", "land_jiabei", "steel_smelt", "钢铁冶炼", "钢", 0.0, 0),
    ]


def test_resource_flows_group_the_smaller_projects(con):
    got = run(con, "resource_flows", **Y2023, **CITY, kind="byproduct", top_projects=0)
    assert rows(got, ["link", "source_id", "target_id", "target_zh", "value_wan", "projects"]) == [
        ("node_project", "steel_structure", "steel_structure:rest", "其他 2 个项目", 3000.0, 2),
        ("resource_node", "slag", "steel_structure", "钢结构", 3000.0, 2),
    ]


def test_resource_flows_share_a_node_equally_among_its_resources(demo_con):
    # in the demo, the storage node is fed by solar and by the Gobi land: each link carries half
    got = run(demo_con, "resource_flows", **Y2023, **CITY, kind=None, top_projects=2)
    storage = got[(got["link"] == "resource_node") & (got["target_id"] == "new_energy_storage")]
    projects = got[(got["link"] == "node_project") & (got["source_id"] == "new_energy_storage")]
    assert sorted(storage["source_id"]) == ["land_jiaxi", "solar"]
    half = float(projects["value_wan"].astype(float).sum()) / 2
    assert storage["value_wan"].astype(float).tolist() == [pytest.approx(half, abs=0.01)] * 2


# -- the fund map ------------------------------------------------------------------------------------------
def test_fund_overview_with_share_deployed_and_leverage(con):
    # f1: 300 into p2 (contract 3000): 3 % of 10000 deployed, leverage 10; special: 50 into p5 (1000): no
    # leverage for a subsidy
    got = run(con, "fund_overview", **Y2023, **CITY)
    assert rows(got, ["fund_id", "kind", "size_wan", "invested_wan", "deployed_share", "projects",
                      "backed_contract_wan", "leverage"]) == [
        ("f1", "guidance", 10000.0, 300.0, 0.03, 1, 3000.0, 10.0),
        ("special", "special", 1000.0, 50.0, 0.05, 1, 1000.0, None),
    ]


def test_fund_overview_counts_investments_by_the_as_of_date(con):
    got = run(con, "fund_overview", year=2022, quarter=None, as_of=None, **CITY)
    assert rows(got, ["fund_id", "invested_wan", "projects", "leverage"]) == [("f1", 0.0, 0, None),
                                                                              ("special", 0.0, 0, None)]
    # a chain scope lists only the funds that invested in it
    assert run(con, "fund_overview", **Y2023, scope="chain", scope_id="steel").empty


@pytest.mark.parametrize("period, expected", [
    (Y2023, [("f1", "new_energy", "p2", "started", 300.0, dt.date(2023, 1, 10)),
             ("special", "new_energy", "p5", "procedures", 50.0, dt.date(2023, 12, 1))]),
    ({"year": 2023, "quarter": 1, "as_of": None}, [("f1", "new_energy", "p2", "started", 300.0, dt.date(2023, 1, 10))]),
    ({"year": 2023, "quarter": None, "as_of": dt.date(2023, 11, 30)},
     [("f1", "new_energy", "p2", "started", 300.0, dt.date(2023, 1, 10))]),
])
def test_fund_flows_in_the_period(con, period, expected):
    got = run(con, "fund_flows", **period, **CITY, limit=None, offset=0)
    assert rows(got, ["fund_id", "chain_id", "project_id", "stage", "amount_wan", "invested_date"]) == expected


def test_fund_flows_pages_in_the_database_and_counts_every_row(con):
    first = run(con, "fund_flows", **Y2023, **CITY, limit=1, offset=0)
    assert rows(first, ["fund_id", "project_id", "amount_wan", "total_rows"]) == [("f1", "p2", 300.0, 2)]
    second = run(con, "fund_flows", **Y2023, **CITY, limit=1, offset=1)
    assert rows(second, ["fund_id", "project_id", "amount_wan", "total_rows"]) == [("special", "p5", 50.0, 2)]


def test_rates_by_fund_backing_splits_the_cohort(con):
    # 2023 cohort p3, p4, p5; p5 fund-backed (special, 2023-12-01): 0/1 started, 200/1000 arrived;
    # p3, p4: 1/2 started (weighted 2000/7000), arrived 1000 + 1000 of 7000
    got = run(con, "rates_by_fund_backing", **PERIOD_COHORT, **Y2023, **CITY)
    assert rows(got) == [
        (True, 1, 0, 0.0, 0.0, 200.0, 1000.0, 0.2),
        (False, 2, 1, 0.5, round(2 / 7, 6), 2000.0, 7000.0, round(2 / 7, 6)),
    ]


def test_rates_by_fund_backing_counts_backing_by_the_as_of_date(con):
    # at 2023-09-30 the special fund has not paid p5 yet: nobody is fund-backed; p5's Q4 arrival is out
    got = run(con, "rates_by_fund_backing", **PERIOD_COHORT, year=2023, quarter=None, as_of=dt.date(2023, 9, 30), **CITY)
    assert rows(got) == [(True, 0, 0, None, None, 0.0, None, None),
                         (False, 3, 1, round(1 / 3, 6), 0.25, 2000.0, 8000.0, 0.25)]


def _agree_with_metrics(con, period, scope):
    split = run(con, "rates_by_fund_backing", **PERIOD_COHORT, **period, **scope)
    start = one(run(con, "contract_to_start_rate", **PERIOD_COHORT, **period, **scope))
    arrival = one(run(con, "fund_arrival_rate", **PERIOD_COHORT, **period, **scope))
    assert int(split["cohort"].sum()) == start["cohort"]
    assert int(split["started"].sum()) == start["started"]
    assert round(float(split["arrived_wan"].astype(float).sum()), 2) == round(arrival["arrived_wan"] or 0.0, 2)
    contract = split["contract_wan"].dropna().astype(float).sum()
    assert round(float(contract), 2) == round(arrival["contract_wan"] or 0.0, 2)


@pytest.mark.parametrize("period", [Y2023, {"year": 2022, "quarter": None, "as_of": None},
                                    {"year": 2024, "quarter": 1, "as_of": None},
                                    {"year": 2023, "quarter": None, "as_of": dt.date(2023, 9, 30)}])
@pytest.mark.parametrize("scope", [CITY, {"scope": "chain", "scope_id": "new_energy"},
                                   {"scope": "department", "scope_id": "d2"}])
def test_rates_by_fund_backing_add_up_to_the_metric_queries_on_the_fixture(con, period, scope):
    _agree_with_metrics(con, period, scope)


@pytest.mark.parametrize("period", [Y2023, {"year": 2025, "quarter": 2, "as_of": None},
                                    {"year": 2024, "quarter": None, "as_of": dt.date(2024, 8, 31)}])
@pytest.mark.parametrize("scope", [CITY, {"scope": "chain", "scope_id": "steel"}])
def test_rates_by_fund_backing_add_up_to_the_metric_queries_on_the_demo(demo_con, period, scope):
    _agree_with_metrics(demo_con, period, scope)


@pytest.mark.parametrize("period, scope, expected", [
    (Y2023, CITY, [(2023, 50.0, 1, 1000, 0.05, True)]),
    ({"year": 2024, "quarter": None, "as_of": None}, CITY,
     [(2023, 50.0, 1, 1000, 0.05, False), (2024, 0.0, 0, 1000, 0.0, True)]),
    # as of 2023-11-30 the 50 of 2023-12-01 is not committed yet
    ({"year": 2023, "quarter": None, "as_of": dt.date(2023, 11, 30)}, CITY, [(2023, 0.0, 0, 1000, 0.0, True)]),
    (Y2023, {"scope": "chain", "scope_id": "steel"}, [(2023, 0.0, 0, 1000, 0.0, True)]),
])
def test_special_fund_by_year_against_the_yearly_1000(con, period, scope, expected):
    got = run(con, "special_fund_by_year", **period, **scope, yearly_wan=1000)
    assert rows(got) == expected


# -- the opportunity list ------------------------------------------------------------------------------
NO_FILTER = {"chain_id": None, "node_id": None, "park_id": None, "resource_id": None, "min_wan": None,
             "max_wan": None, "search": None}


def test_opportunity_list_with_chain_node_park_and_resource(con):
    got = run(con, "opportunity_list", **CITY, **NO_FILTER)
    assert rows(got, ["opportunity_id", "chain_zh", "node_zh", "segment", "park_zh", "resource_zh", "resource_kind",
                      "resource_quantity", "resource_unit", "investment_wan"]) == [
        ("o1", "钢", "钢结构", "downstream", "嘉北工业园区", "钢渣", "byproduct", 300.0, "万吨/年", 30000.0),
        ("o2", "新能源", "储能电站", "midstream", "嘉西光伏产业园", "光伏可开发装机", "energy", 1000.0, "万千瓦", 80000.0),
        ("o3", "新能源", "光伏组件", "midstream", "嘉西光伏产业园", "光伏可开发装机", "energy", 1000.0, "万千瓦", 5000.0),
        ("o4", "铝", "铝箔", "downstream", None, None, None, None, None, 12000.0),
    ]


@pytest.mark.parametrize("filters, expected", [
    ({"search": "光伏"}, ["o3"]),
    ({"search": "招商"}, ["o1", "o2", "o3", "o4"]),
    ({"search": "%"}, []),  # bound as a value: no wildcard
    ({"chain_id": "new_energy", "min_wan": 10000}, ["o2"]),
    ({"park_id": "jiaxi"}, ["o2", "o3"]),
    ({"resource_id": "solar", "max_wan": 5000}, ["o3"]),
    ({"min_wan": 5000, "max_wan": 12000}, ["o3", "o4"]),  # both ends included
    ({"node_id": "al_foil"}, ["o4"]),
])
def test_opportunity_list_filters_in_sql(con, filters, expected):
    got = run(con, "opportunity_list", **CITY, **{**NO_FILTER, **filters})
    assert list(got["opportunity_id"]) == expected


def test_opportunity_list_in_a_chain_scope(con):
    got = run(con, "opportunity_list", scope="chain", scope_id="steel", **NO_FILTER)
    assert list(got["opportunity_id"]) == ["o1"]


def test_opportunity_options_only_what_opportunities_have(con):
    got = run(con, "opportunity_options", **CITY, chain_id=None)
    assert rows(got, ["facet", "option_id", "min_wan", "max_wan"]) == [
        ("chain", "steel", None, None), ("chain", "new_energy", None, None), ("chain", "aluminium", None, None),
        ("node", "steel_structure", None, None), ("node", "ne_pv", None, None), ("node", "ne_storage", None, None),
        ("node", "al_foil", None, None),
        ("park", "jiabei", None, None), ("park", "jiaxi", None, None),
        ("range", None, 5000.0, 80000.0),
        ("resource", "slag", None, None), ("resource", "solar", None, None),
    ]
    nodes = run(con, "opportunity_options", **CITY, chain_id="new_energy")
    assert list(nodes.loc[nodes["facet"] == "node", "option_id"]) == ["ne_pv", "ne_storage"]


# -- fund_sankey: the Sankey's rows, bounded in the database ----------------------------------------
@pytest.fixture(scope="module")
def more_flows(fixture_path, tmp_path_factory):
    """The fixture with two more fund investments in 2023: f1 → p3 (steel) 100, special → p4 (new energy) 20."""
    from fixture import copy_store
    from zsgt import store

    path = copy_store(fixture_path, tmp_path_factory.mktemp("flows") / "flows.duckdb",
                      "insert into fund_investments values ('f1', 'p3', 100.00, '2023-03-01'), "
                      "('special', 'p4', 20.00, '2023-06-01')")
    c = store.open_store(path)
    yield c
    c.close()


SANKEY = ["fund_id", "chain_id", "project_id", "amount_wan", "funds_other", "projects_other", "projects_total"]


def test_fund_sankey_names_the_largest_projects_and_sums_the_rest_per_fund_and_chain(more_flows):
    # 4 projects, more than most=3: the 2 largest (p2 300, p3 100) named, p5 50 + p4 20 one "other" row
    got = run(more_flows, "fund_sankey", **Y2023, **CITY, most=3)
    assert rows(got, SANKEY) == [("f1", "new_energy", "p2", 300.0, 0, 2, 4), ("f1", "steel", "p3", 100.0, 0, 2, 4),
                                 ("special", "new_energy", None, 70.0, 0, 2, 4)]
    assert list(got["projects_other_names"].iloc[0]) == ["绿电外送项目", "光伏组件项目"]  # largest first


def test_fund_sankey_merges_the_funds_too_and_keeps_every_amount(more_flows):
    got = run(more_flows, "fund_sankey", **Y2023, **CITY, most=1)
    assert rows(got, SANKEY) == [(None, "new_energy", None, 370.0, 2, 4, 4), (None, "steel", None, 100.0, 2, 4, 4)]
    assert list(got["funds_other_names"].iloc[0]) == ["产业发展引导基金", "招商引资产业扶持专项资金"]
    every = run(more_flows, "fund_flows", **Y2023, **CITY, limit=None, offset=0)
    assert float(got["amount_wan"].sum()) == float(every["amount_wan"].sum()) == 470.0


def test_fund_sankey_names_every_fund_and_project_when_they_fit(con):
    got = run(con, "fund_sankey", **Y2023, **CITY, most=12)
    assert rows(got, SANKEY) == [("f1", "new_energy", "p2", 300.0, 0, 0, 2), ("special", "new_energy", "p5", 50.0, 0, 0, 2)]
    assert run(con, "fund_sankey", **Y2023, scope="chain", scope_id="steel", most=12).empty
