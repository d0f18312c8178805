"""Links that reproduce a view (issue 13): the shared chrome reads period, as-of date, scope and
language from the URL, answers a parameter it cannot use with a notice, and writes the view back."""

import pytest

from helpers import ROOT, render


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("query, notice", [
    ({"period": "2023Q0"}, "链接中的统计期 2023Q0 无效或没有数据"),
    ({"period": "2023Q5"}, "链接中的统计期 2023Q5 无效或没有数据"),
    ({"period": "1999"}, "链接中的统计期 1999 无效或没有数据"),
    ({"chain": "no_such_chain"}, "链接中的产业链 no_such_chain 不存在"),
    ({"department": "no_such_department"}, "链接中的部门 no_such_department 不存在"),
    ({"lang": "fr"}, "链接中的语言 fr 不可用"),
    ({"period": "2023", "as_of": "2023-13-01"}, "截至日期 2023-13-01 不是有效日期"),
    ({"period": "2023", "as_of": "2021-06-30"}, "截至日期 2021-06-30 不在本统计期可选范围"),
])
def test_a_parameter_the_page_cannot_use_is_answered_with_a_notice(query, notice, fixture_path, monkeypatch,
                                                                   clear_streamlit_caches):
    at = render("cockpit.py", fixture_path, monkeypatch, **query)
    assert not at.exception
    assert any(notice in w for w in warnings(at)), warnings(at)


def test_period_2023q0_is_not_read_as_the_year_2023(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("cockpit.py", fixture_path, monkeypatch, period="2023Q0")
    assert at.query_params["period"] != "2023"
    assert not [c.value for c in at.caption if c.value.startswith("2023年 ·")]


@pytest.mark.parametrize("query, caption", [
    ({"period": "2023", "as_of": "2023-06-30"}, "2023年 · 全市 · 截至 2023-06-30"),
    ({"period": "2023q2", "chain": "aluminium"}, "2023年第2季度 · 铝 · 截至 2023-06-30"),
    ({"period": "2023", "department": "d2", "lang": "en"}, "2023 · Industry and IT Bureau · as of 2023-12-31"),
])
def test_a_valid_link_opens_its_view_and_stays_in_the_url(query, caption, fixture_path, monkeypatch,
                                                          clear_streamlit_caches):
    at = render("cockpit.py", fixture_path, monkeypatch, **query)
    assert not at.exception and not warnings(at)
    assert caption in [c.value for c in at.caption]
    for k, v in query.items():
        assert at.query_params[k] == (v.upper() if k == "period" else v)


def test_the_app_opens_the_cockpit_in_the_links_language(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "app.py", fixture_path, monkeypatch, period="2023", lang="en")
    assert not at.exception
    assert at.title[0].value == "Leadership cockpit"


def test_a_pages_filters_open_from_the_url_and_stay_in_it(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("pipeline.py", fixture_path, monkeypatch, period="2023", pipeline_stage="signed",
                pipeline_flag="late", pipeline_search="p")
    assert not at.exception and not at.warning
    assert at.selectbox(key="pipeline_stage").value == "signed"
    assert at.radio(key="pipeline_flag").value == "late"
    assert at.text_input(key="pipeline_search").value == "p"
    at.selectbox(key="pipeline_stage").select(None).run()
    assert "pipeline_stage" not in at.query_params and at.query_params["pipeline_flag"] == "late"


@pytest.mark.parametrize("page, query, notice", [
    ("pipeline.py", {"pipeline_stage": "bogus"}, "链接中的筛选条件 pipeline_stage=bogus 无效"),
    ("targets.py", {"tg_chains": "steel,nope"}, "链接中的筛选条件 tg_chains=steel,nope 无效"),
    ("targets.py", {"tg_after": "yesterday"}, "链接中的筛选条件 tg_after=yesterday 无效"),
])
def test_a_filter_the_page_cannot_take_is_answered_with_a_notice(page, query, notice, fixture_path, monkeypatch,
                                                                 clear_streamlit_caches):
    at = render(page, fixture_path, monkeypatch, period="2023", **query)
    assert not at.exception
    assert any(notice in w for w in warnings(at)), warnings(at)
