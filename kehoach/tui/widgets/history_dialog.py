"""An activity's history (F3, h): every change to it, who and when, before and after."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from .row_table import RowTable

# (heading, width, gives way): at 80 columns the texts shrink, the time stays whole; the
# line under the table shows the cursor's row whole
COLUMNS = (
    ("Thời gian", 16, False),
    ("Người", 10, True),
    ("Việc", 6, False),
    ("Ô", 18, True),
    ("Trước", 22, True),
    ("Sau", 22, True),
)


class HistoryDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    HistoryDialog { align: center middle; }
    HistoryDialog > Vertical { width: 95%; height: 80%; border: round $accent; background: $surface; padding: 0 1; }
    HistoryDialog DataTable { height: 1fr; }
    HistoryDialog #history-detail { height: auto; max-height: 6; border-top: solid $primary; }
    """
    BINDINGS = [Binding("escape,h,q", "close", "Đóng", id="history.close")]

    def __init__(self, title: str, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.title_text} — Esc để đóng", style="bold"))
            yield RowTable(cursor_type="row")
            yield Static(id="history-detail")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_fitted_columns(COLUMNS)
        for cells in self.rows:
            table.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        if not self.rows:
            self.query_one("#history-detail", Static).update(Text("(chưa có thay đổi nào)"))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not self.rows or event.cursor_row >= len(self.rows):
            return
        at, user, action, what, before, after = self.rows[event.cursor_row]
        self.query_one("#history-detail", Static).update(
            Text(f"{at} · {user} · {action} {what}\nTrước: {before}\nSau: {after}")
        )

    def action_close(self) -> None:
        self.dismiss(None)
