"""Every list exports (CSV and Excel, through ui.export_buttons) the rows the screen counts, with the
same filters; the visits page lists its visits (visit_list)."""

import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import render, rows
from zsgt import export
from zsgt.store import run

ROOT = Path(__file__).resolve().parent.parent
CITY = {"scope": "city", "scope_id": None}


# -- visit_list ----------------------------------------------------------------------------------
def test_visit_list_is_the_visits_of_the_period_latest_first(con):
    got = run(con, "visit_list", year=2023, quarter=None, as_of=None, **CITY, direction=None, leader_level=None,
              limit=None, offset=0)
    assert rows(got, ["activity_id", "activity_date", "direction", "leader_level", "department_id", "counterpart",
                      "chain_id", "total_rows"]) == [
        ("a3", dt.date(2023, 9, 1), "outbound", "principal", "d1", "华为技术有限公司", "new_energy", 3),
        ("a2", dt.date(2023, 6, 1), "inbound", "department", "d2", "河北文丰钢铁有限公司", "steel", 3),
        ("a1", dt.date(2023, 3, 1), "inbound", "city_leader", "d1", "宁夏舍光新能源有限公司", "new_energy", 3)]


@pytest.mark.parametrize("params, expected", [
    ({"direction": "inbound"}, ["a2", "a1"]),
    ({"leader_level": "principal"}, ["a3"]),
    ({"as_of": dt.date(2023, 6, 30)}, ["a2", "a1"]),        # read up to the as-of date
    ({"scope": "chain", "scope_id": "steel"}, ["a2"]),
    ({"scope": "department", "scope_id": "d1"}, ["a3", "a1"]),
    ({"limit": 1, "offset": 1}, ["a2"]),
])
def test_visit_list_filters_scope_and_pages(con, params, expected):
    p = {"year": 2023, "quarter": None, "as_of": None, **CITY, "direction": None, "leader_level": None,
         "limit": None, "offset": 0, **params}
    assert [r[0] for r in rows(run(con, "visit_list", **p), ["activity_id"])] == expected


def test_visit_list_adds_up_to_the_visits_figure_on_the_demo_store(demo_con):
    p = {"year": 2023, "quarter": None, "as_of": None, **CITY}
    listed = run(demo_con, "visit_list", **p, direction=None, leader_level=None, limit=1, offset=0)
    assert int(listed["total_rows"].iloc[0]) == int(run(demo_con, "visits", **p)["value"].iloc[0]) == 162


# -- every list's export holds the rows the screen counts ---------------------------------------
def texts(at) -> str:
    return "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown])


def shown_count(pattern):
    return lambda at: int(re.search(pattern, texts(at)).group(1).replace(",", ""))


def table_rows(i):
    return lambda at: len(at.dataframe[i].value)


LISTS = [  # page, URL, export key, the count the screen shows
    ("supervision.py", {"period": "2023Q3"}, "supervision_tasks_export", shown_count(r"任务共 (\d+) 项")),
    ("supervision.py", {"period": "2023Q3"}, "supervision_cands_export", shown_count(r"没有在办红单任务。共 (\d+) 个")),
    ("self_review.py", {"period": "2023Q3", "chain": "aluminium"}, "review_lagging_export",
     shown_count(r"共 (\d+) 个：逾期未开工")),
    ("self_review.py", {"period": "2023Q3", "chain": "aluminium"}, "review_tasks_export",
     shown_count(r"未办结 (\d+) 项")),
    ("rates.py", {"period": "2023"}, "rates_late_export", shown_count(r"按逾期天数排序。共 (\d+) 个")),
    ("rates.py", {"period": "2023"}, "rates_low_export", shown_count(r"按到位比例从低到高。共 (\d+) 个")),
    ("assessment.py", {"period": "2023Q3"}, "assess_scores_export", table_rows(0)),
    ("assessment.py", {"period": "2023Q3"}, "assess_explain_export", table_rows(1)),
    ("incentives.py", {"period": "2023"}, "incent_rewards_export", table_rows(0)),
    ("visits.py", {"period": "2023"}, "visits_export", shown_count(r"走访共 (\d+) 次")),
    ("opportunities.py", {}, "opp_export", shown_count(r"共 \*\*(\d+)\*\* 个投资机会")),
    ("targets.py", {"period": "2023"}, "tg_export", shown_count(r"共 ([\d,]+) 家企业符合条件")),
]


def exported(at, key):
    table = at.session_state["_exports"][key]()
    frames = [table] if hasattr(table, "columns") else list(table)
    return frames


@pytest.mark.parametrize("page, query, key, count", LISTS, ids=[k for _, _, k, _ in LISTS])
def test_every_list_exports_the_rows_the_screen_counts(page, query, key, count, demo_path, monkeypatch,
                                                       clear_streamlit_caches):
    at = render(page, demo_path, monkeypatch, **query)
    assert not at.exception, at.exception
    frames = exported(at, key)
    n = sum(len(f) for f in frames)
    assert n == count(at) and n > 0
    # both files are written from it: a CSV of n rows and a header, a workbook that opens
    csv = export.csv_bytes(frames).decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == n + 1
    assert export.xlsx_bytes(frames, "list")[:2] == b"PK"
    buttons = [b.label for b in at.get("download_button")]
    assert "导出 CSV" in buttons and "导出 Excel" in buttons


def test_a_list_exports_with_the_filters_on_screen(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("visits.py", demo_path, monkeypatch, period="2023")
    box = next(s for s in at.selectbox if s.label == "方向")
    box.select("outbound").run()
    frames = exported(at, "visits_export")
    assert sum(len(f) for f in frames) == shown_count(r"走访共 (\d+) 次")(at) == 77
    assert set(frames[0]["方向"]) == {"走出去"}


def test_an_export_is_in_the_readers_language(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("visits.py", demo_path, monkeypatch, period="2023", lang="en")
    frame = exported(at, "visits_export")[0]
    assert list(frame.columns) == ["Date", "Direction", "Led by", "Department", "Met with", "Chain"]
    assert set(frame["Direction"]) == {"Inbound", "Outbound"}
