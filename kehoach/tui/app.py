"""The Textual app: global keys, the screens (as modes), the command palette, undo/redo."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import gc
import importlib
import io
import os
import signal
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from peewee import DoesNotExist, OperationalError
from textual._context import active_app
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.reactive import Initialize, Reactive
from textual.screen import ModalScreen, Screen

from kehoach.store.db import database_is_open, open_database
from kehoach.store.document import period_label
from kehoach.store.editing import UndoStack
from kehoach.store.errors import KehoachError
from kehoach.store.models import STATUS_LABELS, Plan
from kehoach.store.plans import find_plan, latest_plan
from kehoach.store.server import is_server_url
from kehoach.store.settings import load_settings, save_setting, southern_words
from kehoach.store.vntext import fold


def _lazy_screen(module: str, name: str):
    """A screen imported when first shown: the first screen loads only what it needs."""

    def make():
        screen = getattr(importlib.import_module(f"kehoach.tui.screens.{module}"), name)()
        # Textual re-parses the whole stylesheet (twice) on a mode's first showing, for a
        # screen that has never seen a theme change. A new screen's widgets take their
        # styles when mounted, and a theme change refreshes the stylesheet by itself, so
        # the new screen is marked current: ~20-40 ms less on start-up and on each F-key's
        # first use (the snapshot tests show the screens unchanged).
        with contextlib.suppress(LookupError, AttributeError):
            screen._css_update_count = active_app.get()._css_update_count
        return screen

    return make


SCREEN_TITLES = {
    "overview": "Tổng quan",
    "months": "Kế hoạch tháng",
    "survey": "Khảo sát",
    "approval": "Phê duyệt",
    "texts": "Văn bản",
    "checks": "Kiểm tra",
    "centres": "Các trung tâm",
}


class KehoachCommands(Provider):
    """Every action, searchable without diacritics ("ke hoach thang" finds "Kế hoạch tháng")."""

    def _commands(self) -> list[tuple[str, Any, str]]:
        app: KehoachApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, Any, str]] = [
            (f"Màn hình: {title}", partial(app.switch_mode, mode), f"F{i + 2}")
            for i, (mode, title) in enumerate(SCREEN_TITLES.items())
            if mode != "centres" or app.several_centres
        ]
        commands += [
            ("Xuất kế hoạch (Word, PDF, Excel, văn bản, Markdown)", app.action_export, "Ctrl+E"),
            (
                "Xuất báo cáo kết quả cuối năm (Word, PDF, văn bản)",
                app.action_export,
                "Ctrl+E",
            ),
            ("In kế hoạch ra máy in (PDF qua CUPS)", app.action_print_plan, "1 bản"),
            ("Chép bản tóm tắt vào bộ nhớ tạm (OSC 52)", app.action_copy_summary, "F2, y"),
            ("Lập kế hoạch năm mới", app.action_new_plan, "từ kế hoạch gần nhất"),
            (
                "Nhập kế hoạch từ tệp Word, Excel hoặc văn bản",
                app.action_import,
                ".docx / .xlsx / .txt",
            ),
            ("Bật/tắt gõ Telex", app.action_toggle_telex, "Ctrl+T"),
            (
                "Đọc số tiền bằng chữ kiểu miền Nam (lẻ, ngàn) / miền Bắc (linh, nghìn)",
                app.action_toggle_southern,
                "miền Nam" if southern_words() else "miền Bắc",
            ),
            ("Hoàn tác", app.action_undo, "Ctrl+Z"),
            ("Làm lại", app.action_redo, "Ctrl+Y"),
            ("Trợ giúp: các phím", app.action_help, "F1"),
        ]
        # every revision by name ("năm 2024 bản 1 (đã phê duyệt)"): an approved revision
        # kept after an amendment can still be opened and exported
        current = app.plan_id
        for plan in app.all_revisions():  # with their centres: one query, however many
            status = STATUS_LABELS.get(plan.status, plan.status).lower()
            commands.append(
                (
                    f"Chuyển sang kế hoạch {period_label(plan.year, plan.period_kind)} "
                    f"bản {plan.revision} ({status}) – xã {plan.centre.commune}",
                    partial(app.open_plan, plan.id),
                    "đang mở" if plan.id == current else "",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        words = fold(query).split()
        for text, callback, help_text in self._commands():
            folded = fold(text)
            if all(w in folded for w in words):
                score = 1.0 if folded.startswith(" ".join(words)) else 0.6
                yield Hit(score, text, callback, help=help_text)


def _few_colours() -> bool:
    """Fewer than 256 colours, as Textual's console will see the terminal (PuTTY's default
    TERM=xterm has 16): the sign of an old terminal, often over a slow link."""
    from rich.console import Console
    from textual import constants

    console = Console(file=io.StringIO(), force_terminal=True, color_system=constants.COLOR_SYSTEM)
    return console.color_system in (None, "standard", "windows")


class KehoachApp(App):
    theme: Reactive[str] = Reactive(Initialize(lambda app: app._first_theme()))
    CSS_PATH = "app.tcss"
    TITLE = "kehoach"
    COMMANDS = {KehoachCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    MODES = {
        "overview": _lazy_screen("overview", "OverviewScreen"),
        "months": _lazy_screen("months", "MonthsScreen"),
        "survey": _lazy_screen("survey", "SurveyScreen"),
        "approval": _lazy_screen("approval", "ApprovalScreen"),
        "texts": _lazy_screen("texts", "TextsScreen"),
        "checks": _lazy_screen("checks", "ChecksScreen"),
        "centres": _lazy_screen("centres", "CentresScreen"),
    }
    BINDINGS = [
        Binding("f1,question_mark", "help", "Trợ giúp", id="app.help"),
        Binding("f2", "switch_mode('overview')", "Tổng quan", id="app.overview"),
        Binding("f3", "switch_mode('months')", "Tháng", id="app.months"),
        Binding("f4", "switch_mode('survey')", "Khảo sát", id="app.survey"),
        Binding("f5", "switch_mode('approval')", "Duyệt", id="app.approval"),
        Binding("f6", "switch_mode('texts')", "Văn bản", id="app.texts"),
        Binding("f7", "switch_mode('checks')", "Kiểm tra", id="app.checks"),
        # shown and working only when the database holds several centres
        Binding("f8", "centres", "Trung tâm", id="app.centres"),
        Binding("ctrl+e", "export", "Xuất", id="app.export"),
        # priority: ctrl+t works in every form and dialog too (a modal screen hides the
        # app's other keys); one of the two shows at a time, its label saying which is on
        Binding("ctrl+t", "telex_on", "Telex: tắt", id="app.telex_on", priority=True),
        Binding("ctrl+t", "telex_off", "Telex: BẬT", id="app.telex_off", priority=True),
        Binding("ctrl+q", "quit", "Thoát", id="app.quit"),
        Binding("ctrl+z", "undo", "Hoàn tác", id="app.undo", show=False),
        Binding("ctrl+y", "redo", "Làm lại", id="app.redo", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "Bảng lệnh: tìm mọi việc (không cần dấu)",
            id="app.palette",
            show=False,
            priority=True,
        ),
        # Keys typed ahead arrive together over a slow SSH link. Tab moves the focus at
        # once (priority), so what is typed after it lands in the next field; saving
        # (ctrl+s) is not a priority key, so it comes after what was typed before it.
        Binding("tab", "focus_next", "Ô sau", id="app.focus_next", show=False, priority=True),
        Binding(
            "shift+tab",
            "focus_previous",
            "Ô trước",
            id="app.focus_previous",
            show=False,
            priority=True,
        ),
    ]

    def get_driver_class(self):
        """On Linux and macOS, Textual's driver with redundant colour changes dropped."""
        from textual import constants

        if sys.platform.startswith("win") or constants.DRIVER:
            return super().get_driver_class()
        from .driver import LeanDriver

        return LeanDriver

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        year: int | None = None,
        centre_id: int | None = None,
        plan_id: int | None = None,
        theme: str | None = None,
        mouse: bool = False,
        low_bandwidth: bool = False,
        detect_colours: bool = True,
    ) -> None:
        # Colours and theme are settled before Textual reads its stylesheets (the `theme`
        # default below is computed from them): a theme set later parses every stylesheet
        # again, ~20 ms of each low-bandwidth start-up.
        self.wanted_theme = theme
        self.low_bandwidth = low_bandwidth or (detect_colours and _few_colours())
        super().__init__()
        self.set_class(self.low_bandwidth, "-low-bandwidth", update=False)
        # a server's URL stays as it is (store.server); a file is a Path
        self.db_path = db_path if is_server_url(db_path) else Path(db_path)
        self.wanted_year = year
        self.wanted_centre_id = centre_id
        self.wanted_plan_id = plan_id  # `--revision N`: that revision of the plan
        self.mouse_enabled = mouse
        self.animation_level = "none"
        self.undo_stack = UndoStack()
        self.copied_activity: dict[str, Any] | None = None
        self.telex: bool = bool(load_settings().get("telex", False))
        self.plan_id: int | None = None
        # the line naming a row of the open plan out of range (written around the program:
        # sqlite3 on a file, psql before the server's checks), or None
        self.plan_fault: str | None = None
        self.several_centres = False
        self.plan_period: tuple[int, int] | None = None  # (centre, year) of the plan shown
        self.fixed_today: _dt.date | None = None

    # --- plan ------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        if self.plan_id is None:
            raise KehoachError("Chưa có kế hoạch nào.", "no plan")
        plan = Plan.get_or_none(Plan.id == self.plan_id)
        if plan is None and self.plan_period is not None:
            # another session replaced this revision (import --replace): its successor
            centre_id, year = self.plan_period
            plan = find_plan(year, centre_id)
            if plan is not None:
                self.set_plan(plan)
                self.undo_stack = UndoStack()
                self.notify(
                    f"Kế hoạch năm {year} vừa được thay ở phiên khác; đã mở bản mới.",
                    severity="warning",
                    timeout=8,
                )
        if plan is None:
            raise KehoachError(
                "Kế hoạch này không còn (phiên khác vừa xóa); hãy mở lại chương trình.",
                "this plan is gone (another session deleted it)",
            )
        return plan

    def set_plan(self, plan: Plan) -> None:
        from kehoach.store.centres import centre_count

        self.plan_id = plan.id
        several = centre_count() > 1
        if several != self.several_centres:
            self.several_centres = several
            self.refresh_bindings()
        self.plan_period = (plan.centre_id, plan.year)
        self.title = f"kehoach – TTHTCĐ xã {plan.centre.commune}"
        self._check_range(plan)

    def _check_range(self, plan: Plan) -> None:
        """The check every command reading a plan makes (store.guards.ensure_in_range): a
        row out of range is one line, kept in `plan_fault` for the overview and shown as a
        notification when it is new, instead of totals that silently add it up."""
        from kehoach.store.guards import ensure_in_range

        try:
            ensure_in_range([plan.id])
            fault = None
        except KehoachError as exc:
            fault = str(exc)
        if fault is not None and fault != self.plan_fault:
            self.notify(fault, severity="error", timeout=15)
        self.plan_fault = fault

    def all_revisions(self) -> list[Plan]:
        from kehoach.store.centres import plans_with_centres

        return plans_with_centres()

    def all_plans(self) -> list[Plan]:
        from kehoach.store.centres import current_plans_with_centres

        return current_plans_with_centres()

    def open_plan(self, plan_id: int) -> None:
        self.set_plan(Plan.get_by_id(plan_id))
        self.undo_stack = UndoStack()
        self._refresh_screen()
        plan = self.plan
        self.notify(f"Đang mở kế hoạch năm {plan.year} – xã {plan.centre.commune}.")

    def today(self) -> _dt.date:
        """Today, for what is overdue and what comes next (tests set `fixed_today`)."""
        return self.fixed_today or _dt.date.today()

    # --- start -----------------------------------------------------------------------

    def on_mount(self) -> None:
        # the SSH link dropping (SIGHUP) or a shutdown (SIGTERM) ends the app cleanly;
        # every change is already saved in its own transaction
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit)
        if not database_is_open(self.db_path):  # the command line has opened it already
            open_database(self.db_path)
        if self.wanted_theme and self.wanted_theme not in self.available_themes:
            self.notify(f"Không có giao diện “{self.wanted_theme}”.", severity="warning")
        plan = self._first_plan()
        if plan is None:
            from .screens.setup import setup_form

            self.push_screen(setup_form(), self._after_setup)
            return
        self.set_plan(plan)
        # several centres and none named: the list of centres first
        wanted = self.wanted_centre_id is not None
        self.switch_mode("centres" if self.several_centres and not wanted else "overview")

    def _first_plan(self) -> Plan | None:
        """The plan to open: `--centre`'s (or the only centre's) for `--year` or its latest;
        with several centres and no `--centre`, the newest plan of any; `--revision`'s
        plan when it was given (the command line found it)."""
        if self.wanted_plan_id is not None:
            wanted = Plan.get_or_none(Plan.id == self.wanted_plan_id)
            if wanted is not None:
                self.wanted_centre_id = wanted.centre_id
                return wanted
        centre = self.wanted_centre_id
        if centre is None:
            from kehoach.store.centres import resolve_centre

            try:
                centre = resolve_centre(None)
            except KehoachError:  # several centres
                return latest_plan(self.wanted_year) or latest_plan()
        if centre is None:
            return None
        plan = find_plan(self.wanted_year, centre)
        if plan is None and self.wanted_year is not None:
            self.notify(
                f"Không có kế hoạch năm {self.wanted_year}; mở năm gần nhất.", severity="warning"
            )
            plan = find_plan(None, centre)
        return plan

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen back 50 ms when switching modes, to hide the switch;
        the first switch, from the blank start-up screen, has nothing to hide, and holding
        it back would throw the first frame away and draw it again."""
        if self.current_mode == self.DEFAULT_MODE:
            return
        super().delay_update(delay)

    # seconds after the first frame: it is written by then, and the first screen's deferred
    # work (the overview's checks, 0.15 s after its mount) has not begun
    COLLECTOR_BACK_AFTER = 0.05

    def on_ready(self) -> None:
        """The first frame is out (Textual's Ready): the collector comes back."""
        if not gc.isenabled():  # the command line turned it off for start-up
            self.set_timer(self.COLLECTOR_BACK_AFTER, self._collector_back)

    def _collector_back(self) -> None:
        """Start-up's objects live as long as the app: collect once, then move them out of
        the collector's way (gc.freeze), so later full collections stay short.

        Once, 50-100 ms, as soon as the first frame is out and before the overview's checks:
        it was on a timer of 1 s from the start, and the checks of a big plan (0.3 s of
        3,000 activities, longer on a loaded machine) pushed it back to where the first key
        comes (it fell inside F3, on 3,000 activities only). The checks now run with the
        collector on, their garbage (~4 MB on 3,000 activities) freed as they go."""
        gc.collect()
        gc.freeze()
        gc.enable()

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False, **kwargs):
        """As App's; a dialog or form opening first clears the toasts on screen for a
        while already: an old message ("Không thể phê duyệt…") was read as the dialog's,
        and toasts stacked over the export dialog hid its path field for seconds. What was
        said just now stays (opening the form may itself have said it: "Kế hoạch … vừa được
        thay ở phiên khác"), and so does what start-up said over the first-run form."""
        if isinstance(screen, ModalScreen) and type(self.screen) is not Screen:
            self.clear_old_notifications()
        return super().push_screen(screen, callback, wait_for_dismiss, **kwargs)

    # a toast raised longer ago than this is stale when a dialog opens (one key's time)
    STALE_TOAST_SECONDS = 0.5

    def clear_old_notifications(self) -> None:
        now = time.time()
        old = [n for n in self._notifications if now - n.raised_at > self.STALE_TOAST_SECONDS]
        if old:
            for notification in old:
                self._unnotify(notification, refresh=False)
            self._refresh_notifications()

    def _after_setup(self, plan: Plan | None) -> None:
        if plan is None:
            self.exit()
            return
        self.set_plan(plan)
        self.switch_mode("overview")

    def _first_theme(self) -> str:
        """`--theme` if there is such a theme, else by the terminal's colours."""
        if self.wanted_theme and self.wanted_theme in self.available_themes:
            return self.wanted_theme
        return "ansi-dark" if self.low_bandwidth else "textual-dark"

    # --- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One ctrl+t binding shows at a time, its label saying whether Telex is on."""
        if action == "telex_on":
            return not self.telex
        if action == "telex_off":
            return self.telex
        if action == "centres":
            return self.several_centres
        return True

    def _refresh_screen(self) -> None:
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()
        keys = getattr(self.screen, "refresh_keys", None)
        if keys is not None:  # another plan: another status
            keys()

    def action_centres(self) -> None:
        if self.several_centres:
            self.switch_mode("centres")

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_undo(self) -> None:
        self._undo_redo(self.undo_stack.undo, "Đã hoàn tác", "Không còn gì để hoàn tác.")

    def action_redo(self) -> None:
        self._undo_redo(self.undo_stack.redo, "Đã làm lại", "Không còn gì để làm lại.")

    def _undo_redo(self, func, done: str, nothing: str) -> None:
        try:
            change = func()
        except (KehoachError, OperationalError, DoesNotExist) as exc:
            # refused: the plan locked, the database busy, or the record moved on in
            # another session (then the step is dropped and the screen reloaded)
            refused = getattr(self.screen, "refused", None)
            if refused is not None:
                refused(exc)
            else:
                self.notify(str(exc), severity="error", timeout=8)
            return
        if change is None:
            self.notify(nothing, severity="warning")
            return
        self.notify(f"{done}: {change.label}.")
        self._refresh_screen()
        show = getattr(self.screen, "show_change", None)
        if show is not None:  # F3: the cursor on the row that changed
            show(change)

    def action_toggle_telex(self) -> None:
        self.telex = not self.telex
        save_setting("telex", self.telex)
        self.refresh_bindings()
        # the key bar of the screen under a form or dialog shows too: it says so at once
        from .widgets.bars import KeyBar

        for screen in self.screen_stack:
            for bar in screen.query(KeyBar):
                bar.call_after_refresh(bar.show_keys)
        self.notify("Gõ Telex: bật." if self.telex else "Gõ Telex: tắt.")

    def action_toggle_southern(self) -> None:
        southern = not southern_words()
        save_setting("southern_words", southern)
        self.notify(
            "Số tiền bằng chữ: kiểu miền Nam (lẻ, ngàn)."
            if southern
            else "Số tiền bằng chữ: kiểu miền Bắc (linh, nghìn)."
        )
        self._refresh_screen()

    def action_telex_on(self) -> None:
        self.action_toggle_telex()

    def action_telex_off(self) -> None:
        self.action_toggle_telex()

    def action_command_palette(self) -> None:
        """Textual's palette, its "no matches" line in Vietnamese."""
        from textual.command import CommandPalette

        from .palette import VnCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(VnCommandPalette(id="--command-palette"))

    def action_export(self) -> None:
        from .screens.export_dialog import ExportDialog

        if self.plan_id is None:
            return
        self.push_screen(ExportDialog(self.plan))

    def action_copy_summary(self) -> None:
        from .meeting import copy_summary

        if self.plan_id is not None:
            copy_summary(self)

    def action_print_plan(self) -> None:
        from .meeting import print_plan

        if self.plan_id is not None:
            print_plan(self)

    def action_new_plan(self) -> None:
        from .screens.new_plan import new_plan_form

        if self.plan_id is None:
            return

        def done(plan: Plan | None) -> None:
            if plan is not None:
                self.open_plan(plan.id)

        self.push_screen(new_plan_form(self.plan), done)

    def action_import(self) -> None:
        from .screens.import_dialog import ImportDialog

        def done(plan: Plan | None) -> None:
            if plan is not None:
                self.open_plan(plan.id)

        self.push_screen(ImportDialog(), done)

    def jump_to(self, target: tuple) -> None:
        """Go to where a problem is: an activity's field, a text, a survey line, a month."""
        if not target:
            return
        kind = target[0]
        if kind == "activity":
            self.switch_mode("months")
            self.call_after_refresh(self.screen.edit_field, target[1], target[2])  # type: ignore[attr-defined]
        elif kind == "held":
            self.switch_mode("months")
            self.call_after_refresh(self.screen.record_held_for, target[1])  # type: ignore[attr-defined]
        elif kind == "month":
            self.switch_mode("months")
            self.call_after_refresh(self.screen.table.go_to_month, target[1])  # type: ignore[attr-defined]
        elif kind == "survey":
            self.switch_mode("survey")
        elif kind in ("plan", "text"):
            from kehoach.store.views import text_entry_for

            self.switch_mode("texts")
            self.call_after_refresh(self.screen.select_entry, text_entry_for(kind, target[1]))  # type: ignore[attr-defined]
