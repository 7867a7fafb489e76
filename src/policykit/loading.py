"""Find and load school and trust files into typed values, keeping their positions."""

from __future__ import annotations

from pathlib import Path

import attrs

from policykit.convert import structure
from policykit.errors import Location, PolicykitError, Problems, display_path
from policykit.model import SchoolFile, Setting, TrustFile
from policykit.yamlfile import YamlDoc, load_yaml

__all__ = [
    "SCHOOL_FILE",
    "TRUST_FILE",
    "SchoolSource",
    "TrustSource",
    "find_input",
    "load_school",
    "load_trust",
]

SCHOOL_FILE = "school.yml"
TRUST_FILE = "trust.yml"


@attrs.frozen
class SchoolSource:
    """A loaded school file, the folder it lives in, and its YAML positions."""

    file: SchoolFile
    path: Path
    doc: YamlDoc

    @property
    def folder(self) -> Path:
        """The folder holding the school file; relative paths inside it start here."""
        return self.path.parent


@attrs.frozen
class TrustSource:
    """A loaded trust file and the school files it lists."""

    file: TrustFile
    path: Path
    doc: YamlDoc
    schools: tuple[SchoolSource, ...]

    @property
    def folder(self) -> Path:
        """The folder holding the trust file."""
        return self.path.parent


def find_input(path: Path) -> Path:
    """The school or trust file that ``path`` names (a folder holding one, or the file)."""
    if path.is_dir():
        for name in (TRUST_FILE, SCHOOL_FILE):
            candidate = path / name
            if candidate.is_file():
                return candidate
        raise PolicykitError.single(
            f"no {SCHOOL_FILE} or {TRUST_FILE} in {display_path(path)}",
            Location.of(path),
            "give a folder holding school.yml (or trust.yml), or the file itself",
        )
    if path.is_file():
        return path
    raise PolicykitError.single(
        f"no such file or folder: {path}",
        Location.of(path),
        "check the path; it should be a school folder such as examples/oakfield-primary",
    )


def load_school(path: Path) -> SchoolSource:
    """Load and check a ``school.yml``."""
    doc = _read(path)
    school = structure(doc, doc.value, SchoolFile, whole="the school file")
    if school.library is not None:
        located = attrs.evolve(school.library, location=doc.location(("library",)))
        school = attrs.evolve(school, library=located)
    problems = Problems()
    if school.school.setting is Setting.TRUST:
        problems.add(
            "a school file cannot have the trust setting",
            doc.location(("school", "setting")),
            "describe the trust in trust.yml; give each school early-years, primary or secondary",
        )
    _check_approval(school.approval.review_months, doc, problems)
    problems.raise_if_errors()
    # Keep the text (for locating later problems), not the raw values: a trust's plans
    # hold every school's source.
    return SchoolSource(school, path, attrs.evolve(doc, value=None))


def load_trust(path: Path) -> TrustSource:
    """Load and check a ``trust.yml`` and every school it lists."""
    doc = _read(path)
    trust = structure(doc, doc.value, TrustFile, whole="the trust file")
    trust = attrs.evolve(
        trust, library=attrs.evolve(trust.library, location=doc.location(("library",)))
    )
    problems = Problems()
    _check_approval(trust.approval.review_months, doc, problems)
    if not trust.schools:
        problems.add(
            "a trust lists at least one school",
            doc.location(("schools",)),
            "add 'schools: [schools/oakfield]' naming folders that hold school.yml",
        )
    schools: list[SchoolSource] = []
    seen: dict[Path, int] = {}
    for i, folder in enumerate(trust.schools):
        school_path = (path.parent / folder).resolve()
        if school_path in seen:
            problems.add(
                f"school folder '{folder}' is listed twice",
                doc.location(("schools", i)),
                "list each school once",
            )
            continue
        seen[school_path] = i
        file = school_path / SCHOOL_FILE if school_path.is_dir() else school_path
        if not file.is_file():
            problems.add(
                f"no school.yml in '{folder}'",
                doc.location(("schools", i)),
                "each entry is a folder (relative to trust.yml) that holds school.yml",
            )
            continue
        try:
            schools.append(load_school(file))
        except PolicykitError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    return TrustSource(trust, path, doc, tuple(schools))


def _read(path: Path) -> YamlDoc:
    shown = display_path(path)
    doc = load_yaml(path, shown)
    if not isinstance(doc.value, dict):
        raise PolicykitError.single(
            f"{path.name} must be a mapping of sections (school:, people:, ...)",
            doc.location(()),
            "see examples/oakfield-primary/school.yml for the shape",
        )
    from policykit.starter import placeholder_problems  # example values left from init

    left = placeholder_problems(doc)
    if left:
        raise PolicykitError(left)
    return doc


def _check_approval(months: int | None, doc: YamlDoc, problems: Problems) -> None:
    if months is not None and months < 1:
        problems.add(
            f"approval.review_months is {months}; a review cycle is at least 1 month",
            doc.location(("approval", "review_months")),
            "write the number of months between reviews, usually 12",
        )
