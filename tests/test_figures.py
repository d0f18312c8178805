"""The core figure builders, alone: values in 亿元, chain colours, CJK font, empty data."""

import pandas as pd

from zsgt import figures


def trend_frame():
    return pd.DataFrame({"label": ["2023Q1", "2023Q2"], "signed_amount_wan": [20000.0, 50000.0],
                         "funds_arrived_wan": [7000.0, 10000.0]})


def test_quarterly_trend_plots_both_series_in_yi():
    fig = figures.quarterly_trend(trend_frame(), "季度签约额与到位资金")
    bars, line = fig.data
    assert (bars.type, line.type) == ("bar", "scatter")
    assert list(bars.y) == [2.0, 5.0] and list(line.y) == [0.7, 1.0]
    assert (bars.name, line.name) == ("签约额", "到位资金")
    assert fig.layout.yaxis.title.text == "金额（亿元）"


def test_figures_use_a_cjk_font_family():
    fig = figures.quarterly_trend(trend_frame(), "x")
    assert fig.layout.font.family.startswith("Noto Sans CJK SC")


def test_chain_bars_keep_each_chains_colour():
    summary = pd.DataFrame({"chain_id": ["steel", "new_energy"], "name_zh": ["钢", "新能源"],
                            "color": ["#4E79A7", "#59A14F"], "signed_amount_wan": [20000.0, 60000.0],
                            "funds_arrived_wan": [13000.0, 22000.0]})
    fig = figures.chain_bars(summary, "各产业链")
    assert len(fig.data) == 2
    for trace in fig.data:
        assert list(trace.y) == ["新能源", "钢"]  # first chain drawn on top
        assert list(trace.marker.color) == ["#59A14F", "#4E79A7"]
    assert list(fig.data[0].x) == [6.0, 2.0] and list(fig.data[1].x) == [2.2, 1.3]


def test_chain_bars_with_nothing_in_the_period_says_so():
    summary = pd.DataFrame({"chain_id": ["steel"], "name_zh": ["钢"], "color": ["#4E79A7"],
                            "signed_amount_wan": [0.0], "funds_arrived_wan": [0.0]})
    fig = figures.chain_bars(summary, "各产业链")
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "所选范围和统计期内没有数据。"


def test_chain_colors_come_from_the_store(con):
    from zsgt.store import run

    chains = run(con, "chains", scope="city", scope_id=None)
    assert figures.chain_colors(chains) == {"steel": "#4E79A7", "new_energy": "#59A14F", "aluminium": "#A0CBE8"}


def test_a_legend_below_the_plot_sits_under_the_axis_titles():
    # at the figure's bottom edge (plotly makes room for it), not at a fixed distance under the plot,
    # where the meeting mode's larger axis title ran into it (supervision page, seen in the layout test)
    from zsgt import figures_projects

    deps = pd.DataFrame({"name_zh": ["市商务局"], "due_in_period": [3], "closed_on_time": [1], "closed_late": [1],
                         "overdue_in_period": [2]})
    fig = figures_projects.supervision_departments(deps, "t")
    assert (fig.layout.legend.yref, fig.layout.legend.y, fig.layout.legend.yanchor) == ("container", 0.0, "bottom")


def test_the_meeting_mode_enlarges_text_in_a_fixed_cell_only_as_far_as_the_cell_holds():
    import plotly.graph_objects as go

    fig = go.Figure([go.Scatter(x=[0], y=[0], text=["Aluminium alloys"], mode="text", textfont={"size": 10},
                                meta={figures.ROOM_FIT: 14}),
                     go.Scatter(x=[1], y=[0], text=["Steel"], mode="text", textfont={"size": 10})])
    room = figures.for_room(figures.base_layout(fig, "t"))
    assert [tr.textfont.size for tr in room.data] == [14, figures.ROOM_MIN_SIZE]


def test_a_value_label_goes_inside_its_bar_when_the_bar_ends_just_under_a_line():
    # axis to 1250: labels are LABEL_ROOM of it (175) tall; the line at 1000
    assert figures.clear_of_line([325.0, 933.5, 1000.0, 1010.0, 820.0], 1000.0, 1250.0) == [
        "outside", "inside", "inside", "outside", "outside"]
    assert figures.clear_of_line([933.5], None, 1250.0) == ["outside"]
