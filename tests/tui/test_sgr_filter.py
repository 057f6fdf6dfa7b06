"""The output filter changes bytes, never what the terminal shows: both streams are replayed
in a terminal emulator (pyte) and compared cell by cell."""

from __future__ import annotations

import io

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.table import Table

from kehoach.tui.sgr_filter import SgrFilter

STYLES = [
    Style(),
    Style(bold=True),
    Style(color="color(253)", bgcolor="color(235)"),
    Style(color="color(195)", bgcolor="color(32)", bold=True),
    Style(color="red", bgcolor="default"),
    Style(color="default", bgcolor="default"),
    Style(reverse=True, color="color(23)"),
    Style(italic=True, underline=True),
]


def screen_of(stream: str) -> list[list[tuple]]:
    screen = pyte.Screen(60, 12)
    pyte.Stream(screen).feed(stream)
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse)
            for c in (screen.buffer[y][x] for x in range(screen.columns))
        ]
        for y in range(screen.lines)
    ]


def render(segments: list[Segment]) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="256", width=60)
    return console._render_buffer(segments)


def assert_same_screen(stream: str) -> None:
    filtered = SgrFilter()(stream)
    assert screen_of(filtered) == screen_of(stream)
    assert len(filtered) <= len(stream)


def test_a_rich_table_looks_the_same_with_fewer_bytes():
    console = Console(file=io.StringIO(), force_terminal=True, color_system="256", width=60)
    table = Table("Tháng", "Nội dung", "Học viên", style="color(253) on color(235)")
    for i in range(6):
        table.add_row(str(i), "Tuyên truyền pháp luật", f"{80 + i}", style="bold" if i % 2 else "")
    with console.capture() as capture:
        console.print(table)
    stream = capture.get()
    filtered = SgrFilter()(stream)
    assert screen_of(filtered) == screen_of(stream)
    assert len(filtered) < len(stream) * 0.9  # measured: 0.84


def test_a_reset_then_the_same_style_is_dropped():
    seq = "\x1b[38;5;253;48;5;235mab\x1b[0m\x1b[38;5;253;48;5;235mcd\x1b[0m"
    assert SgrFilter()(seq) == "\x1b[38;5;253;48;5;235mabcd\x1b[0m"


def test_default_colours_after_a_reset_cost_nothing():
    assert SgrFilter()("\x1b[0;39;49mx\x1b[0m") == "x"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(range(len(STYLES))),
            st.text(alphabet="abcĐôờ xyz", min_size=0, max_size=8),
            st.sampled_from(["", "", "\r\n", "\x1b[3;5H", "\x1b[K"]),
        ),
        max_size=40,
    )
)
def test_any_stream_of_styled_segments_shows_the_same(parts):
    stream = ""
    for style_index, text, after in parts:
        stream += render([Segment(text, STYLES[style_index])]) + after
    # the filter keeps state across writes: split the stream in two writes
    f = SgrFilter()
    half = len(stream) // 2
    cut = stream.rfind("\x1b", 0, half) if "\x1b" in stream[:half] else half
    filtered = f(stream[:cut]) + f(stream[cut:])
    assert screen_of(filtered) == screen_of(stream)
