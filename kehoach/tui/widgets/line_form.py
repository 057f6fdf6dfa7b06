"""The form of a survey line or a prior-year result line: programme, label, two numbers."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from kehoach.store.vntext import parse_int

from .dialogs import AsksBeforeDiscard
from .field_error import parse_fields
from .vn_input import VnInput


class LineForm(AsksBeforeDiscard, ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = """
    LineForm { align: center middle; }
    LineForm > Vertical { width: 90; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    LineForm .row { height: auto; margin-bottom: 1; }
    LineForm Label.field { width: 22; padding: 0 1 0 0; }
    LineForm VnInput, LineForm Select { width: 1fr; }
    LineForm .error { color: $error; padding-left: 22; height: auto; display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="line.save"),
        Binding("escape", "cancel", "Hủy", id="line.cancel"),
    ]

    def __init__(
        self,
        title: str,
        values: dict[str, Any],
        programmes: list[tuple[int, str]],
        numbers: tuple[tuple[str, str], tuple[str, str]],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.programmes = programmes
        self.numbers = numbers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text))
            yield Static(Text("Tab: ô sau · Ctrl+S: lưu · Esc: hủy"), classes="hint")
            with Horizontal(classes="row"):
                yield Label("Chương trình", classes="field")
                yield Select(
                    [(label, pid) for pid, label in self.programmes],
                    value=self.values.get("programme") or Select.NULL,
                    prompt="(chưa chọn)",
                    compact=True,
                    id="programme",
                )
            with Horizontal(classes="row"):
                yield Label("Tên như trong văn bản", classes="field")
                yield VnInput(self.values.get("label", ""), compact=True, id="label")
            for key, label in self.numbers:
                value = self.values.get(key)
                with Horizontal(classes="row"):
                    yield Label(label, classes="field")
                    yield VnInput(
                        "" if value is None else str(value), compact=True, id=key, telex=False
                    )
                yield Static("", classes="error", id=f"{key}-error")

    def on_mount(self) -> None:
        self.query_one("#programme").focus()

    def action_save(self) -> None:
        programme = self.query_one("#programme", Select).value
        values: dict[str, Any] = {
            "programme": None if programme is Select.NULL else programme,
            "label": self.query_one("#label", VnInput).value,
        }
        parsed = parse_fields(
            self,
            {key: partial(parse_int, what=label.lower()) for key, label in self.numbers},
        )
        if parsed is not None:
            self.dismiss({**values, **parsed})
