"""The pandas way for the three maps: the chain map (产业链图谱), the fund map and the resource map.

Each answer takes the loaded tables and a named query's parameters and returns that query's columns,
in its order, computed from the tables as a dashboard would in pandas (common.py holds the shared
as-of rules). The definitions are the SQL under queries/.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import common
from .common import count_by, current, in_chain_scope, in_scope

PROJECT_COLUMNS = ["project_id", "name_zh", "company_id", "chain_id", "node_id", "department_id", "park_id", "stage",
                   "signed_date", "contract_amount_wan", "planned_start_date", "actual_start_date",
                   "operational_date", "stage_since"]
TABLES: dict[str, list[str] | None] = {
    "chains": None, "chain_nodes": None, "chain_links": None, "departments": None, "parks": None, "funds": None,
    "fund_investments": None, "resources": None, "resource_uses": None, "opportunities": None,
    "projects": PROJECT_COLUMNS,
    "project_quarters": None,
    "companies": ["company_id", "name_zh", "province", "city", "ownership", "size", "chain_id", "node_id", "is_local"],
    "target_companies": None, "target_status_history": None,
}


def prepare(t: dict) -> None:
    common.prepare(t)  # the rate cohort's arrivals read each quarter's end
    common.prepare_targets(t)


SIZE_ORDER = {"large": 0, "medium": 1, "small": 2}
STATUS_ORDER = {"negotiating": 0, "visited": 1, "contacted": 2}
FUND_KIND_ORDER = {"guidance": 0, "industry": 1, "venture": 2}
RESOURCE_KIND_ORDER = {"mineral": 0, "energy": 1, "land": 2, "byproduct": 3, "water": 4, "logistics": 5}


def _name(df: pd.DataFrame, id_column: str, value: str = "name_zh") -> pd.Series:
    return df.set_index(id_column)[value]


def _open_targets(t: dict, p: dict, as_of: pd.Timestamp, columns: list[str]) -> pd.DataFrame:
    """Target companies open at as_of (not signed or dropped) in scope, with their company's `columns`."""
    tc = common.targets_at(t, as_of)
    tc = common.with_company(tc[~tc["status"].isin(["signed", "dropped"])], t, ["chain_id", *columns])
    return tc[in_scope(tc, p, dept_col="owner_department_id")]


def _node_status(operating: pd.Series, local: pd.Series, p: dict) -> np.ndarray:
    return np.select([(operating >= p["min_operating"]) & (local >= p["min_local"]), (operating > 0) | (local > 0)],
                     ["strong", "weak"], "missing")


def _local_companies(t: dict) -> pd.Series:
    co = t["companies"]
    return count_by(co["node_id"], co["is_local"] & co["node_id"].notna())


def _scoped_projects(t: dict, p: dict) -> pd.DataFrame:
    pr = t["projects"]
    return pr[in_scope(pr, p)]


# -- chain map -------------------------------------------------------------------------------------
def chain_overview(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    chains = t["chains"][in_chain_scope(t["chains"], p)]
    depts = t["departments"].rename(columns={"department_id": "lead_department_id", "name_zh": "lead_department_zh",
                                             "name_en": "lead_department_en"})
    out = chains.merge(depts, on="lead_department_id").sort_values("sort_order")
    pr = _scoped_projects(t, p)
    operating = count_by(pr["node_id"], common.is_operating_at(pr, as_of))
    nodes = t["chain_nodes"]
    status = _node_status(nodes["node_id"].map(operating).fillna(0), nodes["node_id"].map(_local_companies(t)).fillna(0), p)
    per_chain = pd.crosstab(nodes["chain_id"], status).reindex(columns=["strong", "weak", "missing"], fill_value=0)
    per_chain["nodes"] = per_chain.sum(axis=1)
    targets = _open_targets(t, p, as_of, [])["chain_id"].value_counts()
    opp = t["opportunities"].groupby("chain_id")["investment_wan"].agg(["size", "sum"])
    c = out["chain_id"]
    out = out.assign(color=c.map(common.chain_colors(t["chains"])),
                     **{k: c.map(per_chain[k]).fillna(0).astype("int64") for k in ["nodes", "strong", "weak", "missing"]},
                     open_targets=c.map(targets).fillna(0).astype("int64"),
                     opportunities=c.map(opp["size"]).fillna(0).astype("int64"),
                     opportunity_wan=c.map(opp["sum"]).fillna(0.0))
    return out[["chain_id", "name_zh", "name_en", "color", "sort_order", "leader_zh", "lead_department_zh",
                "lead_department_en", "nodes", "strong", "weak", "missing", "open_targets", "opportunities",
                "opportunity_wan"]].reset_index(drop=True)


def chain_node_status(t: dict, p: dict) -> pd.DataFrame:
    start, end, as_of = current(p)
    chains = t["chains"].rename(columns={"name_zh": "chain_zh", "name_en": "chain_en", "sort_order": "chain_order"})
    n = t["chain_nodes"]
    n = n[in_chain_scope(n, p) & ((n["chain_id"] == p["chain_id"]) if p["chain_id"] is not None else True)]
    n = n.merge(chains[["chain_id", "chain_zh", "chain_en", "chain_order"]], on="chain_id")
    n = n.assign(segment_order=n["segment"].map(common.SEGMENT_ORDER).fillna(2).astype("int64"),
                 color=n["chain_id"].map(common.chain_colors(t["chains"])))
    pr = _scoped_projects(t, p)
    pr = pr[pr["node_id"].notna()]
    amount = pr["contract_amount_wan"]
    started = pr["actual_start_date"] <= as_of
    counts = pd.DataFrame({
        "node_id": pr["node_id"],
        "operating_projects": common.is_operating_at(pr, as_of),
        "pipeline_projects": (common.stage_at(pr, as_of).fillna("cancelled") != "cancelled") & ~started,
        "invested_wan": amount.where(~common.is_cancelled_at(pr, as_of) & (pr["signed_date"] <= as_of), 0.0),
        "signed_in_period_wan": amount.where(pr["signed_date"].between(start, end), 0.0),
    }).groupby("node_id").sum()
    node = n["node_id"]
    out = n.assign(local_companies=node.map(_local_companies(t)).fillna(0).astype("int64"),
                   **{k: node.map(counts[k]).fillna(0).astype("int64") for k in ["operating_projects", "pipeline_projects"]},
                   **{k: node.map(counts[k]).fillna(0.0) for k in ["invested_wan", "signed_in_period_wan"]},
                   open_targets=node.map(count_by(_open_targets(t, p, as_of, ["node_id"])["node_id"])).fillna(0).astype("int64"))
    opp = t["opportunities"].groupby("node_id")["investment_wan"].agg(["size", "sum"])
    out = out.assign(status=_node_status(out["operating_projects"], out["local_companies"], p),
                     opportunities=node.map(opp["size"]).fillna(0).astype("int64"),
                     opportunity_wan=node.map(opp["sum"]).fillna(0.0))
    return out.sort_values(["chain_order", "segment_order", "node_id"])[
        ["chain_id", "chain_zh", "chain_en", "color", "chain_order", "node_id", "name_zh", "name_en", "segment",
         "segment_order", "local_companies", "operating_projects", "pipeline_projects", "status", "invested_wan",
         "signed_in_period_wan", "open_targets", "opportunities", "opportunity_wan"]].reset_index(drop=True)


def chain_link_list(t: dict, p: dict) -> pd.DataFrame:
    n = t["chain_nodes"]
    nodes = n.loc[(n["chain_id"] == p["chain_id"]) & in_chain_scope(n, p), "node_id"]
    links = t["chain_links"]
    links = links[links["from_node_id"].isin(nodes) & links["to_node_id"].isin(nodes)]
    return links[["from_node_id", "to_node_id"]].sort_values(["from_node_id", "to_node_id"]).reset_index(drop=True)


def chain_funds(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    pr = _scoped_projects(t, p)
    fi = t["fund_investments"]
    fi = fi[fi["project_id"].isin(pr.loc[pr["chain_id"] == p["chain_id"], "project_id"]) & (fi["invested_date"] <= as_of)]
    per = fi.groupby("fund_id").agg(projects=("project_id", "nunique"), invested_wan=("amount_wan", "sum"))
    out = t["funds"][["fund_id", "name_zh", "kind"]].merge(per.reset_index(), on="fund_id")
    return out.sort_values(["invested_wan", "fund_id"], ascending=[False, True]).reset_index(drop=True)


def chain_node_companies(t: dict, p: dict) -> pd.DataFrame:
    co = t["companies"]
    co = co[(co["node_id"] == p["node_id"]) & co["is_local"] & in_chain_scope(co, p)]
    co = common.page(co.assign(_size=co["size"].map(SIZE_ORDER).fillna(3)), ["_size", "company_id"], [True, True], p)
    return co[["company_id", "name_zh", "ownership", "size", "province", "city", "total_rows"]].reset_index(drop=True)


def chain_node_projects(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    pr = _scoped_projects(t, p)
    pr = pr[pr["node_id"] == p["node_id"]]
    pr = pr.assign(stage=common.stage_at(pr, as_of), is_operating=common.is_operating_at(pr, as_of))
    pr = pr[pr["stage"].notna() & (pr["stage"] != "cancelled")]  # known by the as-of date, not cancelled by it
    backing = common.fund_backing(t["fund_investments"], t["funds"], as_of, pr["project_id"])
    companies = t["companies"][t["companies"]["company_id"].isin(pr["company_id"])]
    out = pr.assign(company_zh=pr["company_id"].map(_name(companies, "company_id")),
                    signed_date=pr["signed_date"].where(pr["signed_date"] <= as_of),
                    actual_start_date=pr["actual_start_date"].where(pr["actual_start_date"] <= as_of),
                    park_zh=pr["park_id"].map(_name(t["parks"], "park_id")),
                    department_zh=pr["department_id"].map(_name(t["departments"], "department_id")),
                    fund_zh=pr["project_id"].map(backing["funds_zh"]))
    out = common.page(out, ["is_operating", "contract_amount_wan", "project_id"], [True, False, True], p)
    return out[["project_id", "name_zh", "company_zh", "stage", "is_operating", "signed_date", "actual_start_date",
                "contract_amount_wan", "park_zh", "department_zh", "fund_zh", "total_rows"]].reset_index(drop=True)


def chain_node_targets(t: dict, p: dict) -> pd.DataFrame:
    tc = _open_targets(t, p, pd.Timestamp(p["as_of"]),
                       ["node_id", "name_zh", "province", "city", "ownership", "size"])
    tc = tc[tc["node_id"] == p["node_id"]]
    tc = tc.assign(owner_department_zh=tc["owner_department_id"].map(_name(t["departments"], "department_id")),
                   _status=tc["status"].map(STATUS_ORDER).fillna(3),
                   _recent=-tc["last_contact_date"].fillna(pd.Timestamp.min).astype("int64"))
    tc = common.page(tc, ["priority", "_status", "_recent", "company_id"], [True] * 4, p)
    return tc[["company_id", "name_zh", "province", "city", "ownership", "size", "priority", "status",
               "owner_department_zh", "last_contact_date", "total_rows"]].reset_index(drop=True)


def chain_node_opportunities(t: dict, p: dict) -> pd.DataFrame:
    o = t["opportunities"]
    o = o[(o["node_id"] == p["node_id"]) & in_chain_scope(o, p)]
    o = o.assign(park_zh=o["park_id"].map(_name(t["parks"], "park_id")),
                 resource_zh=o["resource_id"].map(_name(t["resources"], "resource_id")))
    return common.page(o, ["investment_wan", "opportunity_id"], [False, True], p)[
        ["opportunity_id", "name_zh", "park_zh", "resource_zh", "investment_wan", "total_rows"]].reset_index(drop=True)


def target_history_coverage(t: dict, p: dict) -> pd.DataFrame:
    tc = t["target_companies"].assign(dated=common.has_history(t))
    tc = common.with_company(tc, t, ["chain_id"])
    tc = tc[in_scope(tc, p, dept_col="owner_department_id")]
    undated = (tc["status"] != "not_contacted") & ~tc["dated"]
    return pd.DataFrame({"targets": [len(tc)], "undated": [int(undated.sum())]})


# -- fund map --------------------------------------------------------------------------------------
def _investments(t: dict, p: dict, *, funds: list[str] | None = None) -> pd.DataFrame:
    """fund_investments dated by the as-of date on projects in scope, with the fund's and project's columns."""
    _, _, as_of = current(p)
    fi = t["fund_investments"]
    fi = fi[fi["invested_date"] <= as_of].merge(t["funds"][["fund_id", "name_zh", "kind"]], on="fund_id")
    fi = fi.merge(t["projects"], on="project_id", suffixes=("", "_project"))
    return fi[in_scope(fi, p)]


def fund_overview(t: dict, p: dict) -> pd.DataFrame:
    fi = _investments(t, p)
    special = fi["kind"] == "special"
    total = fi.groupby([fi["project_id"], special])["amount_wan"].transform("sum")
    fi = fi.assign(share=fi["contract_amount_wan"] * fi["amount_wan"] / total.replace(0, np.nan))
    per = fi.groupby("fund_id").agg(invested_wan=("amount_wan", "sum"), projects=("project_id", "nunique"),
                                    backed=("share", lambda s: s.sum(min_count=1)))
    f = t["funds"][["fund_id", "name_zh", "kind", "size_wan"]]
    f = f.join(per, on="fund_id", how="left" if p["scope"] == "city" else "inner")
    out = f.assign(invested_wan=f["invested_wan"].fillna(0.0),
                   projects=f["projects"].fillna(0).astype("int64"),
                   backed_contract_wan=f["backed"].fillna(0.0),
                   leverage=(f["backed"] / f["invested_wan"].replace(0, np.nan)).where(f["kind"] != "special"))
    out = out.assign(deployed_share=out["invested_wan"] / out["size_wan"].replace(0, np.nan),
                     _kind=out["kind"].map(FUND_KIND_ORDER).fillna(3))
    out = out.sort_values(["_kind", "size_wan", "fund_id"], ascending=[True, False, True])
    return out[["fund_id", "name_zh", "kind", "size_wan", "invested_wan", "deployed_share", "projects",
                "backed_contract_wan", "leverage"]].reset_index(drop=True)


def fund_flows(t: dict, p: dict) -> pd.DataFrame:
    start, end, as_of = current(p)
    fi = _investments(t, p)
    fi = fi[fi["invested_date"].between(start, end)]
    chains = t["chains"].set_index("chain_id")
    out = fi.rename(columns={"name_zh": "fund_zh", "kind": "fund_kind", "name_zh_project": "project_zh"})
    out = out.assign(chain_zh=out["chain_id"].map(chains["name_zh"]), chain_en=out["chain_id"].map(chains["name_en"]),
                     color=out["chain_id"].map(common.chain_colors(t["chains"])), stage=common.stage_at(out, as_of))
    return common.page(out, ["amount_wan", "fund_id", "project_id"], [False, True, True], p)[
        ["fund_id", "fund_zh", "fund_kind", "chain_id", "chain_zh", "chain_en", "color", "project_id", "project_zh",
         "stage", "signed_date", "contract_amount_wan", "amount_wan", "invested_date", "total_rows"]].reset_index(drop=True)


def fund_sankey(t: dict, p: dict) -> pd.DataFrame:
    """fund_flows' rows with the funds and projects beyond a side's $most - 1 largest summed as "other"
    (fund_id / project_id None) per fund and chain; the lists of names are left out here."""
    flows = fund_flows(t, {**p, "limit": None, "offset": 0})
    most = p["most"]
    merged = flows[["fund_id", "chain_id", "project_id", "amount_wan"]].copy()
    counts = {}
    for side in ("fund_id", "project_id"):
        sums = flows.groupby(side)["amount_wan"].sum().reset_index().sort_values(["amount_wan", side],
                                                                               ascending=[False, True])
        named = set(sums[side]) if len(sums) <= most else set(sums[side].iloc[:max(most - 1, 0)])
        counts[side] = len(sums) - len(named)
        merged[side] = merged[side].where(merged[side].isin(named), None)
    out = (merged.groupby(["fund_id", "chain_id", "project_id"], dropna=False, as_index=False)["amount_wan"].sum()
           .sort_values(["amount_wan", "fund_id", "chain_id", "project_id"], ascending=[False, True, True, True],
                        na_position="last"))
    out = out.astype(object).where(out.notna(), None)
    return out.assign(funds_other=counts["fund_id"], projects_other=counts["project_id"],
                      projects_total=flows["project_id"].nunique()).reset_index(drop=True)


def rates_by_fund_backing(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    c = common.rate_cohort(t, p, only="cur")
    c["fund_backed"] = c["project_id"].isin(common.fund_backed(t["fund_investments"], t["funds"], as_of))
    c["started_amount"] = c["contract_amount_wan"].where(c["is_started"], 0.0)
    g = c.groupby("fund_backed").agg(cohort=("project_id", "size"), started=("is_started", "sum"),
                                     contract_wan=("contract_amount_wan", lambda s: s.sum(min_count=1)),
                                     started_amount=("started_amount", "sum"), arrived_wan=("arrived_wan", "sum"))
    g = g.reindex([True, False])
    contract = g["contract_wan"].replace(0, np.nan)
    out = pd.DataFrame({"fund_backed": [True, False],
                        "cohort": g["cohort"].fillna(0).astype("int64").to_numpy(),
                        "started": g["started"].fillna(0).astype("int64").to_numpy(),
                        "contract_to_start_rate": (g["started"] / g["cohort"].replace(0, np.nan)).to_numpy(),
                        "contract_to_start_rate_weighted": (g["started_amount"].fillna(0) / contract).to_numpy(),
                        "arrived_wan": g["arrived_wan"].fillna(0.0).to_numpy(),
                        "contract_wan": g["contract_wan"].to_numpy(),
                        "fund_arrival_rate": (g["arrived_wan"].fillna(0) / contract).to_numpy()})
    return out


def special_fund_by_year(t: dict, p: dict) -> pd.DataFrame:
    fi = _investments(t, p)
    fi = fi[(fi["kind"] == "special") & (fi["invested_date"].dt.year <= p["year"])]
    per = fi.groupby(fi["invested_date"].dt.year).agg(committed_wan=("amount_wan", "sum"),
                                                      projects=("project_id", "nunique"))
    first = int(per.index.min()) if len(per) else p["year"]
    out = per.reindex(range(first, p["year"] + 1)).rename_axis("year").reset_index()
    out = out.assign(committed_wan=out["committed_wan"].fillna(0.0), projects=out["projects"].fillna(0).astype("int64"),
                     yearly_wan=p["yearly_wan"])
    return out.assign(committed_share=out["committed_wan"] / p["yearly_wan"], is_chosen_year=out["year"] == p["year"])


# -- resource map ----------------------------------------------------------------------------------
def _resources_in_scope(t: dict, p: dict) -> pd.Series:
    """Resources a chain scope sees: those its chain uses (every resource in another scope)."""
    r = t["resources"]
    if p["scope"] != "chain":
        return pd.Series(True, index=r.index)
    u = t["resource_uses"]
    return r["resource_id"].isin(u.loc[in_chain_scope(u, p), "resource_id"])


def resource_list(t: dict, p: dict) -> pd.DataFrame:
    chains = t["chains"].set_index("chain_id")
    u = t["resource_uses"]
    u = u[u["chain_id"].isin(chains.index)].assign(chain_zh=lambda d: d["chain_id"].map(chains["name_zh"]),
                                                   sort_order=lambda d: d["chain_id"].map(chains["sort_order"]))
    names = u.drop_duplicates(["resource_id", "chain_zh", "sort_order"]).sort_values("sort_order") \
        .groupby("resource_id")["chain_zh"].agg("、".join)
    r = t["resources"][_resources_in_scope(t, p)]
    out = r.assign(park_zh=r["park_id"].map(_name(t["parks"], "park_id")), chains_zh=r["resource_id"].map(names),
                   nodes=r["resource_id"].map(u.groupby("resource_id")["node_id"].nunique()).fillna(0).astype("int64"),
                   _kind=r["kind"].map(RESOURCE_KIND_ORDER).fillna(6))
    return out.sort_values(["_kind", "resource_id"])[
        ["resource_id", "name_zh", "kind", "quantity", "unit", "park_zh", "chains_zh", "nodes"]].reset_index(drop=True)


def resource_flows(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    chains = t["chains"].rename(columns={"name_zh": "chain_zh", "name_en": "chain_en"})
    nodes = t["chain_nodes"].rename(columns={"name_zh": "node_zh", "name_en": "node_en"}) \
        .merge(chains[["chain_id", "chain_zh", "chain_en"]], on="chain_id")
    nodes["color"] = nodes["chain_id"].map(common.chain_colors(t["chains"]))
    r = t["resources"].rename(columns={"name_zh": "resource_zh"})
    if p["kind"] is not None:
        r = r[r["kind"] == p["kind"]]
    uses = t["resource_uses"][["resource_id", "node_id"]].merge(r[["resource_id", "resource_zh", "kind"]]) \
        .merge(nodes, on="node_id")
    uses = uses[in_chain_scope(uses, p)].drop_duplicates()
    pr = _scoped_projects(t, p)
    pr = pr[pr["node_id"].isin(uses["node_id"]) & ~common.is_cancelled_at(pr, as_of) & (pr["signed_date"] <= as_of)
            & (pr["contract_amount_wan"] > 0)]
    pr = pr.sort_values(["node_id", "contract_amount_wan", "project_id"], ascending=[True, False, True])
    pr = pr.assign(rank=pr.groupby("node_id").cumcount() + 1, on_node=pr.groupby("node_id")["project_id"].transform("size"))
    totals = pr.groupby("node_id")["contract_amount_wan"].agg(["sum", "size"])
    per_node = uses["node_id"].map(uses["node_id"].value_counts()).astype("float64")
    total = uses["node_id"].map(totals["sum"]).astype("float64")
    resource_node = pd.DataFrame({
        "link": np.where(total.isna(), "resource_node_empty", "resource_node"),
        "source_id": uses["resource_id"], "source_zh": uses["resource_zh"], "source_kind": uses["kind"],
        "target_id": uses["node_id"], "target_zh": uses["node_zh"], "chain_id": uses["chain_id"],
        "chain_zh": uses["chain_zh"], "color": uses["color"], "value_wan": (total / per_node).fillna(0.0),
        "projects": uses["node_id"].map(totals["size"]).fillna(0).astype("int64"),
        "source_en": None, "target_en": uses["node_en"], "chain_en": uses["chain_en"]})
    named = (pr["rank"] <= p["top_projects"]) | (pr["on_node"] <= p["top_projects"] + 1)
    pr = pr.assign(target_id=pr["project_id"].where(named, pr["node_id"] + ":rest"), named=named)
    g = pr.groupby(["node_id", "target_id", "named"], as_index=False).agg(
        name=("name_zh", "first"), value_wan=("contract_amount_wan", "sum"), projects=("project_id", "size"))
    g = g.merge(nodes, on="node_id")
    rest = "其他 " + g["projects"].astype(str) + " 个项目"
    node_project = pd.DataFrame({
        "link": "node_project", "source_id": g["node_id"], "source_zh": g["node_zh"], "source_kind": None,
        "target_id": g["target_id"], "target_zh": g["name"].where(g["named"], rest), "chain_id": g["chain_id"],
        "chain_zh": g["chain_zh"], "color": g["color"], "value_wan": g["value_wan"], "projects": g["projects"],
        "source_en": g["node_en"], "target_en": ("other " + g["projects"].astype(str) + " projects").where(~g["named"]),
        "chain_en": g["chain_en"]})
    out = pd.concat([resource_node, node_project], ignore_index=True)
    out["_rest"] = out["target_id"].str.endswith(":rest")
    out = out.sort_values(["link", "chain_id", "source_id", "_rest", "value_wan", "target_id"],
                          ascending=[True, True, True, True, False, True])
    return out.drop(columns="_rest").reset_index(drop=True)


def map_places(t: dict, p: dict) -> pd.DataFrame:
    pk = t["parks"]
    parks = pd.DataFrame({"place": "park", "place_id": pk["park_id"], "name_zh": pk["name_zh"], "kind": "park",
                          "lon": pk["lon"], "lat": pk["lat"], "quantity": pk["available_land_ha"], "unit": "公顷",
                          "park_id": pk["park_id"], "name_en": pk["name_en"]})
    r = t["resources"][_resources_in_scope(t, p)]
    at = pk.set_index("park_id")
    res = pd.DataFrame({"place": "resource", "place_id": r["resource_id"], "name_zh": r["name_zh"], "kind": r["kind"],
                        "lon": r["lon"].fillna(r["park_id"].map(at["lon"])),
                        "lat": r["lat"].fillna(r["park_id"].map(at["lat"])), "quantity": r["quantity"],
                        "unit": r["unit"], "park_id": r["park_id"], "name_en": None})
    res = res[res["lon"].notna() & res["lat"].notna()]
    return pd.concat([parks, res], ignore_index=True).sort_values(["place", "place_id"]).reset_index(drop=True)


def park_land(t: dict, p: dict) -> pd.DataFrame:
    _, _, as_of = current(p)
    pr = _scoped_projects(t, p)
    projects = count_by(pr["park_id"], ~common.is_cancelled_at(pr, as_of) & (pr["signed_date"] <= as_of))
    o = t["opportunities"]
    opportunities = count_by(o["park_id"], in_chain_scope(o, p))
    pk = t["parks"]
    out = pk.assign(resources=pk["park_id"].map(count_by(t["resources"]["park_id"])).fillna(0).astype("int64"),
                    projects=pk["park_id"].map(projects).fillna(0).astype("int64"),
                    opportunities=pk["park_id"].map(opportunities).fillna(0).astype("int64"))
    out = out.sort_values(["available_land_ha", "park_id"], ascending=[False, True], na_position="last")
    return out[["park_id", "name_zh", "name_en", "lon", "lat", "available_land_ha", "resources", "projects",
                "opportunities"]].reset_index(drop=True)


ANSWERS = {f.__name__: f for f in (
    chain_overview, chain_node_status, chain_link_list, chain_funds, chain_node_companies, chain_node_projects,
    chain_node_targets, chain_node_opportunities, target_history_coverage,
    fund_overview, fund_flows, fund_sankey, rates_by_fund_backing, special_fund_by_year,
    resource_list, resource_flows, map_places, park_land)}
