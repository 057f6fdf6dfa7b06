"""Shared fixtures: a real SQLite file per test, the demo plan, an isolated home."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# the copy the package ships: the tests read nothing outside the repository
SEED = REPO / "store" / "data" / "ke-hoach-tthtcd-tan-huong-2024.txt"


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
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "kehoach.db"


@pytest.fixture
def db(db_path):
    from store.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo(db):
    """The Tân Hương 2024 plan in a fresh database."""
    from export.importer import load_demo

    return load_demo()


@pytest.fixture
def demo_db(tmp_path) -> Path:
    """A demo database written by the command a person types: `kehoach demo --no-open`."""
    path = tmp_path / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "demo", "--no-open", "--db", str(path)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
