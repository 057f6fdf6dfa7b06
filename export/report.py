"""The year-end report ("Báo cáo kết quả thực hiện kế hoạch hoạt động năm …"), as Word in
the same official layout as the plan, and as text for meetings."""

from __future__ import annotations

import datetime as _dt
import io

from store.document import PlanDoc, period_label
from store.models import ACTIVITY_STATUS_LABELS, Plan
from store.plans import load_document
from store.results import (
    Progress,
    not_held,
    progress_by_month,
    progress_by_programme,
    progress_total,
)
from store.settings import money_in_words
from store.vntext import format_int, format_money

COLUMNS = [
    "",
    "HĐ KẾ HOẠCH",
    "HĐ ĐÃ TỔ CHỨC",
    "LỚP KH",
    "LỚP ĐÃ MỞ",
    "HV KẾ HOẠCH",
    "HV ĐÃ HỌC",
    "KINH PHÍ",
    "ĐÃ CHI",
]


def _cells(p: Progress) -> list[str]:
    return [
        p.label,
        str(p.planned),
        str(p.held),
        format_int(p.classes_planned),
        format_int(p.classes_held),
        format_int(p.learners_planned),
        format_int(p.learners_held),
        format_money(p.budget),
        format_money(p.spent),
    ]


def report_title(plan: Plan) -> str:
    return (
        "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH HOẠT ĐỘNG CỦA TRUNG TÂM HỌC TẬP CỘNG ĐỒNG "
        f"{period_label(plan.year, plan.period_kind).upper()}"
    )


def _not_held_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            f"{a.month}",
            a.content,
            ACTIVITY_STATUS_LABELS.get(a.status, a.status)
            if a.status != "planned"
            else "Chưa ghi kết quả",
            a.held_note,
        ]
        for a in not_held(plan)
    ]


def render_report_text(plan: Plan, *, markdown: bool = False) -> str:
    from tabulate import tabulate

    fmt = "github" if markdown else "simple"
    h2 = "## " if markdown else ""
    centre = plan.centre
    total = progress_total(plan)
    out = [
        ("# " if markdown else "") + report_title(plan),
        f"{centre.issuing_body} – {centre.parent_body}",
        "",
        f"{h2}1. Theo chương trình",
        "",
        tabulate(
            [_cells(p) for p in progress_by_programme(plan)] + [_cells(total)],
            headers=["CT", "HĐ KH", "Đã TC", "Lớp KH", "Lớp", "HV KH", "HV", "Kinh phí", "Đã chi"],
            tablefmt=fmt,
            disable_numparse=True,
        ),
        "",
        f"{h2}2. Theo tháng",
        "",
        tabulate(
            [_cells(p) for p in progress_by_month(plan)],
            headers=[
                "Tháng",
                "HĐ KH",
                "Đã TC",
                "Lớp KH",
                "Lớp",
                "HV KH",
                "HV",
                "Kinh phí",
                "Đã chi",
            ],
            tablefmt=fmt,
            disable_numparse=True,
        ),
        "",
        f"{h2}3. Kinh phí",
        "",
        f"Đã chi {format_money(total.spent)} trên {format_money(total.budget)} kế hoạch.",
        f"Bằng chữ: {money_in_words(total.spent)}.",
        "",
        f"{h2}4. Hoạt động chưa tổ chức và lý do",
        "",
    ]
    rows = _not_held_rows(plan)
    if rows:
        out.append(
            tabulate(
                [[m, c[:40], s, n[:30]] for m, c, s, n in rows],
                headers=["Tháng", "Nội dung", "Tình trạng", "Lý do"],
                tablefmt=fmt,
                disable_numparse=True,
            )
        )
    else:
        out.append("Mọi hoạt động đã được tổ chức.")
    return "\n".join(out).rstrip() + "\n"


def report_docx_bytes(plan: Plan, today: _dt.date | None = None) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .docx_plan import _add_row, _grid_table, _header, _para, _signatures, new_document

    doc_data: PlanDoc = load_document(plan)
    doc_data.doc_code = "BC"
    doc_data.number = None  # the office numbers the report when it issues it
    doc_data.date = today or _dt.date.today()
    document = new_document()
    _header(document, doc_data)
    _para(document, "", space_after=0)
    _para(document, report_title(plan), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = (22, 16, 16, 14, 14, 18, 18, 24, 23)[: len(COLUMNS)]
    total = progress_total(plan)
    _para(document, "1. Kết quả theo chương trình", bold=True, indent=True)
    table = _grid_table(document, ["CHƯƠNG TRÌNH", *COLUMNS[1:]], widths)
    for p in progress_by_programme(plan) + [total]:
        _add_row(table, _cells(p), widths, set(range(1, 9)), bold=p is total)
    _para(document, "2. Kết quả theo tháng", bold=True, indent=True)
    table = _grid_table(document, ["THÁNG", *COLUMNS[1:]], widths)
    for p in progress_by_month(plan):
        _add_row(table, _cells(p), widths, set(range(1, 9)))
    _para(document, "3. Kinh phí", bold=True, indent=True)
    _para(
        document,
        f"Tổng kinh phí đã chi: {format_money(total.spent)} (kế hoạch {format_money(total.budget)}).",
        indent=True,
    )
    _para(document, f"Bằng chữ: {money_in_words(total.spent)}.", italic=True, indent=True)
    _para(document, "4. Hoạt động chưa tổ chức và lý do", bold=True, indent=True)
    rows = _not_held_rows(plan)
    if rows:
        widths4 = (16, 80, 30, 39)
        table = _grid_table(document, ["THÁNG", "NỘI DUNG", "TÌNH TRẠNG", "LÝ DO"], widths4)
        for row in rows:
            _add_row(table, row, widths4, set())
    else:
        _para(document, "Mọi hoạt động trong kế hoạch đã được tổ chức.", indent=True)
    doc_data.approver = None  # a report is signed by the centre only
    _signatures(document, doc_data)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
