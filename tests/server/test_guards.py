"""The server holds its own rules, whoever writes (#20, the adversary's #1, #4, #5): no two
centres whose communes `--centre` cannot tell apart, every count within store.bounds, months
1-12, no control character in a name. Each is typed as a centre's role straight into the
server (psycopg2, no kehoach code), as the adversary did in psql."""

from __future__ import annotations

import unicodedata

import psycopg2
import pytest

from tests.anydb import connect_any
from tests.cli.test_cli import run
from tests.server.test_roles import raw


def _draft(url: str, centre_id: int) -> int:
    con = connect_any(url)
    try:
        return con.execute(
            "SELECT id FROM plan WHERE centre_id = ? ORDER BY revision DESC", (centre_id,)
        ).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("name", ["Tân Lập", "xã TÂN LẬP", "  tân   lập "])
def test_no_centre_takes_another_centres_name(province, name):
    url, as_, ids, roles = province
    with raw(url) as cur, pytest.raises(psycopg2.errors.UniqueViolation):  # even the owner
        cur.execute("UPDATE centre SET commune = %s WHERE id = %s", (name, ids["Tân Hương"]))
    out = run("plan", "list", "--db", as_["office"], check_rc=0).stdout
    assert "Tân Hương" in out and "Tân Lập" in out
    text = run("export", "text", "--centre", "Tân Lập", "-o", "-", "--db", as_["office"])
    assert text.returncode == 0 and "TÂN LẬP" in text.stdout, text.stderr


def test_the_servers_key_is_the_programs(province):
    """store.guards.centre_key and the server's function agree, name by name."""
    from kehoach.store.guards import centre_key

    names = [
        "Tân Lập",
        "xã TÂN LẬP",
        "  tân   lập ",
        "Tân Lấp",
        "Hòa An",
        "Hoà An",
        "HOÀ AN",
        "Thị trấn Đồng Mỏ",
        "ĐỒNG MỎ",
        "Phường Hòa Bình",
        "Xã Quỳnh Lưu",
        "Xa La",
    ]
    url = province[0]
    with raw(url) as cur:
        for name in names:
            cur.execute("SELECT kehoach_centre_key(%s)", (name,))
            assert cur.fetchone()[0] == centre_key(name), name
        cur.execute("SELECT kehoach_centre_key(%s)", (unicodedata.normalize("NFD", "Hoà An"),))
        assert cur.fetchone()[0] == centre_key("Hòa An")


@pytest.mark.parametrize("name", ["Tân Phú", "Tân Lập\u200b", "Tân Hương 2"])
def test_a_centres_role_cannot_rename_its_commune(province, name):
    """The second adversary: renamed to a commune not yet on the server ("Tân Phú"), the
    centre's role was given that commune's plans by `db copy` and `server add-centre`,
    which find a centre by its name; or to a look-alike of another's (a zero-width
    space). The name is the owner's to change; the rest of the header stays the centre's."""
    url, as_, ids, roles = province
    with raw(as_["th"]) as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("UPDATE centre SET commune = %s WHERE id = %s", (name, ids["Tân Hương"]))
    with raw(as_["th"]) as cur:
        cur.execute("UPDATE centre SET district = 'Bắc Sơn' WHERE id = %s", (ids["Tân Hương"],))
        assert cur.rowcount == 1
    assert sorted(_communes(url)) == ["Tân Hương", "Tân Lập"]


def test_the_centres_header_form_on_a_server_keeps_working_and_refuses_a_rename(province):
    url, as_, ids, roles = province
    from kehoach.store.db import open_database
    from kehoach.store.editing import set_centre_fields
    from kehoach.store.errors import KehoachError
    from kehoach.store.models import Centre, Plan

    open_database(as_["th"])
    try:
        plan = Plan.get_by_id(_draft(url, ids["Tân Hương"]))
        fields = {f: getattr(plan.centre, f) for f in ("commune", "district", "province")}
        set_centre_fields(plan, {**fields, "district": "Văn Quan"})  # as F6's form sends it
        assert Centre.get_by_id(ids["Tân Hương"]).district == "Văn Quan"
        with pytest.raises(KehoachError) as refused:
            set_centre_fields(Plan.get_by_id(plan.id), {**fields, "commune": "Tân Phú"})
        assert "may not" in refused.value.en and "\n" not in refused.value.en
    finally:
        Plan._meta.database.close()
    assert sorted(_communes(url)) == ["Tân Hương", "Tân Lập"]


def test_the_program_refuses_a_name_another_centre_has_in_one_line(province):
    """The centre's header form (store.editing) on a server; the same on a file (SQLite)
    is kept by the program alone."""
    url, as_, ids, roles = province
    from kehoach.store.db import open_database
    from kehoach.store.editing import set_centre_fields
    from kehoach.store.errors import KehoachError
    from kehoach.store.models import Plan

    # as the owner (a centre's role may not rename at all: the test above); the program
    # refuses a name `--centre` could not tell from another's
    open_database(url)
    plan = Plan.get_by_id(_draft(url, ids["Tân Hương"]))
    plan = Plan.get_by_id(plan.id)
    with pytest.raises(KehoachError) as refused_by_program:
        set_centre_fields(plan, {"commune": "TÂN  LẬP"})
    assert "cannot be told from “TÂN LẬP” (“Tân Lập”)" in refused_by_program.value.en
    set_centre_fields(plan, {"commune": "Tân Lấp"})  # another name: taken
    assert set(_communes(url)) == {"Tân Lập", "Tân Lấp"}
    plan._meta.database.close()


def _communes(url: str) -> list[str]:
    con = connect_any(url)
    try:
        return [r[0] for r in con.execute("SELECT commune FROM centre").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE activity SET budget = 2147483647 WHERE plan_id = %s",
        "UPDATE activity SET learners = -1 WHERE plan_id = %s",
        "UPDATE activity SET classes = -1 WHERE plan_id = %s",
        "UPDATE activity SET month = 13 WHERE plan_id = %s",
        "UPDATE plan SET first_month = 99 WHERE id = %s",
        "UPDATE plan SET area_ha = -1 WHERE id = %s",
        "UPDATE plan SET period_kind = 'calendar' WHERE id = %s",
    ],
)
def test_out_of_range_values_are_refused_by_the_server(province, sql):
    url, as_, ids, roles = province
    plan_id = _draft(url, ids["Tân Hương"])
    with raw(as_["th"]) as cur:
        # the plan is the centre's to change: a value in range is taken
        cur.execute("UPDATE activity SET learners = 7 WHERE plan_id = %s", (plan_id,))
        assert cur.rowcount > 0
        with pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute(sql, (plan_id,))
    run("export", "report-text", "--centre", "tan huong", "-o", "-", "--db", url, check_rc=0)


def test_control_characters_in_a_name_are_refused_by_the_server(province):
    url, as_, ids, roles = province
    with raw(url) as cur:  # the owner: a centre's role may not rename at all
        with pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute(
                "UPDATE centre SET commune = %s WHERE id = %s",
                ("Tân Hương\x1b[2J\x1b]0;pwned\x07", ids["Tân Hương"]),
            )
        cur.execute("UPDATE centre SET commune = %s WHERE id = %s", ("Tân Hương", ids["Tân Hương"]))


def test_the_server_stamps_a_roles_audit_rows_with_its_time_and_role(province):
    """The adversary's #6: a centre wrote a change_log row dated 2020 in another's name;
    the time and the role of every audit row a role writes are the server's."""
    import datetime as dt

    url, as_, ids, roles = province
    plan_id = _draft(url, ids["Tân Hương"])
    with raw(as_["th"]) as cur:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):  # in another's name
            cur.execute(
                'INSERT INTO plan_event (plan_id, at, "user", action, role) VALUES'
                " (%s, '2020-01-01', 'x', 'amend', %s)",
                (plan_id, roles["office"]),
            )
        cur.execute(
            'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
            " field, before, after) VALUES ('2020-01-01', 'Hoàng Văn Thơi', %s, %s, 'edit',"
            " 'plan', %s, 'summary', 'a', 'b') RETURNING id",
            (plan_id, "", str(plan_id)),
        )
        row_id = cur.fetchone()[0]
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    con = connect_any(url)
    try:
        at, role = con.execute("SELECT at, role FROM change_log WHERE id = ?", (row_id,)).fetchone()
        assert role == roles["th"]
        assert abs(at - dt.datetime.now()) < dt.timedelta(minutes=5)
        at, role = con.execute(
            "SELECT at, role FROM plan_event WHERE plan_id = ? AND action = 'submit'",
            (plan_id,),
        ).fetchone()
        assert role == roles["th"] and abs(at - dt.datetime.now()) < dt.timedelta(minutes=5)
    finally:
        con.close()


def test_a_centres_status_row_says_what_the_plan_became(province):
    """The second adversary: in the transaction of its real submission a centre added a
    status row "submitted → approved", which `kehoach log` then showed as an approval."""
    url, as_, ids, roles = province
    plan_id = _draft(url, ids["Tân Hương"])

    def submit(cur, forged_after: str | None) -> None:
        """One transaction, as the adversary's script: the submission and its rows."""
        cur.execute("BEGIN")
        cur.execute("UPDATE plan SET status = 'submitted' WHERE id = %s", (plan_id,))
        cur.execute(
            'INSERT INTO plan_event (plan_id, at, "user", action, status_before, status_after,'
            " comment) VALUES (%s, now(), 'x', 'submit', 'draft', 'submitted', 'Trình')",
            (plan_id,),
        )
        # the forged row first, as the adversary's script (the true one last)
        rows = ([("submitted", forged_after)] if forged_after else []) + [("draft", "submitted")]
        for before, after in rows:
            cur.execute(
                'INSERT INTO change_log (at, "user", plan_id, role, action, "table", record,'
                " field, before, after) VALUES (now(), 'x', %s, %s, 'status', 'plan', %s,"
                " 'status', %s, %s)",
                (plan_id, roles["th"], str(plan_id), before, after),
            )
        cur.execute("COMMIT")

    with raw(as_["th"]) as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        submit(cur, "approved")
    con = connect_any(url)
    try:
        assert con.execute("SELECT status FROM plan WHERE id = ?", (plan_id,)).fetchone() == (
            "draft",
        )
        assert not con.execute(
            "SELECT 1 FROM change_log WHERE after = 'approved' AND plan_id = ?", (plan_id,)
        ).fetchall()
    finally:
        con.close()
    with raw(as_["th"]) as cur:  # the true rows alone are taken
        submit(cur, None)
    con = connect_any(url)
    try:
        assert con.execute("SELECT status FROM plan WHERE id = ?", (plan_id,)).fetchone() == (
            "submitted",
        )
    finally:
        con.close()
