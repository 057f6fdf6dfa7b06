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
    """Asks yes or no; y confirms, n/esc refuse, enter gives the safe answer: no, in every
    dialog (each yes here deletes, discards, locks or starts something), so that Enter
    learnt on one dialog never loses work on another. The key hint says what Enter does."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 60; height: auto; border: round $warning; padding: 1 2; background: $surface; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Đồng ý", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "Không", id="confirm.no"),
        Binding("enter", "answer_default", "Mặc định", id="confirm.default", show=False),
    ]

    def __init__(self, question: str, default: bool = False) -> None:
        super().__init__()
        self.question = question
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            # Text, not a string: "[y]" would be read as markup and vanish
            if self.default:
                yield Label(Text("[y/Enter] Đồng ý    [n/Esc] Không"))
            else:
                yield Label(Text("[y] Đồng ý    [n/Esc/Enter] Không"))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_answer_default(self) -> None:
        self.dismiss(self.default)


class PromptDialog(ModalScreen[str | None]):
    """Asks for one line of text; enter answers, esc cancels."""

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical { width: 70; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    PromptDialog #error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Hủy", id="prompt.cancel")]

    def __init__(
        self, question: str, value: str = "", placeholder: str = "", telex: bool = True
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.telex = telex

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question))
            yield VnInput(self.value, placeholder=self.placeholder, id="answer", telex=self.telex)
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


class AsksBeforeDiscard:
    """For a form (a ModalScreen): Esc on a form with changes asks before they are dropped;
    on an untouched form it closes at once. The form's fields are read when it is first
    shown and again at Esc."""

    _as_opened: tuple | None = None

    def _typed(self) -> tuple:
        from textual.widgets import Checkbox, Input, Select, TextArea

        screen: ModalScreen = self  # type: ignore[assignment]
        values: list[object] = []
        for widget in screen.query("Input, TextArea, Select, Checkbox"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, Input | Select | Checkbox):
                values.append(widget.value)
        return tuple(values)

    def on_mount(self) -> None:
        self._as_opened = self._typed()

    def on_input_changed(self, event) -> None:
        """A field's red line goes once the field is changed: it spoke of what was there
        before (the field is checked again at the next save)."""
        screen: ModalScreen = self  # type: ignore[assignment]
        key = event.input.id
        if not key:
            return
        for error in screen.query(f"#{key}-error"):
            error.display = False

    def action_cancel(self) -> None:
        screen: ModalScreen = self  # type: ignore[assignment]
        if self._as_opened is None or self._typed() == self._as_opened:
            screen.dismiss(None)
            return

        def answer(drop: bool | None) -> None:
            if drop:
                screen.dismiss(None)

        screen.app.push_screen(
            ConfirmDialog("Bỏ những gì vừa nhập, không lưu? (Ctrl+S để lưu)"), answer
        )
