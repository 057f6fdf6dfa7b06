"""A second new user's smaller problems at 80×24 (notes/newuser2-report.md, Minor; and
notes/newuser-report.md, 10): each reproduced through the keys on a real SQLite file, then
read off the screen."""

from __future__ import annotations

from kehoach.store.editing import delete_activity
from kehoach.store.models import Activity

from .helpers import act, notifications, screen_text, wait_for_text

SIZE = (80, 24)


async def test_t_on_an_empty_month_says_what_is_on_screen(demo_app):
    """`t` on "Tháng 2/2024: chưa có hoạt động" spoke of a "Cộng tháng" line not there."""
    for _ in range(2):
        delete_activity(act(2, 1).id)
    count = Activity.select().count()
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3", "down", "down", "down")  # January's two rows, its subtotal
        await pilot.pause()
        assert demo_app.screen.table.current_key == "m:2"
        await wait_for_text(pilot, "Tháng 2/2024: chưa có hoạt động")
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause(0.2)
        said = notifications(demo_app)
        assert said == [
            "Tháng 2/2024: chưa có hoạt động, không có gì để ghi kết quả "
            "(a: thêm hoạt động vào tháng này)."
        ], said
        assert "Dòng “Cộng tháng”" not in screen_text(demo_app)
        assert Activity.select().count() == count
