"""F8 Trung tâm: every centre's plan for a period, for a province or a commune office that
keeps several centres — sortable, searchable without diacritics; Enter opens one on F2."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kehoach.store.centres import (
    CENTRE_COLUMNS,
    SORTS,
    CentreRow,
    CentresView,
    centre_cells,
    centre_detail,
    centres_total_line,
    centres_view,
    sort_rows,
)
from kehoach.store.errors import KehoachError
from kehoach.store.totals import Totals

from .base import PlanScreen

NUMERIC = {2, 3, 4, 5, 6}


class CentresTable(DataTable):
    """The list of centres; its Enter (Textual's, hidden) is named on the key bar."""

    BINDINGS = [Binding("enter", "select_cursor", "Mở", id="centres.open_row")]


class CentresScreen(PlanScreen):
    # the title bar says what the list is, not the commune of the plan last opened
    APP_TITLE = "kehoach"
    BINDINGS = [
        Binding("enter", "open", "Mở", id="centres.open"),
        Binding("s", "sort", "Sắp xếp", id="centres.sort"),
        Binding("left_square_bracket", "year(-1)", "Năm trước", id="centres.prev_year"),
        Binding("right_square_bracket", "year(1)", "Năm sau", id="centres.next_year"),
        Binding("x", "summary", "Xuất tổng hợp", id="centres.summary"),
        Binding("slash", "search", "Tìm", id="centres.search", priority=True),
        Binding("escape", "clear_search", "Bỏ tìm", id="centres.clear_search", show=False),
    ]
    DEFAULT_CSS = """
    CentresScreen #centres-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.sort = 0
        self.view = CentresView(None, [], [], Totals(), 0, 0)
        self.rows: list[CentreRow] = []

    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static(id="centres-status")
        yield CentresTable(cursor_type="row", id="centres-table")
        yield Static(id="centres-detail")
        yield Static(id="centres-total")
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for i, (label, width) in enumerate(CENTRE_COLUMNS):
            table.add_column(Text(label, justify="right" if i in NUMERIC else "left"), width=width)
        if self.kapp.plan_id is not None:
            self.year = self.plan.year
        self.refresh_data()
        table.focus()

    def refresh_data(self) -> None:
        view = centres_view(self.year)
        self.view = view
        self.year = view.year
        self.sub_title = f"Các trung tâm – năm {view.year}" if view.year else "Các trung tâm"
        self.rows = [
            r for r in sort_rows(view.rows, self.sort) if self.keep_row(centre_cells(r)[:2])
        ]
        status = Text()
        status.append(f"Năm {view.year}: {len(view.rows)} trung tâm", style="bold")
        status.append(
            f" · {len(view.with_errors)} có lỗi · {len(view.not_approved)} chưa duyệt"
            f" · xếp theo {SORTS[self.sort][0]}"
        )
        self.query_one("#centres-status", Static).update(status)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.rows:
            cells = centre_cells(r)
            table.add_row(
                *[
                    Text(
                        c,
                        no_wrap=True,
                        overflow="ellipsis",
                        justify="right" if i in NUMERIC else "left",
                        style="bold" if i == 7 and r.errors else "",
                    )
                    for i, c in enumerate(cells)
                ]
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#centres-total", Static).update(
            Text(centres_total_line(view), style="bold")
        )
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        self.show_detail(self.query_one(DataTable), "centres-detail", self.rows, centre_detail)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows:
            return
        self.kapp.open_plan(self.rows[table.cursor_row].plan_id)
        self.kapp.switch_mode("overview")

    def action_sort(self) -> None:
        self.sort = (self.sort + 1) % len(SORTS)
        self.refresh_data()
        self.notify(f"Xếp theo {SORTS[self.sort][0]}.")

    def action_year(self, step: int) -> None:
        years = self.view.years
        if self.year not in years:
            return
        i = years.index(self.year) - step  # newest first
        if 0 <= i < len(years):
            self.year = years[i]
            self.refresh_data()
        else:
            self.notify("Không còn năm nào nữa.", severity="warning")

    def action_summary(self) -> None:
        from kehoach.export.files import default_export_dir, ensure_export_dir, write_atomic
        from kehoach.export.province import default_summary_name, summary_docx_bytes

        if self.view.year is None:
            return
        try:
            ensure_export_dir()
            data = summary_docx_bytes(self.view)
            path = write_atomic(
                default_export_dir() / default_summary_name(self.view.year, "summary-docx"),
                lambda fh: fh.write(data),
            )
        except KehoachError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.notify(f"Đã xuất bản tổng hợp: {path}", timeout=8)
