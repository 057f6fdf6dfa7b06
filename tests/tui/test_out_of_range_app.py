"""A row out of range written into the file with sqlite3 (around the program): the app
makes the same check as every command that reads a plan (store.guards.ensure_in_range)
when it opens a plan — at start-up, from the palette, from F8 — and shows the one line
naming the row on the overview and as a notification, instead of silently wrong totals
(#20). Read off the screen at 80×24."""

from __future__ import annotations

import re
import sqlite3

import pytest

from kehoach.export.importer import parse_text
from kehoach.store.plans import save_document
from kehoach.tui.app import KehoachApp
from tests.tui.helpers import notifications, screen_text, wait_for_text

pytestmark = pytest.mark.sqlite_only("a row the server would refuse, written into a file")


def _flat(shot: str) -> str:
    """The screen's text with its line breaks and runs of spaces folded (a long line wraps)."""
    return re.sub(r"\s+", " ", shot)


def _poison(db_path, sql: str, commune: str = "Tân Hương") -> int:
    """`sql` run with sqlite3 on the first activity of `commune`'s plan; that row's id."""
    con = sqlite3.connect(db_path)
    act = con.execute(
        "SELECT MIN(a.id) FROM activity a JOIN plan p ON p.id = a.plan_id"
        " JOIN centre c ON c.id = p.centre_id WHERE c.commune = ?",
        (commune,),
    ).fetchone()[0]
    with con:
        con.execute(sql.format(act=act))
    con.close()
    return act


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE activity SET month = 13 WHERE id = {act}", "dòng {act}, month = 13"),
        ("UPDATE activity SET learners = -5 WHERE id = {act}", "dòng {act}, learners = -5"),
    ],
)
async def test_the_app_names_the_row_out_of_range_at_start_up(
    demo, db_path, monkeypatch, sql, words
):
    act = _poison(db_path, sql)
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Tân Hương")
        await pilot.pause(0.3)  # the overview's checks, drawn a moment later
        line = f"Kế hoạch (mã {demo.id}) có giá trị ngoài khoảng"
        assert line in _flat(screen_text(app)), screen_text(app)
        assert words.format(act=act) in _flat(screen_text(app)), screen_text(app)
        assert any(words.format(act=act) in n for n in notifications(app))
        # the other screens still work (no crash); the overview keeps the line
        for key in ("f3", "f4", "f7", "f2"):
            await pilot.press(key)
            await pilot.pause(0.2)
        assert app.is_running
        assert words.format(act=act) in _flat(screen_text(app)), screen_text(app)


@pytest.fixture
def two_centres(demo, seed_text, db_path):
    """Tân Hương's and Vũ Lễ's 2024 plans; Vũ Lễ's first activity in month 13."""
    doc, _ = parse_text(seed_text.replace("Tân Hương", "Vũ Lễ").replace("TÂN HƯƠNG", "VŨ LỄ"))
    save_document(doc, action="import")
    return _poison(db_path, "UPDATE activity SET month = 13 WHERE id = {act}", "Vũ Lễ")


async def test_opening_a_plan_from_the_palette_names_its_row_out_of_range(
    two_centres, db_path, monkeypatch
):
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=db_path, centre_id=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Tân Hương")
        await pilot.pause(0.3)
        assert "ngoài khoảng" not in _flat(screen_text(app))  # Tân Hương's plan is sound
        await pilot.press("ctrl+p", *"vu le")
        await wait_for_text(pilot, "xã Vũ Lễ")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert app.plan.centre.commune == "Vũ Lễ"
        shot = _flat(screen_text(app))
        assert f"dòng {two_centres}, month = 13" in shot, screen_text(app)
        assert any(f"dòng {two_centres}, month = 13" in n for n in notifications(app))
        # back on the sound plan, the line goes
        await pilot.press("ctrl+p", *"tan huong")
        await wait_for_text(pilot, "xã Tân Hương")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert app.plan.centre.commune == "Tân Hương" and app.plan_fault is None


async def test_opening_a_plan_from_f8_names_its_row_out_of_range(two_centres, db_path, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Các trung tâm – năm 2024")
        await pilot.press("slash", *"vu le", "enter")
        await wait_for_text(pilot, "Vũ Lễ: ")
        await pilot.press("home", "enter")
        await pilot.pause(0.5)
        assert app.current_mode == "overview" and app.plan.centre.commune == "Vũ Lễ"
        shot = _flat(screen_text(app))
        assert f"dòng {two_centres}, month = 13" in shot, screen_text(app)
        assert any(f"dòng {two_centres}, month = 13" in n for n in notifications(app))
