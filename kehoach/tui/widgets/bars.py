"""The title line at the top and the key line at the bottom of every plan screen.

Textual's Header and Footer are containers of small widgets (the Footer one per key, laid
out again whenever the focus moves). Over SSH to an old machine that cost showed: with
these two one-line widgets instead, start-up was ~25 ms shorter, peak memory ~2 MB less and
the first screen ~3 KB smaller on the bench. They show the same things: the app's title
with the screen's subtitle, and the keys the screen and the focused widget offer.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
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
        # a screen about no one plan (F8's list of centres) names the app alone
        title = getattr(self.screen, "APP_TITLE", None) or self.app.title
        text = Text(title, no_wrap=True, overflow="ellipsis", end="")
        if self.screen.sub_title:
            text.append(" – ")
            text.append(self.screen.sub_title, style="dim")
        self.update(text)


# Shorter labels, used when the full ones do not fit the terminal's width.
SHORT_LABELS = {
    "app.help": "Giúp",
    "app.overview": "Tổng",
    "app.survey": "K.sát",
    "app.approval": "Duyệt",
    "app.texts": "V.bản",
    "app.centres": "T.tâm",
    "app.checks": "K.tra",
    "months.held": "Kết quả",
    "survey.add": "Thêm",
    "survey.delete": "Xóa",
    "survey.add_programme": "Thêm CT",
    "survey.remove_programme": "Bỏ CT",
    "checks.refresh": "K.tra lại",
    "checks.jump": "Đến chỗ sai",
    "approval.submit": "Trình",
    "approval.approve": "Duyệt",
    "approval.return": "Trả",
    "centres.sort": "Xếp",
    "centres.prev_year": "Trước",
    "centres.next_year": "Sau",
    "centres.summary": "Tổng hợp",
}
# The app's keys that stay on the bar however narrow it is (F1 lists every key); the other
# screens' F-keys give way first, from the right.
ESSENTIAL = {"app.help", "app.checks", "app.export", "app.quit", "app.telex_on", "app.telex_off"}
SCREEN_KEYS = (
    "app.overview",
    "app.months",
    "app.survey",
    "app.approval",
    "app.texts",
    "app.centres",
)
MODE_OF_KEY = {
    "app.overview": "overview",
    "app.months": "months",
    "app.survey": "survey",
    "app.approval": "approval",
    "app.texts": "texts",
    "app.checks": "checks",
    "app.centres": "centres",
}


class KeyBar(Static):
    """The keys offered where the focus is (those bindings with `show`), on one line:
    "⏎Sửa  aThêm … f1Trợ giúp  f2Tổng quan … ^eXuất  ^tTelex: tắt  ^qThoát", each key in
    colour. When that is wider than the terminal (80 columns over PuTTY) the bar packs
    tighter, then leaves out the F-key of the screen in use, then uses shorter labels, then
    leaves out the other screens' F-keys, last one first, and only then the screen's own
    last keys — never F1, F7, ctrl+e, ctrl+t or ctrl+q. With `--mouse`, a click on a key
    runs it."""

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
        self.show_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.show_keys()

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.show_keys()

    def _items(self) -> list[tuple[str, str, str, bool, str]]:
        """(binding id, key shown, label, enabled, key) of each key to show: the screen's
        and the focused widget's first, then the app's in the order of its BINDINGS."""
        own, app_keys = [], {}
        shown: set[str] = set()
        offered = getattr(self.screen, "key_offered", None)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in shown:
                continue
            if offered is not None and not offered(binding.id or ""):
                continue  # e.g. "Sửa" on a submitted plan: it would only say it cannot
            shown.add(binding.action)
            key_display = self.app.get_key_display(binding)
            item = (binding.id or "", key_display, binding.description, enabled, binding.key)
            if (binding.id or "").startswith("app."):
                app_keys[binding.id] = item
            else:
                own.append(item)
        order = [b.id for b in getattr(self.app, "BINDINGS", []) if isinstance(b, Binding)]
        return own + sorted(
            app_keys.values(), key=lambda i: order.index(i[0]) if i[0] in order else len(order)
        )

    def _fit(self, items: list, width: int) -> tuple[list, str, bool]:
        """The items, the gap and whether short labels are used, to fit `width` cells."""

        def length(chosen: list, gap: str, short: bool) -> int:
            cells = sum(
                cell_len(key) + cell_len(SHORT_LABELS.get(bid, label) if short else label)
                for bid, key, label, _e, _k in chosen
            )
            return cells + len(gap) * max(0, len(chosen) - 1)

        mode = getattr(self.app, "current_mode", None)
        current = [bid for bid, m in MODE_OF_KEY.items() if m == mode]  # the screen in use
        others = [item for item in items if item[0] not in current]
        for chosen, gap, short in (
            (items, "  ", False),
            (items, " ", False),
            (others, " ", False),
            (others, " ", True),
        ):
            if length(chosen, gap, short) <= width:
                return chosen, gap, short
        chosen = others
        for bid in reversed(SCREEN_KEYS):
            chosen = [item for item in chosen if item[0] != bid]
            if length(chosen, " ", True) <= width:
                return chosen, " ", True
        # still too wide: the screen's own keys give way from the right (F1 lists them)
        while length(chosen, " ", True) > width and not chosen[0][0].startswith("app."):
            own = [i for i, item in enumerate(chosen) if not item[0].startswith("app.")]
            del chosen[own[-1]]
        return chosen, " ", True

    def show_keys(self) -> None:
        key_style = self.get_component_rich_style("keybar--key")
        width = self.size.width or self.app.size.width
        items, gap, short = self._fit(self._items(), width)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, str]] = []
        for bid, key_display, label, enabled, key in items:
            if text:
                text.append(gap)
            start = text.cell_len
            text.append(key_display, style=key_style if enabled else "dim")
            text.append(
                SHORT_LABELS.get(bid, label) if short else label, style="" if enabled else "dim"
            )
            spans.append((start, text.cell_len, key))
        self._spans = spans
        if text != self._shown:  # the focus moving between fields often changes nothing
            self._shown = text
            self.update(text)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
