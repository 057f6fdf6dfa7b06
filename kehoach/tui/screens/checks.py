"""F7 Kiểm tra: the problems found in the plan; enter jumps to where each one is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kehoach.store.checks import SEVERITY_LABELS, Problem, check_plan, split_counts

from ..widgets.row_table import RowTable
from .base import PlanScreen


class ChecksScreen(PlanScreen):
    BINDINGS = [
        Binding("enter", "jump", "Đến chỗ sai", id="checks.jump"),
        Binding("r", "refresh", "Kiểm tra lại", id="checks.refresh"),
        Binding("slash", "search", "Tìm", id="checks.search", priority=True),
        Binding("escape", "clear_search", "Bỏ tìm", id="checks.clear_search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static(id="checks-summary")
        yield RowTable(cursor_type="row", id="checks-table")
        yield Static(id="checks-detail")
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        # the message gives way at 80 columns: the pane under the table shows it whole
        table.add_fitted_columns((("Mức", 8, False), ("Ở đâu", 28, False), ("Vấn đề", 80, True)))
        self.refresh_data()
        table.focus()

    def refresh_data(self) -> None:
        self.sub_title = f"Kiểm tra – năm {self.plan.year}"
        everything = check_plan(self.plan)
        errors, warnings = split_counts(everything)
        self.problems = [p for p in everything if self.keep_row((p.where, p.message, p.code))]
        self.query_one("#checks-summary", Static).update(
            Text(f"{errors} lỗi, {warnings} cảnh báo. Enter: đến chỗ sai.", style="bold")
            if everything
            else Text("Không thấy vấn đề nào.")
        )
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for p in self.problems:
            table.add_row(
                Text(SEVERITY_LABELS[p.severity], style="bold" if p.is_error else ""),
                Text(p.where, no_wrap=True, overflow="ellipsis"),
                Text(p.message, no_wrap=True, overflow="ellipsis"),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.show_detail(
            self.query_one(DataTable),
            "checks-detail",
            self.problems,
            lambda p: f"{p.where}: {p.message}",
        )

    def action_refresh(self) -> None:
        self.refresh_data()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        table = self.query_one(DataTable)
        if not self.problems:
            return
        self.kapp.jump_to(self.problems[table.cursor_row].target)
