"""Issue 15 item 10: the app never shows a traceback when another session holds the
write lock or deleted the row; one Vietnamese message, the app stays up."""

from __future__ import annotations

import sqlite3

from kehoach.store.models import Activity, Plan
from kehoach.tui.screens.approval import ApprovalScreen
from kehoach.tui.screens.months import MonthsScreen

from .helpers import act, notifications, screen_text

SIZE = (80, 24)


def other_session(db_path) -> sqlite3.Connection:
    return sqlite3.connect(db_path, isolation_level=None, timeout=0.1)


async def an_undo_step_on_f3(pilot) -> int:
    """F3, and on the app's undo stack a save of the first activity (learners 88 → 100);
    that activity's id."""
    from kehoach.store import editing

    await pilot.press("f3")
    await pilot.pause()
    act_id = act().id
    pilot.app.undo_stack.push(editing.update_activity(act_id, {"learners": 100}))
    return act_id


async def test_undo_after_another_session_deleted_the_row(demo_app, db_path):
    async with demo_app.run_test(size=SIZE) as pilot:
        act_id = await an_undo_step_on_f3(pilot)
        other = other_session(db_path)
        other.execute("DELETE FROM activity WHERE id = ?", (act_id,))
        other.close()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert demo_app.is_running and isinstance(demo_app.screen, MonthsScreen)
        assert any("không" in m.lower() for m in notifications(demo_app)), notifications(demo_app)
        assert "Traceback" not in screen_text(demo_app)
        # the refused step was dropped: the next ctrl+z says there is nothing more or
        # undoes the earlier step, never crashes
        await pilot.press("ctrl+z", "f3", "e")
        await pilot.pause()
        assert demo_app.is_running


async def test_undo_while_another_session_holds_the_write_lock(demo_app, db_path):
    async with demo_app.run_test(size=SIZE) as pilot:
        act_id = await an_undo_step_on_f3(pilot)
        other = other_session(db_path)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("ctrl+z")  # waits SQLite's 5 s, then gives up
            await pilot.pause()
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert demo_app.is_running
        assert any("bận" in m for m in notifications(demo_app)), notifications(demo_app)
        assert Activity.get_by_id(act_id).learners == 100
        # the step stayed: once the lock is gone, ctrl+z undoes it
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert Activity.get_by_id(act_id).learners == 88


async def test_submit_while_another_session_holds_the_write_lock(demo_app, db_path):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(demo_app.screen, ApprovalScreen)
        await pilot.press("s")
        await pilot.pause()
        other = other_session(db_path)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("y")  # confirm
            await pilot.pause()
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert demo_app.is_running and isinstance(demo_app.screen, ApprovalScreen)
        assert any("bận" in m for m in notifications(demo_app)), notifications(demo_app)
        assert Plan.get().status == "draft"


async def test_a_plan_replaced_by_another_session_is_reopened(demo_app, db_path, tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO, SEED

    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        old_id = Plan.get().id
        subprocess.run(
            [
                sys.executable,
                "-m",
                "kehoach.tui.cli",
                "import",
                str(SEED),
                "--replace",
                "--db",
                str(db_path),
            ],
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=120,
        )
        await pilot.press("f6", "f3", "e")
        await pilot.pause()
        assert demo_app.is_running
        assert demo_app.plan.id != old_id
        assert any("vừa được thay" in m for m in notifications(demo_app)), notifications(demo_app)


async def test_the_commune_chosen_at_first_run_is_editable_on_f6(demo_app):
    """#18 item 9: a setup typo is not permanent; the approved plan keeps its header."""
    from kehoach.store.models import Centre

    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "enter")
        await pilot.pause()
        field = demo_app.screen.query_one("#f-commune")
        assert field.value == "Tân Hương"
        field.value = "Tân Lập"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Centre.get().commune == "Tân Lập"
        assert "Tân Lập" in screen_text(demo_app)
        assert "xã Tân Lập" in screen_text(demo_app).splitlines()[0]  # the title bar
