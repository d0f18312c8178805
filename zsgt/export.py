"""Tables to files people open in Excel or WPS, formatted as an office would.

- CSV: UTF-8 with a byte-order mark (Excel opens the Chinese intact), CRLF line ends, dates as
  YYYY-MM-DD, money and other amounts with two decimals, rates as "12.34%".
- XLSX, streamed (rows are compressed into the file as they are read, a chunk at a time, so a
  552,197-row list is neither held whole nor takes a minute): a first sheet "说明" stating what was
  exported (scope, period, as-of date, filters, rows, export time), then the table, opened on it,
  with its header row frozen, an auto filter, number formats by kind (money #,##0.00 in the unit its
  header names, rates 0.0%, dates yyyy-mm-dd, counts #,##0) and column widths that fit the text.
- Formula injection: a text cell starting with = + - @ tab or CR is never a formula. CSV puts an
  apostrophe in front of it; XLSX writes it as a text cell carrying Excel's quote prefix (the text
  shows as it is and stays text when the cell is edited).

Pure functions, no Streamlit. The table comes as a DataFrame whose columns already carry the headers
to show, or as an iterable of such DataFrames (chunks read from the database one after another).
A column's kind ("text", "int", "number", "wan", "yi", "rate", "date") is given by header in
`kinds`, or read from the column's type.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .i18n import STRINGS

EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel worksheet, the header row included
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KINDS = ("text", "int", "number", "wan", "yi", "rate", "date")  # money is already in its header's unit
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula
_RISKY_RE = r"^[=+\-@\t\r]"  # the same, as a regular expression for Arrow
_EXCEL_DAY_ZERO = 25569  # Excel's day number of 1970-01-01 (its day 0 is 1899-12-30)
_FONT = "等线"  # Office's default CJK face (DengXian); WPS and LibreOffice use their own when missing


def fits_excel(data_rows: int) -> bool:
    """Whether a table of this many rows (plus its header row) fits in one Excel worksheet."""
    return data_rows + 1 <= EXCEL_MAX_ROWS


# -- what an export holds: the header block ------------------------------------------------------
@dataclass(frozen=True)
class About:
    """What an export holds, said on the workbook's first sheet: a title, (label, value) lines, and
    the export time (the moment the file is written, unless given)."""
    title: str
    lines: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    lang: str = "zh"
    exported_at: dt.datetime | None = None

    def all_lines(self) -> list[tuple[str, str]]:
        stamp = self.exported_at or dt.datetime.now().astimezone()
        offset = stamp.strftime("%z")
        zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
        return [*self.lines, (STRINGS["export.exported_at"][self.lang], stamp.strftime("%Y-%m-%d %H:%M:%S") + zone),
                (STRINGS["export.source"][self.lang], STRINGS["export.source_value"][self.lang])]


def about(title: str, lang: str, *, scope: str | None = None, period: str | None = None,
          as_of: dt.date | None = None, filters: Iterable[tuple[str, object]] = (), rows: int | None = None) -> About:
    """The header block of an export in the reader's language: scope, period, as-of date, each
    filter in force (a value, or a list of chosen values; empty ones are left out), the row count."""
    def s(key: str) -> str:
        return STRINGS[key][lang]

    lines: list[tuple[str, str]] = []
    if scope:
        lines.append((s("export.scope"), scope))
    if period:
        lines.append((s("export.period"), period))
    if as_of:
        lines.append((s("export.as_of"), as_of.isoformat()))
    chosen = []
    for label, value in filters:
        if isinstance(value, (list, tuple, set, frozenset)):
            value = ("、" if lang == "zh" else ", ").join(str(v) for v in value)
        if value not in (None, ""):
            chosen.append((label, str(value)))
    lines.append((s("export.filters"), "" if chosen else s("export.no_filter")))
    lines.extend((f"    {label}", value) for label, value in chosen)
    if rows is not None:
        lines.append((s("export.rows"), f"{rows:,}"))
    return About(title, tuple(lines), lang)


# -- the table, column by column, in Arrow (a 552,197-row list is 7 million cells) ---------------
def _chunks(table) -> Iterator[pd.DataFrame]:
    if isinstance(table, pd.DataFrame):
        yield table
    else:
        yield from table


def _kind_of(series: pd.Series, kind: str | None) -> str:
    if kind:
        if kind not in KINDS:
            raise ValueError(f"unknown column kind {kind!r}; one of {KINDS}")
        return kind
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "number"
    sample = series.dropna().head(50)
    if len(sample) and all(isinstance(v, dt.date) for v in sample):
        return "date"
    if len(sample) and all(isinstance(v, (Decimal, int, float)) and not isinstance(v, bool) for v in sample):
        return "number"
    return "text"


def _arrow(series: pd.Series) -> pa.Array:
    """A column as an Arrow array (NaN and None as null); Decimals as float64."""
    arr = pa.array(series, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_decimal(arr.type):
        arr = pc.cast(arr, pa.float64())
    return arr


def _numbers(series: pd.Series) -> pa.Array:
    """A numeric column as float64, null where there is no number."""
    if series.dtype == object:
        series = pd.to_numeric(series.map(lambda v: float(v) if isinstance(v, Decimal) else v), errors="coerce")
    arr = pc.cast(_arrow(series), pa.float64())
    return pc.if_else(pc.is_nan(arr), pa.scalar(None, pa.float64()), arr)


def _days(series: pd.Series) -> pa.Array:
    """A date column as date32, null where there is none."""
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_datetime(series, errors="coerce")
    return pc.cast(pc.cast(_arrow(series), pa.timestamp("s")), pa.date32())


def _texts(series: pd.Series) -> pa.Array:
    """A text column as strings, null where there is none; True/False as 是/否."""
    if pd.api.types.is_bool_dtype(series):
        series = series.map({True: "是", False: "否"})
    if series.dtype == object:
        series = series.map(lambda v: v if v is None or isinstance(v, str) or pd.isna(v) else str(v))
    return pc.cast(_arrow(series), pa.large_string())


def _join(*parts) -> pa.Array:
    """Concatenate arrays and constant strings element-wise (null where any part is null)."""
    return pc.binary_join_element_wise(
        *[pa.scalar(p, pa.large_string()) if isinstance(p, str) else pc.cast(p, pa.large_string()) for p in parts],
        pa.scalar("", pa.large_string()))


def neutralise(text: str) -> str:
    """A text a spreadsheet could read as a formula, with an apostrophe in front (as in the CSV)."""
    return "'" + text if text.startswith(RISKY_STARTS) else text


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


# -- CSV -----------------------------------------------------------------------------------------
def csv_bytes(table, kinds: dict[str, str] | None = None) -> bytes:
    """CSV, UTF-8 with a byte-order mark: Excel opens it with the Chinese intact. Amounts with two
    decimals, counts whole, rates as "12.34%", dates as YYYY-MM-DD; text that could be read as a
    formula gets an apostrophe in front."""
    kinds = kinds or {}
    out = io.StringIO()
    header = True
    for chunk in _chunks(table):
        shown = {}
        for i, col in enumerate(chunk.columns):
            s = chunk.iloc[:, i]
            kind = _kind_of(s, kinds.get(col))
            if kind == "date":
                arr = pc.cast(_days(s), pa.string())
            elif kind == "int":
                arr = pc.cast(pc.round(_numbers(s)), pa.int64())
            elif kind == "rate":
                arr = _join(pc.cast(pc.cast(pc.multiply(_numbers(s), 100.0), pa.decimal128(38, 2)), pa.string()), "%")
            elif kind != "text":
                arr = pc.cast(pc.cast(_numbers(s), pa.decimal128(38, 2)), pa.string())
            else:
                arr = _texts(s)
                arr = pc.if_else(pc.fill_null(pc.match_substring_regex(arr, _RISKY_RE), False), _join("'", arr), arr)
            shown[str(col)] = pd.Series(pd.arrays.ArrowExtensionArray(arr))
        pd.DataFrame(shown).to_csv(out, index=False, header=header, lineterminator="\r\n")  # RFC 4180
        header = False
    return out.getvalue().encode("utf-8-sig")


# -- XLSX ----------------------------------------------------------------------------------------
# The workbook is written part by part into the zip, the table's rows streamed chunk by chunk as
# XML built column-wise with Arrow's vectorised string functions. openpyxl's write-only mode and
# xlsxwriter's constant-memory mode both spend several microseconds of Python per cell, 1-2 minutes
# for the 7.2 million cells of the whole target list; this writes it in seconds
# (bench/bench_export.py). The tests read every part back with openpyxl (tests/test_export.py).
_STYLE = {"text": 1, "quoted": 2, "int": 3, "number": 4, "wan": 4, "yi": 4, "rate": 5, "date": 6, "header": 7,
          "title": 8, "label": 9, "value": 10, "value_quoted": 11}
_FONT_TAGS = f'<name val="{_FONT}"/><family val="2"/><charset val="134"/>'
_STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="3"><font><sz val="11"/>{_FONT_TAGS}</font><font><b/><sz val="11"/>{_FONT_TAGS}</font><font><b/><sz val="16"/>{_FONT_TAGS}</font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="12">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML
_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"  # the same, for Arrow's RE2


def _xml_escape(arr: pa.Array) -> pa.Array:
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):  # a bare CR reads as LF
        arr = pc.replace_substring(arr, old, new)
    if pc.any(pc.match_substring_regex(arr, _CONTROL_RE2)).as_py():  # rare: Excel's own _xHHHH_ escape
        arr = pa.array([None if v is None else _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", v)
                        for v in arr.to_pylist()], pa.large_string())
    return arr


def _column_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _text_cells(series: pd.Series, ref: pa.Array) -> pa.Array:
    """A text column as cell XML (`ref`: each row's cell reference): inline strings, the risky ones
    carrying the quote prefix; "" where there is no text."""
    text = _texts(series)
    risky = pc.fill_null(pc.match_substring_regex(text, _RISKY_RE), False)
    spaced = pc.fill_null(pc.match_substring_regex(text, r"^\s|\s$"), False)
    style = pc.if_else(risky, f'" t="inlineStr" s="{_STYLE["quoted"]}"><is><t',
                       f'" t="inlineStr" s="{_STYLE["text"]}"><is><t')
    space = pc.if_else(spaced, ' xml:space="preserve">', ">")
    return pc.fill_null(_join('<c r="', ref, style, space, _xml_escape(text), "</t></is></c>"), "")


def _number_cells(values: pa.Array, style: int, ref: pa.Array) -> pa.Array:
    """Numbers (or day numbers) as cell XML; "" where there is none."""
    return pc.fill_null(_join('<c r="', ref, f'" s="{style}"><v>', pc.cast(values, pa.string()), "</v></c>"), "")


def _rows_xml(chunk: pd.DataFrame, col_kinds: list[str], first_row: int) -> bytes:
    """One chunk as <row> elements from `first_row` (1-based), built column-wise in Arrow."""
    n = len(chunk)
    if not n:
        return b""
    number = pc.cast(pa.array(np.arange(first_row, first_row + n)), pa.string())
    parts = ['<row r="', number, '">']
    for c, kind in enumerate(col_kinds):
        s = chunk.iloc[:, c]
        ref = _join(_column_letter(c), number)
        if kind == "text":
            parts.append(_text_cells(s, ref))
        elif kind == "date":
            parts.append(_number_cells(pc.add(pc.cast(_days(s), pa.int32()), _EXCEL_DAY_ZERO), _STYLE["date"], ref))
        elif kind == "int":
            parts.append(_number_cells(pc.cast(pc.round(_numbers(s)), pa.int64()), _STYLE["int"], ref))
        else:
            parts.append(_number_cells(_numbers(s), _STYLE[kind], ref))
    rows = _join(*parts, "</row>")
    # the rows' text lies end to end in the array's data buffer (no nulls: every row has its tags)
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset:rows.offset + n + 1]
    return rows.buffers()[2].to_pybytes()[int(offsets[0]):int(offsets[-1])]


def _fit_width(header: str, sample: pd.Series, kind: str) -> float:
    """Wide enough for the header (wrapped on two lines when long) and the longest of the first
    thousand values; CJK characters count double."""
    head = _display_width(header)
    head = head if head <= 16 else max(16, math.ceil(head / 2))
    if kind == "date":
        body = 10
    elif kind == "rate":
        body = 7
    elif kind != "text":
        top = pc.max(pc.abs(_numbers(sample.head(1000)))).as_py()
        body = len(f"{top:,.2f}") + 1 if top is not None else 6
    else:
        body = max((_display_width(v) for v in _texts(sample.head(1000)).to_pylist() if v), default=4)
    return float(min(max(head, body, 6) + 2, 60))


def _sheet_name(name: str) -> str:
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Sheet1"


def _inline(text: str, style: int, ref: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr" s="{style}"><is><t{space}>{xml_escape(text, {chr(13): "&#13;"})}</t></is></c>'


def _about_xml(about: About) -> str:
    rows = [f'<row r="1">{_inline(about.title, _STYLE["title"], "A1")}</row>']
    for i, (label, value) in enumerate(about.all_lines(), start=3):
        style = _STYLE["value_quoted" if value.startswith(RISKY_STARTS) else "value"]
        cell = _inline(value, style, f"B{i}") if value else ""
        rows.append(f'<row r="{i}">{_inline(label, _STYLE["label"], f"A{i}")}{cell}</row>')
    return (f'{_HEAD}<worksheet {_NS}><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="18" customWidth="1"/>'
            f'<col min="2" max="2" width="70" customWidth="1"/></cols><sheetData>{"".join(rows)}</sheetData>'
            '</worksheet>')


def _package_parts(sheets: list[str]) -> dict[str, str]:
    """The workbook's fixed parts around its sheets (xl/worksheets/sheet1.xml … in order)."""
    n = len(sheets)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    sheet_rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, n + 1))
    return {
        "[Content_Types].xml": f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>',
        "_rels/.rels": f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/_rels/workbook.xml.rels": f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{sheet_rels}<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        '</Relationships>',
        "xl/styles.xml": _STYLES_XML,
    }


def _workbook_xml(sheets: list[str], active: int, filter_ref: str | None) -> str:
    tags = "".join(f'<sheet name="{xml_escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                   for i, name in enumerate(sheets, start=1))
    names = ""
    if filter_ref:  # Excel keeps an auto filter's range as this hidden name too
        quoted = "'" + sheets[active].replace("'", "''") + "'"
        names = (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="{active}" hidden="1">'
                 f"{xml_escape(quoted)}!{filter_ref}</definedName></definedNames>")
    return (f'{_HEAD}<workbook {_NS}><bookViews><workbookView activeTab="{active}"/></bookViews>'
            f"<sheets>{tags}</sheets>{names}</workbook>")


def xlsx_bytes(table, sheet: str = "Sheet1", widths: dict[str, int] | None = None, *,
               kinds: dict[str, str] | None = None, about: About | None = None) -> bytes:
    """A workbook: the "说明" sheet first when `about` is given, then the table on `sheet` (the
    workbook opens on it) with its header row frozen, an auto filter over every row, number formats
    by kind and fitting column widths (`widths` by header overrides). `table` is a DataFrame or an
    iterable of DataFrames with the same columns, written as they come. Raises ValueError past
    Excel's row limit."""
    if isinstance(table, pd.DataFrame) and not fits_excel(len(table)):
        raise ValueError(f"{len(table)} rows do not fit in one Excel worksheet ({EXCEL_MAX_ROWS} rows with the header)")
    kinds, widths = kinds or {}, widths or {}
    names = ([_sheet_name(STRINGS["export.about_sheet"][about.lang])] if about else []) + [_sheet_name(sheet)]
    if len(set(names)) < len(names):
        names[-1] = _sheet_name(names[-1][:27] + " (1)")
    active = len(names) - 1
    chunks = _chunks(table)
    first = next(chunks, None)
    columns = [str(c) for c in first.columns] if first is not None else []
    col_kinds = [_kind_of(first.iloc[:, i], kinds.get(c)) for i, c in enumerate(columns)]
    last_col = _column_letter(max(len(columns) - 1, 0))

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in _package_parts(names).items():
            zf.writestr(name, text)
        if about:
            zf.writestr("xl/worksheets/sheet1.xml", _about_xml(about))
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{widths.get(c) or _fit_width(c, first.iloc[:, i], k):.1f}" '
            f'customWidth="1" style="{_STYLE[k]}"/>' for i, (c, k) in enumerate(zip(columns, col_kinds)))
        header = "".join(_inline(c, _STYLE["header"], f"{_column_letter(i)}1") for i, c in enumerate(columns))
        with zf.open(f"xl/worksheets/sheet{len(names)}.xml", "w") as part:
            part.write((f'{_HEAD}<worksheet {_NS}><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
                        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                        '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "")
                        + f'<sheetData><row r="1" ht="32" customHeight="1">{header}</row>').encode("utf-8"))
            row = 2  # the next row to write
            chunk = first
            while chunk is not None:
                if row - 1 + len(chunk) >= EXCEL_MAX_ROWS:
                    raise ValueError(f"more than {EXCEL_MAX_ROWS - 1} rows do not fit in one Excel worksheet")
                part.write(_rows_xml(chunk, col_kinds, row))
                row += len(chunk)
                chunk = next(chunks, None)
            last = max(row - 1, 1)
            part.write(("</sheetData>" + (f'<autoFilter ref="A1:{last_col}{last}"/>' if columns else "")
                        + "</worksheet>").encode("utf-8"))
        zf.writestr("xl/workbook.xml", _workbook_xml(names, active, f"$A$1:${last_col}${last}" if columns else None))
    return buf.getvalue()
