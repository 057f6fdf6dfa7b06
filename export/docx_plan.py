"""The plan as a Word file in the official layout (Decree 30/2020/NĐ-CP; nd30-layout.md).

Portrait A4 throughout, month tables with fitted column widths (see README: one section,
page numbers run on, every office printer takes it as it is). Times New Roman in all four
font slots of every style used, theme fonts removed, language vi-VN.
"""

from __future__ import annotations

import io
import re
from typing import IO, TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from store.document import ActivityDoc, PlanDoc, period_label
from store.settings import money_in_words
from store.vntext import format_int, format_money

from .docx_template import template_bytes
from .text_plan import (
    MONTH_COLUMNS,
    activity_cells,
    header_lines,
    month_title,
    plan_sections,
)

if TYPE_CHECKING:  # an export without --totals has no need of store.totals
    from store.totals import MonthTotals, PlanFigures, Totals

BODY_PT = 13
TABLE_PT = 11
# widths in mm of the nine month-table columns; they fill the 165 mm between the margins
COLUMN_MM = (11, 33, 22, 12, 13, 21, 21, 20, 12)
NUMERIC_COLUMNS = {3, 4, 5}

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text for an XML element (xml.sax.saxutils would load urllib: 9 ms per export)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe(text: str) -> str:
    """Text a Word file can hold: characters XML refuses are dropped."""
    return _XML_BAD.sub("", text or "")


def _p_xml(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    space_after: float | None = None,
) -> str:
    """One paragraph as WordprocessingML: each line of `text` a run, lines joined by
    breaks. Written as XML text, like the table rows: python-docx's object model took ~0.3
    ms a paragraph, a third of an export."""
    props = []
    if space_after is not None:
        props.append(f'<w:spacing w:after="{round(space_after * 20)}"/>')
    if indent:
        props.append('<w:ind w:firstLine="720"/>')  # 1.27 cm
    props.append(f'<w:jc w:val="{align.xml_value}"/>')
    run_props = (
        ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + f'<w:sz w:val="{round(size * 2)}"/>'
    )
    lines = safe(text).split("\n")
    runs = [
        f"<w:r><w:rPr>{run_props}</w:rPr>"
        + (f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' if line else "")
        + ("<w:br/>" if i < len(lines) - 1 else "")
        + "</w:r>"
        for i, line in enumerate(lines)
    ]
    return f"<w:p {nsdecls('w')}><w:pPr>{''.join(props)}</w:pPr>{''.join(runs)}</w:p>"


def _append(container, xml: str):
    """Add an element to a table cell (at its end) or to the document's body (before its
    section properties, where python-docx adds paragraphs)."""
    element = parse_xml(xml)
    if hasattr(container, "_tc"):
        container._tc.append(element)
    else:
        container.element.body.sectPr.addprevious(element)
    return element


def _para(container, text: str = "", **kwargs):
    return _append(container, _p_xml(text, **kwargs))


def _rule(container, left_cm: float, right_cm: float):
    """A short horizontal line: an empty paragraph with a top border, narrowed by indents."""
    return _append(
        container,
        f'<w:p {nsdecls("w")}><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="1"'
        ' w:color="000000"/></w:pBdr><w:spacing w:after="0"/>'
        f'<w:ind w:left="{int(left_cm * 567)}" w:right="{int(right_cm * 567)}"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="8"/></w:rPr></w:r></w:p>',
    )


def _fix_widths(table, widths_mm) -> None:
    """Column widths Word and LibreOffice both keep: the grid, every cell, a fixed layout."""
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    for col, mm in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(mm * 56.7)))
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)


def _indent_table(table, mm: float) -> None:
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(mm * 56.7)))
    ind.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(ind)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _layout_table(doc, rows: int, widths_mm: tuple[int, ...]):
    """A borderless table of fixed widths for text side by side (the header, the
    signatures), its cells emptied to be filled with _cell_para."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    _no_borders(table)
    _fix_widths(table, widths_mm)
    for tc in table._tbl.iter(qn("w:tc")):
        for par in list(tc.iterchildren(qn("w:p"))):
            tc.remove(par)
    return table


def _cell_para(cell, text: str, **kwargs):
    """A paragraph in a table cell, centred with no space after unless told."""
    kwargs.setdefault("align", WD_ALIGN_PARAGRAPH.CENTER)
    kwargs.setdefault("space_after", 0)
    return _para(cell, text, **kwargs)


def _header(doc, plan: PlanDoc) -> None:
    lines = header_lines(plan)
    parent, issuing, _, national, motto, _, number, _, place_date = lines
    # two rows so that the number and the place-date line stand level (nd30-layout.md)
    table = _layout_table(doc, 2, (80, 100))
    _indent_table(table, -8)
    (left, right), (left2, right2) = (r.cells for r in table.rows)
    _cell_para(left, parent.upper(), size=12)
    _cell_para(left, issuing.upper(), bold=True, size=12)
    _rule(left, 2.5, 2.5)
    _cell_para(right, national, bold=True, size=12)
    _cell_para(right, motto, bold=True, size=13)
    _rule(right, 2.4, 2.4)
    _cell_para(left2, number, size=13)
    _cell_para(right2, place_date, italic=True, size=13)


def _twips(mm: float) -> int:
    return int(mm * 56.7)


def _row_xml(
    cells: list[str],
    widths_mm,
    aligns: list[str],
    *,
    bold: bool = False,
    size: float = TABLE_PT,
    header: bool = False,
) -> str:
    """One table row as WordprocessingML. Rows are written as XML text: python-docx's object
    model takes ~5 ms a row; a month's table costs a fraction of a millisecond this way."""
    half_points = int(size * 2)
    run_props = ("<w:b/><w:bCs/>" if bold else "") + (
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    )
    row_props = "<w:tblHeader/>" if header else "<w:cantSplit/>"
    out = [f"<w:tr {nsdecls('w')}><w:trPr>{row_props}</w:trPr>"]
    for text, mm, align in zip(cells, widths_mm, aligns, strict=True):
        text = safe(text)
        run = (
            f'<w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'
            if text
            else ""
        )
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{_twips(mm)}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:after="0"/><w:ind w:firstLine="0"/>'
            f'<w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
        )
    out.append("</w:tr>")
    return "".join(out)


class GridTable:
    """A grid table (style "Table Grid") placed in the document where it is made; rows are
    appended to it as XML."""

    def __init__(self, doc, header: list[str], widths_mm: tuple[int, ...]) -> None:
        self.widths = widths_mm
        grid = "".join(f'<w:gridCol w:w="{_twips(mm)}"/>' for mm in widths_mm)
        self.element = parse_xml(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{_twips(sum(widths_mm))}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>'
        )
        body = doc.element.body
        body.sectPr.addprevious(self.element)
        self.element.append(
            parse_xml(
                _row_xml(
                    header, widths_mm, ["center"] * len(header), bold=True, size=10, header=True
                )
            )
        )


def _grid_table(doc, header: list[str], widths_mm: tuple[int, ...]) -> GridTable:
    return GridTable(doc, header, widths_mm)


def _add_row(
    table: GridTable, cells: list[str], widths_mm, numeric: set[int], bold: bool = False
) -> None:
    aligns = [
        "center" if i == 0 else "right" if i in numeric else "left" for i in range(len(cells))
    ]
    table.element.append(parse_xml(_row_xml(cells, widths_mm, aligns, bold=bold)))


def _totals_cells(label: str, t: Totals) -> list[str]:
    return [
        "",
        label,
        "",
        format_int(t.classes, width=2),
        format_int(t.learners),
        format_money(t.budget),
        "",
        "",
        "",
    ]


def _month_table(
    doc, year: int, month: int, acts: list[ActivityDoc], month_total: MonthTotals | None
) -> None:
    _para(doc, month_title(month, year), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=3)
    table = _grid_table(doc, MONTH_COLUMNS, COLUMN_MM)
    for i, act in enumerate(acts, 1):
        _add_row(table, activity_cells(i, act), COLUMN_MM, NUMERIC_COLUMNS)
    if month_total is not None:
        _add_row(
            table, _totals_cells("Cộng", month_total.totals), COLUMN_MM, NUMERIC_COLUMNS, bold=True
        )
    _para(doc, "", space_after=0)


def _annual_table(doc, plan: PlanDoc, totals: PlanFigures) -> None:
    """The closing annual table the option adds: each month, the year, the budget in words."""
    _para(
        doc,
        f"TỔNG HỢP {period_label(plan.year, plan.period_kind).upper()}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    widths = (30, 30, 25, 35, 45)
    table = _grid_table(doc, ["THÁNG", "SỐ HOẠT ĐỘNG", "SỐ LỚP", "SỐ HỌC VIÊN", "KINH PHÍ"], widths)
    for mt in totals.months:
        t = mt.totals
        _add_row(
            table,
            [
                f"{mt.month}/{mt.year}",
                str(t.activities),
                format_int(t.classes),
                format_int(t.learners),
                format_money(t.budget),
            ],
            widths,
            {1, 2, 3, 4},
        )
    grand = totals.total
    _add_row(
        table,
        [
            "Cộng",
            str(grand.activities),
            format_int(grand.classes),
            format_int(grand.learners),
            format_money(grand.budget),
        ],
        widths,
        {1, 2, 3, 4},
        bold=True,
    )
    _para(doc, f"Bằng chữ: {money_in_words(grand.budget)}.", italic=True, indent=True)


def _signatures(doc, plan: PlanDoc) -> None:
    left, right = _layout_table(doc, 1, (80, 85)).rows[0].cells
    _cell_para(
        left,
        plan.text("heading_recipients"),
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for item in plan.items("recipient"):
        _cell_para(left, f"- {item}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    director = plan.director
    block = "\n".join(x for x in (director.authority, director.title) if x).upper()
    _cell_para(right, block, bold=True, size=13)
    for _ in range(4):
        _cell_para(right, "", size=13)
    _cell_para(right, director.name, bold=True, size=13)
    approver = plan.approver
    if approver is not None:
        _para(doc, "", space_after=6)
        _para(doc, approver.heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        block = "\n".join(x for x in (approver.authority, approver.title) if x)
        _para(doc, block, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        for _ in range(4):
            _para(doc, "", space_after=0)
        _para(doc, approver.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def new_document():
    """An empty A4 document in the official layout: styles, margins, page numbers
    (export/docx_template.py)."""
    return Document(io.BytesIO(template_bytes()))


def build_docx(plan: PlanDoc, *, totals: PlanFigures | None = None, revision_note: str = ""):
    """The Word document of a plan. `totals` (store.totals.plan_figures) adds a totals row
    under each month's table and an annual table with the budget in words."""
    totals_by_month = {t.month: t for t in totals.months} if totals else {}
    used = [m for _, m in plan.months() if any(a.month == m for a in plan.activities)]
    last_used_month = used[-1] if used else None
    doc = new_document()
    for kind, value in plan_sections(plan):
        if kind == "header":
            _header(doc, plan)
        elif kind == "title":
            _para(doc, "", space_after=0)
            _para(
                doc, str(value), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0
            )
            if revision_note:
                _para(
                    doc, revision_note, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0
                )
            _rule(doc, 6.0, 6.0)
        elif kind in ("heading", "sub"):
            _para(doc, str(value), bold=True, indent=True)
        elif kind == "basis":
            _para(doc, str(value), italic=True, indent=True)
        elif kind in ("para", "closing"):
            _para(doc, str(value), indent=True)
        elif kind == "item":
            _para(doc, f"- {value}", indent=True)
        elif kind == "month":
            year, month, acts = value  # type: ignore[misc]
            _month_table(doc, year, month, acts, totals_by_month.get(month))
            if totals and month == last_used_month:
                _annual_table(doc, plan, totals)
        elif kind == "recipients_heading":
            continue  # written inside the signature table
        elif kind == "recipient":
            continue
        elif kind == "signatures":
            _signatures(doc, plan)
    return doc


def write_docx(
    plan: PlanDoc,
    fh: IO[bytes],
    *,
    totals: PlanFigures | None = None,
    revision_note: str = "",
) -> None:
    build_docx(plan, totals=totals, revision_note=revision_note).save(fh)
