"""AppTest checks of issue 5's pages on the fixture store: values shown and one interaction each."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import render

ROOT = Path(__file__).resolve().parent.parent


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                     + [w.value for w in at.warning])


# -- 目标企业清单 ----------------------------------------------------------------------------------
def test_targets_lists_the_fixture_targets_in_pinyin_order(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert "共 5 家企业符合条件 · 第 1/1 页" in texts(at)
    table = at.dataframe[0].value
    assert list(table["name_zh"]) == ["宝武铝业科技有限公司", "河北文丰钢铁有限公司", "华润电力控股有限公司",
                                      "华为技术有限公司", "中国中钢集团有限公司"]
    assert list(table["status"]) == ["洽谈中", "已接触", "已放弃", "未接触", "已拜访"]


def test_targets_open_on_the_page_of_the_url_and_a_new_filter_starts_on_page_1(fixture_path, monkeypatch,
                                                                              clear_streamlit_caches):
    from zsgt import targets

    monkeypatch.setattr(targets, "PAGE_SIZE", 2)
    at = render("targets.py", fixture_path, monkeypatch, tg_page="2")
    assert not at.exception
    assert list(at.dataframe[0].value["name_zh"]) == ["华润电力控股有限公司", "华为技术有限公司"]  # 3rd and 4th of 5
    assert "第 2/3 页" in texts(at) and at.query_params["tg_page"] == "2"
    at.text_input(key="tg_search").input("有限").run()
    assert "第 1/" in texts(at) and "tg_page" not in at.query_params


def test_targets_search_by_initials(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.text_input(key="tg_search").input("hw").run()
    assert "共 1 家企业符合条件" in texts(at)
    assert list(at.dataframe[0].value["name_zh"]) == ["华为技术有限公司"]


def test_targets_search_that_matches_nothing_says_so(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.text_input(key="tg_search").input("xyz").run()
    assert not at.exception
    assert "没有找到与“xyz”匹配的企业" in at.info[0].value
    assert not at.dataframe


def test_targets_filter_by_chain(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.multiselect(key="tg_chains").select("steel").run()
    assert list(at.dataframe[0].value["name_zh"]) == ["河北文丰钢铁有限公司"]
    assert "共 1 家企业符合条件" in texts(at)


def test_targets_company_view(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    at.checkbox(key="tg_targets_only").uncheck().run()
    at.selectbox(key="tg_company").select("c2").run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"签约项目": "3 个", "签约额": "0.90 亿元", "累计到位资金": "0.27 亿元", "基金投资": "350 万元",
                     "走访": "1 次"}
    assert "新能源 · 中游 · 储能电站" in texts(at)
    assert list(at.dataframe[1].value["name_zh"]) == ["绿电外送项目", "光伏组件项目", "储能电站项目"]


def test_targets_excel_export_past_the_row_limit_offers_the_csv(fixture_path, monkeypatch, clear_streamlit_caches):
    from zsgt import export

    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 5)  # a header and four rows: the five targets do not fit
    at = render("targets.py", fixture_path, monkeypatch, period="2023")
    assert "超过 Excel 单个工作表的上限" in at.warning[0].value
    assert [b.label for b in at.get("download_button")] == ["导出 CSV"]


# -- 产业链自查 ------------------------------------------------------------------------------------
STEEL_2023Q3 = (
    "钢产业链2023年第3季度：签约额 0.00 亿元，完成目标 0.0%，年度累计 0.20 亿元、完成年度目标 66.7%，上年同期为零，"
    "在 3 条产业链中并列第 2 位；到位资金 0.06 亿元，完成目标 120.0%，年度累计 0.13 亿元、完成年度目标 65.0%，"
    "上年同期为零，在 3 条产业链中排第 2 位；新签约项目 0 个，上年同期为零，在 3 条产业链中并列第 2 位；"
    "签约项目开工率（当期签约口径）：该口径下没有项目，不计；资金到位率（当期签约口径）：该口径下没有项目，不计。"
    "无滞后项目；督办任务均已办结。"
    "产业链缺失环节 1 个（铁矿石采选），这些环节尚未接触的目标企业 0 家。")


def test_self_review_of_a_chain_by_url(fixture_path, monkeypatch, clear_streamlit_caches):
    # steel, 2023 Q3: nothing signed (target 800; year to date p3 2000 of 3000), arrived p3 600 (target 500;
    # year to date 300 + 400 + 600 = 1300 of 2000); new_energy leads both; steel_ore has no local company
    # and no operating project
    at = render("self_review.py", fixture_path, monkeypatch, period="2023Q3", chain="steel", cohort="period")
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {
        "签约额": "0.00 亿元", "到位资金": "0.06 亿元", "新签约项目": "0 个", "签约项目开工率（当期签约口径）": "—",
        "资金到位率（当期签约口径）": "—"}
    assert at.code[0].value == STEEL_2023Q3
    # a rate with an empty cohort says why it is "—"
    assert "该口径下没有项目（2023-07-01 至 2023-09-30 签约的项目），不计算比率。" in texts(at)


def test_self_review_of_the_city_lists_the_chains_and_opens_one_by_link(fixture_path, monkeypatch,
                                                                       clear_streamlit_caches):
    at = render("self_review.py", fixture_path, monkeypatch, period="2023Q3")
    assert not at.metric
    links = list(at.dataframe[0].value["review"])
    assert len(links) == 3 and "chain=new_energy" in links[1]
    at = render("self_review.py", fixture_path, monkeypatch, period="2023Q3", chain="new_energy")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["签约额"] == "0.10 亿元"  # p5
    assert at.code[0].value.startswith("新能源产业链2023年第3季度：签约额 0.10 亿元")


def test_self_review_of_a_department_ranks_it_among_departments(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("self_review.py", fixture_path, monkeypatch, period="2023Q3", department="d2")
    assert not at.exception
    summary = at.code[0].value
    # d2 signed p5 1000 against its Q3 target 1000; the lagging p5 (planned start 2023-10-01 not passed
    # yet) is not late; its red task t1 is open past due
    assert summary.startswith("市工业和信息化局2023年第3季度：签约额 0.10 亿元，完成目标 100.0%")
    assert "在 2 个部门中排第 1 位" in summary
    assert "未办结督办任务 1 项，其中逾期 1 项" in summary


# -- 季度考核 --------------------------------------------------------------------------------------
def test_assessment_ranks_departments_and_marks_the_awards(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("assessment.py", fixture_path, monkeypatch, period="2023Q3")
    assert not at.exception
    shown = texts(at)
    assert "市工业和信息化局：排名由上季度第 2 位升至第 1 位（上升 1 位，得分 +53.6）" in shown
    assert "市工业和信息化局：签约额＋到位资金合计 0.16 亿元，居各部门之首" in shown
    table = at.dataframe[0].value
    assert list(zip(table["rank"], table["name_zh"], table["total"], table["award"])) == [
        ("1", "市工业和信息化局", 68.625, "进步奖、贡献奖"), ("2", "市投资促进局", 45.0, "")]
    assert "市工业和信息化局 总分 68.6 分，排第 1 位（共 2 个部门）" in shown


def test_assessment_explains_a_department_score(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("assessment.py", fixture_path, monkeypatch, period="2023Q3")
    at.selectbox(key="as_department").select("d1").run()
    explained = at.dataframe[1].value
    assert list(zip(explained["component"], explained["value"], explained["target"], explained["points"])) == [
        ("签约额完成率", "0.00 亿元", "0.15 亿元", 0.0), ("到位资金完成率", "0.10 亿元", "0.07 亿元", 42.0),
        ("签约项目开工率（当期签约口径·本年累计）", "0.0%", "80.0%", 0.0), ("牵头产业链新签约项目", "1", "—", 3.0),
        ("督办任务逾期扣分", "0", "—", 0.0)]
    assert [e.label for e in at.expander][:5] == [
        "签约额完成率：0.00 分 · 依据 0 项", "到位资金完成率：42.00 分 · 依据 1 项", "签约项目开工率：0.00 分 · 依据 1 项",
        "牵头产业链新签约项目：3.00 分 · 依据 1 项", "督办任务逾期扣分：0.00 分 · 依据 0 项"]


def test_assessment_what_if_moves_the_ranking(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("assessment.py", fixture_path, monkeypatch, period="2023Q3")
    assert "排名没有变化。" in texts(at)
    at.slider(key="as_w_signed_amount").set_value(0).run()
    at.slider(key="as_w_funds_arrived").set_value(70).run()
    assert "排名变化的部门：市投资促进局 2→1；市工业和信息化局 1→2" in texts(at)


def test_assessment_with_a_wrong_method_file_says_what_is_wrong(fixture_path, monkeypatch, tmp_path,
                                                                clear_streamlit_caches):
    from zsgt.config import assessment_path

    bad = tmp_path / "assessment.toml"
    bad.write_text(assessment_path().read_text(encoding="utf-8").replace("weight = 15", "weight = 25"),
                   encoding="utf-8")
    monkeypatch.setenv("ZSGT_ASSESSMENT", str(bad))
    at = render("assessment.py", fixture_path, monkeypatch, period="2023Q3")
    assert not at.exception
    assert "考核办法配置有误" in at.error[0].value and "与 full_score = 100 不一致" in at.error[0].value


def test_assessment_of_a_whole_year_scores_the_quarter_of_the_as_of_date(fixture_path, monkeypatch,
                                                                         clear_streamlit_caches):
    at = render("assessment.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert "显示截至日期所在的 2023年第4季度" in at.info[0].value
    assert [c.value for c in at.caption if c.value.startswith("2023年第4季度")]
    at = render("assessment.py", fixture_path, monkeypatch, period="2023", as_of="2023-06-30")
    assert "显示截至日期所在的 2023年第2季度" in at.info[0].value


# -- 奖补兑现 --------------------------------------------------------------------------------------
def test_incentives_of_2023(fixture_path, monkeypatch, clear_streamlit_caches):
    # p4 (李女士, fixed assets 4000 万元) is below the first tier (5000); the special fund put 50 万元 in p5
    at = render("incentives.py", fixture_path, monkeypatch, period="2023")
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {
        "有引荐人的签约项目": "1 个", "应兑现奖励": "0 万元", "待开工后兑现": "0 万元", "2023年已安排": "50 万元"}
    assert list(at.dataframe[0].value["status"]) == ["未达档"]
    assert "占年度额度 5.0%（1 个项目）" in texts(at)


def test_incentives_pay_by_the_tiers_of_the_method_file_once_started(fixture_path, monkeypatch, tmp_path,
                                                                      clear_streamlit_caches):
    from zsgt.config import assessment_path

    text = assessment_path().read_text(encoding="utf-8").replace("min_wan = 5000\n", "min_wan = 3000\n")
    (tmp_path / "assessment.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("ZSGT_ASSESSMENT", str(tmp_path / "assessment.toml"))
    at = render("incentives.py", fixture_path, monkeypatch, period="2023")
    assert {m.label: m.value for m in at.metric}["待开工后兑现"] == "3 万元"  # p4 starts on 2024-01-10
    at.sidebar.text_input(key="w_as_of").input(str(dt.date(2024, 1, 31))).run()
    assert {m.label: m.value for m in at.metric}["应兑现奖励"] == "3 万元"


def test_incentives_page_the_referrals_but_total_every_one(demo_path, demo_con, monkeypatch, clear_streamlit_caches):
    from zsgt import assessment, ui
    from zsgt.store import run

    every = run(demo_con, "referrer_projects", year=2023, quarter=None, as_of=None, scope="city", scope_id=None,
                limit=None, offset=0, **assessment.reward_params(assessment.load_method()))
    assert len(every) > 3
    monkeypatch.setattr(ui, "PAGE_SIZE", 3)
    at = render("incentives.py", demo_path, monkeypatch, period="2023")
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    assert f"共 {len(every)} 条，显示第 1–3 条" in texts(at)
    due = every.loc[every["status"] == "payable", "reward_wan"].sum()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["有引荐人的签约项目"] == f"{len(every)} 个"
    assert metrics["应兑现奖励"] == f"{due:,g} 万元"


def test_self_review_counts_late_projects(fixture_path, monkeypatch, clear_streamlit_caches):
    # aluminium at 2024-03-31, the end of the fixture's data (fixture_rates.sql): pa2 (planned start
    # 2024-03-01, started 2024-04-19) and pa3 (planned 2024-03-10, not started) are late; pa5 stalls
    # only on 2024-05-15
    at = render("self_review.py", fixture_path, monkeypatch, period="2024Q1", chain="aluminium")
    assert not at.exception
    assert "滞后项目 2 个（逾期未开工 2 个、停滞 0 个）" in at.code[0].value
    assert "共 2 个：逾期未开工 2 个，停滞 0 个（截至 2024-03-31）" in texts(at)
    assert list(at.dataframe[0].value["project_id"]) == ["pa2", "pa3"]  # longest in its stage first


def test_self_review_pages_its_lists_with_the_page_in_the_url_and_exports_every_row(fixture_path, monkeypatch,
                                                                                   clear_streamlit_caches):
    from zsgt import ui

    monkeypatch.setattr(ui, "PAGE_SIZE", 1)
    at = render("self_review.py", fixture_path, monkeypatch, period="2024Q1", chain="aluminium",
                review_lagging_page="2")
    assert not at.exception
    assert list(at.dataframe[0].value["project_id"]) == ["pa3"]  # the second of pa2, pa3
    assert "共 2 条，显示第 2–2 条（第 2 / 2 页）" in texts(at)
    assert at.query_params["review_lagging_page"] == "2"
    export = at.session_state["_exports"]["review_lagging_export"]()
    assert list(export["项目"]) == ["铝箔深加工二期", "再生铝项目"]  # every row, not the page
    at.number_input(key="review_lagging_page").set_value(1).run()
    assert list(at.dataframe[0].value["project_id"]) == ["pa2"]
    assert "review_lagging_page" not in at.query_params  # page 1 is left out of the URL


@pytest.mark.parametrize("store, note", [("fixture_path", "4 家目标企业没有状态变更记录"),
                                         ("asof_path", "1 家目标企业没有状态变更记录")])
def test_targets_page_says_which_statuses_are_current_ones(request, store, note, monkeypatch,
                                                           clear_streamlit_caches):
    at = render("targets.py", request.getfixturevalue(store), monkeypatch, period="2023")
    assert not at.exception
    assert any(note in c.value for c in at.caption)


def test_targets_page_reads_statuses_at_the_as_of_date(asof_path, monkeypatch, clear_streamlit_caches):
    # tests/asof.sql: c3 signed on 2024-02-20, contacted before; c5 negotiating since 2023-10-15
    at = render("targets.py", asof_path, monkeypatch, period="2023")
    table = at.dataframe[0].value
    assert dict(zip(table["name_zh"], table["status"]))["河北文丰钢铁有限公司"] == "已接触"
    at = render("targets.py", asof_path, monkeypatch, period="2024")
    table = at.dataframe[0].value
    assert dict(zip(table["name_zh"], table["status"]))["河北文丰钢铁有限公司"] == "已签约"
