"""The public entry points: build a school's or trust's pack, check it, write it.

Everything before writing is pure: loading, resolving and rendering return values and
touch no output, so :func:`check` is :func:`build` stopped before writing. A build
goes through two stages per pack: a *plan* (the school's facts, its library, the
documents with their clause editions, and the coverage of required topics) and then
the composed documents.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from policykit import __version__
from policykit.cache import cache_root
from policykit.changes import ChangeSet, changes_between, changes_since
from policykit.coverage import Coverage, coverage_of, coverage_problems
from policykit.errors import Location, PolicykitError, Problem, Problems, Severity
from policykit.facts import Facts, long_date, school_facts, trust_facts, trust_view
from policykit.library import Library, builtin_root, check_replacements
from policykit.loading import (
    TRUST_FILE,
    SchoolSource,
    TrustSource,
    find_input,
    load_school,
    load_trust,
)
from policykit.lockfile import Approved, Lock, read_lock
from policykit.model import LibrarySource, Setting
from policykit.output import replace_folder
from policykit.pack import (
    MANIFEST,
    Pack,
    PackSchool,
    WrittenPack,
    read_manifest,
    write_manifest,
)
from policykit.resolve import ResolvedDocument, resolve_documents
from policykit.sources import LayerCache, OpenedLibrary, open_library
from policykit.yamlfile import YamlDoc

if TYPE_CHECKING:  # rendering and the Word writer load only when a pack is composed
    from policykit.document import Document
    from policykit.readability import Reading
    from policykit.render import ClauseRenderer
    from policykit.word import HouseStyle

__all__ = [
    "BuildResult",
    "CheckReport",
    "PackPlan",
    "Session",
    "TrustBuild",
    "build",
    "build_pack",
    "build_trust",
    "changes_for",
    "check",
    "check_library_folder",
    "coverage",
    "is_library_folder",
    "library_of",
    "plan",
    "write_build",
    "write_packs",
]

HOUSE_STYLE = "house-style.docx"


class Session:
    """Caches shared by every pack of one build: layers, compiled clauses, house styles.

    A checking session (``writing=False``) only validates house styles, and trusts a
    template it has validated before (by content hash) without opening it again.
    """

    def __init__(self, *, writing: bool = True, public: bool = False) -> None:
        self.writing = writing
        self.public = public  # compose public versions (policykit.public): --public, websites
        self.layers = LayerCache()
        self._renderer: ClauseRenderer | None = None
        self._styles: dict[Path, HouseStyle] = {}
        self._resolved: dict[ResolvedDocument, ResolvedDocument] = {}

    @property
    def renderer(self) -> ClauseRenderer:
        """The clause renderer, made on first use (a build with nothing to render needs none)."""
        if self._renderer is None:
            from policykit.render import ClauseRenderer

            self._renderer = ClauseRenderer(cache_root() / "compiled")
        return self._renderer

    def share(self, document: ResolvedDocument) -> ResolvedDocument:
        """An equal resolved document seen before, if any: many schools resolve alike."""
        return self._resolved.setdefault(document, document)

    def style(self, path: Path) -> HouseStyle:
        """The prepared house style at ``path``, prepared on first use."""
        from policykit.word import HouseStyle

        key = path.resolve()
        if key not in self._styles:
            self._styles[key] = HouseStyle(path)
        return self._styles[key]


@attrs.frozen
class PackPlan:
    """One pack before composing: facts, library, documents and the coverage of topics."""

    facts: Facts
    opened: OpenedLibrary
    documents: tuple[tuple[ResolvedDocument, Facts], ...]
    coverage: Coverage
    style_path: Path
    inputs: tuple[str, ...]
    doc: YamlDoc | None = None
    omitted: tuple[str, ...] = ()
    baseline: Approved | None = None
    warnings: tuple[Problem, ...] = ()
    source: LibrarySource = attrs.field(factory=LibrarySource)
    source_base: Path = attrs.field(factory=Path)
    folder: Path = attrs.field(factory=Path)
    lock: Lock | None = None
    public: bool = False

    @property
    def library(self) -> Library:
        """The stacked library the pack's clauses come from."""
        return self.opened.library

    def digests(self) -> tuple[dict[str, str], str]:
        """A hash of each document's inputs, and the pack's short provenance hash.

        Everything a document's bytes depend on goes in: policykit's version, the school
        (and trust) file, the lock, the profile, the house style, the library's source
        and commit, the document spec and every clause in it.
        """
        style = hashlib.sha256(self.style_path.read_bytes()).hexdigest()
        common = [
            __version__,
            *self.inputs,
            self.facts.profile.sha256,
            style,
            self.opened.record.source,
            self.opened.record.commit or "",
            *(["public"] if self.public else []),
        ]
        everything = hashlib.sha256("\n".join(common).encode())
        inputs: dict[str, str] = {}
        for resolved, _ in self.documents:
            parts = [*common, resolved.spec.sha256, *(c.sha256 for c in resolved.clauses())]
            digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
            inputs[resolved.id] = digest
            everything.update(digest.encode())
        return inputs, everything.hexdigest()[:12]

    def gap_problems(self) -> list[Problem]:
        """A problem for every required topic no clause covers."""
        return coverage_problems(
            self.coverage, self.facts.profile, self.library, self.omitted, self.doc
        )


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
    """What ``check`` found: the packs a build would write, and every warning."""

    packs: tuple[Pack, ...]
    warnings: tuple[Problem, ...]


# --------------------------------------------------------------------------- public


def plan(
    path: str | Path, *, session: Session | None = None, ref: str | None = None
) -> tuple[PackPlan, ...]:
    """The plans for ``path``: one for a school; the trust's and each school's for a trust.

    ``ref`` builds git libraries at that ref instead of the one the lock pins.
    """
    session = session or Session()
    input_path = find_input(Path(path))
    if input_path.name == TRUST_FILE:
        trust = load_trust(input_path)
        problems = Problems()
        plans: list[PackPlan] = []
        for school in trust.schools:
            try:
                plans.append(_plan_school(school, session, trust, ref))
            except PolicykitError as exc:
                problems.extend(exc.problems)
        try:
            # The trust's annexes share the schools' facts rather than making them again.
            members = tuple(p.facts for p in plans) if not problems.errors else None
            plans.insert(0, _plan_trust(trust, session, ref, members))
        except PolicykitError as exc:
            problems.extend(exc.problems)
        problems.raise_if_errors()
        _check_unique_slugs(plans)
        return tuple(attrs.evolve(p, public=session.public) for p in plans)
    source = load_school(input_path)
    return (
        attrs.evolve(_plan_school(source, session, _trust_of(source), ref), public=session.public),
    )


def coverage(path: str | Path) -> tuple[tuple[PackSchool, Coverage], ...]:
    """The coverage matrix of every pack ``path`` would build; gaps do not raise."""
    return tuple((_pack_school(p.facts), p.coverage) for p in plan(path))


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
    (only,) = plan(input_path, session=session)
    return compose_pack(only, session)


def build_trust(path: str | Path, *, session: Session | None = None) -> TrustBuild:
    """Build a trust's own pack and every school's pack in memory; nothing is written."""
    session = session or Session()
    packs = build(path, session=session)
    return TrustBuild(packs[0], packs[1:])


def build(path: str | Path, *, session: Session | None = None) -> tuple[Pack, ...]:
    """The packs for ``path``: one for a school; the trust's and each school's for a trust."""
    session = session or Session()
    plans = plan(path, session=session)
    problems = Problems()
    packs: list[Pack] = []
    for item in plans:
        try:
            packs.append(compose_pack(item, session))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    return tuple(packs)


def check(path: str | Path) -> CheckReport:
    """Everything a build does short of writing; raises PolicykitError on any error."""
    packs = build(path, session=Session(writing=False))
    warnings = tuple(w for pack in packs for w in pack.warnings)
    return CheckReport(packs, warnings)


@attrs.frozen
class LibraryReport:
    """What checking a clause library folder found: its size and any warnings."""

    clauses: int
    documents: int
    profiles: int
    warnings: tuple[Problem, ...] = ()


def is_library_folder(path: str | Path) -> bool:
    """Whether ``path`` is a clause library (clauses/, documents/ or profiles/) and no school."""
    folder = Path(path)
    return (
        folder.is_dir()
        and not (folder / TRUST_FILE).is_file()
        and not (folder / "school.yml").is_file()
        and any((folder / part).is_dir() for part in ("clauses", "documents", "profiles"))
    )


def check_library_folder(path: str | Path) -> LibraryReport:
    """Check a clause library on its own, as a trust's repository does on every commit.

    The folder is stacked over the built-in library; every clause is checked without a
    school's facts (template syntax, declared and known facts, filters, the sandbox, the
    Markdown subset of clauses without template syntax), and every spec and profile
    against the clauses and topics. Raises PolicykitError on any error.
    """
    from policykit.library import stack_layers

    session = Session(writing=False)
    folder = Path(path)
    library = stack_layers(
        [
            session.layers.layer(builtin_root(), "builtin", partial=False),
            session.layers.layer(folder, "library", partial=True),
        ]
    )
    problems = Problems()
    own = session.layers.layer(folder, "library", partial=True)
    for clause in own.clauses.values():
        found = session.renderer.check(clause)
        problems.extend(found)
        if not found and "{" not in clause.body:
            try:
                session.renderer.blocks_of_text(clause, clause.body)
            except PolicykitError as exc:
                problems.extend(exc.problems)
    problems.raise_if_errors()
    return LibraryReport(len(own.clauses), len(library.documents), len(library.profiles))


def compose_pack(item: PackPlan, session: Session) -> Pack:
    """Render every document of a plan; refuses a plan with coverage gaps."""
    from policykit.compose import compose_document
    from policykit.public import compose_public, internal_fact_problems

    problems = Problems()
    problems.extend(item.gap_problems())
    problems.extend(internal_fact_problems(item.facts))
    documents: list[Document] = []
    for resolved, facts in item.documents:
        try:
            if session.public:
                changes = functools.partial(changes_for, facts=facts, baseline=item.baseline)
                documents.append(compose_public(resolved, facts, session.renderer, changes))
                continue
            documents.append(
                compose_document(
                    resolved, facts, session.renderer, changes_for(resolved, facts, item.baseline)
                )
            )
        except PolicykitError as exc:
            problems.extend(exc.problems)
    style: HouseStyle | None = None
    try:
        style = session.style(item.style_path) if session.writing else None
        if not session.writing:
            _validate_style(item.style_path, session)
    except PolicykitError as exc:
        problems.extend(exc.problems)
    problems.raise_if_errors()
    return _pack(item, documents, style)


def _validate_style(path: Path, session: Session) -> None:
    """Check a house style without preparing it for writing, remembering good templates."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    marker = cache_root() / "styles" / __version__ / f"{digest}.ok"
    if marker.is_file():
        return
    session.style(path)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only cache costs only speed
        pass


def write_packs(
    packs: Sequence[Pack],
    out: Path,
    *,
    formats: Sequence[str] = ("docx",),
    single: bool | None = None,
    on_pack: Callable[[WrittenPack], None] | None = None,
) -> BuildResult:
    """Write ``packs`` into ``out`` atomically; a single pack goes at the top of ``out``."""
    if "html" in formats:
        raise PolicykitError.single(
            "the website section (html) is written by policykit.write_build, not write_packs",
            None,
            "call policykit.api.write_build(path, out, formats=('docx', 'html'))",
        )
    single = len(packs) == 1 if single is None else single
    out = Path(out)
    written: list[WrittenPack] = []

    def fill(temp: Path) -> None:
        for pack in packs:
            folder = temp if single else temp / pack.school.slug
            previous = read_manifest(out if single else out / pack.school.slug)
            folder.mkdir(exist_ok=True)
            result = _settle(pack.write_into(folder, previous))
            written.append(result)
            if on_pack is not None:
                on_pack(result)
        _finish(written, temp, formats, single=single)

    replace_folder(out, fill)
    return BuildResult(
        out, _moved(written, out, single), tuple(w for p in packs for w in p.warnings)
    )


def write_build(
    path: str | Path,
    out: str | Path,
    *,
    formats: Sequence[str] = ("docx",),
    jobs: int = 1,
    on_pack: Callable[[WrittenPack, int, int], None] | None = None,
    public: bool = False,
) -> BuildResult:
    """Build every pack for ``path`` and write it into ``out``, atomically.

    Packs are composed and written one at a time (in ``jobs`` processes), so memory
    stays flat however many schools a trust has. Unchanged documents of a previous
    build in ``out`` are reused. ``on_pack(written, done, total)`` reports progress.
    """
    out = Path(out)
    session = Session(public=public)
    plans = plan(path, session=session)
    single = len(plans) == 1 and plans[0].facts.setting is not Setting.TRUST
    written: list[WrittenPack] = []
    warnings: list[Problem] = []

    def fill(temp: Path) -> None:
        tasks = [
            (
                index,
                temp if single else temp / item.facts.slug,
                out if single else out / item.facts.slug,
            )
            for index, item in enumerate(plans)
        ]
        for result, found in _run(path, plans, session, tasks, jobs):
            written.append(result)
            warnings.extend(found)
            if on_pack is not None:
                on_pack(result, len(written), len(tasks))
        written.sort(key=lambda w: [t[1] for t in tasks].index(w.folder))
        _finish(written, temp, formats, single=single)
        from policykit.website import finish_packs  # the website section; manifest keys

        finish_packs(plans, [t[1] for t in tasks], formats, public=public)

    replace_folder(out, fill)
    return BuildResult(out, _moved(written, out, single), tuple(warnings))


def _moved(written: list[WrittenPack], out: Path, single: bool) -> tuple[WrittenPack, ...]:
    """The written packs as they are after the temporary folder became ``out``."""
    moved = []
    for result in written:
        folder = out if single else out / result.folder.name
        files = tuple(folder / f.name for f in result.files)
        moved.append(attrs.evolve(result, folder=folder, files=files))
    return tuple(moved)


def _check_unique_slugs(plans: Sequence[PackPlan]) -> None:
    seen: dict[str, str] = {}
    problems = Problems()
    for item in plans:
        slug = item.facts.slug
        if slug in seen:
            section = "trust" if item.facts.setting is Setting.TRUST else "school"
            key = "slug" if item.facts.school.slug else "name"
            where = item.doc.location((section, key)) if item.doc else Location(item.facts.origin)
            problems.add(
                f"{item.facts.school.name} and {seen[slug]} would both be written to '{slug}/'",
                where,
                f"give one of them a different {section}.slug",
            )
        seen[slug] = item.facts.school.name
    problems.raise_if_errors()


_WorkerTask = tuple[int, Path, Path]
_WORKER: tuple[tuple[PackPlan, ...], Session] | None = None


def _write_task(task: _WorkerTask) -> tuple[WrittenPack, tuple[Problem, ...]]:
    """Compose and write one pack (in this process or a worker).

    Packs reused whole were set aside by :func:`_run`; documents of this pack whose inputs
    are unchanged are still reused one by one.
    """
    assert _WORKER is not None
    plans, session = _WORKER
    index, folder, previous_folder = task
    pack = compose_pack(plans[index], session)
    return _settle(pack.write_into(folder, read_manifest(previous_folder))), pack.warnings


def _settle(result: WrittenPack) -> WrittenPack:
    """Write the pack's manifest now, and keep only a summary of it in memory.

    A trust of hundreds of schools would otherwise hold every manifest (every clause of
    every document) until the end of the build.
    """
    if result.unchanged_from is not None:
        _link_or_copy(result.unchanged_from, result.folder / MANIFEST)
    else:
        write_manifest(result.folder, result.manifest)
    summary = {k: v for k, v in result.manifest.items() if k != "documents"}
    summary["documents"] = [
        {k: v for k, v in entry.items() if k != "clauses"} for entry in result.manifest["documents"]
    ]
    return attrs.evolve(result, manifest=summary, unchanged_from=None)


def _finish(
    written: list[WrittenPack], temp: Path, formats: Sequence[str], *, single: bool
) -> None:
    """After every pack is written: PDFs (one LibreOffice run), then the trust's index."""
    if "pdf" in formats:
        _add_pdfs(written)
    if not single:
        _write_index(temp, written)


def _link_or_copy(old: Path, new: Path) -> None:
    """Share a previous build's file: outputs are replaced, never changed in place."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


def _reuse_whole_pack(
    item: PackPlan, previous: dict[str, Any] | None, folder: Path
) -> WrittenPack | None:
    """The previous build of this pack, linked into ``folder``, if none of its inputs changed."""
    if previous is None:
        return None
    inputs, provenance = item.digests()
    entries = previous.get("documents", [])
    same = (
        previous.get("provenance") == provenance
        and previous.get("library") == attrs.asdict(item.opened.record)
        and previous.get("school") == attrs.asdict(_pack_school(item.facts))
        and [e.get("id") for e in entries] == list(inputs)
        and all(e.get("inputs") == inputs[e["id"]] for e in entries)
    )
    if not same:
        return None
    source: Path = previous["_folder"]
    files: list[Path] = []
    for entry in entries:
        old = source / entry["file"]
        try:
            if hashlib.sha256(old.read_bytes()).hexdigest() != entry["sha256"]:
                return None
            new = folder / entry["file"]
            _link_or_copy(old, new)
        except OSError:
            return None
        files.append(new)
    manifest = {k: v for k, v in previous.items() if k != "_folder"}
    for entry in manifest["documents"]:
        entry.pop("pdf", None)
    return WrittenPack(folder, manifest, tuple(files), len(files), source / MANIFEST)


def _init_worker(path: str, public: bool = False) -> None:
    """Set up a spawned worker: plan the build once (forked workers inherit the plans)."""
    global _WORKER
    if _WORKER is None:
        session = Session(public=public)
        _WORKER = (plan(path, session=session), session)


def _run(
    path: str | Path,
    plans: tuple[PackPlan, ...],
    session: Session,
    tasks: list[_WorkerTask],
    jobs: int,
) -> Iterator[tuple[WrittenPack, tuple[Problem, ...]]]:
    """Run the tasks here, or across ``jobs`` processes; results as they finish."""
    global _WORKER
    _WORKER = (plans, session)
    try:
        # Packs whose inputs are all unchanged are linked from the last build here: only
        # packs that need rendering are worth a worker process.
        pending: list[_WorkerTask] = []
        for task in tasks:
            index, folder, previous_folder = task
            folder.mkdir(parents=True, exist_ok=True)
            unchanged = _reuse_whole_pack(plans[index], read_manifest(previous_folder), folder)
            if unchanged is None:
                pending.append(task)
            else:
                yield _settle(unchanged), plans[index].warnings
        tasks = pending
        if jobs <= 1 or len(tasks) <= 1:
            for task in tasks:
                yield _write_task(task)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # Objects made so far (the plans, the library) are never freed while workers run;
        # freezing them keeps the collector from touching, and so copying, forked pages.
        gc.freeze()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(str(path), session.public),
        ) as pool:
            futures = [pool.submit(_write_task, task) for task in tasks]
            problems = Problems()
            for future in as_completed(futures):
                try:
                    yield future.result()
                except PolicykitError as exc:
                    problems.extend(exc.problems)
            problems.raise_if_errors()
    finally:
        _WORKER = None


# --------------------------------------------------------------------------- planning


def _trust_of(source: SchoolSource) -> TrustSource | None:
    """The trust a school belongs to: a trust.yml in a parent folder that lists it."""
    here = source.path.resolve()
    for parent in list(here.parents)[1:4]:
        candidate = parent / TRUST_FILE
        if candidate.is_file():
            trust = load_trust(candidate)
            if any(s.path.resolve() == here for s in trust.schools):
                return trust
    return None


def library_of(source: SchoolSource, trust: TrustSource | None) -> tuple[LibrarySource, Path]:
    """The library a school builds from, and the folder its relative paths start from."""
    if source.file.library is not None:
        return source.file.library, source.folder
    if trust is not None:
        return trust.file.library, trust.folder
    return LibrarySource(), source.folder


def _open(
    library_source: LibrarySource,
    base: Path,
    local: Path | None,
    lock: Lock | None,
    session: Session,
    warnings: list[Problem],
    ref: str | None = None,
) -> OpenedLibrary:
    """Open a library, at the commit the lock pins when it pins one for this source."""
    git_ref = ref
    if ref is None and library_source.kind == "git" and lock is not None and lock.commit:
        if lock.source != library_source.git:
            warnings.append(
                Problem(
                    f"the lock pins {lock.source}, but the library is now {library_source.git};"
                    " building from the library's ref",
                    Location(lock.path),
                    "run 'policykit update' to lock the new library",
                    Severity.WARNING,
                )
            )
        else:
            git_ref = lock.commit
            if library_source.ref is not None and library_source.ref != lock.ref:
                warnings.append(
                    Problem(
                        f"the file asks for library ref {library_source.ref}, but the lock pins"
                        f" {lock.ref}; building from the lock",
                        Location(lock.path),
                        f"run 'policykit update --to {library_source.ref}' to move the lock",
                        Severity.WARNING,
                    )
                )
    opened = open_library(library_source, base, local, session.layers, git_ref=git_ref)
    if git_ref is not None and lock is not None:
        opened = attrs.evolve(opened, record=attrs.evolve(opened.record, ref=lock.ref))
    return opened


def _check_lock(
    lock: Lock | None, documents: Sequence[ResolvedDocument], problems: Problems
) -> Approved | None:
    """Compare the clauses in use with the lock; the approved version to compare with."""
    if lock is None:
        return None
    used = {c.id: c for d in documents for c in d.clauses()}
    for clause_id, clause in sorted(used.items()):
        locked = lock.clauses.get(clause_id)
        if locked is None or locked.sha256 == clause.sha256:
            continue
        if clause.edition < locked.edition:
            problems.add(
                f"clause '{clause_id}' is at edition {clause.edition}, older than edition"
                f" {locked.edition} recorded in {lock.path}",
                clause.location,
                "the library went backwards: restore the newer clause, or run 'policykit"
                " update' to lock the library as it is",
            )
        elif clause.edition == locked.edition:
            problems.add(
                f"clause '{clause_id}' has changed since it was locked, but its edition is still"
                f" {clause.edition} ({lock.path})",
                clause.location,
                f"give the changed clause a new edition, e.g. {clause.edition.next_correction()}"
                " for a correction, with a changes entry saying what changed",
            )
    return lock.baseline({cid: c.sha256 for cid, c in used.items()})


def _plan_school(
    source: SchoolSource, session: Session, trust: TrustSource | None, ref: str | None = None
) -> PackPlan:
    file = source.file
    library_source, base = library_of(source, trust)
    local = source.folder / file.local.clauses if file.local.clauses else None
    lock = read_lock(source.folder)
    warnings: list[Problem] = []
    opened = _open(library_source, base, local, lock, session, warnings, ref)
    library = opened.library
    problems = Problems()
    deviations = {d.clause: i for i, d in enumerate(file.local.deviations)}
    for problem in check_replacements(
        library,
        deviations,
        source.doc,
        strict=library_source.kind != "builtin" or trust is not None,
    ):
        if problem.severity is Severity.WARNING:
            warnings.append(problem)
        else:
            problems.extend([problem])
    problems.raise_if_errors()
    profile = library.profile(file.school.setting)
    view = trust_view(trust.file, trust.doc) if trust is not None else None
    facts = school_facts(file, source.doc, profile, view)
    # Schools of one setting and phases resolve alike: keep one copy of each document.
    own = tuple(session.share(d) for d in resolve_documents(library, facts, source.doc))
    documents: list[tuple[ResolvedDocument, Facts]] = [(d, facts) for d in own]
    if trust is not None:
        # Documents the trust shares (its policy) replace the school's own, with the
        # trust's wording and this school's annex.
        trust_profile = library.profile(Setting.TRUST)
        shared = {d.id for d in trust_profile.documents if d.shared}
        tfacts = trust_facts(trust.file, trust.doc, trust_profile, (facts,))
        adopted = {
            d.id: session.share(d) for d in resolve_documents(library, tfacts) if d.id in shared
        }
        documents = [(adopted[d.id], tfacts) if d.id in adopted else (d, f) for d, f in documents]
    template = file.house_style.template if file.house_style else None
    style_path = _style_path(source.folder, template, source.doc, trust, library)
    baseline = _check_lock(lock if ref is None else None, [d for d, _ in documents], problems)
    if ref is not None and lock is not None:
        baseline = lock.baseline({c.id: c.sha256 for d, _ in documents for c in d.clauses()})
    problems.raise_if_errors()
    inputs = (source.doc.sha256, trust.doc.sha256 if trust else "", _lock_digest(lock))
    return PackPlan(
        facts,
        opened,
        tuple(documents),
        coverage_of(profile, library, (d for d, _ in documents)),
        style_path,
        inputs,
        source.doc,
        tuple(o.clause for o in file.local.omit),
        baseline,
        tuple(warnings),
        library_source,
        base,
        source.folder,
        lock,
    )


def _plan_trust(
    trust: TrustSource,
    session: Session,
    ref: str | None = None,
    members: tuple[Facts, ...] | None = None,
) -> PackPlan:
    file = trust.file
    lock = read_lock(trust.folder)
    warnings: list[Problem] = []
    opened = _open(file.library, trust.folder, None, lock, session, warnings, ref)
    library = opened.library
    profile = library.profile(Setting.TRUST)
    view = trust_view(file, trust.doc)
    if members is None:
        members = tuple(
            school_facts(s.file, s.doc, library.profile(s.file.school.setting), view)
            for s in trust.schools
        )
    facts = trust_facts(file, trust.doc, profile, members)
    resolved = resolve_documents(library, facts)
    template = file.house_style.template if file.house_style else None
    style_path = _style_path(trust.folder, template, trust.doc, None, library)
    problems = Problems()
    baseline = _check_lock(lock if ref is None else None, resolved, problems)
    if ref is not None and lock is not None:
        baseline = lock.baseline({c.id: c.sha256 for d in resolved for c in d.clauses()})
    problems.raise_if_errors()
    inputs = (trust.doc.sha256, *(s.doc.sha256 for s in trust.schools), _lock_digest(lock))
    return PackPlan(
        facts,
        opened,
        tuple((d, facts) for d in resolved),
        coverage_of(profile, library, resolved),
        style_path,
        inputs,
        trust.doc,
        (),
        baseline,
        tuple(warnings),
        file.library,
        trust.folder,
        trust.folder,
        lock,
    )


def _lock_digest(lock: Lock | None) -> str:
    """What of the lock shapes the documents: the approved versions they compare with."""
    if lock is None:
        return ""
    return hashlib.sha256(
        repr(
            [(a.date, sorted((k, v.sha256) for k, v in a.clauses.items())) for a in lock.approvals]
        ).encode()
    ).hexdigest()


def _style_path(
    folder: Path, template: str | None, doc: YamlDoc, trust: TrustSource | None, library: Library
) -> Path:
    """The house style a pack uses: its own, its trust's, or the library's default."""
    owner: tuple[Path, YamlDoc, str] | None = None
    if template is not None:
        owner = (folder, doc, template)
    elif trust is not None and trust.file.house_style is not None:
        owner = (trust.folder, trust.doc, trust.file.house_style.template)
    if owner is None:
        return library.templates[HOUSE_STYLE]
    base, where, name = owner
    path = base / name
    if not path.is_file():
        raise PolicykitError.single(
            f"house-style template not found: {name}",
            where.location(("house_style", "template")),
            "house_style.template is a .docx file, relative to this file",
        )
    return path


def changes_for(
    doc: ResolvedDocument, facts: Facts, baseline: Approved | None = None
) -> ChangeSet | None:
    """What changed in ``doc`` since the last approved version; None for a first version.

    Measured against ``baseline`` (from the lock) when there is one, else against the
    clauses' own change entries dated after the previous approval in the history.
    """
    if baseline is not None:
        basis = f"since the version approved on {long_date(baseline.date)}"
        titles = {k: v.title for k, v in baseline.clauses.items()}
        return changes_between(
            doc.id, doc.clauses(), baseline.editions(doc.id), basis, previous_titles=titles
        )
    approval = facts.approval
    earlier = [h for h in approval.history if h.date < approval.date]
    if not earlier:
        return None
    previous = max(earlier, key=lambda h: h.date)
    basis = f"since version {previous.version}, approved {long_date(previous.date)}"
    return changes_since(doc.id, doc.clauses(), previous.date, basis)


# --------------------------------------------------------------------------- packs


def _pack_school(facts: Facts) -> PackSchool:
    return PackSchool(facts.school.name, facts.slug, str(facts.profile.setting))


def _readings(
    item: PackPlan, documents: list[Document]
) -> tuple[dict[str, Reading], list[Problem]]:
    from policykit.readability import reading_of

    readings: dict[str, Reading] = {}
    warnings: list[Problem] = []
    for (resolved, _), document in zip(item.documents, documents, strict=True):
        limit = document.reading_grade
        if limit is None:
            continue
        reading = reading_of(document.blocks)
        readings[document.id] = reading
        if reading.grade > limit:
            warnings.append(
                Problem(
                    f"{document.id}: reading grade {reading.grade} is above the target"
                    f" {limit:g} for {item.facts.school.name}; longest sentence:"
                    f' "{reading.longest_sentence}"',
                    resolved.spec.location,
                    "use shorter sentences and everyday words; pupils' agreements are read aloud",
                    Severity.WARNING,
                )
            )
    return readings, warnings


def _pack(item: PackPlan, documents: list[Document], style: HouseStyle | None) -> Pack:
    facts, opened = item.facts, item.opened
    inputs, provenance = item.digests()
    school = facts.school
    readings, warnings = _readings(item, documents)
    warnings = [*item.warnings, *warnings]
    return Pack(
        school=_pack_school(facts),
        library=opened.record,
        documents=tuple(documents),
        provenance=provenance,
        inputs=inputs,
        warnings=tuple(warnings),
        readings=readings,
        style=style,
        tag_school={
            "name": school.name,
            "website": school.website or "",
            "urn": school.urn or "",
            "address": school.address or "",
            "trust": facts.trust.name if facts.trust else "",
        },
    )


def _add_pdfs(written: list[WrittenPack]) -> None:
    from policykit.pdf import convert_to_pdf

    pdfs = convert_to_pdf([f for w in written for f in w.files])
    for index, result in enumerate(written):
        mine = tuple(p for p in pdfs if p.parent == result.folder)
        written[index] = attrs.evolve(result, files=result.files + mine)
        # The manifest on disk may be a link to the previous build's: replace, never edit.
        path = result.folder / MANIFEST
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for entries in (manifest["documents"], result.manifest["documents"]):
            for entry in entries:
                pdf = Path(entry["file"]).with_suffix(".pdf").name
                if (result.folder / pdf).is_file():
                    entry["pdf"] = pdf
        path.unlink()
        write_manifest(result.folder, manifest)


def _write_index(folder: Path, packs: Sequence[WrittenPack]) -> None:
    """``packs.json`` at the top of a trust build: which folder holds which pack."""
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
    text = json.dumps(index, indent=2, ensure_ascii=False) + "\n"
    (folder / "packs.json").write_text(text, encoding="utf-8")
