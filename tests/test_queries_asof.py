"""Every figure as of its date (issue 11, section 2): on the as-of store (tests/fixture*.sql plus
tests/asof.sql — a project cancelled after 2023-12-31, one that starts after it, a task closed after
it, a company whose status changed after it) each query gives the answer as it stood at the date,
never today's. Exact rows; see tests/asof.sql for the story of each row."""

import datetime as dt

import pytest

from helpers import PERIOD_COHORT, one, rows
from zsgt.maps import STATUS_THRESHOLDS
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}
TH = dict(STATUS_THRESHOLDS)
END_2023 = dt.date(2023, 12, 31)
Q1_2024 = dt.date(2024, 3, 31)


def at(d: dt.date) -> dict:
    return {"year": d.year, "quarter": None, "as_of": d, **CITY}


# -- a project cancelled after the as-of date (px1 started 2021, cancelled 2024-02-01) ---------------
@pytest.mark.parametrize("d, expected", [
    # at 2023-12-31 px1 operated on steel_ore (weak) and px2 was in the pipeline; both count in invested
    (END_2023, [("steel_ore", 1, 1, "weak", 1300.0), ("steel_smelt", 0, 1, "weak", 0.0),
                ("steel_structure", 2, 0, "weak", 3000.0)]),
    # by 2024-03-31 both were cancelled: steel_ore is missing again
    (Q1_2024, [("steel_ore", 0, 0, "missing", 0.0), ("steel_smelt", 0, 1, "weak", 0.0),
               ("steel_structure", 2, 0, "weak", 3000.0)]),
])
def test_chain_node_status_counts_a_project_cancelled_later_as_operating_then(asof_con, d, expected):
    got = run(asof_con, "chain_node_status", **at(d), chain_id="steel", **TH)
    assert rows(got, ["node_id", "operating_projects", "pipeline_projects", "status", "invested_wan"]) == expected


@pytest.mark.parametrize("d, expected", [
    # steel: 3 weak at 2023-12-31 (steel_ore through px1); open targets: c3 still only contacted then
    (END_2023, [("steel", 0, 3, 0, 1), ("new_energy", 0, 1, 2, 1), ("aluminium", 0, 0, 1, 1)]),
    (Q1_2024, [("steel", 0, 2, 1, 0), ("new_energy", 0, 2, 1, 1), ("aluminium", 0, 1, 0, 1)]),
])
def test_chain_overview_reads_nodes_and_targets_at_the_date(asof_con, d, expected):
    got = run(asof_con, "chain_overview", **at(d), **TH)
    assert rows(got, ["chain_id", "strong", "weak", "missing", "open_targets"]) == expected


def test_chain_node_projects_shows_the_stage_then_and_hides_later_cancellations(asof_con):
    got = run(asof_con, "chain_node_projects", limit=None, offset=0, node_id="steel_ore", **at(END_2023))
    assert rows(got, ["project_id", "stage", "is_operating", "signed_date", "actual_start_date"]) == [
        ("px2", "signed", False, dt.date(2023, 3, 1), None),
        ("px1", "started", True, dt.date(2021, 3, 1), dt.date(2021, 6, 1))]
    assert run(asof_con, "chain_node_projects", limit=None, offset=0, node_id="steel_ore", **at(Q1_2024)).empty


@pytest.mark.parametrize("d, expected", [
    (END_2023, [("jiabei", 3), ("jiaxi", 3)]),  # p1, p3 and px1 (cancelled only in 2024)
    (Q1_2024, [("jiabei", 9), ("jiaxi", 3)]),   # p1, p3 and the seven aluminium projects; px1 cancelled
])
def test_park_land_counts_a_project_cancelled_later_until_it_was(asof_con, d, expected):
    assert rows(run(asof_con, "park_land", **at(d)), ["park_id", "projects"]) == expected


# -- 逾期未开工: a project cancelled after the as-of date was late then -------------------------------
def test_late_projects_lists_a_project_cancelled_later_with_its_stage_then(asof_con):
    got = run(asof_con, "late_projects", **PERIOD_COHORT, **at(END_2023), cohort_only=False, no_open_red=False, limit=50, offset=0)
    # px2: planned 2023-06-01, 213 days late, tx1 open then; p4 (starts 2024-01-10) signed, 152 days
    assert rows(got, ["project_id", "stage", "days_late", "open_red_tasks"]) == [
        ("px2", "signed", 213, 1), ("p4", "signed", 152, 0), ("p5", "procedures", 91, 1)]
    got = run(asof_con, "late_projects", **PERIOD_COHORT, **at(Q1_2024), cohort_only=False, no_open_red=False, limit=50, offset=0)
    assert "px2" not in [r[0] for r in rows(got, ["project_id"])]


def test_pipeline_counts_a_project_cancelled_later_in_its_stage_then(asof_con):
    got = rows(run(asof_con, "pipeline_funnel", **at(END_2023)), ["stage", "projects", "late"])
    assert got == [("lead", 1, 0), ("negotiating", 0, 0), ("signed", 2, 2), ("procedures", 1, 1), ("started", 3, 0),
                   ("operational", 1, 0), ("stalled", 0, 0), ("cancelled", 0, 0)]
    got = rows(run(asof_con, "pipeline_projects", **at(END_2023), stage=None, flag="late", search=None,
                   limit=50, offset=0), ["project_id", "stage_at", "days_in_stage", "is_late"])
    assert got == [("px2", "signed", 305, True), ("p4", "signed", 240, True), ("p5", "procedures", 121, True)]


# -- a project that starts after the as-of date (p4 starts 2024-01-10) -------------------------------
def test_top_projects_show_the_stage_and_arrivals_at_the_as_of_date(con):
    cols = ["project_id", "stage", "funds_arrived_wan"]
    assert rows(run(con, "top_projects", **at(END_2023), limit=3), cols) == [
        ("p4", "signed", 1000.0), ("p3", "started", 1000.0), ("p5", "procedures", 200.0)]
    # the year 2023 read on 2024-03-31: p4 has started and its 2024Q1 arrival (1000) is in, as in the rate
    got = run(con, "top_projects", year=2023, quarter=None, as_of=Q1_2024, **CITY, limit=3)
    assert rows(got, cols) == [("p4", "started", 2000.0), ("p3", "started", 1000.0), ("p5", "procedures", 200.0)]
    rate = one(run(con, "fund_arrival_rate", **PERIOD_COHORT, year=2023, quarter=None, as_of=Q1_2024, **CITY))
    assert rate["arrived_wan"] == sum(r[2] for r in rows(got, cols)) == 3200.0


@pytest.mark.parametrize("query, params, expected", [
    ("company_projects", {"company_id": "c2"}, [("p5", "procedures"), ("p4", "signed"), ("p2", "started")]),
    ("fund_flows", {"year": 2023, "quarter": None, "limit": None, "offset": 0}, [("p2", "started"), ("p5", "procedures")]),
    ("referrer_projects", {"year": 2023, "quarter": None, "limit": None, "offset": 0, "tier_min": [5000.0],
                           "tier_reward": [3.0], "reward_cap_wan": 30.0, "require_started": True}, [("p4", "signed")]),
])
def test_a_project_that_starts_later_reads_signed_at_the_date(con, query, params, expected):
    assert rows(run(con, query, **params, as_of=END_2023, **CITY), ["project_id", "stage"]) == expected


def test_project_detail_shows_the_stage_and_dates_known_at_the_date(con):
    got = one(run(con, "project_detail", project="p4", as_of=END_2023, **CITY))
    assert (got["stage"], got["stage_since"], got["signed_date"], got["actual_start_date"]) == (
        "signed", dt.date(2023, 5, 5), dt.date(2023, 5, 5), None)
    got = one(run(con, "project_detail", project="p4", as_of=Q1_2024, **CITY))
    assert (got["stage"], got["stage_since"], got["actual_start_date"]) == (
        "started", dt.date(2024, 1, 10), dt.date(2024, 1, 10))


def test_assessment_projects_show_the_stage_at_the_date(con):
    got = run(con, "assessment_projects", component=None, limit=None, offset=0, **PERIOD_COHORT, **at(END_2023), department="d1")
    assert rows(got[got["component"] == "contract_to_start_rate"], ["project_id", "stage", "started"]) == [
        ("p4", "signed", False)]


# -- a task closed after the as-of date (tx1 closed 2024-01-15) --------------------------------------
@pytest.mark.parametrize("d, expected", [
    (END_2023, ("overdue", None, 91)),
    (Q1_2024, ("closed_late", dt.date(2024, 1, 15), 106)),
])
def test_supervision_reads_a_task_closed_later_as_open_then(asof_con, d, expected):
    got = run(asof_con, "supervision_tasks", **at(d), show="all", list=None, status=None, project="px2",
              limit=10, offset=0)
    assert rows(got, ["status", "closed_date", "days_overdue"]) == [expected]


def test_overdue_counts_a_task_closed_later_as_open_overdue_then(asof_con):
    got = rows(run(asof_con, "overdue_tasks", **at(END_2023)), ["list", "due_in_period", "overdue", "open_overdue"])
    # red: t1 (open past due), t2 (closed late) and tx1 (closed only in 2024: open past due then);
    # blue: t3 closed on time (t4 is due in 2024)
    assert got == [("blue", 1, 0, 0), ("red", 3, 3, 2)]
    by_dep = run(asof_con, "supervision_by_department", **at(END_2023), list="red")
    assert rows(by_dep, ["department_id", "open_now", "overdue_now", "closed_late"]) == [
        ("d1", 1, 1, 1), ("d2", 1, 1, 0)]


# -- a company whose status changed after the as-of date (c3 signed on 2024-02-20) --------------------
@pytest.mark.parametrize("d, expected", [
    (END_2023, ("contacted", dt.date(2023, 6, 1))),
    (Q1_2024, ("signed", dt.date(2024, 2, 20))),
    (dt.date(2023, 5, 1), ("not_contacted", None)),  # before its first change
    # the day of a change reads the new status, once; the day before, the old one
    (dt.date(2023, 5, 31), ("not_contacted", None)),
    (dt.date(2023, 6, 1), ("contacted", dt.date(2023, 6, 1))),
    (dt.date(2024, 2, 19), ("contacted", dt.date(2023, 6, 1))),
    (dt.date(2024, 2, 20), ("signed", dt.date(2024, 2, 20))),
])
def test_company_profile_reads_the_target_status_at_the_date(asof_con, d, expected):
    got = one(run(asof_con, "company_profile", company_id="c3", as_of=d, **CITY))
    assert (got["status"], got["last_contact_date"]) == expected


def test_chain_node_targets_lists_a_target_signed_later_as_open_then(asof_con):
    got = run(asof_con, "chain_node_targets", limit=None, offset=0, node_id="steel_structure", as_of=END_2023, **CITY)
    assert rows(got, ["company_id", "status", "last_contact_date"]) == [("c3", "contacted", dt.date(2023, 6, 1))]
    assert run(asof_con, "chain_node_targets", limit=None, offset=0, node_id="steel_structure", as_of=Q1_2024, **CITY).empty


def test_target_list_filters_on_the_status_and_contact_at_the_date(asof_con):
    from zsgt.targets import TargetFilter

    def listed(d, **flt):
        got = run(asof_con, "target_list", **CITY, as_of=d, **TargetFilter(**flt).params(), sort="name",
                  limit=None, offset=0)
        return rows(got, ["company_id", "status", "last_contact_date"])

    # c5: visited on 2023-07-01, negotiating on 2023-10-15; c7 dropped 2023-03-01; c4, c6 no history
    assert listed(dt.date(2023, 9, 30)) == [
        ("c5", "visited", dt.date(2023, 7, 1)), ("c3", "contacted", dt.date(2023, 6, 1)),
        ("c7", "dropped", dt.date(2023, 3, 1)), ("c4", "not_contacted", None), ("c6", "visited", dt.date(2022, 12, 1))]
    assert listed(END_2023, statuses=("signed",)) == []
    assert listed(Q1_2024, statuses=("signed",)) == [("c3", "signed", dt.date(2024, 2, 20))]
    assert [r[0] for r in listed(END_2023, contact_after=dt.date(2024, 1, 1))] == []
    count = run(asof_con, "target_count", **CITY, as_of=END_2023, **TargetFilter(statuses=("contacted",)).params())
    assert one(count)["total"] == 1


def test_a_target_without_history_keeps_its_current_status(con):
    # the shared fixture has no target_status_history: every date reads the stored status
    got = one(run(con, "company_profile", company_id="c5", as_of=dt.date(2022, 1, 1), **CITY))
    assert (got["status"], got["last_contact_date"]) == ("negotiating", None)


# -- the concrete bugs of the issue, on the demo store -------------------------------------------------
def test_demo_top_projects_of_2023_read_their_stage_at_the_year_end(demo_con):
    got = run(demo_con, "top_projects", **at(END_2023), limit=100)
    started = demo_con.execute("select count(*) from projects where year(signed_date) = 2023 "
                               "and actual_start_date <= date '2023-12-31'").fetchone()[0]
    assert len(got) == 60
    assert got["stage"].isin(["started", "operational"]).sum() == started == 17


def test_demo_late_projects_never_read_started_or_operational(demo_con):
    got = run(demo_con, "late_projects", **PERIOD_COHORT, **at(END_2023), cohort_only=True, no_open_red=False, limit=500, offset=0)
    assert len(got) > 0
    assert not got["stage"].isin(["started", "operational"]).any()


@pytest.mark.parametrize("d", [END_2023, dt.date(2024, 6, 30)])
def test_demo_top_projects_arrivals_move_with_the_fund_arrival_rate(demo_con, d):
    top = run(demo_con, "top_projects", year=2023, quarter=None, as_of=d, **CITY, limit=100)
    rate = one(run(demo_con, "fund_arrival_rate", **PERIOD_COHORT, year=2023, quarter=None, as_of=d, **CITY))
    assert round(float(top["funds_arrived_wan"].sum()), 2) == rate["arrived_wan"]


def test_project_detail_of_a_project_not_yet_known_has_no_stage_and_no_dates(con):
    # p4 was signed on 2023-05-05: at 2023-01-01 nothing of it was known (the property test found its
    # stage_since leaking through)
    got = one(run(con, "project_detail", project="p4", as_of=dt.date(2023, 1, 1), **CITY))
    assert (got["stage"], got["stage_since"], got["signed_date"], got["planned_start_date"],
            got["actual_start_date"]) == (None, None, None, None, None)


@pytest.mark.parametrize("store, scope, expected", [
    ("con", CITY, (5, 4)),  # no history in the shared fixture: c3, c5, c6, c7 contacted, read as now
    ("asof_con", CITY, (5, 1)),  # tests/asof.sql dates c3, c5 and c7: only c6 is read as now
    ("asof_con", {"scope": "department", "scope_id": "d2"}, (3, 0)),  # c3, c5, c7
    ("con", {"scope": "chain", "scope_id": "steel,aluminium"}, (2, 2)),  # the targets on those chains' companies
])
def test_target_history_coverage_counts_the_contacted_targets_without_history(request, store, scope, expected):
    got = one(run(request.getfixturevalue(store), "target_history_coverage", **scope))
    assert (got["targets"], got["undated"]) == expected


def test_demo_targets_all_have_their_history(demo_con):
    assert one(run(demo_con, "target_history_coverage", **CITY))["undated"] == 0
