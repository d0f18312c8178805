"""Every table on every page, as AppTest renders it: no cell reads "None", "nan" or "NaT" (an empty
cell shows "—"), and money follows the one rule of zsgt/fmt.py (万元 with thousands separators in
project lists, 亿元 with two decimals in summaries, the unit in the header)."""

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import render
from zsgt import fmt

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
BAD = {"None", "nan", "NaN", "NaT", "<NA>", "none", "null"}

# views beyond each page's default: a chain's and a department's self-review, a project's detail,
# a quarter, both languages
VIEWS = [(page, {}) for page in PAGES] + [(page, {"period": "2023"}) for page in PAGES] + [
    ("self_review.py", {"chain": "aluminium", "period": "2023Q3"}),
    ("self_review.py", {"department": "commerce", "period": "2023Q3"}),
    ("self_review.py", {"period": "2023Q3"}),
    ("pipeline.py", {"project": "P000001", "period": "2023"}),
    ("supervision.py", {"period": "2023Q3", "lang": "en"}),
    ("targets.py", {"lang": "en"}),
]


def shown_tables(at):
    """(data, column config, columns on screen, placeholder) of every st.dataframe / st.table."""
    for element in list(at.dataframe) + list(at.table):
        proto = element.proto
        data = element.value
        if not isinstance(data, pd.DataFrame):
            continue
        config = json.loads(proto.columns) if getattr(proto, "columns", "") else {}
        order = list(getattr(proto, "column_order", []) or []) or list(data.columns)
        columns = [c for c in order if c in data.columns]
        yield data, config, columns, getattr(proto, "placeholder", "")


def blank_cells(at) -> list[tuple]:
    found = []
    for i, (data, _, columns, placeholder) in enumerate(shown_tables(at)):
        for c in columns:
            col = data[c]
            as_text = col.map(lambda v: v if isinstance(v, str) else None)
            words = int(as_text.isin(BAD).sum())
            missing = int(col.isna().sum())
            if words or (missing and placeholder in ("", "None")):
                found.append((i, c, words, missing, placeholder))
    return found


@pytest.mark.parametrize("page, query", VIEWS, ids=[f"{p}-{'&'.join(f'{k}={v}' for k, v in q.items())}"
                                                    for p, q in VIEWS])
def test_no_table_cell_reads_none(page, query, demo_path, monkeypatch, clear_streamlit_caches):
    at = render(page, demo_path, monkeypatch, **query)
    assert not at.exception, at.exception
    assert blank_cells(at) == []


@pytest.mark.parametrize("page", PAGES)
def test_no_table_cell_reads_none_on_the_fixture_store(page, fixture_path, monkeypatch, clear_streamlit_caches):
    at = render(page, fixture_path, monkeypatch, period="2023")
    assert blank_cells(at) == []


def money_columns(at):
    for data, config, columns, _ in shown_tables(at):
        for c in columns:
            if c.endswith("_wan") or c.endswith("_yi"):
                yield c, config.get(c, {})


@pytest.mark.parametrize("page, query", VIEWS[:len(PAGES)] + VIEWS[2 * len(PAGES):],
                         ids=[f"{p}-{'&'.join(f'{k}={v}' for k, v in q.items())}"
                              for p, q in VIEWS[:len(PAGES)] + VIEWS[2 * len(PAGES):]])
def test_money_columns_follow_one_rule(page, query, demo_path, monkeypatch, clear_streamlit_caches):
    if page == "data_quality.py":
        pytest.skip("shows the failing rows as stored (column names and values untouched), to find the fault")
    at = render(page, demo_path, monkeypatch, **query)
    en = query.get("lang") == "en"
    wrong = []
    for column, cfg in money_columns(at):
        label = cfg.get("label", column)
        fmt_ = cfg.get("type_config", {}).get("format")
        unit = ("¥10k" if en else "万元") if column.endswith("_wan") else ("¥100M" if en else "亿元")
        want = fmt.WAN_FORMAT if column.endswith("_wan") else fmt.YI_FORMAT
        if column == "reward_wan":  # rewards are a few 万元 by tier (≤ 30), shown as set in data/assessment.toml
            want = fmt_
        if unit not in label or fmt_ != want:
            wrong.append((column, label, fmt_))
    assert wrong == []


@pytest.mark.parametrize("value, tied, lang, expected", [
    (2, True, "zh", "并列第 2"), (2, True, "en", "tied 2"), (3, False, "zh", "3"), (None, False, "zh", "—"),
])
def test_rank_text_says_tied(value, tied, lang, expected):
    assert fmt.rank(value, tied, lang) == expected


def test_tied_ranks():
    assert fmt.tied_ranks([1, 2, 2, 4, None]) == [False, True, True, False, False]


@pytest.mark.parametrize("label, unit, expected", [
    ("签约额", "万元", "签约额（万元）"), ("签约额（万元）", "万元", "签约额（万元）"), ("Contract", "¥10k", "Contract (¥10k)"),
])
def test_money_headers_name_their_unit(label, unit, expected):
    assert fmt.with_unit(label, unit) == expected


def test_rate_ranking_says_the_groups_left_out_are_chains_or_departments():
    from zsgt import figures_rates

    groups = pd.DataFrame({"name_zh": ["钢", "铝"], "cohort": [2, 0], "started": [1, 0], "contract_to_start_rate": [0.5, None],
                           "color": ["#111111", "#222222"]})
    notes = [a.text for a in figures_rates.rate_ranking(groups, "contract_to_start_rate", "开工率").layout.annotations]
    assert "另有 1 条产业链在该口径下没有项目，未列出" in notes
    notes = [a.text for a in figures_rates.rate_ranking(groups, "contract_to_start_rate", "开工率",
                                                        group="department").layout.annotations]
    assert "另有 1 个部门在该口径下没有项目，未列出" in notes


def test_self_review_says_a_shared_rank_is_tied(fixture_path, monkeypatch, clear_streamlit_caches):
    # steel's signed amount in 2023 Q3 (0) equals another chain's: they share rank 2 of 3
    at = render("self_review.py", fixture_path, monkeypatch, period="2023Q3", chain="steel")
    assert any("排名 2/3（并列）" in c.value for c in at.caption)


def test_assessment_ranking_says_tied(demo_path, monkeypatch, clear_streamlit_caches):
    at = render("assessment.py", demo_path, monkeypatch, period="2023Q3")
    ranks = list(at.dataframe[0].value["rank"])
    assert all(r.isdigit() or r.startswith("并列第 ") for r in ranks), ranks


# -- every column on a 1280×720 screen (issue 8 item 4): zsgt/fit.py ---------------------------------
def _projects(n_chars: int) -> pd.DataFrame:
    return pd.DataFrame({"name_zh": ["项" * n_chars, "目"], "chain_zh": ["新质生产力和未来产业", "钢"],
                         "signed_date": pd.to_datetime(["2023-01-02", "2023-05-06"]),
                         "contract_amount_wan": [123456.0, 7.0]})


CONFIG = {"name_zh": {"label": "项目"}, "chain_zh": {"label": "产业链"}, "signed_date": {"label": "签约日期"},
          "contract_amount_wan": {"label": "签约额（万元）", "type_config": {"type": "number", "format": "%,.0f"}}}


def test_columns_that_fit_are_as_wide_as_their_widest_cell_or_header():
    from zsgt import fit

    import math

    w = fit.widths(_projects(4), list(CONFIG), CONFIG, room=900)
    assert w == {"name_zh": 4 * 14 + fit.CELL_PAD, "chain_zh": 10 * 14 + fit.CELL_PAD,
                 "signed_date": math.ceil(fit.text_px("2023-12-31") + fit.CELL_PAD),
                 "contract_amount_wan": math.ceil(fit.text_px("签约额（万元）") + fit.HEAD_PAD)}


def test_long_names_give_up_width_so_the_columns_fit_and_numbers_dates_and_headers_are_not_cut():
    from zsgt import fit

    w = fit.widths(_projects(40), list(CONFIG), CONFIG, room=500)
    assert sum(w.values()) <= 500
    assert w["name_zh"] < 40 * 14  # the long name ends in "…"
    assert w["contract_amount_wan"] >= fit.text_px("123,456") + fit.CELL_PAD
    assert w["contract_amount_wan"] >= fit.text_px("签约额（万元）") + fit.HEAD_PAD
    assert w["signed_date"] >= fit.text_px("2023-12-31") + fit.CELL_PAD
    assert w["chain_zh"] >= fit.MIN_TEXT_PX  # a text column keeps six characters


def test_a_width_the_page_sets_is_kept():
    from zsgt import fit

    config = {**CONFIG, "name_zh": {"label": "项目", "width": 250}}
    assert fit.widths(_projects(40), list(config), config, room=500)["name_zh"] == 250


@pytest.mark.parametrize("share, rows, height, selectable, expected", [
    (1.0, 5, None, False, 926), (1.0, 11, None, False, 926 - 16), (1.0, 12, 38 + 35 * 12, False, 926),
    (1.0, 5, None, True, 926 - 40), (0.5, 5, None, False, (926 + 16) / 2 - 16),
])
def test_the_room_a_table_has(share, rows, height, selectable, expected):
    from zsgt import fit

    assert fit.room(share, rows=rows, height=height, selectable=selectable) == expected


def test_every_table_on_a_page_is_fitted(demo_path, monkeypatch, clear_streamlit_caches):
    # the rates page in English: every shown column has a width, together within a full-width table's room
    from zsgt import fit

    at = render("rates.py", demo_path, monkeypatch, period="2023", lang="en")
    tables = list(shown_tables(at))
    assert tables
    for data, config, columns, _ in tables:
        widths = [config.get(c, {}).get("width") for c in columns]
        assert all(isinstance(w, int) for w in widths), (columns, config)
        assert sum(widths) <= fit.PAGE_PX


def test_counts_have_thousands_separators_in_the_headlines():
    """A province's counts run to five and six digits: '35,896 个', '612,796/738,432', not '35896 个'."""
    from zsgt import headline

    row = {"value": 35896, "value_prev": 33000, "yoy": 0.0878, "change_pp": 0.047, "started": 612796,
           "cohort": 738432, "value_weighted": 0.802, "arrived_wan": 1.0, "contract_wan": 2.0, "inbound": 51280,
           "outbound": 51280, "outbound_principal": 7692, "outbound_city_leader": 20512}
    shown = {h.key: h for h in headline.headlines(lambda query: row)}
    assert shown["new_signed"].value == "35,896 个"
    assert "612,796/738,432" in shown["start_rate"].detail
    assert shown["visits"].value == "35,896 次" and "51,280" in shown["visits"].detail and "7,692" in shown["visits"].detail
    assert [fmt.count(v) for v in (0, 999, 1000, None, 2.0)] == ["0", "999", "1,000", "—", "2"]
