"""Reading one cell as the store wants it. Each parser takes a column of raw cells and returns the
parsed values and, for the cells it could not read, a Chinese explanation of what to write instead.

Amounts: `1,234.5`, `1234.5万元`, `12.3亿元`, `500元` → 万元. Dates: `2024-03-05`, `2024/3/5`,
`2024.3.5`, `2024年3月5日`, `20240305`, Excel serial numbers, and the dates Excel itself stores.
Full-width digits and punctuation (`１２３，４`) are read as their ASCII forms.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import pandas as pd

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def norm(text: str) -> str:
    """Full-width to half-width, surrounding spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT or v is pd.NA or \
        (isinstance(v, str) and not v.strip())


_AMOUNT = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(万元|万|亿元|亿|元)?$")
_UNITS = {None: 1.0, "万元": 1.0, "万": 1.0, "亿元": 10000.0, "亿": 10000.0, "元": 0.0001}


def amount(v, unit: str | None = None) -> tuple[float | None, str | None]:
    """A sum of money in 万元; a number with no unit of its own is in `unit` (the header's, else 万元)."""
    if isinstance(v, bool):
        return None, "请填写数字金额（单位：万元），例如 1234.5"
    if isinstance(v, (int, float)):
        return round(float(v) * _UNITS[unit], 6), None
    text = norm(str(v)).replace(",", "").replace(" ", "")
    m = _AMOUNT.match(text)
    if not m:
        return None, "请填写数字金额（单位：万元），例如 1234.5、1,234.5、1234.5万元 或 12.3亿元；不要写文字或多个数"
    return round(float(m.group(1)) * _UNITS[m.group(2) or unit], 6), None


_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def number(v) -> tuple[float | None, str | None]:
    if isinstance(v, bool):
        return None, "请填写数字"
    if isinstance(v, (int, float)):
        return float(v), None
    text = norm(str(v)).replace(",", "").replace(" ", "")
    if text.endswith("%") and _NUMBER.match(text[:-1]):
        return float(text[:-1]) / 100, None
    if not _NUMBER.match(text):
        return None, "请填写数字，例如 1234.5（比率可写 0.8 或 80%）"
    return float(text), None


_QUARTER = re.compile(r"^(?:第)?\s*([1-4一二三四])\s*(?:季度|季)?$|^q([1-4])$", re.I)
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}


def integer(v) -> tuple[int | None, str | None]:
    """A whole number; quarters may be written 2、Q2、第2季度、二季度."""
    if isinstance(v, bool):
        return None, "请填写整数"
    if isinstance(v, int):
        return v, None
    if isinstance(v, float):
        return (int(v), None) if v.is_integer() else (None, "请填写整数，不要带小数")
    text = norm(str(v)).replace(" ", "")
    if re.fullmatch(r"[-+]?\d+(\.0+)?", text):
        return int(float(text)), None
    m = _QUARTER.match(text)
    if m:
        d = m.group(1) or m.group(2)
        return _CN_DIGIT.get(d) or int(d), None
    m = re.fullmatch(r"(\d{4})年?", text)
    if m:
        return int(m.group(1)), None
    return None, "请填写整数，例如 2024（年份）或 1–4（季度）"


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_DATE_HINT = "请填写日期，例如 2024-03-05、2024/3/5 或 2024年3月5日"


def date(v) -> tuple[dt.date | None, str | None]:
    if isinstance(v, pd.Timestamp):
        return v.date(), None
    if isinstance(v, dt.datetime):
        return v.date(), None
    if isinstance(v, dt.date):
        return v, None
    if isinstance(v, bool):
        return None, _DATE_HINT
    if isinstance(v, (int, float)):
        return _serial(float(v))
    text = norm(str(v)).replace(" 00:00:00", "")
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
            except ValueError:
                return None, f"“{text}”不是存在的日期（月份 1–12，日期不超过当月天数）；{_DATE_HINT}"
    return None, _DATE_HINT


def _serial(n: float) -> tuple[dt.date | None, str | None]:
    """An Excel serial day number (1900 date system) — plausible ones only (1982–2064)."""
    if 30000 <= n <= 60000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(n)), None
    return None, _DATE_HINT + "（数字只接受 Excel 日期序号）"


_TRUE = {"是", "y", "yes", "true", "1", "本地", "√", "✓", "t"}
_FALSE = {"否", "n", "no", "false", "0", "外地", "非本地", "×", "f"}


def boolean(v) -> tuple[bool | None, str | None]:
    if isinstance(v, bool):
        return v, None
    if isinstance(v, (int, float)) and v in (0, 1):
        return bool(v), None
    text = norm(str(v)).lower()
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    return None, "请填写“是”或“否”"


def text(v) -> tuple[str | None, str | None]:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        v = v.date()
    return str(v).strip(), None


def code(v) -> str:
    """A code cell as text: numbers without '.0', full-width folded, spaces dropped."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return norm(str(v))


PARSERS = {"amount": amount, "number": number, "int": integer, "date": date, "bool": boolean, "text": text}


def parse_column(values: pd.Series, kind: str, **options) -> tuple[pd.Series, pd.Series]:
    """(parsed values, problem or None) for a column of raw cells; blanks give (None, None).
    Cells already of the right type, and plain numbers written as text, skip the slow path."""
    parser = PARSERS[kind]
    out = [None] * len(values)
    problems = [None] * len(values)
    cache: dict = {}
    for i, v in enumerate(values.tolist()):
        if is_blank(v):
            continue
        key = (type(v), v) if not isinstance(v, (dt.date, pd.Timestamp)) else None
        if key is not None and key in cache:
            out[i], problems[i] = cache[key]
            continue
        result = parser(v, **options)
        if key is not None:
            cache[key] = result
        out[i], problems[i] = result
    return pd.Series(out, index=values.index, dtype=object), pd.Series(problems, index=values.index, dtype=object)
