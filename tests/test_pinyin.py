"""Company names' pinyin: one definition (zsgt.pinyin), stored by the generator, used by search."""

import sys
from pathlib import Path

import duckdb
import pytest

from fixture import write_fixture
from zsgt.pinyin import fill_company_pinyin, pinyin_of, pinyin_of_parts, search_terms

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


@pytest.mark.parametrize("text, expected", [
    ("华为", ("华为", None)),
    ("  huawei ", ("huawei", "huawei")),
    ("Hua Wei", ("Hua Wei", "huawei")),
    ("HW", ("HW", "hw")),
    ("华为 hw", ("华为 hw", None)),  # with Chinese characters: matched as Chinese only
    ("", (None, None)),
    ("  ", (None, None)),
    ("%_", ("%_", None)),  # nothing Latin left: no pinyin match
])
def test_search_terms(text, expected):
    assert search_terms(text) == expected


def test_pinyin_of_parts_is_the_pinyin_of_the_whole_name_for_every_generated_boundary():
    # the generator builds names city + two brand characters + chain word + suffix, one part at a
    # time; a polyphone read differently across a boundary would make the stored pinyin wrong
    cities = sorted({c for _, cs in generate_demo.PROVINCES for c in cs} | {"嘉峪关"})
    words = sorted({w for ws in generate_demo.CHAIN_WORDS.values() for w in ws})
    brand = generate_demo.BRAND_CHARS
    wrong = [(c, a, b) for c in cities for a in brand for b in brand
             if a != b and pinyin_of_parts([c, a, b]) != pinyin_of(c + a + b)]
    wrong += [(a, b, w) for a in brand for b in brand for w in words
              if a != b and pinyin_of_parts([a, b, w]) != pinyin_of(a + b + w)]
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
