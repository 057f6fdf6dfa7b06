"""The floor: a bare Textual app — Header, a DataTable of the demo's 24 rows, Footer."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

COLUMNS = (
    "STT",
    "Nội dung",
    "Đối tượng",
    "Lớp",
    "HV",
    "Kinh phí",
    "Địa điểm",
    "Phối hợp",
    "Ghi chú",
)


def demo_rows() -> list[tuple[str, ...]]:
    from kehoach.export.importer import parse_text, seed_text
    from kehoach.export.text_plan import activity_cells

    doc, _ = parse_text(seed_text())
    return [tuple(activity_cells(i, a)) for i, a in enumerate(doc.activities, 1)]


class FloorApp(App):
    def __init__(self, rows) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.rows)
        table.focus()


if __name__ == "__main__":
    import json

    # the rows come ready from a file, so that the floor loads nothing but Textual
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as fh:
            rows = json.load(fh)
    else:
        rows = demo_rows()
    FloorApp([tuple(r) for r in rows]).run()
