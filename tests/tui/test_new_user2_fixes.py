"""A second new user at 80×24 (notes/newuser2-report.md, P3, P4, P8): each reproduced
through the keys on a real SQLite file, then read off the screen."""

from __future__ import annotations

import datetime as dt

from kehoach.store import approval
from kehoach.store.models import Activity, Plan
from kehoach.tui.cli import build_parser, make_app, prepare_app
from kehoach.tui.widgets.vn_input import VnInput

from .helpers import act, notifications, screen_text, wait_for_text

SIZE = (80, 24)


async def test_after_delete_and_undo_enter_edits_the_row_not_adds(demo_app):
    """P3: d y on January's last row left the cursor on "Cộng tháng"; ctrl+z kept it
    there; Enter opened "Thêm hoạt động" and a second, almost empty activity was saved."""
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3", "down")  # January's second (last) row
        await pilot.pause()
        table = demo_app.screen.table
        first, last = act(1, 1), act(1, 2)
        assert table.current_key == f"a:{last.id}"
        count = Activity.select().count()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert Activity.select().count() == count - 1
        # the nearest activity: the row above, in the same month
        assert table.current_key == f"a:{first.id}"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Activity.select().count() == count
        assert table.current_key == f"a:{last.id}"  # the restored row
        await pilot.press("enter")
        await pilot.pause()
        shot = screen_text(demo_app)
        assert "Sửa hoạt động" in shot and "Thêm hoạt động" not in shot, shot
        assert last.content[:20] in shot, shot
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+y")  # redo the delete: on an activity again
        await pilot.pause()
        assert table.current_key == f"a:{first.id}"


async def test_enter_on_a_subtotal_adds_nothing_and_says_why(demo_app):
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3", "down", "down")  # January's "Cộng tháng" row
        await pilot.pause()
        assert demo_app.screen.table.current_key == "m:1"
        count = Activity.select().count()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause(0.2)
        assert "Thêm hoạt động" not in screen_text(demo_app)
        assert notifications(demo_app) == [
            "Dòng “Cộng tháng” là tổng của tháng, không sửa được: chọn một dòng hoạt động "
            "(a: thêm hoạt động vào tháng này)."
        ]
        assert Activity.select().count() == count
        await pilot.press("a")  # adding is on `a`, into the subtotal's month
        await pilot.pause()
        assert "Thêm hoạt động" in screen_text(demo_app)


def app_for(*argv: str):
    args = build_parser(list(argv)).parse_args(list(argv))
    return make_app(prepare_app(args), args)


async def test_t_on_an_older_revision_refuses_at_once_naming_the_newer_by_status(demo, db_path):
    """P4: on `--revision 1`, `t` opened the form and refused only at ctrl+s; the refusal
    called revision 2 "bản đang sửa" though it was approved."""
    plan = approval.submit(Plan.get())
    plan = approval.approve(plan, name="Lê Thị Hoa", title="PHÓ TRƯỞNG PHÒNG")
    second = approval.submit(approval.amend(plan))
    approval.approve(second, name="Lê Thị Hoa", title="PHÓ TRƯỞNG PHÒNG")
    app = app_for("--db", str(db_path), "--revision", "1")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_text(pilot, "bản 1")
        await pilot.press("f3", "t")
        await pilot.pause()
        await pilot.pause(0.2)
        assert "Kết quả:" not in screen_text(app) and "Ngày tổ chức" not in screen_text(app)
        said = " ".join(notifications(app))
        assert "bản 1 là bản cũ, chỉ để xem" in said, said
        assert "bản 2 (đã phê duyệt)" in said, said
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause(0.2)
        said = notifications(app)[-1]
        assert "bản 2 (đã phê duyệt)" in said and "đang sửa" not in said, said


async def test_t_on_a_month_to_come_offers_a_date_that_can_be_saved(demo_app):
    """P8: on 10/02/2024, `t` on a March activity offered 01/03/2024, which ctrl+s then
    refused as still to come. It offers today and says at once that March is to come."""
    demo_app.fixed_today = dt.date(2024, 2, 10)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        demo_app.screen.table.go_to_key(f"a:{act(3, 1).id}")
        await pilot.press("t")
        await pilot.pause()
        form = demo_app.screen
        assert form.query_one("#date", VnInput).value == "10/02/2024"
        shot = screen_text(demo_app)
        assert "Tháng 3/2024 chưa tới" in shot, shot
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is not form
        assert (act(3, 1).status, act(3, 1).held_date) == ("held", dt.date(2024, 2, 10))


async def test_t_before_the_period_says_at_once_held_cannot_be_recorded(demo_app):
    demo_app.fixed_today = dt.date(2023, 12, 15)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "t")
        await pilot.pause()
        form = demo_app.screen
        assert form.query_one("#date", VnInput).value == ""
        shot = screen_text(demo_app)
        assert "Tháng 1/2024 chưa tới: chưa ghi được “Đã tổ chức”" in shot, shot
        assert "ghi được Hoãn hoặc Hủy." in shot, shot  # the note wraps at 80 columns
