"""The app in a real pseudo-terminal, as over SSH: what it sends to the terminal."""

from __future__ import annotations

import sys

from bench.__main__ import Session, _env


def first_screen(demo_db, tmp_path, *args, term="xterm-256color") -> bytes:
    env = _env({"HOME": str(tmp_path), "TERM": term})
    session = Session([sys.executable, "-m", "kehoach.tui.cli", "--db", str(demo_db), *args], env)
    try:
        session.wait_for(b"2.248")
        session.settle()
        return bytes(session.data)
    finally:
        session.close()


def test_mouse_reporting_is_off_unless_asked(demo_db, tmp_path):
    assert b"\x1b[?1000h" not in first_screen(demo_db, tmp_path)
    assert b"\x1b[?1000h" in first_screen(demo_db, tmp_path, "--mouse")


def test_low_bandwidth_first_screen_is_small(demo_db, tmp_path):
    data = first_screen(demo_db, tmp_path, "--low-bandwidth")
    assert len(data) <= 15 * 1024, len(data)
    assert b"38;5;" not in data  # ANSI colours only


def test_a_16_colour_terminal_gets_the_low_bandwidth_mode(demo_db, tmp_path):
    data = first_screen(demo_db, tmp_path, term="xterm")
    assert len(data) <= 15 * 1024, len(data)
    assert b"38;5;" not in data and b"38;2;" not in data


def test_a_terminal_gone_without_sighup_ends_the_app(demo_db, tmp_path):
    """The link drops and no SIGHUP comes (no controlling terminal): the app ends instead
    of spinning on a dead input (Textual's input thread reads nothing in a loop)."""
    import os
    import sqlite3
    import time

    env = _env({"HOME": str(tmp_path)})
    session = Session([sys.executable, "-m", "kehoach.tui.cli", "--db", str(demo_db)], env)
    try:
        session.wait_for(b"2.248")
        session.settle()
    finally:
        os.close(session.fd)  # the terminal goes away; nothing is sent
    deadline = time.time() + 20
    while session.proc.poll() is None and time.time() < deadline:
        time.sleep(0.1)
    if session.proc.poll() is None:
        session.proc.kill()
    assert session.proc.wait() == 0
    con = sqlite3.connect(demo_db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
