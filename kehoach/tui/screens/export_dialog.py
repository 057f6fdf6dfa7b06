"""Ctrl+E: choose the format and the path, see how many problems, write, see where."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, RadioButton, RadioSet, Static

from kehoach.store.checks import count_problems
from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan

from ..widgets.toggles import ShapeCheckbox, ShapeRadioButton
from ..widgets.vn_input import VnInput

FORMATS = [
    ("docx", "Word (.docx) – kế hoạch theo thể thức"),
    ("text", "Văn bản tóm tắt (.txt)"),
    ("md", "Markdown tóm tắt (.md)"),
    ("pdf", "PDF – kế hoạch theo thể thức (qua LibreOffice)"),
    ("xlsx", "Excel (.xlsx) – các bảng tháng, tổng hợp năm, khảo sát"),
    ("report-docx", "Báo cáo kết quả cuối năm – Word (.docx)"),
    ("report-text", "Báo cáo kết quả cuối năm – văn bản (.txt)"),
    ("report-pdf", "Báo cáo kết quả cuối năm – PDF"),
]


class ExportDialog(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical { width: 90%; max-width: 96; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    ExportDialog RadioSet, ExportDialog Checkbox { margin: 1 0 0 0; }
    ExportDialog #export-problems { color: $warning; }
    ExportDialog #export-result { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "write", "Ghi tệp", id="export.write"),
        # Enter writes wherever the focus is (the format list would take it as "choose");
        # on the format list it first chooses the format the cursor is on
        Binding("enter", "enter", "Ghi tệp", id="export.enter", priority=True, show=False),
        Binding("escape", "cancel", "Đóng", id="export.cancel"),
    ]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.fmt = "docx"

    def compose(self) -> ComposeResult:
        from kehoach.export.files import default_export_path

        errors, warnings = count_problems(self.plan)
        with Vertical():
            yield Static(
                Text(f"Xuất kế hoạch năm {self.plan.year} (bản {self.plan.revision})", style="bold")
            )
            yield Static(
                Text(
                    f"Kiểm tra: {errors} lỗi, {warnings} cảnh báo — xem F7 trước khi in."
                    if errors or warnings
                    else "Kiểm tra: không thấy vấn đề nào."
                ),
                id="export-problems",
            )
            with RadioSet(id="export-format", compact=True):
                for i, (key, label) in enumerate(FORMATS):
                    yield ShapeRadioButton(label, value=(i == 0), id=f"fmt-{key}")
            yield ShapeCheckbox(
                "Thêm dòng cộng mỗi tháng và bảng tổng hợp năm (Word)",
                compact=True,
                id="export-totals",
            )
            yield Static("Lưu vào:")
            yield VnInput(
                str(default_export_path(self.plan, "docx")),
                compact=True,
                id="export-path",
                telex=False,
            )
            yield Static(
                Text("↑/↓, Space: chọn · Enter hoặc Ctrl+S: ghi · Esc: đóng"), id="export-result"
            )

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._choose((event.pressed.id or "fmt-docx").removeprefix("fmt-"))

    def _choose(self, fmt: str) -> None:
        from kehoach.export.files import default_file_name

        if fmt == self.fmt:
            return
        self.fmt = fmt
        field = self.query_one("#export-path", VnInput)
        field.value = str(Path(field.value).parent / default_file_name(self.plan, self.fmt))

    def action_enter(self) -> None:
        formats = self.query_one(RadioSet)
        index = formats._selected  # the button under the cursor
        if formats.has_focus and index is not None:
            button = formats.query(RadioButton)[index]
            button.value = True
            self._choose((button.id or "fmt-docx").removeprefix("fmt-"))
        self.action_write()

    def action_write(self) -> None:
        target = Path(self.query_one("#export-path", VnInput).value.strip()).expanduser()
        if target.parent == Path.home() / "kehoach":
            from kehoach.export.files import ensure_export_dir

            try:
                ensure_export_dir(target.parent)
            except KehoachError as exc:
                self._done(None, str(exc))
                return
        totals = self.query_one("#export-totals", Checkbox).value
        self.query_one("#export-result", Static).update("Đang ghi…")
        self._write(target, totals)

    @work(thread=True, exclusive=True)
    def _write(self, target: Path, totals: bool) -> None:
        from kehoach.export.plan_export import export_to

        try:
            path = export_to(self.plan, self.fmt, target, totals=totals)
        except KehoachError as exc:
            self.app.call_from_thread(self._done, None, str(exc))
            return
        self.app.call_from_thread(self._done, path, "")

    def _done(self, path: Path | None, error: str) -> None:
        result = self.query_one("#export-result", Static)
        if path is None:
            result.update(Text(f"Không ghi được: {error}", style="bold"))
            self.notify(error, severity="error")
            return
        result.update(Text(f"Đã ghi: {path}", style="bold"))
        self.notify(f"Đã ghi {path}", timeout=10)

    def action_cancel(self) -> None:
        self.dismiss(None)
