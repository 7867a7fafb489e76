"""Moving a school to new wording: what changed, updating the lock, spotting new tags.

This is what copier and cruft do for project templates, done for policy wording: a
school pins its library in ``policykit.lock``; ``update`` moves the pin and records
what the board last approved; ``changes`` says, in plain English, what readers must do.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from policykit.api import PackPlan, Session, changes_for, plan
from policykit.changes import ChangeRow, ChangeSet, changes_between
from policykit.edition import Edition
from policykit.errors import Location, PolicykitError
from policykit.gitlibrary import checkout, newest_tag, resolve_url
from policykit.lockfile import advance_lock, write_lock
from policykit.resolve import resolve_documents
from policykit.sources import open_library

__all__ = ["Outdated", "PackChanges", "changes", "outdated", "update"]


@attrs.frozen
class PackChanges:
    """The changes to one pack's documents, and what they were measured against."""

    name: str
    basis: str
    rows: tuple[ChangeRow, ...]


@attrs.frozen
class Outdated:
    """A pack whose git library has a newer tag than the one it is pinned to."""

    name: str
    source: str
    pinned: str
    newest: str


def changes(path: str | Path, *, since: str | None = None) -> tuple[PackChanges, ...]:
    """What changed in each pack: since the last approved version, or since a git ref."""
    session = Session()
    result: list[PackChanges] = []
    for item in plan(path, session=session):
        name = item.facts.school.name
        if since is None:
            sets = [
                changes_for(d, f, item.baseline)
                or ChangeSet("since the first approved version (none earlier is recorded)", ())
                for d, f in item.documents
            ]
            basis = sets[0].basis if sets else "no documents"
        else:
            old = _documents_at(item, since, session)
            basis = f"since library ref {since}"
            sets = [
                changes_between(d.id, d.clauses(), old.get(d.id, {}), basis)
                for d, _ in item.documents
            ]
        result.append(PackChanges(name, basis, tuple(r for s in sets for r in s.rows)))
    return tuple(result)


def _documents_at(item: PackPlan, ref: str, session: Session) -> dict[str, dict[str, Edition]]:
    """Document id → {clause id → edition} of the same pack built from the library at ``ref``."""
    if item.source.kind != "git" or item.source.git is None:
        raise PolicykitError.single(
            f"--since needs a library kept in git; {item.facts.school.name} uses"
            f" {item.source.describe()}",
            Location.of(item.folder),
            "compare with the lock instead: run 'policykit changes' without --since",
        )
    opened = open_library(item.source, item.source_base, None, session.layers, git_ref=ref)
    documents = resolve_documents(opened.library, item.facts)
    return {d.id: {c.id: c.edition for c in d.clauses()} for d in documents}


def update(path: str | Path, *, to: str | None = None) -> tuple[tuple[PackChanges, Path], ...]:
    """Move each pack's lock to ``to`` (default: the newest tag); returns what changed."""
    session = Session()
    current = plan(path, session=session)
    target = to
    if target is None:
        target = _newest(current[0]) if current else None
    moved = plan(path, session=session, ref=target) if target is not None else current
    results: list[tuple[PackChanges, Path]] = []
    for before, after in zip(current, moved, strict=True):
        documents = {d.id: tuple(d.clauses()) for d, _ in after.documents}
        lock = advance_lock(
            documents,
            source=_source_text(after),
            ref=target if after.source.kind == "git" else after.opened.record.ref,
            commit=after.opened.record.commit,
            approval_date=after.facts.approval.date,
            previous=before.lock,
        )
        previous = before.lock.clauses if before.lock is not None else None
        basis = (
            f"since the lock at {before.lock.ref or 'the previous version'}"
            if before.lock is not None
            else "since the first lock"
        )
        rows: list[ChangeRow] = []
        for doc_id, clauses in documents.items():
            old = (
                {
                    i: previous[i].edition
                    for i in before.lock.documents.get(doc_id, ())
                    if i in previous
                }
                if before.lock is not None and previous is not None
                else {c.id: c.edition for c in clauses}
            )
            rows.extend(changes_between(doc_id, clauses, old, basis).rows)
        written = write_lock(after.folder, lock)
        results.append((PackChanges(after.facts.school.name, basis, tuple(rows)), written))
    return tuple(results)


def _source_text(item: PackPlan) -> str:
    if item.source.kind == "git" and item.source.git is not None:
        return item.source.git
    if item.source.kind == "folder" and item.source.path is not None:
        return item.source.path
    return "builtin"


def _newest(item: PackPlan) -> str | None:
    if item.source.kind != "git" or item.source.git is None:
        return None
    return newest_tag(item.source.git, item.source_base, item.source.location)


def outdated(path: str | Path) -> tuple[Outdated, ...]:
    """Packs whose git library has a newer tag than the ref they are pinned to."""
    found: list[Outdated] = []
    for item in plan(path):
        if item.source.kind != "git" or item.source.git is None:
            continue
        newest = _newest(item)
        if newest is None:
            continue
        pinned_commit = item.opened.record.commit
        pinned_ref = item.opened.record.ref or "HEAD"
        newest_commit = checkout(item.source.git, newest, item.source_base).commit
        if newest_commit != pinned_commit and pinned_ref != newest:
            found.append(
                Outdated(
                    item.facts.school.name,
                    resolve_url(item.source.git, item.source_base),
                    pinned_ref,
                    newest,
                )
            )
    return tuple(found)


def describe_rows(rows: Sequence[ChangeRow]) -> list[tuple[str, str, str, str, str]]:
    """Rows for a printed table: document, clause, editions, reader action, summary."""
    return [
        (
            r.document,
            r.clause,
            f"{r.old or 'new'} -> {r.new or 'removed'}",
            f"{r.level.value}: {r.action}" if r.old and r.new else r.action,
            r.summary,
        )
        for r in rows
    ]
