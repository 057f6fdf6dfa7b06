"""F2 Tổng quan: the plan at a glance — totals, survey against plan, months, problems."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.checks import count_problems
from store.views import bar, overview, progress_view
from store.vntext import format_int, format_money

from .base import PlanScreen


class OverviewScreen(PlanScreen):
    BINDINGS = []

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

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        ov = self.ov = overview(self.plan)
        self.sub_title = f"Tổng quan – {ov.period}"
        head = Text()
        head.append(ov.centre + "\n", style="bold")
        head.append(f"Kế hoạch {ov.period} · {ov.number} · {ov.date}\n")
        head.append(f"Trạng thái: {ov.status} (bản {ov.revision})")
        self.query_one("#ov-head", Static).update(head)

        t = ov.totals
        totals = Table.grid(padding=(0, 2))
        totals.add_column(justify="left")
        totals.add_column(justify="right")
        totals.add_row("Hoạt động (chuyên đề)", format_int(t.activities))
        totals.add_row("Số lớp", format_int(t.classes))
        totals.add_row("Học viên", format_int(t.learners))
        totals.add_row("Kinh phí", format_money(t.budget))
        totals.add_row("Bằng chữ", Text(ov.budget_words, style="italic"))
        self.query_one("#ov-totals", Static).update(totals)

        lean = self.kapp.low_bandwidth
        progs = Table(
            box=None if lean else box.HEAVY_HEAD,
            title="Khảo sát và kế hoạch theo chương trình",
            title_justify="left",
            expand=False,
        )
        for label, justify in (
            ("CT", "left"),
            ("Chương trình", "left"),
            ("CĐ KS", "right"),
            ("CĐ KH", "right"),
            ("Người KS", "right"),
            ("HV KH", "right"),
            ("", "left"),
        ):
            progs.add_column(label, justify=justify, no_wrap=True)
        for row in ov.programmes:
            style = "bold reverse" if row[-1] else ""
            progs.add_row(*[Text(c) for c in row], style=style)
        self.query_one("#ov-programmes", Static).update(progs)

        # the checks and the progress come right after the first paint: the totals show first
        self.call_after_refresh(self._second_part)

    def _second_part(self) -> None:
        ov = self.ov
        progress = progress_view(self.plan, self.kapp.today())
        months = Table(
            title="Học viên và kinh phí theo tháng", title_justify="left", box=None, padding=(0, 1)
        )
        months.add_column("Tháng", no_wrap=True)
        months.add_column("Đã TC", justify="right", no_wrap=True)
        months.add_column("Học viên", justify="right", no_wrap=True)
        months.add_column("", no_wrap=True, width=20)
        months.add_column("Kinh phí", justify="right", no_wrap=True)
        months.add_column("", no_wrap=True, width=20)
        for (label, learners, budget), (period_label, _, _, _, _) in zip(
            ov.months, ov.month_table, strict=True
        ):
            months.add_row(
                label,
                progress.months.get(period_label, ""),
                format_int(learners),
                bar(learners, ov.top_learners, 20),
                format_money(budget),
                bar(budget, ov.top_budget, 20),
            )
        self.query_one("#ov-months", Static).update(months)

        prog = Table(
            title="Tiến độ thực hiện: đã tổ chức/kế hoạch",
            title_justify="left",
            box=None,
            padding=(0, 1),
        )
        for label in ("Chương trình", "Hoạt động", "Học viên", "Kinh phí đã chi"):
            prog.add_column(
                label, no_wrap=True, justify="left" if label == "Chương trình" else "right"
            )
        for row in progress.rows:
            prog.add_row(*row)
        prog.add_row(*progress.total, style="bold")
        body = Text()
        if progress.overdue:
            body.append(
                f"Quá hạn, chưa ghi kết quả (t trên F3): {len(progress.overdue)}\n", style="bold"
            )
            for line in progress.overdue[:5]:
                body.append(f"  {line}\n")
        self.query_one("#ov-progress", Static).update(Group(prog, body))

        errors, warnings = count_problems(self.plan)
        problems = Text()
        if errors or warnings:
            problems.append(f"Kiểm tra: {errors} lỗi, {warnings} cảnh báo", style="bold")
            problems.append(" — bấm F7 để xem.")
        else:
            problems.append("Kiểm tra: không thấy vấn đề nào.")
        self.query_one("#ov-problems", Static).update(problems)
