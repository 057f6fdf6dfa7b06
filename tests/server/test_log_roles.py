"""`kehoach log` on a server names the database role of every entry, the status events
(plan_event, schema step 7) included (#20)."""

from __future__ import annotations

from tests.cli.test_cli import run
from tests.server.test_roles_locked import APPROVE


def test_the_log_shows_the_role_of_each_status_event(province):
    """`kehoach log` shows plan_event's role (schema step 7) as it shows change_log's: an
    event with no status change of its own (an amendment) is a line ending in `[role]`; a
    status change and the event written with it are one line, with the role."""
    url, as_, ids, roles = province
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    run("plan", "amend", "--db", as_["th"], check_rc=0)
    log = run("log", "--db", as_["th"], check_rc=0).stdout
    flat = " ".join(log.split())
    th, office = f"[{roles['th']}]", f"[{roles['office']}]"
    assert f"Amend Revision 2: “approved” → “draft” (điều chỉnh từ bản 1) {th}" in flat, log
    assert flat.count("“draft” → “submitted”") == 1, log
    assert f"“draft” → “submitted” {th}" in flat, log
    assert flat.count("“submitted” → “approved”") == 1, log
    assert "“submitted” → “approved” (" in flat and office in flat, log
