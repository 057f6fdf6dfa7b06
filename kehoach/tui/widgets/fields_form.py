"""A form of labelled text fields; the caller's `parse` turns the texts into values (or
saves them) or says which field is wrong (FieldProblem); the form stays open till then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from kehoach.store.errors import FieldProblem, KehoachError
from kehoach.store.views import FIGURE_FIELDS, GOAL_FIELDS, RESULT_TOTAL_FIELDS
from kehoach.store.vntext import ParseError

from .bars import KeyBar
from .dialogs import AsksBeforeDiscard
from .field_error import show_error
from .vn_input import VnInput

# Fields that hold a number, a date, a year or a code: typed as they are, never as Telex.
PLAIN_FIELDS = frozenset(
    {"number", "doc_code", "code", "date", "year", "programme_code"}
    | {key for key, _ in FIGURE_FIELDS + RESULT_TOTAL_FIELDS + GOAL_FIELDS}
)


class FieldsForm(AsksBeforeDiscard, ModalScreen[Any]):
    DEFAULT_CSS = """
    FieldsForm { align: center middle; }
    FieldsForm > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    FieldsForm .row { height: auto; margin-bottom: 1; }
    FieldsForm Label.field { width: 26; padding: 0 1 0 0; }
    FieldsForm VnInput { width: 1fr; }
    FieldsForm .error { color: $error; padding-left: 26; height: auto; display: none; }
    FieldsForm #title { text-style: bold; }
    FieldsForm #hint { color: $text-muted; padding: 0 0 1 0; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="fields.save"),
        Binding("escape", "cancel", "Hủy", id="fields.cancel"),
        # for the key bar of a form of its own (`keys`): the app's ctrl+t (a priority
        # binding) toggles; a modal's bar shows only its own bindings, so these say its state
        Binding("ctrl+t", "app.telex_on", "Telex: tắt", id="fields.telex_on"),
        Binding("ctrl+t", "app.telex_off", "Telex: BẬT", id="fields.telex_off"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str, str]],
        parse: Callable[[dict[str, str]], Any] = lambda values: values,
        hint: str = "Tab: ô sau · Ctrl+S: lưu · Esc: hủy",
        keys: frozenset[str] | None = None,
    ) -> None:
        """`keys`: the bindings (ids) of a key bar of the form's own, for a form with no
        plan screen under it (the first start), whose key bar would say them otherwise —
        ctrl+t with Telex's state among them."""
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.parse = parse
        self.hint = hint
        self.keys = keys

    def key_offered(self, binding_id: str) -> bool:
        """What this form's own key bar shows (KeyBar asks)."""
        return self.keys is None or binding_id in self.keys

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.title_text), id="title")
            yield Static(Text(self.hint), id="hint")
            for key, label, value in self.fields:
                with Horizontal(classes="row"):
                    yield Label(label, classes="field")
                    yield VnInput(value, compact=True, id=f"f-{key}", telex=key not in PLAIN_FIELDS)
                yield Static("", classes="error", id=f"e-{key}")
        if self.keys is not None:
            yield KeyBar()

    def on_mount(self) -> None:
        self.query(VnInput).first().focus()

    def on_input_submitted(self, event: VnInput.Submitted) -> None:
        self.focus_next()

    def action_save(self) -> None:
        raw = {key: self.query_one(f"#f-{key}", VnInput).value for key, _, _ in self.fields}
        for key, _, _ in self.fields:
            show_error(self.query_one(f"#e-{key}", Static), "")
        try:
            result = self.parse(raw)
        except FieldProblem as exc:
            show_error(self.query_one(f"#e-{exc.field}", Static), str(exc))
            self.query_one(f"#f-{exc.field}", VnInput).focus()
            return
        except (ParseError, KehoachError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.dismiss(result)
