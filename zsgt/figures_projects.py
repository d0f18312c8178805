"""Figure builders of the pipeline, supervision and visits pages. Pure: DataFrame -> go.Figure."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .figures import ARRIVED_COLOR, FONT_FAMILY, NEUTRAL, SIGNED_COLOR, base_layout, empty_figure, legend_below
from .fmt import WAN_PER_YI
from .i18n import label, t

MAIN_STAGES = ("lead", "negotiating", "signed", "procedures", "started", "operational")
SIDE_STAGES = ("stalled", "cancelled")
STAGE_COLORS = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C"]
SIDE_COLORS = {"stalled": "#E8A33D", "cancelled": NEUTRAL}
INBOUND_COLOR = "#1F4E79"
OUTBOUND_COLOR = "#E8A33D"
LATE_COLOR = "#C0392B"
OK_COLOR = "#59A14F"
# a timeline's dates: each its own marker, as they share the line (operational and current stage often fall on one day)
EVENT_SYMBOLS = {"date.signed": "circle", "date.planned_start": "diamond", "date.actual_start": "square",
                 "date.operational": "triangle-up", "date.stage_since": "circle-open"}


def _amount_text(wan) -> str:
    v = float(wan or 0)
    return f"{v / WAN_PER_YI:.1f} {t('unit.yi')}" if v else ""


def pipeline_funnel(funnel: pd.DataFrame, title: str) -> go.Figure:
    """The lifecycle funnel (lead → operational) with counts and contract amounts; stalled and
    cancelled as bars beside it."""
    if funnel.empty or funnel["projects"].sum() == 0:
        return empty_figure(title, t("chrome.empty"))
    by_stage = funnel.set_index("stage")
    fig = make_subplots(rows=1, cols=2, column_widths=[0.72, 0.28], horizontal_spacing=0.08,
                        specs=[[{"type": "funnel"}, {"type": "bar"}]],
                        subplot_titles=(t("pipeline.funnel_main"), t("pipeline.funnel_side")))
    main = [s for s in MAIN_STAGES if s in by_stage.index]
    counts = [int(by_stage.loc[s, "projects"]) for s in main]
    texts = []
    for s, n in zip(main, counts):
        amount = _amount_text(by_stage.loc[s, "contract_wan"])
        texts.append(f"{n} {t('unit.projects')}" + (f" · {amount}" if amount else ""))
    fig.add_trace(go.Funnel(y=[label("stage", s) for s in main], x=counts, text=texts, textinfo="text",
                            textposition="outside", marker={"color": STAGE_COLORS[:len(main)]}, showlegend=False,
                            connector={"fillcolor": "#EEF2F6"}, hoverinfo="y+text", cliponaxis=False,
                            textfont={"family": FONT_FAMILY, "size": 15}), row=1, col=1)
    side = [s for s in SIDE_STAGES if s in by_stage.index]
    side_counts = [int(by_stage.loc[s, "projects"]) for s in side]
    fig.add_bar(x=[label("stage", s) for s in side], y=side_counts, marker_color=[SIDE_COLORS[s] for s in side],
                text=[f"{n} {t('unit.projects')}" for n in side_counts], textposition="outside", cliponaxis=False,
                showlegend=False, hovertemplate="%{x}: %{y}<extra></extra>", row=1, col=2)
    fig.update_yaxes(range=[0, max(side_counts + [1]) * 1.3], showticklabels=False, row=1, col=2)
    fig.update_annotations(font={"size": 15, "family": FONT_FAMILY})
    return base_layout(fig, title, height=440)


def project_arrivals(arrivals: pd.DataFrame, title: str) -> go.Figure:
    """One project's quarterly arrivals (bars, 万元), running total (line) and contract amount."""
    if arrivals.empty:
        return empty_figure(title, t("chrome.empty"))
    x = arrivals["label"]
    fig = go.Figure()
    fig.add_bar(x=x, y=arrivals["funds_arrived_wan"].astype(float), name=t("series.quarter_arrived"),
                marker_color=ARRIVED_COLOR, hovertemplate="%{x}<br>%{y:,.0f} " + t("unit.wan") + "<extra></extra>")
    fig.add_scatter(x=x, y=arrivals["cumulative_wan"].astype(float), name=t("series.cumulative"), mode="lines+markers",
                    line={"color": SIGNED_COLOR, "width": 3},
                    hovertemplate="%{x}<br>%{y:,.0f} " + t("unit.wan") + "<extra></extra>")
    contract = arrivals["contract_amount_wan"].iloc[0]
    if contract is not None and not (isinstance(contract, float) and math.isnan(contract)):
        fig.add_scatter(x=x, y=[float(contract)] * len(x), name=t("series.contract"), mode="lines",
                        line={"color": LATE_COLOR, "dash": "dash", "width": 2},
                        hovertemplate=t("series.contract") + " %{y:,.0f} " + t("unit.wan") + "<extra></extra>")
    # a label every few quarters, level, and set off the axis: slanted labels of every quarter ran
    # into each other and the first one into the value axis' "0"
    step = max(1, math.ceil(len(x) / 5))
    fig.update_xaxes(title_text=t("axis.quarter"), type="category", tickangle=0, tickvals=list(x)[::step],
                     ticklabelstandoff=10)
    fig.update_yaxes(title_text=t("axis.amount_wan"), rangemode="tozero")
    return base_layout(fig, title, height=400)


def project_timeline(detail: dict, as_of: dt.date, title: str) -> go.Figure:
    """The project's dates on one line: signed, planned start, actual start, operational, and the
    as-of date; a planned start passed without a start is drawn in red."""
    events = [("date.signed", detail.get("signed_date"), SIGNED_COLOR),
              ("date.planned_start", detail.get("planned_start_date"), NEUTRAL),
              ("date.actual_start", detail.get("actual_start_date"), OK_COLOR),
              ("date.operational", detail.get("operational_date"), "#08519C"),
              ("date.stage_since", detail.get("stage_since"), ARRIVED_COLOR)]
    events = [(k, pd.Timestamp(d).date(), c) for k, d, c in events if d is not None and not pd.isna(d)]
    if not events:
        return empty_figure(title, t("chrome.empty"))
    started = detail.get("actual_start_date")
    late = (not started or pd.isna(started) or pd.Timestamp(started).date() > as_of)
    fig = go.Figure()
    xs = [d for _, d, _ in events] + [as_of]
    fig.add_scatter(x=[min(xs), max(xs)], y=[0, 0], mode="lines", line={"color": "#D5DBE1", "width": 3},
                    showlegend=False, hoverinfo="skip")
    # the dates named in the legend under the line, not beside their markers: dates a few weeks apart
    # (signed, planned start) put their labels on each other; the legend wraps to the chart's width
    for key, d, color in sorted(events, key=lambda e: e[1]):
        if key == "date.planned_start" and late and d < as_of:
            color = LATE_COLOR
        fig.add_scatter(x=[d], y=[0], mode="markers", marker={"size": 16, "color": color,
                                                                "symbol": EVENT_SYMBOLS[key]},
                        name=f"{t(key)} {d.isoformat()}", showlegend=True,
                        hovertemplate=f"{t(key)} %{{x|%Y-%m-%d}}<extra></extra>")
    fig.add_vline(x=as_of, line={"color": LATE_COLOR, "dash": "dot", "width": 2})
    fig.add_annotation(x=as_of, y=1, yref="paper", text=t("date.as_of"), showarrow=False,
                       font={"color": LATE_COLOR, "size": 13}, yanchor="bottom")
    fig.update_yaxes(visible=False, range=[-1.2, 1.2])
    pad = dt.timedelta(days=max(30, (max(xs) - min(xs)).days // 8))
    fig.update_xaxes(range=[min(xs) - pad, max(xs) + pad], showgrid=False)
    return legend_below(base_layout(fig, title, height=360))


def supervision_departments(by_department: pd.DataFrame, title: str, name_col: str = "name_zh") -> go.Figure:
    """Per department, its tasks due in the period stacked by outcome (counts): closed on time,
    closed late, open past due, and the rest still open; the most overdue departments on top."""
    if by_department.empty or by_department["due_in_period"].sum() == 0:
        return empty_figure(title, t("chrome.empty"))
    data = by_department.iloc[::-1]
    overdue_open = data["overdue_in_period"] - data["closed_late"]
    open_rest = data["due_in_period"] - data["closed_on_time"] - data["overdue_in_period"]
    fig = go.Figure()
    for values, key, color in [(data["closed_on_time"], "supervision.closed_on_time", OK_COLOR),
                               (data["closed_late"], "supervision.closed_late", ARRIVED_COLOR),
                               (overdue_open, "supervision.overdue_open", LATE_COLOR),
                               (open_rest, "supervision.open_in_time", NEUTRAL)]:
        fig.add_bar(x=values, y=data[name_col], orientation="h", name=t(key), marker_color=color,
                    hovertemplate="%{y}<br>" + t(key) + " %{x}<extra></extra>")
    fig.update_xaxes(title_text=t("supervision.unit") or "#", rangemode="tozero")
    fig = base_layout(fig, title, height=max(360, 140 + 34 * len(data)))
    fig.update_layout(barmode="stack")
    return legend_below(fig)


def visits_bars(groups: pd.DataFrame, title: str, labels: list[str], horizontal: bool = False) -> go.Figure:
    """Visits per group (visits_by rows), inbound and outbound stacked; labels are the groups' names."""
    if groups.empty:
        return empty_figure(title, t("chrome.empty"))
    data = groups.assign(_label=labels)
    if horizontal:
        data = data.iloc[::-1]
    fig = go.Figure()
    for col, key, color in [("inbound", "visits.inbound", INBOUND_COLOR), ("outbound", "visits.outbound", OUTBOUND_COLOR)]:
        values = data[col].astype(int)
        xy = {"x": values, "y": data["_label"], "orientation": "h"} if horizontal else {"x": data["_label"], "y": values}
        fig.add_bar(**xy, name=t(key), marker_color=color, text=values, textposition="inside", textangle=0,
                    hovertemplate=("%{y}" if horizontal else "%{x}") + "<br>" + t(key) + " "
                    + ("%{x}" if horizontal else "%{y}") + "<extra></extra>")
    fig.update_layout(barmode="stack")
    if horizontal:
        fig.update_xaxes(title_text=t("axis.visits"), rangemode="tozero")
    else:
        fig.update_xaxes(type="category")
        fig.update_yaxes(title_text=t("axis.visits"), rangemode="tozero")
    height = max(320, 100 + 34 * len(data)) if horizontal else 380
    return base_layout(fig, title, height=height)
