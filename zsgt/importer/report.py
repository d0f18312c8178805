"""The report of a check: as text (the command line) and as an Excel workbook (a download), where
the file's own sheets come back with every bad cell marked (red: error, yellow: warning, with the
explanation as a comment) after a first sheet listing every problem."""

from __future__ import annotations

import io

from .validate import Checked

HEADERS_ZH = {"file": "文件", "sheet": "工作表", "row": "行号", "column": "列", "value": "填写的内容",
              "severity": "级别", "message": "问题与改法"}
SEVERITY_ZH = {"error": "错误", "warning": "提醒"}


def summary(checked: Checked) -> str:
    rows = {k: len(f) for k, f in checked.frames.items()}
    from .kinds import KINDS

    read = "，".join(f"{KINDS[k].zh} {n} 行" for k, n in rows.items()) or "没有可导入的行"
    return f"读取：{read}。错误 {len(checked.errors)} 处，提醒 {len(checked.warnings)} 处。"


def as_text(checked: Checked, limit: int | None = None) -> str:
    lines = [summary(checked)]
    shown = checked.problems if limit is None else checked.problems[:limit]
    for p in shown:
        where = p.file + (f" · {p.sheet}" if p.sheet else "")
        if p.row:
            where += f" · 第 {p.row} 行"
        if p.column:
            where += f" · {p.column}"
        value = f"（填写：{p.value}）" if p.value else ""
        lines.append(f"[{SEVERITY_ZH[p.severity]}] {where}{value}：{p.message}")
    if limit is not None and len(checked.problems) > limit:
        lines.append(f"……另有 {len(checked.problems) - limit} 处问题，请下载问题报告查看全部。")
    if checked.ok:
        lines.append("检查通过，可以导入。" if checked.frames else "")
    else:
        lines.append("有错误，未导入任何数据。请按上面的说明改正后重新导入。")
    return "\n".join(line for line in lines if line)


def as_excel(checked: Checked) -> bytes:
    """The report workbook: 问题清单, then each sheet that has problems with its bad cells marked."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    fills = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append(list(HEADERS_ZH.values()))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in checked.problems:
        ws.append([p.file, p.sheet, p.row, p.column, p.value, SEVERITY_ZH[p.severity], p.message])
        ws.cell(ws.max_row, 6).fill = fills[p.severity]
    for col, width in zip("ABCDEFG", (18, 14, 8, 18, 22, 8, 90)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    by_sheet: dict = {}
    for p in checked.problems:
        by_sheet.setdefault((p.file, p.sheet), []).append(p)
    for sheet in checked.sheets:
        problems = by_sheet.get((sheet.raw.file, sheet.raw.sheet))
        if not problems:
            continue
        title = (sheet.raw.sheet or sheet.raw.file)[:28].replace("/", "_") or "数据"
        out = wb.create_sheet(title if title not in wb.sheetnames else f"{title[:25]}_{len(wb.sheetnames)}")
        cells = sheet.raw.cells
        for r, row in enumerate(cells.itertuples(index=False), start=1):
            for c, v in enumerate(row, start=1):
                if v is not None and v == v:
                    out.cell(r, c, v if not hasattr(v, "tzinfo") else v.replace(tzinfo=None))
        marked: dict = {}
        for p in problems:
            if not p.row:
                continue
            j = sheet.header_positions.get(p.column)
            if j is None:
                j = sheet.positions.get(next((k for k, h in sheet.headers.items() if h == p.column), ""), None)
            cell = out.cell(p.row, (j if j is not None else 0) + 1)
            if j is None and p.row != sheet.header_row + 1:
                continue
            if marked.get(cell.coordinate) != "error":
                cell.fill = fills[p.severity]
                marked[cell.coordinate] = p.severity
            note = (cell.comment.text + "\n" if cell.comment else "") + p.message
            cell.comment = Comment(note[:2000], "导入检查")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
