"""Reading a Word plan: its body's paragraphs and tables, in order, as Blocks.

The main document part is read as a stream, with bounds, rather than through python-docx
(which loads every part whole into a tree: a 315 KB file holding 100 MB of XML took minutes
and gigabytes to refuse). What is read is bounded: the declared uncompressed size of each
part read (and `zipfile` never yields more than that size), the number of paragraphs, of
table rows, of columns in a row, of elements read, of XML tags (each costs the parser
time) and of characters kept. The tree the parser builds is
pruned as it goes: everything needed is taken at each element's end, and every finished
element is then dropped, so memory stays that of a few chunks whatever the file holds.

What is read is what python-docx gives (`Document.iter_inner_content`, `Paragraph.text`,
`_Row.cells`): paragraphs and tables of the body, a merged cell once per grid column
(later columns of a horizontal merge empty, a vertical merge repeated down), a one-cell
table read as what it holds (the export frames blocks so), text boxes and tables nested in
the cells of other tables left out. XML entities are never resolved, and a file that uses one
is refused, saying where: the text after it would otherwise be silently lost.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.store.errors import KehoachError
from kehoach.store.vntext import format_int

from .plan_reader import PARAGRAPH, Block, Where

MAX_PART_BYTES = 48 * 1024 * 1024  # the main part, uncompressed (a 10,000-row plan: ~25 MB)
MAX_SMALL_PART_BYTES = 1024 * 1024  # the package's relationships
MAX_PARAGRAPHS = 50_000  # paragraphs of the body (outside tables)
MAX_ROWS = 50_000  # rows of the body's tables, all together
MAX_COLUMNS = 64  # grid columns in one row
MAX_CELL_PARAGRAPHS = 150_000  # paragraphs in table cells, all together
MAX_PARAGRAPHS_IN_A_CELL = 1_000
MAX_CHARS = 16_000_000  # characters of text kept
MAX_TAGS = 3_000_000  # "<" in the main part: each costs the parser (10,000 rows: 1.8 M)
MAX_ELEMENTS = 600_000  # paragraphs, runs, texts, cells, rows read (10,000 rows: 370,000)
CHUNK = 256 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_DOCUMENT, W_BODY = W + "document", W + "body"
W_P, W_R, W_T, W_TAB, W_PTAB = W + "p", W + "r", W + "t", W + "tab", W + "ptab"
W_BR, W_CR, W_NBH = W + "br", W + "cr", W + "noBreakHyphen"
W_B, W_RPR = W + "b", W + "rPr"
W_TBL, W_TR, W_TC, W_TCPR, W_TRPR = W + "tbl", W + "tr", W + "tc", W + "tcPr", W + "trPr"
W_TBLGRID, W_GRIDCOL = W + "tblGrid", W + "gridCol"
W_GRIDSPAN, W_VMERGE, W_GRIDBEFORE = W + "gridSpan", W + "vMerge", W + "gridBefore"
W_TXBX = W + "txbxContent"
W_VAL, W_TYPE = W + "val", W + "type"
TAGS = (
    W_P,
    W_R,
    W_T,
    W_TAB,
    W_PTAB,
    W_BR,
    W_CR,
    W_NBH,
    W_B,
    W_TBL,
    W_TR,
    W_TC,
    W_GRIDSPAN,
    W_VMERGE,
    W_TXBX,
)
OFFICE_DOCUMENT = "/officeDocument"
FALSE = ("0", "false", "off")


class _Refused(Exception):
    """Stops the reading: the file is refused with this reason (one line)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def _unreadable(path: Path, why_vi: str, why_en: str) -> KehoachError:
    return KehoachError(
        f"Tệp {path} không phải tệp Word đọc được ({why_vi}).",
        f"{path} is not a readable Word file ({why_en})",
    )


def _damaged(path: Path, why: str) -> KehoachError:
    return KehoachError(
        f"Tệp Word {path} bị hỏng ({why}).", f"the Word file {path} is damaged ({why})"
    )


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_SMALL_PART_BYTES:
        raise _Refused(f"phần {name} quá lớn", f"its part {name} is too large")
    with zf.open(info) as fh:
        return fh.read(MAX_SMALL_PART_BYTES + 1)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The name of the main document part, from the package relationships."""
    from lxml import etree

    rels = _read_small(zf, "_rels/.rels")
    if rels is not None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(rels, parser)
        except etree.XMLSyntaxError:
            root = None
        for rel in root if root is not None else ():
            if str(rel.get("Type", "")).endswith(OFFICE_DOCUMENT) and rel.get("Target"):
                return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    return "word/document.xml"


@dataclass
class _Cell:
    el: object
    paragraphs: list[str] = field(default_factory=list)
    span: int = 1
    vmerge: str | None = None


@dataclass
class _Para:
    el: object
    where: Where | None
    body: bool  # a paragraph of the body (or of a one-cell table's cell): a Block
    cell: _Cell | None  # the table cell it belongs to, if any
    parts: list[str] = field(default_factory=list)
    runs: list[tuple[str, bool]] = field(default_factory=list)  # direct runs: text, bold


@dataclass
class _Table:
    """A table being read. A table of one grid column may be a one-cell table, which only
    frames what it holds (python-docx reading, export/docx_plan.py writing): while its
    first row is read, what its cell holds is read as body content too (`frame`), and kept
    if the table ends there."""

    el: object
    out: list[Block]  # where its Block (or, for a frame, what it holds) goes
    saved: tuple[int, int]  # paragraph and table numbers before it (a frame gives them back)
    number: int = 0
    one_column: bool | None = None  # known at its first row (from its grid)
    frame: list[Block] | None = None  # the blocks its one cell holds, while it may be one
    rows: list[list[str]] = field(default_factory=list)
    row: object | None = None
    row_cells: list[_Cell] = field(default_factory=list)
    n_rows: int = 0
    grid_before: int = 0
    col: int = 0  # grid columns of the row's finished cells (and gridBefore)
    cell: _Cell | None = None
    tops: dict[int, tuple[str, int]] = field(default_factory=dict)  # column → merge start


class _Reader:
    """The state of one pass over document.xml (see the module's docstring)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.n_par = self.n_table = self.n_rows = self.n_cell_pars = self.chars = 0
        self.n_elements = 0
        self.ignore = 0  # > 0 inside a text box or a table nested in a cell
        self.tables: list[_Table] = []  # the tables being read, innermost last
        self.para: _Para | None = None
        self.run: object | None = None
        self.run_parts: list[str] = []
        self.run_bold = False
        self.stack: list[bool] = []  # per open filtered element: did it raise `ignore`?

    # -- where, for messages
    def where(self) -> Where:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None and table.frame is None:
            return Where.table(table.number).row(len(table.rows) + 1).column(table.col + 1)
        return Where.paragraph(self.n_par)

    def _out(self) -> list[Block]:
        """Where a body block goes now: the body, or the one-cell table being read."""
        for table in reversed(self.tables):
            if table.frame is not None:
                return table.frame
        return self.blocks

    def _container(self, el) -> tuple[bool, _Cell | None] | None:
        """Is `el` (a paragraph or table starting) read, and how: (as body content?, the
        cell it is in)? None: not read (in a text box, a cell of a cell's table, …)."""
        parent = el.getparent()
        if not self.tables:
            return (True, None) if parent is not None and parent.tag == W_BODY else None
        table = self.tables[-1]
        if table.cell is None or parent is not table.cell.el:
            return None
        return (table.frame is not None, table.cell)

    def start(self, el) -> None:
        self.n_elements += 1
        if self.n_elements > MAX_ELEMENTS:
            raise _Refused(
                f"hơn {format_int(MAX_ELEMENTS)} đoạn, đoạn chữ, ô và dòng",
                f"more than {MAX_ELEMENTS:,} paragraphs, runs, cells and rows",
            )
        tag = el.tag
        raised = False
        if tag == W_TXBX:
            raised = True
        elif self.ignore:
            pass
        elif tag == W_R:
            if self.para is not None and self.run is None:
                self.run, self.run_parts, self.run_bold = el, [], False
        elif tag == W_P:
            if self.para is None:
                self._start_paragraph(el)
        elif tag == W_TBL:
            raised = not self._start_table(el)
        elif tag == W_TR and self.tables and el.getparent() is self.tables[-1].el:
            self._start_row(self.tables[-1], el)
        elif tag == W_TC and self.tables:
            table = self.tables[-1]
            if table.row is not None and el.getparent() is table.row:
                if not table.row_cells:  # the row's properties are read by now
                    props = table.row.find(W_TRPR)
                    before = props.find(W_GRIDBEFORE) if props is not None else None
                    if before is not None:
                        table.grid_before = table.col = self._number(before.get(W_VAL), 0)
                table.cell = _Cell(el)
        if raised:
            self.ignore += 1
        self.stack.append(raised)

    def _start_paragraph(self, el) -> None:
        place = self._container(el)
        if place is None:
            return
        body, cell = place
        if cell is not None:
            self.n_cell_pars += 1
            if self.n_cell_pars > MAX_CELL_PARAGRAPHS:
                raise _Refused(
                    f"hơn {format_int(MAX_CELL_PARAGRAPHS)} đoạn văn trong các bảng",
                    f"more than {MAX_CELL_PARAGRAPHS:,} paragraphs in its tables",
                )
            if len(cell.paragraphs) >= MAX_PARAGRAPHS_IN_A_CELL:
                raise _Refused(
                    f"{self.where().vi}: hơn {format_int(MAX_PARAGRAPHS_IN_A_CELL)} đoạn văn "
                    "trong một ô",
                    f"{self.where().en}: more than {MAX_PARAGRAPHS_IN_A_CELL:,} paragraphs in one cell",
                )
        where = None
        if body:
            self.n_par += 1
            if self.n_par > MAX_PARAGRAPHS:
                raise _Refused(
                    f"hơn {format_int(MAX_PARAGRAPHS)} đoạn văn",
                    f"more than {MAX_PARAGRAPHS:,} paragraphs",
                )
            where = Where.paragraph(self.n_par)
        self.para = _Para(el, where, body, cell)

    def _start_table(self, el) -> bool:
        place = self._container(el)
        if self.para is not None or place is None or not place[0]:
            return False  # a table in a text box, or in a cell of a table: not read
        self.tables.append(_Table(el, self._out(), (self.n_par, self.n_table)))
        return True

    def _start_row(self, table: _Table, el) -> None:
        self.n_rows += 1
        if self.n_rows > MAX_ROWS:
            raise _Refused(
                f"hơn {format_int(MAX_ROWS)} dòng trong các bảng",
                f"more than {MAX_ROWS:,} table rows",
            )
        if table.one_column is None:  # its grid is read by now
            grid = table.el.find(W_TBLGRID)
            table.one_column = grid is not None and len(grid.findall(W_GRIDCOL)) == 1
            if table.one_column:
                table.frame = []
            else:
                self.n_table += 1
                table.number = self.n_table
        elif table.frame is not None:
            self._not_a_frame(table)  # a second row: an ordinary table of one column
        table.n_rows += 1
        table.row, table.row_cells, table.col, table.grid_before = el, [], 0, 0

    def _not_a_frame(self, table: _Table) -> None:
        """What was read as the content of a one-cell table was an ordinary first row."""
        table.frame = None
        self.n_par, self.n_table = table.saved
        self.n_table += 1
        table.number = self.n_table

    def end(self, el) -> None:
        if self.stack.pop():
            self.ignore -= 1
            return
        if self.ignore:
            return
        tag = el.tag
        if tag in (W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NBH):
            if self.run is not None:
                self.run_parts.append(self._text_of(el, tag))
        elif tag == W_B:
            if self.run is not None:
                props = el.getparent()
                if props is not None and props.getparent() is self.run:
                    self.run_bold = el.get(W_VAL, "true").lower() not in FALSE
        elif tag == W_R and el is self.run:
            text = "".join(self.run_parts)
            para = self.para
            if para is not None:
                para.parts.append(text)
                if el.getparent() is para.el:
                    para.runs.append((text, self.run_bold))
            self.run = None
        elif tag == W_P and self.para is not None and el is self.para.el:
            self._end_paragraph()
        elif not self.tables:
            return
        elif tag in (W_GRIDSPAN, W_VMERGE):
            self._cell_property(self.tables[-1], el, tag)
        elif tag == W_TC and el is getattr(self.tables[-1].cell, "el", None):
            self._end_cell(self.tables[-1])
        elif tag == W_TR and el is self.tables[-1].row:
            self._end_row(self.tables[-1])
        elif tag == W_TBL and el is self.tables[-1].el:
            self._end_table(self.tables.pop())

    def _text_of(self, el, tag: str) -> str:
        if tag == W_T:
            if len(el):  # an entity reference (never resolved): the rest would be lost
                name = next((c.text for c in el if c.text), "?")
                raise _Refused(
                    f"{self.where().vi} có thực thể XML ({name}), Word không bao giờ viết thế",
                    f"{self.where().en} holds an XML entity ({name}), which Word never writes",
                )
            text = el.text or ""
        elif tag in (W_TAB, W_PTAB):
            text = "\t"
        elif tag == W_BR:
            text = "\n" if el.get(W_TYPE, "textWrapping") == "textWrapping" else ""
        elif tag == W_CR:
            text = "\n"
        else:
            text = "-"
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise _Refused("quá nhiều chữ", f"more than {MAX_CHARS:,} characters of text")
        return text

    def _end_paragraph(self) -> None:
        para = self.para
        assert para is not None
        text = "".join(para.parts)
        if para.body:
            bold = bool(para.runs) and all(b for t, b in para.runs if t.strip())
            self._out().append(Block(where=para.where, text=text, bold=bold))
        if para.cell is not None:
            para.cell.paragraphs.append(text)
        self.para = None

    def _cell_property(self, table: _Table, el, tag: str) -> None:
        props = el.getparent()
        owner = props.getparent() if props is not None else None
        if table.cell is None or owner is not table.cell.el:
            return
        value = el.get(W_VAL)
        if tag == W_GRIDSPAN:
            table.cell.span = max(self._number(value, 1), 1)
        else:
            table.cell.vmerge = value or "continue"

    def _number(self, value: str | None, default: int) -> int:
        try:
            n = int(value) if value is not None else default
        except ValueError:
            n = default
        if not 0 <= n <= MAX_COLUMNS:
            raise _Refused(
                f"{self.where().vi}: hơn {MAX_COLUMNS} cột",
                f"{self.where().en}: more than {MAX_COLUMNS} columns",
            )
        return n

    def _end_cell(self, table: _Table) -> None:
        cell = table.cell
        assert cell is not None
        if table.col + cell.span > MAX_COLUMNS:
            raise _Refused(
                f"{self.where().vi}: hơn {MAX_COLUMNS} cột",
                f"{self.where().en}: more than {MAX_COLUMNS} columns",
            )
        table.row_cells.append(cell)
        table.col += cell.span
        table.cell = None

    def _end_row(self, table: _Table) -> None:
        out: list[str] = []
        col = table.grid_before
        for cell in table.row_cells:
            text = PARAGRAPH.join(cell.paragraphs)
            if cell.vmerge == "continue" and col in table.tops:
                shown, span = table.tops[col]  # python-docx gives the cell the merge starts with
            else:
                shown, span = text, cell.span
                table.tops[col] = (text, cell.span)
            out.append(shown)
            out.extend([""] * (span - 1))
            col += cell.span
        table.rows.append(out)
        if table.frame is not None and len(table.row_cells) != 1:
            self._not_a_frame(table)  # one grid column, but not one cell
        table.row, table.row_cells = None, []

    def _end_table(self, table: _Table) -> None:
        if table.frame is not None and table.n_rows == 1:
            table.out.extend(table.frame)  # a one-cell table: what it holds, in its place
            return
        if table.one_column is None:  # no rows at all
            self.n_table += 1
            table.number = self.n_table
        table.out.append(Block(where=Where.table(table.number), rows=table.rows))


def _prune(root) -> None:
    """Drop every finished element: all but the last child of each element on the path of
    open ones (each was read at its end)."""
    node = root
    while node is not None and len(node):
        last = node[-1]
        if len(node) > 1:
            del node[:-1]
        node = last


def docx_blocks(path: str | Path) -> list[Block]:
    from lxml import etree

    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            name = _main_part(zf)
            try:
                info = zf.getinfo(name)
            except KeyError:
                raise _unreadable(path, "không có phần văn bản", "no document part") from None
            if info.file_size > MAX_PART_BYTES:
                raise _Refused(
                    f"phần văn bản giải nén ra {info.file_size / 2**20:.0f} MB, quá "
                    f"{MAX_PART_BYTES // 2**20} MB",
                    f"its document part unpacks to {info.file_size / 2**20:.0f} MB, more than "
                    f"{MAX_PART_BYTES // 2**20} MB",
                )
            reader = _Reader()
            parser = etree.XMLPullParser(
                events=("start", "end"),
                tag=TAGS,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            root = None
            tags = 0
            with zf.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    tags += chunk.count(b"<")
                    if tags > MAX_TAGS:
                        raise _Refused(
                            f"hơn {format_int(MAX_TAGS)} thẻ XML",
                            f"more than {MAX_TAGS:,} XML elements",
                        )
                    parser.feed(chunk)
                    for event, el in parser.read_events():
                        if root is None:
                            root = el.getroottree().getroot()
                            if root.tag != W_DOCUMENT:
                                raise _unreadable(
                                    path, "không có văn bản Word trong đó", "no Word document in it"
                                )
                        if event == "start":
                            reader.start(el)
                        else:
                            reader.end(el)
                    if root is not None:
                        _prune(root)
            parser.close()
            if root is None:
                raise _unreadable(path, "không có văn bản Word trong đó", "no Word document in it")
            return reader.blocks
    except _Refused as exc:
        raise KehoachError(
            f"Không nhập tệp Word {path}: {exc.vi}.", f"the Word file {path} is refused: {exc.en}"
        ) from None
    except zipfile.BadZipFile as exc:
        raise _damaged(path, str(exc) or "bad zip") from None
    except etree.XMLSyntaxError as exc:
        raise _damaged(path, f"XML: {exc}") from None
    except (zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise _damaged(path, exc.__class__.__name__) from None
