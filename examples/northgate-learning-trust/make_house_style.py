"""Write Northgate Learning Trust's house style, ``northgate-house-style.docx``.

It starts from policykit's default template (``tools/make_house_style.py``) and
changes only the look: Georgia instead of Arial, the trust's deep green instead of
navy and blue, a "Northgate Learning Trust" line above each document's title, and a
header naming the trust and the school. Every style the default defines is kept
(Normal, Title, Subtitle, Heading 1-3, List Paragraph, Lead, Note, Table Text,
Table Heading, Caption, Header, Footer, Hyperlink, Strong, Table Grid), and so are
the footer's page fields. The output is the same bytes on every run.

    python examples/northgate-learning-trust/make_house_style.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
DEFAULT_SCRIPT = HERE.parents[1] / "tools" / "make_house_style.py"
TARGET = HERE / "northgate-house-style.docx"

TRUST = "Northgate Learning Trust"
FONT = "Georgia"
# Georgia's font-table entry, so Word substitutes a serif face where Georgia is missing.
FONT_ENTRY = (
    f'<w:font w:name="{FONT}"><w:panose1 w:val="02040502050405020303"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
)
GREEN = "1E4D2B"  # titles, headings, table header text (replaces the default navy)
LEAF = "2E7D4F"  # rules under subtitles, links (replaces the default blue accent)
MOSS = "E2EFE5"  # table header shading
RULE = "9DB5A5"  # table borders and the header rule
GREY = "4D5B52"  # subtitles, header and footer text


def load_default() -> ModuleType:
    """The default house-style module, imported from its file under another name."""
    spec = importlib.util.spec_from_file_location("policykit_default_house_style", DEFAULT_SCRIPT)
    if spec is None or spec.loader is None:  # pragma: no cover - a broken checkout
        raise SystemExit(f"cannot import {DEFAULT_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def swap(text: str, old: str, new: str, part: str) -> str:
    """``text`` with every ``old`` replaced; fails loudly if the default changed shape."""
    if old not in text:
        raise SystemExit(f"'{old}' not found in the default {part}; update this script")
    return text.replace(old, new)


def northgate_parts(default: ModuleType) -> dict[str, str]:
    """The parts that differ from the default template."""
    styles = default.PARTS["word/styles.xml"]
    styles = swap(styles, f'"{default.FONT}"', f'"{FONT}"', "styles.xml")
    for old, new in (
        (default.NAVY, GREEN),
        (default.ACCENT, LEAF),
        (default.SHADE, MOSS),
        (default.RULE, RULE),
        (default.GREY, GREY),
    ):
        if f'"{old}"' not in styles:
            raise SystemExit(
                f"colour {old} not found in the default styles.xml; update this script"
            )
        for attribute in ("w:val", "w:color", "w:fill"):
            styles = styles.replace(f'{attribute}="{old}"', f'{attribute}="{new}"')
        if f'"{old}"' in styles:
            raise SystemExit(f"colour {old} is still used in styles.xml")
    if default.FONT in styles:
        raise SystemExit(f"the default font {default.FONT} is still named in styles.xml")

    fonts = default.PARTS["word/fontTable.xml"]
    start = fonts.index(f'<w:font w:name="{default.FONT}">')
    end = fonts.index("</w:font>", start) + len("</w:font>")
    fonts = fonts[:start] + FONT_ENTRY + fonts[end:]

    run, field = default._run, default._field
    header = (
        f'{default.HEADER}<w:hdr xmlns:w="{default.W_NS}" xmlns:r="{default.R_NS}">\n'
        f'<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{run(TRUST + " · {{ school.name }}")}'
        f"<w:r><w:tab/></w:r>{run('{{ document.title }}')}</w:p>\n"
        "</w:hdr>"
    )
    footer = (
        f'{default.HEADER}<w:ftr xmlns:w="{default.W_NS}" xmlns:r="{default.R_NS}">\n'
        f'<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        f"{run('{{ document.title }} · edition {{ document.edition }} · next review {{ document.next_review }}')}"
        f"<w:r><w:tab/></w:r>{run('Page ')}{field('PAGE', '1')}{run(' of ')}{field('NUMPAGES', '1')}</w:p>\n"
        f'<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        f"{run(TRUST + ' · approved {{ document.approved }} · built with policykit from inputs {{ provenance }}')}</w:p>\n"
        "</w:ftr>"
    )

    # The cover: one line in the trust's green capitals above every document's title.
    cover = (
        '<w:p><w:pPr><w:pStyle w:val="Lead"/><w:spacing w:after="60"/></w:pPr>'
        f'<w:r><w:rPr><w:b/><w:bCs/><w:caps/><w:color w:val="{LEAF}"/><w:spacing w:val="20"/></w:rPr>'
        f"<w:t>{TRUST}</w:t></w:r></w:p>"
    )
    document = swap(
        default.PARTS["word/document.xml"],
        "<w:body>\n",
        "<w:body>\n" + cover + "\n",
        "document.xml",
    )

    core = swap(
        default.PARTS["docProps/core.xml"],
        "<dc:title>policykit house style</dc:title>",
        f"<dc:title>{TRUST} house style</dc:title>",
        "core.xml",
    )
    core = swap(
        core, "<dc:creator>policykit</dc:creator>", f"<dc:creator>{TRUST}</dc:creator>", "core.xml"
    )

    return {
        "word/styles.xml": styles,
        "word/fontTable.xml": fonts,
        "word/header1.xml": header,
        "word/footer1.xml": footer,
        "word/document.xml": document,
        "docProps/core.xml": core,
    }


def main() -> int:
    """Write northgate-house-style.docx beside this script."""
    default = load_default()
    default.write_template(TARGET, northgate_parts(default))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
