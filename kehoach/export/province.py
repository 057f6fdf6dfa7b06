"""The province's summary of many centres' plans ("Tổng hợp kế hoạch hoạt động các Trung
tâm học tập cộng đồng năm …"): a table of the centres with their figures, totals in
figures and in words, and the centres whose plan has errors or is not yet approved; as
text, and as Word in the same official layout as the plan.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass

from kehoach.store.centres import CentreRow, CentresView
from kehoach.store.document import CentreDoc, PlanDoc, SignerDoc
from kehoach.store.settings import load_settings, money_in_words, save_setting, southern_words
from kehoach.store.vntext import clean_line, format_int, format_money, read_number

from .text_table import cut, narrow_table

DEFAULT_ISSUER = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"


@dataclass(frozen=True)
class Issuer:
    """Who issues the summary: the body above (may be empty), the issuing body, the code
    in the number ("SGDĐT"), the place before the date."""

    parent_body: str = ""
    issuing_body: str = DEFAULT_ISSUER
    code: str = "SGDĐT"
    place: str = ""


ISSUER_KEYS = ("parent_body", "issuing_body", "code", "place")


def summary_issuer() -> Issuer:
    """The issuer this user set (settings), or the education department by default."""
    saved = load_settings().get("summary_issuer") or {}
    values = {k: clean_line(str(saved[k])) for k in ISSUER_KEYS if saved.get(k)}
    return Issuer(**values)


def set_summary_issuer(**values: str | None) -> Issuer:
    """Remember the issuer's lines given (the others kept) for this user's summaries."""
    current = summary_issuer()
    merged = {k: getattr(current, k) for k in ISSUER_KEYS}
    merged.update({k: clean_line(v) for k, v in values.items() if v is not None})
    save_setting("summary_issuer", merged)
    return Issuer(**merged)


def summary_title(year: int) -> str:
    return f"Tổng hợp kế hoạch hoạt động các Trung tâm học tập cộng đồng năm {year}"


def _in_words(n: int) -> str:
    text = read_number(n, southern=southern_words())
    return text[:1].upper() + text[1:]


COLUMNS = ["STT", "Trung tâm (xã)", "Trạng thái", "HĐ", "Lớp", "Học viên", "Kinh phí", "Lỗi", "CB"]


def _cells(i: int, r: CentreRow, narrow: bool = False) -> list[str]:
    """A centre's row; `narrow` (the text form, 80 columns): its name cut with "…" and the
    revision written short."""
    revision = (
        (f" (b.{r.revision})" if narrow else f" (bản {r.revision})") if r.revision > 1 else ""
    )
    commune = cut(r.commune, COMMUNE_WIDTH) if narrow else r.commune
    return [
        str(i),
        commune,
        r.status_label + revision,
        format_int(r.totals.activities),
        format_int(r.totals.classes),
        format_int(r.totals.learners),
        format_money(r.totals.budget),
        str(r.errors),
        str(r.warnings),
    ]


COMMUNE_WIDTH = 16  # the text form's commune column: the whole table fits 80 columns


def _total_cells(view: CentresView) -> list[str]:
    t = view.total
    return [
        "",
        f"Cộng ({len(view.rows)} trung tâm)",
        "",
        format_int(t.activities),
        format_int(t.classes),
        format_int(t.learners),
        format_money(t.budget),
        str(view.errors),
        str(view.warnings),
    ]


def _totals_lines(view: CentresView) -> list[str]:
    t = view.total
    return [
        f"Tổng số hoạt động: {format_int(t.activities)} ({_in_words(t.activities)}).",
        f"Tổng số lớp: {format_int(t.classes)} ({_in_words(t.classes)}).",
        f"Tổng số lượt học viên: {format_int(t.learners)} ({_in_words(t.learners)}).",
        f"Tổng kinh phí: {format_money(t.budget)}. Bằng chữ: {money_in_words(t.budget)}.",
    ]


def _attention_lines(view: CentresView) -> tuple[list[str], list[str]]:
    errors = [f"{r.commune}: {r.errors} lỗi" for r in view.with_errors]
    pending = [
        f"{r.commune}: {r.status_label}" + (f" (bản {r.revision})" if r.revision > 1 else "")
        for r in view.not_approved
    ]
    return errors, pending


def render_summary_text(view: CentresView, issuer: Issuer | None = None) -> str:
    """The summary as text (for a meeting, or to paste), within 80 columns: the title and
    the issuer's line wrapped, the table's communes cut with "…"."""
    import textwrap

    issuer = issuer or summary_issuer()
    if view.year is None:
        return "Chưa có kế hoạch nào.\n"
    out = [
        summary_title(view.year).upper(),
        " – ".join(x for x in (issuer.issuing_body, issuer.parent_body) if x),
        "",
        narrow_table(
            [_cells(i, r, narrow=True) for i, r in enumerate(view.rows, 1)] + [_total_cells(view)],
            COLUMNS,
            ("right", "left", "left", *["right"] * 6),
        ),
        "",
        *_totals_lines(view),
        "",
    ]
    errors, pending = _attention_lines(view)
    out.append("Các trung tâm có kế hoạch còn lỗi:" if errors else "Không trung tâm nào còn lỗi.")
    out += [f"- {line}" for line in errors]
    out.append(
        "Các trung tâm có kế hoạch chưa được phê duyệt:"
        if pending
        else "Kế hoạch của mọi trung tâm đã được phê duyệt."
    )
    out += [f"- {line}" for line in pending]
    table = out[3]
    wrapped = [
        part
        if part is table
        else textwrap.fill(part, 80, subsequent_indent="  ", break_on_hyphens=False)
        for part in out
    ]
    return "\n".join(wrapped).rstrip() + "\n"


def summary_docx_bytes(
    view: CentresView, issuer: Issuer | None = None, today: _dt.date | None = None
) -> bytes:
    """The summary as Word, in the plan's official layout (header, title, table, totals,
    signature)."""
    from kehoach.store.errors import KehoachError

    from .docx_plan import (
        PORTRAIT_TEXT_MM,
        author_of,
        docx_package,
        grid_table_xml,
        header_xml,
        signatures,
        title_block,
        widths_for,
    )
    from .docx_template import section_properties

    if view.year is None:
        raise KehoachError("Chưa có kế hoạch nào.", "there is no plan yet")
    issuer = issuer or summary_issuer()
    head = PlanDoc(
        centre=CentreDoc(
            parent_body=issuer.parent_body,
            issuing_body=issuer.issuing_body,
            place_name=issuer.place,
            code=issuer.code,
        ),
        year=view.year,
        number=None,  # the office numbers it when it issues it
        doc_code="BC",
        date=today or _dt.date.today(),
        place=issuer.place or "……",
    )
    head.texts["heading_recipients"] = "Nơi nhận:"
    head.lists["recipient"] = ["Như trên;", "Lưu: VT."]
    head.director = SignerDoc(authority="", title="GIÁM ĐỐC")
    head.approver = None
    title = summary_title(view.year)
    header = [c.upper() for c in COLUMNS]
    rows = [(_cells(i, r), False) for i, r in enumerate(view.rows, 1)]
    rows.append((_total_cells(view), True))
    numeric = {0, 3, 4, 5, 6, 7, 8}
    errors, pending = _attention_lines(view)
    buf = io.BytesIO()
    with docx_package(buf, title=title, author=author_of(head)) as body:
        body.write_table([header_xml(head)])
        title_block(body, "BÁO CÁO", title.upper())
        widths = widths_for(header, (r for r, _ in rows), PORTRAIT_TEXT_MM, bold_last=True)
        body.write_table(grid_table_xml(header, rows, widths, numeric, count=len(rows)))
        for line in _totals_lines(view):
            body.para(line, indent=True)
        body.para(
            "Các trung tâm có kế hoạch còn lỗi:" if errors else "Không trung tâm nào còn lỗi.",
            bold=True,
            indent=True,
            keep_next=bool(errors),
        )
        for line in errors:
            body.para(f"- {line}.", indent=True)
        body.para(
            "Các trung tâm có kế hoạch chưa được phê duyệt:"
            if pending
            else "Kế hoạch của mọi trung tâm đã được phê duyệt.",
            bold=True,
            indent=True,
            keep_next=bool(pending),
        )
        for line in pending:
            body.para(f"- {line}.", indent=True)
        signatures(body, head)
        body.close(section_properties(first=True))
    return buf.getvalue()


def default_summary_name(year: int, fmt: str) -> str:
    return f"tong-hop-ke-hoach-{year}" + (".docx" if fmt == "summary-docx" else ".txt")
