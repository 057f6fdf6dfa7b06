"""A server connection lost midway through a command (#20 item 2): the server drops the
command's connection at a chosen point (pg_terminate_backend from another connection, from
a hook the test puts into the command's process), and the command says one line — never a
traceback — and that line is true: nothing was saved when nothing was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run
from tests.conftest import REPO
from tests.pgserver import new_database, server_template

# put into the command's process (sitecustomize): after the function named by
# KEHOACH_TEST_DROP returns, the server terminates the command's connection
HOOK = """
import os, time

where = os.environ.get("KEHOACH_TEST_DROP")
if where:
    import psycopg2
    from kehoach.export import importer
    from kehoach.store.models import database

    def _drop():
        pid = database.obj.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        admin = psycopg2.connect(os.environ["KEHOACH_TEST_ADMIN"])
        admin.autocommit = True
        cur = admin.cursor()
        cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(200):  # until the server has let it go
            cur.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %s", (pid,))
            if not cur.fetchone()[0]:
                break
            time.sleep(0.02)
        admin.close()

    def _after(name):
        original = getattr(importer, name)

        def wrapped(*args, **kwargs):
            out = original(*args, **kwargs)
            _drop()
            return out

        setattr(importer, name, wrapped)

    _after(where)
"""


@pytest.fixture
def server_demo():
    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    run("demo", "--no-open", "--db", url, check_rc=0)
    return url


def _import_dropped(url: str, plan_file, where: str, tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": f"{hook}{os.pathsep}{REPO}",
        "KEHOACH_TEST_DROP": where,
        "KEHOACH_TEST_ADMIN": server_template().format(db="postgres"),
    }
    return subprocess.run(
        [sys.executable, "-m", "kehoach.tui.cli", "import", str(plan_file), "--db", url],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def _plans(url: str) -> list[tuple]:
    con = connect_any(url)
    try:
        return con.execute(
            "SELECT c.commune, p.revision FROM plan p JOIN centre c ON c.id = p.centre_id"
            " ORDER BY p.id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "where",
    [
        "parse_file",  # the file read, the database not yet written: before the transaction
        "existing_plan",  # inside the write transaction, after its first reads
    ],
)
def test_a_connection_lost_before_the_import_is_written_is_one_line(server_demo, tmp_path, where):
    before = _plans(server_demo)
    plan_file = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP")
    result = _import_dropped(server_demo, plan_file, where, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "connection to the database server was lost; nothing was saved" in result.stderr
    assert _plans(server_demo) == before  # true: nothing was
    # and the next command, a new connection, imports it
    run("import", plan_file, "--db", server_demo, check_rc=0)
    assert _plans(server_demo) == [*before, ("Tân Lập", 1)]


def test_a_connection_lost_after_the_import_was_written_never_says_nothing_was(
    server_demo, tmp_path
):
    """The transaction committed, then the server went: what the command says after (the
    plan's year, commune, revision) was read inside the transaction, so it says it was
    imported — not that nothing was saved."""
    before = _plans(server_demo)
    plan_file = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP")
    result = _import_dropped(server_demo, plan_file, "import_file", tmp_path)
    assert _plans(server_demo) == [*before, ("Tân Lập", 1)]
    assert "Traceback" not in result.stderr, result.stderr
    assert "nothing was saved" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "imported as the 2024 plan of Tân Lập (revision 1)" in result.stdout
