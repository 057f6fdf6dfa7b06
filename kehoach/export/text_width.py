"""How wide a text prints in Times New Roman, so that table columns can be given the width
their longest word needs (a word must never break inside a syllable).

The advance widths (thousandths of an em) are those of Liberation Serif, which is
metric-compatible with Times New Roman: LibreOffice prints with it, Word with Times New
Roman, and both lay a line out to the same width. A Vietnamese letter is as wide as its
base letter (the tone marks sit above or below it); the horned ơ/ư and đ have their own.
"""

from __future__ import annotations

import unicodedata

_ASCII = 32  # the tables below start at the space
_REGULAR = (
    "250 333 408 500 500 833 777 180 333 333 500 563 250 333 250 277 500 500 500 500 500 500 "
    "500 500 500 500 277 277 563 563 563 443 920 722 666 666 722 610 556 722 722 333 389 722 "
    "610 889 722 722 556 722 666 556 610 722 722 943 722 722 610 333 277 333 469 500 333 443 "
    "500 443 500 443 333 500 500 277 277 500 277 777 500 500 500 500 333 389 277 500 500 722 "
    "500 500 443 479 200 479 541 722 500 722 528 775 541 500 1000 443 443"
)
_BOLD = (
    "250 333 555 500 500 1000 833 277 333 333 500 569 250 333 250 277 500 500 500 500 500 500 "
    "500 500 500 500 333 333 569 569 569 500 930 722 666 722 722 666 610 777 777 389 500 777 "
    "666 943 722 777 610 777 722 556 666 722 722 1000 722 722 666 333 277 333 581 500 333 500 "
    "556 443 556 443 333 500 556 277 333 556 277 833 556 500 556 556 443 389 333 556 500 722 "
    "500 500 443 394 220 394 520 722 556 777 553 795 600 500 1000 500 500"
)
_CHARS = [chr(c) for c in range(_ASCII, 127)] + list("ĐđƠơƯư–…“”")
_TABLES = {
    False: dict(zip(_CHARS, map(int, _REGULAR.split()), strict=True)),
    True: dict(zip(_CHARS, map(int, _BOLD.split()), strict=True)),
}
_HORN = "\u031b"
PT_PER_MM = 72 / 25.4


class _Widths(dict):
    """Advance widths by character; a character not in the table is measured once, by its
    base letter."""

    def __init__(self, table: dict[str, int]) -> None:
        super().__init__(table)
        self.base = dict(table)

    def __missing__(self, ch: str) -> int:
        parts = unicodedata.normalize("NFD", ch)
        base = parts[0]
        if _HORN in parts:
            base = unicodedata.normalize("NFC", base + _HORN)
        width = self.base.get(base, self.base["M"] if ch.isupper() else self.base["n"])
        self[ch] = width
        return width


_WIDTHS = {bold: _Widths(table) for bold, table in _TABLES.items()}


def char_width(ch: str, bold: bool) -> int:
    """Advance width of one character in thousandths of an em."""
    return _WIDTHS[bold][ch]


def _units(text: str, bold: bool) -> int:
    return sum(map(_WIDTHS[bold].__getitem__, text))


def text_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of `text` on one line, in millimetres."""
    return _units(text, bold) / 1000 * size_pt / PT_PER_MM


def longest_word_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of the widest word of `text` (a line may break only between words)."""
    units = max((_units(w, bold) for w in text.split()), default=0)
    return units / 1000 * size_pt / PT_PER_MM


# Words (syllables, in Vietnamese) repeat from row to row far more than whole cell texts:
# a table of 3,000 activities is measured word by word from this cache, ~3× sooner.
_WORD_UNITS: dict[bool, dict[str, int]] = {False: {}, True: {}}
_WORD_CACHE_MAX = 50_000


def measure_mm(text: str, size_pt: float, bold: bool = False) -> tuple[float, float]:
    """(`longest_word_mm`, `text_mm`) of `text`, the same figures, words measured once."""
    words = text.split()
    if " ".join(words) != text:  # other spaces than single blanks between words
        return longest_word_mm(text, size_pt, bold), text_mm(text, size_pt, bold)
    cache = _WORD_UNITS[bold]
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    longest = total = 0
    for word in words:
        units = cache.get(word)
        if units is None:
            units = cache[word] = _units(word, bold)
        total += units
        if units > longest:
            longest = units
    total += (len(words) - 1) * _WIDTHS[bold][" "] if words else 0
    return longest / 1000 * size_pt / PT_PER_MM, total / 1000 * size_pt / PT_PER_MM
