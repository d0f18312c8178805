"""From raw sheets to typed rows, checking every row and reporting every problem at once.

`check(raw_sheets, con)` finds each sheet's kind and header row (a two-row merged header included),
reads every cell with its column's parser, and runs the rules: required, enumerations, codes that
must exist (in the store or in the same import), keys unique within the import, date order, amounts
≥ 0, quarters 1–4, arrivals only for signed projects, a signed project's contract amount, and
arrivals far above the contract (a warning). Nothing stops at the first problem: each is a `Problem`
naming the file, sheet, Excel row, column header, the value and what to write instead.

The rules are vectorised pandas masks and DuckDB anti-joins rather than a pandera schema: cells are
parsed by our own readers first (units, Chinese dates, labels → codes), the codes are checked against
the store in DuckDB, and each rule carries its own Chinese explanation, which is what the report needs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from .. import i18n
from . import parse
from .kinds import KINDS, METRICS, REFS, SIGNED_STAGES, TEMPLATE_VERSION, Col, Kind
from .read import RawSheet

SKIP_SHEETS = {"代码表", "说明", "填写说明", "codes", "readme"}
FAR_ABOVE_CONTRACT = 1.5  # arrivals above this multiple of the contract amount are flagged


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None          # as Excel shows it (1 = the first row); None for the whole file
    column: str              # the header as written in the file (or the template's, when missing)
    value: str
    message: str             # what is wrong and what to write instead, in Chinese
    severity: str = "error"  # "error" rejects the import; "warning" is shown and let through

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": self.value, "severity": self.severity, "message": self.message}


@dataclass
class Sheet:
    raw: RawSheet
    kind: Kind
    header_row: int                      # 0-based row of the (last) header row
    positions: dict[str, int]            # store column -> 0-based column in the sheet
    headers: dict[str, str]              # store column -> header as written
    data: pd.DataFrame = None            # typed values; `_row` = Excel row; store column names
    header_positions: dict[str, int] = field(default_factory=dict)  # header as written -> column


@dataclass
class Checked:
    sheets: list[Sheet]
    problems: list[Problem]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # kind -> typed rows of all its sheets

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def problem_frame(self) -> pd.DataFrame:
        cols = ["file", "sheet", "row", "column", "value", "severity", "message"]
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=cols)


# -- headers -------------------------------------------------------------------------------------
_UNIT = re.compile(r"[(（]\s*(万元|亿元|元)\s*[)）]")


def hnorm(text) -> str:
    """A header as compared: full-width folded, lowercase, no spaces/underscores/stars, no unit."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"\((万元|亿元|元)\)", "", s)
    return re.sub(r"[\s_*\-：:]", "", s)


def header_unit(text) -> str | None:
    m = _UNIT.search(unicodedata.normalize("NFKC", str(text or "")).replace("(", "（").replace(")", "）")) \
        or _UNIT.search(str(text or ""))
    return m.group(1) if m else None


def _header_names(kind: Kind) -> dict[str, str]:
    names = {}
    for c in kind.cols:
        for h in (c.zh, c.name, c.name.removesuffix("_wan"), c.name.removesuffix("_id"), *c.aliases):
            names.setdefault(hnorm(h), c.name)
    return names


HEADERS = {k: _header_names(kind) for k, kind in KINDS.items()}


def _resolve_header(kind: Kind, cells: pd.DataFrame, r: int) -> dict[int, tuple[str | None, str]]:
    """Column position -> (store column or None, header text) for header row r, using row r-1 for
    a two-row header: a vertically merged name stands in row r-1 with row r empty below it."""
    names = HEADERS[kind.key]
    out = {}
    above = cells.iloc[r - 1] if r > 0 else None
    group = above.ffill() if above is not None else None
    for j in range(cells.shape[1]):
        cell = cells.iat[r, j]
        candidates = [cell]
        if above is not None:
            if parse.is_blank(cell):
                candidates.append(above.iloc[j])
            elif not parse.is_blank(group.iloc[j]):
                candidates.append(f"{group.iloc[j]}{cell}")
        hit = next(((names[hnorm(c)], str(c).strip()) for c in candidates
                    if not parse.is_blank(c) and hnorm(c) in names), None)
        if hit:
            out[j] = hit
        elif not parse.is_blank(cell):
            out[j] = (None, str(cell).strip())
        elif above is not None and not parse.is_blank(above.iloc[j]) and r > 0 and _is_vertical(cells, r, j):
            out[j] = (None, str(above.iloc[j]).strip())
    return out


def _is_vertical(cells, r, j) -> bool:
    return parse.is_blank(cells.iat[r, j])


def _score(kind: Kind, cells: pd.DataFrame, r: int) -> int:
    found = {name for name, _ in _resolve_header(kind, cells, r).values() if name}
    return len(found)


def find_header(kind: Kind, cells: pd.DataFrame) -> tuple[int, int]:
    """(header row, number of columns recognised): the row among the first ten that names most of
    the kind's columns (a later row wins a tie: the second row of a two-row header)."""
    best = (0, -1)
    for r in range(min(10, len(cells))):
        s = _score(kind, cells, r)
        if s >= best[1]:
            best = (r, s) if s > best[1] or s > 0 else best
    return best


def sheet_kind(raw: RawSheet, forced: str | None) -> tuple[Kind | None, int]:
    """The kind a sheet holds: forced, from the template's _meta, by sheet name, else by headers."""
    if forced:
        kind = KINDS[forced]
        return kind, find_header(kind, raw.cells)[0]
    meta_kind = raw.meta.get(f"kind:{raw.sheet}") or (raw.meta.get("kind") if raw.sheet == raw.meta.get("sheet") else None)
    if meta_kind in KINDS:
        return KINDS[meta_kind], find_header(KINDS[meta_kind], raw.cells)[0]
    by_name = hnorm(raw.sheet)
    for kind in KINDS.values():
        if by_name and by_name in {hnorm(kind.zh), hnorm(kind.key), *map(hnorm, kind.sheet_aliases)}:
            return kind, find_header(kind, raw.cells)[0]
    scored = []
    for kind in KINDS.values():
        r, s = find_header(kind, raw.cells)
        keys = set(kind.keys[kind.tables[0]])
        found = {name for name, _ in _resolve_header(kind, raw.cells, r).values() if name}
        if s >= 2 and keys <= found:
            scored.append((s, -len(kind.cols), kind, r))
    if not scored:
        return None, 0
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return scored[0][2], scored[0][3]


# -- lookups in the store ------------------------------------------------------------------------
class Lookups:
    """Codes and names of the store's small reference tables, and existence checks for the large ones."""

    def __init__(self, con):
        self.con = con
        self.codes: dict[str, dict[str, str]] = {}   # ref -> normalised code or name -> code
        self.node_chain: dict[str, str] = {}
        # a cursor of its own: the connection may be the dashboard's, shared by its sessions' threads
        cur = con.cursor() if con is not None else None
        for key, ref in REFS.items():
            if not ref.names:
                continue
            rows = cur.execute(ref.select_sql(*ref.names)).fetchall() if cur is not None else []
            lookup = {}
            for row in rows:
                for v in row[1:]:
                    if v:
                        lookup.setdefault(_knorm(v), row[0])
                lookup[_knorm(row[0])] = row[0]
            self.codes[key] = lookup
        if cur is not None:
            self.node_chain = dict(cur.execute("select node_id, chain_id from chain_nodes").fetchall())
            cur.close()

    def missing(self, ref: str, values: set[str]) -> set[str]:
        """The values that are not keys of the ref's table in the store."""
        if not values:
            return set()
        if ref in self.codes:
            return {v for v in values if v not in self.codes[ref].values()}
        if self.con is None:
            return set(values)
        r = REFS[ref]
        frame = pd.DataFrame({"v": sorted(values)})
        cur = self.con.cursor()
        try:
            cur.register("import_values", frame)
            found = cur.execute(r.existing_sql("import_values")).fetchall()
        finally:
            cur.close()
        return set(values) - {v for (v,) in found}


def _knorm(v) -> str:
    return unicodedata.normalize("NFKC", str(v)).strip().lower().replace(" ", "")


def enum_options(enum: str) -> dict[str, dict[str, str]]:
    return METRICS if enum == "metric" else i18n.ENUMS[enum]


def _enum_lookup(enum: str) -> dict[str, str]:
    out = {}
    for code, labels in enum_options(enum).items():
        out[_knorm(code)] = code
        for label in labels.values():
            out[_knorm(label)] = code
            short = re.split(r"[（(]", label)[0].strip()
            out.setdefault(_knorm(short), code)
    return out


ENUM_LOOKUPS = {e: _enum_lookup(e) for e in {c.enum for k in KINDS.values() for c in k.cols if c.enum}}


def enum_hint(enum: str) -> str:
    opts = enum_options(enum)
    return "、".join(f"{v['zh']}（{k}）" for k, v in opts.items())


# -- the check -----------------------------------------------------------------------------------
def check(raws: list[RawSheet], con, forced_kind: str | None = None) -> Checked:
    lookups = Lookups(con)
    problems: list[Problem] = []
    sheets: list[Sheet] = []
    for raw in raws:
        if raw.cells.empty:
            continue
        if hnorm(raw.sheet) in SKIP_SHEETS and not forced_kind:
            continue
        kind, r = sheet_kind(raw, forced_kind)
        if kind is None:
            problems.append(Problem(raw.file, raw.sheet, None, "", "",
                                    "无法识别这张表是哪一类台账：表头中找不到模板的列名（如“项目编号”“项目名称”）。"
                                    "请使用系统下载的模板填写，或在导入时选择台账类型。"))
            continue
        sheets.append(_read_sheet(raw, kind, r, problems))
    if not sheets and not problems:
        names = "、".join(sorted({r.file for r in raws})) or "文件"
        problems.append(Problem(names, "", None, "", "", "文件中没有任何数据（所有工作表都是空的）。请填写数据后再导入。"))
    checked = Checked(sheets, problems)
    for s in sheets:
        if s.data is not None:
            checked.frames.setdefault(s.kind.key, [])
    for key in list(checked.frames):
        parts = [s.data.assign(_file=s.raw.file, _sheet=s.raw.sheet) for s in sheets
                 if s.kind.key == key and s.data is not None]
        checked.frames[key] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    _resolve_refs(checked, lookups)
    _target_rules(checked, lookups)  # resolves scope_id, part of the targets' key
    _unique_keys(checked)
    _rules(checked, lookups)
    checked.problems.sort(key=lambda p: (p.file, p.sheet, p.row or 0, p.severity != "error"))
    return checked


def _read_sheet(raw: RawSheet, kind: Kind, r: int, problems: list[Problem]) -> Sheet:
    cells = raw.cells
    resolved = _resolve_header(kind, cells, r)
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    header_excel_row = r + 1
    version = raw.meta.get("template_version")
    if version is not None and str(version).split(".")[0].isdigit() and int(float(version)) < TEMPLATE_VERSION:
        problems.append(Problem(raw.file, raw.sheet, None, "", str(version),
                                f"这是旧版模板（第 {int(float(version))} 版，现行第 {TEMPLATE_VERSION} 版）。"
                                "已按表头读取；请下次下载新模板填写。", "warning"))
    for j, (name, text) in sorted(resolved.items()):
        if name is None:
            problems.append(Problem(raw.file, raw.sheet, header_excel_row, text, text,
                                    f"未识别的列“{text}”，不会导入。如是有用的数据，请对照模板改为模板中的列名。",
                                    "warning"))
        elif name in positions:
            problems.append(Problem(raw.file, raw.sheet, header_excel_row, text, text,
                                    f"列“{text}”与“{headers[name]}”是同一项（{kind.col(name).zh}），出现了两次；请删除其中一列。"))
        else:
            positions[name] = j
            headers[name] = text
    sheet = Sheet(raw, kind, r, positions, headers, header_positions={t: j for j, (_, t) in resolved.items()})
    missing = [c for c in kind.cols if c.required and c.name not in positions]
    for c in missing:
        problems.append(Problem(raw.file, raw.sheet, header_excel_row, c.zh, "",
                                f"缺少必填列“{c.zh}”。请在第 {header_excel_row} 行表头加上这一列（列名照模板写）。"))
    body = cells.iloc[r + 1:]
    body = body[body.notna().any(axis=1)]
    example_row = raw.meta.get("example_row")
    if example_row is not None and raw.meta.get("sheet") == raw.sheet and int(example_row) - 1 in body.index:
        from .template import example_key

        values = list(cells.iloc[int(example_row) - 1])
        values += [None] * (len(kind.cols) - len(values))
        if example_key(values[:len(kind.cols)]) == str(raw.meta.get("example", "")):
            body = body.drop(index=int(example_row) - 1)
            problems.append(Problem(raw.file, raw.sheet, int(example_row), "", "",
                                    "这是模板的示例行，已跳过（不会导入）。", "warning"))
    if body.empty:
        problems.append(Problem(raw.file, raw.sheet, header_excel_row + 1, "", "",
                                "这张表只有表头，没有数据行。请从表头下一行开始填写数据。"))
        return sheet
    if missing:
        return sheet
    data = pd.DataFrame({"_row": body.index.to_numpy() + 1})
    for c in kind.cols:
        if c.name not in positions:
            continue
        j = positions[c.name]
        values = body.iloc[:, j].reset_index(drop=True)
        header = headers[c.name]
        _formula_problems(raw, body.index, j, header, problems)
        if c.type in parse.PARSERS:
            options = {"unit": header_unit(header)} if c.type == "amount" else {}
            parsed, errs = parse.parse_column(values, c.type, **options)
        else:  # id, enum, ref: codes as text; enums and refs resolved after every sheet is read
            codes = {v: parse.code(v) for v in values.dropna().unique()}
            parsed = values.map(codes).astype(object)
            parsed = parsed.where(parsed.notna(), None)
            errs = pd.Series([None] * len(values), dtype=object)
        bad = errs.notna()
        for i in bad[bad].index:
            problems.append(Problem(raw.file, raw.sheet, int(data.at[i, "_row"]), header, _show(values[i]),
                                    f"“{_show(values[i])}”无法识别：{errs[i]}。"))
        if c.type == "enum":
            lookup = ENUM_LOOKUPS[c.enum]
            codes = parsed.map(lambda v: None if v is None else lookup.get(_knorm(v), "\0" + v))
            unknown = codes.map(lambda v: isinstance(v, str) and v.startswith("\0"))
            for i in unknown[unknown].index:
                problems.append(Problem(raw.file, raw.sheet, int(data.at[i, "_row"]), header, _show(values[i]),
                                        f"“{_show(values[i])}”不是“{c.zh}”可选的值；请填写以下之一：{enum_hint(c.enum)}。"))
            parsed = codes.mask(unknown, None)
        required_missing = values.isna() if c.required else pd.Series(False, index=values.index)
        if raw.formulas:  # a formula without a saved value is reported as such, not as "required"
            required_missing &= pd.Series([(int(r0), j) not in raw.formulas for r0 in body.index], index=values.index)
        for i in required_missing[required_missing].index:
            problems.append(Problem(raw.file, raw.sheet, int(data.at[i, "_row"]), header, "",
                                    f"“{c.zh}”是必填项，不能为空。" + (f"例如：{c.example}" if c.example is not None else "")))
        data[c.name] = parsed.mask(bad, None).to_numpy()
        data[f"_raw_{c.name}"] = values.to_numpy()
    sheet.data = data
    return sheet


def _formula_problems(raw: RawSheet, rows, j: int, header: str, problems: list[Problem]) -> None:
    if not raw.formulas:
        return
    for r0 in rows:
        hit = raw.formulas.get((int(r0), j))
        if hit is None:
            continue
        formula, has_value = hit
        if has_value:
            problems.append(Problem(raw.file, raw.sheet, int(r0) + 1, header, formula,
                                    f"单元格是公式 {formula}，已按 Excel 保存的计算结果导入；请核对结果，最好粘贴为数值。",
                                    "warning"))
        else:
            problems.append(Problem(raw.file, raw.sheet, int(r0) + 1, header, formula,
                                    f"单元格是公式 {formula}，文件里没有保存计算结果。请在 Excel 中打开并保存一次，"
                                    "或把这一列“选择性粘贴为数值”后再导入。"))


def _show(v) -> str:
    if parse.is_blank(v):
        return ""
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.strftime("%Y-%m-%d") if (v.hour, v.minute, v.second) == (0, 0, 0) else str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _each(checked: Checked, kind: str):
    frame = checked.frames.get(kind)
    return frame if frame is not None and not frame.empty else None


def _add(checked: Checked, frame: pd.DataFrame, mask: pd.Series, col: Col | str, message, severity="error",
         kind: Kind | None = None) -> None:
    """One problem per row of `frame` where mask is true; message is a str or a function of the row."""
    name = col if isinstance(col, str) else col.name
    for i in mask[mask.fillna(False).astype(bool)].index:
        row = frame.loc[i]
        sheet = next((s for s in checked.sheets if s.raw.file == row["_file"] and s.raw.sheet == row["_sheet"]), None)
        header = (sheet.headers.get(name) if sheet else None) or \
            (kind.col(name).zh if kind and name in {c.name for c in kind.cols} else name)
        raw = row.get(f"_raw_{name}")
        text = message(row) if callable(message) else message
        checked.problems.append(Problem(row["_file"], row["_sheet"], int(row["_row"]), header, _show(raw), text, severity))


def _resolve_refs(checked: Checked, lookups: Lookups) -> None:
    """Codes or names of referenced rows → the store's codes; unknown ones → a problem."""
    in_file: dict[str, set[str]] = {}
    for key, ref in REFS.items():
        if ref.kind and (frame := _each(checked, ref.kind)) is not None and ref.key in frame:
            in_file[key] = set(frame[ref.key].dropna())
    for kind_key, frame in checked.frames.items():
        if frame.empty:
            continue
        kind = KINDS[kind_key]
        for c in kind.cols:
            if c.type != "ref" or c.name not in frame:
                continue
            ref = REFS[c.ref]
            if c.ref in lookups.codes:
                lookup = lookups.codes[c.ref]
                frame[c.name] = frame[c.name].map(lambda v: None if v is None else lookup.get(_knorm(v), v))
            values = set(frame[c.name].dropna())
            missing = lookups.missing(c.ref, values - in_file.get(c.ref, set()))
            bad = frame[c.name].isin(missing)
            hint = ("请填写代码表中的编号或名称" if ref.names else
                    f"请先导入该{ref.zh}（可放在同一文件的“{KINDS[ref.kind].zh}”表中），或核对编号") \
                if ref.kind or ref.names else "请核对编号"
            _add(checked, frame, bad, c, lambda row, c=c, ref=ref, hint=hint:
                 f"{ref.zh}“{_show(row[f'_raw_{c.name}'])}”在系统中不存在；{hint}。", kind=kind)
            frame.loc[bad, c.name] = None


def _unique_keys(checked: Checked) -> None:
    for kind_key, frame in checked.frames.items():
        if frame.empty:
            continue
        kind = KINDS[kind_key]
        keys = list(kind.keys[kind.tables[0]])
        if not set(keys) <= set(frame.columns):
            continue
        key_frame = frame[keys].astype(str)
        dup = key_frame.duplicated(keep="first")
        if not dup.any():
            continue
        first = {}
        for i, k in zip(frame.index, map(tuple, key_frame.to_numpy())):
            first.setdefault(k, i)
        label = "、".join(kind.col(k).zh for k in keys)

        def msg(row, first=first, keys=keys):
            j = first[tuple(str(row[k]) for k in keys)]
            where = frame.at[j, "_row"]
            other = "" if frame.at[j, "_file"] == row["_file"] and frame.at[j, "_sheet"] == row["_sheet"] \
                else f"（{frame.at[j, '_file']} {frame.at[j, '_sheet']}）"
            return (f"{label}与第 {where} 行{other}重复；同一条记录只能出现一次。"
                    "请删除重复的行，或改正其中一行的编号。")
        _add(checked, frame, dup, keys[0], msg, kind=kind)


def _rules(checked: Checked, lookups: Lookups) -> None:
    for kind_key, frame in checked.frames.items():
        if frame.empty:
            continue
        kind = KINDS[kind_key]
        for c in kind.cols:
            if c.name not in frame:
                continue
            if c.type == "amount":
                neg = frame[c.name].map(lambda v: v is not None and v < 0)
                _add(checked, frame, neg, c, f"“{c.zh}”不能为负数；请填写 0 或正数（单位：万元）。", kind=kind)
            if c.name == "quarter":
                bad = frame[c.name].map(lambda v: v is not None and not 1 <= v <= 4)
                _add(checked, frame, bad, c, "季度只能是 1、2、3、4（也可写 Q1、第一季度）。", kind=kind)
            if c.name == "year":
                bad = frame[c.name].map(lambda v: v is not None and not 2000 <= v <= 2100)
                _add(checked, frame, bad, c, "年份应为四位数年份，例如 2024。", kind=kind)
        if "node_id" in frame and "chain_id" in frame:
            wrong = [n is not None and ch is not None and lookups.node_chain.get(n, ch) != ch
                     for n, ch in zip(frame["node_id"], frame["chain_id"])]
            _add(checked, frame, pd.Series(wrong, index=frame.index), "node_id",
                 lambda row: f"环节“{_show(row['_raw_node_id'])}”不属于产业链“{_show(row['_raw_chain_id'])}”；"
                             "请填写该产业链下的环节（见代码表）。", kind=kind)
    _project_rules(checked)
    _task_rules(checked)
    _quarter_rules(checked, lookups)


def _before(frame, earlier: str, later: str) -> pd.Series:
    if earlier not in frame or later not in frame:
        return pd.Series(False, index=frame.index)
    return pd.Series([a is not None and b is not None and b < a for a, b in zip(frame[earlier], frame[later])],
                     index=frame.index)


def _blank(frame, col: str) -> pd.Series | bool:
    """Cells left empty in the file (not those written but unreadable: those have their own problem)."""
    raw = f"_raw_{col}"
    return frame[raw].map(parse.is_blank) if raw in frame else True


def _project_rules(checked: Checked) -> None:
    frame = _each(checked, "projects")
    if frame is None:
        return
    kind = KINDS["projects"]
    zh = {c.name: c.zh for c in kind.cols}
    for earlier, later in (("signed_date", "actual_start_date"), ("actual_start_date", "operational_date"),
                           ("signed_date", "operational_date")):
        _add(checked, frame, _before(frame, earlier, later), later,
             lambda row, e=earlier, la=later: f"{zh[la]}（{row[la]}）早于{zh[e]}（{row[e]}）；"
                                              f"应为 签约日期 ≤ 实际开工日期 ≤ 建成投运日期，请核对。", kind=kind)
    signed = frame["stage"].isin(SIGNED_STAGES)
    if "signed_date" in frame:
        signed = signed | frame["signed_date"].notna()
    no_date = frame["stage"].isin(SIGNED_STAGES) & _blank(frame, "signed_date")
    _add(checked, frame, no_date, "signed_date",
         lambda row: f"项目阶段为“{i18n.ENUMS['stage'][row['stage']]['zh']}”，必须填写签约日期。", kind=kind)
    no_amount = signed & _blank(frame, "contract_amount_wan")
    _add(checked, frame, no_amount, "contract_amount_wan",
         "已签约项目必须填写合同金额（万元）；如确无金额请填 0 并备注。", kind=kind)
    started = frame["stage"].isin(("started", "operational"))
    no_start = started & _blank(frame, "actual_start_date")
    _add(checked, frame, no_start, "actual_start_date", "项目已开工或投运，必须填写实际开工日期。", kind=kind)
    no_op = (frame["stage"] == "operational") & _blank(frame, "operational_date")
    _add(checked, frame, no_op, "operational_date", "项目已建成投运，必须填写建成投运日期。", kind=kind)
    # stage_since is derived from the stage's own date when not given
    derived = {"signed": "signed_date", "procedures": "signed_date", "started": "actual_start_date",
               "operational": "operational_date"}
    since = frame["stage_since"] if "stage_since" in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for stage, col in derived.items():
        if col in frame:
            since = since.where(~(since.isna() & (frame["stage"] == stage)), frame[col])
    frame["stage_since"] = since.astype(object).where(since.notna(), None)
    needs = frame["stage"].isin(("lead", "negotiating", "stalled", "cancelled")) & frame["stage_since"].isna()
    _add(checked, frame, needs, "stage_since",
         lambda row: f"项目阶段为“{i18n.ENUMS['stage'][row['stage']]['zh']}”，请填写进入当前阶段日期（例如 2024-03-05）。",
         kind=kind)


def _task_rules(checked: Checked) -> None:
    frame = _each(checked, "tasks")
    if frame is None:
        return
    kind = KINDS["tasks"]
    _add(checked, frame, _before(frame, "opened_date", "due_date"), "due_date",
         lambda row: f"办结时限（{row['due_date']}）早于派单日期（{row['opened_date']}），请核对。", kind=kind)
    _add(checked, frame, _before(frame, "opened_date", "closed_date"), "closed_date",
         lambda row: f"办结日期（{row['closed_date']}）早于派单日期（{row['opened_date']}）；任务只能在派单之后办结，请核对。",
         kind=kind)


def _quarter_rules(checked: Checked, lookups: Lookups) -> None:
    frame = _each(checked, "project_quarters")
    if frame is None or "project_id" not in frame:
        return
    kind = KINDS["project_quarters"]
    ids = sorted(set(frame["project_id"].dropna()))
    known = pd.DataFrame(columns=["project_id", "signed_date", "contract_amount_wan"])
    arrived = pd.DataFrame(columns=["project_id", "year", "quarter", "funds_arrived_wan"])
    if ids and lookups.con is not None:
        cur = lookups.con.cursor()
        try:
            cur.register("import_ids", pd.DataFrame({"project_id": ids}))
            known = cur.execute("select p.project_id, p.signed_date, p.contract_amount_wan::double as contract_amount_wan "
                                "from projects p semi join import_ids using (project_id)").df()
            arrived = cur.execute("select q.project_id, q.year, q.quarter, q.funds_arrived_wan::double as funds_arrived_wan "
                                  "from project_quarters q semi join import_ids using (project_id)").df()
        finally:
            cur.close()
    projects = {r.project_id: (r.signed_date, r.contract_amount_wan) for r in known.itertuples()}
    file_projects = _each(checked, "projects")
    if file_projects is not None:
        for r in file_projects.drop_duplicates("project_id").to_dict("records"):
            projects[r["project_id"]] = (r.get("signed_date"), r.get("contract_amount_wan"))

    def signed_date(pid):
        d = projects.get(pid, (None, None))[0]
        return None if d is None or pd.isna(d) else (d.date() if hasattr(d, "date") else d)
    unsigned = frame["project_id"].map(lambda p: p is not None and p in projects and signed_date(p) is None)
    _add(checked, frame, unsigned, "project_id",
         lambda row: f"项目“{row['project_id']}”尚未签约（没有签约日期），不能登记到位资金；"
                     "请先在项目台账中填写签约日期和合同金额。", kind=kind)
    early = [p is not None and y is not None and q is not None and signed_date(p) is not None
             and 1 <= q <= 4 and dt.date(int(y), 3 * int(q), 1) < signed_date(p).replace(day=1)
             for p, y, q in zip(frame["project_id"], frame["year"], frame["quarter"])]
    _add(checked, frame, pd.Series(early, index=frame.index), "quarter",
         lambda row: f"到位资金登记在 {row['year']} 年第 {row['quarter']} 季度，早于项目签约日期"
                     f"（{signed_date(row['project_id'])}）；请核对季度。", "warning", kind=kind)
    # arrivals far above the contract: the store's quarters, with the file's replacing the same quarter
    mine = frame[["project_id", "year", "quarter", "funds_arrived_wan"]].dropna()
    total = pd.concat([arrived, mine]).drop_duplicates(["project_id", "year", "quarter"], keep="last")
    sums = total.groupby("project_id")["funds_arrived_wan"].sum()
    far = []
    for p in frame["project_id"]:
        contract = projects.get(p, (None, None))[1]
        far.append(p in sums and contract is not None and not pd.isna(contract) and float(contract) > 0
                   and sums[p] > FAR_ABOVE_CONTRACT * float(contract))
    _add(checked, frame, pd.Series(far, index=frame.index), "funds_arrived_wan",
         lambda row: f"项目“{row['project_id']}”累计到位资金 {sums[row['project_id']]:,.2f} 万元，超过合同金额 "
                     f"{float(projects[row['project_id']][1]):,.2f} 万元的 {FAR_ABOVE_CONTRACT:g} 倍；请核对单位（万元）和金额。",
         "warning", kind=kind)


def _target_rules(checked: Checked, lookups: Lookups) -> None:
    frame = _each(checked, "targets")
    if frame is None or "scope" not in frame:
        return
    kind = KINDS["targets"]
    scope_ids = frame["scope_id"] if "scope_id" in frame else pd.Series([None] * len(frame), index=frame.index)
    resolved, bad_city, bad_id = [], [], []
    for scope, sid in zip(frame["scope"], scope_ids):
        if scope == "city":
            resolved.append(None)
            bad_city.append(sid is not None)
            bad_id.append(False)
        elif scope in ("chain", "department"):
            lookup = lookups.codes["chains" if scope == "chain" else "departments"]
            code = lookup.get(_knorm(sid)) if sid is not None else None
            resolved.append(code)
            bad_city.append(False)
            bad_id.append(code is None)
        else:
            resolved.append(sid)
            bad_city.append(False)
            bad_id.append(False)
    _add(checked, frame, pd.Series(bad_city, index=frame.index), "scope_id",
         "范围为“全市”时，“产业链或部门”一栏应留空。", kind=kind)
    _add(checked, frame, pd.Series(bad_id, index=frame.index), "scope_id",
         lambda row: f"范围为“{i18n.ENUMS['scope'][row['scope']]['zh']}”时，请在“产业链或部门”填写"
                     f"{'产业链' if row['scope'] == 'chain' else '部门'}的编号或名称（见代码表）。", kind=kind)
    frame["scope_id"] = resolved
    if "quarter" not in frame:
        frame["quarter"] = None
    neg = frame["value"].map(lambda v: v is not None and v < 0)
    _add(checked, frame, neg, "value", "目标值不能为负数。", kind=kind)
