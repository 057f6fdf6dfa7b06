"""The month table: every month's activities and subtotals, and its keys (VisiData-like)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from store.views import MONTH_TABLE_COLUMNS, Row

COLUMN_WIDTHS = (5, 3, 36, 22, 6, 8, 10, 24, 22, 8, 14)
RIGHT_ALIGNED = {4, 5, 6}


def cell(text: str, column: int, total: bool = False) -> Text:
    """Data shown as text, never parsed as markup; long text cut with an ellipsis."""
    return Text(
        text,
        no_wrap=True,
        overflow="ellipsis",
        justify="right" if column in RIGHT_ALIGNED else "left",
        style="",  # subtotal rows say "Cộng tháng …"; bold would cost bytes on each move
    )


class MonthTable(DataTable):
    """Rows are keyed "a:<activity id>" or "m:<month>"; the screen acts on the messages."""

    BINDINGS = [
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
        super().__init__(cursor_type="row", fixed_columns=2, **kwargs)
        self.months: list[int] = []  # month of each row

    def on_mount(self) -> None:
        for label, width in zip(MONTH_TABLE_COLUMNS, COLUMN_WIDTHS, strict=True):
            self.add_column(Text(label), width=width)

    def load(self, rows: list[Row], keep: str | None = None) -> None:
        """Fill with `rows`; the cursor goes back to the row keyed `keep` if it is there."""
        self.clear()
        self.months = []
        for row in rows:
            self.add_row(*[cell(c, i, row.is_total) for i, c in enumerate(row.cells)], key=row.key)
            self.months.append(row.month)
        if keep is not None:
            self.go_to_key(keep)

    def go_to_key(self, key: str) -> bool:
        try:
            index = self.get_row_index(key)
        except Exception:  # the row is gone (deleted, filtered out)
            return False
        self.move_cursor(row=index)
        return True

    def go_to_month(self, month: int) -> bool:
        if month in self.months:
            self.move_cursor(row=self.months.index(month))
            return True
        return False

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    @property
    def current_month(self) -> int | None:
        if not self.row_count:
            return None
        return self.months[self.cursor_row]

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
        if not self.months:
            return
        current = self.current_month
        order = list(dict.fromkeys(self.months))
        i = order.index(current) + step
        if 0 <= i < len(order):
            self.go_to_month(order[i])
