"""Column widths that keep every column of a table on screen (issue 8 item 4): at 1280×720 beside the
sidebar a full-width table has about 930 px, and st.dataframe scrolls sideways (hiding the right-hand
columns) once its columns are wider than that. Pure functions, no Streamlit: `ui.table` and
`ui.project_table` call `widths` for every table of the app.

The rule: each column is as wide as its header and its widest cell, as the browser lays them out in
the tables' 14 px font; when the columns together are wider than the room, the text columns (names,
places, notes) give up width — down to their header, or 6 characters — and their longer cells end
in "…" (the full text shows on click and in the export). Numbers, dates and headers are never cut.
When the columns are narrower than the room, Streamlit shares out the rest evenly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import pandas as pd

# px a full-width table has at 1280×720 beside the sidebar (930 measured in Chromium, less its border);
# a table in st.columns gets its share of it; a table taller than its box gives room to a scrollbar
PAGE_PX = 926
SCROLLBAR_PX = 16
COLUMN_GAP_PX = 16  # between st.columns (gap "small")
WRAP_ROW_PX = 66  # a row height at which st.dataframe wraps text (over 4rem): three lines of 14 px
ROW_PX, HEADER_PX = 35, 38  # st.dataframe's row and header heights
AUTO_ROWS = 10  # st.dataframe's automatic height shows ten rows, then scrolls
CELL_PAD = 18   # glide's 8 px padding either side of a cell, and a little
HEAD_PAD = 30   # the same for a header, and its menu mark
ROW_MARKER_PX = 40  # the selection column of a table whose rows can be picked
MIN_TEXT_PX = 6 * 14 + CELL_PAD  # a text column cut short keeps six Chinese characters
_SIZES = {"small": 75, "medium": 200, "large": 400}


def text_px(text: str) -> float:
    """The width of `text` in px in the tables' 14 px Source Sans, CJK in Noto Sans CJK (as Chromium
    measures them: a Chinese character 14 px, a digit 7, a capital 8.2, a small letter about 6.6)."""
    w = 0.0
    for ch in str(text):
        if unicodedata.east_asian_width(ch) in "WF":
            w += 14.0
        elif ch.isdigit():
            w += 7.0
        elif ch.isupper():
            w += 8.2
        elif ch == " ":
            w += 2.8
        elif ch in ".,:;'|!ilj()[]":
            w += 3.8
        else:
            w += 6.8
    return w


def _printf(fmt_: str, v) -> str:
    """A value as Streamlit's printf-style number format shows it ('%,.2f', '%.1f', '%d')."""
    m = re.fullmatch(r"%(,?)\.?(\d*)([dfi])", fmt_ or "")
    if not m:
        return f"{v:,.2f}" if isinstance(v, float) else str(v)
    comma, digits, kind = m.groups()
    spec = ("," if comma else "") + ("." + (digits or "0") + "f" if kind == "f" else "d")
    return format(round(v) if kind in "di" else float(v), spec)


def _cells(values: pd.Series, cfg: dict) -> list[str]:
    """The texts a column shows, as far as its width goes (its longest ones)."""
    tc = cfg.get("type_config") or {}
    kind = tc.get("type")
    if kind == "link" and tc.get("display_text"):
        shown = tc["display_text"]
        if "(" not in shown:
            return [shown]
        # a pattern: the link shows what its group captures of the URL
        values = values.dropna().astype(str).map(lambda v: (m := re.search(shown, v)) and m.group(1) or v)
        kind = "text"
    if kind == "checkbox" or pd.api.types.is_bool_dtype(values):
        return ["✓✓"]
    present = values.dropna()
    if present.empty:
        return ["—"]
    if kind in ("date", "datetime") or pd.api.types.is_datetime64_any_dtype(values) or \
            present.head(5).map(lambda v: isinstance(v, dt.date)).all():
        return ["2023-12-31" + (" 00:00" if kind == "datetime" else "")]
    if pd.api.types.is_numeric_dtype(present) or kind == "number":
        numbers = pd.to_numeric(present, errors="coerce").dropna()
        if numbers.empty:
            return ["—"]
        # the widest formatted number: the largest and the smallest (a minus sign)
        return [_printf(tc.get("format"), v) for v in (numbers.max(), numbers.min())]
    texts = present.astype(str)
    return list(texts[texts.str.len() >= texts.str.len().max() - 2].head(20))


def _is_text(values: pd.Series, cfg: dict) -> bool:
    tc = cfg.get("type_config") or {}
    kind = tc.get("type")
    if kind == "link":
        return "(" in (tc.get("display_text") or "")  # a link showing a name from its URL
    if kind in ("number", "date", "datetime", "link", "checkbox", "progress"):
        return False
    present = values.dropna()
    return not (pd.api.types.is_numeric_dtype(present) or pd.api.types.is_bool_dtype(values)
                or pd.api.types.is_datetime64_any_dtype(values)
                or (not present.empty and present.head(5).map(lambda v: isinstance(v, dt.date)).all()))


def widths(data: pd.DataFrame, columns: list[str], config: dict, *, room: float = PAGE_PX) -> dict[str, int]:
    """Each shown column's width in px, so that together they fit `room` px where they can (see the
    module's rule). `config` maps a column to its st.column_config dict (with label and width); a
    width a page set itself is kept."""
    need, floor, text = {}, {}, []
    for col in columns:
        cfg = config.get(col) or {}
        head = text_px(cfg.get("label") or col) + HEAD_PAD
        set_ = cfg.get("width")
        if set_ is not None and not (isinstance(set_, str) and set_ not in _SIZES):
            need[col] = floor[col] = _SIZES.get(set_, set_) if isinstance(set_, str) else int(set_)
            continue
        cells = max((text_px(s) for s in _cells(data[col], cfg)), default=0) + CELL_PAD
        need[col] = max(head, cells, 48)
        floor[col] = need[col]
        if _is_text(data[col], cfg):
            floor[col] = max(head, min(need[col], MIN_TEXT_PX))
            text.append(col)
    over = sum(need.values()) - room
    give = sum(need[c] - floor[c] for c in text)
    if over > 0 and give > 0:
        # the text columns give up width in proportion to what they can give
        share = min(1.0, over / give)
        for c in text:
            need[c] -= (need[c] - floor[c]) * share
        return {c: int(math.floor(w)) if c in text else int(math.ceil(w)) for c, w in need.items()}
    return {c: int(math.ceil(w)) for c, w in need.items()}


def room(share: float = 1.0, *, rows: int = 0, height=None, selectable: bool = False) -> float:
    """The px a table's columns may take: its `share` of the page's width (st.columns' gap aside; 0.5
    in one of two columns, 0.6 in the wider of [3, 2]), less a selection column
    when its rows can be picked and a scrollbar when its `rows` need more than its `height`."""
    shown = AUTO_ROWS if height in (None, "auto") else (height - HEADER_PX) // ROW_PX \
        if isinstance(height, int) else rows
    return ((PAGE_PX + COLUMN_GAP_PX) * share - COLUMN_GAP_PX - (ROW_MARKER_PX if selectable else 0)
            - (SCROLLBAR_PX if rows > shown else 0))


def fits(data: pd.DataFrame, columns: list[str], config: dict, *, room: float = PAGE_PX) -> bool:
    """Whether the columns, fitted, take no more than `room` px."""
    return sum(widths(data, columns, config, room=room).values()) <= room
