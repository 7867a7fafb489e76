"""``policykit.lock``: the library commit a pack is built from, and what was approved.

The lock sits beside the school or trust file and is committed with it. It records

- ``library``, ``clauses`` and ``documents``: the library commit the pack is built
  from, the edition and SHA-256 of every clause in use, and which clauses each
  document holds, so a build is reproducible even when the ref was a branch;
- ``approvals``: the clause editions of earlier approved versions, newest first. A
  document's "what changed" table compares it with the newest approved version whose
  wording differs from it: for a draft, the version in force; for a version just
  approved, the one it replaced.

``policykit update`` writes the lock. When the school file's approval date is newer
than the last approval recorded, the wording locked at that moment is recorded as
approved on that date before the lock moves to the new ref.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from policykit import __version__
from policykit.edition import Edition, EditionError
from policykit.errors import Location, PolicykitError, display_path
from policykit.model import Clause

__all__ = [
    "LOCK_FILE",
    "Approved",
    "Lock",
    "LockedClause",
    "advance_lock",
    "read_lock",
    "write_lock",
]

LOCK_FILE = "policykit.lock"
KEEP_APPROVALS = 6


@attrs.frozen
class LockedClause:
    """A clause as locked: its edition, content hash, title and layer."""

    edition: Edition
    sha256: str
    title: str = ""
    layer: str = ""


@attrs.frozen
class Approved:
    """The wording of one approved version: its date, library ref and clauses."""

    date: dt.date
    ref: str | None
    commit: str | None
    clauses: Mapping[str, LockedClause]
    documents: Mapping[str, tuple[str, ...]]

    def editions(self, document: str | None = None) -> dict[str, Edition]:
        """Clause id → edition, for one document or for all."""
        ids = self.documents.get(document, ()) if document is not None else self.clauses
        return {i: self.clauses[i].edition for i in ids if i in self.clauses}


@attrs.frozen
class Lock:
    """The contents of ``policykit.lock``."""

    source: str
    ref: str | None
    commit: str | None
    clauses: Mapping[str, LockedClause]
    documents: Mapping[str, tuple[str, ...]]
    approvals: tuple[Approved, ...] = ()
    path: str = attrs.field(default="", eq=False)

    def baseline(self, current: Mapping[str, str]) -> Approved | None:
        """The newest approved version whose clause hashes differ from ``current``."""
        for approved in self.approvals:
            if {k: v.sha256 for k, v in approved.clauses.items()} != dict(current):
                return approved
        return None


def read_lock(folder: Path) -> Lock | None:
    """The lock in ``folder``, or None when there is none; raises on a damaged lock."""
    path = folder / LOCK_FILE
    if not path.is_file():
        return None
    shown = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        library = data["library"]
        return Lock(
            source=str(library["source"]),
            ref=library.get("ref"),
            commit=library.get("commit"),
            clauses=_clauses(data["clauses"]),
            documents=_documents(data["documents"]),
            approvals=tuple(
                Approved(
                    dt.date.fromisoformat(a["date"]),
                    a.get("ref"),
                    a.get("commit"),
                    _clauses(a["clauses"]),
                    _documents(a["documents"]),
                )
                for a in data.get("approvals", ())
            ),
            path=shown,
        )
    except json.JSONDecodeError as exc:
        raise PolicykitError.single(
            f"the lock file is not valid JSON: {exc.msg}",
            Location(shown, exc.lineno, exc.colno),
            "restore it from git, or delete it and run 'policykit update'",
        ) from None
    except (KeyError, TypeError, ValueError, EditionError, AttributeError) as exc:
        raise PolicykitError.single(
            f"the lock file is damaged ({type(exc).__name__}: {exc})",
            Location(shown),
            "restore it from git, or delete it and run 'policykit update'",
        ) from None


def _clauses(data: Mapping[str, Any]) -> dict[str, LockedClause]:
    return {
        clause_id: LockedClause(
            Edition.parse(entry["edition"]),
            str(entry["sha256"]),
            str(entry.get("title", "")),
            str(entry.get("layer", "")),
        )
        for clause_id, entry in data.items()
    }


def _documents(data: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {doc: tuple(str(c) for c in ids) for doc, ids in data.items()}


def advance_lock(
    documents: Mapping[str, Sequence[Clause]],
    *,
    source: str,
    ref: str | None,
    commit: str | None,
    approval_date: dt.date,
    previous: Lock | None,
) -> Lock:
    """The lock after moving to new wording; records the old wording as approved if due."""
    clauses = {c.id: c for cs in documents.values() for c in cs}
    current = {
        cid: LockedClause(c.edition, c.sha256, c.title, c.layer)
        for cid, c in sorted(clauses.items())
    }
    doc_map = {doc: tuple(c.id for c in cs) for doc, cs in documents.items()}
    approvals: tuple[Approved, ...] = ()
    if previous is not None:
        approvals = previous.approvals
        newest = approvals[0].date if approvals else None
        if newest is None or approval_date > newest:
            approvals = (
                Approved(
                    approval_date,
                    previous.ref,
                    previous.commit,
                    previous.clauses,
                    previous.documents,
                ),
                *approvals,
            )[:KEEP_APPROVALS]
    return Lock(source, ref, commit, current, doc_map, approvals)


def _entries(table: Mapping[str, LockedClause]) -> dict[str, Any]:
    return {
        k: {"edition": str(v.edition), "sha256": v.sha256, "title": v.title, "layer": v.layer}
        for k, v in sorted(table.items())
    }


def write_lock(folder: Path, lock: Lock) -> Path:
    """Write ``policykit.lock`` in ``folder`` atomically (via a temporary file)."""
    data = {
        "policykit": __version__,
        "library": {"source": lock.source, "ref": lock.ref, "commit": lock.commit},
        "clauses": _entries(lock.clauses),
        "documents": {doc: list(ids) for doc, ids in sorted(lock.documents.items())},
        "approvals": [
            {
                "date": a.date.isoformat(),
                "ref": a.ref,
                "commit": a.commit,
                "clauses": _entries(a.clauses),
                "documents": {doc: list(ids) for doc, ids in sorted(a.documents.items())},
            }
            for a in lock.approvals
        ],
    }
    path = folder / LOCK_FILE
    temp = path.with_name(f".{LOCK_FILE}.tmp")
    temp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temp.replace(path)
    return path
