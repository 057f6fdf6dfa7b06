"""What every plan screen shares: the header, the footer, fresh data on every visit."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from peewee import OperationalError
from textual.screen import Screen
from textual.widgets import Footer, Header

from store.errors import KehoachError, busy_error
from store.models import Plan

if TYPE_CHECKING:
    from ..app import KehoachApp


class PlanScreen(Screen):
    """A screen about the app's current plan. Subclasses draw in `refresh_data`."""

    def header(self) -> Header:
        return Header(show_clock=False, icon="")

    def footer(self) -> Footer:
        return Footer(show_command_palette=False, compact=True)

    @property
    def kapp(self) -> KehoachApp:
        return cast("KehoachApp", self.app)

    @property
    def plan(self) -> Plan:
        return self.kapp.plan

    def on_screen_resume(self) -> None:
        # the first resume may come before on_mount has set the tables up; on_mount draws
        if self.is_mounted and all(t.columns for t in self.query("DataTable")):
            self.refresh_data()

    def refresh_data(self) -> None:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def run_change(self, func, *args, **kwargs):
        """Call a store change; push it on the undo stack; a refusal becomes a message."""
        try:
            change = func(*args, **kwargs)
        except KehoachError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return None
        except OperationalError as exc:  # busy after SQLite's own retries
            self.notify(busy_error(exc).vi, severity="error", timeout=8)
            return None
        self.kapp.undo_stack.push(change)
        self.refresh_data()
        return change
