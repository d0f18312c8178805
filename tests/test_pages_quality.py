"""The 数据质量 page and the chrome's badge: every check with how many rows fail and the failing rows,
on the clean, broken, demo and damaged stores; the badge on every page of a store failing a check."""

from pathlib import Path

import pytest

from fixture import write_broken_fixture
from helpers import render
from zsgt import checks

ROOT = Path(__file__).resolve().parent.parent
ERRORS = sum(c.severity == "error" for c in checks.CHECKS)


@pytest.fixture(scope="module")
def broken_path(tmp_path_factory):
    return write_broken_fixture(tmp_path_factory.mktemp("broken_pages") / "broken.duckdb")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_clean_store_passes_every_check_and_shows_no_badge(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("data_quality.py", fixture_path, monkeypatch)
    assert not at.exception and not at.error
    n = len(checks.CHECKS)
    assert metrics(at) == {"检查项": str(n), "通过": str(n), "错误（未通过）": "0", "提醒（未通过）": "0"}
    assert at.success[0].value == f"全部 {n} 项检查通过。"
    assert not any("数据质量：" in c.value for c in at.caption)


def test_the_broken_store_lists_each_failing_check_with_its_rows(broken_path, monkeypatch, clear_streamlit_caches):
    at = render("data_quality.py", broken_path, monkeypatch)
    assert not at.exception and not at.error
    n = len(checks.CHECKS)
    assert metrics(at) == {"检查项": str(n), "通过": "0", "错误（未通过）": str(ERRORS),
                           "提醒（未通过）": str(n - ERRORS)}
    table = at.dataframe[0].value
    assert len(table) == n and set(table["failing"]) == {1}
    assert list(table["status"][:ERRORS]) == ["错误"] * ERRORS  # errors first
    first = table.iloc[0]
    assert (first["check"], first["table"]) == ("departments.unique_key", "departments")
    # each failing check opens onto its rows: the signed project without a contract amount is x10
    box = next(e for e in at.expander if "projects.signed_has_contract_amount" in e.label)
    assert "缺少合同金额" in box.markdown[0].value
    assert list(box.dataframe[0].value["project_id"]) == ["x10"]
    assert any(f"数据质量：{ERRORS} 项检查未通过" in c.value for c in at.caption)


def test_the_badge_shows_on_every_page_of_a_failing_store(broken_path, monkeypatch, clear_streamlit_caches):
    at = render("visits.py", broken_path, monkeypatch, period="2023")
    badge = next(c.value for c in at.caption if "数据质量：" in c.value)
    assert f":red-badge[数据质量：{ERRORS} 项检查未通过]" in badge and "(/data_quality?period=2023)" in badge


def test_the_page_in_english_lists_all_checks_on_request(fixture_path, monkeypatch, clear_streamlit_caches):
    at = render("data_quality.py", fixture_path, monkeypatch, lang="en", show="all")
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == len(checks.CHECKS) and set(table["status"]) == {"passes"}
    assert at.title[0].value == "Data quality"


def test_a_truncated_store_gets_the_chinese_message(fixture_path, monkeypatch, tmp_path, clear_streamlit_caches):
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(fixture_path.read_bytes()[:1_000_000])
    at = render("data_quality.py", cut, monkeypatch)
    assert not at.exception
    assert "不完整或已损坏" in at.error[0].value


def test_a_query_failing_on_a_faulty_store_points_to_the_data_quality_page(broken_path, monkeypatch,
                                                                           clear_streamlit_caches):
    # the broken store's quarter 5 cannot be read as a date: the cockpit stops with the query's
    # message in Chinese, and says where the store's faults are listed
    at = render("cockpit.py", broken_path, monkeypatch, period="2023")
    assert not at.exception
    assert "上执行失败" in at.error[0].value and "请在[数据质量](/data_quality?period=2023)页查看并改正" in at.error[0].value
