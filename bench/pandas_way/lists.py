"""The pandas way for the list pages: investment opportunities (投资机会), target companies (目标企业)
and visits (走访).

Each answer takes the loaded tables and a named query's parameters and returns that query's columns,
in its order, computed from the tables as a dashboard would in pandas (common.py holds the shared
as-of rules). The definitions are the SQL under queries/ and target_matches in data/schema.sql.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import common
from .common import current, in_chain_scope, in_scope



def prepare(t: dict) -> None:
    common.prepare_targets(t)


TABLES: dict[str, list[str] | None] = {
    "chains": None, "chain_nodes": None, "departments": None, "parks": None, "resources": None,
    "opportunities": None, "activities": None, "target_companies": None, "target_status_history": None,
    "companies": ["company_id", "name_zh", "name_pinyin", "name_initials", "province", "city", "ownership", "size",
                  "chain_id", "node_id", "is_local"],
}
LATER = np.iinfo("int64").max  # a missing date's sort key where nulls come last


# -- opportunities ---------------------------------------------------------------------------------
def opportunity_list(t: dict, p: dict) -> pd.DataFrame:
    o = t["opportunities"]
    keep = in_chain_scope(o, p)
    for column in ("chain_id", "node_id", "park_id", "resource_id"):
        if p[column] is not None:
            keep &= o[column] == p[column]
    if p["min_wan"] is not None:
        keep &= o["investment_wan"] >= p["min_wan"]
    if p["max_wan"] is not None:
        keep &= o["investment_wan"] <= p["max_wan"]
    if p["search"] is not None:
        keep &= o["name_zh"].str.contains(p["search"], regex=False)
    chains = t["chains"].set_index("chain_id")
    nodes = t["chain_nodes"].set_index("node_id")
    res = t["resources"].set_index("resource_id")
    o = o[keep & o["chain_id"].isin(chains.index)]
    r = o["resource_id"]
    out = o.assign(chain_zh=o["chain_id"].map(chains["name_zh"]), color=o["chain_id"].map(common.chain_colors(t["chains"])),
                   node_zh=o["node_id"].map(nodes["name_zh"]), segment=o["node_id"].map(nodes["segment"]),
                   park_zh=o["park_id"].map(t["parks"].set_index("park_id")["name_zh"]),
                   resource_zh=r.map(res["name_zh"]), resource_kind=r.map(res["kind"]),
                   resource_quantity=r.map(res["quantity"]), resource_unit=r.map(res["unit"]),
                   _chain=o["chain_id"].map(chains["sort_order"]))
    out["_segment"] = out["segment"].map(common.SEGMENT_ORDER).fillna(3)
    out = out.sort_values(["_chain", "_segment", "investment_wan", "opportunity_id"], ascending=[True, True, False, True])
    return out[["opportunity_id", "name_zh", "chain_id", "chain_zh", "color", "node_zh", "segment", "park_zh",
                "resource_zh", "resource_kind", "resource_quantity", "resource_unit", "investment_wan"]] \
        .reset_index(drop=True)


def opportunity_options(t: dict, p: dict) -> pd.DataFrame:
    o = t["opportunities"]
    o = o[in_chain_scope(o, p)]
    chains = t["chains"][t["chains"]["chain_id"].isin(o["chain_id"])]
    chain_key = chains.set_index("chain_id")["sort_order"].astype(str).str.zfill(4)
    n = t["chain_nodes"]
    n = n[n["node_id"].isin(o.loc[o["chain_id"] == p["chain_id"] if p["chain_id"] is not None else o.index, "node_id"])]
    n = n[n["chain_id"].isin(t["chains"]["chain_id"])]
    node_key = (n["chain_id"].map(t["chains"].set_index("chain_id")["sort_order"]).astype(str).str.zfill(4)
                + n["segment"].map(common.SEGMENT_ORDER).fillna(2).astype(int).astype(str) + n["node_id"])
    pk = t["parks"][t["parks"]["park_id"].isin(o["park_id"])]
    r = t["resources"][t["resources"]["resource_id"].isin(o["resource_id"])]

    def facet(name, ids, zh, en, key):
        return pd.DataFrame({"facet": name, "option_id": ids.to_numpy(), "label_zh": zh.to_numpy(),
                             "label_en": en.to_numpy(), "sort_key": np.asarray(key)})
    options = pd.concat([
        facet("chain", chains["chain_id"], chains["name_zh"], chains["name_en"], chains["chain_id"].map(chain_key)),
        facet("node", n["node_id"], n["name_zh"], n["name_en"], node_key),
        facet("park", pk["park_id"], pk["name_zh"], pk["name_en"], pk["park_id"]),
        facet("resource", r["resource_id"], r["name_zh"], r["name_zh"], r["resource_id"]),
    ]).drop_duplicates().assign(min_wan=np.nan, max_wan=np.nan)
    spread = pd.DataFrame({"facet": ["range"], "option_id": [None], "label_zh": [None], "label_en": [None],
                           "sort_key": [None], "min_wan": [o["investment_wan"].min()], "max_wan": [o["investment_wan"].max()]})
    return pd.concat([options, spread], ignore_index=True).sort_values(["facet", "sort_key"]).reset_index(drop=True)


# -- target companies ------------------------------------------------------------------------------
FILTERS = (("chains", "chain_id"), ("nodes", "node_id"), ("provinces", "province"), ("ownerships", "ownership"),
           ("sizes", "size"), ("priorities", "priority"), ("statuses", "status"), ("departments", "owner_department_id"))


def target_matches(t: dict, p: dict, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """target_matches(...) of data/schema.sql: the companies the explorer's filters and search let through,
    with the company columns the filters and search read and `columns` (the rest: by cidx, the company's row)."""
    tc = common.targets_at(t, pd.Timestamp(p["as_of"]))
    co = t["companies"]
    need = {"chain_id", *columns} | {col for param, col in FILTERS if p[param] is not None and col in co}
    if p["q"] is not None:
        need |= {"name_zh", "name_pinyin", "name_initials"}
    need = [col for col in co.columns if col in need]
    if p["targets_only"]:
        c = common.with_company(tc, t, need).assign(is_target=True)
    else:  # every company, with the target columns where it is one (the left join, by the cached row)
        full = tc.drop(columns="company_id").set_index("cidx").reindex(np.arange(len(co)))
        c = co[["company_id", *need]].assign(
            is_target=full["status"].notna().to_numpy(), cidx=np.arange(len(co)),
            **{k: full[k].to_numpy() for k in ("priority", "status", "owner_department_id", "last_contact_date")})
    keep = in_scope(c, p, dept_col="owner_department_id")
    for param, column in FILTERS:
        if p[param] is not None:
            keep &= c[column].isin(p[param])
    if p["contact_after"] is not None:
        keep &= c["last_contact_date"] >= pd.Timestamp(p["contact_after"])
    if p["contact_before"] is not None:
        keep &= c["last_contact_date"] <= pd.Timestamp(p["contact_before"])
    q, q_py = p["q"], p["q_py"]
    if q is not None:
        hit = c["name_zh"].str.contains(q, regex=False)
        if q_py is not None:
            hit |= c["name_pinyin"].str.contains(q_py, regex=False).fillna(False)
            hit |= c["name_initials"].str.contains(q_py, regex=False).fillna(False)
        keep &= hit
    c = c[keep]
    if q is None:
        return c.assign(match_rank=0)
    exact = c["name_zh"] == q
    starts = c["name_zh"].str.startswith(q)
    if q_py is not None:
        exact |= (c["name_pinyin"] == q_py) | (c["name_initials"] == q_py)
        starts |= c["name_pinyin"].str.startswith(q_py).fillna(False) | c["name_initials"].str.startswith(q_py).fillna(False)
    return c.assign(match_rank=np.select([exact, starts], [0, 1], 2))


def _date_key(d: pd.Series, *, descending: bool = False, nulls_first: bool = False) -> pd.Series:
    key = d.astype("int64").where(d.notna())
    key = -key if descending else key
    return key.fillna(-LATER if nulls_first else LATER)


def target_list(t: dict, p: dict) -> pd.DataFrame:
    m = target_matches(t, p, ("name_pinyin",))
    sort = p["sort"]
    if sort == "priority":
        m["_sort"] = m["priority"].fillna("\uffff")
    elif sort == "recent":
        m["_sort"] = _date_key(m["last_contact_date"], descending=True)
    elif sort == "stale":
        m["_sort"] = _date_key(m["last_contact_date"], nulls_first=True)
    else:
        m["_sort"] = 0
    order = m[["match_rank", "_sort", "name_pinyin", "company_id"]].sort_values(
        ["match_rank", "_sort", "name_pinyin", "company_id"]).index  # sort the keys, then fetch the page's rows
    offset = p["offset"] or 0
    m = m.loc[order[offset:offset + p["limit"] if p["limit"] is not None else None]]
    rest = [col for col in ("name_zh", "province", "city", "node_id", "ownership", "size", "is_local") if col not in m]
    m = common.with_company(m, t, rest)
    chains = t["chains"].set_index("chain_id")
    nodes = t["chain_nodes"].set_index("node_id")
    depts = t["departments"].set_index("department_id")
    out = m.assign(chain_zh=m["chain_id"].map(chains["name_zh"]), chain_en=m["chain_id"].map(chains["name_en"]),
                   node_zh=m["node_id"].map(nodes["name_zh"]), node_en=m["node_id"].map(nodes["name_en"]),
                   department_zh=m["owner_department_id"].map(depts["name_zh"]),
                   department_en=m["owner_department_id"].map(depts["name_en"]))
    return out[["company_id", "name_zh", "province", "city", "chain_id", "chain_zh", "chain_en", "node_id", "node_zh",
                "node_en", "ownership", "size", "is_local", "is_target", "priority", "status", "owner_department_id",
                "department_zh", "department_en", "last_contact_date"]].reset_index(drop=True)


def target_count(t: dict, p: dict) -> pd.DataFrame:
    return pd.DataFrame({"total": [len(target_matches(t, p))]})


def target_filter_options(t: dict, p: dict) -> pd.DataFrame:
    c = t["companies"][["company_id", "province", "chain_id"]]
    if p["scope"] == "department":  # a department sees the companies it owns as targets
        c = c.merge(t["target_companies"][["company_id", "owner_department_id"]], on="company_id", how="left")
        c = c[in_scope(c, p, dept_col="owner_department_id")]
    else:
        c = c[in_scope(c, p)]
    provinces = c["province"].value_counts().rename("companies").rename_axis("code").reset_index()
    provinces = provinces.assign(kind="province", name_zh=provinces["code"], name_en=provinces["code"], chain_id=None)
    provinces = provinces.sort_values(["companies", "code"], ascending=[False, True])
    n = t["chain_nodes"].merge(t["chains"][["chain_id", "sort_order"]], on="chain_id")
    n = n[in_chain_scope(n, p)]
    n = n.assign(_segment=n["segment"].map(common.SEGMENT_ORDER).fillna(2)) \
        .sort_values(["sort_order", "_segment", "node_id"])
    nodes = pd.DataFrame({"kind": "node", "code": n["node_id"], "name_zh": n["name_zh"], "name_en": n["name_en"],
                          "chain_id": n["chain_id"], "companies": None})
    columns = ["kind", "code", "name_zh", "name_en", "chain_id", "companies"]
    return pd.concat([provinces[columns], nodes[columns]], ignore_index=True)


def departments(t: dict, p: dict) -> pd.DataFrame:
    d = t["departments"]
    if p["scope"] == "department":  # in_department_scope: a department sees its own
        d = d[common.scope_has(p["scope_id"], d["department_id"])]
    return d.sort_values("department_id")[["department_id", "name_zh", "name_en"]].reset_index(drop=True)


# -- visits ----------------------------------------------------------------------------------------
def _visits(t: dict, p: dict) -> pd.DataFrame:
    """Activities in scope dated in the period, up to its as-of date (the visits query's rule)."""
    start, end, _ = current(p)
    a = t["activities"]
    return a[in_scope(a, p) & a["activity_date"].between(start, end)]


def visit_list(t: dict, p: dict) -> pd.DataFrame:
    a = _visits(t, p)
    if p["direction"] is not None:
        a = a[a["direction"] == p["direction"]]
    if p["leader_level"] is not None:
        a = a[a["leader_level"] == p["leader_level"]]
    depts = t["departments"].rename(columns={"name_zh": "department_zh", "name_en": "department_en"})
    a = a.merge(depts, on="department_id")
    chains = t["chains"].set_index("chain_id")
    a = a.assign(chain_zh=a["chain_id"].map(chains["name_zh"]), chain_en=a["chain_id"].map(chains["name_en"]),
                 total_rows=len(a))
    a = a.sort_values(["activity_date", "activity_id"], ascending=[False, True])
    offset = p["offset"] or 0
    a = a.iloc[offset:offset + p["limit"] if p["limit"] is not None else None]
    return a[["activity_id", "activity_date", "direction", "leader_level", "department_id", "department_zh",
              "department_en", "counterpart", "chain_id", "chain_zh", "chain_en", "total_rows"]].reset_index(drop=True)


def visits_by(t: dict, p: dict) -> pd.DataFrame:
    a = _visits(t, p)
    by = p["by"]
    if by == "quarter":
        key = a["activity_date"].dt.year.astype(str) + "Q" + a["activity_date"].dt.quarter.astype(str)
    else:
        key = a[{"direction": "direction", "leader_level": "leader_level", "department": "department_id",
                 "chain": "chain_id"}[by]]
    out_ = a["direction"] == "outbound"
    g = pd.DataFrame({"key": key, "total": 1, "inbound": a["direction"] == "inbound", "outbound": out_,
                      "outbound_principal": out_ & (a["leader_level"] == "principal"),
                      "outbound_city_leader": out_ & (a["leader_level"] == "city_leader"),
                      "outbound_department": out_ & (a["leader_level"] == "department")}) \
        .groupby("key", dropna=False).sum().astype("int64").reset_index()
    names = {"department": t["departments"].set_index("department_id"),
             "chain": t["chains"].set_index("chain_id")}.get(by)
    g["name_zh"] = g["key"].map(names["name_zh"]) if names is not None else None
    g["name_en"] = g["key"].map(names["name_en"]) if names is not None else None
    g["color"] = g["key"].map(common.chain_colors(t["chains"])) if by == "chain" else None
    order = g["key"].map(t["chains"].set_index("chain_id")["sort_order"]) if by == "chain" else 0
    g = g.assign(_quarter=g["key"] if by == "quarter" else "", _chain=order, _total=-g["total"])
    g = g.sort_values(["_quarter", "_total", "_chain", "key"], na_position="last")
    return g[["key", "name_zh", "name_en", "color", "total", "inbound", "outbound", "outbound_principal",
              "outbound_city_leader", "outbound_department"]].reset_index(drop=True)


ANSWERS = {f.__name__: f for f in (
    opportunity_list, opportunity_options, target_list, target_count, target_filter_options, departments,
    visit_list, visits_by)}
