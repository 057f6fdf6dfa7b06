"""Small dialogs, each a ModalScreen returning its answer with dismiss(value)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from .vn_input import VnInput


class ConfirmDialog(ModalScreen[bool]):
    """Asks yes or no; y/enter confirm, n/esc refuse."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 60; height: auto; border: round $warning; padding: 1 2; background: $surface; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Đồng ý", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Không", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield Label("[y/Enter] Đồng ý    [n/Esc] Không")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(ModalScreen[str | None]):
    """Asks for one line of text; enter answers, esc cancels."""

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical { width: 70; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    PromptDialog #error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Hủy", id="prompt.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield VnInput(self.value, placeholder=self.placeholder, id="answer")
            yield Static("", id="error")

    def on_input_submitted(self, event: VnInput.Submitted) -> None:
        self.dismiss(event.value)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a list; enter picks, esc cancels. Returns the option's id."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical { width: 70; height: auto; max-height: 80%; border: round $accent; padding: 1 2; background: $surface; }
    ChoiceDialog OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "cancel", "Hủy", id="choice.cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text))
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.options])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
