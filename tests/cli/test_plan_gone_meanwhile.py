"""`plan submit` racing `import --replace` (tests/store/test_nothing_lost.py, ~1 run in 10
on main): the plan was replaced between the command finding it and counting its errors,
and the count's DoesNotExist came out as a traceback. Deterministic here: the other
session's replace is done right after the command found the plan."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, SEED

REPLACED_MEANWHILE = """
import sys
from kehoach.tui import cli
from kehoach.export.importer import import_file

found = cli._plan

def plan_then_replaced(args):
    plan = found(args)
    import_file(sys.argv[2], replace=True)  # another session's `import --replace`
    return plan

cli._plan = plan_then_replaced
sys.exit(cli.main(["plan", "submit", "--db", sys.argv[1]]))
"""


@pytest.mark.sqlite_only("the SQLite file is read back")
def test_a_plan_replaced_meanwhile_is_one_line_not_a_traceback(demo_db, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", REPLACED_MEANWHILE, str(demo_db), str(SEED)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == (
        "kehoach: Kế hoạch vừa bị phiên làm việc khác xóa hoặc thay (nhập đè); chưa làm gì. "
        "Chạy lại lệnh.\n"
    )
    import sqlite3

    con = sqlite3.connect(demo_db)
    try:
        assert con.execute("SELECT status FROM plan").fetchall() == [("draft",)]
    finally:
        con.close()
