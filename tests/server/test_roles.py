"""Each centre sees and changes only its own rows, by the server's row-level security (#20
item 3): two centre roles and one office role on one database. Every refusal is checked
twice: the command says one line and changes nothing, and the same statement typed as that
role straight into the server (psycopg2, no kehoach code) sees no row or is refused."""

from __future__ import annotations

import contextlib
import re
import subprocess

import pytest

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan, plans_by_commune
from tests.cli.test_cli import run


def as_role(url: str, role: str) -> str:
    """The same database, logged in as `role` (the test cluster trusts any local login)."""
    return re.sub(r"^postgresql://[^@/]*@", f"postgresql://{role}@", url)


@contextlib.contextmanager
def raw(url: str):
    """A plain psycopg2 cursor, each statement its own transaction: the server's own answer,
    no kehoach code in between."""
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    try:
        with con.cursor() as cur:
            yield cur
    finally:
        con.close()


def refused(result) -> str:
    """The command failed with one line on stderr and no traceback; that line."""
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def _listed(out: str) -> set[tuple[str, str]]:
    """`plan list`'s lines: (commune, activities) of each plan."""
    found = set()
    for line in out.splitlines():
        m = re.match(r"^(Tân \w+) +\d{4} +\d+ +\w+ +(\d+) ", line)
        if m:
            found.add(m.groups())
    return found


def _snapshot(url: str) -> tuple:
    con = connect_any(url)
    try:
        return (
            plans_by_commune(url),
            con.execute(
                "SELECT plan_id, SUM(learners), SUM(budget), MAX(version) FROM activity"
                " GROUP BY plan_id ORDER BY plan_id"
            ).fetchall(),
            con.execute("SELECT COUNT(*) FROM change_log").fetchone(),
            con.execute("SELECT id, status, version FROM plan ORDER BY id").fetchall(),
        )
    finally:
        con.close()


def _plan_of(url: str, centre_id: int) -> int:
    con = connect_any(url)
    try:
        return con.execute("SELECT id FROM plan WHERE centre_id = ?", (centre_id,)).fetchone()[0]
    finally:
        con.close()


def test_a_centre_reads_its_own_centre_only_and_the_office_reads_all(province):
    url, as_, ids, roles = province
    mine = run("plan", "list", "--db", as_["th"], check_rc=0).stdout
    assert _listed(mine) == {("Tân Hương", "24")}
    theirs = run("plan", "list", "--db", as_["tl"], check_rc=0).stdout
    assert _listed(theirs) == {("Tân Lập", "24")}
    office = run("plan", "list", "--db", as_["office"], check_rc=0).stdout
    assert _listed(office) == {("Tân Hương", "24"), ("Tân Lập", "24")}
    # one centre: no --centre needed, and it is its own
    text = run("export", "text", "-o", "-", "--db", as_["tl"], check_rc=0).stdout
    assert "TÂN LẬP" in text and "TÂN HƯƠNG" not in text
    for command in (("export", "text", "-o", "-"), ("check",), ("log",)):
        line = refused(run(*command, "--centre", "Tân Lập", "--db", as_["th"]))
        assert "no centre for the commune “Tân Lập”" in line
    # the server's own answer to Tân Hương's role, every table keyed on the centre
    tl_plan = _plan_of(url, ids["Tân Lập"])
    with raw(as_["th"]) as cur:
        cur.execute("SELECT commune FROM centre")
        assert cur.fetchall() == [("Tân Hương",)]
        for table in ("village", "programme", "plan"):
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE centre_id = %s", (ids["Tân Lập"],))
            assert cur.fetchone() == (0,), table
        for table in ("plan_text", "plan_item", "result_line", "survey_line", "activity"):
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE plan_id = %s", (tl_plan,))
            assert cur.fetchone() == (0,), table
        for table in ("signer", "plan_event", "change_log"):
            cur.execute(f"SELECT COUNT(*) FROM {table} WHERE plan_id = %s", (tl_plan,))
            assert cur.fetchone() == (0,), table
        cur.execute("SELECT COUNT(*) FROM activity")
        assert cur.fetchone() == (24,)  # its own
    with raw(as_["office"]) as cur:
        cur.execute("SELECT COUNT(*) FROM activity WHERE plan_id = %s", (tl_plan,))
        assert cur.fetchone() == (24,)


def test_a_centre_cannot_change_or_replace_another_centres_plan_by_any_command(province, tmp_path):
    url, as_, ids, roles = province
    before = _snapshot(url)
    tl_file = commune_plan(tmp_path, "Tân Lập", "TÂN LẬP", drop_last_activity=True)
    for command in (
        ("plan", "submit", "--force", "--centre", "Tân Lập"),
        ("plan", "new", "2025", "--centre", "Tân Lập"),
        ("plan", "amend", "--centre", "Tân Lập"),
        ("plan", "return", "--comment", "x", "--centre", "Tân Lập"),
    ):
        line = refused(run(*command, "--db", as_["th"]))
        assert "no centre for the commune “Tân Lập”" in line, command
    # its plan file, with or without --replace: the centre row cannot even be written
    for extra in ((), ("--replace",)):
        line = refused(run("import", tl_file, *extra, "--db", as_["th"]))
        assert "the server refused it" in line and "row-level security" in line, line
    assert _snapshot(url) == before
    # the server's own refusal, typed straight in as Tân Hương's role
    import psycopg2

    tl_plan = _plan_of(url, ids["Tân Lập"])
    with raw(as_["th"]) as cur:
        cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s", (tl_plan,))
        assert cur.rowcount == 0
        cur.execute("UPDATE plan SET doc_code = 'x' WHERE id = %s", (tl_plan,))
        assert cur.rowcount == 0
        cur.execute("DELETE FROM plan WHERE centre_id = %s", (ids["Tân Lập"],))
        assert cur.rowcount == 0
        cur.execute("DELETE FROM activity WHERE plan_id = %s", (tl_plan,))
        assert cur.rowcount == 0
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute(
                "INSERT INTO activity (plan_id, month, position, content, target_group, place,"
                " partner, note, version, status, held_note)"
                " VALUES (%s, 1, 99, 'x', '', '', '', '', 1, 'planned', '')",
                (tl_plan,),
            )
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute(  # moving its own plan to the other centre
                "UPDATE plan SET centre_id = %s WHERE centre_id = %s",
                (ids["Tân Lập"], ids["Tân Hương"]),
            )
    assert _snapshot(url) == before
    # its own plan it changes, and the audit trail names its role and the user
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    con = connect_any(url)
    row = con.execute(
        "SELECT role, user FROM change_log WHERE action = 'status' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    con.close()
    assert row[0] == roles["th"] and row[1]
    log = run("log", "--db", as_["th"], check_rc=0).stdout
    assert log.splitlines()[-1].endswith(f"  [{roles['th']}]")


def test_only_the_office_approves_and_it_changes_nothing_else(province):
    url, as_, ids, roles = province
    th_plan, tl_plan = _plan_of(url, ids["Tân Hương"]), _plan_of(url, ids["Tân Lập"])
    run("plan", "submit", "--db", as_["th"], check_rc=0)
    run("plan", "submit", "--db", as_["tl"], check_rc=0)
    before = _snapshot(url)
    # --force: the demo has check errors; a script is not asked, it is warned (one more line)
    approve = ("plan", "approve", "--force", "--by", "Nguyễn Văn A", "--title", "Phó trưởng phòng")
    # another centre's plan: not there; its own: the server refuses the approved status
    line = refused(run(*approve, "--centre", "Tân Lập", "--db", as_["th"]))
    assert "no centre for the commune “Tân Lập”" in line
    line = refused(run(*approve, "--db", as_["th"]))
    assert "the server refused it" in line and "row-level security" in line
    assert _snapshot(url) == before
    import psycopg2

    with raw(as_["th"]) as cur:
        cur.execute("UPDATE plan SET status = 'approved' WHERE id = %s", (tl_plan,))
        assert cur.rowcount == 0
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute("UPDATE plan SET status = 'approved' WHERE id = %s", (th_plan,))
    with raw(as_["office"]) as cur:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute("UPDATE activity SET learners = 1 WHERE plan_id = %s", (tl_plan,))
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="permission denied"):
            cur.execute("UPDATE plan SET doc_code = 'x' WHERE id = %s", (tl_plan,))
    assert _snapshot(url) == before
    # the office approves Tân Lập's plan; the audit row names the office's role
    out = run(*approve, "--centre", "Tân Lập", "--db", as_["office"], check_rc=0).stdout
    assert "approved" in out
    con = connect_any(url)
    assert con.execute("SELECT status FROM plan WHERE id = ?", (tl_plan,)).fetchone() == (
        "approved",
    )
    roles_seen = {
        r[0]
        for r in con.execute(
            "SELECT role FROM change_log WHERE plan_id = ? AND id > ?",
            (tl_plan, before[2][0] - 1),
        ).fetchall()
    }
    con.close()
    assert roles_seen >= {roles["office"]}
    # and returns Tân Hương's, with the comment
    run("plan", "return", "--comment", "Bổ sung", "--db", as_["office"], "--centre", "Tân Hương",
        check_rc=0)  # fmt: skip
    con = connect_any(url)
    assert con.execute("SELECT status FROM plan WHERE id = ?", (th_plan,)).fetchone() == (
        "returned",
    )
    con.close()
    # the office may not change a plan's content, nor import or replace one
    line = refused(run("plan", "amend", "--centre", "Tân Lập", "--db", as_["office"]))
    assert "the server refused it" in line


def test_the_server_commands_refuse_what_they_cannot_bind(province, tmp_path):
    url, as_, ids, roles = province
    owner = re.match(r"^postgresql://([^@/]*)@", url).group(1)
    line = refused(run("server", "add-centre", "Tân Lập", "--role", owner, "--db", url))
    assert "owns the database" in line
    line = refused(run("server", "add-centre", "Tân Lập", "--role", roles["th"], "--db", url))
    assert "given to another centre" in line
    line = refused(run("server", "add-centre", "Hà Nội", "--role", "x_nobody", "--db", url))
    assert "no centre for the commune" in line
    line = refused(run("server", "add-office", "--role", "Bad-Name", "--db", url))
    assert "not a role name" in line
    # a centre's role cannot give itself another centre
    line = refused(run("server", "add-centre", "Tân Lập", "--role", "x_other", "--db", as_["th"]))
    assert "no centre for the commune" in line or "the server refused it" in line
    line = refused(run("server", "add-office", "--role", "x_other2", "--db", as_["th"]))
    assert "the server refused it" in line
    # again: nothing changes, the policies are put back
    run("server", "add-centre", "Tân Hương", "--role", roles["th"], "--db", url, check_rc=0)
    assert _listed(run("plan", "list", "--db", as_["th"], check_rc=0).stdout) == {
        ("Tân Hương", "24")
    }
    # on a file, one line
    demo = tmp_path / "demo.db"
    run("demo", "--no-open", "--db", demo, check_rc=0)
    line = refused(run("server", "add-office", "--role", "office", "--db", demo))
    assert "need --db postgresql://" in line


def test_a_centre_copies_its_own_centre_only_in_and_out(province, tmp_path):
    url, as_, ids, roles = province
    before = _snapshot(url)
    # a file holding both communes' plans, copied in as Tân Hương's role: Tân Lập's rows
    # are refused by the server, Tân Hương's plan is there already
    both = tmp_path / "both.db"
    run("db", "copy", "--from", url, "--to", both, check_rc=0)  # as the owner: both
    result = run("db", "copy", "--from", both, "--to", as_["th"])
    assert result.returncode == 1, result.stderr
    assert "Tân Hương: not copied: the target has its 2024 plan revision 1" in result.stdout
    assert "Tân Lập: not copied: the server refused it" in result.stdout
    assert "row-level security" in result.stdout
    assert result.stderr.strip() == "kehoach: 2 of 2 centres were not copied"
    assert _snapshot(url) == before
    # out: the centre's role takes its own centre only
    mine = tmp_path / "mine.db"
    out = run("db", "copy", "--from", as_["th"], "--to", mine, check_rc=0).stdout
    assert out.startswith("Tân Hương: copied 1 plan (2024 revision 1), ") and "Tân Lập" not in out
    con = connect_any(mine)
    assert con.execute("SELECT commune FROM centre").fetchall() == [("Tân Hương",)]
    con.close()


def test_a_centres_dump_holds_its_own_rows_only(province, tmp_path):
    """pg_dump as a centre's role sees its rows only (`kehoach backup` refuses to make such
    a copy: tests/server/test_owner_jobs.py)."""
    url, as_, ids, roles = province
    copy = tmp_path / "th.dump"
    subprocess.run(
        [_pg_tool("pg_dump"), "-Fc", "--enable-row-security", "-f", str(copy), "-d", as_["th"]],
        capture_output=True,
        check=True,
    )
    listing = subprocess.run(
        [_pg_tool("pg_restore"), "-f", "-", "--data-only", "-t", "centre", str(copy)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Tân Hương" in listing and "Tân Lập" not in listing


def _pg_tool(name: str) -> str:
    import glob
    import shutil

    return shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))[-1]


def test_every_table_of_the_models_but_the_schema_version_is_keyed_on_the_centre(province):
    """A table added to the models later is not forgotten by the policies."""
    from kehoach.store.models import MODELS, SchemaVersion
    from kehoach.store.roles import CENTRE_TABLES, PLAN_TABLES

    tables = {m._meta.table_name for m in MODELS if m is not SchemaVersion}
    assert tables == set(CENTRE_TABLES) | set(PLAN_TABLES)
    url = province[0]
    con = connect_any(url)
    open_tables = con.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND NOT relrowsecurity"
        " AND relnamespace = 'public'::regnamespace"
    ).fetchall()
    con.close()
    assert open_tables == [("schema_version",)]
