"""zsgt.export: CSV with a BOM and workbooks formatted as an office would, read back with openpyxl;
formula injection neutralised in both; streamed chunks; Excel's row limit."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from zsgt import export, store, targets

FRAME = pd.DataFrame({
    "企业名称": ["华为技术有限公司", "宝武铝业科技有限公司"],
    "最近联系日期": [None, dt.date(2023, 10, 15)],
    "签约额（万元）": [Decimal("5000.00"), None],
})

# a list as a page exports it: text, money in 亿元 and 万元, a rate, a date, a count, risky text
TABLE = pd.DataFrame({
    "项目": ["=HYPERLINK(\"http://x\",\"点我\")", "铝箔 <A&B>", "+86 电话", "-5", "@SUM(A1)", "\t制表", "\r回车",
           "普通项目"],
    "签约额（亿元）": [12.3456, 0.5, None, 1.0, 2.0, 3.0, 4.0, 5.0],
    "合同额（万元）": [123456.789, 5000, 0, None, 1, 2, 3, 4],
    "到位率": [0.4567, 1.0, 0.0, None, 0.1, 0.2, 0.3, 0.4],
    "签约日期": pd.to_datetime(["2023-03-01", "2023-12-31", None, "2024-01-02", "2024-01-03", "2024-01-04",
                               "2024-01-05", "2024-01-06"]),
    "项目数": [3, 0, 1, 2, 5, 6, 7, 8],
})
KINDS = {"签约额（亿元）": "yi", "合同额（万元）": "wan", "到位率": "rate", "签约日期": "date"}
ABOUT = export.about("签约项目清单", "zh", scope="全市", period="2023年（全年）", as_of=dt.date(2023, 12, 31),
                     filters=[("产业链", ["钢", "铝"]), ("搜索", ""), ("阶段", None)], rows=8)


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# -- CSV -----------------------------------------------------------------------------------------
def test_csv_is_utf8_with_a_bom_and_chinese_headers():
    data = export.csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "企业名称,最近联系日期,签约额（万元）", "华为技术有限公司,,5000.00", "宝武铝业科技有限公司,2023-10-15,"]


def test_csv_formats_money_rates_dates_and_neutralises_formulas():
    text = export.csv_bytes(TABLE, KINDS).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["项目", "签约额（亿元）", "合同额（万元）", "到位率", "签约日期", "项目数"],
        ["'=HYPERLINK(\"http://x\",\"点我\")", "12.35", "123456.79", "45.67%", "2023-03-01", "3"],
        ["铝箔 <A&B>", "0.50", "5000.00", "100.00%", "2023-12-31", "0"],
        ["'+86 电话", "", "0.00", "0.00%", "", "1"],
        ["'-5", "1.00", "", "", "2024-01-02", "2"],
        ["'@SUM(A1)", "2.00", "1.00", "10.00%", "2024-01-03", "5"],
        ["'\t制表", "3.00", "2.00", "20.00%", "2024-01-04", "6"],
        ["'\r回车", "4.00", "3.00", "30.00%", "2024-01-05", "7"],
        ["普通项目", "5.00", "4.00", "40.00%", "2024-01-06", "8"]]


def test_csv_of_chunks_equals_the_csv_of_the_whole():
    whole = export.csv_bytes(TABLE, KINDS)
    assert export.csv_bytes((TABLE.iloc[i:i + 3] for i in range(0, len(TABLE), 3)), KINDS) == whole


# -- XLSX ----------------------------------------------------------------------------------------
def test_xlsx_holds_the_same_cells_with_the_header_row_first():
    book = workbook(export.xlsx_bytes(FRAME, "目标企业清单"))
    sheet = book["目标企业清单"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["企业名称", "最近联系日期", "签约额（万元）"],
        ["华为技术有限公司", None, 5000.0],
        ["宝武铝业科技有限公司", dt.datetime(2023, 10, 15), None]]
    assert sheet.freeze_panes == "A2"


def test_xlsx_first_sheet_states_scope_period_as_of_filters_and_export_time():
    book = workbook(export.xlsx_bytes(TABLE, "签约项目", kinds=KINDS, about=ABOUT))
    assert book.sheetnames == ["说明", "签约项目"]
    assert book.active.title == "签约项目"  # it opens on the table
    lines = [tuple(r) for r in book["说明"].iter_rows(values_only=True)]
    assert lines[0] == ("签约项目清单", None)
    facts = dict(line for line in lines[2:])
    assert facts["范围"] == "全市" and facts["统计期"] == "2023年（全年）" and facts["数据截至"] == "2023-12-31"
    assert facts["筛选条件"] is None and facts["    产业链"] == "钢、铝"
    assert "    搜索" not in facts and "    阶段" not in facts  # filters not in force are not listed
    assert facts["行数"] == "8" and facts["来源"] == "招商图谱"
    stamp = dt.datetime.strptime(facts["导出时间"][:19], "%Y-%m-%d %H:%M:%S")
    assert abs(stamp - dt.datetime.now()) < dt.timedelta(hours=15)


def test_xlsx_without_a_filter_says_so():
    book = workbook(export.xlsx_bytes(FRAME, "x", about=export.about("目标企业清单", "zh", as_of=dt.date(2024, 1, 1))))
    facts = dict(tuple(r) for r in book["说明"].iter_rows(min_row=3, values_only=True))
    assert facts["筛选条件"] == "无（全部）"


def test_xlsx_headers_number_formats_frozen_row_filter_and_widths():
    sheet = workbook(export.xlsx_bytes(TABLE, "签约项目", kinds=KINDS, about=ABOUT))["签约项目"]
    assert [c.value for c in sheet[1]] == list(TABLE.columns)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F9"
    row = sheet[2]
    assert [c.number_format for c in row[1:]] == ["#,##0.00", "#,##0.00", "0.0%", "yyyy-mm-dd", "#,##0"]
    assert [c.value for c in row[1:]] == [12.3456, 123456.789, 0.4567, dt.datetime(2023, 3, 1), 3]
    assert sheet["D3"].value == 1 and sheet["B4"].value is None and sheet["C4"].value == 0
    assert sheet["B2"].data_type == "n" and sheet["E2"].is_date
    widths = {col: sheet.column_dimensions[col].width for col in "ABCDEF"}
    assert widths["A"] >= 2 * len("铝箔 <A&B>") and all(8 <= w <= 62 for w in widths.values())


def test_xlsx_neutralises_text_that_would_be_a_formula():
    sheet = workbook(export.xlsx_bytes(TABLE, "签约项目", kinds=KINDS))["签约项目"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 10)]
    assert [c.value for c in cells] == list(TABLE["项目"])  # the text exactly as it is, never a formula
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True, False, True, True, True, True, True, False]


def test_xlsx_escapes_markup_and_control_characters():
    frame = pd.DataFrame({"名称": ["a<b>&c", "bell\x07here", " lead and trail "]})
    sheet = workbook(export.xlsx_bytes(frame, "x"))["x"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == ["a<b>&c", "bell_x0007_here", " lead and trail "]


def test_xlsx_of_chunks_equals_the_xlsx_of_the_whole():
    def cells(data):
        return [list(r) for r in workbook(data)["t"].iter_rows(values_only=True)]

    whole = export.xlsx_bytes(TABLE, "t", kinds=KINDS)
    chunked = export.xlsx_bytes((TABLE.iloc[i:i + 3] for i in range(0, len(TABLE), 3)), "t", kinds=KINDS)
    assert cells(chunked) == cells(whole)
    assert workbook(chunked)["t"].auto_filter.ref == "A1:F9"


def test_xlsx_in_english_names_its_first_sheet_about():
    info = export.about("Target companies", "en", scope="Whole city", as_of=dt.date(2023, 12, 31),
                        filters=[("Chain", ["Steel", "Aluminium"])])
    book = workbook(export.xlsx_bytes(FRAME, "Target companies", about=info))
    assert book.sheetnames == ["About", "Target companies"]
    facts = dict(tuple(r) for r in book["About"].iter_rows(min_row=3, values_only=True))
    assert facts["Data as of"] == "2023-12-31" and facts["    Chain"] == "Steel, Aluminium"


def test_xlsx_is_a_valid_zip_with_the_parts_excel_needs():
    names = set(zipfile.ZipFile(io.BytesIO(export.xlsx_bytes(TABLE, "t", about=ABOUT))).namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} <= names


# -- Excel's row limit ---------------------------------------------------------------------------
@pytest.mark.parametrize("rows, fits", [(0, True), (1_048_575, True), (1_048_576, False), (2_000_000, False)])
def test_excel_row_limit_counts_the_header(rows, fits):
    assert export.fits_excel(rows) is fits


def test_xlsx_refuses_a_table_past_the_row_limit(monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)  # a header and one row
    with pytest.raises(ValueError, match="do not fit"):
        export.xlsx_bytes(FRAME)


def test_xlsx_refuses_a_stream_that_grows_past_the_row_limit(monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 6)  # a header and five rows; the chunks bring eight
    with pytest.raises(ValueError, match="do not fit"):
        export.xlsx_bytes(TABLE.iloc[i:i + 3] for i in range(0, len(TABLE), 3))


# -- the target list, from the fixture store, as the page exports it ----------------------------
@pytest.mark.parametrize("lang, company, last_contact", [("zh", "企业名称", "最近联系日期"), ("en", "Company", "Last contact")])
def test_target_list_exports_in_the_readers_language_streamed_from_the_store(con, lang, company, last_contact):
    params = {"scope": "city", "scope_id": None, "as_of": dt.date(2024, 3, 31),  # the fixture's data_through
              **targets.TargetFilter(priorities=("a",)).params(), "sort": "name", "limit": None, "offset": 0}
    chunks = (targets.export_frame(b, lang) for b in store.run_batches(con, "target_list", batch_rows=1, **params))
    sheet = workbook(export.xlsx_bytes(chunks, "t", kinds=targets.export_kinds(lang)))["t"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == targets.export_headers(lang) and rows[0][0] == company and rows[0][-1] == last_contact
    assert [r[0] for r in rows[1:]] == ["宝武铝业科技有限公司", "河北文丰钢铁有限公司"]
    assert [r[-1] for r in rows[1:]] == [dt.datetime(2023, 10, 15), dt.datetime(2023, 6, 1)]
    assert sheet.cell(row=2, column=13).number_format == "yyyy-mm-dd"
    assert rows[1][3] == ("铝" if lang == "zh" else "Aluminium") and rows[1][8] == ("是" if lang == "zh" else "Yes")
