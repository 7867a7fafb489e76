"""Read YAML into plain values while remembering where every value came from.

PyYAML's composer gives a node tree with line and column marks; we walk it ourselves
so that we can refuse duplicate keys, keep the position of every key and value, and
turn impossible dates into messages instead of tracebacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import attrs
import yaml

from policykit.cache import cache_root
from policykit.errors import Location, PolicykitError, Problem, Problems

__all__ = [
    "YamlDoc",
    "YamlPath",
    "decode_utf8",
    "is_yaml_bool_word",
    "load_yaml",
    "load_yaml_text",
]

YamlPath = tuple[str | int, ...]

try:  # libyaml is much faster; the pure-Python loader gives the same marks.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_BOOL_WORDS = {"yes", "no", "on", "off", "true", "false"}
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@attrs.frozen
class YamlDoc:
    """A parsed YAML document: its value, and where every value and key is in the text.

    Positions are worked out from the text only when a message needs one: they would
    cost more memory than the values themselves, and most runs report no problems.
    """

    path: str
    value: Any
    text: str | None = attrs.field(repr=False)
    line_offset: int = 0
    sha256: str = ""
    index: dict[str, dict[YamlPath, Any]] = attrs.field(factory=dict, eq=False, repr=False)
    source: Path | None = attrs.field(default=None, eq=False, repr=False)

    def _positions(self) -> dict[str, dict[YamlPath, Any]]:
        if not self.index:
            walker = _Walker(self.path, 0, positions=True)
            text = self.text
            if text is None:  # a file's text is read again only when a message needs it
                assert self.source is not None
                text = self.source.read_text(encoding="utf-8")
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
            if node is not None:
                walker.walk(node, ())
            self.index.update(values=walker.values, keys=walker.keys, raw=walker.raw)
        return self.index

    def location(self, path: YamlPath, *, key: bool = False) -> Location:
        """The location of the value (or key) at ``path``, or of its nearest ancestor."""
        index = self._positions()
        keys, values = index["keys"], index["values"]
        if key and path in keys:
            line, column = keys[path]
            return Location(self.path, line + self.line_offset, column)
        probe = path
        while probe not in values:
            if not probe:
                return Location(self.path)
            probe = probe[:-1]
        line, column = values[probe]
        return Location(self.path, line + self.line_offset, column)

    def raw_text(self, path: YamlPath) -> str | None:
        """The scalar exactly as written in the file (for messages about YAML 1.1 surprises)."""
        found: str | None = self._positions()["raw"].get(path)
        return found


def load_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Read and parse a YAML file; raise :class:`PolicykitError` with every problem."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PolicykitError.single(
            f"file not found: {path}", Location(shown), "check the path and the file name"
        ) from None
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot read the file: {exc.strerror}",
            Location(shown),
            "check the file exists and you may read it",
        ) from None
    text = decode_utf8(data, shown, "the file")
    sha256 = hashlib.sha256(data).hexdigest()
    cached = _cached(sha256)
    if cached is None:
        cached = load_yaml_text(text, shown).value
        _remember(sha256, cached)
    return YamlDoc(shown, cached, None, 0, sha256, source=path)


# Parsed files are kept between runs, by content hash: a trust's rebuild reads a hundred
# school files that have not changed since the last build.
_Parsed = Any


def _cache_file(sha256: str) -> Path:
    from policykit import __version__

    return cache_root() / "yaml-values" / __version__ / sha256[:2] / f"{sha256}.pickle"


def _cached(sha256: str) -> _Parsed | None:
    try:
        found: _Parsed = pickle.loads(_cache_file(sha256).read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError, AttributeError):
        return None
    return found


def _remember(sha256: str, parsed: _Parsed) -> None:
    path = _cache_file(sha256)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps(parsed))
        temp.replace(path)
    except OSError:  # a read-only cache costs only speed
        return


def decode_utf8(data: bytes, shown: str, what: str) -> str:
    """``data`` as text; bytes that are not UTF-8 are reported at their line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PolicykitError.single(
            f"{what} is not UTF-8 text",
            Location(shown, line, column),
            "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
        ) from None


def load_yaml_text(text: str, display: str, line_offset: int = 0) -> YamlDoc:
    """Parse YAML ``text`` that came from ``display`` (``line_offset`` lines into it)."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise PolicykitError([_syntax_problem(exc, text, display, line_offset)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without marks
        raise PolicykitError.single(
            f"invalid YAML: {exc}", Location(display), "save the file as plain UTF-8 text"
        ) from None
    walker = _Walker(display, line_offset)
    value = walker.walk(node, ()) if node is not None else None
    walker.problems.raise_if_errors()
    return YamlDoc(display, value, text, line_offset)


def _syntax_problem(
    exc: yaml.MarkedYAMLError, text: str, display: str, line_offset: int
) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 + line_offset if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = (exc.problem or "invalid YAML").strip()
    hint = "check the indentation and quoting on this line and the one above"
    lines = text.splitlines()
    bad_line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    unclosed = _unclosed_quote(lines, mark.line if mark is not None else len(lines))
    if unclosed is not None and "found character" not in problem:
        # libyaml reports an unclosed quote where it gives up, often lines later.
        quote_line, quote_column = unclosed
        return Problem(
            "invalid YAML: a quoted value is not closed",
            Location(display, quote_line + 1 + line_offset, quote_column + 1),
            "close the quote on the line where it opens",
        )
    at_tab = mark is not None and bad_line[mark.column : mark.column + 1] == "\t"
    if at_tab or "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())]:
        problem = "a tab character is used for indentation; YAML allows only spaces"
        hint = "replace the tab with spaces"
    elif exc.context:
        problem = f"{problem} ({exc.context.strip()})"
    return Problem(f"invalid YAML: {problem}", Location(display, line, column), hint)


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The line and column of the first quote left open on its own line, if any."""
    for number, line in enumerate(lines[: upto + 1]):
        quote: str | None = None
        opened = 0
        i = 0
        while i < len(line):
            ch = line[i]
            if quote is None:
                if ch == "#" and (i == 0 or line[i - 1] in " \t"):
                    break
                if ch in "\"'" and (i == 0 or line[i - 1] in " \t:[{,-"):
                    quote, opened = ch, i
            elif quote == '"' and ch == "\\":
                i += 1
            elif ch == quote:
                if quote == "'" and line[i + 1 : i + 2] == "'":
                    i += 1
                else:
                    quote = None
            i += 1
        if quote is not None:
            return number, opened
    return None


class _Walker:
    """Turns a node tree into plain values and problems; with ``positions``, also records
    where every value and key is."""

    def __init__(self, display: str, line_offset: int, *, positions: bool = False) -> None:
        self.display = display
        self.line_offset = line_offset
        self.positions = positions
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.raw: dict[YamlPath, str] = {}
        self.problems = Problems()
        self._constructor = yaml.constructor.SafeConstructor()

    def _loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.display, mark.line + 1 + self.line_offset, mark.column + 1)

    def walk(self, node: yaml.Node, path: YamlPath) -> Any:
        if self.positions:
            self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(
                    "YAML merge keys ('<<') are not supported",
                    self._loc(key_node),
                    "write the keys out in full",
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(
                    "a key must be a plain word, not a list or mapping", self._loc(key_node)
                )
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1 + self.line_offset
            if key in first_seen:
                self.problems.add(
                    f"duplicate key '{key}' (first given on line {first_seen[key]})",
                    self._loc(key_node),
                    "give each key once; remove or merge the repeated one",
                )
                continue
            first_seen[key] = line
            child = (*path, key)
            if self.positions:
                self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        if self.positions:
            self.raw[path] = node.value
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() in {"yes", "true", "on"}
        if tag == _INT:
            return self._constructor.construct_yaml_int(node)
        if tag == _FLOAT:
            return self._constructor.construct_yaml_float(node)
        if tag == _TIMESTAMP:
            return self._timestamp(node, path)
        self.problems.add(
            f"unsupported YAML tag {tag}", self._loc(node), "remove the '!' tag from the value"
        )
        return None

    def _timestamp(self, node: yaml.ScalarNode, path: YamlPath) -> dt.date | None:
        where = ".".join(str(p) for p in path)
        prefix = f"{where}: " if where else ""
        try:
            value = self._constructor.construct_yaml_timestamp(node)
        except ValueError:
            self.problems.add(
                f"{prefix}'{node.value}' is not a real date",
                self._loc(node),
                _date_hint(node.value),
            )
            return None
        if isinstance(value, dt.datetime):
            self.problems.add(
                f"'{node.value}' has a time; a date is expected",
                self._loc(node),
                "write the date alone, as YYYY-MM-DD",
            )
            return None
        assert isinstance(value, dt.date)
        return value


def _date_hint(text: str) -> str:
    """Why a YYYY-MM-DD date does not exist, e.g. 'February 2025 has 28 days'."""
    import calendar

    parts = text.split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12:
            days = calendar.monthrange(year, month)[1]
            name = calendar.month_name[month]
            return f"{name} {year} has {days} days; write a date that exists, as YYYY-MM-DD"
    except (ValueError, IndexError):
        pass
    return "write a date that exists, as YYYY-MM-DD, with a month from 01 to 12"


def is_yaml_bool_word(text: str | None) -> bool:
    """Whether ``text`` is one of the words YAML 1.1 reads as true or false."""
    return text is not None and text.lower() in _BOOL_WORDS
