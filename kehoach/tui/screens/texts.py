"""F6 Văn bản: the document's texts — header, legal bases, situation, lists, signers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kehoach.store import editing, forms
from kehoach.store.views import (
    FIGURE_FIELDS,
    GOAL_FIELDS,
    TEXT_ENTRIES,
    header_fields,
    heading_fields,
    number_fields,
    signer_fields,
    text_preview,
)

from ..widgets.fields_form import FieldsForm
from ..widgets.list_editor import ListEditor
from .base import PlanScreen


class TextsScreen(PlanScreen):
    CHANGE_KEYS = frozenset({"texts.edit"})
    BINDINGS = [
        Binding("e", "edit", "Sửa", id="texts.edit"),
    ]

    def compose(self) -> ComposeResult:
        yield self.header()
        with Horizontal():
            yield OptionList(
                *[Option(Text(label), id=key) for key, label in TEXT_ENTRIES], id="text-entries"
            )
            with VerticalScroll(id="text-preview-box"):
                yield Static(id="text-preview")
        yield self.footer()

    def on_mount(self) -> None:
        entries = self.query_one(OptionList)
        entries.highlighted = 0
        entries.focus()
        self.refresh_data()

    @property
    def entry(self) -> str:
        entries = self.query_one(OptionList)
        index = entries.highlighted or 0
        return entries.get_option_at_index(index).id or "header"

    def select_entry(self, key: str) -> None:
        """Highlight an entry by key (the checks screen jumps here)."""
        for i, (k, _) in enumerate(TEXT_ENTRIES):
            if k == key:
                self.query_one(OptionList).highlighted = i
                self.refresh_data()
                return

    def refresh_data(self) -> None:
        plan = self.plan
        self.sub_title = f"Văn bản – năm {plan.year}"
        self.query_one("#text-preview", Static).update(
            Text(text_preview(plan, self.entry) + "\n\nEnter hoặc e: sửa")
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_data()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def _save_with(self, func, *args):
        """A FieldsForm `parse` that saves through `func` and records the change; refused
        if another session changed the plan since the form was opened."""
        version = self.plan.version

        def parse(values: dict[str, str]):
            change = func(self.plan, values, *args, expected_version=version)
            self.kapp.undo_stack.push(change)
            return change

        return parse

    def _save_lines(self, func, *args):
        """A ListEditor `save` that saves the lines through `func` (refused, and the
        editor kept open, if another session changed the plan since it was opened)."""
        version = self.plan.version

        def save(lines: list[str]):
            change = func(self.plan, *args, lines, expected_version=version)
            self.kapp.undo_stack.push(change)
            return change

        return save

    def _after(self, result) -> None:
        if result is not None:
            self.kapp.set_plan(self.plan)  # the title names the commune, which may change
            self.refresh_data()

    def action_edit(self) -> None:
        plan = self.plan
        entry = self.entry
        try:
            editing.ensure_editable(plan)
        except editing.KehoachError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        label = dict(TEXT_ENTRIES)[entry]
        if entry.startswith("list:"):
            kind = entry[5:]
            self.app.push_screen(
                ListEditor(
                    label,
                    editing.get_items(plan, kind),
                    save=self._save_lines(editing.set_items, kind),
                ),
                self._after,
            )
        elif entry.startswith("text:"):
            key = entry[5:]
            current = text_preview(plan, entry)
            self.app.push_screen(
                ListEditor(
                    label,
                    [] if current == "(trống)" else current.split("\n"),
                    "Đoạn văn.",
                    save=self._save_lines(
                        lambda p, lines, **kw: editing.set_text(p, key, "\n".join(lines), **kw)
                    ),
                ),
                self._after,
            )
        elif entry == "results":
            # the written totals are lines of the same editor, as the preview shows them:
            # F7's "sửa tổng thành …" is mended where its Enter leads
            self.app.push_screen(
                ListEditor(
                    "3. Kết quả năm trước",
                    text_preview(plan, "results").split("\n"),
                    "Mỗi dòng: “Tên: 04 lớp có 354 học viên”; các tổng: "
                    "“Tổng học viên (như ghi): 2.197”.",
                    save=self._save_lines(forms.save_results),
                ),
                self._after,
            )
        elif entry == "header":
            self.app.push_screen(
                FieldsForm(label, header_fields(plan), self._save_with(forms.save_header)),
                self._after,
            )
        elif entry == "figures":
            self.app.push_screen(
                FieldsForm(
                    label,
                    number_fields(plan, FIGURE_FIELDS),
                    self._save_with(forms.save_numbers, dict(FIGURE_FIELDS)),
                ),
                self._after,
            )
        elif entry == "goals":
            fields = [("goals_intro", "Câu mở đầu", text_preview(plan, "goals").split("\n")[0])]
            fields += number_fields(plan, GOAL_FIELDS)
            fields.append(("goal_target", "Đối tượng", plan.goal_target))
            self.app.push_screen(
                FieldsForm(label, fields, self._save_with(forms.save_goals)), self._after
            )
        elif entry == "signers":
            self.app.push_screen(
                FieldsForm(
                    "Người ký (dòng xuống hàng viết “ / ”)",
                    signer_fields(plan),
                    self._save_with(forms.save_signers),
                ),
                self._after,
            )
        elif entry == "headings":
            self.app.push_screen(
                FieldsForm(label, heading_fields(plan), self._save_with(forms.save_headings)),
                self._after,
            )
