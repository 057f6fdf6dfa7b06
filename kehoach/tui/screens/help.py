"""F1 / ?: the keys of the screen in use, and the keys that work everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "insert": "Insert",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
}


def key_label(keys: str) -> str:
    """ "f1,question_mark" → "F1, ?"."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key in KEY_NAMES:
            out.append(KEY_NAMES[key])
            continue
        *mods, base = key.split("+")
        if base in KEY_NAMES:
            base = KEY_NAMES[base]
        elif (len(base) == 1 and mods) or (base[:1] == "f" and base[1:].isdigit()):
            base = base.upper()  # Ctrl+P, F1; a plain letter stays as typed
        out.append("+".join([*(m.capitalize() for m in mods), base]))
    return ", ".join(out)


def _binding(b) -> Binding:
    return b if isinstance(b, Binding) else Binding(*b)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Đóng", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, padding=(0, 2))
        table.add_column("Phím", no_wrap=True, style="bold")
        table.add_column("Việc")
        seen: set[tuple[str, str]] = set()
        for title, bindings in self._groups():
            table.add_row(Text(title, style="bold underline"), "")
            if title == "Màn hình này":
                for keys, does in getattr(self.for_screen, "HELP_KEYS", ()):
                    table.add_row(Text(keys), Text(does))
            for b in bindings:
                if not b.description or (b.key, b.description) in seen:
                    continue
                seen.add((b.key, b.description))
                table.add_row(Text(key_label(b.key)), Text(b.description))
        with VerticalScroll():
            yield Static(Text("Phím tắt — Esc để đóng", style="bold"))
            yield Static(
                Text(
                    "Mũi tên, PgUp/PgDn: đi trong bảng; Home/End: dòng đầu/cuối · "
                    "Tab/Shift+Tab: ô sau/trước"
                )
            )
            yield Static(table)

    def _groups(self):
        """Our own screen's and widgets' keys (not Textual's built-in cursor keys), then the
        app's."""
        screen_bindings: list[Binding] = []
        for node in self.for_screen.walk_children(with_self=True):
            if type(node).__module__.startswith("kehoach.tui."):
                screen_bindings += [_binding(b) for b in type(node).__dict__.get("BINDINGS", [])]
        app_bindings = []
        for b in map(_binding, self.app.BINDINGS):
            if b.action == "telex_off":
                continue
            if b.action == "centres" and not getattr(self.app, "several_centres", False):
                continue  # F8 is there only for a database of several centres
            if b.action == "telex_on":
                b = Binding(b.key, b.action, "Bật/tắt gõ Telex")
            app_bindings.append(b)
        return [("Màn hình này", screen_bindings), ("Ở mọi màn hình", app_bindings)]

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
