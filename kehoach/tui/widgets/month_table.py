"""The month table: every month's activities and subtotals, and its keys (VisiData-like).

A virtual table on Textual's line API: its rows come from `store.views.MonthTableRows`,
which knows the months' sizes and reads the activities of the rows on screen when they are
drawn, so opening the table and redrawing it after a change cost what is on screen, not the
size of the plan. After a reload only the lines whose text changed are redrawn.

Columns fit the width: the number columns (lớp, học viên, kinh phí) are always whole; text
columns shrink with "…", and those with no room left are shown for the row under the
cursor on a detail line under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kehoach.store.views import MONTH_TABLE_COLUMNS, Row

Cells = tuple[str, ...]


class RowSource(Protocol):
    """What the table reads its rows from (store.views.MonthTableRows)."""

    def __len__(self) -> int: ...
    def known_rows(self) -> list[Row]: ...
    def has(self, i: int) -> bool: ...
    def row(self, i: int) -> Row: ...
    def fetch(self, start: int, end: int) -> None: ...
    def month(self, i: int) -> int: ...
    def index(self, key: str) -> int | None: ...
    def first_index(self, month: int) -> int | None: ...
    def months(self) -> list[int]: ...


class _NoRows:
    """The table before its first load."""

    def __len__(self) -> int:
        return 0

    def known_rows(self) -> list[Row]:
        return []

    def index(self, key: str) -> int | None:
        return None


# column index: (natural width, narrowest it may be cut to); None: never cut (numbers)
MONTH, STT, CONTENT, TARGET, CLASSES, LEARNERS, BUDGET, PLACE, PARTNER, NOTE, HELD = range(11)
NUMBERS = (CLASSES, LEARNERS, BUDGET)
RIGHT_ALIGNED = {STT, CLASSES, LEARNERS, BUDGET}
WIDTHS = {MONTH: 5, STT: 3, CONTENT: 36, TARGET: 22, PLACE: 24, PARTNER: 22, NOTE: 8, HELD: 9}
MIN_WIDTHS = {CONTENT: 18, TARGET: 12, PLACE: 12, PARTNER: 12, NOTE: 7, HELD: 9}
# how the text columns take the room the numbers leave: the content and what became of the
# activity first; the columns with no room go to the detail line under the table
GROWTH = (
    (CONTENT, "min"),
    (HELD, "min"),
    (CONTENT, "grow"),
    (PLACE, "min"),
    (PLACE, "grow"),
    (TARGET, "min"),
    (TARGET, "grow"),
    (PARTNER, "min"),
    (PARTNER, "grow"),
    (NOTE, "min"),
    (NOTE, "grow"),
)
DETAIL_ORDER = (TARGET, PLACE, PARTNER, NOTE, HELD, CONTENT)
SEPARATOR = " "


@dataclass(frozen=True)
class Layout:
    """Which columns show, in table order, at which widths; and which are hidden."""

    columns: tuple[tuple[int, int], ...]  # (column, width)
    hidden: tuple[int, ...]


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with "…" when longer, padded when shorter."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - size)
    return pad + text if right else text + pad


def layout_for(width: int, number_widths: dict[int, int]) -> Layout:
    """The columns that fit in `width` cells. Numbers are always whole and shown; text
    columns take what is left in `GROWTH`'s order; what is left over widens the content."""
    widths: dict[int, int] = {MONTH: WIDTHS[MONTH], STT: WIDTHS[STT], **number_widths}
    used = sum(widths.values()) + len(SEPARATOR) * (len(widths) - 1)
    full = False  # once a column finds no room, the later ones wait on the detail line
    for col, step in GROWTH:
        if step == "min" and not full:
            if used + MIN_WIDTHS[col] + len(SEPARATOR) <= width:
                widths[col] = MIN_WIDTHS[col]
                used += MIN_WIDTHS[col] + len(SEPARATOR)
            else:
                full = True
        elif step == "grow" and col in widths:
            extra = max(0, min(WIDTHS[col] - widths[col], width - used))
            widths[col] += extra
            used += extra
    if CONTENT in widths and used < width:
        widths[CONTENT] += width - used  # long contents use a wide terminal
    shown = tuple((c, widths[c]) for c in range(len(MONTH_TABLE_COLUMNS)) if c in widths)
    hidden = tuple(c for c in DETAIL_ORDER if c not in widths)
    return Layout(shown, hidden)


class MonthTable(ScrollView, can_focus=True):
    """Rows are keyed "a:<activity id>" or "m:<month>"; the screen acts on the messages."""

    DEFAULT_CSS = """
    MonthTable {
        overflow-x: hidden;
        overflow-y: auto;
    }
    MonthTable > .month-table--header {
        text-style: bold;
    }
    MonthTable > .month-table--detail {
        text-style: italic;
    }
    MonthTable > .month-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """
    COMPONENT_CLASSES = {"month-table--header", "month-table--cursor", "month-table--detail"}

    BINDINGS = [
        # the cursor keys: no description, F1 names them in one line
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter,e", "request('edit')", "Sửa", id="months.edit"),
        Binding("a,insert", "request('add')", "Thêm", id="months.add"),
        Binding("d,delete", "request('delete')", "Xóa", id="months.delete"),
        Binding("ctrl+up,shift+up", "request('up')", "Lên", id="months.move_up", show=False),
        Binding(
            "ctrl+down,shift+down", "request('down')", "Xuống", id="months.move_down", show=False
        ),
        Binding(
            "less_than_sign",
            "request('prev_month')",
            "Sang tháng trước",
            id="months.to_prev",
            show=False,
        ),
        Binding(
            "greater_than_sign",
            "request('next_month')",
            "Sang tháng sau",
            id="months.to_next",
            show=False,
        ),
        Binding("y", "request('copy')", "Chép", id="months.copy", show=False),
        Binding("p", "request('paste')", "Dán", id="months.paste", show=False),
        Binding("g", "request('goto')", "Đến tháng", id="months.goto", show=False),
        Binding("left_square_bracket", "jump(-1)", "Tháng trước", id="months.prev", show=False),
        Binding("right_square_bracket", "jump(1)", "Tháng sau", id="months.next", show=False),
        Binding("h", "request('history')", "Lịch sử", id="months.history", show=False),
        Binding("t", "request('held')", "Ghi kết quả", id="months.held"),
        Binding(
            "f", "request('filter_programme')", "Lọc CT", id="months.filter_programme", show=False
        ),
        Binding(
            "v", "request('filter_village')", "Lọc thôn", id="months.filter_village", show=False
        ),
    ]

    class Request(Message):
        def __init__(self, table: MonthTable, what: str, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.what = what
            self.key = key

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: RowSource = _NoRows()
        self.cursor_row = 0
        self._number_widths = {CLASSES: 6, LEARNERS: 8, BUDGET: 9}
        self._layout: tuple[int, Layout] | None = None
        self._drawn: dict[int, str] = {}  # row index → the text last drawn for it

    # --- data ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def load(self, rows: RowSource, keep: str | None = None, *, other_rows: bool = False) -> None:
        """Show `rows` (a `store.views.MonthTableRows`: it reads the rows on screen when
        they are drawn). The cursor goes back to the row keyed `keep` if it is there, else
        stays at its place (the next row after a deletion) — or goes to the top when these
        are `other_rows` (another filter). Only the lines whose text changed are redrawn."""
        old_cursor, old_count, old_widths = self.cursor_row, len(self.rows), self._number_widths
        self.rows = rows
        self._number_widths = self._widths_of_numbers()
        row = rows.index(keep) if keep is not None else None
        if row is None:
            row = 0 if other_rows else min(self.cursor_row, max(0, len(rows) - 1))
        self.cursor_row = row
        if self._number_widths != old_widths:
            self._layout = None
        self._set_virtual_size()
        if self._scroll_to_cursor() or self._number_widths != old_widths:
            self._drawn.clear()
            self.refresh()
        else:
            self._refresh_changed(max(old_count, len(rows)), old_cursor)

    def _set_virtual_size(self) -> None:
        self.virtual_size = Size(0, len(self.rows) + 1 + self._detail_lines())

    def _widths_of_numbers(self) -> dict[int, int]:
        known = self.rows.known_rows()
        widths = {}
        for col in NUMBERS:
            longest = max((len(r.cells[col]) for r in known), default=0)
            widths[col] = max(len(MONTH_TABLE_COLUMNS[col]), longest, 7 if col == BUDGET else 0)
        return widths

    def row_cells(self, row: int) -> Cells:
        """The cells of row `row` (read with the other rows on screen if not read yet)."""
        if not self.rows.has(row):
            top, shown = int(self.scroll_offset.y), self._rows_shown()
            if top <= row < top + shown:
                self.rows.fetch(top, top + shown)
            else:  # the view is about to scroll to it, up or down
                self.rows.fetch(row - shown, row + shown)
        return self.rows.row(row).cells

    # --- drawing -------------------------------------------------------------------------

    @property
    def columns_layout(self) -> Layout:
        width = self.scrollable_content_region.width
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, layout_for(width, self._number_widths))
            self._drawn.clear()
        return self._layout[1]

    def line_text(self, cells: Sequence[str]) -> str:
        return SEPARATOR.join(
            fit(cells[col], width, col in RIGHT_ALIGNED)
            for col, width in self.columns_layout.columns
        )

    def header_text(self) -> str:
        return self.line_text(MONTH_TABLE_COLUMNS)

    def row_text(self, row: int) -> str:
        return self.line_text(self.row_cells(row))

    def _detail_lines(self) -> int:
        return 1 if self.columns_layout.hidden else 0

    def _rows_shown(self) -> int:
        return max(1, self.size.height - 1 - self._detail_lines())

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            style = self.get_component_rich_style("month-table--header")
            return Strip([Segment(fit(self.header_text(), width), style)], width)
        if self._detail_lines() and y == self.size.height - 1:
            style = self.get_component_rich_style("month-table--detail")
            return Strip([Segment(fit(self.hidden_detail(), width), style)], width)
        row = int(self.scroll_offset.y) + y - 1
        if row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        text = self.row_text(row)
        self._drawn[row] = text
        if row == self.cursor_row:
            style = self.get_component_rich_style("month-table--cursor")
        else:
            style = self.rich_style
        return Strip([Segment(fit(text, width), style)], width)

    def _refresh_row(self, row: int) -> None:
        top = int(self.scroll_offset.y)
        if top <= row < top + self._rows_shown():
            self.refresh_line(row + 1)  # a virtual line: the header is line 0

    def _refresh_detail(self) -> None:
        if self._detail_lines():
            self.refresh_line(int(self.scroll_offset.y) + self.size.height - 1)

    def _refresh_changed(self, rows: int, old_cursor: int) -> None:
        """Redraw the lines whose text is no longer what was drawn (and the cursor's)."""
        drawn, self._drawn = self._drawn, {}
        top = int(self.scroll_offset.y)
        for row in range(top, min(rows, top + self._rows_shown())):
            text = self.row_text(row) if row < len(self.rows) else None
            if drawn.get(row) != text or row in (old_cursor, self.cursor_row):
                self._refresh_row(row)
            elif text is not None:
                self._drawn[row] = text
        self._refresh_detail()

    # --- the cursor ----------------------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        if not len(self.rows):
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor_row:
            self._scroll_to_cursor()
            return
        old, self.cursor_row = self.cursor_row, row
        if not self._scroll_to_cursor():
            self._refresh_row(old)
            self._refresh_row(row)
            self._refresh_detail()

    def _scroll_to_cursor(self) -> bool:
        """Scroll so that the cursor's row shows; True when the view moved."""
        top = int(self.scroll_offset.y)
        rows = self._rows_shown()
        if self.cursor_row < top:
            new = self.cursor_row
        elif self.cursor_row >= top + rows:
            new = self.cursor_row - rows + 1
        else:
            return False
        self.scroll_to(y=new, animate=False, immediate=True)
        return True

    def on_resize(self) -> None:
        self._layout = None
        self._set_virtual_size()
        self._scroll_to_cursor()
        self.refresh()

    def on_click(self, event) -> None:
        if 1 <= event.y <= self._rows_shown():
            self.move_cursor(row=int(self.scroll_offset.y) + event.y - 1)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step * self._rows_shown())

    def action_edge(self, step: int) -> None:
        self.move_cursor(row=0 if step < 0 else len(self.rows) - 1)

    def go_to_key(self, key: str) -> bool:
        index = self.rows.index(key)
        if index is None:  # the row is gone (deleted, filtered out)
            return False
        self.move_cursor(row=index)
        return True

    def key_at(self, row: int) -> str:
        self.row_cells(row)  # read with the rows around it
        return self.rows.row(row).key

    def to_nearest_activity(self) -> None:
        """From a month's subtotal (where a deleted row leaves the cursor) to the nearest
        activity: the row above it in the same month, else the next activity, else the
        previous one. On an activity it stays."""
        count, here = len(self.rows), self.cursor_row
        if not count or self.key_at(here).startswith("a:"):
            return
        month = self.rows.month(here)
        candidates = [here - 1] if here and self.rows.month(here - 1) == month else []
        candidates += [*range(here + 1, count), *range(here - 1, -1, -1)]
        for row in candidates:
            if self.key_at(row).startswith("a:"):
                self.move_cursor(row=row)
                return

    def go_to_month(self, month: int) -> bool:
        """To the month's first row, the month shown from its top."""
        index = self.rows.first_index(month)
        if index is None:
            return False
        self.move_cursor(row=index)
        top = min(index, max(0, len(self.rows) - self._rows_shown()))
        if int(self.scroll_offset.y) != top:
            self.scroll_to(y=top, animate=False, immediate=True)
        return True

    @property
    def current_key(self) -> str | None:
        if not len(self.rows):
            return None
        self.row_cells(self.cursor_row)  # read with the rows on screen
        return self.rows.row(self.cursor_row).key

    @property
    def current_month(self) -> int | None:
        if not len(self.rows):
            return None
        return self.rows.month(self.cursor_row)

    def hidden_detail(self) -> str:
        """The hidden columns of the row under the cursor, "Label: value · …"."""
        if not len(self.rows) or not self.columns_layout.hidden:
            return ""
        cells = self.row_cells(self.cursor_row)
        return " · ".join(
            f"{MONTH_TABLE_COLUMNS[c]}: {cells[c]}" for c in self.columns_layout.hidden if cells[c]
        )

    # --- requests to the screen ----------------------------------------------------------

    _waiting = False

    def action_request(self, what: str) -> None:
        # Keys typed ahead (a burst over SSH) while a request is being answered — a form
        # opening, a question being asked — are dropped, not run as table commands:
        # "e" then "day" typed fast must not become edit, delete, add, copy.
        if self._waiting:
            return
        self._waiting = True
        self.post_message(self.Request(self, what, self.current_key))

    def request_done(self) -> None:
        self._waiting = False

    def action_jump(self, step: int) -> None:
        """To the first row of the previous or next month."""
        if not len(self.rows):
            return
        order = self.rows.months()
        i = order.index(self.current_month) + step
        if 0 <= i < len(order):
            self.go_to_month(order[i])
