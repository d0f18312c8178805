"""zsgt.export: CSV with a BOM and XLSX with Chinese headers, and Excel's row limit."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from zsgt import export

FRAME = pd.DataFrame({
    "企业名称": ["华为技术有限公司", "宝武铝业科技有限公司"],
    "最近联系日期": [None, dt.date(2023, 10, 15)],
    "签约额（万元）": [Decimal("5000.00"), None],
})


def test_csv_is_utf8_with_a_bom_and_chinese_headers():
    data = export.csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "企业名称,最近联系日期,签约额（万元）", "华为技术有限公司,,5000.00", "宝武铝业科技有限公司,2023-10-15,"]


def test_xlsx_holds_the_same_cells_with_the_header_row_first():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(FRAME, "目标企业清单")))
    sheet = book["目标企业清单"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["企业名称", "最近联系日期", "签约额（万元）"],
        ["华为技术有限公司", None, 5000.0],
        ["宝武铝业科技有限公司", dt.datetime(2023, 10, 15), None]]
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("rows, fits", [(0, True), (1_048_575, True), (1_048_576, False), (2_000_000, False)])
def test_excel_row_limit_counts_the_header(rows, fits):
    assert export.fits_excel(rows) is fits


def test_xlsx_refuses_a_table_past_the_row_limit(monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 2)  # a header and one row
    with pytest.raises(ValueError, match="do not fit"):
        export.xlsx_bytes(FRAME)
