"""Defects a new user met at 80×24: each reproduced through the keys, then read off the screen."""

from __future__ import annotations

import datetime as dt

from kehoach.store.models import Activity
from kehoach.tui.widgets.vn_input import VnInput

from .helpers import act, notifications, screen_text, wait_for_text

SIZE = (80, 24)


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


async def test_subtotal_row_says_why_d_and_t_do_nothing(demo_app):
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f3", "down", "down")  # January's "Cộng tháng" row
        await pilot.pause()
        assert demo_app.screen.query_one("MonthTable").current_key == "m:1"
        count = Activity.select().count()
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause(0.2)
        assert notifications(demo_app) == [
            "Dòng “Cộng tháng” là tổng của tháng, không xóa được: chọn một dòng hoạt động."
        ]
        assert Activity.select().count() == count
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause(0.2)
        assert "không ghi kết quả được" in notifications(demo_app)[-1]


async def test_centres_screen_title_and_enter_key(demo, seed_text, db_path, monkeypatch):
    from kehoach.export.importer import parse_text
    from kehoach.store.plans import save_document
    from kehoach.tui.app import KehoachApp

    doc, _ = parse_text(seed_text.replace("Tân Hương", "Tân Lập").replace("TÂN HƯƠNG", "TÂN LẬP"))
    save_document(doc, action="import")
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        shot = await wait_for_text(pilot, "Các trung tâm – năm 2024")
        lines = shot.splitlines()
        # the title names the list, not the commune of the last plan opened
        assert lines[0].strip() == "kehoach – Các trung tâm – năm 2024"
        bar = lines[-1]
        for wanted in ("⏎Mở", "f1Giúp", "f7K.tra", "^eXuất", "^qThoát"):
            assert wanted in bar, (wanted, bar)
        await pilot.press("home", "down", "enter")  # rows by commune: Tân Hương, Tân Lập
        await pilot.pause(0.3)
        assert app.current_mode == "overview"
        assert "Tân Lập" in screen_text(app).splitlines()[0]


async def test_palette_finds_pdf_export_without_diacritics_and_says_no_match_in_vietnamese(
    demo_app,
):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"xuat", "space", *"pdf")
        shot = await wait_for_text(pilot, "Xuất kế hoạch (Word, PDF")
        assert "No matches" not in shot
        await pilot.press("space", *"qqq")
        await pilot.pause(0.8)
        shot = await wait_for_text(pilot, "Không tìm thấy lệnh nào")
        assert "No matches" not in shot
