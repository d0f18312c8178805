"""The cockpit's six headline figures (领导驾驶舱), formatted once: the cockpit page shows them as metrics,
the meeting deck's KPI slide shows the same text. Pure functions over the metric queries' rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fmt
from .cohort import Cohort
from .i18n import t

# the six figures, in the cockpit's order: (key, named query)
QUERIES = (("new_signed", "new_signed_projects"), ("signed_amount", "signed_amount"),
           ("funds_arrived", "funds_arrived"), ("start_rate", "contract_to_start_rate"),
           ("arrival_rate", "fund_arrival_rate"), ("visits", "visits"))
RATES = ("start_rate", "arrival_rate")  # measured on a rate cohort, which their labels name


@dataclass(frozen=True)
class Headline:
    key: str
    query: str            # the named query that defines it
    label: str
    value: str            # '473.95 亿元'
    change: str | None    # '+102.95%（同比）', or None when there is no year-earlier value
    detail: str | None    # the line under the figure (cohort, visits by direction), or None


def _yoy(row) -> str | None:
    return None if row["value_prev"] is None or fmt.pct(row["yoy"]) == "—" else \
        t("fmt.yoy", v=fmt.pct(row["yoy"], signed=True))


def _pp(row) -> str | None:
    return None if fmt.pp(row["change_pp"]) == "—" else t("fmt.pp", v=fmt.pp(row["change_pp"]))


def headlines(run, cohort: Cohort | None = None) -> list[Headline]:
    """The six figures; `run(name)` returns the named query's one row for the period, as-of date and
    scope in force (the cockpit passes its cached query, the deck the store). `cohort`: the rates'
    cohort (the one `run` binds), named in the two rates' labels; a rate whose cohort is empty says why
    under its "—"."""
    rows = {query: run(query) for _, query in QUERIES}
    n, signed, arrived = rows["new_signed_projects"], rows["signed_amount"], rows["funds_arrived"]
    start, arrival, visits = rows["contract_to_start_rate"], rows["fund_arrival_rate"], rows["visits"]
    values = {
        "new_signed": (f"{fmt.count(n['value'])} {t('unit.projects')}".strip(), _yoy(n), None),
        "signed_amount": (f"{fmt.yi(signed['value'])} {t('unit.yi')}", _yoy(signed), None),
        "funds_arrived": (f"{fmt.yi(arrived['value'])} {t('unit.yi')}", _yoy(arrived), None),
        "start_rate": (fmt.pct(start["value"], 1), _pp(start),
                       t("kpi.start_rate_detail", started=fmt.count(start["started"]), cohort=fmt.count(start["cohort"]),
                         weighted=fmt.pct(start["value_weighted"], 1))),
        "arrival_rate": (fmt.pct(arrival["value"], 1), _pp(arrival),
                         t("kpi.arrival_rate_detail", arrived=fmt.yi(arrival["arrived_wan"]),
                           contract=fmt.yi(arrival["contract_wan"]))),
        "visits": (f"{fmt.count(visits['value'])} {t('unit.visits')}".strip(), _yoy(visits),
                   t("kpi.visits_detail", inbound=fmt.count(visits["inbound"]), outbound=fmt.count(visits["outbound"]),
                     principal=fmt.count(visits["outbound_principal"]),
                     city_leader=fmt.count(visits["outbound_city_leader"]))),
    }
    if cohort is not None:
        why = cohort.empty_reason(run("rate_cohort_window"))  # the window's first row is the period's
        if int(start["cohort"]) == 0:
            values["start_rate"] = values["start_rate"][:2] + (why,)
        if fmt.yi(arrival["contract_wan"]) == "—":
            values["arrival_rate"] = values["arrival_rate"][:2] + (why,)
    return [Headline(key, query, cohort.rate_label(f"kpi.{key}") if cohort and key in RATES else t(f"kpi.{key}"),
                     *values[key]) for key, query in QUERIES]
