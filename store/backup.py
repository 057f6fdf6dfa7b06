"""Copies of the database made with SQLite's online backup, kept in the data folder."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

KEEP = 10


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_daily(db_path: Path) -> Path | None:
    """The first opening of a day leaves a copy of the database as it was."""
    db_path = Path(db_path)
    today = _dt.date.today().strftime("%Y%m%d")
    if any(backup_dir(db_path).glob(f"{db_path.stem}-{today}-*-daily.db")):
        return None
    return backup_database(db_path, reason="daily")


def check_database_file(path: Path) -> int:
    """The schema version of a kehoach database file that passes SQLite's integrity
    check; raises KehoachError for anything else. Reads only."""
    from .errors import KehoachError

    path = Path(path)
    bad = KehoachError(
        f"{path} không phải bản sao cơ sở dữ liệu kehoach dùng được.",
        f"{path} is not a usable kehoach database copy",
    )
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise bad
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise bad
            row = con.execute("SELECT MAX(version) FROM schema_version").fetchone()
            con.execute("SELECT COUNT(*) FROM plan").fetchone()
        finally:
            con.close()
    except (OSError, sqlite3.Error):
        raise bad from None
    if not row or row[0] is None:
        raise bad
    return int(row[0])


def restore_database(db_path: Path, source: Path) -> Path:
    """Replace the database's content with `source` (checked first), after backing the
    current one up. Returns the backup made."""
    from .errors import KehoachError
    from .migrations import LATEST

    version = check_database_file(source)
    if version > LATEST:
        raise KehoachError(
            f"{source} do bản kehoach mới hơn tạo.", f"{source} was made by a newer kehoach"
        )
    db_path = Path(db_path)
    saved = backup_database(db_path, reason="before-restore")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(str(db_path), timeout=10)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    return saved


def backup_database(db_path: Path, *, reason: str = "manual", target: Path | None = None) -> Path:
    """A consistent copy of `db_path` (even while others write), the last KEEP kept."""
    db_path = Path(db_path)
    if target is None:
        folder = backup_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    source = sqlite3.connect(str(db_path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    target.chmod(0o600)
    if target.parent == backup_dir(db_path):
        old = sorted(backup_dir(db_path).glob(f"{db_path.stem}-*.db"))
        for stale in old[:-KEEP]:
            stale.unlink(missing_ok=True)
    return target
