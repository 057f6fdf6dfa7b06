"""The terminal driver: Textual's own, with the output passed through SgrFilter."""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver

from .sgr_filter import SgrFilter


class LeanDriver(LinuxDriver):
    """LinuxDriver writing no redundant colour changes (fewer bytes over SSH)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sgr_filter = SgrFilter()

    def write(self, data: str) -> None:
        super().write(self._sgr_filter(data))
