"""Reading what offices really send: .xlsx/.xls through python-calamine (via pandas), .csv/.txt in
UTF-8 (with or without BOM), GBK/GB18030 or UTF-16, detected from the bytes, never asked.

A file becomes `RawSheet`s: every cell as read (no header applied), so a problem can name the row
as Excel shows it. A file that cannot be read raises `FileProblem` with a Chinese message.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MAX_MB = float(os.environ.get("ZSGT_IMPORT_MAX_MB", "30"))  # larger files are refused before reading
META_SHEET = "_meta"  # the template's hidden sheet: kind and template version


class FileProblem(Exception):
    """A file that cannot be read at all; the message says in Chinese what to do."""


@dataclass
class RawSheet:
    file: str                    # the file's name as the user gave it
    sheet: str                   # the sheet's name ("" for a CSV)
    cells: pd.DataFrame          # every cell, object dtype, positional index 0 = Excel row 1
    meta: dict = field(default_factory=dict)  # from the template's _meta sheet
    formulas: dict = field(default_factory=dict)  # (row0, col0) -> (formula, has a saved value)

    @property
    def label(self) -> str:
        return f"{self.file}" + (f" · {self.sheet}" if self.sheet else "")


_MAGIC = {
    b"PK\x03\x04": "xlsx",
    b"\xd0\xcf\x11\xe0": "xls",
    b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"%PDF": "pdf", b"GIF8": "gif",
}


def read_file(path: Path | str, name: str | None = None) -> list[RawSheet]:
    """Every sheet of the file, raw. `name` is what the user called the file (an upload's name)."""
    path = Path(path)
    name = name or path.name
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"文件“{name}”是空的（0 字节）。请确认保存了内容后重新上传。")
    if size > MAX_MB * 1024 * 1024:
        raise FileProblem(
            f"文件“{name}”有 {size / 1024 / 1024:.1f} MB，超过单次导入上限 {MAX_MB:g} MB。"
            "请按年度或部门拆分成几个文件分别导入，或删除多余的工作表、图片和格式后再试。")
    with open(path, "rb") as f:
        head = f.read(8)
    kind = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
    suffix = path.suffix.lower() if name == path.name else Path(name).suffix.lower()
    if kind in ("png", "jpeg", "pdf", "gif"):
        raise FileProblem(f"文件“{name}”不是表格，而是 {kind.upper()} 文件（可能只是改了扩展名）。"
                          "请上传用模板填写的 Excel 文件（.xlsx）或 CSV 文件。")
    if kind in ("xlsx", "xls"):
        return _read_excel(path, name, kind)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileProblem(f"文件“{name}”的扩展名是 {suffix}，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）。"
                          "请在 Excel 中打开原文件，另存为“Excel 工作簿（.xlsx）”后再上传。")
    return [_read_text(path, name)]


def _read_excel(path: Path, name: str, kind: str) -> list[RawSheet]:
    try:
        book = pd.ExcelFile(path, engine="calamine")
        sheets = {s: book.parse(s, header=None, dtype=object) for s in book.sheet_names}
    except Exception as exc:  # calamine's errors are many; all mean "not a workbook we can read"
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FileProblem(f"无法读取 Excel 文件“{name}”（{first}）。文件可能已损坏、加密或不是 Excel 格式；"
                          "请在 Excel 中打开并另存为“Excel 工作簿（.xlsx）”后再上传。") from exc
    meta = {}
    if META_SHEET in sheets:
        cells = sheets.pop(META_SHEET)
        for _, row in cells.iterrows():
            if len(row) >= 2 and isinstance(row.iloc[0], str) and not pd.isna(row.iloc[1]):
                meta[row.iloc[0].strip()] = row.iloc[1]
    formulas = _formulas(path) if kind == "xlsx" else {}
    return [RawSheet(name, s, _drop_empty(c), dict(meta), formulas.get(s, {})) for s, c in sheets.items()]


def _drop_empty(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells with "" (or only spaces) as missing; trailing empty rows and columns dropped (positions kept)."""
    import numpy as np

    shape = cells.shape
    flat = [None if v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and v != v)
            or v is pd.NaT else v for v in cells.to_numpy(dtype=object).ravel()]
    filled = np.fromiter((v is not None for v in flat), dtype=bool, count=len(flat)).reshape(shape)
    if not filled.any():
        return cells.iloc[0:0, 0:0]
    last_row = filled.any(axis=1).nonzero()[0].max()
    last_col = filled.any(axis=0).nonzero()[0].max()
    data = np.empty(len(flat), dtype=object)
    data[:] = flat
    out = pd.DataFrame(data.reshape(shape)[: last_row + 1, : last_col + 1], dtype=object)
    return out


# -- formulas: calamine reads a formula cell's saved value; a formula never calculated has none ---
_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _formulas(path: Path) -> dict[str, dict[tuple[int, int], tuple[str, bool]]]:
    """sheet name -> {(row0, col0): (formula, has a saved value)} for the formula cells of an .xlsx."""
    out: dict[str, dict] = {}
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            wb = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace") \
                if "xl/_rels/workbook.xml.rels" in names else ""
            targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
            targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
            for sheet_name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
                target = targets.get(rid, "")
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if member not in names:
                    continue
                data = z.read(member)
                if b"<f" not in data:
                    continue
                cells = {}
                for col, row, inner in _CELL.findall(data):
                    if inner and b"<f" in inner:
                        formula = re.search(rb"<f[^>]*>(.*?)</f>|<f[^>]*/>", inner, re.S)
                        text = (formula.group(1) or b"").decode("utf-8", "replace") if formula else ""
                        has_value = re.search(rb"<v>[^<]+</v>", inner) is not None
                        cells[(int(row) - 1, _col_index(col.decode()))] = ("=" + _unescape(text), has_value)
                out[_unescape(sheet_name)] = cells
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


# -- text files --------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """The encoding of a text file, from its bytes: a BOM, else NUL bytes (UTF-16), else UTF-8 if it
    decodes, else GB18030 (a superset of GBK and GB2312, what Chinese Excel saves as "CSV")."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = data[:4096]
    even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
    if even + odd and max(even, odd) >= 0.9 * (even + odd):   # ASCII in UTF-16 has its NUL on one side
        guess = "utf-16-be" if even > odd else "utf-16-le"
        try:
            data[: len(data) // 2 * 2].decode(guess)
            return guess
        except UnicodeDecodeError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise FileProblem("无法识别文件的文字编码（既不是 UTF-8，也不是 GBK/GB18030 或 UTF-16）。"
                          "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”后再上传。") from None


def _read_text(path: Path, name: str) -> RawSheet:
    data = path.read_bytes()
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = "\0"
    if text.startswith("\ufeff"):
        text = text[1:]
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > 8 or "\0" in text[:4096]:
        raise FileProblem(f"文件“{name}”不是文本或表格文件。请上传 Excel 文件（.xlsx）或 CSV 文件。")
    if not text.strip():
        raise FileProblem(f"文件“{name}”没有内容。请确认保存了数据后重新上传。")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    cells = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    return RawSheet(name, "", _drop_empty(cells), {"encoding": encoding})
