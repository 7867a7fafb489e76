"""The values every stage passes on: school and trust files, clauses, specs, profiles.

Everything here is a frozen attrs class built from YAML by :mod:`policykit.loading`,
or by the pure stages after it. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

import attrs

from policykit.edition import Edition
from policykit.errors import Location

__all__ = [
    "SIGNATURE_FIELDS",
    "Approval",
    "ChangeEntry",
    "Clause",
    "Deviation",
    "DocumentSpec",
    "Filtering",
    "GuidanceRef",
    "HistoryEntry",
    "HouseStyle",
    "ImageUse",
    "Images",
    "LibrarySource",
    "Local",
    "LocalAddition",
    "Omission",
    "People",
    "Person",
    "Phase",
    "Profile",
    "ProfileApproval",
    "ProfileDocument",
    "SchoolFacts",
    "SchoolFile",
    "SectionSpec",
    "Setting",
    "SignatureBlock",
    "Signer",
    "SocialAccount",
    "Technology",
    "TrustFacts",
    "TrustFile",
]


class Setting(StrEnum):
    """The kind of provider a profile is written for."""

    EARLY_YEARS = "early-years"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    TRUST = "trust"


class Phase(StrEnum):
    """A stage of education a school teaches; decides which pupil agreements it needs."""

    EARLY_YEARS = "early-years"
    RECEPTION = "reception"
    KS1 = "ks1"
    KS2 = "ks2"
    KS3 = "ks3"
    KS4 = "ks4"
    SIXTH_FORM = "sixth-form"


class ImageUse(StrEnum):
    """A use of pupils' photographs that parents consent to separately."""

    DISPLAYS = "displays"
    LEARNING_RECORDS = "learning-records"
    NEWSLETTER = "newsletter"
    WEBSITE = "website"
    SOCIAL_MEDIA = "social-media"
    VIDEO = "video"
    PRESS = "press"
    PHOTOGRAPHER = "photographer"
    NAMES = "names"


# --------------------------------------------------------------------------- school file


@attrs.frozen
class Person:
    """Someone named in the pack, or an organisation with a contact."""

    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None  # a staff mobile: internal, never in public outputs


@attrs.frozen
class SchoolFacts:
    """The ``school:`` part of a school file."""

    name: str
    setting: Setting
    phases: tuple[Phase, ...] = ()
    urn: str | None = None
    address: str | None = None
    website: str | None = None
    local_authority: str | None = None
    trust: str | None = None
    slug: str | None = None
    kind: str | None = None


@attrs.frozen
class People:
    """Everyone the documents name; the profile says who must be given."""

    dsl: Person | None = None
    deputy_dsls: tuple[Person, ...] = ()
    headteacher: Person | None = None
    manager: Person | None = None
    ceo: Person | None = None
    online_safety_lead: Person | None = None
    link_governor: Person | None = None
    chair: Person | None = None
    filtering_lead: Person | None = None
    filtering_governor: Person | None = None
    it_provider: Person | None = None
    dpo: Person | None = None
    rshe_lead: Person | None = None
    computing_lead: Person | None = None
    senco: Person | None = None
    lado: Person | None = None
    children_services: Person | None = None
    trust_safeguarding_lead: Person | None = None
    trust_it_lead: Person | None = None
    trust_online_safety_trustee: Person | None = None


@attrs.frozen
class Filtering:
    """Filtering and monitoring: products, who reviews, how often."""

    provider: str
    monitoring: str
    reviewed_by: str
    frequency: str
    alerts: str | None = None
    annual_review: str | None = None


@attrs.frozen
class SocialAccount:
    """One official social media account."""

    platform: str
    handle: str
    managed_by: str | None = None


@attrs.frozen
class Technology:
    """The technology choices the documents describe."""

    filtering: Filtering
    phones: str
    ai_tools: tuple[str, ...] = ()
    social_media: tuple[SocialAccount, ...] = ()
    remote_learning: str | None = None
    email: str | None = None
    devices: str | None = None
    mfa: str | None = None
    backups: str | None = None


@attrs.frozen
class Images:
    """What the image consent form offers and how long consent lasts."""

    uses: tuple[ImageUse, ...]
    consent_lasts: str
    retention: str | None = None
    self_consent_age: int | None = None


@attrs.frozen
class HistoryEntry:
    """One approved version of the pack, for the version history table."""

    version: str
    date: dt.date
    summary: str
    approved_by: str | None = None


@attrs.frozen
class Approval:
    """Who approved the documents, when, and how often they are reviewed."""

    date: dt.date
    body: str | None = None
    review_months: int | None = None
    monitored_by: str | None = None
    incident_reports: str | None = None
    history: tuple[HistoryEntry, ...] = ()


@attrs.frozen
class LibrarySource:
    """Where the clauses come from: the built-in library, a folder, or git at a ref."""

    kind: str = "builtin"
    path: str | None = None
    git: str | None = None
    ref: str | None = None
    location: Location | None = attrs.field(default=None, eq=False)

    def describe(self) -> str:
        """A short human description, e.g. ``git https://... at v2``."""
        if self.kind == "git":
            return f"git {self.git} at {self.ref or 'HEAD'}"
        if self.kind == "folder":
            return f"folder {self.path}"
        return "builtin"


@attrs.frozen
class Omission:
    """A clause the school leaves out, and why."""

    clause: str
    reason: str


@attrs.frozen
class Deviation:
    """A trust clause a school replaces, recorded with who allowed it."""

    clause: str
    reason: str
    approved_by: str
    date: dt.date


@attrs.frozen
class LocalAddition:
    """A school's own clause added to a document, after a given clause."""

    clause: str
    document: str
    after: str | None = None


@attrs.frozen
class Local:
    """A school's local changes to the library's wording."""

    clauses: str | None = None
    omit: tuple[Omission, ...] = ()
    add: tuple[LocalAddition, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    procedures: str | None = None
    internal: tuple[str, ...] = ()  # more facts to leave out of public outputs


@attrs.frozen
class HouseStyle:
    """The Word template that gives the documents their look."""

    template: str


@attrs.frozen
class SchoolFile:
    """A whole ``school.yml``."""

    school: SchoolFacts
    people: People
    technology: Technology
    images: Images
    approval: Approval
    library: LibrarySource | None = None
    local: Local = Local()
    house_style: HouseStyle | None = None


@attrs.frozen
class TrustFacts:
    """The ``trust:`` part of a trust file."""

    name: str
    slug: str | None = None
    company_number: str | None = None
    address: str | None = None
    website: str | None = None


@attrs.frozen
class TrustFile:
    """A whole ``trust.yml``: the trust's facts, its library and its schools."""

    trust: TrustFacts
    people: People
    technology: Technology
    approval: Approval
    schools: tuple[str, ...]
    library: LibrarySource = LibrarySource()
    house_style: HouseStyle | None = None
    allow_local: tuple[str, ...] = ()


# --------------------------------------------------------------------------- library


@attrs.frozen
class GuidanceRef:
    """The guidance a clause answers to, cited by title, edition and topic."""

    source: str
    topic: str
    edition: str | None = None


@attrs.frozen
class ChangeEntry:
    """One entry in a clause's history: the edition and what changed, in plain English."""

    edition: Edition
    date: dt.date
    summary: str


@attrs.frozen
class Clause:
    """The smallest versioned unit of wording: one file, one id, one edition."""

    id: str
    title: str
    edition: Edition
    body: str
    location: Location
    body_line: int
    sha256: str
    settings: tuple[Setting, ...] = ()
    phases: tuple[Phase, ...] = ()
    uses: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    guidance: tuple[GuidanceRef, ...] = ()
    changes: tuple[ChangeEntry, ...] = ()
    locked: bool = False
    internal: bool = False  # the whole clause is left out of public outputs
    layer: str = "builtin"
    topic_locations: tuple[Location, ...] = attrs.field(default=(), eq=False)

    def applies_to(self, setting: Setting, phases: tuple[Phase, ...]) -> bool:
        """Whether this clause belongs in a document for ``setting`` and ``phases``."""
        if self.settings and setting not in self.settings:
            return False
        return not self.phases or any(p in self.phases for p in phases)


#: The fields a signature table can ask for, with their column headings.
SIGNATURE_FIELDS: dict[str, str] = {
    "name": "Printed name",
    "role": "Role",
    "signature": "Signature",
    "date": "Date",
    "mark": "Child's mark",
    "child": "Child's name",
    "class": "Class",
    "relationship": "Relationship to the child",
}


@attrs.frozen
class Signer:
    """One person who signs: a label, optionally a named person, and the fields to fill."""

    label: str
    fields: tuple[str, ...] = ("name", "signature", "date")
    person: str | None = None
    settings: tuple[Setting, ...] = ()


@attrs.frozen
class SignatureBlock:
    """A signature table under a heading."""

    title: str
    signers: tuple[Signer, ...]
    intro: str | None = None


@attrs.frozen
class SectionSpec:
    """One section of a document: clauses under a heading, or a generated component."""

    title: str | None = None
    clauses: tuple[str, ...] = ()
    component: str | None = None
    headings: bool = True
    numbered: bool | None = None
    settings: tuple[Setting, ...] = ()
    intro: str | None = None
    location: Location | None = attrs.field(default=None, eq=False)
    clause_locations: tuple[Location, ...] = attrs.field(default=(), eq=False)


@attrs.frozen
class DocumentSpec:
    """Which clauses, in which sections and order, make one document."""

    id: str
    title: str
    subject: str
    edition: Edition
    kind: str
    sections: tuple[SectionSpec, ...]
    audience: str | None = None
    signatures: tuple[SignatureBlock, ...] = ()
    reading_grade: float | None = None
    keywords: tuple[str, ...] = ()
    location: Location | None = attrs.field(default=None, eq=False)
    sha256: str = ""


@attrs.frozen
class ProfileDocument:
    """A document a profile's pack holds, optionally only for schools teaching some phases."""

    id: str
    phases: tuple[Phase, ...] = ()
    shared: bool = False
    location: Location | None = attrs.field(default=None, eq=False)


@attrs.frozen
class ProfileApproval:
    """A setting's default approving body and review cycle."""

    body: str
    review_months: int


@attrs.frozen
class Profile:
    """A setting's defaults: documents, role titles, approving body, review cycle, topics."""

    setting: Setting
    title: str
    leader: str
    roles: Mapping[str, str]
    approval: ProfileApproval
    documents: tuple[ProfileDocument, ...]
    phases: tuple[Phase, ...] = ()
    required_people: tuple[str, ...] = ()
    required_topics: tuple[str, ...] = ()
    location: Location | None = attrs.field(default=None, eq=False)
    sha256: str = ""
    topic_locations: tuple[Location, ...] = attrs.field(default=(), eq=False)
