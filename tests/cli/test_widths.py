"""Every text output fits 80 columns; cells are cut with "…" (issue #18 item 13)."""

from tests.anydb import connect_any
from tests.command import VI, run


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
