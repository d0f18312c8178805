"""The supervision page's answers (blue and red list tasks) the pandas way: see __init__.py."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import page, periods, prepare, scope_has, task_state_at

TABLES = {
    "tasks": None,
    "projects": ["project_id", "name_zh", "chain_id", "department_id"],
    "departments": None,
}


def _tasks(t, p) -> pd.DataFrame:
    """Tasks joined to their project (project_zh, chain_id), in scope: the project's chain, the task's department."""
    tk = t["tasks"]  # with its project's name and chain (prepare)
    scope = p.get("scope", "city")
    if scope == "chain":
        tk = tk[scope_has(p["scope_id"], tk["chain_id"])]
    elif scope == "department":
        tk = tk[scope_has(p["scope_id"], tk["department_id"])]
    return tk


def _flagged(tk, w) -> pd.DataFrame:
    return tk.assign(due_in_period=tk["due_date"].between(w["start"], w["end"]), state=task_state_at(tk, w["as_of"]))


def overdue_tasks(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    f = _flagged(_tasks(t, p), w)
    due = f["due_in_period"] & f["state"].notna()
    g = pd.DataFrame({"list": f["list"], "due_in_period": due,
                      "overdue": f["due_in_period"] & f["state"].isin(["overdue", "closed_late"]),
                      "open_overdue": f["state"].eq("overdue")}).groupby("list").sum()
    return g.reindex(["blue", "red"], fill_value=0).rename_axis("list").reset_index()


def supervision_by_department(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    tk = _tasks(t, p)
    if p.get("list") is not None:
        tk = tk[tk["list"] == p["list"]]
    f = _flagged(tk[tk["opened_date"] <= w["as_of"]], w)
    closed = f["state"].isin(["closed_late", "closed_on_time"])
    late = f["state"].eq("closed_late")
    over = f["state"].eq("overdue")
    due = f["due_in_period"]
    g = pd.DataFrame({"department_id": f["department_id"], "open_now": ~closed, "overdue_now": over,
                      "due_in_period": due, "closed_on_time": due & closed & ~late, "closed_late": due & late,
                      "overdue_in_period": due & (over | late)}).groupby("department_id").sum().reset_index()
    g["on_time_rate"] = g["closed_on_time"] / g["due_in_period"].replace(0, np.nan)
    out = g.merge(t["departments"][["department_id", "name_zh", "name_en"]], on="department_id")
    out = out.sort_values(["overdue_now", "on_time_rate", "department_id"], ascending=[False, True, True],
                          na_position="last")
    return out[["department_id", "name_zh", "name_en", "open_now", "overdue_now", "due_in_period", "closed_on_time",
                "closed_late", "overdue_in_period", "on_time_rate"]]


STATUS_ORDER = {"overdue": 1, "closed_late": 2, "open": 3}


def supervision_tasks(t, p):
    w = periods(p["year"], p["quarter"], p["as_of"])["cur"]
    d = w["as_of"]
    tk = _tasks(t, p)
    f = _flagged(tk[tk["opened_date"] <= d], w).rename(columns={"state": "status"})
    closed = f["status"].isin(["closed_late", "closed_on_time"])
    f["is_overdue"] = f["status"].isin(["overdue", "closed_late"])
    f["days_overdue"] = np.where(f["status"].eq("overdue"), (d - f["due_date"]).dt.days,
                                 np.where(f["status"].eq("closed_late"), (f["closed_date"] - f["due_date"]).dt.days,
                                          np.nan))
    f["closed_date"] = f["closed_date"].where(f["closed_date"] <= d)
    show = p.get("show")
    if show == "overdue_in_period":
        f = f[f["due_in_period"] & f["is_overdue"]]
    elif show == "open":
        f = f[~closed]
    elif show != "all":
        f = f[f["due_in_period"] | ~closed]
    for col, key in (("list", "list"), ("status", "status"), ("project_id", "project")):
        if p.get(key) is not None:
            f = f[f[col] == p[key]]
    f = f.merge(t["departments"][["department_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "department_zh", "name_en": "department_en"}), on="department_id")
    f["rank"] = f["status"].map(STATUS_ORDER).fillna(4)
    out = page(f, ["rank", "days_overdue", "due_date", "task_id"], [True, False, True, True], p)
    return out[["task_id", "list", "title", "project_id", "project_zh", "chain_id", "department_id", "department_zh",
                "department_en", "opened_date", "due_date", "closed_date", "status", "is_overdue", "due_in_period",
                "days_overdue", "total_rows"]]


ANSWERS = {"overdue_tasks": overdue_tasks, "supervision_by_department": supervision_by_department,
           "supervision_tasks": supervision_tasks}
