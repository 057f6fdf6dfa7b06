"""Reading a test's database whichever backend holds it: a SQLite file's path, or a
`postgresql://` URL (tests/pgserver.py). Statements are written with `?` placeholders."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


class _ServerConnection:
    def __init__(self, url: str) -> None:
        import psycopg2

        self._con = psycopg2.connect(url)
        self._con.autocommit = True

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        cur = self._con.cursor()
        cur.execute(sql.replace("?", "%s"), params)
        return cur

    def commit(self) -> None:
        pass

    def close(self) -> None:
        self._con.close()


def connect_any(db: str | Path) -> Any:
    """A connection with sqlite3's `execute(sql, params)`, for a file or a server URL."""
    if isinstance(db, str) and db.startswith("postgresql://"):
        return _ServerConnection(db)
    return sqlite3.connect(db)
