"""The Word writer: styles, numbering, tables, links, properties, determinism, templates."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx2python import docx2python

from conftest import style_name
from policykit.blocks import (
    Cell,
    Checkbox,
    Column,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Table,
    TableKind,
    Text,
)
from policykit.errors import PolicykitError
from policykit.word import CoreProperties, HouseStyle, TagContext

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "house-style.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BLOCKS = (
    Heading("Aims and scope", 1),
    Heading("Aims", 2),
    Paragraph(
        (
            Text("We "),
            Text("always", bold=True),
            Text(" tell the "),
            Text("CEOP", link="https://www.ceop.police.uk/"),
            Text(".", italic=True),
        )
    ),
    ListBlock(
        True,
        (
            ListItem((Text("one"),)),
            ListItem((Text("two"),), (ListBlock(True, (ListItem((Text("two a"),)),)),)),
        ),
    ),
    ListBlock(True, (ListItem((Text("again one"),)),)),
    ListBlock(False, (ListItem((Text("a bullet"),)),)),
    Heading("Roles", 1),
    Heading("The board", 2),
    Heading("Signatures", 1, numbered=False),
    Table(
        (Column("Role", 30), Column("Name", 40), Column("Consent", 30)),
        (
            (
                Cell.of("Chair"),
                Cell.of("David Okafor"),
                Cell(((Checkbox("Yes", tag="website-yes"),),)),
            ),
            (Cell.of("Head"), Cell.of("Ruth Adebayo"), Cell(((Checkbox("No"),),))),
        ),
        TableKind.FORM,
        caption="Signed on behalf of the school",
    ),
)
META = CoreProperties(
    title="Online safety policy",
    subject="How we keep pupils safe online",
    school="Oakfield Primary School",
    keywords=("online safety", "KCSIE"),
    description="Built for a test.",
    category="policy",
    date=dt.date(2025, 9, 15),
)
TAGS = TagContext(
    school={
        "name": "Oakfield Primary School",
        "website": "",
        "urn": "",
        "address": "",
        "trust": "",
    },
    document={
        "id": "online-safety-policy",
        "title": "Online safety policy",
        "subject": "",
        "edition": "2e1u",
        "approved": "15 September 2025",
        "next_review": "15 September 2026",
        "kind": "policy",
    },
    provenance="abc123def456",
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One document written with the default house style."""
    path = tmp_path_factory.mktemp("word") / "doc.docx"
    path.write_bytes(HouseStyle(TEMPLATE).write(BLOCKS, META, TAGS))
    return path


def xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def test_headings_use_heading_styles_and_never_skip_a_level(written: Path) -> None:
    """Sections are Heading 1, clauses Heading 2; the title uses the Title style."""
    document = docx.Document(str(written))
    styled = [
        (style_name(p), p.text)
        for p in document.paragraphs
        if style_name(p).startswith(("Heading", "Title"))
    ]
    assert styled[0] == ("Title", "Online safety policy")
    levels = [int(name.split()[-1]) for name, _ in styled if name.startswith("Heading")]
    assert levels == [1, 2, 1, 2, 1]
    assert all(b - a <= 1 for a, b in zip([0, *levels], levels, strict=False))


def test_sections_and_clauses_have_real_multilevel_numbering(written: Path) -> None:
    """Headings point at one multi-level list: 1, 1.1, 1.1.1 - no numbers typed as text."""
    numbering = xml(written, "word/numbering.xml")
    body = xml(written, "word/document.xml")
    assert '<w:lvlText w:val="%1"/>' in numbering
    assert '<w:lvlText w:val="%1.%2"/>' in numbering
    assert '<w:lvlText w:val="%1.%2.%3"/>' in numbering
    heading_nums = re.findall(
        r'<w:pStyle w:val="Heading(\d)"/><w:numPr><w:ilvl w:val="(\d)"/><w:numId w:val="(\d+)"/>',
        body,
    )
    assert {(level, ilvl) for level, ilvl, _ in heading_nums} == {("1", "0"), ("2", "1")}
    assert len({num for _, _, num in heading_nums if num != "0"}) == 1
    assert not re.search(r"<w:t[^>]*>\s*\d+(\.\d+)*\s", body)


def test_unnumbered_headings_switch_numbering_off(written: Path) -> None:
    """Front-matter headings such as Signatures carry numId 0."""
    body = xml(written, "word/document.xml")
    assert re.search(
        r'<w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Signatures', body
    )


def test_every_list_restarts_its_numbering(written: Path) -> None:
    """Each list gets its own numbering instance starting at 1."""
    numbering = xml(written, "word/numbering.xml")
    body = xml(written, "word/document.xml")
    list_nums = re.findall(
        r'<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="(\d)"/><w:numId w:val="(\d+)"/>',
        body,
    )
    first, nested, second = list_nums[0], list_nums[2], list_nums[3]
    assert first[1] == nested[1] and nested[0] == "1"  # nested items continue the same list
    assert first[1] != second[1]  # a new list is a new instance
    for num in {n for _, n in list_nums}:
        assert re.search(rf'<w:num w:numId="{num}">.*?<w:startOverride w:val="1"/>', numbering)
    assert 'w:numFmt w:val="bullet"' in numbering and 'w:numFmt w:val="decimal"' in numbering


def test_docx2python_sees_the_numbers_and_text(written: Path) -> None:
    """An independent reader renders the list numbers and the link text."""
    with docx2python(str(written)) as read:
        text = read.text
    assert "1)\tone" in text or "1.\tone" in text
    assert "a)\ttwo a" in text
    assert "1.\tagain one" in text or "1)\tagain one" in text
    assert "CEOP" in text


def test_table_header_rows_repeat_and_tables_have_captions(written: Path) -> None:
    """Header rows are marked as such (repeat across pages) and tables carry a caption."""
    body = xml(written, "word/document.xml")
    assert "<w:tblHeader/>" in body
    assert '<w:tblCaption w:val="Signed on behalf of the school"/>' in body
    table = docx.Document(str(written)).tables[0]
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert [c.text for c in table.rows[0].cells] == ["Role", "Name", "Consent"]


def test_no_empty_paragraphs_are_used_for_spacing(written: Path) -> None:
    """Spacing comes from styles: no empty body paragraphs outside table cells."""
    document = docx.Document(str(written))
    assert all(p.text.strip() for p in document.paragraphs)


def test_links_are_real_hyperlinks(written: Path) -> None:
    """Links are w:hyperlink elements with external relationships and meaningful text."""
    body = xml(written, "word/document.xml")
    rels = xml(written, "word/_rels/document.xml.rels")
    match = re.search(r'<w:hyperlink r:id="([^"]+)"[^>]*>.*?<w:t[^>]*>([^<]+)</w:t>', body)
    assert match is not None and match.group(2) == "CEOP"
    assert re.search(
        rf'Id="{match.group(1)}"[^>]*Target="https://www.ceop.police.uk/"[^>]*TargetMode="External"',
        rels,
    )


def test_tick_boxes_are_word_check_box_controls(written: Path) -> None:
    """Consent choices are clickable check boxes with a tag tools can read."""
    body = xml(written, "word/document.xml")
    assert body.count("<w14:checkbox>") == 2
    assert '<w:tag w:val="website-yes"/>' in body
    assert 'mc:Ignorable="w14"' in body or re.search(r'mc:Ignorable="[^"]*w14', body)


def test_core_properties_come_from_the_school(written: Path) -> None:
    """Title, subject, author, keywords, language and dates are set; no python-docx defaults."""
    props = docx.Document(str(written)).core_properties
    assert props.title == "Online safety policy"
    assert props.subject == "How we keep pupils safe online"
    assert props.author == "Oakfield Primary School"
    assert props.keywords == "online safety; KCSIE"
    assert props.language == "en-GB"
    assert props.created == props.modified == dt.datetime(2025, 9, 15, tzinfo=dt.UTC)
    assert props.author != "python-docx" and props.last_modified_by == "Oakfield Primary School"


def test_default_language_is_british_english(written: Path) -> None:
    """Spelling and screen readers use en-GB."""
    assert '<w:lang w:val="en-GB"' in xml(written, "word/styles.xml")


def test_footer_has_title_edition_page_fields_and_provenance(written: Path) -> None:
    """The footer shows the title, edition, Page X of Y (real fields) and the input hash."""
    footer = xml(written, "word/footer1.xml")
    assert "Online safety policy · edition 2e1u" in footer
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in footer
    assert '<w:instrText xml:space="preserve"> NUMPAGES </w:instrText>' in footer
    assert "abc123def456" in footer
    assert "{{" not in footer


def test_same_inputs_give_the_same_bytes() -> None:
    """Two writes, even with separately prepared styles, are byte-identical."""
    a = HouseStyle(TEMPLATE).write(BLOCKS, META, TAGS)
    b = HouseStyle(TEMPLATE).write(BLOCKS, META, TAGS)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as archive:
        names = archive.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_text_with_xml_characters_survives(tmp_path: Path) -> None:
    """Ampersands, angle brackets, quotes, emoji and right-to-left text come back exactly."""
    text = "Tom & Jerry <b> \"quoted\" 'single' 🙂 مدرسة e\u0301cole"
    path = tmp_path / "x.docx"
    path.write_bytes(HouseStyle(TEMPLATE).write((Paragraph((Text(text),)),), META, TAGS))
    assert text in [p.text for p in docx.Document(str(path)).paragraphs]


def png() -> bytes:
    """A one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_template_logo_gets_alt_text(tmp_path: Path) -> None:
    """A logo without alternative text in the template gets '<school> logo'."""
    template = docx.Document(str(TEMPLATE))
    template.add_picture(io.BytesIO(png()))
    path = tmp_path / "logo.docx"
    template.save(str(path))
    out = tmp_path / "out.docx"
    out.write_bytes(HouseStyle(path).write(BLOCKS, META, TAGS))
    body = xml(out, "word/document.xml")
    assert re.search(r'<wp:docPr [^>]*descr="Oakfield Primary School logo"', body)
    assert body.index("logo") < body.index("Online safety policy")


def test_template_tags_are_autoescaped(tmp_path: Path) -> None:
    """A school name with XML characters cannot break the header."""
    tags = TagContext({**TAGS.school, "name": "A & B <C>"}, TAGS.document, TAGS.provenance)
    out = tmp_path / "x.docx"
    out.write_bytes(HouseStyle(TEMPLATE).write(BLOCKS, META, tags))
    header = docx.Document(str(out)).sections[0].header.paragraphs[0].text
    assert header.startswith("A & B <C>")


def test_missing_template_is_a_clear_error(tmp_path: Path) -> None:
    """A template path that does not exist is reported with a hint."""
    with pytest.raises(PolicykitError, match="house-style template not found"):
        HouseStyle(tmp_path / "nope.docx")


def test_corrupt_template_is_a_clear_error(tmp_path: Path) -> None:
    """A file that is not a Word document is refused."""
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(PolicykitError, match="not a Word file"):
        HouseStyle(bad)


def test_template_without_a_needed_style_names_it(tmp_path: Path) -> None:
    """A template lacking a style policykit needs is refused, naming the style."""
    from tools_make_house_style import PARTS, write_template

    styles = re.sub(
        r'<w:style w:type="table" w:styleId="TableGrid">.*?</w:style>',
        "",
        PARTS["word/styles.xml"],
        flags=re.S,
    )
    path = tmp_path / "nogrid.docx"
    write_template(path, {"word/styles.xml": styles})
    with pytest.raises(PolicykitError) as caught:
        HouseStyle(path)
    assert "lacks the style 'Table Grid'" in str(caught.value)


def test_template_with_an_unknown_tag_is_refused(tmp_path: Path) -> None:
    """A tag policykit does not provide fails when the template is loaded."""
    from tools_make_house_style import PARTS, write_template

    header = PARTS["word/header1.xml"].replace("{{ school.name }}", "{{ school.motto }}")
    path = tmp_path / "badtag.docx"
    write_template(path, {"word/header1.xml": header})
    with pytest.raises(PolicykitError, match="tag policykit does not know"):
        HouseStyle(path)


def test_a_custom_template_keeps_its_fonts_and_header(tmp_path: Path) -> None:
    """A school's template gives the documents its styles and header text."""
    from tools_make_house_style import PARTS, write_template

    styles = PARTS["word/styles.xml"].replace('w:ascii="Arial"', 'w:ascii="Georgia"')
    header = PARTS["word/header1.xml"].replace("{{ school.name }}", "Proud to be {{ school.name }}")
    path = tmp_path / "custom.docx"
    write_template(path, {"word/styles.xml": styles, "word/header1.xml": header})
    out = tmp_path / "out.docx"
    out.write_bytes(HouseStyle(path).write(BLOCKS, META, TAGS))
    document = docx.Document(str(out))
    assert document.styles["Normal"].font.name == "Georgia" or 'w:ascii="Georgia"' in xml(
        out, "word/styles.xml"
    )
    assert (
        document.sections[0]
        .header.paragraphs[0]
        .text.startswith("Proud to be Oakfield Primary School")
    )


def test_the_zip_is_valid_for_the_standard_library(written: Path) -> None:
    """Our zip writer's output passes zipfile's CRC checks and lists every part once."""
    with zipfile.ZipFile(written) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert len(names) == len(set(names))
    assert {"word/document.xml", "word/styles.xml", "docProps/core.xml"} <= set(names)


def test_reused_static_parts_match_a_fresh_compression() -> None:
    """A part compressed once per build decompresses to exactly the template's bytes."""
    from policykit.zipwriter import deflate, write_zip

    data = TEMPLATE.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml")
    member = deflate("word/styles.xml", styles)
    rebuilt = write_zip([member, deflate("b.txt", b"x")])
    with zipfile.ZipFile(io.BytesIO(rebuilt)) as archive:
        assert archive.read("word/styles.xml") == styles
        assert archive.read("b.txt") == b"x"


def test_streamed_compression_equals_one_shot() -> None:
    """A member compressed piece by piece has the bytes of one compressed whole."""
    from policykit.zipwriter import StreamDeflater, deflate

    text = "".join(f"<w:p><w:r><w:t>Paragraph {i} é</w:t></w:r></w:p>" for i in range(5000))
    stream = StreamDeflater("word/document.xml")
    for start in range(0, len(text), 777):
        stream.feed(text[start : start + 777])
    assert stream.finish() == deflate("word/document.xml", text.encode("utf-8"))
