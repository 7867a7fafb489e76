"""Incremental and parallel builds give exactly the bytes of a cold, serial build."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from policykit.api import write_build


def digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_a_rebuild_with_nothing_changed_reuses_every_document(
    copy_example: Callable[[str], Path], tmp_path: Path
) -> None:
    """Nothing changed: every document is reused, and the bytes equal a cold build's."""
    trust = copy_example("northgate-learning-trust")
    first = write_build(trust, tmp_path / "out", jobs=1)
    assert sum(p.reused for p in first.packs) == 0
    again = write_build(trust, tmp_path / "out", jobs=1)
    total = sum(len(p.manifest["documents"]) for p in again.packs)
    assert sum(p.reused for p in again.packs) == total > 40
    cold = write_build(trust, tmp_path / "cold", jobs=1)
    assert sum(p.reused for p in cold.packs) == 0
    assert digests(tmp_path / "out") == digests(tmp_path / "cold")


def test_a_changed_clause_rebuilds_only_the_documents_that_use_it(
    copy_example: Callable[[str], Path], tmp_path: Path
) -> None:
    """Editing the trust's filtering clause rebuilds each copy of the policy, nothing else."""
    trust = copy_example("northgate-learning-trust")
    write_build(trust, tmp_path / "out", jobs=1)
    clause = trust / "library" / "clauses" / "filtering" / "filtering.md"
    text = clause.read_text().replace("edition: 1e\n", "edition: 1e1c\n", 1)
    text = text.replace(
        'Locked: schools may not vary it."}',
        'Locked: schools may not vary it."}\n'
        "  - {edition: 1e1c, date: 2025-07-01, summary: Corrects a typing error.}",
    )
    clause.write_text(text.replace("guest networks included", "guest networks included too"))
    result = write_build(trust, tmp_path / "out", jobs=1)
    rebuilt = {
        (p.folder.name, e["id"])
        for p in result.packs
        for e in json.loads((p.folder / "manifest.json").read_text())["documents"]
        if "filtering/filtering" in {c["id"] for c in e["clauses"]}
    }
    assert rebuilt and all(doc == "online-safety-policy" for _, doc in rebuilt)
    total = sum(len(p.manifest["documents"]) for p in result.packs)
    assert sum(p.reused for p in result.packs) == total - len(rebuilt)
    write_build(trust, tmp_path / "cold", jobs=1)
    assert digests(tmp_path / "out") == digests(tmp_path / "cold")


def test_parallel_builds_match_serial_builds(
    copy_example: Callable[[str], Path], tmp_path: Path
) -> None:
    """--jobs 2 writes the same files, in the same pack order, as --jobs 1."""
    trust = copy_example("northgate-learning-trust")
    write_build(trust, tmp_path / "one", jobs=1)
    write_build(trust, tmp_path / "two", jobs=2)
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    index = json.loads((tmp_path / "two" / "packs.json").read_text())
    assert index["packs"][0]["folder"] == "northgate-learning-trust"


def test_a_changed_school_file_rebuilds_only_that_school(
    copy_example: Callable[[str], Path], tmp_path: Path
) -> None:
    """A school's new DSL rebuilds that school's pack (and the trust's annexes), no other."""
    trust = copy_example("northgate-learning-trust")
    write_build(trust, tmp_path / "out", jobs=1)
    school = trust / "schools" / "brookside-primary" / "school.yml"
    data = school.read_text()
    assert "    name: Natalie Brooks\n" in data
    school.write_text(
        data.replace("    name: Natalie Brooks\n", "    name: Dr Natalie Brooks\n", 1)
    )
    result = write_build(trust, tmp_path / "out", jobs=1)
    changed = {p.folder.name for p in result.packs if p.reused < len(p.manifest["documents"])}
    assert len(changed) == 2 and "northgate-learning-trust" in changed
