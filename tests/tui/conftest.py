from __future__ import annotations

import pytest

from kehoach.tui.app import KehoachApp


@pytest.fixture
def demo_app(demo, db_path):
    return KehoachApp(db_path=db_path)


@pytest.fixture
def empty_app(db, db_path):
    return KehoachApp(db_path=db_path)
