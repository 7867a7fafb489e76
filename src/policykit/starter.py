"""``policykit init``: a commented starting ``school.yml`` or ``trust.yml``.

The file is generated from the model (:mod:`policykit.model`), the descriptions in
:mod:`policykit.schema` and the setting's profile (which people it requires, which
phases it teaches): every required field is written with an example value marked
``REPLACE:``, every optional one as a commented-out line, each under a comment saying
what it is. :func:`placeholder_problems` makes a build refuse the file, field by field,
while any ``REPLACE:`` value is left.
"""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import attrs

from policykit.errors import Location, PolicykitError, Problem
from policykit.model import ImageUse, LibrarySource, People, Setting
from policykit.schema import EXAMPLES, HELP, HIDDEN, schema_text
from policykit.yamlfile import YamlDoc, YamlPath

__all__ = ["MARK", "placeholder_problems", "starter_text", "write_starter"]

#: The mark on every example value a user must replace.
MARK = "REPLACE:"
MODELINE = "# yaml-language-server: $schema={schema}"

#: Example people (name, role) for the people a profile requires.
PERSON_EXAMPLES: dict[str, tuple[str, str]] = {
    "dsl": ("Sam Patel", "Deputy headteacher and designated safeguarding lead"),
    "headteacher": ("Ruth Adebayo", "Headteacher"),
    "manager": ("Joanne Whitfield", "Manager"),
    "ceo": ("Alison Hartley", "Chief executive officer"),
    "chair": ("David Okafor", "Chair of governors"),
    "link_governor": ("Helen Marsh", "Safeguarding link governor"),
    "filtering_lead": ("Sam Patel", "Deputy headteacher"),
    "filtering_governor": ("Helen Marsh", "Safeguarding link governor"),
    "it_provider": ("County Schools IT", "IT support company"),
    "dpo": ("Amira Khan", "Data protection officer"),
    "online_safety_lead": ("Sam Patel", "Online safety lead"),
    "trust_safeguarding_lead": ("Claire Donnelly", "Director of safeguarding"),
    "trust_it_lead": ("Mark Ellison", "Head of IT"),
    "trust_online_safety_trustee": ("Farah Iqbal", "Trustee for online safety"),
}
#: People who are given contacts in the starting file (families and staff use them).
WITH_CONTACTS = frozenset({"dsl", "headteacher", "manager", "ceo", "trust_safeguarding_lead"})


def _profile(setting: Setting) -> Any:
    from policykit.library import builtin_root, load_layer

    return load_layer(builtin_root(), "builtin").profiles[setting]


def _mark(example: str) -> str:
    return json.dumps(f"{MARK} {example}", ensure_ascii=False)


def _comment(text: str, indent: str) -> str:
    return f"{indent}# {text}"


def _person_block(key: str, indent: str) -> Iterator[str]:
    """A required person, one field to a line, every value marked to replace."""
    name, role = PERSON_EXAMPLES.get(key, ("A Person", "Their role"))
    yield f"{indent}name: {_mark(name)}"
    yield f"{indent}role: {_mark(role)}"
    if key in WITH_CONTACTS:
        yield f"{indent}email: {_mark(key.replace('_', '.') + '@school.example.org')}"
        yield f"{indent}phone: {_mark('01234 567890')}"
        if key == "dsl":
            yield f'{indent}# mobile: "07700 900000"   # optional: staff copies only, never public'


def _scalar(cls: type, name: str, hint: Any, setting: Setting, profile: Any) -> str:
    """The example value for a scalar or list field, as YAML."""
    key = f"{cls.__name__}.{name}"
    if name == "setting":
        return str(setting)
    if name == "phases":
        phases = [p.value for p in profile.phases if p.value != "early-years"] or [
            p.value for p in profile.phases
        ]
        return "[" + ", ".join(phases) + "]"
    if name == "uses" and cls.__name__ == "Images":
        return "[" + ", ".join(u.value for u in ImageUse) + "]"
    if key == "TrustFile.schools":
        return f"[{_mark(EXAMPLES[key])}]"
    origin = typing.get_origin(hint)
    if origin is tuple:
        return "[]"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return str(next(iter(hint)).value)
    if hint is int:
        if name == "review_months":
            return str(profile.approval.review_months)
        return "13"
    if hint is bool:
        return "false"
    example = EXAMPLES.get(key, HELP.get(key, name).rstrip("."))
    return _mark(str(example))


def _fields(cls: type) -> Iterator[tuple[attrs.Attribute[Any], Any]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if field.name not in HIDDEN:
            yield field, hints[field.name]


def _optional_inner(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if args and type(None) in typing.get_args(hint) else hint


def _lines(cls: type, indent: str, setting: Setting, profile: Any) -> Iterator[str]:
    for field, hint in _fields(cls):
        inner = _optional_inner(hint)
        required = field.default is attrs.NOTHING
        help_text = HELP.get(f"{cls.__name__}.{field.name}", "")
        if cls is People:
            yield from _person_line(field.name, indent, profile, help_text)
            continue
        if isinstance(inner, type) and attrs.has(inner) and inner is not LibrarySource:
            if required:
                yield _comment(help_text, indent)
                yield f"{indent}{field.name}:"
                yield from _lines(inner, indent + "  ", setting, profile)
            else:
                yield _comment(f"{field.name}: optional. {help_text}", indent)
            continue
        if inner is LibrarySource:
            yield _comment(f"{field.name}: builtin   # optional. {help_text}", indent)
            continue
        value = _scalar(cls, field.name, inner, setting, profile)
        if required or field.name in ("phases", "uses"):
            yield _comment(help_text, indent)
            yield f"{indent}{field.name}: {value}"
        else:
            has_example = f"{cls.__name__}.{field.name}" in EXAMPLES
            if value.startswith('"'):
                shown = value.replace(f"{MARK} ", "") if has_example else '"..."'
            else:
                shown = value
            yield _comment(f"{field.name}: {shown}   # optional. {help_text}", indent)


def _person_line(key: str, indent: str, profile: Any, help_text: str) -> Iterator[str]:
    wanted = key in profile.required_people or key == profile.leader
    if key == "deputy_dsls":
        yield _comment(help_text, indent)
        yield f"{indent}deputy_dsls: []   # e.g. [{{name: ..., role: ..., email: ...}}]"
    elif wanted:
        yield _comment(help_text, indent)
        yield f"{indent}{key}:"
        yield from _person_block(key, indent + "  ")
    else:
        yield _comment(f"{key}: {{name: ..., role: ...}}   # optional. {help_text}", indent)


def starter_text(setting: str, *, schema_file: str | None = None) -> str:
    """The text of a starting school file (or trust file, for ``trust``)."""
    from policykit.model import SchoolFile, TrustFile

    chosen = Setting(setting)
    profile = _profile(chosen)
    trust = chosen is Setting.TRUST
    name = "trust.yml" if trust else "school.yml"
    head = [
        MODELINE.format(schema=schema_file or name.replace(".yml", ".schema.json")),
        f"# {name} for a {profile.title.lower()} setting, written by 'policykit init'.",
        "#",
        f"# Every value marked {MARK} is an example: write your own value in its place",
        f"# (and delete '{MARK}'). 'policykit check' names every one still left, and a",
        "# build refuses the file until none is. Lines starting with # are comments;",
        "# optional fields are commented out: delete the # (and the comment after the",
        "# value) to use one. docs/formats.md describes every field.",
        "",
    ]
    cls = TrustFile if trust else SchoolFile
    body: list[str] = []
    for line in _lines(cls, "", chosen, profile):
        if body and not line.startswith(" ") and body[-1].startswith(" "):
            body.append("")  # a blank line before each top-level section
        body.append(line)
    return "\n".join(head + body) + "\n"


def write_starter(path: Path, setting: str, *, force: bool = False) -> Path:
    """Write the starting file (and its schema beside it); returns the file written."""
    trust = setting == Setting.TRUST.value
    name = "trust.yml" if trust else "school.yml"
    target = path if path.suffix in (".yml", ".yaml") else path / name
    schema_file = target.with_name(target.stem + ".schema.json")
    if target.exists() and not force:
        raise PolicykitError.single(
            f"{target} already exists",
            Location(str(target)),
            "choose another folder, or add --force to replace it",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for file, text in (
            (target, starter_text(setting, schema_file=schema_file.name)),
            (schema_file, schema_text(trust=trust)),
        ):
            temp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
            temp.write_text(text, encoding="utf-8")
            temp.replace(file)
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot write {target}: {exc.strerror}",
            Location(str(target)),
            "choose a folder you can write to",
        ) from None
    return target


def placeholder_problems(doc: YamlDoc) -> list[Problem]:
    """A problem, at its line, for every example value ``policykit init`` wrote and the
    user has not yet replaced."""
    problems: list[Problem] = []

    def walk(value: Any, path: YamlPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and value.lstrip().startswith(MARK):
            dotted = ".".join(str(p) for p in path)
            example = value.strip()[len(MARK) :].strip()
            problems.append(
                Problem(
                    f"{dotted} still holds the example value '{example}'",
                    doc.location(path),
                    f"write your own value in its place and delete '{MARK}'"
                    " (or delete the line if the field is optional)",
                )
            )

    walk(doc.value, ())
    return problems
