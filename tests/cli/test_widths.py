"""Every text output fits 80 columns; cells are cut with "…" (issue #18 item 13)."""

from pathlib import Path

import pytest

from tests.anydb import connect_any
from tests.command import EN, VI, run


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_text_outputs_fit_80_columns(demo_db):
    con = connect_any(demo_db)
    con.execute(
        "UPDATE activity SET status = 'held', held_learners = learners, held_spent = budget"
    )
    con.execute(
        "UPDATE activity SET status = 'cancelled', held_note = ? WHERE month = 12",
        ("Trùng lịch với đợt tiêm chủng của trạm y tế xã và hội nghị tổng kết năm",),
    )
    con.commit()
    con.close()
    run("plan", "submit", "--force", "--db", demo_db, check_rc=0)
    for args in (
        ["export", "report-text", "-o", "-"],
        ["export", "text", "-o", "-"],
        ["plan", "list"],
        ["log"],
    ):
        for lang in (VI, {}):
            out = run(*args, "--db", demo_db, env_extra=lang, check_rc=0).stdout
            assert _widest(out) <= 80, (args, out)
    out = run("check", "--db", demo_db, env_extra=VI, check_rc=1).stdout
    assert _widest(out) <= 80
    report = run("export", "report-text", "-o", "-", "--db", demo_db, check_rc=0).stdout
    assert "18.005.000đ  18.005.000đ" in report  # planned and spent, whole
    assert "Trùng lịch với đợ…" in report  # a long reason cut with "…"


@pytest.mark.parametrize("env", [EN, VI])
@pytest.mark.parametrize("command", [["check"], ["plan", "list"], ["log"], ["export", "text"]])
def test_after_demo_the_no_database_line_says_how_to_use_the_demos(command, env, isolated_home):
    """#18 (a new user's #5): after `kehoach demo` (demo.db), `check` said there is no
    kehoach.db and hinted "kehoach demo", which leads nowhere; in 136 columns."""
    run("demo", "--no-open", env_extra=env, check_rc=0)
    result = run(*command, env_extra=env, check_rc=1)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and all(len(line) <= 80 for line in lines), result.stderr
    assert lines[0].endswith("--db ~/.local/share/kehoach/demo.db"), lines
    # and what it says works (check: exit 1 for the demo's errors)
    done = run(*command, "--db", isolated_home / ".local/share/kehoach/demo.db")
    assert done.returncode in (0, 1) and done.stdout and not done.stderr, done.stderr


HELPS = (
    [],
    ["demo"],
    ["export"],
    ["check"],
    ["import"],
    ["plan"],
    ["plan", "list"],
    ["plan", "new"],
    ["plan", "submit"],
    ["plan", "approve"],
    ["plan", "return"],
    ["plan", "amend"],
    ["backup"],
    ["restore"],
    ["log"],
    ["print"],
    ["server"],
    ["server", "add-centre"],
    ["server", "add-office"],
    ["db"],
    ["db", "copy"],
)


@pytest.mark.parametrize("env", [EN, VI], ids=["en", "vi"])
def test_every_line_a_common_command_prints_fits_80_columns(env):
    """#18 (a new user's #6): `export --help` (106: the list of formats), `plan approve`'s
    note about today's date (117) and the no-database line (136) passed 80 columns.
    Counted in characters of the decoded text, stdout and stderr, in both languages. The
    files are in a folder with a short name, as a person's are (~/.local/share/kehoach:
    pytest's own folders are 70 characters long)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="k18-", dir="/tmp") as folder:
        _every_line_fits(env, Path(folder))


def _every_line_fits(env, tmp_path: Path) -> None:
    from tests.conftest import SEED

    db = tmp_path / "d.db"
    seed = SEED
    runs = [[*words, "--help"] for words in HELPS]
    runs += [
        ["demo", "--no-open", "--db", db],
        ["check", "--db", db],
        ["plan", "list", "--db", db],
        ["export", "text", "-o", "-", "--db", db],
        ["export", "md", "-o", "-", "--db", db],
        ["export", "report-text", "-o", "-", "--db", db],
        ["export", "summary-text", "-o", "-", "--db", db],
        ["export", "docx", "-o", tmp_path / "k.docx", "--db", db],
        ["export", "bogus", "--db", db],  # a usage error lists the formats
        ["plan", "approve", "--by", "Lê Hoa", "--title", "PTP", "--db", db],  # a draft
        ["plan", "submit", "--db", db],  # errors: said on stderr, from a script
        ["plan", "approve", "--by", "Lê Thị Hoa", "--title", "PHÓ TRƯỞNG PHÒNG", "--db", db],
        ["plan", "amend", "--db", db],
        ["log", "--db", db],
        ["check", "--db", tmp_path / "none.db"],
        ["import", "--dry-run", seed],
    ]
    seen = {"kehoach"}
    for args in runs:
        result = run(*args, env_extra=env)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        for where, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            for line in text.splitlines():
                assert len(line) <= 80, (args, where, len(line), line)
        seen.add(args[0])
    assert {"demo", "export", "plan", "log", "check", "import"} <= seen
