"""Copies of the database made with SQLite's online backup, kept in the data folder."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

KEEP = 10


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


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
