"""The terminal driver: Textual's own, with the output passed through SgrFilter, and the
app ended when its terminal goes away."""

from __future__ import annotations

import contextlib
import os
import select
import threading

from textual.drivers.linux_driver import LinuxDriver

from .sgr_filter import SgrFilter


class LeanDriver(LinuxDriver):
    """LinuxDriver writing no redundant colour changes (fewer bytes over SSH), and ending
    the app when the terminal hangs up."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sgr_filter = SgrFilter()
        self._hangup_watch: threading.Thread | None = None

    def write(self, data: str) -> None:
        super().write(self._sgr_filter(data))

    def start_application_mode(self) -> None:
        super().start_application_mode()
        if self._hangup_watch is None:
            self._hangup_watch = threading.Thread(
                target=self._watch_hangup, daemon=True, name="kehoach-hangup"
            )
            self._hangup_watch.start()

    def _watch_hangup(self) -> None:
        """A dropped SSH link normally sends SIGHUP, which ends the app (app.py). Without
        one (no controlling terminal: setsid, some multiplexers and web terminals) the
        terminal just ends, and Textual's input thread then reads nothing in a loop at
        100% of a core for ever (textual PR #6690): a shared office machine with one
        such process left behind is a slow one. This thread waits in poll() for hang-up
        alone (typed keys do not wake it) and ends the app; every change is already
        saved in its own transaction."""
        poller = select.poll()
        try:
            poller.register(self.fileno, 0)  # POLLHUP and POLLERR are always reported
        except (OSError, ValueError):
            return
        while True:
            try:
                if poller.poll():
                    break
            except InterruptedError:
                continue
            except OSError:
                return
        # What is still written on the way out (restoring the terminal, Python flushing
        # its streams) would fail on the dead terminal and turn a clean exit into 120.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            os.dup2(devnull, fd)
        with contextlib.suppress(RuntimeError):  # the app is already on its way out
            self._app.call_from_thread(self._app.exit)
