"""The app in a real pseudo-terminal of 80×24 with TERM=xterm (PuTTY's default), its screen
read through pyte: what a person at that terminal reads."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte

REPO = Path(__file__).resolve().parents[2]

# xterm's function keys
KEYS = {
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "f6": b"\x1b[17~",
    "f7": b"\x1b[18~",
    "escape": b"\x1b",
    "enter": b"\r",
    "down": b"\x1b[B",
}


class Terminal:
    def __init__(self, args: list[str], home: Path, cols: int = 80, rows: int = 24) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TEXTUAL", "COLORTERM", "KEHOACH_DB"))
        }
        env.update(
            TERM="xterm", HOME=str(home), COLUMNS=str(cols), LINES=str(rows), PYTHONPATH=str(REPO)
        )
        env.pop("KEHOACH_CONFIG", None)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kehoach.tui.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(slave)
        self.fd = master
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        self.stream.feed(chunk)
        return bool(chunk)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, wanted: str, timeout: float = 30) -> str:
        """The screen once `wanted` is on it and nothing more comes for a moment."""
        deadline = time.monotonic() + timeout
        while wanted not in self.text():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{wanted!r} never showed; the screen:\n{self.text()}")
            self._read(0.05)
        self.settle()
        return self.text()

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            if self._read(0.05):
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                return

    def press(self, key: str) -> None:
        os.write(self.fd, KEYS.get(key, key.encode()))
        self.settle()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.fd)
