"""The lookups every page runs (store_info, available_periods), the chain list and the import history,
the pandas way: see __init__.py. Their own module, with only the tables they read, so that measuring a
few pages (--pages) loads no more than those pages need."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import chains_shown, quarter_number

TABLES = {
    "projects": ["signed_date"],
    "project_quarters": ["year", "quarter"],
    "chains": None,
    "departments": None,
    "store_info": None,
    "import_log": None,
    "import_log_tables": None,
}


def store_info(t, p):
    return t["store_info"].sort_values("key")[["key", "value"]]


def available_periods(t, p):
    q = t["project_quarters"]
    q = q[q["quarter"].between(1, 4)]
    signed = t["projects"]["signed_date"].dropna()
    n = np.union1d(np.unique(quarter_number(q["year"], q["quarter"]).to_numpy()),
                   quarter_number(signed.dt.year, signed.dt.quarter).unique())
    return pd.DataFrame({"year": n // 4, "quarter": n % 4 + 1})


def chains(t, p):
    return chains_shown(t, p)[["chain_id", "name_zh", "name_en", "color", "sort_order", "leader_zh", "lead_department_id",
                               "lead_department_zh", "lead_department_en"]]


def import_history(t, p):
    lt = t["import_log_tables"].sort_values("table_name")
    lt = lt.assign(text=lt["table_name"] + " +" + lt["inserted"].astype(str) + " ~" + lt["updated"].astype(str) + " -"
                   + lt["deleted"].astype(str))
    per = lt.groupby("import_id").agg(inserted=("inserted", "sum"), updated=("updated", "sum"),
                                      deleted=("deleted", "sum"), tables=("text", "; ".join))
    out = t["import_log"].join(per, on="import_id")
    out = out.fillna({"inserted": 0, "updated": 0, "deleted": 0, "tables": ""})
    return out.sort_values(["imported_at", "import_id"], ascending=[False, True])


ANSWERS = {"store_info": store_info, "available_periods": available_periods, "chains": chains,
           "import_history": import_history}
