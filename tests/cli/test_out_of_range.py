"""A row out of range that was written around the program (sqlite3 on a file; psql on a
server before its checks, #20 the adversary's #4) makes each report one line naming the
row, never a traceback or a total that adds it up. (The server refuses such rows now:
tests/server/test_guards.py.)"""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli.test_cli import run
from tests.server.test_roles import refused

pytestmark = pytest.mark.sqlite_only("a row the server would refuse, written into a file")


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE activity SET month = 13 WHERE id = {act}", "activity row {act}, month = 13"),
        (
            "UPDATE activity SET learners = -2147483648 WHERE id = {act}",
            "activity row {act}, learners = -2147483648",
        ),
        ("UPDATE activity SET budget = 2147483647 WHERE id = {act}", "budget = 2147483647"),
        ("UPDATE plan SET first_month = 99", "plan row 1, first_month = 99"),
    ],
)
def test_each_report_names_the_row_out_of_range_in_one_line(demo_db, sql, words):
    con = sqlite3.connect(demo_db)
    act = con.execute("SELECT MIN(id) FROM activity").fetchone()[0]
    with con:
        con.execute(sql.format(act=act))
    con.close()
    for command in (
        ("export", "report-text", "-o", "-"),
        ("export", "text", "-o", "-"),
        ("export", "summary-text", "--year", "2024", "-o", "-"),
        ("plan", "list"),
        ("check",),
    ):
        line = refused(run(*command, "--db", demo_db))
        assert words.format(act=act) in line, (command, line)
