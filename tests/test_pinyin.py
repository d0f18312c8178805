"""Company names' pinyin: one definition (zsgt.pinyin), stored by the generator, used by search."""

import sys
from pathlib import Path

import duckdb
import pytest

from fixture import write_fixture
from zsgt.pinyin import fill_company_pinyin, pinyin_many, pinyin_of, pinyin_of_parts, search_terms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "data"))
import generate_demo  # noqa: E402


@pytest.mark.parametrize("name, expected", [
    ("华为技术有限公司", ("huaweijishuyouxiangongsi", "hwjsyxgs")),
    ("宝武铝业科技有限公司", ("baowulvyekejiyouxiangongsi", "bwlykjyxgs")),  # ü is written v
    ("5G新建工程", ("5gxinjiangongcheng", "5gxjgc")),  # Latin and digits kept whole, lowercased
    ("酒泉钢铁（集团）有限责任公司", ("jiuquangangtiejituanyouxianzerengongsi", "jqgtjtyxzrgs")),  # punctuation dropped
    ("", ("", "")),
])
def test_pinyin_of_a_name(name, expected):
    assert pinyin_of(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("很长", "henchang"),        # 长 outside a phrase: its common reading (pypinyin alone: henzhang)
    ("长城", "changcheng"),
    ("董事长", "dongshizhang"),   # in a phrase: the phrase's reading
    ("银行", "yinhang"),
    ("行长", "hangzhang"),
    ("重庆", "chongqing"),
    ("重要", "zhongyao"),
])
def test_polyphonic_characters_follow_the_word(name, expected):
    assert pinyin_of(name)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("华为", ("华为", None)),
    ("  huawei ", ("huawei", "huawei")),
    ("Hua Wei", ("Hua Wei", "huawei")),
    ("HW", ("HW", "hw")),
    ("华为 hw", ("华为 hw", None)),  # with Chinese characters: matched as Chinese only
    ("", (None, None)),
    ("  ", (None, None)),
    ("%_", ("%_", None)),  # nothing Latin left: no pinyin match
    ("100%_", ("100%_", None)),  # other characters than letters and digits: the name, literally
    ("<b>", ("<b>", None)),
    ("A&B", ("A&B", None)),
    ("hw-1", ("hw-1", None)),
    ("5G", ("5G", "5g")),
])
def test_search_terms(text, expected):
    assert search_terms(text) == expected


def test_pinyin_of_parts_is_the_pinyin_of_the_whole_name_for_every_generated_boundary():
    # the generator builds names city + a two-character brand + chain word + suffix, one part at a
    # time (each part read as a word); a polyphone read differently across a boundary would make
    # the stored pinyin wrong
    cities = sorted({c for _, cs in generate_demo.PROVINCES for c in cs} | {"嘉峪关"})
    words = sorted({w for ws in generate_demo.CHAIN_WORDS.values() for w in ws})
    brands = [a + b for a in generate_demo.BRAND_CHARS for b in generate_demo.BRAND_CHARS if a != b]
    wrong = [(c, b) for c in cities for b in brands if pinyin_of_parts([c, b]) != pinyin_of(c + b)]
    wrong += [(b, w) for b in brands for w in words if pinyin_of_parts([b, w]) != pinyin_of(b + w)]
    wrong += [(w, s) for w in words for s in generate_demo.SUFFIXES if pinyin_of_parts([w, s]) != pinyin_of(w + s)]
    assert wrong == []


def test_the_demo_store_holds_the_pinyin_of_every_company_name(demo_con):
    got = demo_con.execute("select name_zh, name_pinyin, name_initials from companies").fetchall()
    assert len(got) == 2000
    assert [r for r in got if (r[1], r[2]) != pinyin_of(r[0])] == []


def test_the_fixture_store_holds_the_pinyin_of_every_company_name(con):
    got = con.execute("select name_zh, name_pinyin, name_initials from companies").fetchall()
    assert [r for r in got if (r[1], r[2]) != pinyin_of(r[0])] == []


def test_fill_company_pinyin_after_an_import(tmp_path):
    path = write_fixture(tmp_path / "imported.duckdb")
    c = duckdb.connect(str(path))
    try:
        c.execute("update companies set name_pinyin = null, name_initials = null where company_id in ('c4', 'c5')")
        assert fill_company_pinyin(c) == 2
        assert fill_company_pinyin(c) == 0
        got = c.execute("select company_id, name_pinyin, name_initials from companies "
                        "where company_id in ('c4', 'c5') order by 1").fetchall()
    finally:
        c.close()
    assert got == [("c4", "huaweijishuyouxiangongsi", "hwjsyxgs"), ("c5", "baowulvyekejiyouxiangongsi", "bwlykjyxgs")]


def test_pinyin_many_equals_pinyin_of_on_every_name_the_generator_can_build(demo_con):
    # the fast path joins per-character readings where no phrase reads a character otherwise
    names = [n for (n,) in demo_con.execute("select name_zh from companies").fetchall()]
    names += [a + b for a in generate_demo.BRAND_CHARS for b in generate_demo.BRAND_CHARS]
    names += ["中国银行嘉峪关分行", "长沙重工机械有限公司", "行走科技", "重庆长安汽车", "5G新建工程", "", "ＡＢＣ（集团）"]
    full, initials = pinyin_many(names)
    assert [n for n, f, i in zip(names, full, initials) if (f, i) != pinyin_of(n)] == []


def test_fill_company_pinyin_reports_progress(tmp_path):
    path = write_fixture(tmp_path / "imported.duckdb")
    c = duckdb.connect(str(path))
    seen = []
    try:
        c.execute("update companies set name_pinyin = null, name_initials = null")
        n = fill_company_pinyin(c, progress=lambda done, total: seen.append((done, total)))
    finally:
        c.close()
    assert seen == [(0, n), (n, n)]
