"""The message under a form field: shown when there is one, taking no room otherwise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Static


def show_error(static: Static, message: str) -> None:
    static.update(Text(message))
    static.display = bool(message)


def parse_fields(form: Widget, parsers: dict[str, Callable[[str], Any]]) -> dict[str, Any] | None:
    """Parse the fields `#key` of a form with their parsers; show each ParseError under its
    field (`#key-error`). The values, or None when any field is wrong."""
    from kehoach.store.vntext import ParseError

    values: dict[str, Any] = {}
    ok = True
    for key, parse in parsers.items():
        error = form.query_one(f"#{key}-error", Static)
        try:
            values[key] = parse(form.query_one(f"#{key}", Input).value)
            show_error(error, "")
        except ParseError as exc:
            show_error(error, str(exc))
            ok = False
    return values if ok else None
