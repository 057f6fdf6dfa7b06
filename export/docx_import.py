"""Reading a Word plan: its body's paragraphs and tables, in order, as Blocks."""

from __future__ import annotations

import zipfile
from pathlib import Path

from store.errors import KehoachError

from .plan_reader import PARAGRAPH, Block


def _cell_text(cell) -> str:
    return PARAGRAPH.join(p.text for p in cell.paragraphs)


def docx_blocks(path: str | Path) -> list[Block]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KehoachError(
            f"Tệp {path} không phải tệp Word đọc được ({exc.__class__.__name__}).",
            f"{path} is not a readable Word file ({exc.__class__.__name__})",
        ) from None
    except Exception as exc:  # lxml errors of a damaged document part
        raise KehoachError(
            f"Tệp Word {path} bị hỏng.",
            f"the Word file {path} is damaged ({exc.__class__.__name__})",
        ) from None
    blocks: list[Block] = []
    counts = {"paragraph": 0, "table": 0}

    def read(container) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                counts["paragraph"] += 1
                bold = bool(item.runs) and all(r.bold for r in item.runs if r.text.strip())
                blocks.append(
                    Block(where=f"paragraph {counts['paragraph']}", text=item.text, bold=bold)
                )
            elif isinstance(item, Table):
                if len(item.rows) == 1 and len(item.columns) == 1:
                    # a one-cell table only frames what it holds (a block kept on one page)
                    read(item.rows[0].cells[0])
                    continue
                counts["table"] += 1
                rows = []
                for row in item.rows:
                    cells = []
                    previous = None
                    for cell in row.cells:
                        # a merged cell appears once per grid column: keep it once
                        if previous is not None and cell._tc is previous:
                            cells.append("")
                            continue
                        previous = cell._tc
                        cells.append(_cell_text(cell))
                    rows.append(cells)
                blocks.append(Block(where=f"table {counts['table']}", rows=rows))

    read(document)
    return blocks
