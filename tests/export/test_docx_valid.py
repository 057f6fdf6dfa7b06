"""Every kind of Word export passes an OOXML validator that is not ours (openxml-audit)
with zero findings, and carries the package parts Word expects."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document

from tests.export.exports import KINDS, write_exports


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return write_exports(tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("name", list(KINDS))
def test_every_export_is_valid_ooxml(exports, name):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator(max_errors=0).validate(str(exports[name]))
    assert [str(e) for e in result.errors] == []
    assert result.is_valid and result.warning_count == 0


@pytest.mark.parametrize("name", ["plan", "report", "school"])
def test_properties_and_word_2013_layout(exports, name):
    path = exports[name]
    props = Document(str(path)).core_properties
    assert props.title.startswith("KẾ HOẠCH" if name != "report" else "BÁO CÁO")
    assert props.author.startswith("TRUNG TÂM HỌC TẬP CỘNG ĐỒNG")
    assert props.created is not None and props.created.year >= 2024
    settings = zipfile.ZipFile(path).read("word/settings.xml").decode()
    assert 'w:name="compatibilityMode"' in settings and 'w:val="15"' in settings


def test_table_properties_in_schema_order_and_never_twice(exports):
    """The defect the validator found first: tblLayout twice, tblBorders before tblW."""
    from lxml import etree

    order = [
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook",
    ]  # fmt: skip
    xml = zipfile.ZipFile(exports["plan-totals"]).read("word/document.xml")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for tbl_pr in etree.fromstring(xml).iter(f"{w}tblPr"):
        names = [child.tag.removeprefix(w) for child in tbl_pr]
        assert len(names) == len(set(names)), names
        assert names == sorted(names, key=order.index), names


def test_right_margin_is_15_mm_or_more(exports):
    sections = Document(str(exports["plan-portrait"])).sections
    assert len(sections) == 1 and sections[0].right_margin.twips == 851  # 850 is 14.99 mm


def test_month_tables_on_landscape_pages_unless_portrait(exports):
    """Section 6 is a landscape section of its own (the default); page numbers run on."""
    sections = Document(str(exports["plan"])).sections
    assert [s.orientation for s in sections] == [0, 1, 0]  # portrait, landscape, portrait
    assert [round(s.page_width.mm) for s in sections] == [210, 297, 210]
    assert sections[0].different_first_page_header_footer
    assert not sections[1].different_first_page_header_footer
    assert all(s.right_margin.twips >= 851 for s in sections)
