"""Which clause editions go in which document, for one school. Pure: no I/O.

Setting → profile → documents (filtered by the phases taught) → sections (filtered
by setting) → clauses (filtered by setting and phase, less the school's omissions,
plus its additions).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from policykit.errors import Problems, did_you_mean
from policykit.facts import Facts
from policykit.library import Library
from policykit.model import Clause, DocumentSpec, SectionSpec
from policykit.yamlfile import YamlDoc

__all__ = ["ResolvedDocument", "ResolvedSection", "resolve_documents"]


@attrs.frozen
class ResolvedSection:
    """A section of a document with the clauses that apply to this school."""

    spec: SectionSpec
    clauses: tuple[Clause, ...]


@attrs.frozen
class ResolvedDocument:
    """A document spec with its sections resolved for one school."""

    spec: DocumentSpec
    sections: tuple[ResolvedSection, ...]

    @property
    def id(self) -> str:
        """The document id, which is also its file name without ``.docx``."""
        return self.spec.id

    def clauses(self) -> Iterator[Clause]:
        """Every clause in the document, in order."""
        for section in self.sections:
            yield from section.clauses


def resolve_documents(
    library: Library, facts: Facts, doc: YamlDoc | None = None
) -> tuple[ResolvedDocument, ...]:
    """The documents of one school's (or trust's) pack, with their clauses, in order."""
    problems = Problems()
    profile = facts.profile
    phases = facts.phases
    omitted = {o.clause for o in facts.local.omit}
    if doc is not None:
        _check_local(library, facts, doc, problems)
    documents: list[ResolvedDocument] = []
    for wanted in profile.documents:
        if wanted.phases and not any(p in wanted.phases for p in phases):
            continue
        spec = library.documents[wanted.id]
        additions = [a for a in facts.local.add if a.document == spec.id]
        sections: list[ResolvedSection] = []
        for section in spec.sections:
            if section.settings and profile.setting not in section.settings:
                continue
            clauses = [
                library.clauses[cid]
                for cid in section.clauses
                if cid not in omitted and library.clauses[cid].applies_to(profile.setting, phases)
            ]
            for addition in additions:
                if addition.after is not None and addition.after in section.clauses:
                    after = [c.id for c in clauses]
                    index = (
                        after.index(addition.after) + 1 if addition.after in after else len(clauses)
                    )
                    clauses.insert(index, library.clauses[addition.clause])
            if section.component is None and not clauses:
                continue
            sections.append(ResolvedSection(section, tuple(clauses)))
        placed = {c.id for s in sections for c in s.clauses}
        tail = [library.clauses[a.clause] for a in additions if a.clause not in placed]
        if tail:
            last = next(
                (i for i in range(len(sections) - 1, -1, -1) if sections[i].spec.component is None),
                None,
            )
            if last is not None:
                sections[last] = attrs.evolve(
                    sections[last], clauses=sections[last].clauses + tuple(tail)
                )
        if not any(s.clauses for s in sections if s.spec.component is None):
            problems.add(
                f"document '{spec.id}' has no clauses for the {profile.setting} setting",
                spec.location,
                "give its sections clauses that apply to this setting, or remove the"
                " document from the profile",
            )
            continue
        documents.append(ResolvedDocument(spec, tuple(sections)))
    problems.raise_if_errors()
    return tuple(documents)


def _check_local(library: Library, facts: Facts, doc: YamlDoc, problems: Problems) -> None:
    for i, omission in enumerate(facts.local.omit):
        if omission.clause not in library.clauses:
            problems.add(
                f"local.omit names clause '{omission.clause}', which does not exist",
                doc.location(("local", "omit", i, "clause")),
                did_you_mean(omission.clause, library.clauses.keys()),
            )
        elif library.clauses[omission.clause].locked:
            problems.add(
                f"clause '{omission.clause}' is locked by the trust and cannot be omitted",
                doc.location(("local", "omit", i, "clause")),
                "keep the clause; the trust locked it in"
                f" {library.clauses[omission.clause].location.path}",
            )
    for i, addition in enumerate(facts.local.add):
        if addition.clause not in library.clauses:
            problems.add(
                f"local.add names clause '{addition.clause}', which does not exist",
                doc.location(("local", "add", i, "clause")),
                did_you_mean(addition.clause, library.clauses.keys())
                or "put the clause in the folder named by local.clauses",
            )
        if addition.document not in library.documents:
            problems.add(
                f"local.add names document '{addition.document}', which does not exist",
                doc.location(("local", "add", i, "document")),
                did_you_mean(addition.document, library.documents.keys()),
            )
