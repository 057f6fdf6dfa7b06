"""The plan's text form — the form of the seed file: paragraphs, "- " lists, and one
Markdown-style table per month. Read (`text_blocks` → plan_reader) and written
(`render_plan_text`), so that a plan survives the round trip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehoach.store.document import (
    MOTTO,
    NATIONAL_NAME,
    ActivityDoc,
    PlanDoc,
    document_number,
)
from kehoach.store.vntext import format_date_long, format_int, format_money

if TYPE_CHECKING:
    from .plan_reader import Block

MONTH_COLUMNS = [
    "STT",
    "NỘI DUNG HOẠT ĐỘNG",
    "ĐỐI TƯỢNG HỌC TẬP",
    "SỐ LỚP",
    "SỐ HỌC VIÊN",
    "KINH PHÍ",
    "ĐỊA ĐIỂM",
    "TỔ CHỨC, CÁ NHÂN PHỐI HỢP MỞ LỚP",
    "GHI CHÚ",
]


def text_blocks(text: str) -> list[Block]:
    """Paragraphs (one a line) and tables (runs of lines starting with "|")."""
    from .plan_reader import Block, Where  # the reader is loaded by imports only

    blocks: list[Block] = []
    table: list[list[str]] | None = None
    start = 0
    bold: Block | None = None  # a "**…**" run over several lines is one block
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if bold is not None:
            bold.text += "\n" + stripped
            if stripped.endswith("**"):
                blocks.append(bold)
                bold = None
            continue
        if stripped.startswith("**") and not (len(stripped) > 2 and stripped.endswith("**")):
            bold = Block(where=Where.line(n), text=stripped, bold=True)
            continue
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if table is None:
                table, start = [], n
            table.append(cells)
            continue
        if table is not None:
            blocks.append(Block(where=Where.table_at_line(start), rows=table))
            table = None
        blocks.append(Block(where=Where.line(n), text=line))
    if table is not None:
        blocks.append(Block(where=Where.table_at_line(start), rows=table))
    if bold is not None:
        blocks.append(bold)
    return blocks


def activity_cells(number: int, a: ActivityDoc) -> list[str]:
    """The nine cells of a month-table row, as printed."""
    return [
        str(number),
        a.content,
        a.target_group,
        format_int(a.classes, width=2),
        format_int(a.learners),
        format_money(a.budget),
        a.place,
        a.partner,
        a.note,
    ]


def month_title(month: int, year: int) -> str:
    return f"KẾ HOẠCH THÁNG {month} NĂM {year}"


def result_line(label: str, classes: int | None, learners: int | None) -> str:
    return f"+ {label}: {format_int(classes, width=2)} lớp có {format_int(learners)} học viên tham gia."


def survey_line(label: str, topics: int | None, people: int | None) -> str:
    return f"Nhu cầu học tập về {label} có {format_int(topics)} chuyên đề với {format_int(people)} lượt người"


def plan_sections(doc: PlanDoc) -> list[tuple[str, object]]:
    """The plan in document order as (kind, value) pairs, shared by the text and Word
    writers: kinds are header, title (the type and the summary on one line; the Word writer
    reads them from the PlanDoc), heading, basis, para, sub, item, month, closing,
    recipients_heading, recipient, signatures."""
    out: list[tuple[str, object]] = [("header", None), ("title", doc.title)]
    out.append(("heading", doc.text("heading_bases")))
    out += [("basis", t) for t in doc.items("legal_basis")]
    out.append(("heading", doc.text("heading_situation")))
    out += [("para", t) for t in doc.items("situation")]
    out.append(("sub", doc.text("heading_advantages")))
    out += [("item", t) for t in doc.items("advantage")]
    out.append(("sub", doc.text("heading_difficulties")))
    out += [("item", t) for t in doc.items("difficulty")]
    out.append(("heading", doc.text("heading_results")))
    if doc.results_classes_written is not None:
        out.append(
            ("item", f"Số lớp, chuyên đề đã mở: {format_int(doc.results_classes_written)} lớp.")
        )
    out += [("item", result_line(r.label, r.classes, r.learners)) for r in doc.results]
    if doc.results_learners_written is not None:
        out.append(("item", f"Học viên tham gia {format_int(doc.results_learners_written)} người."))
    out.append(("heading", doc.text("heading_survey")))
    out += [("item", survey_line(s.label, s.topics, s.people)) for s in doc.survey]
    if doc.survey_topics_written is not None:
        out.append(("item", f"Số chuyên đề: {format_int(doc.survey_topics_written)} chuyên đề"))
    if doc.survey_people_written is not None:
        out.append(
            ("item", f"Số lượt tham gia: {format_int(doc.survey_people_written)} học viên tham gia")
        )
    out.append(("heading", doc.text("heading_goals")))
    if doc.text("goals_intro"):
        out.append(("para", doc.text("goals_intro")))
    if doc.goal_classes is not None:
        out.append(("item", f"Số lớp: {format_int(doc.goal_classes)} lớp"))
    if doc.goal_topics is not None:
        out.append(("item", f"Chuyên đề: {format_int(doc.goal_topics)} chuyên đề"))
    if doc.goal_participants is not None:
        out.append(("item", f"Số lượt tham gia: {format_int(doc.goal_participants)} lượt."))
    if doc.goal_target:
        out.append(("item", f"Đối tượng: {doc.goal_target}"))
    out.append(("heading", doc.text("heading_months")))
    for year, month in doc.months():
        acts = [a for a in doc.activities if a.month == month]
        if acts:
            out.append(("month", (year, month, acts)))
    out.append(("heading", doc.text("heading_solutions")))
    out += [("item", t) for t in doc.items("solution")]
    if doc.text("closing"):
        out += [("closing", t) for t in doc.text("closing").split("\n")]
    out.append(("recipients_heading", doc.text("heading_recipients")))
    out += [("recipient", t) for t in doc.items("recipient")]
    out.append(("signatures", None))
    return out


def header_lines(doc: PlanDoc) -> list[str]:
    place_date = (
        format_date_long(doc.date, doc.place)
        if doc.date
        else f"{doc.place}, ngày … tháng … năm {doc.year}"
    )
    return [
        doc.centre.parent_body,
        doc.centre.issuing_body,
        "",
        NATIONAL_NAME,
        MOTTO,
        "",
        document_number(doc.number, doc.doc_code, doc.centre.code),
        "",
        place_date,
    ]


def _table(rows: list[list[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(MONTH_COLUMNS) + " |",
        "|" + "|".join("---" for _ in MONTH_COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
    return lines


def render_plan_text(doc: PlanDoc) -> str:
    """The plan in the seed's text form."""
    lines: list[str] = [""]
    for kind, value in plan_sections(doc):
        if kind == "header":
            lines += header_lines(doc)
        elif kind in ("title", "heading", "basis", "para", "sub", "closing", "recipients_heading"):
            lines += ["", str(value)]
        elif kind in ("item", "recipient"):
            lines.append(f"- {value}")
        elif kind == "month":
            year, month, acts = value  # type: ignore[misc]
            lines += ["", month_title(month, year), ""]
            lines += _table([activity_cells(i, a) for i, a in enumerate(acts, 1)])
        elif kind == "signatures":
            lines.append("")
            for signer, with_heading in ((doc.director, False), (doc.approver, True)):
                if signer is None:
                    continue
                if with_heading and signer.heading:
                    lines += [f"**{signer.heading}**", ""]
                block = "\n".join(x for x in (signer.authority, signer.title) if x)
                lines += [f"**{block}**", "", "", "", signer.name, ""]
    return "\n".join(lines).rstrip() + "\n"
