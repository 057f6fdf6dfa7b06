"""Small tables laid out as one `rich.text.Text`.

A Rich `Table` inside a `Static` is measured and rendered again on every layout pass
(Textual asks for its height, then for its lines), which made the overview the slowest
part of start-up. These tables never wrap and never change width with the terminal, so
they are laid out once, as text: a layout pass then costs what a paragraph costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text

LEFT, RIGHT = "left", "right"


def _pad(cell: str, width: int, justify: str) -> str:
    space = " " * (width - cell_len(cell))
    return space + cell if justify == RIGHT else cell + space


def text_table(
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
    header: bool = True,
    rule: bool = True,
    gap: int = 2,
    row_styles: Sequence[str] | None = None,
) -> Text:
    """`columns` as (header, "left"/"right"); every row a sequence of cell strings.
    A bold header line (`header`) with a rule under it (`rule`), `gap` spaces between columns;
    `row_styles[i]` styles row i ("" for none). Trailing spaces are dropped."""
    rows = [tuple(row) for row in rows]
    widths = [cell_len(label) if header else 0 for label, _ in columns]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))
    sep = " " * gap

    def line(cells: Sequence[str]) -> str:
        return sep.join(
            _pad(cell, width, justify)
            for cell, width, (_, justify) in zip(cells, widths, columns, strict=True)
        ).rstrip()

    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if title:
        text.append(title + "\n", style="italic")
    if header:
        text.append(line([label for label, _ in columns]) + "\n", style="bold")
    if header and rule:
        text.append("─" * (sum(widths) + gap * (len(widths) - 1)) + "\n")
    for i, row in enumerate(rows):
        style = row_styles[i] if row_styles and i < len(row_styles) else ""
        text.append(line(row), style=style)
        text.append("\n")
    text.rstrip()
    return text
