"""Restore, backups and migrations with crafted real files (#16 items 1-4 and 8)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.command import KEHOACH, REPO, cli_env, one_line_error, run

V1 = REPO / "tests" / "data" / "kehoach-v1.db"


def copy_db(source: Path, target: Path) -> Path:
    """A copy made the way SQLite makes one (rollback-journal mode, like any file mailed)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode = DELETE")
    src.close()
    dst.close()
    return target


def crafted(source: Path, target: Path, *sql: str) -> Path:
    copy_db(source, target)
    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA foreign_keys = OFF")
    for statement in sql:
        con.execute(statement)
    con.close()
    return target


def content(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


TRIGGER_AUDIT = (
    "CREATE TRIGGER hide AFTER INSERT ON change_log BEGIN "
    "DELETE FROM change_log WHERE id = NEW.id; END"
)
TRIGGER_DRAFT = (
    "CREATE TRIGGER undo AFTER UPDATE OF status ON plan WHEN NEW.status = 'approved' BEGIN "
    "UPDATE plan SET status = 'draft' WHERE id = NEW.id; END"
)
CRAFTS = {
    "audit-trigger": [TRIGGER_AUDIT],
    "approval-trigger": [TRIGGER_DRAFT],
    "a-view": ["CREATE VIEW totals AS SELECT COUNT(*) FROM activity"],
    "plan-is-a-view": [
        "ALTER TABLE plan RENAME TO plan_rows",
        "CREATE VIEW plan AS SELECT * FROM plan_rows",
    ],
    "version-view-abc": [
        "DROP TABLE schema_version",
        "CREATE VIEW schema_version AS SELECT 'abc' AS version, '' AS applied_at",
    ],
    "version-text": [
        "DROP TABLE schema_version",
        "CREATE TABLE schema_version (version TEXT, applied_at TEXT)",
        "INSERT INTO schema_version VALUES ('abc', '')",
    ],
    "version-newer": ["UPDATE schema_version SET version = 99"],
    "version-zero": ["UPDATE schema_version SET version = 0"],
    "version-empty": ["DELETE FROM schema_version"],
    "extra-column": ["ALTER TABLE activity ADD COLUMN extra TEXT"],
    "extra-index": ["CREATE INDEX sneaky ON activity (content)"],
    "extra-table": ["CREATE TABLE notes (x)"],
    "missing-index": ["DROP INDEX activity_plan_id"],
    "check-constraint": [
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, '\"status\" VARCHAR(255) NOT NULL', "
        "'\"status\" VARCHAR(255) NOT NULL CHECK (status <> ''approved'')') "
        "WHERE name = 'plan'",
    ],
    "default-value": [
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, '\"number\" INTEGER', "
        "'\"number\" INTEGER DEFAULT 99') WHERE name = 'plan'",
    ],
}


@pytest.mark.parametrize("craft", sorted(CRAFTS))
def test_a_crafted_copy_is_refused_by_the_check(demo_db, tmp_path, craft):
    from kehoach.store.backup import check_database_file
    from kehoach.store.errors import KehoachError

    bad = crafted(demo_db, tmp_path / f"{craft}.db", *CRAFTS[craft])
    with pytest.raises(KehoachError) as info:
        check_database_file(bad)
    assert "\n" not in info.value.en and str(bad) in info.value.en


def test_the_untouched_copy_and_every_older_version_pass_the_check(demo_db, tmp_path):
    from kehoach.store.backup import check_database_file
    from kehoach.store.migrations import LATEST

    assert check_database_file(crafted(demo_db, tmp_path / "same.db")) == LATEST
    assert check_database_file(V1) == 1


@pytest.mark.parametrize("craft", ["audit-trigger", "approval-trigger", "plan-is-a-view"])
def test_restore_refuses_a_trapped_copy_and_changes_nothing(demo_db, tmp_path, craft):
    bad = crafted(demo_db, tmp_path / "bad.db", *CRAFTS[craft])
    before = content(demo_db)
    backups_before = files_in(tmp_path / "backups")
    line = one_line_error(run("restore", bad, "--db", demo_db))
    assert "not a usable kehoach database copy" in line
    assert content(demo_db) == before
    assert files_in(tmp_path / "backups") == backups_before
    # and the traps are not there: approving records the approval and its audit rows
    audit = sqlite3.connect(demo_db).execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    assert run("plan", "submit", "--db", demo_db).returncode == 0
    result = run("plan", "approve", "--by", "A", "--title", "B", "--db", demo_db)
    assert result.returncode == 0 and "approved" in result.stdout
    after = sqlite3.connect(demo_db).execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    assert after > audit


def test_a_version_view_is_one_line_not_a_traceback(demo_db, tmp_path):
    bad = crafted(demo_db, tmp_path / "bad.db", *CRAFTS["version-view-abc"])
    line = one_line_error(run("restore", bad, "--db", demo_db))
    assert "view (schema_version)" in line
    # opened directly, the same file is refused in one line and left as it was
    before = content(bad)
    line = one_line_error(run("plan", "list", "--db", bad))
    assert "view (schema_version)" in line or "not a kehoach database" in line
    assert content(bad) == before
    seed = REPO / "kehoach" / "store" / "data" / "ke-hoach-tthtcd-tan-huong-2024.txt"
    line = one_line_error(run("import", seed, "--db", bad))  # may create: checks the schema
    assert "view (schema_version)" in line and "left as it was" in line
    assert content(bad) == before


def test_opening_a_trapped_file_directly_is_refused_untouched(demo_db, tmp_path):
    bad = crafted(demo_db, tmp_path / "bad.db", TRIGGER_AUDIT)
    raw = bad.read_bytes()
    line = one_line_error(run("plan", "list", "--db", bad))
    assert "trigger (hide)" in line
    assert bad.read_bytes() == raw  # not even the journal mode was changed
    assert not (tmp_path / "backups").exists()


def test_a_copy_claiming_version_2_without_its_columns_is_refused(tmp_path, demo_db):
    bad = crafted(V1, tmp_path / "claims-2.db", "UPDATE schema_version SET version = 2")
    line = one_line_error(run("restore", bad, "--db", demo_db))
    assert "not a usable kehoach database copy" in line
    line = one_line_error(run("plan", "list", "--db", bad))
    assert "left as it was" in line


def test_a_version_1_copy_is_restored_and_upgraded(tmp_path, demo_db):
    from kehoach.store.migrations import LATEST

    old = tmp_path / "old.db"
    shutil.copy(V1, old)
    raw = old.read_bytes()
    result = run("restore", old, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(demo_db)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (LATEST,)
    assert con.execute("SELECT COUNT(*), SUM(learners) FROM activity").fetchone() == (24, 2248)
    assert old.read_bytes() == raw  # the source is only read


def test_a_version_1_copy_with_a_trap_is_refused(tmp_path, demo_db):
    bad = crafted(V1, tmp_path / "old-trapped.db", TRIGGER_DRAFT)
    before = content(demo_db)
    one_line_error(run("restore", bad, "--db", demo_db))
    assert content(demo_db) == before
    bad = crafted(V1, tmp_path / "old-extra.db", "CREATE TABLE notes (x)")
    line = one_line_error(run("restore", bad, "--db", demo_db))
    assert "table notes" in line
    assert content(demo_db) == before


# item 2 -------------------------------------------------------------------------------


def _current_claiming_version_1(demo_db: Path, target: Path) -> Path:
    return crafted(demo_db, target, "UPDATE schema_version SET version = 1")


def test_restore_of_a_copy_that_cannot_be_upgraded_is_refused(demo_db, tmp_path):
    bad = _current_claiming_version_1(demo_db, tmp_path / "v1-claim.db")
    before = content(demo_db)
    line = one_line_error(run("restore", bad, "--db", demo_db))
    assert "could not be upgraded from schema 1" in line and "duplicate column" in line
    assert content(demo_db) == before
    assert not list(tmp_path.glob(".*.tmp*"))


def test_a_failed_migration_rolls_back_and_never_pushes_good_backups_out(demo_db, tmp_path):
    """The file a restore of the old code left: every command fails, each attempt used to
    make a migration backup of it, and after ten the good copies were gone."""
    from kehoach.store.backup import KEEP

    folder = tmp_path / "backups"
    assert run("plan", "list", "--db", demo_db).returncode == 0  # the day's backup
    good = run("backup", "--db", demo_db)
    assert good.returncode == 0
    kept = files_in(folder)
    assert len(kept) == 2
    broken = _current_claiming_version_1(demo_db, tmp_path / "broken.db")
    shutil.copy(broken, demo_db)  # what the old restore put in place
    for suffix in ("-wal", "-shm"):
        Path(f"{demo_db}{suffix}").unlink(missing_ok=True)
    before = content(demo_db)
    for _ in range(KEEP + 2):
        line = one_line_error(run("plan", "list", "--db", demo_db))
        assert "could not be upgraded from schema 1" in line and "left as it was" in line
    assert content(demo_db) == before
    assert files_in(folder) == kept  # no copy of the broken file, nothing rotated away
    # the good copy restores, and the broken file is kept as the before-restore copy
    good_copy = folder / sorted(n for n in kept if "manual" in n)[0]
    result = run("restore", good_copy, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert run("plan", "list", "--db", demo_db).returncode == 0


def _fake_backup(folder: Path, source: Path, when: dt.datetime, reason: str) -> Path:
    path = folder / f"k-{when:%Y%m%d-%H%M%S-%f}-{reason}.db"
    shutil.copy(source, path)
    return path


def test_rotation_keeps_the_newest_good_copy_and_recent_restore_copies(demo_db, tmp_path):
    from kehoach.store.backup import KEEP, rotate_backups

    folder = tmp_path / "backups"
    folder.mkdir()
    db = tmp_path / "k.db"
    now = dt.datetime(2026, 6, 1, 12, 0)
    start = now - dt.timedelta(days=60)
    old_restore = _fake_backup(folder, demo_db, start, "before-restore")
    recent_restore = _fake_backup(folder, demo_db, now - dt.timedelta(days=20), "before-restore")
    recent_replace = _fake_backup(folder, demo_db, now - dt.timedelta(days=19), "import-replace")
    good = _fake_backup(folder, demo_db, now - dt.timedelta(days=10), "daily")
    damaged = [
        _fake_backup(folder, demo_db, now - dt.timedelta(days=9 - i), "daily-damaged")
        for i in range(KEEP + 2)
    ]
    rotate_backups(db, now=now)
    left = set(folder.iterdir())
    assert set(damaged[-KEEP:]) <= left and not set(damaged[:2]) & left
    assert good in left  # the newest that passed the integrity check
    assert recent_restore in left and recent_replace in left
    assert old_restore not in left


def test_a_backup_of_a_damaged_database_is_marked_and_the_good_one_kept(demo_db, tmp_path):
    from kehoach.store.backup import KEEP, backup_database

    good = backup_database(demo_db, reason="manual")
    # damage it: an index's entries no longer match its table (integrity_check fails)
    con = sqlite3.connect(demo_db, isolation_level=None)
    con.execute("PRAGMA writable_schema = ON")
    con.execute(
        "UPDATE sqlite_master SET sql = replace(sql, '(\"plan_id\")', '(\"month\")')"
        " WHERE name = 'activity_plan_id'"
    )
    con.close()
    assert sqlite3.connect(demo_db).execute("PRAGMA integrity_check").fetchone() != ("ok",)
    made = [backup_database(demo_db, reason="manual") for _ in range(KEEP + 2)]
    assert all(p.name.endswith("-manual-damaged.db") for p in made)
    assert good.exists()


# item 3 -------------------------------------------------------------------------------

WRITER_KILLED_BEFORE_CHECKPOINT = """
import os, signal, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("UPDATE activity SET content = 'Còn trong WAL' WHERE id = 1")
print("committed", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_restore_to_a_new_path_keeps_what_is_still_in_the_wal(demo_db, tmp_path):
    source = tmp_path / "source.db"
    copy_db(demo_db, source)
    writer = subprocess.run(
        [sys.executable, "-c", WRITER_KILLED_BEFORE_CHECKPOINT, str(source)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert writer.returncode == -signal.SIGKILL and "committed" in writer.stdout
    assert Path(f"{source}-wal").stat().st_size > 0
    target = tmp_path / "new" / "restored.db"
    result = run("restore", source, "--db", target)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(target)
    assert con.execute("SELECT content FROM activity WHERE id = 1").fetchone() == ("Còn trong WAL",)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# item 4 -------------------------------------------------------------------------------


def _big_database(demo_db: Path, mb: int) -> None:
    con = sqlite3.connect(demo_db)
    blob = "x" * (1 << 20)
    con.executemany(
        'INSERT INTO change_log (at, user, action, "table", record, field, before, after)'
        " VALUES ('2024-01-01', 'u', 'edit', 'activity', '1', 'note', '', ?)",
        [(blob + str(i),) for i in range(mb)],
    )
    con.commit()
    con.close()


def test_a_killed_backup_leaves_only_a_private_temporary_removed_next_time(demo_db, tmp_path):
    _big_database(demo_db, 60)
    folder = tmp_path / "backups"
    modes: dict[str, int] = {}
    caught = False
    for _attempt in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        proc = subprocess.Popen(
            [*KEHOACH, "backup", "--db", str(demo_db)],
            cwd=REPO,
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                seen = []
                if folder.exists():
                    for entry in os.scandir(folder):
                        try:
                            modes[entry.name] = stat.S_IMODE(entry.stat().st_mode)
                        except FileNotFoundError:
                            continue
                        seen.append(entry.name)
                if seen:
                    time.sleep(0.01)
                    proc.send_signal(signal.SIGKILL)
                    break
                time.sleep(0.001)
        finally:
            proc.wait()
        if proc.returncode == -signal.SIGKILL and folder.exists() and any(folder.iterdir()):
            caught = True
            break
    assert caught, "the backup was never caught in the middle"
    assert modes and all(mode == 0o600 for mode in modes.values()), modes
    leftovers = files_in(folder)
    assert leftovers and all(name.startswith(".") for name in leftovers), leftovers
    # the next run removes them and counts only complete copies
    result = run("backup", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    left = files_in(folder)
    assert not [n for n in left if n.startswith(".")], left
    assert all(stat.S_IMODE((folder / n).stat().st_mode) == 0o600 for n in left)
    for name in left:
        assert sqlite3.connect(folder / name).execute("PRAGMA integrity_check").fetchone() == (
            "ok",
        )


# item 8 -------------------------------------------------------------------------------


def test_backup_into_a_folder_it_cannot_write_is_one_line(demo_db, tmp_path):
    if os.geteuid() == 0:
        folder = Path("/sys")  # read-only even for root
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
    line = one_line_error(run("backup", "-o", folder / "copy.db", "--db", demo_db))
    assert "cannot write" in line


@pytest.mark.parametrize("kind", ["dangling-symlink", "regular-file"])
def test_export_when_the_export_folder_is_not_a_folder(demo_db, isolated_home, kind):
    place = isolated_home / "kehoach"
    if kind == "dangling-symlink":
        place.symlink_to(isolated_home / "gone")
    else:
        place.write_text("not a folder")
    line = one_line_error(
        run("export", "text", "--db", demo_db, env_extra={"HOME": str(isolated_home)})
    )
    assert str(place) in line and "not a folder" in line
    assert (
        place.is_symlink() if kind == "dangling-symlink" else place.read_text() == ("not a folder")
    )


def test_restore_of_a_rollback_journal_copy_with_small_pages(demo_db, tmp_path):
    small = tmp_path / "small.db"
    con = sqlite3.connect(small, isolation_level=None)
    src = sqlite3.connect(demo_db)
    src.backup(con)
    src.close()
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA page_size = 1024")
    con.execute("VACUUM")
    assert con.execute("PRAGMA page_size").fetchone() == (1024,)
    con.execute("UPDATE activity SET content = 'Bản nhỏ' WHERE id = 1")
    con.close()
    result = run("restore", small, "--db", demo_db)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(demo_db)
    assert con.execute("SELECT content FROM activity WHERE id = 1").fetchone() == ("Bản nhỏ",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_restore_of_something_that_is_not_a_file(demo_db, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    line = one_line_error(run("restore", fifo, "--db", demo_db))
    assert "not a regular file" in line


def test_restore_over_a_file_that_is_not_a_database(demo_db, tmp_path):
    target = tmp_path / "garbage.db"
    target.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    result = run("restore", demo_db, "--db", target)
    assert result.returncode == 0, result.stderr
    kept = list((tmp_path / "backups").glob("garbage-*-before-restore-damaged.db"))
    assert len(kept) == 1 and kept[0].read_bytes()[:16] == b"SQLite format 3\x00"
    assert sqlite3.connect(target).execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)
