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

import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from peewee import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    PostgresqlDatabase,
    ProgrammingError,
    Psycopg2Adapter,
)

from .errors import KehoachError

SCHEMES = ("postgresql://", "postgres://")
# pg_advisory_xact_lock's key: "kehoach" in ASCII, as one bigint (any fixed number would do)
WRITE_LOCK_KEY = 0x6B65686F616368
LOCK_WAIT = "5s"  # as SQLite's busy_timeout of 5000 ms


def is_server_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


def describe(url: str) -> str:
    """The URL without its password, for messages and file names."""
    from urllib.parse import parse_qs

    parts = urlsplit(url)
    host = parts.hostname or parse_qs(parts.query).get("host", ["localhost"])[0]
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{user}{host}{port}{parts.path}"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or os.environ.get("USER", "postgres")


class _Psycopg2(Psycopg2Adapter):
    """peewee's psycopg2 adapter, the driver imported when a server is opened: peewee was
    imported with it hidden (kehoach/__init__.py), so its own module-level names for the
    driver are None and are not used here."""

    def __init__(self) -> None:
        import psycopg2
        from psycopg2 import extensions, extras

        self.driver, self.extensions = psycopg2, extensions
        self.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
        super().__init__()
        self.json_type = self.jsonb_type = extras.Json

    def check_driver(self) -> None:
        """The driver is there: it was imported when this adapter was made."""

    def get_binary_type(self):
        return self.driver.Binary

    def connect(self, db, **params):
        if db.database.startswith("postgresql://"):
            params.setdefault("dsn", db.database)
        else:
            params.setdefault("dbname", db.database)
        conn = self.driver.connect(**params)
        if db._register_unicode:
            self.extensions.register_type(self.extensions.UNICODE, conn)
            self.extensions.register_type(self.extensions.UNICODEARRAY, conn)
        if db._encoding:
            conn.set_client_encoding(db._encoding)
        return conn


class ServerDatabase(PostgresqlDatabase):
    """PostgreSQL with SQLite's write-lock discipline (see the module's docstring)."""

    psycopg2_adapter = _Psycopg2
    psycopg3_adapter = _Psycopg2  # peewee would take psycopg 3 where found: only psycopg2 here
    role = ""  # the login role of the connection, for the audit trail (store.audit)

    def _initialize_connection(self, conn) -> None:  # peewee's hook, once per connection
        with conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
            cur.execute("SET client_encoding = 'UTF8'")
            # the server's clock in this machine's zone: what it stamps on an audit row
            # (store.guards) reads as the program's own datetime.now()
            cur.execute(f"SET TIME ZONE INTERVAL '{_local_offset()}' HOUR TO MINUTE")
            cur.execute("SELECT current_user")
            self.role = cur.fetchone()[0]

    def execute_sql(self, sql, params=None):
        """peewee's, with the server's refusal by its policies or privileges (row-level
        security, store.roles) made one line: nothing of the transaction is kept."""
        try:
            return super().execute_sql(sql, params)
        except DatabaseError as exc:
            if self._may_read_again(sql, exc):
                # a read outside any transaction on a connection the server dropped (it was
                # restarted): read again on a new connection, as the next action would
                self._forget_connection()
                return super().execute_sql(sql, params)
            refused = refused_as(exc)
            if refused is None:
                raise
            raise refused from None

    def _may_read_again(self, sql: str, exc: BaseException) -> bool:
        head = sql.lstrip()[:20].upper()
        return (
            head.startswith(("SELECT ", "WITH "))
            and "PG_ADVISORY" not in head  # begin()'s lock: its BEGIN was on the old one
            and not self.in_transaction()
            and is_connection_lost(exc)
        )

    def _forget_connection(self) -> None:
        with contextlib.suppress(Exception):
            self._state.conn.close()
        self._state.reset()

    def commit(self):
        """peewee's; a rule the server checks only at COMMIT (a deferred trigger of
        store.roles) refusing it is the same one line as a policy's refusal."""
        try:
            return super().commit()
        except Exception as exc:
            refused = refused_as(exc)
            if refused is None:
                raise
            raise refused from None

    def begin(self, isolation_level=None) -> None:
        super().begin(isolation_level)
        try:
            self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        except Exception:
            # the transaction was begun but is not ours yet (peewee pushes it after BEGIN
            # returns): end it here, or the connection stays in an aborted transaction
            with contextlib.suppress(Exception):
                self.cursor().execute("ROLLBACK")
            raise


def _local_offset() -> str:
    import datetime as _dt

    minutes = int(_dt.datetime.now().astimezone().utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE: a policy's WITH CHECK, or no privilege
UNIQUE_VIOLATION, CHECK_VIOLATION = "23505", "23514"


def refused_as(exc: BaseException) -> KehoachError | None:
    """The one line for a statement the server refused by its row-level security policies
    or the role's privileges, or by its own rules (store.guards); None for any other
    error."""
    orig = exc.__context__ if getattr(exc, "pgcode", None) is None else exc
    code = getattr(orig, "pgcode", None)  # psycopg2's, under peewee's
    constraint = getattr(getattr(orig, "diag", None), "constraint_name", None) or ""
    if code == UNIQUE_VIOLATION and constraint == "centre_commune_key":
        return KehoachError(
            "Máy chủ từ chối: tên xã trùng với một trung tâm khác (kể cả khi bỏ dấu).",
            "the server refused it: the commune's name is another centre's (diacritics aside)",
        )
    if code == CHECK_VIOLATION and constraint.startswith("kehoach_"):
        return KehoachError(
            f"Máy chủ từ chối một giá trị ngoài khoảng cho phép ({constraint}).",
            f"the server refused a value out of its range ({constraint})",
        )
    if code != INSUFFICIENT_PRIVILEGE:
        return None
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else "permission denied"
    role = getattr(database_obj(), "role", "") or "?"
    return KehoachError(
        f"Máy chủ từ chối: vai trò “{role}” không được đọc hoặc sửa dữ liệu này ({first}).",
        f"the server refused it: the role “{role}” may not read or change this ({first})",
    )


def database_obj():
    from .models import database

    return database.obj


def database_role() -> str:
    """The database role the models' connection logs in as; "" on SQLite."""
    db = database_obj()
    return db.role if isinstance(db, ServerDatabase) else ""


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
    except ProgrammingError:  # libpq could not read the address itself
        raise bad_address_error() from None
    except (OperationalError, InterfaceError) as exc:
        raise unreachable_error(url, exc) from None
    return db


def bad_address_error() -> KehoachError:
    """One line within 80 columns for an address libpq cannot read: the form it must have,
    never the address itself (it may hold a password) nor libpq's reason (which quotes it,
    and would not fit)."""
    return KehoachError(
        "Địa chỉ sau --db không đọc được; dạng: postgresql://NGƯỜI@MÁY/TÊN.",
        "unreadable address after --db; its form: postgresql://USER@HOST/NAME",
    )


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


def forget_lost_connection(exc: BaseException) -> KehoachError | None:
    """When `exc` says the server's connection is gone: drop it, so that the next action
    opens a new one (peewee connects on first use), and return the one line to show."""
    from .models import database

    db = database.obj
    if not isinstance(db, ServerDatabase) or not is_connection_lost(exc):
        return None
    db._forget_connection()  # peewee's per-thread state: no connection, no open transaction
    return lost_error()


def lost_error() -> KehoachError:
    return KehoachError(
        "Mất kết nối tới máy chủ cơ sở dữ liệu; thao tác chưa được ghi. Thử lại (sẽ kết nối lại).",
        "the connection to the database server was lost; nothing was saved. Try again "
        "(it reconnects)",
    )


# --- backups: pg_dump's custom format, restored into a new database, then swapped in ---

DUMP_SUFFIX = ".dump"


def _tool(name: str) -> str:
    import glob
    import shutil

    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    raise KehoachError(
        f"Không có chương trình {name}: cài gói Debian `postgresql-client`.",
        f"{name} is not installed: it comes with the Debian package postgresql-client",
    )


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "PGCONNECT_TIMEOUT": "10"}


def _run(cmd: list[str], url: str, what: str, timeout: int = 600, what_vi: str = "") -> None:
    import subprocess

    try:
        done = subprocess.run(
            cmd, env=_env(url), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise KehoachError(
            f"{what_vi or what}: quá {timeout} giây, đã dừng.", f"{what}: over {timeout} s, stopped"
        ) from None
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise KehoachError(f"{what_vi or what}: {last}", f"{what}: {last}")


def backup_folder() -> Path:
    from .db import default_data_dir

    return default_data_dir() / "backups"


class NotWhole(KehoachError):
    """A role bound by the row-level security policies (store.roles) sees its centre's rows
    only: its pg_dump would be a part of the database that looks like the whole."""


def _rights(url: str) -> tuple[str, bool, bool]:
    """(the login role, whether it sees every row — a superuser, a role that bypasses
    row-level security or one that owns the tables —, whether it may create a database)."""
    import psycopg2

    try:
        con = psycopg2.connect(url)
    except psycopg2.Error as exc:
        raise unreachable_error(url, exc) from None
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT current_user, r.rolsuper OR r.rolbypassrls"
                " OR coalesce(pg_has_role(c.relowner, 'USAGE'), true),"
                " r.rolsuper OR r.rolcreatedb"
                " FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('plan')"
                " WHERE r.rolname = current_user"
            )
            role, whole, createdb = cur.fetchone()
    finally:
        con.close()
    return role, bool(whole), bool(createdb)


def _not_whole(role: str, what_vi: str, what_en: str) -> NotWhole:
    return NotWhole(
        f"{what_vi} trên máy chủ là việc của chủ cơ sở dữ liệu: vai trò “{role}” chỉ thấy "
        "dữ liệu của trung tâm mình, bản sao sẽ không đủ; chạy lệnh với vai trò chủ.",
        f"{what_en} on a server is the database owner's: the role “{role}” sees its own "
        "centre's rows only, so its copy would not be whole; run it as the owner",
    )


def dump(url: str, *, reason: str = "manual", target: Path | None = None) -> Path:
    """A consistent copy of the server's database (pg_dump, custom format; one snapshot, so
    it is whole even while others write), created 0600 under a temporary name and renamed
    when complete. Default place: backups/ in the user's data folder. Only a role that sees
    every row makes one (NotWhole otherwise): a centre's copy would hold its rows only."""
    import datetime as _dt

    from .backup import private_temp, remove_leftovers

    role, whole, _ = _rights(url)
    if not whole:
        raise _not_whole(role, "Sao lưu", "a backup")
    if target is None:
        folder = backup_folder()
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        name = f"{database_name(url)}-{stamp}-{reason}{DUMP_SUFFIX}"
    else:
        folder, name = Path(target).parent, Path(target).name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_leftovers(folder)
        tmp = private_temp(folder, name)
    except OSError as exc:
        raise KehoachError(
            f"Không ghi được vào {folder}: {exc.strerror}.",
            f"cannot write in {folder}: {exc.strerror}",
        ) from None
    try:
        # the owner (checked above): every row; and pg_dump without --enable-row-security
        # fails rather than dump part of a table, should a policy bind the role after all
        cmd = [_tool("pg_dump"), "-Fc", "-f", str(tmp), "-d", url]
        _run(cmd, url, "pg_dump")
        final = folder / name
        if target is not None and os.path.lexists(final):
            raise KehoachError(f"{final} đã có.", f"{final} exists already")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


GUARDS_VERSION = 6  # the schema version whose step made store.guards'
RESTORE_LOCK_KEY = WRITE_LOCK_KEY + 1  # held (session-level) by a restore while it runs


def _admin(url: str):
    """A connection to the server's `postgres` database, autocommit, as `url`'s role."""
    from urllib.parse import urlunsplit

    import psycopg2

    parts = urlsplit(url)
    try:
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    except psycopg2.Error as exc:
        raise unreachable_error(url, exc) from None
    admin.autocommit = True
    return admin


def _drop_leftovers(cur, name: str) -> list[str]:
    """Drop the `NAME_restore_STAMP` databases a killed restore left (each a whole copy of
    every centre), those nobody is connected to; the caller holds RESTORE_LOCK_KEY, so none
    is a running restore's. Returns the names dropped."""
    import re

    import psycopg2

    pattern = re.compile(re.escape(f"{name}_restore_"[:49]) + r"\d{14}$")
    cur.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{name}_restore_%",))
    dropped = []
    for (found,) in cur.fetchall():
        if not pattern.fullmatch(found) or not _nobody_connected(cur, found, wait=0):
            continue
        try:
            cur.execute(f'DROP DATABASE "{found}"')
        except psycopg2.Error:  # not ours to drop, or someone connected since the look
            continue
        dropped.append(found)
    return dropped


def remove_restore_leftovers(url: str) -> list[str]:
    """What a killed `restore` left on the server (see _drop_leftovers), removed now unless
    a restore is running; the names removed (none when the server cannot be asked)."""
    try:
        admin = _admin(url)
    except KehoachError:
        return []
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", (RESTORE_LOCK_KEY,))
            if not cur.fetchone()[0]:
                return []
            try:
                return _drop_leftovers(cur, database_name(url))
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s)", (RESTORE_LOCK_KEY,))
    finally:
        admin.close()


def _centres(url: str) -> dict[int, str]:
    db = connect(url)
    try:
        if not db.execute_sql("SELECT to_regclass('centre') IS NOT NULL").fetchone()[0]:
            return {}  # a database kehoach has not set up yet
        return dict(db.execute_sql("SELECT id, commune FROM centre").fetchall())
    finally:
        db.close()


def _roles(url: str) -> set[str]:
    """The roles kehoach_role lists (a centre's, the office's): each one's access rules
    hang on its row."""
    from .roles import ROLE_TABLE

    db = connect(url)
    try:
        if not db.execute_sql(f"SELECT to_regclass('{ROLE_TABLE}') IS NOT NULL").fetchone()[0]:
            return set()  # no role added yet
        return {r[0] for r in db.execute_sql(f"SELECT role FROM {ROLE_TABLE}").fetchall()}
    finally:
        db.close()


def restore(url: str, source: Path) -> Path:
    """Put a pg_dump copy back: restored into a new database on the same server, checked
    (a kehoach schema this program knows, the plans readable, every centre and every
    role the database has now), and only then swapped in by renaming; the database it replaces is dumped
    first and the dump's path returned. Nothing is changed when any step fails; the swap
    needs that nobody else is connected. The owner's job, and it needs CREATEDB."""
    import datetime as _dt
    from urllib.parse import urlunsplit

    import psycopg2

    name = database_name(url)
    role, whole, createdb = _rights(url)
    if not whole:
        raise _not_whole(role, "Khôi phục", "a restore")
    if not createdb:
        raise KehoachError(
            f"Khôi phục trên máy chủ cần quyền tạo cơ sở dữ liệu: quản trị máy chủ chạy "
            f"`ALTER ROLE {role} CREATEDB` (sudo -u postgres psql).",
            f"a restore on a server needs the right to create a database: the server's "
            f"administrator runs `ALTER ROLE {role} CREATEDB` (sudo -u postgres psql)",
        )
    stamp = _dt.datetime.now().strftime("%Y%m%d%H%M%S")
    fresh = f"{name}_restore_"[:49] + stamp
    parts = urlsplit(url)

    def at(db: str) -> str:
        return urlunsplit(parts._replace(path=f"/{db}"))

    _run(
        [_tool("pg_restore"), "--list", str(source)],
        url,
        f"{source} is not a copy made by kehoach backup on a server",
        what_vi=f"{source} không phải bản sao do kehoach backup trên máy chủ tạo",
    )
    admin = _admin(url)
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", (RESTORE_LOCK_KEY,))
            if not cur.fetchone()[0]:
                raise KehoachError(
                    "Đang có một lần khôi phục khác trên máy chủ này; thử lại sau.",
                    "another restore is running on this server; try again later",
                )
            try:
                cur.execute(f'CREATE DATABASE "{fresh}"')
            except psycopg2.Error as exc:
                first = str(exc).strip().splitlines()[0]
                raise KehoachError(
                    f"Không tạo được cơ sở dữ liệu tạm {fresh}: {first}.",
                    f"cannot create the temporary database {fresh}: {first}",
                ) from None
        try:
            _run(
                [
                    _tool("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    "-d",
                    at(fresh),
                    str(source),
                ],
                url,
                "pg_restore",
            )
            _check_restored(at(fresh))
            _check_every_centre(_centres(url), _centres(at(fresh)))
            _check_every_role(_roles(url), _roles(at(fresh)))
            saved = dump(url, reason="before-restore")
            in_use = KehoachError(
                f"Có người đang kết nối tới {name}; khôi phục khi không ai dùng.",
                f"others are connected to {name}; restore when nobody is using it",
            )
            with admin.cursor() as cur:
                if not _nobody_connected(cur, name):
                    raise in_use
                old = f"{name}_before_"[:49] + stamp
                try:
                    cur.execute(f'ALTER DATABASE "{name}" RENAME TO "{old}"')
                except psycopg2.errors.ObjectInUse:  # someone connected since the look
                    raise in_use from None
                cur.execute(f'ALTER DATABASE "{fresh}" RENAME TO "{name}"')
                cur.execute(f'DROP DATABASE "{old}"')
            return saved
        except BaseException:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            raise
    finally:
        admin.close()  # the restore's lock goes with its connection


def _check_every_centre(live: dict[int, str], copy: dict[int, str]) -> None:
    """A copy lacking centres the database has now is not a whole database (a centre's
    role's dump, an old file): restoring it would delete them."""
    lost = sorted(commune for centre_id, commune in live.items() if centre_id not in copy)
    if lost:
        names = ", ".join(lost[:3]) + ("…" if len(lost) > 3 else "")
        raise KehoachError(
            f"Bản sao thiếu {len(lost)} trung tâm mà cơ sở dữ liệu đang có ({names}); "
            "khôi phục sẽ xóa chúng, nên không khôi phục.",
            f"the copy lacks {len(lost)} centres the database has now ({names}); restoring "
            "it would delete them, so it is refused",
        )


def _check_every_role(live: set[str], copy: set[str]) -> None:
    """A copy lacking roles the database lists now (one made before `server add-centre`
    or `add-office`) would leave those logins without their rows in kehoach_role: their
    access silently gone."""
    lost = sorted(live - copy)
    if lost:
        names = ", ".join(lost[:3]) + ("…" if len(lost) > 3 else "")
        raise KehoachError(
            f"Bản sao thiếu {len(lost)} vai trò mà cơ sở dữ liệu đang có ({names}); "
            "khôi phục sẽ bỏ quyền truy cập của chúng, nên không khôi phục.",
            f"the copy lacks {len(lost)} roles the database has now ({names}); restoring "
            "it would drop their access, so it is refused",
        )


def _nobody_connected(cur, name: str, wait: float = 3.0) -> bool:
    """Whether no session is on database `name`, waiting a little: a client that has just
    closed its connection (the pg_dump made a moment ago) keeps its server process listed
    until that process has exited."""
    import time

    deadline = time.monotonic() + wait
    while True:
        cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,))
        if not cur.fetchone()[0]:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def _check_restored(url: str) -> None:
    """The restored database is a kehoach one at a version this program knows."""
    from .migrations import LATEST, current_version

    db = connect(url)
    try:
        version = current_version(db)
        if version is None or not 1 <= version <= LATEST:
            raise KehoachError(
                "Bản sao không phải cơ sở dữ liệu kehoach mà chương trình này đọc được.",
                "the copy is not a kehoach database this program can read",
            )
        db.execute_sql("SELECT count(*) FROM plan").fetchone()
        _check_objects(db)
        if version >= GUARDS_VERSION:  # its own function put back (an older copy: on open)
            from .guards import apply

            with db.atomic():
                apply(db, version)
    finally:
        db.close()


def _check_objects(db: ServerDatabase) -> None:
    """Nothing in the copy but what kehoach makes: its tables (and the roles table), no
    view or rule, no trigger or function but its own (store.roles: only where the roles
    table is) — which are then written again from store.roles, with the policies and every
    known role's privileges, so a copy cannot bring one of the same name that says
    otherwise."""
    from .guards import OWN_FUNCTIONS as GUARD_FUNCTIONS
    from .guards import OWN_TRIGGERS as GUARD_TRIGGERS
    from .models import MODELS
    from .roles import OWN_FUNCTIONS, ROLE_TABLE, TRANSITION_TABLE, TRIGGERS, reapply

    tables = {
        row[0]
        for row in db.execute_sql(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
        ).fetchall()
    }
    with_roles = ROLE_TABLE in tables

    def names(sql: str) -> set[str]:
        return {row[0] for row in db.execute_sql(sql).fetchall()}

    user_schemas = "NOT IN ('information_schema') AND left(n.nspname, 3) <> 'pg_'"
    found = {
        "trigger": names(
            "SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c"
            " ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            f" WHERE NOT t.tgisinternal AND n.nspname {user_schemas}"
        )
        - (TRIGGERS if with_roles else set())
        - GUARD_TRIGGERS,
        "view": names(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('v', 'm') AND n.nspname {user_schemas}"
        ),
        "rule": names(
            "SELECT r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
            f"AND n.nspname {user_schemas}"
        ),
        "function": names(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            f"WHERE n.nspname {user_schemas}"
        )
        - (OWN_FUNCTIONS if with_roles else set())
        - GUARD_FUNCTIONS,
        "table": names(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            f"WHERE c.relkind IN ('r', 'p', 'f') AND n.nspname {user_schemas}"
        )
        - {m._meta.table_name for m in MODELS}
        - ({ROLE_TABLE, TRANSITION_TABLE} if with_roles else set()),
    }
    for kind, extra in found.items():
        if extra:
            raise KehoachError(
                f"Bản sao có {kind} {sorted(extra)[0]}, thứ kehoach không bao giờ tạo.",
                f"the copy holds a {kind} ({sorted(extra)[0]}), which kehoach never makes",
            )
    if with_roles:
        with db.atomic():
            reapply(db)
