"""Import a plan from a Word (.docx) or text file: what was read first, then confirm."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan

from ..widgets.vn_input import VnInput


class ImportDialog(ModalScreen[Plan | None]):
    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical { width: 90%; max-width: 100; height: 80%; border: round $accent; background: $surface; padding: 1 2; }
    ImportDialog VerticalScroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "import", "Nhập", id="import.save"),
        Binding("escape", "cancel", "Đóng", id="import.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.parsed = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(
                    "Nhập kế hoạch từ tệp Word (.docx), Excel (.xlsx) hoặc văn bản (.txt)",
                    style="bold",
                )
            )
            yield Static("Đường dẫn tệp (Enter: đọc thử):")
            yield VnInput(str(Path.home()), compact=True, id="import-path", telex=False)
            with VerticalScroll():
                yield Static(id="import-report")
            yield Static(Text("Enter: đọc thử · Ctrl+S: nhập · Esc: đóng"))

    def on_input_submitted(self, event: VnInput.Submitted) -> None:
        from kehoach.export.importer import parse_file

        report = self.query_one("#import-report", Static)
        try:
            doc, rep = parse_file(Path(event.value.strip()).expanduser())
        except KehoachError as exc:
            self.parsed = None
            report.update(Text(str(exc), style="bold"))
            return
        self.parsed = doc
        lines = [f"Kế hoạch {doc.year}, xã {doc.centre.commune}: {len(doc.activities)} hoạt động."]
        lines += rep.lines()
        lines.append("Ctrl+S để nhập thành một kế hoạch mới.")
        report.update(Text("\n".join(lines)))

    def action_import(self) -> None:
        from kehoach.export.importer import existing_plan
        from kehoach.store.plans import save_document

        if self.parsed is None:
            self.notify("Hãy đọc thử tệp trước (Enter).", severity="warning")
            return
        if existing_plan(self.parsed) is not None:
            self.notify(
                f"Đã có kế hoạch năm {self.parsed.year} của xã {self.parsed.centre.commune}; dùng dòng lệnh “kehoach import --replace” để thay.",
                severity="error",
                timeout=10,
            )
            return
        self.dismiss(save_document(self.parsed))

    def action_cancel(self) -> None:
        self.dismiss(None)
