"""Two centres with one name (stored in a file with sqlite3, or on a server before its
unique index, store.guards; #20 the adversary's #1) are told apart by their numbers: the
ambiguity names them, and `--centre #N` takes one."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run
from tests.server.test_roles import refused

pytestmark = pytest.mark.sqlite_only("a name the server refuses, written into a file")


def test_a_name_two_centres_share_is_told_apart_by_number(demo_db, tmp_path):
    run("import", commune_plan(tmp_path, "Tân Lập", "TÂN LẬP"), "--db", demo_db, check_rc=0)
    con = sqlite3.connect(demo_db)
    with con:
        con.execute("UPDATE centre SET commune = 'Tân Lập' WHERE commune = 'Tân Hương'")
        ids = dict(con.execute("SELECT parent_body, id FROM centre").fetchall())
    con.close()
    th = next(i for body, i in ids.items() if "HƯƠNG" in body)
    line = refused(run("check", "--centre", "Tân Lập", "--db", demo_db))
    assert f"Tân Lập (#{th})" in line and "say which" in line
    text = run("export", "text", "--centre", f"#{th}", "-o", "-", "--db", demo_db, check_rc=0)
    assert "TÂN HƯƠNG" in text.stdout
    assert "there is no centre #99" in refused(run("check", "--centre", "#99", "--db", demo_db))
