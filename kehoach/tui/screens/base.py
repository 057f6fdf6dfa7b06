"""What every plan screen shares: the header, the footer, fresh data on every visit."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from peewee import DoesNotExist, InterfaceError, OperationalError
from rich.text import Text
from textual.screen import Screen
from textual.widgets import DataTable, Static

from kehoach.store.errors import Conflict, KehoachError, busy_error, gone_error
from kehoach.store.models import Plan
from kehoach.store.vntext import matches

from ..widgets.bars import KeyBar, TitleBar
from ..widgets.vn_input import VnInput

if TYPE_CHECKING:
    from ..app import KehoachApp

Row = TypeVar("Row")


class PlanScreen(Screen):
    """A screen about the app's current plan. Subclasses draw in `refresh_data`."""

    # keys F1 lists for this screen besides its bindings: (keys, what they do)
    HELP_KEYS: tuple[tuple[str, str], ...] = ()
    # the bindings (ids) that change the plan: left off the key bar while the plan is
    # submitted or approved (pressed anyway, they say why and how to amend it)
    CHANGE_KEYS: frozenset[str] = frozenset()

    def header(self) -> TitleBar:
        return TitleBar()

    def footer(self) -> KeyBar:
        return KeyBar()

    @property
    def kapp(self) -> KehoachApp:
        return cast("KehoachApp", self.app)

    @property
    def plan(self) -> Plan:
        return self.kapp.plan

    # --- "/" search in a screen's table (the month table has its own, with filters) ----

    table_query: str = ""

    def search_bar(self) -> VnInput:
        bar = VnInput(
            placeholder="Tìm (không cần dấu) — Enter giữ, Esc bỏ", compact=True, id="table-search"
        )
        bar.display = False
        return bar

    def action_search(self) -> None:
        bar = self.query_one("#table-search", VnInput)
        bar.display = True
        self.set_focus(bar)  # now, not later: the keys typed next must land in it

    def action_clear_search(self) -> None:
        bar = self.query_one("#table-search", VnInput)
        bar.value = ""
        bar.display = False
        self.table_query = ""
        self.refresh_data()
        self.focus_table()

    def focus_table(self) -> None:
        """The screen's table takes the keys again (after a search)."""
        self.query("DataTable").last().focus()

    def keep_row(self, cells) -> bool:
        """Does a row match the search typed after "/"? (diacritics ignored)"""
        return not self.table_query or matches(self.table_query, " ".join(cells))

    def on_input_changed(self, event: VnInput.Changed) -> None:
        if event.input.id == "table-search":
            self.table_query = event.value.strip()
            self.refresh_data()

    def on_input_submitted(self, event: VnInput.Submitted) -> None:
        if event.input.id == "table-search":
            event.input.display = bool(self.table_query)
            self.focus_table()

    def show_detail(
        self, table: DataTable, detail_id: str, rows: Sequence[Row], say: Callable[[Row], str]
    ) -> None:
        """In the Static `detail_id` under `table`: `say` of the row under the cursor (of
        `rows`, one a table row), whole where the table's columns cut it; empty when there
        is no row."""
        detail = self.query_one(f"#{detail_id}", Static)
        if not table.row_count or table.cursor_row >= len(rows):
            detail.update("")
            return
        detail.update(Text(say(rows[table.cursor_row])))

    _suspended = False

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        """Back from another screen or a dialog: the data may have changed meanwhile. (The
        first showing is drawn by on_mount.)"""
        if self._suspended:
            self._suspended = False
            self.refresh_data()
        self.refresh_keys()

    def key_offered(self, binding_id: str) -> bool:
        """Is the key shown on the key bar? Not one that changes a locked plan."""
        from kehoach.store.editing import is_locked

        return binding_id not in self.CHANGE_KEYS or not is_locked(self.plan)

    def refresh_keys(self) -> None:
        """The key bar again (the plan's status may have changed)."""
        for bar in self.query(KeyBar):
            bar.show_keys()

    def refresh_data(self) -> None:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def plan_editable(self) -> bool:
        """May the plan be changed? If not (submitted or approved), say why and how to
        amend it, before a form opens."""
        from kehoach.store.editing import ensure_editable

        try:
            ensure_editable(self.plan)
        except KehoachError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        return True

    def refused(self, exc: Exception) -> None:
        """One message for a write that could not be done; the app stays up. When another
        session moved the data on (Conflict), the screen shows the fresh data."""
        if isinstance(exc, (OperationalError, InterfaceError)):  # busy after the retries
            exc = busy_error(exc)
        elif isinstance(exc, DoesNotExist):
            exc = gone_error()
        self.notify(str(exc), severity="error", timeout=8)
        if isinstance(exc, Conflict):
            with contextlib.suppress(KehoachError, OperationalError, DoesNotExist):
                self.refresh_data()

    def run_change(self, func, *args, **kwargs):
        """Call a store change; push it on the undo stack; a refusal becomes a message."""
        try:
            change = func(*args, **kwargs)
        except (KehoachError, OperationalError, InterfaceError, DoesNotExist) as exc:
            self.refused(exc)  # busy, a server connection lost, a row gone: a message
            return None
        self.kapp.undo_stack.push(change)
        self.refresh_data()
        return change
