"""A store built to the data contract alone works: every page renders on the contract-only fixture
store (the app's own columns empty: chain colours, leaders, pinyin, stage_since, store_info extras)
with no exception and no error box, and chains get their colours from a fixed palette by order."""

from pathlib import Path

import pytest

from fixture import copy_store, write_contract_fixture
from helpers import render, rows
from zsgt import checks, store
from zsgt.store import run

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
CITY = {"scope": "city", "scope_id": None}


@pytest.fixture(scope="module")
def contract_path(tmp_path_factory):
    return write_contract_fixture(tmp_path_factory.mktemp("contract") / "contract.duckdb")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_a_contract_only_store(page, contract_path, monkeypatch, clear_streamlit_caches):
    at = render(ROOT / "pages" / page, contract_path, monkeypatch, period="2023")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_chains_without_colours_take_the_palette_by_sort_order(contract_path):
    con = store.open_store(contract_path)
    try:
        assert rows(run(con, "chains", **CITY), ["chain_id", "sort_order", "color"]) == [
            ("steel", 1, "#4E79A7"), ("new_energy", 2, "#F28E2B"), ("aluminium", 3, "#59A14F")]
        assert [r.check for r in checks.run_checks(con) if r.failing] == []
    finally:
        con.close()


def test_a_colour_that_is_not_a_colour_falls_back_too(fixture_path, tmp_path):
    path = copy_store(fixture_path, tmp_path / "colours.duckdb",
                      "update chains set color = 'blue-ish' where chain_id = 'new_energy'")
    con = store.open_store(path)
    try:
        assert rows(run(con, "chains", **CITY), ["chain_id", "color"]) == [
            ("steel", "#4E79A7"), ("new_energy", "#F28E2B"), ("aluminium", "#A0CBE8")]
    finally:
        con.close()
