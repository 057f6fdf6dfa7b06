"""The Word exports rendered by LibreOffice and read page by page (pdftotext), as a văn
thư reads the printed plan: no page ends with a title, the closing blocks stay whole, and
every word printed is a word of the plan (no word broken inside a syllable)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile

import pytest

from tests.export.exports import KINDS, write_exports
from tests.libreoffice import needs_libreoffice, soffice_convert

pytestmark = needs_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """name → (docx path, list of page texts in layout order); one LibreOffice run."""
    folder = tmp_path_factory.mktemp("render")
    files = write_exports(folder)
    out = folder / "pdf"
    soffice_convert(files.values(), "pdf", out, folder / "lo-profile", timeout=600)
    pages = {}
    for name in files:
        pdf = out / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice wrote no PDF for {name}"  # it may exit 0 all the same
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages[name] = [_norm(page) for page in text.split("\f")[:-1]]
    return {name: (files[name], pages[name]) for name in files}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u2011", "-")


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def _paragraphs(path) -> list[tuple[str, bool, bool]]:
    """(text, bold, in a table) of every paragraph of the document, in order."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        text = "".join(
            "-" if el.tag == f"{W}noBreakHyphen" else "\n" if el.tag == f"{W}br" else el.text or ""
            for el in p.iter(f"{W}t", f"{W}noBreakHyphen", f"{W}br")
        )
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t"))]
        bold = bool(runs) and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
        in_table = any(a.tag == f"{W}tbl" for a in p.iterancestors())
        out.append((_norm(text), bold, in_table))
    return out


def _titles(path) -> list[str]:
    """Headings, section, month and annual-table titles: the bold paragraphs of the body."""
    return [t for t, bold, in_table in _paragraphs(path) if bold and not in_table and t.strip()]


@pytest.mark.parametrize("name", list(KINDS))
def test_no_page_ends_with_a_title(rendered, name):
    path, pages = rendered[name]
    titles = [line for t in _titles(path) for line in t.split("\n")]
    assert len(pages) >= 2
    for number, page in enumerate(pages[:-1], 1):
        last = _lines(page)[-1]
        ends_title = [t for t in titles if t == last or (len(last) > 3 and t.endswith(" " + last))]
        assert not ends_title, f"{name}: page {number} ends with the title {ends_title[0]!r}"


def _header_words(path) -> set[str]:
    """Words of the grid tables' header rows (upper case)."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    words = set()
    for tr in root.iter(f"{W}tr"):
        if tr.find(f"{W}trPr/{W}tblHeader") is not None:
            words |= set("".join(t.text or "" for t in tr.iter(f"{W}t")).split())
            for tc in tr.iter(f"{W}tc"):
                words |= set("".join(t.text or "" for t in tc.iter(f"{W}t")).split())
    return words


@pytest.mark.parametrize("name", list(KINDS))
def test_no_table_header_or_totals_row_alone(rendered, name):
    """A page never ends with a table's header row, and a totals row ("Cộng") never stands
    alone under the header repeated on a new page."""
    path, pages = rendered[name]
    header = _header_words(path)

    def is_header_line(line: str) -> bool:
        return all(word in header for word in line.split())

    for number, page in enumerate(pages, 1):
        lines = _lines(page)
        if number < len(pages):
            assert not is_header_line(lines[-1]), f"{name}: page {number} ends with a table header"
        for i, line in enumerate(lines[1:], 1):
            if line.startswith("Cộng") and not line.startswith("Cộng hòa"):
                assert not is_header_line(lines[i - 1]), (
                    f"{name}: page {number}: the totals row alone under the header"
                )


@pytest.mark.parametrize("name", list(KINDS))
def test_closing_blocks_whole_on_one_page(rendered, name):
    path, pages = rendered[name]

    def page_of(text: str) -> int:
        found = [i for i, page in enumerate(pages) if text in page]
        assert found, f"{name}: {text!r} not printed"
        return found[-1]

    signer = page_of("Hoàng Thanh Thiện")
    for text in ("GIÁM ĐỐC", "Nơi nhận:", "Lưu: TTHTCĐ."):
        assert page_of(text) == signer, f"{name}: {text!r} not on the signer's page"
    if "report" not in name:
        approver = page_of("Hoàng Văn Thơi")
        for text in ("PHÊ DUYỆT CỦA LÃNH ĐẠO", "PHÓ TRƯỞNG PHÒNG"):
            assert page_of(text) == approver, f"{name}: {text!r} not on the approver's page"
    # the closing never starts a page alone: text of the plan above it on its page
    first = _lines(pages[signer])
    assert not first[0].startswith("Nơi nhận") and not first[1].startswith("Nơi nhận")


@pytest.mark.parametrize("name", list(KINDS))
def test_every_printed_word_is_a_word_of_the_plan(rendered, name):
    """A word broken inside a syllable ("HOẠC" / "H", "THÁN" / "G") prints two strings
    that are not words of the plan."""
    path, pages = rendered[name]
    words = set()
    for text, _, _ in _paragraphs(path):
        words |= set(text.split())
    strays = set()
    for page in pages:
        for word in page.split():
            if word not in words and not word.isdigit():
                strays.add(word)
    assert strays == set(), f"{name}: printed words that are not words of the plan: {strays}"


def test_month_titles_and_headings_keep_with_next_in_the_file(rendered):
    """Every title of the body keeps with the paragraph or table after it."""
    from lxml import etree

    path, _ = rendered["plan-totals"]
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    body = root.find(f"{W}body")
    for p in body.iterchildren(f"{W}p"):
        runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t"))]
        if runs and all(r.find(f"{W}rPr/{W}b") is not None for r in runs):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            assert p.find(f"{W}pPr/{W}keepNext") is not None, text
    assert re.search("KẾ HOẠCH THÁNG 9 NĂM 2024", "".join(rendered["school"][1]))


def _rule_and_text_mm(pdf) -> tuple[float, float]:
    """On page 1: the motto's printed width (pdftotext's word boxes) and the length of the
    rule under it (the longest dark run in the pixel rows just below the motto)."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for box, body in re.findall(r"<line (.*?)>(.*?)</line>", bbox, re.S):
        if " ".join(re.findall(r">([^<]+)</word>", body)) == "Độc lập - Tự do - Hạnh phúc":
            x0, y0, x1, y1 = (float(v) for v in re.findall(r'="([\d.]+)"', box))
            break
    else:
        raise AssertionError("the motto is not printed on page 1")
    dpi = 144
    pgm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
    width, pixels = int(m.group(1)), pgm[m.end() :]
    k = dpi / 72
    longest = 0
    for y in range(int(y1 * k), int((y1 + 12) * k)):
        row = pixels[y * width : (y + 1) * width]
        run = 0
        for x in range(int((x0 - 60) * k), int((x1 + 60) * k)):
            run = run + 1 if row[x] < 128 else 0
            longest = max(longest, run)
    return longest / k * 25.4 / 72, (x1 - x0) * 25.4 / 72


@pytest.mark.parametrize("name", ["plan", "report", "school"])
def test_the_motto_rule_is_as_long_as_the_motto(rendered, name):
    """It was a fixed 48 mm under 56 mm of text."""
    path, _ = rendered[name]
    rule, text = _rule_and_text_mm(path.parent / "pdf" / f"{name}.pdf")
    assert abs(rule - text) < 1.0, f"rule {rule:.1f} mm under {text:.1f} mm of motto"
