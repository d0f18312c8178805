"""The quarterly department assessment (季度考核) and the incentives (奖补): the method kept in
data/assessment.toml, checked, and applied to the named queries' rows. Pure functions, no Streamlit.

Each kind of component has one formula (see the TOML's comments); the file chooses the components,
their metrics, weights, caps and the referrer-reward tiers. A file that is wrong raises MethodError
with a Chinese message that names the place to fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .config import assessment_path, read_toml, toml_section
from .i18n import lang, t

KINDS = {  # kind -> the metrics it can score, the numbers it needs
    "target_ratio": ({"signed_amount", "funds_arrived"}, ("weight", "cap")),
    "rate": ({"contract_to_start_rate", "fund_arrival_rate"}, ("weight", "target_rate", "cap")),
    "count": ({"new_projects_in_led_chains", "new_signed_projects"}, ("points_each", "max_points")),
    "deduction": ({"overdue_tasks"}, ("points_each", "max_points")),
}
KIND_ZH = {"target_ratio": "目标完成率", "rate": "比率", "count": "计数加分", "deduction": "扣分"}
CONTRIBUTION_METRICS = {"signed_amount", "funds_arrived"}
FACT_COLUMNS = ["signed_amount", "signed_amount_target", "funds_arrived", "funds_arrived_target",
                "contract_to_start_rate", "fund_arrival_rate", "contract_to_start_rate_ytd", "fund_arrival_rate_ytd",
                "new_projects_in_led_chains", "new_signed_projects", "overdue_tasks"]
RATE_PERIODS = {"quarter": "本季度", "year_to_date": "本年累计"}  # whose cohort a rate component measures


class MethodError(ValueError):
    """The assessment file is missing or wrong; the message (Chinese) says where and what."""


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    kind: str
    metric: str
    weight: float = 0.0
    cap: float = 1.0
    target_rate: float | None = None
    no_cohort_points: float = 0.0
    period: str = "quarter"  # rates: the cohort signed in the quarter, or from 1 January (year_to_date)
    points_each: float = 0.0
    max_points: float = 0.0
    name_en: str = ""  # optional in the file; the English page shows it when given
    short: str = ""  # optional: the column header in the ranking on screen (the full name in its tooltip)
    short_en: str = ""

    @property
    def title(self) -> str:
        return _named(self.name, self.name_en)

    @property
    def short_title(self) -> str:
        """The name as a column header on screen: `short` when the file gives one, else the name."""
        return _named(self.short or self.name, self.short_en or self.name_en)

    @property
    def scale(self) -> float:
        """The number the what-if slider moves: the weight, or the most points a count can give/take."""
        return self.weight if self.kind in ("target_ratio", "rate") else self.max_points

    def with_scale(self, value: float) -> "Component":
        return replace(self, weight=value) if self.kind in ("target_ratio", "rate") else replace(self, max_points=value)

    def rule(self) -> str:
        """The component's formula in the page's language, for the explanation next to its points."""
        if self.kind == "target_ratio":
            return t("assess.rule.target_ratio", weight=_n(self.weight), cap=_n(self.cap))
        if self.kind == "rate":
            return t("assess.rule.rate", word=t(f"assess.rate_period.{self.period}"), weight=_n(self.weight),
                     target=_n(self.target_rate * 100), cap=_n(self.cap), none=_n(self.no_cohort_points))
        return t(f"assess.rule.{self.kind}", each=_n(self.points_each), most=_n(self.max_points))


@dataclass(frozen=True)
class Tier:
    min_wan: float
    reward_wan: float


@dataclass(frozen=True)
class Method:
    name: str
    full_score: float
    components: tuple[Component, ...]
    progress_name: str
    contribution_name: str
    contribution_metrics: tuple[str, ...]
    reward_name: str
    reward_cap_wan: float
    require_started: bool
    tiers: tuple[Tier, ...]
    name_en: str = ""  # the English names are optional in the file
    progress_name_en: str = ""
    contribution_name_en: str = ""
    reward_name_en: str = ""

    @property
    def title(self) -> str:
        return _named(self.name, self.name_en)

    @property
    def progress_title(self) -> str:
        return _named(self.progress_name, self.progress_name_en)

    @property
    def contribution_title(self) -> str:
        return _named(self.contribution_name, self.contribution_name_en)

    @property
    def reward_title(self) -> str:
        return _named(self.reward_name, self.reward_name_en)

    def with_scales(self, scales: dict[str, float]) -> "Method":
        """The method with some components' weights (or max points) changed: the what-if."""
        return replace(self, components=tuple(c.with_scale(scales[c.id]) if c.id in scales else c
                                              for c in self.components))


def _named(zh: str, en: str) -> str:
    return en if lang() == "en" and en else zh


def _n(v: float) -> str:
    return f"{v:g}"


# -- reading and checking the file ---------------------------------------------------------------
def load_method(path: Path | str | None = None) -> Method:
    """The method in data/assessment.toml (or $ZSGT_ASSESSMENT, or `path`), checked."""
    path = Path(path) if path else assessment_path()
    data = read_toml(path, MethodError, name="考核办法文件",
                     missing=f"找不到考核办法文件 {path}。请恢复 data/assessment.toml，或设置 ZSGT_ASSESSMENT 指向它。")
    return parse_method(data, path.name)


def _section(data: dict, key: str, where: str) -> dict:
    return toml_section(data, key, where, MethodError)


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MethodError(f"{where}的 {key} 应为非空文字。")
    return value


def _number(table: dict, key: str, where: str, *, minimum: float = 0.0, default=None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MethodError(f"{where}的 {key} 应为数字（现为 {value!r}）。")
    if value < minimum:
        raise MethodError(f"{where}的 {key} 不能小于 {_n(minimum)}（现为 {_n(value)}）。")
    return float(value)


def parse_method(data: dict, source: str = "assessment.toml") -> Method:
    where = f"考核办法文件 {source} "
    method = _section(data, "method", where)
    raw = data.get("component")
    if not isinstance(raw, list) or not raw:
        raise MethodError(f"{where}没有任何 [[component]] 考核项。")
    components, seen = [], set()
    for i, c in enumerate(raw, start=1):
        at = f"{where}第 {i} 个考核项"
        if not isinstance(c, dict):
            raise MethodError(f"{at}格式有误。")
        cid = _text(c, "id", at)
        at = f"{where}考核项 {cid} "
        if cid in seen:
            raise MethodError(f"{at}的 id 重复。")
        seen.add(cid)
        kind = _text(c, "kind", at)
        if kind not in KINDS:
            raise MethodError(f"{at}的 kind 应为 {'、'.join(KINDS)} 之一（现为 {kind!r}）。")
        metrics, needs = KINDS[kind]
        metric = _text(c, "metric", at)
        if metric not in metrics:
            raise MethodError(f"{at}（{KIND_ZH[kind]}）的 metric 应为 {'、'.join(sorted(metrics))} 之一（现为 {metric!r}）。")
        numbers = {k: _number(c, k, at) for k in needs}
        if "cap" in numbers and numbers["cap"] <= 0:
            raise MethodError(f"{at}的 cap 应大于 0。")
        if "target_rate" in numbers and not 0 < numbers["target_rate"] <= 1:
            raise MethodError(f"{at}的 target_rate 应在 0 与 1 之间（0.8 表示 80%）。")
        if kind == "rate":
            numbers["no_cohort_points"] = _number(c, "no_cohort_points", at, default=0)
            period = c.get("period", "quarter")
            if period not in RATE_PERIODS:
                raise MethodError(f"{at}的 period 应为 quarter（本季度签约项目）或 year_to_date（本年累计签约项目），"
                                  f"现为 {period!r}。")
            numbers["period"] = period
        components.append(Component(id=cid, name=_text(c, "name", at), name_en=str(c.get("name_en", "")), kind=kind,
                                    metric=metric, short=str(c.get("short", "")), short_en=str(c.get("short_en", "")),
                                    **numbers))
    full = _number(method, "full_score", f"{where}[method] ", minimum=1)
    total = sum(c.weight for c in components if c.kind in ("target_ratio", "rate")) + \
        sum(c.max_points for c in components if c.kind == "count")
    if not math.isclose(total, full):
        raise MethodError(f"{where}各考核项的权重与加分上限合计 {_n(total)} 分，与 full_score = {_n(full)} 不一致。")

    awards = _section(data, "awards", where)
    contribution = awards.get("contribution_metrics")
    if (not isinstance(contribution, list) or not contribution
            or any(m not in CONTRIBUTION_METRICS for m in contribution)):
        raise MethodError(f"{where}[awards] 的 contribution_metrics 应为 {sorted(CONTRIBUTION_METRICS)} 中的一项或几项。")

    reward = _section(data, "referrer_reward", where)
    at = f"{where}[referrer_reward] "
    cap = _number(reward, "cap_wan", at)
    tiers_raw = reward.get("tier")
    if not isinstance(tiers_raw, list) or not tiers_raw:
        raise MethodError(f"{at}没有任何 [[referrer_reward.tier]] 档次。")
    tiers = []
    for i, tier in enumerate(tiers_raw, start=1):
        tat = f"{at}第 {i} 档"
        tiers.append(Tier(_number(tier, "min_wan", tat), _number(tier, "reward_wan", tat)))
        if tiers[-1].reward_wan > cap:
            raise MethodError(f"{tat}的奖励 {_n(tiers[-1].reward_wan)} 万元超过单笔上限 cap_wan = {_n(cap)} 万元。")
        if i > 1 and not (tiers[-1].min_wan > tiers[-2].min_wan and tiers[-1].reward_wan >= tiers[-2].reward_wan):
            raise MethodError(f"{tat}的 min_wan 应大于上一档，奖励不应少于上一档。")
    started = reward.get("require_started", True)
    if not isinstance(started, bool):
        raise MethodError(f"{at}的 require_started 应为 true 或 false。")
    return Method(
        name=_text(method, "name", f"{where}[method] "), full_score=full, components=tuple(components),
        progress_name=_text(awards, "progress", f"{where}[awards] "),
        contribution_name=_text(awards, "contribution", f"{where}[awards] "),
        contribution_metrics=tuple(contribution), reward_name=_text(reward, "name", at), reward_cap_wan=cap,
        require_started=started, tiers=tuple(tiers), name_en=str(method.get("name_en", "")),
        progress_name_en=str(awards.get("progress_en", "")), contribution_name_en=str(awards.get("contribution_en", "")),
        reward_name_en=str(reward.get("name_en", "")))


# -- scoring ---------------------------------------------------------------------------------------
def _num(v) -> float | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return float(v)
    f = float(v)
    return None if math.isnan(f) else f


def department_facts(*, summary: pd.DataFrame, targets: pd.DataFrame, rates: pd.DataFrame, rates_ytd: pd.DataFrame,
                     chain_summary: pd.DataFrame, chains: pd.DataFrame, supervision: pd.DataFrame) -> pd.DataFrame:
    """One row per department with every fact a component can score, from the named queries:
    department_summary, amount_targets (target_scope 'department'), rates_by_group (group
    'department') of the quarter and of the year to the quarter's end (rates_ytd), chain_summary with chains (new projects in the chains a department leads) and
    supervision_by_department (its tasks due in the quarter that were overdue)."""
    out = summary[["department_id", "name_zh", "name_en"]].copy()
    out["signed_amount"] = summary["signed_amount_wan"].map(_num)
    out["funds_arrived"] = summary["funds_arrived_wan"].map(_num)
    out["new_signed_projects"] = summary["new_signed"].astype(int)
    for metric in ("signed_amount", "funds_arrived"):
        rows = targets[targets["metric"] == metric]
        out[f"{metric}_target"] = out["department_id"].map(dict(zip(rows["target_id"], rows["quarter_target"].map(_num))))
    for frame, suffix in ((rates, ""), (rates_ytd, "_ytd")):
        by_dep = frame.set_index("group_id")
        for col in ("contract_to_start_rate", "fund_arrival_rate"):
            out[col + suffix] = out["department_id"].map(by_dep[col].map(_num).to_dict())
    led = chain_summary.merge(chains[["chain_id", "lead_department_id"]], on="chain_id")
    led_new = led.groupby("lead_department_id")["new_signed"].sum()
    out["new_projects_in_led_chains"] = out["department_id"].map(led_new).fillna(0).astype(int)
    overdue = dict(zip(supervision["department_id"], supervision["overdue_in_period"]))
    out["overdue_tasks"] = out["department_id"].map(overdue).fillna(0).astype(int)
    return out.reset_index(drop=True)


def component_points(c: Component, facts: dict) -> dict:
    """One component for one department: the value it scores, its target, the ratio and the points."""
    value = _num(facts.get(c.metric + ("_ytd" if c.kind == "rate" and c.period == "year_to_date" else "")))
    if c.kind == "target_ratio":
        target = _num(facts.get(f"{c.metric}_target"))
        ratio = None if value is None or not target else value / target
        points = 0.0 if ratio is None else c.weight * min(ratio, c.cap)
    elif c.kind == "rate":
        target = c.target_rate
        ratio = None if value is None else value / target
        points = c.no_cohort_points if ratio is None else c.weight * min(ratio, c.cap)
    elif c.kind == "count":
        target, ratio = None, None
        points = min(c.points_each * (value or 0), c.max_points)
    else:
        target, ratio = None, None
        points = -min(c.points_each * (value or 0), c.max_points) or 0.0  # no -0.0
    return {"component_id": c.id, "component": c.title, "value": value, "target": target, "ratio": ratio,
            "points": points}


def score(method: Method, facts: pd.DataFrame) -> pd.DataFrame:
    """Every department's points on every component (long): department_id, component_id, component,
    value, target, ratio, points."""
    rows = []
    for fact in facts.to_dict("records"):
        for c in method.components:
            rows.append({"department_id": fact["department_id"], **component_points(c, fact)})
    return pd.DataFrame(rows, columns=["department_id", "component_id", "component", "value", "target", "ratio",
                                       "points"])


def ranking(method: Method, facts: pd.DataFrame) -> pd.DataFrame:
    """department_id, name_zh, name_en, one column of points per component, total and rank (largest
    total first; equal totals share a rank), best first."""
    points = score(method, facts).pivot(index="department_id", columns="component_id", values="points")
    points = points[[c.id for c in method.components]]
    out = facts[["department_id", "name_zh", "name_en"]].merge(points, left_on="department_id", right_index=True)
    out["total"] = out[[c.id for c in method.components]].sum(axis=1).round(6)
    out["rank"] = out["total"].rank(method="min", ascending=False).astype(int)
    return out.sort_values(["rank", "department_id"]).reset_index(drop=True)


def awards(method: Method, cur: pd.DataFrame, prev: pd.DataFrame | None, facts: pd.DataFrame) -> dict:
    """The quarter's two awards. progress: the largest rank gain on the previous quarter (ties: the
    larger score gain, then the higher total), only for a gain; contribution: the largest sum of the
    contribution metrics. Each: a dict (department_id and the figures behind it) or None."""
    out = {"progress": None, "contribution": None}
    if prev is not None and not prev.empty:
        both = cur.merge(prev[["department_id", "rank", "total"]], on="department_id", suffixes=("", "_prev"))
        both["gain"] = both["rank_prev"] - both["rank"]
        both["score_gain"] = both["total"] - both["total_prev"]
        best = both.sort_values(["gain", "score_gain", "total", "department_id"],
                                ascending=[False, False, False, True]).head(1)
        if not best.empty and best["gain"].iloc[0] > 0:
            r = best.iloc[0]
            out["progress"] = {"department_id": r["department_id"], "rank_prev": int(r["rank_prev"]),
                               "rank": int(r["rank"]), "gain": int(r["gain"]), "score_gain": float(r["score_gain"])}
    sums = facts.assign(contribution=facts[list(method.contribution_metrics)].fillna(0).sum(axis=1))
    best = sums.sort_values(["contribution", "department_id"], ascending=[False, True]).head(1)
    if not best.empty and best["contribution"].iloc[0] > 0:
        out["contribution"] = {"department_id": best["department_id"].iloc[0],
                               "value_wan": float(best["contribution"].iloc[0])}
    return out


# -- incentives -------------------------------------------------------------------------------------
def reward_params(method: Method) -> dict:
    """The referrer-reward method as referrer_projects' parameters (the query computes each reward and
    the totals over every referral): the tiers' thresholds and rewards (万元), the cap, whether a
    reward waits for the project's start."""
    return {"tier_min": [float(t.min_wan) for t in method.tiers],
            "tier_reward": [float(t.reward_wan) for t in method.tiers],
            "reward_cap_wan": float(method.reward_cap_wan), "require_started": bool(method.require_started)}
