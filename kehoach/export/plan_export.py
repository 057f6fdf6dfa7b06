"""Exporting a stored plan: the Word plan, the text summary, the plan's text form."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

from kehoach.store.models import Plan
from kehoach.store.plans import load_document

from .files import write_atomic

FORMATS = ("docx", "text", "md", "report-docx", "report-text", "pdf", "report-pdf", "xlsx")


def revision_note(plan: Plan) -> str:
    """Said on an amended plan's export: which revision it is."""
    if plan.revision <= 1:
        return ""
    return f"(Điều chỉnh, bổ sung lần {plan.revision - 1})"


def docx_bytes(plan: Plan, *, totals: bool = False, portrait: bool = False) -> bytes:
    """The Word plan; section 6 on landscape pages unless `portrait` (README: layout)."""
    from .docx_plan import write_docx

    figures = None
    if totals:
        from kehoach.store.totals import plan_figures

        figures = plan_figures(plan)
    buf = io.BytesIO()
    write_docx(
        load_document(plan),
        buf,
        totals=figures,
        revision_note=revision_note(plan),
        landscape=not portrait,
    )
    return buf.getvalue()


def export_bytes(
    plan: Plan,
    fmt: str,
    *,
    totals: bool = False,
    today: _dt.date | None = None,
    portrait: bool = False,
) -> bytes:
    if fmt == "docx":
        return docx_bytes(plan, totals=totals, portrait=portrait)
    if fmt == "xlsx":
        from .xlsx_export import xlsx_bytes

        return xlsx_bytes(plan)
    if fmt in ("pdf", "report-pdf"):
        from .pdf import docx_to_pdf, missing_libreoffice, soffice

        if soffice() is None:  # said before the Word file is built
            raise missing_libreoffice()
        source = "docx" if fmt == "pdf" else "report-docx"
        return docx_to_pdf(
            export_bytes(plan, source, totals=totals, today=today, portrait=portrait)
        )
    if fmt == "report-docx":
        from .report import report_docx_bytes

        return report_docx_bytes(plan, today)
    if fmt == "report-text":
        from .report import render_report_text

        return render_report_text(plan).encode("utf-8")
    from .summary import render_summary

    return render_summary(plan, markdown=(fmt == "md"), today=today).encode("utf-8")


def export_to(
    plan: Plan, fmt: str, target: str | Path, *, totals: bool = False, portrait: bool = False
) -> Path:
    """Write the export to `target` safely (temporary file, then rename)."""
    data = export_bytes(plan, fmt, totals=totals, portrait=portrait)
    return write_atomic(target, lambda fh: fh.write(data))
