"""The activity form: every field of a month-table row, checked as it is saved."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from kehoach.store.vntext import format_int, parse_int, parse_money

from .dialogs import AsksBeforeDiscard
from .field_error import parse_fields, show_error
from .vn_input import FoldSuggester, VnInput, inside_matches


@dataclass
class FormResult:
    values: dict[str, Any]
    again: bool = False  # "save and add another"


TEXT_FIELDS = [
    ("content", "Nội dung hoạt động"),
    ("target_group", "Đối tượng học tập"),
    ("place", "Địa điểm"),
    ("partner", "Tổ chức, cá nhân phối hợp"),
    ("note", "Ghi chú"),
]
NUMBER_FIELDS = [
    ("classes", "Số lớp", "ví dụ 01"),
    ("learners", "Số học viên", "ví dụ 88"),
    ("budget", "Kinh phí (đồng)", "ví dụ 720.000 hoặc 720k"),
]
SUGGESTED = ("target_group", "place", "partner")


class ActivityForm(AsksBeforeDiscard, ModalScreen[FormResult | None]):
    DEFAULT_CSS = """
    ActivityForm { align: center middle; }
    ActivityForm > VerticalScroll { width: 90%; max-width: 110; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    ActivityForm .row { height: auto; margin-bottom: 1; }
    ActivityForm Label.field { width: 24; padding: 0 1 0 0; }
    ActivityForm VnInput, ActivityForm Select { width: 1fr; }
    ActivityForm .error { color: $error; height: auto; padding-left: 24; display: none; }
    ActivityForm OptionList.matches { height: auto; max-height: 6; margin-left: 24; display: none; }
    ActivityForm #title { text-style: bold; }
    ActivityForm #hint { color: $text-muted; padding: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save(False)", "Lưu", id="form.save"),
        Binding("ctrl+n", "save(True)", "Lưu và thêm tiếp", id="form.save_again"),
        Binding("escape", "cancel", "Hủy", id="form.cancel"),
        Binding("ctrl+t", "app.toggle_telex", "Telex", id="form.telex", show=False),
    ]

    def __init__(
        self,
        title: str,
        values: dict[str, Any],
        months: list[tuple[int, str]],
        programmes: list[tuple[int, str]],
        suggestions: dict[str, list[str]],
        focus_field: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.months = months
        self.programmes = programmes
        self.suggestions = suggestions
        self.focus_field = focus_field or "content"

    def compose(self) -> ComposeResult:
        v = self.values
        with VerticalScroll():
            yield Static(Text(self.title_text), id="title")
            yield Static(
                Text(
                    "Tab: ô sau · Ctrl+S: lưu · Ctrl+N: lưu và thêm tiếp · Esc: hủy · Ctrl+T: Telex"
                ),
                id="hint",
            )
            with Horizontal(classes="row"):
                yield Label("Tháng", classes="field")
                yield Select(
                    [(label, m) for m, label in self.months],
                    value=v.get("month", self.months[0][0]),
                    allow_blank=False,
                    compact=True,
                    id="month",
                )
            yield from self._text_row("content", "Nội dung hoạt động")
            with Horizontal(classes="row"):
                yield Label("Chương trình", classes="field")
                yield Select(
                    [(label, pid) for pid, label in self.programmes],
                    value=v.get("programme") if v.get("programme") else Select.NULL,
                    prompt="(chưa chọn)",
                    compact=True,
                    id="programme",
                )
            yield Static("", classes="error", id="programme-error")
            for key, label in TEXT_FIELDS[1:]:
                yield from self._text_row(key, label)
                if key == "target_group":
                    for nkey, nlabel, hint in NUMBER_FIELDS:
                        yield from self._number_row(nkey, nlabel, hint)

    def _text_row(self, key: str, label: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="field")
            suggester = FoldSuggester(self.suggestions[key]) if key in SUGGESTED else None
            yield VnInput(self.values.get(key, "") or "", compact=True, id=key, suggester=suggester)
        if key in SUGGESTED:
            yield OptionList(classes="matches", id=f"{key}-matches")
        yield Static("", classes="error", id=f"{key}-error")

    def _number_row(self, key: str, label: str, hint: str) -> ComposeResult:
        value = self.values.get(key)
        text = "" if value is None else (format_int(value) if key == "budget" else str(value))
        if key == "classes" and value is not None:
            text = format_int(value, width=2)
        with Horizontal(classes="row"):
            yield Label(label, classes="field")
            yield VnInput(text, placeholder=hint, compact=True, id=key, telex=False)
        yield Static("", classes="error", id=f"{key}-error")

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_field}").focus()

    def on_input_changed(self, event: VnInput.Changed) -> None:
        """Known values containing what was typed, shown under the field."""
        key = event.input.id or ""
        if key not in SUGGESTED:
            return
        box = self.query_one(f"#{key}-matches", OptionList)
        found = [m for m in inside_matches(self.suggestions[key], event.value) if m != event.value]
        box.clear_options()
        if found and event.input.has_focus:
            box.add_options([Option(Text(m), id=m) for m in found])
            box.display = True
        else:
            box.display = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = (event.option_list.id or "").removesuffix("-matches")
        field = self.query_one(f"#{key}", VnInput)
        field.value = event.option.id or ""
        event.option_list.display = False
        field.focus()

    def on_descendant_focus(self, event) -> None:
        """A list of matches stays open only while its field or the list has the focus."""
        for box in self.query("OptionList.matches"):
            field = self.query_one(f"#{(box.id or '').removesuffix('-matches')}")
            if event.widget not in (box, field):
                box.display = False

    def _collect(self) -> dict[str, Any] | None:
        ok = True
        values: dict[str, Any] = {"month": self.query_one("#month", Select).value}
        programme = self.query_one("#programme", Select).value
        values["programme"] = None if programme is Select.NULL else programme
        for key, _ in TEXT_FIELDS:
            values[key] = self.query_one(f"#{key}", VnInput).value
        numbers = parse_fields(
            self,
            {
                key: parse_money if key == "budget" else partial(parse_int, what=label.lower())
                for key, label, _ in NUMBER_FIELDS
            },
        )
        if numbers is None:
            ok = False
        else:
            values.update(numbers)
        content_error = self.query_one("#content-error", Static)
        if not values["content"].strip():
            show_error(content_error, "Chưa nhập nội dung hoạt động.")
            ok = False
        else:
            show_error(content_error, "")
        return values if ok else None

    def action_save(self, again: bool) -> None:
        values = self._collect()
        if values is not None:
            self.dismiss(FormResult(values, again))
        else:
            self.notify("Có ô chưa đúng, xem dòng đỏ dưới ô.", severity="error")
