"""Compose documents: rendered clauses and generated tables, in the spec's order. Pure.

The generated parts (key people, review block, version history, change summary,
signature blocks, consent choices, logs, school annexes) read the school's facts
only, so a name or date written once in ``school.yml`` is the same everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence

import attrs

from policykit.blocks import (
    Block,
    BlockStream,
    Cell,
    Checkbox,
    Column,
    Field,
    Heading,
    Paragraph,
    ParagraphRole,
    Part,
    Table,
    TableKind,
    Text,
)
from policykit.changes import ChangeSet
from policykit.document import ClauseRecord, Document
from policykit.errors import Location, PolicykitError, Problem, Problems
from policykit.facts import Facts, long_date
from policykit.model import SIGNATURE_FIELDS, Clause, ImageUse, Person, SignatureBlock, Signer
from policykit.render import ClauseRenderer, and_list
from policykit.resolve import ResolvedDocument, ResolvedSection

__all__ = [
    "ClauseRecord",
    "Document",
    "compose_document",
]

#: The people in a key people table, in order: (people key, label when roles has none).
KEY_PEOPLE: tuple[tuple[str, str], ...] = (
    ("dsl", "Designated safeguarding lead"),
    ("deputy_dsls", "Deputy designated safeguarding lead"),
    ("online_safety_lead", "Online safety lead"),
    ("headteacher", "Headteacher"),
    ("manager", "Manager"),
    ("ceo", "Chief executive"),
    ("trust_safeguarding_lead", "Trust safeguarding lead"),
    ("trust_it_lead", "Trust IT lead"),
    ("chair", "Chair of governors"),
    ("link_governor", "Safeguarding link governor"),
    ("trust_online_safety_trustee", "Trustee for online safety"),
    ("filtering_lead", "Senior leader for filtering and monitoring"),
    ("filtering_governor", "Governor for filtering and monitoring"),
    ("rshe_lead", "RSHE lead"),
    ("computing_lead", "Computing lead"),
    ("senco", "Special educational needs coordinator"),
    ("it_provider", "IT provider"),
    ("dpo", "Data protection officer"),
)


IMAGE_USES: dict[ImageUse, str] = {
    ImageUse.DISPLAYS: "Photographs on displays inside {place}",
    ImageUse.LEARNING_RECORDS: "Photographs and video in learning records of work and progress",
    ImageUse.NEWSLETTER: "Photographs in newsletters and the printed prospectus",
    ImageUse.WEBSITE: "Photographs on {place}'s website",
    ImageUse.SOCIAL_MEDIA: "Photographs on {place}'s official social media accounts",
    ImageUse.VIDEO: "Video recordings and live streams of events and performances",
    ImageUse.PRESS: "Photographs and video taken by local newspapers or television",
    ImageUse.PHOTOGRAPHER: "Photographs taken by {place}'s official photographer",
    ImageUse.NAMES: "First name shown next to a photograph (never the full name)",
}

LOG_FORMS: dict[str, tuple[tuple[str, int], ...]] = {
    "incident-log": (
        ("Date and time", 12),
        ("Who was involved", 16),
        ("What happened", 26),
        ("Action taken", 22),
        ("Reported to DSL", 12),
        ("Recorded by", 12),
    ),
    "check-log": (
        ("Date", 12),
        ("Checked by", 16),
        ("What was tested (device, user, site or search)", 28),
        ("Result", 20),
        ("Action and who was told", 24),
    ),
    "training-audit": (
        ("Name", 20),
        ("Role", 16),
        ("Training completed", 28),
        ("Date", 12),
        ("Next due", 12),
        ("Further needs", 12),
    ),
}
LOG_ROWS = 12


def compose_document(
    resolved: ResolvedDocument,
    facts: Facts,
    renderer: ClauseRenderer,
    changes: ChangeSet | None = None,
) -> Document:
    """Render every clause and build every generated part of one document."""
    problems = Problems()
    parts: list[Part] = []
    blocks: list[Block] = []
    records: list[ClauseRecord] = []
    for section in resolved.sections:
        try:
            if section.spec.component == "school-annexes":
                blocks.extend(_section(section, resolved, facts, renderer, changes))
                parts.append(tuple(blocks))
                blocks = []
                parts.extend(annex_parts(section.clauses, facts, renderer))
            else:
                blocks.extend(_section(section, resolved, facts, renderer, changes))
        except PolicykitError as exc:
            problems.extend(exc.problems)
        records.extend(_record(c) for c in section.clauses)
    problems.raise_if_errors()
    parts.append(tuple(blocks))
    spec = resolved.spec
    return Document(
        id=spec.id,
        title=words(spec.title, facts),
        subject=words(spec.subject, facts),
        kind=spec.kind,
        edition=spec.edition,
        school=facts.school.name,
        approved=facts.approval.date,
        next_review=facts.approval.next_review,
        blocks=BlockStream(parts) if len(parts) > 1 else tuple(blocks),
        clauses=tuple(records),
        keywords=spec.keywords,
        audience=spec.audience,
        reading_grade=spec.reading_grade,
    )


def _record(clause: Clause) -> ClauseRecord:
    return ClauseRecord(clause.id, clause.title, clause.edition, clause.sha256, clause.layer)


def _section(
    section: ResolvedSection,
    resolved: ResolvedDocument,
    facts: Facts,
    renderer: ClauseRenderer,
    changes: ChangeSet | None,
) -> Iterator[Block]:
    spec = section.spec
    numbered = spec.numbered if spec.numbered is not None else spec.component is None
    if spec.title:
        yield Heading(words(spec.title, facts), 1, numbered)
    if spec.intro:
        yield Paragraph((Text(words(spec.intro, facts)),), ParagraphRole.LEAD)
    if spec.component is None:
        yield from _clauses(section.clauses, facts, renderer, spec.headings, numbered)
        return
    component = spec.component
    if component == "key-people":
        yield key_people_table(facts)
    elif component == "review":
        yield review_table(facts)
    elif component == "version-history":
        yield history_table(facts)
    elif component == "changes":
        yield from changes_table(changes)
    elif component == "signatures":
        yield from signature_blocks(resolved.spec.signatures, facts)
    elif component == "consent-options":
        yield consent_table(facts)
    elif component in LOG_FORMS:
        yield log_table(component)
    elif component == "contacts":
        yield contacts_table(facts)
    elif component == "school-annexes":
        pass  # the annexes follow as parts of their own: see annex_parts


def words(text: str, facts: Facts) -> str:
    """Spec text with the profile's words filled in: "The {setting_word} will" and the like."""
    if "{" not in text:
        return text
    try:
        filled = text.format_map(dict(facts.roles))
    except (KeyError, ValueError, IndexError) as exc:
        raise PolicykitError(
            [
                Problem(
                    f"'{text}' names a word the {facts.profile.setting} profile does not define"
                    f" ({exc})",
                    facts.profile.location,
                    "use one of the profile's roles keys in braces, e.g. {setting_word}",
                )
            ]
        ) from None
    return filled[:1].upper() + filled[1:]


def _clauses(
    clauses: Sequence[Clause],
    facts: Facts,
    renderer: ClauseRenderer,
    headings: bool,
    numbered: bool,
) -> Iterator[Block]:
    problems = Problems()
    for clause in clauses:
        try:
            body = renderer.render(clause, facts)
        except PolicykitError as exc:
            problems.extend(exc.problems)
            continue
        if headings:
            yield Heading(words(clause.title, facts), 2, numbered)
        yield from body
    problems.raise_if_errors()


# --------------------------------------------------------------------------- tables


def _person_cell(person: Person) -> Cell:
    return Cell.of(person.name, person.role)


def _contact_cell(person: Person) -> Cell:
    inlines: list[tuple[Text, ...]] = []
    if person.email:
        inlines.append((Text(person.email, link=f"mailto:{person.email}"),))
    if person.phone:
        inlines.append((Text(person.phone),))
    if person.mobile:  # internal: public versions have no mobiles (policykit.public)
        inlines.append((Text(f"{person.mobile} (mobile)"),))
    return Cell(tuple(inlines) or ((),))


def key_people_table(facts: Facts) -> Table:
    """Who is who: the DSL and deputies with contacts, leads, governors, providers."""
    rows: list[tuple[Cell, ...]] = []
    for key, default in KEY_PEOPLE:
        value = getattr(facts.people, key)
        people: tuple[Person, ...] = (
            value if isinstance(value, tuple) else (value,) if value else ()
        )
        label = facts.roles.get(key, default)
        for person in people:
            rows.append((Cell.of(label), _person_cell(person), _contact_cell(person)))
    return Table(
        (Column("Role", 31), Column("Name", 30), Column("Contact", 39)),
        tuple(rows),
        caption="Key people",
    )


def review_table(facts: Facts) -> Table:
    """Approval and review: who approved, when, who monitors, and the next review date."""
    approval = facts.approval
    months = approval.review_months
    cycle = "Every 12 months" if months == 12 else f"Every {months} months"
    rows: list[tuple[str, str]] = [
        ("Approved by", approval.body),
        ("Date approved", long_date(approval.date)),
    ]
    if approval.monitored_by:
        rows.append(("Monitored by", approval.monitored_by))
    if approval.incident_reports:
        rows.append(
            (
                f"{facts.roles.get('board_short', 'Governors')} hear about incidents",
                approval.incident_reports,
            )
        )
    rows.append(
        ("Review cycle", f"{cycle}, and sooner after a serious incident or a change in guidance")
    )
    rows.append(("Next review", long_date(approval.next_review)))
    return Table(
        (Column("Item", 35), Column("Detail", 65)),
        tuple((Cell.of(a), Cell.of(b)) for a, b in rows),
        caption="Approval and review",
    )


def history_table(facts: Facts) -> Table:
    """The approved versions of the pack, newest first, with what changed in each."""
    rows = [
        (
            Cell.of(entry.version),
            Cell.of(long_date(entry.date)),
            Cell.of(entry.approved_by or facts.approval.body),
            Cell.of(entry.summary),
        )
        for entry in sorted(facts.approval.history, key=lambda e: e.date, reverse=True)
    ]
    return Table(
        (
            Column("Version", 12),
            Column("Date", 18),
            Column("Approved by", 22),
            Column("Summary", 48),
        ),
        tuple(rows)
        or (
            (
                Cell.of("1"),
                Cell.of(long_date(facts.approval.date)),
                Cell.of(facts.approval.body),
                Cell.of("First version."),
            ),
        ),
        caption="Version history",
    )


def changes_table(changes: ChangeSet | None) -> Iterator[Block]:
    """The summary of changes since the last approved version, for governors and staff."""
    if changes is None:
        yield Paragraph((Text("This is the first approved version of this document."),))
        return
    yield Paragraph((Text(f"Changes {changes.basis}."),))
    if not changes.rows:
        yield Paragraph((Text("No wording has changed since the last approved version."),))
        return
    if all(row.old is None for row in changes.rows):
        count = len(changes.rows)
        yield Paragraph(
            (
                Text(f"All {count} clauses are new in this version:", bold=True),
                Text(" read the whole document."),
            )
        )
        return
    rows = tuple(
        (
            Cell.of(row.title),
            Cell.of(f"{row.old or 'new'} → {row.new or 'removed'}"),
            Cell.of(row.action),
            Cell.of(row.summary),
        )
        for row in changes.rows
    )
    yield Table(
        (
            Column("Clause", 28),
            Column("Edition", 14),
            Column("What to do", 20),
            Column("What changed", 38),
        ),
        rows,
        caption="Summary of changes since the last approved version",
    )


def signature_blocks(blocks: Sequence[SignatureBlock], facts: Facts) -> Iterator[Block]:
    """Signature tables: signers with the same fields share a table, a row each."""
    for block in blocks:
        signers = [s for s in block.signers if not s.settings or facts.setting in s.settings]
        if not signers:
            continue
        title = words(block.title, facts)
        yield Heading(title, 2, False)
        if block.intro:
            yield Paragraph((Text(words(block.intro, facts)),))
        _check_fields(signers)
        groups: list[list[Signer]] = []
        for signer in signers:
            if groups and groups[-1][0].fields == signer.fields:
                groups[-1].append(signer)
            else:
                groups.append([signer])
        for group in groups:
            yield _signature_table(group, facts, title)


def _signature_table(signers: Sequence[Signer], facts: Facts, title: str) -> Table:
    fields = signers[0].fields
    share = 78 // len(fields)
    columns = [Column("Signed by", 100 - share * len(fields))]
    columns += [Column(SIGNATURE_FIELDS[f], share) for f in fields]
    rows = []
    for signer in signers:
        person = _person(facts, signer.person)
        label = facts.roles.get(signer.label, signer.label)
        cells = [Cell.of(words(label[:1].upper() + label[1:], facts))]
        for field in fields:
            if field == "name" and isinstance(person, Person):
                cells.append(Cell.of(person.name))
            elif field in TYPED_FIELDS:  # a box to type into; read back by policykit.consent
                tag = f"field-{_tag_word(label)}-{field}"
                cells.append(Cell(((Field(SIGNATURE_FIELDS[field], tag),),)))
            else:
                cells.append(Cell(((),)))
        rows.append(tuple(cells))
    return Table(tuple(columns), tuple(rows), TableKind.FORM, caption=title)


#: Signature fields filled in by typing (a signature and a child's mark are handwritten).
TYPED_FIELDS = frozenset({"name", "role", "date", "child", "class", "relationship"})


def _tag_word(label: str) -> str:
    """``Parent or carer`` → ``parent-or-carer``: a field tag's middle part."""
    return "-".join("".join(c if c.isalnum() else " " for c in label.lower()).split())


def _person(facts: Facts, key: str | None) -> Person | None:
    """The person a signer names: a people key, or ``leader`` for the profile's leader."""
    if key is None:
        return None
    if key == "leader":
        return facts.leader
    value = getattr(facts.people, key, None)
    if value is not None and not isinstance(value, Person):
        raise PolicykitError(
            [
                Problem(
                    f"signer person '{key}' is a list, not one person",
                    None,
                    "name one person, e.g. person: dsl or person: leader",
                )
            ]
        )
    if value is None and key not in {a.name for a in attrs.fields(type(facts.people))}:
        raise PolicykitError(
            [
                Problem(
                    f"signer person '{key}' is not a people key",
                    None,
                    "use e.g. leader, chair, dsl",
                )
            ]
        )
    return value


def _check_fields(signers: Sequence[Signer]) -> None:
    for signer in signers:
        for field in signer.fields:
            if field not in SIGNATURE_FIELDS:
                raise PolicykitError(
                    [
                        Problem(
                            f"signature field '{field}' is not known",
                            None,
                            "fields: " + ", ".join(SIGNATURE_FIELDS),
                        )
                    ]
                )


def consent_table(facts: Facts) -> Table:
    """One yes/no choice, with tick boxes, for each use of images the school offers."""
    if facts.images is None:
        raise PolicykitError(
            [
                Problem(
                    "an image consent form needs 'images:' in the school file",
                    Location(facts.origin) if facts.origin else None,
                    "add images: {uses: [...], consent_lasts: ...} to the school file",
                )
            ]
        )
    place = f"the {facts.roles.get('setting_word', 'school')}"
    rows = []
    for use in facts.images.uses:
        text = IMAGE_USES[use].format(place=place)
        detail: tuple[Text, ...] = (Text(text),)
        if use is ImageUse.SOCIAL_MEDIA and facts.technology.social_media:
            accounts = and_list(
                f"{a.handle} on {a.platform}" for a in facts.technology.social_media
            )
            detail = (Text(f"{text}: {accounts}"),)
        elif use is ImageUse.WEBSITE and facts.school.website:
            detail = (
                Text(f"{text} ("),
                Text(facts.school.website, link=facts.school.website),
                Text(")"),
            )
        rows.append(
            (
                Cell((detail,)),
                Cell(((Checkbox("Yes", tag=f"consent-{use.value}-yes"),),)),
                Cell(((Checkbox("No", tag=f"consent-{use.value}-no"),),)),
            )
        )
    return Table(
        (Column("Use of photographs and video", 70), Column("Yes", 15), Column("No", 15)),
        tuple(rows),
        TableKind.FORM,
        caption="Your choices",
    )


def log_table(kind: str) -> Table:
    """A log form: a header row and blank rows to fill in by hand."""
    columns = tuple(Column(header, width) for header, width in LOG_FORMS[kind])
    blank = tuple(Cell(((),)) for _ in columns)
    return Table(columns, tuple(blank for _ in range(LOG_ROWS)), TableKind.FORM)


REPORTING_ROUTES: tuple[tuple[str, str, str], ...] = (
    (
        "CEOP (National Crime Agency)",
        "Report online sexual abuse or grooming of a child",
        "https://www.ceop.police.uk/Safety-Centre/",
    ),
    (
        "Internet Watch Foundation",
        "Report images or videos of child sexual abuse",
        "https://report.iwf.org.uk/",
    ),
    (
        "Childline",
        "Free, confidential help for children and young people: 0800 1111",
        "https://www.childline.org.uk/",
    ),
    (
        "Report Remove",
        "Help for under-18s to remove nude images of themselves online",
        "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/",
    ),
    (
        "NSPCC helpline",
        "Advice for adults worried about a child: 0808 800 5000",
        "https://www.nspcc.org.uk/keeping-children-safe/reporting-abuse/",
    ),
    (
        "Professionals Online Safety Helpline",
        "Advice for staff on online-safety concerns",
        "https://saferinternet.org.uk/professionals-online-safety-helpline",
    ),
    ("Police", "999 in an emergency; 101 otherwise", "https://www.police.uk/"),
)


def contacts_table(facts: Facts) -> Table:
    """Where to report: the DSL first, then national services, as real links."""
    rows: list[tuple[Cell, ...]] = []
    if facts.people.dsl is not None:
        rows.append(
            (
                Cell.of(facts.roles.get("dsl", "Designated safeguarding lead")),
                Cell.of(f"{facts.people.dsl.name}: the first person to tell"),
                _contact_cell(facts.people.dsl),
            )
        )
    for name, what, url in REPORTING_ROUTES:
        rows.append((Cell.of(name), Cell.of(what), Cell(((Text(f"Visit {name}", link=url),),))))
    return Table(
        (Column("Who", 28), Column("When to use it", 42), Column("How", 30)),
        tuple(rows),
        caption="Where to report",
    )


def annex_parts(
    clauses: Sequence[Clause], facts: Facts, renderer: ClauseRenderer
) -> list[Callable[[], tuple[Block, ...]]]:
    """A trust policy's annex for each school, as parts made again when written.

    Each annex is made once now, so that its problems surface before anything is
    written, and then let go.
    """
    problems = Problems()
    parts: list[Callable[[], tuple[Block, ...]]] = []
    for index, school in enumerate(facts.schools):
        part = functools.partial(school_annex, index, school, clauses, renderer)
        try:
            part()
        except PolicykitError as exc:
            problems.extend(exc.problems)
        parts.append(part)
    problems.raise_if_errors()
    return parts


def school_annex(
    index: int, school: Facts, clauses: Sequence[Clause], renderer: ClauseRenderer
) -> tuple[Block, ...]:
    """One school's annex: its key people, its review, and its local procedures."""
    return (
        Heading(f"Annex {_annex_letter(index)}: {school.school.name}", 1, False),
        Heading("Key people", 2, False),
        key_people_table(school),
        Heading("Policy owner and review", 2, False),
        review_table(school),
        *_clauses(clauses, school, renderer, True, False),
    )


def _annex_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters
