"""Pinyin of company names, stored beside them, so staff can search by `huawei` or by `hw` for 华为.

`pinyin_of(name)` is the one definition of what goes into companies.name_pinyin and
companies.name_initials: lowercase toneless pinyin with no spaces, and the first letter of each
syllable; runs of Latin letters and digits are kept whole (lowercased), punctuation is dropped.
The generator and any import compute it here, at write time; queries only compare strings.

Polyphonic characters are read as the word they stand in: the whole name goes to pypinyin at once,
so its phrase dictionary reads 银行 yinhang, 行长 hangzhang, 重庆 chongqing. A character outside any
phrase takes its most common reading, from CC-CEDICT's single-character data (pypinyin-dict, by
pypinyin's author): pypinyin's own defaults put rare readings first for some characters (长 zhang,
so 很长 came out henzhang; with CC-CEDICT's order it is henchang).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pypinyin import lazy_pinyin
from pypinyin_dict.pinyin_data import cc_cedict

cc_cedict.load()  # single characters' default readings, most common first (phrases stay pypinyin's)

_NON_HAN = "\0"  # marks a token pypinyin left as it was (not a Chinese character)
_ALNUM = re.compile(r"[0-9a-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PLAIN = re.compile(r"[0-9A-Za-z\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]*")


@lru_cache(maxsize=1 << 16)
def pinyin_of(text: str) -> tuple[str, str]:
    """'华为技术有限公司' -> ('huaweijishuyouxiangongsi', 'hwjsyxgs')."""
    full: list[str] = []
    initials: list[str] = []
    for token in lazy_pinyin(text or "", errors=lambda chars: [_NON_HAN + chars]):
        if token.startswith(_NON_HAN):
            kept = "".join(_ALNUM.findall(token[1:].lower()))
            full.append(kept)
            initials.append(kept)
        else:
            full.append(token)
            initials.append(token[:1])
    return "".join(full), "".join(initials)


def pinyin_of_parts(parts: Iterable[str]) -> tuple[str, str]:
    """The pinyin of a name built from parts, each part's pinyin cached: for generating many names.

    Equals pinyin_of("".join(parts)) when no polyphonic reading spans two parts (tests check it for
    every name the demo generator can build).
    """
    pieces = [pinyin_of(p) for p in parts]
    return "".join(f for f, _ in pieces), "".join(i for _, i in pieces)


def search_terms(text: str | None) -> tuple[str | None, str | None]:
    """What a search box's text is matched against: (a substring of name_zh, taken literally, and a
    substring of the pinyin or the initials). Text with Chinese characters is matched as Chinese
    only; text of Latin letters, digits and spaces also as pinyin, lowercased with the spaces dropped
    ('Hua Wei' -> 'huawei'); text holding anything else ('A&B', '100%_', '<b>') only literally in
    the name, never as a loose pinyin search."""
    text = (text or "").strip()
    if not text:
        return None, None
    if _CJK.search(text) or not _PLAIN.fullmatch(text):
        return text, None
    latin = "".join(_ALNUM.findall(text.lower()))
    return text, latin or None


def _toneless(reading: str) -> str:
    for marked in "ǖǘǚǜü":
        reading = reading.replace(marked, "v")
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _context_phrases() -> tuple[frozenset[str], frozenset[str], int]:
    """The phrases of pypinyin's dictionary that read some character otherwise than pinyin_of reads
    it alone (银行: 行 háng, not xíng), their first characters, and their longest length."""
    from pypinyin.constants import PHRASES_DICT

    alone: dict[str, str] = {}
    found = set()
    for phrase, readings in PHRASES_DICT.items():
        for ch, reading in zip(phrase, readings):
            if ch not in alone:
                alone[ch] = pinyin_of(ch)[0]
            if _toneless(reading[0]) != alone[ch]:
                found.add(phrase)
                break
    return frozenset(found), frozenset(p[0] for p in found), max(map(len, found), default=0)


def pinyin_many(names: Iterable[str | None], progress=None) -> tuple[list[str], list[str]]:
    """[pinyin_of(n) for n in names], fast: a name in which no phrase of the dictionary reads a
    character otherwise than alone is joined from a per-character cache; any other name goes
    through pinyin_of whole, so phrases read as pinyin_of reads them (tests check equality on every
    demo name). `progress(done, total)` is called every 100,000 names."""
    phrases, starts, longest = _context_phrases()
    names = [n or "" for n in names]
    chars: dict[str, tuple[str, str]] = {}
    full: list[str] = []
    initials: list[str] = []
    total = len(names)
    for i, name in enumerate(names):
        if progress and i % 100_000 == 0:
            progress(i, total)
        context = any(ch in starts and any(name[k:k + n] in phrases for n in range(2, longest + 1))
                      for k, ch in enumerate(name))
        if context:
            f, ini = pinyin_of(name)
        else:
            parts = []
            for ch in name:
                hit = chars.get(ch)
                if hit is None:
                    hit = chars[ch] = pinyin_of(ch)
                parts.append(hit)
            f, ini = "".join(p for p, _ in parts), "".join(q for _, q in parts)
        full.append(f)
        initials.append(ini)
    if progress:
        progress(total, total)
    return full, initials


def fill_company_pinyin(con, progress=None) -> int:
    """Compute the pinyin columns of companies that have none (after an import); returns how many.

    `con` is a writable DuckDB connection (the importer's own, never the dashboard's read-only one).
    `progress(done, total)` is called as it goes.
    """
    todo = con.execute("select company_id, name_zh from companies where name_pinyin is null").df()
    if todo.empty:
        return 0
    full, initials = pinyin_many(todo["name_zh"].tolist(), progress)
    todo["name_pinyin"] = full
    todo["name_initials"] = initials
    con.register("pinyin_todo", todo)
    try:
        con.execute("""
            update companies as c
            set name_pinyin = t.name_pinyin, name_initials = t.name_initials
            from pinyin_todo as t
            where t.company_id = c.company_id
        """)
    finally:
        con.unregister("pinyin_todo")
    return len(todo)
