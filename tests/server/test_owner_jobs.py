"""Backup and restore on a server are the database owner's (#20, the adversary's #2, #3, #7):
a centre's role, which sees its own rows only, makes no copy that looks whole; a restore
needs CREATEDB and says so in one line; a copy lacking centres or roles the database has is
refused; what a killed restore left is removed by the next backup or restore."""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

from tests.anydb import connect_any
from tests.cli.test_centres import commune_plan
from tests.cli.test_cli import run
from tests.pgserver import admin_run
from tests.server.test_roles import as_role, refused


def _communes(url: str) -> list[str]:
    con = connect_any(url)
    try:
        return sorted(r[0] for r in con.execute("SELECT commune FROM centre").fetchall())
    finally:
        con.close()


def _databases(url: str, like: str) -> list[str]:
    con = connect_any(url)
    try:
        rows = con.execute("SELECT datname FROM pg_database WHERE datname LIKE ?", (like,))
        return sorted(r[0] for r in rows.fetchall())
    finally:
        con.close()


def test_a_centres_backup_is_refused_and_its_import_replace_makes_no_partial_copy(
    province, tmp_path
):
    url, as_, ids, roles = province
    copy = tmp_path / "th.dump"
    line = refused(run("backup", "-o", copy, "--db", as_["th"]))
    assert "database owner's" in line and roles["th"] in line
    assert not copy.exists()
    refused(run("backup", "--db", as_["th"]))
    refused(run("backup", "--db", as_["office"]))  # the office reads all, but not the roles
    # import --replace as the centre: the plan is replaced, without a partial copy
    th_file = commune_plan(tmp_path, "Tân Hương", "TÂN HƯƠNG", drop_last_activity=True)
    done = run("import", th_file, "--replace", "--db", as_["th"], check_rc=0)
    assert "no backup before replacing" in done.stdout
    assert not list((tmp_path / "home").rglob("*.dump"))
    # the owner's backup still works
    run("backup", "-o", copy, "--db", url, check_rc=0)
    assert copy.stat().st_size > 0


def test_restoring_a_copy_that_lacks_a_centre_is_refused_and_nothing_changes(province, tmp_path):
    url, as_, ids, roles = province
    partial = tmp_path / "partial.dump"
    # what the old `kehoach backup` made as a centre's role: its rows only
    subprocess.run(
        ["pg_dump", "-Fc", "--enable-row-security", "-f", partial, "-d", as_["th"]],
        check=True,
        capture_output=True,
    )
    before = _communes(url)
    assert before == ["Tân Hương", "Tân Lập"]
    line = refused(run("restore", partial, "--db", url))
    assert "lacks 1 centres the database has now (Tân Lập)" in line
    assert _communes(url) == before
    assert _databases(url, "%_restore_%") == []


def test_restoring_a_copy_that_lacks_a_role_is_refused_and_nothing_changes(province, tmp_path):
    url, as_, ids, roles = province
    copy = tmp_path / "before-roles.dump"
    run("backup", "-o", copy, "--db", url, check_rc=0)  # every centre, three roles
    # roles added since the copy: a second office login, a second login for Tân Lập
    tag = urlsplit(url).path.strip("/")
    run("server", "add-office", "--role", f"{tag}_office2", "--db", url, check_rc=0)
    run("server", "add-centre", "Tân Lập", "--role", f"{tag}_tl2", "--db", url, check_rc=0)
    line = refused(run("restore", copy, "--db", url))
    assert f"lacks 2 roles the database has now ({tag}_office2, {tag}_tl2)" in line
    assert _databases(url, "%_restore_%") == []
    # nothing changed: the new logins still read their rows
    con = connect_any(as_role(url, f"{tag}_tl2"))
    try:
        assert [r[0] for r in con.execute("SELECT commune FROM centre")] == ["Tân Lập"]
    finally:
        con.close()
    # a copy holding every role is restored
    whole = tmp_path / "whole.dump"
    run("backup", "-o", whole, "--db", url, check_rc=0)
    run("restore", whole, "--db", url, check_rc=0)
    assert _communes(url) == ["Tân Hương", "Tân Lập"]


def test_a_restore_without_createdb_or_as_a_centre_is_one_line(province, tmp_path):
    url, as_, ids, roles = province
    copy = tmp_path / "copy.dump"
    run("backup", "-o", copy, "--db", url, check_rc=0)
    line = refused(run("restore", copy, "--db", as_["th"]))
    assert "database owner's" in line
    # a role that sees every row but may not create a database (the README's setup was so)
    tag = urlsplit(url).path.strip("/")
    admin_run(f"CREATE ROLE {tag}_own LOGIN BYPASSRLS")
    line = refused(run("restore", copy, "--db", as_role(url, f"{tag}_own")))
    assert f"ALTER ROLE {tag}_own CREATEDB" in line
    assert _communes(url) == ["Tân Hương", "Tân Lập"]


def test_what_a_killed_restore_left_is_removed_by_the_next_backup(province, tmp_path):
    url, as_, ids, roles = province
    name = urlsplit(url).path.strip("/")
    left = f"{name}_restore_20261130143344"
    other = f"{name}_restored_by_hand"
    admin_run(f'CREATE DATABASE "{left}"')
    admin_run(f'CREATE DATABASE "{other}"')
    try:
        done = run("backup", "-o", tmp_path / "c.dump", "--db", url, check_rc=0)
        assert f"removed the database {left} left by an interrupted restore" in done.stderr
        assert _databases(url, f"{name}_restore%") == [other]
    finally:
        admin_run(f'DROP DATABASE IF EXISTS "{left}"')
        admin_run(f'DROP DATABASE IF EXISTS "{other}"')
