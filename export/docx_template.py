"""The Word package every export starts from, written here.

python-docx's own template carries Word's whole style gallery twice (styles.xml and
stylesWithEffects.xml, 880 KB), a theme, numbering definitions and a thumbnail; every
export parsed all of it and wrote it back, which was most of an export's time and most of
the file. This package holds only what a plan uses: the document defaults and the five
styles in Times New Roman with language vi-VN (no theme font anywhere), A4 with the
margins of nd30-layout.md (20/20/30/15 mm), and the page number centred in the header
from page 2 on (`titlePg`: the first page has an empty first-page header).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
FONT = "Times New Roman"

_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
_LANG = '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'
_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{CT}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{CT}.settings+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{CT}.header+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/header" Target="header1.xml"/>'
    "</Relationships>"
)

# A4 is 11906 × 16838 twips; margins top/bottom 20 mm, left 30 mm, right 15 mm; the
# header 10 mm from the edge.
DOCUMENT = (
    _HEAD + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
    '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567"'
    ' w:footer="720" w:gutter="0"/>'
    '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
    "</w:body></w:document>"
)

HEADER = (
    _HEAD + f'<w:hdr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
    '<w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/></w:rPr>'
    '<w:fldChar w:fldCharType="begin"/><w:instrText xml:space="preserve"> PAGE </w:instrText>'
    '<w:fldChar w:fldCharType="separate"/><w:t>2</w:t><w:fldChar w:fldCharType="end"/>'
    "</w:r></w:p></w:hdr>"
)

_CELL_MARGINS = (
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
)
_GRID = "".join(
    f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_HEADER_FOOTER_PPR = (
    '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/>'
    '</w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
)

STYLES = (
    _HEAD + f'<w:styles xmlns:w="{W}">'
    f'<w:docDefaults><w:rPrDefault><w:rPr>{_FONTS}<w:sz w:val="22"/><w:szCs w:val="22"/>'
    f"{_LANG}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="200" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
    "</w:docDefaults>"
    # Normal: 13 pt, 6 pt after, line spacing 1.15
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120" w:line="276" w:lineRule="auto"/>'
    f'</w:pPr><w:rPr>{_FONTS}<w:sz w:val="26"/>{_LANG}</w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
    f'<w:tblInd w:w="0" w:type="dxa"/>{_CELL_MARGINS}</w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    f"<w:rPr>{_FONTS}{_LANG}</w:rPr><w:tblPr>"
    f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{_GRID}</w:tblBorders>{_CELL_MARGINS}'
    "</w:tblPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    f'<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>{_HEADER_FOOTER_PPR}'
    f"<w:rPr>{_FONTS}{_LANG}</w:rPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    f'<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>{_HEADER_FOOTER_PPR}'
    f"<w:rPr>{_FONTS}{_LANG}</w:rPr></w:style>"
    "</w:styles>"
)

# Word 2010's layout rules (compatibilityMode 14), as python-docx's template had: the header
# and signature tables were placed under them (nd30-layout.md), and mode 15 moves
# borderless tables by their cell margin.
_WORD = "http://schemas.microsoft.com/office/word"
SETTINGS = (
    _HEAD + f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    f'<w:compatSetting w:name="compatibilityMode" w:uri="{_WORD}" w:val="14"/>'
    f'<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="{_WORD}" w:val="1"/>'
    f'<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="{_WORD}" w:val="1"/>'
    f'<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="{_WORD}" w:val="1"/>'
    "</w:compat></w:settings>"
)

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELS,
    "word/document.xml": DOCUMENT,
    "word/_rels/document.xml.rels": DOCUMENT_RELS,
    "word/styles.xml": STYLES,
    "word/settings.xml": SETTINGS,
    "word/header1.xml": HEADER,
}


@cache
def template_bytes() -> bytes:
    """The package as a .docx file's bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in PARTS.items():
            z.writestr(name, xml.encode("utf-8"))
    return buf.getvalue()
