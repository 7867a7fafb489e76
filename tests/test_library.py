"""Loading and stacking clause libraries: ids, layers, cross-file checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.errors import PolicykitError
from policykit.library import builtin_root, load_layer, stack_layers


def clause(root: Path, name: str, body: str = "Words.", front: str = "") -> None:
    path = root / "clauses" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T\nedition: 1e\n{front}---\n{body}\n", encoding="utf-8")


def test_a_later_layer_replaces_and_adds_clauses(tmp_path: Path) -> None:
    """A library folder replaces a built-in clause by id and adds new ones."""
    clause(tmp_path, "policy/aims", "Our own aims.")
    clause(tmp_path, "trust/extra", "An extra clause.")
    library = stack_layers(
        [load_layer(builtin_root(), "builtin"), load_layer(tmp_path, "library", partial=True)]
    )
    assert library.clauses["policy/aims"].body.strip() == "Our own aims."
    assert library.clauses["policy/aims"].layer == "library"
    assert library.clauses["trust/extra"].layer == "library"
    assert library.clauses["policy/scope"].layer == "builtin"


@pytest.mark.parametrize("name", ["Policy/Aims", "policy/aims_", "policy/a..b", "policy/a b"])
def test_clause_ids_must_be_plain(tmp_path: Path, name: str) -> None:
    """Upper case, stray punctuation, spaces and '..' are refused in clause ids."""
    path = tmp_path / "clauses" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: T\nedition: 1e\n---\nWords.\n", encoding="utf-8")
    with pytest.raises(PolicykitError, match="is not a valid clause id"):
        load_layer(tmp_path, "library", partial=True)


def test_a_spec_naming_a_path_outside_the_library_is_refused(tmp_path: Path) -> None:
    """A document spec cannot reach a file outside clauses/ with '..'."""
    spec = tmp_path / "documents" / "online-safety-policy.yml"
    spec.parent.mkdir(parents=True)
    spec.write_text(
        "title: T\nsubject: S\nedition: 1e\nkind: policy\nsections:\n"
        "  - {title: A, clauses: [../../etc/passwd]}\n",
        encoding="utf-8",
    )
    layers = [load_layer(builtin_root(), "builtin"), load_layer(tmp_path, "library", partial=True)]
    with pytest.raises(PolicykitError) as caught:
        stack_layers(layers)
    assert "lists clause '../../etc/passwd', which does not exist" in str(caught.value)


def test_every_problem_in_a_library_is_reported_at_once(tmp_path: Path) -> None:
    """Two broken clauses give two problems, each at its own file."""
    clause(tmp_path, "policy/aims", front="edition: 2e\n")
    clause(tmp_path, "policy/scope", front="settings: [primry]\n")
    with pytest.raises(PolicykitError) as caught:
        load_layer(tmp_path, "library", partial=True)
    paths = sorted(p.location.path for p in caught.value.problems if p.location)
    assert len(paths) == 2
    assert paths[0].endswith("policy/aims.md") and paths[1].endswith("policy/scope.md")
