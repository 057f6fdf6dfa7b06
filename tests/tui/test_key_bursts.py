"""#18 (a new user's finding): a row of backspaces and then typing, arriving together (a
burst over SSH), lost the typed text — the backspaces ran after the characters typed after
them (textual issue #6605). Through a real pty, as the bytes arrive from PuTTY, and with
Pilot posting the keys without waiting between them."""

from __future__ import annotations

import os
import sqlite3

import pytest
from textual import events

from kehoach.store.models import Activity
from kehoach.tui.app import KehoachApp
from kehoach.tui.widgets.list_editor import VnTextArea
from kehoach.tui.widgets.vn_input import VnInput

from .pty_screen import Terminal

SIZE = (80, 24)


def test_backspaces_then_typing_in_one_burst_keep_the_typing(demo_db, tmp_path):
    if not isinstance(demo_db, os.PathLike):
        pytest.skip("reads the SQLite file back")
    home = tmp_path / "home-pty"
    home.mkdir()
    term = Terminal(["--db", str(demo_db)], home)
    try:
        term.wait_for("2.248")
        term.press("f3")
        term.press("a")
        term.wait_for("Thêm hoạt động")
        typo = "abcdefghij" * 6
        os.write(term.fd, typo.encode())
        term.settle()
        os.write(term.fd, b"\x7f" * len(typo) + b"Tap huan")  # one burst
        term.settle(quiet=1)
        line = next(x for x in term.text().splitlines() if "Nội dung hoạt động" in x)
        assert "Nội dung hoạt động      Tap huan " in line, line
        os.write(term.fd, b"\x13")  # ctrl+s
        term.wait_for("aThêm")
    finally:
        term.close()
    con = sqlite3.connect(demo_db)
    try:
        (content,) = con.execute("SELECT content FROM activity ORDER BY id DESC").fetchone()
    finally:
        con.close()
    assert content == "Tap huan"


def burst(app, keys: list[str]) -> None:
    """The keys posted at once, as a terminal's read delivers them: none waits for the
    one before it to be handled."""
    names = {"backspace": "\x7f", "left": None, "delete": None, "home": None, "space": " "}
    for key in keys:
        app.post_message(events.Key(key, names.get(key, key)))


@pytest.fixture
def app(demo, db_path):
    return KehoachApp(db_path=db_path, low_bandwidth=True)


@pytest.mark.parametrize("telex", [False, True])
async def test_field_keys_keep_their_order_in_a_burst(app, telex):
    async with app.run_test(size=SIZE) as pilot:
        app.telex = telex
        await pilot.press("f3", "a")
        await pilot.pause()
        field = app.screen.query_one("#content", VnInput)
        burst(app, list("abcdefghij") + ["backspace"] * 10 + list("xyz"))
        await pilot.pause()
        assert field.value == "xyz"
        burst(app, ["home", "delete", "k", "left", "backspace"])  # "xyz" → "kyz"
        await pilot.pause()
        assert field.value == "kyz"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert Activity.select().order_by(Activity.id.desc()).get().content == "kyz"


async def test_text_area_keys_keep_their_order_in_a_burst(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        from textual.widgets import OptionList

        app.screen.query_one(OptionList).highlighted = 1  # 1. Căn cứ
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one(VnTextArea)
        area.text = ""
        burst(app, list("abcdefghij") + ["backspace"] * 10 + list("xyz"))
        await pilot.pause()
        assert area.text == "xyz"
