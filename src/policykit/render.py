"""Render clause bodies: sandboxed Jinja over a school's facts, then the Markdown subset.

Clause libraries come from other people's repositories, so templates run in Jinja's
sandbox with extra limits: no Python internals, no files or environment, a bounded
``range``, no operator or filter that can build an enormous string, and a deadline.
Every fact printed is escaped for Markdown, so a school called "St Mary's *& Co*"
appears exactly as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import os
import pickle
import re
import signal
import sys
import threading
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import jinja2
from jinja2 import StrictUndefined, Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.filters import FILTERS
from jinja2.sandbox import SandboxedEnvironment

from policykit import __version__
from policykit.blocks import Block
from policykit.errors import Location, PolicykitError, Problem, did_you_mean
from policykit.facts import FACT_ROOTS, Facts, ResolvedApproval, TrustView, long_date, lookup
from policykit.markdown import MarkdownProblem, escape, parse_markdown
from policykit.model import Clause, Images, Local, People, Person, SchoolFacts, Technology

__all__ = [
    "IMPLICIT_ROOTS",
    "ClauseRenderer",
    "and_list",
    "long_date",
]

#: Fact roots every clause may read without declaring them in ``uses``.
IMPLICIT_ROOTS = frozenset({"school", "roles", "leader", "approval"})

#: Longest text one clause may render, and longest string or list it may build.
MAX_OUTPUT = 200_000
#: Longest ``range`` a clause may loop over.
MAX_RANGE = 1_000
#: Seconds one clause may take to render.
DEADLINE_SECONDS = 5.0


_SAFE_FILTERS = (
    "abs", "capitalize", "count", "d", "default", "first", "float", "int", "join", "last",
    "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace",
    "reverse", "round", "select", "selectattr", "sort", "string", "sum", "title", "trim",
    "unique", "upper", "wordcount",
)  # fmt: skip


def and_list(items: Any, word: str = "and") -> str:
    """``a, b and c`` from a list of names or people."""
    texts = [_plain(item) for item in items]
    if len(texts) <= 1:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} {word} {texts[-1]}"


def _plain(value: Any) -> str:
    if isinstance(value, Person):
        return value.name
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return long_date(value)
    return str(value)


def _contact(person: Person) -> str:
    return ", ".join(x for x in (person.email, person.phone) if x)


class _RenderLimit(Exception):
    """A clause went past a render limit (size or time)."""


def _too_big(value: Any) -> bool:
    return isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT


def _checked(result: Any) -> Any:
    if _too_big(result):
        raise SecurityError(f"the clause built a value longer than {MAX_OUTPUT:,} characters")
    return result


def _bounded_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items in clauses")
    return rng


def _size_checked_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _checked(func(*args, **kwargs))

    for marker in ("jinja_pass_arg",):
        if hasattr(func, marker):
            setattr(wrapper, marker, getattr(func, marker))
    return wrapper


class _CheckedConcat(CodeGenerator):
    """Routes ``~`` through a size check, so doubling a string cannot exhaust memory."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Sandbox(SandboxedEnvironment):
    code_generator_class = _CheckedConcat
    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("powers above 64 are not allowed in clauses")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > MAX_OUTPUT:
                    raise SecurityError(
                        f"the clause built a value longer than {MAX_OUTPUT:,} characters"
                    )
        return _checked(super().call_binop(context, operator, left, right))

    def checked_concat(self, parts: tuple[Any, ...]) -> str:
        return str(_checked("".join(str(p) for p in parts)))


def _finalize(value: Any) -> str:
    """How a printed fact appears: escaped for Markdown; missing facts are errors."""
    if value is None:
        raise UndefinedError("a fact printed here is not given in the school file")
    if isinstance(value, tuple | list):
        return escape(and_list(value))
    if isinstance(value, Mapping) or (attrs.has(type(value)) and not isinstance(value, Person)):
        raise UndefinedError("a whole group of facts is printed here; print one value of it")
    return escape(_plain(value))


def _make_environment() -> _Sandbox:
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        auto_reload=False,
        cache_size=0,
    )
    env.globals.clear()
    env.globals["range"] = _bounded_range
    env.filters = {name: _size_checked_filter(FILTERS[name]) for name in _SAFE_FILTERS}
    env.filters["longdate"] = long_date
    env.filters["and_list"] = and_list
    env.filters["or_list"] = lambda items: and_list(items, "or")
    env.filters["contact"] = _contact
    return env


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt a render that runs too long (main thread on POSIX only)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:  # pragma: no cover - threads and Windows rely on the other limits
        yield
        return

    def expire(_signum: int, _frame: types.FrameType | None) -> None:
        raise _RenderLimit(f"the clause took longer than {seconds:g} seconds to render")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line(tb: types.TracebackType | None, filename: str) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_MEMORY_BLOCKS = 512
_Static = tuple[str, int | None, str | None]  # a static problem: message, body line, hint
_CACHE_VERSION = f"{__version__}|{jinja2.__version__}|{sys.version}|internal-blocks"


@attrs.frozen
class _Prepared:
    problems: tuple[_Static, ...]
    template: Template | None


class ClauseRenderer:
    """Checks and renders clauses; compiled templates are kept for reuse across schools."""

    def __init__(self, cache: Path | None = None) -> None:
        self._env = _make_environment()
        self._prepared: dict[str, _Prepared] = {}
        self._blocks: dict[str, tuple[Block, ...]] = {}
        self._cache = cache

    # ------------------------------------------------------------------ static checks

    def check(self, clause: Clause) -> tuple[Problem, ...]:
        """Problems visible without facts: syntax, unknown names, undeclared facts."""
        return tuple(
            Problem(message, self._where(clause, line), hint)
            for message, line, hint in self._prepare(clause).problems
        )

    def _prepare(self, clause: Clause) -> _Prepared:
        """The clause's static problems and compiled template: from memory, disk, or made."""
        key = f"{clause.id}\0{clause.sha256}"
        prepared = self._prepared.get(key)
        if prepared is None:
            stored = self._load(clause)
            if stored is None:
                stored = self._compile(clause)
                self._store(clause, stored)
            problems, code = stored
            template = None
            if code is not None:
                template = self._env.template_class.from_code(
                    self._env, marshal.loads(code), self._env.globals, None
                )
            prepared = self._prepared[key] = _Prepared(problems, template)
        return prepared

    def _compile(self, clause: Clause) -> tuple[tuple[_Static, ...], bytes | None]:
        """Parse once: check the tree, and compile it when it is sound and templated."""
        try:
            tree = self._env.parse(clause.body, clause.id, _filename(clause))
        except TemplateSyntaxError as exc:
            problem = (
                f"template syntax error in clause '{clause.id}': {exc.message}",
                exc.lineno,
                "check that every {{ }} and {% %} is closed and every {% if %} has {% endif %}",
            )
            opener = _unclosed_block(clause.body) if "end of template" in str(exc.message) else None
            if opener is not None:
                tag, line = opener
                problem = (
                    f"template syntax error in clause '{clause.id}': the {{% {tag} %}} that"
                    " opens here is never closed",
                    line,
                    f"add {{% end{tag} %}} where the {tag} block should end",
                )
            return (problem,), None
        problems = tuple(self._check_tree(clause, tree))
        if problems or "{" not in clause.body:
            return problems, None
        # Compiled under the clause's own name so tracebacks give its lines.
        code = self._env.compile(tree, clause.id, _filename(clause))
        return problems, marshal.dumps(code)

    def _check_tree(self, clause: Clause, tree: nodes.Template) -> Iterator[_Static]:
        local_names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        known = set(FACT_ROOTS) | local_names | set(self._env.globals)
        for name in tree.find_all(nodes.Name):
            if name.ctx == "load" and name.name not in known:
                yield (
                    f"clause '{clause.id}' uses '{name.name}', which is not a fact",
                    name.lineno,
                    did_you_mean(name.name, FACT_ROOTS) or "facts are " + ", ".join(FACT_ROOTS),
                )
        for node in tree.find_all(nodes.Filter):
            if node.name not in self._env.filters:
                yield (
                    f"clause '{clause.id}' uses the filter '{node.name}', which clauses cannot use",
                    node.lineno,
                    did_you_mean(node.name, self._env.filters)
                    or "allowed filters: " + ", ".join(sorted(self._env.filters)),
                )
        declared = [u.rstrip("?") for u in clause.uses]
        for path, line in _fact_paths(tree):
            root = path.split(".")[0]
            if any(part.startswith("_") for part in path.split(".")):
                yield (
                    f"clause '{clause.id}' tried to reach Python internals ({path})",
                    line,
                    "clauses may only print facts; remove the name starting with '_'",
                )
                continue
            if root in local_names:
                continue
            wrong = _schema_problem(path)
            if wrong is not None:
                yield (f"clause '{clause.id}' reads {path}, but {wrong[0]}", line, wrong[1])
                continue
            if root in IMPLICIT_ROOTS:
                continue
            if not any(_covers(use, path) for use in declared):
                yield (
                    f"clause '{clause.id}' reads {path} but does not declare it in 'uses'",
                    line,
                    f"add {path} to the clause's uses: list",
                )

    # Compiled clauses persist between runs: a clause-library author's check on every
    # commit then parses only the clauses that changed.

    def _cache_file(self, clause: Clause) -> Path | None:
        if self._cache is None:
            return None
        key = hashlib.sha256(f"{_CACHE_VERSION}|{clause.id}|{clause.sha256}".encode()).hexdigest()
        return Path(f"{self._cache}/clauses/{key[:2]}/{key}.bin")

    def _load(self, clause: Clause) -> tuple[tuple[_Static, ...], bytes | None] | None:
        path = self._cache_file(clause)
        if path is None:
            return None
        try:
            problems, code = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError):
            return None
        return tuple(problems), code

    def _store(self, clause: Clause, entry: tuple[tuple[_Static, ...], bytes | None]) -> None:
        path = self._cache_file(clause)
        if path is not None:
            _write_atomic(path, pickle.dumps(entry))

    # ------------------------------------------------------------------ rendering

    def render(self, clause: Clause, facts: Facts) -> tuple[Block, ...]:
        """The clause's blocks for one school's facts; raises :class:`PolicykitError`."""
        static = self.check(clause)
        if static:
            raise PolicykitError(static)
        missing = _missing_uses(clause, facts)
        if missing:
            raise PolicykitError(missing)
        text = clause.body if "{" not in clause.body else self._render_text(clause, facts)
        return self._parse(clause, text)

    def _render_text(self, clause: Clause, facts: Facts) -> str:
        template = self._prepare(clause).template
        assert template is not None
        try:
            with _deadline(DEADLINE_SECONDS):
                pieces: list[str] = []
                size = 0
                for piece in template.generate(facts.context()):
                    size += len(piece)
                    if size > MAX_OUTPUT:
                        raise _RenderLimit(
                            f"the clause rendered more than {MAX_OUTPUT:,} characters"
                        )
                    pieces.append(piece)
                return "".join(pieces)
        except SecurityError as exc:
            said = str(exc)
            if "unsafe" in said or "attribute" in said or "access" in said:
                raise self._failed(
                    clause,
                    exc,
                    f"tried to reach Python internals ({said})",
                    "clauses may only print facts; remove the attribute starting with '_'",
                ) from None
            raise self._failed(
                clause,
                exc,
                f"went past a sandbox limit: {said}",
                "clauses print facts; they do not build large values",
            ) from None
        except _RenderLimit as exc:
            raise self._failed(
                clause, exc, f"stopped: {exc}", "remove loops and repetition; clauses print facts"
            ) from None
        except UndefinedError as exc:
            # Jinja names Python classes ('policykit.model.Person object'); say "a person".
            said = re.sub(
                r"'(?:[\w]+\.)*(\w+) object'", lambda m: f"a {m.group(1).lower()}", str(exc.message)
            )
            raise self._failed(
                clause,
                exc,
                f"has an undefined value: {said}",
                "check the fact's spelling, or add the fact to the school file",
            ) from None
        except RecursionError as exc:
            raise self._failed(
                clause, exc, "recursed without end", "remove the macro that calls itself"
            ) from None
        except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
            raise self._failed(
                clause,
                exc,
                f"failed to render: {exc}",
                "check the expression on this line against docs/formats.md, 'Facts'",
            ) from None

    def _failed(self, clause: Clause, exc: BaseException, what: str, hint: str) -> PolicykitError:
        """The error for a clause that failed while rendering, at the line it failed on."""
        line = _template_line(exc.__traceback__, _filename(clause))
        return PolicykitError(
            [Problem(f"clause '{clause.id}' {what}", self._where(clause, line), hint)]
        )

    def blocks_of_text(self, clause: Clause, text: str) -> tuple[Block, ...]:
        """The blocks of ``text`` as ``clause``'s body; Markdown problems name the clause."""
        return self._parse(clause, text)

    def _parse(self, clause: Clause, text: str) -> tuple[Block, ...]:
        """Blocks for rendered text: the same text always gives the same blocks, so they
        are kept (in memory, and on disk between runs) by the text's hash."""
        key = hashlib.sha256(f"{_CACHE_VERSION}|markdown|{text}".encode()).hexdigest()
        blocks = self._blocks.get(key)
        if blocks is not None:
            return blocks
        if len(self._blocks) > _MEMORY_BLOCKS:  # school-specific texts: keep memory flat
            self._blocks.clear()
        path = Path(f"{self._cache}/blocks/{key[:2]}/{key}.bin") if self._cache else None
        if path is not None:
            try:
                blocks = pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError):
                blocks = None
        if blocks is None:
            blocks = self._parse_now(clause, text)
            if path is not None:
                _write_atomic(path, pickle.dumps(blocks))
        self._blocks[key] = blocks
        return blocks

    def _parse_now(self, clause: Clause, text: str) -> tuple[Block, ...]:
        try:
            return parse_markdown(text)
        except MarkdownProblem as exc:
            line = None if exc.line is None else exc.line + 1
            raise PolicykitError(
                [
                    Problem(
                        f"clause '{clause.id}': {exc.message}", self._where(clause, line), exc.hint
                    )
                ]
            ) from None

    @staticmethod
    def _where(clause: Clause, line: int | None) -> Location:
        if line is None:
            return clause.location
        return Location(clause.location.path, clause.body_line + line - 1, None)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache entry so that readers never see half of it; a failure costs only speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(data)
        temp.replace(path)
    except OSError:
        return


_BLOCK_TAG = re.compile(r"\{%[-+]?\s*(\w+)")
_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "raw"})


def _unclosed_block(body: str) -> tuple[str, int] | None:
    """The innermost block tag left open, with its line, for an end-of-template error."""
    stack: list[tuple[str, int]] = []
    for match in _BLOCK_TAG.finditer(body):
        tag = match.group(1)
        line = body.count("\n", 0, match.start()) + 1
        if tag in _OPENERS:
            stack.append((tag, line))
        elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
            stack.pop()
    return stack[-1] if stack else None


def _filename(clause: Clause) -> str:
    return f"<clause {clause.id}>"


_ROOT_TYPES: dict[str, type] = {
    "school": SchoolFacts,
    "people": People,
    "leader": Person,
    "technology": Technology,
    "images": Images,
    "approval": ResolvedApproval,
    "local": Local,
    "trust": TrustView,
}


def _schema_problem(path: str) -> tuple[str, str] | None:
    """Why ``path`` names no fact (a misspelt key), with a did-you-mean; None if it may."""
    parts = path.split(".")
    current: Any = _ROOT_TYPES.get(parts[0])
    walked = [parts[0]]
    for part in parts[1:]:
        if current is None or not attrs.has(current):
            return None  # text, dates, lists and mappings: nothing more to check
        hints = _type_hints(current)
        names = [a.name for a in attrs.fields(current) if a.name not in _HIDDEN_FIELDS]
        if part not in names:
            where = ".".join(walked)
            close = did_you_mean(part, names)
            return (
                f"{where} has no '{part}'",
                f"{close} {where} has {', '.join(names)}"
                if close
                else f"{where} has {', '.join(names)}",
            )
        walked.append(part)
        current = _plain_type(hints[part])
    return None


_HIDDEN_FIELDS = frozenset({"location", "sha256", "doc", "origin", "profile", "topic_locations"})


@functools.lru_cache(maxsize=64)
def _type_hints(cls: type) -> dict[str, Any]:
    """A class's resolved annotations (resolving them is slow; the classes never change)."""
    return typing.get_type_hints(cls)


def _plain_type(hint: Any) -> Any:
    """The attrs class inside ``X | None``, or None for anything else."""
    options = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
    found = [a for a in options if isinstance(a, type) and attrs.has(a)]
    return found[0] if len(found) == 1 and len(options) == 1 else None


def _covers(use: str, path: str) -> bool:
    return path == use or path.startswith(use + ".") or use.startswith(path + ".")


def _fact_paths(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """Every dotted path read from a fact root (``people.dsl.name``), with its line."""

    def chain(node: nodes.Node) -> list[str] | None:
        if isinstance(node, nodes.Name):
            return [node.name]
        if isinstance(node, nodes.Getattr):
            inner = chain(node.node)
            return None if inner is None else [*inner, node.attr]
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            inner = chain(node.node)
            if inner is not None and isinstance(node.arg.value, str):
                return [*inner, node.arg.value]
        return None

    def walk(node: nodes.Node) -> Iterator[tuple[str, int]]:
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            parts = chain(node)
            if parts is not None and parts[0] in FACT_ROOTS:
                yield ".".join(parts), node.lineno
                return
        elif isinstance(node, nodes.Name) and node.ctx == "load" and node.name in FACT_ROOTS:
            yield node.name, node.lineno
            return
        for child in node.iter_child_nodes():
            yield from walk(child)

    yield from walk(tree)


def _missing_uses(clause: Clause, facts: Facts) -> list[Problem]:
    problems = []
    for use in clause.uses:
        if use.endswith("?"):
            continue
        try:
            value = lookup(facts, use)
        except KeyError:
            value = None
        if value is None or value == ():
            root = use.split(".")[0]
            problems.append(
                Problem(
                    f"clause '{clause.id}' ({clause.location.path}) needs {use}, which the"
                    " school file does not give",
                    facts.doc.location(tuple(use.split("."))) if facts.doc else clause.location,
                    f"add {use} under '{root}:' in the school file, or leave the clause out"
                    " with local.omit",
                )
            )
    return problems
