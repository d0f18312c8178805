"""The pipeline and incentives pages' answers the pandas way: see __init__.py."""

from __future__ import annotations

import pandas as pd

from .common import in_scope, is_late_to_start, page, periods, prepare, stage_at, stage_began, with_chain_department

TABLES = {
    "projects": None,
    "companies": ["company_id", "name_zh"],
    "chains": None,
    "departments": None,
}

STAGES = ["lead", "negotiating", "signed", "procedures", "started", "operational", "stalled", "cancelled"]


def _staged(t, p) -> tuple[pd.DataFrame, pd.Timestamp]:
    """Projects in scope known at the as-of date: stage_at, stage_since_at, is_late, days_in_stage."""
    d = periods(p["year"], p["quarter"], p["as_of"])["cur"]["as_of"]
    pr = t["projects"]
    pr = pr[in_scope(pr, p)]
    st = stage_at(pr, d)
    pr = pr.assign(stage_at=st, is_late=is_late_to_start(pr, d))[st.notna()]
    pr = pr.assign(stage_since_at=stage_began(pr, pr["stage_at"]))
    return pr.assign(days_in_stage=(d - pr["stage_since_at"]).dt.days), d


def pipeline_funnel(t, p):
    pr, _ = _staged(t, p)
    g = pr.groupby("stage_at").agg(projects=("project_id", "size"), contract_wan=("contract_amount_wan", "sum"),
                                   late=("is_late", "sum"), median_days_in_stage=("days_in_stage", "median"))
    out = g.reindex(STAGES).rename_axis("stage").reset_index()
    out.insert(1, "stage_order", range(1, len(STAGES) + 1))
    return out.fillna({"projects": 0, "contract_wan": 0.0, "late": 0})


def pipeline_projects(t, p):
    pr, _ = _staged(t, p)
    pr = pr.assign(is_stalled=pr["stage_at"].eq("stalled"))
    m = pr[pr["company_zh"].notna()]  # the project's company (prepare)
    if p.get("stage") is not None:
        m = m[m["stage_at"] == p["stage"]]
    flag = p.get("flag")
    if flag == "late":
        m = m[m["is_late"]]
    elif flag == "stalled":
        m = m[m["is_stalled"]]
    elif flag == "flagged":
        m = m[m["is_late"] | m["is_stalled"]]
    q = p.get("search")
    if q:
        m = m[m["name_zh"].str.contains(q, regex=False) | m["company_zh"].str.contains(q, regex=False)
              | m["project_id"].str.contains(q.upper(), regex=False)]
    m = with_chain_department(m, t)
    m = m.assign(flagged=m["is_late"] | m["is_stalled"])
    out = page(m, ["flagged", "days_in_stage", "project_id"], [False, False, True], p)
    return out[["project_id", "name_zh", "company_zh", "chain_id", "chain_zh", "chain_en", "department_id",
                "department_zh", "department_en", "stage_at", "stage_since_at", "days_in_stage", "signed_date",
                "planned_start_date", "contract_amount_wan", "is_stalled", "is_late", "total_rows"]]


def referrer_projects(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    pr = t["projects"]
    pr = pr[pr["referrer"].notna() & pr["signed_date"].between(w["start"], w["end"]) & in_scope(pr, p)]
    started = pr["actual_start_date"].le(w["as_of"])
    pr = pr.assign(stage=stage_at(pr, w["as_of"]), started=started,
                   actual_start_date=pr["actual_start_date"].where(started))  # known_by: as known at the as-of date
    out = with_chain_department(pr[pr["company_zh"].notna()], t)
    # the reward: the highest tier reached, capped; payable, pending (until started) or below the first tier
    reward = pd.Series(0.0, index=out.index)
    for low, amount in zip(p["tier_min"], p["tier_reward"]):
        reward = reward.mask(out["fixed_asset_wan"].astype(float) >= low, float(amount))
    reward = reward.clip(upper=float(p["reward_cap_wan"]))
    status = pd.Series("payable", index=out.index).mask(p["require_started"] & ~out["started"].astype(bool), "pending")
    out = out.assign(reward_wan=reward, status=status.mask(reward.eq(0), "below"))
    out = out.assign(payable_wan=out.loc[out["status"] == "payable", "reward_wan"].sum(),
                     pending_wan=out.loc[out["status"] == "pending", "reward_wan"].sum())
    out = page(out.sort_values(["fixed_asset_wan", "project_id"], ascending=[False, True], na_position="last"),
               [], [], p)
    return out[["project_id", "name_zh", "referrer", "company_zh", "chain_id", "chain_zh", "chain_en", "department_zh",
                "department_en", "signed_date", "stage", "fixed_asset_wan", "contract_amount_wan", "actual_start_date",
                "started", "reward_wan", "status", "total_rows", "payable_wan", "pending_wan"]]


ANSWERS = {"pipeline_funnel": pipeline_funnel, "pipeline_projects": pipeline_projects,
           "referrer_projects": referrer_projects}
