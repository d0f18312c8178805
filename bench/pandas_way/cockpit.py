"""The cockpit's answers the pandas way: see __init__.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import arrived_by, chains_shown, in_scope, periods, prepare_quarters, quarter_number, stage_at, yoy

TABLES = {
    "projects": None,
    "project_quarters": None,
    "activities": None,
    "chains": None,
    "departments": None,
    "parks": ["park_id", "name_zh", "name_en"],
    "companies": ["company_id", "name_zh"],
}


def prepare(t: dict) -> None:
    prepare_quarters(t)


def _scoped(t, p, table="projects"):
    df = t[table]
    return df if p.get("scope", "city") == "city" else df[in_scope(df, p)]


def _with_prev(values: dict, extra: dict | None = None) -> pd.DataFrame:
    row = {"value": values["cur"], "value_prev": values["prev"], **(extra or {}), "yoy": yoy(values["cur"], values["prev"])}
    return pd.DataFrame([row])


def _signed_in(pr, w):
    return pr["signed_date"].between(w["start"], w["end"])


def signed_amount(t, p):
    pr = _scoped(t, p)
    return _with_prev({k: float(pr.loc[_signed_in(pr, w), "contract_amount_wan"].sum())
                       for k, w in periods(p["year"], p["quarter"], p["as_of"]).items()})


def new_signed_projects(t, p):
    pr = _scoped(t, p)
    return _with_prev({k: int(_signed_in(pr, w).sum()) for k, w in periods(p["year"], p["quarter"], p["as_of"]).items()})


def _quarters_scoped(t, p):
    return _scoped(t, p, "project_quarters")


def funds_arrived(t, p):
    q = _quarters_scoped(t, p)
    return _with_prev({k: float(q.loc[(q["q_start"] >= w["start"]) & (q["q_end"] <= w["end"]), "funds_arrived_wan"].sum())
                       for k, w in periods(p["year"], p["quarter"], p["as_of"]).items()})


def visits(t, p):
    a = _scoped(t, p, "activities")
    counts = {}
    for k, w in periods(p["year"], p["quarter"], p["as_of"]).items():
        counts[k] = a[a["activity_date"].between(w["start"], w["end"])]
    cur = counts["cur"]
    out_ = cur[cur["direction"] == "outbound"]
    lv = out_["leader_level"].value_counts()
    return _with_prev({k: len(v) for k, v in counts.items()}, {
        "inbound": int((cur["direction"] == "inbound").sum()), "outbound": len(out_),
        "outbound_principal": int(lv.get("principal", 0)), "outbound_city_leader": int(lv.get("city_leader", 0)),
        "outbound_department": int(lv.get("department", 0))})


def quarterly_trend(t, p):
    end = periods(p["year"], p["quarter"], p["as_of"])["cur"]["end"]
    last = quarter_number(end.year, end.quarter)
    pr = _scoped(t, p)
    signed_n = quarter_number(pr["signed_date"].dt.year, pr["signed_date"].dt.quarter)
    q = t["project_quarters"]
    shown = np.union1d(np.unique(quarter_number(q["year"], q["quarter"]).to_numpy()),
                       signed_n.dropna().astype("int64").unique())
    shown = shown[(shown // 4 >= p["year"] - 2) & (shown <= last)]
    s = pr["signed_date"] <= end
    signed = pr[s].groupby(signed_n[s].astype("int64")).agg(new_signed=("project_id", "size"),
                                                            signed_amount_wan=("contract_amount_wan", "sum"))
    qs = _quarters_scoped(t, p)
    qs = qs[qs["q_end"] <= end]
    arrived = qs.groupby(quarter_number(qs["year"], qs["quarter"]).astype("int64"))["funds_arrived_wan"].sum()
    out = pd.DataFrame({"year": shown // 4, "quarter": shown % 4 + 1}, index=shown)
    out["label"] = out["year"].astype(str) + "Q" + out["quarter"].astype(str)
    out = out.join(signed).join(arrived.rename("funds_arrived_wan"))
    return out.fillna({"new_signed": 0, "signed_amount_wan": 0.0, "funds_arrived_wan": 0.0}).reset_index(drop=True)


def chain_summary(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    pr = _scoped(t, p)
    signed = pr[_signed_in(pr, w)].groupby("chain_id").agg(new_signed=("project_id", "size"),
                                                             signed_amount_wan=("contract_amount_wan", "sum"))
    q = _quarters_scoped(t, p)
    arrived = q[(q["q_start"] >= w["start"]) & (q["q_end"] <= w["end"])].groupby("chain_id")["funds_arrived_wan"].sum()
    c = chains_shown(t, p)
    out = c[["chain_id", "name_zh", "name_en", "color", "sort_order", "leader_zh", "lead_department_zh"]]
    out = out.join(signed, on="chain_id").join(arrived, on="chain_id")
    return out.fillna({"new_signed": 0, "signed_amount_wan": 0.0, "funds_arrived_wan": 0.0})


def top_projects(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    pr = _scoped(t, p)
    s = pr[_signed_in(pr, w)].sort_values(["contract_amount_wan", "project_id"], ascending=[False, True]).head(p["limit"])
    s = s.assign(stage=stage_at(s, w["as_of"]))
    s = s.assign(funds_arrived_wan=arrived_by(t, w["as_of"])[s.index.to_numpy()])
    ch = t["chains"][["chain_id", "name_zh", "name_en"]].rename(columns={"name_zh": "chain_zh", "name_en": "chain_en"})
    d = t["departments"].rename(columns={"name_zh": "department_zh", "name_en": "department_en"})
    pk = t["parks"][["park_id", "name_zh", "name_en"]].rename(columns={"name_zh": "park_zh", "name_en": "park_en"})
    out = s[s["company_zh"].notna()].merge(ch, on="chain_id").merge(d, on="department_id").merge(pk, on="park_id", how="left")
    out = out.sort_values(["contract_amount_wan", "project_id"], ascending=[False, True])
    return out[["project_id", "name_zh", "company_zh", "chain_id", "chain_zh", "stage", "signed_date", "contract_amount_wan",
                "funds_arrived_wan", "department_zh", "park_zh", "chain_en", "department_en", "park_en"]]


ANSWERS = {
    "signed_amount": signed_amount, "new_signed_projects": new_signed_projects, "funds_arrived": funds_arrived,
    "visits": visits, "quarterly_trend": quarterly_trend, "chain_summary": chain_summary, "top_projects": top_projects,
}
