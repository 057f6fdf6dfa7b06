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


async def test_first_run_form_shows_ctrl_t_with_its_state(empty_app):
    """The first-run form asks for Vietnamese names but said nothing of ctrl+t (Telex):
    it has a key bar of its own, saying ctrl+t and whether Telex is on."""
    async with empty_app.run_test(size=SIZE) as pilot:
        shot = await wait_for_text(pilot, "Chào mừng")
        assert "Ctrl+T" in shot, shot
        bottom = shot.splitlines()[-1]
        assert "^tTelex: tắt" in bottom, shot
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.pause(0.1)
        assert "^tTelex: BẬT" in screen_text(empty_app).splitlines()[-1]
        await pilot.press(*"Taan")  # Telex is on: the name is typed in Vietnamese
        await pilot.pause()
        assert "Tân" in screen_text(empty_app)


async def test_an_old_toast_does_not_stay_over_the_next_dialog(demo_app):
    """F5: p on a draft says "Không thể phê duyệt…" in a toast; s then asked its question
    under that toast, as if it were the dialog's. A dialog opening clears the toasts."""
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f5", "p")
        await wait_for_text(pilot, "Không thể phê duyệt")
        await pilot.pause(0.6)  # read (what is said just before a dialog opens stays)
        await pilot.press("s")
        shot = await wait_for_text(pilot, "Vẫn trình duyệt?")
        assert "Không thể phê duyệt" not in shot, shot
        assert notifications(demo_app) == []


async def test_toasts_do_not_hide_the_export_dialog(demo_app):
    """On an approved plan, d and Enter on F3 each say "đã phê duyệt, không sửa được…";
    ctrl+e then opened the export dialog under those toasts, its path field hidden."""
    from kehoach.export.files import default_export_path
    from kehoach.store import approval
    from kehoach.store.models import Plan

    plan = approval.submit(Plan.get())
    approval.approve(plan, name="Nguyễn Văn A", title="Chủ tịch", date=plan.date)
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3", "d", "enter", "d")
        await wait_for_text(pilot, "không sửa được")
        await pilot.pause(0.6)
        await pilot.press("ctrl+e")
        shot = await wait_for_text(pilot, "Lưu vào:")
        assert "không sửa được" not in shot, shot
        lines = shot.splitlines()
        path_line = lines[next(i for i, line in enumerate(lines) if "Lưu vào:" in line) + 1]
        # the field readable across the dialog (a toast covered its right half)
        assert str(default_export_path(plan, "docx"))[:60] in path_line, shot
        assert "Enter hoặc Ctrl+S: ghi · Esc: đóng" in shot, shot


async def test_f5_change_list_shows_dates_and_amounts_whole(demo_app):
    """F5's change list cut its values at 80 columns ("720.00…", "31/01/…"): a date and an
    amount like 18.005.000đ are whole in the table, the "Ở đâu" column giving way."""
    import datetime as dt

    from kehoach.store.editing import update_activity
    from kehoach.store.results import record_held

    first = act(1, 1)
    update_activity(first.id, {"budget": 18005000})
    record_held(first.id, status="held", date=dt.date(2024, 1, 31), learners=88, spent=720000)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        shot = await wait_for_text(pilot, "Mọi thay đổi")
        today = dt.date.today().strftime("%d/%m/%Y")
        rows = [line for line in shot.splitlines() if line.startswith(f" {today}")]
        assert any("720.000đ" in r and "18.005.000đ" in r for r in rows), shot
        assert any("31/01/2024" in r for r in rows), shot
        assert any(r.rstrip().endswith("720.000đ") for r in rows), shot  # spent, after ""
        assert all(len(line) <= 80 for line in shot.splitlines())
