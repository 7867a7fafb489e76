"""The one strict cattrs converter: untrusted YAML values into typed model objects.

cattrs on its own is forgiving in ways that hide mistakes in hand-written files: it
turns ``phases: primary`` into a tuple of letters and ``urn: 123456`` into text. Our
hooks refuse both, and every failure becomes a :class:`~policykit.errors.Problem`
pointing at the line and column of the offending value, with our own wording.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_mapping, mapping_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from policykit.edition import Edition, EditionError
from policykit.errors import PolicykitError, Problem, did_you_mean
from policykit.model import ImageUse, LibrarySource, Phase, Setting
from policykit.xmltext import forbidden_character
from policykit.yamlfile import YamlDoc, YamlPath, is_yaml_bool_word

__all__ = ["ValueProblem", "structure"]

T = TypeVar("T")


class ValueProblem(Exception):
    """A value of the wrong kind; carries our message and a hint for the user."""

    def __init__(self, message: str, hint: str | None = None, *, bool_word: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.bool_word = bool_word


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"


def _strict_str(value: object, _: type) -> str:
    if isinstance(value, str):
        bad = forbidden_character(value)
        if bad is not None:
            raise ValueProblem(
                f"contains a character Word files cannot hold ({bad})",
                "remove it; such characters often come from text pasted from another program",
            )
        return value
    if isinstance(value, bool):
        raise ValueProblem(
            "expected text, but YAML read a yes/no word as true/false", bool_word=True
        )
    if isinstance(value, int | float | dt.date):
        raise ValueProblem(
            f"expected text, found {_describe(value)}",
            f'put the value in quotes, e.g. "{value}"',
        )
    raise ValueProblem(
        f"expected text, found {_describe(value)}", "write the value as a single piece of text"
    )


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueProblem(
        f"expected a whole number, found {_describe(value)}",
        "write a number without quotes, e.g. 12",
    )


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ValueProblem(
        f"expected a number, found {_describe(value)}", "write a number without quotes, e.g. 2.5"
    )


def _strict_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueProblem(f"expected true or false, found {_describe(value)}", "write true or false")


def _date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueProblem(
        f"expected a date, found {_describe(value)}", "write a real date as YYYY-MM-DD"
    )


def _edition(value: object, _: type) -> Edition:
    if not isinstance(value, str):
        raise ValueProblem(
            f"expected an edition such as 2e1u, found {_describe(value)}",
            "write editions in Reviewers Edition form: 3e, 3e2u or 3e2u1c",
        )
    try:
        return Edition.parse(value)
    except EditionError:
        raise ValueProblem(
            f"'{value}' is not a Reviewers Edition",
            "write 3e (a new edition), 3e2u (its second update) or 3e2u1c (a correction)",
        ) from None


def _enum_hook(enum_type: type[Enum]) -> Callable[[object, type], Enum]:
    choices = [str(m.value) for m in enum_type]

    def hook(value: object, _: type) -> Enum:
        if isinstance(value, str):
            for member in enum_type:
                if member.value == value:
                    return member
            hint = did_you_mean(value, choices)
            listing = "choose one of " + ", ".join(choices)
            raise ValueProblem(
                f"'{value}' is not one of the allowed values",
                f"{hint} {listing}" if hint else listing,
            )
        raise ValueProblem(
            f"expected one of {', '.join(choices)}, found {_describe(value)}",
            "choose one of " + ", ".join(choices),
            bool_word=isinstance(value, bool),
        )

    return hook


def _library_source(value: object, _: type) -> LibrarySource:
    if value is None or value == "builtin":
        return LibrarySource()
    if isinstance(value, dict):
        keys = set(value)
        allowed = {"path", "git", "ref"}
        unknown = sorted(keys - allowed)
        if unknown:
            raise ValueProblem(
                f"unknown key '{unknown[0]}' in library",
                did_you_mean(unknown[0], allowed) or "use path, or git with ref",
            )
        if "path" in value and "git" not in value and "ref" not in value:
            return LibrarySource("folder", path=_strict_str(value["path"], str))
        if "git" in value and "path" not in value:
            ref = value.get("ref")
            return LibrarySource(
                "git",
                git=_strict_str(value["git"], str),
                ref=None if ref is None else _strict_str(ref, str),
            )
    raise ValueProblem(
        "library must be 'builtin', {path: FOLDER} or {git: URL, ref: TAG}",
        "see docs/formats.md, 'Library sources'",
    )


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(Edition, _edition)
    conv.register_structure_hook(LibrarySource, _library_source)
    # Registered one by one: a StrEnum is also a str, and the str hook would win.
    for enum_type in (Setting, Phase, ImageUse):
        conv.register_structure_hook(enum_type, _enum_hook(enum_type))
    conv.register_structure_hook_factory(_is_homogenous_tuple, _tuple_factory)
    conv.register_structure_hook_factory(is_mapping, _mapping_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_factory)
    return conv


def _is_homogenous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(t: Any, conv: cattrs.Converter) -> Callable[[object, type], tuple[Any, ...]]:
    inner = homogenous_tuple_structure_factory(t, conv)

    def hook(value: object, type_: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueProblem(
                f"expected a list, found {_describe(value)}",
                f"write a list, e.g. [{value}]"
                if isinstance(value, str)
                else "write a list in brackets, e.g. [a, b], or one '- item' per line",
            )
        return tuple(inner(value, type_))

    return hook


def _mapping_factory(t: Any, conv: cattrs.Converter) -> Callable[[object, type], Mapping[Any, Any]]:
    inner = mapping_structure_factory(t, conv)

    def hook(value: object, type_: type) -> Mapping[Any, Any]:
        if not isinstance(value, dict):
            raise ValueProblem(
                f"expected a mapping of keys, found {_describe(value)}",
                "write 'key: value' pairs, indented under this key",
            )
        return types.MappingProxyType(dict(inner(value, type_)))

    return hook


def _attrs_factory(t: Any, conv: cattrs.Converter) -> Callable[[object, type], Any]:
    inner = make_dict_structure_fn(t, conv)
    names = [a.name for a in attrs.fields(t)]
    # Positions are attached by the loader, never read from the file.
    hidden = {"location", "sha256", "clause_locations", "topic_locations"}

    def hook(value: object, type_: type) -> Any:
        if not isinstance(value, dict):
            keys = ", ".join(n for n in names if n not in hidden)
            raise ValueProblem(
                f"expected a mapping with keys ({keys}), found {_describe(value)}",
                "write it as {key: value, ...} or as indented 'key: value' lines",
            )
        for key in hidden & value.keys():
            raise ValueProblem(
                f"'{key}' is not a key you can set here", "remove it; policykit works it out"
            )
        return inner(value, type_)

    return hook


_CONVERTER = _make_converter()


def structure(
    doc: YamlDoc, data: object, cls: type[T], path: YamlPath = (), *, whole: str = "the file"
) -> T:
    """Build ``cls`` from ``data`` (found at ``path`` in ``doc``); raise every problem at once.

    ``whole`` names the top level in messages, e.g. "the front matter".
    """
    try:
        return _CONVERTER.structure(data, cls)
    except (BaseValidationError, ValueProblem, ForbiddenExtraKeysError) as exc:
        problems: list[Problem] = []
        _collect(exc, path, doc, cls, problems)
        raise PolicykitError(_tidy(problems, whole)) from None


def _tidy(problems: list[Problem], whole: str) -> list[Problem]:
    """Name the top level; drop "missing key" where a misspelling of it was reported."""
    suggested = {
        (p.location.path if p.location else "", p.message.split(" in ", 1)[-1], p.hint)
        for p in problems
        if p.message.startswith("unknown key")
    }
    tidied = []
    for problem in problems:
        if problem.message.startswith("missing required key"):
            key = problem.message.split("'")[1]
            parent = problem.message.split(" in ", 1)[-1]
            where = problem.location.path if problem.location else ""
            if (where, parent, f"did you mean '{key}'?") in suggested:
                continue
        tidied.append(attrs.evolve(problem, message=problem.message.replace(_WHOLE, whole)))
    return tidied


_WHOLE = "\0the file\0"


def _dotted(path: YamlPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _WHOLE


def _collect(
    exc: BaseException, path: YamlPath, doc: YamlDoc, cls: Any, out: list[Problem]
) -> None:
    if isinstance(exc, BaseValidationError):
        sub_cls = getattr(exc, "cl", cls)
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path = (*path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub_path = (*path, note.index)
            _collect(sub, sub_path, doc, sub_cls, out)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        allowed = [
            a
            for a in allowed
            if a not in {"location", "sha256", "clause_locations", "topic_locations"}
        ]
        for key in sorted(exc.extra_fields):
            key_path = (*path, key)
            out.append(
                Problem(
                    f"unknown key '{key}' in {_dotted(path)}",
                    doc.location(key_path, key=True),
                    did_you_mean(key, allowed) or f"allowed keys here: {', '.join(allowed)}",
                )
            )
        return
    if isinstance(exc, KeyError):
        missing = path[-1] if path else exc.args[0]
        parent = path[:-1]
        out.append(
            Problem(
                f"missing required key '{missing}' in {_dotted(parent)}",
                doc.location(parent),
                f"add '{missing}:' with a value",
            )
        )
        return
    if isinstance(exc, ValueProblem):
        hint = exc.hint
        raw = doc.raw_text(path)
        if exc.bool_word and raw is not None and is_yaml_bool_word(raw):
            truth = "true" if raw.lower() in {"yes", "true", "on"} else "false"
            hint = f'YAML reads {raw} as {truth}; write "{raw}" in quotes if you mean the word'
        out.append(Problem(f"{_dotted(path)}: {exc.message}", doc.location(path), hint))
        return
    # Anything else a hook raised: still a located message, never a traceback.
    out.append(
        Problem(
            f"{_dotted(path)}: invalid value ({exc})",
            doc.location(path),
            "see docs/formats.md for what this key takes",
        )
    )
