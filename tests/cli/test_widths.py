"""Every text output fits 80 columns; cells are cut with "…" (issue #18 item 13)."""

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
