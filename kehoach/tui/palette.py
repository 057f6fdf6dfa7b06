"""The command palette (ctrl+p) with its one English line said in Vietnamese."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "Không tìm thấy lệnh nào (gõ không cần dấu, ví dụ: xuat pdf)"


class VnCommandPalette(CommandPalette):
    """Textual's palette; "No matches found" is a literal in Textual 8's
    `_start_no_matches_countdown`, so that method is given again with the Vietnamese text
    (the same timer and option id, so Textual's own removal of the line still works)."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
