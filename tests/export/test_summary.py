"""The text summary of the demo plan against golden files (plain and Markdown)."""

import datetime as dt
import os
from pathlib import Path

import pytest

from kehoach.export.summary import render_summary

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize("markdown,name", [(False, "summary-demo.txt"), (True, "summary-demo.md")])
def test_summary_matches_golden(demo, markdown, name):
    text = render_summary(demo, markdown=markdown, today=TODAY)
    path = GOLDEN / name
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_summary_fits_80_columns_and_has_the_figures(demo):
    text = render_summary(demo, today=TODAY)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "2.248 học viên" in text and "18.005.000đ" in text
    assert "Bằng chữ: Mười tám triệu không trăm linh năm nghìn đồng." in text
    assert "3/2024   Tập huấn phương pháp chăn nuôi" in text
    assert "Kiểm tra: 3 lỗi, 9 cảnh báo" in text


def test_summary_outside_the_period_says_so(demo):
    text = render_summary(demo, today=dt.date(2026, 11, 29))
    assert "Không có hoạt động nào trong hai tháng tới." in text
