"""#18 item 12 in the app: F5 `s` (submit) and `p` (approve) on a plan the checks find
errors in ask first, saying how many, and the answer is no by default."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.store.checks import count_problems
from kehoach.store.models import Activity, Plan, ResultLine
from kehoach.tui.app import KehoachApp
from kehoach.tui.screens.approval import ApprovalScreen
from kehoach.tui.widgets.dialogs import ConfirmDialog
from kehoach.tui.widgets.fields_form import FieldsForm

from .helpers import screen_text

SIZE = (80, 24)


@pytest.fixture
def app(demo, db_path):
    return KehoachApp(db_path=db_path, low_bandwidth=True)


def squeezed(text: str) -> str:
    """Screen text without spaces, line ends and box sides: wrapped text still matches."""
    return "".join(text.translate(str.maketrans("", "", "│▊▎╭╮╰╯─")).split())


def fix_the_demo_errors() -> None:
    """The demo plan's three errors, mended as F7 says (and the goal that then follows)."""
    plan = Plan.get()
    Plan.update(results_learners_written=2197).where(Plan.id == plan.id).execute()
    Activity.update(classes=1).where((Activity.month == 2) & (Activity.position == 2)).execute()
    Activity.update(learners=84).where((Activity.month == 1) & (Activity.position == 1)).execute()
    Plan.update(goal_participants=2244).where(Plan.id == plan.id).execute()
    assert count_problems(Plan.get())[0] == 0
    assert ResultLine.select().count()  # the results are still there


async def test_submit_with_errors_asks_saying_how_many_and_no_is_the_default(app):
    errors, _ = count_problems(Plan.get())
    assert errors == 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shown = squeezed(screen_text(app))
        assert squeezed("Kế hoạch còn 3 lỗi") in shown, screen_text(app)
        assert squeezed("Vẫn trình duyệt?") in shown
        assert squeezed("[y] Đồng ý    [n/Esc/Enter] Không") in shown
        await pilot.press("enter")  # the default: no
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen)
        assert Plan.get().status == "draft"
        await pilot.press("s", "escape")
        await pilot.pause()
        assert Plan.get().status == "draft"
        await pilot.press("s", "n")
        await pilot.pause()
        assert Plan.get().status == "draft"
        await pilot.press("s", "y")
        await pilot.pause()
        assert Plan.get().status == "submitted"


async def test_approve_with_errors_asks_first_then_opens_the_form(app):
    from kehoach.store import approval

    approval.submit(Plan.get())
    app.fixed_today = dt.date(2024, 1, 20)  # within the period: the form offers today
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shown = squeezed(screen_text(app))
        assert squeezed("Kế hoạch còn 3 lỗi") in shown and squeezed("Vẫn ghi phê duyệt?") in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen)  # no form
        await pilot.press("p", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen)
        assert Plan.get().status == "submitted"
        await pilot.press("p", "y")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Plan.get().status == "approved"


async def test_without_errors_no_question_about_errors(app):
    app.fixed_today = dt.date(2024, 1, 20)
    fix_the_demo_errors()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "s")
        await pilot.pause()
        # the usual question; Enter is no, as in every yes/no dialog (#18, new user's #9)
        assert isinstance(app.screen, ConfirmDialog)
        shown = squeezed(screen_text(app))
        assert squeezed("lỗi") not in shown and squeezed("Trình duyệt kế hoạch?") in shown
        assert squeezed("[n/Esc/Enter] Không") in shown
        await pilot.press("enter")
        await pilot.pause()
        assert Plan.get().status == "draft"
        await pilot.press("s", "y")
        await pilot.pause()
        assert Plan.get().status == "submitted"
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)  # straight to the form
