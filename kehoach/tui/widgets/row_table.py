"""A table of rows (F4, F5, F7, histories) that fits its width, and where Home and End go
to the first and the last row, as F1 says (Textual's own Home/End scroll sideways).

Its columns are given as (heading, width, gives_way). At 80 columns (PuTTY) the columns
that give way — text — shrink (their cells cut with "…"; the screen shows the cursor's
row whole under the table); the others — numbers, dates — keep their width, always whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

Column = tuple[str, int, bool]  # heading, width, gives way

MIN_WIDTH = 6


def fit_widths(columns: Sequence[Column], room: int, padding: int) -> list[int]:
    """The columns' widths in `room` cells, each column taking `padding` more: those that
    give way shrink in proportion (to MIN_WIDTH at least); the others keep theirs."""
    widths = [width for _, width, _ in columns]
    flexible = [i for i, (_, _, gives_way) in enumerate(columns) if gives_way]
    fixed = sum(w for i, w in enumerate(widths) if i not in flexible)
    free = room - fixed - padding * len(columns)
    if sum(widths[i] for i in flexible) <= free:
        return widths
    while flexible:
        wanted = sum(widths[i] for i in flexible)
        narrow = [i for i in flexible if widths[i] * free // wanted < MIN_WIDTH]
        if not narrow:
            shares = {i: widths[i] * free // wanted for i in flexible}
            for i in flexible:
                widths[i] = shares[i]
            break
        for i in narrow:  # these get the least; the others share what is left
            widths[i] = MIN_WIDTH
            free -= MIN_WIDTH
            flexible.remove(i)
    return widths


class RowTable(DataTable):
    BINDINGS = [
        Binding("home", "scroll_top", "Dòng đầu", id="table.first", show=False),
        Binding("end", "scroll_bottom", "Dòng cuối", id="table.last", show=False),
    ]

    column_specs: Sequence[Column] = ()

    def add_fitted_columns(self, columns: Sequence[Column]) -> None:
        self.column_specs = list(columns)
        for label, width, _ in self.column_specs:
            self.add_column(Text(label, no_wrap=True, overflow="ellipsis"), width=width)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width
        if not width or not self.column_specs:
            return
        room = width - self.styles.scrollbar_size_vertical
        widths = fit_widths(self.column_specs, room, 2 * self.cell_padding)
        for column, w in zip(self.ordered_columns, widths, strict=True):
            column.width = w
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh()
