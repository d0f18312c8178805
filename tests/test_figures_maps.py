"""Issue 3's figure builders alone: what each figure holds (cells, colours, positions, values, labels),
built from the fixture store's query results (see tests/test_queries_maps.py for those rows)."""

import math

import pandas as pd
import pytest

from zsgt import figures_maps as fm
from zsgt.maps import STATUS_THRESHOLDS
from helpers import PERIOD_COHORT
from zsgt.store import run

Y2023 = {"year": 2023, "quarter": None, "as_of": None}
CITY = {"scope": "city", "scope_id": None}
TH = dict(STATUS_THRESHOLDS)


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def _is_empty(fig, message: str) -> bool:
    return len(fig.data) == 0 and message in _annotations(fig)


@pytest.fixture
def nodes(con):
    return run(con, "chain_node_status", **Y2023, **CITY, chain_id=None, **TH)


@pytest.fixture
def steel(con):
    return (run(con, "chain_node_status", **Y2023, **CITY, chain_id="steel", **TH),
            run(con, "chain_link_list", chain_id="steel", **CITY))


# -- the chain overview grid ----------------------------------------------------------------------
def test_chain_grid_has_one_cell_per_node_coloured_by_status(nodes):
    fig = fm.chain_grid(nodes, "t", TH)
    cells = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(cells) == 7
    # in row order: steel ore (missing), smelt (weak), structure (weak), ne_pv, ne_storage, ne_grid, al_foil
    assert [c.fillcolor for c in cells] == [fm.STATUS_FILL[s] for s in
                                            ["missing", "weak", "weak", "missing", "weak", "missing", "missing"]]
    assert [c.line.color for c in cells][:2] == [fm.STATUS_COLORS["missing"], fm.STATUS_COLORS["weak"]]
    cells_trace = fig.data[0]
    assert [list(c) for c in cells_trace.customdata][:3] == [["steel", "steel_ore"], ["steel", "steel_smelt"],
                                                             ["steel", "steel_structure"]]


def test_chain_grid_rows_are_chains_with_their_counts(nodes):
    fig = fm.chain_grid(nodes, "t", TH)
    assert list(fig.layout.yaxis.tickvals) == [0, -1, -2]
    assert list(fig.layout.yaxis.ticktext) == ["<b>钢</b><br>强 0 · 弱 2 · 缺 1", "<b>新能源</b><br>强 0 · 弱 1 · 缺 2",
                                              "<b>铝</b><br>强 0 · 弱 0 · 缺 1"]
    # the legend names the three statuses with the thresholds in force
    assert [d.name for d in fig.data[1:]] == ["强（在营项目≥1且本地企业≥2）", "弱（有本地基础）", "缺失（无本地企业、无在营项目）"]


def test_chain_grid_columns_are_the_three_segments(nodes):
    fig = fm.chain_grid(nodes, "t", TH)
    assert [t for t in _annotations(fig) if t.startswith("<b>")] == ["<b>上游</b>", "<b>中游</b>", "<b>下游</b>"]
    xs = dict(zip([c[1] for c in fig.data[0].customdata], fig.data[0].x))
    # one block per segment: ne_pv and ne_storage side by side in the midstream block, ne_grid downstream
    assert xs["ne_storage"] - xs["ne_pv"] == pytest.approx(1)
    assert xs["steel_ore"] < xs["steel_smelt"] < xs["steel_structure"]


def test_chain_grid_of_nothing_says_so():
    assert _is_empty(fm.chain_grid(pd.DataFrame(), "t", TH), "所选范围和统计期内没有数据。")


# -- the one-chain diagram ------------------------------------------------------------------------
def test_node_positions_upstream_to_downstream(steel):
    nodes, links = steel
    assert fm.node_positions(nodes, links) == {"steel_ore": (0.0, 0.0), "steel_smelt": (1.0, 0.0),
                                               "steel_structure": (2.0, 0.0)}


def test_node_positions_order_a_segment_by_its_suppliers():
    # b2 is supplied by the top upstream node a1, b1 by the bottom one a2: b2 goes on top
    nodes = pd.DataFrame({"node_id": ["a1", "a2", "b1", "b2"],
                          "segment": ["upstream", "upstream", "midstream", "midstream"]})
    links = pd.DataFrame({"from_node_id": ["a1", "a2"], "to_node_id": ["b2", "b1"]})
    assert fm.node_positions(nodes, links) == {"a1": (0.0, 0.5), "a2": (0.0, -0.5), "b2": (1.0, 0.5),
                                               "b1": (1.0, -0.5)}


def test_chain_diagram_colours_sizes_and_links(steel):
    nodes, links = steel
    fig = fm.chain_diagram(nodes, links, "t", TH, selected="steel_structure")
    by_name = {d.name: d for d in fig.data}
    strong, weak, missing = (by_name[n] for n in fm.status_legend(TH).values())
    assert len(strong.x or []) == 0
    assert [c[0] for c in weak.customdata] == ["steel_smelt", "steel_structure"]
    assert [c[0] for c in missing.customdata] == ["steel_ore"]
    assert weak.marker.color == fm.STATUS_FILL["weak"] and missing.marker.line.color == fm.STATUS_COLORS["missing"]
    # sized by contract amount invested: steel_structure has all of it (3000), the others none
    assert list(weak.marker.size) == [24, 64]
    assert list(weak.x) == [1.0, 2.0]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2
    # the link into the picked node is drawn heavier
    assert [a.arrowwidth for a in arrows] == [1.4, 2.6]
    halo = by_name["当前选中环节"]
    assert (list(halo.x), list(halo.y), halo.customdata[0][0]) == ([2.0], [0.0], "steel_structure")


def test_chain_diagram_labels_say_local_companies_and_operating_projects(steel):
    nodes, links = steel
    fig = fm.chain_diagram(nodes, links, "t", TH)
    weak = next(d for d in fig.data if d.name == fm.status_legend(TH)["weak"])
    assert list(weak.text) == ["<b>钢铁冶炼</b><br>本地1 · 在营0", "<b>钢结构</b><br>本地0 · 在营2"]
    assert "当前选中环节" not in [d.name for d in fig.data]


def test_chain_diagram_of_an_empty_chain_says_so():
    fig = fm.chain_diagram(pd.DataFrame(), pd.DataFrame({"from_node_id": [], "to_node_id": []}), "t", TH)
    assert _is_empty(fig, "所选范围和统计期内没有数据。")


# -- the resource map --------------------------------------------------------------------------------
@pytest.fixture
def flows(con):
    return run(con, "resource_flows", **Y2023, **CITY, kind=None, top_projects=1)


def test_resource_sankey_resource_to_node_to_project_in_yi(flows):
    fig = fm.resource_sankey(flows, "t")
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    # nodes in order of first appearance: ne_pv → p4, ne_storage → p2, steel_structure → p3, p1, then resources;
    # a node's chain is its colour and in its hover, so that its label keeps short
    assert labels == ["光伏组件", "光伏组件项目", "储能电站", "储能电站项目", "钢结构",
                      "钢渣综合利用项目", "钢结构加工项目", "光伏可开发装机", "钢渣"]
    assert list(sankey.node.customdata)[:3] == ["光伏组件（新能源）", "光伏组件项目", "储能电站（新能源）"]
    assert list(sankey.node.customdata)[-1] == "钢渣（工业副产品）"
    assert list(sankey.link.value) == [0.5, 0.3, 0.2, 0.1, 0.5, 0.3, 0.3]
    # the empty pair (land → steel smelting) is not drawn
    assert "钢铁冶炼" not in labels
    assert sankey.node.color[labels.index("钢渣")] == fm.RESOURCE_KIND_COLORS["byproduct"]


def test_resource_sankey_without_projects_counts_them_in_the_labels(flows):
    sankey = fm.resource_sankey(flows, "t", with_projects=False).data[0]
    assert list(sankey.node.label) == ["光伏可开发装机", "光伏组件 · 1个项目", "储能电站 · 1个项目",
                                       "钢渣", "钢结构 · 2个项目"]


def test_resource_sankey_with_no_flows_says_so(flows):
    empty = flows[flows["link"] == "resource_node_empty"]
    assert _is_empty(fm.resource_sankey(empty, "t"), "所选资源类别和范围内还没有项目使用这些资源。")


def test_resource_map_draws_offline_with_equal_scale(con):
    places = run(con, "map_places", **CITY)
    fig = fm.resource_map(places, "t")
    # plain cartesian scatter only: no geo / mapbox / map traces, which fetch base maps from a CDN
    assert {d.type for d in fig.data} == {"scatter"}
    used = fig.layout.to_plotly_json()
    assert not {"geo", "mapbox", "map"} & set(used)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis2.scaleanchor == "x2"
    mid = (39.74 - 0.04 + 39.865 + 0.04) / 2
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(mid)))
    # the city box (dashed) around every point, and the enlarged part
    dashed = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert len(dashed) == 1 and dashed[0].x0 == pytest.approx(98.08 - 0.05) and dashed[0].y1 == pytest.approx(39.905)


def test_resource_map_names_parks_and_keeps_their_land_and_resources_for_the_hover(con):
    fig = fm.resource_map(run(con, "map_places", **CITY), "t")
    parks = [d for d in fig.data if d.name == "园区（方框）"][1]  # the enlarged panel
    assert list(parks.text) == ["<b>嘉北工业园区</b>", "<b>嘉西光伏产业园</b>"]
    assert list(parks.hovertext) == ["<b>嘉北工业园区</b><br>可用地 1,280 公顷<br>钢渣",
                                     "<b>嘉西光伏产业园</b><br>未登记可用地<br>光伏可开发装机"]
    # every resource of the fixture lies in a park: none is named on the map, each on its hover
    resources = [d for d in fig.data if d.name != "园区（方框）"]
    assert {x for d in resources for x in d.text} == {""}
    assert "<b>钢渣</b><br>工业副产品 · 300 万吨/年" in [h for d in resources for h in d.hovertext]
    # the dashed city box names itself in the legend, not in a note on the map
    assert [s.name for s in fig.layout.shapes if s.showlegend] == ["嘉峪关市域（示意：按坐标范围框定）"]
    assert fig.layout.legend.yref == "container"  # under the axis titles, however large the text
    kinds = [d.name for d in fig.data if d.showlegend]
    assert kinds == ["土地", "工业副产品", "能源", "园区（方框）"]
    colours = {d.name: d.marker.color for d in fig.data if d.showlegend and d.name != "园区（方框）"}
    assert colours["能源"] == fm.RESOURCE_KIND_COLORS["energy"]


def test_park_land_bars_in_hectares(con):
    fig = fm.park_land_bars(run(con, "park_land", **Y2023, **CITY), "t")
    assert list(fig.data[0].y) == ["嘉北工业园区"]  # jiaxi has no land recorded
    assert list(fig.data[0].x) == [1280.0]
    assert fig.layout.xaxis.title.text == "可用工业用地（公顷）"


# -- the fund map ------------------------------------------------------------------------------------
def test_fund_bars_show_deployed_share_and_leverage(con):
    fig = fm.fund_bars(run(con, "fund_overview", **Y2023, **CITY), "t")
    size, invested, leverage = fig.data
    # bottom to top: the special fund, then f1
    assert list(size.x) == [0.1, 1.0]
    assert list(invested.x) == [0.005, 0.03]
    assert list(invested.text) == ["已投 5.0%", "已投 3.0%"]
    assert list(leverage.text) == ["奖补资金，不计撬动比", "1 : 10.0"]


def test_fund_sankey_fund_to_chain_to_project(con):
    fig = fm.fund_sankey(run(con, "fund_flows", **Y2023, **CITY, limit=None, offset=0), "t")
    sankey = fig.data[0]
    assert list(sankey.node.label) == ["产业发展引导基金", "新能源", "招商引资产业扶持专项资金", "储能电站项目", "绿电外送项目"]
    assert list(sankey.link.value) == [300.0, 50.0, 300.0, 50.0]
    assert sankey.node.color[0] == fm.FUND_KIND_COLORS["guidance"]


def test_fund_sankey_with_nothing_invested_says_so(con):
    flows = run(con, "fund_flows", year=2021, quarter=None, as_of=None, **CITY, limit=None, offset=0)
    assert _is_empty(fm.fund_sankey(flows, "t"), "统计期内没有基金投资。")


def test_fund_backing_rates_in_percent(con):
    fig = fm.fund_backing_rates(run(con, "rates_by_fund_backing", **PERIOD_COHORT, **Y2023, **CITY), "t")
    backed, other = fig.data
    assert (backed.name, other.name) == ("基金支持项目（1 个）", "其他项目（2 个）")
    assert list(backed.y) == [0.0, 20.0]
    assert [round(v, 4) for v in other.y] == [50.0, round(200 / 7, 4)]
    assert list(backed.x) == ["签约项目开工率", "资金到位率"]


def test_fund_backing_rates_of_an_empty_cohort_say_so(con):
    rates = run(con, "rates_by_fund_backing", **PERIOD_COHORT, year=2021, quarter=None, as_of=None, **CITY)
    assert _is_empty(fm.fund_backing_rates(rates, "t"), "统计期内没有签约项目，无法比较。")


def test_special_fund_years_against_the_yearly_line(con):
    years = run(con, "special_fund_by_year", year=2024, quarter=None, as_of=None, **CITY, yearly_wan=1000)
    fig = fm.special_fund_years(years, "t")
    bars = fig.data[0]
    assert list(bars.x) == ["2023", "2024"] and list(bars.y) == [50.0, 0.0]
    assert list(bars.marker.color) == ["#F3D4A0", "#E8A33D"]  # the chosen year is the dark one
    line = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(line) == 1 and line[0].y0 == 1000
    assert "每年不少于 1,000 万元" in _annotations(fig)


# -- one way for every Sankey: short labels, a label line between nodes, "其他 n 个" beyond the room ------
def _many_flows(n: int) -> pd.DataFrame:
    """n projects, each with 100 万元 more than the one before, from two funds into two chains."""
    rows = [{"fund_id": f"f{i % 2}", "fund_zh": f"基金{i % 2}", "fund_kind": "guidance", "chain_id": f"c{i % 2}",
             "chain_zh": f"链{i % 2}", "chain_en": f"Chain {i % 2}", "color": "#4E79A7", "project_id": f"p{i:02d}",
             "project_zh": f"项目{i:02d}", "amount_wan": 100.0 * (i + 1)} for i in range(n)]
    return pd.DataFrame(rows)


def test_sankey_merges_the_smallest_nodes_of_a_full_column_into_others():
    sankey = fm.fund_sankey(_many_flows(20), "t").data[0]
    labels = list(sankey.node.label)
    projects = [x for x in labels if x.startswith("项目") or x.startswith("其他")]
    assert len(projects) == fm.SANKEY_COLUMN_NODES
    # the eleven largest by name, the nine smallest (100 … 900 万元) as one node
    assert sorted(projects[:-1]) == [f"项目{i:02d}" for i in range(9, 20)]
    assert projects[-1] == "其他 9 个项目" and "其他 9 个项目" in labels
    others = labels.index("其他 9 个项目")
    into = [v for d, v in zip(sankey.link.target, sankey.link.value) if d == others]
    assert sum(into) == sum(100.0 * (i + 1) for i in range(9))
    assert sankey.node.customdata[others].startswith("其他 9 个项目<br>项目08<br>")
    # nothing is lost: what leaves the funds reaches the projects
    funds = {labels.index("基金0"), labels.index("基金1")}
    assert sum(v for s, v in zip(sankey.link.source, sankey.link.value) if s in funds) == sum(
        100.0 * (i + 1) for i in range(20))


def test_sankey_labels_are_cut_short_with_the_full_name_on_hover():
    flows = _many_flows(2)
    flows.loc[0, "project_zh"] = "天津天昌食品科技现代农业产业园二期扩建项目"
    sankey = fm.fund_sankey(flows, "t").data[0]
    i = list(sankey.node.customdata).index("天津天昌食品科技现代农业产业园二期扩建项目")
    assert sankey.node.label[i] == "天津天昌食品科技现代农业产…"
    assert fm.text_width(sankey.node.label[i]) <= fm.SANKEY_LABEL_WIDTH
    assert fm.short_label("Jiayuguan steel slag comprehensive utilisation project") == "Jiayuguan steel slag…"


def test_sankey_nodes_stand_a_label_line_apart_also_in_the_meeting_mode():
    from zsgt.figures import for_room

    fig = fm.fund_sankey(_many_flows(20), "t")
    for f in (fig, for_room(fig)):
        sankey = f.data[0]
        assert sankey.node.pad >= 1.4 * sankey.textfont.size
    assert for_room(fig).data[0].textfont.size > fig.data[0].textfont.size
    # tall enough for its fullest column: every node a label line, with room for the flows
    assert fig.layout.height >= fm.SANKEY_COLUMN_NODES * (fig.data[0].node.pad + 14)


def test_resource_map_names_at_most_a_few_places_a_panel():
    far = pd.DataFrame([{"place": "resource", "place_id": f"r{i}", "name_zh": f"远处资源{i}", "kind": "mineral",
                         "lon": 97.5 + i * 0.01, "lat": 39.2, "quantity": 1.0, "unit": "万吨", "park_id": None,
                         "name_en": None} for i in range(15)])
    park = pd.DataFrame([{"place": "park", "place_id": "p", "name_zh": "园区", "kind": "park", "lon": 98.3,
                          "lat": 39.8, "quantity": 10.0, "unit": "公顷", "park_id": "p", "name_en": "Park"}])
    fig = fm.resource_map(pd.concat([park, far], ignore_index=True), "t")
    whole = [x for d in fig.data if d.xaxis == "x" and d.mode == "markers+text" for x in d.text if x]
    assert len(whole) == fm.MAP_LABELS
    hovers = [h for d in fig.data if d.xaxis == "x" for h in d.hovertext]
    assert sum("远处资源" in h for h in hovers) == 15  # every place still names itself on hover


@pytest.mark.parametrize("n, shown", [(0, 0), (12, 12), (13, 11), (3456, 11)])
def test_sankey_names_a_column_s_nodes_only_while_they_fit(n, shown):
    # the fund map's caption says how many projects the Sankey names, by the rule merge_small draws with
    assert fm.sankey_shown(n) == shown


def test_fund_sankey_draws_the_databases_other_rows_and_says_so_on_the_chart(tmp_path, fixture_path):
    from fixture import copy_store
    from zsgt import store

    path = copy_store(fixture_path, tmp_path / "flows.duckdb", "insert into fund_investments values "
                      "('f1', 'p3', 100.00, '2023-03-01'), ('special', 'p4', 20.00, '2023-06-01')")
    c = store.open_store(path)
    try:
        flows = run(c, "fund_sankey", **Y2023, **CITY, most=3)
    finally:
        c.close()
    fig = fm.fund_sankey(flows, "t")
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    assert labels == ["产业发展引导基金", "新能源", "钢", "招商引资产业扶持专项资金", "储能电站项目", "钢渣综合利用项目",
                      "其他 2 个项目"]
    others = labels.index("其他 2 个项目")
    assert sankey.node.customdata[others] == "其他 2 个项目<br>绿电外送项目<br>光伏组件项目"
    assert [v for d, v in zip(sankey.link.target, sankey.link.value) if d == others] == [70.0]
    assert "图中列出基金投入最多的 2 个项目，<br>其余 2 个项目在数据库中合计为“其他”（共 4 个项目）。" in _annotations(fig)
