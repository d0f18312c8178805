"""Helpers the pandas answers share: the same rules as data/schema.sql's macros, written in pandas."""

from __future__ import annotations


import numpy as np
import pandas as pd


# The tables the project answers read (rates, assessment): projects with their quarters, the chain and
# department names, the targets and the tasks.
PROJECT_TABLES = {"projects": None, "project_quarters": None, "chains": None, "departments": None, "targets": None,
                  "tasks": None}


def ts(d) -> pd.Timestamp | None:
    """A parameter's date (datetime.date or None) as a Timestamp, comparable with the frames' dates."""
    return None if d is None else pd.Timestamp(d)


def period_start(y: int, q: int | None) -> pd.Timestamp:
    return pd.Timestamp(int(y), 3 * q - 2 if q else 1, 1)


def period_end(y: int, q: int | None) -> pd.Timestamp:
    return period_start(y, q) + pd.offsets.QuarterEnd(0) if q else pd.Timestamp(int(y), 12, 31)


def periods(y: int, q: int | None, as_of) -> dict[str, dict]:
    """periods(): 'cur' and 'prev' -> start, end (cut at the as-of date), as_of, period_end (uncut)."""
    out = {}
    for which, yy in (("cur", y), ("prev", y - 1)):
        pe = period_end(yy, q)
        a = pe if as_of is None else pd.Timestamp(as_of) - pd.DateOffset(years=y - yy)
        out[which] = {"start": period_start(yy, q), "end": min(pe, a), "as_of": a, "period_end": pe}
    return out


def quarter_number(year, quarter):
    """year * 4 + quarter - 1: a quarter as one integer (fast to group and compare)."""
    return year * 4 + quarter - 1


def quarter_end(year: pd.Series, quarter: pd.Series) -> pd.Series:
    """period_end(year, quarter) of a frame's year and quarter columns."""
    start = pd.to_datetime(pd.DataFrame({"year": year, "month": 3 * quarter - 2, "day": 1}))
    return start + pd.offsets.QuarterEnd(0)


def scope_has(scope_id: str | None, ids: pd.Series) -> pd.Series:
    mask = pd.Series(False, index=ids.index)
    for one in (scope_id or "").split(","):  # eq, not isin: pandas 3's isin walks Arrow strings in Python
        mask |= ids.eq(one).fillna(False)
    return mask


def in_scope(df: pd.DataFrame, p: dict, chain_col="chain_id", dept_col="department_id") -> pd.Series:
    """in_scope(scope, scope_id, chain, department) as a boolean mask over df's rows."""
    scope = p.get("scope", "city")
    if scope == "city":
        return pd.Series(True, index=df.index)
    return scope_has(p["scope_id"], df[chain_col] if scope == "chain" else df[dept_col])


def yoy(cur, prev):
    if prev is None or pd.isna(prev) or prev == 0 or cur is None or pd.isna(cur):
        return None
    return cur / prev - 1


def rate_window(p: dict, w: dict, prev: bool) -> dict:
    """rate_window() for one row of periods(): signed_from/to, planned_from/to (None = no bound)."""
    cohort = p["cohort"]
    if cohort == "period":
        return {"signed_from": w["start"], "signed_to": w["end"], "planned_from": None, "planned_to": None}
    if cohort == "due":
        return {"signed_from": None, "signed_to": w["as_of"], "planned_from": w["start"], "planned_to": w["end"]}
    if cohort == "cumulative":
        return {"signed_from": pd.Timestamp(int(p["cohort_base_year"]), 1, 1), "signed_to": w["end"],
                "planned_from": None, "planned_to": None}
    if cohort == "rolling":
        start = w["period_end"] + pd.Timedelta(days=1) - pd.DateOffset(months=3 * int(p["cohort_quarters"]))
        return {"signed_from": start, "signed_to": w["end"], "planned_from": None, "planned_to": None}
    raise ValueError(f"unknown rate cohort: {cohort}")


def in_window(projects: pd.DataFrame, rw: dict) -> pd.Series:
    s = projects["signed_date"]
    m = s.le(rw["signed_to"])
    if rw["signed_from"] is not None:
        m &= s.ge(rw["signed_from"])
    if rw["planned_from"] is not None:
        m &= projects["planned_start_date"].between(rw["planned_from"], rw["planned_to"])
    return m.fillna(False).astype(bool)


def arrived_by(t: dict, as_of: pd.Timestamp) -> np.ndarray:
    """Each project's funds arrived in the quarters ended by as_of, aligned with t["projects"]' rows."""
    q = t["project_quarters"]
    ended = (q["q_end"] <= as_of).to_numpy()
    return np.bincount(q["pidx"].to_numpy()[ended], weights=q["funds_arrived_wan"].to_numpy()[ended],
                       minlength=len(t["projects"]))


def prepare(t: dict) -> None:
    """What a dashboard computes once and caches with the frames: each quarter's start and end dates,
    and its project's row, chain and department on every quarter and task (a cached join); the
    project's name on every task; its company's name on every project."""
    pr = t.get("projects")
    if pr is None:
        return
    pos = pd.Series(np.arange(len(pr)), index=pr["project_id"].to_numpy())
    # (a column is copied only when the loaded projects have it: another module may load fewer)
    q = t.get("project_quarters")
    if q is not None and "pidx" not in q:
        q["q_end"] = quarter_end(q["year"], q["quarter"])
        q["q_start"] = q["q_end"] - pd.offsets.QuarterBegin(1, startingMonth=1)
        q["pidx"] = q["project_id"].map(pos).to_numpy(dtype=np.int64)  # every quarter has its project (a data check)
        for col in ("chain_id", "department_id"):
            if col in pr and col not in q:
                q[col] = pr[col].to_numpy()[q["pidx"]]
    tk = t.get("tasks")
    if tk is not None and "pidx" not in tk:
        tk["pidx"] = tk["project_id"].map(pos).to_numpy(dtype=np.int64)
        for col, name in (("name_zh", "project_zh"), ("chain_id", "chain_id")):
            if col in pr and name not in tk:
                tk[name] = pr[col].to_numpy()[tk["pidx"]]
    co = t.get("companies")
    if co is not None and "company_zh" not in pr and "name_zh" in co and "company_id" in pr:
        pr["company_zh"] = pr["company_id"].map(co.set_index("company_id")["name_zh"])


prepare_quarters = prepare  # the name the modules first used


def rate_cohort(t: dict, p: dict, only: str | None = None) -> pd.DataFrame:
    """rate_cohort(): which ('cur'/'prev'), project_id, chain_id, department_id, contract_amount_wan,
    is_started (by its as-of date), arrived_wan (in the quarters ended by then). only='cur': that row only."""
    projects = t["projects"]
    scoped = projects[in_scope(projects, p)]
    parts = []
    for which, w in periods(p["year"], p["quarter"], p["as_of"]).items():
        if only and which != only:
            continue
        rw = rate_window(p, w, which == "prev")
        c = scoped.loc[in_window(scoped, rw), ["project_id", "chain_id", "department_id", "contract_amount_wan",
                                              "actual_start_date", "signed_date", "planned_start_date"]].copy()
        c.insert(0, "which", which)
        c["pidx"] = c.index  # the project's row in t["projects"]
        c["is_started"] = c["actual_start_date"].le(w["as_of"]).fillna(False).astype(bool)
        c["arrived_wan"] = arrived_by(t, w["as_of"])[c.index.to_numpy()]
        c["as_of"] = w["as_of"]
        parts.append(c)
    return pd.concat(parts, ignore_index=True)


def safe_div(a, b):
    return None if b is None or b == 0 or pd.isna(b) else a / b




PALETTE = ['#4E79A7', '#F28E2B', '#59A14F', '#E15759', '#76B7B2', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC']


def chain_colors(chains: pd.DataFrame) -> pd.Series:
    """chain_color(): chain_id -> chains.color when it is #RRGGBB, else the palette by place in sort_order."""
    c = chains.sort_values(["sort_order", "chain_id"], kind="stable").reset_index(drop=True)
    ok = c["color"].fillna("").str.fullmatch(r"#[0-9A-Fa-f]{6}")
    c = c.assign(color=c["color"].where(ok, [PALETTE[i % 10] for i in c.index]))
    return c.drop_duplicates("chain_id").set_index("chain_id")["color"]  # a repeated id takes its first colour


def chains_shown(t: dict, p: dict) -> pd.DataFrame:
    """chains in sort order with chain_color() as color, lead department's names; in_chain_scope."""
    c = t["chains"].sort_values(["sort_order", "chain_id"], kind="stable").drop_duplicates("chain_id")
    c = c.assign(color=c["chain_id"].map(chain_colors(t["chains"])))
    d = t["departments"].rename(columns={"department_id": "lead_department_id", "name_zh": "lead_department_zh",
                                          "name_en": "lead_department_en"})
    c = c.merge(d, on="lead_department_id")
    if p.get("scope") == "chain":
        c = c[scope_has(p["scope_id"], c["chain_id"])]
    return c.sort_values("sort_order", kind="stable").reset_index(drop=True)


def stage_at(pr: pd.DataFrame, d: pd.Timestamp, with_signed: bool = True) -> pd.Series:
    """stage_at(stage, stage_since, signed_date, actual_start_date, operational_date, d)."""
    stage, since = pr["stage"], pr["stage_since"]
    since_ok = since.le(d) | since.isna()
    conds = [(stage.eq("stalled") | stage.eq("cancelled")) & since_ok,
             pr["operational_date"].le(d),
             pr["actual_start_date"].le(d),
             stage.eq("procedures") & since.le(d),
             pr["signed_date"].le(d) if with_signed else pd.Series(False, index=pr.index),
             (stage.eq("lead") | stage.eq("negotiating")) & since.le(d)]
    choices = [stage, "operational", "started", "procedures", "signed", stage]
    conds = [c.fillna(False).astype(bool) for c in conds]
    out = np.select(conds, [np.asarray(c, dtype=object) if isinstance(c, pd.Series) else c for c in choices],
                    default=None)
    return pd.Series(out, index=pr.index, dtype=object)


def is_cancelled_at(pr: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    return (pr["stage"].eq("cancelled") & (pr["stage_since"].le(d) | pr["stage_since"].isna())).fillna(False).astype(bool)


def is_late_to_start(pr: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    a = pr["actual_start_date"]
    return (pr["signed_date"].le(d) & (a.isna() | a.gt(d)) & pr["planned_start_date"].lt(d)
            & ~is_cancelled_at(pr, d)).fillna(False).astype(bool)


def task_state_at(tasks: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    o, due, c = tasks["opened_date"], tasks["due_date"], tasks["closed_date"]
    closed = c.le(d).fillna(False)
    conds = [o.gt(d).fillna(False), closed & c.gt(due).fillna(False), closed, due.lt(d).fillna(False)]
    return pd.Series(np.select(conds, [None, "closed_late", "closed_on_time", "overdue"], default="open"),
                     index=tasks.index, dtype=object)


def with_chain_department(df: pd.DataFrame, t: dict) -> pd.DataFrame:
    """Inner joins to chains and departments, adding chain_zh/_en and department_zh/_en."""
    ch = t["chains"][["chain_id", "name_zh", "name_en"]].rename(columns={"name_zh": "chain_zh", "name_en": "chain_en"})
    d = t["departments"][["department_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "department_zh", "name_en": "department_en"})
    return df.merge(ch, on="chain_id").merge(d, on="department_id")


def page(df: pd.DataFrame, by: list[str], ascending: list[bool], p: dict) -> pd.DataFrame:
    """Sorted, with total_rows (all matching rows), cut to $limit rows from $offset."""
    df = df.sort_values(by, ascending=ascending, kind="stable").assign(total_rows=len(df))
    off = int(p.get("offset") or 0)
    return df.iloc[off: off + int(p["limit"])] if p.get("limit") is not None else df.iloc[off:]


def stage_began(pr: pd.DataFrame, stage_then: pd.Series) -> pd.Series:
    """stage_began(stage_then, stage_since, signed_date, actual_start_date, operational_date)."""
    out = pr["stage_since"].where(stage_then.notna())
    for stage, col in (("operational", "operational_date"), ("started", "actual_start_date"), ("signed", "signed_date")):
        out = out.mask(stage_then.eq(stage), pr[col])
    return out


# -- as of a date: operating projects, target companies, fund backing (the maps and lists) ----------
SEGMENT_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}


def current(p: dict) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """periods()' 'cur' row: (start, end cut at the as-of date, as-of date)."""
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    return w["start"], w["end"], w["as_of"]


def in_chain_scope(df: pd.DataFrame, p: dict, chain_col: str = "chain_id") -> pd.Series:
    """in_chain_scope(scope, scope_id, chain): rows of a chain only; a chain scope sees its chains'."""
    if p.get("scope") == "chain":
        return scope_has(p["scope_id"], df[chain_col])
    return pd.Series(True, index=df.index)


def count_by(s: pd.Series, mask: pd.Series | None = None) -> pd.Series:
    """count(*) [filter (mask)] ... group by s, as a Series keyed by s's values (nulls left out)."""
    return (s if mask is None else s[mask]).value_counts()


def is_operating_at(pr: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    return stage_at(pr, d, with_signed=False).isin(["started", "operational"])


def prepare_targets(t: dict) -> None:
    """The target companies' cached joins (computed once with the frames, as prepare() does for the
    quarters): each target's row in companies (cidx), each status change's row in target_companies
    (tidx, -1 for a change of a company that is not a target), the history sorted by target and date."""
    tc, co, h = t.get("target_companies"), t.get("companies"), t.get("target_status_history")
    if tc is None or co is None or h is None or "cidx" in tc:
        return
    tc["cidx"] = tc["company_id"].map(pd.Series(np.arange(len(co)), index=co["company_id"].to_numpy())) \
        .to_numpy(dtype=np.int64)  # every target is a company (a foreign key)
    tidx = h["company_id"].map(pd.Series(np.arange(len(tc)), index=tc["company_id"].to_numpy()))
    t["target_status_history"] = h.assign(tidx=tidx.fillna(-1).to_numpy(dtype=np.int64)) \
        .sort_values(["tidx", "since_date"], kind="stable").reset_index(drop=True)


def has_history(t: dict) -> np.ndarray:
    """Per target_companies row: whether it has status changes."""
    has = np.zeros(len(t["target_companies"]), dtype=bool)
    tidx = t["target_status_history"]["tidx"].to_numpy()
    has[tidx[tidx >= 0]] = True
    return has


def _last_per_target(tidx: np.ndarray) -> np.ndarray:
    """The last row of each target in rows sorted by target (and date)."""
    return np.r_[tidx[1:] != tidx[:-1], True] if len(tidx) else np.zeros(0, dtype=bool)


def targets_at(t: dict, d: pd.Timestamp) -> pd.DataFrame:
    """targets_at(d), row for row with target_companies (prepare_targets): company_id, priority,
    owner_department_id, status, last_contact_date, and cidx (the company's row in companies)."""
    tc, h = t["target_companies"], t["target_status_history"]
    tidx, since = h["tidx"].to_numpy(), h["since_date"].to_numpy()
    status = h["status"].to_numpy(dtype=object)
    known = (since <= np.datetime64(d)) & (tidx >= 0)
    k_tidx, k_since, k_status = tidx[known], since[known], status[known]
    last = _last_per_target(k_tidx)  # the latest change by d
    status_then = np.full(len(tc), "not_contacted", dtype=object)
    status_then[k_tidx[last]] = k_status[last]
    contact = k_status != "not_contacted"  # the latest contact by d
    c_tidx, c_since = k_tidx[contact], k_since[contact]
    contact_then = np.full(len(tc), np.datetime64("NaT"), dtype=since.dtype)
    contact_then[c_tidx[_last_per_target(c_tidx)]] = c_since[_last_per_target(c_tidx)]
    own = tc["last_contact_date"].to_numpy()
    own = np.where(own <= np.datetime64(d), own, np.datetime64("NaT"))
    return pd.DataFrame({"company_id": tc["company_id"], "priority": tc["priority"],
                         "owner_department_id": tc["owner_department_id"],
                         "status": np.where(has_history(t), status_then, tc["status"].to_numpy(dtype=object)),
                         "last_contact_date": np.fmax(own, contact_then),  # greatest() skips nulls
                         "cidx": tc["cidx"]}, index=tc.index)


def with_company(tc: pd.DataFrame, t: dict, columns: list[str]) -> pd.DataFrame:
    """Target rows (with cidx) with their company's `columns`, by the cached join."""
    co = t["companies"][columns].take(tc["cidx"].to_numpy())
    co.index = tc.index
    return pd.concat([tc, co], axis=1)


def fund_backing(fi: pd.DataFrame, funds: pd.DataFrame, d: pd.Timestamp, projects: pd.Series) -> pd.DataFrame:
    """fund_backing(d) of the given projects, indexed by project_id: fund_ids, funds_zh, fund_kinds, fund_wan."""
    b = fi[fi["project_id"].isin(projects) & (fi["invested_date"] <= d)] \
        .merge(funds[["fund_id", "name_zh", "kind"]], on="fund_id") \
        .sort_values(["project_id", "amount_wan", "fund_id"], ascending=[True, False, True])
    return b.groupby("project_id", sort=False).agg(
        fund_ids=("fund_id", "、".join), funds_zh=("name_zh", "、".join), fund_kinds=("kind", "、".join),
        fund_wan=("amount_wan", "sum"))


def fund_backed(fi: pd.DataFrame, funds: pd.DataFrame, d: pd.Timestamp) -> pd.Series:
    """The projects fund_backing(d) has a row for: a fund investment dated by d."""
    return fi.loc[(fi["invested_date"] <= d) & fi["fund_id"].isin(funds["fund_id"]), "project_id"].drop_duplicates()
