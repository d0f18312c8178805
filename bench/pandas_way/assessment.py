"""The assessment and self-review pages' answers the pandas way: see __init__.py."""

from __future__ import annotations

import pandas as pd

from .common import (PROJECT_TABLES, in_scope, is_late_to_start, periods, prepare_quarters, rate_cohort, scope_has, stage_at,
                     task_state_at, with_chain_department)

TABLES = PROJECT_TABLES
prepare = prepare_quarters


def _scoped(t, p):
    pr = t["projects"]
    return pr if p.get("scope", "city") == "city" else pr[in_scope(pr, p)]


def _arrivals_in(t, p, w):
    """The quarters of the period's projects in scope (each quarter carries its project's chain and department)."""
    q = t["project_quarters"]
    q = q[(q["q_start"] >= w["start"]) & (q["q_end"] <= w["end"])]
    return q if p.get("scope", "city") == "city" else q[in_scope(q, p)]


def department_summary(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    pr = _scoped(t, p)
    signed = pr[pr["signed_date"].between(w["start"], w["end"])].groupby("department_id").agg(
        new_signed=("project_id", "size"), signed_amount_wan=("contract_amount_wan", "sum"))
    arrived = _arrivals_in(t, p, w).groupby("department_id")["funds_arrived_wan"].sum()
    d = t["departments"]
    if p.get("scope") == "department":
        d = d[scope_has(p["scope_id"], d["department_id"])]
    out = d[["department_id", "name_zh", "name_en"]].join(signed, on="department_id").join(arrived, on="department_id")
    out = out.fillna({"new_signed": 0, "signed_amount_wan": 0.0, "funds_arrived_wan": 0.0})
    return out.sort_values("department_id")


def amount_targets(t, p):
    tg = t["targets"]
    tg = tg[(tg["year"] == p["year"]) & (tg["scope"] == p["target_scope"])
            & tg["metric"].isin(["signed_amount", "funds_arrived", "new_signed_projects"])]
    scope = p.get("scope", "city")
    if scope != "city":  # a chain (department) scope sees the targets of its chains (departments) only
        tg = tg[tg["scope"].eq(scope) & scope_has(p["scope_id"], tg["scope_id"].fillna(""))]
    year = tg[tg["quarter"].isna()].groupby(["scope_id", "metric"], dropna=False)["value"].max().rename("year_target")
    quarter = tg[(tg["quarter"] == p["quarter"]).fillna(False)].groupby(["scope_id", "metric"], dropna=False)["value"] \
        .max().rename("quarter_target")
    keys = tg[["scope_id", "metric"]].drop_duplicates().set_index(["scope_id", "metric"])
    out = keys.join(year).join(quarter).reset_index().rename(columns={"scope_id": "target_id"})
    return out.sort_values(["target_id", "metric"], na_position="last")


COMPONENTS = {"signed_amount": 1, "funds_arrived": 2, "contract_to_start_rate": 3, "new_projects_in_led_chains": 4}


def assessment_projects(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    dep = p["department"]
    pr = _scoped(t, p)
    signed = pr[pr["signed_date"].between(w["start"], w["end"])]
    own = signed[signed["department_id"] == dep]
    q = _arrivals_in(t, p, w)
    arrived = q[q["department_id"] == dep].groupby("project_id")["funds_arrived_wan"].sum()
    c = rate_cohort(t, p, only="cur")
    c = c[c["department_id"] == dep]
    led = t["chains"].loc[t["chains"]["lead_department_id"] == dep, "chain_id"]
    in_led = signed[signed["chain_id"].isin(led)]
    rows = pd.concat([
        pd.DataFrame({"component": "signed_amount", "project_id": own["project_id"],
                      "value_wan": own["contract_amount_wan"], "started": None}),
        pd.DataFrame({"component": "funds_arrived", "project_id": arrived.index, "value_wan": arrived.to_numpy(),
                      "started": None}),
        pd.DataFrame({"component": "contract_to_start_rate", "project_id": c["project_id"],
                      "value_wan": c["contract_amount_wan"], "started": c["is_started"].astype(object)}),
        pd.DataFrame({"component": "new_projects_in_led_chains", "project_id": in_led["project_id"],
                      "value_wan": in_led["contract_amount_wan"], "started": None}),
    ], ignore_index=True)
    pj = pr[["project_id", "name_zh", "chain_id", "department_id", "signed_date"]].assign(stage=stage_at(pr, w["as_of"]))
    out = with_chain_department(rows.merge(pj, on="project_id"), t)
    out["rank"] = out["component"].map(COMPONENTS)
    if p.get("component") is not None:
        out = out[out["component"] == p["component"]]
    out = out.sort_values(["rank", "value_wan", "project_id"], ascending=[True, False, True], na_position="last")
    out = out.assign(total_rows=len(out))
    off = int(p.get("offset") or 0)
    out = out.iloc[off: off + int(p["limit"])] if p.get("limit") is not None else out.iloc[off:]
    return out[["component", "project_id", "name_zh", "chain_id", "chain_zh", "chain_en", "department_id",
                "department_zh", "department_en", "signed_date", "stage", "value_wan", "started", "total_rows"]]


def chain_review_counts(t, p):
    d = periods(p["year"], p["quarter"], p["as_of"])["cur"]["as_of"]
    pr = _scoped(t, p)
    stalled = stage_at(pr, d).eq("stalled")
    late = is_late_to_start(pr, d)
    lag = pd.DataFrame({"chain_id": pr["chain_id"], "lagging": late | stalled, "late": late, "stalled": stalled}) \
        .groupby("chain_id").sum()
    tk = t["tasks"]  # with its project's chain_id (prepare)
    tk = tk[in_scope(tk, p)]
    state = task_state_at(tk, d)
    tasks = pd.DataFrame({"chain_id": tk["chain_id"], "open_tasks": state.isin(["open", "overdue"]),
                          "overdue_tasks": state.eq("overdue")}).groupby("chain_id").sum()
    c = t["chains"]
    if p.get("scope") == "chain":
        c = c[scope_has(p["scope_id"], c["chain_id"])]
    out = c[["chain_id", "sort_order"]].join(lag, on="chain_id").join(tasks, on="chain_id").fillna(0)
    return out.sort_values("sort_order", kind="stable")[["chain_id", "lagging", "late", "stalled", "open_tasks",
                                                         "overdue_tasks"]]


ANSWERS = {"department_summary": department_summary, "amount_targets": amount_targets,
           "assessment_projects": assessment_projects, "chain_review_counts": chain_review_counts}
