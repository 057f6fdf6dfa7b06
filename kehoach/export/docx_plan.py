"""The plan as a Word file in the official layout (Decree 30/2020/NĐ-CP; nd30-layout.md).

The document is written as WordprocessingML text straight into the package, paragraph by
paragraph and row by row: nothing holds the whole document (a 3,000-activity plan costs
the memory of the demo's), and every element is written in the schema's order.

Layout rules that keep a printed plan fileable (nd30-layout.md): headings, section and
month titles keep with what follows; a table's header row keeps with its first rows and its
last row (a totals row) with the one above, a short table stays whole; the signature block
and the approval block each stay on one page; table columns are as wide as their longest
word needs, so no word breaks inside a syllable. Section 6 may go on landscape pages
(`landscape=True`); see the README for why portrait is the default.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import IO, TYPE_CHECKING

from kehoach.store.document import DEFAULT_DOC_TYPE, MOTTO, ActivityDoc, PlanDoc, period_label
from kehoach.store.settings import money_in_words
from kehoach.store.vntext import format_int, format_money

from .docx_template import (
    DOCUMENT_CLOSE,
    DOCUMENT_OPEN,
    STATIC_PARTS,
    core_xml,
    section_properties,
)
from .text_plan import (
    MONTH_COLUMNS,
    activity_cells,
    header_lines,
    month_title,
    plan_sections,
)
from .text_width import longest_word_mm, measure_mm, text_mm

if TYPE_CHECKING:  # an export without --totals has no need of store.totals
    from kehoach.store.totals import MonthTotals, PlanFigures, Totals

BODY_PT = 13
TABLE_PT = 11
TABLE_HEADER_PT = 10
TWIPS_PER_MM = 56.7
PORTRAIT_TEXT_MM = 165  # 210 - 30 - 15
LANDSCAPE_TEXT_MM = 257  # 297 - 20 - 20
CELL_MARGIN_MM = 108 / TWIPS_PER_MM  # the layout tables' left and right cell margins
GRID_CELL_MARGIN_MM = 57 / TWIPS_PER_MM  # a grid table's: 1 mm, room for one more word
GRID_CELL_MARGINS = (
    '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
)
NUMERIC_COLUMNS = {3, 4, 5}
SMALL_NEED_MM = 12  # a column needing no more than this to hold its text on one line gets it
SHORT_TABLE_ROWS = 15  # a table of this many rows or fewer is kept on one page

JUSTIFY, CENTER, LEFT, RIGHT = "both", "center", "left", "right"

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text for an XML element (xml.sax.saxutils would load urllib: 9 ms per export)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe(text: str) -> str:
    """Text a Word file can hold: characters XML refuses are dropped."""
    return _XML_BAD.sub("", text or "")


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


# -- paragraphs ---------------------------------------------------------------------------


_HYPHEN = re.compile(r"(?<=\S)-(?=\S)")


def t_xml(text: str) -> str:
    """Run content for `text`: a hyphen inside a word ("VH-XH", "2021-2030") is a
    non-breaking hyphen, so that a narrow column never ends a line with its first half."""
    escaped = xml_escape(text)
    if "-" in escaped:
        escaped = _HYPHEN.sub('</w:t><w:noBreakHyphen/><w:t xml:space="preserve">', escaped)
    return f'<w:t xml:space="preserve">{escaped}</w:t>'


def p_xml(
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    align: str = JUSTIFY,
    indent: bool = False,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_next: bool = False,
) -> str:
    """One paragraph as WordprocessingML: each line of `text` a run, lines joined by
    breaks; properties in the schema's order."""
    props = "<w:keepNext/>" if keep_next else ""
    if space_before is not None or space_after is not None:
        props += (
            "<w:spacing"
            + (f' w:before="{round(space_before * 20)}"' if space_before is not None else "")
            + (f' w:after="{round(space_after * 20)}"' if space_after is not None else "")
            + "/>"
        )
    if indent:
        props += '<w:ind w:firstLine="720"/>'  # 1.27 cm
    props += f'<w:jc w:val="{align}"/>'
    run_props = (
        ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    )
    lines = safe(text).split("\n")
    runs = "".join(
        f"<w:r><w:rPr>{run_props}</w:rPr>"
        + (t_xml(line) if line else "")
        + ("<w:br/>" if i < len(lines) - 1 else "")
        + "</w:r>"
        for i, line in enumerate(lines)
    )
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def rule_xml(left_mm: float, right_mm: float, *, keep_next: bool = False) -> str:
    """A horizontal line: an empty paragraph with a top border, narrowed by indents to
    the length wanted."""
    return (
        "<w:p><w:pPr>"
        + ("<w:keepNext/>" if keep_next else "")
        + '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        f'<w:spacing w:before="0" w:after="0"/>'
        f'<w:ind w:left="{_twips(left_mm)}" w:right="{_twips(right_mm)}"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr></w:r></w:p>'
    )


def centred_rule_xml(cell_mm: float, rule_mm: float, *, keep_next: bool = False) -> str:
    """A rule `rule_mm` long, centred in a column `cell_mm` wide (cell margins allowed)."""
    side = max(0.0, (cell_mm - 2 * CELL_MARGIN_MM - rule_mm) / 2)
    return rule_xml(side, side, keep_next=keep_next)


# -- the document, streamed --------------------------------------------------------------


class Body:
    """The document's body, written in order to a text stream. The last paragraph is held
    back so that a section can end in it (a section's properties sit in its last
    paragraph); after a table the next paragraph gets space above it."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._held: str | None = None
        self._after_table = False

    def _flush(self) -> None:
        if self._held is not None:
            self._out.write(self._held)
            self._held = None

    def para(self, text: str = "", **kwargs) -> None:
        if self._after_table and kwargs.get("space_before") is None:
            kwargs["space_before"] = 6
        self._after_table = False
        self._flush()
        self._held = p_xml(text, **kwargs)

    def raw(self, xml: str) -> None:
        """A paragraph already written (a rule)."""
        self._after_table = False
        self._flush()
        self._held = xml

    def keep_with_next(self) -> None:
        """The paragraph last written keeps with what comes next."""
        if self._held is not None and "<w:keepNext/>" not in self._held:
            self._held = self._held.replace("<w:pPr>", "<w:pPr><w:keepNext/>", 1)

    def write_table(self, xml_parts: Iterable[str]) -> None:
        self._flush()
        for part in xml_parts:
            self._out.write(part)
        self._after_table = True

    def end_section(self, sect_pr: str) -> None:
        """End the section here: its properties go into the last paragraph."""
        if self._held is None:
            self._held = p_xml("", size=1, space_after=0)
        self._held = self._held.replace("</w:pPr>", sect_pr + "</w:pPr>", 1)
        self._flush()

    def close(self, sect_pr: str) -> None:
        self._flush()
        self._out.write(sect_pr)


@contextmanager
def docx_package(fh: IO[bytes], *, title: str, author: str) -> Iterator[Body]:
    """A .docx package written to `fh`: the fixed parts, then the document's body as the
    caller writes it into the yielded Body; close it with `Body.close`."""
    with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in STATIC_PARTS.items():
            package.writestr(name, xml.encode("utf-8"))
        created = _dt.datetime.now(_dt.UTC)
        package.writestr("docProps/core.xml", core_xml(title, author, created).encode("utf-8"))
        with package.open("word/document.xml", "w") as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out.write(DOCUMENT_OPEN)
            yield Body(out)
            out.write(DOCUMENT_CLOSE)
            out.flush()
            out.detach()


# -- column widths -----------------------------------------------------------------------


class ColumnWidths:
    """Column widths by content, like a browser's automatic table layout: each column at
    least as wide as its widest word (so no word breaks inside a syllable), the rest of the
    line shared out by how much each column's text would take on one line."""

    def __init__(self, header: Sequence[str]) -> None:
        self.min_mm = [longest_word_mm(h, TABLE_HEADER_PT, True) for h in header]
        # a header may wrap between words: a third of its length is what it asks for
        self.max_mm = [text_mm(h, TABLE_HEADER_PT, True) / 3 for h in header]
        self._measured: dict[tuple[str, bool], tuple[float, float]] = {}

    def add(self, cells: Sequence[str], *, bold: bool = False) -> None:
        measured = self._measured
        for i, text in enumerate(cells):
            if not text:
                continue
            sizes = measured.get((text, bold))
            if sizes is None:
                if len(measured) > 4096:  # places and partners repeat; contents rarely
                    measured.clear()
                sizes = measured[text, bold] = measure_mm(text, TABLE_PT, bold)
            if sizes[0] > self.min_mm[i]:
                self.min_mm[i] = sizes[0]
            if sizes[1] > self.max_mm[i]:
                self.max_mm[i] = sizes[1]

    def fit(self, total_mm: float) -> tuple[float, ...]:
        """Widths filling `total_mm`: every column its widest word; then the columns that
        need little more to hold their text on one line (short notes, numbers) get it,
        narrowest need first; what is left goes to the long texts by how long they are."""
        pad = 2 * GRID_CELL_MARGIN_MM + 0.8  # the cell margins and a little for rounding
        low = [m + pad for m in self.min_mm]
        high = [max(m + pad, lo) for m, lo in zip(self.max_mm, low, strict=True)]
        widths = list(low)
        spare = total_mm - sum(low)
        if spare <= 0:
            return tuple(round(w, 1) for w in widths)  # words stay whole all the same
        for i in sorted(range(len(widths)), key=lambda i: high[i] - low[i]):
            need = high[i] - low[i]
            if need <= min(spare, SMALL_NEED_MM):
                widths[i] = high[i]
                spare -= need
        want = [h - w for h, w in zip(high, widths, strict=True)]
        if sum(want) > spare:
            widths = [w + spare * x / sum(want) for w, x in zip(widths, want, strict=True)]
        else:  # everything fits on one line: the rest by width
            widths = [h + (spare - sum(want)) * h / sum(high) for h in high]
        return tuple(round(w, 1) for w in widths)


def widths_for(
    header: Sequence[str], rows: Iterable[Sequence[str]], total_mm: float, bold_last: bool = False
) -> tuple[float, ...]:
    """Column widths for a table of `rows` (the last one bold when `bold_last`)."""
    widths = ColumnWidths(header)
    rows = list(rows)
    for i, row in enumerate(rows):
        widths.add(row, bold=bold_last and i == len(rows) - 1)
    return widths.fit(total_mm)


# -- tables ------------------------------------------------------------------------------


def row_xml(
    cells: Sequence[str],
    widths_mm: Sequence[float],
    aligns: Sequence[str],
    *,
    bold: bool = False,
    size: float = TABLE_PT,
    header: bool = False,
    keep_next: bool = False,
) -> str:
    """One grid-table row: it never splits across pages; a header row repeats on every page
    and is centred both ways; `keep_next` keeps the row on the page of the next one."""
    half_points = round(size * 2)
    run_props = ("<w:b/><w:bCs/>" if bold else "") + (
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    )
    row_props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    opens = _cell_opens(tuple(widths_mm), tuple(aligns), header, keep_next)
    out = [f"<w:tr><w:trPr>{row_props}</w:trPr>"]
    for text, opening in zip(cells, opens, strict=True):
        text = safe(text)
        run = f"<w:r><w:rPr>{run_props}</w:rPr>{t_xml(text)}</w:r>" if text else ""
        out.append(f"{opening}{run}</w:p></w:tc>")
    out.append("</w:tr>")
    return "".join(out)


# A table's cells open alike row after row: written once per table, not once per cell
# (a table of 3,000 activities is ~27,000 cells).
@lru_cache(maxsize=256)
def _cell_opens(
    widths_mm: tuple[float, ...], aligns: tuple[str, ...], header: bool, keep_next: bool
) -> tuple[str, ...]:
    """Each cell's XML up to its run, for a row of these columns."""
    keep = "<w:keepNext/>" if keep_next else ""
    valign = '<w:vAlign w:val="center"/>' if header else ""
    return tuple(
        f'<w:tc><w:tcPr><w:tcW w:w="{_twips(mm)}" w:type="dxa"/>{valign}</w:tcPr>'
        f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/>'
        f'<w:jc w:val="{align}"/></w:pPr>'
        for mm, align in zip(widths_mm, aligns, strict=True)
    )


def _aligns(count: int, numeric: set[int]) -> list[str]:
    return [CENTER if i == 0 else RIGHT if i in numeric else LEFT for i in range(count)]


def grid_table_xml(
    header: Sequence[str],
    rows: Iterable[tuple[Sequence[str], bool]],
    widths_mm: Sequence[float],
    numeric: set[int],
    *,
    count: int,
) -> Iterator[str]:
    """A grid table (style "Table Grid"), centred, as XML pieces: the header row, then
    `count` rows of (cells, bold). The header keeps with the first row and the first row
    with the second; the last row keeps with the one above it; a short table stays whole."""
    grid = "".join(f'<w:gridCol w:w="{_twips(mm)}"/>' for mm in widths_mm)
    yield (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(_twips(mm) for mm in widths_mm)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>{GRID_CELL_MARGINS}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )
    yield row_xml(
        header,
        widths_mm,
        [CENTER] * len(header),
        bold=True,
        size=TABLE_HEADER_PT,
        header=True,
        keep_next=count > 0,
    )
    aligns = _aligns(len(header), numeric)
    whole = count <= SHORT_TABLE_ROWS
    for i, (cells, bold) in enumerate(rows, 1):
        keep = i < count and (whole or i == 1 or i == count - 1)
        yield row_xml(cells, widths_mm, aligns, bold=bold, keep_next=keep)
    yield "</w:tbl>"


def layout_table_xml(
    widths_mm: Sequence[float],
    rows: Sequence[Sequence[Sequence[str]]],
    *,
    indent_mm: float = 0.0,
    cant_split: bool = False,
) -> str:
    """A borderless table of fixed widths for text side by side (the header, the
    signatures): each cell a list of paragraphs' XML. Under compatibility mode 15 the
    indent places the table's edge; the cells' text sits a cell margin further in."""
    grid = "".join(f'<w:gridCol w:w="{_twips(mm)}"/>' for mm in widths_mm)
    nil = "".join(
        f'<w:{edge} w:val="nil"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(_twips(mm) for mm in widths_mm)}" w:type="dxa"/>'
        f'<w:tblInd w:w="{_twips(indent_mm)}" w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    for row in rows:
        out.append("<w:tr>" + ("<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""))
        for mm, paragraphs in zip(widths_mm, row, strict=True):
            body = "".join(paragraphs) or p_xml("", space_after=0)
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{_twips(mm)}" w:type="dxa"/></w:tcPr>{body}</w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell_p(text: str, **kwargs) -> str:
    """A paragraph in a layout table's cell: centred, no space after, unless told."""
    kwargs.setdefault("align", CENTER)
    kwargs.setdefault("space_after", 0)
    return p_xml(text, **kwargs)


# -- the parts of the plan ---------------------------------------------------------------

HEADER_COLUMNS_MM = (80, 100)
# the header reaches 8 mm into the left margin, its text as it was under Word 2010's rules
HEADER_INDENT_MM = -8 - CELL_MARGIN_MM
SIGNATURE_COLUMNS_MM = (80, 85)


def header_xml(plan: PlanDoc) -> str:
    """Page 1's header: issuing body and national name side by side, then the number and
    the place and date level with each other (two rows). The motto's rule is as long as
    the motto; the issuing body's about 40 % of its line."""
    lines = header_lines(plan)
    parent, issuing, _, national, motto, _, number, _, place_date = lines
    left_mm, right_mm = HEADER_COLUMNS_MM
    left = [
        _cell_p(parent.upper(), size=12),
        _cell_p(issuing.upper(), bold=True, size=12),
        centred_rule_xml(left_mm, 26),
    ]
    right = [
        _cell_p(national, bold=True, size=12),
        _cell_p(motto, bold=True, size=13),
        centred_rule_xml(right_mm, text_mm(motto or MOTTO, 13, bold=True)),
    ]
    return layout_table_xml(
        HEADER_COLUMNS_MM,
        [[left, right], [[_cell_p(number, size=13)], [_cell_p(place_date, italic=True, size=13)]]],
        indent_mm=HEADER_INDENT_MM,
    )


def title_block(body: Body, doc_type: str, summary: str, note: str = "") -> None:
    """The document type on its own line, the summary (trích yếu) bold under it, a short
    rule below (nd30-layout.md)."""
    body.para("", space_after=0)
    body.para(doc_type, bold=True, size=14, align=CENTER, space_after=0, keep_next=True)
    if summary:
        body.para(summary, bold=True, size=14, align=CENTER, space_after=0, keep_next=True)
    if note:
        body.para(note, italic=True, align=CENTER, space_after=0, keep_next=True)
    length = min(text_mm(summary or doc_type, 14, bold=True) / 3, 60)
    length = max(length, 30)
    body.raw(centred_rule_xml(PORTRAIT_TEXT_MM + 2 * CELL_MARGIN_MM, length))
    body.para("", space_after=0)


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


def month_widths(
    plan: PlanDoc, totals: PlanFigures | None, text_mm_available: float
) -> tuple[float, ...]:
    """One set of widths for every month table of the plan, by their content."""
    widths = ColumnWidths(MONTH_COLUMNS)
    for i, act in enumerate(plan.activities, 1):
        widths.add(activity_cells(i, act))
    if totals is not None:
        for mt in totals.months:
            widths.add(_totals_cells("Cộng", mt.totals), bold=True)
    return widths.fit(text_mm_available)


def _month_table(
    body: Body,
    year: int,
    month: int,
    acts: list[ActivityDoc],
    month_total: MonthTotals | None,
    widths: Sequence[float],
) -> None:
    body.para(
        month_title(month, year),
        bold=True,
        align=CENTER,
        space_before=9,
        space_after=3,
        keep_next=True,
    )
    rows: Iterator[tuple[Sequence[str], bool]] = (
        (activity_cells(i, act), False) for i, act in enumerate(acts, 1)
    )
    count = len(acts)
    if month_total is not None:
        rows = _chain(rows, [(_totals_cells("Cộng", month_total.totals), True)])
        count += 1
    body.write_table(grid_table_xml(MONTH_COLUMNS, rows, widths, NUMERIC_COLUMNS, count=count))


def _chain(*parts):
    for part in parts:
        yield from part


def _annual_table(body: Body, plan: PlanDoc, totals: PlanFigures, text_width: float) -> None:
    """The closing annual table the option adds: each month, the year, the budget in words."""
    body.para(
        f"TỔNG HỢP {period_label(plan.year, plan.period_kind).upper()}",
        bold=True,
        align=CENTER,
        space_before=9,
        space_after=3,
        keep_next=True,
    )
    header = ["THÁNG", "SỐ HOẠT ĐỘNG", "SỐ LỚP", "SỐ HỌC VIÊN", "KINH PHÍ"]
    rows: list[tuple[list[str], bool]] = []
    for mt in totals.months:
        t = mt.totals
        cells = [
            f"{mt.month:02d}/{mt.year}",
            str(t.activities),
            format_int(t.classes, width=2),
            format_int(t.learners),
            format_money(t.budget),
        ]
        rows.append((cells, False))
    grand = totals.total
    rows.append(
        (
            [
                "Cộng",
                str(grand.activities),
                format_int(grand.classes, width=2),
                format_int(grand.learners),
                format_money(grand.budget),
            ],
            True,
        )
    )
    widths = widths_for(header, (r for r, _ in rows), min(text_width, 140), bold_last=True)
    body.write_table(grid_table_xml(header, rows, widths, {1, 2, 3, 4}, count=len(rows)))
    body.para(f"Bằng chữ: {money_in_words(grand.budget)}.", italic=True, indent=True)


def signatures_xml(plan: PlanDoc) -> str:
    """The signature block: "Nơi nhận" and its list beside the signer's title and name."""
    left = [_cell_p(plan.text("heading_recipients"), bold=True, italic=True, size=12, align=LEFT)]
    left += [_cell_p(f"- {item}", size=11, align=LEFT) for item in plan.items("recipient")]
    director = plan.director
    block = "\n".join(x for x in (director.authority, director.title) if x).upper()
    right = [_cell_p(block, bold=True, size=13)]
    right += [_cell_p("", size=13) for _ in range(4)]
    right.append(_cell_p(director.name, bold=True, size=13))
    return layout_table_xml(SIGNATURE_COLUMNS_MM, [[left, right]])


def approval_xml(plan: PlanDoc) -> str:
    """The approval block by the office that approves the plan, centred."""
    approver = plan.approver
    if approver is None:
        return ""
    block = "\n".join(x for x in (approver.authority, approver.title) if x)
    return "".join(
        [
            p_xml("", space_before=6, space_after=6),
            p_xml(approver.heading, bold=True, align=CENTER, space_after=6),
            p_xml(block, bold=True, align=CENTER, space_after=0),
            *(p_xml("", space_after=0) for _ in range(4)),
            p_xml(approver.name, bold=True, align=CENTER, space_after=0),
        ]
    )


def signatures(body: Body, plan: PlanDoc) -> None:
    """The closing: the signature block, then the approval block, inside one borderless
    row that cannot split across pages, so that both stay whole on one page, and kept with
    the paragraph before it (Word and LibreOffice both honour a row that cannot split;
    LibreOffice ignores keep-with-next between a table row and what follows it)."""
    body.keep_with_next()
    inner = signatures_xml(plan) + (approval_xml(plan) or p_xml("", size=1, space_after=0))
    width = sum(SIGNATURE_COLUMNS_MM)
    body.write_table(
        [
            f'<w:tbl><w:tblPr><w:tblW w:w="{_twips(width)}" w:type="dxa"/>'
            '<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
            + "".join(
                f'<w:{edge} w:val="nil"/>'
                for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
            '<w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            f'</w:tblPr><w:tblGrid><w:gridCol w:w="{_twips(width)}"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{_twips(width)}"'
            f' w:type="dxa"/></w:tcPr>{inner}</w:tc></w:tr></w:tbl>'
        ]
    )


def author_of(plan: PlanDoc) -> str:
    """The centre, as the file's author."""
    return ", ".join(x for x in (plan.centre.issuing_body, plan.centre.parent_body) if x)


def write_docx(
    plan: PlanDoc,
    fh: IO[bytes],
    *,
    totals: PlanFigures | None = None,
    revision_note: str = "",
    landscape: bool = False,
) -> None:
    """Write the Word document of a plan to `fh`. `totals` (store.totals.plan_figures) adds
    a totals row under each month's table and an annual table with the budget in words;
    `landscape` puts section 6 (the month tables) on landscape pages."""
    totals_by_month = {t.month: t for t in totals.months} if totals else {}
    used = [m for _, m in plan.months() if any(a.month == m for a in plan.activities)]
    last_used_month = used[-1] if used else None
    table_width = LANDSCAPE_TEXT_MM if landscape else PORTRAIT_TEXT_MM
    widths = month_widths(plan, totals, table_width)
    sections = plan_sections(plan)
    in_landscape = False
    first_section = True
    with docx_package(fh, title=plan.title, author=author_of(plan)) as body:
        for index, (kind, value) in enumerate(sections):
            next_kind = sections[index + 1][0] if index + 1 < len(sections) else None
            if landscape and kind == "heading" and next_kind == "month":
                body.end_section(section_properties(first=first_section))
                first_section, in_landscape = False, True
            elif in_landscape and kind != "month":
                body.end_section(section_properties(landscape=True))
                in_landscape = False
            if kind == "header":
                body.write_table([header_xml(plan)])
            elif kind == "title":
                title_block(body, plan.doc_type or DEFAULT_DOC_TYPE, plan.summary, revision_note)
            elif kind in ("heading", "sub"):
                body.para(str(value), bold=True, indent=True, keep_next=True)
            elif kind == "basis":
                body.para(str(value), italic=True, indent=True)
            elif kind in ("para", "closing"):
                body.para(str(value), indent=True)
            elif kind == "item":
                body.para(f"- {value}", indent=True)
            elif kind == "month":
                year, month, acts = value  # type: ignore[misc]
                _month_table(body, year, month, acts, totals_by_month.get(month), widths)
                if totals and month == last_used_month:
                    _annual_table(body, plan, totals, table_width)
            elif kind == "signatures":
                signatures(body, plan)
            # recipients_heading, recipient: written inside the signature table
        body.close(section_properties(first=first_section))
