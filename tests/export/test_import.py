"""Import: the round trips, Word files in the shapes real offices write, broken files."""

import os
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest
from docx import Document

from kehoach.export.importer import import_file, parse_file, parse_text
from kehoach.export.plan_export import docx_bytes
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, Plan
from kehoach.store.plans import load_document
from tests.command import VI, one_line_error, run


def test_seed_text_gives_exactly_the_demo_plan(demo, seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    doc, report = parse_file(path)
    assert asdict(doc) == asdict(load_document(demo))
    assert report.problems == []


def test_word_round_trip_gives_the_same_plan(demo, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_bytes(demo))
    doc, report = parse_file(path)
    assert asdict(doc) == asdict(load_document(demo))
    assert report.problems == []


def test_import_writes_a_new_plan_and_refuses_a_second_without_replace(db, seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    plan, _ = import_file(path)
    assert plan.year == 2024 and Activity.select().count() == 24
    with pytest.raises(KehoachError):
        import_file(path)
    plan2, _ = import_file(path, replace=True)
    assert Plan.select().count() == 1 and Activity.select().count() == 24


def test_dry_run_writes_nothing(db, seed_text, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    plan, report = import_file(path, dry_run=True)
    assert plan is None and report.counts["activities"] == 24
    assert Plan.select().count() == 0


def _new_docx() -> Document:
    return Document()


def _save(document, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def test_annual_table_with_merged_month_cells_roman_headings_and_tables(tmp_path):
    d = _new_docx()
    header = d.add_table(rows=1, cols=1)
    cell = header.rows[0].cells[0]
    cell.paragraphs[0].text = "UBND XÃ HỮU LIÊN"
    cell.add_paragraph("TRUNG TÂM HỌC TẬP CỘNG ĐỒNG")
    cell.add_paragraph("Số: 3/KH-TTHTCĐ")
    cell.add_paragraph("Hữu Liên, ngày 5 tháng 1 năm 2025")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Hoạt động của Trung tâm học tập cộng đồng năm 2025")
    d.add_paragraph("I. CĂN CỨ XÂY DỰNG KẾ HOẠCH")
    d.add_paragraph("Căn cứ Quyết định số 1/QĐ-UBND của UBND huyện Hữu Lũng;")
    d.add_paragraph("II. ĐẶC ĐIỂM TÌNH HÌNH")
    d.add_paragraph("Xã có 06 thôn, 820 hộ gia đình với 3.410 nhân khẩu.")
    d.add_paragraph("III. KẾT QUẢ THỰC HIỆN NĂM 2024")
    results = d.add_table(rows=3, cols=3)
    for row, cells in zip(
        results.rows,
        [
            ("Chương trình", "Số lớp", "Số học viên"),
            ("Kinh tế", "05", "400"),
            ("Tổng", "05", "400"),
        ],
        strict=True,
    ):
        for c, text in zip(row.cells, cells, strict=True):
            c.text = text
    d.add_paragraph("IV. KẾT QUẢ KHẢO SÁT NHU CẦU HỌC TẬP")
    survey = d.add_table(rows=3, cols=4)
    for row, cells in zip(
        survey.rows,
        [
            ("STT", "Chương trình", "Chuyên đề", "Lượt người"),
            ("1", "Giáo dục pháp luật", "2", "150"),
            ("2", "Tin học", "1", "30"),
        ],
        strict=True,
    ):
        for c, text in zip(row.cells, cells, strict=True):
            c.text = text
    d.add_paragraph("V. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN")
    table = d.add_table(rows=5, cols=7)
    head = ("Tháng", "Nội dung", "Chương trình", "Đối tượng", "Số học viên", "Kinh phí", "Địa điểm")
    data = [
        (
            "1",
            "Tuyên truyền luật đất đai",
            "PL",
            "Nhân dân thôn Làng Ngõa",
            "80",
            "1.250.000 đồng",
            "Nhà văn hóa thôn Làng Ngõa",
        ),
        ("", "Tập huấn tin học cơ bản", "Tin học", "Thanh niên", "30", "1.250.000", "Trường THCS"),
        (
            "2",
            "Tập huấn trồng na",
            "KT",
            "Nhân dân thôn Bãi Hào",
            "sáu mươi",
            "700k",
            "Nhà văn hóa thôn Bãi Hào",
        ),
        ("", "Tuyên truyền an toàn giao thông", "PL", "Học sinh", "", "", "Trường THCS"),
    ]
    for c, text in zip(table.rows[0].cells, head, strict=True):
        c.text = text
    for row, cells in zip(table.rows[1:], data, strict=True):
        for c, text in zip(row.cells, cells, strict=True):
            c.text = text
    # month cells merged down over their rows, as offices do
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(3, 0).merge(table.cell(4, 0))
    table.cell(1, 0).text = "1"
    table.cell(3, 0).text = "2"
    d.add_paragraph("VI. GIẢI PHÁP")
    d.add_paragraph("Phối hợp với các đoàn thể.")
    path = _save(d, tmp_path, "huu-lien.docx")

    doc, report = parse_file(path)
    assert doc.year == 2025 and doc.number == 3 and doc.centre.commune == "Hữu Liên"
    assert doc.title == "KẾ HOẠCH Hoạt động của Trung tâm học tập cộng đồng năm 2025"
    assert (doc.doc_type, doc.summary) == (
        "KẾ HOẠCH",
        "Hoạt động của Trung tâm học tập cộng đồng năm 2025",
    )
    assert doc.centre.district == "Hữu Lũng"
    assert doc.items("legal_basis") == ["Căn cứ Quyết định số 1/QĐ-UBND của UBND huyện Hữu Lũng;"]
    assert (doc.villages_count, doc.households, doc.population) == (6, 820, 3410)
    assert [(r.label, r.programme, r.classes, r.learners) for r in doc.results] == [
        ("Kinh tế", "KT", 5, 400)
    ]
    assert (doc.results_classes_written, doc.results_learners_written) == (5, 400)
    assert [(s.programme, s.topics, s.people) for s in doc.survey] == [
        ("PL", 2, 150),
        ("TH", 1, 30),
    ]
    assert [(a.month, a.programme, a.learners, a.budget) for a in doc.activities] == [
        (1, "PL", 80, 1_250_000),
        (1, "TH", 30, 1_250_000),
        (2, "KT", None, 700_000),
        (2, "PL", None, None),
    ]
    assert "TH" in [p.code for p in doc.centre.programmes]
    assert doc.centre.villages == ["Làng Ngõa", "Bãi Hào"]
    assert doc.items("solution") == ["Phối hợp với các đoàn thể."]
    assert any("sáu mươi" in p.vi and "sáu mươi" in p.en for p in report.problems)


def test_school_year_plan(tmp_path):
    d = _new_docx()
    d.add_paragraph("Số: 01/KH-TTHTCĐ")
    d.add_paragraph("Vân Nham, ngày 20 tháng 9 năm 2025")
    d.add_paragraph("KẾ HOẠCH HOẠT ĐỘNG NĂM HỌC 2025-2026")
    d.add_paragraph("1. Nội dung và thời gian thực hiện")
    for month in (9, 1):
        d.add_paragraph(f"KẾ HOẠCH THÁNG {month}")
        t = d.add_table(rows=2, cols=4)
        for c, text in zip(
            t.rows[0].cells, ("STT", "Nội dung hoạt động", "Số học viên", "Kinh phí"), strict=True
        ):
            c.text = text
        for c, text in zip(
            t.rows[1].cells, ("1", f"Chuyên đề tháng {month} (SK)", "50", "500.000đ"), strict=True
        ):
            c.text = text
    doc, _ = parse_file(_save(d, tmp_path, "school.docx"))
    assert (doc.year, doc.period_kind, doc.first_month) == (2025, "school_year", 9)
    assert [a.month for a in doc.activities] == [9, 1]
    assert doc.months()[0] == (2025, 9) and doc.months()[-1] == (2026, 8)


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("empty.docx", b"", "empty"),
        ("random.docx", os.urandom(4096), "not a Word file (.docx)"),  # #18
        ("random.txt", os.urandom(4096), "neither"),
        (
            "notes.txt",
            "Ghi chú họp chi bộ\nKhông phải kế hoạch.".encode(),
            "not a learning-centre plan",
        ),
        ("latin1.txt", "Kế hoạch".encode("utf-16"), "neither"),
    ],
)
def test_files_that_are_not_plans(db_path, tmp_path, name, content, words):
    from kehoach.store.db import open_database

    open_database(db_path).close()
    before = db_path.read_bytes()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert words in info.value.en
    assert db_path.read_bytes() == before


def test_zip_without_a_document_and_a_damaged_word_file(tmp_path, demo):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(KehoachError) as info:
        parse_file(path)
    assert "not a readable Word file" in info.value.en
    good = docx_bytes(demo)
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(KehoachError):
        parse_file(damaged)


def test_a_word_file_about_something_else(tmp_path):
    d = _new_docx()
    d.add_paragraph("BIÊN BẢN HỌP")
    d.add_paragraph("Hôm nay, ngày 3 tháng 3 năm 2025, chi bộ họp.")
    with pytest.raises(KehoachError) as info:
        parse_file(_save(d, tmp_path, "bien-ban.docx"))
    assert "not a learning-centre plan" in info.value.en


def test_cli_import_of_a_broken_file_leaves_the_database_byte_for_byte(tmp_path, demo_db):
    db = demo_db
    before = db.read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    result = run("import", bad, "--db", db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kehoach: ")
    assert db.read_bytes() == before


def test_text_is_normalised_on_the_way_in():
    import unicodedata

    text = (
        "KẾ HOẠCH NĂM 2024\n1. Căn cứ\n"
        + unicodedata.normalize("NFD", "Căn cứ Luật Giáo dục\x07;")
        + "\n"
    )
    doc, _ = parse_text(text)
    assert doc.items("legal_basis") == ["Căn cứ Luật Giáo dục;"]


@pytest.mark.parametrize(
    "title,doc_type,summary",
    [
        (  # the seed's one-line title: split, the summary's capitals kept as written
            "KẾ HOẠCH HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024",
            "KẾ HOẠCH",
            "HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024",
        ),
        (  # never re-cased: the commune's name keeps its capitals
            "Kế hoạch hoạt động của TTHTCĐ xã Vân Nham năm 2024",
            "KẾ HOẠCH",
            "hoạt động của TTHTCĐ xã Vân Nham năm 2024",
        ),
    ],
)
def test_a_one_line_title_is_split_into_type_and_summary(seed_text, title, doc_type, summary):
    text = seed_text.replace(
        "KẾ HOẠCH HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024", title, 1
    )
    doc, report = parse_text(text)
    assert (doc.doc_type, doc.summary) == (doc_type, summary)
    assert doc.year == 2024 and report.problems == []


def test_the_word_plan_keeps_type_and_summary_apart_and_reads_back(demo, tmp_path):
    """Exported: "KẾ HOẠCH" one paragraph, the summary the next; read back: the same two."""
    from kehoach.store import editing

    editing.set_plan_fields(demo, {"summary": "Hoạt động của Trung tâm học tập cộng đồng năm 2024"})
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_bytes(Plan.get_by_id(demo.id)))
    texts = [p.text for p in Document(str(path)).paragraphs]
    at = texts.index("KẾ HOẠCH")
    assert texts[at + 1] == "Hoạt động của Trung tâm học tập cộng đồng năm 2024"
    doc, _ = parse_file(path)
    assert (doc.doc_type, doc.summary) == (
        "KẾ HOẠCH",
        "Hoạt động của Trung tâm học tập cộng đồng năm 2024",
    )


@pytest.mark.parametrize(("name", "kind"), [("bad.docx", "Word"), ("bad.xlsx", "Excel")])
def test_a_file_named_docx_that_is_not_a_zip_is_not_a_word_file(name, kind, tmp_path, demo_db):
    """#18 (a new user's #10): a non-zip bad.docx was "not a TTHTCĐ plan"; it is not a Word
    file at all, and the message says that."""
    bad = tmp_path / name
    bad.write_text("Biên bản họp thôn, không phải kế hoạch\n", encoding="utf-8")
    line = one_line_error(run("import", bad, "--db", demo_db))
    assert line == f"kehoach: {bad} is not a {kind} file ({bad.suffix})"
    vi = one_line_error(run("import", bad, "--db", demo_db, env_extra=VI))
    assert vi == f"kehoach: Tệp {bad} không phải tệp {kind} ({bad.suffix})."
