"""JSON Schema for ``school.yml`` and ``trust.yml``, generated from the attrs model.

The model (:mod:`policykit.model`) is the source of truth: this module walks the attrs
fields of :class:`~policykit.model.SchoolFile` and :class:`~policykit.model.TrustFile`
with their type hints, and turns each into JSON Schema (draft 7). Only the words
are kept here: :data:`HELP` describes every field (a test checks none is missing), and
:data:`EXAMPLES` gives the example values ``policykit init`` writes.

Editors with a YAML language server read the schema from the file's first line,
``# yaml-language-server: $schema=school.schema.json``, to complete and check keys.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

import attrs

from policykit.errors import Location
from policykit.model import LibrarySource, SchoolFile, TrustFile

__all__ = ["EXAMPLES", "HELP", "HIDDEN", "model_schema", "schema_for", "schema_text"]

# Draft 7: the dialect YAML language servers in editors support best.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
#: Fields the loader fills in itself; never written in a file.
HIDDEN = frozenset({"location", "sha256", "clause_locations", "topic_locations"})

#: What each field means, by "Class.field". Shown by editors and written by init.
HELP: dict[str, str] = {
    "SchoolFile.school": "The school itself: name, setting, phases and identifiers.",
    "SchoolFile.people": "Everyone the documents name. The setting's profile says who is required.",
    "SchoolFile.technology": "The technology the documents describe: filtering, monitoring, phones.",
    "SchoolFile.images": "What the photograph consent form offers, and how long consent lasts.",
    "SchoolFile.approval": "Who approved the documents and when; the next review is worked out.",
    "SchoolFile.library": "Where the clauses come from: builtin, {path: FOLDER} or {git: URL, ref: TAG}.",
    "SchoolFile.local": "This school's own changes: its clauses, omissions, additions, internal facts.",
    "SchoolFile.house_style": "A Word template (.docx) giving the documents the school's look.",
    "SchoolFacts.name": "The school's full name, as on its letters.",
    "SchoolFacts.setting": "The kind of provider: early-years, primary or secondary.",
    "SchoolFacts.phases": "The stages taught; they decide which pupil agreements the pack holds.",
    "SchoolFacts.urn": "The unique reference number from Get Information about Schools, in quotes.",
    "SchoolFacts.address": "The postal address, on one line.",
    "SchoolFacts.website": "The school's website address, starting https://.",
    "SchoolFacts.local_authority": "The local authority the school is in.",
    "SchoolFacts.trust": "The trust the school belongs to, if any.",
    "SchoolFacts.slug": "The output folder's name; made from the school's name when left out.",
    "SchoolFacts.kind": "Free text describing the school, e.g. 'voluntary aided primary school'.",
    "TrustFile.trust": "The trust itself: name and identifiers.",
    "TrustFile.people": "The trust's people: CEO, chair of trustees, safeguarding and IT leads.",
    "TrustFile.technology": "The trust-wide filtering, monitoring and phone approach.",
    "TrustFile.approval": "When the trust board approved the trust-wide documents.",
    "TrustFile.schools": "The trust's schools: folders (relative to trust.yml) holding school.yml.",
    "TrustFile.library": "Where the clauses come from: builtin, {path: FOLDER} or {git: URL, ref: TAG}.",
    "TrustFile.house_style": "A Word template (.docx) giving every school's documents the trust's look.",
    "TrustFile.allow_local": "Clauses schools may replace without recording a deviation.",
    "TrustFacts.name": "The trust's full name.",
    "TrustFacts.slug": "The output folder's name; made from the trust's name when left out.",
    "TrustFacts.company_number": "The trust's company number, in quotes.",
    "TrustFacts.address": "The trust's postal address, on one line.",
    "TrustFacts.website": "The trust's website address, starting https://.",
    "People.dsl": "The designated safeguarding lead, with the contacts families use.",
    "People.deputy_dsls": "The deputy designated safeguarding leads.",
    "People.headteacher": "The headteacher (schools).",
    "People.manager": "The manager (early-years settings).",
    "People.ceo": "The chief executive officer (trusts).",
    "People.online_safety_lead": "The online safety lead (often the DSL).",
    "People.link_governor": "The governor (or committee member) linked to safeguarding.",
    "People.chair": "The chair of governors, of the committee, or of trustees.",
    "People.filtering_lead": "The senior leader responsible for filtering and monitoring.",
    "People.filtering_governor": "The governor who checks filtering and monitoring.",
    "People.it_provider": "Who runs the IT: a company or the trust's IT team.",
    "People.dpo": "The data protection officer.",
    "People.rshe_lead": "The lead for relationships, sex and health education.",
    "People.computing_lead": "The computing subject lead.",
    "People.senco": "The special educational needs coordinator.",
    "People.lado": "The local authority designated officer (or team), for allegations about adults.",
    "People.children_services": "The local children's social care front door.",
    "People.trust_safeguarding_lead": "The trust's safeguarding lead.",
    "People.trust_it_lead": "The trust's IT lead.",
    "People.trust_online_safety_trustee": "The trustee responsible for online safety.",
    "Person.name": "The person's (or organisation's) name.",
    "Person.role": "Their job title.",
    "Person.email": "A work email address families and staff may use.",
    "Person.phone": "A work phone number, in quotes.",
    "Person.mobile": "A staff mobile number: internal, in staff copies only, never published.",
    "Technology.filtering": "The filtering and monitoring products and who reviews them (internal).",
    "Technology.phones": "What happens to pupils' phones during the day, as a phrase.",
    "Technology.ai_tools": "The generative AI tools staff (and pupils) may use.",
    "Technology.social_media": "The school's official social media accounts.",
    "Technology.remote_learning": "The platform used for remote learning.",
    "Technology.email": "The email system staff (and pupils) use.",
    "Technology.devices": "The devices pupils and staff use.",
    "Technology.mfa": "Where multi-factor authentication is used.",
    "Technology.backups": "How data is backed up.",
    "Filtering.provider": "The filtering product (internal: never on the website).",
    "Filtering.monitoring": "The monitoring product or approach (internal).",
    "Filtering.reviewed_by": "Who reviews what monitoring finds (internal).",
    "Filtering.frequency": "How often monitoring is reviewed (internal).",
    "Filtering.alerts": "How urgent alerts reach staff, including out of hours (internal).",
    "Filtering.annual_review": "When and by whom filtering and monitoring are reviewed each year.",
    "SocialAccount.platform": "The platform, e.g. Facebook.",
    "SocialAccount.handle": "The account's name or handle, in quotes if it starts with @.",
    "SocialAccount.managed_by": "Who posts for the school.",
    "Images.uses": "The uses of photographs the consent form asks about, one tick box each.",
    "Images.consent_lasts": "How long consent lasts, as a phrase.",
    "Images.retention": "What happens to images after a pupil leaves.",
    "Images.self_consent_age": "Secondary: the age from which students give consent themselves.",
    "Approval.date": "The date the board approved the documents, YYYY-MM-DD.",
    "Approval.body": "Who approved them; the setting's default when left out.",
    "Approval.review_months": "Months between reviews; the setting's default (12) when left out.",
    "Approval.monitored_by": "Who monitors how the policy works in practice.",
    "Approval.incident_reports": "How and when the board hears about incidents.",
    "Approval.history": "Earlier approved versions, for the version history table.",
    "HistoryEntry.version": "The version number, in quotes.",
    "HistoryEntry.date": "The date it was approved, YYYY-MM-DD.",
    "HistoryEntry.summary": "What changed in that version, in a sentence.",
    "HistoryEntry.approved_by": "Who approved it, when not the usual body.",
    "Local.clauses": "A folder (relative to this file) holding clauses/ of the school's own.",
    "Local.omit": "Clauses the school leaves out, each with the reason.",
    "Local.add": "The school's own clauses, added to a document after a given clause.",
    "Local.deviations": "Trust clauses the school replaces, with who allowed it and when.",
    "Local.procedures": "Local procedures for a trust policy's annex (internal).",
    "Local.internal": "More facts to leave out of public versions, e.g. people.dsl.phone.",
    "Omission.clause": "The clause id, e.g. mobile/mobile-data.",
    "Omission.reason": "Why the school leaves it out.",
    "LocalAddition.clause": "The id of the school's own clause.",
    "LocalAddition.document": "The document it goes in, e.g. online-safety-policy.",
    "LocalAddition.after": "The clause it follows; at the end when left out.",
    "Deviation.clause": "The trust clause the school replaces.",
    "Deviation.reason": "Why.",
    "Deviation.approved_by": "Who allowed it.",
    "Deviation.date": "When, YYYY-MM-DD.",
    "HouseStyle.template": "A .docx template, relative to this file.",
}

#: The example values ``policykit init`` writes (text is marked REPLACE there).
EXAMPLES: dict[str, Any] = {
    "SchoolFacts.name": "Oakfield Primary School",
    "SchoolFacts.urn": "123456",
    "SchoolFacts.address": "14 Oak Lane, Oakfield, OF1 2AB",
    "SchoolFacts.website": "https://www.oakfield.example.sch.uk",
    "SchoolFacts.local_authority": "Oakshire County Council",
    "SchoolFacts.kind": "community primary school",
    "TrustFacts.name": "Northgate Learning Trust",
    "TrustFacts.company_number": "10482736",
    "TrustFacts.address": "Northgate House, 3 Market Street, Northgate NQ1 4TR",
    "TrustFacts.website": "https://www.northgatelearning.example.org",
    "Technology.phones": "handed in at the office on arrival and returned at home time",
    "Filtering.provider": "the name of your filtering product",
    "Filtering.monitoring": "the name of your monitoring product or approach",
    "Filtering.reviewed_by": "the DSL and the deputy DSLs",
    "Filtering.frequency": "every school day",
    "Filtering.alerts": "urgent alerts reach the DSL by phone, including out of hours",
    "Images.consent_lasts": "while your child attends the school; we ask again each September",
    "Approval.date": "2025-09-15",
    "TrustFile.schools": "schools/first-school",
}


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap_optional(hint: Any) -> Any:
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    return hint


def _library_schema() -> dict[str, Any]:
    return {
        "description": HELP["SchoolFile.library"],
        "anyOf": [
            {"const": "builtin"},
            {
                "type": "object",
                "properties": {"path": {"type": "string", "description": "A library folder."}},
                "required": ["path"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {
                    "git": {"type": "string", "description": "A git URL or local path."},
                    "ref": {"type": "string", "description": "A tag, branch or commit."},
                },
                "required": ["git"],
                "additionalProperties": False,
            },
        ],
    }


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, hint: Any) -> dict[str, Any]:
        hint = _unwrap_optional(hint)
        origin = typing.get_origin(hint)
        if hint is str:
            return {"type": "string"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if hint is float:
            return {"type": "number"}
        if hint is dt.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(hint, type) and issubclass(hint, Enum):
            return {"enum": [m.value for m in hint]}
        if hint is LibrarySource:
            return _library_schema()
        if origin is tuple:
            (item, *_rest) = typing.get_args(hint)
            return {"type": "array", "items": self.type_schema(item)}
        if origin in (Mapping, dict) or origin is typing.get_origin(Mapping[str, str]):
            _, value = typing.get_args(hint)
            return {"type": "object", "additionalProperties": self.type_schema(value)}
        if isinstance(hint, type) and attrs.has(hint):
            self.define(hint)
            return {"$ref": f"#/definitions/{hint.__name__}"}
        raise TypeError(f"no JSON Schema for {hint!r}")  # pragma: no cover - model types only

    def define(self, cls: type) -> None:
        if cls.__name__ in self.defs:
            return
        self.defs[cls.__name__] = {}  # placeholder: classes may refer to each other
        self.defs[cls.__name__] = self.object_schema(cls)

    def object_schema(self, cls: type) -> dict[str, Any]:
        hints = _hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if field.name in HIDDEN or hints[field.name] is Location:
                continue
            schema = dict(self.type_schema(hints[field.name]))
            help_text = HELP.get(f"{cls.__name__}.{field.name}")
            if help_text and "$ref" not in schema:
                schema["description"] = help_text
            elif help_text:
                schema = {"description": help_text, "allOf": [schema]}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            properties[field.name] = schema
        out: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            out["required"] = required
        if cls.__doc__:
            out["description"] = cls.__doc__.strip().splitlines()[0]
        return out


def model_schema(cls: type, title: str) -> dict[str, Any]:
    """The JSON Schema of the attrs class ``cls`` (and every class it holds)."""
    builder = _Builder()
    root = builder.object_schema(cls)
    return {"$schema": SCHEMA_DIALECT, "title": title, **root, "definitions": builder.defs}


def schema_for(*, trust: bool = False) -> dict[str, Any]:
    """The schema of ``trust.yml`` (``trust=True``) or ``school.yml``."""
    if trust:
        return model_schema(TrustFile, "policykit trust file (trust.yml)")
    return model_schema(SchoolFile, "policykit school file (school.yml)")


def schema_text(*, trust: bool = False) -> str:
    """The schema as JSON text, ending in a newline."""
    return json.dumps(schema_for(trust=trust), indent=2, ensure_ascii=False) + "\n"
