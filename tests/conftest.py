"""Shared fixtures: a real SQLite file per test, the demo plan, an isolated home."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# the copy the package ships: the tests read nothing outside the repository
SEED = REPO / "kehoach" / "store" / "data" / "ke-hoach-tthtcd-tan-huong-2024.txt"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test reads or writes the real user's files."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("KEHOACH_CONFIG", str(home / "settings.json"))
    monkeypatch.delenv("KEHOACH_DB", raising=False)
    # the command line speaks Vietnamese unless the locale's messages are English: the
    # tests that run it ask for English unless they set a language (tests/cli/
    # test_language.py). LC_MESSAGES only: LANG (LC_CTYPE) stays as it was, as LibreOffice
    # and PostgreSQL need a locale that is installed.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")
    return home


# The store's and the command line's tests run on both backends: a SQLite file, and a fresh
# database on a throwaway PostgreSQL server (tests/pgserver.py). A test that is about files
# (modes, backups, WAL, the file's own bytes) is marked `sqlite_only`.
BOTH_BACKENDS = ("tests/store/", "tests/cli/")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about the SQLite file itself"
    )


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    where = str(metafunc.definition.path.relative_to(REPO))
    if any(
        where.startswith(d) for d in BOTH_BACKENDS
    ) and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def db_path(tmp_path, backend) -> Path | str:
    """Where the test's database is: a new SQLite file, or (backend "postgresql") the URL
    of a new, empty database on the test server."""
    if backend == "postgresql":
        from tests.pgserver import new_database

        try:
            return new_database()
        except RuntimeError as exc:
            pytest.skip(str(exc))
    return tmp_path / "kehoach.db"


@pytest.fixture
def db(db_path):
    from kehoach.store.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo(db):
    """The Tân Hương 2024 plan in a fresh database."""
    from kehoach.export.importer import load_demo

    return load_demo()


@pytest.fixture
def demo_db(tmp_path, backend) -> Path | str:
    """A demo database written by the command a person types: `kehoach demo --no-open`
    (a file, or a new database on the test server)."""
    if backend == "postgresql":
        from tests.pgserver import new_database

        try:
            path = new_database()
        except RuntimeError as exc:
            pytest.skip(str(exc))
    else:
        path = tmp_path / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "kehoach.tui.cli", "demo", "--no-open", "--db", str(path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
