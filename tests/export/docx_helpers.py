"""Reading a Word file back in document order, as a reader would see its lines."""

from __future__ import annotations

from docx.table import Table
from docx.text.paragraph import Paragraph


def body_lines(document) -> list[str]:
    """Every paragraph's lines and every table row (cells joined by " | "), in order.
    Borderless layout tables (header, signatures) give their cells' lines one by one, and
    the tables inside them in their place."""
    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            out += [line.strip() for line in item.text.split("\n") if line.strip()]
        elif isinstance(item, Table):
            if item.style is not None and item.style.name == "Table Grid":
                for row in item.rows:
                    out.append(" | ".join(c.text.strip() for c in row.cells))
            else:
                for row in item.rows:
                    for cell in row.cells:
                        out += body_lines(cell)
    return out
