"""Figure builders of the rates page: rankings, cohort heat maps, time-to-start curves.

Pure functions DataFrame -> go.Figure (no Streamlit), in the house style of zsgt.figures.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .figures import (FONT_FAMILY, NEUTRAL, SIGNED_COLOR, add_layout_items, base_layout, empty_figure, row_height,
                      wrap)
from .fmt import WAN_PER_YI
from .i18n import paren, t

TARGET_COLOR = "#C0392B"
HORIZONS = (1, 2, 4, 8)


def _num(v) -> float | None:
    if v is None or v is pd.NA:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def rate_ranking(groups: pd.DataFrame, metric: str, title: str, name_col: str = "name_zh",
                 target: float | None = None, group: str = "chain") -> go.Figure:
    """Groups (rates_by_group rows) ranked by one rate, best on top, with its numerator/denominator.

    metric: 'contract_to_start_rate' (label "started / cohort 项目") or 'fund_arrival_rate'
    (label "arrived / contract 亿元"). Groups with an empty cohort are not drawn, and counted in a
    note; a group whose cohort holds fewer than 5 projects (small_cohort) is marked "样本<5" on its bar.
    A chain's bar has the chain's colour; departments are drawn in one colour. `group` ('chain' or
    'department') names what the note on groups left out counts.
    """
    if groups.empty or groups["cohort"].fillna(0).sum() == 0:
        return empty_figure(title, t("chrome.empty"))
    # a group with no project signed in the period has no rate: left out, and counted in a note
    idle = int((groups["cohort"].fillna(0) == 0).sum())
    groups = groups[groups["cohort"].fillna(0) > 0]
    data = groups.assign(_v=groups[metric].map(_num))
    data = data.sort_values("_v", ascending=True, na_position="first")  # plotly draws bottom-up
    values = [v * 100 if v is not None and not math.isnan(v) else None for v in data["_v"]]
    labels = []
    small = [bool(x) for x in data["small_cohort"]] if "small_cohort" in data else [False] * len(data)
    for r, v, few in zip(data.itertuples(index=False), values, small):
        if v is None:
            label = t("rates.rank_empty")
        elif metric == "contract_to_start_rate":
            label = f"{v:.1f}% · {int(r.started)}/{int(r.cohort)}"  # the title names what is counted
        else:
            label = (f"{v:.1f}% · {float(r.arrived_wan) / WAN_PER_YI:.2f}/"  # the title names the unit
                     f"{float(r.contract_wan) / WAN_PER_YI:.2f}")
        labels.append(label + (f" · {t('cohort.small_mark')}" if few else ""))
    colors = [c if isinstance(c, str) and c else SIGNED_COLOR for c in data["color"]]
    fig = go.Figure()
    names = [wrap(n) for n in data[name_col]]
    fig.add_bar(x=[v or 0 for v in values], y=names, orientation="h", marker_color=colors,
                text=labels, textposition="none", showlegend=False, hovertemplate="%{y}<br>%{text}<extra></extra>")
    # the labels stand in the right margin as a second axis's tick labels: plotly makes room for them
    # (never clipped at any width) and they never run across the target line or another bar
    fig.add_bar(x=[0] * len(names), y=names, orientation="h", yaxis="y2", marker_color="rgba(0,0,0,0)",
                showlegend=False, hoverinfo="skip")
    fig.update_layout(yaxis={"categoryorder": "array", "categoryarray": names},
                      yaxis2={"overlaying": "y", "side": "right", "tickmode": "array", "tickvals": names,
                              "ticktext": labels, "categoryorder": "array", "categoryarray": names,
                              "showgrid": False, "automargin": True, "ticks": ""})
    top = max([v for v in values if v is not None] + [(target or 0) * 100, 1])
    if target is not None:
        fig.add_vline(x=target * 100, line={"color": TARGET_COLOR, "dash": "dash", "width": 2}, layer="below")
        fig.add_annotation(x=target * 100, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("rates.target_marker", v=f"{target * 100:.0f}%"),
                           font={"color": TARGET_COLOR, "size": 14})
    notes = ([t(f"rates.rank_idle_{group}", n=idle)] if idle else []) + ([t("cohort.small_note")] if any(small) else [])
    if notes:
        fig.add_annotation(text="<br>".join(notes), xref="paper", yref="paper", x=1.0, y=-0.02,
                           xanchor="right", yanchor="top", yshift=-40, showarrow=False,
                           font={"size": 13, "color": NEUTRAL})
    # ticks chosen by plotly, which thins them when the chart is narrow
    fig.update_xaxes(title_text="%", range=[0, top * 1.08], ticksuffix="%", nticks=6)
    return base_layout(fig, title, height=max(320, 110 + row_height(data[name_col], least=40) * len(data)))


def cohort_heatmap(cohorts: pd.DataFrame, value: str, title: str) -> go.Figure:
    """Signing quarters (rows, newest at the bottom) × horizons 1, 2, 4, 8 quarters (columns).

    value: 'start_share' or 'arrived_share' from rate_cohorts. Cells not yet observable are left
    blank (no colour, no number), not drawn as 0.
    """
    if cohorts.empty:
        return empty_figure(title, t("chrome.empty"))
    labels = list(dict.fromkeys(cohorts["label"]))
    columns = [t("rates.after_k", k=k) for k in HORIZONS]
    z, text, hover = [], [], []
    sizes = dict(zip(cohorts["label"], cohorts["cohort"]))
    for label in labels:
        rows = cohorts[cohorts["label"] == label].set_index("k")
        zr, tr, hr = [], [], []
        for k in HORIZONS:
            v = _num(rows[value].get(k)) if k in rows.index else None
            zr.append(None if v is None else v * 100)
            tr.append("" if v is None else f"{v * 100:.0f}")
            hr.append(t("rates.cohort_hover", label=label, n=int(sizes[label])))
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    fig = go.Figure(go.Heatmap(
        z=z, x=columns, y=labels, text=text, texttemplate="%{text}", textfont={"size": 14},
        customdata=hover, hovertemplate="%{customdata}<br>%{x}" + t("sep.colon") + "%{z:.1f}%<extra></extra>",
        colorscale="Blues", zmin=0, zmax=100, xgap=2, ygap=2, hoverongaps=False,
        colorbar={"ticksuffix": "%", "thickness": 12}))  # the unit on each tick, no title to crowd the top one
    fig.update_yaxes(type="category", autorange="reversed", title_text=t("rates.signing_quarter"), showgrid=False)
    fig.update_xaxes(type="category", tickangle=0)
    return base_layout(fig, title, height=max(340, 130 + 30 * len(labels)))


def time_to_start(curves: pd.DataFrame, title: str, name_col: str = "name_zh") -> go.Figure:
    """Kaplan–Meier share started (%) against months since signing, one step line per chain, in its
    colour. Each line starts at (0, 0) and runs to the chain's longest follow-up."""
    if curves.empty:
        return empty_figure(title, t("chrome.empty"))
    fig = go.Figure()
    for _, curve in curves.groupby("sort_order", sort=True):
        first = curve.iloc[0]
        name = f"{first[name_col]}{paren(int(first['cohort']))}"
        x = [0.0] + curve["months"].astype(float).tolist()
        y = [0.0] + (curve["share_started"].astype(float) * 100).tolist()
        at_risk = [int(first["cohort"])] + curve["at_risk"].astype(int).tolist()
        fig.add_scatter(x=x, y=y, mode="lines", line_shape="hv", name=name, customdata=at_risk, showlegend=True,
                        line={"color": first["color"] or NEUTRAL, "width": 3},
                        hovertemplate=t("rates.km_hover", chain=first[name_col]) + "<extra></extra>")
    # the axes stand a little apart at the origin, so "0" and "0%" do not run into each other
    fig.update_xaxes(title_text=t("rates.km_x"), rangemode="tozero", dtick=6, ticklabelstandoff=6)
    fig.update_yaxes(ticklabelstandoff=6)
    fig.update_yaxes(title_text=t("rates.km_y"), range=[0, 102], ticksuffix="%")
    fig = base_layout(fig, title, height=480)
    fig.update_layout(legend={"orientation": "v", "y": 0.5, "yanchor": "middle", "x": 1.02, "xanchor": "left",
                              "font": {"family": FONT_FAMILY}}, margin={"r": 10})
    return fig


def rate_trend(trend: pd.DataFrame, value: str, title: str, name_col: str = "name_zh",
               target: float | None = None, per_row: int = 4) -> go.Figure:
    """Small multiples: one panel per chain (rate_trend rows), its rate quarter by quarter in its colour,
    on one shared 0–100 % scale so the panels compare. value: 'contract_to_start_rate' or
    'fund_arrival_rate'. A quarter whose cohort is empty is a gap, not 0; the target is a dashed line."""
    if trend.empty:
        return empty_figure(title, t("chrome.empty"))
    chains = trend.drop_duplicates("chain_id").sort_values(["sort_order", "chain_id"])
    n = len(chains)
    cols = min(per_row, n)
    rows = math.ceil(n / cols)
    # a long name (English) on two lines, so that it stays over its own panel and inside the chart
    titles = [wrap(n, 80 // cols) for n in chains[name_col]]
    lines = max(title.count("<br>") + 1 for title in titles)
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes=True, shared_xaxes=True, horizontal_spacing=0.03,
                        vertical_spacing=(0.12 + 0.05 * (lines - 1)) if rows > 1 else 0.0, subplot_titles=titles)
    labels = list(dict.fromkeys(trend.sort_values(["year", "quarter"])["label"]))
    top = 0.0
    # the panels' lines, and then their target lines, each added in one step (figures.add_layout_items)
    lines_, at = [], []
    for i, chain in enumerate(chains.itertuples(index=False)):
        rows_ = trend[trend["chain_id"] == chain.chain_id].sort_values(["year", "quarter"])
        ys = [None if (v := _num(x)) is None else v * 100 for x in rows_[value]]
        top = max([top] + [y for y in ys if y is not None])
        color = chain.color if isinstance(chain.color, str) and chain.color else SIGNED_COLOR
        lines_.append(go.Scatter(x=rows_["label"], y=ys, mode="lines+markers", line={"color": color, "width": 3},
                                 marker={"size": 7}, connectgaps=False, showlegend=False,
                                 customdata=rows_["cohort"].astype(int),
                                 hovertemplate=t("rates.trend_hover", chain=getattr(chain, name_col)) + "<extra></extra>"))
        at.append(divmod(i, cols))
    fig.add_traces(lines_, rows=[r + 1 for r, _ in at], cols=[c + 1 for _, c in at])
    if target is not None:
        add_layout_items(fig, shapes=[
            {"type": "line", "x0": 0, "x1": 1, "xref": f"{trace.xaxis} domain", "y0": target * 100,
             "y1": target * 100, "yref": trace.yaxis, "line": {"color": TARGET_COLOR, "dash": "dash", "width": 1.5}}
            for trace in fig.data])
    upper = max(top, (target or 0) * 100, 10) * 1.1
    fig.update_yaxes(range=[0, min(upper, 105)], ticksuffix="%", nticks=4)
    # the quarters shown, once under each bottom panel ("2022Q1 – 2023Q4"): tick labels at a panel's two
    # ends ran into the next panel's and into the "0%" of the axis beside them
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=labels, showticklabels=False)
    fig.update_xaxes(title_text=f"{labels[0]} – {labels[-1]}", title_font={"size": 15}, title_standoff=4, row=rows)
    fig.update_annotations(font={"size": 15, "family": FONT_FAMILY})
    fig = base_layout(fig, title, height=140 + 210 * rows + 22 * (lines - 1) * rows)
    return fig.update_layout(margin_t=fig.layout.margin.t + 22 * (lines - 1))
