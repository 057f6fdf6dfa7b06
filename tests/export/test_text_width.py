"""Column widths measure a text word by word from a cache (export/text_width.measure_mm):
the figures are exactly those of measuring the whole text, so the Word file is the same."""

import pytest

from kehoach.export.text_width import longest_word_mm, measure_mm, text_mm
from tests.conftest import SEED

ODD = [
    "",
    " ",
    "a  b",  # two blanks
    " leading",
    "trailing ",
    "a\nb",
    "x\u00a0y",  # a no-break space
    "Đường–Ơn “ngoặc” …",
    "VH-XH 2021-2030",
    "ǅ 𝒳 ﬁ",  # letters outside the width tables
]


def _cells() -> list[str]:
    cells = set(ODD)
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells.update(line.split("|"))
        cells.update(c.strip() for c in line.split("|"))
    return sorted(cells)


@pytest.mark.parametrize("bold", [False, True])
def test_measured_by_words_as_by_characters(bold):
    cells = _cells()
    assert len(cells) > 100
    for size in (11, 12, 13.5):
        for _ in range(2):  # the second time from the cache
            for text in cells:
                expected = (longest_word_mm(text, size, bold), text_mm(text, size, bold))
                assert measure_mm(text, size, bold) == expected, text
