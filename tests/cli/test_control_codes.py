"""Text from the database reaches no terminal as a command to it (#20, the adversary's #5):
a name written around the program (psql on a server, sqlite3 on a file) with an escape
sequence or another control character is printed without it, by every command and in the
app. On a server the names are refused too (tests/server/test_guards.py)."""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.cli.test_cli import run

# the server refuses such names (store.guards): written here into a file, as sqlite3 would
pytestmark = pytest.mark.sqlite_only("a name the server would refuse, written into a file")

POISON = "\x1b[2J\x1b]0;pwned\x07\x9b\r"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _poison(db) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE centre SET commune = commune || ?", (POISON,))
        con.execute("UPDATE activity SET content = content || ? WHERE month = 1", (POISON,))
        con.execute("UPDATE village SET name = name || ?", (POISON,))
    con.close()


def test_no_command_prints_a_control_character_read_from_the_database(demo_db):
    _poison(demo_db)
    outputs = {
        "plan list": run("plan", "list", "--db", demo_db, check_rc=0).stdout,
        "summary-text": run(
            "export", "summary-text", "--year", "2024", "-o", "-", "--db", demo_db, check_rc=0
        ).stdout,
        "text": run("export", "text", "-o", "-", "--db", demo_db, check_rc=0).stdout,
        "report-text": run("export", "report-text", "-o", "-", "--db", demo_db).stdout,
        "check": run("check", "--db", demo_db).stdout,
    }
    for name, out in outputs.items():
        assert "Tân Hương" in out or "TÂN HƯƠNG" in out, name
        assert not CONTROL.search(out), (name, [c for c in CONTROL.findall(out)])
        assert "pwned" not in out, name


async def test_the_app_shows_no_control_character_read_from_the_database(demo_db, monkeypatch):
    from kehoach.tui.app import KehoachApp
    from tests.tui.helpers import screen_text, wait_for_text

    _poison(demo_db)
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Tân Hương")
        shot = screen_text(app)
        assert not CONTROL.search(shot) and "pwned" not in shot
