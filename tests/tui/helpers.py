"""What the tests read off the app's screen."""

from __future__ import annotations


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
