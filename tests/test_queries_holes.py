"""The holes of issue 11 closed at their root, exact rows: fund backing is read from fund_investments
everywhere (not projects.fund_id); a project backed by two funds counts once in the funds' leverage;
the self-review's late count is the pipeline's (is_late_to_start), also for a project both late and
stalled. Signed projects without a contract amount and repeated targets are refused by the schema
and caught by the checks (tests/test_checks.py)."""

from __future__ import annotations

import pytest

from fixture import copy_store
from helpers import PERIOD_COHORT, rows
from zsgt import review, store
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}
Y2023 = {"year": 2023, "quarter": None, "as_of": None}


@pytest.fixture(scope="module")
def backed_con(fixture_path, tmp_path_factory):
    """The fixture plus a second guidance fund f2 investing 100 in p2 (beside f1's 300), the special
    fund's subsidy of 30 in p2, and f1 investing 200 in p3 — p3's projects.fund_id stays null."""
    path = copy_store(fixture_path, tmp_path_factory.mktemp("backed") / "backed.duckdb",
                      "insert into funds values ('f2', '产业投资基金', 'industry', 5000.00, 100.00)",
                      "insert into fund_investments values ('f2', 'p2', 100.00, '2023-02-01'), "
                      "('special', 'p2', 30.00, '2023-03-01'), ('f1', 'p3', 200.00, '2023-06-01')")
    c = store.open_store(path)
    yield c
    c.close()


def test_project_detail_reads_fund_backing_from_fund_investments(backed_con):
    detail = lambda pid, as_of: run(backed_con, "project_detail", project=pid, as_of=as_of, **CITY)  # noqa: E731
    cols = ["project_id", "fund_id", "fund_zh", "fund_kind", "fund_invested_wan"]
    # p3 has no projects.fund_id, yet f1 invested 200 on 2023-06-01
    assert rows(detail("p3", "2023-12-31"), cols) == [("p3", "f1", "产业发展引导基金", "guidance", 200.0)]
    assert rows(detail("p3", "2023-05-31"), cols) == [("p3", None, None, None, None)]
    # p2: every fund invested by the date, largest first
    assert rows(detail("p2", "2023-12-31"), cols) == [
        ("p2", "f1、f2、special", "产业发展引导基金、产业投资基金、招商引资产业扶持专项资金",
         "guidance、industry、special", 430.0)]


def test_chain_node_and_company_lists_read_the_same_fund_backing(backed_con):
    node = run(backed_con, "chain_node_projects", limit=None, offset=0, node_id="steel_structure", **Y2023, **CITY)
    assert rows(node, ["project_id", "fund_zh"]) == [("p3", "产业发展引导基金"), ("p1", None)]
    company = run(backed_con, "company_projects", company_id="c3", as_of="2023-12-31", **CITY)
    assert rows(company, ["project_id", "fund_wan", "funds_zh"]) == [("p3", 200.0, "产业发展引导基金")]


def test_a_project_backed_by_two_funds_counts_once_in_their_leverage(backed_con):
    # p2 (contract 3000) is shared by f1 300 and f2 100: 2250 and 750; p3 (2000) is f1's alone. The
    # special fund's 30 in p2 is a subsidy, shared apart: it backs p2's 3000 plus p5's 1000.
    got = run(backed_con, "fund_overview", **Y2023, **CITY)
    assert rows(got, ["fund_id", "invested_wan", "projects", "backed_contract_wan", "leverage"]) == [
        ("f1", 500.0, 2, 4250.0, 8.5),
        ("f2", 100.0, 1, 750.0, 7.5),
        ("special", 80.0, 2, 4000.0, None),
    ]
    stakes = got[got["kind"] != "special"]
    assert float(stakes["backed_contract_wan"].astype(float).sum()) == 3000 + 2000  # p2 and p3, once each


def test_late_count_is_the_pipelines_also_for_a_project_late_and_stalled(con):
    # aluminium at 2024-06-30: pa3 (planned 2024-03-10), pa5 (planned 2024-04-01, stalled since
    # 2024-05-15) and pa7 (planned 2024-05-01, starts 2024-08-15) are late; pa5 is also stalled.
    # "flagged − stalled" (the old self-review count) said 2.
    at = {"year": 2024, "quarter": 2, "as_of": "2024-06-30", "scope": "chain", "scope_id": "aluminium",
          "stage": None, "search": None, "limit": 50, "offset": 0}
    late = run(con, "pipeline_projects", **at, flag="late")
    stalled = run(con, "pipeline_projects", **at, flag="stalled")
    flagged = run(con, "pipeline_projects", **at, flag="flagged")
    assert sorted(late["project_id"]) == ["pa3", "pa5", "pa7"]
    assert list(stalled["project_id"]) == ["pa5"]
    assert (len(flagged), len(flagged) - len(stalled)) == (3, 2)
    late_projects = run(con, "late_projects", **PERIOD_COHORT, **{k: at[k] for k in ("year", "quarter", "as_of", "scope", "scope_id")},
                        cohort_only=False, no_open_red=False, limit=50, offset=0)
    assert sorted(late_projects["project_id"]) == sorted(late["project_id"])


def test_summary_counts_a_late_and_stalled_project_once():
    facts = review.ReviewFacts(subject="铝产业链", period="2024年第2季度", group_word="条产业链", figures={},
                               late=3, stalled=1, lagging=3)
    assert "滞后项目 3 个（逾期未开工 3 个、停滞 1 个，其中 1 个既逾期又停滞）" in review.summary(facts)
