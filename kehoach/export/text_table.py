"""Tables for the command line's text outputs, which fit 80 columns: tabulate's "simple"
layout with one space between columns and none around a heading, and cells cut with "…"."""

from __future__ import annotations

from collections.abc import Sequence


def cut(text: str, width: int) -> str:
    """`text` whole if it fits `width` columns, else cut with "…" (NFC Vietnamese is one
    column a character)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def narrow_table(
    rows: Sequence[Sequence[str]], headers: Sequence[str], colalign: Sequence[str]
) -> str:
    """The rows under their headings, a dashed line between, one space between columns."""
    import tabulate as _tabulate_module
    from tabulate import DataRow, Line, TableFormat, tabulate

    narrow = TableFormat(
        lineabove=None,
        linebelowheader=Line("", "-", " ", ""),
        linebetweenrows=None,
        linebelow=None,
        headerrow=DataRow("", " ", ""),
        datarow=DataRow("", " ", ""),
        padding=0,
        with_header_hide=None,
    )
    padding = _tabulate_module.MIN_PADDING
    _tabulate_module.MIN_PADDING = 0  # columns as wide as their text
    try:
        return tabulate(
            [list(r) for r in rows],
            headers=list(headers),
            tablefmt=narrow,
            colalign=tuple(colalign),
            disable_numparse=True,
        )
    finally:
        _tabulate_module.MIN_PADDING = padding
