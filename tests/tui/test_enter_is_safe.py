"""#18 (a new user's #9): Enter in F3's "discard changes?" dialog meant yes (the typing
lost) while Enter in F5's questions meant no. Every yes/no dialog gives the safe answer,
no, on Enter, and its key hint says so."""

from __future__ import annotations

from kehoach.store.models import Activity, Plan
from kehoach.tui.app import KehoachApp
from kehoach.tui.screens.months import MonthsScreen
from kehoach.tui.widgets.activity_form import ActivityForm
from kehoach.tui.widgets.dialogs import ConfirmDialog
from kehoach.tui.widgets.vn_input import VnInput

from .helpers import screen_text, type_text

SIZE = (80, 24)
ENTER_IS_NO = "[y] Đồng ý    [n/Esc/Enter] Không"


async def test_enter_on_discard_keeps_the_typing(demo, db_path):
    app = KehoachApp(db_path=db_path, low_bandwidth=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "e")
        await pilot.pause()
        await type_text(pilot, " abc")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert ENTER_IS_NO in screen_text(app), screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActivityForm), screen_text(app)
        assert app.screen.query_one("#content", VnInput).value.endswith(" abc")


async def test_enter_on_every_question_is_no(demo, db_path):
    """Delete (F3 d), submit (F5 s, on a plan without errors too), amend (F5 n)."""
    app = KehoachApp(db_path=db_path, low_bandwidth=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert ENTER_IS_NO in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthsScreen)
        assert Activity.select().count() == 24
        await pilot.press("f5", "s")
        await pilot.pause()
        assert ENTER_IS_NO in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert Plan.get().status == "draft"
