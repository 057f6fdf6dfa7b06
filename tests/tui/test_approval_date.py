"""A new user's finding on #18: the approval date defaulted to today in any year — a 2024
plan recorded as approved in 2026 got a date nobody signed. Within the plan's period the
form offers today; after it, nothing (the date on the approval paper is typed); a date
still to come or before the plan's own date is refused, in the store too. On the command
line, an approval without --date after the period says what date it recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach.store import approval
from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan, PlanEvent
from kehoach.tui.app import KehoachApp
from kehoach.tui.screens.approval import ApprovalScreen
from kehoach.tui.widgets.fields_form import FieldsForm
from kehoach.tui.widgets.vn_input import VnInput
from tests.cli.test_cli import VI, run

from .helpers import screen_text

SIZE = (80, 24)


@pytest.fixture
def app(demo, db_path):
    approval.submit(Plan.get())
    return KehoachApp(db_path=db_path, low_bandwidth=True)


def squeezed(text: str) -> str:
    return "".join(text.translate(str.maketrans("", "", "│▊▎")).split())


async def open_form(app, pilot) -> VnInput:
    await pilot.press("f5", "p", "y")  # the demo plan has errors: asked first
    await pilot.pause()
    assert isinstance(app.screen, FieldsForm)
    app.screen.query_one("#f-name", VnInput).value = "Lê Thị Hoa"
    app.screen.query_one("#f-title", VnInput).value = "Phó trưởng phòng"
    return app.screen.query_one("#f-date", VnInput)


async def test_after_the_period_the_date_on_the_paper_is_asked_for(app):
    app.fixed_today = dt.date(2026, 11, 30)
    async with app.run_test(size=SIZE) as pilot:
        date = await open_form(app, pilot)
        assert date.value == ""  # not 30/11/2026
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        assert squeezed("Nhập ngày ghi trên văn bản phê duyệt") in squeezed(screen_text(app))
        assert Plan.get().status == "submitted"
        date.value = "05/01/2024"  # before the plan's own date, 10/01/2024
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert squeezed("trước ngày của kế hoạch (10/01/2024)") in squeezed(screen_text(app))
        date.value = "01/12/2026"  # tomorrow
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert squeezed("chưa tới") in squeezed(screen_text(app))
        assert Plan.get().status == "submitted"
        date.value = "15/01/2024"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen)
        # F5 says the recorded date at 80 columns (the history's note is cut there)
        assert "phê duyệt ngày 15/01/2024" in screen_text(app), screen_text(app)
    assert Plan.get().status == "approved"
    event = PlanEvent.select().where(PlanEvent.action == "approve").get()
    assert event.comment.endswith("ngày 15/01/2024")


async def test_within_the_period_today_is_offered(app):
    app.fixed_today = dt.date(2024, 1, 20)
    async with app.run_test(size=SIZE) as pilot:
        date = await open_form(app, pilot)
        assert date.value == "20/01/2024"


def test_the_store_refuses_a_date_to_come_or_before_the_plan(demo):
    plan = approval.submit(Plan.get())
    for when in (dt.date.today() + dt.timedelta(days=1), dt.date(2024, 1, 9)):
        with pytest.raises(KehoachError):
            approval.approve(plan, name="Lê Thị Hoa", title="PTP", date=when)
        assert Plan.get().status == "submitted"
    assert approval.approval_date_default(plan, dt.date(2024, 12, 31)) == dt.date(2024, 12, 31)
    assert approval.approval_date_default(plan, dt.date(2025, 1, 1)) is None


def test_the_command_line_says_what_date_it_recorded(demo_db):
    run("plan", "submit", "--db", demo_db, "--force", check_rc=0)
    early = run(
        "plan",
        "approve",
        "--by",
        "A",
        "--title",
        "B",
        "--date",
        "05/01/2024",
        "--db",
        demo_db,
        env_extra=VI,
        check_rc=1,
    )
    assert "trước ngày của kế hoạch (10/01/2024)" in early.stderr
    done = run("plan", "approve", "--by", "A", "--title", "B", "--db", demo_db, env_extra=VI)
    assert done.returncode == 0
    if dt.date.today() > dt.date(2024, 12, 31):
        today = dt.date.today().strftime("%d/%m/%Y")
        assert f"Ngày phê duyệt ghi là hôm nay ({today}), sau khi kỳ kế hoạch đã hết" in (
            done.stderr
        )
