"""The command line, run as a person runs it: a subprocess."""

import os
import sqlite3
from pathlib import Path

import pytest

from tests.anydb import connect_any
from tests.command import EN, VI, run


def test_demo_writes_the_plan(demo_db):
    con = connect_any(demo_db)
    if isinstance(demo_db, Path):  # the file's own properties
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert oct(demo_db.stat().st_mode & 0o777) == "0o600"
    assert con.execute("SELECT COUNT(*), SUM(learners), SUM(budget) FROM activity").fetchone() == (
        24,
        2248,
        18005000,
    )
    assert con.execute("SELECT SUM(topics), SUM(people) FROM survey_line").fetchone() == (24, 2248)


@pytest.mark.sqlite_only("a server database is shared: the demo never replaces it (below)")
def test_demo_twice_starts_fresh(demo_db):
    run("demo", "--no-open", "--db", demo_db, check_rc=0)
    con = sqlite3.connect(demo_db)
    assert con.execute("SELECT COUNT(*) FROM plan").fetchone() == (1,)


def test_demo_refuses_a_database_with_other_plans(tmp_path):
    path = tmp_path / "real.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE centre (commune TEXT)")
    con.execute("INSERT INTO centre VALUES ('Hữu Lũng')")
    con.commit()
    con.close()
    result = run("demo", "--no-open", "--db", path, env_extra=EN, check_rc=1)
    assert "other centres" in result.stderr
    assert sqlite3.connect(path).execute("SELECT commune FROM centre").fetchone() == ("Hữu Lũng",)


def test_version_and_help():
    assert run("--version", check_rc=0).stdout.startswith("kehoach ")
    for args in (
        ["--help"],
        ["demo", "--help"],
        ["export", "--help"],
        ["check", "--help"],
        ["plan", "approve", "--help"],
    ):
        assert "usage:" in run(*args, check_rc=0).stdout


def test_the_parser_built_for_a_command_reads_it_as_the_whole_parser_does():
    from kehoach.tui.cli import build_parser

    for argv in (
        ["--db", "x.db"],
        ["--db", "export", "--low-bandwidth"],
        ["demo", "--no-open", "--db", "d.db"],
        ["export", "docx", "--totals", "-o", "-", "--year", "2024"],
        ["--db", "x.db", "check"],
        ["import", "plan.docx", "--dry-run"],
        ["plan", "approve", "--by", "Lê Văn A", "--title", "TRƯỞNG PHÒNG"],
        ["plan", "new", "2025", "--from", "2024"],
        ["backup", "-o", "b.db"],
        ["restore", "b.db"],
        ["log", "--year", "2024"],
    ):
        assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_wrong_usage_exits_2():
    result = run("export", "odt", check_rc=2)
    assert "invalid choice" in result.stderr
    run("--year", "abc", check_rc=2)


def test_check_exits_1_on_errors_and_lists_them(demo_db):
    result = run("check", "--db", demo_db, env_extra=VI, check_rc=1)
    assert "3 lỗi" in result.stdout
    assert "2.179" in result.stdout and "Đon Uý" in result.stdout


def test_export_text_to_stdout(demo_db):
    out = run("export", "text", "-o", "-", "--db", demo_db, check_rc=0).stdout
    assert "18.005.000đ" in out
    assert "Mười tám triệu không trăm linh năm nghìn đồng" in out


def test_export_default_path_and_missing_folder(demo_db, tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    result = run("export", "docx", "--db", demo_db, env_extra={"HOME": str(home)}, check_rc=0)
    target = home / "kehoach" / "ke-hoach-2024-tan-huong.docx"
    assert result.stdout.strip() == str(target)
    import docx

    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    # the document type on its line, the summary (trích yếu) on the next
    summary = texts[texts.index("KẾ HOẠCH") + 1]
    assert summary.startswith("HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG")
    bad = run("export", "docx", "-o", tmp_path / "missing" / "x.docx", "--db", demo_db, check_rc=1)
    assert bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr


def test_export_to_read_only_folder_fails_cleanly(demo_db, tmp_path):
    if os.geteuid() == 0:
        folder = Path("/sys")  # read-only even for root (CI runs as root)
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
    result = run(
        "export", "text", "-o", folder / "x.txt", "--db", demo_db, env_extra=EN, check_rc=1
    )
    assert "permission" in result.stderr


def test_env_database_wins(demo_db, tmp_path):
    other = tmp_path / "other.db"
    result = run("plan", "list", "--db", other, env_extra={"KEHOACH_DB": str(demo_db)}, check_rc=0)
    assert "2024" in result.stdout


def test_plan_commands_and_log(demo_db):
    run("plan", "submit", "--db", demo_db, check_rc=0)
    again = run("plan", "submit", "--db", demo_db, env_extra=EN, check_rc=1)
    assert "cannot submit" in again.stderr
    run(
        "plan",
        "approve",
        "--by",
        "Lê Thị Hoa",
        "--title",
        "Phó trưởng phòng",
        "--authority",
        "KT. TRƯỞNG PHÒNG",
        "--date",
        "15/01/2024",
        "--db",
        demo_db,
        check_rc=0,
    )
    out = run("plan", "list", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    assert "Đã phê duyệt" in out
    run("plan", "amend", "--db", demo_db, check_rc=0)
    out = run("plan", "list", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    assert "năm 2024             2  Dự thảo" in out
    assert "revision" not in out  # one language (it read "revision 2  Dự thảo")
    log = run("log", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    flat = " ".join(log.split())  # the long lines are wrapped at 80 columns
    assert "Trạng thái: “Dự thảo” → “Đã trình”" in flat
    assert "“Đã trình” → “Đã phê duyệt”" in flat
    assert "draft" not in log and "submitted" not in log and "approved" not in log
    assert "Điều chỉnh" in log and "“Hoàng Văn Thơi” → “Lê Thị Hoa”" in flat
    assert max(len(line) for line in log.splitlines()) <= 80


def test_a_submitted_plan_refuses_replacement_by_import(demo_db, tmp_path, seed_text):
    seed = tmp_path / "seed.txt"  # the seed's own file is not beside every checkout
    seed.write_text(seed_text, encoding="utf-8")
    run("plan", "submit", "--db", demo_db, check_rc=0)
    result = run("import", seed, "--replace", "--db", demo_db, env_extra=EN, check_rc=1)
    assert "cannot be changed" in result.stderr and "amend" in result.stderr


def test_plan_new_copies_the_texts(demo_db):
    run("plan", "new", "2025", "--db", demo_db, check_rc=0)
    con = connect_any(demo_db)
    plan_id, doc_type, summary = con.execute(
        "SELECT id, doc_type, summary FROM plan WHERE year = 2025"
    ).fetchone()
    assert doc_type == "KẾ HOẠCH" and summary.endswith("NĂM 2025")
    assert con.execute(
        "SELECT COUNT(*) FROM activity WHERE plan_id = ?", (plan_id,)
    ).fetchone() == (0,)
    assert con.execute(
        "SELECT COUNT(*) FROM plan_item WHERE plan_id = ? AND kind = 'recipient'", (plan_id,)
    ).fetchone() == (6,)
    run("plan", "new", "2025", "--db", demo_db, check_rc=1)


def test_nonexistent_year(demo_db):
    result = run("export", "text", "--year", "2031", "--db", demo_db, env_extra=EN, check_rc=1)
    assert "no plan for 2031" in result.stderr


def test_the_app_without_a_terminal_says_so_and_writes_nothing(demo_db, tmp_path):
    """`ssh office kehoach` without -t: no terminal; one line, exit 1, no file made."""
    for args, db in (([], demo_db), ([], tmp_path / "new.db"), (["demo"], tmp_path / "d.db")):
        before = Path(db).read_bytes() if Path(db).exists() else None
        result = run(*args, "--db", db, env_extra=EN, check_rc=1)
        assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr
        assert result.stdout == ""
        after = Path(db).read_bytes() if Path(db).exists() else None
        assert after == before
