"""The website section (``policykit build --format html``): static pages for one pack.

A folder ``website/`` in each pack: a front page, a page for parents and carers, a page
for children in words for the school's age range (none for an early-years setting), the
public version of the policy and of each agreement and form parents see, and a
report-a-concern block on every page. Every page is built from clauses and facts, like
the Word documents: the parents', children's and front pages from the library's
``website-*`` document specs, the policy and agreements from the pack's own specs, all
composed as public versions (:mod:`policykit.public`).

The pages need no JavaScript and load nothing from elsewhere: one local style sheet,
``site.css``, with a print style sheet and a layout for phones inside it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from policykit import __version__
from policykit.blocks import Block, Heading
from policykit.document import Document
from policykit.errors import PolicykitError, Problems
from policykit.facts import Facts, long_date
from policykit.htmlblocks import HtmlWriter, attr, esc
from policykit.model import Person, ProfileDocument, Setting
from policykit.public import compose_public, public_facts
from policykit.resolve import ResolvedDocument, resolve_documents

if TYPE_CHECKING:
    from policykit.api import PackPlan

__all__ = [
    "CEOP_URL",
    "FOLDER",
    "Page",
    "Site",
    "build_site",
    "finish_packs",
    "write_site",
]

#: The folder inside each pack that holds the website section.
FOLDER = "website"
STYLE_SHEET = "site.css"

#: CEOP's official reporting page (National Crime Agency).
CEOP_URL = "https://www.ceop.police.uk/Safety-Centre/"
CHILDLINE = ("0800 1111", "tel:08001111")
NSPCC_HELPLINE = ("0808 800 5000", "tel:08088005000")
SUPPORT_LINKS: tuple[tuple[str, str, str, str], ...] = (
    # name, address, what it is for adults, what it is for children
    (
        "Internet Watch Foundation",
        "https://report.iwf.org.uk/",
        "report sexual images or videos of children, anonymously",
        "report sexual pictures or videos of children",
    ),
    (
        "Thinkuknow",
        "https://www.thinkuknow.co.uk/",
        "advice from the National Crime Agency's CEOP education team",
        "games, videos and advice about staying safe online",
    ),
    (
        "NSPCC",
        "https://www.nspcc.org.uk/",
        "advice on keeping children safe, and its helpline",
        "help for children and for adults who are worried about a child",
    ),
    (
        "Childline",
        "https://www.childline.org.uk/",
        "free, confidential help for children and young people",
        "talk to someone about anything, any time, for free",
    ),
)

#: Which document kinds of a pack are published as pages, and the form parents fill in.
PUBLISHED_KINDS = ("policy", "agreement")
PUBLISHED_FORMS = ("image-consent-form",)
FORM_NOTE = "This part is signed on the printed or Word copy; ask the office if you need one."

CHILDREN_SPECS: dict[Setting, str] = {
    Setting.PRIMARY: "website-children-primary",
    Setting.SECONDARY: "website-children-secondary",
}


@attrs.frozen
class Page:
    """One page of the website section."""

    file: str
    title: str
    kind: str  # home | parents | children | document
    html: str
    document: str | None = None


@attrs.frozen
class Site:
    """A pack's website section: its pages and its style sheet."""

    pages: tuple[Page, ...]
    css: str

    def files(self) -> dict[str, bytes]:
        """Every file of the section, by name."""
        files = {p.file: p.html.encode("utf-8") for p in self.pages}
        files[STYLE_SHEET] = self.css.encode("utf-8")
        return files


# --------------------------------------------------------------------------- building


def build_site(item: PackPlan, renderer: Any) -> Site:
    """The website section of one pack, in memory. Raises PolicykitError."""
    from policykit.api import changes_for

    facts = item.facts
    problems = Problems()
    documents: list[Document] = []
    for resolved, doc_facts in item.documents:
        kind = resolved.spec.kind
        if kind not in PUBLISHED_KINDS and resolved.id not in PUBLISHED_FORMS:
            continue
        try:
            changes = functools.partial(changes_for, facts=doc_facts, baseline=item.baseline)
            documents.append(compose_public(resolved, doc_facts, renderer, changes))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    pages_of: dict[str, Document] = {}
    for spec_id, resolved in _website_specs(item).items():
        try:
            pages_of[spec_id] = compose_public(resolved, facts, renderer)
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    return _site(facts, pages_of, documents)


def _website_specs(item: PackPlan) -> dict[str, ResolvedDocument]:
    """The library's website specs resolved for this pack's school."""
    facts = item.facts
    wanted = ["website-home", "website-report"]
    if facts.setting is not Setting.TRUST:
        wanted.append("website-parents")
    children = CHILDREN_SPECS.get(facts.setting)
    if children is not None:
        wanted.append(children)
    profile = attrs.evolve(facts.profile, documents=tuple(ProfileDocument(w) for w in wanted))
    resolved = resolve_documents(item.library, attrs.evolve(facts, profile=profile))
    return {r.id: r for r in resolved}


def _site(facts: Facts, docs: dict[str, Document], documents: Sequence[Document]) -> Site:
    shown = public_facts(facts)
    children_spec = CHILDREN_SPECS.get(facts.setting)
    children_word = "students" if facts.setting is Setting.SECONDARY else "children"
    nav: list[tuple[str, str]] = [("index.html", "Online safety")]
    if "website-parents" in docs:
        nav.append(("parents.html", "Parents and carers"))
    if children_spec in docs:
        nav.append(("children.html", f"For {children_word}"))
    policy = next((d for d in documents if d.kind == "policy"), None)
    if policy is not None:
        nav.append((f"{policy.id}.html", "Our policy"))
    report = docs.get("website-report")
    context = _Context(facts, shown, tuple(nav), report)

    pages: list[Page] = []
    home = docs["website-home"]
    listing = _document_list(documents)
    pages.append(
        context.page("index.html", "home", home, f"Online safety at {facts.school.name}", listing)
    )
    if "website-parents" in docs:
        pages.append(context.page("parents.html", "parents", docs["website-parents"]))
    if children_spec is not None and children_spec in docs:
        pages.append(context.page("children.html", "children", docs[children_spec], children=True))
    for document in documents:
        pages.append(context.page(f"{document.id}.html", "document", document, is_document=True))
    return Site(tuple(pages), SITE_CSS)


def _document_list(documents: Sequence[Document]) -> str:
    if not documents:
        return ""
    items = "".join(
        f'<li><a href="{attr(d.id)}.html">{esc(d.title)}</a>: {esc(_sentence(d.subject))}</li>'
        for d in documents
    )
    return (
        '<section aria-labelledby="documents"><h2 id="documents">Our policy and agreements</h2>'
        f"<ul>{items}</ul></section>\n"
    )


def _sentence(text: str) -> str:
    """``text`` to follow a colon: lower-case first letter, unless it starts an acronym."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


@attrs.frozen
class _Context:
    facts: Facts
    shown: Facts
    nav: tuple[tuple[str, str], ...]
    report: Document | None

    def page(
        self,
        file: str,
        kind: str,
        document: Document,
        title: str | None = None,
        extra: str = "",
        *,
        children: bool = False,
        is_document: bool = False,
    ) -> Page:
        title = title or document.title
        ids = {"main", "report-title", "documents"}
        writer = HtmlWriter(form_note=FORM_NOTE, ids=ids)
        blocks: list[Block] = list(document.blocks)
        lead = ""
        if is_document:
            lead = (
                f'<p class="lead">{esc(document.subject)}. Approved'
                f" {esc(long_date(document.approved))}; next review"
                f" {esc(long_date(document.next_review))}.</p>\n"
            )
        body = writer.blocks(_without_leading_title(blocks, title))
        report = self.report_block(children=children)
        main = f"<h1>{esc(title)}</h1>\n{lead}"
        if kind in ("home", "children"):
            main += body + report + extra
        elif is_document:  # a long document: a link to the report block, which ends it
            jump = '<p class="report-link"><a href="#report-title">Report a concern</a></p>\n'
            main += jump + body + extra + report
        else:
            main += report + body + extra
        html = _PAGE.format(
            title=esc(f"{title}: {self.facts.school.name}"),
            school=esc(self.facts.school.name),
            nav=self.nav_html(file),
            main=main,
            footer=self.footer_html(document),
            css=STYLE_SHEET,
            version=__version__,
        )
        return Page(file, title, kind, html, document.id if is_document else None)

    def nav_html(self, current: str) -> str:
        items = []
        for file, label in self.nav:
            here = ' aria-current="page"' if file == current else ""
            items.append(f'<li><a href="{attr(file)}"{here}>{esc(label)}</a></li>')
        return "".join(items)

    def footer_html(self, document: Document) -> str:
        approval = self.facts.approval
        return (
            f"<p>{esc(self.facts.school.name)}. This information was approved by the"
            f" {esc(_lower_first(approval.body))} on {esc(long_date(approval.date))} and will be"
            f" reviewed by {esc(long_date(approval.next_review))}.</p>"
        )

    def report_block(self, *, children: bool) -> str:
        """The report-a-concern block: the school's route, its DSL, CEOP and helplines."""
        route = ""
        if self.report is not None:
            wanted = "For children" if children else "For adults"
            route = HtmlWriter(form_note=FORM_NOTE).blocks(_section(self.report, wanted))
        dsl = self.shown.people.dsl
        contact = ""
        if dsl is not None and self.facts.setting is not Setting.TRUST:
            contact = f"<p>{_person_html(dsl, 'Designated safeguarding lead')}</p>"
            deputies = self.shown.people.deputy_dsls
            if deputies:
                names = ", ".join(esc(p.name) for p in deputies)
                contact += f"<p>Deputy designated safeguarding leads: {names}.</p>"
        if children:
            heading = "Worried about something online?"
            ceop_text = (
                "If someone online has made you feel worried or unsafe, or asked you to do"
                " something you do not want to do, you can report it to CEOP."
            )
        else:
            heading = "Report a concern"
            ceop_text = (
                "If you are worried about online sexual abuse, or the way someone has been"
                " talking to a child online, report it to CEOP, part of the National Crime"
                " Agency."
            )
        helplines = (
            f'<li><strong>Childline</strong>: <a href="{CHILDLINE[1]}">{CHILDLINE[0]}</a>'
            f"{' (free, and nobody else needs to know)' if children else ' (free and confidential, for children and young people)'}</li>"  # noqa: E501
        )
        if not children:
            helplines += (
                f'<li><strong>NSPCC helpline</strong>: <a href="{NSPCC_HELPLINE[1]}">'
                f"{NSPCC_HELPLINE[0]}</a> (for adults worried about a child)</li>"
            )
        helplines += "<li>In an emergency, call <strong>999</strong>.</li>"
        links = "".join(
            f'<li><a href="{attr(url)}">{esc(name)}</a>: {esc(kid if children else adult)}</li>'
            for name, url, adult, kid in SUPPORT_LINKS
        )
        return (
            '<section class="report" aria-labelledby="report-title">'
            f'<h2 id="report-title">{esc(heading)}</h2>\n'
            f"{route}{contact}"
            f'<p class="ceop"><a class="ceop-button" href="{CEOP_URL}">Report to CEOP'
            '<span class="ceop-sub">Child Exploitation and Online Protection</span></a></p>'
            f"<p>{esc(ceop_text)}</p>"
            f'<ul class="helplines">{helplines}</ul>'
            f'<p class="links-title">Help and advice:</p><ul class="links">{links}</ul>'
            "</section>\n"
        )


def _section(document: Document, title: str) -> list[Block]:
    """The blocks under the level-1 heading ``title`` of a document."""
    out: list[Block] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == title
            continue
        if inside:
            out.append(block)
    return out


def _without_leading_title(blocks: list[Block], title: str) -> list[Block]:
    """A one-section page repeats its title as a heading: drop the repeat."""
    if blocks and isinstance(blocks[0], Heading) and blocks[0].text == title:
        return blocks[1:]
    return blocks


def _person_html(person: Person, label: str) -> str:
    role = f", {esc(person.role)}" if person.role else ""
    parts = [f"<strong>{esc(label)}</strong>: {esc(person.name)}{role}"]
    if person.email:
        parts.append(f'email <a href="mailto:{attr(person.email)}">{esc(person.email)}</a>')
    if person.phone:
        digits = "".join(c for c in person.phone if c.isdigit() or c == "+")
        parts.append(f'phone <a href="tel:{attr(digits)}">{esc(person.phone)}</a>')
    return "; ".join(parts) + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --------------------------------------------------------------------------- writing


def write_site(site: Site, pack_folder: Path) -> dict[str, Any]:
    """Write ``site`` into ``pack_folder/website``; the manifest's ``website`` entry."""
    folder = pack_folder / FOLDER
    folder.mkdir(exist_ok=True)
    files = site.files()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {
        "folder": FOLDER,
        "pages": [
            {
                "file": p.file,
                "title": p.title,
                "kind": p.kind,
                **({"document": p.document} if p.document else {}),
                "sha256": hashlib.sha256(files[p.file]).hexdigest(),
            }
            for p in site.pages
        ],
        "assets": [{"file": STYLE_SHEET, "sha256": hashlib.sha256(files[STYLE_SHEET]).hexdigest()}],
    }


def finish_packs(
    plans: Sequence[PackPlan], folders: Sequence[Path], formats: Sequence[str], *, public: bool
) -> None:
    """After a build wrote its packs: the website sections, and the manifest's new keys.

    Every site is built before any is written, so a problem in one school's pages
    leaves the whole build unwritten (the caller's temporary folder is discarded).
    """
    from policykit.cache import cache_root
    from policykit.render import ClauseRenderer

    renderer: Any = None
    sites: list[Site | None] = []
    problems = Problems()
    for item in plans:
        if "html" not in formats:
            sites.append(None)
            continue
        if renderer is None:
            renderer = ClauseRenderer(cache_root() / "compiled")
        try:
            sites.append(build_site(item, renderer))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    for folder, site in zip(folders, sites, strict=True):
        extra: dict[str, Any] = {"public": True} if public else {}
        if site is not None:
            extra["website"] = write_site(site, folder)
        _set_manifest_keys(folder, extra)


#: The manifest keys this module owns: set when they apply, absent otherwise.
MANIFEST_KEYS = ("public", "website")


def _set_manifest_keys(folder: Path, extra: dict[str, Any]) -> None:
    """Set this module's keys in a written manifest, dropping any a reused one carried over.

    The manifest may be a link to the last build's: it is replaced, never changed in place.
    """
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    updated = {k: v for k, v in manifest.items() if k not in MANIFEST_KEYS} | extra
    if updated == manifest:
        return
    manifest = updated
    path.unlink()
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policykit {version}">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site">
<div class="inner">
<p class="school">{school}</p>
<nav aria-label="Online safety pages"><ul>{nav}</ul></nav>
</div>
</header>
<main id="main" tabindex="-1">
{main}</main>
<footer class="site"><div class="inner">{footer}</div></footer>
</body>
</html>
"""

SITE_CSS = """/* policykit website section: one style sheet, no external resources. */
:root {
  --ink: #1b1b1b;
  --paper: #ffffff;
  --link: #0b4f8a;
  --band: #1d4e89;
  --soft: #f2f5f9;
  --ceop: #a4122b;
  --focus: #ffbf47;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.125rem;
  line-height: 1.6;
  color: var(--ink);
  background: var(--paper);
}
.inner, main { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
main { padding-top: 1rem; padding-bottom: 2rem; }
main:focus { outline: none; }
.skip-link {
  position: absolute; left: 0.5rem; top: -5rem; z-index: 10;
  padding: 0.5rem 1rem; background: var(--focus); color: var(--ink); font-weight: 700;
}
.skip-link:focus { top: 0.5rem; }
a { color: var(--link); text-decoration: underline; text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 0.2em; }
a:focus-visible, .table-wrap:focus-visible {
  outline: 3px solid var(--ink); outline-offset: 2px;
  background: var(--focus); color: var(--ink); box-shadow: 0 0 0 6px var(--focus);
}
header.site { background: var(--band); color: #ffffff; padding: 0.75rem 0; }
header.site .school { margin: 0; font-size: 1.25rem; font-weight: 700; }
header.site nav ul {
  list-style: none; margin: 0.5rem 0 0; padding: 0;
  display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem;
}
header.site a { color: #ffffff; }
header.site a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 0.2em; }
header.site a:focus-visible { color: var(--ink); }
h1 { font-size: 2.25rem; line-height: 1.2; margin: 1rem 0; }
h2 { font-size: 1.6rem; line-height: 1.25; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.3rem; margin: 1.5rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.125rem; }
.num { font-variant-numeric: tabular-nums; }
.lead { font-size: 1.25rem; }
.note { background: var(--soft); border-left: 4px solid var(--band); padding: 0.5rem 0.75rem; }
li { margin: 0.25rem 0; }
.report {
  border: 3px solid var(--ceop); border-radius: 0.5rem;
  padding: 0.25rem 1rem 0.75rem; margin: 1.5rem 0; background: var(--paper);
}
.report h2 { margin-top: 0.75rem; }
.ceop-button {
  display: inline-block; padding: 0.75rem 1.25rem; border-radius: 0.4rem;
  background: var(--ceop); color: #ffffff; font-weight: 700; font-size: 1.25rem;
  text-decoration: none; line-height: 1.3;
}
.ceop-button .ceop-sub { display: block; font-size: 0.9rem; font-weight: 400; }
.ceop-button:hover { text-decoration: underline; }
.links-title { margin-bottom: 0; font-weight: 700; }
.report-link a { font-weight: 700; color: var(--ceop); }
.report-link a:focus-visible { color: var(--ink); }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 1rem; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
.box { font-size: 1.2em; }
footer.site { border-top: 4px solid var(--band); background: var(--soft); padding: 0.5rem 0; }
@media (max-width: 30rem) {
  body { font-size: 1.0625rem; }
  h1 { font-size: 1.75rem; }
  h2 { font-size: 1.4rem; }
  header.site nav ul { flex-direction: column; }
  .ceop-button { display: block; text-align: center; }
  th, td { padding: 0.3rem; }
}
@media print {
  body { font-size: 11pt; color: #000000; background: #ffffff; }
  .skip-link, header.site nav { display: none; }
  header.site, footer.site { background: none; color: #000000; border: 0; }
  header.site { border-bottom: 2px solid #000000; }
  a { color: #000000; }
  main a[href^="http"]::after, main a[href^="mailto:"]::after {
    content: " (" attr(href) ")"; font-size: 0.9em; word-break: break-all;
  }
  .ceop-button { background: none; color: #000000; border: 2px solid #000000; }
  .report { border-color: #000000; break-inside: avoid; }
  .table-wrap { overflow: visible; }
  h1, h2, h3 { break-after: avoid; }
  tr, li { break-inside: avoid; }
}
"""
