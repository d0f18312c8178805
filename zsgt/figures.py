"""Figure builders: pure functions DataFrame -> go.Figure, no Streamlit.

Every figure uses one CJK font family (so exported images show Chinese glyphs), Chinese titles and
axis labels with units, and each chain's own colour from the `chains.color` column.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .fmt import WAN_PER_YI
from .i18n import paren, t

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
SIGNED_COLOR = "#1F4E79"   # signed amount, wherever it is not split by chain
ARRIVED_COLOR = "#E8A33D"  # funds arrived
NEUTRAL = "#9AA5B1"


TEXT_COLOR = "#1F2933"     # chart text: dark, not the faint grey of a default theme
FONT_SIZE = 15             # every chart's text at least this (ticks, legend, labels)
TITLE_SIZE = 20
ROOM_SCALE = 1.3           # the meeting mode (会议模式) enlarges every chart text by this,
ROOM_MIN_SIZE = 16         # and to at least this, for the back of a room
ROOM_FIT = "room_text_max"  # a trace's meta key: its text sits in a fixed cell, the meeting mode enlarges it to this at most
TOOLBAR_BAND = 44          # px at the top of a chart kept for plotly's toolbar (about 26 px high), shown on hover
TOP_MARGIN = 106           # the toolbar band, the title, and the legend or subplot titles under it

# The house template: plotly puts the default template on every figure as it is made, without checking
# it again; setting it per figure in base_layout (update_layout(template=...)) checked and copied it
# each time, about 9 ms a figure, a quarter of a small figure's build.
pio.templates.default = "plotly_white"


def base_layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """The house style, the one place that sets chart type: CJK font, dark text at FONT_SIZE and more,
    the title left above the plot, the legend on top right, white background."""
    fig.update_layout(
        # (the template, plotly_white, is the default set above)
        # the title below the band where plotly's toolbar appears (top right, about 30 px), so the
        # toolbar never covers it however long it is
        title={"text": title, "x": 0.0, "xanchor": "left", "y": 1.0, "yref": "container", "yanchor": "top",
               "pad": {"t": TOOLBAR_BAND}, "font": {"size": TITLE_SIZE, "color": TEXT_COLOR}},
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOR},
        height=height,
        margin={"l": 10, "r": 10, "t": TOP_MARGIN, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#E5E8EB", automargin=True)
    return fig


LABEL_ROOM = 0.14  # a bar's value label: about this share of a chart's value axis tall (any mode: the
                   # meeting mode enlarges the text and the chart by the same factor)


def clear_of_line(values, line: float | None, top: float) -> list[str]:
    """Where each vertical bar's value label goes so that a horizontal line at `line` (a target) never
    runs through it: above the bar ("outside"), or inside the bar's top when the bar ends just under
    the line (within LABEL_ROOM of the value axis, whose top is `top`)."""
    room = LABEL_ROOM * top
    return ["inside" if line is not None and line - room <= v <= line and v > room else "outside" for v in values]


def legend_below(fig: go.Figure) -> go.Figure:
    """The legend under everything, the x-axis title included: at the figure's bottom edge (yref
    "container"), for which plotly makes room. (A legend at a negative paper y sits at a fixed
    distance under the plot and lies on the axis title once the text grows, as in the meeting mode.)"""
    fig.update_layout(legend={"orientation": "h", "x": 0.0, "xanchor": "left", "yref": "container", "y": 0.0,
                              "yanchor": "bottom"})
    return fig


def for_room(fig: go.Figure) -> go.Figure:
    """A copy of the figure for the meeting mode: every text ROOM_SCALE times larger and at least
    ROOM_MIN_SIZE px (layout, title, legend, axes, annotations, trace labels), taller by the same
    factor so that the larger text keeps its room. A trace whose labels sit in cells of a fixed width
    (the chain map's English names) names in its meta how far (ROOM_FIT) its text may grow."""
    out = go.Figure(fig)

    def size(current, inherited=FONT_SIZE) -> int:
        return max(ROOM_MIN_SIZE, round((current or inherited) * ROOM_SCALE))

    base = out.layout.font.size or FONT_SIZE
    top = out.layout.margin.t if out.layout.margin.t is not None else TOP_MARGIN
    out.update_layout(font_size=size(base), title_font_size=size(out.layout.title.font.size, TITLE_SIZE),
                      height=round((out.layout.height or 450) * ROOM_SCALE), margin_t=round(top * ROOM_SCALE),
                      uniformtext={"minsize": ROOM_MIN_SIZE, "mode": "hide"})
    if out.layout.legend.font.size:
        out.update_layout(legend_font_size=size(out.layout.legend.font.size))
    for axis in [*out.select_xaxes(), *out.select_yaxes()]:
        if axis.tickfont.size:
            axis.tickfont.size = size(axis.tickfont.size)
        if axis.title.font.size:
            axis.title.font.size = size(axis.title.font.size)
    for note in out.layout.annotations:
        note.font.size = size(note.font.size, base)
    for trace in out.data:
        font = getattr(trace, "textfont", None)
        if font is not None and font.size is not None and not isinstance(font.size, (list, tuple)):
            fit = trace.meta.get(ROOM_FIT) if isinstance(trace.meta, dict) else None
            font.size = min(size(font.size), max(fit, font.size)) if fit else size(font.size)
        if trace.type == "sankey" and trace.node.pad is not None:  # a Sankey's nodes keep a label line apart
            trace.node.pad = math.ceil(trace.node.pad * ROOM_SCALE)
    return out


def wrap(label, width: int = 20) -> str:
    """A long category label (an English chain name) broken at spaces onto lines of about `width`
    characters, so an axis of names does not squeeze the plot; short and Chinese labels stay as
    they are."""
    label = str(label)
    if len(label) <= width or " " not in label:
        return label
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def add_layout_items(fig: go.Figure, shapes=(), annotations=()) -> go.Figure:
    """Shapes and annotations (dicts as add_shape/add_annotation take) added to the figure in one step,
    after those it has. Plotly's add_shape/add_annotation check every item already there again on each
    call, so a loop of them grows with the square of their number (69 cells of a province's chain grid:
    0.6 s, a tenth of that at once)."""
    update = {}
    if shapes:
        update["shapes"] = list(fig.layout.shapes) + list(shapes)
    if annotations:
        update["annotations"] = list(fig.layout.annotations) + list(annotations)
    if update:
        fig.update_layout(update)
    return fig


def row_height(names, per_line: int = 22, least: int = 30) -> int:
    """The height (px) a bar needs for its name on the axis, wrapped (wrap) onto one or more lines."""
    lines = max((wrap(n).count("<br>") + 1 for n in names), default=1)
    return max(least, per_line * lines + 8)


def chain_colors(chains: pd.DataFrame) -> dict[str, str]:
    """chain_id -> colour, from the store, so a chain has one colour on every chart."""
    return dict(zip(chains["chain_id"], chains["color"]))


def empty_figure(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16, "color": NEUTRAL},
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, title, height=260)


def quarterly_trend(trend: pd.DataFrame, title: str) -> go.Figure:
    """Bars of signed amount and a line of funds arrived per quarter, in 亿元."""
    if trend.empty:
        return empty_figure(title, t("chrome.empty"))
    x = trend["label"]
    fig = go.Figure()
    fig.add_bar(x=x, y=trend["signed_amount_wan"].astype(float) / WAN_PER_YI, name=t("series.signed_amount"),
                marker_color=SIGNED_COLOR, hovertemplate="%{x}<br>%{y:.2f} " + t("unit.yi") + "<extra></extra>")
    fig.add_scatter(x=x, y=trend["funds_arrived_wan"].astype(float) / WAN_PER_YI, name=t("series.funds_arrived"),
                    mode="lines+markers", line={"color": ARRIVED_COLOR, "width": 3},
                    hovertemplate="%{x}<br>%{y:.2f} " + t("unit.yi") + "<extra></extra>")
    fig.update_xaxes(title_text=t("axis.quarter"), type="category")
    fig.update_yaxes(title_text=t("axis.amount_yi"), rangemode="tozero")
    return base_layout(fig, title)


def chain_bars(summary: pd.DataFrame, title: str, name_col: str = "name_zh") -> go.Figure:
    """Signed amount and funds arrived per chain, one panel above the other (each as wide as the
    chart, so titles and value labels keep their room at any width), each bar in its chain's colour."""
    if summary.empty or (summary["signed_amount_wan"].astype(float).sum() == 0
                         and summary["funds_arrived_wan"].astype(float).sum() == 0):
        return empty_figure(title, t("chrome.empty"))
    data = summary.iloc[::-1]  # first chain on top
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.16,
                        subplot_titles=(t("series.signed_amount") + paren(t("unit.yi")),
                                        t("series.funds_arrived") + paren(t("unit.yi"))))
    for row, field in enumerate(["signed_amount_wan", "funds_arrived_wan"], start=1):
        values = data[field].astype(float) / WAN_PER_YI
        fig.add_bar(x=values, y=[wrap(n) for n in data[name_col]], orientation="h",
                    marker_color=data["color"].tolist(), text=[f"{v:.1f}" for v in values], textposition="outside",
                    cliponaxis=False,
                    showlegend=False, hovertemplate="%{y}<br>%{x:.2f} " + t("unit.yi") + "<extra></extra>",
                    row=row, col=1)
        fig.update_xaxes(rangemode="tozero", row=row, col=1, nticks=5, range=[0, max(values.max(), 0.01) * 1.25])
    # subplot titles end at the panels' right edge and run left over the free space above the names,
    # so a narrow panel never cuts them
    fig.update_annotations(font={"size": FONT_SIZE + 1, "family": FONT_FAMILY, "color": TEXT_COLOR}, x=1.0,
                           xanchor="right")
    return base_layout(fig, title, height=max(420, 170 + 2 * row_height(data[name_col]) * len(data)))
