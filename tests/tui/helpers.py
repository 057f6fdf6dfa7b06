"""What the tests read off the app's screen, and the steps many of them take with the keys."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import OptionList

from kehoach.store.models import Activity
from kehoach.tui.widgets.vn_input import VnInput


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the top screen and those under it)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_for_text(pilot, text: str, seconds: float = 5) -> str:
    """The screen once `text` is on it (what comes after the first frame, e.g. the
    overview's checks); fails after `seconds`."""
    app = pilot.app
    for _ in range(int(seconds / 0.05)):
        shot = screen_text(app)
        if text in shot:
            return shot
        await pilot.pause(0.05)
    raise AssertionError(f"{text!r} never showed; the screen:\n{screen_text(app)}")


def act(month: int = 1, position: int = 1) -> Activity:
    """The activity at `position` in `month` as the database holds it now (default: the
    first activity of the plan, the one F3 opens on)."""
    return Activity.get((Activity.month == month) & (Activity.position == position))


def notifications(app) -> list[str]:
    """The messages the app has shown (toasts are drawn on their own layer)."""
    return [n.message for n in app._notifications]


async def type_text(pilot, text: str) -> None:
    """`text` typed key by key (a space is the space key)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def from_the_palette(pilot, words: str) -> None:
    """ctrl+p, `words` typed (without diacritics, as a person types them), the first
    command found run with enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, words)
    await pilot.pause(0.5)
    await pilot.press("enter")


async def fill_and_save(pilot, keys: tuple[str, ...], fields: dict[str, str]) -> Screen:
    """`keys` pressed (e.g. F3 then `e`: the form of the activity under the cursor), each
    field of the form that opened (by id) set to its text, ctrl+s pressed; the form (still
    on screen when it refused)."""
    await pilot.press(*keys)
    await pilot.pause()
    form = pilot.app.screen
    for field, value in fields.items():
        form.query_one(f"#{field}", VnInput).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form


async def on_f6_at(pilot, item: int) -> None:
    """F6 (Văn bản), the cursor on `item` of its list (1: "1. Căn cứ", 11: "Người ký")."""
    await pilot.press("f6")
    await pilot.pause()
    pilot.app.screen.query_one(OptionList).highlighted = item
