"""Public versions of documents: the same clauses and facts, less what is internal.

Three things are internal, and public outputs (the website section, and Word or PDF
built with ``--public``) leave them out:

- text inside a clause's ``::: internal`` ... ``:::`` block (blocks marked ``internal``);
- whole clauses whose front matter says ``internal: true`` (and their headings);
- internal facts: the monitoring and filtering products and routines
  (:data:`STAND_INS`), every person's ``mobile``, a trust annex's ``local.procedures``,
  and whatever the school lists in ``local.internal``. In public versions a required
  fact prints a neutral stand-in ("our filtering service") and an optional one is empty.

After composing, every public document is searched for the values of the internal facts
(:func:`leak_problems`); a value found is an error naming the clause that printed it,
so a new clause cannot publish a product name or a mobile number by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs

from policykit.blocks import Block, BlockStream, ListBlock, Paragraph, plain_text
from policykit.document import Document
from policykit.errors import Location, PolicykitError, Problem
from policykit.facts import Facts
from policykit.model import Clause, People, Person
from policykit.resolve import ResolvedDocument, ResolvedSection

__all__ = [
    "STAND_INS",
    "compose_public",
    "internal_fact_problems",
    "internal_values",
    "leak_problems",
    "public_blocks",
    "public_facts",
    "public_resolved",
]

#: Required facts that are internal, and the words public versions print instead.
STAND_INS: dict[str, str] = {
    "technology.filtering.provider": "our filtering service",
    "technology.filtering.monitoring": "our monitoring system",
    "technology.filtering.reviewed_by": "trained staff",
    "technology.filtering.frequency": "regularly",
}

#: Optional facts that are always internal: empty in public versions.
ALWAYS_INTERNAL: tuple[str, ...] = ("technology.filtering.alerts", "local.procedures")

#: Internal values shorter than this are not searched for (they match ordinary words).
_SHORTEST = 5


def public_facts(facts: Facts) -> Facts:
    """``facts`` with every internal fact replaced by its stand-in or emptied."""
    filtering = facts.technology.filtering
    technology = attrs.evolve(
        facts.technology,
        filtering=attrs.evolve(
            filtering,
            provider=STAND_INS["technology.filtering.provider"],
            monitoring=STAND_INS["technology.filtering.monitoring"],
            reviewed_by=STAND_INS["technology.filtering.reviewed_by"],
            frequency=STAND_INS["technology.filtering.frequency"],
            alerts=None,
        ),
    )
    public = attrs.evolve(
        facts,
        people=_people_without_mobiles(facts.people),
        leader=_without_mobile(facts.leader),
        technology=technology,
        local=attrs.evolve(facts.local, procedures=None),
        trust=(
            attrs.evolve(facts.trust, people=_people_without_mobiles(facts.trust.people))
            if facts.trust is not None
            else None
        ),
        schools=tuple(public_facts(s) for s in facts.schools),
    )
    for path in facts.local.internal:
        public = _emptied(public, path)
    return public


def internal_fact_problems(facts: Facts) -> list[Problem]:
    """A problem for each ``local.internal`` entry that is not an optional fact."""
    problems: list[Problem] = []
    for index, path in enumerate(facts.local.internal):
        reason = _not_optional(facts, path)
        if reason is None:
            continue
        where = (
            facts.doc.location(("local", "internal", index))
            if facts.doc is not None
            else Location(facts.origin)
            if facts.origin
            else None
        )
        problems.append(
            Problem(
                f"local.internal: '{path}' {reason}",
                where,
                "list optional facts such as people.dsl.phone or people.headteacher.email;"
                " filtering and monitoring details and mobiles are internal already",
            )
        )
    return problems


def internal_values(facts: Facts) -> dict[str, str]:
    """The values of internal facts worth searching public text for: value → fact path."""
    found: dict[str, str] = {}

    def keep(value: Any, path: str) -> None:
        if isinstance(value, str) and len(value.strip()) >= _SHORTEST:
            found.setdefault(value.strip(), path)

    filtering = facts.technology.filtering
    keep(filtering.provider, "technology.filtering.provider")
    keep(filtering.monitoring, "technology.filtering.monitoring")
    keep(filtering.alerts, "technology.filtering.alerts")
    keep(facts.local.procedures, "local.procedures")
    for key, person in _people(facts.people):
        keep(person.mobile, f"people.{key}.mobile")
    if facts.trust is not None:
        for key, person in _people(facts.trust.people):
            keep(person.mobile, f"trust.people.{key}.mobile")
    for path in facts.local.internal:
        if _not_optional(facts, path) is None:
            for value in _values_at(facts, path.split(".")):
                keep(value, path)
    for school in facts.schools:
        for value, path in internal_values(school).items():
            found.setdefault(value, f"{school.slug}: {path}")
    return found


def public_resolved(resolved: ResolvedDocument) -> ResolvedDocument:
    """``resolved`` without its internal clauses (clause sections left empty go too)."""
    sections: list[ResolvedSection] = []
    for section in resolved.sections:
        kept = tuple(c for c in section.clauses if not c.internal)
        if section.spec.component is None and section.clauses and not kept:
            continue
        sections.append(attrs.evolve(section, clauses=kept))
    return attrs.evolve(resolved, sections=tuple(sections))


def public_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """The blocks that are not internal."""
    for block in blocks:
        if isinstance(block, Paragraph | ListBlock) and block.internal:
            continue
        yield block


def compose_public(
    resolved: ResolvedDocument,
    facts: Facts,
    renderer: Any,
    changes: Callable[[ResolvedDocument], Any] | None = None,
) -> Document:
    """The public version of a document; raises if an internal fact would still show."""
    from policykit.compose import compose_document

    shown = public_resolved(resolved)
    shown_facts = public_facts(facts)
    document = compose_document(
        shown, shown_facts, renderer, changes(shown) if changes is not None else None
    )
    source = document.blocks
    blocks: Sequence[Block]
    if isinstance(source, BlockStream):  # a trust's annexes: filtered part by part
        blocks = BlockStream([lambda: tuple(public_blocks(source))])
    else:
        blocks = tuple(public_blocks(source))
    document = attrs.evolve(document, blocks=blocks)
    problems = leak_problems(document, facts, shown, shown_facts, renderer)
    if problems:
        raise PolicykitError(problems)
    return document


def leak_problems(
    document: Document,
    facts: Facts,
    resolved: ResolvedDocument | None = None,
    shown_facts: Facts | None = None,
    renderer: Any = None,
) -> list[Problem]:
    """A problem for each internal fact's value found in ``document``'s public text."""
    values = internal_values(facts)
    if not values:
        return []
    text = "\n".join([document.title, document.subject, *(plain_text(b) for b in document.blocks)])
    problems: list[Problem] = []
    for value, path in values.items():
        if value.casefold() not in text.casefold():
            continue
        clause = _clause_showing(value, resolved, shown_facts, renderer)
        where = clause.location if clause is not None else None
        named = f" in clause '{clause.id}'" if clause is not None else ""
        problems.append(
            Problem(
                f"{document.id}: the public version shows '{value}' ({path}, internal){named}",
                where,
                "put the sentence between '::: internal' and ':::' lines in the clause, or"
                " mark the clause 'internal: true'",
            )
        )
    return problems


def _clause_showing(
    value: str, resolved: ResolvedDocument | None, facts: Facts | None, renderer: Any
) -> Clause | None:
    """The clause whose public text holds ``value`` (to say where a leak comes from)."""
    if resolved is None or facts is None or renderer is None:
        return None
    for clause in resolved.clauses():
        try:
            blocks = renderer.render(clause, facts)
        except PolicykitError:
            continue
        text = "\n".join(plain_text(b) for b in public_blocks(blocks))
        if value.casefold() in text.casefold():
            return clause
    return None


def _without_mobile(person: Person | None) -> Person | None:
    if person is None or person.mobile is None:
        return person
    return attrs.evolve(person, mobile=None)


def _people_without_mobiles(people: People) -> People:
    changes: dict[str, Any] = {}
    for field in attrs.fields(People):
        value = getattr(people, field.name)
        if isinstance(value, tuple):
            changes[field.name] = tuple(_without_mobile(p) for p in value)
        elif isinstance(value, Person):
            changes[field.name] = _without_mobile(value)
    return attrs.evolve(people, **changes)


def _people(people: People) -> Iterator[tuple[str, Person]]:
    for field in attrs.fields(People):
        value = getattr(people, field.name)
        for person in value if isinstance(value, tuple) else (value,):
            if isinstance(person, Person):
                yield field.name, person


def _not_optional(facts: Facts, path: str) -> str | None:
    """Why ``path`` cannot be emptied in public versions, or None if it can."""
    parts = path.split(".")
    if path in STAND_INS or path in ALWAYS_INTERNAL or parts[-1] == "mobile":
        return None
    value: Any = facts
    for index, part in enumerate(parts):
        items = value if isinstance(value, tuple) else (value,)
        owners = [v for v in items if v is not None]
        if not owners:
            return None  # nothing given: nothing to hide
        owner = owners[0]
        if not attrs.has(type(owner)) or part not in {f.name for f in attrs.fields(type(owner))}:
            return "is not a fact"
        if index == len(parts) - 1:
            field = attrs.fields_dict(type(owner))[part]
            if field.default is not None:
                return "cannot be left out (documents need it); only optional facts can"
            return None
        value = getattr(owner, part)
    return None  # pragma: no cover - the loop always returns


def _values_at(value: Any, parts: Sequence[str]) -> Iterator[Any]:
    if not parts:
        yield value
        return
    for item in value if isinstance(value, tuple) else (value,):
        if item is not None and attrs.has(type(item)):
            yield from _values_at(getattr(item, parts[0], None), parts[1:])


def _emptied(value: Any, path: str) -> Any:
    """``value`` with the optional fact at ``path`` set to None (lists: in every item)."""
    parts = path.split(".")
    if path in STAND_INS or path in ALWAYS_INTERNAL or _not_optional(value, path) is not None:
        return value
    return _set_none(value, parts)


def _set_none(value: Any, parts: Sequence[str]) -> Any:
    if isinstance(value, tuple):
        return tuple(_set_none(v, parts) for v in value)
    if value is None or not attrs.has(type(value)):
        return value
    if len(parts) == 1:
        return attrs.evolve(value, **{parts[0]: None})
    child = getattr(value, parts[0])
    return attrs.evolve(value, **{parts[0]: _set_none(child, parts[1:])})
