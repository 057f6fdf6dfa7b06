"""The year-end report ("Báo cáo kết quả thực hiện kế hoạch hoạt động năm …"), as Word in
the same official layout as the plan, and as text for meetings."""

from __future__ import annotations

import datetime as _dt
import io

from kehoach.store.document import PlanDoc, period_label
from kehoach.store.models import ACTIVITY_STATUS_LABELS, Plan
from kehoach.store.plans import load_document
from kehoach.store.results import (
    Progress,
    not_held,
    progress_by_month,
    progress_by_programme,
    progress_total,
)
from kehoach.store.settings import money_in_words
from kehoach.store.vntext import format_int, format_money

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


def report_summary(plan: Plan) -> str:
    """The report's summary (trích yếu), in ordinary case under "BÁO CÁO"."""
    return (
        "Kết quả thực hiện kế hoạch hoạt động của Trung tâm học tập cộng đồng "
        f"{period_label(plan.year, plan.period_kind)}"
    )


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


def _cut(text: str, width: int) -> str:
    """At most `width` characters, a cut shown by "…"."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_report_text(plan: Plan, *, markdown: bool = False) -> str:
    """The report as text that fits 80 columns (cells cut with "…"), or as Markdown."""

    from tabulate import tabulate

    def fit_cells(rows: list[list[str]]) -> list[list[str]]:
        return rows if markdown else [[_cut(r[0], 9), *r[1:]] for r in rows]

    import tabulate as _tabulate_module

    padding = _tabulate_module.MIN_PADDING
    _tabulate_module.MIN_PADDING = 2 if markdown else 0  # columns as wide as their text
    try:
        return _render_report_text(plan, markdown, tabulate, fit_cells)
    finally:
        _tabulate_module.MIN_PADDING = padding


def _render_report_text(plan: Plan, markdown: bool, tabulate, fit_cells) -> str:
    import textwrap

    fmt = "github" if markdown else "simple"
    h2 = "## " if markdown else ""
    centre = plan.centre
    total = progress_total(plan)

    def progress_table(first: str, lines: list) -> str:
        """Planned and held, one row a line (a programme's, a month's), `first` the heading
        of the column that names the line."""
        return tabulate(
            fit_cells([_cells(p) for p in lines]),
            headers=[first, "HĐ KH", "Đã TC", "Lớp KH", "Lớp", "HV KH", "HV", "Kinh phí", "Đã chi"],
            tablefmt=fmt,
            disable_numparse=True,
            colalign=("left",) + ("right",) * 8,
        )

    out = [
        "# " + report_title(plan) if markdown else textwrap.fill(report_title(plan), 80),
        f"{centre.issuing_body} – {centre.parent_body}",
        "",
        f"{h2}1. Theo chương trình",
        "",
        progress_table("CT", progress_by_programme(plan) + [total]),
        "",
        f"{h2}2. Theo tháng",
        "",
        progress_table("Tháng", progress_by_month(plan)),
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
                [[m, _cut(c, 38), s, _cut(n, 18)] for m, c, s, n in rows]
                if not markdown
                else [[m, c, s, n] for m, c, s, n in rows],
                headers=["Tháng", "Nội dung", "Tình trạng", "Lý do"],
                tablefmt=fmt,
                disable_numparse=True,
            )
        )
    else:
        out.append("Mọi hoạt động đã được tổ chức.")
    return "\n".join(out).rstrip() + "\n"


def report_docx_bytes(plan: Plan, today: _dt.date | None = None) -> bytes:
    from .docx_plan import (
        PORTRAIT_TEXT_MM,
        author_of,
        docx_package,
        grid_table_xml,
        header_xml,
        signatures,
        title_block,
        widths_for,
    )
    from .docx_template import section_properties

    doc_data: PlanDoc = load_document(plan)
    doc_data.doc_code = "BC"
    doc_data.number = None  # the office numbers the report when it issues it
    doc_data.date = today or _dt.date.today()
    doc_data.approver = None  # a report is signed by the centre only
    total = progress_total(plan)
    numeric = set(range(1, 9))
    buf = io.BytesIO()
    with docx_package(buf, title=report_title(plan), author=author_of(doc_data)) as body:
        body.write_table([header_xml(doc_data)])
        title_block(body, "BÁO CÁO", report_summary(plan))

        def table(header: list[str], rows: list[tuple[list[str], bool]], numeric: set[int]):
            widths = widths_for(
                header, (r for r, _ in rows), PORTRAIT_TEXT_MM, bold_last=rows[-1][1]
            )
            body.write_table(grid_table_xml(header, rows, widths, numeric, count=len(rows)))

        def heading(text: str) -> None:
            body.para(text, bold=True, indent=True, keep_next=True)

        heading("1. Kết quả theo chương trình")
        table(
            ["CHƯƠNG TRÌNH", *COLUMNS[1:]],
            [(_cells(p), p is total) for p in progress_by_programme(plan) + [total]],
            numeric,
        )
        heading("2. Kết quả theo tháng")
        table(
            ["THÁNG", *COLUMNS[1:]], [(_cells(p), False) for p in progress_by_month(plan)], numeric
        )
        heading("3. Kinh phí")
        body.para(
            f"Tổng kinh phí đã chi: {format_money(total.spent)} (kế hoạch {format_money(total.budget)}).",
            indent=True,
        )
        body.para(f"Bằng chữ: {money_in_words(total.spent)}.", italic=True, indent=True)
        heading("4. Hoạt động chưa tổ chức và lý do")
        rows = _not_held_rows(plan)
        if rows:
            table(["THÁNG", "NỘI DUNG", "TÌNH TRẠNG", "LÝ DO"], [(r, False) for r in rows], set())
        else:
            body.para("Mọi hoạt động trong kế hoạch đã được tổ chức.", indent=True)
        signatures(body, doc_data)
        body.close(section_properties(first=True))
    return buf.getvalue()
