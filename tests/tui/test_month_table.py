"""F3's month table: the numbers whole at 80 columns, what a change redraws, and the rows
after a change the same as a fresh load's."""

from __future__ import annotations

import sys

import pyte
import pytest

import bench.__main__ as bench
from kehoach.store.models import Activity, Plan
from kehoach.store.views import month_rows
from kehoach.tui.screens.months import MonthsScreen
from kehoach.tui.widgets.activity_form import ActivityForm
from kehoach.tui.widgets.month_table import MonthTable
from kehoach.tui.widgets.vn_input import VnInput

from .helpers import screen_text, type_text

F3 = b"\x1bOR"


def terminal_screen(db, tmp_path, monkeypatch, cols: int, rows: int, keys: bytes) -> list[str]:
    """The app in a real pseudo-terminal of `cols`×`rows`, TERM=xterm (PuTTY's), after
    `keys`: the screen's lines as a person reads them (pyte)."""
    monkeypatch.setattr(bench, "COLS", cols)
    monkeypatch.setattr(bench, "ROWS", rows)
    env = bench._env({"HOME": str(tmp_path), "TERM": "xterm"})
    session = bench.Session([sys.executable, "-m", "kehoach.tui.cli", "--db", str(db)], env)
    try:
        session.wait_for("Tổng quan".encode())
        session.settle()
        session.key_until(keys, "Tập huấn sử dụng phân bón".encode())
        session.settle(0.6)
        data = bytes(session.data)
    finally:
        session.close()
    screen = pyte.Screen(cols, rows)
    pyte.ByteStream(screen).feed(data)
    return screen.display


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_f3_shows_every_number_whole(demo_db, tmp_path, monkeypatch, size):
    """At 80×24 the header read "Số lớ", the first row "0" for "01", and learners and
    budget were off-screen; at 100×30 the budget read "720" for "720.000đ"."""
    lines = terminal_screen(demo_db, tmp_path, monkeypatch, *size, F3)
    header = next(line for line in lines if "Nội dung" in line)
    for label in ("Tháng", "STT", "Số lớp", "Học viên", "Kinh phí"):
        assert label in header, header
    first = next(line for line in lines if "Tập huấn sử dụng phân bón" in line)
    assert first.split()[:2] == ["1", "1"], first
    assert " 01 " in first and " 88 " in first and "720.000đ" in first, first
    subtotal = next(line for line in lines if "Cộng tháng 1/2024" in line)
    assert " 02 " in subtotal and " 176 " in subtotal and "1.490.000đ" in subtotal, subtotal
    # text columns give way: the hidden ones are on the line under the table
    if size == (80, 24):
        assert any(line.startswith("Đối tượng: Nhân dân 4/4 thôn") for line in lines), lines


# --- the rows after a change are those of a fresh load -----------------------------------


def table_lines(app) -> list[str]:
    """The month table's rows as drawn on the screen (header and detail line left out)."""
    table = app.screen.query_one(MonthTable)
    region = table.region
    shot = screen_text(app).split("\n")
    rows = shot[region.y + 1 : region.y + 1 + table._rows_shown()]
    width = table.scrollable_content_region.width
    return [line[region.x : region.x + width].rstrip() for line in rows]


def fresh_lines(app) -> list[str]:
    """The same rows as a fresh load would show them: every row read again (`month_rows`,
    not the table's cache), at the table's scroll position and width."""
    screen = app.screen
    table = screen.query_one(MonthTable)
    rows = month_rows(
        Plan.get_by_id(app.plan.id),
        programme=screen.programme_filter,
        village=screen.village_filter,
        query=screen.table_query or None,
    )
    top = int(table.scroll_offset.y)
    shown = rows[top : top + table._rows_shown()]
    assert [r.key for r in rows] == [table.rows.row(i).key for i in range(table.row_count)]
    lines = [table.line_text(r.cells).rstrip() for r in shown]
    return lines + [""] * (table._rows_shown() - len(lines))


async def same_as_fresh(pilot) -> None:
    await pilot.pause()
    await pilot.pause()
    assert table_lines(pilot.app) == fresh_lines(pilot.app)


async def test_rows_after_moves_edits_undo_and_filters_are_a_fresh_loads(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await same_as_fresh(pilot)
        table = demo_app.screen.query_one(MonthTable)
        await pilot.press("shift+down")  # January row 1 becomes row 2
        await same_as_fresh(pilot)
        assert table.current_key == f"a:{Activity.get(month=1, position=2).id}"
        await pilot.press("greater_than_sign")  # to the end of February
        await same_as_fresh(pilot)
        await pilot.press("ctrl+z", "ctrl+z")
        await same_as_fresh(pilot)
        assert Activity.get(month=1, position=1).content.startswith("Tập huấn sử dụng phân bón")
        for _ in range(25):  # past the bottom of the screen: the table scrolls
            await pilot.press("down")
        await same_as_fresh(pilot)
        assert int(table.scroll_offset.y) > 0
        await pilot.press("shift+up")
        await same_as_fresh(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, ActivityForm)
        form.query_one("#budget", VnInput).value = "1.234.567"
        await pilot.press("ctrl+s")
        await same_as_fresh(pilot)
        assert "1.234.567đ" in "\n".join(table_lines(demo_app))
        await pilot.press("ctrl+z")
        await same_as_fresh(pilot)
        assert "1.234.567đ" not in "\n".join(table_lines(demo_app))
        await pilot.press("slash")
        await type_text(pilot, "don uy")
        await pilot.press("enter")
        await same_as_fresh(pilot)
        assert table.row_count == 6
        assert table.cursor_row == 0  # another filter: from the top
        await pilot.press("shift+down")  # a move while filtered
        await same_as_fresh(pilot)
        await pilot.press("escape")
        await same_as_fresh(pilot)
        assert table.row_count == 24 + 12
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # the question's default: yes
        await same_as_fresh(pilot)
        await pilot.press("ctrl+z")
        await same_as_fresh(pilot)
        assert Activity.select().count() == 24


async def test_a_fresh_app_shows_what_the_changed_table_showed(demo_app, db_path):
    from kehoach.tui.app import KehoachApp

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "down", "shift+down", "down", "down", "less_than_sign")
        await pilot.pause()
        await pilot.pause()
        changed = table_lines(demo_app)
        key = demo_app.screen.query_one(MonthTable).current_key
    fresh_app = KehoachApp(db_path=db_path)
    async with fresh_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        fresh_app.screen.query_one(MonthTable).go_to_key(key)
        await pilot.pause()
        assert table_lines(fresh_app) == changed


# --- what a change costs ---------------------------------------------------------------


@pytest.fixture
def big_app(db, db_path):
    """The demo plan grown to 600 activities (imported from the seed's text form)."""
    from bench.bigplan import plan_text
    from kehoach.export.importer import parse_text, save_document
    from kehoach.tui.app import KehoachApp

    doc, _ = parse_text(plan_text(600, 40))
    save_document(doc, action="import")
    return KehoachApp(db_path=db_path)


async def test_a_move_reads_the_rows_on_screen_once_not_the_plan(big_app, monkeypatch):
    """A move reloaded every row of the plan, twice (912 ms for 3,000 activities)."""
    import kehoach.tui.screens.months as months

    loads = []

    class Counted(months.MonthTableRows):
        def __init__(self, *args, **kwargs):
            loads.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(months, "MonthTableRows", Counted)
    async with big_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(big_app.screen, MonthsScreen)
        table = big_app.screen.query_one(MonthTable)
        assert table.row_count == 600 + 12
        assert len(table.rows._fetched) <= 24  # only the rows on screen were read
        loads.clear()
        await pilot.press("shift+down")
        await pilot.pause()
        assert len(loads) == 1  # one reload, not two
        assert 0 < len(table.rows._fetched) <= 24
        await pilot.press("right_square_bracket")  # the next month, shown from its top
        await pilot.pause()
        assert table.current_month == 2
        assert int(table.scroll_offset.y) == table.cursor_row == 51
        await pilot.press("end")  # the last row: the rows around it read, not the plan
        await pilot.pause()
        assert table.cursor_row == 611
        assert len(table.rows._fetched) <= 3 * 24
        await same_as_fresh(pilot)  # (reads every row, to compare)
