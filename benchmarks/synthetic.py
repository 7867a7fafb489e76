"""Synthetic inputs for the benchmarks, generated from the examples.

- :func:`make_trust` writes a trust of N schools by cycling the Northgate example's four
  schools with new names, slugs and URNs.
- :func:`make_clause_library` writes a library of N clauses (bodies and metadata taken
  from the built-in clauses, cycled under new ids) and a policy spec listing them all,
  with a school that builds from it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TRUST = EXAMPLES / "northgate-learning-trust"


def make_trust(dest: Path, schools: int) -> Path:
    """A copy of the Northgate trust with ``schools`` schools; returns the trust folder."""
    trust = dest / f"trust-{schools}"
    if trust.exists():
        shutil.rmtree(trust)
    trust.mkdir(parents=True)
    data = yaml.safe_load((TRUST / "trust.yml").read_text(encoding="utf-8"))
    for name in ("library", "northgate-house-style.docx"):
        source = TRUST / name
        if source.is_dir():
            shutil.copytree(source, trust / name)
        else:
            shutil.copy(source, trust / name)
    originals = list(data["schools"])
    listed: list[str] = []
    for index in range(schools):
        source = TRUST / originals[index % len(originals)] / "school.yml"
        school = yaml.safe_load(source.read_text(encoding="utf-8"))
        number = index + 1
        school["school"]["name"] = f"{school['school']['name']} {number}"
        school["school"]["slug"] = f"school-{number:04d}"
        school["school"]["urn"] = f"{700000 + number}"
        folder = f"schools/school-{number:04d}"
        (trust / folder).mkdir(parents=True)
        (trust / folder / "school.yml").write_text(
            yaml.safe_dump(school, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        listed.append(folder)
    data["schools"] = listed
    (trust / "trust.yml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return trust


def make_clause_library(dest: Path, clauses: int) -> Path:
    """A school whose library holds ``clauses`` clauses in one policy; returns the school."""
    base = dest / f"library-{clauses}"
    if base.exists():
        shutil.rmtree(base)
    library = base / "library"
    (library / "clauses" / "bench").mkdir(parents=True)
    (library / "documents").mkdir()
    sources = sorted(
        p for p in (ROOT / "clauses").rglob("*.md") if not p.parts[-2].startswith("annex")
    )
    ids: list[str] = []
    for index in range(clauses):
        source = sources[index % len(sources)]
        front, body = source.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        # A numbered title keeps every generated clause distinct, as in a real library.
        meta["title"] = f"{meta['title']} ({index + 1})"
        name = f"c{index:04d}"
        text = f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{body}"
        (library / "clauses" / "bench" / f"{name}.md").write_text(text, encoding="utf-8")
        ids.append(f"bench/{name}")
    spec = yaml.safe_load((ROOT / "documents" / "online-safety-policy.yml").read_text())
    components = [s for s in spec["sections"] if "component" in s and "clauses" not in s]
    sections = [
        {"title": f"Part {i // 50 + 1}", "clauses": ids[i : i + 50]} for i in range(0, len(ids), 50)
    ]
    spec["sections"] = components[:4] + sections + components[4:]
    (library / "documents" / "online-safety-policy.yml").write_text(
        yaml.safe_dump(spec, sort_keys=False), encoding="utf-8"
    )
    school = base / "school"
    school.mkdir()
    data = yaml.safe_load((EXAMPLES / "oakfield-primary" / "school.yml").read_text())
    data["library"] = {"path": "../library"}
    (school / "school.yml").write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return school
