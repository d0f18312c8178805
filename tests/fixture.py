"""One function writes the fixture store: data/schema.sql, then every tests/fixture*.sql in order."""

from __future__ import annotations

from pathlib import Path

import duckdb

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def write_fixture(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute((ROOT / "data" / "schema.sql").read_text(encoding="utf-8"))
        for sql in sorted(TESTS.glob("fixture*.sql")):
            con.execute(sql.read_text(encoding="utf-8"))
        con.execute("checkpoint")
    finally:
        con.close()
    return path
