"""Tables to files people open in Excel: CSV in UTF-8 with a BOM (so Excel reads the Chinese), and
XLSX through openpyxl's write-only mode. Pure functions: a DataFrame whose columns already carry the
headers to show, to bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import pandas as pd

EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel worksheet, the header row included
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fits_excel(data_rows: int) -> bool:
    """Whether a table of this many rows (plus its header row) fits in one Excel worksheet."""
    return data_rows + 1 <= EXCEL_MAX_ROWS


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with a byte-order mark: Excel opens it with the Chinese intact."""
    return frame.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


def _cell(v):
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, Decimal):
        return float(v)
    if hasattr(v, "item") and not isinstance(v, (str, dt.date)):  # numpy scalars
        return _cell(v.item())
    return v


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Sheet1", widths: dict[str, int] | None = None) -> bytes:
    """One worksheet, the header row frozen; raises ValueError past Excel's row limit."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    if not fits_excel(len(frame)):
        raise ValueError(f"{len(frame)} rows do not fit in one Excel worksheet ({EXCEL_MAX_ROWS} rows with the header)")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    for i, col in enumerate(frame.columns, start=1):
        width = (widths or {}).get(col) or min(40, max(8, 2 * len(str(col)) + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
