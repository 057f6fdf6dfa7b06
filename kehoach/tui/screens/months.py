"""F3 Kế hoạch tháng: every month of the period, its activities and subtotals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import DoesNotExist, OperationalError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from kehoach.store import editing
from kehoach.store.errors import KehoachError
from kehoach.store.views import (
    MonthTableRows,
    activity_history,
    month_choices,
    neighbour_month,
    place_suggestions,
    programme_choices,
    village_names,
)

from ..widgets.month_table import CLASSES, CONTENT, MonthTable
from .base import PlanScreen

if TYPE_CHECKING:
    from ..widgets.activity_form import ActivityForm, FormResult

# The forms and dialogs are imported when first opened: the table shows sooner, lighter.


class MonthsScreen(PlanScreen):
    CHANGE_KEYS = frozenset({"months.edit", "months.add", "months.delete"})
    BINDINGS = [
        # a priority binding acts at once, before keys typed right after it reach the table
        # (a burst over SSH): "/don uy" must search, not delete ("d") and copy ("y")
        Binding("slash", "search", "Tìm", id="months.search", priority=True),
        Binding("escape", "clear_filters", "Bỏ lọc", id="months.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.programme_filter: str | None = None
        self.village_filter: str | None = None
        self._filters_shown: str | None = None

    def compose(self) -> ComposeResult:
        yield self.header()
        yield Static(id="filters")
        yield MonthTable(id="month-table")
        yield self.search_bar()
        yield self.footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(MonthTable).focus()

    @property
    def table(self) -> MonthTable:
        return self.query_one(MonthTable)

    def focus_table(self) -> None:
        self.table.focus()

    def refresh_data(self, keep: str | None = None) -> None:
        plan = self.plan
        self.sub_title = f"Kế hoạch tháng – năm {plan.year}"
        table = self.table
        keep = keep or table.current_key
        rows = MonthTableRows(
            plan,
            programme=self.programme_filter,
            village=self.village_filter,
            query=self.table_query or None,
        )
        filters = self._filters()
        table.load(rows, keep=keep, other_rows=filters != self._filters_shown)
        if filters != self._filters_shown:  # an unchanged bar costs a layout and a repaint
            self._filters_shown = filters
            bar = self.query_one("#filters", Static)
            bar.display = bool(filters)
            bar.update(Text(filters))

    def _filters(self) -> str:
        """The filter bar's text ("" without a filter)."""
        parts = []
        if self.programme_filter:
            parts.append(f"chương trình {self.programme_filter}")
        if self.village_filter:
            parts.append(f"thôn {self.village_filter}")
        if self.table_query:
            parts.append(f"tìm “{self.table_query}”")
        return "Đang lọc: " + ", ".join(parts) + " — Esc bỏ lọc" if parts else ""

    # --- the table's requests --------------------------------------------------------

    # what changes the plan: refused at once on a submitted or approved plan, before any
    # form opens (typed work would be lost at ctrl+s)
    CHANGES = frozenset(
        {"edit", "add", "delete", "up", "down", "prev_month", "next_month", "paste"}
    )

    def on_month_table_request(self, message: MonthTable.Request) -> None:
        handler = getattr(self, f"_do_{message.what}")
        try:
            if message.what in self.CHANGES and not self.plan_editable():
                return
            handler(message.key)
        except (KehoachError, OperationalError, DoesNotExist) as exc:
            self.refused(exc)  # e.g. the row another session deleted: a message, no crash
        finally:
            # the table takes commands again once what the request opened is on screen
            self.call_after_refresh(message.table.request_done)

    def _activity_id(self, key: str | None, doing: str = "") -> int | None:
        """The activity of a row's key; on a month's subtotal row None, and when `doing`
        names what was asked, one message saying why nothing happens."""
        if key and key.startswith("a:"):
            return int(key[2:])
        if doing and key and key.startswith("m:"):
            add = " (a: thêm hoạt động vào tháng này)" if doing == "sửa" else ""
            index = self.table.rows.index(key)
            cells = self.table.row_cells(index) if index is not None else None
            if cells and not cells[CLASSES]:
                # a month with no activity: its line says so ("Tháng 2/2024: chưa có hoạt
                # động"), and no "Cộng tháng" is on screen
                self.notify(
                    f"{cells[CONTENT]}, không có gì để {doing} (a: thêm hoạt động vào tháng này).",
                    severity="warning",
                )
                return None
            self.notify(
                f"Dòng “Cộng tháng” là tổng của tháng, không {doing} được: "
                f"chọn một dòng hoạt động{add}.",
                severity="warning",
            )
        return None

    def _form(self, title: str, values: dict, focus: str | None = None) -> ActivityForm:
        from ..widgets.activity_form import ActivityForm

        plan = self.plan
        months = month_choices(plan)
        programmes = [(pid, f"{code} – {name}") for pid, code, name in programme_choices(plan)]
        suggestions = {f: place_suggestions(plan, f) for f in ("target_group", "place", "partner")}
        return ActivityForm(title, values, months, programmes, suggestions, focus)

    def _do_edit(self, key: str | None, focus: str | None = None) -> None:
        # Enter on a month's subtotal does nothing but say so: the key bar says "Sửa", and a
        # form "Thêm" opened there was taken for the row just restored
        activity_id = self._activity_id(key, "sửa")
        if activity_id is None:
            return
        values = editing.activity_values(activity_id)
        version = values.pop("version")

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.table.go_to_key(f"a:{activity_id}")  # run_change redraws around it
            self.run_change(
                editing.update_activity, activity_id, result.values, expected_version=version
            )

        self.app.push_screen(self._form("Sửa hoạt động", values, focus), done)

    def show_change(self, change: editing.Change) -> None:
        """After an undo or a redo (the table redrawn): the cursor on the row it changed,
        or, when that row is gone, on the nearest activity."""
        activity_id = change.data.get("activity_id")
        if activity_id is None or not self.table.go_to_key(f"a:{activity_id}"):
            self.table.to_nearest_activity()

    def edit_field(self, activity_id: int, field: str) -> None:
        """Open the form on one field of an activity (the checks screen jumps here)."""
        self.table.go_to_key(f"a:{activity_id}")
        self._do_edit(f"a:{activity_id}", focus=field)

    def record_held_for(self, activity_id: int) -> None:
        """Open what was held of an activity (the checks screen jumps here)."""
        self.table.go_to_key(f"a:{activity_id}")
        self._do_held(f"a:{activity_id}")

    def _do_add(self, key: str | None, defaults: dict | None = None) -> None:
        month = self.table.current_month or self.plan.first_month
        values = {"month": month, **(defaults or {})}

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            change = self.run_change(editing.add_activity, self.plan, result.values)
            if change:
                new_key = f"a:{change.data['activity_id']}"
                self.table.go_to_key(new_key)
                if result.again:
                    self._do_add(
                        new_key,
                        {"month": result.values["month"], "programme": result.values["programme"]},
                    )

        self.app.push_screen(self._form("Thêm hoạt động", values), done)

    def _do_delete(self, key: str | None) -> None:
        from ..widgets.dialogs import ConfirmDialog

        activity_id = self._activity_id(key, "xóa")
        if activity_id is None:
            return
        content = editing.activity_values(activity_id)["content"]

        def done(yes: bool | None) -> None:
            if yes and self.run_change(editing.delete_activity, activity_id):
                self.table.to_nearest_activity()  # not the subtotal, where Enter does nothing

        self.app.push_screen(ConfirmDialog(f"Xóa hoạt động “{content}”?"), done)

    def _move(self, key: str | None, **kwargs) -> None:
        activity_id = self._activity_id(key, "chuyển")
        if activity_id is None:
            return
        if key is not None:
            self.table.go_to_key(key)  # run_change redraws with the cursor kept on it
        self.run_change(editing.move_activity, activity_id, **kwargs)

    def _do_up(self, key: str | None) -> None:
        self._move(key, step=-1)

    def _do_down(self, key: str | None) -> None:
        self._move(key, step=1)

    def _month_step(self, key: str | None, step: int) -> None:
        activity_id = self._activity_id(key, "chuyển")
        if activity_id is None:
            return
        month = editing.activity_values(activity_id)["month"]
        target = neighbour_month(self.plan, month, step)
        if target is None:
            self.notify(
                f"Tháng {month} là tháng {'đầu' if step < 0 else 'cuối'} của kỳ kế hoạch: "
                f"không có tháng {'trước' if step < 0 else 'sau'} để chuyển sang.",
                severity="warning",
            )
            return
        self._move(key, month=target)

    def _do_prev_month(self, key: str | None) -> None:
        self._month_step(key, -1)

    def _do_next_month(self, key: str | None) -> None:
        self._month_step(key, 1)

    def _do_copy(self, key: str | None) -> None:
        activity_id = self._activity_id(key, "chép")
        if activity_id is None:
            return
        values = editing.activity_values(activity_id)
        for extra in ("position", "version"):
            values.pop(extra)
        self.kapp.copied_activity = values
        self.notify(f"Đã chép “{values['content']}”.")

    def _do_paste(self, key: str | None) -> None:
        if not self.kapp.copied_activity:
            self.notify("Chưa chép hoạt động nào (bấm y trên một dòng).", severity="warning")
            return
        values = dict(
            self.kapp.copied_activity,
            month=self.table.current_month or self.kapp.copied_activity["month"],
        )
        change = self.run_change(editing.add_activity, self.plan, values)
        if change:
            self.table.go_to_key(f"a:{change.data['activity_id']}")

    def _do_held(self, key: str | None) -> None:
        from kehoach.store.results import (
            ensure_current,
            held_date_default,
            held_date_note,
            held_values,
            record_held,
        )

        from ..widgets.held_form import HeldForm

        activity_id = self._activity_id(key, "ghi kết quả")
        if activity_id is None:
            return
        # an older revision (`--revision N`): refused at once, before the form is filled in
        ensure_current(self.plan.id)
        values = held_values(activity_id)
        today = self.kapp.today()
        values["today"] = today
        values["date_default"] = held_date_default(activity_id, today)
        values["date_note"] = held_date_note(activity_id, today)
        content = editing.activity_values(activity_id)["content"]

        def done(result) -> None:
            if result is None:
                return
            if key is not None:
                self.table.go_to_key(key)
            self.run_change(
                record_held,
                activity_id,
                status=result["status"],
                date=result["date"],
                learners=result["learners"],
                spent=result["spent"],
                note=result["note"],
            )

        self.app.push_screen(HeldForm(f"Kết quả: {content}", values, self.plan), done)

    def _do_history(self, key: str | None) -> None:
        from ..widgets.history_dialog import HistoryDialog

        activity_id = self._activity_id(key)
        if activity_id is None:
            return
        content = editing.activity_values(activity_id)["content"]
        self.app.push_screen(HistoryDialog(f"Lịch sử: {content}", activity_history(activity_id)))

    def _do_goto(self, key: str | None) -> None:
        from ..widgets.dialogs import PromptDialog

        def done(answer: str | None) -> None:
            if answer is None:
                return
            try:
                month = int(answer.strip())
            except ValueError:
                month = 0
            if not self.table.go_to_month(month):
                self.notify(f"Không có tháng “{answer}”.", severity="warning")

        self.app.push_screen(PromptDialog("Đến tháng (1–12):", telex=False), done)

    def _do_filter_programme(self, key: str | None) -> None:
        from ..widgets.dialogs import ChoiceDialog

        options = [("", "Tất cả chương trình")] + [
            (code, f"{code} – {name}") for _, code, name in programme_choices(self.plan)
        ]

        def done(code: str | None) -> None:
            if code is not None:
                self.programme_filter = code or None
                self.refresh_data()

        self.app.push_screen(ChoiceDialog("Lọc theo chương trình", options), done)

    def _do_filter_village(self, key: str | None) -> None:
        from ..widgets.dialogs import ChoiceDialog

        options = [("", "Tất cả các thôn")] + [(v, v) for v in village_names(self.plan)]

        def done(name: str | None) -> None:
            if name is not None:
                self.village_filter = name or None
                self.refresh_data()

        self.app.push_screen(ChoiceDialog("Lọc theo thôn", options), done)

    def action_clear_filters(self) -> None:
        self.programme_filter = self.village_filter = None
        self.action_clear_search()
