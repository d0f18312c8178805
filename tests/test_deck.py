"""The meeting deck (zsgt/deck.py): a 16:9 PPTX built from the named queries, native charts, Chinese
typefaces on every run, definitions in the notes; and its command line."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from zsgt import deck, fmt, store
from zsgt.cohort import PERIOD
from zsgt.period import Period, Scope

ROOT = Path(__file__).resolve().parent.parent
# the period cohort: the fixture's hand-computed rates (test_pages.py's cockpit checks the same)
SPEC_2023 = deck.DeckSpec(Period(2023), dt.date(2023, 12, 31), cohort=PERIOD)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def city_deck(con):
    steps = []
    data = deck.build(con, SPEC_2023, progress=lambda f, text: steps.append((f, text)))
    return Presentation(io.BytesIO(data)), steps


@pytest.fixture(scope="module")
def chain_deck(con):
    return Presentation(io.BytesIO(deck.build(con, deck.DeckSpec(Period(2023), dt.date(2023, 12, 31),
                                                                 Scope("chain", "steel")))))


def title_of(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "Title")


def texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


def test_the_deck_is_16_9(city_deck):
    prs, _ = city_deck
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))


def test_city_deck_has_seven_slides_and_one_per_chain(city_deck, con):
    prs, _ = city_deck
    chains = store.run(con, "chains", scope="city", scope_id=None)
    assert len(prs.slides) == 7 + len(chains) == deck.slide_count(len(chains), Scope())


def test_slide_titles(city_deck):
    prs, _ = city_deck
    titles = [title_of(s) for s in prs.slides]
    assert titles == [
        "嘉峪关市招商引资工作会议材料\n2023年 · 全市\n数据截至 2023-12-31",
        "2023年核心指标（全市）",
        "近三年各季度签约额与到位资金",
        "2023年各产业链签约额与到位资金",
        "2023年各产业链开工率与资金到位率（当期签约口径）",
        "督办任务逾期情况：当前逾期的红单任务",
        "2023年签约额最大的项目",
        "钢产业链：2023年目标完成与短板",
        "新能源产业链：2023年目标完成与短板",
        "铝产业链：2023年目标完成与短板",
    ]


def test_chain_deck_has_one_chain_slide(chain_deck):
    titles = [title_of(s) for s in chain_deck.slides]
    assert len(titles) == 8
    assert titles[1] == "2023年核心指标（钢产业链）"
    assert titles[-1] == "钢产业链：2023年目标完成与短板"


def test_department_deck_reviews_the_department(con):
    prs = Presentation(io.BytesIO(deck.build(con, deck.DeckSpec(Period(2023), dt.date(2023, 12, 31),
                                                                Scope("department", "d2")))))
    assert len(prs.slides) == 8
    assert title_of(prs.slides[-1]) == "市工业和信息化局：2023年目标完成与短板"


def test_every_slide_has_the_footer(city_deck):
    prs, _ = city_deck
    for slide in prs.slides:
        footer = next(s.text_frame.text for s in slide.shapes if s.name == "Footer")
        assert footer == "数据截至 2023-12-31 · 来源：招商图谱"  # the fixture store is not demo data


def test_the_by_chain_chart_is_native_and_holds_the_querys_rows(city_deck, con):
    prs, _ = city_deck
    charts = [s.chart for s in prs.slides[3].shapes if s.has_chart]
    assert len(charts) == 2
    rows = store.run(con, "chain_summary", **SPEC_2023.params())
    for chart, col in zip(charts, ["signed_amount_wan", "funds_arrived_wan"]):
        plot = chart.plots[0]
        assert list(plot.categories) == list(rows["name_zh"])
        assert list(plot.series[0].values) == pytest.approx([float(v) / 10_000 for v in rows[col]])


def test_the_trend_chart_holds_the_quarterly_trend(city_deck, con):
    prs, _ = city_deck
    chart = next(s.chart for s in prs.slides[2].shapes if s.has_chart)
    rows = store.run(con, "quarterly_trend", **SPEC_2023.params())
    assert list(chart.plots[0].categories) == list(rows["label"])
    signed, arrived = chart.plots[0].series
    assert list(signed.values) == pytest.approx([float(v) / 10_000 for v in rows["signed_amount_wan"]])
    assert list(arrived.values) == pytest.approx([float(v) / 10_000 for v in rows["funds_arrived_wan"]])


def test_the_kpi_slide_shows_the_metric_queries_values(city_deck, con):
    prs, _ = city_deck
    text = texts(prs.slides[1])
    p = SPEC_2023.params()
    one = {name: store.run(con, name, **p).iloc[0] for name in
           ("new_signed_projects", "signed_amount", "funds_arrived", "contract_to_start_rate", "fund_arrival_rate",
            "visits")}
    expected = [f"{int(one['new_signed_projects']['value'])} 个", f"{fmt.yi(one['signed_amount']['value'])} 亿元",
                f"{fmt.yi(one['funds_arrived']['value'])} 亿元", fmt.pct(one["contract_to_start_rate"]["value"], 1),
                fmt.pct(one["fund_arrival_rate"]["value"], 1), f"{int(one['visits']['value'])} 次"]
    # the fixture's hand-computed figures (test_pages.py checks the cockpit shows the same)
    assert expected[1:5] == ["0.80 亿元", "0.35 亿元", "33.3%", "27.5%"]
    for value in expected:
        assert value in text.split("\n"), value


def test_every_run_with_chinese_names_an_east_asian_typeface(city_deck):
    prs, _ = city_deck
    checked = 0
    for slide in prs.slides:
        parts = [slide.shapes._spTree] + [s.chart._chartSpace for s in slide.shapes if s.has_chart]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.shapes._spTree)
        for part in parts:
            for r in part.iter(qn("a:r")):
                text = r.findtext(qn("a:t")) or ""
                if CJK.search(text):
                    rpr = r.find(qn("a:rPr"))
                    assert rpr is not None and rpr.get("lang") == "zh-CN", text
                    ea = rpr.find(qn("a:ea"))
                    assert ea is not None and ea.get("typeface") == deck.EA_FONT, text
                    checked += 1
    assert checked > 200


def test_notes_hold_the_definitions(city_deck):
    prs, _ = city_deck
    kpi_notes = prs.slides[1].notes_slide.notes_text_frame.text
    for name in ("new_signed_projects", "signed_amount", "funds_arrived", "contract_to_start_rate",
                 "fund_arrival_rate", "visits"):
        assert " ".join(store.load_query(name).doc.split("\n")) in kpi_notes, name
    for slide in list(prs.slides)[1:]:
        assert "指标口径" in slide.notes_slide.notes_text_frame.text


def test_a_chain_slide_states_the_self_review_facts(city_deck, con):
    from zsgt import review

    prs, _ = city_deck
    rv = review.gather(lambda name, **p: store.run(con, name, **p), SPEC_2023.period, SPEC_2023.as_of,
                       Scope("chain", "steel"), store.run(con, "chains", scope="city", scope_id=None))
    slide = prs.slides[7]
    text = texts(slide)
    assert f"滞后项目 {rv.lagging} 个" in text
    assert review.summary(rv.facts("钢产业链", "2023年")) in slide.notes_slide.notes_text_frame.text
    assert any(s.shape_type == 13 for s in slide.shapes)  # the chain diagram, a picture


def test_progress_is_reported_up_to_done(city_deck):
    _, steps = city_deck
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1.0
    assert len(steps) == 7 + 3 + 1


def run_cli(*args, db):
    return subprocess.run([sys.executable, "-m", "zsgt.deck", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "ZSGT_DB": str(db)}, timeout=300)


@pytest.mark.parametrize("args, message", [
    (["--scope", "city", "--out", "x.pptx"], "请用 --period 指定统计期"),
    (["--period", "1999", "--out", "x.pptx"], "统计期 1999 无效"),
    (["--period", "2023", "--scope", "chain:gold", "--out", "x.pptx"], "范围 chain:gold 无效"),
    (["--period", "2023", "--as-of", "2023-13-01", "--out", "x.pptx"], "不是 YYYY-MM-DD"),
    (["--period", "2023", "--as-of", "2022-12-31", "--out", "x.pptx"], "不在 2023-01-01 至"),
    (["--period", "2023", "--out", "x.ppt"], "应以 .pptx 结尾"),
    (["--period", "2023", "--bogus"], "命令行参数有误"),
])
def test_cli_rejects_a_bad_argument_in_chinese(args, message, fixture_path, tmp_path):
    result = run_cli(*args, db=fixture_path)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_cli_writes_the_deck(fixture_path, tmp_path):
    out = tmp_path / "会议材料.pptx"
    result = run_cli("--period", "2023Q4", "--scope", "chain:steel", "--as-of", "2023-12-31", "--out", str(out),
                     db=fixture_path)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == 8
    assert title_of(prs.slides[-1]) == "钢产业链：2023年第4季度目标完成与短板"


# -- the button on the cockpit and the self-review page (AppTest) -------------------------------------
def deck_downloads(at) -> list[str]:
    return [b.label for b in at.get("download_button") if b.label.endswith(".pptx")]


def test_the_cockpits_button_builds_the_city_deck(fixture_path, monkeypatch, clear_streamlit_caches):
    from helpers import render

    at = render("cockpit.py", fixture_path, monkeypatch, period="2023")
    assert deck_downloads(at) == []  # nothing is built before the click
    at.button(key="deck_build").click().run()
    assert not at.exception, at.exception
    assert deck_downloads(at) == ["下载 会议材料_全市_2023.pptx"]


def test_the_self_review_button_builds_its_chains_deck(fixture_path, monkeypatch, clear_streamlit_caches):
    from helpers import render

    at = render("self_review.py", fixture_path, monkeypatch, period="2023", chain="steel")
    at.button(key="deck_build").click().run()
    assert not at.exception, at.exception
    assert deck_downloads(at) == ["下载 会议材料_钢产业链_2023.pptx"]


def test_an_english_deck_has_no_chinese_unit_words(con):
    from zsgt import i18n

    token = i18n._lang.set("en")
    try:
        prs = Presentation(io.BytesIO(deck.build(con, SPEC_2023)))
    finally:
        i18n._lang.reset(token)
    assert title_of(prs.slides[1]) == "Headline figures, 2023 (Whole city)"
    kpi = texts(prs.slides[1]).split("\n")
    assert "0.80 ¥100M" in kpi
    assert not any(line.endswith(("个", "次")) for line in kpi)  # "" is English for 个, not a missing translation


def test_the_deck_names_the_rates_cohort(con):
    # the default cohort of data/rates.toml (cumulative since 2021): 2023's rates are 3/5 and 4300/12000
    prs = Presentation(io.BytesIO(deck.build(con, deck.DeckSpec(Period(2023), dt.date(2023, 12, 31)))))
    kpi = texts(prs.slides[1]).split("\n")
    assert "签约项目开工率（2021年以来累计口径）" in kpi and "60.0%" in kpi and "35.8%" in kpi
    assert "2023年各产业链开工率与资金到位率（2021年以来累计口径）" in [title_of(s) for s in prs.slides]


def test_the_deck_command_takes_a_cohort(tmp_path, fixture_path):
    out = tmp_path / "deck.pptx"
    done = run_cli("--period", "2023", "--cohort", "period", "--out", str(out), db=fixture_path)
    assert done.returncode == 0, done.stderr
    assert "签约项目开工率（当期签约口径）" in texts(Presentation(str(out)).slides[1]).split("\n")
