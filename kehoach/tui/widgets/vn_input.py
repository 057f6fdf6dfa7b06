"""Text fields that keep Vietnamese text clean: NFC on every keystroke and paste, control
characters dropped, Telex typing when it is on (ctrl+t), suggestions without diacritics."""

from __future__ import annotations

from textual import events
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input

from kehoach.store.telex import telex_at
from kehoach.store.vntext import clean, fold


class FoldSuggester(Suggester):
    """Suggests a known value whose folded form starts with what was typed ("nha van hoa
    thon don" → "Nhà văn hóa thôn Đon Úy")."""

    def __init__(self, values: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.values = values

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        key = fold(value)
        for candidate in self.values:
            if fold(candidate).startswith(key) and len(candidate) > len(value):
                # keep what was typed, complete with the rest of the known value
                return value + candidate[len(value) :]
        return None


def inside_matches(values: list[str], typed: str, limit: int = 8) -> list[str]:
    """Known values containing the typed words anywhere (prefix matches first)."""
    key = fold(typed).strip()
    if not key:
        return []
    prefix = [v for v in values if fold(v).startswith(key)]
    inside = [v for v in values if key in fold(v) and v not in prefix]
    return (prefix + inside)[:limit]


def telex_wanted(app, event: events.Key) -> bool:
    """A letter typed while Telex is on (ctrl+t) goes through Telex."""
    char = event.character
    return bool(
        getattr(app, "telex", False)
        and char
        and len(char) == 1
        and char.isascii()
        and char.isalpha()
    )


async def keep_key_order(widget: Widget, event: events.Key, handle) -> None:
    """`handle` (the widget's own key handler) and then, at once, the widget's own binding
    for a key it did not take (backspace, delete, arrows, Home, End, …).

    Textual runs a binding only once the key has bubbled up to the app, while a typed
    character is inserted by the field itself: in a burst — a row of backspaces and then
    typing, arriving together over SSH — the characters typed after the backspaces went in
    first and the queued backspaces then deleted them (textual issue #6605). Run here, the
    field's own keys keep the order they were typed in; keys bound further up (Tab,
    Ctrl+S, Esc) bubble as before."""
    await handle(event)
    if getattr(event, "_stop_propagation", False):  # the field took it (a typed character)
        return
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return


class VnInput(Input):
    """An Input whose text is always NFC and free of control characters, with Telex.

    `telex=False` for a field holding a path, a number, a date or a code: Telex would turn
    "/plan.docx" into "/plan.dõc". What is typed or pasted over a selection replaces it."""

    def __init__(self, *args, telex: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.telex_typing = telex

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(clean(text))

    def _cut_selection(self) -> None:
        """Drop the selected text, the cursor where it began."""
        start, end = sorted(self.selection)
        if start != end:
            self.value = self.value[:start] + self.value[end:]
            self.cursor_position = start

    async def _on_paste(self, event: events.Paste) -> None:
        # pasted text is cleaned but never re-read as Telex
        event.prevent_default()
        event.stop()
        self._cut_selection()
        self.insert_text_at_cursor(event.text)

    async def _on_key(self, event: events.Key) -> None:
        if self.telex_typing and telex_wanted(self.app, event):
            event.stop()
            event.prevent_default()
            self._telex(event.character or "")
            return
        await keep_key_order(self, event, super()._on_key)

    def _telex(self, char: str) -> None:
        self._cut_selection()
        value, cursor = self.value, self.cursor_position
        start, new_word = telex_at(value, cursor, char)
        self.value = value[:start] + new_word + value[cursor:]
        self.cursor_position = start + len(new_word)
