"""The DuckDB store: opening it safely, and running the named queries under queries/.

A named query is one `.sql` file; its name is the file name. Its leading `--` lines document what it
returns and which parameters it takes. Parameters are bound (`$year`), never pasted into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from .config import QUERIES_DIR, ROOT

SCHEMA = ROOT / "data" / "schema.sql"
SCHEMA_VERSION = "19"  # data/schema.sql writes it into store_info; bump both when the schema changes

REQUIRED_TABLES = (
    "chains", "chain_nodes", "chain_links", "departments", "parks", "companies", "target_companies",
    "projects", "project_quarters", "targets", "tasks", "funds", "fund_investments", "resources",
    "resource_uses", "opportunities", "activities",
)
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class StoreError(Exception):
    """A problem with the store that the user can act on; the message is in Chinese."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    doc: str
    params: frozenset[str]
    access: str | None = None  # `-- Access: rows` or `totals` (zsgt.access decides the scope from it)


@lru_cache(maxsize=None)
def load_query(name: str, queries_dir: Path = QUERIES_DIR) -> Query:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"not a query name: {name!r}")
    path = queries_dir / f"{name}.sql"
    sql = path.read_text(encoding="utf-8")
    doc_lines, access = [], None
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        text = line[2:].strip()
        if text.startswith("Access:"):  # for zsgt.access, not for the reader of a definition
            access = (text.removeprefix("Access:").split() or [None])[0]
            continue
        doc_lines.append(text)
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return Query(name, sql, "\n".join(doc_lines), frozenset(_PARAM.findall(code)), access)


def query_names(queries_dir: Path = QUERIES_DIR) -> list[str]:
    return sorted(p.stem for p in queries_dir.glob("*.sql"))


def open_store(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the store read-only, or raise StoreError saying what is wrong and what to do. Whatever
    fails while opening or checking the file, the connection it opened is closed again."""
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"找不到数据库文件：{path}。请在项目目录运行 `make demo` 生成示例数据，"
            "或设置环境变量 ZSGT_DB 指向已有的数据库文件。"
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(f"数据库文件 {path} 正被另一个程序写入并锁定，请稍后刷新页面。") from exc
        if "could not read enough bytes" in text.lower():
            raise StoreError(damaged_message(path, exc)) from exc
        raise StoreError(f"文件 {path} 不是可读取的 DuckDB 数据库（{text.splitlines()[0]}）。"
                         "请检查 ZSGT_DB 指向的文件，或运行 `make demo` 重新生成示例数据。") from exc
    try:
        _check_opened(con, path)
    except StoreError:
        con.close()
        raise
    except Exception as exc:  # a damaged file fails here, on the first read of its catalogue or blocks
        con.close()
        raise StoreError(damaged_message(path, exc)) from exc
    return con


def damaged_message(path: Path | str, reason: object = None) -> str:
    """What to say about a store file that is cut short or damaged (`reason`: an error or a detail)."""
    reason = f"（{str(reason).splitlines()[0]}）" if reason is not None and str(reason) else ""
    return (f"数据库文件 {path} 不完整或已损坏{reason}：可能是复制或下载中断。"
            "请重新复制完整的数据库文件，或运行 `make demo` 重新生成示例数据。")


def _check_opened(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The opened file is whole, has our tables and our schema version; else StoreError."""
    block_size, total_blocks, free_blocks = con.execute(
        "select block_size, total_blocks, free_blocks from pragma_database_size()"
        " where database_name = current_database()"
    ).fetchone()
    size = path.stat().st_size
    # its used blocks run past the end of the file: cut short (free blocks count in total_blocks but
    # DuckDB may truncate them off the file's end, e.g. after an upgrade rebuilt a large derived table)
    if size < block_size * (total_blocks - free_blocks):
        raise StoreError(damaged_message(
            path, f"文件 {size:,} 字节，按其结构应至少 {block_size * (total_blocks - free_blocks):,} 字节"))
    have = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    missing = [t for t in REQUIRED_TABLES if t not in have]
    if missing:
        raise StoreError(f"数据库 {path} 缺少数据表：{'、'.join(missing)}。"
                         "它不是本系统的数据库，或版本过旧；请用 data/schema.sql 建库或运行 `make demo`。")
    found = None
    if "store_info" in have:
        found = next(iter(con.execute("select value from store_info where key = 'schema_version'").fetchall()),
                     (None,))[0]
    if found != SCHEMA_VERSION:
        raise StoreError(f"数据库 {path} 的结构版本为 {found or '未知'}，本程序需要第 {SCHEMA_VERSION} 版"
                         "（指标口径所用的宏可能已经改变）。请运行 "
                         f"`ZSGT_DB={path} make upgrade-store` 升级（更新宏并补建新增的表，不改动已有数据），或运行 `make demo` "
                         "重建示例数据。")


def upgrade(path: Path | str) -> None:
    """Bring an existing store's shared macros and schema version up to data/schema.sql's, in one
    transaction: the tables added since (e.g. target_status_history) are created empty, the derived
    tables (target_status_spans) are rebuilt from the data, the data is not touched. Needs the file
    not to be open elsewhere."""
    text = SCHEMA.read_text(encoding="utf-8")
    macros = text[text.index("-- == macros =="):]
    con = duckdb.connect(str(path))
    try:
        con.execute("begin")
        con.execute("create table if not exists store_info (key varchar primary key, value varchar not null)")
        # derived tables are dropped and made again from data/schema.sql: their columns may have changed
        con.execute("drop table if exists target_status_spans")
        con.execute(macros)
        refresh_derived(con)
        con.execute("insert or replace into store_info values ('schema_version', ?)", [SCHEMA_VERSION])
        con.execute("commit")
    finally:
        con.close()


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the tables data/schema.sql derives from others, from their definitions there: today
    target_status_spans (target_status_spans_of(), from target_status_history, target_companies and
    companies). Every writer of those tables calls it after writing (the importer, the store
    generators, `make upgrade-store`), inside its own transaction when it has one."""
    con.execute("delete from target_status_spans")
    # in the target list's default order (name_pinyin, company_id): its first page reads a few row groups
    con.execute("insert into target_status_spans select * from target_status_spans_of() "
                "order by name_pinyin, company_id, since_date nulls first")


def _bound(name: str, params: dict) -> tuple[Query, dict]:
    query = load_query(name)
    missing = query.params - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    return query, {k: v for k, v in params.items() if k in query.params}


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run the named query with its parameters bound; one cursor per call (thread-safe)."""
    query, bound = _bound(name, params)
    cur = con.cursor()
    try:
        return cur.execute(query.sql, bound).df()
    finally:
        cur.close()


def run_batches(con: duckdb.DuckDBPyConnection, name: str, batch_rows: int = 65_536,
                **params) -> Iterator[pd.DataFrame]:
    """Run the named query and yield its rows `batch_rows` at a time, in order: a long export is
    written as it is read, never held whole in pandas."""
    query, bound = _bound(name, params)
    cur = con.cursor()
    try:
        reader = cur.sql(query.sql, params=bound).to_arrow_reader(batch_rows)
        for batch in reader:
            yield batch.to_pandas()
    finally:
        cur.close()


if __name__ == "__main__":  # python -m zsgt.store upgrade PATH
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "upgrade":
        sys.exit("usage: python -m zsgt.store upgrade PATH")
    upgrade(sys.argv[2])
    print(f"upgraded {sys.argv[2]} to schema version {SCHEMA_VERSION}")
