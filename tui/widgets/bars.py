"""The title line at the top and the key line at the bottom of every plan screen.

Textual's Header and Footer are containers of small widgets (the Footer one per key, laid
out again whenever the focus moves). Over SSH to an old machine that cost showed: with
these two one-line widgets instead, start-up was ~25 ms shorter, peak memory ~2 MB less and
the first screen ~3 KB smaller on the bench. They show the same things: the app's title
with the screen's subtitle, and the keys the screen and the focused widget offer.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static


class TitleBar(Static):
    """`App.title – Screen.sub_title`, centred, one line."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show, init=False)
        self.watch(self.screen, "sub_title", self._show, init=False)
        self._show()

    def _show(self, *_: object) -> None:
        text = Text(self.app.title, no_wrap=True, overflow="ellipsis", end="")
        if self.screen.sub_title:
            text.append(" – ")
            text.append(self.screen.sub_title, style="dim")
        self.update(text)


class KeyBar(Static):
    """The keys offered where the focus is (those bindings with `show`), on one line:
    "^tTelex: tắt  f1Trợ giúp  f2Tổng quan …", each key in colour. With `--mouse`, a click
    on a key runs it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES = {"keybar--key"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end, key)
        self._shown: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._show()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self._show()

    def _show(self) -> None:
        key_style = self.get_component_rich_style("keybar--key")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        shown: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in shown:
                continue
            shown.add(binding.action)
            if text:
                text.append("  ")
            start = text.cell_len
            text.append(self.app.get_key_display(binding), style=key_style if enabled else "dim")
            text.append(binding.description, style="" if enabled else "dim")
            spans.append((start, text.cell_len, binding.key))
        self._spans = spans
        if text != self._shown:  # the focus moving between fields often changes nothing
            self._shown = text
            self.update(text)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
