"""The Excel workbook: written with openpyxl, read back with openpyxl, recalculated by
LibreOffice, and imported back; a workbook laid out another way, built here."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kehoach.export.importer import import_file, parse_file
from kehoach.export.plan_export import export_bytes
from kehoach.store.errors import KehoachError
from kehoach.store.models import Activity, Plan
from kehoach.store.plans import get_plan, load_document
from kehoach.store.totals import plan_totals
from tests.command import run as run_cli
from tests.libreoffice import soffice_convert


def run(*args, **kwargs):
    return run_cli(*args, timeout=300, **kwargs)


@pytest.fixture
def workbook_file(demo_db, tmp_path) -> Path:
    target = tmp_path / "plan.xlsx"
    result = run("export", "xlsx", "--db", demo_db, "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    return target


def _activity_rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=6, values_only=True) if isinstance(r[0], int)]


def test_the_workbook_read_back_with_openpyxl(workbook_file):
    wb = load_workbook(workbook_file)
    assert wb.sheetnames == ["Tổng hợp", *[f"Tháng {m}" for m in range(1, 13)], "Khảo sát"]
    months = [wb[f"Tháng {m}"] for m in range(1, 13)]
    rows = [row for ws in months for row in _activity_rows(ws)]
    assert len(rows) == 24
    assert sum(r[4] for r in rows) == 2248 and sum(r[5] for r in rows) == 18_005_000
    jan = wb["Tháng 1"]
    assert [c.value for c in jan[5]] == [
        "STT",
        "NỘI DUNG HOẠT ĐỘNG",
        "ĐỐI TƯỢNG HỌC TẬP",
        "SỐ LỚP",
        "SỐ HỌC VIÊN",
        "KINH PHÍ",
        "ĐỊA ĐIỂM",
        "TỔ CHỨC, CÁ NHÂN PHỐI HỢP MỞ LỚP",
        "GHI CHÚ",
        "CHƯƠNG TRÌNH",
    ]
    assert jan["A4"].value == "KẾ HOẠCH THÁNG 1 NĂM 2024"
    assert jan["B6"].value.startswith("Tập huấn sử dụng phân bón")
    # the totals row: formulas over the table, so a row added inside it is counted
    assert [jan.cell(row=8, column=c).value for c in (2, 4, 5, 6)] == [
        "Cộng",
        "=SUM(D6:D7)",
        "=SUM(E6:E7)",
        "=SUM(F6:F7)",
    ]
    assert jan["F6"].number_format == "#,##0" and jan["E6"].number_format == "#,##0"
    assert jan["F8"].number_format == "#,##0"
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A6", ws.title  # the header row stays on screen
        assert ws.print_title_rows == "$5:$5", ws.title  # and on every printed page
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    # columns fit: the content column wide and wrapping, the number columns narrow
    width = {c: jan.column_dimensions[c].width for c in "ABCDEFGHIJ"}
    assert 30 <= width["B"] <= 45 and width["A"] <= 8 and width["F"] <= 14
    assert jan["B6"].alignment.wrap_text
    annual = wb["Tổng hợp"]
    assert [c.value for c in annual[5]] == [
        "THÁNG",
        "SỐ HOẠT ĐỘNG",
        "SỐ LỚP",
        "SỐ HỌC VIÊN",
        "KINH PHÍ",
    ]
    assert annual["A6"].value == "Tháng 1/2024"
    assert annual["B6"].value == "=COUNTA('Tháng 1'!B6:B7)"
    assert annual["D6"].value == "='Tháng 1'!E8"
    assert annual["A18"].value == "Cộng năm 2024" and annual["D18"].value == "=SUM(D6:D17)"
    survey = wb["Khảo sát"]
    assert [r[1] for r in _activity_rows(survey)][0].startswith("Chương trình giáo dục pháp luật")
    assert survey.cell(row=11, column=5).value == "=SUM(E6:E10)"


VI_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>vi-VN</value></prop></item>
</oor:items>
"""


CALC = Path("/usr/lib/libreoffice/program/libsclo.so")  # Debian's libreoffice-calc(-nogui)


@pytest.mark.skipif(
    not (shutil.which("soffice") and CALC.exists()) and not os.environ.get("CI"),
    reason="LibreOffice Calc is installed by .ci/run; not on this machine",
)
def test_libreoffice_recalculates_it_in_a_vietnamese_locale(workbook_file, tmp_path):
    """No figure is stored in the workbook, only formulas: LibreOffice computes them all
    and, set to Vietnamese, shows the thousands with "."."""
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(VI_PROFILE)
    out = tmp_path / "csv"
    # comma, quote, UTF-8, from line 1, …, cells as shown, every sheet
    to = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1066,false,true,true,false,false,-1"
    soffice_convert([workbook_file], to, out, profile)
    with open(out / "plan-Tổng hợp.csv", encoding="utf-8") as fh:
        annual = list(csv.reader(fh))
    assert annual[-1] == ["Cộng năm 2024", "24", "23", "2.248", "18.005.000"]
    assert f"{annual[-1][4]} đ" == "18.005.000 đ"
    with open(out / "plan-Tháng 2.csv", encoding="utf-8") as fh:
        february = list(csv.reader(fh))
    assert february[-1][:6] == ["", "Cộng", "", "1", "184", "1.480.000"]
    with open(out / "plan-Khảo sát.csv", encoding="utf-8") as fh:
        survey = list(csv.reader(fh))
    assert survey[-1][1:] == ["Tổng cộng", "", "24", "2.248"]


def test_an_exported_workbook_imports_back_to_the_same_plan(demo, tmp_path):
    before = asdict(load_document(demo))
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(demo, "xlsx"))
    doc, report = parse_file(path)
    assert asdict(doc) == before
    assert report.problems == []
    with pytest.raises(KehoachError, match="--replace"):
        import_file(path)
    plan, _ = import_file(path, replace=True)
    assert asdict(load_document(plan)) == before
    assert Plan.select().count() == 1 and Activity.select().count() == 24


def test_an_edited_workbook_changes_only_the_month_tables(demo, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(demo, "xlsx"))
    wb = load_workbook(path)
    wb["Tháng 3"]["E6"] = 90  # learners of the first March activity: 88 → 90
    wb["Tháng 3"]["G6"] = "Nhà văn hóa thôn Cầu Hin"
    wb.save(path)
    before = load_document(demo)
    plan, report = import_file(path, replace=True)
    after = load_document(plan)
    changed = [
        i
        for i, (a, b) in enumerate(zip(before.activities, after.activities, strict=True))
        if a != b
    ]
    assert changed == [4]
    assert after.activities[4].learners == 90
    assert after.activities[4].place == "Nhà văn hóa thôn Cầu Hin"
    before.activities, after.activities = [], []
    assert asdict(after) == asdict(before)  # texts, survey, signers kept
    assert plan_totals(plan).learners == 2250


def test_a_fresh_database_gets_the_activities_field_for_field(demo, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(demo, "xlsx"))
    wanted = [asdict(a) for a in load_document(demo).activities]
    fresh = tmp_path / "fresh.db"
    result = run("import", path, "--db", fresh)
    assert result.returncode == 0, result.stderr
    assert "activities: 24" in result.stdout and "months with activities: 12" in result.stdout
    from kehoach.store.db import open_database

    open_database(fresh)
    plan = get_plan(2024)
    assert plan.centre.commune == "Tân Hương"
    assert [asdict(a) for a in load_document(plan).activities] == wanted


def _other_layout(path: Path) -> None:
    """One sheet, a month column with merged cells, columns in another order, blank rows,
    money as text and as numbers, a totals row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch"
    ws.append(["ỦY BAN NHÂN DÂN XÃ HÒA BÌNH"])
    ws.append(["KẾ HOẠCH HOẠT ĐỘNG TTHTCĐ NĂM 2025"])
    ws.append([])
    ws.append(["Tháng", "TT", "Nội dung", "Số lớp", "Số học viên", "Kinh phí (đồng)", "Địa điểm"])
    ws.append([])
    rows = [
        ("Tháng 1", 1, "Tập huấn trồng chè (KT)", 1, 40, "1.200.000đ", "Nhà văn hóa thôn A"),
        (None, 2, "Tuyên truyền luật đất đai (PL)", 1, 35, 800000, "Nhà văn hóa thôn B"),
        (None, 3, "Phòng chống sốt xuất huyết (SK)", None, 50, "950.000", "Trạm y tế"),
        ("Tháng 2", 1, "Vệ sinh môi trường (MT)", 1, 45, 700_000, "Thôn C"),
        (None, 2, "Văn nghệ mừng xuân (VH-XH)", 1, 60, "1,5 triệu", "Sân xã"),
    ]
    for r in rows[:3]:
        ws.append(list(r))
    ws.append([])
    for r in rows[3:]:
        ws.append(list(r))
    ws.append([None, None, "Cộng", "=SUM(D6:D12)", "=SUM(E6:E12)", "=SUM(F6:F12)"])
    ws.merge_cells("A6:A8")  # Tháng 1 for three rows
    ws.merge_cells("A10:A11")  # Tháng 2 for two
    wb.save(path)


def test_a_workbook_laid_out_differently_imports_with_the_right_totals(db, tmp_path):
    path = tmp_path / "other.xlsx"
    _other_layout(path)
    plan, report = import_file(path)
    assert report.problems == []
    assert (plan.year, plan.centre.commune) == (2025, "Hòa Bình")
    t = plan_totals(plan)
    assert (t.activities, t.classes, t.learners, t.budget) == (5, 4, 230, 5_150_000)
    months = [a.month for a in Activity.select().where(Activity.plan == plan).order_by(Activity.id)]
    assert months == [1, 1, 1, 2, 2]
    assert {a.programme.code for a in Activity.select() if a.programme} == {
        "KT",
        "PL",
        "SK",
        "MT",
        "VH-XH",
    }


def test_dry_run_reports_and_writes_nothing(demo_db, tmp_path):
    path = tmp_path / "other.xlsx"
    _other_layout(path)
    before = sqlite3.connect(demo_db).execute("select count(*) from activity").fetchone()
    result = run("import", path, "--dry-run", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "activities: 5" in result.stdout and "dry run: nothing was written" in result.stdout
    assert sqlite3.connect(demo_db).execute("select count(*) from activity").fetchone() == before


def test_workbooks_that_hold_no_plan(demo_db, tmp_path):
    empty = tmp_path / "empty.xlsx"
    wb = Workbook()
    wb.active.append(["Họ tên", "Số điện thoại"])
    wb.active.append(["Nguyễn Văn A", "0912 345 678"])
    wb.save(empty)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(empty.read_bytes()[:300])
    before = Path(demo_db).read_bytes()
    for path in (empty, damaged):
        result = run("import", path, "--db", demo_db)
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "no month table" in run("import", empty, "--db", demo_db).stderr
    assert Path(demo_db).read_bytes() == before


def test_one_sheet_per_month_named_by_its_month(demo, tmp_path):
    """Sheets "T1", "Tháng 2" with no month line: the month is the sheet's name; the
    commune is the database's only centre; the period from the title line."""
    path = tmp_path / "months.xlsx"
    wb = Workbook()
    for n, name in enumerate(("T1", "Tháng 2"), 1):
        ws = wb.active if n == 1 else wb.create_sheet()
        ws.title = name
        ws.append(["KẾ HOẠCH HOẠT ĐỘNG NĂM 2026"])
        ws.append(["STT", "Nội dung hoạt động", "Đối tượng", "Số lớp", "Số HV", "Kinh phí"])
        ws.append([1, f"Chuyên đề tháng {n} (KT)", "Nhân dân", 1, 30 * n, 500_000])
    wb.save(path)
    plan, report = import_file(path)
    assert report.problems == []
    assert (plan.year, plan.centre.commune) == (2026, "Tân Hương")
    acts = list(Activity.select().where(Activity.plan == plan).order_by(Activity.month))
    assert [(a.month, a.learners) for a in acts] == [(1, 30), (2, 60)]
    assert "Căn cứ" in load_document(plan).text("heading_bases")  # the standard texts


def test_a_workbook_without_a_year_or_too_large_is_refused(demo, tmp_path, monkeypatch):
    path = tmp_path / "no-year.xlsx"
    wb = Workbook()
    wb.active.append(["Tháng", "Nội dung", "Số học viên", "Kinh phí"])
    wb.active.append(["Tháng 1", "Tập huấn", 30, 500_000])
    wb.save(path)
    with pytest.raises(KehoachError, match="Không tìm thấy năm"):
        import_file(path)
    from kehoach.export import xlsx_import

    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED", 1000)
    with pytest.raises(KehoachError, match="quá lớn"):
        import_file(path)
    assert Plan.select().count() == 1


def test_a_school_year_round_trip_in_its_months_order(db, tmp_path):
    from kehoach.store.editing import add_activity
    from kehoach.store.plans import create_first_plan

    plan = create_first_plan("Hòa Bình", 2025, period_kind="school_year", first_month=9)
    for month, content in ((9, "Khai giảng lớp xóa mù chữ (VH-XH)"), (2, "Tập huấn chè (KT)")):
        add_activity(plan, {"month": month, "content": content, "learners": 30, "budget": 600_000})
    before = asdict(load_document(plan))
    path = tmp_path / "school.xlsx"
    path.write_bytes(export_bytes(plan, "xlsx"))
    wb = load_workbook(path)
    months = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]
    assert wb.sheetnames[1:13] == [f"Tháng {m}" for m in months]
    assert (
        wb["Tổng hợp"]["A6"].value == "Tháng 9/2025"
        and wb["Tổng hợp"]["A10"].value == "Tháng 1/2026"
    )
    assert wb["Tháng 2"]["A4"].value == "KẾ HOẠCH THÁNG 2 NĂM 2026"
    imported, report = import_file(path, replace=True)
    assert report.problems == []
    assert asdict(load_document(imported)) == before


def test_a_submitted_plan_is_not_replaced_by_a_workbook(demo, tmp_path):
    from kehoach.store import approval

    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(demo, "xlsx"))
    approval.submit(demo)
    with pytest.raises(KehoachError, match="amend|sửa|điều chỉnh"):
        import_file(path, replace=True)
    assert Plan.get_by_id(demo.id).status == "submitted"


def test_a_workbook_import_says_texts_survey_signers_were_not_in_it(demo, tmp_path):
    """New-user item 5: a fresh database gets standard texts and no survey; the report
    says so in one line, in the command's language."""

    path = tmp_path / "plan.xlsx"
    path.write_bytes(export_bytes(demo, "xlsx"))
    for lang, wanted in (
        ("en_US.UTF-8", "texts, survey and signers are not in a workbook: left empty or standard"),
        ("vi_VN.UTF-8", "Bảng tính không có phần văn bản, khảo sát và người ký: để trống"),
    ):
        fresh = tmp_path / f"fresh-{lang}.db"
        result = run(
            "import",
            path,
            "--db",
            fresh,
            env_extra={"LC_MESSAGES": "", "LANG": lang, "COLUMNS": "200"},
        )
        assert result.returncode == 0, result.stderr
        assert wanted in " ".join(result.stdout.split()), result.stdout
