"""F4 Khảo sát: the learning-needs survey per programme, with the plan's coverage beside."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kehoach.store import editing
from kehoach.store.errors import FieldProblem, KehoachError
from kehoach.store.programmes import add_programme, remove_programme
from kehoach.store.views import programme_choices, survey_line_values, survey_rows

from ..widgets.dialogs import ChoiceDialog, ConfirmDialog
from ..widgets.line_form import LineForm
from ..widgets.row_table import RowTable
from .base import PlanScreen

# (heading, width, gives way): at 80 columns the wording shrinks, the numbers stay whole
COLUMNS = (
    ("CT", 6, False),
    ("Nội dung khảo sát (như trong văn bản)", 42, True),
    ("Chuyên đề", 9, False),
    ("KH có", 5, False),
    ("Lượt người", 10, False),
    ("KH có", 5, False),
    ("", 2, False),
)
NUMBERS = (("topics", "Số chuyên đề"), ("people", "Số lượt người"))


class SurveyScreen(PlanScreen):
    CHANGE_KEYS = frozenset(
        {"survey.edit", "survey.add", "survey.delete"}
        | {"survey.add_programme", "survey.remove_programme"}
    )
    BINDINGS = [
        Binding("enter,e", "edit", "Sửa", id="survey.edit"),
        Binding("a,insert", "add", "Thêm dòng", id="survey.add"),
        Binding("d,delete", "delete", "Xóa dòng", id="survey.delete"),
        Binding("c", "add_programme", "Thêm chương trình", id="survey.add_programme"),
        Binding("x", "remove_programme", "Bỏ chương trình", id="survey.remove_programme"),
        Binding("slash", "search", "Tìm", id="survey.search", priority=True),
        Binding("escape", "clear_search", "Bỏ tìm", id="survey.clear_search", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static(
            Text("Khảo sát nhu cầu học tập; “KH có” là số trong bảng các tháng. ≠: khác nhau."),
            id="survey-help",
        )
        yield RowTable(cursor_type="row", id="survey-table")
        yield Static(id="survey-detail")
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.add_fitted_columns(COLUMNS)
        self.refresh_data()
        table.focus()

    def refresh_data(self) -> None:
        plan = self.plan
        self.sub_title = f"Khảo sát – năm {plan.year}"
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.row_cells: list[tuple[str, ...]] = []
        for line_id, cells in survey_rows(plan):
            if not self.keep_row(cells):
                continue
            self.row_cells.append(tuple(cells))
            style = "bold reverse" if cells[-1] else ""
            table.add_row(
                *[
                    Text(
                        c,
                        no_wrap=True,
                        overflow="ellipsis",
                        justify="right" if 2 <= i <= 5 else "left",
                        style=style,
                    )
                    for i, c in enumerate(cells)
                ],
                key=str(line_id),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The wording of the row under the cursor, whole (the column may cut it)."""
        self.show_detail(
            self.query_one(RowTable), "survey-detail", self.row_cells, lambda c: f"{c[0]}: {c[1]}"
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()  # the table takes Enter itself

    def _current(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _programmes(self) -> list[tuple[int, str]]:
        return [(pid, f"{code} – {name}") for pid, code, name in programme_choices(self.plan)]

    def action_edit(self) -> None:
        if not self.plan_editable():
            return
        line_id = self._current()
        if line_id is None:
            self.action_add()
            return

        version = self.plan.version

        def done(values) -> None:
            if values is not None:
                self.run_change(
                    editing.save_line,
                    self.plan,
                    "survey",
                    values,
                    line_id,
                    expected_version=version,
                )

        self.app.push_screen(
            LineForm("Sửa dòng khảo sát", survey_line_values(line_id), self._programmes(), NUMBERS),
            done,
        )

    def action_add(self) -> None:
        if not self.plan_editable():
            return
        version = self.plan.version

        def done(values) -> None:
            if values is not None:
                self.run_change(
                    editing.save_line, self.plan, "survey", values, expected_version=version
                )

        self.app.push_screen(LineForm("Thêm dòng khảo sát", {}, self._programmes(), NUMBERS), done)

    def action_delete(self) -> None:
        if not self.plan_editable():
            return
        line_id = self._current()
        if line_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.run_change(editing.delete_line, self.plan, "survey", line_id)

        self.app.push_screen(ConfirmDialog("Xóa dòng khảo sát này?"), done)

    def action_add_programme(self) -> None:
        from ..widgets.fields_form import FieldsForm

        if not self.plan_editable():
            return

        def parse(values: dict[str, str]) -> str:
            code = values["programme_code"].strip()
            try:
                add_programme(self.plan, code, values["programme_name"].strip())
            except FieldProblem:
                raise
            except KehoachError as exc:
                raise FieldProblem("programme_code", str(exc)) from None
            return code.upper()

        def done(code: str | None) -> None:
            if code:
                self.notify(f"Đã thêm chương trình {code}.")
                self.refresh_data()

        self.app.push_screen(
            FieldsForm(
                "Thêm chương trình",
                [
                    ("programme_code", "Mã (ví dụ TH)", ""),
                    ("programme_name", "Tên (ví dụ Tin học)", ""),
                ],
                parse,
            ),
            done,
        )

    def action_remove_programme(self) -> None:
        if not self.plan_editable():
            return
        options = [(code, f"{code} – {name}") for _, code, name in programme_choices(self.plan)]

        def done(code: str | None) -> None:
            if not code:
                return
            try:
                remove_programme(self.plan, code)
            except KehoachError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(f"Đã bỏ chương trình {code}.")
            self.refresh_data()

        self.app.push_screen(ChoiceDialog("Bỏ chương trình nào?", options), done)
