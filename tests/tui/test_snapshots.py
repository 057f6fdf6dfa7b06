"""Each screen of the demo plan at 100×30 and at 80×24 (pytest-textual-snapshot).

Update after an intended change: `python3 -m pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the report before committing."""

import datetime as dt

import pytest

from kehoach.store.models import ChangeLog
from kehoach.tui.app import KehoachApp

from .helpers import wait_for_text

SCREENS = {
    "overview": [],
    "months": ["f3"],
    "months_form": ["f3", "down", "e"],
    "survey": ["f4"],
    "approval": ["f5"],
    "texts": ["f6"],
    "checks": ["f7"],
    "help": ["f3", "f1"],
}
SIZES = [(100, 30), (80, 24)]


async def checks_shown(pilot) -> None:
    """The overview draws its checks a moment after the first frame: wait for them."""
    await wait_for_text(pilot, "cảnh báo")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, demo, db_path, screen, size):
    # the audit trail's times and user would differ from run to run and machine to machine
    ChangeLog.update(at=dt.datetime(2024, 1, 10, 8, 30), user="canbo").execute()
    app = KehoachApp(db_path=db_path, detect_colours=False)  # the 256-colour look
    app.fixed_today = dt.date(2024, 6, 15)
    assert snap_compare(app, press=SCREENS[screen], terminal_size=size, run_before=checks_shown)


@pytest.mark.parametrize("screen", ["overview", "months"])
def test_low_bandwidth_screen(snap_compare, demo, db_path, screen):
    ChangeLog.update(at=dt.datetime(2024, 1, 10, 8, 30), user="canbo").execute()
    app = KehoachApp(db_path=db_path, low_bandwidth=True)
    app.fixed_today = dt.date(2024, 6, 15)
    assert snap_compare(
        app, press=SCREENS[screen], terminal_size=(100, 30), run_before=checks_shown
    )
