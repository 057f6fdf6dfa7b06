"""The plan's month tables as an Excel workbook (openpyxl), for offices that keep them in
Excel: an annual sheet first, one sheet per month of the period, the survey last.

Totals are formulas, not figures, so a row added in Excel is counted: each month's totals
row sums its table, the annual sheet takes each month's totals and sums them. Money and
counts carry the number format `#,##0`, which Excel and LibreOffice show with "." between
thousands in a Vietnamese locale. Every sheet prints on A4 landscape, fitted to the page's
width, its header row repeated on each page and frozen on screen.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import TYPE_CHECKING

from kehoach.store.document import ActivityDoc, PlanDoc, period_label
from kehoach.store.models import Plan
from kehoach.store.plans import load_document

from .text_plan import MONTH_COLUMNS, month_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

PROGRAMME_COLUMN = "CHƯƠNG TRÌNH"  # the programme's code, so a row keeps it on the way back
COLUMNS = [*MONTH_COLUMNS, PROGRAMME_COLUMN]
NUMBER_FORMAT = "#,##0"
ANNUAL_SHEET = "Tổng hợp"
SURVEY_SHEET = "Khảo sát"
TITLE_ROWS = 4  # parent body, issuing body, the plan's title, the month's title
HEADER_ROW = TITLE_ROWS + 1
FIRST_ROW = HEADER_ROW + 1
# the widest a column grows (characters) before its text wraps, and the narrowest
MAX_WIDTH = {1: 42, 2: 24, 6: 24, 7: 24, 8: 12}
MIN_WIDTH = 6
FONT_NAME = "Times New Roman"


def month_sheet_name(month: int) -> str:
    return f"Tháng {month}"


def xlsx_bytes(plan: Plan) -> bytes:
    """The workbook of `plan`, as the bytes of an .xlsx file."""
    workbook = build_workbook(load_document(plan))
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def build_workbook(doc: PlanDoc):
    from openpyxl import Workbook
    from openpyxl.workbook.properties import CalcProperties

    wb = Workbook()
    wb.calculation = CalcProperties(fullCalcOnLoad=True)  # no cached values: compute on open
    wb.properties.title = doc.title
    wb.properties.creator = "kehoach"
    annual = wb.active
    annual.title = ANNUAL_SHEET
    by_month: dict[int, list[ActivityDoc]] = {}
    for act in doc.activities:
        by_month.setdefault(act.month, []).append(act)
    totals_at: list[tuple[int, int, int, int]] = []  # (year, month, first row, totals row)
    for year, month in doc.months():
        ws = wb.create_sheet(month_sheet_name(month))
        first, total = _month_sheet(ws, doc, year, month, by_month.get(month, []))
        totals_at.append((year, month, first, total))
    _annual_sheet(annual, doc, totals_at)
    _survey_sheet(wb.create_sheet(SURVEY_SHEET), doc)
    return wb


@lru_cache(maxsize=1)
def _styles() -> dict:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "title": Font(name=FONT_NAME, size=12, bold=True),
        "plain": Font(name=FONT_NAME, size=11),
        "bold": Font(name=FONT_NAME, size=11, bold=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "centre": Alignment(wrap_text=True, horizontal="center", vertical="center"),
        "right": Alignment(vertical="top", horizontal="right"),
    }


def _title_rows(ws: Worksheet, doc: PlanDoc, lines: list[str], width: int) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    for row, text in enumerate(lines, 1):
        ws.cell(row=row, column=1, value=text).font = st["title"]
        ws.merge_cells(f"A{row}:{get_column_letter(width)}{row}")
        ws.cell(row=row, column=1).alignment = st["centre"] if row > 2 else st["wrap"]


def _header_row(ws: Worksheet, row: int, headings: list[str]) -> None:
    st = _styles()
    for col, text in enumerate(headings, 1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = st["bold"]
        cell.alignment = st["centre"]
        cell.border = st["border"]
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    ws.print_title_rows = f"{row}:{row}"


def _printable(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _fit_widths(ws: Worksheet, header_row: int, columns: int) -> None:
    """Each column as wide as its longest value (its heading's longest word at least),
    up to MAX_WIDTH, beyond which the text wraps."""
    from openpyxl.utils import get_column_letter

    widths = [MIN_WIDTH] * columns
    for r, values in enumerate(
        ws.iter_rows(min_row=header_row, max_col=columns, values_only=True), header_row
    ):
        for i, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, int):
                text = f"{value:,}"
            elif isinstance(value, str) and value.startswith("="):
                text = "99,999,999"
            else:
                text = str(value)
            longest = max(len(w) for w in text.split()) if r == header_row else len(text)
            widths[i] = max(widths[i], longest)
    for i, width in enumerate(widths):
        limit = MAX_WIDTH.get(i, 30)
        ws.column_dimensions[get_column_letter(i + 1)].width = min(width, limit) + 2


def _totals_row(
    ws: Worksheet, row: int, label: tuple[int, str], summed: tuple[int, ...], width: int
) -> None:
    """The totals under the data rows (FIRST_ROW to the row above): `label` (its column,
    its text), in each `summed` column the formula that adds that column up, so the
    spreadsheet computes it; the row bold and boxed, the sums formatted and to the right."""
    from openpyxl.utils import get_column_letter

    st = _styles()
    ws.cell(row=row, column=label[0], value=label[1])
    for col in summed:
        letter = get_column_letter(col)
        ws.cell(row=row, column=col, value=f"=SUM({letter}{FIRST_ROW}:{letter}{row - 1})")
    for col in range(1, width + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = st["bold"]
        cell.border = st["border"]
        if col in summed:
            cell.number_format = NUMBER_FORMAT
            cell.alignment = st["right"]


def _month_sheet(
    ws: Worksheet, doc: PlanDoc, year: int, month: int, acts: list[ActivityDoc]
) -> tuple[int, int]:
    """Rows: the titles, the header, one per activity (or one blank), the totals row.
    Returns (first data row, totals row)."""
    st = _styles()
    _title_rows(
        ws,
        doc,
        [doc.centre.parent_body, doc.centre.issuing_body, doc.title, month_title(month, year)],
        len(COLUMNS),
    )
    _header_row(ws, HEADER_ROW, COLUMNS)
    row = FIRST_ROW
    for number, act in enumerate(acts, 1):
        values = [
            number,
            act.content,
            act.target_group,
            act.classes,
            act.learners,
            act.budget,
            act.place,
            act.partner,
            act.note,
            act.programme or "",
        ]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = st["plain"]
            cell.border = st["border"]
            cell.alignment = st["right"] if col in (4, 5, 6) else st["wrap"]
            if col in (5, 6):
                cell.number_format = NUMBER_FORMAT
            elif col == 4:
                cell.number_format = "00"  # "01", as the seed writes a class count
        row += 1
    if not acts:  # a row to type into; the totals' range covers it
        for col in range(1, len(COLUMNS) + 1):
            ws.cell(row=row, column=col).border = st["border"]
        row += 1
    _totals_row(ws, row, (2, "Cộng"), (4, 5, 6), len(COLUMNS))
    _fit_widths(ws, HEADER_ROW, len(COLUMNS))
    _printable(ws)
    return FIRST_ROW, row


ANNUAL_COLUMNS = ["THÁNG", "SỐ HOẠT ĐỘNG", "SỐ LỚP", "SỐ HỌC VIÊN", "KINH PHÍ"]


def _annual_sheet(ws: Worksheet, doc: PlanDoc, totals_at: list[tuple[int, int, int, int]]) -> None:
    st = _styles()
    label = period_label(doc.year, doc.period_kind)
    _title_rows(
        ws,
        doc,
        [doc.centre.parent_body, doc.centre.issuing_body, doc.title, f"TỔNG HỢP {label.upper()}"],
        len(ANNUAL_COLUMNS),
    )
    _header_row(ws, HEADER_ROW, ANNUAL_COLUMNS)
    row = FIRST_ROW
    for year, month, first, total in totals_at:
        sheet = f"'{month_sheet_name(month)}'"
        values = [
            f"Tháng {month}/{year}",
            f"=COUNTA({sheet}!B{first}:B{total - 1})",
            f"={sheet}!D{total}",
            f"={sheet}!E{total}",
            f"={sheet}!F{total}",
        ]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = st["plain"]
            cell.border = st["border"]
            if col > 1:
                cell.number_format = NUMBER_FORMAT
        row += 1
    _totals_row(ws, row, (1, f"Cộng {label}"), (2, 3, 4, 5), len(ANNUAL_COLUMNS))
    _fit_widths(ws, HEADER_ROW, len(ANNUAL_COLUMNS))
    _printable(ws)


SURVEY_COLUMNS = ["STT", "NHU CẦU HỌC TẬP", "CHƯƠNG TRÌNH", "SỐ CHUYÊN ĐỀ", "SỐ LƯỢT NGƯỜI"]


def _survey_sheet(ws: Worksheet, doc: PlanDoc) -> None:
    st = _styles()
    _title_rows(
        ws,
        doc,
        [
            doc.centre.parent_body,
            doc.centre.issuing_body,
            doc.title,
            "KẾT QUẢ ĐIỀU TRA, KHẢO SÁT NHU CẦU HỌC TẬP",
        ],
        len(SURVEY_COLUMNS),
    )
    _header_row(ws, HEADER_ROW, SURVEY_COLUMNS)
    row = FIRST_ROW
    for number, line in enumerate(doc.survey, 1):
        values = [number, line.label, line.programme or "", line.topics, line.people]
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = st["plain"]
            cell.border = st["border"]
            cell.alignment = st["right"] if col > 3 else st["wrap"]
            if col > 3:
                cell.number_format = NUMBER_FORMAT
        row += 1
    if not doc.survey:
        row += 1
    _totals_row(ws, row, (2, "Tổng cộng"), (4, 5), len(SURVEY_COLUMNS))
    _fit_widths(ws, HEADER_ROW, len(SURVEY_COLUMNS))
    _printable(ws)
