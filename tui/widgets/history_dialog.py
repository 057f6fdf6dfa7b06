"""An activity's history (F3, h): every change to it, who and when, before and after."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

COLUMNS = (("Thời gian", 16), ("Người", 10), ("Việc", 6), ("Ô", 18), ("Trước", 22), ("Sau", 22))


class HistoryDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    HistoryDialog { align: center middle; }
    HistoryDialog > Vertical { width: 95%; height: 80%; border: round $accent; background: $surface; padding: 0 1; }
    HistoryDialog DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,h,q", "close", "Đóng", id="history.close")]

    def __init__(self, title: str, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.title_text} — Esc để đóng", style="bold"))
            yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(Text(label), width=width)
        for cells in self.rows:
            table.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        if not self.rows:
            table.add_row(Text("(chưa có thay đổi nào)"), *[Text("")] * (len(COLUMNS) - 1))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
