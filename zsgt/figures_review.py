"""Figure builders of the self-review and the assessment: pure functions DataFrame -> go.Figure."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .figures import (FONT_FAMILY, FONT_SIZE, NEUTRAL, ROOM_SCALE, SIGNED_COLOR, TEXT_COLOR, base_layout,
                      clear_of_line, empty_figure)
from .fit import text_px
from .fmt import WAN_PER_YI
from .i18n import paren, t

SERIES_COLORS = {"cur": SIGNED_COLOR, "prev_year": "#9DB4CC", "prev_quarter": "#C9D6E3", "target": "#E8A33D"}
OTHER = "#D5DBE1"  # the bars of the other chains/departments, behind the highlighted one


def comparison_bars(frame: pd.DataFrame, title: str) -> go.Figure:
    """Signed amount and funds arrived (亿元): this period beside the year before, the quarter before
    and the target. `frame`: metric (label), series ('cur', 'prev_year', 'prev_quarter', 'target'),
    series_label, value_wan (null = not available)."""
    data = frame.dropna(subset=["value_wan"])
    if data.empty:
        return empty_figure(title, t("chrome.empty"))
    fig = go.Figure()
    for series, rows in data.groupby("series", sort=False):
        values = rows["value_wan"].astype(float) / WAN_PER_YI
        fig.add_bar(x=rows["metric"], y=values, name=rows["series_label"].iloc[0],
                    marker_color=SERIES_COLORS.get(series, NEUTRAL), text=[f"{v:.2f}" for v in values],
                    textposition="outside", cliponaxis=False,
                    hovertemplate="%{x}<br>%{y:.2f} " + t("unit.yi") + "<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(title_text=t("axis.amount_yi"), rangemode="tozero")
    return base_layout(fig, title, height=400)


def rank_bars(frame: pd.DataFrame, *, id_col: str, name_col: str, value_col: str, highlight: str, title: str,
              axis_title: str, percent: bool = False, scale: float = 1.0) -> go.Figure:
    """Every chain (department) on one figure, largest first, the one under review in its own colour
    (the chain's colour, else the house blue) and the others grey. Values are divided by `scale`
    (10,000 for 万元 → 亿元); `percent` shows shares as %. Rows without a value are left out; a rate
    resting on fewer than 5 projects (a `small_cohort` column, as rates_by_group's) is marked so."""
    data = frame.dropna(subset=[value_col]).copy()
    if data.empty:
        return empty_figure(title, t("chrome.empty"))
    data["v"] = data[value_col].astype(float) / scale * (100 if percent else 1)
    data = data.sort_values(["v", id_col], ascending=[True, False])  # largest at the top
    own = data[id_col] == highlight
    own_color = SIGNED_COLOR
    if "color" in data and own.any() and isinstance(data.loc[own, "color"].iloc[0], str):
        own_color = data.loc[own, "color"].iloc[0]
    colors = [own_color if o else OTHER for o in own]
    text = [f"{v:.1f}%" if percent else f"{v:.2f}" if scale != 1 else f"{v:g}" for v in data["v"]]
    if "small_cohort" in data:
        text = [f"{x} · {t('cohort.small_mark')}" if bool(few) else x for x, few in zip(text, data["small_cohort"])]
    fig = go.Figure(go.Bar(x=data["v"], y=data[name_col], orientation="h", marker_color=colors, text=text,
                           textposition="outside", cliponaxis=False, hovertemplate="%{y}<br>%{text}<extra></extra>",
                           marker_line_color=[SIGNED_COLOR if o else OTHER for o in own],
                           marker_line_width=[2 if o else 0 for o in own]))
    fig.update_xaxes(title_text=axis_title, rangemode="tozero", range=[0, max(data["v"].max(), 0.01) * 1.2])
    fig.update_yaxes(tickfont={"family": FONT_FAMILY})
    fig = base_layout(fig, title, height=max(320, 90 + 34 * len(data)))
    # the longest bar's label runs past the plot's right edge when the names leave the plot narrow:
    # a right margin as wide as the widest label in the meeting mode's type (text_px measures 14 px)
    label_px = max(text_px(x) for x in text) * FONT_SIZE * ROOM_SCALE / 14 * 1.1
    fig.update_layout(margin_r=10 + math.ceil(label_px))
    return fig


COMPONENT_COLORS = ["#1F4E79", "#E8A33D", "#59A14F", "#76B7B2", "#B07AA1", "#9C755F", "#EDC948"]
DEDUCTION_COLOR = "#E15759"


def score_bars(ranking: pd.DataFrame, components: list[tuple[str, str, bool]], *, name_col: str, title: str
               ) -> go.Figure:
    """Each department's points, stacked by component, best at the top; deductions to the left of
    zero in red. `components`: (column, label, is_deduction) in the method's order; `ranking` has
    those columns, `total` and `rank`."""
    if ranking.empty:
        return empty_figure(title, t("chrome.empty"))
    data = ranking.sort_values(["rank", "department_id"], ascending=[False, False])
    labels = [f"{n}{paren(f'{total:.1f}')}" for n, total in zip(data[name_col], data["total"])]
    fig = go.Figure()
    for i, (col, label, is_deduction) in enumerate(components):
        fig.add_bar(x=data[col].astype(float), y=labels, name=label, orientation="h",
                    marker_color=DEDUCTION_COLOR if is_deduction else COMPONENT_COLORS[i % len(COMPONENT_COLORS)],
                    hovertemplate="%{y}<br>" + label + t("sep.colon") + "%{x:.1f}<extra></extra>")
    fig.update_layout(barmode="relative")
    fig.update_xaxes(title_text=t("assess.axis_points"), zeroline=True, zerolinecolor="#5B6670")
    return base_layout(fig, title, height=max(380, 110 + 36 * len(data)))


def rank_shift(before: pd.DataFrame, after: pd.DataFrame, *, name_col: str, title: str, left: str, right: str
               ) -> go.Figure:
    """A slope chart: each department's rank under the current method (left) and the changed one
    (right); departments that move are drawn strong, the others faint. Frames: department_id,
    name column, rank."""
    if before.empty:
        return empty_figure(title, t("chrome.empty"))
    both = before[["department_id", name_col, "rank"]].merge(after[["department_id", "rank"]], on="department_id",
                                                               suffixes=("", "_after"))
    fig = go.Figure()
    for row in both.itertuples(index=False):
        name, r0, r1 = getattr(row, name_col), row.rank, row.rank_after
        moved = r0 != r1
        color = (SIGNED_COLOR if r1 < r0 else DEDUCTION_COLOR) if moved else OTHER
        fig.add_scatter(x=[left, right], y=[r0, r1], mode="lines+markers+text", showlegend=False,
                        line={"color": color, "width": 3 if moved else 1.5}, marker={"size": 9, "color": color},
                        text=[f"{name} {r0}", f"{r1} {name}"], textposition=["middle left", "middle right"],
                        textfont={"size": 13, "color": "#1B1F24" if moved else "#7A848E"},
                        hovertemplate=f"{name}<br>%{{x}}{t('sep.colon')}" + t("assess.rank_n", n="%{y}")
                                      + "<extra></extra>")
    n = int(max(both["rank"].max(), both["rank_after"].max()))
    fig.update_yaxes(autorange="reversed", range=[n + 0.5, 0.5], showticklabels=False, showgrid=False,
                     zeroline=False)
    fig.update_xaxes(range=[-0.9, 1.9], showgrid=False, tickfont={"size": 15})
    fig.update_layout(xaxis={"type": "category"})
    return base_layout(fig, title, height=max(380, 90 + 34 * n))


def special_fund_bars(years: pd.DataFrame, title: str) -> go.Figure:
    """The special support fund per year: money committed (万元, bars; the chosen year strong) against
    the yearly amount (a dashed line). `years`: special_fund_by_year's rows."""
    if years.empty:
        return empty_figure(title, t("chrome.empty"))
    x = years["year"].astype(str)
    committed = years["committed_wan"].astype(float)
    top = max(committed.max(), float(years["yearly_wan"].max())) * 1.2
    fig = go.Figure()
    fig.add_bar(x=x, y=committed, name=t("incent.series_committed"),
                marker_color=[SIGNED_COLOR if c else "#9DB4CC" for c in years["is_chosen_year"]],
                text=[f"{v:,.0f}" for v in committed], cliponaxis=False,
                textposition=clear_of_line(committed, float(years["yearly_wan"].iloc[0]), top), insidetextanchor="end",
                insidetextfont={"color": ["white" if c else TEXT_COLOR for c in years["is_chosen_year"]]},
                hovertemplate="%{x}<br>%{y:,.0f} " + t("unit.wan") + "<extra></extra>")
    fig.add_scatter(x=x, y=years["yearly_wan"].astype(float), name=t("incent.series_yearly"), mode="lines",
                    line={"color": "#E8A33D", "width": 3, "dash": "dash"},
                    hovertemplate="%{x}<br>%{y:,.0f} " + t("unit.wan") + "<extra></extra>")
    fig.update_xaxes(type="category", title_text=t("chrome.year"))
    fig.update_yaxes(title_text=t("incent.axis_wan"), rangemode="tozero", range=[0, top])
    return base_layout(fig, title, height=380)
