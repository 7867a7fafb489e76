"""The Word writer: document blocks into ``.docx`` files in a school's house style.

The house style is prepared once per build (:class:`HouseStyle`): python-docx checks
the template's styles and page size, docxtpl turns the tags in its cover, header and
footer into Jinja templates, and every part that does not change between documents
is kept as bytes. Writing a document is then string building and zipping, which is
what keeps the writer close to the cost of zipping a finished file.

Output is deterministic: fixed part order, fixed timestamps, and dates taken from the
approval record, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
from jinja2 import StrictUndefined, Template
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from policykit.blocks import (
    Block,
    Cell,
    Checkbox,
    Field,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    ParagraphRole,
    Table,
    TableKind,
)
from policykit.errors import Location, PolicykitError, Problem, display_path
from policykit.zipwriter import StreamDeflater, deflate, write_zip

__all__ = ["REQUIRED_STYLES", "CoreProperties", "HouseStyle", "TagContext"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_NUMBERING = f"{R}/numbering"
REL_HYPERLINK = f"{R}/hyperlink"
REL_HEADER = f"{R}/header"
REL_FOOTER = f"{R}/footer"
CT_NUMBERING = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: Styles a house-style template must define, by the name Word shows.
REQUIRED_STYLES: tuple[str, ...] = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Paragraph",
    "Table Grid",
)
#: Styles used when present, each with the style used instead when absent.
OPTIONAL_STYLES: dict[str, str] = {
    "Subtitle": "Normal",
    "Lead": "Normal",
    "Note": "Normal",
    "Table Text": "Normal",
    "Table Heading": "Normal",
    "Caption": "Normal",
}


def _esc(text: str) -> str:
    # Most text has nothing to escape; checking first is several times faster.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


@attrs.frozen
class TagContext:
    """The values the template's tags may show: ``{{ school.name }}`` and the like."""

    school: Mapping[str, str]
    document: Mapping[str, str]
    provenance: str

    def as_dict(self) -> dict[str, Any]:
        """The Jinja context for the template's tags."""
        return {"school": self.school, "document": self.document, "provenance": self.provenance}


_SAMPLE_TAGS = TagContext(
    school={"name": "School", "website": "", "urn": "", "address": "", "trust": ""},
    document={
        "title": "Title",
        "subject": "",
        "edition": "1e",
        "approved": "1 January 2025",
        "next_review": "1 January 2026",
        "kind": "policy",
        "id": "document",
    },
    provenance="0000000000",
)


@attrs.frozen
class _Numbering:
    root_open: str
    abstracts: str
    nums: str
    next_abstract: int
    next_num: int


class HouseStyle:
    """A prepared house-style template; load once per build, write many documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        shown = display_path(path)
        self._where = Location(shown)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise PolicykitError.single(
                f"house-style template not found: {path}",
                self._where,
                "check house_style.template in the school or trust file (relative to it)",
            ) from None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                self._parts = {name: archive.read(name) for name in archive.namelist()}
        except (zipfile.BadZipFile, OSError):
            raise PolicykitError.single(
                "house-style template is not a Word file (it is not a .docx package)",
                self._where,
                "save the template from Word as a .docx document",
            ) from None
        if "word/document.xml" not in self._parts:
            raise PolicykitError.single(
                "house-style template has no word/document.xml; it is not a Word document",
                self._where,
                "save the template from Word as a .docx document",
            )
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.style_ids = self._check_styles(data)
        self._env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
        self._prepare_document()
        self._prepare_rels()
        self._numbering = self._prepare_numbering()
        self._prepare_static_parts()
        # Render once with sample values so a bad tag fails now, naming the template.
        self._render_tags(_SAMPLE_TAGS)

    # ------------------------------------------------------------------ preparation

    def _check_styles(self, data: bytes) -> dict[str, str]:
        from docx import Document as open_docx
        from docx.enum.style import WD_STYLE_TYPE

        try:
            template = open_docx(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds for a broken package
            raise PolicykitError.single(
                f"house-style template cannot be opened ({type(exc).__name__}: {exc})",
                self._where,
                "open it in Word, save it again as .docx, and retry",
            ) from None
        ids: dict[str, str] = {}
        for style in template.styles:
            if style.type in (
                WD_STYLE_TYPE.PARAGRAPH,
                WD_STYLE_TYPE.TABLE,
                WD_STYLE_TYPE.CHARACTER,
            ):
                ids[style.name] = style.style_id
        missing = [name for name in REQUIRED_STYLES if name not in ids]
        if missing:
            raise PolicykitError(
                Problem(
                    f"house-style template lacks the style '{name}'",
                    self._where,
                    f"add a style named '{name}' in Word (apply it once and save), or start"
                    " from templates/house-style.docx",
                )
                for name in missing
            )
        for name, fallback in OPTIONAL_STYLES.items():
            ids.setdefault(name, ids[fallback])
        section = template.sections[0]
        width = section.page_width or 11906 * 635
        margins = (section.left_margin or 0) + (section.right_margin or 0)
        self.text_width = max(int((width - margins) / 635), 2000)  # EMU to twips
        return ids

    def _prepare_document(self) -> None:
        from docxtpl import DocxTemplate

        source = self._parts["word/document.xml"]
        root = etree.fromstring(source)
        body = root.find(f"{{{W}}}body")
        if body is None:
            raise PolicykitError.single(
                "house-style template has no document body",
                self._where,
                "save the template from Word as a .docx document",
            )
        sect = body.find(f"{{{W}}}sectPr")
        if sect is None:
            sect = etree.SubElement(body, f"{{{W}}}sectPr")
        # Drop empty paragraphs left in the cover: spacing belongs to styles.
        for child in list(body):
            if child is sect:
                continue
            if child.tag == f"{{{W}}}p" and not _has_content(child):
                body.remove(child)
        _fill_alt_text(root, "{{ school.name }} logo")
        cover = "".join(
            etree.tostring(child, encoding="unicode") for child in body if child is not sect
        )
        sect_xml = etree.tostring(sect, encoding="unicode")
        tpl = DocxTemplate(io.BytesIO(b""))
        self._cover = self._compile(_strip_ns_decls(tpl.patch_xml(cover)), "cover")
        self._sect_pr = _strip_ns_decls(sect_xml)
        self._root_open = _root_open(source.decode("utf-8"))
        self._patcher = tpl

    def _prepare_rels(self) -> None:
        rels = etree.fromstring(self._parts["word/_rels/document.xml.rels"])
        self._rel_items: list[tuple[str, str, str, str | None]] = []
        has_numbering = False
        self._header_footer: dict[str, Template] = {}
        for rel in rels:
            rel_id, rel_type = rel.get("Id", ""), rel.get("Type", "")
            target, mode = rel.get("Target", ""), rel.get("TargetMode")
            self._rel_items.append((rel_id, rel_type, target, mode))
            if rel_type == REL_NUMBERING:
                has_numbering = True
                self._numbering_part = "word/" + target.lstrip("/").removeprefix("word/")
            if rel_type in (REL_HEADER, REL_FOOTER) and mode != "External":
                part = "word/" + target.lstrip("/").removeprefix("word/")
                if part in self._parts:
                    xml = self._parts[part].decode("utf-8")
                    root = etree.fromstring(self._parts[part])
                    _fill_alt_text(root, "{{ school.name }} logo")
                    xml = etree.tostring(root, encoding="unicode")
                    self._header_footer[part] = self._compile(self._patcher.patch_xml(xml), part)
        if not has_numbering:
            self._numbering_part = "word/numbering.xml"
            self._rel_items.append(("pkNumbering", REL_NUMBERING, "numbering.xml", None))
            self._parts[self._numbering_part] = (
                f'{XML_HEADER}<w:numbering xmlns:w="{W}"></w:numbering>'.encode()
            )
            self._add_override("/word/numbering.xml", CT_NUMBERING)

    def _add_override(self, part_name: str, content_type: str) -> None:
        types = self._parts["[Content_Types].xml"].decode("utf-8")
        if f'PartName="{part_name}"' not in types:
            types = types.replace(
                "</Types>",
                f'<Override PartName="{part_name}" ContentType="{content_type}"/></Types>',
            )
            self._parts["[Content_Types].xml"] = types.encode("utf-8")

    def _prepare_numbering(self) -> _Numbering:
        root = etree.fromstring(self._parts[self._numbering_part])
        abstracts = [el for el in root if el.tag == f"{{{W}}}abstractNum"]
        nums = [el for el in root if el.tag == f"{{{W}}}num"]
        abstract_ids = [int(el.get(f"{{{W}}}abstractNumId", "0")) for el in abstracts]
        num_ids = [int(el.get(f"{{{W}}}numId", "0")) for el in nums]
        text = self._parts[self._numbering_part].decode("utf-8")
        return _Numbering(
            root_open=_root_open(text),
            abstracts="".join(
                _strip_ns_decls(etree.tostring(el, encoding="unicode")) for el in abstracts
            ),
            nums="".join(_strip_ns_decls(etree.tostring(el, encoding="unicode")) for el in nums),
            next_abstract=max(abstract_ids, default=0) + 1,
            next_num=max(num_ids, default=0) + 1,
        )

    def _prepare_static_parts(self) -> None:
        parts = self._parts
        if "word/styles.xml" in parts:
            parts["word/styles.xml"] = _set_language(parts["word/styles.xml"])
        # A thumbnail shows the template, not the document; custom XML is Word's own.
        dropped = ("docProps/thumbnail", "customXml/")
        for name in [n for n in parts if n.startswith(dropped)]:
            del parts[name]
        types = parts["[Content_Types].xml"].decode("utf-8")
        types = re.sub(r'<Override PartName="/(?:customXml|docProps/thumbnail)[^>]*/>', "", types)
        parts["[Content_Types].xml"] = types.encode("utf-8")
        self._rel_items = [r for r in self._rel_items if not r[1].endswith("/customXml")]
        root_rels = parts.get("_rels/.rels", f'<Relationships xmlns="{PKG_REL}"/>'.encode())
        text = re.sub(
            r'<Relationship [^>]*Target="/?docProps/thumbnail[^>]*/>', "", root_rels.decode()
        )
        text = text.replace(
            f'<Relationships xmlns="{PKG_REL}"/>',
            f'<Relationships xmlns="{PKG_REL}"></Relationships>',
        )
        for rel_id, kind, target, content_type in (
            (
                "pkCore",
                f"{PKG_REL}/metadata/core-properties",
                "docProps/core.xml",
                "application/vnd.openxmlformats-package.core-properties+xml",
            ),
            (
                "pkApp",
                f"{R}/extended-properties",
                "docProps/app.xml",
                "application/vnd.openxmlformats-officedocument.extended-properties+xml",
            ),
            (
                "pkCustom",
                f"{R}/custom-properties",
                "docProps/custom.xml",
                "application/vnd.openxmlformats-officedocument.custom-properties+xml",
            ),
        ):
            if f'Target="{target}"' not in text and f'Target="/{target}"' not in text:
                text = text.replace(
                    "</Relationships>",
                    f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
                    "</Relationships>",
                )
            self._add_override(f"/{target}", content_type)
        parts["_rels/.rels"] = text.encode("utf-8")
        generated = {
            "word/document.xml",
            "word/_rels/document.xml.rels",
            self._numbering_part,
            "docProps/core.xml",
            "docProps/app.xml",
            "docProps/custom.xml",
            *self._header_footer,
        }
        order = {"[Content_Types].xml": 0, "_rels/.rels": 1}
        static = sorted(
            ((name, data) for name, data in parts.items() if name not in generated),
            key=lambda item: (order.get(item[0], 2), item[0]),
        )
        # Compressed once here, reused by every document of the build.
        self._static = [deflate(name, data) for name, data in static]

    def _compile(self, source: str, part: str) -> Template:
        try:
            return self._env.from_string(source)
        except TemplateError as exc:
            raise PolicykitError.single(
                f"house-style template has a broken tag in {part}: {exc}",
                self._where,
                "tags look like {{ school.name }}; see docs/formats.md, 'House style'",
            ) from None

    def _render_tags(self, tags: TagContext) -> tuple[str, dict[str, bytes]]:
        context = tags.as_dict()
        try:
            cover = self._cover.render(context)
            parts = {
                part: template.render(context).encode("utf-8")
                for part, template in self._header_footer.items()
            }
        except TemplateError as exc:
            raise PolicykitError.single(
                f"house-style template uses a tag policykit does not know: {exc}",
                self._where,
                "available tags: school.name, school.website, school.urn, school.address,"
                " school.trust, document.title, document.subject, document.edition,"
                " document.approved, document.next_review, document.kind, document.id,"
                " provenance",
            ) from None
        return cover, parts

    # ------------------------------------------------------------------ writing

    def write(self, blocks: Iterable[Block], meta: CoreProperties, tags: TagContext) -> bytes:
        """The bytes of one ``.docx``."""
        cover, header_footer = self._render_tags(tags)
        # document.xml is compressed as it is written, so a long document (a trust's policy
        # with an annex per school) never sits in memory whole.
        document = StreamDeflater("word/document.xml")
        document.feed(XML_HEADER + self._root_open + "<w:body>" + cover)
        body = _BodyWriter(self)
        body.paragraph_text(meta.title, self.style_ids["Title"])
        body.paragraph_text(meta.school, self.style_ids["Subtitle"])
        for block in blocks:
            body.block(block)
            if len(body.out) > _FLUSH_PIECES:
                document.feed("".join(body.out))
                body.out.clear()
        document.feed("".join(body.out) + self._sect_pr + "</w:body></w:document>")
        rels = self._rels(body.links)
        numbering = self._numbering_xml(body.lists)
        generated: dict[str, bytes] = {
            "word/_rels/document.xml.rels": rels.encode("utf-8"),
            self._numbering_part: numbering.encode("utf-8"),
            "docProps/core.xml": meta.core_xml().encode("utf-8"),
            "docProps/custom.xml": meta.custom_xml().encode("utf-8"),
            **header_footer,
        }
        members = [deflate(name, generated[name]) for name in generated]
        members += [document.finish(), _APP_XML]
        members.sort(key=lambda m: m.name)
        # [Content_Types].xml and the package relationships come first, as Word writes them.
        return write_zip([*self._static[:2], *members, *self._static[2:]])

    def _rels(self, links: list[str]) -> str:
        items = [
            f'<Relationship Id="{_esc(i)}" Type="{_esc(t)}" Target="{_esc(g)}"'
            + (f' TargetMode="{_esc(m)}"' if m else "")
            + "/>"
            for i, t, g, m in self._rel_items
        ]
        items += [
            f'<Relationship Id="pkLink{n}" Type="{REL_HYPERLINK}" Target="{_esc(url)}"'
            ' TargetMode="External"/>'
            for n, url in enumerate(links, 1)
        ]
        return f'{XML_HEADER}<Relationships xmlns="{PKG_REL}">{"".join(items)}</Relationships>'

    def _numbering_xml(self, lists: list[str]) -> str:
        num = self._numbering
        base_abstract = num.next_abstract
        abstracts = (
            _abstract_headings(base_abstract)
            + _abstract_list(base_abstract + 1, ordered=False)
            + _abstract_list(base_abstract + 2, ordered=True)
        )
        nums = [
            f'<w:num w:numId="{num.next_num}"><w:abstractNumId w:val="{base_abstract}"/></w:num>'
        ]
        for offset, kind in enumerate(lists, 1):
            abstract = base_abstract + (2 if kind == "ordered" else 1)
            nums.append(
                f'<w:num w:numId="{num.next_num + offset}"><w:abstractNumId w:val="{abstract}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        return (
            XML_HEADER
            + num.root_open
            + num.abstracts
            + abstracts
            + num.nums
            + "".join(nums)
            + "</w:numbering>"
        )

    @property
    def heading_num_id(self) -> int:
        """The numbering instance every numbered heading uses."""
        return self._numbering.next_num


_APP_XML = deflate(
    "docProps/app.xml",
    (
        XML_HEADER + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>policykit</Application></Properties>'
    ).encode("utf-8"),
)


@attrs.frozen
class CoreProperties:
    """The document properties Word shows under File > Info, from the school's facts."""

    title: str
    subject: str
    school: str
    keywords: tuple[str, ...]
    description: str
    category: str
    date: dt.date
    #: Custom document properties (name, text): which school, document and version a
    #: file is, so a returned form can be checked (policykit.consent).
    custom: tuple[tuple[str, str], ...] = ()

    def custom_xml(self) -> str:
        """``docProps/custom.xml`` holding :attr:`custom`."""
        fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
        props = "".join(
            f'<property fmtid="{fmtid}" pid="{pid}" name="{_esc(name)}">'
            f"<vt:lpwstr>{_esc(value)}</vt:lpwstr></property>"
            for pid, (name, value) in enumerate(self.custom, 2)
        )
        return (
            XML_HEADER + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'docPropsVTypes">{props}</Properties>'
        )

    def core_xml(self) -> str:
        """``docProps/core.xml`` for these properties."""
        stamp = f"{self.date.isoformat()}T00:00:00Z"
        return (
            XML_HEADER
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_esc(self.title)}</dc:title>"
            f"<dc:subject>{_esc(self.subject)}</dc:subject>"
            f"<dc:creator>{_esc(self.school)}</dc:creator>"
            f"<cp:keywords>{_esc('; '.join(self.keywords))}</cp:keywords>"
            f"<dc:description>{_esc(self.description)}</dc:description>"
            f"<cp:lastModifiedBy>{_esc(self.school)}</cp:lastModifiedBy>"
            "<cp:revision>1</cp:revision>"
            f"<cp:category>{_esc(self.category)}</cp:category>"
            "<dc:language>en-GB</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"
        )


_FLUSH_PIECES = 4096


class _BodyWriter:
    """Builds the body XML of one document, collecting links and lists as it goes."""

    def __init__(self, style: HouseStyle) -> None:
        self.style = style
        self.ids = style.style_ids
        self.out: list[str] = []
        self.links: list[str] = []
        self._link_ids: dict[str, int] = {}
        self.lists: list[str] = []
        self._checkbox = 0

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            style = {
                ParagraphRole.BODY: self.ids["Normal"],
                ParagraphRole.LEAD: self.ids["Lead"],
                ParagraphRole.NOTE: self.ids["Note"],
            }[block.role]
            self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>')
            self.inlines(block.inlines)
            self.out.append("</w:p>")
        elif isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, ListBlock):
            self.list(block, 0)
        else:
            self.table(block)

    def paragraph_text(self, text: str, style_id: str) -> None:
        self.out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'
        )

    def heading(self, heading: Heading) -> None:
        style = self.ids[f"Heading {heading.level}"]
        if heading.numbered:
            numbering = (
                f'<w:numPr><w:ilvl w:val="{heading.level - 1}"/>'
                f'<w:numId w:val="{self.style.heading_num_id}"/></w:numPr>'
            )
        else:
            numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
        self.out.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numbering}</w:pPr>'
            f'<w:r><w:t xml:space="preserve">{_esc(heading.text)}</w:t></w:r></w:p>'
        )

    def list(self, block: ListBlock, level: int, num_id: int | None = None) -> None:
        kind = "ordered" if block.ordered else "bullet"
        if num_id is None or level == 0:
            self.lists.append(kind)
            num_id = self.style.heading_num_id + len(self.lists)
            level = 0
        style = self.ids["List Paragraph"]
        for item in block.items:
            self.out.append(
                f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:numPr><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            )
            self.inlines(item.inlines)
            self.out.append("</w:p>")
            for child in item.children:
                same_kind = child.ordered == block.ordered
                if same_kind and level < 2:
                    self.list(child, level + 1, num_id)
                else:
                    self.list(child, 0)

    def table(self, table: Table) -> None:
        total = self.style.text_width
        widths = [total * c.width // 100 for c in table.columns]
        widths[-1] += total - sum(widths)
        out = self.out
        caption = f'<w:tblCaption w:val="{_esc(table.caption)}"/>' if table.caption else ""
        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.ids["Table Grid"]}"/>'
            f'<w:tblW w:w="{total}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
            f' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>{caption}</w:tblPr><w:tblGrid>'
        )
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out.append("</w:tblGrid>")
        heading_style = self.ids["Table Heading"]
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for column, width in zip(table.columns, widths, strict=True):
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{heading_style}"/></w:pPr>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{_esc(column.header)}'
                "</w:t></w:r></w:p></w:tc>"
            )
        out.append("</w:tr>")
        row_pr = (
            '<w:trPr><w:cantSplit/><w:trHeight w:val="624" w:hRule="atLeast"/></w:trPr>'
            if table.kind is TableKind.FORM
            else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        for row in table.rows:
            out.append(f"<w:tr>{row_pr}")
            for cell, width in zip(row, widths, strict=True):
                self.cell(cell, width)
            out.append("</w:tr>")
        out.append("</w:tbl>")

    def cell(self, cell: Cell, width: int) -> None:
        style = self.ids["Table Text"]
        self.out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>')
        for paragraph in cell.paragraphs:
            self.out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>')
            self.inlines(paragraph)
            self.out.append("</w:p>")
        self.out.append("</w:tc>")

    def inlines(self, inlines: Iterable[Inline]) -> None:
        out = self.out
        for inline in inlines:
            if isinstance(inline, Checkbox):
                self.checkbox(inline)
                continue
            if isinstance(inline, Field):
                self.field(inline)
                continue
            props = ("<w:b/>" if inline.bold else "") + ("<w:i/>" if inline.italic else "")
            text = _run_text(inline.text)
            if inline.link is None:
                out.append(
                    f"<w:r><w:rPr>{props}</w:rPr>{text}</w:r>" if props else f"<w:r>{text}</w:r>"
                )
                continue
            number = self._link_ids.get(inline.link)
            if number is None:
                self.links.append(inline.link)
                number = self._link_ids[inline.link] = len(self.links)
            style = self.ids.get("Hyperlink")
            link_props = (
                f'<w:rStyle w:val="{style}"/>'
                if style
                else '<w:color w:val="0563C1"/><w:u w:val="single"/>'
            )
            out.append(
                f'<w:hyperlink r:id="pkLink{number}" w:history="1">'
                f"<w:r><w:rPr>{link_props}{props}</w:rPr>{text}</w:r></w:hyperlink>"
            )

    def field(self, field: Field) -> None:
        self._checkbox += 1  # content control ids are unique across boxes and fields
        self.out.append(_field_xml(field, self._checkbox))

    def checkbox(self, box: Checkbox) -> None:
        self._checkbox += 1
        symbol = "\u2612" if box.checked else "\u2610"
        tag = _esc(box.tag or f"checkbox-{self._checkbox}")
        self.out.append(
            f'<w:sdt><w:sdtPr><w:alias w:val="{_esc(box.label)}"/><w:tag w:val="{tag}"/>'
            f'<w:id w:val="{self._checkbox}"/>'
            f'<w14:checkbox><w14:checked w14:val="{int(box.checked)}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
            "</w:sdtPr><w:sdtContent>"
            '<w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic"'
            f' w:hint="eastAsia"/></w:rPr><w:t>{symbol}</w:t></w:r></w:sdtContent></w:sdt>'
            f'<w:r><w:t xml:space="preserve"> {_esc(box.label)}</w:t></w:r>'
        )


#: What an empty field shows: blank space to click into (and to write on when printed).
FIELD_PLACEHOLDER = "\u00a0" * 14


def _field_xml(field: Field, number: int) -> str:
    """A plain-text content control, tagged so that a returned form can be read back."""
    text = field.text or FIELD_PLACEHOLDER
    placeholder = "" if field.text else "<w:showingPlcHdr/>"
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{_esc(field.label)}"/><w:tag w:val="{_esc(field.tag)}"/>'
        f'<w:id w:val="{number}"/>{placeholder}<w:text/></w:sdtPr>'
        f"<w:sdtContent><w:r>{_run_text(text)}</w:r></w:sdtContent></w:sdt>"
    )


def _run_text(text: str) -> str:
    if "\n" not in text and "\t" not in text:
        return f'<w:t xml:space="preserve">{_esc(text)}</w:t>'
    parts: list[str] = []
    for piece in re.split(r"(\n|\t)", text):
        if piece == "\n":
            parts.append("<w:br/>")
        elif piece == "\t":
            parts.append("<w:tab/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{_esc(piece)}</w:t>')
    return "".join(parts)


def _abstract_headings(abstract_id: int) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        for i, (text, indent) in enumerate((("%1", 567), ("%1.%2", 709), ("%1.%2.%3", 851)))
    )
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
        f"{levels}</w:abstractNum>"
    )


def _abstract_list(abstract_id: int, *, ordered: bool) -> str:
    if ordered:
        formats = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))
    else:
        formats = (("bullet", "\u2022"), ("bullet", "\u2013"), ("bullet", "\u25aa"))
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{567 * (i + 1)}" w:hanging="{340}"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(formats)
    )
    kind = "hybridMultilevel"
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="{kind}"/>'
        f"{levels}</w:abstractNum>"
    )


def _has_content(paragraph: Any) -> bool:
    text = "".join(paragraph.itertext()).strip()
    if text:
        return True
    for tag in ("drawing", "pict", "fldSimple", "sdt", "object"):
        if paragraph.find(f".//{{{W}}}{tag}") is not None:
            return True
    return False


def _fill_alt_text(root: Any, text: str) -> None:
    """Give every image in the template alternative text, so no image lacks it."""
    for doc_pr in root.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        if not (doc_pr.get("descr") or "").strip():
            doc_pr.set("descr", text)


_ROOT_OPEN = re.compile(r"<(?:\w+:)?\w+(?:\s[^>]*)?>")


def _root_open(xml: str) -> str:
    """The opening tag of the root element, with every namespace Word may need."""
    body = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    match = _ROOT_OPEN.match(body)
    assert match is not None
    tag = match.group(0)
    name = tag[1:].split()[0].rstrip(">")
    if name.endswith("document"):
        needed = {"w": W, "r": R, "w14": W14, "mc": MC}
        for prefix, uri in needed.items():
            if f"xmlns:{prefix}=" not in tag:
                tag = tag[:-1] + f' xmlns:{prefix}="{uri}">'
        ignorable = re.search(r'mc:Ignorable="([^"]*)"', tag)
        if ignorable is None:
            tag = tag[:-1] + ' mc:Ignorable="w14">'
        elif "w14" not in ignorable.group(1).split():
            tag = tag.replace(ignorable.group(0), f'mc:Ignorable="{ignorable.group(1)} w14"')
    return tag


def _strip_ns_decls(xml: str) -> str:
    """Remove namespace declarations lxml repeats on serialised child elements."""
    return re.sub(r'\sxmlns:\w+="[^"]*"', "", xml)


def _set_language(styles: bytes) -> bytes:
    """Make the documents' default language British English."""
    root = etree.fromstring(styles)
    defaults = root.find(f"{{{W}}}docDefaults")
    if defaults is None:
        defaults = etree.Element(f"{{{W}}}docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(f"{{{W}}}rPrDefault")
    if rpr_default is None:
        rpr_default = etree.SubElement(defaults, f"{{{W}}}rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{{{W}}}rPr")
    if rpr is None:
        rpr = etree.SubElement(rpr_default, f"{{{W}}}rPr")
    lang = rpr.find(f"{{{W}}}lang")
    if lang is None:
        lang = etree.SubElement(rpr, f"{{{W}}}lang")
    lang.set(f"{{{W}}}val", "en-GB")
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result
