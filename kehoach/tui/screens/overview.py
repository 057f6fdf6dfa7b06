"""F2 Tổng quan: the plan at a glance — totals, survey against plan, months, problems."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from kehoach.store.models import Plan
from kehoach.store.views import Overview, bar, overview, progress_view
from kehoach.store.vntext import format_int, format_money

from ..widgets.text_table import LEFT, RIGHT, text_table
from .base import PlanScreen


class OverviewScreen(PlanScreen):
    BINDINGS = [
        Binding("y", "app.copy_summary", "Chép tóm tắt", id="overview.copy"),
    ]
    HELP_KEYS = (
        ("↑/↓, PgUp/PgDn", "cuộn lên / xuống"),
        ("Home/End", "lên đầu / xuống cuối trang"),
        ("F7", "xem từng vấn đề; Enter ở đó đến chỗ sai"),
        ("F3", "bảng các tháng: sửa, thêm hoạt động; t ghi kết quả"),
    )

    def compose(self) -> ComposeResult:
        yield self.header()
        with VerticalScroll(id="overview"):
            yield Static(id="ov-head")
            yield Static(id="ov-problems")
            yield Static(id="ov-totals")
            yield Static(id="ov-programmes")
            yield Static(id="ov-months")
            yield Static(id="ov-progress")
        yield self.footer()

    # On the first showing the figures are drawn at once and the checks (~10 ms with their
    # module, a twentieth of start-up) a moment later, once the first frame is out; the
    # line they go on is held meanwhile, so nothing below it moves.
    CHECKS_AFTER = 0.15  # seconds

    def on_mount(self) -> None:
        plan = self.plan
        self._progress_part(plan, self._totals_part(plan))
        self.query_one("#ov-problems", Static).update(
            Text(
                self.kapp.plan_fault or "Kiểm tra: …",
                style="bold reverse" if self.kapp.plan_fault else "",
            )
        )
        self.set_timer(self.CHECKS_AFTER, self._checks_part)

    def refresh_data(self) -> None:
        plan = self.plan  # one reading of the plan for the whole screen
        self._progress_part(plan, self._totals_part(plan))
        self._checks_part(plan)

    def _totals_part(self, plan: Plan) -> Overview:
        ov = overview(plan)
        self.sub_title = f"Tổng quan – {ov.period}"
        head = Text()
        head.append(ov.centre + "\n", style="bold")
        head.append(f"Kế hoạch {ov.period} · {ov.number} · {ov.date}\n")
        head.append(f"Trạng thái: {ov.status} (bản {ov.revision})")
        self.query_one("#ov-head", Static).update(head)

        t = ov.totals
        totals = text_table(
            [("", LEFT), ("", RIGHT)],
            [
                ("Hoạt động (chuyên đề)", format_int(t.activities)),
                ("Số lớp", format_int(t.classes)),
                ("Học viên", format_int(t.learners)),
                ("Kinh phí", format_money(t.budget)),
            ],
            header=False,
        )
        totals.append("\nBằng chữ: ")
        totals.append(ov.budget_words, style="italic")
        self.query_one("#ov-totals", Static).update(totals)

        progs = text_table(
            [
                ("CT", LEFT),
                ("Chương trình", LEFT),
                ("CĐ KS", RIGHT),
                ("CĐ KH", RIGHT),
                ("Người KS", RIGHT),
                ("HV KH", RIGHT),
                ("", LEFT),
            ],
            ov.programmes,
            title="Khảo sát và kế hoạch theo chương trình",
            rule=not self.kapp.low_bandwidth,
            row_styles=["bold reverse" if row[-1] else "" for row in ov.programmes],
        )
        self.query_one("#ov-programmes", Static).update(progs)
        return ov

    def _progress_part(self, plan: Plan, ov: Overview) -> None:
        progress = progress_view(plan, self.kapp.today())
        months = text_table(
            [
                ("Tháng", LEFT),
                ("Đã TC", RIGHT),
                ("Học viên", RIGHT),
                ("", LEFT),
                ("Kinh phí", RIGHT),
                ("", LEFT),
            ],
            [
                (
                    label,
                    progress.months.get(period_label, ""),
                    format_int(learners),
                    bar(learners, ov.top_learners, 20).ljust(20),
                    format_money(budget),
                    bar(budget, ov.top_budget, 20),
                )
                for (label, learners, budget), (period_label, *_) in zip(
                    ov.months, ov.month_table, strict=True
                )
            ],
            title="Học viên và kinh phí theo tháng",
            rule=False,
            gap=1,
        )
        self.query_one("#ov-months", Static).update(months)

        prog = text_table(
            [
                ("Chương trình", LEFT),
                ("Hoạt động", RIGHT),
                ("Học viên", RIGHT),
                ("Kinh phí đã chi", RIGHT),
            ],
            [*progress.rows, progress.total],
            title="Tiến độ thực hiện: đã tổ chức/kế hoạch",
            rule=False,
            gap=1,
            row_styles=[""] * len(progress.rows) + ["bold"],
        )
        body = Text()
        if progress.overdue:
            body.append(
                f"Quá hạn, chưa ghi kết quả (t trên F3): {len(progress.overdue)}\n", style="bold"
            )
            for line in progress.overdue[:5]:
                body.append(f"  {line}\n")
        if body:
            prog.append("\n\n")
            prog.append_text(body)
        self.query_one("#ov-progress", Static).update(prog)

    def _checks_part(self, plan: Plan | None = None) -> None:
        from kehoach.store.checks import count_problems

        errors, warnings = count_problems(plan or self.plan)
        problems = Text()
        if self.kapp.plan_fault:  # the figures below add up a row out of range
            problems.append(self.kapp.plan_fault + "\n", style="bold reverse")
        if errors or warnings:
            problems.append(f"Kiểm tra: {errors} lỗi, {warnings} cảnh báo", style="bold")
            problems.append(" — bấm F7 để xem.")
        else:
            problems.append("Kiểm tra: không thấy vấn đề nào.")
        self.query_one("#ov-problems", Static).update(problems)
