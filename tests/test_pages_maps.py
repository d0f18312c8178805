"""Issue 3's pages in AppTest: the values they show on the fixture store, and a widget interaction each
(a node picked on the chain map, a resource kind, a period, a search). Figures are in
tests/test_queries_maps.py and tests/test_figures_maps.py."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from helpers import render

ROOT = Path(__file__).resolve().parent.parent


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
                     + [i.value for i in at.info] + [w.value for w in at.warning])


def frames(at: AppTest) -> str:
    return "\n".join(d.value.to_string() for d in at.dataframe)


# -- 产业链招商图谱 -------------------------------------------------------------------------------------
def test_chain_map_opens_on_the_first_missing_node_of_the_first_chain(fixture_path, monkeypatch,
                                                                      clear_streamlit_caches):
    at = render("chain_map.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert at.title[0].value == "产业链招商图谱"
    assert at.selectbox(key="chain_map_chain").value == "steel"
    assert at.selectbox(key="chain_map_node_steel").value == "steel_ore"
    body = texts(at)
    assert "补链清单：铁矿石采选（缺失）" in body
    assert "联系市领导：**市长** · 牵头部门：**市工业和信息化局**" in body
    # the thresholds are stated on the page
    assert "≥1 个且本地企业 ≥2 家" in body
    assert "本环节还没有本地企业。" in body and "本环节没有待招的目标企业，建议补充目标企业清单。" in body
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["强环节"], metrics["弱环节"], metrics["缺失环节"], metrics["签约额（亿元）"]) == ("0 / 3", "2", "1", "0.20")


def test_chain_map_picking_a_node_shows_what_could_fill_it(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("chain_map.py", fixture_path, monkeypatch, period="2023")
    at.selectbox(key="chain_map_node_steel").select("steel_structure").run()
    assert not at.exception
    body, tables = texts(at), frames(at)
    assert "补链清单：钢结构（弱）" in body
    assert "本地企业 **0** 家 · 在营项目 **2** 个" in body
    for shown in ["钢渣综合利用项目", "钢结构加工项目", "河北文丰钢铁有限公司", "钢渣微粉招商项目"]:
        assert shown in tables, shown
    assert "截至所选日期，还没有基金投资这条产业链。" in body


def test_chain_map_node_lists_page_with_their_count_and_export_every_row(fixture_path, monkeypatch,
                                                                        clear_streamlit_caches):
    # al_foil at 2024-06-30 has 7 projects (pa3, pa7, pa5, pa4, pa2, pa1, pa6): three to a page here
    from zsgt import export, ui

    monkeypatch.setattr(ui, "PAGE_SIZE", 3)
    at = render("chain_map.py", fixture_path, monkeypatch, period="2024Q2", cm_chain="aluminium", cm_node="al_foil")
    assert not at.exception
    projects = next(d.value for d in at.dataframe if "stage" in d.value.columns)
    assert len(projects) == 3 and "钢" not in "".join(projects["name_zh"])
    assert "共 7 条，显示第 1–3 条（第 1 / 3 页）" in texts(at)
    at.number_input(key="cm_projects_page").set_value(3).run()
    projects = next(d.value for d in at.dataframe if "stage" in d.value.columns)
    assert len(projects) == 1
    assert "共 7 条，显示第 7–7 条（第 3 / 3 页）" in texts(at)
    assert at.query_params["cm_projects_page"] == "3"
    # the export holds every row, whatever page is shown
    written = export.csv_bytes(at.session_state["_exports"]["cm_projects_page_export"]()).decode("utf-8-sig")
    assert len(written.strip().splitlines()) == 1 + 7
    # another node starts on its first page
    at.selectbox(key="chain_map_chain").select("steel").run()
    assert not at.exception
    assert at.session_state["cm_projects_page"] == 1


def test_chain_map_node_lists_in_english_page_too(fixture_path, monkeypatch, clear_streamlit_caches):
    from zsgt import ui

    monkeypatch.setattr(ui, "PAGE_SIZE", 3)
    at = render("chain_map.py", fixture_path, monkeypatch, period="2024Q2", cm_chain="aluminium", cm_node="al_foil",
                lang="en")
    assert not at.exception
    assert "7 rows, showing 1–3 (page 1 of 3)" in texts(at)


def test_chain_map_picking_another_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("chain_map.py", fixture_path, monkeypatch, period="2023")
    at.selectbox(key="chain_map_chain").select("new_energy").run()
    assert not at.exception
    assert at.selectbox(key="chain_map_node_new_energy").value == "ne_pv"
    at.selectbox(key="chain_map_node_new_energy").select("ne_storage").run()
    body, tables = texts(at), frames(at)
    assert "补链清单：储能电站（弱）" in body
    assert "产业发展引导基金" in tables and "储能电池招商项目" in tables


def test_chain_map_a_chain_scope_fixes_the_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("chain_map.py", fixture_path, monkeypatch, period="2023", chain="aluminium")
    assert not at.exception
    box = at.selectbox(key="chain_map_chain")
    assert (box.value, box.disabled) == ("aluminium", True)
    assert "补链清单：铝箔（缺失）" in texts(at)


def test_chain_map_in_english(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("chain_map.py", fixture_path, monkeypatch, period="2023", lang="en")
    assert not at.exception
    assert at.title[0].value == "Industry-chain map"
    assert "Filling the gap: Iron ore (Missing)" in texts(at)


def test_chain_map_on_the_demo_has_strong_nodes(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("chain_map.py", demo_path, monkeypatch, period="2023")
    assert not at.exception
    strong = int(at.metric[0].value.split(" / ")[0])
    assert strong > 0


# -- 资源招商图谱 ----------------------------------------------------------------------------------------
def test_resource_map_lists_resources_and_what_nothing_uses_yet(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("resource_map.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert at.title[0].value == "资源招商图谱"
    tables = frames(at)
    for shown in ["光伏可开发装机", "1,000 万千瓦", "1,280 公顷", "2.1 亿立方米/年"]:
        assert shown in tables, shown
    assert "以下资源对接的环节还没有项目（招商空间）：嘉北园区可用工业用地 → 钢铁冶炼" in texts(at)


def test_resource_map_picking_a_kind(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("resource_map.py", fixture_path, monkeypatch, period="2023")
    at.button_group(key="resource_map_kind").set_value("byproduct").run()
    assert not at.exception
    assert "以下资源对接的环节还没有项目" not in texts(at)  # land is not a by-product
    assert "每个环节列出签约额最大的 2 个项目" in texts(at)


# -- 基金招商图谱 ----------------------------------------------------------------------------------------
def test_fund_map_shows_funds_rates_and_the_special_fund(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("fund_map.py", fixture_path, monkeypatch, period="2023", cohort="period")
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    assert m["基金总规模（不含专项资金）"] == "1.00 亿元"
    assert m["总体撬动比"] == "1 : 10.0"
    assert (m["2023年已安排"], m["占年度 1000 万元的比例"], m["获支持项目"]) == ("50.00 万元", "5.0%", "1 个")
    body = texts(at)
    assert "开工 0/1，开工率 0.0%；到位 0.02 / 合同额 0.10 亿元，到位率 20.0%" in body
    assert "开工 1/2，开工率 50.0%" in body
    assert "绿电外送项目" in frames(at)


def test_fund_map_pages_the_fund_money_list_and_exports_all_of_it(fixture_path, monkeypatch, clear_streamlit_caches):
    # 2023: f1 300 into p2, the special fund 50 into p5; one to a page here
    from zsgt import export, ui

    monkeypatch.setattr(ui, "PAGE_SIZE", 1)
    at = render("fund_map.py", fixture_path, monkeypatch, period="2023", fund_flows_page="2")
    assert not at.exception
    listed = next(d.value for d in at.dataframe if "fund_zh" in d.value.columns)
    assert list(listed["project_zh"]) == ["绿电外送项目"]
    assert "共 2 条，显示第 2–2 条（第 2 / 2 页）" in texts(at)
    written = export.csv_bytes(at.session_state["_exports"]["fund_flows_export"]()).decode("utf-8-sig")
    assert len(written.strip().splitlines()) == 1 + 2
    # the Sankey still draws every project's money
    import json

    # the chart whose trace is a Sankey (every chart's template names "sankey" too)
    sankey = next(spec for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                  if spec["data"] and spec["data"][0].get("type") == "sankey")
    assert {"储能电站项目", "绿电外送项目"} <= set(sankey["data"][0]["node"]["label"])


def test_fund_map_picking_a_year_with_no_fund_money(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("fund_map.py", fixture_path, monkeypatch, period="2023")
    box = at.sidebar.selectbox[0]
    box.select(next(o for o in box.options if o.startswith("2024年"))).run()
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    assert m["2024年已安排"] == "0.00 万元"


# -- 投资机会清单 ----------------------------------------------------------------------------------------
def test_opportunities_lists_and_searches(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("opportunities.py", fixture_path, monkeypatch)
    assert not at.exception
    assert "共 **4** 个投资机会，合计投资额 **12.70** 亿元。" in texts(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["编号", "机会名称", "产业链", "产业链环节", "链段", "园区", "依托资源", "资源类别",
                                   "资源数量", "投资额（万元）"]
    at.text_input(key="opp_search").input("光伏").run()
    assert "共 **1** 个投资机会，合计投资额 **0.50** 亿元。" in texts(at)
    assert list(at.dataframe[0].value["编号"]) == ["o3"]


def test_opportunities_filter_by_chain_then_node(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("opportunities.py", fixture_path, monkeypatch)
    at.selectbox(key="opp_chain").select("new_energy").run()
    assert list(at.dataframe[0].value["编号"]) == ["o2", "o3"]
    node = at.selectbox(key="opp_node")
    assert node.options == ["全部", "光伏组件", "储能电站"]
    node.select("ne_storage").run()
    assert list(at.dataframe[0].value["编号"]) == ["o2"]


def test_opportunities_with_nothing_found_say_so(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("opportunities.py", fixture_path, monkeypatch)
    at.text_input(key="opp_search").input("没有这个").run()
    assert not at.exception
    assert "没有符合筛选条件的投资机会，请放宽条件。" in texts(at)
