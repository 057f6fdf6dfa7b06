"""A centre's role on its OWN plan, by the server's own rules (#20 item 3, as an adversary
found it in psql): the content of a submitted or approved revision is read-only but for
what was held; the centre only submits (draft or returned → submitted), never approves,
returns or takes a decision back; the status events and the audit trail are append-only
for every role; the office writes audit rows only for the decisions it records; a session's
temporary table never stands in for kehoach's. Every attack is typed straight into the
server as that role (psycopg2, no kehoach code); and the program itself, run as that role,
still does everything it did: edit a draft, submit, record what was held on an approved
plan, amend, replace a draft by an import, show the log; the office approves and returns."""

from __future__ import annotations

import datetime as _dt
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run
from tests.pgserver import new_database
from tests.server.test_roles import _plan_of, as_role, raw

TABLES = (
    "centre",
    "village",
    "programme",
    "plan",
    "plan_text",
    "plan_item",
    "result_line",
    "survey_line",
    "activity",
    "signer",
    "plan_event",
    "change_log",
)
APPROVE = ("plan", "approve", "--force", "--by", "Nguyễn Văn A", "--title", "Phó trưởng phòng")


def _everything(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as the owner sees them."""
    con = connect_any(url)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in TABLES}
    finally:
        con.close()


def _attempt(cur, sql: str, params: tuple = ()) -> str | None:
    """Run one statement as the connected role (its own transaction). None when the server
    let it change a row; else how it was refused: the error's first line, or "no row"."""
    try:
        cur.execute(sql, params)
    except psycopg2.Error as exc:
        assert exc.pgcode == "42501", (sql, exc.pgcode, str(exc))  # a privilege or a policy
        return str(exc).splitlines()[0]
    return "no row" if cur.rowcount == 0 else None


def _all_refused(url: str, role_url: str, attacks: list[str], params: tuple = ()) -> None:
    """Each statement refused by the server, and nothing at all changed."""
    before = _everything(url)
    let_through = []
    with raw(role_url) as cur:
        for sql in attacks:
            if _attempt(cur, sql, params) is None:
                let_through.append(sql)
    assert let_through == [], let_through
    assert _everything(url) == before


CONTENT_ATTACKS = [
    "UPDATE activity SET learners = 1 WHERE plan_id = %(plan)s",
    "UPDATE activity SET content = 'x', budget = 0 WHERE plan_id = %(plan)s",
    "UPDATE activity SET held_learners = 5, learners = 5 WHERE plan_id = %(plan)s",
    "UPDATE activity SET plan_id = plan_id WHERE plan_id = %(plan)s AND note = 'never'",
    "DELETE FROM activity WHERE plan_id = %(plan)s",
    "INSERT INTO activity (plan_id, month, position, content, target_group, place, partner,"
    " note, version, status, held_note) VALUES (%(plan)s, 1, 99, 'x', '', '', '', '', 1,"
    " 'planned', '')",
    "UPDATE plan_text SET value = 'x' WHERE plan_id = %(plan)s",
    "INSERT INTO plan_text (plan_id, key, value) VALUES (%(plan)s, 'extra', 'x')",
    "DELETE FROM plan_item WHERE plan_id = %(plan)s",
    "UPDATE result_line SET classes = 1 WHERE plan_id = %(plan)s",
    "UPDATE survey_line SET people = 1 WHERE plan_id = %(plan)s",
    "DELETE FROM survey_line WHERE plan_id = %(plan)s",
    "UPDATE signer SET name = 'x' WHERE plan_id = %(plan)s",
    "DELETE FROM signer WHERE plan_id = %(plan)s",
    "UPDATE plan SET doc_code = 'x' WHERE id = %(plan)s",
    "UPDATE plan SET header = NULL WHERE id = %(plan)s",
    "DELETE FROM plan WHERE id = %(plan)s",
    "UPDATE plan SET status = 'draft' WHERE id = %(plan)s",
    "UPDATE plan SET status = 'returned' WHERE id = %(plan)s",
    "UPDATE plan SET status = 'approved' WHERE id = %(plan)s",
    # an edit the plan never had, put on its record
    'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record, field,'
    " before, after) VALUES (now(), 'x', %(plan)s, current_user, 'edit', 'activity', '1',"
    " 'learners', '88', '1')",
    'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record, field,'
    " before, after) VALUES (now(), 'x', %(plan)s, current_user, 'delete', 'plan', '', '',"
    " '', '')",
]
AUDIT_ATTACKS = [
    "DELETE FROM change_log WHERE plan_id = %(plan)s",
    "DELETE FROM plan_event WHERE plan_id = %(plan)s",
    "UPDATE change_log SET after = 'x' WHERE plan_id = %(plan)s",
    "UPDATE plan_event SET comment = 'x' WHERE plan_id = %(plan)s",
    "UPDATE change_log SET plan_id = NULL WHERE plan_id = %(plan)s",
    "TRUNCATE change_log",
    "TRUNCATE plan_event",
    "TRUNCATE plan CASCADE",
    "DELETE FROM centre",
    # what the plan's rows name: its programmes (their codes and names print in it)
    "UPDATE programme SET name = 'x', code = 'x'",
    "DELETE FROM programme",
]


def test_a_centres_submitted_and_approved_plan_is_read_only_but_for_what_was_held(province):
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})
    # the adversary's own words: every row of the approved revision changed, by the role
    with raw(as_["th"]) as cur:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s", (th,))
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute("UPDATE plan SET status = 'draft' WHERE id = %s", (th,))
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute("DELETE FROM change_log WHERE plan_id = %s", (th,))
        # what was held is the year's tracking: those columns stay the centre's to write
        cur.execute(
            "UPDATE activity SET status = 'held', held_date = '2024-01-20', held_learners = 7,"
            " held_spent = 1000, held_note = 'x', version = version + 1"
            " WHERE plan_id = %s AND month = 1",
            (th,),
        )
        assert cur.rowcount == 2
    con = connect_any(url)
    assert con.execute("SELECT status FROM plan WHERE id = ?", (th,)).fetchone() == ("approved",)
    assert con.execute(
        "SELECT SUM(held_learners), SUM(learners) FROM activity WHERE plan_id = ?", (th,)
    ).fetchone() == (14, 2248)
    con.close()


def test_a_centre_only_submits_its_plan(province):
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    draft = [
        "UPDATE plan SET status = 'returned' WHERE id = %(plan)s",
        "UPDATE plan SET status = 'approved' WHERE id = %(plan)s",
        "UPDATE plan SET status = 'anything' WHERE id = %(plan)s",
        'INSERT INTO plan_event (plan_id, at, "user", action, status_before, status_after,'
        " comment) VALUES (%(plan)s, now(), 'x', 'approve', 'submitted', 'approved', '')",
        'INSERT INTO plan_event (plan_id, at, "user", action, status_before, status_after,'
        " comment) VALUES (%(plan)s, now(), 'x', 'return', 'submitted', 'returned', '')",
        "INSERT INTO plan (centre_id, year, period_kind, first_month, revision, status,"
        " doc_code, place, doc_type, summary, goal_target, created_at, version)"
        f" VALUES ({ids['Tân Hương']}, 2030, 'year', 1, 1, 'approved', 'KH', '', '', '', '',"
        " now(), 1)",
        # the audit trail in another role's name
        'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record, field)'
        " VALUES (now(), 'x', %(plan)s, 'someone_else', 'edit', 'plan', '', '')",
        *AUDIT_ATTACKS,
    ]
    _all_refused(url, as_["th"], draft, {"plan": th})
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run("plan", "return", "--comment", "Bổ sung", "--centre", "Tân Hương", "--db", as_["office"],
        check_rc=0)  # fmt: skip
    returned = [  # the office's word stands: not back to a draft, not approved
        "UPDATE plan SET status = 'draft' WHERE id = %(plan)s",
        "UPDATE plan SET status = 'approved' WHERE id = %(plan)s",
        *AUDIT_ATTACKS,
    ]
    _all_refused(url, as_["th"], returned, {"plan": th})
    # a returned plan is the centre's to mend and submit again, by its role straight in —
    # the submission on record (its event, its audit row), or not at all
    con = psycopg2.connect(as_["th"])
    try:
        cur = con.cursor()
        cur.execute("UPDATE activity SET learners = learners + 1 WHERE plan_id = %s", (th,))
        assert cur.rowcount == 24
        con.commit()
        cur.execute("UPDATE plan SET status = 'submitted' WHERE id = %s", (th,))
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="no event and audit"):
            con.commit()
        cur.execute("UPDATE plan SET status = 'submitted' WHERE id = %s", (th,))
        cur.execute(
            'INSERT INTO plan_event (plan_id, at, "user", action, status_before, status_after,'
            " comment) VALUES (%s, now(), 'psql', 'submit', 'returned', 'submitted', '')",
            (th,),
        )
        cur.execute(
            'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
            " field, before, after) VALUES (now(), 'psql', %s, current_user, 'status', 'plan',"
            " %s, 'status', 'returned', 'submitted')",
            (th, str(th)),
        )
        con.commit()
        assert _attempt(cur, "UPDATE plan SET status = 'draft' WHERE id = %s", (th,))
    finally:
        con.close()
    con = connect_any(url)
    assert con.execute("SELECT status FROM plan WHERE id = ?", (th,)).fetchone() == ("submitted",)
    con.close()


def test_the_office_writes_audit_rows_only_for_the_decisions_it_records(province):
    url, as_, ids, roles = province
    th, tl = _plan_of(url, ids["Tân Hương"]), _plan_of(url, ids["Tân Lập"])
    run("plan", "submit", "--db", as_["tl"], check_rc=0)
    row = (
        'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record, field,'
        " before, after) VALUES (now(), 'x', %(plan)s, {role}, 'status', 'plan', '', 'status',"
        " 'draft', {after})"
    )
    event = (
        'INSERT INTO plan_event (plan_id, at, "user", action, status_before, status_after,'
        " comment) VALUES (%(plan)s, now(), 'x', {action}, 'submitted', {after}, '')"
    )
    for plan in (th, tl):  # a draft, and a submitted plan not decided yet
        _all_refused(
            url,
            as_["office"],
            [
                row.format(role="current_user", after="'approved'"),
                row.format(role="current_user", after="'draft'"),
                row.format(role=f"'{roles['th']}'", after="'approved'"),
                'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
                " field) VALUES (now(), 'x', %(plan)s, current_user, 'edit', 'activity', '',"
                " 'learners')",
                event.format(action="'approve'", after="'approved'"),
                event.format(action="'return'", after="'returned'"),
                event.format(action="'submit'", after="'submitted'"),
                "UPDATE plan SET status = 'draft' WHERE id = %(plan)s",
                "UPDATE plan SET status = 'approved' WHERE id = %(plan)s",  # with no record
                "UPDATE plan SET status = 'approved', doc_code = 'x' WHERE id = %(plan)s",
                "UPDATE activity SET held_learners = 1 WHERE plan_id = %(plan)s",
                *AUDIT_ATTACKS,
                "UPDATE change_log SET plan_id = plan_id WHERE plan_id = %(plan)s",
            ],
            {"plan": plan},
        )
    # the decision itself, as the program records it, goes through
    run(*APPROVE, "--centre", "Tân Lập", "--db", as_["office"], check_rc=0)
    con = connect_any(url)
    assert con.execute(
        "SELECT action, status_after FROM plan_event WHERE plan_id = ? ORDER BY id", (tl,)
    ).fetchall() == [("submit", "submitted"), ("approve", "approved")]
    assert (
        con.execute(
            "SELECT COUNT(*) FROM change_log WHERE plan_id = ? AND role = ?", (tl, roles["office"])
        ).fetchone()[0]
        >= 2
    )  # the status, the signer
    con.close()
    # after the decision, in another transaction: no more rows for it, no other signer
    later = [
        row.format(role="current_user", after="'approved'"),
        event.format(action="'approve'", after="'approved'"),
        "UPDATE signer SET name = 'Người khác' WHERE plan_id = %(plan)s AND role = 'approver'",
        'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
        " field) VALUES (now(), 'x', %(plan)s, current_user, 'edit', 'signer', 'approver',"
        " 'name')",
        *AUDIT_ATTACKS,
    ]
    _all_refused(url, as_["office"], later, {"plan": tl})
    # nor may the centre add a submission to its plan submitted before
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    _all_refused(
        url,
        as_["th"],
        [
            event.format(action="'submit'", after="'submitted'").replace(
                "'submitted', 'submitted'", "'draft', 'submitted'"
            ),
            'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
            " field, before, after) VALUES (now(), 'x', %(plan)s, current_user, 'status',"
            " 'plan', '', 'status', 'draft', 'submitted')",
        ],
        {"plan": th},
    )


def test_a_temporary_table_never_stands_in_for_kehoachs_roles(province):
    """The adversary makes its own `kehoach_role` in its session's temporary schema, naming
    itself the office, or the other centre: the policies' functions never read it."""
    url, as_, ids, roles = province
    tl = _plan_of(url, ids["Tân Lập"])
    for kind, centre in (("office", None), ("centre", ids["Tân Lập"])):
        with raw(as_["th"]) as cur:
            cur.execute("CREATE TEMP TABLE kehoach_role (role text, kind text, centre_id int)")
            cur.execute("INSERT INTO kehoach_role VALUES (current_user, %s, %s)", (kind, centre))
            cur.execute("SELECT kehoach_is_office(), kehoach_centre()")
            assert cur.fetchone() == (False, ids["Tân Hương"])
            cur.execute("SELECT COUNT(*) FROM activity WHERE plan_id = %s", (tl,))
            assert cur.fetchone() == (0,)
            cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s", (tl,))
            assert cur.rowcount == 0


def _as_role(url: str):
    """The store opened as a role, in this process (the program's own write paths)."""
    from kehoach.store.db import open_database

    return open_database(url, create=False)


def test_the_program_as_a_centres_role_still_does_all_it_did(province, tmp_path):
    from kehoach.store import approval, editing, results
    from kehoach.store.errors import KehoachError
    from kehoach.store.plans import find_plan

    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    # edit a draft: an activity, a text
    db = _as_role(as_["th"])
    try:
        plan = find_plan(2024)
        first = _first(plan)
        editing.update_activity(first.id, {"learners": 41})
        editing.set_text(plan, "closing", "Kết thúc.")
    finally:
        db.close()
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    # the office returns it, the centre mends and submits again, the office approves
    run("plan", "return", "--comment", "Bổ sung", "--centre", "Tân Hương", "--db", as_["office"],
        check_rc=0)  # fmt: skip
    db = _as_role(as_["th"])
    try:
        editing.update_activity(first.id, {"learners": 42})
    finally:
        db.close()
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    # on the approved plan: what was held is recorded (and undone, and redone)
    db = _as_role(as_["th"])
    try:
        change = results.record_held(
            first.id, status="held", date=_dt.date(2024, 1, 15), learners=39, spent=500000
        )
        change.undo()
        change.redo()
        with pytest.raises(KehoachError, match="không sửa được"):
            editing.update_activity(first.id, {"learners": 1})
        new = approval.amend(find_plan(2024))  # a new draft revision
        assert (new.revision, new.status) == (2, "draft")
        editing.update_activity(_first(new).id, {"learners": 43})
    finally:
        db.close()
    con = connect_any(url)
    assert con.execute(
        "SELECT learners, status, held_learners, held_spent FROM activity WHERE id = ?",
        (first.id,),
    ).fetchone() == (42, "held", 39, 500000)
    con.close()
    # the older, approved revision takes no held result now, by the server's rule too
    with raw(as_["th"]) as cur:
        assert _attempt(cur, "UPDATE activity SET held_learners = 1 WHERE plan_id = %s", (th,))
    # the amendment replaced by an import: the draft's history moves to its replacement
    events_before = _events(url)
    result = run("import", commune_plan(tmp_path, "Tân Hương", "TÂN HƯƠNG"), "--replace",
                 "--db", as_["th"])  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _events(url) == events_before  # the same events, now on the new draft
    con = connect_any(url)
    assert con.execute("SELECT COUNT(*) FROM change_log WHERE plan_id IS NULL").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM plan WHERE id = ?", (new.id,)).fetchone() == (
        0,
    )  # replaced, its audit rows moved first
    con.close()
    log = run("log", "--db", as_["th"], check_rc=0).stdout
    assert "[" + roles["th"] + "]" in log and "[" + roles["office"] + "]" in log
    assert run("log", "--revision", "1", "--db", as_["th"], check_rc=0).stdout.strip()
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    con = connect_any(url)
    assert con.execute(
        "SELECT revision, status FROM plan WHERE centre_id = ? ORDER BY revision",
        (ids["Tân Hương"],),
    ).fetchall() == [(1, "approved"), (2, "approved")]
    con.close()


def _first(plan):
    from kehoach.store.models import Activity

    return plan.activities.order_by(Activity.month, Activity.position).first()


def _events(url: str) -> list[tuple]:
    con = connect_any(url)
    try:
        return con.execute(
            "SELECT e.action, e.status_after, p.revision FROM plan_event e"
            " JOIN plan p ON p.id = e.plan_id ORDER BY e.id"
        ).fetchall()
    finally:
        con.close()


def test_running_the_commands_again_upgrades_a_database_set_up_before(province):
    """A database set up by the earlier version (one policy for every command, the helper
    functions reading the session's search path, every privilege on the audit trail) is
    upgraded by running `server add-office` (or add-centre) again; the attacks fail after."""
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    own = "plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())"
    con = connect_any(url)
    for table in ("activity", "change_log", "plan_event"):
        con.execute(f"DROP POLICY IF EXISTS centre_select ON {table}")
        con.execute(f"CREATE POLICY centre_rows ON {table} USING ({own}) WITH CHECK ({own})")
    con.execute("ALTER FUNCTION kehoach_is_office() SET search_path FROM CURRENT")
    con.execute(f'GRANT ALL ON change_log, plan_event, centre TO "{roles["th"]}"')
    con.execute("DROP TRIGGER kehoach_guard ON activity")
    con.commit()
    con.close()
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    with raw(as_["th"]) as cur:  # the earlier version's holes, as they were
        cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s AND month = 1", (th,))
        assert cur.rowcount == 2
    run("server", "add-office", "--role", roles["office"], "--db", url, check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})
    con = connect_any(url)
    names = {r[0] for r in con.execute("SELECT policyname FROM pg_policies").fetchall()}
    assert "centre_rows" not in names and "centre_select" in names
    con.close()
    # and again: the same rules, nothing doubled
    run("server", "add-centre", "Tân Lập", "--role", roles["tl"], "--db", url, check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})


def test_a_restored_copy_gets_the_rules_back_whatever_it_brought(province, tmp_path):
    """A copy whose rules someone loosened (a policy letting every row through, a guard
    trigger dropped, every privilege on the audit trail) is restored with kehoach's rules
    written again; a trigger kehoach does not make is refused, nothing changed."""
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    con = connect_any(url)
    con.execute("CREATE POLICY open_all ON activity USING (true) WITH CHECK (true)")
    con.execute("DROP TRIGGER kehoach_guard ON activity")
    con.execute(f'GRANT ALL ON change_log, plan_event TO "{roles["th"]}"')
    con.close()
    loosened = tmp_path / "loosened.dump"
    run("backup", "-o", loosened, "--db", url, check_rc=0)
    con = connect_any(url)
    con.execute(
        "CREATE TRIGGER kehoach_guard BEFORE UPDATE ON centre FOR EACH ROW"
        " EXECUTE FUNCTION kehoach_plan_guard()"
    )
    con.close()
    stranger = tmp_path / "stranger.dump"
    run("backup", "-o", stranger, "--db", url, check_rc=0)
    _until_alone(url)
    result = run("restore", stranger, "--db", url, check_rc=1)
    assert "centre.kehoach_guard" in result.stderr and result.stderr.count("\n") == 1
    _until_alone(url)
    run("restore", loosened, "--db", url, check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})
    con = connect_any(url)
    names = {r[0] for r in con.execute("SELECT policyname FROM pg_policies").fetchall()}
    assert "open_all" not in names
    con.close()


def _until_alone(url: str) -> None:
    """Until the server has let go of every connection to the database (a backend outlives
    its client's close by a moment; restore refuses while anyone is connected)."""
    import time

    name = url.split("/")[-1].split("?")[0]
    con = connect_any(url.replace(f"/{name}?", "/postgres?"))
    try:
        for _ in range(100):
            busy = con.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?", (name,)
            ).fetchone()[0]
            if not busy:
                return
            time.sleep(0.05)
    finally:
        con.close()


def test_a_change_begun_on_a_draft_never_lands_on_the_plan_submitted_meanwhile(province):
    """Two sessions of the centre's role: one changes an activity of the draft and keeps
    its transaction open; the other submits (the program). The submit waits for the first
    (and says the database is busy), so the office never approves a plan that changes
    after it was submitted."""
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    con = psycopg2.connect(as_["th"])  # a transaction left open, as psql's BEGIN
    try:
        cur = con.cursor()
        cur.execute(
            "UPDATE activity SET budget = 999 WHERE plan_id = %s AND month = 1 AND position = 1",
            (th,),
        )
        submit = run("plan", "submit", "--db", as_["th"])
        con.commit()
    finally:
        con.close()
    check = connect_any(url)
    status, budget = check.execute(
        "SELECT p.status, a.budget FROM plan p JOIN activity a ON a.plan_id = p.id"
        " WHERE p.id = ? AND a.month = 1 AND a.position = 1",
        (th,),
    ).fetchone()
    check.close()
    assert (status, budget) == ("draft", 999), submit.stderr  # not a submitted plan changed
    assert submit.returncode == 1 and "busy" in submit.stderr, submit.stderr
    assert "Traceback" not in submit.stderr  # the check's warning, then that one line
    run("plan", "submit", "--db", as_["th"], check_rc=0)  # now it goes, with the change


def test_a_trigger_of_kehoachs_on_a_table_of_ones_own_notes_nothing(province):
    """The owner's trigger that notes a plan's transition (the office's and the centre's
    decision rows are tied to it) cannot be put on a temporary table of one's own, to
    note any plan and then write its approval rows or rename its approver later."""
    url, as_, ids, roles = province
    th = _plan_of(url, ids["Tân Hương"])
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    before = _everything(url)
    con = psycopg2.connect(as_["office"])
    try:
        cur = con.cursor()
        cur.execute("CREATE TEMP TABLE t (id int, status text)")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute(
                "CREATE TRIGGER x AFTER INSERT ON t FOR EACH ROW"
                " EXECUTE FUNCTION kehoach_note_transition()"
            )
        con.rollback()
        cur.execute("SELECT kehoach_changed_now(%s)", (th,))
        assert cur.fetchone() == (False,)
        cur.execute("UPDATE signer SET name = 'Người khác' WHERE plan_id = %s", (th,))
        assert cur.rowcount == 0
        con.commit()
    finally:
        con.close()
    assert _everything(url) == before


def test_a_database_set_up_by_the_earlier_version_is_upgraded_by_running_a_command_again(
    tmp_path,
):
    """The earlier version's own setup (its statements, kept in tests/data), with its holes;
    `server add-office` run again on it, and the attacks fail, the program still works."""
    from tests.conftest import REPO

    try:
        url = new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    run("demo", "--no-open", "--db", url, check_rc=0)
    run("import", commune_plan(tmp_path, "Tân Lập", "TÂN LẬP"), "--db", url, check_rc=0)
    tag = urlsplit(url).path.strip("/")
    roles = {"th": f"{tag}_th", "tl": f"{tag}_tl", "office": f"{tag}_office"}
    sql = (REPO / "tests" / "data" / "roles-d82cb52.sql").read_text(encoding="utf-8")
    con = connect_any(url)
    ids = dict(con.execute("SELECT commune, id FROM centre").fetchall())
    for name in roles.values():
        con.execute(f'CREATE ROLE "{name}" LOGIN')
    body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
    for statement in body.format(**roles).split(";\n"):
        if statement.strip():
            con.execute(statement)
    con.execute(
        "INSERT INTO kehoach_role VALUES (?, 'centre', ?), (?, 'centre', ?), (?, 'office', NULL)",
        (roles["th"], ids["Tân Hương"], roles["tl"], ids["Tân Lập"], roles["office"]),
    )
    con.close()
    as_ = {k: as_role(url, r) for k, r in roles.items()}
    th = _plan_of(url, ids["Tân Hương"])
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Hương", "--db", as_["office"], check_rc=0)
    con = psycopg2.connect(as_["th"])  # the holes, as the adversary found them (undone)
    try:
        cur = con.cursor()
        cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s", (th,))
        assert cur.rowcount == 24
        cur.execute("DELETE FROM change_log WHERE plan_id = %s", (th,))
        assert cur.rowcount > 0
        cur.execute("UPDATE plan SET status = 'draft' WHERE id = %s", (th,))
        assert cur.rowcount == 1
    finally:
        con.rollback()
        con.close()
    run("server", "add-office", "--role", roles["office"], "--db", url, check_rc=0)
    _all_refused(url, as_["th"], CONTENT_ATTACKS + AUDIT_ATTACKS, {"plan": th})
    _all_refused(url, as_["tl"], AUDIT_ATTACKS, {"plan": _plan_of(url, ids["Tân Lập"])})
    # the program, as both centres and the office, still does its work
    run("plan", "amend", "--db", as_["th"], check_rc=0)
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run("plan", "submit", "--db", as_["tl"], check_rc=0)
    run(*APPROVE, "--centre", "Tân Lập", "--db", as_["office"], check_rc=0)
    run("plan", "return", "--comment", "Bổ sung", "--centre", "Tân Hương", "--db", as_["office"],
        check_rc=0)  # fmt: skip
    assert "[" + roles["office"] + "]" in run("log", "--db", as_["tl"], check_rc=0).stdout
