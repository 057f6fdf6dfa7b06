"""#18 (a new user's #4): F5 `p` on a draft asked about the plan's errors, then showed the
whole approval form, and refused only at ctrl+s (what was typed lost). A step the plan's
status does not allow is refused when its key is pressed, with the reason."""

from __future__ import annotations

from kehoach.store import approval
from kehoach.store.models import Plan
from kehoach.tui.app import KehoachApp
from kehoach.tui.screens.approval import ApprovalScreen

from ..command import one_line_error, run
from .helpers import notifications, screen_text

SIZE = (80, 24)


async def test_approving_a_draft_is_refused_before_any_question(demo, db_path):
    app = KehoachApp(db_path=db_path, low_bandwidth=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen), screen_text(app)
        said = " ".join(notifications(app))
        assert "Không thể phê duyệt" in said and "dự thảo" in said, said
        shot = screen_text(app)
        assert "Vẫn ghi phê duyệt" not in shot and "Ngày phê duyệt" not in shot, shot


async def test_submitting_a_submitted_plan_is_refused_before_any_question(demo, db_path):
    approval.submit(Plan.get())
    app = KehoachApp(db_path=db_path, low_bandwidth=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ApprovalScreen), screen_text(app)
        said = " ".join(notifications(app))
        assert "Không thể trình duyệt" in said and "đã trình" in said, said
        # what the status allows still asks first (errors: no by default)
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause(0.3)
        assert "Vẫn ghi phê" in screen_text(app), screen_text(app)


def test_the_command_line_refuses_approving_a_draft_in_one_line(demo_db):
    line = one_line_error(
        run("plan", "approve", "--by", "Lê Hoa", "--title", "PTP", "--db", demo_db)
    )
    assert "cannot approve: the plan is draft" in line, line
