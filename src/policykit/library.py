"""Load a clause library: clause files, document specs, profiles and the topic list.

A library is a folder holding ``clauses/``, ``documents/``, ``profiles/`` and optional
``templates/``. Several libraries stack as layers (built-in, then a trust's, then a
school's own folder); a later layer replaces clauses by id and adds new ones.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import attrs

from policykit import __version__
from policykit.cache import cache_root
from policykit.convert import structure
from policykit.edition import Edition
from policykit.errors import (
    Location,
    PolicykitError,
    Problem,
    Problems,
    Severity,
    did_you_mean,
    display_path,
)
from policykit.facts import FACT_ROOTS
from policykit.model import (
    SIGNATURE_FIELDS,
    ChangeEntry,
    Clause,
    DocumentSpec,
    GuidanceRef,
    People,
    Phase,
    Profile,
    Setting,
)
from policykit.xmltext import FORBIDDEN, forbidden_character
from policykit.yamlfile import YamlDoc, decode_utf8, load_yaml, load_yaml_text

__all__ = [
    "COMPONENTS",
    "Layer",
    "Library",
    "Topic",
    "builtin_root",
    "check_replacements",
    "load_layer",
    "stack_layers",
]

#: Generated parts a document spec may place among its sections.
COMPONENTS: frozenset[str] = frozenset(
    {
        "key-people",
        "review",
        "version-history",
        "changes",
        "signatures",
        "consent-options",
        "incident-log",
        "check-log",
        "training-audit",
        "school-annexes",
        "contacts",
    }
)

_CLAUSE_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*")
_USE = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\??")


@attrs.frozen
class Topic:
    """Something a pack must cover, e.g. a guidance requirement or a seed recommendation."""

    id: str
    title: str
    source: str | None = None


@attrs.frozen
class _ClauseFront:
    """The YAML front matter of a clause file."""

    title: str
    edition: Edition
    settings: tuple[Setting, ...] = ()
    phases: tuple[Phase, ...] = ()
    uses: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    guidance: tuple[GuidanceRef, ...] = ()
    changes: tuple[ChangeEntry, ...] = ()
    locked: bool = False
    internal: bool = False


@attrs.frozen
class _TopicEntry:
    title: str
    source: str | None = None


@attrs.frozen
class Layer:
    """One library folder's contents, before stacking."""

    name: str
    root: Path
    clauses: Mapping[str, Clause]
    documents: Mapping[str, DocumentSpec]
    profiles: Mapping[Setting, Profile]
    topics: Mapping[str, Topic]
    templates: Mapping[str, Path]


@attrs.frozen
class Library:
    """Every clause, spec, profile and topic in force, after stacking the layers."""

    layers: tuple[Layer, ...]
    clauses: Mapping[str, Clause]
    documents: Mapping[str, DocumentSpec]
    profiles: Mapping[Setting, Profile]
    topics: Mapping[str, Topic]
    templates: Mapping[str, Path]

    def profile(self, setting: Setting) -> Profile:
        """The profile for ``setting``; every library stack holds all four."""
        return self.profiles[setting]


def builtin_root() -> Path:
    """Where the built-in library is: inside the installed package, or this checkout."""
    packaged = Path(str(resources.files("policykit"))) / "_library"
    if (packaged / "clauses").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "clauses").is_dir():
        return checkout
    raise PolicykitError.single(  # pragma: no cover - a broken installation
        "the built-in clause library is missing from this installation",
        hint="reinstall policykit with 'pip install --force-reinstall policykit'",
    )


def load_layer(root: Path, name: str, *, partial: bool = False) -> Layer:
    """Load one library folder; raise every problem in it at once.

    ``partial`` layers (a trust's or a school's additions) need not hold profiles.
    """
    problems = Problems()
    if not root.is_dir():
        raise PolicykitError.single(
            f"library folder not found: {root}",
            Location.of(root),
            "check the 'library' or 'local.clauses' path; it is relative to the school file",
        )
    shown = _namer(root, name)
    clauses = _load_clauses(root / "clauses", name, problems, shown)
    documents = _load_documents(root / "documents", problems, shown)
    profiles = _load_profiles(root / "profiles", problems, shown)
    topics = _load_topics(root / "profiles" / "topics.yml", problems, shown)
    templates = {
        p.name: p for p in sorted((root / "templates").glob("*.docx")) if not p.name.startswith("~")
    }
    if not partial and not (root / "clauses").is_dir():
        problems.add(
            "a library needs a clauses/ folder",
            Location.of(root),
            "create clauses/<topic>/<name>.md files",
        )
    problems.raise_if_errors()
    return Layer(
        name,
        root,
        MappingProxyType(clauses),
        MappingProxyType(documents),
        MappingProxyType(profiles),
        MappingProxyType(topics),
        MappingProxyType(templates),
    )


def stack_layers(layers: Iterable[Layer], *, check: bool = True) -> Library:
    """Stack layers, later over earlier, and check the result holds together."""
    layers = tuple(layers)
    clauses: dict[str, Clause] = {}
    documents: dict[str, DocumentSpec] = {}
    profiles: dict[Setting, Profile] = {}
    topics: dict[str, Topic] = {}
    templates: dict[str, Path] = {}
    for layer in layers:
        clauses.update(layer.clauses)
        documents.update(layer.documents)
        profiles.update(layer.profiles)
        topics.update(layer.topics)
        templates.update(layer.templates)
    library = Library(
        layers,
        MappingProxyType(dict(sorted(clauses.items()))),
        MappingProxyType(documents),
        MappingProxyType(profiles),
        MappingProxyType(topics),
        MappingProxyType(templates),
    )
    if check:
        check_library(library)
    return library


def check_library(library: Library) -> None:
    """Cross-file checks: specs name real clauses, profiles name real documents and topics."""
    problems = Problems()
    clause_ids = library.clauses.keys()
    for spec in library.documents.values():
        seen: dict[str, int] = {}
        for number, section in enumerate(spec.sections):
            for index, clause_id in enumerate(section.clauses):
                where = (
                    section.clause_locations[index]
                    if index < len(section.clause_locations)
                    else section.location or spec.location
                )
                if clause_id in seen:
                    problems.add(
                        f"document '{spec.id}' lists clause '{clause_id}' twice",
                        where,
                        "list each clause once in a document",
                    )
                seen[clause_id] = number
                if clause_id not in clause_ids:
                    problems.add(
                        f"document '{spec.id}' lists clause '{clause_id}', which does not exist",
                        where,
                        did_you_mean(clause_id, clause_ids)
                        or "create the clause file or correct the id",
                    )
    for profile in library.profiles.values():
        for doc in profile.documents:
            if doc.id not in library.documents:
                problems.add(
                    f"profile '{profile.setting}' lists document '{doc.id}', which has no spec",
                    doc.location or profile.location,
                    did_you_mean(doc.id, library.documents.keys()) or f"add documents/{doc.id}.yml",
                )
        for index, topic in enumerate(profile.required_topics):
            if topic not in library.topics:
                problems.add(
                    f"profile '{profile.setting}' requires topic '{topic}', which is not in the"
                    " topic list",
                    _at(profile.topic_locations, index, profile.location),
                    did_you_mean(topic, library.topics.keys()) or "add it to profiles/topics.yml",
                )
    if library.topics:
        for clause in library.clauses.values():
            for index, topic in enumerate(clause.topics):
                if topic not in library.topics:
                    problems.add(
                        f"clause '{clause.id}' names topic '{topic}', which is not in the topic"
                        " list",
                        _at(clause.topic_locations, index, clause.location),
                        did_you_mean(topic, library.topics.keys())
                        or "add it to profiles/topics.yml",
                    )
    problems.raise_if_errors()


def _at(locations: tuple[Location, ...], index: int, fallback: Location | None) -> Location | None:
    return locations[index] if index < len(locations) else fallback


def check_replacements(
    library: Library,
    deviations: Mapping[str, int],
    doc: YamlDoc | None,
    *,
    strict: bool,
) -> list[Problem]:
    """Problems with a school's local clauses replacing the library's.

    A locked clause may never be replaced. When the school builds from a shared (trust)
    library, every replacement must be recorded in ``local.deviations``; ``deviations``
    maps each recorded clause id to its index there.
    """
    problems: list[Problem] = []
    local = next((layer for layer in library.layers if layer.name == "local"), None)
    below = [layer for layer in library.layers if layer.name != "local"]
    replaced_ids: set[str] = set()
    if local is not None:
        for clause_id, clause in local.clauses.items():
            replaced = next(
                (
                    layer.clauses[clause_id]
                    for layer in reversed(below)
                    if clause_id in layer.clauses
                ),
                None,
            )
            if replaced is None:
                continue
            replaced_ids.add(clause_id)
            if replaced.locked:
                problems.append(
                    Problem(
                        f"{clause.location.path} replaces clause '{clause_id}', which the trust"
                        f" has locked in {replaced.location.path}",
                        clause.location,
                        "remove the school's copy, or ask the trust to unlock the clause",
                    )
                )
            elif strict and clause_id not in deviations:
                problems.append(
                    Problem(
                        f"{clause.location.path} replaces the trust's clause '{clause_id}'"
                        f" ({replaced.location.path}) without a recorded deviation",
                        clause.location,
                        f"record it in the school file: local.deviations: [{{clause: {clause_id},"
                        " reason: ..., approved_by: ..., date: YYYY-MM-DD}]",
                    )
                )
    for clause_id, index in deviations.items():
        if clause_id not in replaced_ids:
            problems.append(
                Problem(
                    f"a deviation is recorded for clause '{clause_id}', but no local clause"
                    " replaces it",
                    doc.location(("local", "deviations", index, "clause")) if doc else None,
                    "remove the deviation, or add the school's clause to its local.clauses folder",
                    Severity.WARNING,
                )
            )
    return problems


# --------------------------------------------------------------------------- clauses


def _namer(root: Path, layer: str) -> Callable[[Path], str]:
    """How files of a layer are named in messages: relative to the working folder when
    inside it, ``builtin:clauses/...`` for the installed library, absolute otherwise.

    Worked out once per layer: resolving every file's path costs more than reading it.
    """
    base = root.resolve()
    try:
        relative = base.relative_to(Path.cwd().resolve()).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
    except ValueError:
        prefix = "builtin:" if layer == "builtin" else f"{base.as_posix()}/"
    cut = len(str(root)) + 1  # string slicing: pathlib is slow for a thousand files
    return lambda path: prefix + str(path)[cut:].replace("\\", "/")


def _load_clauses(
    folder: Path, layer: str, problems: Problems, name: Callable[[Path], str]
) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    if not folder.is_dir():
        return clauses
    lowered: dict[str, str] = {}
    cache = _ParsedCache(folder)
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        relative = path.relative_to(folder).as_posix()
        shown = name(path)
        if path.suffix != ".md":
            if path.suffix.lower() == ".md":
                problems.add(
                    "clause files end in lower-case '.md'", Location(shown), "rename the file"
                )
            continue
        clause_id = relative[: -len(".md")]
        if not _CLAUSE_ID.fullmatch(clause_id):
            problems.add(
                f"'{clause_id}' is not a valid clause id",
                Location(shown),
                "use lower-case letters, digits and hyphens, in folders: topic/name.md",
            )
            continue
        if clause_id.lower() in lowered:
            problems.add(
                f"duplicate clause id '{clause_id}' (differs only in case from"
                f" '{lowered[clause_id.lower()]}')",
                Location(shown),
                "give each clause a distinct id",
            )
            continue
        lowered[clause_id.lower()] = clause_id
        try:
            data = _read_bytes(path, shown)
            sha256 = hashlib.sha256(data).hexdigest()
            parsed = cache.get(relative, sha256) or _parse_clause(data, shown)
        except PolicykitError as exc:
            problems.extend(exc.problems)
            continue
        cache.put(relative, sha256, parsed)
        clauses[clause_id] = _clause(parsed, clause_id, layer, shown, sha256)
    cache.save()
    return clauses


@attrs.frozen
class _ParsedClause:
    """What reading a clause file gives, before it gets an id, a layer and a path."""

    meta: _ClauseFront
    body: str
    body_line: int
    topic_positions: tuple[tuple[int | None, int | None], ...]


def load_clause(path: Path, clause_id: str, layer: str, shown: str | None = None) -> Clause:
    """Read one clause file: YAML front matter between ``---`` lines, then the body."""
    shown = shown or display_path(path)
    data = _read_bytes(path, shown)
    parsed = _parse_clause(data, shown)
    return _clause(parsed, clause_id, layer, shown, hashlib.sha256(data).hexdigest())


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot read clause: {exc.strerror}",
            Location(shown),
            "check the file exists and you may read it",
        ) from None


def _clause(parsed: _ParsedClause, clause_id: str, layer: str, shown: str, sha256: str) -> Clause:
    meta = parsed.meta
    return Clause(
        id=clause_id,
        title=meta.title,
        edition=meta.edition,
        body=parsed.body,
        location=Location(shown, 1, 1),
        body_line=parsed.body_line,
        sha256=sha256,
        settings=meta.settings,
        phases=meta.phases,
        uses=meta.uses,
        topics=meta.topics,
        guidance=meta.guidance,
        changes=meta.changes,
        locked=meta.locked,
        internal=meta.internal,
        layer=layer,
        topic_locations=tuple(Location(shown, line, col) for line, col in parsed.topic_positions),
    )


def _parse_clause(data: bytes, shown: str) -> _ParsedClause:
    text = decode_utf8(data, shown, "the clause").replace("\r\n", "\n")
    bad = FORBIDDEN.search(text)
    if bad is not None:
        raise PolicykitError.single(
            "the clause holds a character Word files cannot contain"
            f" ({forbidden_character(bad.group(0))})",
            Location(shown, text.count("\n", 0, bad.start()) + 1),
            "remove it; such characters often come from text pasted from another program",
        )
    if not text.startswith("---\n"):
        raise PolicykitError.single(
            "a clause file starts with YAML front matter between '---' lines",
            Location(shown, 1, 1),
            "begin the file with '---', the title and edition, then '---' and the text",
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise PolicykitError.single(
                "the front matter is not closed with a '---' line",
                Location(shown, 1, 1),
                "add a line holding only '---' after the front matter",
            )
    front = text[4 : end + 1]
    doc = load_yaml_text(front, shown, line_offset=1)
    if not isinstance(doc.value, dict):
        raise PolicykitError.single(
            "the front matter must be a mapping with at least 'title' and 'edition'",
            Location(shown, 2, 1),
            "write 'title: ...' and 'edition: 1e' on their own lines between the '---' lines",
        )
    meta = structure(doc, doc.value, _ClauseFront, whole="the front matter")
    problems = Problems()
    _check_front(meta, doc, problems)
    problems.raise_if_errors()
    topics = tuple(doc.location(("topics", i)) for i in range(len(meta.topics)))
    return _ParsedClause(
        meta, text[end + 5 :], front.count("\n") + 3, tuple((t.line, t.column) for t in topics)
    )


class _ParsedCache:
    """Parsed clause files of one folder, kept between runs and keyed by content hash.

    Reading front matter with positions is most of the cost of loading a library; a
    clause whose bytes are unchanged since the last run is not parsed again.
    """

    def __init__(self, folder: Path) -> None:
        key = hashlib.sha256(f"{__version__}|2|{folder.resolve()}".encode()).hexdigest()
        self._path = cache_root() / "parsed" / f"{key}.pickle"
        self._changed = False
        try:
            self._entries: dict[str, tuple[str, _ParsedClause]] = pickle.loads(
                self._path.read_bytes()
            )
        except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError, AttributeError):
            self._entries = {}

    def get(self, name: str, sha256: str) -> _ParsedClause | None:
        entry = self._entries.get(name)
        return entry[1] if entry is not None and entry[0] == sha256 else None

    def put(self, name: str, sha256: str, parsed: _ParsedClause) -> None:
        if self._entries.get(name, ("", None))[0] != sha256:
            self._entries[name] = (sha256, parsed)
            self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            temp = self._path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_bytes(pickle.dumps(self._entries))
            temp.replace(self._path)
        except OSError:  # a read-only cache costs only speed
            return


def _check_front(meta: _ClauseFront, doc: YamlDoc, problems: Problems) -> None:
    for i, use in enumerate(meta.uses):
        root = use.rstrip("?").split(".")[0]
        if not _USE.fullmatch(use) or root not in FACT_ROOTS:
            close = did_you_mean(root, FACT_ROOTS)
            listing = "fact paths start with " + ", ".join(FACT_ROOTS)
            problems.add(
                f"uses: '{use}' is not a fact path",
                doc.location(("uses", i)),
                f"{close} {listing}" if close else listing,
            )
    if meta.changes:
        newest = max(c.edition for c in meta.changes)
        if newest > meta.edition:
            problems.add(
                f"changes lists edition {newest}, newer than the clause's edition {meta.edition}",
                doc.location(("edition",)),
                f"set edition: {newest}, or correct the changes entry",
            )
        elif meta.edition not in {c.edition for c in meta.changes}:
            problems.add(
                f"edition {meta.edition} has no entry in changes",
                doc.location(("changes",)),
                f"add '- {{edition: {meta.edition}, date: YYYY-MM-DD, summary: ...}}' saying"
                " what changed",
            )


# --------------------------------------------------------------------------- specs


def _load_documents(
    folder: Path, problems: Problems, name: Callable[[Path], str]
) -> dict[str, DocumentSpec]:
    specs = _load_each(folder, _load_spec, problems, name)
    return {spec.id: spec for spec in specs}


T = TypeVar("T")


def _load_each(
    folder: Path,
    load: Callable[[Path, str], T],
    problems: Problems,
    name: Callable[[Path], str],
    skip: frozenset[str] = frozenset(),
) -> list[T]:
    """Load every ``*.yml`` in ``folder`` (bar ``skip``), collecting every file's problems."""
    loaded: list[T] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.yml")):
            if path.name in skip:
                continue
            try:
                loaded.append(load(path, name(path)))
            except PolicykitError as exc:
                problems.extend(exc.problems)
    return loaded


def _load_spec(path: Path, shown: str) -> DocumentSpec:
    doc = load_yaml(path, shown)
    if not isinstance(doc.value, dict):
        raise PolicykitError.single(
            "a document spec must be a mapping",
            doc.location(()),
            "start with 'title:', 'subject:', 'edition:', 'kind:' and 'sections:'",
        )
    for hidden in ("id", "location", "sha256"):
        if hidden in doc.value:
            raise PolicykitError.single(
                f"'{hidden}' is not set in a document spec",
                doc.location((hidden,), key=True),
                "the document id is the file name" if hidden == "id" else None,
            )
    data = dict(doc.value, id=path.stem)
    spec = structure(doc, data, DocumentSpec, whole="the document spec")
    sections = tuple(
        attrs.evolve(
            section,
            location=doc.location(("sections", i)),
            clause_locations=tuple(
                doc.location(("sections", i, "clauses", j)) for j in range(len(section.clauses))
            ),
        )
        for i, section in enumerate(spec.sections)
    )
    spec = attrs.evolve(
        spec,
        sections=sections,
        location=doc.location(()),
        sha256=doc.sha256,
    )
    _check_spec(spec, doc)
    return spec


def _check_spec(spec: DocumentSpec, doc: YamlDoc) -> None:
    problems = Problems()
    if spec.kind not in {"policy", "agreement", "form", "page"}:
        problems.add(
            f"kind: '{spec.kind}' is not a kind of document",
            doc.location(("kind",)),
            "choose one of policy, agreement, form, page (a page of the website section)",
        )
    if not spec.sections:
        problems.add(
            f"document '{spec.id}' has no sections",
            doc.location(("sections",)),
            "list at least one section with clauses",
        )
    for i, section in enumerate(spec.sections):
        where = doc.location(("sections", i))
        if section.component is None and not section.clauses:
            problems.add(
                "a section needs clauses or a component",
                where,
                "add 'clauses: [topic/name, ...]' or 'component: key-people'",
            )
        if section.component is not None and section.component not in COMPONENTS:
            problems.add(
                f"unknown component '{section.component}'",
                doc.location(("sections", i, "component")),
                did_you_mean(section.component, COMPONENTS)
                or "components: " + ", ".join(sorted(COMPONENTS)),
            )
        if section.component is None and section.title is None:
            problems.add("a section of clauses needs a title", where, "add 'title: ...'")
        if section.component == "school-annexes" and not section.clauses:
            problems.add(
                "the school-annexes component needs the clauses each annex holds",
                where,
                "add 'clauses: [annex/local-procedures]'",
            )
        if (
            section.component is not None
            and section.clauses
            and section.component != ("school-annexes")
        ):
            problems.add(
                f"component '{section.component}' does not take clauses",
                where,
                "put the clauses in a section of their own",
            )
    people = {a.name: a for a in attrs.fields(People)}
    for b, block in enumerate(spec.signatures):
        for i, signer in enumerate(block.signers):
            at = ("signatures", b, "signers", i)
            for f, field in enumerate(signer.fields):
                if field not in SIGNATURE_FIELDS:
                    problems.add(
                        f"signature field '{field}' is not known",
                        doc.location((*at, "fields", f)),
                        did_you_mean(field, SIGNATURE_FIELDS)
                        or "fields: " + ", ".join(SIGNATURE_FIELDS),
                    )
            person = signer.person
            if person is None or person == "leader":
                continue
            if person not in people:
                problems.add(
                    f"signer person '{person}' is not a people key",
                    doc.location((*at, "person")),
                    did_you_mean(person, [*people, "leader"])
                    or "use leader, or a key under people: such as chair or dsl",
                )
            elif "tuple" in str(people[person].type):
                problems.add(
                    f"signer person '{person}' is a list of people, not one person",
                    doc.location((*at, "person")),
                    "name one person, e.g. person: dsl or person: leader",
                )
    uses_signatures = any(s.component == "signatures" for s in spec.sections)
    if uses_signatures and not spec.signatures:
        problems.add(
            "the signatures component needs a 'signatures:' list of who signs",
            doc.location(("sections",)),
            "add signatures: [{title: ..., signers: [{label: ...}]}]",
        )
    problems.raise_if_errors()


# --------------------------------------------------------------------------- profiles


def _load_profiles(
    folder: Path, problems: Problems, name: Callable[[Path], str]
) -> dict[Setting, Profile]:
    profiles = _load_each(folder, _load_profile, problems, name, frozenset({"topics.yml"}))
    return {profile.setting: profile for profile in profiles}


def _load_profile(path: Path, shown: str) -> Profile:
    doc = load_yaml(path, shown)
    if not isinstance(doc.value, dict):
        raise PolicykitError.single(
            "a profile must be a mapping",
            doc.location(()),
            "start from one of the built-in profiles in profiles/",
        )
    profile = structure(doc, doc.value, Profile, whole="the profile")
    problems = Problems()
    if profile.setting.value != path.stem:
        problems.add(
            f"profile file {path.name} is for setting '{profile.setting}'",
            doc.location(("setting",)),
            f"name the file {profile.setting}.yml, or correct the setting",
        )
    people = {a.name for a in attrs.fields(People)}
    for i, person in enumerate(profile.required_people):
        if person not in people:
            problems.add(
                f"required_people: '{person}' is not a role in school files",
                doc.location(("required_people", i)),
                did_you_mean(person, people) or "people keys: " + ", ".join(sorted(people)),
            )
    if profile.leader not in people:
        problems.add(
            f"leader: '{profile.leader}' is not a role in school files",
            doc.location(("leader",)),
            did_you_mean(profile.leader, people),
        )
    if profile.approval.review_months < 1:
        problems.add(
            "approval.review_months must be at least 1",
            doc.location(("approval", "review_months")),
            "write the number of months between reviews, usually 12",
        )
    problems.raise_if_errors()
    return attrs.evolve(
        profile,
        location=doc.location(()),
        sha256=doc.sha256,
        documents=tuple(
            attrs.evolve(d, location=doc.location(("documents", i, "id")))
            for i, d in enumerate(profile.documents)
        ),
        topic_locations=tuple(
            doc.location(("required_topics", i)) for i in range(len(profile.required_topics))
        ),
    )


def _load_topics(path: Path, problems: Problems, name: Callable[[Path], str]) -> dict[str, Topic]:
    if not path.is_file():
        return {}
    try:
        doc = load_yaml(path, name(path))
        entries = structure(doc, doc.value or {}, dict[str, _TopicEntry], whole="the topic list")
    except PolicykitError as exc:
        problems.extend(exc.problems)
        return {}
    return {key: Topic(key, entry.title, entry.source) for key, entry in entries.items()}
