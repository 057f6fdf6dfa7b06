"""Several sessions, crashes, bad input, backups — with real processes, not threads."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.store import editing
from kehoach.store.models import Activity
from tests.anydb import connect_any
from tests.command import KEHOACH, REPO, cli_env
from tests.command import run as _run


def _python(code: str, *args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        cwd=REPO,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


EDITOR = """
import pathlib, sys, time
from kehoach.store.db import open_database
from kehoach.store import editing
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity

open_database(sys.argv[1])
activity_id, folder, name = int(sys.argv[2]), pathlib.Path(sys.argv[3]), sys.argv[4]
shown = Activity.get_by_id(activity_id).version   # the form is opened
(folder / f"ready-{name}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
try:
    editing.update_activity(activity_id, {"place": name}, expected_version=shown)
    print("won")
except KehoachError as exc:
    print("told:", exc.en)
"""


def test_two_processes_edit_the_same_activity_one_wins_the_other_is_told(demo, db_path, tmp_path):
    activity_id = Activity.get((Activity.month == 1) & (Activity.position == 1)).id
    procs = [_python(EDITOR, db_path, activity_id, tmp_path, name) for name in ("A", "B")]
    deadline = time.time() + 30
    while not all((tmp_path / f"ready-{n}").exists() for n in "AB"):
        assert time.time() < deadline, [p.communicate() for p in procs]
        time.sleep(0.01)
    (tmp_path / "go").touch()
    outputs = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert outputs[0].startswith("told: someone else changed this activity"), outputs
    assert outputs[1] == "won", outputs
    assert Activity.get_by_id(activity_id).place in ("A", "B")


WRITER = """
import random, sys
from kehoach.store.db import open_database
from kehoach.store import editing
from kehoach.store.models import Activity, Plan

open_database(sys.argv[1])
plan = Plan.get()
rng = random.Random(int(sys.argv[2]))
print("ready", flush=True)
while True:
    acts = list(Activity.select())
    choice = rng.random()
    if choice < 0.5 or len(acts) < 3:
        editing.add_activity(plan, {"month": rng.randint(1, 12), "content": "Lớp " + str(rng.random())})
    elif choice < 0.8:
        editing.move_activity(rng.choice(acts).id, month=rng.randint(1, 12))
    else:
        editing.delete_activity(rng.choice(acts).id)
"""


def _check_all_or_nothing(db_path) -> int:
    con = connect_any(db_path)
    try:
        if isinstance(db_path, Path):
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # positions in each month are exactly 1..n: no move half done
        by_month: dict[int, list[int]] = {}
        for month, position in con.execute("SELECT month, position FROM activity"):
            by_month.setdefault(month, []).append(position)
        for month, positions in by_month.items():
            got = sorted(positions)
            assert got == list(range(1, len(got) + 1)), (month, got)
        # each activity and its audit row were written together, or neither
        ids = {r[0] for r in con.execute("SELECT id FROM activity")}
        log = con.execute(
            "SELECT record, action FROM change_log WHERE \"table\" = 'activity' "
            "AND action IN ('create', 'delete') ORDER BY id"
        ).fetchall()
        alive: set[int] = set()
        for record, action in log:
            (alive.add if action == "create" else alive.discard)(int(record))
        assert ids == alive
        return len(ids)
    finally:
        con.close()


def test_killed_writers_leave_a_whole_database(db, db_path):
    from kehoach.store.plans import create_first_plan

    create_first_plan("Tân Hương", 2024)
    db.close()
    rng = random.Random(20241)
    for round_ in range(8):
        proc = _python(WRITER, db_path, round_)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        _check_all_or_nothing(db_path)
    assert _check_all_or_nothing(db_path) > 0


def test_sighup_ends_the_app_cleanly(demo, db_path):
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*KEHOACH, "--db", str(db_path)],
        cwd=REPO,
        env=cli_env({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.time() + 60
    while b"2.248" not in seen and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    assert b"2.248" in seen, "the overview was not drawn"
    proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 20
    while proc.poll() is None and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
    os.close(master)
    assert proc.poll() == 0
    if isinstance(db_path, Path):
        con = sqlite3.connect(db_path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


_settings = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_settings
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_is_stored_clean_and_exports(demo, text):
    from kehoach.export.plan_export import docx_bytes
    from kehoach.export.summary import render_summary
    from kehoach.store.errors import KehoachError
    from kehoach.store.views import month_rows

    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    try:
        editing.update_activity(act.id, {"content": text, "place": text, "note": text * 3})
    except KehoachError:
        assert not editing.clean_line(text)  # only an empty content is refused
        return
    stored = Activity.get_by_id(act.id)
    for value in (stored.content, stored.place, stored.note):
        assert unicodedata.is_normalized("NFC", value)
        assert not any(unicodedata.category(ch) == "Cc" for ch in value)
        assert "\x1b" not in value
    cells = next(r.cells for r in month_rows(demo) if r.key == f"a:{act.id}")
    assert not any("\x1b" in c for c in cells)
    assert docx_bytes(demo)[:2] == b"PK"
    assert render_summary(demo)


@_settings
@given(text=st.text(max_size=2000))
def test_reading_any_text_as_a_plan_fails_only_with_a_clear_error(text):
    from kehoach.export.importer import parse_text
    from kehoach.store.errors import KehoachError

    try:
        parse_text(text)
    except KehoachError as exc:
        assert exc.en and "\n" not in exc.en


def test_a_very_large_file_is_refused_clearly(tmp_path):
    from kehoach.export.importer import parse_file
    from kehoach.store.errors import KehoachError

    path = tmp_path / "big.txt"
    path.write_bytes(b"KE HOACH\n" * 700_000)
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert "too large" in info.value.en


def test_backup_and_restore_round_trip(tmp_path):
    db = tmp_path / "k.db"
    assert _run("demo", "--no-open", "--db", db).returncode == 0
    copy = tmp_path / "copy.db"
    result = _run("backup", "-o", copy, "--db", db)
    assert result.returncode == 0 and copy.exists()
    con = sqlite3.connect(db)
    con.execute("DELETE FROM activity WHERE month = 1")
    con.commit()
    con.close()
    result = _run("restore", copy, "--db", db)
    assert result.returncode == 0, result.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)
    con.close()
    kept = list((tmp_path / "backups").glob("k-*-before-restore.db"))
    assert len(kept) == 1
    assert sqlite3.connect(kept[0]).execute("SELECT COUNT(*) FROM activity").fetchone() == (22,)


def test_restore_checks_the_file_before_replacing_anything(tmp_path):
    db = tmp_path / "k.db"
    assert _run("demo", "--no-open", "--db", db).returncode == 0
    before = db.read_bytes()
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(5000))
    result = _run("restore", bad, "--db", db)
    assert result.returncode == 1
    assert result.stderr.strip() == f"kehoach: {bad} is not a usable kehoach database copy"
    assert db.read_bytes() == before


def test_first_opening_of_the_day_makes_one_backup_and_ten_are_kept(tmp_path):
    from kehoach.store.backup import KEEP, backup_database

    db = tmp_path / "k.db"
    assert _run("demo", "--no-open", "--db", db).returncode == 0
    for _ in range(3):
        assert _run("plan", "list", "--db", db).returncode == 0
    daily = list((tmp_path / "backups").glob("k-*-daily.db"))
    assert len(daily) == 1
    for _ in range(KEEP + 3):
        backup_database(db, reason="manual")
    assert len(list((tmp_path / "backups").glob("k-*.db"))) == KEEP
