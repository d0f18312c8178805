"""The import of the office's ledgers (zsgt.importer), as a user meets it: files as offices send them,
every problem reported at once in Chinese, a preview, one all-or-nothing write, backups and audit.

Every bad file is written by the test itself (small), and every refused import is checked to leave
the store byte-for-byte unchanged (SHA-256 before and after)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook

from zsgt import store
from zsgt.importer import check_files, parse, report, write
from zsgt.importer.__main__ import main
from zsgt.importer.kinds import KINDS
from zsgt.importer.template import template_bytes

ROOT = Path(__file__).resolve().parent.parent

PROJECT_HEADER = ["项目编号", "项目名称", "企业编号", "产业链", "责任部门", "项目阶段", "签约日期", "合同金额（万元）",
                  "实际开工日期"]
GOOD_PROJECT = ["p9", "新材料项目", "c1", "钢", "市投资促进局", "项目签约", "2024/3/5", "1.2亿元", None]


@pytest.fixture
def db(fixture_path, tmp_path, monkeypatch) -> Path:
    """A private copy of the fixture store; backups go under tmp_path."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(fixture_path, path)
    monkeypatch.setenv("ZSGT_BACKUP_DIR", str(tmp_path / "backups"))
    return path


def xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def csv_file(path: Path, rows: list[list], encoding: str, sep: str = ",") -> Path:
    text = "\r\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def sha(path: Path) -> str:
    return write.sha256_file(path)


def checked(db: Path, *files, kind=None):
    con = store.open_store(db)
    try:
        return check_files(list(files), con, kind)
    finally:
        con.close()


def run_cli(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def rows_of(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- reading cells -------------------------------------------------------------------------------
@pytest.mark.parametrize("cell, expected", [
    ("1,234.5", 1234.5), ("1234.5万元", 1234.5), ("12.3亿元", 123000.0), ("500元", 0.05), (1234.5, 1234.5),
    ("１，２３４", 1234.0), (" 88 万 ", 88.0), ("-5", -5.0),
])
def test_amounts_are_read_into_wan(cell, expected):
    assert parse.amount(cell) == (expected, None)


def test_an_amount_without_a_unit_takes_the_headers_unit():
    assert parse.amount(12.3, "亿元") == (123000.0, None)
    assert parse.amount("5万元", "亿元") == (5.0, None)


@pytest.mark.parametrize("cell", ["abc", "12.3亿美元", "1.2.3", "约100"])
def test_a_text_where_an_amount_belongs_says_what_to_write(cell):
    value, problem = parse.amount(cell)
    assert value is None and "请填写数字金额（单位：万元）" in problem


@pytest.mark.parametrize("cell", ["2024-03-05", "2024/3/5", "2024年3月5日", "2024.3.5", "20240305", 45356,
                                  "45356", dt.datetime(2024, 3, 5), "２０２４－０３－０５", "2024-03-05 00:00:00"])
def test_dates_are_read_in_every_form_offices_write(cell):
    assert parse.date(cell) == (dt.date(2024, 3, 5), None)


@pytest.mark.parametrize("cell, expected", [(2, 2), ("Q3", 3), ("第一季度", 1), ("4季度", 4), (2.0, 2)])
def test_quarters(cell, expected):
    assert parse.integer(cell) == (expected, None)


# -- encodings and headers ------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, sep", [("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", ","),
                                           ("utf-16", "\t"), ("utf-16-le", "\t")])
def test_a_csv_is_read_in_any_encoding_without_asking(db, tmp_path, encoding, sep):
    path = csv_file(tmp_path / "projects.csv", [PROJECT_HEADER, GOOD_PROJECT], encoding, sep)
    result = checked(db, path)
    assert result.ok, report.as_text(result)
    frame = result.frames["projects"]
    assert frame.loc[0, ["name_zh", "chain_id", "department_id", "stage", "contract_amount_wan"]].tolist() == \
        ["新材料项目", "steel", "d1", "signed", 12000.0]
    assert frame.loc[0, "signed_date"] == dt.date(2024, 3, 5)


def test_headers_with_spaces_full_width_brackets_and_english_names_are_matched(db, tmp_path):
    header = [" 项目编号 ", "name_zh", "Company ID", "产业链", "责任部门", "stage", "签约日期", "合同金额(万元)"]
    path = xlsx(tmp_path / "p.xlsx", {"Sheet1": [header, GOOD_PROJECT[:8]]})
    result = checked(db, path)
    assert result.ok, report.as_text(result)
    assert result.frames["projects"].loc[0, "contract_amount_wan"] == 12000.0


def test_a_two_row_merged_header_is_understood(db, tmp_path):
    path = tmp_path / "merged.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["项目编号", "项目名称", "企业编号", "产业链", "责任部门", "项目阶段", "签约信息", None])
    ws.append([None, None, None, None, None, None, "签约日期", "合同金额（万元）"])
    for col in "ABCDEF":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("G1:H1")
    ws.append(GOOD_PROJECT[:8])
    wb.save(path)
    result = checked(db, path)
    assert result.ok, report.as_text(result)
    assert result.frames["projects"].loc[0, ["_row", "signed_date", "contract_amount_wan"]].tolist() == \
        [3, dt.date(2024, 3, 5), 12000.0]


# -- bad input: each file, its message, the store unchanged ------------------------------------------
def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the message a user sees)."""
    h = PROJECT_HEADER
    big = tmp / "big.xlsx"
    with open(big, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(50 * 1024 * 1024)
    png = tmp / "photo.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    empty = tmp / "empty.xlsx"
    empty.write_bytes(b"")
    formula = tmp / "formula.xlsx"
    xlsx(formula, {"项目台账": [h, GOOD_PROJECT[:7] + ["=1000*2"] + [None]]})
    return {
        "missing header": (xlsx(tmp / "missing.xlsx", {"项目台账": [[c for c in h if c != "项目名称"],
                                                              [v for v in GOOD_PROJECT if v != "新材料项目"]]}),
                           "缺少必填列“项目名称”"),
        "wrong headers": (xlsx(tmp / "wrong.xlsx", {"Sheet1": [["甲", "乙", "丙"], [1, 2, 3]]}),
                          "无法识别这张表是哪一类台账"),
        "text for a number": (xlsx(tmp / "text.xlsx", {"项目台账": [h, GOOD_PROJECT[:7] + ["一个亿", None]]}),
                              "“一个亿”无法识别：请填写数字金额"),
        "negative amount": (xlsx(tmp / "neg.xlsx", {"项目台账": [h, GOOD_PROJECT[:7] + [-5, None]]}),
                            "“合同金额（万元）”不能为负数"),
        "unknown chain": (xlsx(tmp / "chain.xlsx", {"项目台账": [h, GOOD_PROJECT[:3] + ["铜"] + GOOD_PROJECT[4:]]}),
                          "产业链“铜”在系统中不存在"),
        "unknown department": (xlsx(tmp / "dep.xlsx", {"项目台账": [h, GOOD_PROJECT[:4] + ["市财政局"] + GOOD_PROJECT[5:]]}),
                               "部门“市财政局”在系统中不存在"),
        "unknown project": (xlsx(tmp / "q.xlsx", {"季度资金到位": [["项目编号", "年份", "季度", "到位资金（万元）"],
                                                              ["p404", 2024, 1, 10]]}),
                            "项目“p404”在系统中不存在"),
        "duplicate keys": (xlsx(tmp / "dup.xlsx", {"项目台账": [h, GOOD_PROJECT, GOOD_PROJECT]}),
                           "项目编号与第 2 行重复"),
        "dates out of order": (xlsx(tmp / "order.xlsx", {"项目台账": [h, GOOD_PROJECT[:5] + ["开工建设", "2024-03-05", 100,
                                                                                       "2024-01-01"]]}),
                               "实际开工日期（2024-01-01）早于签约日期（2024-03-05）"),
        "empty file": (empty, "是空的（0 字节）"),
        "header only": (xlsx(tmp / "header.xlsx", {"项目台账": [h]}), "只有表头，没有数据行"),
        "PNG renamed .xlsx": (png, "不是表格，而是 PNG 文件"),
        "GBK CSV with an unknown chain": (csv_file(tmp / "gbk.csv", [h, GOOD_PROJECT[:3] + ["铜"] + GOOD_PROJECT[4:]], "gbk"),
                                          "产业链“铜”在系统中不存在"),
        "UTF-16 text with an unknown chain": (csv_file(tmp / "u16.txt", [h, GOOD_PROJECT[:3] + ["铜"] + GOOD_PROJECT[4:]],
                                                       "utf-16", "\t"), "产业链“铜”在系统中不存在"),
        "formula without a saved value": (formula, "单元格是公式 =1000*2，文件里没有保存计算结果"),
        "50 MB": (big, "超过单次导入上限"),
        "not text": (_binary(tmp / "random.csv"), "无法识别文件的文字编码"),
    }


def _binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 8)
    return path


BAD = [
    "missing header", "wrong headers", "text for a number", "negative amount", "unknown chain", "unknown department",
    "unknown project", "duplicate keys", "dates out of order", "empty file", "header only", "PNG renamed .xlsx",
    "GBK CSV with an unknown chain", "UTF-16 text with an unknown chain", "formula without a saved value", "50 MB",
    "not text"]


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_with_its_message_and_the_store_unchanged(db, tmp_path, capsys, case):
    path, message = _bad_files(tmp_path)[case]
    before = sha(db)
    code, out = run_cli(capsys, path, "--db", db)
    assert code == 1
    assert message in out
    assert "有错误，未导入任何数据" in out
    assert sha(db) == before


def test_every_problem_of_a_file_is_reported_at_once(db, tmp_path):
    h = PROJECT_HEADER
    path = xlsx(tmp_path / "many.xlsx", {"项目台账": [
        h,
        ["p9", "甲", "c1", "铜", "d1", "项目签约", "2024-03-05", "abc", None],
        ["p10", None, "c404", "steel", "d9", "签了", "2024-13-01", -1, None],
    ]})
    result = checked(db, path)
    got = {(p.row, p.column) for p in result.errors}
    assert got == {(2, "产业链"), (2, "合同金额（万元）"), (3, "项目名称"), (3, "企业编号"), (3, "责任部门"),
                   (3, "项目阶段"), (3, "签约日期"), (3, "合同金额（万元）")}


def test_an_unknown_extra_column_is_a_warning_and_the_rest_goes_in(db, tmp_path, capsys):
    path = xlsx(tmp_path / "extra.xlsx", {"项目台账": [PROJECT_HEADER + ["备注"], GOOD_PROJECT + ["领导关注"]]})
    code, out = run_cli(capsys, path, "--db", db)
    assert code == 0, out
    assert "[提醒]" in out and "未识别的列“备注”，不会导入" in out
    assert rows_of(db, "select name_zh, contract_amount_wan::double from projects where project_id = 'p9'") == \
        [("新材料项目", 12000.0)]


def test_arrivals_for_an_unsigned_project_are_refused_and_far_above_the_contract_warned(db, tmp_path):
    header = ["项目编号", "年份", "季度", "到位资金（万元）"]
    unsigned = rows_of(db, "select project_id from projects where signed_date is null order by 1")[0][0]
    path = xlsx(tmp_path / "q.xlsx", {"季度资金到位": [header, [unsigned, 2024, 1, 10], ["p1", 2024, 2, 99999]]})
    result = checked(db, path)
    assert [(p.row, p.severity) for p in result.problems if "尚未签约" in p.message] == [(2, "error")]
    assert [(p.row, p.severity) for p in result.problems if "倍" in p.message] == [(3, "warning")]


def test_a_signed_project_needs_a_contract_amount(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT[:7] + [None, None]]})
    assert [p.message for p in checked(db, path).errors] == ["已签约项目必须填写合同金额（万元）；如确无金额请填 0 并备注。"]


def test_a_formula_with_a_saved_value_is_read_with_a_warning(db, tmp_path):
    path = tmp_path / "saved.xlsx"
    xlsx(path, {"项目台账": [PROJECT_HEADER, GOOD_PROJECT[:7] + ["=1000*2", None]]})
    # what Excel writes on save: the formula with its cached value
    import zipfile

    src = zipfile.ZipFile(path)
    out = tmp_path / "saved2.xlsx"
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<f>1000*2</f><v></v>", b"<f>1000*2</f><v>2000</v>")
            z.writestr(item, data)
    result = checked(db, out)
    assert result.ok, report.as_text(result)
    assert result.frames["projects"].loc[0, "contract_amount_wan"] == 2000.0
    assert [p.severity for p in result.problems if "公式" in p.message] == ["warning"]


def test_the_report_workbook_marks_the_bad_cells(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT[:7] + ["abc", None]]})
    wb = load_workbook(__import__("io").BytesIO(report.as_excel(checked(db, path))))
    assert wb.sheetnames == ["问题清单", "项目台账"]
    listed = [[c.value for c in row] for row in wb["问题清单"].iter_rows(min_row=2)]
    assert listed == [["p.xlsx", "项目台账", 2, "合同金额（万元）", "abc", "错误",
                       "“abc”无法识别：请填写数字金额（单位：万元），例如 1234.5、1,234.5、1234.5万元 或 12.3亿元；不要写文字或多个数。"]]
    cell = wb["项目台账"]["H2"]
    assert cell.value == "abc" and cell.fill.fgColor.rgb.endswith("FFC7CE") and "无法识别" in cell.comment.text
    assert wb["项目台账"]["G2"].fill.fgColor.rgb in ("00000000", None)


# -- preview, upsert, deletes ---------------------------------------------------------------------
def test_a_corrected_file_reimported_changes_rows_and_never_duplicates_them(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    result = write.apply(checked(db, path), db, files=[path])
    assert [(t.table, t.inserted, t.updated) for t in result.plan.tables] == [("projects", 1, 0)]
    fixed = xlsx(tmp_path / "p2.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT[:7] + ["13000", None]]})
    plan = write.preview(checked(db, fixed), db)
    assert [(t.inserted, t.updated, t.unchanged) for t in plan.tables] == [(0, 1, 0)]
    assert plan.tables[0].changes.to_dict("records") == \
        [{"key": "p9", "column": "contract_amount_wan", "old": "12000", "new": "13000"}]
    write.apply(checked(db, fixed), db, files=[fixed])
    assert rows_of(db, "select count(*), max(contract_amount_wan)::double from projects where project_id = 'p9'") == \
        [(1, 13000.0)]


def test_columns_absent_from_the_file_keep_their_values(db, tmp_path):
    before = rows_of(db, "select * exclude (name_zh) from projects where project_id = 'p1'")
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [["项目编号", "项目名称", "企业编号", "产业链", "责任部门", "项目阶段",
                                                  "签约日期", "合同金额（万元）", "实际开工日期", "建成投运日期"],
                                                 ["p1", "钢结构加工项目（二期）", "c1", "steel", "d2", "operational",
                                                  "2022-03-10", 1000, "2022-06-01", "2023-05-01"]]})
    write.apply(checked(db, path), db, files=[path])
    assert rows_of(db, "select * exclude (name_zh) from projects where project_id = 'p1'") == before
    assert rows_of(db, "select name_zh from projects where project_id = 'p1'") == [("钢结构加工项目（二期）",)]


def test_rows_are_deleted_only_when_asked_and_listed_in_the_preview(db, tmp_path):
    kept = rows_of(db, "select activity_id from activities order by 1")
    path = xlsx(tmp_path / "v.xlsx", {"走访记录": [["走访编号", "走访日期", "方向", "带队领导", "责任部门"],
                                                [kept[0][0], "2023-03-01", "请进来", "其他市领导", "d1"]]})
    assert write.preview(checked(db, path), db).tables[0].deleted == 0
    plan = write.preview(checked(db, path), db, delete_missing=True)
    assert plan.tables[0].deleted == len(kept) - 1
    assert sorted(plan.tables[0].deletes["activity_id"]) == [k for (k,) in kept[1:]]
    write.apply(checked(db, path), db, files=[path])
    assert rows_of(db, "select activity_id from activities order by 1") == kept
    write.apply(checked(db, path), db, files=[path], delete_missing=True)
    assert rows_of(db, "select activity_id from activities order by 1") == kept[:1]


def test_a_delete_that_other_rows_still_reference_is_refused_and_the_store_unchanged(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    before = sha(db)
    with pytest.raises(write.ImportRefused, match="不能删除这些记录"):
        write.apply(checked(db, path), db, files=[path], delete_missing=True)
    assert sha(db) == before


def test_projects_and_their_arrivals_and_companies_go_in_together_from_one_workbook(db, tmp_path, capsys):
    path = xlsx(tmp_path / "all.xlsx", {
        "目标企业": [["企业编号", "企业名称", "省份", "城市", "企业性质", "企业规模", "是否本地企业", "优先级", "跟进状态", "责任部门"],
                  ["c900", "中国银行嘉峪关分行", "甘肃", "嘉峪关", "央企", "大型", "是", "A 重点", "已接触", "d1"]],
        "项目台账": [PROJECT_HEADER, ["p900", "金融服务中心", "c900"] + GOOD_PROJECT[3:]],
        "季度资金到位": [["项目编号", "年份", "季度", "到位资金（万元）"], ["p900", 2024, "Q2", "0.5亿元"]],
    })
    code, out = run_cli(capsys, path, "--db", db)
    assert code == 0, out
    assert rows_of(db, "select name_pinyin, name_initials, is_local from companies where company_id = 'c900'") == \
        [("zhongguoyinhangjiayuguanfenhang", "zgyhjygfh", True)]
    assert rows_of(db, "select priority, status from target_companies where company_id = 'c900'") == [("a", "contacted")]
    assert rows_of(db, "select year, quarter, funds_arrived_wan::double from project_quarters where project_id = 'p900'") == \
        [(2024, 2, 5000.0)]


def test_the_dry_run_prints_the_preview_and_writes_nothing(db, tmp_path, capsys):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    before = sha(db)
    code, out = run_cli(capsys, path, "--db", db, "--dry-run")
    assert code == 0
    assert "项目（projects）：新增 1，更新 0，不变 0" in out and "试运行：未写入" in out
    assert sha(db) == before


# -- audit, backups, restore ----------------------------------------------------------------------
def test_an_import_is_audited_and_backed_up_and_can_be_restored(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ZSGT_BACKUP_KEEP", "2")
    original = rows_of(db, "select count(*) from projects")
    for i in range(3):
        path = xlsx(tmp_path / f"p{i}.xlsx", {"项目台账": [PROJECT_HEADER, [f"p9{i}"] + GOOD_PROJECT[1:]]})
        write.apply(checked(db, path), db, files=[path], user="tester")
    log = rows_of(db, "select user_name, files, sha256, outcome from import_log order by imported_at, files")
    assert [(u, f, o) for u, f, _, o in log] == [("tester", f"p{i}.xlsx", "imported") for i in range(3)]
    assert log[0][2] == sha(tmp_path / "p0.xlsx")
    assert rows_of(db, "select table_name, inserted, updated, deleted from import_log_tables") == [("projects", 1, 0, 0)] * 3
    backups = write.list_backups(db)
    assert len(backups) == 2   # the last N kept
    name = write.restore(db, backups[-1].name, user="tester")   # the store as it was before the second import
    assert name == backups[-1].name
    assert rows_of(db, "select count(*) from projects") == [(original[0][0] + 1,)]
    assert rows_of(db, "select outcome, note from import_log where outcome = 'restored'") == \
        [("restored", f"由备份 {name} 恢复")]


def test_a_refused_import_is_recorded_beside_the_backups(db, tmp_path, capsys):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    with pytest.raises(write.ImportRefused):
        write.apply(checked(db, path), db, files=[path], delete_missing=True, user="tester")
    attempts = write.rejected_attempts(db)
    assert attempts[["user", "files", "outcome"]].values.tolist() == [["tester", "p.xlsx", "rejected"]]


def test_a_second_import_while_one_runs_is_refused(db, tmp_path):
    import fcntl

    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    with open(db.parent / f".{db.name}.import.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(write.ImportRefused, match="另一个导入或恢复正在进行"):
            write.apply(checked(db, path), db, files=[path])


def test_a_store_with_a_pending_wal_is_not_imported_into(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    db.with_name(db.name + ".wal").write_bytes(b"x")
    with pytest.raises(write.ImportRefused, match="未合并的日志文件"):
        write.apply(checked(db, path), db, files=[path])


# -- killed in the middle: the store is the old one or the new one, never a mix ------------------------
@pytest.mark.parametrize("stage", ["mid_write", "staged", "before_swap"])
def test_an_import_killed_mid_write_leaves_the_old_store_whole(db, tmp_path, stage):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    before = sha(db)
    env = {**os.environ, "ZSGT_IMPORT_PAUSE": stage, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "zsgt.importer", str(path), "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.startswith(f"PAUSED {stage}"):
                break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert sha(db) == before
    store.open_store(db).close()
    # the next import cleans up what the killed one left, and goes in whole
    result = write.apply(checked(db, path), db, files=[path])
    assert result.plan.tables[0].inserted == 1
    assert [p.name for p in db.parent.iterdir() if ".import-" in p.name] == []


def test_an_open_reader_keeps_the_old_store_and_a_new_one_sees_the_import_whole(db, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    reader = duckdb.connect(str(db), read_only=True)
    n = reader.execute("select count(*) from projects").fetchone()[0]
    write.apply(checked(db, path), db, files=[path])
    assert reader.execute("select count(*) from projects").fetchone()[0] == n   # its own snapshot, whole
    reader.close()
    assert not db.with_name(db.name + ".wal").exists()
    assert rows_of(db, "select count(*) from projects") == [(n + 1,)]


def test_an_open_dashboard_reopens_the_store_after_an_import(db, tmp_path, monkeypatch, clear_streamlit_caches):
    from zsgt import ui

    monkeypatch.setenv("ZSGT_DB", str(db))
    before = ui.q("store_info")
    n = ui._connection(*ui._store_key()).execute("select count(*) from projects").fetchone()[0]
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    os.utime(db, (1, 1))   # a swap within one mtime tick must still be seen: the mtime differs anyway
    write.apply(checked(db, path), db, files=[path])
    con = ui._connection(*ui._store_key())
    assert con.execute("select count(*) from projects").fetchone()[0] == n + 1
    assert len(ui.q("store_info")) == len(before)


# -- templates --------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_template_has_chinese_headers_drop_downs_codes_and_a_hidden_version(db, kind):
    con = store.open_store(db)
    try:
        wb = load_workbook(__import__("io").BytesIO(template_bytes(kind, con)))
    finally:
        con.close()
    spec = KINDS[kind]
    ws = wb[spec.zh]
    assert [c.value for c in ws[1]] == [c.zh + ("*" if c.required else "") for c in spec.cols]
    assert all("万元" in c.zh for c in spec.cols if c.type == "amount")
    assert wb["_meta"].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert (meta["kind"], meta["template_version"]) == (kind, 1)
    choices = [c for c in spec.cols if c.type == "enum" or (c.type == "ref" and c.ref in
                                                             ("chains", "departments", "parks", "chain_nodes", "funds", "resources"))]
    assert len(ws.data_validations.dataValidation) == len(choices)
    assert "代码表" in wb.sheetnames


def test_a_filled_in_template_goes_in_and_its_example_row_is_skipped(db, tmp_path, capsys):
    con = store.open_store(db)
    try:
        data = template_bytes("activities", con)
    finally:
        con.close()
    wb = load_workbook(__import__("io").BytesIO(data))
    wb["走访记录"].append(["V900", "2024-05-06", "走出去", "主要领导", "市投资促进局", "某集团", "钢"])
    path = tmp_path / "走访记录.xlsx"
    wb.save(path)
    code, out = run_cli(capsys, path, "--db", db)
    assert code == 0, out
    assert "示例行，已跳过" in out
    assert rows_of(db, "select * from activities where activity_id in ('V900', 'V000001')") == \
        [("V900", dt.date(2024, 5, 6), "outbound", "principal", "d1", "某集团", "steel")]


def test_an_old_template_is_recognised(db, tmp_path):
    con = store.open_store(db)
    try:
        wb = load_workbook(__import__("io").BytesIO(template_bytes("activities", con)))
    finally:
        con.close()
    for row in wb["_meta"].iter_rows():
        if row[0].value == "template_version":
            row[1].value = 0
    wb["走访记录"].append(["V900", "2024-05-06", "走出去", "主要领导", "d1", None, None])
    wb.save(tmp_path / "old.xlsx")
    result = checked(db, tmp_path / "old.xlsx")
    assert result.ok
    assert any("旧版模板（第 0 版" in p.message for p in result.warnings)


def test_the_template_command_writes_a_workbook(db, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    code, text = run_cli(capsys, "--template", "projects", "--out", out, "--db", db)
    assert code == 0 and out.exists() and "已生成模板" in text


def test_a_target_status_change_is_kept_in_the_status_history(db, tmp_path):
    company, status, contact = rows_of(db, "select company_id, status, last_contact_date from target_companies "
                                           "where last_contact_date is not null and status != 'signed' order by 1")[0]
    header = ["企业编号", "企业名称", "省份", "城市", "企业性质", "企业规模", "是否本地企业", "优先级", "跟进状态", "责任部门", "最近联系日期"]
    name, prov, city, own, size, local = rows_of(db, "select name_zh, province, city, ownership, size, is_local "
                                                     f"from companies where company_id = '{company}'")[0]
    later = contact + dt.timedelta(days=30)
    path = xlsx(tmp_path / "t.xlsx", {"目标企业": [header, [company, name, prov, city, own, size, "是" if local else "否",
                                                        "a", "已签约", "d1", later.isoformat()]]})
    result = write.apply(checked(db, path), db, files=[path])
    assert [(t.table, t.inserted) for t in result.plan.tables][-1] == ("target_status_history", 2)
    assert rows_of(db, f"select status, since_date from target_status_history where company_id = '{company}' "
                       "order by since_date") == [(status, contact), ("signed", later)]


def test_the_import_history_query_lists_each_import_with_its_rows_per_table(db, tmp_path):
    path = xlsx(tmp_path / "all.xlsx", {
        "项目台账": [PROJECT_HEADER, GOOD_PROJECT],
        "季度资金到位": [["项目编号", "年份", "季度", "到位资金（万元）"], ["p9", 2024, 2, 100], ["p1", 2023, 1, 300]],
    })
    write.apply(checked(db, path), db, files=[path], user="tester")
    con = store.open_store(db)
    try:
        got = store.run(con, "import_history")
    finally:
        con.close()
    assert got[["user_name", "files", "outcome", "inserted", "updated", "deleted", "tables"]].values.tolist() == [
        ["tester", "all.xlsx", "imported", 2, 0, 0, "project_quarters +1 ~0 -0; projects +1 ~0 -0"]]
    assert got["sha256"].tolist() == [sha(path)]


def test_the_store_checks_run_on_the_staged_store_and_a_new_error_refuses_the_import(db, tmp_path, monkeypatch):
    from zsgt import checks

    rule = checks.row_rule("no_test_names", "projects", "name_zh like '%测试%'", ("name_zh",),
                           "项目名称含“测试”：请填写正式名称。", "A project named 测试.")
    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, rule])
    fine = xlsx(tmp_path / "ok.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    write.apply(checked(db, fine), db, files=[fine])   # passes every check
    bad = xlsx(tmp_path / "bad.xlsx", {"项目台账": [PROJECT_HEADER, ["p10", "测试项目"] + GOOD_PROJECT[2:]]})
    before = sha(db)
    with pytest.raises(write.ImportRefused, match=r"(?s)未通过检查.*项目名称含“测试”：请填写正式名称。（1 行）"):
        write.apply(checked(db, bad), db, files=[bad])
    assert sha(db) == before


def test_a_check_failing_before_the_import_does_not_block_it(db, tmp_path, monkeypatch):
    from zsgt import checks

    rule = checks.row_rule("always", "departments", "true", ("name_zh",), "总是失败", "always fails")
    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, rule])
    path = xlsx(tmp_path / "ok.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    assert write.apply(checked(db, path), db, files=[path]).plan.tables[0].inserted == 1


def test_company_pinyin_is_filled_on_a_copy_while_a_reader_keeps_the_old_store(db, capsys):
    con = duckdb.connect(str(db))
    con.execute("update companies set name_pinyin = null, name_initials = null where company_id in ('c4', 'c5')")
    con.close()
    reader = duckdb.connect(str(db), read_only=True)   # the dashboard, open all along
    code, out = run_cli(capsys, "--fill-pinyin", "--db", db)
    assert code == 0 and "已补全 2 家企业的名称拼音" in out and "企业名称拼音 2 / 2" in out
    assert reader.execute("select count(*) from companies where name_pinyin is null").fetchone() == (2,)
    reader.close()
    assert rows_of(db, "select company_id, name_pinyin, name_initials from companies where company_id in ('c4', 'c5') "
                       "order by 1") == [("c4", "huaweijishuyouxiangongsi", "hwjsyxgs"),
                                         ("c5", "baowulvyekejiyouxiangongsi", "bwlykjyxgs")]
    assert rows_of(db, "select note from import_log") == [("补全 2 家企业的名称拼音",)]


def test_a_reference_table_refuses_an_identifier_that_is_not_plain_sql():
    from zsgt.importer.kinds import Ref

    with pytest.raises(ValueError):
        Ref("chains; drop table projects", "chain_id")
    with pytest.raises(ValueError):
        Ref("chains", "chain_id", ("name_zh\" --",))


def test_a_column_or_kind_refuses_an_identifier_that_is_not_plain_sql():
    from zsgt.importer.kinds import Col, Kind

    with pytest.raises(ValueError):
        Col("amount; drop table projects", "金额", "amount")
    with pytest.raises(ValueError):
        Kind("k", "台账", "ledger", ("projects x",), {}, ())


def test_a_city_wide_target_reimported_is_matched_by_its_empty_scope_and_quarter_not_added_again(db, tmp_path):
    # the key (year, quarter, scope, scope_id, metric) has empty parts: NULL matches NULL when the file's
    # rows are matched with the store's, else the row would count as new and break the targets' unique key
    path = xlsx(tmp_path / "t.xlsx", {"目标任务": [["年份", "季度", "范围", "产业链或部门", "指标", "目标值"],
                                                [2023, None, "city", None, "signed_amount", 12000]]})
    plan = write.preview(checked(db, path), db)
    assert [(t.table, t.inserted, t.updated, t.unchanged) for t in plan.tables] == [("targets", 0, 1, 0)]
    assert plan.tables[0].changes.to_dict("records") == \
        [{"key": "2023 / city / signed_amount", "column": "value", "old": "10000", "new": "12000"}]
    write.apply(checked(db, path), db, files=[path])
    assert rows_of(db, "select quarter, value from targets where year = 2023 and scope = 'city' "
                       "and metric = 'signed_amount' order by quarter nulls first") == [(None, 12000), (3, 2500)]


def test_a_table_the_schema_does_not_know_is_kept_whatever_its_name(db, tmp_path):
    # the writer passes names to DuckDB's relation API, never into SQL text: a store's own table whose
    # name SQL would read as syntax is carried into the new store whole
    odd = '"notes; drop table projects --"""'   # the table notes; drop table projects --", quoted
    con = duckdb.connect(str(db))
    con.execute(f"create table {odd} (note varchar)")
    con.execute(f"insert into {odd} values ('备注')")
    con.close()
    path = xlsx(tmp_path / "p.xlsx", {"项目台账": [PROJECT_HEADER, GOOD_PROJECT]})
    write.apply(checked(db, path), db, files=[path])
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(f"select * from {odd}").fetchall() == [("备注",)]
        assert con.execute("select count(*) from projects where project_id = 'p9'").fetchall() == [(1,)]
    finally:
        con.close()


def test_the_schema_declares_no_column_defaults(fixture_path):
    # the writer fills a column the old store lacks with NULL, as an insert naming its columns would
    # only while no column has a default
    con = duckdb.connect(str(fixture_path), read_only=True)
    try:
        assert con.execute("select table_name, column_name from duckdb_columns() "
                           "where column_default is not null and not internal").fetchall() == []
    finally:
        con.close()
