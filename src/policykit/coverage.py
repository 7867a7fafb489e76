"""Coverage: which clause of which document answers each topic a setting requires. Pure.

Every pack is checked against its profile's ``required_topics``; a build or check with
a required topic that no clause covers fails, naming the topic and, when the school's
own omissions caused the gap, the omission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from policykit.errors import Problem
from policykit.library import Library, Topic
from policykit.model import Profile
from policykit.resolve import ResolvedDocument
from policykit.yamlfile import YamlDoc

__all__ = ["Coverage", "coverage_of", "coverage_problems"]


@attrs.frozen
class Coverage:
    """A matrix of required topics against documents; each cell holds clause ids."""

    topics: tuple[Topic, ...]
    documents: tuple[str, ...]
    cells: Mapping[str, Mapping[str, tuple[str, ...]]]

    @property
    def gaps(self) -> tuple[Topic, ...]:
        """Required topics that no clause in any document covers."""
        return tuple(t for t in self.topics if not any(self.cells[t.id].values()))

    def clauses_for(self, topic: str) -> tuple[str, ...]:
        """Every clause covering ``topic``, across documents."""
        return tuple(c for ids in self.cells[topic].values() for c in ids)


def coverage_of(
    profile: Profile, library: Library, documents: Iterable[ResolvedDocument]
) -> Coverage:
    """The coverage matrix of ``documents`` against ``profile``'s required topics."""
    documents = tuple(documents)
    # Schools of one setting usually resolve to the same clauses: work each shape out once.
    key = (
        tuple((t, library.topics.get(t)) for t in profile.required_topics),
        tuple((d.id, tuple((c.id, c.sha256, c.topics) for c in d.clauses())) for d in documents),
    )
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) > 256:
            _MEMO.clear()
        found = _MEMO[key] = _coverage(profile, library, documents)
    return found


_MEMO: dict[object, Coverage] = {}


def _coverage(
    profile: Profile, library: Library, documents: tuple[ResolvedDocument, ...]
) -> Coverage:
    topics = tuple(library.topics.get(t, Topic(t, t)) for t in profile.required_topics)
    cells: dict[str, dict[str, list[str]]] = {t.id: {d.id: [] for d in documents} for t in topics}
    for doc in documents:
        for clause in doc.clauses():
            for topic in clause.topics:
                row = cells.get(topic)
                if row is not None:
                    row[doc.id].append(clause.id)
    frozen = MappingProxyType(
        {k: MappingProxyType({d: tuple(ids) for d, ids in v.items()}) for k, v in cells.items()}
    )
    return Coverage(topics, tuple(d.id for d in documents), frozen)


def coverage_problems(
    coverage: Coverage,
    profile: Profile,
    library: Library,
    omitted: Iterable[str] = (),
    doc: YamlDoc | None = None,
) -> list[Problem]:
    """One problem per gap, explaining how to close it."""
    omitted = list(omitted)
    problems: list[Problem] = []
    for topic in coverage.gaps:
        candidates = [c.id for c in library.clauses.values() if topic.id in c.topics]
        dropped = [c for c in candidates if c in omitted]
        if dropped and doc is not None:
            index = omitted.index(dropped[0])
            problems.append(
                Problem(
                    f"required topic '{topic.id}' ({topic.title}) is left uncovered because"
                    f" clause '{dropped[0]}' is omitted",
                    doc.location(("local", "omit", index, "clause")),
                    "keep the clause, or add a local clause that covers the topic",
                )
            )
            continue
        where = profile.location
        hint = (
            f"clauses covering it ({', '.join(candidates)}) do not apply to this school's"
            " setting and phases"
            if candidates
            else f"add a clause with 'topics: [{topic.id}]' to one of the pack's documents"
        )
        problems.append(
            Problem(
                f"required topic '{topic.id}' ({topic.title}) has no clause in the"
                f" {profile.setting} pack",
                where,
                hint,
            )
        )
    return problems
