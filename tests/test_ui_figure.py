"""ui.figure: a figure built once per (builder, arguments, language) and shared by every session, so a
rerun does not rebuild (and re-validate) its Plotly figures; another language, other data or another
builder is another figure."""

import pandas as pd

from zsgt import figures, i18n, ui

TREND = pd.DataFrame({"label": ["2023Q1", "2023Q2"], "signed_amount_wan": [100.0, 200.0],
                      "funds_arrived_wan": [10.0, 20.0]})


def counting(calls):
    def build(frame, title):
        calls.append(title)
        return figures.empty_figure(f"{title} ({i18n.lang()})", str(len(frame)))
    return build


def test_a_figure_is_built_once_per_arguments_and_shared(clear_streamlit_caches):
    calls = []
    build = counting(calls)
    i18n.set_lang("zh")
    first = ui.figure(build, TREND, "趋势")
    again = ui.figure(build, TREND.copy(), "趋势")  # equal data, another frame: the same figure
    assert again is first and calls == ["趋势"]
    assert ui.figure(build, TREND.iloc[:1], "趋势") is not first  # other data: built again
    assert ui.figure(build, TREND, "另一个") is not first
    assert calls == ["趋势", "趋势", "另一个"]


def test_another_language_is_another_figure(clear_streamlit_caches):
    calls = []
    build = counting(calls)
    try:
        i18n.set_lang("zh")
        zh = ui.figure(build, TREND, "t")
        i18n.set_lang("en")
        en = ui.figure(build, TREND, "t")
    finally:
        i18n.set_lang("zh")
    assert en is not zh and len(calls) == 2
    assert zh.layout.title.text == "t (zh)" and en.layout.title.text == "t (en)"


def test_a_real_builder_through_the_cache_draws_the_same_figure(clear_streamlit_caches):
    i18n.set_lang("zh")
    assert ui.figure(figures.quarterly_trend, TREND, "趋势").to_json() == figures.quarterly_trend(TREND, "趋势").to_json()
