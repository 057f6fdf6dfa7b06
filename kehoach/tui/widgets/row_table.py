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

# heading, width, gives way[, the narrowest it gives way to: MIN_WIDTH unless given]
Column = tuple[str, int, bool] | tuple[str, int, bool, int]

MIN_WIDTH = 6


def fit_widths(columns: Sequence[Column], room: int, padding: int) -> list[int]:
    """The columns' widths in `room` cells, each column taking `padding` more: those that
    give way shrink in proportion (to their least, MIN_WIDTH unless given); the others keep
    theirs."""
    widths = [column[1] for column in columns]
    least = [column[3] if len(column) > 3 else MIN_WIDTH for column in columns]
    flexible = [i for i, column in enumerate(columns) if column[2]]
    fixed = sum(w for i, w in enumerate(widths) if i not in flexible)
    free = room - fixed - padding * len(columns)
    if sum(widths[i] for i in flexible) <= free:
        return widths
    while flexible:
        wanted = sum(widths[i] for i in flexible)
        narrow = [i for i in flexible if widths[i] * free // wanted < least[i]]
        if not narrow:
            shares = {i: widths[i] * free // wanted for i in flexible}
            for i in flexible:
                widths[i] = shares[i]
            break
        for i in narrow:  # these get their least; the others share what is left
            widths[i] = least[i]
            free -= least[i]
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
        for label, width, *_ in self.column_specs:
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
