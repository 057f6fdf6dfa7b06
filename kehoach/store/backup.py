"""Copies of the database made with SQLite's online backup, kept in the data folder; and
putting a copy back (restore).

Every copy goes through SQLite's backup API (committed data still in a `-wal` file comes
along). A copy is written under a hidden temporary name created 0600 from its first byte,
checked with `PRAGMA integrity_check`, and renamed to its name only when complete; the
leftovers of a killed run are removed by the next one and never counted. Rotation keeps
the last KEEP copies, and besides them never deletes the newest copy that passed the
integrity check, nor a copy made before a restore or a replacing import in the last
PROTECT_DAYS days.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import sqlite3
from pathlib import Path

from .errors import KehoachError, busy_error, is_busy

KEEP = 10
PROTECT_DAYS = 30
PROTECTED_REASONS = ("before-restore", "import-replace", "before-replace")
DAMAGED = "-damaged"  # added to the name of a copy that failed the integrity check
PAGE_SIZE = 4096  # SQLite's default: a restored copy is brought to the database's own

_TEMP = re.compile(r"^\..+\.(\d+)\.tmp(?:-journal|-wal|-shm)?$")


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_daily(db_path: Path) -> Path | None:
    """The first opening of a day leaves a copy of the database as it was (a file's only:
    a server is backed up by `kehoach backup`, pg_dump, on the office's schedule)."""
    from .server import is_server_url

    if is_server_url(db_path):
        return None
    db_path = Path(db_path)
    today = _dt.date.today().strftime("%Y%m%d")
    if any(backup_dir(db_path).glob(f"{db_path.stem}-{today}-*-daily*.db")):
        return None
    return backup_database(db_path, reason="daily")


def process_alive(pid: int) -> bool:
    """Whether process `pid` may still be running (this one; or one signal 0 finds, even
    someone else's): only a process that is surely gone has its temporary files removed."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process
        return True
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files of copies whose process is gone (killed mid-copy)."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = _TEMP.match(entry.name)
            if match and not process_alive(int(match.group(1))):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def private_temp(folder: Path, name: str) -> Path:
    """A new empty file `.NAME.PID.tmp` in `folder`, mode 0600 from its creation."""
    for n in range(100):
        tmp = folder / f".{name}.{n}.{os.getpid()}.tmp"
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(tmp)


def _remove_db(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _copy(source: sqlite3.Connection, dest_path: Path) -> bool:
    """Copy through the backup API into `dest_path` (an existing empty private file);
    returns whether the copy passes the integrity check."""
    dest = sqlite3.connect(str(dest_path), isolation_level=None)
    try:
        source.backup(dest)
        ok = dest.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        dest.close()
    return ok


def _no_permission(folder: Path, exc: OSError) -> KehoachError:
    return KehoachError(
        f"Không ghi được vào thư mục {folder}: {exc.strerror}.",
        f"cannot write in {folder}: {exc.strerror}",
    )


def backup_file(path: Path, *, reason: str) -> Path:
    """A byte copy of any file about to be replaced (it may not be a database at all),
    beside it in backups/; returns where."""
    import shutil

    path = Path(path)
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}{path.suffix or '.db'}"
    shutil.copyfile(path, target)
    target.chmod(0o600)
    return target


def backup_database(
    db_path: Path, *, reason: str = "manual", target: Path | None = None, rotate: bool = True
) -> Path:
    """A consistent copy of `db_path` (even while others write) in backups/ (the last KEEP
    kept, see `rotate_backups`), or at `target`, which must not exist. On a server
    (a `postgresql://` URL), pg_dump's copy (store.server.dump)."""
    from .server import dump, is_server_url

    if is_server_url(db_path):
        return dump(str(db_path), reason=reason, target=target)
    db_path = Path(db_path)
    if target is None:
        folder = backup_dir(db_path)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        name = f"{db_path.stem}-{stamp}-{reason}"
    else:
        target = Path(target)
        folder, name = target.parent, target.name
    try:
        if target is None:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_leftovers(folder)
        tmp = private_temp(folder, name)
    except OSError as exc:
        raise _no_permission(folder, exc) from None
    try:
        source = sqlite3.connect(str(db_path), timeout=10)
        try:
            ok = _copy(source, tmp)
        finally:
            source.close()
        if target is None:
            target = folder / f"{name}{'' if ok else DAMAGED}.db"
        _place(tmp, target)
    except FileExistsError:
        raise KehoachError(
            f"{target} đã có; hãy chọn tên khác.", f"{target} exists already; choose another name"
        ) from None
    except OSError as exc:
        raise _no_permission(folder, exc) from None
    finally:
        _remove_db(tmp)
    if rotate and target.parent == backup_dir(db_path):
        rotate_backups(db_path)
    return target


def _place(tmp: Path, target: Path) -> None:
    """Give the complete copy its name, never replacing a file of that name."""
    try:
        os.link(tmp, target)  # a rename that never replaces
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(tmp, target)


def _reason(path: Path) -> str:
    name = path.stem.removesuffix(DAMAGED)
    parts = name.split("-")
    return "-".join(parts[4:]) if len(parts) > 4 else ""


def rotate_backups(db_path: Path, *, now: _dt.datetime | None = None) -> list[Path]:
    """Delete the copies beyond the last KEEP, except the newest that passed the integrity
    check and the before-restore / before-replace copies of the last PROTECT_DAYS days."""
    db_path = Path(db_path)
    folder = backup_dir(db_path)
    copies = sorted(
        p
        for p in folder.glob(f"{db_path.stem}-*.db")
        if re.fullmatch(rf"{re.escape(db_path.stem)}-\d{{8}}-\d{{6}}-\d{{6}}-.+\.db", p.name)
    )
    keep = set(copies[-KEEP:])
    good = [p for p in copies if not p.stem.endswith(DAMAGED)]
    if good:
        keep.add(good[-1])
    limit = (now or _dt.datetime.now()) - _dt.timedelta(days=PROTECT_DAYS)
    removed = []
    for copy in copies:
        if copy in keep:
            continue
        if _reason(copy) in PROTECTED_REASONS:
            made = _dt.datetime.strptime(copy.name[len(db_path.stem) + 1 :][:15], "%Y%m%d-%H%M%S")
            if made >= limit:
                continue
        _remove_db(copy)
        removed.append(copy)
    return removed


def check_database_file(path: Path) -> int:
    """The schema version of a kehoach database file that passes SQLite's integrity check
    and whose schema is exactly one this program made (store/schema.py); raises
    KehoachError for anything else. Reads only. (A file at an older version is checked
    whole by `restore_database`, which upgrades a private copy first.)"""
    from .schema import SchemaProblem, checked_version

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise _not_usable(path)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                raise _not_usable(path)
            version = checked_version(con)
        finally:
            con.close()
    except SchemaProblem as exc:
        raise _not_usable(path, exc) from None
    except (OSError, sqlite3.Error):
        raise _not_usable(path) from None
    return version


def _not_usable(path: Path, why: KehoachError | None = None) -> KehoachError:
    if why is None:
        return KehoachError(
            f"{path} không phải bản sao cơ sở dữ liệu kehoach dùng được.",
            f"{path} is not a usable kehoach database copy",
        )
    return KehoachError(
        f"{path} không phải bản sao cơ sở dữ liệu kehoach dùng được: {why.vi}.",
        f"{path} is not a usable kehoach database copy: {why.en}",
    )


def _prepare_copy(source: Path, folder: Path, name: str, page_size: int) -> Path:
    """A private copy of `source` in `folder`, checked, at `page_size`, in rollback-journal
    mode, and upgraded to this version (whole or not at all). The caller removes it."""
    from peewee import SqliteDatabase

    from .migrations import migrate
    from .schema import SchemaProblem

    tmp = private_temp(folder, name)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if not _copy(src, tmp):
                raise _not_usable(source)
        finally:
            src.close()
        con = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode = DELETE")
            if con.execute("PRAGMA page_size").fetchone()[0] != page_size:
                # the backup API cannot copy into a WAL database of another page size
                con.execute(f"PRAGMA page_size = {int(page_size)}")
                con.execute("VACUUM")
        finally:
            con.close()
        db = SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1}, lock_type="IMMEDIATE")
        try:
            db.connect()
            migrate(db)
        except SchemaProblem as exc:
            raise _not_usable(source, exc) from None
        finally:
            db.close()
    except BaseException:
        _remove_db(tmp)
        raise
    return tmp


def restore_database(db_path: Path, source: Path) -> Path | None:
    """Replace the database's content with `source` (checked and upgraded first, on a
    private copy), after backing the current one up; a new `db_path` is created 0600.
    Returns the backup made (None when there was no database). On a server, a pg_dump
    copy is restored into a new database and swapped in (store.server.restore)."""
    from peewee import DatabaseError

    from .server import is_server_url, restore

    if is_server_url(db_path):
        return restore(str(db_path), Path(source))
    db_path = Path(db_path)
    source = Path(source)
    check_database_file(source)
    folder = db_path.parent
    exists = db_path.exists() and db_path.stat().st_size > 0
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_leftovers(folder)
        page_size = PAGE_SIZE
        if exists:
            with contextlib.closing(sqlite3.connect(str(db_path), timeout=10)) as con:
                page_size = con.execute("PRAGMA page_size").fetchone()[0]
        tmp = _prepare_copy(source, folder, db_path.name, page_size)
    except OSError as exc:
        raise _no_permission(folder, exc) from None
    except (sqlite3.Error, DatabaseError):
        raise _not_usable(source) from None
    try:
        saved = _save_current(db_path) if exists else None
        if not exists:
            fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        src = sqlite3.connect(str(tmp))
        try:
            dest = sqlite3.connect(str(db_path), timeout=10)
            try:
                src.backup(dest)
            finally:
                dest.close()
        except sqlite3.DatabaseError as exc:
            if is_busy(exc) or saved is None or DAMAGED not in saved.name:
                raise
            # the current file is not a database at all (kept in backups/): put the copy
            # in its place
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, db_path)
        finally:
            src.close()
    except OSError as exc:
        raise _no_permission(folder, exc) from None
    except sqlite3.Error as exc:
        raise busy_error(exc) from None
    finally:
        _remove_db(tmp)
    return saved


def _save_current(db_path: Path) -> Path:
    """The before-restore copy; for a file SQLite cannot read, its bytes as they are."""
    try:
        return backup_database(db_path, reason="before-restore")
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise
    folder = backup_dir(db_path)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_path.stem}-{stamp}-before-restore{DAMAGED}.db"
    tmp = private_temp(folder, target.name)
    try:
        with open(db_path, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        _place(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
