"""The self-review opened without a chain: every chain's period against target, rank, lagging
projects and open tasks, each linking to its own review; a department's review is titled as one."""

import pandas as pd
import pytest

from helpers import render, rows
from zsgt import review
from zsgt.store import run

CITY = {"scope": "city", "scope_id": None}


@pytest.mark.parametrize("quarter, expected", [
    # new_energy: p5 signed 2023-05, planned start passed, not started (late); t3 open past due
    (3, [("steel", 0, 0, 0, 0, 0), ("new_energy", 1, 1, 0, 1, 1), ("aluminium", 0, 0, 0, 0, 0)]),
    (None, [("steel", 0, 0, 0, 1, 0), ("new_energy", 2, 2, 0, 1, 1), ("aluminium", 0, 0, 0, 0, 0)]),
])
def test_chain_review_counts_on_the_fixture(con, quarter, expected):
    got = run(con, "chain_review_counts", year=2023, quarter=quarter, as_of=None, **CITY)
    assert rows(got) == expected


def test_chain_review_counts_are_what_each_chains_review_counts(demo_con):
    p = {"year": 2023, "quarter": 3, "as_of": None}
    counts = run(demo_con, "chain_review_counts", **p, **CITY)
    assert len(counts) == 8

    def total(frame):
        return int(frame["total_rows"].iloc[0]) if len(frame) else 0

    for row in counts.itertuples(index=False):
        scope = {"scope": "chain", "scope_id": row.chain_id}
        flagged = {flag: total(run(demo_con, "pipeline_projects", **p, **scope, stage=None, flag=flag, search=None,
                                   limit=1, offset=0)) for flag in ("flagged", "late", "stalled")}
        tasks = {status: total(run(demo_con, "supervision_tasks", **p, **scope, show="current", list=None,
                                   status=status, project=None, limit=1, offset=0)) for status in ("open", "overdue")}
        assert (row.lagging, row.late, row.stalled) == (flagged["flagged"], flagged["late"], flagged["stalled"])
        assert (row.open_tasks, row.overdue_tasks) == (tasks["open"] + tasks["overdue"], tasks["overdue"])


def test_overview_frame_shares_ranks_and_ties():
    summary = pd.DataFrame({"chain_id": ["a", "b", "c"], "signed_amount_wan": [200.0, 100.0, 100.0],
                            "funds_arrived_wan": [50.0, 0.0, 10.0]})
    targets = pd.DataFrame({"target_id": ["a", "a", "b"], "metric": ["signed_amount", "funds_arrived", "signed_amount"],
                            "year_target": [400.0, 100.0, 100.0], "quarter_target": [100.0, 25.0, 50.0]})
    counts = pd.DataFrame({"chain_id": ["a", "b", "c"], "lagging": [1, 0, 2], "late": [1, 0, 2], "stalled": [0, 0, 0],
                           "open_tasks": [3, 0, 1], "overdue_tasks": [1, 0, 0]})
    got = review.overview_frame(summary, targets, counts, is_quarter=True)
    assert rows(got, ["signed_amount_share", "funds_arrived_share"]) == [(2.0, 2.0), (2.0, None), (None, None)]
    assert list(zip(got["rank"], got["tied"])) == [(1, False), (2, True), (2, True)]
    year = review.overview_frame(summary, targets, counts, is_quarter=False)
    assert rows(year, ["signed_amount_share"]) == [(0.5,), (1.0,), (None,)]  # c has no target


def test_self_review_without_a_chain_shows_every_chain_linking_to_its_review(demo_path, demo_con, monkeypatch,
                                                                             clear_streamlit_caches):
    at = render("self_review.py", demo_path, monkeypatch, period="2023Q3")
    assert not at.exception
    assert at.title[0].value == "产业链自查"
    table = at.dataframe[0].value
    assert len(table) == 8
    links = list(table["review"])
    assert links[0].startswith("/self_review?") and "chain=steel" in links[0] and "period=2023Q3" in links[0]
    assert links[0].endswith("#钢")
    counts = run(demo_con, "chain_review_counts", year=2023, quarter=3, as_of=None, **CITY)
    assert list(table["lagging"]) == list(counts["lagging"])
    assert list(table["open_tasks"]) == list(counts["open_tasks"])
    assert sorted(table["rank_text"], key=lambda r: int(r.split()[-1]))[0] in ("1", "并列第 1")
    assert not at.metric  # no single chain's figures until one is opened


def test_the_overview_links_keep_the_language(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("self_review.py", demo_path, monkeypatch, period="2023Q3", lang="en")
    links = list(at.dataframe[0].value["review"])
    assert "lang=en" in links[0] and links[0].endswith("#Steel")


@pytest.mark.parametrize("lang, title", [("zh", "部门自查"), ("en", "Department self-review")])
def test_a_department_scope_is_titled_as_a_department_review(lang, title, demo_path, monkeypatch,
                                                             clear_streamlit_caches):
    at = render("self_review.py", demo_path, monkeypatch, period="2023Q3", department="commerce", lang=lang)
    assert not at.exception
    assert [x.value for x in at.title] == [title]


def test_a_chain_scope_keeps_the_chain_title(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("self_review.py", demo_path, monkeypatch, period="2023Q3", chain="aluminium")
    assert [x.value for x in at.title] == ["产业链自查"]
