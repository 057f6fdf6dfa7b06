"""#18 (a new user's #10): `kehoach export docx` with revision 1 approved and revision 2 a
draft wrote the draft and printed only its path: someone exporting before a meeting could
hand out the wrong revision. It says on stderr which revision it wrote and how to get the
approved one; `--revision 1` writes that one, and says nothing more."""

from __future__ import annotations

from docx import Document

from tests.command import VI, run


def _amended(db) -> None:
    run("plan", "submit", "--force", "--db", db, check_rc=0)
    run(
        "plan",
        "approve",
        "--force",
        "--by",
        "Lê Thị Hoa",
        "--title",
        "PTP",
        "--date",
        "15/01/2024",
        "--db",
        db,
        check_rc=0,
    )
    run("plan", "amend", "--db", db, check_rc=0)


def test_exporting_a_draft_after_an_approval_says_which_revision(demo_db, tmp_path):
    _amended(demo_db)
    out = tmp_path / "k.docx"
    result = run("export", "docx", "-o", out, "--db", demo_db, check_rc=0)
    assert result.stdout.strip() == str(out)
    assert result.stderr == (
        "kehoach: wrote revision 2 (draft); revision 1 is approved: add --revision 1\n"
    )
    vi = run("export", "docx", "-o", out, "--db", demo_db, env_extra=VI, check_rc=0)
    assert "Đã ghi bản 2 (dự thảo)" in vi.stderr and "--revision 1" in vi.stderr
    assert all(len(line) <= 80 for line in vi.stderr.splitlines())
    approved = run("export", "docx", "-o", out, "--revision", "1", "--db", demo_db, check_rc=0)
    assert approved.stderr == ""
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "Điều chỉnh" not in text


def test_no_note_without_an_earlier_approved_revision(demo_db, tmp_path):
    result = run("export", "docx", "-o", tmp_path / "k.docx", "--db", demo_db, check_rc=0)
    assert result.stderr == ""
