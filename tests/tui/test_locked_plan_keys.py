"""A new user's finding on #18: on a submitted or approved plan the key bar offered ⏎/a/d
(edit, add, delete) on F3 though they only say the plan cannot be changed. The bar shows
what works; pressed anyway, the keys still say why and how to amend."""

from __future__ import annotations

import pytest

from kehoach.store import approval
from kehoach.store.models import Plan
from kehoach.tui.app import KehoachApp

from .helpers import screen_text

SIZE = (80, 24)


@pytest.fixture
def app(demo, db_path):
    return KehoachApp(db_path=db_path, low_bandwidth=True)


def key_bar(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_a_locked_plans_key_bar_offers_only_what_works(app):
    approval.submit(Plan.get())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        bar = key_bar(app)
        assert "Sửa" not in bar and "aThêm" not in bar and "dXóa" not in bar, bar
        assert "tKết quả" in bar and "/Tìm" in bar  # what works on a submitted plan
        await pilot.press("a")
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert "đã trình, không sửa được" in said and "F5" in said
        await pilot.press("f4")
        await pilot.pause()
        bar = key_bar(app)
        assert all(k not in bar for k in ("eSửa", "aThêm", "dXóa", "cThêm", "xBỏ")), bar
        await pilot.press("f6")
        await pilot.pause()
        assert "eSửa" not in key_bar(app)


async def test_the_keys_come_back_with_an_amendment(app):
    plan = approval.submit(Plan.get())
    approval.approve(plan, name="Lê Thị Hoa", title="PHÓ TRƯỞNG PHÒNG")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "aThêm" not in key_bar(app)
        await pilot.press("f5", "n", "y")  # an amendment: revision 2, a draft
        await pilot.pause()
        assert app.plan.revision == 2
        await pilot.press("f3")
        await pilot.pause()
        bar = key_bar(app)
        assert "⏎Sửa" in bar and "aThêm" in bar and "dXóa" in bar, bar
