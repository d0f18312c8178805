"""The Excel template of one import kind: Chinese headers (money in 万元, required ones starred),
one example row, drop-downs for enumerations and codes (chains, departments, … from the store), a
代码表 sheet listing the allowed codes, and a hidden _meta sheet with the kind and template version,
so the reader recognises the sheet and an old template."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .kinds import KINDS, REFS, TEMPLATE_VERSION, Col
from .read import META_SHEET
from .validate import enum_options

CODES_SHEET = "代码表"
ROWS = 5000  # rows the drop-downs cover
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _choices(col: Col, con) -> list[tuple[str, str]]:
    """(what the user picks, the code) for an enumeration or a small reference table."""
    if col.type == "enum":
        return [(labels["zh"], code) for code, labels in enum_options(col.enum).items()]
    ref = REFS[col.ref]
    if col.type == "ref" and ref.names and con is not None:
        cur = con.cursor()   # the dashboard's connection is shared by its sessions' threads
        try:
            rows = cur.execute(ref.select_sql(ref.names[0])).fetchall()
        finally:
            cur.close()
        return [(name, code) for code, name in rows]
    return []


def _example(col: Col, choices: list[tuple[str, str]]):
    if col.example is None:
        return None
    for label, code in choices:
        if code == col.example:
            return label
    return col.example


def template_workbook(kind_key: str, con=None) -> Workbook:
    kind = KINDS[kind_key]
    wb = Workbook()
    ws = wb.active
    ws.title = kind.zh
    codes = wb.create_sheet(CODES_SHEET)
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    examples = []
    codes_col = 1
    for j, col in enumerate(kind.cols, start=1):
        cell = ws.cell(1, j, col.zh + ("*" if col.required else ""))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        choices = _choices(col, con) if col.type in ("enum", "ref") else []
        examples.append(_example(col, choices))
        ws.cell(2, j, examples[-1])
        ws.column_dimensions[get_column_letter(j)].width = max(12, min(30, len(col.zh) * 2 + 4))
        hint = _hint(col)
        if hint:
            cell.comment = Comment(hint, "模板")
        if choices:
            letter = get_column_letter(codes_col)
            codes.cell(1, codes_col, f"{col.zh}（可选）").font = Font(bold=True)
            codes.cell(1, codes_col + 1, "代码").font = Font(bold=True)
            for i, (label, code) in enumerate(choices, start=2):
                codes.cell(i, codes_col, label)
                codes.cell(i, codes_col + 1, code)
            codes.column_dimensions[letter].width = 24
            codes.column_dimensions[get_column_letter(codes_col + 1)].width = 18
            source = f"{quote_sheetname(CODES_SHEET)}!${letter}$2:${letter}${len(choices) + 1}"
            dv = DataValidation(type="list", formula1=source, allow_blank=not col.required,
                                showErrorMessage=col.type == "enum",
                                errorTitle="请从下拉列表选择", error=f"“{col.zh}”请从下拉列表中选择（或填写代码表中的代码）。")
            dv.add(f"{get_column_letter(j)}2:{get_column_letter(j)}{ROWS}")
            ws.add_data_validation(dv)
            codes_col += 3
    for row in (("kind", kind.key), ("sheet", kind.zh), ("template_version", TEMPLATE_VERSION),
                ("example_row", 2), ("example", example_key(examples)),
                ("note", "请勿修改此工作表：导入时据此识别台账类型、模板版本和示例行")):
        meta.append(list(row))
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    return wb


def example_key(values) -> str:
    """The example row as one string, to recognise it (and skip it) when a file still has it."""
    return "|".join("" if v is None or v != v else str(int(v) if isinstance(v, float) and v.is_integer() else v)
                    for v in values)


def _hint(col: Col) -> str:
    parts = ["必填" if col.required else "选填"]
    if col.type == "amount":
        parts.append("金额，单位万元；也可写 12.3亿元")
    elif col.type == "date":
        parts.append("日期，如 2024-03-05")
    elif col.type == "int" and col.name == "quarter":
        parts.append("季度 1–4")
    elif col.type == "bool":
        parts.append("填“是”或“否”")
    elif col.type in ("enum", "ref") and (col.enum or REFS.get(col.ref or "", None) and REFS[col.ref].names):
        parts.append("从下拉列表选择，或填写代码表中的代码")
    elif col.type == "ref":
        parts.append(f"{REFS[col.ref].zh}编号，须已在系统中或在同一文件中")
    return "；".join(parts)


def template_bytes(kind_key: str, con=None) -> bytes:
    buf = io.BytesIO()
    template_workbook(kind_key, con).save(buf)
    return buf.getvalue()
