"""Write the default house-style template, ``templates/house-style.docx``.

The template is written from small hand-made XML parts rather than saved from Word,
so it stays clean (no 400 KB of latent styles), reviewable in git as this script, and
byte-for-byte reproducible. Run it after changing a style:

    python tools/make_house_style.py
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

FONT = "Arial"
INK = "1F2933"
NAVY = "1B3A5C"
ACCENT = "2F6F9F"
GREY = "52606D"
RULE = "9AA5B1"
SHADE = "E4ECF4"

CONTENT_TYPES = f"""{HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

ROOT_RELS = f"""{HEADER}<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOCUMENT_RELS = f"""{HEADER}<Relationships xmlns="{PKG_REL}">
<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{REL}/numbering" Target="numbering.xml"/>
<Relationship Id="rId4" Type="{REL}/fontTable" Target="fontTable.xml"/>
<Relationship Id="rId5" Type="{REL}/header" Target="header1.xml"/>
<Relationship Id="rId6" Type="{REL}/footer" Target="footer1.xml"/>
</Relationships>"""

# A4, 2 cm margins: 9638 twips of text width.
DOCUMENT = f"""{HEADER}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">
<w:body>
<w:sectPr>
<w:headerReference w:type="default" r:id="rId5"/>
<w:footerReference w:type="default" r:id="rId6"/>
<w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="1247" w:right="1134" w:bottom="1247" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>
<w:cols w:space="708"/>
</w:sectPr>
</w:body>
</w:document>"""


def _rpr(size: float, color: str = INK, bold: bool = False, italic: bool = False) -> str:
    half_points = round(size * 2)
    return (
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:color w:val="{color}"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        "</w:rPr>"
    )


def _paragraph_style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    priority: int = 9,
) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + f'<w:uiPriority w:val="{priority}"/><w:qFormat/>'
        + f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def _heading(level: int, size: float, before: int, after: int, color: str) -> str:
    return _paragraph_style(
        f"Heading{level}",
        f"heading {level}",
        f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/>',
        _rpr(size, color, bold=True),
        next_style="Normal",
    )


STYLES = (
    f"""{HEADER}<w:styles xmlns:w="{W_NS}">
<w:docDefaults>
<w:rPrDefault>{_rpr(11).replace("<w:rPr>", "<w:rPr>").replace("</w:rPr>", '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr>')}</w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="140" w:line="288" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
"""
    + _paragraph_style(
        "Title",
        "Title",
        '<w:spacing w:before="0" w:after="80"/><w:contextualSpacing/>',
        _rpr(26, NAVY, bold=True),
        next_style="Subtitle",
        priority=10,
    )
    + _paragraph_style(
        "Subtitle",
        "Subtitle",
        f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{ACCENT}"/></w:pBdr>'
        '<w:spacing w:after="360"/>',
        _rpr(14, GREY),
        next_style="Normal",
        priority=11,
    )
    + _heading(1, 15, 360, 120, NAVY)
    + _heading(2, 12.5, 240, 80, NAVY)
    + _heading(3, 11.5, 200, 60, INK)
    + _paragraph_style(
        "ListParagraph",
        "List Paragraph",
        '<w:spacing w:after="80"/><w:ind w:left="720"/><w:contextualSpacing/>',
        "",
        priority=34,
    )
    + _paragraph_style("Lead", "Lead", '<w:spacing w:after="200"/>', _rpr(12, INK), priority=20)
    + _paragraph_style("Note", "Note", "", _rpr(9.5, GREY, italic=True), priority=21)
    + _paragraph_style(
        "TableText",
        "Table Text",
        '<w:spacing w:before="40" w:after="40" w:line="252" w:lineRule="auto"/>',
        _rpr(10),
        priority=22,
    )
    + _paragraph_style(
        "TableHeading",
        "Table Heading",
        '<w:keepNext/><w:spacing w:before="40" w:after="40"/>',
        _rpr(10, NAVY, bold=True),
        based_on="TableText",
        priority=23,
    )
    + _paragraph_style(
        "Caption",
        "caption",
        '<w:keepNext/><w:spacing w:before="200" w:after="80"/>',
        _rpr(10, GREY, bold=True),
        priority=35,
    )
    + _paragraph_style(
        "Header",
        "header",
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
        '<w:tabs><w:tab w:val="right" w:pos="9638"/></w:tabs><w:spacing w:after="0"/>',
        _rpr(9, GREY),
        priority=99,
    )
    + _paragraph_style(
        "Footer",
        "footer",
        '<w:tabs><w:tab w:val="right" w:pos="9638"/></w:tabs><w:spacing w:after="0"/>',
        _rpr(8.5, GREY),
        priority=99,
    )
    + f"""<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:rPr><w:color w:val="{ACCENT}"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="22"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>
<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:left w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:right w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/></w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>
<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="{NAVY}"/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{SHADE}"/></w:tcPr></w:tblStylePr>
</w:style>
</w:styles>"""
)

SETTINGS = f"""{HEADER}<w:settings xmlns:w="{W_NS}">
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="708"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>
<w:themeFontLang w:val="en-GB"/>
</w:settings>"""

NUMBERING = f"""{HEADER}<w:numbering xmlns:w="{W_NS}"></w:numbering>"""

FONT_TABLE = f"""{HEADER}<w:fonts xmlns:w="{W_NS}">
<w:font w:name="{FONT}"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="MS Gothic"><w:charset w:val="80"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>"""


def _field(instruction: str, placeholder: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{placeholder}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


# Tags in header and footer are rendered by policykit with docxtpl (autoescaped).
HEADER_PART = f"""{HEADER}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{_run("{{ school.name }}")}<w:r><w:tab/></w:r>{_run("{{ document.title }}")}</w:p>
</w:hdr>"""

FOOTER_PART = f"""{HEADER}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">
<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{_run("{{ document.title }} · edition {{ document.edition }} · next review {{ document.next_review }}")}<w:r><w:tab/></w:r>{_run("Page ")}{_field("PAGE", "1")}{_run(" of ")}{_field("NUMPAGES", "1")}</w:p>
<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{_run("Approved {{ document.approved }} · built with policykit from inputs {{ provenance }}")}</w:p>
</w:ftr>"""

CORE = f"""{HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>policykit house style</dc:title><dc:creator>policykit</dc:creator><dc:language>en-GB</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>
</cp:coreProperties>"""

APP = f"""{HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>policykit</Application></Properties>"""

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": ROOT_RELS,
    "word/document.xml": DOCUMENT,
    "word/_rels/document.xml.rels": DOCUMENT_RELS,
    "word/styles.xml": STYLES,
    "word/settings.xml": SETTINGS,
    "word/numbering.xml": NUMBERING,
    "word/fontTable.xml": FONT_TABLE,
    "word/header1.xml": HEADER_PART,
    "word/footer1.xml": FOOTER_PART,
    "docProps/core.xml": CORE,
    "docProps/app.xml": APP,
}


def write_template(path: Path, parts: dict[str, str] | None = None) -> None:
    """Write the template (or ``parts`` replacing some of its parts) to ``path``."""
    merged = {**PARTS, **(parts or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in merged.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))


def main() -> int:
    """Write templates/house-style.docx beside this script's repository."""
    target = Path(__file__).resolve().parents[1] / "templates" / "house-style.docx"
    write_template(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
