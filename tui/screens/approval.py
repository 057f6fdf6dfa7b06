"""F5 Phê duyệt: the plan's status, who approved it and when, and its history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from store import approval
from store.errors import FieldProblem, KehoachError
from store.views import approval_view

from ..widgets.dialogs import ConfirmDialog, PromptDialog
from ..widgets.fields_form import FieldsForm
from ..widgets.row_table import RowTable
from .base import PlanScreen

HISTORY_COLUMNS = (("Thời gian", 16), ("Bản", 4), ("Việc", 18), ("Người", 10), ("Ghi chú", 40))
CHANGE_COLUMNS = (
    ("Thời gian", 16),
    ("Người", 10),
    ("Việc", 10),
    ("Ở đâu", 26),
    ("Trước", 24),
    ("Sau", 24),
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
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        table = self.query_one("#approval-history", DataTable)
        for label, width in HISTORY_COLUMNS:
            table.add_column(Text(label), width=width)
        changes = self.query_one("#approval-changes", DataTable)
        for label, width in CHANGE_COLUMNS:
            changes.add_column(Text(label), width=width)
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
        text.append(f"Người ký: {view.approver}\n")
        text.append("s: trình duyệt · p: ghi phê duyệt · r: trả lại · n: lập bản điều chỉnh")
        self.query_one("#approval-status", Static).update(text)
        table = self.query_one("#approval-history", DataTable)
        table.clear()
        for cells in view.history:
            table.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        changes = self.query_one("#approval-changes", DataTable)
        changes.clear()
        for cells in view.changes:
            if not self.keep_row(cells):
                continue
            changes.add_row(*[Text(c, no_wrap=True, overflow="ellipsis") for c in cells])
        if changes.row_count:
            changes.move_cursor(row=changes.row_count - 1)

    def _do(self, func, *args, **kwargs) -> None:
        try:
            plan = func(*args, **kwargs)
        except KehoachError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.kapp.set_plan(plan)
        self.refresh_data()

    def action_submit(self) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self._do(approval.submit, self.plan)

        self.app.push_screen(
            ConfirmDialog("Trình duyệt kế hoạch? Sau khi trình, kế hoạch không sửa được nữa."), done
        )

    def action_approve(self) -> None:
        view = approval_view(self.plan)

        def parse(values: dict[str, str]):
            from store.vntext import ParseError, parse_date

            if not values["name"].strip():
                raise FieldProblem("name", "Chưa nhập tên người ký.")
            if not values["title"].strip():
                raise FieldProblem("title", "Chưa nhập chức vụ.")
            try:
                values["date"] = parse_date(values["date"])
            except ParseError as exc:
                raise FieldProblem("date", str(exc)) from None
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
                    ("date", "Ngày phê duyệt", view.today),
                ],
                parse,
            ),
            done,
        )

    def action_return(self) -> None:
        def done(comment: str | None) -> None:
            if comment is not None:
                self._do(approval.return_plan, self.plan, comment)

        self.app.push_screen(PromptDialog("Ý kiến khi trả lại:"), done)

    def action_amend(self) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self._do(approval.amend, self.plan)

        self.app.push_screen(
            ConfirmDialog("Lập bản điều chỉnh? Bản đã duyệt được giữ nguyên để đối chiếu."), done
        )
