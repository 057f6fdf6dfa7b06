"""Before a meeting, from the app: the summary into the user's own clipboard, the plan to
the office printer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehoach.store.errors import KehoachError

if TYPE_CHECKING:
    from .app import KehoachApp

CLIPBOARD_NOTE = (
    "Đã chép bản tóm tắt ({chars} ký tự) vào bộ nhớ tạm của máy bạn (OSC 52). "
    "PuTTY và một số terminal không hỗ trợ: nếu dán không ra, dùng Ctrl+E → "
    "Văn bản tóm tắt (.txt)."
)


def copy_summary(app: KehoachApp) -> str:
    """Put the plan's text summary (what `export text` writes) on the clipboard of the
    terminal the user sits at, over SSH too: Textual writes it as an OSC 52 sequence,
    which the terminal (xterm, Windows Terminal, kitty, tmux with set-clipboard) takes;
    PuTTY ignores it, hence the note."""
    from kehoach.export.summary import render_summary

    text = render_summary(app.plan)
    app.copy_to_clipboard(text)
    app.notify(CLIPBOARD_NOTE.format(chars=f"{len(text):,}".replace(",", ".")), timeout=12)
    return text


def print_plan(app: KehoachApp, copies: int = 1, printer: str | None = None) -> None:
    """Render the plan to PDF and send it to the default CUPS printer, in a thread (the
    PDF takes LibreOffice a few seconds); the printer's answer (the job id) is shown."""
    plan = app.plan
    app.notify("Đang tạo PDF và gửi tới máy in…", timeout=4)

    def work() -> None:
        from kehoach.export.printing import print_plan as send

        try:
            job = send(plan, copies=copies, printer=printer)
        except KehoachError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", timeout=12)
            return
        app.call_from_thread(
            app.notify, f"Đã gửi tới máy in: lệnh in {job} ({copies} bản).", timeout=12
        )

    app.run_worker(work, thread=True, exclusive=True, group="print", name="print")
