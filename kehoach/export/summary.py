"""The text summary for meetings, plain or Markdown, within 80 columns (tabulate)."""

from __future__ import annotations

import datetime as _dt
import textwrap

from tabulate import tabulate

from kehoach.store.checks import SEVERITY_LABELS, check_plan, split_counts
from kehoach.store.models import Plan
from kehoach.store.views import overview, upcoming_activities
from kehoach.store.vntext import format_date_short, format_int, format_money

WIDTH = 80


def _table(rows, headers, markdown: bool, align) -> str:
    return tabulate(
        rows,
        headers=headers,
        tablefmt="github" if markdown else "simple",
        colalign=align,
        disable_numparse=True,
    )


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, subsequent_indent=indent, break_long_words=True) or [""]


def render_summary(plan: Plan, *, markdown: bool = False, today: _dt.date | None = None) -> str:
    today = today or _dt.date.today()
    ov = overview(plan)
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    out: list[str] = []
    out += _wrap(f"{h1}KẾ HOẠCH HOẠT ĐỘNG TTHTCĐ XÃ {ov.commune.upper()} – {ov.period.upper()}")
    out += _wrap(f"{ov.centre}")
    out += _wrap(f"{ov.number} · {ov.date}")
    out += _wrap(f"Trạng thái: {ov.status} (bản {ov.revision})")
    out.append("")
    t = ov.totals
    out.append(f"{h2}Tổng cộng")
    out.append("")
    out += _wrap(
        f"{format_int(t.activities)} hoạt động (chuyên đề), {format_int(t.classes)} lớp, "
        f"{format_int(t.learners)} học viên, kinh phí {format_money(t.budget)}."
    )
    out += _wrap(f"Bằng chữ: {ov.budget_words}.")
    out.append("")
    out.append(f"{h2}Theo chương trình: khảo sát và kế hoạch")
    out.append("")
    out.append(
        _table(
            [row for row in ov.programmes],
            ["CT", "Chương trình", "CĐ KS", "CĐ KH", "Người KS", "HV KH", "≠"],
            markdown,
            ("left", "left", "right", "right", "right", "right", "left"),
        )
    )
    out.append("")
    out.append(f"{h2}Theo tháng")
    out.append("")
    out.append(
        _table(
            [
                (
                    label,
                    format_int(n),
                    format_int(classes),
                    format_int(learners),
                    format_money(budget),
                )
                for label, n, classes, learners, budget in ov.month_table
            ]
            + [
                (
                    "Cộng",
                    format_int(t.activities),
                    format_int(t.classes),
                    format_int(t.learners),
                    format_money(t.budget),
                )
            ],
            ["Tháng", "Hoạt động", "Lớp", "Học viên", "Kinh phí"],
            markdown,
            ("left", "right", "right", "right", "right"),
        )
    )
    out.append("")
    upcoming = upcoming_activities(plan, today)
    out.append(f"{h2}Hai tháng tới (từ {format_date_short(today)})")
    out.append("")
    if upcoming:
        rows = [
            (
                label,
                textwrap.shorten(content, 34, placeholder="…"),
                textwrap.shorten(place, 22, placeholder="…"),
                format_int(learners),
            )
            for label, content, place, learners in upcoming
        ]
        out.append(
            _table(
                rows,
                ["Tháng", "Nội dung", "Địa điểm", "HV"],
                markdown,
                ("left", "left", "left", "right"),
            )
        )
    else:
        out.append("Không có hoạt động nào trong hai tháng tới.")
    out.append("")
    problems = check_plan(plan)
    errors, warnings = split_counts(problems)
    out.append(f"{h2}Kiểm tra: {errors} lỗi, {warnings} cảnh báo")
    out.append("")
    if not problems:
        out.append("Không thấy vấn đề nào.")
    for p in problems:
        out += _wrap(f"- [{SEVERITY_LABELS[p.severity]}] {p.where}: {p.message}", "  ")
    return "\n".join(out).rstrip() + "\n"
