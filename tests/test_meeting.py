"""The meeting mode (会议模式): every page renders in it with no exception, the URL flag turns it on and
keeps it in the URL, and zsgt.figures.for_room enlarges every chart text (the browser side is in
tests/test_browser_layout.py)."""

from pathlib import Path

import plotly.graph_objects as go
import pytest

from helpers import render
from zsgt import figures

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_the_meeting_mode(page, demo_path, monkeypatch, clear_streamlit_caches):
    at = render(page, demo_path, monkeypatch, period="2023", meeting="1")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.sidebar.toggle(key="w_meeting").value is True
    assert at.query_params["meeting"] in ("1", ["1"])
    assert "指标口径与 SQL" not in [e.label for e in at.expander]  # the definitions are left out in the room


def test_the_meeting_mode_shows_the_stamp_and_leaves_by_its_button(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("cockpit.py", demo_path, monkeypatch, period="2023", meeting="1")
    stamp = next(h.proto.body for h in at.get("html") if "zsgt-stamp" in h.proto.body)
    assert "全市 · 2023年（全年） · 数据截至 2023-12-31" in stamp
    at.button(key="meeting_exit_button").click().run()
    assert at.sidebar.toggle(key="w_meeting").value is False
    assert "meeting" not in at.query_params
    assert not any("zsgt-stamp" in h.proto.body for h in at.get("html"))
    assert "指标口径与 SQL" in [e.label for e in at.expander]


def test_without_the_flag_the_page_is_in_the_normal_mode(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("cockpit.py", demo_path, monkeypatch, period="2023")
    assert at.sidebar.toggle(key="w_meeting").value is False
    assert "meeting" not in at.query_params
    at.sidebar.toggle(key="w_meeting").set_value(True).run()
    assert at.query_params["meeting"] in ("1", ["1"])


def _sizes(fig: go.Figure) -> list[float]:
    """Every explicit or inherited text size in the figure."""
    base = fig.layout.font.size
    out = [base, fig.layout.title.font.size or base, fig.layout.legend.font.size or base]
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        out += [axis.tickfont.size or base, axis.title.font.size or base]
    out += [a.font.size or base for a in fig.layout.annotations]
    out += [tr.textfont.size or base for tr in fig.data if getattr(tr, "textfont", None) is not None]
    return out


def test_for_room_makes_every_chart_text_larger_and_at_least_the_room_minimum():
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h", text=["1", "2"], textfont={"size": 11}))
    fig.add_annotation(text="小注", x=1, y="a", font={"size": 12})
    fig.update_yaxes(tickfont={"size": 11})
    fig = figures.base_layout(fig, "标题", height=400)
    room = figures.for_room(fig)
    assert min(_sizes(room)) >= figures.ROOM_MIN_SIZE >= 14
    assert room.layout.font.size == round(figures.FONT_SIZE * figures.ROOM_SCALE)
    assert room.layout.title.font.size == round(figures.TITLE_SIZE * figures.ROOM_SCALE)
    assert room.layout.height == round(400 * figures.ROOM_SCALE)
    assert fig.layout.font.size == figures.FONT_SIZE  # the original is left as it was


def test_every_chart_text_is_at_least_the_house_size():
    fig = figures.base_layout(go.Figure(go.Bar(x=[1], y=[2])), "标题")
    assert min(_sizes(fig)) >= 14
    assert fig.layout.title.pad.t >= figures.TOOLBAR_BAND  # the title sits below the toolbar's band


def test_long_english_names_wrap_on_a_chart_axis_and_chinese_ones_stay():
    assert figures.wrap("New-quality forces & future industries") == "New-quality forces &<br>future industries"
    assert figures.row_height(["Steel", "New-quality forces & future industries"]) == 2 * 22 + 8
    assert figures.wrap("新质生产力和未来产业") == "新质生产力和未来产业"
    assert figures.wrap("Steel") == "Steel"
