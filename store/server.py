"""The same models on a PostgreSQL server: `--db postgresql://USER@HOST:PORT/DBNAME`.

What SQLite gives by `BEGIN IMMEDIATE` — a transaction that writes holds the one write lock
from its first statement, so a check and its write can never interleave with another
session's write — is given here by a transaction-level advisory lock taken at every BEGIN:
the same single-writer rule, held until COMMIT or ROLLBACK, released by the server when a
connection dies. Readers are never blocked (PostgreSQL's snapshots). A writer that waits
longer than `LOCK_WAIT` is told the database is busy, in the words SQLite's busy timeout
gives. Only this module and store/db.py know which backend is in use.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from peewee import InterfaceError, OperationalError, PostgresqlDatabase

from .errors import KehoachError

SCHEMES = ("postgresql://", "postgres://")
# pg_advisory_xact_lock's key: "kehoach" in ASCII, as one bigint (any fixed number would do)
WRITE_LOCK_KEY = 0x6B65686F616368
LOCK_WAIT = "5s"  # as SQLite's busy_timeout of 5000 ms


def is_server_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


def describe(url: str) -> str:
    """The URL without its password, for messages and file names."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or os.environ.get("USER", "postgres")


class ServerDatabase(PostgresqlDatabase):
    """PostgreSQL with SQLite's write-lock discipline (see the module's docstring)."""

    def _initialize_connection(self, conn) -> None:  # peewee's hook, once per connection
        with conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
            cur.execute("SET client_encoding = 'UTF8'")

    def begin(self, isolation_level=None) -> None:
        super().begin(isolation_level)
        self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


def _driver_missing() -> KehoachError:
    return KehoachError(
        "Thiếu trình kết nối PostgreSQL: cài bằng `pip install 'kehoach[postgres]'`.",
        "the PostgreSQL driver is missing: install it with pip install 'kehoach[postgres]'",
    )


def connect(url: str) -> ServerDatabase:
    """A connected ServerDatabase for `url`, or one line saying why not."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        raise _driver_missing() from None
    db = ServerDatabase(url.replace("postgres://", "postgresql://", 1))
    try:
        db.connect(reuse_if_open=True)
    except (OperationalError, InterfaceError) as exc:
        raise unreachable_error(url, exc) from None
    return db


def unreachable_error(url: str, exc: BaseException) -> KehoachError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return KehoachError(
        f"Không kết nối được máy chủ {describe(url)}: {first}.",
        f"cannot reach the server {describe(url)}: {first}",
    )


def is_connection_lost(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, InterfaceError) or any(
        words in text
        for words in (
            "server closed the connection",
            "connection already closed",
            "terminating connection",
            "could not connect",
            "connection refused",
            "no connection to the server",
        )
    )


def lost_error() -> KehoachError:
    return KehoachError(
        "Mất kết nối tới máy chủ cơ sở dữ liệu; thao tác chưa được ghi. Thử lại (sẽ kết nối lại).",
        "the connection to the database server was lost; nothing was saved. Try again "
        "(it reconnects)",
    )
