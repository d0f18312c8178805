"""Writing checked rows into the store: preview, one transaction on a copy, checks, atomic swap.

How a reader never sees a half-written store: the store file itself is never opened for writing.
The import copies it to a staging file in the same directory, writes there in one transaction
(upsert by key, deletes only when asked), records the audit rows, runs the store's data checks,
commits, checkpoints and closes (so no `.wal` is left), fsyncs, takes a backup of the current store,
and then `os.replace`s the staging file over the store. A rename within a directory is atomic: a
process opening the path gets the old file or the new one, whole; a process that has the old file
open keeps reading the old inode until it reopens (the dashboard reopens when the file's mtime
changes, zsgt/ui.py). If anything fails, or the process is killed, before the rename, the store is
untouched byte for byte; a stale staging file is removed by the next import.

One import at a time: a lock file beside the store (flock) refuses a second one with a message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import json
import operator
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import duckdb
import pandas as pd
from duckdb import col, count_all, fn, lit

from .. import store
from ..pinyin import pinyin_many
from .kinds import KINDS
from .validate import Checked

ORDER = ("target_companies", "funds", "resources", "projects", "project_quarters", "tasks", "activities",
         "fund_investments", "opportunities", "targets")
TABLE_ZH = {"companies": "企业", "target_companies": "目标企业", "funds": "基金", "resources": "资源",
            "projects": "项目", "project_quarters": "季度资金到位", "tasks": "督办任务", "activities": "走访记录",
            "fund_investments": "基金投资", "opportunities": "投资机会", "targets": "目标任务",
            "target_status_history": "目标企业状态变更"}
CHANGE_ROWS = 2000  # changed fields listed in a preview (the counts are always complete)


class ImportRefused(Exception):
    """The import was not written; the message says why in Chinese. The store is unchanged."""


@dataclass
class TablePlan:
    table: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)   # key, column, old, new
    deletes: pd.DataFrame = field(default_factory=pd.DataFrame)   # keys of the rows to delete


@dataclass
class Plan:
    tables: list[TablePlan]
    store_sha: str

    def counts(self) -> pd.DataFrame:
        return pd.DataFrame([{"table": t.table, "table_zh": TABLE_ZH.get(t.table, t.table), "inserted": t.inserted,
                              "updated": t.updated, "unchanged": t.unchanged, "deleted": t.deleted}
                             for t in self.tables])


@dataclass
class Result:
    import_id: str
    plan: Plan
    backup: Path | None
    seconds: float

    def text(self) -> str:
        parts = [f"{TABLE_ZH.get(t.table, t.table)}：新增 {t.inserted}，更新 {t.updated}，删除 {t.deleted}"
                 for t in self.plan.tables]
        return ("导入完成（" + "；".join(parts) + f"），用时 {self.seconds:.1f} 秒。"
                + (f"导入前的数据库已备份为 {self.backup.name}。" if self.backup else ""))


# -- configuration -------------------------------------------------------------------------------
def backup_dir(store_path: Path) -> Path:
    return Path(os.environ.get("ZSGT_BACKUP_DIR") or Path(store_path).parent / "backups")


def backup_keep() -> int:
    return max(1, int(os.environ.get("ZSGT_BACKUP_KEEP", "10")))


def sha256_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pause(stage: str) -> None:
    """For the kill tests: ZSGT_IMPORT_PAUSE=<stage> stops here (a test kills the process)."""
    if os.environ.get("ZSGT_IMPORT_PAUSE") == stage:
        print(f"PAUSED {stage}", flush=True)
        time.sleep(600)


# -- rows per table --------------------------------------------------------------------------------
def table_frames(checked: Checked) -> list[tuple[str, tuple[str, ...], pd.DataFrame]]:
    """(table, key columns, rows with the table's columns present in the file) in write order."""
    out = []
    for key in ORDER:
        frame = checked.frames.get(key)
        if frame is None or frame.empty:
            continue
        kind = KINDS[key]
        for table in kind.tables:
            keys = kind.keys[table]
            cols = [c.name for c in kind.table_cols(table) if c.name in frame.columns and c.name not in keys]
            if table != kind.tables[0]:
                cols = [c.name for c in kind.cols if c.table == table and c.name in frame.columns]
            rows = frame[list(keys) + cols].copy()
            if table == "companies" and "name_zh" in rows:
                full, initials = pinyin_many(rows["name_zh"].tolist())
                rows["name_pinyin"], rows["name_initials"] = full, initials
            if table == "projects" and "stage_since" in frame and "stage_since" not in rows:
                rows["stage_since"] = frame["stage_since"]
            out.append((table, keys, rows))
    return out


def _name(*parts: str) -> str:
    """A table's name for the relation API (`cur.table`, `insert_into`, `create`): each part double quoted, so
    a name is only ever a name, whatever its characters (a store's own table may be named anything)."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def _same_key(keys) -> duckdb.Expression:
    """The staged row `s` and the store's row `t` have the same key, a NULL key part matching NULL (a city-wide
    target has no scope_id). Written as DuckDB's own comparison, so the join stays a hash join."""
    return reduce(operator.and_, (fn("IS NOT DISTINCT FROM", col("t", k), col("s", k)) for k in keys))


def _changed(values) -> duckdb.Expression:
    """Some value column of the staged row `s` differs from the store's row `t` (NULL against a value differs)."""
    return reduce(operator.or_, (fn("IS DISTINCT FROM", col("t", c), col("s", c)) for c in values), lit(False))


def _insert(cur, table: str, rows: duckdb.DuckDBPyRelation, picked: dict[str, duckdb.Expression]) -> None:
    """Insert `rows` into `table`, each of the table's columns from `picked` and NULL where it has none, as
    `insert into t (picked) select …` would (data/schema.sql declares no column defaults; a test keeps it so)."""
    target = cur.table(_name(table))
    rows.select(*[(picked[c] if c in picked else lit(None).cast(t)).alias(c)
                  for c, t in zip(target.columns, target.types)]).insert_into(_name(table))


def _stage(cur, table: str, keys, rows: pd.DataFrame) -> tuple[duckdb.DuckDBPyRelation, list[str]]:
    """The rows as a relation held in memory, cast to the store's column types (the store's own columns
    only), and its value columns."""
    store_table = cur.table(_name(table))
    types = dict(zip(store_table.columns, store_table.types))
    cols = [c for c in rows.columns if c in types]
    frame = rows[cols].astype(object).where(rows[cols].notna(), None)
    staged = cur.from_df(frame).select(*[col(c).cast(types[c]).alias(c) for c in cols]).materialize()
    return staged, [c for c in cols if c not in keys]


def _diff(staged: duckdb.DuckDBPyRelation, source: duckdb.DuckDBPyRelation, table: str, keys, values,
          delete_missing: bool) -> TablePlan:
    """Compare the staged rows with `source` (the store's table) by key."""
    s, t, same = staged.set_alias("s"), source.set_alias("t"), _same_key(keys)
    changed = _changed(values)
    plan = TablePlan(table)
    plan.inserted = len(s.join(t, same, how="anti"))
    matched = s.join(t, same)
    total, updated = matched.aggregate([count_all(), count_all().where(changed)]).fetchall()[0]
    plan.updated, plan.unchanged = updated, total - updated
    if plan.updated and values:
        picked = [col("s", k).alias(k) for k in keys]
        for c in values:
            picked += [col("t", c).alias(f"old_{c}"), col("s", c).alias(f"new_{c}")]
        rows = matched.filter(changed).select(*picked).limit(CHANGE_ROWS).df()
        records = []
        for r in rows.to_dict("records"):
            key = " / ".join(str(r[k]) for k in keys if r[k] is not None and r[k] == r[k])
            for c in values:
                old, new = r[f"old_{c}"], r[f"new_{c}"]
                if not _same(old, new):
                    records.append({"key": key, "column": c, "old": _text(old), "new": _text(new)})
        plan.changes = pd.DataFrame(records, columns=["key", "column", "old", "new"])
    if delete_missing:
        plan.deletes = t.join(s, same, how="anti").select(*[col("t", k).alias(k) for k in keys]).df()
        plan.deleted = len(plan.deletes)
    return plan


def _same(a, b) -> bool:
    na, nb = a is None or (isinstance(a, float) and a != a) or a is pd.NaT, \
        b is None or (isinstance(b, float) and b != b) or b is pd.NaT
    return (na and nb) or (not na and not nb and a == b)


def _text(v) -> str:
    if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() else f"{v:.2f}".rstrip("0")
    return str(v)


def _plan(cur, checked: Checked, delete_missing: bool) -> list[TablePlan]:
    plans = []
    for table, keys, rows in table_frames(checked):
        staged, values = _stage(cur, table, keys, rows)
        plans.append(_diff(staged, cur.table(_name(table)), table, keys, values, delete_missing))
    return plans


def preview(checked: Checked, store_path: Path | str, delete_missing: bool = False) -> Plan:
    """What the import would do, read from the store (read-only): rows new, changed (old → new),
    unchanged and, when asked, deleted, per table."""
    if not checked.ok:
        raise ImportRefused("文件有错误，不能预览导入。")
    sha = sha256_file(store_path)
    con = store.open_store(store_path)
    try:
        cur = con.cursor()
        try:
            return Plan(_plan(cur, checked, delete_missing), sha)
        finally:
            cur.close()
    finally:
        con.close()


def plan_text(plan: Plan) -> str:
    lines = ["预览："]
    for t in plan.tables:
        lines.append(f"  {TABLE_ZH.get(t.table, t.table)}（{t.table}）：新增 {t.inserted}，更新 {t.updated}，"
                     f"不变 {t.unchanged}" + (f"，删除 {t.deleted}" if t.deleted else ""))
        for r in t.changes.head(20).itertuples():
            lines.append(f"    {r.key} · {r.column}：{r.old or '（空）'} → {r.new or '（空）'}")
        if len(t.changes) > 20:
            lines.append(f"    ……共 {len(t.changes)} 处改动")
        if t.deleted:
            keys = [" / ".join(map(str, r)) for r in t.deletes.head(50).itertuples(index=False)]
            lines.append("    将删除：" + "、".join(keys) + ("……" if t.deleted > 50 else ""))
    return "\n".join(lines)


# -- the write ---------------------------------------------------------------------------------------
@contextmanager
def _lock(store_path: Path):
    lock_path = store_path.parent / f".{store_path.name}.import.lock"
    try:
        f = open(lock_path, "a+")
    except OSError as exc:
        raise ImportRefused(f"无法在数据库所在目录 {store_path.parent} 创建文件（{exc.strerror}）；"
                            "导入需要该目录可写。") from exc
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportRefused("另一个导入或恢复正在进行，请稍候几分钟再试。") from None
        yield
    finally:
        f.close()


def _staging(store_path: Path) -> Path:
    for stale in store_path.parent.glob(f".{store_path.name}.import-*.tmp*"):
        stale.unlink(missing_ok=True)   # left by a killed import (we hold the lock)
    return store_path.parent / f".{store_path.name}.import-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prepare(store_path: Path, expected_sha: str | None) -> tuple[str, Path]:
    """Check the store can be imported into; copy it to a staging file. Returns (sha, staging)."""
    wal = store_path.with_name(store_path.name + ".wal")
    if wal.exists():
        raise ImportRefused(f"数据库旁有未合并的日志文件 {wal.name}：另一个程序正在写入数据库，或上次写入中断。"
                            "请关闭写入数据库的程序后再导入（看板只读打开，不影响）。")
    con = store.open_store(store_path)   # validates it, and holds a shared lock against writers while copying
    try:
        sha = sha256_file(store_path)
        if expected_sha and sha != expected_sha:
            raise ImportRefused("预览之后数据库已被更新（可能有人同时导入了数据）。请重新检查并预览后再确认导入。")
        staging = _staging(store_path)
        shutil.copyfile(store_path, staging)
    finally:
        con.close()
    return sha, staging


def _swap(staging: Path, store_path: Path, sha: str) -> Path:
    """Back up the current store, then rename the staging file over it (atomic)."""
    if staging.with_name(staging.name + ".wal").exists():
        raise ImportRefused("内部错误：暂存数据库的日志未合并，已放弃导入。")
    _fsync(staging)
    backup = _backup(store_path, sha)
    _pause("before_swap")
    if sha256_file(store_path) != sha:
        raise ImportRefused("导入过程中数据库被其他程序改动，已放弃本次导入，请重新导入。")
    os.replace(staging, store_path)
    dir_fd = os.open(store_path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return backup


def _backup(store_path: Path, sha: str) -> Path:
    folder = backup_dir(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store_path.stem}-{stamp}-{sha[:8]}{store_path.suffix}"
    tmp = target.with_name("." + target.name + ".tmp")
    shutil.copyfile(store_path, tmp)
    _fsync(tmp)
    os.replace(tmp, target)
    for old in list_backups(store_path)[backup_keep():]:
        old.unlink(missing_ok=True)
    return target


def list_backups(store_path: Path | str) -> list[Path]:
    """The store's backups, newest first."""
    store_path = Path(store_path)
    folder = backup_dir(store_path)
    if not folder.exists():
        return []
    return sorted(folder.glob(f"{store_path.stem}-*{store_path.suffix}"), key=lambda p: p.name, reverse=True)


def _checks(con) -> list:
    """The store's data checks (issue 11, zsgt.checks) when present: failing error-severity checks."""
    try:
        from ..checks import run_checks
    except ImportError:
        return []
    return [r for r in run_checks(con) if r.severity == "error" and r.failing]


def _audit(cur, import_id: str, user: str, files: list[tuple[str, str]], plans: list[TablePlan],
           outcome: str, note: str = "") -> None:
    cur.execute("insert into import_log values (?, ?, ?, ?, ?, ?, ?)",
                [import_id, dt.datetime.now().replace(microsecond=0), user,
                 "；".join(name for name, _ in files), "；".join(sha for _, sha in files), outcome, note])
    for p in plans:
        cur.execute("insert into import_log_tables values (?, ?, ?, ?, ?)",
                    [import_id, p.table, p.inserted, p.updated, p.deleted])


def _log_rejected(store_path: Path, user: str, files, reason: str) -> None:
    """A refused import leaves the store unchanged, so it is logged beside the backups instead."""
    try:
        folder = backup_dir(store_path)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "rejected-imports.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps({"at": dt.datetime.now().isoformat(timespec="seconds"), "user": user,
                                "files": [n for n, _ in files], "sha256": [s for _, s in files],
                                "outcome": "rejected", "note": reason}, ensure_ascii=False) + "\n")
    except OSError:
        pass


def rejected_attempts(store_path: Path | str) -> pd.DataFrame:
    path = backup_dir(Path(store_path)) / "rejected-imports.jsonl"
    cols = ["at", "user", "files", "outcome", "note"]
    if not path.exists():
        return pd.DataFrame(columns=cols)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        r["files"] = "；".join(r.get("files", []))
    return pd.DataFrame(rows, columns=cols).iloc[::-1].reset_index(drop=True)


def _schema_tables() -> list[str]:
    """The store's tables in data/schema.sql's order (parents before the tables referencing them)."""
    import re

    return re.findall(r"create table (?:if not exists )?(\w+) \(", store.SCHEMA.read_text(encoding="utf-8"))


def _build(staging: Path, snapshot: Path, checked: Checked, delete_missing: bool, import_id: str, user: str,
           file_shas, progress) -> list[TablePlan]:
    """Build the new store in `staging`: data/schema.sql, then every table of the `snapshot` (a
    private copy of the store), the imported rows merged in by key, in one transaction. Building
    afresh rather than updating in place: DuckDB refuses to update a row that another table's
    foreign key references (it updates by delete + insert), which an import of corrected projects does."""
    before = set()
    if _has_checks():
        old = duckdb.connect(str(snapshot), read_only=True)
        try:
            before = {r.check for r in _checks(old)}
        finally:
            old.close()
    con = duckdb.connect(str(staging))
    try:
        con.execute(store.SCHEMA.read_text(encoding="utf-8"))
        con.execute("attach ? as old (read_only)", [str(snapshot)])
        cur = con.cursor()
        cur.execute("begin")
        incoming = {table: (keys, rows) for table, keys, rows in table_frames(checked)}
        old_tables = {t for (t,) in cur.execute(
            "select table_name from information_schema.tables where table_catalog = 'old' and table_schema = 'main'"
        ).fetchall()}
        order = [t for t in _schema_tables() if t in old_tables]
        order += sorted(old_tables - set(order))
        new_tables = set(_schema_tables())
        plans, staged_companies = [], None
        for i, table in enumerate(order):
            progress(0.1 + 0.6 * i / max(1, len(order)), f"写入 {TABLE_ZH.get(table, table)}")
            if table == "target_status_spans":  # derived: refresh_derived rebuilds it below, from the tables written
                continue
            theirs = cur.table(_name("old", "main", table)).set_alias("t")
            if table not in new_tables:   # a table of the store that the schema does not know: kept as it is
                theirs.create(_name(table))
                continue
            common = {c: col("t", c) for c in cur.table(_name(table)).columns if c in theirs.columns}
            if table == "store_info":   # the schema's own rows (its version) stand; the store's others are kept
                mine = cur.table(_name(table)).set_alias("s")
                _insert(cur, table, theirs.join(mine, col("t", "key") == col("s", "key"), how="anti"), common)
                continue
            if table not in incoming:
                _insert(cur, table, theirs, common)
                continue
            keys, rows = incoming[table]
            staged, values = _stage(cur, table, keys, rows)
            plan = _diff(staged, theirs, table, keys, values, delete_missing)
            s, same = staged.set_alias("s"), _same_key(keys)
            if not delete_missing:   # the store's rows the file does not name, as they are
                _insert(cur, table, theirs.join(s, same, how="anti"), common)
            # the file's rows: its columns from the file, the others kept from the store's row
            picked = {c: col("s", c) if c in keys or c in values else col("t", c) for c in common}
            _insert(cur, table, s.join(theirs, same, how="left"), picked)
            if table == "target_companies":
                staged_companies = staged
            plans.append(plan)
            _pause("mid_write")
        if staged_companies is not None and "target_status_history" in new_tables:
            plans.append(_status_history(cur, staged_companies))
        store.refresh_derived(cur)  # target_status_spans from the history as written (also a copied one)
        _audit(cur, import_id, user, file_shas, plans, "imported")
        _pause("staged")
        cur.execute("commit")
        cur.close()
        # the checks read through cursors of their own, which see committed rows only: they run on
        # the committed staging file, which is thrown away if they fail
        progress(0.75, "运行数据检查")
        failing = [r for r in _checks(con) if r.check not in before]
        if failing:
            raise ImportRefused("导入后的数据未通过检查，未导入：\n" + "\n".join(
                f"- {r.message_zh}（{r.failing} 行）" for r in failing))
        con.execute("detach old")
        con.execute("checkpoint")
    finally:
        con.close()
    return plans


def _status_history(cur, staged: duckdb.DuckDBPyRelation) -> TablePlan:
    """A target company whose status the import sets or changes (`staged`, the file's target companies)
    gets a target_status_history row (the status, since its last contact date, else today), so pages read
    it as of their date. A company without history keeps its earlier status up to then (a row for it at
    its old contact date)."""
    cur.register("s_target_companies", staged)
    before = cur.execute("select count(*) from target_status_history").fetchall()[0][0]
    today = dt.date.today()
    cur.execute("""
        insert or replace into target_status_history
        select t.company_id, t.status, t.last_contact_date
        from s_target_companies as s
        join target_companies as n using (company_id)
        join old.main.target_companies as t using (company_id)
        where t.status is distinct from n.status and t.last_contact_date is not null
          and t.last_contact_date < coalesce(n.last_contact_date, ?::date)
          and not exists (select 1 from target_status_history as h where h.company_id = t.company_id)
    """, [today])
    cur.execute("""
        insert or replace into target_status_history
        select n.company_id, n.status, coalesce(n.last_contact_date, ?::date)
        from s_target_companies as s
        join target_companies as n using (company_id)
        left join old.main.target_companies as t using (company_id)
        where (t.company_id is null and n.status != 'not_contacted')
           or (t.company_id is not null and t.status is distinct from n.status)
    """, [today])
    after = cur.execute("select count(*) from target_status_history").fetchall()[0][0]
    cur.unregister("s_target_companies")
    return TablePlan("target_status_history", inserted=after - before)


def _has_checks() -> bool:
    try:
        from .. import checks  # noqa: F401
    except ImportError:
        return False
    return True


def apply(checked: Checked, store_path: Path | str, *, delete_missing: bool = False, files=(),
          user: str | None = None, expected_sha: str | None = None, progress=None) -> Result:
    """Write the checked rows: all or nothing (see the module's docstring). `files` are the paths
    (or (path, name) pairs) the rows came from, for the audit's names and SHA-256. `user` is who
    imports (the signed-in user once login exists; the OS user by default)."""
    store_path = Path(store_path)
    user = user or getpass.getuser()
    progress = progress or (lambda fraction, text: None)
    named = [(item if isinstance(item, tuple) else (item, Path(item).name)) for item in files]
    file_shas = [(name, sha256_file(path)) for path, name in named]
    if not checked.ok:
        _log_rejected(store_path, user, file_shas, f"文件有 {len(checked.errors)} 处错误")
        raise ImportRefused(f"文件有 {len(checked.errors)} 处错误，未导入。")
    started = time.monotonic()
    import_id = uuid.uuid4().hex[:12]
    with _lock(store_path):
        progress(0.05, "复制数据库")
        sha, snapshot = _prepare(store_path, expected_sha)
        staging = snapshot.with_name(snapshot.name + ".new")
        try:
            plans = _build(staging, snapshot, checked, delete_missing, import_id, user, file_shas, progress)
            progress(0.85, "备份并切换到新数据库")
            backup = _swap(staging, store_path, sha)
        except ImportRefused as exc:
            _log_rejected(store_path, user, file_shas, str(exc))
            raise
        except duckdb.Error as exc:
            message = _constraint_message(str(exc))
            _log_rejected(store_path, user, file_shas, message)
            raise ImportRefused(message) from exc
        finally:
            for leftover in (snapshot, staging):
                leftover.unlink(missing_ok=True)
                leftover.with_name(leftover.name + ".wal").unlink(missing_ok=True)
    progress(1.0, "完成")
    return Result(import_id, Plan(plans, sha), backup, time.monotonic() - started)


def _constraint_message(text: str) -> str:
    first = text.splitlines()[0]
    if "foreign key" in text.lower():
        return ("不能删除这些记录：其他表中仍有记录引用它们（例如项目的到位资金或任务）。"
                f"请先删除引用它们的记录，或不勾选“删除文件中没有的记录”。（{first}）")
    return f"写入数据库时违反了数据约束，未导入任何数据：{first}。请按提示核对文件后重新导入。"


def restore(store_path: Path | str, name: str | None = None, user: str | None = None) -> str:
    """Bring back a backup (the newest, or the one named): swapped in atomically like an import,
    after a backup of the current store; the restore is recorded in the restored store's audit."""
    store_path = Path(store_path)
    user = user or getpass.getuser()
    backups = list_backups(store_path)
    chosen = next((b for b in backups if b.name == name), None) if name else (backups[0] if backups else None)
    if chosen is None:
        raise ImportRefused(f"找不到备份“{name}”。" if name else "还没有任何备份。")
    with _lock(store_path):
        sha = sha256_file(store_path) if store_path.exists() else ""
        staging = _staging(store_path)
        try:
            shutil.copyfile(chosen, staging)
            store.open_store(staging).close()   # a usable store of this version, or a Chinese error
            con = duckdb.connect(str(staging))
            try:
                _audit(con.cursor(), uuid.uuid4().hex[:12], user, [(chosen.name, sha256_file(chosen))], [],
                       "restored", f"由备份 {chosen.name} 恢复")
                con.execute("checkpoint")
            finally:
                con.close()
            if store_path.exists():
                _swap(staging, store_path, sha)
            else:
                os.replace(staging, store_path)
        except store.StoreError as exc:
            raise ImportRefused(f"备份 {chosen.name} 不能使用：{exc}") from exc
        finally:
            staging.unlink(missing_ok=True)
    return chosen.name


def fill_pinyin(store_path: Path | str, progress=None, user: str | None = None) -> int:
    """Fill companies.name_pinyin / name_initials where they are empty (a store loaded elsewhere),
    the way an import writes: on a copy, then swapped in, so the dashboard keeps serving meanwhile.
    `progress(fraction, text)` as for apply. Returns how many companies were filled."""
    from ..pinyin import fill_company_pinyin

    store_path = Path(store_path)
    user = user or getpass.getuser()
    progress = progress or (lambda fraction, text: None)
    with _lock(store_path):
        progress(0.02, "复制数据库")
        sha, staging = _prepare(store_path, None)
        try:
            con = duckdb.connect(str(staging))
            try:
                con.execute("begin")
                n = fill_company_pinyin(con, lambda done, total: progress(
                    0.05 + 0.8 * done / max(1, total), f"企业名称拼音 {done:,} / {total:,}"))
                if n:
                    store.refresh_derived(con)  # target_status_spans carries the companies' pinyin
                    _audit(con.cursor(), uuid.uuid4().hex[:12], user, [("（补全企业名称拼音）", "")],
                           [TablePlan("companies", updated=n)], "imported", f"补全 {n} 家企业的名称拼音")
                con.execute("commit")
                con.execute("checkpoint")
            finally:
                con.close()
            if n:
                progress(0.9, "备份并切换到新数据库")
                _swap(staging, store_path, sha)
        finally:
            staging.unlink(missing_ok=True)
            staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
    progress(1.0, "完成")
    return n
