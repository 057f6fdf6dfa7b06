"""Sending the plan's PDF to the office printer through CUPS (`lp`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from kehoach.store.errors import KehoachError
from kehoach.store.models import Plan

LP_TIMEOUT = 60.0  # seconds: lp hands the file to the CUPS scheduler and returns
MAX_COPIES = 99
_JOB_RE = re.compile(r"request id is (\S+)")


def print_plan(plan: Plan, *, copies: int = 1, printer: str | None = None) -> str:
    """Render the plan to PDF and send it to `printer` (CUPS's default when None).
    Returns the printer's answer: the job id ("Office-42"), or lp's own line."""
    if shutil.which("lp") is None:  # said before the PDF is made
        raise no_lp()
    from .plan_export import export_bytes

    return send_pdf(export_bytes(plan, "pdf"), copies=copies, printer=printer, title=_title(plan))


def _title(plan: Plan) -> str:
    from .files import default_file_name

    return default_file_name(plan, "pdf")


def no_lp() -> KehoachError:
    return KehoachError(
        "Không có lệnh in lp (CUPS): cài gói cups-client và khai báo máy in.",
        "no lp command (CUPS): install cups-client and set up the printer",
    )


def send_pdf(
    pdf: bytes, *, copies: int = 1, printer: str | None = None, title: str = "kehoach"
) -> str:
    lp = shutil.which("lp")
    if lp is None:
        raise no_lp()
    if not 1 <= copies <= MAX_COPIES:
        raise KehoachError(
            f"Số bản in phải từ 1 đến {MAX_COPIES}.", f"copies must be 1 to {MAX_COPIES}"
        )
    with tempfile.TemporaryDirectory(prefix="kehoach-print-") as tmp:
        path = Path(tmp) / title
        path.write_bytes(pdf)
        command = [lp, "-n", str(copies), "-t", title]
        if printer:
            command += ["-d", printer]
        command.append(str(path))
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=LP_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise KehoachError(
                f"Máy in không trả lời trong {LP_TIMEOUT:g} giây.",
                f"the printing system did not answer within {LP_TIMEOUT:g} s",
            ) from None
        except OSError as exc:
            raise KehoachError(
                f"Không chạy được lp: {exc.strerror}.", f"cannot run lp: {exc.strerror}"
            ) from None
    answer = " ".join((done.stdout or "").split())
    if done.returncode != 0:
        why = " ".join((done.stderr or done.stdout or "").split())[:160] or "no answer"
        where = f"máy in {printer}" if printer else "máy in mặc định"
        raise KehoachError(
            f"Không gửi được tới {where}: {why}",
            f"could not print on {'printer ' + printer if printer else 'the default printer'}: {why}",
        )
    m = _JOB_RE.search(answer)
    return m.group(1) if m else (answer or "sent")
