"""Problems with locations, and the one exception that carries them.

Every stage collects the problems it finds instead of stopping at the first, then
raises a single :class:`PolicykitError` holding all of them. Only the CLI prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path

import attrs

__all__ = [
    "Location",
    "PolicykitError",
    "Problem",
    "Problems",
    "Severity",
    "did_you_mean",
]


class Severity(StrEnum):
    """How serious a problem is: errors stop a build, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(order=True)
class Location:
    """Where a problem is: a file, and the line and column where known (1-based)."""

    path: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, path: str | Path, line: int | None = None, column: int | None = None) -> Location:
        """A location in ``path``, shown relative to the working folder when inside it."""
        return cls(display_path(path), line, column)

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def shifted(self, lines: int) -> Location:
        """The same place, ``lines`` further down (for text embedded in a larger file)."""
        if self.line is None:
            return self
        return attrs.evolve(self, line=self.line + lines)


@attrs.frozen
class Problem:
    """One thing wrong with the input, where it is, and what to do about it."""

    message: str
    location: Location | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        text = f"{where}{self.severity.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class PolicykitError(Exception):
    """The root of every error policykit raises on purpose; holds every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        # The same problem found by several packs of a trust is reported once.
        self.problems: tuple[Problem, ...] = tuple(dict.fromkeys(problems))
        if not self.problems:
            raise ValueError("PolicykitError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[PolicykitError], tuple[tuple[Problem, ...]]]:
        # Keeps the problems intact across process boundaries (parallel builds).
        return (type(self), (self.problems,))

    @classmethod
    def single(
        cls, message: str, location: Location | None = None, hint: str | None = None
    ) -> PolicykitError:
        """An error carrying one problem."""
        return cls([Problem(message, location, hint)])


class Problems:
    """A collector: stages add problems as they find them, then raise them once."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record one problem."""
        self._items.append(Problem(message, location, hint, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems, e.g. from a :class:`PolicykitError`."""
        self._items.extend(problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop a build."""
        return tuple(p for p in self._items if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are only reported."""
        return tuple(p for p in self._items if p.severity is Severity.WARNING)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def raise_if_errors(self) -> None:
        """Raise every problem collected so far if any of them is an error."""
        if self.errors:
            raise PolicykitError(_sorted(self._items))


def _sorted(problems: Sequence[Problem]) -> list[Problem]:
    """Errors before warnings; within each, in file order; otherwise as found."""

    def key(p: Problem) -> tuple[int, str, int, int]:
        loc = p.location or Location("")
        return (
            0 if p.severity is Severity.ERROR else 1,
            loc.path,
            loc.line or 0,
            loc.column or 0,
        )

    return sorted(problems, key=key)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices`` to ``word``, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def display_path(path: str | Path) -> str:
    """``path`` relative to the working folder when it is inside it, else as given."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
