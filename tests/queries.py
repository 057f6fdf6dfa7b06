"""Counting the SQL statements a piece of code runs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from peewee import Database


@contextlib.contextmanager
def counted_queries() -> Iterator[list[str]]:
    """The statements run inside the block, in order, on any connection opened before or
    during it (peewee's Database.execute_sql, patched for the while)."""
    queries: list[str] = []
    original = Database.execute_sql

    def counting(self, sql, *args, **kwargs):
        queries.append(sql)
        return original(self, sql, *args, **kwargs)

    Database.execute_sql = counting  # type: ignore[method-assign]
    try:
        yield queries
    finally:
        Database.execute_sql = original  # type: ignore[method-assign]
