"""F5 Phê duyệt: the plan's status, who approved it and when, and its history."""

from __future__ import annotations

from peewee import DoesNotExist, OperationalError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from kehoach.store import approval
from kehoach.store.checks import count_problems
from kehoach.store.errors import FieldProblem, KehoachError
from kehoach.store.views import approval_view

from ..widgets.dialogs import ConfirmDialog, PromptDialog
from ..widgets.fields_form import FieldsForm
from ..widgets.row_table import RowTable
from .base import PlanScreen

# (heading, width, gives way): at 80 columns the texts shrink, times and numbers stay whole
HISTORY_COLUMNS = (
    ("Thời gian", 16, False),
    ("Bản", 4, False),
    ("Việc", 18, True),
    ("Người", 10, True),
    ("Ghi chú", 40, True),
)
CHANGE_COLUMNS = (
    ("Thời gian", 16, False),
    ("Người", 10, True),
    ("Việc", 10, True),
    ("Ở đâu", 26, True),  # shown whole under the table
    # a date (10) and an amount like 18.005.000đ (11) stay whole at 80 columns
    ("Trước", 24, True, 11),
    ("Sau", 24, True, 11),
)


class ApprovalScreen(PlanScreen):
    BINDINGS = [
        Binding("s", "submit", "Trình duyệt", id="approval.submit"),
        Binding("p", "approve", "Ghi phê duyệt", id="approval.approve"),
        Binding("r", "return", "Trả lại", id="approval.return"),
        Binding("n", "amend", "Điều chỉnh", id="approval.amend"),
        Binding("slash", "search", "Tìm", id="approval.search", priority=True),
        Binding("escape", "clear_search", "Bỏ tìm", id="approval.clear_search", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static(id="approval-status")
        yield Static(Text("Trình, duyệt, trả lại, điều chỉnh:", style="bold"), classes="caption")
        yield RowTable(cursor_type="row", id="approval-history")
        yield Static(Text("Mọi thay đổi (mới nhất ở cuối):", style="bold"), classes="caption")
        yield RowTable(cursor_type="row", id="approval-changes")
        yield Static(id="approval-change-detail")
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one("#approval-history", RowTable)
        table.add_fitted_columns(HISTORY_COLUMNS)
        changes = self.query_one("#approval-changes", RowTable)
        changes.add_fitted_columns(CHANGE_COLUMNS)
        self.refresh_data()
        changes.focus()

    def refresh_data(self) -> None:
        plan = self.plan
        view = approval_view(plan)
        self.sub_title = f"Phê duyệt – năm {plan.year}"
        text = Text()
        text.append(f"Trạng thái: {view.status}", style="bold")
        text.append(f"   (bản {view.revision}; các bản: {view.revisions})\n")
        text.append(f"Cơ quan phê duyệt: {view.approver_heading}\n")
        text.append(f"Người ký: {view.approver}")
        if view.approved_on:
            text.append(f" · phê duyệt ngày {view.approved_on}")
        text.append("\n")
        text.append("s: trình duyệt · p: ghi phê duyệt · r: trả lại · n: lập bản điều chỉnh")
        self.query_one("#approval-status", Static).update(text)
        table = self.query_one("#approval-history", DataTable)
        table.clear()
        for cells in view.history:
            table.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        changes = self.query_one("#approval-changes", DataTable)
        changes.clear()
        self.change_cells = [cells for cells in view.changes if self.keep_row(cells)]
        for cells in self.change_cells:
            changes.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        if changes.row_count:
            changes.move_cursor(row=changes.row_count - 1)
        self._show_change()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "approval-changes":
            self._show_change()

    def _show_change(self) -> None:
        """The change under the cursor, whole (its columns give way at 80 columns)."""

        def say(cells: tuple[str, ...]) -> str:
            _at, user, action, where, before, after = cells
            return f"{where} ({action}, {user}): {before or '–'} → {after or '–'}"

        changes = self.query_one("#approval-changes", RowTable)
        self.show_detail(changes, "approval-change-detail", self.change_cells, say)

    def _do(self, func, *args, **kwargs) -> None:
        try:
            plan = func(*args, **kwargs)
        except (KehoachError, OperationalError, DoesNotExist) as exc:
            self.refused(exc)
            return
        self.kapp.set_plan(plan)
        self.refresh_data()

    def _refused_at_once(self, action: str) -> bool:
        """A step the plan's status does not allow is refused when its key is pressed,
        with the reason, before any question or form (nothing typed is lost)."""
        try:
            problem = approval.refusal(self.plan, action)
        except (KehoachError, OperationalError, DoesNotExist) as exc:
            self.refused(exc)
            return True
        if problem is not None:
            self.notify(str(problem), severity="error", timeout=8)
            return True
        return False

    def _errors_note(self) -> str | None:
        """ "Kế hoạch còn N lỗi …" when the checks find errors in the plan, else ""; None
        (said in a message) when the plan cannot be read (another session replaced it)."""
        try:
            errors, _warnings = count_problems(self.plan)
        except (KehoachError, OperationalError, DoesNotExist) as exc:
            self.refused(exc)
            return None
        return f"Kế hoạch còn {errors} lỗi (xem F7 Kiểm tra)." if errors else ""

    def action_submit(self) -> None:
        """Asks first (Enter: no); a plan with errors says how many."""

        def done(yes: bool | None) -> None:
            if yes:
                self._do(approval.submit, self.plan)

        if self._refused_at_once("submit"):
            return
        note = self._errors_note()
        if note is None:
            return
        question = "Trình duyệt kế hoạch? Sau khi trình, kế hoạch không sửa được nữa."
        if note:
            question = f"{note} Vẫn trình duyệt? Sau khi trình, kế hoạch không sửa được nữa."
        self.app.push_screen(ConfirmDialog(question), done)

    def action_approve(self) -> None:
        """A plan with errors asks first, saying how many (no by default); then the form."""
        if self._refused_at_once("approve"):
            return
        note = self._errors_note()
        if note is None:
            return
        if not note:
            self._approve_form()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._approve_form()

        self.app.push_screen(ConfirmDialog(f"{note} Vẫn ghi phê duyệt?"), answer)

    def _approve_form(self) -> None:
        view = approval_view(self.plan)
        when = approval.approval_date_default(self.plan, self.kapp.today())
        default = when.strftime("%d/%m/%Y") if when else ""

        def parse(values: dict[str, str]):
            from kehoach.store.vntext import ParseError, parse_date

            if not values["name"].strip():
                raise FieldProblem("name", "Chưa nhập tên người ký.")
            if not values["title"].strip():
                raise FieldProblem("title", "Chưa nhập chức vụ.")
            if not values["date"].strip():
                raise FieldProblem(
                    "date",
                    "Nhập ngày ghi trên văn bản phê duyệt (dd/mm/yyyy): kỳ kế hoạch đã hết, "
                    "không lấy ngày hôm nay.",
                )
            try:
                values["date"] = parse_date(values["date"])
            except ParseError as exc:
                raise FieldProblem("date", str(exc)) from None
            problem = approval.approval_date_problem(self.plan, values["date"], self.kapp.today())
            if problem is not None:
                raise FieldProblem("date", problem.vi)
            return values

        def done(values) -> None:
            if values is not None:
                self._do(
                    approval.approve,
                    self.plan,
                    name=values["name"],
                    title=values["title"],
                    authority=values["authority"].replace(" / ", "\n"),
                    heading=values["heading"].replace(" / ", "\n"),
                    date=values["date"],
                )

        self.app.push_screen(
            FieldsForm(
                "Ghi phê duyệt (dòng xuống hàng viết “ / ”)",
                [
                    ("heading", "Khối phê duyệt", view.approver_heading_raw.replace("\n", " / ")),
                    ("authority", "Thẩm quyền ký", view.approver_authority.replace("\n", " / ")),
                    ("title", "Chức vụ", view.approver_title),
                    ("name", "Họ tên", view.approver_name),
                    ("date", "Ngày phê duyệt", default),
                ],
                parse,
            ),
            done,
        )

    def action_return(self) -> None:
        if self._refused_at_once("return"):
            return

        def done(comment: str | None) -> None:
            if comment is not None:
                self._do(approval.return_plan, self.plan, comment)

        self.app.push_screen(PromptDialog("Ý kiến khi trả lại:"), done)

    def action_amend(self) -> None:
        if self._refused_at_once("amend"):
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._do(approval.amend, self.plan)

        self.app.push_screen(
            ConfirmDialog("Lập bản điều chỉnh? Bản đã duyệt được giữ nguyên để đối chiếu."), done
        )
