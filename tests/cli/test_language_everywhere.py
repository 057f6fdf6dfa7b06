"""#18 item 16: what was still English only follows the user's language too — the import
report's per-line reasons (text, Word and Excel files), the many-file import's table,
`db copy`, and on a server `demo`'s refusal and `server add-centre|add-office`."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import VI, run
from tests.cli.test_import_many import a_folder_of_five

EN = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8", "LANG": ""}
VI_VN = {"LC_ALL": "", "LC_MESSAGES": "vi_VN.UTF-8", "LANG": ""}
UNSET = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
VIETNAMESE = (VI, VI_VN, UNSET)


def bad_seed(tmp_path, seed_text):
    path = tmp_path / "bad.txt"
    text = seed_text.replace("| 01 | 88 | 720.000đ |", "| 01 | nhiều | 720.000đ |", 1)
    assert text != seed_text
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("env", VIETNAMESE)
def test_the_import_reports_reasons_in_vietnamese(tmp_path, seed_text, env):
    out = run("import", bad_seed(tmp_path, seed_text), "--dry-run", env_extra=env, check_rc=0)
    assert (
        "không đọc được: bảng ở dòng 92, hàng 3: số học viên “nhiều” không phải số; để"
        in out.stdout
    ), out.stdout
    assert "not a number" not in out.stdout and "table" not in out.stdout


def test_the_import_reports_reasons_in_english(tmp_path, seed_text):
    out = run("import", bad_seed(tmp_path, seed_text), "--dry-run", env_extra=EN, check_rc=0)
    assert (
        "not read: table at line 92, row 3: learners “nhiều” is not a number; left blank"
        in out.stdout
    )
    assert "không" not in out.stdout


def test_a_word_files_reasons_in_both_languages(tmp_path, demo_db):
    from docx import Document

    path = tmp_path / "plan.docx"
    run("export", "docx", "-o", path, "--db", demo_db, check_rc=0)
    doc = Document(str(path))
    cell = next(
        c for t in doc.tables for r in t.rows for c in r.cells if c.text.strip() == "720.000đ"
    )
    cell.paragraphs[0].runs[0].text = "bảy trăm"
    doc.save(str(path))
    vi = run("import", path, "--dry-run", env_extra=VI, check_rc=0).stdout
    assert "kinh phí “bảy trăm” không phải số tiền; để trống" in " ".join(vi.split()), vi
    assert "không đọc được: bảng " in vi and ", hàng " in vi and "table" not in vi
    en = run("import", path, "--dry-run", env_extra=EN, check_rc=0).stdout
    assert "budget “bảy trăm” is not an amount; left blank" in " ".join(en.split()), en
    assert "not read: table " in en and ", row " in en


def test_a_workbooks_skipped_sheet_in_both_languages(tmp_path, demo_db):
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    run("export", "xlsx", "-o", path, "--db", demo_db, check_rc=0)
    wb = load_workbook(str(path))
    wb.create_sheet("Ghi chú")["A1"] = "Họp ngày 5/1"
    wb.save(str(path))
    vi = run("import", path, "--dry-run", env_extra=VI, check_rc=0).stdout
    assert "không đọc được: trang tính “Ghi chú”: không có bảng tháng (bỏ qua)" in vi, vi
    en = run("import", path, "--dry-run", env_extra=EN, check_rc=0).stdout
    assert "not read: sheet “Ghi chú”: no month table (skipped)" in en, en


def test_the_many_file_import_table_in_vietnamese(tmp_path, demo_db):
    folder = a_folder_of_five(tmp_path, demo_db)
    result = run("import", folder, "--db", tmp_path / "province.db", env_extra=VI)
    assert result.returncode == 1
    assert result.stderr == "kehoach: 1 trong 5 tệp không nhập được.\n"
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["tệp", "xã", "kỳ", "HĐ", "học", "viên", "kinh", "phí", "kết", "quả"]
    row = next(line for line in lines if line.startswith("bac-son.docx"))
    assert row.endswith("bỏ qua"), row
    assert "- bac-son.docx: Tệp bac-son.docx bị hỏng." in lines
    assert sum(line.endswith("đã nhập") for line in lines) == 4
    assert "skipped" not in result.stdout and "imported" not in result.stdout


def test_db_copy_says_what_it_copied_in_the_users_language(tmp_path, demo_db):
    target = tmp_path / "copy.db"
    vi = run("db", "copy", "--from", demo_db, "--to", target, env_extra=VI, check_rc=0).stdout
    assert vi.startswith("Tân Hương: đã chép 1 kế hoạch (năm 2024 bản 1), "), vi
    again = run("db", "copy", "--from", demo_db, "--to", target, env_extra=VI, check_rc=1)
    assert "Tân Hương: không chép: nơi nhận đã có kế hoạch năm 2024 bản 1" in again.stdout
    assert again.stderr == "kehoach: 1 trong 1 trung tâm không chép được.\n"
    en = run("db", "copy", "--from", demo_db, "--to", target, env_extra=EN, check_rc=1)
    assert "Tân Hương: not copied: the target has its 2024 plan revision 1" in en.stdout
    assert en.stderr == "kehoach: 1 of 1 centres were not copied\n"


@pytest.fixture
def server_db():
    from tests.pgserver import new_database

    try:
        return new_database()
    except RuntimeError as exc:
        pytest.skip(str(exc))


def test_on_a_server_demo_and_roles_speak_the_users_language(server_db):
    from urllib.parse import urlsplit

    written = run("demo", "--no-open", "--db", server_db, env_extra=VI, check_rc=0).stdout
    assert written.startswith("Đã ghi dữ liệu mẫu: ") and "(kế hoạch năm 2024)" in written
    refused = run("demo", "--no-open", "--db", server_db, env_extra=VI, check_rc=1).stderr
    assert "đã có kế hoạch: trên máy chủ, dữ liệu mẫu chỉ ghi vào một cơ sở dữ liệu còn trống" in (
        refused
    ), refused
    refused_en = run("demo", "--no-open", "--db", server_db, env_extra=EN, check_rc=1).stderr
    assert "holds plans already" in refused_en
    tag = urlsplit(server_db).path.strip("/")
    centre = run(
        "server",
        "add-centre",
        "tan huong",
        "--role",
        f"{tag}_th",
        "--db",
        server_db,
        env_extra=VI,
        check_rc=0,
    ).stdout
    assert centre == (
        f"Vai trò {tag}_th (vừa tạo; đặt mật khẩu bằng lệnh \\password của psql): "
        "chỉ đọc và sửa trung tâm xã Tân Hương.\n"
    )
    office = run(
        "server",
        "add-office",
        "--role",
        f"{tag}_office",
        "--db",
        server_db,
        env_extra=VI,
        check_rc=0,
    ).stdout
    assert "đọc mọi trung tâm và ghi phê duyệt" in office
    again = run(
        "server",
        "add-office",
        "--role",
        f"{tag}_office",
        "--db",
        server_db,
        env_extra=EN,
        check_rc=0,
    ).stdout
    assert again == f"role {tag}_office (already there) reads every centre and records approvals\n"


def test_db_copy_lines_fit_80_columns(tmp_path, demo_db):
    for _ in range(2):  # revisions 1 and 2 approved, 3 a draft
        run("plan", "submit", "--force", "--db", demo_db, check_rc=0)
        run("plan", "approve", "--force", "--by", "A", "--title", "B", "--db", demo_db, check_rc=0)
        run("plan", "amend", "--db", demo_db, check_rc=0)
    for env in (VI, EN):
        target = tmp_path / f"copy-{len(env)}-{env['LC_MESSAGES'] or 'vi'}.db"
        out = run("db", "copy", "--from", demo_db, "--to", target, env_extra=env, check_rc=0)
        said = " ".join(out.stdout.split())
        assert "2024 revision 3" in said or "năm 2024 bản 3" in said, said
        assert max(len(line) for line in out.stdout.splitlines()) <= 80, out.stdout
