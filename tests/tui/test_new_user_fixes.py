"""Defects a new user met at 80×24: each reproduced through the keys, then read off the screen."""

from __future__ import annotations

import datetime as dt

from store.models import Activity
from tui.widgets.vn_input import VnInput

from .helpers import screen_text

SIZE = (80, 24)


def act(month: int, position: int) -> Activity:
    return Activity.get((Activity.month == month) & (Activity.position == position))


async def retype(pilot, field: VnInput, text: str) -> None:
    field.focus()
    await pilot.pause()
    await pilot.press("ctrl+u", "ctrl+k", *text)


async def test_held_form_saves_corrected_date_on_first_ctrl_s(demo_app):
    demo_app.fixed_today = dt.date(2024, 2, 10)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "t")
        await pilot.pause()
        form = demo_app.screen
        date = form.query_one("#date", VnInput)
        await retype(pilot, date, "31/02/2024")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.query_one("#date-error").display
        await retype(pilot, date, "20/01/2024")
        await pilot.pause()
        # the stale red line goes once the field is corrected
        assert not form.query_one("#date-error").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is not form
        a = act(1, 1)
        assert (a.status, a.held_date) == ("held", dt.date(2024, 1, 20))


async def test_activity_form_drops_stale_error_and_saves_on_first_ctrl_s(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "enter")
        await pilot.pause()
        form = demo_app.screen
        learners = form.query_one("#learners", VnInput)
        await retype(pilot, learners, "abc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không phải số học viên" in screen_text(demo_app)
        await retype(pilot, learners, "90")
        await pilot.pause()
        assert "không phải số học viên" not in screen_text(demo_app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is not form
        assert act(1, 1).learners == 90
