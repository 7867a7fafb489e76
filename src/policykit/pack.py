"""Packs: one school's built documents, and writing them with their manifest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from policykit import __version__
from policykit.document import Document
from policykit.errors import PolicykitError, Problem
from policykit.facts import long_date
from policykit.readability import Reading
from policykit.sources import LibraryRecord

if TYPE_CHECKING:  # the Word writer (and python-docx) load only when a pack is written
    from policykit.word import HouseStyle

__all__ = ["Pack", "PackSchool", "WrittenPack", "read_manifest", "write_manifest"]

MANIFEST = "manifest.json"


@attrs.frozen
class PackSchool:
    """Who a pack is for: name, folder slug and setting."""

    name: str
    slug: str
    setting: str


@attrs.frozen
class WrittenPack:
    """What writing a pack produced: its folder, the manifest, and the files.

    Once a build has written ``manifest.json``, ``manifest`` keeps a summary of it (the
    documents without their clause lists); read the file for the rest.
    """

    folder: Path
    manifest: dict[str, Any]
    files: tuple[Path, ...]
    reused: int = 0
    unchanged_from: Path | None = None


@attrs.frozen
class Pack:
    """Everything built for one school: its documents, ready to write. Nothing written yet."""

    school: PackSchool
    library: LibraryRecord
    documents: tuple[Document, ...]
    provenance: str
    inputs: Mapping[str, str]
    warnings: tuple[Problem, ...] = ()
    style: HouseStyle | None = attrs.field(default=None, eq=False, repr=False)
    tag_school: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    readings: Mapping[str, Reading] = attrs.field(factory=dict, eq=False, repr=False)

    def document(self, document_id: str) -> Document:
        """The document with ``document_id``; raises KeyError."""
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(document_id)

    def render(self, document: Document) -> bytes:
        """The ``.docx`` bytes of one document."""
        from policykit.word import CoreProperties, TagContext

        # The document's own inputs, not the pack's: a document reused by an incremental
        # build must carry exactly the bytes a cold build would write.
        provenance = self.inputs[document.id][:12]

        if self.style is None:  # pragma: no cover - packs are built with a style
            raise PolicykitError.single("this pack has no house style to write with")
        meta = CoreProperties(
            title=document.title,
            subject=document.subject,
            school=self.school.name,
            keywords=(*document.keywords, "online safety", self.school.name),
            description=(
                f"{document.title} for {self.school.name}, approved"
                f" {long_date(document.approved)}; next review {long_date(document.next_review)}."
                f" Built with policykit {__version__} from inputs {provenance}."
            ),
            category=document.kind,
            date=document.approved,
            custom=document_properties(self.school.slug, document, self.inputs[document.id]),
        )
        tags = TagContext(
            school=self.tag_school,
            document={
                "id": document.id,
                "title": document.title,
                "subject": document.subject,
                "edition": str(document.edition),
                "approved": long_date(document.approved),
                "next_review": long_date(document.next_review),
                "kind": document.kind,
            },
            provenance=provenance,
        )
        return self.style.write(document.blocks, meta, tags)

    def write(self, out: str | Path, *, formats: Sequence[str] = ("docx",)) -> Path:
        """Write the pack into ``out`` (replacing a previous build there, atomically)."""
        from policykit.api import write_packs

        target = Path(out)
        write_packs([self], target, formats=formats, single=True)
        return target

    def write_into(self, folder: Path, previous: Mapping[str, Any] | None = None) -> WrittenPack:
        """Write the documents into an existing empty ``folder``; reuse unchanged files."""
        reusable = _reusable(previous)
        entries: list[dict[str, Any]] = []
        files: list[Path] = []
        reused = 0
        for document in self.documents:
            target = folder / document.file_name
            old = reusable.get(document.id)
            if old is not None and old[0] == self.inputs[document.id]:
                data = old[1]
                reused += 1
            else:
                data = self.render(document)
            target.write_bytes(data)
            files.append(target)
            entries.append(self._entry(document, data))
        manifest = {
            "policykit": __version__,
            "library": attrs.asdict(self.library),
            "school": attrs.asdict(self.school),
            "provenance": self.provenance,
            "documents": entries,
        }
        return WrittenPack(folder, manifest, tuple(files), reused)

    def _entry(self, document: Document, data: bytes) -> dict[str, Any]:
        return {
            "id": document.id,
            "file": document.file_name,
            "title": document.title,
            "edition": str(document.edition),
            "sha256": hashlib.sha256(data).hexdigest(),
            "inputs": self.inputs[document.id],
            "approved": document.approved.isoformat(),
            "next_review": document.next_review.isoformat(),
            "clauses": [
                {
                    "id": c.id,
                    "edition": str(c.edition),
                    "sha256": c.sha256,
                    "layer": c.layer,
                }
                for c in document.clauses
            ],
        }


def document_properties(slug: str, document: Document, inputs: str) -> tuple[tuple[str, str], ...]:
    """The custom properties that identify an issued document (see policykit.consent)."""
    from policykit.consent import form_properties

    return (
        ("policykit-school", slug),
        ("policykit-document", document.id),
        ("policykit-edition", str(document.edition)),
        ("policykit-inputs", inputs),
        *form_properties(document),
    )


def _reusable(previous: Mapping[str, Any] | None) -> dict[str, tuple[str, bytes]]:
    """Documents of a previous build whose file is intact: id → (inputs hash, bytes)."""
    if not previous:
        return {}
    folder = previous.get("_folder")
    if not isinstance(folder, Path):
        return {}
    found: dict[str, tuple[str, bytes]] = {}
    for entry in previous.get("documents", ()):
        try:
            data = (folder / entry["file"]).read_bytes()
        except (OSError, KeyError, TypeError):
            continue
        if hashlib.sha256(data).hexdigest() == entry.get("sha256") and entry.get("inputs"):
            found[entry["id"]] = (entry["inputs"], data)
    return found


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> None:
    """Write ``manifest.json``: stable key order, UTF-8, a final newline."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a previous build in ``folder``, or None if there is none usable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("policykit") != __version__:
        return None
    data["_folder"] = folder
    return data
