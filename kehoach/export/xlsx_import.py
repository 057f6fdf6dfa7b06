"""Reading month tables from an Excel workbook (.xlsx), through the Word importer's path.

Each sheet becomes paragraphs (the lines above its table: the commune, the plan's title,
"KẾ HOẠCH THÁNG 3 NĂM 2024") and one table, as `Block`s, and `plan_reader` reads them as
it reads a Word file: columns found by their heading words in any order, one sheet per
month (the month from the sheet's title line or its name) or one sheet with a month column
(merged month cells too), blank rows skipped, totals rows ("Cộng") left out, every cell it
cannot read reported with its sheet and row.

A workbook holds the month tables, not the whole plan: imported into a period that has a
plan already (`--replace`), it replaces that plan's activities and keeps everything else
(its texts, survey, signers); into a new period it makes a plan with the standard texts.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from kehoach.store.document import PlanDoc
from kehoach.store.errors import KehoachError
from kehoach.store.vntext import clean_line, fold

from .plan_reader import Block, ImportReport, NotRead, Where, column_map, read_plan

MAX_ROWS = 20_000  # per sheet: a plan has a few hundred at most
MAX_UNPACKED = 100 * 1024 * 1024  # bytes of XML inside the file: a plan's is ~0.3 MB
MONTHS_HEADING = "6. Nội dung và thời gian thực hiện"  # opens the reader's month section
# kehoach's own sheets beside the months: the annual totals (formulas over the month
# sheets) and the survey (the plan's own survey is kept); not reported as unread
DERIVED_SHEETS = ("tong hop", "khao sat")
_SHEET_MONTH_RE = re.compile(r"^\s*(?:thang|t)?\s*(\d{1,2})\s*(?:[./-]\s*\d{4})?\s*$")


def is_workbook(path: Path) -> bool:
    """An Office Open XML workbook (what Excel and LibreOffice save as .xlsx)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, _dt.datetime | _dt.date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    if text.startswith("="):  # a formula never calculated (no cached value)
        return ""
    return text


def _sheet_rows(ws) -> list[list[str]]:
    if ws.max_row > MAX_ROWS:
        raise KehoachError(
            f"Trang tính “{ws.title}” có quá nhiều dòng ({ws.max_row}) để là bảng kế hoạch.",
            f"the sheet “{ws.title}” has too many rows ({ws.max_row}) to be a plan's table",
        )
    return [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _is_month_header(row: list[str]) -> bool:
    """A month table's heading row: contents, a count of people or classes, and one more
    column a month table has (a survey's "Số chuyên đề | Số lượt người" is not one)."""
    cols = column_map(row)
    return (
        "content" in cols
        and ("learners" in cols or "classes" in cols)
        and any(c in cols for c in ("budget", "place", "month", "classes", "target_group"))
    )


def _sheet_month(title: str) -> int | None:
    m = _SHEET_MONTH_RE.match(fold(title))
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1))
    return None


def workbook_blocks(path: str | Path) -> tuple[list[Block], list[NotRead]]:
    """The workbook's sheets as Blocks, and what was left out (where, why)."""
    import zipfile

    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as z:
        if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
            raise KehoachError(
                f"Bảng tính {path} quá lớn để là một kế hoạch.",
                f"the workbook {path} is too large to be a plan",
            )
    try:
        wb = load_workbook(str(path), data_only=True)  # formulas: the values last computed
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise KehoachError(
            f"Tệp {path} không phải bảng tính Excel đọc được ({exc.__class__.__name__}).",
            f"{path} is not a readable Excel workbook ({exc.__class__.__name__})",
        ) from None
    blocks: list[Block] = []
    skipped: list[NotRead] = []
    seen_lines: set[str] = set()
    opened = False
    for ws in wb.worksheets:
        rows = _sheet_rows(ws)
        header_at = next((i for i, r in enumerate(rows) if _is_month_header(r)), None)
        if header_at is None or fold(ws.title).strip() in DERIVED_SHEETS:
            if fold(ws.title).strip() in DERIVED_SHEETS:
                continue
            if any(any(c.strip() for c in r) for r in rows):
                skipped.append(
                    NotRead(
                        Where.sheet(ws.title),
                        "không có bảng tháng (bỏ qua)",
                        "no month table (skipped)",
                    )
                )
            continue
        lines = [" ".join(c.strip() for c in r if c.strip()) for r in rows[:header_at]]
        lines = [clean_line(line) for line in lines if line.strip()]
        month_lines = [
            line for line in lines if fold(line).lstrip().startswith(("ke hoach thang", "thang"))
        ]
        if not opened:
            # the first table's sheet: its lines above the table are the plan's header
            for n, line in enumerate(lines, 1):
                if line not in month_lines:
                    blocks.append(Block(where=Where.sheet(ws.title).row(n), text=line))
                    seen_lines.add(line)
            blocks.append(Block(where=Where.sheet(ws.title), text=MONTHS_HEADING))
            opened = True
        for line in lines:
            if line not in month_lines and line not in seen_lines:
                skipped.append(
                    NotRead(
                        Where.sheet(ws.title),
                        f"bỏ qua dòng ở trên bảng: {line[:60]}",
                        f"line above the table skipped: {line[:60]}",
                    )
                )
        if month_lines:
            blocks.append(Block(where=Where.sheet(ws.title), text=month_lines[-1]))
        elif (month := _sheet_month(ws.title)) is not None:
            blocks.append(Block(where=Where.sheet(ws.title), text=f"THÁNG {month}"))
        _merged_down(ws, rows, header_at)
        blocks.append(Block(where=Where.sheet(ws.title), rows=rows[header_at:]))
    if not opened:
        raise KehoachError(
            f"Không thấy bảng tháng nào trong {path} (cần một dòng tiêu đề có “Nội dung” và "
            "“Số học viên” hay “Số lớp”).",
            f"no month table in {path} (a heading row with “Nội dung” and “Số học viên” or "
            "“Số lớp” is needed)",
        )
    return blocks, skipped


def _merged_down(ws, rows: list[list[str]], header_at: int) -> None:
    """A cell merged down several rows below the header (a month written once for its
    rows) holds its value in each of them; other merged cells stay as Excel keeps them."""
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row - 1, rng.min_col - 1
        if top <= header_at or rng.min_col != rng.max_col:
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top + 1, min(rng.max_row, len(rows))):
            if left < len(rows[r]) and not rows[r][left]:
                rows[r][left] = value


def read_workbook(path: str | Path) -> tuple[PlanDoc, ImportReport]:
    """The workbook as a whole plan: its month tables over the plan of the same centre and
    period when the database has one, else over a new plan's standard texts."""
    from kehoach.store.models import Centre, database
    from kehoach.store.plans import centre_doc, default_document, find_plan, load_document

    blocks, skipped = workbook_blocks(path)
    read, report = read_plan(blocks)
    report.problems += skipped
    report.counts = {k: v for k, v in report.counts.items() if k in ("activities", "months")}
    if database.obj is None:  # a dry run opens no database: what the workbook holds
        return read, report
    centre = _centre_named(read.centre.commune)
    if centre is None and not read.centre.commune:
        centres = list(Centre.select().limit(2))
        if len(centres) == 1:
            centre = centres[0]
        else:
            raise KehoachError(
                "Bảng tính không cho biết của xã nào: cần một dòng như “ỦY BAN NHÂN DÂN XÃ …” "
                "trên bảng tháng.",
                "the workbook does not say which commune it is for: a line such as "
                "“ỦY BAN NHÂN DÂN XÃ …” above the month table is needed",
            )
    existing = find_plan(read.year, centre) if centre is not None else None
    if existing is not None:
        doc = load_document(existing)
        report.notes.append(
            (
                "Bảng tính không có phần văn bản, khảo sát và người ký: giữ như kế hoạch đã lưu.",
                "texts, survey and signers are not in a workbook: kept from the stored plan",
            )
        )
    else:
        report.notes.append(
            (
                "Bảng tính không có phần văn bản, khảo sát và người ký: để trống hoặc theo mẫu "
                "chuẩn, cần điền ở F4, F6.",
                "texts, survey and signers are not in a workbook: left empty or standard; "
                "fill them in on F4 and F6",
            )
        )
        header = centre_doc(centre) if centre is not None else read.centre
        doc = default_document(header, read.year, read.period_kind, read.first_month)
        if read.title:
            doc.title = read.title
    doc.activities = read.activities
    have = {p.code for p in doc.centre.programmes}
    doc.centre.programmes += [p for p in read.centre.programmes if p.code not in have]
    doc.centre.villages += [v for v in read.centre.villages if v not in doc.centre.villages]
    return doc, report


def _centre_named(commune: str):
    from kehoach.store.models import Centre

    if not commune:
        return None
    for c in Centre.select():
        if clean_line(c.commune).casefold() == clean_line(commune).casefold():
            return c
    return None
