"""The chain-owner self-review (产业链自查): a chain's or a department's figures for a period against
its targets, the year before, the quarter before and the other chains (departments), and the short
Chinese summary a department pastes into its report. Pure functions, no Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from . import fmt
from .cohort import PERIOD, Cohort
from .fmt import WAN_PER_YI
from .i18n import lang, paren, t
from .maps import STATUS_THRESHOLDS
from .period import CITY, Period, Scope, months_before
from .targets import TargetFilter

AMOUNTS = ("signed_amount", "funds_arrived")  # 万元, shown in 亿元
RATES = ("start_rate", "arrival_rate")        # shares, shown in %


def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return float(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def rank_of(frame: pd.DataFrame, id_col: str, value_col: str, the_id: str) -> tuple[int | None, int]:
    """(rank, of how many) of one row by a column, largest first; equal values share a rank (1, 2, 2,
    4). Rows without a value (a rate with no cohort) are not ranked; neither is the row itself if it
    has none."""
    values = {i: _num(v) for i, v in zip(frame[id_col], frame[value_col])}
    ranked = [v for v in values.values() if v is not None]
    own = values.get(the_id)
    if own is None:
        return None, len(ranked)
    return 1 + sum(v > own for v in ranked), len(ranked)


def tied_of(frame: pd.DataFrame, id_col: str, value_col: str, the_id: str) -> bool:
    """Whether another row has the same value as this one (they share its rank: 并列)."""
    values = {i: _num(v) for i, v in zip(frame[id_col], frame[value_col])}
    own = values.get(the_id)
    return own is not None and sum(v == own for v in values.values() if v is not None) > 1


@dataclass(frozen=True)
class Figure:
    """One figure of the self-review. Amounts in 万元, counts, or rates as shares."""
    key: str                              # signed_amount, funds_arrived, new_signed, start_rate, arrival_rate
    value: float | None
    prev_year: float | None = None        # the same period a year earlier
    prev_quarter: float | None = None     # the quarter before (quarters only)
    target: float | None = None           # the period's target
    year_to_date: float | None = None     # amounts: from 1 January to the as-of date
    year_target: float | None = None
    rank: int | None = None
    of: int = 0
    tied: bool = False                    # another chain (department) shares the rank: 并列

    def __post_init__(self):
        for name in ("value", "prev_year", "prev_quarter", "target", "year_to_date", "year_target"):
            object.__setattr__(self, name, _num(getattr(self, name)))

    @property
    def is_rate(self) -> bool:
        return self.key in RATES

    def _change(self, before: float | None) -> float | None:
        if self.value is None or before is None:
            return None
        if self.is_rate:
            return self.value - before  # percentage points ÷ 100
        return None if before == 0 else self.value / before - 1

    @property
    def yoy(self) -> float | None:
        return self._change(self.prev_year)

    @property
    def qoq(self) -> float | None:
        return self._change(self.prev_quarter)

    @property
    def target_share(self) -> float | None:
        return None if self.value is None or not self.target else self.value / self.target

    @property
    def year_share(self) -> float | None:
        return None if self.year_to_date is None or not self.year_target else self.year_to_date / self.year_target


@dataclass(frozen=True)
class ReviewFacts:
    """Everything the summary states."""
    subject: str                          # '铝产业链' or '市商务局'
    period: str                           # '2023年第3季度'
    group_word: str                       # '条产业链' or '个部门' (for "在 8 条产业链中排第 3 位")
    figures: dict[str, Figure]
    late: int = 0                         # signed, not started, planned start passed (is_late_to_start)
    stalled: int = 0
    lagging: int | None = None            # late or stalled, each project once (None: late + stalled)
    open_tasks: int = 0                   # not closed at the as-of date
    overdue_tasks: int = 0                # of those, past due
    missing_nodes: tuple[str, ...] = field(default_factory=tuple)
    uncontacted_targets: int = 0          # target companies on those nodes still not contacted
    rate_cohort: str = ""                 # the rates' cohort, in the summary's language ('2021年以来累计口径')


def _yi(wan: float) -> str:
    return f"{wan / WAN_PER_YI:,.2f} {t('unit.yi')}"


def _pct(share: float, digits: int = 1) -> str:
    return f"{share * 100:.{digits}f}%"


def _signed_pct(share: float) -> str:
    return f"{share * 100:+.1f}%"


def _pp(diff: float) -> str:
    return t("rv.sum.pp", v=f"{diff * 100:+.1f}")


def _change_text(f: Figure) -> list[str]:
    parts = []
    for word, change, before in (("yoy", f.yoy, f.prev_year), ("qoq", f.qoq, f.prev_quarter)):
        if change is not None:
            parts.append(t(f"rv.sum.{word}", v=_pp(change) if f.is_rate else _signed_pct(change)))
        elif word == "yoy" and f.value is not None and before == 0 and not f.is_rate:
            parts.append(t("rv.sum.zero_before"))
    return parts


def _rank_text(f: Figure, group_word: str) -> str | None:
    if f.rank is None or f.of < 2:
        return None
    return t("rv.sum.rank_tied" if f.tied else "rv.sum.rank", of=f.of, group=group_word, rank=f.rank)


def _sentence(label: str, f: Figure, value_text: str, group_word: str, target_text: str | None = None) -> str:
    parts = [f"{label} {value_text}"]
    if target_text:
        parts.append(target_text)
    parts += _change_text(f)
    rank = _rank_text(f, group_word)
    if rank:
        parts.append(rank)
    return t("rv.sum.comma").join(parts)


def summary(facts: ReviewFacts) -> str:
    """The self-review in a few sentences (in the page's language), figures only, ready to paste into
    a report."""
    f = facts.figures
    sentences = []
    for key, label in (("signed_amount", t("kpi.signed_amount")), ("funds_arrived", t("kpi.funds_arrived"))):
        fig = f.get(key)
        if fig is None or fig.value is None:
            continue
        target = []
        if fig.target_share is not None:
            target.append(t("rv.sum.of_target", v=_pct(fig.target_share)))
        if fig.year_to_date is not None:
            ytd = t("rv.sum.ytd", v=_yi(fig.year_to_date))
            if fig.year_share is not None:
                ytd += t("rv.sum.of_year_target", v=_pct(fig.year_share))
            target.append(ytd)
        sentences.append(_sentence(label, fig, _yi(fig.value), facts.group_word,
                                   t("rv.sum.comma").join(target) or None))
    fig = f.get("new_signed")
    if fig is not None and fig.value is not None:
        sentences.append(_sentence(t("kpi.new_signed"), fig, t("rv.sum.n_projects", n=fmt.count(fig.value)),
                                   facts.group_word))
    for key, label in (("start_rate", t("kpi.start_rate")), ("arrival_rate", t("kpi.arrival_rate"))):
        fig = f.get(key)
        if fig is None:
            continue
        if facts.rate_cohort:
            label += paren(facts.rate_cohort)
        if fig.value is None:
            sentences.append(t("rv.sum.no_cohort", label=label))
            continue
        target = t("rv.sum.target", v=_pct(fig.target, 0)) if fig.target is not None else None
        sentences.append(_sentence(label, fig, _pct(fig.value), facts.group_word, target))
    text = t("rv.sum.head", subject=facts.subject, period=facts.period) + (
        t("sep.clause").join(sentences) + t("rv.sum.stop") if sentences else "")
    lagging = facts.late + facts.stalled if facts.lagging is None else facts.lagging
    both = facts.late + facts.stalled - lagging
    text += (t("rv.sum.lagging", n=fmt.count(lagging), late=fmt.count(facts.late), stalled=fmt.count(facts.stalled),
               both=t("rv.sum.both", n=both) if both else "") if lagging else t("rv.sum.no_lagging"))
    text += (t("rv.sum.tasks", open=facts.open_tasks, overdue=facts.overdue_tasks) if facts.open_tasks
             else t("rv.sum.tasks_closed"))
    if facts.missing_nodes:
        text += t("rv.sum.missing", n=len(facts.missing_nodes), nodes=t("sep.list").join(facts.missing_nodes),
                  targets=fmt.count(facts.uncontacted_targets))
    return text.rstrip()


# -- assembling the figures from the named queries' rows ----------------------------------------
METRIC_QUERIES = {  # figure key -> (metric query, targets' metric name, by-group column, rates column)
    "signed_amount": ("signed_amount", "signed_amount", "signed_amount_wan", None),
    "funds_arrived": ("funds_arrived", "funds_arrived", "funds_arrived_wan", None),
    "new_signed": ("new_signed_projects", "new_signed_projects", "new_signed", None),
    "start_rate": ("contract_to_start_rate", "contract_to_start_rate", None, "contract_to_start_rate"),
    "arrival_rate": ("fund_arrival_rate", "fund_arrival_rate", None, "fund_arrival_rate"),
}


def previous_quarter(year: int, quarter: int | None) -> tuple[int, int] | None:
    if quarter is None:
        return None
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _target(frame: pd.DataFrame, metric: str, column: str) -> float | None:
    rows = frame[frame["metric"] == metric] if frame is not None and not frame.empty else None
    return None if rows is None or rows.empty else _num(rows[column].iloc[0])


def build_figures(group_id: str, *, cur: dict, prev_quarter: dict | None, year_to_date: dict | None,
                  amount_targets: pd.DataFrame, rate_targets: pd.DataFrame, by_group: pd.DataFrame,
                  rates_by_group: pd.DataFrame, is_quarter: bool) -> dict[str, Figure]:
    """The five figures of one chain (department): `cur` / `prev_quarter` map a metric query's name to
    its one row (value, value_prev); `year_to_date` maps signed_amount / funds_arrived to the value from
    1 January to the as-of date; `by_group` is chain_summary / department_summary with a group_id
    column; `rates_by_group` is rates_by_group; the targets frames are amount_targets (of this group)
    and rate_targets."""
    out = {}
    for key, (query, metric, group_col, rate_col) in METRIC_QUERIES.items():
        row = cur[query]
        if rate_col:
            target = _target(rate_targets, metric, "value")
            rank, of = rank_of(rates_by_group, "group_id", rate_col, group_id)
            tied = tied_of(rates_by_group, "group_id", rate_col, group_id)
        else:
            target = _target(amount_targets, metric, "quarter_target" if is_quarter else "year_target")
            rank, of = rank_of(by_group, "group_id", group_col, group_id)
            tied = tied_of(by_group, "group_id", group_col, group_id)
        ytd = year_to_date.get(query) if year_to_date and key in AMOUNTS else None
        out[key] = Figure(
            key=key, value=row["value"], prev_year=row["value_prev"],
            prev_quarter=prev_quarter[query]["value"] if prev_quarter else None, target=target,
            year_to_date=ytd,
            year_target=_target(amount_targets, metric, "year_target") if is_quarter and key in AMOUNTS else None,
            rank=rank, of=of, tied=tied)
    return out


def comparison_frame(figures: dict[str, Figure], labels: dict[str, str], series_labels: dict[str, str]) -> pd.DataFrame:
    """The rows of figures_review.comparison_bars for the two amounts."""
    rows = []
    for key in AMOUNTS:
        f = figures[key]
        for series, value in (("cur", f.value), ("prev_year", f.prev_year), ("prev_quarter", f.prev_quarter),
                              ("target", f.target)):
            rows.append({"metric": labels[key], "series": series, "series_label": series_labels[series],
                         "value_wan": value})
    return pd.DataFrame(rows)


# -- one chain's (department's) review, gathered from the named queries --------------------------
# The self-review page and the meeting deck's chain slides both take their facts from `gather`, so
# a slide and the page say the same.
def total(frame: pd.DataFrame) -> int:
    return int(frame["total_rows"].iloc[0]) if len(frame) else 0


def lagging_projects(q, params: dict, limit: int | None, offset: int = 0):
    """The review's lagging projects, late or stalled (pipeline_projects flagged), longest in their stage
    first: `limit` rows from `offset` (None: every row). `params` are Review.params; `q` as for gather."""
    return q("pipeline_projects", **params, stage=None, flag="flagged", search=None, limit=limit, offset=offset)


def open_tasks(q, params: dict, limit: int | None, offset: int = 0):
    """The review's tasks still open at the as-of date, overdue ones first (supervision_tasks 'open')."""
    return q("supervision_tasks", **params, show="open", list=None, status=None, project=None, limit=limit,
             offset=offset)


@dataclass(frozen=True)
class Review:
    """What the self-review shows of one chain or department for a period, at an as-of date."""
    group: str                 # 'chain' or 'department'
    figures: dict[str, Figure]
    by_group: pd.DataFrame     # chain_summary / department_summary of every group, with a group_id column
    rates: pd.DataFrame        # rates_by_group of every group
    params: dict               # the lists' parameters (lagging_projects, open_tasks): period, as-of, scope, cohort
    lagging: int               # projects late or stalled (each once)
    late: int
    stalled: int
    open_tasks: int            # tasks open at the as-of date
    overdue: int               # of those, past their due date
    missing: pd.DataFrame      # chain_node_status rows of its (led) chains' missing nodes
    untouched_params: dict     # target_count / target_list parameters of the missing nodes' uncontacted targets
    untouched_total: int
    cohort: Cohort = PERIOD    # the rates' cohort

    def facts(self, subject: str, period_label: str, name_col: str = "name_zh") -> ReviewFacts:
        return ReviewFacts(
            subject=subject, period=period_label, group_word=t(f"review.group_{self.group}"), figures=self.figures,
            late=self.late, stalled=self.stalled, lagging=self.lagging, open_tasks=self.open_tasks,
            overdue_tasks=self.overdue, missing_nodes=tuple(self.missing[name_col]),
            uncontacted_targets=self.untouched_total, rate_cohort=self.cohort.label())


def gather(q, period: Period, as_of, scope: Scope, chains: pd.DataFrame, cohort: Cohort = PERIOD) -> Review:
    """Run the self-review's named queries for one chain or department: `q(name, **params)` returns a
    query's rows (the page's cached ui.q, or the store for the deck); `chains` is the chains query;
    `cohort` the rates' cohort (zsgt.cohort)."""
    group = scope.kind  # 'chain' or 'department'
    if group not in ("chain", "department"):
        raise ValueError("a review is of one chain or one department")
    summary = "chain_summary" if group == "chain" else "department_summary"
    by_group = q(summary, **period.params(), as_of=as_of, **CITY.params()).rename(
        columns={f"{group}_id": "group_id"})
    p = {**period.params(), "as_of": as_of, **scope.params(), **cohort.params()}
    queries = [name for name, *_ in METRIC_QUERIES.values()]
    cur = {name: q(name, **p).iloc[0] for name in queries}
    before = previous_quarter(period.year, period.quarter)
    # quarter on quarter compares like spans: the previous quarter read up to the as-of date a quarter earlier
    prev_as_of = min(Period(*before).end, months_before(as_of, 3)) if before else None
    prev_quarter = ({name: q(name, year=before[0], quarter=before[1], as_of=prev_as_of, **scope.params(),
                             **cohort.params()).iloc[0] for name in queries} if before else None)
    year_to_date = ({name: q(name, year=period.year, quarter=None, as_of=as_of, **scope.params())["value"].iloc[0]
                     for name in ("signed_amount", "funds_arrived")} if period.quarter else None)
    rates = q("rates_by_group", group=group, **period.params(), as_of=as_of, **CITY.params(), **cohort.params())
    figs = build_figures(
        scope.id, cur=cur, prev_quarter=prev_quarter, year_to_date=year_to_date,
        amount_targets=q("amount_targets", **period.params(), target_scope=group, **scope.params()),
        rate_targets=q("rate_targets", **period.params(), **scope.params()),
        by_group=by_group, rates_by_group=rates, is_quarter=period.quarter is not None)

    # the lists' counts (total_rows, over every row); their rows are read a page at a time by who shows them
    lagging = total(lagging_projects(q, p, 1))
    # late and stalled counted each by its own flag (one project can be both): the pipeline's definitions
    late = total(q("pipeline_projects", **p, stage=None, flag="late", search=None, limit=1, offset=0))
    stalled = total(q("pipeline_projects", **p, stage=None, flag="stalled", search=None, limit=1, offset=0))
    open_count = total(open_tasks(q, p, 1))
    overdue = total(q("supervision_tasks", **p, show="open", list=None, status="overdue", project=None, limit=1,
                      offset=0))

    own = scope.params() if group == "chain" else CITY.params()
    nodes = q("chain_node_status", **period.params(), as_of=as_of, **own, chain_id=None, **STATUS_THRESHOLDS)
    led = set(chains.loc[chains["lead_department_id"] == scope.id, "chain_id"]) if group == "department" else {scope.id}
    missing = nodes[(nodes["status"] == "missing") & nodes["chain_id"].isin(led)]
    missing_ids = list(missing["node_id"])
    untouched_params = {**own, "as_of": as_of,
                        **TargetFilter(nodes=tuple(missing_ids), statuses=("not_contacted",)).params()}
    untouched_total = int(q("target_count", **untouched_params)["total"].iloc[0]) if missing_ids else 0
    return Review(group=group, figures=figs, by_group=by_group, rates=rates, params=p, lagging=lagging,
                  late=late, stalled=stalled, open_tasks=open_count, overdue=overdue,
                  missing=missing, untouched_params=untouched_params, untouched_total=untouched_total, cohort=cohort)


def labels(cohort: Cohort | None = None) -> dict[str, str]:
    """The five figures' names in the current language; the two rates name their `cohort`."""
    return {key: cohort.rate_label(f"kpi.{key}") if cohort and key in RATES else t(f"kpi.{key}")
            for key in METRIC_QUERIES}


def shown(f: Figure, value) -> str:
    """A figure's value (or its target, year-earlier value…) as the page and the deck show it."""
    if value is None:
        return "—"
    if f.key in AMOUNTS:
        return f"{fmt.yi(value)} {t('unit.yi')}"
    if f.is_rate:
        return fmt.pct(value, 1)
    return f"{fmt.count(value)} {t('unit.projects')}".strip()


def change(f: Figure, value) -> str | None:
    """A change (year on year, quarter on quarter): percent for amounts, percentage points for rates."""
    if value is None:
        return None
    return fmt.pp(value) + (" pp" if lang() == "en" else " 个百分点") if f.is_rate else fmt.pct(value, 1, signed=True)


# -- the overview of every chain (the self-review opened without a chain) -------------------------
def overview_frame(summary: pd.DataFrame, amount_targets: pd.DataFrame, counts: pd.DataFrame,
                   is_quarter: bool) -> pd.DataFrame:
    """One row per chain for the self-review's overview: the period's signed amount and funds
    arrived (万元) against the chain's target and the share reached, the rank by signed amount (with
    whether it is shared), lagging projects and open / overdue tasks. `summary` is chain_summary,
    `amount_targets` amount_targets of every chain, `counts` chain_review_counts."""
    column = "quarter_target" if is_quarter else "year_target"
    targets = {(r.target_id, r.metric): _num(getattr(r, column)) for r in amount_targets.itertuples(index=False)}
    out = summary.merge(counts, on="chain_id", how="left")
    for metric, value in (("signed_amount", "signed_amount_wan"), ("funds_arrived", "funds_arrived_wan")):
        target = [targets.get((c, metric)) for c in out["chain_id"]]
        out[f"{metric}_target_wan"] = target
        out[f"{metric}_share"] = [None if not tg or _num(v) is None else _num(v) / tg
                                  for v, tg in zip(out[value], target)]
    out["rank"] = [rank_of(out, "chain_id", "signed_amount_wan", c)[0] for c in out["chain_id"]]
    out["tied"] = [tied_of(out, "chain_id", "signed_amount_wan", c) for c in out["chain_id"]]
    for c in ("lagging", "late", "stalled", "open_tasks", "overdue_tasks"):
        out[c] = out[c].fillna(0).astype(int)
    return out.reset_index(drop=True)
