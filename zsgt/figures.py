"""Figure builders: pure functions DataFrame -> go.Figure, no Streamlit.

Every figure uses one CJK font family (so exported images show Chinese glyphs), Chinese titles and
axis labels with units, and each chain's own colour from the `chains.color` column.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .fmt import WAN_PER_YI
from .i18n import t

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
SIGNED_COLOR = "#1F4E79"   # signed amount, wherever it is not split by chain
ARRIVED_COLOR = "#E8A33D"  # funds arrived
NEUTRAL = "#9AA5B1"


def base_layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """The house style: large readable type for a projector, legend on top, CJK font."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 20}},
        font={"family": FONT_FAMILY, "size": 15},
        height=height,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_xaxes(showgrid=False, automargin=True)
    fig.update_yaxes(gridcolor="#E5E8EB", automargin=True)
    return fig


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
    """Signed amount and funds arrived per chain, side by side, each bar in its chain's colour."""
    if summary.empty or (summary["signed_amount_wan"].astype(float).sum() == 0
                         and summary["funds_arrived_wan"].astype(float).sum() == 0):
        return empty_figure(title, t("chrome.empty"))
    data = summary.iloc[::-1]  # first chain on top
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.1,
                        subplot_titles=(t("series.signed_amount") + "（" + t("unit.yi") + "）",
                                        t("series.funds_arrived") + "（" + t("unit.yi") + "）"))
    for col, field in enumerate(["signed_amount_wan", "funds_arrived_wan"], start=1):
        values = data[field].astype(float) / WAN_PER_YI
        fig.add_bar(x=values, y=data[name_col], orientation="h", marker_color=data["color"].tolist(),
                    text=[f"{v:.1f}" for v in values], textposition="outside", cliponaxis=False,
                    showlegend=False, hovertemplate="%{y}<br>%{x:.2f} " + t("unit.yi") + "<extra></extra>",
                    row=1, col=col)
        fig.update_xaxes(title_text=t("axis.amount_yi"), rangemode="tozero", row=1, col=col, nticks=4,
                         range=[0, max(values.max(), 0.01) * 1.4])
    fig.update_annotations(font={"size": 15, "family": FONT_FAMILY})
    return base_layout(fig, title, height=max(360, 60 + 42 * len(data)))
