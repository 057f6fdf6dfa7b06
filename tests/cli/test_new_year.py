"""plan new names the new year; checks flag the old one and an empty plan; submitting or
approving a plan with errors asks first (issue #18 item 12)."""

import os
import pty
import subprocess

from tests.anydb import connect_any
from tests.command import EN, KEHOACH, REPO, VI, cli_env, run


def test_plan_new_names_the_new_year_and_lists_each_replacement(demo_db):
    out = run("plan", "new", "2025", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    assert "ngày ký để trống" in out
    assert "Đã đổi năm 2024 thành 2025 ở" in out
    assert "Căn cứ, mục 7:" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    con = connect_any(demo_db)
    plan_id, date = con.execute("SELECT id, date FROM plan WHERE year = 2025").fetchone()
    assert date is None  # left for the user, not today
    bases = [
        t
        for (t,) in con.execute(
            "SELECT text FROM plan_item WHERE plan_id = ? AND kind = 'legal_basis' "
            "ORDER BY position",
            (plan_id,),
        )
    ]
    assert bases[-1].endswith("kế hoạch hoạt động năm 2025 như sau:")
    assert "ngày 08/01/2024" in bases[5]  # a document's own date is not changed
    check = run("check", "--year", "2025", "--db", demo_db, env_extra=VI, check_rc=1).stdout
    assert "OLD_YEAR" not in check
    assert "[EMPTY_PLAN]" in check  # no activities yet: an error


def test_check_warns_of_text_still_naming_the_old_year(demo_db):
    run("plan", "new", "2025", "--db", demo_db, check_rc=0)
    con = connect_any(demo_db)
    (plan_id,) = con.execute("SELECT id FROM plan WHERE year = 2025").fetchone()
    con.execute(
        "UPDATE plan_item SET text = 'Trung tâm xây dựng kế hoạch năm 2024 như sau:' "
        "WHERE plan_id = ? AND kind = 'situation' AND position = 1",
        (plan_id,),
    )
    con.execute(
        "UPDATE plan_text SET value = 'Ngày 05 tháng 01 năm 2024 xã họp.' "
        "WHERE plan_id = ? AND key = 'goals_intro'",
        (plan_id,),
    )
    con.commit()
    con.close()
    check = run("check", "--year", "2025", "--db", demo_db, env_extra=VI, check_rc=1).stdout
    flat = " ".join(check.split())
    assert "[OLD_YEAR] Đặc điểm tình hình, mục 1: Còn ghi “năm 2024”" in flat
    assert check.count("[OLD_YEAR]") == 1  # a date ("tháng 01 năm 2024") is not flagged


def test_submitting_a_plan_with_errors_says_how_many(demo_db):
    result = run("plan", "submit", "--db", demo_db, env_extra=VI, check_rc=0)
    assert result.stderr == "kehoach: Kế hoạch còn 3 lỗi (xem: kehoach check).\n"
    quiet = run("plan", "return", "--comment", "sửa", "--db", demo_db, check_rc=0)
    assert quiet.stderr == ""
    forced = run("plan", "submit", "--force", "--db", demo_db, check_rc=0)
    assert forced.stderr == ""


def _at_a_terminal(args, answer: str, db, env=VI) -> tuple[int, str]:
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [*KEHOACH, *args, "--db", str(db)],
        cwd=REPO,
        stdin=child,
        stdout=child,
        stderr=child,
        env=cli_env(env),
    )
    os.close(child)
    os.write(main, answer.encode() + b"\n")
    out = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return proc.wait(timeout=60), out.decode("utf-8", "replace")


def test_at_a_terminal_submitting_a_plan_with_errors_asks_first(demo_db):
    rc, out = _at_a_terminal(["plan", "submit"], "k", demo_db)
    # the app's word for the act (#18, a new user's #10: the CLI said "nộp")
    assert "Kế hoạch còn 3 lỗi" in out and "Vẫn trình duyệt? [c/K]" in out
    assert rc == 1 and "Chưa trình duyệt: kế hoạch còn 3 lỗi." in out
    rc, out = _at_a_terminal(["plan", "submit"], "", demo_db, env=EN)
    assert rc == 1 and "The plan has 3 errors (see: kehoach check). Submit anyway? [y/N]" in out
    con = connect_any(demo_db)
    assert con.execute("SELECT status FROM plan").fetchone() == ("draft",)
    con.close()
    rc, out = _at_a_terminal(["plan", "submit"], "c", demo_db)
    assert rc == 0 and "Đã trình" in out
    rc, out = _at_a_terminal(
        ["plan", "approve", "--by", "Lê Thị Hoa", "--title", "PHÓ TRƯỞNG PHÒNG"], "", demo_db
    )
    assert rc == 1 and "Vẫn ghi phê duyệt? [c/K]" in out
    con = connect_any(demo_db)
    assert con.execute("SELECT status FROM plan").fetchone() == ("submitted",)
