"""#18 (a new user's #2): `kehoach --db X --revision 1` opened the newest revision, a
draft, for editing. The app opens the revision asked for; an older one is read-only."""

from __future__ import annotations

from kehoach.store import approval
from kehoach.store.models import Plan
from kehoach.tui.cli import build_parser, make_app, prepare_app

from .helpers import notifications, screen_text, wait_for_text

SIZE = (80, 24)


def amended() -> None:
    """The demo approved as revision 1, then amended: revision 2 is a draft."""
    plan = approval.submit(Plan.get())
    plan = approval.approve(plan, name="Lê Thị Hoa", title="PHÓ TRƯỞNG PHÒNG")
    approval.amend(plan)


def app_for(*argv: str):
    args = build_parser(list(argv)).parse_args(list(argv))
    return make_app(prepare_app(args), args)


async def test_the_app_opens_the_revision_asked_for_read_only(demo, db_path):
    amended()
    app = app_for("--db", str(db_path), "--revision", "1")
    async with app.run_test(size=SIZE) as pilot:
        shot = await wait_for_text(pilot, "bản 1")
        assert "bản 2" not in shot, shot
        assert app.plan.revision == 1
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        said = " ".join(notifications(app))
        assert "bản 1" in said and "chỉ để xem" in said and "bản 2" in said, said
        assert app.screen.id != "activity-form" and "Lưu" not in screen_text(app)


async def test_without_the_option_the_current_revision_opens(demo, db_path):
    amended()
    app = app_for("--db", str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, "bản 2")
        assert app.plan.revision == 2


async def test_the_option_after_a_command_less_call_too(demo, db_path):
    amended()
    app = app_for("--revision", "1", "--db", str(db_path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, "bản 1")
        assert app.plan.revision == 1
