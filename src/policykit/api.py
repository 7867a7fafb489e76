"""The public entry points: build a school's or trust's pack, check it, write it.

Everything before writing is pure: loading, resolving and rendering return values and
touch no output, so :func:`check` is :func:`build_pack` stopped before writing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from policykit import __version__
from policykit.changes import ChangeSet, changes_since
from policykit.compose import Document, compose_document
from policykit.errors import Location, PolicykitError, Problem, Problems
from policykit.facts import Facts, school_facts, trust_facts, trust_view
from policykit.library import Library
from policykit.loading import (
    TRUST_FILE,
    SchoolSource,
    TrustSource,
    find_input,
    load_school,
    load_trust,
)
from policykit.model import LibrarySource, Setting
from policykit.output import replace_folder
from policykit.pack import Pack, PackSchool, WrittenPack, read_manifest, write_manifest
from policykit.render import ClauseRenderer, long_date
from policykit.resolve import ResolvedDocument, resolve_documents
from policykit.sources import LayerCache, OpenedLibrary, open_library
from policykit.word import HouseStyle

__all__ = [
    "BuildResult",
    "CheckReport",
    "Session",
    "TrustBuild",
    "build",
    "build_pack",
    "build_trust",
    "check",
    "write_packs",
]

HOUSE_STYLE = "house-style.docx"


class Session:
    """Caches shared by every pack of one build: layers, compiled clauses, house styles."""

    def __init__(self) -> None:
        self.layers = LayerCache()
        self.renderer = ClauseRenderer()
        self._styles: dict[Path, HouseStyle] = {}

    def style(self, path: Path) -> HouseStyle:
        """The prepared house style at ``path``, prepared on first use."""
        key = path.resolve()
        if key not in self._styles:
            self._styles[key] = HouseStyle(path)
        return self._styles[key]


@attrs.frozen
class TrustBuild:
    """A trust's packs: its own (trust-wide documents with annexes) and each school's."""

    trust: Pack
    schools: tuple[Pack, ...]

    @property
    def packs(self) -> tuple[Pack, ...]:
        """Every pack: the trust's first, then the schools' in the trust file's order."""
        return (self.trust, *self.schools)


@attrs.frozen
class BuildResult:
    """What a build wrote."""

    out: Path
    packs: tuple[WrittenPack, ...]
    warnings: tuple[Problem, ...]

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written (documents and PDFs), in pack order."""
        return tuple(f for p in self.packs for f in p.files)


@attrs.frozen
class CheckReport:
    """What ``check`` found: the packs it would build and every warning."""

    packs: tuple[Pack, ...]
    warnings: tuple[Problem, ...]


# --------------------------------------------------------------------------- building


def build_pack(path: str | Path, *, session: Session | None = None) -> Pack:
    """Build one school's pack in memory; nothing is written. Raises PolicykitError."""
    input_path = find_input(Path(path))
    if input_path.name == TRUST_FILE:
        raise PolicykitError.single(
            f"{input_path} describes a trust; build_pack builds one school",
            Location.of(input_path),
            "use policykit.build_trust(), or give a school's folder",
        )
    session = session or Session()
    source = load_school(input_path)
    trust = _trust_of(source)
    return _school_pack(source, session, trust)


def build_trust(path: str | Path, *, session: Session | None = None) -> TrustBuild:
    """Build a trust's own pack and every school's pack in memory; nothing is written."""
    input_path = find_input(Path(path))
    session = session or Session()
    trust = load_trust(input_path)
    problems = Problems()
    school_packs: list[Pack] = []
    for school in trust.schools:
        try:
            school_packs.append(_school_pack(school, session, trust))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    trust_pack = _trust_pack(trust, session)
    return TrustBuild(trust_pack, tuple(school_packs))


def build(path: str | Path, *, session: Session | None = None) -> tuple[Pack, ...]:
    """The packs for ``path``: one for a school, the trust's and each school's for a trust."""
    input_path = find_input(Path(path))
    if input_path.name == TRUST_FILE:
        return build_trust(input_path, session=session).packs
    return (build_pack(input_path, session=session),)


def check(path: str | Path) -> CheckReport:
    """Everything a build does short of writing; raises PolicykitError on any error."""
    packs = build(path)
    warnings = tuple(w for pack in packs for w in pack.warnings)
    return CheckReport(packs, warnings)


def write_packs(
    packs: Sequence[Pack],
    out: Path,
    *,
    formats: Sequence[str] = ("docx",),
    single: bool | None = None,
    on_pack: Callable[[WrittenPack], None] | None = None,
) -> BuildResult:
    """Write ``packs`` into ``out`` atomically; one pack goes at the top of ``out``."""
    single = len(packs) == 1 if single is None else single
    out = Path(out)
    written: list[WrittenPack] = []

    def fill(temp: Path) -> None:
        for pack in packs:
            folder = temp if single else temp / pack.school.slug
            previous = read_manifest(out if single else out / pack.school.slug)
            folder.mkdir(exist_ok=True)
            result = pack.write_into(folder, previous)
            written.append(result)
            if on_pack is not None:
                on_pack(result)
        if "pdf" in formats:
            from policykit.pdf import convert_to_pdf

            pdfs = convert_to_pdf([f for w in written for f in w.files])
            for index, result in enumerate(written):
                mine = tuple(p for p in pdfs if p.parent == result.folder)
                written[index] = attrs.evolve(result, files=result.files + mine)
                for entry in result.manifest["documents"]:
                    pdf = Path(entry["file"]).with_suffix(".pdf").name
                    if (result.folder / pdf).is_file():
                        entry["pdf"] = pdf
        for result in written:
            write_manifest(result.folder, result.manifest)
        if not single:
            write_manifest_index(temp, written)

    replace_folder(out, fill)
    final = tuple(
        attrs.evolve(w, folder=out if single else out / w.folder.name,
                     files=tuple((out if single else out / w.folder.name) / f.name for f in w.files))
        for w in written
    )
    return BuildResult(out, final, tuple(w for p in packs for w in p.warnings))


def write_manifest_index(folder: Path, packs: Sequence[WrittenPack]) -> None:
    """``packs.json`` at the top of a trust build: which folder holds which pack."""
    import json

    index = {
        "policykit": __version__,
        "packs": [
            {
                "folder": w.folder.name,
                "name": w.manifest["school"]["name"],
                "setting": w.manifest["school"]["setting"],
            }
            for w in packs
        ],
    }
    (folder / "packs.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- internals


def _trust_of(source: SchoolSource) -> TrustSource | None:
    """The trust a school belongs to, found in a parent folder's trust.yml that lists it."""
    here = source.path.resolve()
    for parent in list(here.parents)[1:4]:
        candidate = parent / TRUST_FILE
        if candidate.is_file():
            trust = load_trust(candidate)
            if any(s.path.resolve() == here for s in trust.schools):
                return trust
    return None


def _library_for(
    source: LibrarySource | None, base: Path, local: Path | None, session: Session
) -> OpenedLibrary:
    return open_library(source or LibrarySource(), base, local, session.layers)


def _school_pack(source: SchoolSource, session: Session, trust: TrustSource | None) -> Pack:
    file = source.file
    if file.library is not None:
        library_source, base = file.library, source.folder
    elif trust is not None:
        library_source, base = trust.file.library, trust.folder
    else:
        library_source, base = LibrarySource(), source.folder
    local = source.folder / file.local.clauses if file.local.clauses else None
    opened = _library_for(library_source, base, local, session)
    library = opened.library
    profile = library.profile(file.school.setting)
    view = trust_view(trust.file, trust.doc) if trust is not None else None
    facts = school_facts(file, source.doc, profile, view)
    resolved = list(resolve_documents(library, facts, source.doc))
    trust_docs: dict[str, tuple[ResolvedDocument, Facts]] = {}
    if trust is not None:
        trust_profile = library.profile(Setting.TRUST)
        shared = {d.id for d in trust_profile.documents}
        tfacts = trust_facts(trust.file, trust.doc, trust_profile, (facts,))
        for doc in resolve_documents(library, tfacts):
            if doc.id in shared and any(r.id == doc.id for r in resolved):
                trust_docs[doc.id] = (doc, tfacts)
    documents: list[Document] = []
    problems = Problems()
    for doc in resolved:
        doc_facts = facts
        if doc.id in trust_docs:
            doc, doc_facts = trust_docs[doc.id]
        try:
            documents.append(
                compose_document(doc, doc_facts, session.renderer, _changes(doc, doc_facts))
            )
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    style_path = _style_path(
        source.folder, file.house_style.template if file.house_style else None,
        trust, library,
    )
    style = session.style(style_path)
    extra = [source.doc.sha256, trust.doc.sha256 if trust else ""]
    return _pack(facts, opened, documents, resolved, style, extra)


def _trust_pack(trust: TrustSource, session: Session) -> Pack:
    file = trust.file
    opened = _library_for(file.library, trust.folder, None, session)
    library = opened.library
    profile = library.profile(Setting.TRUST)
    members: list[Facts] = []
    for school in trust.schools:
        school_profile = library.profile(school.file.school.setting)
        members.append(
            school_facts(school.file, school.doc, school_profile, trust_view(file, trust.doc))
        )
    facts = trust_facts(file, trust.doc, profile, tuple(members))
    resolved = resolve_documents(library, facts)
    problems = Problems()
    documents: list[Document] = []
    for doc in resolved:
        try:
            documents.append(compose_document(doc, facts, session.renderer, _changes(doc, facts)))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    style = session.style(
        _style_path(trust.folder, file.house_style.template if file.house_style else None, None, library)
    )
    extra = [trust.doc.sha256, *(s.doc.sha256 for s in trust.schools)]
    return _pack(facts, opened, documents, list(resolved), style, extra)


def _style_path(
    folder: Path, template: str | None, trust: TrustSource | None, library: Library
) -> Path:
    if template is not None:
        return folder / template
    if trust is not None and trust.file.house_style is not None:
        return trust.folder / trust.file.house_style.template
    return library.templates[HOUSE_STYLE]


def _changes(doc: ResolvedDocument, facts: Facts) -> ChangeSet | None:
    approval = facts.approval
    earlier = [h for h in approval.history if h.date < approval.date]
    if not earlier:
        return None
    previous = max(earlier, key=lambda h: h.date)
    basis = f"since version {previous.version}, approved {long_date(previous.date)}"
    return changes_since(doc.id, doc.clauses(), previous.date, basis)


def _pack(
    facts: Facts,
    opened: OpenedLibrary,
    documents: list[Document],
    resolved: list[ResolvedDocument],
    style: HouseStyle,
    extra: list[str],
) -> Pack:
    common = [
        __version__,
        *extra,
        facts.profile.sha256,
        style.sha256,
        opened.record.source,
        opened.record.commit or "",
    ]
    inputs: dict[str, str] = {}
    everything = hashlib.sha256("\n".join(common).encode())
    for doc, composed in zip(resolved, documents, strict=True):
        parts = [*common, doc.spec.sha256, *(c.sha256 for c in doc.clauses())]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        inputs[composed.id] = digest
        everything.update(digest.encode())
    school = facts.school
    tag_school = {
        "name": school.name,
        "website": school.website or "",
        "urn": school.urn or "",
        "address": school.address or "",
        "trust": facts.trust.name if facts.trust else "",
    }
    return Pack(
        school=PackSchool(school.name, facts.slug, str(facts.profile.setting)),
        library=opened.record,
        documents=tuple(documents),
        provenance=everything.hexdigest()[:12],
        inputs=inputs,
        warnings=(),
        style=style,
        tag_school=tag_school,
    )
