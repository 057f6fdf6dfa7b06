"""The app itself on a PostgreSQL server (#20 item 2): another session holding the write
lock, and the server dropping the app's connection (a restart), are one Vietnamese message
each; the app stays up, nothing is half-written, and the next action works."""

from __future__ import annotations

import pytest

from kehoach.store.models import Plan, database
from kehoach.store.server import WRITE_LOCK_KEY
from kehoach.tui.app import KehoachApp
from kehoach.tui.screens.approval import ApprovalScreen
from tests.pgserver import admin_run, new_database
from tests.tui.helpers import notifications, screen_text

SIZE = (80, 24)


@pytest.fixture
def server_app():
    from kehoach.export.importer import load_demo
    from kehoach.store.db import open_database

    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    db = open_database(url)
    load_demo()
    yield KehoachApp(db_path=url)
    db.close()


async def _submit(pilot) -> None:
    """F5, s, and yes to the question."""
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ApprovalScreen)
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()


def drop_the_apps_connection() -> None:
    """What a server restart does to the app's connection."""
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    admin_run(f"SELECT pg_terminate_backend({pid})")


async def test_after_the_server_dropped_the_connection_the_screens_read_again(server_app):
    async with server_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        drop_the_apps_connection()
        await _submit(pilot)  # F5 reads the plan on a new connection, then submits
        assert server_app.is_running
        assert "Traceback" not in screen_text(server_app)
        assert Plan.get().status == "submitted"


async def test_a_write_on_a_dropped_connection_is_one_message_and_the_next_works(
    server_app, monkeypatch
):
    """The server goes away exactly as the submit begins its transaction (the reads before
    it would simply read again on a new connection)."""
    from kehoach.store.server import ServerDatabase

    begin = ServerDatabase.begin
    drops = []

    def begin_after_a_restart(self, *args, **kwargs):
        if not drops:
            drops.append(True)
            drop_the_apps_connection()
        return begin(self, *args, **kwargs)

    async with server_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        monkeypatch.setattr(ServerDatabase, "begin", begin_after_a_restart)
        await pilot.press("y")
        await pilot.pause()
        assert drops and server_app.is_running and isinstance(server_app.screen, ApprovalScreen)
        said = notifications(server_app)
        assert any("Mất kết nối" in m for m in said), said
        assert "Traceback" not in screen_text(server_app)
        assert Plan.get().status == "draft"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert Plan.get().status == "submitted"


async def test_a_submit_while_another_session_holds_the_write_lock(server_app):
    import psycopg2

    holder = psycopg2.connect(server_app.db_path)
    try:
        async with server_app.run_test(size=SIZE) as pilot:
            cur = holder.cursor()
            cur.execute("BEGIN")
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            await _submit(pilot)  # waits the server's 5 s, then gives up
            holder.rollback()
            assert server_app.is_running and isinstance(server_app.screen, ApprovalScreen)
            said = notifications(server_app)
            assert any("bận" in m for m in said), said
            assert Plan.get().status == "draft"
    finally:
        holder.close()
