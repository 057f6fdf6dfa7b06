"""The message under a form field: shown when there is one, taking no room otherwise."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_error(static: Static, message: str) -> None:
    static.update(Text(message))
    static.display = bool(message)
