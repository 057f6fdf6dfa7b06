"""The centres screen (F8) at 80×24, read through the screen text (#19 item 3)."""

from __future__ import annotations

import re

import pytest

from kehoach.export.importer import parse_text
from kehoach.store.plans import save_document
from kehoach.tui.app import KehoachApp
from tests.tui.helpers import screen_text, wait_for_text

ROW = re.compile(r"^ \S.* \d+/\d+ +\d\d/\d\d +$")  # a centre's row: … 3/9  30/11


def table_rows(shot: str) -> list[str]:
    return [line for line in shot.splitlines() if ROW.match(line)]


COMMUNES = [("Tân Lập", "TÂN LẬP"), ("Hữu Lũng", "HỮU LŨNG"), ("Vũ Lễ", "VŨ LỄ")]


@pytest.fixture
def province(demo, seed_text, db_path):
    """Four centres' 2024 plans; Vũ Lễ's submitted."""
    from kehoach.store import approval

    plans = {"Tân Hương": demo}
    for commune, upper in COMMUNES:
        doc, _ = parse_text(seed_text.replace("Tân Hương", commune).replace("TÂN HƯƠNG", upper))
        plans[commune] = save_document(doc, action="import")
    approval.submit(plans["Vũ Lễ"])
    return plans


async def test_the_centres_screen_at_80x24(province, db_path, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # several centres and no --centre: the app starts on the centres screen
        shot = await wait_for_text(pilot, "Các trung tâm – năm 2024")
        lines = shot.splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "Năm 2024: 4 trung tâm · 4 có lỗi · 4 chưa duyệt · xếp theo xã" in shot
        rows = table_rows(shot)
        assert [r.split()[0] for r in rows] == ["Hữu", "Tân", "Tân", "Vũ"]
        hữu = rows[0]
        # every column whole: status, revision, activities, classes, learners, budget (k),
        # errors/warnings, last change
        for cell in ("Dự thảo", " 1 ", " 24 ", " 23 ", "2.248", "18.005", "3/9"):
            assert cell in hữu, (cell, hữu)
        assert "Đã trình" in rows[3]
        assert "Cộng 4 TT: 96 HĐ · 92 lớp · 8.992 HV · 72.020.000đ · 12 lỗi, 36 CB" in shot
        assert "Hữu Lũng: Dự thảo, bản 1 · 3 lỗi, 9 CB · 18.005.000đ · sửa: " in shot
        # search without diacritics
        await pilot.press("slash", *"vu le", "enter")
        shot = await wait_for_text(pilot, "Vũ Lễ: Đã trình")
        assert [r.split()[0] for r in table_rows(shot)] == ["Vũ"]
        await pilot.press("escape")
        # sort: errors first is the same for all; by status puts the submitted one last
        await pilot.press("s", "s")
        shot = await wait_for_text(pilot, "xếp theo trạng thái")
        rows = table_rows(shot)
        assert len(rows) == 4 and "Đã trình" in rows[-1]
        # Enter opens that centre's plan on F2
        await pilot.press("home", "down", "enter")
        await pilot.pause(0.3)
        assert app.current_mode == "overview"
        assert app.plan.centre.commune == "Tân Hương"
        assert "Tân Hương" in screen_text(app).splitlines()[0]
        # and F8 comes back to the list
        await pilot.press("f8")
        await wait_for_text(pilot, "Các trung tâm – năm 2024")


async def test_one_centre_shows_no_centres_key(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert demo_app.current_mode == "overview"
        await pilot.press("f8")
        await pilot.pause(0.2)
        assert demo_app.current_mode == "overview"
        await pilot.press("ctrl+p", *"trung tam")
        await pilot.pause(0.3)
        assert "Các trung tâm" not in screen_text(demo_app)


async def test_the_palette_names_each_plans_commune(province, db_path):
    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+p", *"vu le")
        await wait_for_text(pilot, "xã Vũ Lễ")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.plan.centre.commune == "Vũ Lễ"


async def test_the_centres_screen_runs_a_fixed_number_of_queries(province, seed_text, db_path):
    from tests.queries import counted_queries

    app = KehoachApp(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Cộng 4 TT")
        with counted_queries() as few:
            app.screen.refresh_data()
        for commune, upper in (("Bình Gia", "BÌNH GIA"), ("Bắc Sơn", "BẮC SƠN")):
            text = seed_text.replace("Tân Hương", commune).replace("TÂN HƯƠNG", upper)
            save_document(parse_text(text)[0], action="import")
        with counted_queries() as many:
            app.screen.refresh_data()
        await wait_for_text(pilot, "Cộng 6 TT")
        assert len(many) == len(few)


async def test_a_named_centre_opens_on_its_plan(province, db_path):
    """`kehoach --centre "tan lap"`: that centre's plan on F2, not the list."""
    from kehoach.store.centres import find_centre

    app = KehoachApp(db_path=db_path, centre_id=find_centre("tan lap").id)
    async with app.run_test(size=(80, 24)) as pilot:
        shot = await wait_for_text(pilot, "Tổng quan")
        assert app.current_mode == "overview"
        assert app.plan.id == province["Tân Lập"].id
        assert "xã Tân Lập" in shot.splitlines()[0]
        await pilot.press("f8")  # the list is one key away
        await wait_for_text(pilot, "Cộng 4 TT")
