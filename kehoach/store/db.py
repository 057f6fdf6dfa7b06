"""Opening the database: where it lives, its pragmas, its file mode, its migrations.

Everything SQLite-specific lives here; the rest of store/ uses peewee's query builder only,
so the same models can later run on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from peewee import DatabaseError, DoesNotExist, InterfaceError, OperationalError, SqliteDatabase

from .errors import KehoachError, busy_error, gone_error, is_busy
from .migrations import migrate
from .models import database
from .schema import SchemaProblem
from .server import is_server_url

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("kehoach", appauthor=False))


def resolve_db_path(cli_path: str | os.PathLike[str] | None = None) -> Path | str:
    """`KEHOACH_DB` if set, else `--db`, else the user data folder (interface.md). A
    `postgresql://` URL is kept as it is (a str): the plans are on a server (store.server)."""
    env = os.environ.get("KEHOACH_DB")
    chosen = env or cli_path
    if is_server_url(chosen):
        return str(chosen)
    if chosen:
        return Path(chosen).expanduser()
    return default_data_dir() / "kehoach.db"


def demo_db_path(cli_path: str | os.PathLike[str] | None = None) -> Path | str:
    """The demo database is a separate file: `--db`, else demo.db in the data folder."""
    if is_server_url(cli_path):
        return str(cli_path)
    if cli_path:
        return Path(cli_path).expanduser()
    return default_data_dir() / "demo.db"


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)


def _check_is_sqlite(path: Path) -> None:
    if path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise KehoachError(
            f"Tệp {path} không phải cơ sở dữ liệu kehoach.",
            f"{path} is not a kehoach database",
        )


def _check_is_kehoach(path: Path) -> None:
    """An existing file that holds kehoach's tables, looked at read-only: nothing is
    written (not even the journal mode) into a file that turns out to be something else."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        found = None
    if found is None:
        raise KehoachError(
            f"Tệp {path} không phải cơ sở dữ liệu kehoach.",
            f"{path} is not a kehoach database",
        )


def _check_schema(path: Path) -> None:
    """An existing file's schema is one this program made (store/schema.py), looked at
    read-only, before anything (even the journal mode) is written to it."""
    from .schema import checked_version

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not con.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'schema_version'"
            ).fetchone():
                return  # none of our tables: migrate() creates them, or says it is not ours
            checked_version(con)
        finally:
            con.close()
    except (SchemaProblem, sqlite3.Error) as exc:
        raise _open_failed(path, exc) from None


class NoDatabase(KehoachError):
    """A command that needs a database found none at `path`. `demo`: the demo database
    (`kehoach demo` writes it beside the default one) when `path` is the default database
    and the demo's exists: the way to use it is `--db demo`."""

    def __init__(self, path: Path, demo: Path | None) -> None:
        self.path = path
        self.demo = demo
        super().__init__(
            f"Chưa có cơ sở dữ liệu {path}; {self.hint_vi}",
            f"there is no database at {path}; {self.hint_en}",
        )

    @property
    def hint_vi(self) -> str:
        if self.demo is not None:
            return f"dữ liệu mẫu: --db {short_path(self.demo)}"
        return "tạo bằng kehoach hoặc kehoach import TỆP; bản mẫu: kehoach demo"

    @property
    def hint_en(self) -> str:
        if self.demo is not None:
            return f"for the demo's: add --db {short_path(self.demo)}"
        return "make one with kehoach or kehoach import FILE; a demo: kehoach demo"


def short_path(path: Path) -> str:
    """`path` as a person types it: under the home folder, from `~`."""
    try:
        return "~/" + str(Path(path).relative_to(Path.home()))
    except ValueError:
        return str(path)


def no_database_error(path: Path) -> NoDatabase:
    demo = default_data_dir() / "demo.db"
    default = path == default_data_dir() / "kehoach.db"
    return NoDatabase(path, demo if default and demo.is_file() else None)


def _open_failed(path: Path, exc: Exception) -> KehoachError:
    """Why the file at `path` was not opened, in one line: its schema is not this program's
    (SchemaProblem: the file is left as it was), it is busy (peewee's OperationalError, or
    SQLite's locked/busy), or it cannot be read (any other database error)."""
    if isinstance(exc, SchemaProblem):
        return KehoachError(
            f"Không mở được {path}: {exc.vi}; tệp được giữ nguyên.",
            f"cannot open {path}: {exc.en}; the file was left as it was",
        )
    if isinstance(exc, OperationalError) or is_busy(exc):
        return busy_error(exc)
    return KehoachError(
        f"Cơ sở dữ liệu {path} bị lỗi: {exc}.",
        f"the database {path} cannot be read: {exc}",
    )


def _cannot_open(path: Path, exc: OSError) -> KehoachError:
    return KehoachError(
        f"Không mở được {path}: {exc.strerror}.", f"cannot open {path}: {exc.strerror}"
    )


def open_database(
    path: str | os.PathLike[str], *, daily_backup: bool = False, create: bool = True
) -> SqliteDatabase:
    """Open (creating if needed, mode 0600) and migrate the database; bind the models to it.
    `daily_backup`: on the first opening of the day, copy it into backups/ first.
    `create=False` (the commands that only read, or need a plan already made): a missing
    or empty file is refused, and so is any file that is not a kehoach database, before
    anything is written to it."""
    if is_server_url(path):
        return open_server(str(path), create=create)
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if not create:
        if not existed:
            raise no_database_error(path)
        try:
            _check_is_sqlite(path)
        except OSError as exc:
            raise _cannot_open(path, exc) from None
        _check_is_kehoach(path)
    try:
        _create_private(path)
        _check_is_sqlite(path)
    except OSError as exc:
        raise _cannot_open(path, exc) from None
    if existed:
        _check_schema(path)
    # Every transaction takes the write lock at its start (BEGIN IMMEDIATE): a read-then-
    # write in one session cannot interleave with another session's write.
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE")
    made: list[Path] = []  # the backup made before a migration, removed if it fails

    def before_migration(step: int) -> None:
        made.append(_backup_before_migration(path, step))

    try:
        db.connect(reuse_if_open=True)
        database.initialize(db)
        # the schema is checked (and an older one upgraded, whole or not at all) before
        # anything else: a file this program did not make is refused untouched, and the
        # day's backup is never a copy of one
        migrate(db, before_step=before_migration, checked=existed)
        if made:
            from .backup import rotate_backups

            rotate_backups(path)
        if daily_backup and existed:
            from .backup import backup_daily

            backup_daily(path)
    except (KehoachError, DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        for copy in made:
            _remove_database_file(copy)
        if isinstance(exc, KehoachError) and not isinstance(exc, SchemaProblem):
            raise
        raise _open_failed(path, exc) from None
    return db


def open_server(url: str, *, create: bool = True):
    """Connect to a PostgreSQL server's database, create or upgrade the schema (the same
    models and steps as a file), bind the models. `create=False`: a database without
    kehoach's tables is refused and left as it was."""
    from .migrations import current_version
    from .server import connect, describe, is_connection_lost, lost_error

    db = connect(url)
    try:
        database.initialize(db)
        if not create and current_version(db) is None:
            raise KehoachError(
                f"Cơ sở dữ liệu {describe(url)} chưa có kế hoạch nào của kehoach.",
                f"the database {describe(url)} holds no kehoach plans yet",
            )
        migrate(db)
    except SchemaProblem as exc:
        db.close()
        raise KehoachError(
            f"Không mở được {describe(url)}: {exc.vi}; cơ sở dữ liệu được giữ nguyên.",
            f"cannot open {describe(url)}: {exc.en}; the database was left as it was",
        ) from None
    except (OperationalError, DatabaseError) as exc:
        db.close()
        if is_connection_lost(exc):
            raise lost_error() from None
        raise busy_error(exc) from None
    except KehoachError:
        db.close()
        raise
    return db


def _remove_database_file(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """One write, all or nothing. At the outermost level it is `BEGIN IMMEDIATE`: the write
    lock is taken before the first read, so every check made inside sees exactly what the
    write will change, and no other session can write in between. Inside another write it
    is a savepoint. A database still busy after SQLite's 5 s of retries, or a row another
    session deleted meanwhile, becomes one KehoachError (never a traceback). On a
    PostgreSQL server the same one-writer-at-a-time rule is a transaction-level advisory
    lock taken first."""
    outermost = database.transaction_depth() == 0
    try:
        with database.atomic():
            if outermost and not isinstance(database.obj, SqliteDatabase):
                database.execute_sql("SELECT pg_advisory_xact_lock(15)")
            yield
    except (OperationalError, InterfaceError) as exc:
        if not outermost:
            # the transaction is the outermost level's to end: a lost connection forgotten
            # here (busy_error) would leave it nothing to end, and a traceback
            raise
        raise busy_error(exc) from None
    except DoesNotExist:
        raise gone_error() from None


def database_is_open(path: str | os.PathLike[str]) -> bool:
    """Are the models bound to this file (or server URL), with a connection open in this
    thread? (Opening it again would only repeat the pragmas and the migration check.)"""
    db = database.obj
    if db is None or db.is_closed():
        return False
    if is_server_url(path) or is_server_url(db.database):
        return str(path).replace("postgres://", "postgresql://", 1) == db.database
    return Path(db.database).resolve() == Path(path).resolve()


# `PRAGMA application_id` of a database `kehoach demo` wrote ("khdm"): demo may replace
# such a file, and no other
DEMO_APPLICATION_ID = 0x6B68646D


def mark_demo(db: SqliteDatabase) -> None:
    db.execute_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")


def is_demo_file(path: Path) -> bool:
    """Was this file written by `kehoach demo`? (Read only.)"""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA application_id").fetchone() == (DEMO_APPLICATION_ID,)
        finally:
            con.close()
    except sqlite3.Error:
        return False


def communes_in(path: Path) -> set[str] | None:
    """The communes whose plans a database file holds (read only, nothing migrated), or
    None when the file is not a kehoach database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {row[0] for row in con.execute("SELECT commune FROM centre")}
        finally:
            con.close()
    except sqlite3.Error:
        return None


def _backup_before_migration(path: Path, step: int) -> Path:
    from .backup import backup_database

    # not rotated yet: a migration that fails removes this copy, and must never have
    # pushed an older one out
    return backup_database(path, reason=f"migration-{step}", rotate=False)


def integrity_ok(db: SqliteDatabase) -> bool:
    rows = db.execute_sql("PRAGMA integrity_check").fetchall()
    return rows == [("ok",)]
