"""store/ and export/ never import Textual (harlequin's trick: a fresh interpreter each)."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEADLESS = sorted(
    f"kehoach.{p.parent.name}.{p.stem}"
    for folder in ("store", "export")
    for p in (REPO / "kehoach" / folder).glob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_app_module_does_not_load_export_libraries_at_start():
    code = "import sys, kehoach.tui.app; print(sorted(m for m in ('docx', 'tabulate') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_sqlite_file_loads_no_server_driver(tmp_path):
    """peewee imports every driver it finds; psycopg2 (installed for the server) brought
    libpq and OpenSSL into every process: the app's peak memory rose from 44 to 49 MB.
    Opening a file and reading a plan loads no server driver; a server URL still works
    (tests/server)."""
    pytest.importorskip("psycopg2")  # installed: it is the driver that must stay out
    code = (
        "import sys\n"
        "from kehoach.store.db import open_database\n"
        "from kehoach.store.plans import latest_plan\n"
        "open_database(sys.argv[1])\n"
        "latest_plan()\n"
        "print(sorted(m for m in ('psycopg2', 'psycopg', 'pymysql') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "plan.db")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip().splitlines()[-1:] == ["[]"], out.stdout + out.stderr


FIRST_SCREEN_PROBE = """
import asyncio, sys
from kehoach.tui.app import KehoachApp

async def main():
    app = KehoachApp(db_path=sys.argv[1])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        not_needed = ("docx", "tabulate", "kehoach.export.importer", "kehoach.export.plan_reader",
                      "kehoach.export.docx_plan", "kehoach.export.summary", "kehoach.tui.screens.months",
                      "kehoach.tui.screens.texts", "kehoach.tui.widgets.activity_form",
                      "textual.widgets._text_area", "psycopg2")
        print([m for m in not_needed if m in sys.modules])

asyncio.run(main())
"""


def test_nothing_loads_at_start_up_that_the_first_screen_does_not_need(demo_db):
    """After the overview is drawn: no python-docx, tabulate, import code, other screens."""
    db = str(demo_db)
    out = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN_PROBE, db],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
