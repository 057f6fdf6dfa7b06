"""The Word plan or report as PDF, rendered by LibreOffice headless.

LibreOffice is not a Python dependency: it is an optional program (Debian package
`libreoffice-writer-nogui`). Each conversion runs in a folder of its own holding a fresh,
private LibreOffice profile (`-env:UserInstallation`), so two users exporting at once, or a
LibreOffice already open on the desktop, never share or lock a profile; it is killed, with
every process it started, after `timeout` seconds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kehoach.store.errors import KehoachError

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
DEFAULT_TIMEOUT = 120.0  # seconds; a cold start on a slow office machine takes ~10
TIMEOUT_ENV = "KEHOACH_PDF_TIMEOUT"


def soffice() -> str | None:
    """LibreOffice's program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_libreoffice() -> KehoachError:
    return KehoachError(
        f"Chưa cài LibreOffice (không thấy soffice) để xuất PDF: cài gói {DEBIAN_PACKAGE}.",
        f"PDF needs LibreOffice (soffice not found): install the Debian package {DEBIAN_PACKAGE}",
    )


def _timeout() -> float:
    try:
        value = float(os.environ.get(TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """Render a Word file (its bytes) to PDF bytes. Raises KehoachError (one line) when
    LibreOffice is missing, fails, or takes longer than `timeout` seconds."""
    program = soffice()
    if program is None:
        raise missing_libreoffice()
    limit = timeout if timeout is not None else _timeout()
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "plan.docx"
        source.write_bytes(docx)
        out = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(source),
        ]
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=folder,
                start_new_session=True,  # its own process group: killed whole on time-out
            )
        except OSError as exc:
            raise KehoachError(
                f"Không chạy được LibreOffice ({program}): {exc.strerror}.",
                f"cannot run LibreOffice ({program}): {exc.strerror}",
            ) from None
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise KehoachError(
                f"LibreOffice không xuất xong PDF trong {limit:g} giây; đã dừng nó.",
                f"LibreOffice did not finish the PDF within {limit:g} s; it was stopped",
            ) from None
        except BaseException:
            _kill_group(proc)
            raise
        pdf = out / "plan.pdf"
        if proc.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            last = (err or b"").decode("utf-8", "replace").strip().splitlines()
            why = last[-1][:120] if last else f"exit code {proc.returncode}"
            raise KehoachError(
                f"LibreOffice không xuất được PDF ({why}).",
                f"LibreOffice could not write the PDF ({why})",
            )
        return pdf.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
