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

import datetime as _dt

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
    f'<Override PartName="/word/fontTable.xml" ContentType="{CT}.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2"'
    ' Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    _HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId4" Type="{REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId5" Type="{REL}/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)

# A4 is 11906 × 16838 twips; margins top/bottom 20 mm, left 30 mm, right 15 mm (851 twips:
# 850 is 14.99 mm); the header 10 mm from the edge. A landscape section (section 6 as a
# choice) turns the page and keeps the binding edge, the portrait page's left, at its top.
PORTRAIT = (11906, 16838, 1134, 851, 1134, 1701)  # width, height, top, right, bottom, left
LANDSCAPE = (16838, 11906, 1701, 1134, 851, 1134)


def section_properties(*, landscape: bool = False, first: bool = False) -> str:
    """A `w:sectPr`: page size and margins, the page-number header; `first` (the section
    holding page 1) shows no number on its first page."""
    width, height, top, right, bottom, left = LANDSCAPE if landscape else PORTRAIT
    orient = ' w:orient="landscape"' if landscape else ""
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
        f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}"'
        ' w:header="567" w:footer="720" w:gutter="0"/>'
        '<w:cols w:space="720"/>'
        + ("<w:titlePg/>" if first else "")
        + '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


DOCUMENT_OPEN = _HEAD + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
DOCUMENT_CLOSE = "</w:body></w:document>"

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

# Word 2013's layout rules (compatibilityMode 15), so that Word does not open the file in
# "Compatibility Mode". Under them a table's indent places its edge, not its first cell's
# text: the layout tables' indents allow for the cell margin (docx_plan.LAYOUT_CELL_MARGIN).
_WORD = "http://schemas.microsoft.com/office/word"
SETTINGS = (
    _HEAD + f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    f'<w:compatSetting w:name="compatibilityMode" w:uri="{_WORD}" w:val="15"/>'
    f'<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="{_WORD}" w:val="1"/>'
    f'<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="{_WORD}" w:val="1"/>'
    f'<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="{_WORD}" w:val="1"/>'
    "</w:compat></w:settings>"
)

FONT_TABLE = (
    _HEAD + f'<w:fonts xmlns:w="{W}"><w:font w:name="{FONT}">'
    '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_SOLID = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_LINE = f'<a:ln w="9525">{_SOLID}</a:ln>'
_LINE = f'<a:ln w="9525">{_SOLID}</a:ln>'
_FACE = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
# The smallest theme Word accepts: its fonts are Times New Roman too, though no style uses them.
THEME = (
    _HEAD + f'<a:theme xmlns:a="{_A}" name="kehoach"><a:themeElements><a:clrScheme name="kehoach">'
    '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    + "".join(
        f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'
        for name, rgb in (
            ("dk2", "1F497D"),
            ("lt2", "EEECE1"),
            ("accent1", "4F81BD"),
            ("accent2", "C0504D"),
            ("accent3", "9BBB59"),
            ("accent4", "8064A2"),
            ("accent5", "4BACC6"),
            ("accent6", "F79646"),
            ("hlink", "0000FF"),
            ("folHlink", "800080"),
        )
    )
    + f'</a:clrScheme><a:fontScheme name="kehoach"><a:majorFont>{_FACE}</a:majorFont>'
    f"<a:minorFont>{_FACE}</a:minorFont></a:fontScheme>"
    f'<a:fmtScheme name="kehoach"><a:fillStyleLst>{_SOLID * 3}</a:fillStyleLst>'
    f"<a:lnStyleLst>{_LINE * 3}</a:lnStyleLst>"
    f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
    f"<a:bgFillStyleLst>{_SOLID * 3}</a:bgFillStyleLst></a:fmtScheme>"
    "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def core_xml(title: str, author: str, created: _dt.datetime) -> str:
    """docProps/core.xml: the title, the centre as author, when it was made (UTC)."""
    when = created.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        _HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml_text(title)}</dc:title><dc:creator>{_xml_text(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{_xml_text(author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP = (
    _HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>kehoach</Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "<AppVersion>15.0000</AppVersion></Properties>"
)

# Every part but the document and its core properties, which each export writes.
STATIC_PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELS,
    "docProps/app.xml": APP,
    "word/_rels/document.xml.rels": DOCUMENT_RELS,
    "word/styles.xml": STYLES,
    "word/settings.xml": SETTINGS,
    "word/header1.xml": HEADER,
    "word/fontTable.xml": FONT_TABLE,
    "word/theme/theme1.xml": THEME,
}
