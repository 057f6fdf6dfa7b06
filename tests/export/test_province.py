"""The province's summary: every centre's plan for a year, totals that add up (#19 item 4)."""

from __future__ import annotations

import sqlite3

import docx

from kehoach.store.vntext import format_int, format_money, read_money
from tests.cli.test_centres import commune_plan
from tests.command import run
from tests.export.docx_helpers import body_lines


def province_db(tmp_path, demo_db):
    """Four communes' 2024 plans, one shorter, one approved."""
    db = demo_db
    for commune, upper, short in (
        ("Tân Lập", "TÂN LẬP", True),
        ("Hữu Lũng", "HỮU LŨNG", False),
        ("Vũ Lễ", "VŨ LỄ", False),
    ):
        path = commune_plan(tmp_path, commune, upper, drop_last_activity=short)
        run("import", path, "--db", db, check_rc=0)
    run("plan", "submit", "--centre", "vu le", "--db", db, check_rc=0)
    run("plan", "approve", "--centre", "vu le", "--by", "A", "--title", "B", "--db", db, check_rc=0)
    return db


def sums_by_commune(db) -> dict[str, tuple[int, int, int, int]]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT c.commune, COUNT(a.id), COALESCE(SUM(a.classes), 0),"
            " COALESCE(SUM(a.learners), 0), COALESCE(SUM(a.budget), 0)"
            " FROM plan p JOIN centre c ON c.id = p.centre_id"
            " LEFT JOIN activity a ON a.plan_id = p.id WHERE p.year = 2024 GROUP BY p.id"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_the_summary_in_word_adds_up_the_centres_plans(tmp_path, demo_db):
    db = province_db(tmp_path, demo_db)
    target = tmp_path / "tong-hop.docx"
    run(
        "export",
        "summary-docx",
        "--year",
        "2024",
        "-o",
        target,
        "--issuer",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LẠNG SƠN",
        "--issuer-parent",
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        "--db",
        db,
        check_rc=0,
    )
    document = docx.Document(target)
    lines = body_lines(document)
    assert lines[:2] == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LẠNG SƠN"]
    assert "TỔNG HỢP KẾ HOẠCH HOẠT ĐỘNG CÁC TRUNG TÂM HỌC TẬP CỘNG ĐỒNG NĂM 2024" in lines
    grid = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grid) == 1
    rows = [[c.text for c in row.cells] for row in grid[0].rows]
    assert rows[0][:2] == ["STT", "TRUNG TÂM (XÃ)"]
    body, total = rows[1:-1], rows[-1]
    sums = sums_by_commune(db)
    assert [r[1] for r in body] == ["Hữu Lũng", "Tân Hương", "Tân Lập", "Vũ Lễ"]
    for r in body:
        acts, classes, learners, budget = sums[r[1]]
        assert r[3:7] == [
            format_int(acts),
            format_int(classes),
            format_int(learners),
            format_money(budget),
        ]
    assert sums["Tân Lập"][0] == 23  # the shorter plan is counted as it is
    grand = [sum(s[i] for s in sums.values()) for i in range(4)]
    assert total[1] == "Cộng (4 trung tâm)"
    assert total[3:7] == [
        format_int(grand[0]),
        format_int(grand[1]),
        format_int(grand[2]),
        format_money(grand[3]),
    ]
    words = read_money(grand[3])
    assert f"Tổng kinh phí: {format_money(grand[3])}. Bằng chữ: {words}." in lines
    # the centres to see to: with errors; not approved (Vũ Lễ is approved)
    i = lines.index("Các trung tâm có kế hoạch chưa được phê duyệt:")
    pending = lines[i + 1 : i + 4]
    assert pending == ["- Hữu Lũng: Dự thảo.", "- Tân Hương: Dự thảo.", "- Tân Lập: Dự thảo."]
    assert "Các trung tâm có kế hoạch còn lỗi:" in lines


def test_the_summary_as_text_says_the_same(tmp_path, demo_db):
    db = province_db(tmp_path, demo_db)
    out = run("export", "summary-text", "-o", "-", "--db", db, check_rc=0).stdout
    sums = sums_by_commune(db)
    grand = [sum(s[i] for s in sums.values()) for i in range(4)]
    total_line = next(line for line in out.splitlines() if "Cộng (4 trung tâm)" in line)
    assert total_line.split()[-6:-2] == [
        format_int(grand[0]),
        format_int(grand[1]),
        format_int(grand[2]),
        format_money(grand[3]),
    ]
    assert "Vũ Lễ: Đã phê duyệt" not in out and "- Tân Lập: Dự thảo" in out
    # the issuer given once is remembered
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in out.splitlines()[1]


def test_a_summary_of_a_database_without_plans_is_one_line(db, db_path):
    result = run("export", "summary-text", "--db", db_path, check_rc=1)
    assert result.stderr == "kehoach: there is no plan yet\n"
