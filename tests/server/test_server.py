"""What is particular to a PostgreSQL server (#20): the demo never replaces a server's plans,
backups are pg_dump copies put back whole, a busy server and a lost connection are one line
each, and the next action after a lost connection works again."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.anydb import connect_any
from tests.cli.test_cli import run
from tests.pgserver import admin_run, new_database


@pytest.fixture
def server_demo():
    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    run("demo", "--no-open", "--db", url, check_rc=0)
    return url


def test_the_demo_never_replaces_a_servers_plans(server_demo):
    con = connect_any(server_demo)
    con.execute("UPDATE activity SET learners = 99 WHERE month = 1")
    result = run("demo", "--no-open", "--db", server_demo, check_rc=1)
    assert "holds plans already" in result.stderr
    assert "Traceback" not in result.stderr
    assert con.execute("SELECT COUNT(*) FROM activity WHERE learners = 99").fetchone() == (2,)


def test_backup_and_restore_on_a_server(server_demo, tmp_path):
    copy = tmp_path / "copy.dump"
    run("backup", "-o", copy, "--db", server_demo, check_rc=0)
    assert copy.stat().st_size > 0 and oct(copy.stat().st_mode & 0o777) == "0o600"
    con = connect_any(server_demo)
    con.execute("DELETE FROM activity WHERE month = 1")
    con.close()
    result = run("restore", copy, "--db", server_demo, check_rc=0)
    assert "restored" in result.stdout
    con = connect_any(server_demo)
    assert con.execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)
    con.close()
    home_backups = list((tmp_path / "home").rglob("*-before-restore.dump"))
    assert len(home_backups) == 1  # the database as it was, 22 activities, kept


def test_a_restore_while_someone_is_connected_is_one_line_and_nothing_changes(
    server_demo, tmp_path
):
    copy = tmp_path / "copy.dump"
    run("backup", "-o", copy, "--db", server_demo, check_rc=0)
    con = connect_any(server_demo)
    try:
        con.execute("DELETE FROM activity WHERE month = 1")
        result = run("restore", copy, "--db", server_demo, check_rc=1)
        assert result.stderr.count("\n") == 1 and "others are connected" in result.stderr
        assert con.execute("SELECT COUNT(*) FROM activity").fetchone() == (22,)
    finally:
        con.close()
    # once they have gone, the same copy goes back (the pg_dump made just before the swap
    # is not counted as someone connected)
    run("restore", copy, "--db", server_demo, check_rc=0)
    con = connect_any(server_demo)
    assert con.execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)
    con.close()


def test_a_file_that_is_not_a_server_copy_is_refused_and_nothing_changes(server_demo, tmp_path):
    bogus = tmp_path / "bogus.dump"
    bogus.write_bytes(b"not a dump at all")
    result = run("restore", bogus, "--db", server_demo, check_rc=1)
    assert "is not a copy made by kehoach backup" in result.stderr
    assert "Traceback" not in result.stderr
    con = connect_any(server_demo)
    assert con.execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)


def test_a_busy_server_is_one_line_and_nothing_changes(server_demo):
    """Another session holds the write lock longer than the 5 s a writer waits."""
    import psycopg2

    from kehoach.store.server import WRITE_LOCK_KEY

    holder = psycopg2.connect(server_demo)
    try:
        cur = holder.cursor()
        cur.execute("BEGIN")
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        started = time.monotonic()
        result = run("plan", "submit", "--force", "--db", server_demo)
        waited = time.monotonic() - started
        holder.rollback()
    finally:
        holder.close()
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "busy" in result.stderr, result.stderr
    assert waited >= 4.5  # it waited as SQLite's busy timeout does, then gave up
    con = connect_any(server_demo)
    assert con.execute("SELECT status FROM plan").fetchone() == ("draft",)


def test_a_lost_connection_is_one_message_and_the_next_action_reconnects(server_demo):
    from kehoach.store import editing
    from kehoach.store.db import open_database
    from kehoach.store.errors import KehoachError
    from kehoach.store.models import Activity, database

    db = open_database(server_demo)
    try:
        first = Activity.get((Activity.month == 1) & (Activity.position == 1))
        pid = db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        admin_run(f"SELECT pg_terminate_backend({pid})")  # the server drops us
        # one clear KehoachError (store.db.writing), never the driver's exception
        with pytest.raises(KehoachError) as info:
            editing.update_activity(first.id, {"place": "Nhà văn hóa"}, expected_version=1)
        message = info.value
        assert "lost" in message.en and "Mất kết nối" in message.vi
        # the next action opens a new connection and works
        editing.update_activity(first.id, {"place": "Nhà văn hóa"}, expected_version=1)
        assert Activity.get_by_id(first.id).place == "Nhà văn hóa"
    finally:
        database.obj.close()


def test_an_unreachable_server_is_one_line():
    result = run("check", "--db", "postgresql://nobody@127.0.0.1:9/nothing")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "kehoach: cannot reach the server postgresql://nobody@127.0.0.1:9/nothing"
    )
    assert result.stderr.count("\n") == 1


def test_without_the_driver_the_message_names_the_extra(tmp_path):
    """A Python without psycopg2: one line naming `kehoach[postgres]`."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "psycopg2.py").write_text("raise ImportError('no driver here')\n")
    import os
    import sys

    from tests.conftest import REPO

    env = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{REPO}"}
    result = subprocess.run(
        [sys.executable, "-m", "kehoach.tui.cli", "check", "--db", "postgresql://x@127.0.0.1:9/y"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "kehoach[postgres]" in result.stderr and "Traceback" not in result.stderr


def test_a_copy_bringing_a_trigger_is_refused_and_nothing_changes(server_demo, tmp_path):
    """A dump made of a database that someone gave a trigger of their own (one that deletes
    the audit trail) is not restored: kehoach never makes triggers."""
    con = connect_any(server_demo)
    con.execute(
        "CREATE FUNCTION zap() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN DELETE FROM change_log; RETURN NULL; END $$"
    )
    con.execute(
        "CREATE TRIGGER zz AFTER INSERT ON plan_event FOR EACH STATEMENT EXECUTE FUNCTION zap()"
    )
    con.close()
    crafted = tmp_path / "crafted.dump"
    run("backup", "-o", crafted, "--db", server_demo, check_rc=0)
    con = connect_any(server_demo)
    con.execute("DROP TRIGGER zz ON plan_event")
    con.execute("DROP FUNCTION zap()")
    before = con.execute("SELECT COUNT(*) FROM change_log").fetchone()
    con.close()
    result = run("restore", crafted, "--db", server_demo, check_rc=1)
    assert "trigger" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    con = connect_any(server_demo)
    triggers = con.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal").fetchall()
    assert sorted(triggers) == [("kehoach_stamp",)] * 2  # kehoach's own only (store.guards)
    assert con.execute("SELECT COUNT(*) FROM change_log").fetchone() == before
    name = server_demo.split("/")[-1].split("?")[0]
    databases = con.execute("SELECT COUNT(*) FROM pg_database WHERE datname LIKE ?", (f"{name}_%",))
    assert databases.fetchone() == (0,)  # the half-restored copy was dropped


def test_the_largest_budget_allowed_fits_the_server_and_one_more_is_refused(tmp_path):
    """Every bound fits a PostgreSQL `integer`: the same values are taken on both backends."""
    from kehoach.store.bounds import BOUNDS
    from tests.conftest import SEED

    assert all(largest < 2**31 for largest, _, _ in BOUNDS.values())
    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    seed = SEED.read_text(encoding="utf-8")
    for budget, rc in ((2_000_000_000, 0), (2_000_000_001, 1)):
        plan = tmp_path / f"plan-{budget}.txt"
        plan.write_text(seed.replace("| 720.000đ |", f"| {budget}đ |", 1), encoding="utf-8")
        result = run("import", plan, "--replace", "--db", url)
        assert result.returncode == rc, result.stderr
        assert "Traceback" not in result.stderr
    con = connect_any(url)
    assert con.execute("SELECT MAX(budget) FROM activity").fetchone() == (2_000_000_000,)


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://[bad",
        "postgresql://kehoach@/kehoach?foo=bar",
        "postgresql://k:%zz@/x",
        "postgresql://k:secret@[x/y",
    ],
)
def test_an_address_libpq_cannot_read_is_one_line_without_the_password(address):
    """The second adversary: a malformed --db address gave peewee's traceback."""
    for language in ({}, {"LC_MESSAGES": "en_US.UTF-8"}):
        result = run("check", "--db", address, env_extra=language)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        [line] = result.stderr.splitlines()
        assert "--db" in line and len(line) <= 80 and "secret" not in line, line


def test_a_write_the_database_refuses_is_one_line_and_nothing_changes(server_demo):
    """The second adversary drew a server's id counter to its end: the next write stopped
    with peewee's traceback."""
    con = connect_any(server_demo)
    try:
        con.execute("SELECT setval('change_log_id_seq', 2147483647)")
    finally:
        con.close()
    for language in ({}, {"LC_MESSAGES": "en_US.UTF-8"}):
        result = run("plan", "submit", "--force", "--db", server_demo, env_extra=language)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        [line] = result.stderr.splitlines()
        assert len(line) <= 80 and ("chưa ghi gì" in line or "nothing saved" in line), line
    con = connect_any(server_demo)
    assert con.execute("SELECT status FROM plan").fetchone() == ("draft",)
    con.close()
