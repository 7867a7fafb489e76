"""The facts a clause may read: one school's (or trust's) values, with defaults applied.

Built once per school from its file and its setting's profile; pure and immutable.
Every document reads names, dates and contacts from here, so a fact written once in
``school.yml`` is identical wherever it appears in the pack.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import attrs

from policykit.errors import Location, Problems, did_you_mean
from policykit.model import (
    HistoryEntry,
    Images,
    Local,
    People,
    Person,
    Phase,
    Profile,
    SchoolFacts,
    SchoolFile,
    Setting,
    Technology,
    TrustFacts,
    TrustFile,
)
from policykit.yamlfile import YamlDoc

__all__ = [
    "FACT_ROOTS",
    "Facts",
    "ResolvedApproval",
    "TrustView",
    "add_months",
    "check_slug",
    "long_date",
    "lookup",
    "school_facts",
    "slugify",
    "trust_facts",
    "trust_view",
]

#: The top-level names a clause can read.
FACT_ROOTS = (
    "school",
    "people",
    "leader",
    "technology",
    "images",
    "approval",
    "local",
    "roles",
    "trust",
    "schools",
)

_WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """A date as British readers write it: ``15 September 2025``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved on by ``months`` calendar months, clamped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def slugify(name: str) -> str:
    """A folder name from a school name: lower-case ASCII letters, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].strip("-")


def check_slug(slug: str) -> str | None:
    """Why ``slug`` cannot be a folder name inside the output folder, or None if it can."""
    if not slug:
        return "it is empty"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        return "only lower-case letters, digits and single hyphens are allowed"
    if slug in _WINDOWS_RESERVED:
        return f"'{slug}' is a reserved device name on Windows"
    if len(slug) > 80:
        return "it is longer than 80 characters"
    return None


@attrs.frozen
class ResolvedApproval:
    """The approval record with the profile's defaults filled in and the next review computed."""

    body: str
    date: dt.date
    review_months: int
    next_review: dt.date
    monitored_by: str | None = None
    incident_reports: str | None = None
    history: tuple[HistoryEntry, ...] = ()


@attrs.frozen
class TrustView:
    """What a member school's documents may say about its trust."""

    name: str
    slug: str
    people: People
    website: str | None = None


@attrs.frozen
class Facts:
    """Everything a clause body can read, by the names in :data:`FACT_ROOTS`."""

    school: SchoolFacts
    slug: str
    people: People
    leader: Person | None
    technology: Technology
    images: Images | None
    approval: ResolvedApproval
    local: Local
    roles: Mapping[str, str]
    profile: Profile
    trust: TrustView | None = None
    schools: tuple[Facts, ...] = ()
    origin: str = ""
    doc: YamlDoc | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def setting(self) -> Setting:
        """The setting whose profile these facts follow."""
        return self.profile.setting

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases taught."""
        return self.school.phases

    def context(self) -> dict[str, Any]:
        """The Jinja context: one entry per fact root."""
        return {root: getattr(self, root) for root in FACT_ROOTS}


_MISSING = object()


def lookup(facts: Facts, path: str) -> Any:
    """The value at a dotted fact path such as ``people.dsl.name``; raises KeyError."""
    value: Any = facts.context()
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        elif attrs.has(type(value)):
            value = getattr(value, part, _MISSING)
        else:
            value = _MISSING
        if value is _MISSING:
            raise KeyError(path)
    return value


def school_facts(
    file: SchoolFile,
    doc: YamlDoc,
    profile: Profile,
    trust: TrustView | None = None,
) -> Facts:
    """The facts of one school, checked against its profile's required people."""
    problems = Problems()
    _check_people(file.people, profile, doc, problems)
    _check_phases(file.school.phases, profile, doc, problems)
    slug = _slug(file.school.slug, file.school.name, doc, ("school",), problems)
    approval = _approval(file.approval, profile)
    problems.raise_if_errors()
    return Facts(
        school=file.school,
        slug=slug,
        people=file.people,
        leader=getattr(file.people, profile.leader),
        technology=file.technology,
        images=file.images,
        approval=approval,
        local=file.local,
        roles=profile.roles,
        profile=profile,
        trust=trust,
        origin=doc.path,
        doc=doc,
    )


def trust_view(file: TrustFile, doc: YamlDoc) -> TrustView:
    """What member schools see of their trust."""
    problems = Problems()
    slug = _slug(file.trust.slug, file.trust.name, doc, ("trust",), problems)
    problems.raise_if_errors()
    return TrustView(file.trust.name, slug, file.people, file.trust.website)


def trust_facts(
    file: TrustFile, doc: YamlDoc, profile: Profile, schools: tuple[Facts, ...]
) -> Facts:
    """The facts of a trust's own pack, with each member school's facts for the annexes."""
    problems = Problems()
    _check_people(file.people, profile, doc, problems)
    slug = _slug(file.trust.slug, file.trust.name, doc, ("trust",), problems)
    problems.raise_if_errors()
    facts = _trust_as_school(file.trust, schools)
    return Facts(
        school=facts,
        slug=slug,
        people=file.people,
        leader=getattr(file.people, profile.leader),
        technology=file.technology,
        images=None,
        approval=_approval(file.approval, profile),
        local=Local(),
        roles=profile.roles,
        profile=profile,
        trust=TrustView(file.trust.name, slug, file.people, file.trust.website),
        schools=schools,
        origin=doc.path,
        doc=doc,
    )


def _trust_as_school(trust: TrustFacts, schools: tuple[Facts, ...]) -> SchoolFacts:
    phases = sorted({p for s in schools for p in s.phases}, key=list(Phase).index)
    return SchoolFacts(
        name=trust.name,
        setting=Setting.TRUST,
        phases=tuple(phases),
        address=trust.address,
        website=trust.website,
        slug=trust.slug,
        kind="multi-academy trust",
    )


def _approval(approval: Any, profile: Profile) -> ResolvedApproval:
    months = approval.review_months or profile.approval.review_months
    return ResolvedApproval(
        body=approval.body or profile.approval.body,
        date=approval.date,
        review_months=months,
        next_review=add_months(approval.date, months),
        monitored_by=approval.monitored_by,
        incident_reports=approval.incident_reports,
        history=approval.history,
    )


def _check_people(people: People, profile: Profile, doc: YamlDoc, problems: Problems) -> None:
    for role in (profile.leader, *profile.required_people):
        if getattr(people, role) is None:
            problems.add(
                f"people.{role} is required for the {profile.setting} setting",
                doc.location(("people",)),
                f"add '{role}: {{name: ...}}' under people",
            )


def _check_phases(
    phases: tuple[Phase, ...], profile: Profile, doc: YamlDoc, problems: Problems
) -> None:
    if not phases:
        problems.add(
            "school.phases is empty; the pupil agreements follow the phases taught",
            doc.location(("school",)),
            "add e.g. phases: [reception, ks1, ks2]",
        )
    allowed = profile.phases
    for i, phase in enumerate(phases):
        if allowed and phase not in allowed:
            close = did_you_mean(phase, [p for p in allowed if p not in phases])
            listing = f"phases of the {profile.setting} setting: {', '.join(allowed)}"
            problems.add(
                f"phase '{phase}' is not taught in the {profile.setting} setting",
                doc.location(("school", "phases", i)),
                f"{close} {listing}" if close else listing,
            )


def _slug(
    given: str | None, name: str, doc: YamlDoc, at: tuple[str, ...], problems: Problems
) -> str:
    slug = given if given is not None else slugify(name)
    reason = check_slug(slug)
    if given is None and not slug:
        problems.add(
            f"no output folder name can be made from the {at[0]} name '{name}'",
            doc.location((*at, "name")),
            f"set {at[0]}.slug to a folder name such as my-{at[0]} (lower-case letters,"
            " digits, hyphens)",
        )
    elif reason is not None:
        where: Location = doc.location((*at, "slug") if given is not None else (*at, "name"))
        problems.add(
            f"'{slug}' cannot name the output folder: {reason}",
            where,
            "set a slug such as 'oakfield-primary' (lower-case letters, digits, hyphens)",
        )
    return slug
