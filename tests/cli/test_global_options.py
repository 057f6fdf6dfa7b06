"""Global options before or after the command; commands that only read never make a file."""

import sqlite3
from pathlib import Path

import pytest

from kehoach.tui.cli import build_parser
from tests.command import run

EN = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def _default_db(home: Path) -> Path:
    return home / ".local" / "share" / "kehoach" / "kehoach.db"


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.db", "check"],
        ["check", "--db", "x.db"],
        ["--db", "x.db", "plan", "list"],
        ["plan", "list", "--db", "x.db"],
        ["--db", "x.db", "--year", "2024", "export", "text"],
        ["export", "text", "--db", "x.db", "--year", "2024"],
        ["--db", "x.db", "--theme", "nord", "--mouse", "demo"],
        ["demo", "--db", "x.db", "--theme", "nord", "--mouse"],
    ],
)
def test_global_options_are_read_in_either_place(argv):
    args = build_parser(argv).parse_args(argv)
    assert args.db == "x.db"
    if "--year" in argv:
        assert args.year == 2024
    if "--theme" in argv:
        assert args.theme == "nord" and args.mouse is True


def test_after_the_command_wins_over_before():
    args = build_parser().parse_args(["--db", "a.db", "check", "--db", "b.db"])
    assert args.db == "b.db"


def test_db_before_the_command_is_used(demo_db, isolated_home):
    """`kehoach --db X check` used to check (and create) the default database."""
    before = run("--db", demo_db, "check", env_extra=EN, check_rc=1).stdout
    after = run("check", "--db", demo_db, env_extra=EN, check_rc=1).stdout
    assert before == after and "2024" in before
    listed = run("--db", demo_db, "plan", "list", env_extra=EN, check_rc=0).stdout
    assert "2024" in listed
    assert not _default_db(isolated_home).exists()


def test_db_before_demo_writes_there(tmp_path):
    path = tmp_path / "d.db"
    run("--db", path, "demo", "--no-open", check_rc=0)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM activity").fetchone() == (24,)


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["export", "text", "-o", "-"],
        ["export", "docx"],
        ["log"],
        ["plan", "list"],
        ["plan", "submit"],
        ["backup"],
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_missing_database_is_one_line_and_no_file(command, where, tmp_path, isolated_home):
    missing = tmp_path / "none" / "kehoach.db"
    args = ["--db", missing, *command] if where == "before" else [*command, "--db", missing]
    result = run(*args, env_extra=EN, check_rc=1)
    # one message, no line over 80 columns: the long path alone on its line (#18)
    assert result.stderr.startswith("kehoach: ") and "Traceback" not in result.stderr
    # (a path longer than that is written whole on its own line: it is copied, not cut)
    lines = [line for line in result.stderr.splitlines() if line != f"  {missing}"]
    assert all(len(line) <= 80 for line in lines), result.stderr
    assert str(missing) in result.stderr, result.stderr
    assert "no database" in result.stderr
    assert result.stdout == ""
    assert not missing.parent.exists()
    assert not _default_db(isolated_home).parent.exists()


def test_the_default_database_is_not_made_by_a_read_only_command(isolated_home):
    result = run("check", env_extra=EN, check_rc=1)
    assert "no database" in result.stderr
    assert not _default_db(isolated_home).parent.exists()


def test_a_dry_run_import_reads_the_file_and_makes_no_database(tmp_path, isolated_home, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    missing = tmp_path / "kehoach.db"
    result = run("--db", missing, "import", seed, "--dry-run", env_extra=EN, check_rc=0)
    assert "nothing was written" in result.stdout
    assert not missing.exists()
    assert not _default_db(isolated_home).parent.exists()


def test_a_file_that_is_not_a_kehoach_database_is_named_and_left_alone(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (t TEXT)")
    con.commit()
    con.close()
    empty_sqlite = tmp_path / "empty.db"
    sqlite3.connect(empty_sqlite).execute("PRAGMA user_version = 1").close()
    text = tmp_path / "passwd"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    for path in (Path("/etc/passwd"), text, other, empty_sqlite):
        before = path.read_bytes()
        for command in (["check"], ["plan", "list"], ["log"], ["export", "text", "-o", "-"]):
            result = run("--db", path, *command, env_extra=EN, check_rc=1)
            assert result.stderr == f"kehoach: {path} is not a kehoach database\n"
        assert path.read_bytes() == before
        assert not Path(f"{path}-wal").exists()
