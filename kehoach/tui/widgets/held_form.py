"""F3, t: record what became of an activity — held (date, learners, spend), postponed,
cancelled — in a small form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from kehoach.store.models import Plan
from kehoach.store.results import STATUS_CHOICES, held_date_problem
from kehoach.store.vntext import (
    format_date_short,
    format_int,
    parse_date,
    parse_int,
    parse_money,
)

from .dialogs import AsksBeforeDiscard
from .field_error import parse_fields, show_error
from .vn_input import VnInput


class HeldForm(AsksBeforeDiscard, ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = """
    HeldForm { align: center middle; }
    HeldForm > Vertical { width: 80; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    HeldForm .row { height: auto; margin-bottom: 1; }
    HeldForm Label.field { width: 22; }
    HeldForm VnInput, HeldForm Select { width: 1fr; }
    HeldForm .error { color: $error; padding-left: 22; height: auto; display: none; }
    HeldForm #held-title { text-style: bold; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="held.save"),
        Binding("escape", "cancel", "Hủy", id="held.cancel"),
    ]

    def __init__(self, title: str, values: dict[str, Any], plan: Plan) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.plan = plan

    def compose(self) -> ComposeResult:
        v = self.values
        status = v["status"] if v["status"] != "planned" else "held"
        date = v["held_date"] or v.get("date_default")
        learners = v["held_learners"] if v["held_learners"] is not None else v["learners"]
        spent = v["held_spent"] if v["held_spent"] is not None else v["budget"]
        with Vertical():
            yield Static(Text(self.title_text), id="held-title")
            yield Static(Text("Ctrl+S: lưu · Esc: hủy"))
            with Horizontal(classes="row"):
                yield Label("Kết quả", classes="field")
                yield Select(
                    [(label, key) for key, label in STATUS_CHOICES],
                    value=status,
                    allow_blank=False,
                    compact=True,
                    id="status",
                )
            for key, label, value in (
                ("date", "Ngày tổ chức", format_date_short(date)),
                ("learners", "Học viên đến học", "" if learners is None else str(learners)),
                ("spent", "Đã chi (đồng)", format_int(spent) if spent is not None else ""),
                ("note", "Ghi chú / lý do", v["held_note"]),
            ):
                with Horizontal(classes="row"):
                    yield Label(label, classes="field")
                    yield VnInput(value, compact=True, id=key, telex=key == "note")
                yield Static("", classes="error", id=f"{key}-error")
                if key == "date":  # the activity's month still to come: said at once
                    note = Static(Text(v.get("date_note", "")), classes="error", id="date-note")
                    note.display = bool(v.get("date_note"))
                    yield note

    def on_mount(self) -> None:
        self.query_one("#status").focus()

    def action_save(self) -> None:
        status = self.query_one("#status", Select).value
        values: dict[str, Any] = {"status": status, "note": self.query_one("#note", VnInput).value}
        parsed = parse_fields(
            self,
            {
                "date": lambda t: parse_date(t, allow_blank=status != "held"),
                "learners": lambda t: parse_int(t, what="số học viên"),
                "spent": parse_money,
            },
        )
        if parsed is not None and status == "held":
            outside = held_date_problem(self.plan, parsed["date"], self.values.get("today"))
            if outside:
                show_error(self.query_one("#date-error", Static), outside)
                self.query_one("#date", VnInput).focus()
                return
        if parsed is not None:
            self.dismiss({**values, **parsed})
