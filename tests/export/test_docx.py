"""The Word plan, read back with python-docx."""

import io
import os
import re
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from kehoach.export.plan_export import docx_bytes, export_to
from kehoach.store import editing
from kehoach.store.models import Activity
from tests.export.docx_helpers import body_lines
from tests.libreoffice import needs_libreoffice, soffice_convert


def _seed_lines(seed_text: str) -> list[str]:
    """The seed's lines as the Word file must show them: table rows as "a | b", no
    separators or Markdown marks, the motto with hyphens, the document type on its own line
    above the summary (nd30-layout.md)."""
    out = []
    for line in seed_text.splitlines():
        line = line.strip().replace("**", "")
        if not line or re.fullmatch(r"\|[-| ]+\|", line):
            continue
        if line.startswith("|"):
            line = " | ".join(c.strip() for c in line.strip("|").split("|"))
        if line.startswith("KẾ HOẠCH HOẠT ĐỘNG"):
            out += ["KẾ HOẠCH", line.removeprefix("KẾ HOẠCH ")]
            continue
        out.append(line.replace("Độc lập – Tự do – Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"))
    return out


@pytest.fixture
def docx_doc(demo):
    return Document(io.BytesIO(docx_bytes(demo)))


def test_every_seed_line_in_order(docx_doc, seed_text):
    lines = body_lines(docx_doc)
    position = 0
    for wanted in _seed_lines(seed_text):
        wanted_plain = wanted.removeprefix("- ") if wanted.startswith("- ") else wanted
        for i in range(position, len(lines)):
            have = lines[i].removeprefix("- ")
            if have == wanted_plain:
                position = i + 1
                break
        else:
            pytest.fail(
                f"not found in order: {wanted!r} (after line {position}: {lines[position : position + 3]})"
            )


def test_the_file_holds_what_the_plan_uses_and_nothing_of_word_s_gallery(demo):
    import zipfile

    data = docx_bytes(demo)
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == {
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/header1.xml",
        "word/fontTable.xml",  # the font table and theme Word's validator requires
        "word/theme/theme1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    }
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert "Theme" not in styles and styles.count("<w:style ") == 7
    assert len(data) < 20_000  # python-docx's template alone made 44 KB of the same plan


def test_page_margins_and_fonts(docx_doc):
    section = docx_doc.sections[0]

    def mm(length):
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 20 and mm(section.bottom_margin) == 20
    assert mm(section.left_margin) == 30 and mm(section.right_margin) == 15
    styles_xml = docx_doc.styles.element
    for rfonts in styles_xml.iter(qn("w:rFonts")):
        attrs = {k.split("}")[1]: v for k, v in rfonts.attrib.items()}
        assert not any(k.endswith("Theme") or k == "cstheme" for k in attrs), attrs
    defaults = styles_xml.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{slot}")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    normal = docx_doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 13


def test_header_table_and_page_numbers(docx_doc):
    header = docx_doc.tables[0]
    assert header.style.name != "Table Grid"  # borderless
    (left, right), (left2, right2) = (r.cells for r in header.rows)
    assert [p.text for p in left.paragraphs if p.text] == [
        "ỦY BAN NHÂN DÂN XÃ TÂN HƯƠNG",
        "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG",
    ]
    right_texts = [p for p in right.paragraphs if p.text]
    assert (
        right_texts[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right_texts[0].runs[0].bold
    )
    assert right_texts[1].text == "Độc lập - Tự do - Hạnh phúc" and right_texts[1].runs[0].bold
    assert left2.text == "Số: 01/KH-TTHTCĐ"
    assert (
        right2.text == "Tân Hương, ngày 10 tháng 01 năm 2024"
        and right2.paragraphs[0].runs[0].italic
    )
    assert not left.paragraphs[0].runs[0].bold and left.paragraphs[1].runs[0].bold
    section = docx_doc.sections[0]
    assert section.different_first_page_header_footer
    instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    assert "PAGE" not in "".join(
        t.text or "" for t in section.first_page_header._element.iter(qn("w:instrText"))
    )


def test_month_tables_header_repeats_and_numbers_right(docx_doc):
    grid = [t for t in docx_doc.tables if t.style.name == "Table Grid"]
    assert len(grid) == 12
    for table in grid:
        first = table.rows[0]
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r.bold for c in first.cells for p in c.paragraphs for r in p.runs)
        assert table.rows[1].cells[4].paragraphs[0].alignment == 2  # right
        assert table.rows[1].cells[5].text.endswith("đ")


def test_legal_bases_are_italic(docx_doc):
    basis = next(p for p in docx_doc.paragraphs if p.text.startswith("Căn cứ văn bản hợp nhất"))
    assert all(r.italic for r in basis.runs)
    heading = next(p for p in docx_doc.paragraphs if p.text == "1. Căn cứ xây dựng kế hoạch")
    assert all(r.bold for r in heading.runs)


def test_totals_option_adds_rows_and_the_amount_in_words(demo):
    plain = body_lines(Document(io.BytesIO(docx_bytes(demo))))
    assert not any("Bằng chữ" in line for line in plain)
    lines = body_lines(Document(io.BytesIO(docx_bytes(demo, totals=True))))
    assert "Bằng chữ: Mười tám triệu không trăm linh năm nghìn đồng." in lines
    assert " | Cộng |  | 02 | 176 | 1.490.000đ |  |  | " in lines
    assert "Cộng | 24 | 23 | 2.248 | 18.005.000đ" in lines
    # the annual table writes months and classes as the month tables do ("02", not "2")
    assert "01/2024 | 2 | 02 | 176 | 1.490.000đ" in lines
    document = Document(io.BytesIO(docx_bytes(demo, totals=True)))
    words = next(p for p in document.paragraphs if p.text.startswith("Bằng chữ"))
    assert words.paragraph_format.space_before.pt >= 6  # not glued to the table above


def test_month_table_header_cells_are_centred_both_ways(docx_doc):
    grid = [t for t in docx_doc.tables if t.style.name == "Table Grid"]
    for cell in grid[0].rows[0].cells:
        assert cell.vertical_alignment == 1  # WD_CELL_VERTICAL_ALIGNMENT.CENTER
        assert cell.paragraphs[0].alignment == 1


def test_control_characters_are_dropped_not_crashed_on(demo):
    act = Activity.get((Activity.month == 1) & (Activity.position == 1))
    Activity.update(content="Tập huấn\x0b phân bón\x01 (KT)").where(Activity.id == act.id).execute()
    lines = body_lines(Document(io.BytesIO(docx_bytes(demo))))
    assert any(line.startswith("1 | Tập huấn phân bón (KT)") for line in lines)


def test_amended_revision_says_so(demo):
    from kehoach.store import approval

    approval.submit(demo)
    approval.approve(
        demo, name="Hoàng Văn Thơi", title="Phó trưởng phòng", authority="KT. TRƯỞNG PHÒNG"
    )
    amended = approval.amend(demo)
    lines = body_lines(Document(io.BytesIO(docx_bytes(amended))))
    assert "(Điều chỉnh, bổ sung lần 1)" in lines
    assert "(Điều chỉnh, bổ sung lần 1)" not in body_lines(Document(io.BytesIO(docx_bytes(demo))))


def test_atomic_write_keeps_the_old_file_on_failure(demo, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.docx"
    export_to(demo, "docx", target)
    before = target.read_bytes()
    import kehoach.export.plan_export as pe

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pe, "export_bytes", lambda *a, **k: b"x" * 10)
    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(editing.KehoachError):
        export_to(demo, "docx", target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["plan.docx"]


@needs_libreoffice
def test_libreoffice_renders_it_with_liberation_serif(demo, tmp_path):
    src = tmp_path / "plan.docx"
    export_to(demo, "docx", src)
    out = tmp_path / "pdf"
    soffice_convert([src], "pdf", out, tmp_path / "lo-profile")
    pdf = out / "plan.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 15
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "LiberationSerif" in fonts
    assert "DejaVu" not in fonts
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Hoàng Văn Thơi" in text and "Đon Uý" in text


def test_amount_in_words_follows_the_users_setting(demo):
    from kehoach.store.settings import save_setting

    save_setting("southern_words", True)
    lines = body_lines(Document(io.BytesIO(docx_bytes(demo, totals=True))))
    assert "Bằng chữ: Mười tám triệu không trăm lẻ năm ngàn đồng." in lines
