"""Command-line messages follow the user's language: Vietnamese unless the locale is English."""

import pytest

from tests.command import VI, run


@pytest.mark.parametrize(
    ("env", "english"),
    [
        (VI, False),  # C.UTF-8: a server's locale says nothing about its user
        ({"LANG": ""}, False),
        ({"LANG": "vi_VN.UTF-8"}, False),
        ({"LANG": "en_US.UTF-8"}, True),
        ({"LANG": "en_GB"}, True),
        ({"LANG": "vi_VN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, True),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "vi_VN.UTF-8"}, False),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"}, False),
    ],
)
def test_an_error_line_in_the_users_language(env, english, tmp_path):
    missing = tmp_path / "none.db"
    clean = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    result = run("check", "--db", missing, env_extra={**clean, **env}, check_rc=1)
    # one message: the missing path whole on its own line when the line would pass 80
    # columns, then what to do (#18, new user's #5)
    lines = result.stderr.splitlines()
    assert all(len(line) <= 80 for line in lines if line != f"  {missing}"), result.stderr
    assert len(lines) == (1 if len(f"kehoach: there is no database at {missing}") <= 80 else 3)
    assert lines[1:2] == [f"  {missing}"] or str(missing) in lines[0], result.stderr
    if english:
        assert result.stderr.startswith("kehoach: there is no database at")
    else:
        assert result.stderr.startswith("kehoach: Chưa có cơ sở dữ liệu")


def test_store_errors_and_command_errors_in_vietnamese_by_default(demo_db, tmp_path):
    assert (
        run("export", "text", "--year", "2031", "--db", demo_db, env_extra=VI, check_rc=1).stderr
        == "kehoach: Không có kế hoạch năm 2031 của xã Tân Hương.\n"
    )
    missing = tmp_path / "no.docx"
    assert (
        run("import", missing, "--db", demo_db, env_extra=VI, check_rc=1).stderr
        == f"kehoach: Không có tệp {missing}.\n"
    )
    # approving needs a submitted plan (a draft is refused first, before the date is read)
    run("plan", "submit", "--force", "--db", demo_db, env_extra=VI, check_rc=0)
    bad_date = run(
        "plan",
        "approve",
        "--by",
        "A",
        "--title",
        "B",
        "--date",
        "32/13/2024",
        "--force",
        "--db",
        demo_db,
        env_extra=VI,
    )
    assert bad_date.returncode == 1
    assert "không phải ngày" in bad_date.stderr


def test_outputs_in_one_language(demo_db, seed_text, tmp_path):
    vi = run("plan", "submit", "--db", demo_db, env_extra=VI, check_rc=0).stdout
    assert vi == "Kế hoạch năm 2024 xã Tân Hương, bản 1: Đã trình\n"
    en = run("plan", "list", "--db", demo_db, env_extra={"LC_MESSAGES": "en_US.UTF-8"}, check_rc=0)
    assert "submitted" in en.stdout and "2,248" in en.stdout and "Đã" not in en.stdout
    check_vi = run("check", "--db", demo_db, env_extra=VI, check_rc=1).stdout
    assert check_vi.startswith("Kế hoạch năm 2024 xã Tân Hương (bản 1): 3 lỗi,")
    check_en = run("check", "--db", demo_db, env_extra={"LC_MESSAGES": "en_US.UTF-8"}, check_rc=1)
    assert check_en.stdout.startswith("The 2024 plan of Tân Hương (revision 1): 3 errors,")
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    dry = run("import", seed, "--dry-run", env_extra=VI, check_rc=0).stdout
    assert "hoạt động: 24" in dry and dry.endswith("Chạy thử: chưa ghi gì.\n")
    dry_en = run("import", seed, "--dry-run", env_extra={"LC_MESSAGES": "en_US.UTF-8"}, check_rc=0)
    assert "activities: 24" in dry_en.stdout and "nothing was written" in dry_en.stdout


def test_revision_n_exports_the_approved_revision_after_an_amendment(demo_db, tmp_path):
    """After an amendment the approved revision 1 was the current plan for no command."""
    run("plan", "submit", "--db", demo_db, check_rc=0)
    run("plan", "approve", "--by", "Lê Thị Hoa", "--title", "PHÓ TRƯỞNG PHÒNG", "--db", demo_db)
    run("plan", "amend", "--db", demo_db, check_rc=0)
    first = run("export", "text", "-o", "-", "--revision", "1", "--db", demo_db, check_rc=0)
    assert "Đã phê duyệt (bản 1)" in first.stdout
    before = run("--db", demo_db, "--revision", "1", "export", "text", "-o", "-", check_rc=0)
    assert before.stdout == first.stdout
    current = run("export", "text", "-o", "-", "--db", demo_db, check_rc=0).stdout
    assert "Dự thảo (bản 2)" in current
    word = tmp_path / "r1.docx"
    run("export", "docx", "--year", "2024", "--revision", "1", "-o", word, "--db", demo_db)
    import docx

    assert "Lê Thị Hoa" in "\n".join(
        c.text for t in docx.Document(str(word)).tables for r in t.rows for c in r.cells
    )
    checked = run("check", "--revision", "1", "--db", demo_db, env_extra=VI, check_rc=1).stdout
    assert checked.startswith("Kế hoạch năm 2024 xã Tân Hương (bản 1)")
    missing = run("log", "--revision", "3", "--db", demo_db, env_extra=VI, check_rc=1)
    assert (
        missing.stderr == "kehoach: Kế hoạch năm 2024 xã Tân Hương không có bản 3 (có bản: 1, 2).\n"
    )
    run("export", "text", "--revision", "0", "--db", demo_db, check_rc=2)


async def test_the_palette_offers_each_revision_by_name(demo_db):
    from kehoach.tui.app import KehoachApp, KehoachCommands

    run("plan", "submit", "--db", demo_db, check_rc=0)
    run("plan", "approve", "--by", "Lê Thị Hoa", "--title", "PHÓ TRƯỞNG PHÒNG", "--db", demo_db)
    run("plan", "amend", "--db", demo_db, check_rc=0)
    app = KehoachApp(db_path=demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        texts = {t: cb for t, cb, _ in KehoachCommands(app.screen)._commands()}
        first = "Chuyển sang kế hoạch năm 2024 bản 1 (đã phê duyệt) – xã Tân Hương"
        assert first in texts
        assert "Chuyển sang kế hoạch năm 2024 bản 2 (dự thảo) – xã Tân Hương" in texts
        texts[first]()
        await pilot.pause(0.1)
        assert app.plan.revision == 1 and app.plan.status == "approved"
