"""Editing a list (one item a line) or a paragraph, in a text area with Telex and NFC."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import DoesNotExist, InterfaceError, OperationalError
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from kehoach.store.errors import KehoachError, busy_error, gone_error
from kehoach.store.telex import telex_at
from kehoach.store.vntext import ParseError, clean

from .dialogs import AsksBeforeDiscard
from .field_error import show_error
from .vn_input import keep_key_order, telex_wanted


class VnTextArea(TextArea):
    """A TextArea whose typed and pasted text is NFC and clean, with Telex when on."""

    async def _on_key(self, event: events.Key) -> None:
        if telex_wanted(self.app, event) and not self.read_only:
            event.stop()
            event.prevent_default()
            char = event.character or ""
            start, end = self.selection
            if start != end:  # what is typed replaces the selection
                self.delete(start, end)
            row, col = self.cursor_location
            start, new = telex_at(self.document.get_line(row), col, char)
            self.replace(new, (row, start), (row, col))
            self.move_cursor((row, start + len(new)))
            return
        await keep_key_order(self, event, super()._on_key)

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        if not self.read_only:
            self.replace(clean(event.text, multiline=True), *self.selection)


class ListEditor(AsksBeforeDiscard, ModalScreen[Any]):
    DEFAULT_CSS = """
    ListEditor { align: center middle; }
    ListEditor > Vertical { width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    ListEditor VnTextArea { height: 1fr; }
    ListEditor #title { text-style: bold; }
    ListEditor #error { color: $error; height: auto; display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Lưu", id="list.save"),
        Binding("escape", "cancel", "Hủy", id="list.cancel"),
        Binding("ctrl+t", "app.toggle_telex", "Telex", id="list.telex", show=False),
    ]

    def __init__(
        self,
        title: str,
        lines: list[str],
        hint: str = "Mỗi mục một dòng.",
        save: Callable[[list[str]], Any] | None = None,
    ) -> None:
        """`save` (when given) saves the lines on ctrl+s: a refusal (a wrong line, a plan
        changed elsewhere) is shown in the editor, which stays open with the text; the
        editor closes with what `save` returned. Without it, it closes with the lines."""
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.hint = hint
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), id="title")
            yield Static(Text(f"{self.hint} Ctrl+S: lưu · Esc: hủy"))
            yield Static("", id="error")
            yield VnTextArea("\n".join(self.lines), soft_wrap=True, id="editor")

    def on_mount(self) -> None:
        self.query_one(VnTextArea).focus()

    def action_save(self) -> None:
        lines = self.query_one(VnTextArea).text.split("\n")
        if self.save is None:
            self.dismiss(lines)
            return
        try:
            result = self.save(lines)
        except (ParseError, KehoachError, OperationalError, InterfaceError, DoesNotExist) as exc:
            if isinstance(exc, (OperationalError, InterfaceError)):
                exc = busy_error(exc)
            elif isinstance(exc, DoesNotExist):
                exc = gone_error()
            show_error(self.query_one("#error", Static), str(exc))
            self.query_one(VnTextArea).focus()
            return
        self.dismiss(result)
