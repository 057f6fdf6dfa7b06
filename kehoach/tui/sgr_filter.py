"""Fewer bytes to the terminal: drop colour and attribute changes that change nothing.

Rich, under Textual, writes every segment as "set the whole style, text, reset", so a row of
cells in one style sends the same style again after each reset — most of the escape
sequences of a screen (ssh-bandwidth.md). This filter keeps the terminal's state in mind and
writes a style change only when the style really changes, joining "reset, then set" into
one sequence. What the terminal shows is the same, cell for cell (a test replays both
streams in a terminal emulator and compares).
"""

from __future__ import annotations

import re

# SGR sequences, and the other escape sequences we must recognise to pass them whole.
_TOKEN = re.compile(r"\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z@`]|\x1b[^\[]|[\r\n]")
# Cursor positioning does not depend on colours: a pending change may wait across it.
_MOVES = re.compile(r"\x1b\[[0-9;]*[HfGd]$")


class SgrFilter:
    """Stateful across writes; one per output stream."""

    def __init__(self) -> None:
        self.current: str | None = "0"  # the style in force, as from a reset; None: unknown
        self.pending: str | None = None  # the style wanted for the next text

    def __call__(self, data: str) -> str:
        out: list[str] = []
        pos = 0
        for m in _TOKEN.finditer(data):
            if m.start() > pos:
                self._flush(out)
                out.append(data[pos : m.start()])
            token = m.group(0)
            params = m.group(1)
            if params is not None:  # an SGR
                self._sgr(params, out)
            elif _MOVES.match(token):
                out.append(token)
            else:  # anything else may paint with the current colours: settle them first
                self._flush(out)
                out.append(token)
            pos = m.end()
        if pos < len(data):
            self._flush(out)
            out.append(data[pos:])
        self._flush(out)  # a write never ends with the terminal in another state than asked
        return "".join(out)

    def _sgr(self, params: str, out: list[str]) -> None:
        if params in ("", "0"):
            self.pending = "0"
            return
        if params.startswith("0;"):
            self.pending = _from_reset(params[2:])
            return
        base = self.pending if self.pending is not None else self.current
        if base == "0":
            self.pending = _from_reset(params)  # a whole style on a reset terminal
            return
        # a change on top of a style we keep only as a string: pass it on as it is
        self._flush(out)
        out.append(f"\x1b[{params}m")
        self.current = None

    def _flush(self, out: list[str]) -> None:
        wanted = self.pending
        if wanted is None:
            return
        self.pending = None
        if wanted == self.current:
            return
        if wanted == "0":
            out.append("\x1b[0m")
        elif self.current == "0":
            out.append(f"\x1b[{wanted}m")
        else:
            out.append(f"\x1b[0;{wanted}m")
        self.current = wanted


def _from_reset(params: str) -> str:
    """The same style without what a reset already gives: default colours (39, 49)."""
    tokens = params.split(";")
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("38", "48") and i + 1 < len(tokens):
            width = 3 if tokens[i + 1] == "5" else 5  # 38;5;N or 38;2;R;G;B
            kept += tokens[i : i + width]
            i += width
            continue
        if token not in ("39", "49", "0", ""):
            kept.append(token)
        i += 1
    return ";".join(kept) or "0"
