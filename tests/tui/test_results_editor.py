"""F6 › "3. Kết quả năm trước": a wrong line is a message in the editor (the app stays up,
the text stays), and the totals as written are lines of the same editor, so F7's
"sửa tổng thành …" is mended where its Enter leads."""

from __future__ import annotations

from textual.widgets import DataTable

from kehoach.store.models import Plan, ResultLine
from kehoach.tui.screens.texts import TextsScreen
from kehoach.tui.widgets.list_editor import ListEditor, VnTextArea

from .helpers import on_f6_at, screen_text, type_text

SIZE = (80, 24)
RESULTS = 6  # "3. Kết quả năm trước" in F6's list


def lines_now() -> list[tuple[str, int, int]]:
    return [(r.label, r.classes, r.learners) for r in ResultLine.select().order_by(ResultLine.id)]


async def test_a_wrong_line_is_a_message_and_the_text_stays(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        before = lines_now()
        version = Plan.get().version
        await on_f6_at(pilot, RESULTS)
        await pilot.press("e")
        await pilot.pause()
        editor = demo_app.screen
        assert isinstance(editor, ListEditor)
        await pilot.press(*["down"] * 12, "end", "enter")  # after the last line
        await type_text(pilot, "Tổng học viên 2.197")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # the app is up, the editor open with what was typed, the message on screen
        assert demo_app.is_running and demo_app.screen is editor
        assert editor.query_one(VnTextArea).text.endswith("Tổng học viên 2.197")
        shot = screen_text(demo_app)
        assert "chưa đúng dạng" in shot and "Dòng 10" in shot
        assert lines_now() == before and Plan.get().version == version
        # the wrong line taken out, it saves (the message went with it)
        await pilot.press(*["backspace"] * (len("Tổng học viên 2.197") + 1))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, TextsScreen)
        assert lines_now() == before
        assert Plan.get().results_learners_written == 2179


async def test_a_total_written_twice_is_refused(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        await on_f6_at(pilot, RESULTS)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*["down"] * 12, "end", "enter")  # after the last line
        await type_text(pilot, "Tổng học viên (như ghi): 2.197")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, ListEditor)
        assert "đã ghi ở dòng 7" in screen_text(demo_app)
        assert Plan.get().results_learners_written == 2179


async def test_f7_total_error_is_mended_where_enter_leads(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert "sửa tổng thành 2.197" in screen_text(demo_app)
        table = demo_app.screen.query_one(DataTable)
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(demo_app.screen, TextsScreen)
        await pilot.press("e")
        await pilot.pause()
        # the written total is in the editor, as the preview shows it
        assert "Tổng học viên (như ghi): 2.179" in screen_text(demo_app)
        await pilot.press("ctrl+home", *["down"] * 6, "end")
        await pilot.press(*["backspace"] * len("2.179"))
        await type_text(pilot, "2.197")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, TextsScreen)
        assert Plan.get().results_learners_written == 2197
        await pilot.press("f7")
        await pilot.pause()
        assert "sửa tổng thành 2.197" not in screen_text(demo_app)
        # one ctrl+z takes the whole save back
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Plan.get().results_learners_written == 2179


async def test_a_list_refused_on_save_keeps_its_text(demo_app):
    """The other F6 editors (lists, paragraphs): a refusal on ctrl+s — here the plan
    changed by another session meanwhile — is shown in the editor, the typing kept."""
    from kehoach.store import editing

    async with demo_app.run_test(size=SIZE) as pilot:
        await on_f6_at(pilot, 1)  # 1. Căn cứ
        await pilot.press("e")
        await pilot.pause()
        editor = demo_app.screen
        await pilot.press(*["down"] * 30, "end", "enter")
        await type_text(pilot, "Can cu moi")
        editing.set_text(Plan.get(), "closing", "Đoạn kết khác.")  # another session
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_app.screen is editor
        assert editor.query_one(VnTextArea).text.endswith("Can cu moi")
        assert editor.query_one("#error").display
        assert "Can cu moi" not in "\n".join(editing.get_items(Plan.get(), "legal_basis"))
