"""The rates page's answers (the two rates, their cohorts, trend, time to start, late and low-arrival
projects) the pandas way: see __init__.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import (PROJECT_TABLES, arrived_by, chains_shown, in_scope, is_cancelled_at, is_late_to_start, page, periods, period_end,
                     prepare_quarters, rate_cohort, rate_window, safe_div, scope_has, stage_at, task_state_at,
                     with_chain_department)

TABLES = PROJECT_TABLES
prepare = prepare_quarters


def _by_which(c: pd.DataFrame) -> pd.DataFrame:
    c = c.assign(started_amount=c["contract_amount_wan"].where(c["is_started"], 0.0))
    g = c.groupby("which").agg(cohort=("project_id", "size"), started=("is_started", "sum"),
                               cohort_amount=("contract_amount_wan", "sum"), started_amount=("started_amount", "sum"),
                               arrived_wan=("arrived_wan", "sum"))
    return g.reindex(["cur", "prev"])


def contract_to_start_rate(t, p):
    g = _by_which(rate_cohort(t, p))
    cohort = g["cohort"].fillna(0)
    value = {w: safe_div(g.at[w, "started"], cohort[w]) for w in ("cur", "prev")}
    weighted = {w: safe_div(g.at[w, "started_amount"], g.at[w, "cohort_amount"]) for w in ("cur", "prev")}
    change = None if value["cur"] is None or value["prev"] is None else value["cur"] - value["prev"]
    return pd.DataFrame([{"value": value["cur"], "started": g.at["cur", "started"] if cohort["cur"] else 0,
                          "cohort": cohort["cur"], "value_weighted": weighted["cur"], "value_prev": value["prev"],
                          "value_weighted_prev": weighted["prev"], "change_pp": change}])


def fund_arrival_rate(t, p):
    g = _by_which(rate_cohort(t, p))
    value = {w: safe_div(g.at[w, "arrived_wan"], g.at[w, "cohort_amount"]) for w in ("cur", "prev")}
    change = None if value["cur"] is None or value["prev"] is None else value["cur"] - value["prev"]
    arrived = g.at["cur", "arrived_wan"]
    return pd.DataFrame([{"value": value["cur"], "arrived_wan": 0.0 if pd.isna(arrived) else arrived,
                          "contract_wan": g.at["cur", "cohort_amount"], "value_prev": value["prev"], "change_pp": change}])


def rate_cohort_window(t, p):
    rows = []
    for which, w in periods(p["year"], p["quarter"], p["as_of"]).items():
        rows.append({"which": which, **rate_window(p, w, which == "prev"), "as_of": w["as_of"]})
    return pd.DataFrame(rows).sort_values("which")


def rate_targets(t, p):
    tg = t["targets"]
    tg = tg[tg["metric"].isin(["contract_to_start_rate", "fund_arrival_rate"]) & (tg["year"] == p["year"])
            & (tg["quarter"].isna() | (tg["quarter"] == p["quarter"])).fillna(False)]
    own = tg["scope"].eq(p["scope"]) & (p["scope"] == "city" or scope_has(p["scope_id"], tg["scope_id"].fillna("")))
    tg = tg[tg["scope"].eq("city") | (own & tg["scope"].isin(["chain", "department"]))]
    tg = tg.assign(specificity=np.where(tg["scope"] == "city", 0, 2) + tg["quarter"].notna().astype(int))
    best = tg.sort_values("specificity", ascending=False, kind="stable").drop_duplicates("metric")
    out = best.rename(columns={"scope": "target_scope", "scope_id": "target_scope_id", "quarter": "target_quarter"})
    return out.sort_values("metric")[["metric", "value", "target_scope", "target_scope_id", "target_quarter"]]


def _group_rates(c: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    c = c.assign(started_amount=c["contract_amount_wan"].where(c["is_started"], 0.0))
    return c.groupby(keys).agg(cohort=("project_id", "size"), started=("is_started", "sum"),
                               contract_wan=("contract_amount_wan", "sum"), started_amount=("started_amount", "sum"),
                               arrived_wan=("arrived_wan", "sum"))


def rates_by_group(t, p):
    if p["group"] == "chain":
        g = chains_shown(t, p).rename(columns={"chain_id": "group_id"})[["group_id", "name_zh", "name_en", "color",
                                                                          "sort_order"]]
        key = "chain_id"
    else:
        d = t["departments"]
        if p.get("scope") == "department":
            d = d[scope_has(p["scope_id"], d["department_id"])]
        g = d.sort_values("department_id").rename(columns={"department_id": "group_id"})[["group_id", "name_zh", "name_en"]]
        g = g.assign(color=None, sort_order=np.arange(1, len(g) + 1))
        key = "department_id"
    per = _group_rates(rate_cohort(t, p, only="cur"), [key])
    out = g.join(per, on="group_id")
    cohort = out["cohort"]
    out = out.assign(
        cohort=cohort.fillna(0), started=out["started"].fillna(0),
        contract_to_start_rate=out["started"] / cohort,
        contract_to_start_rate_weighted=out["started_amount"].fillna(0) / out["contract_wan"].replace(0, np.nan),
        arrived_wan=out["arrived_wan"].fillna(0),
        fund_arrival_rate=out["arrived_wan"].fillna(0) / out["contract_wan"].replace(0, np.nan),
        small_cohort=cohort.between(1, 4).fillna(False))
    return out.sort_values(["sort_order", "group_id"])[[
        "group_id", "name_zh", "name_en", "color", "sort_order", "cohort", "started", "contract_to_start_rate",
        "contract_to_start_rate_weighted", "arrived_wan", "contract_wan", "fund_arrival_rate", "small_cohort"]]


def rate_trend(t, p):
    cur = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    d = min(period_end(p["year"], p["quarter"]), cur["as_of"])
    n = d.year * 4 + d.quarter - 1
    points = []
    for k in range(8):
        y, q = divmod(n - k, 4)
        q += 1
        a = min(period_end(y, q), cur["as_of"])
        c = rate_cohort(t, {**p, "year": y, "quarter": q, "as_of": a.date()}, only="cur")
        per = _group_rates(c, ["chain_id"]).reset_index().assign(year=y, quarter=q)
        points.append((y, q, a, per))
    pts = pd.DataFrame([{"year": y, "quarter": q, "as_of": a} for y, q, a, _ in points])
    per = pd.concat([x for *_, x in points], ignore_index=True)
    ch = chains_shown(t, p)[["chain_id", "name_zh", "name_en", "color", "sort_order"]]
    out = ch.merge(pts, how="cross").merge(per, on=["chain_id", "year", "quarter"], how="left")
    cohort = out["cohort"]
    out = out.assign(label=out["year"].astype(str) + "Q" + out["quarter"].astype(str),
                     cohort=cohort.fillna(0), started=out["started"].fillna(0),
                     contract_to_start_rate=out["started"] / cohort,
                     arrived_wan=out["arrived_wan"].fillna(0),
                     fund_arrival_rate=out["arrived_wan"].fillna(0) / out["contract_wan"].replace(0, np.nan))
    return out.sort_values(["sort_order", "chain_id", "year", "quarter"])[[
        "chain_id", "name_zh", "name_en", "color", "sort_order", "year", "quarter", "label", "as_of", "cohort",
        "started", "contract_to_start_rate", "arrived_wan", "contract_wan", "fund_arrival_rate"]]


def _recent_cohort(t, p) -> tuple[pd.DataFrame, dict]:
    """Projects in scope signed from 1 January two years before the period's year to the period's end."""
    cur = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    pr = t["projects"]
    pr = pr[in_scope(pr, p) & pr["signed_date"].between(pd.Timestamp(p["year"] - 2, 1, 1), cur["end"])]
    return pr, cur


def rate_cohorts(t, p):
    pr, cur = _recent_cohort(t, p)
    signed_q = (pr["signed_date"].dt.year * 4 + pr["signed_date"].dt.quarter - 1).to_numpy()
    # each project's funds arrived by the end of the k-th quarter after its signing quarter: a quarter
    # ends by then when its own number (year * 4 + quarter - 1) is at most the signing quarter's + k
    q = t["project_quarters"]
    n0 = np.full(len(t["projects"]), -1)
    n0[pr.index.to_numpy()] = signed_q
    pidx = q["pidx"].to_numpy()
    after = (q["year"] * 4 + q["quarter"] - 1).to_numpy() - n0[pidx]
    mine = n0[pidx] >= 0
    cells = []
    for k in (1, 2, 4, 8):
        ended = mine & (after <= k)
        arrived = np.bincount(pidx[ended], weights=q["funds_arrived_wan"].to_numpy()[ended],
                              minlength=len(n0))[pr.index.to_numpy()]
        n = signed_q + k
        end = pd.to_datetime(pd.DataFrame({"year": n // 4, "month": 3 * (n % 4) + 1, "day": 1})) + pd.offsets.QuarterEnd(0)
        cells.append(pd.DataFrame({"year": signed_q // 4, "quarter": signed_q % 4 + 1, "k": k,
                                   "project_id": pr["project_id"].to_numpy(),
                                   "contract_amount_wan": pr["contract_amount_wan"].to_numpy(),
                                   "horizon_end": end.to_numpy(), "arrived_wan": arrived,
                                   "is_started": pr["actual_start_date"].le(end.to_numpy()).to_numpy()}))
    cells = pd.concat(cells, ignore_index=True)
    g = cells.groupby(["year", "quarter", "k"]).agg(
        horizon_end=("horizon_end", "first"), cohort=("project_id", "size"), started=("is_started", "sum"),
        contract_wan=("contract_amount_wan", "sum"), arrived_wan=("arrived_wan", "sum")).reset_index()
    obs = g["horizon_end"] <= cur["as_of"]
    return pd.DataFrame({
        "year": g["year"], "quarter": g["quarter"], "label": g["year"].astype(str) + "Q" + g["quarter"].astype(str),
        "cohort": g["cohort"], "contract_wan": g["contract_wan"], "k": g["k"], "horizon_end": g["horizon_end"],
        "observable": obs, "started": g["started"].where(obs), "start_share": (g["started"] / g["cohort"]).where(obs),
        "arrived_wan": g["arrived_wan"].where(obs),
        "arrived_share": (g["arrived_wan"] / g["contract_wan"].replace(0, np.nan)).where(obs),
    }).sort_values(["year", "quarter", "k"])


def time_to_start(t, p):
    pr, cur = _recent_cohort(t, p)
    started = pr["actual_start_date"].le(cur["as_of"])
    end = pr["actual_start_date"].where(started, cur["as_of"])
    obs = pd.DataFrame({"chain_id": pr["chain_id"], "is_started": started,
                        "days": (end - pr["signed_date"]).dt.days.clip(lower=0)})
    at = obs.groupby(["chain_id", "days"]).agg(started=("is_started", "sum"), n=("is_started", "size")).reset_index()
    at["censored"] = at["n"] - at["started"]
    at = at.sort_values(["chain_id", "days"])
    g = at.groupby("chain_id")
    at["at_risk"] = g["n"].transform(lambda s: s[::-1].cumsum()[::-1])
    at["cohort"] = g["n"].transform("sum")
    partial = at["started"] < at["at_risk"]
    factor = np.log1p(-(at["started"] / at["at_risk"]).where(partial, 0.0))
    at["log_survival"] = pd.Series(factor, index=at.index).groupby(at["chain_id"]).cumsum()
    at["all_started"] = (at["started"] == at["at_risk"]).groupby(at["chain_id"]).cummax()
    at["share_started"] = np.where(at["all_started"], 1.0, 1 - np.exp(at["log_survival"]))
    ch = chains_shown(t, {"scope": "city"})[["chain_id", "name_zh", "name_en", "color", "sort_order"]]
    out = at.merge(ch, on="chain_id").assign(months=lambda d: d["days"] / 30.4375)
    return out.sort_values(["sort_order", "days"])[[
        "chain_id", "name_zh", "name_en", "color", "sort_order", "cohort", "days", "months", "at_risk", "started",
        "censored", "share_started"]]


def late_projects(t, p):
    cur = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    d = cur["as_of"]
    pr = t["projects"]
    pr = pr[in_scope(pr, p)]
    late = pr[is_late_to_start(pr, d)]
    c = rate_cohort(t, p, only="cur")
    tasks = t["tasks"]
    red = tasks[tasks["list"].eq("red") & tasks["pidx"].isin(late.index)]
    red = red[task_state_at(red, d).isin(["open", "overdue"])]
    open_red = red.groupby("pidx").size()
    late = late.assign(stage=stage_at(late, d), days_late=(d - late["planned_start_date"]).dt.days,
                       in_cohort=late.index.isin(c["pidx"]),
                       open_red_tasks=late.index.map(open_red))
    if p["cohort_only"]:
        late = late[late["in_cohort"]]
    if p["no_open_red"]:
        late = late[late["open_red_tasks"].isna()]
    late = with_chain_department(late.assign(open_red_tasks=late["open_red_tasks"].fillna(0).astype(int)), t)
    out = page(late, ["days_late", "project_id"], [False, True], p)
    return out[["project_id", "name_zh", "chain_id", "chain_zh", "chain_en", "department_id", "department_zh",
                "department_en", "stage", "signed_date", "planned_start_date", "days_late", "contract_amount_wan",
                "open_red_tasks", "in_cohort", "total_rows"]]


def low_arrival_projects(t, p):
    d = periods(p["year"], p["quarter"], p["as_of"])["cur"]["as_of"]
    pr = t["projects"]
    pr = pr[in_scope(pr, p)]
    old = pr[pr["signed_date"].le(d - pd.Timedelta(days=int(p["min_age_days"]))) & pr["contract_amount_wan"].gt(0)
             & ~is_cancelled_at(pr, d)]
    old = old.assign(stage=stage_at(old, d), days_since_signing=(d - old["signed_date"]).dt.days,
                     arrived_wan=arrived_by(t, d)[old.index.to_numpy()])
    old = old.assign(arrived_share=old["arrived_wan"] / old["contract_amount_wan"])
    m = with_chain_department(old[old["arrived_wan"] < p["max_share"] * old["contract_amount_wan"]], t)
    out = page(m, ["arrived_share", "contract_amount_wan", "project_id"], [True, False, True], p)
    return out[["project_id", "name_zh", "chain_id", "chain_zh", "chain_en", "department_id", "department_zh",
                "department_en", "stage", "signed_date", "days_since_signing", "contract_amount_wan", "arrived_wan",
                "arrived_share", "total_rows"]]


ANSWERS = {
    "contract_to_start_rate": contract_to_start_rate, "fund_arrival_rate": fund_arrival_rate,
    "rate_cohort_window": rate_cohort_window, "rate_targets": rate_targets, "rates_by_group": rates_by_group,
    "rate_trend": rate_trend, "rate_cohorts": rate_cohorts, "time_to_start": time_to_start,
    "late_projects": late_projects, "low_arrival_projects": low_arrival_projects,
}
