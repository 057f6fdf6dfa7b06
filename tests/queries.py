"""Counting the SQL statements a piece of code runs on the open database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The statements run inside the block, in order (the models' database, patched)."""
    from store.models import database

    db = database.obj
    queries: list[str] = []
    original = db.execute_sql

    def counting(sql, *args, **kwargs):
        queries.append(sql)
        return original(sql, *args, **kwargs)

    db.execute_sql = counting
    try:
        yield queries
    finally:
        del db.execute_sql  # the class's method again
