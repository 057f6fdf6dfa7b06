"""Before a meeting, in the app: the summary into the clipboard (OSC 52), the plan to the
printer (a stand-in `lp`)."""

from __future__ import annotations

import base64
import os

from kehoach.export.summary import render_summary
from kehoach.tui.sgr_filter import SgrFilter
from tests.libreoffice import needs_libreoffice

from ..cli.test_print import stand_in_lp
from .helpers import from_the_palette, screen_text, wait_for_text

SIZE = (80, 24)


def _capture_output(app) -> list[str]:
    written: list[str] = []
    original = app._driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    app._driver.write = write
    return written


def _osc52(written: list[str]) -> str:
    """The text of the last OSC 52 sequence written."""
    data = "".join(written)
    start = data.rindex("\x1b]52;c;") + len("\x1b]52;c;")
    end = data.index("\a", start)
    return base64.b64decode(data[start:end]).decode("utf-8")


async def test_y_on_f2_puts_the_summary_in_the_clipboard_with_osc_52(demo_app, demo):
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        written = _capture_output(demo_app)
        await pilot.press("y")
        await pilot.pause()
        text = _osc52(written)
        assert text == render_summary(demo)
        assert "2.248" in text and "18.005.000" in text
        shot = await wait_for_text(pilot, "PuTTY")
        assert "bộ nhớ tạm" in shot
        assert "Văn bản tóm tắt" in screen_text(demo_app)  # what to use instead


async def test_the_palette_copies_the_summary_too(demo_app, demo):
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        written = _capture_output(demo_app)
        await from_the_palette(pilot, "chep tom tat")
        await pilot.pause()
        assert _osc52(written) == render_summary(demo)


def test_the_colour_filter_passes_osc_52_untouched():
    """Over SSH the app's output goes through the filter that drops redundant colour
    changes; the clipboard sequence must come out of it whole."""
    payload = base64.b64encode("Tổng kinh phí: 18.005.000 đ".encode()).decode()
    data = f"\x1b[31mA\x1b]52;c;{payload}\aB\x1b[31mC"
    assert f"\x1b]52;c;{payload}\a" in SgrFilter()(data)


@needs_libreoffice
async def test_printing_from_the_palette_shows_the_job_id(demo_app, tmp_path, monkeypatch):
    spool = tmp_path / "spool"
    stand_in_lp(spool, answer="request id is Office-7 (1 file(s))")
    monkeypatch.setenv("PATH", f"{spool}{os.pathsep}{os.environ['PATH']}")
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        await from_the_palette(pilot, "in ke hoach ra may in")
        shot = await wait_for_text(pilot, "Office-7", seconds=60)
        assert "Đã gửi tới máy in" in shot
    assert (spool / "received.pdf").read_bytes()[:5] == b"%PDF-"
    args = (spool / "args").read_text().splitlines()
    assert args[args.index("-n") + 1] == "1"


async def test_printing_without_lp_says_so(demo_app, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    async with demo_app.run_test(size=SIZE, notifications=True) as pilot:
        demo_app.action_print_plan()
        shot = await wait_for_text(pilot, "cups-client", seconds=10)
        assert "lp" in shot
