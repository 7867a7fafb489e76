"""What is kept between runs: parsed clause files, compiled clauses, parsed Markdown.

Each cache must make a second run skip work, and must never serve stale results when
a file changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

import policykit.library as library
import policykit.render as render
from conftest import EXAMPLES
from policykit.api import Session, build_pack
from policykit.cache import cache_root
from policykit.library import load_layer


def write_clause(root: Path, body: str) -> None:
    path = root / "clauses" / "policy" / "aims.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\ntitle: Aims\nedition: 1e\ntopics: [aims-scope]\n---\n" + body, encoding="utf-8"
    )


def test_unchanged_clause_files_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load of a library reads front matter from the cache; an edit is re-read."""
    write_clause(tmp_path, "First wording.")
    first = load_layer(tmp_path, "library", partial=True).clauses["policy/aims"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("front matter parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(library, "load_yaml_text", refuse)
        again = load_layer(tmp_path, "library", partial=True).clauses["policy/aims"]
    assert again == first
    write_clause(tmp_path, "Second wording.")
    changed = load_layer(tmp_path, "library", partial=True).clauses["policy/aims"]
    assert changed.body == "Second wording." and changed.sha256 != first.sha256


def test_compiled_clauses_and_markdown_are_reused_by_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second session builds the same pack without parsing a template or Markdown."""
    first = build_pack(EXAMPLES / "oakfield-primary", session=Session())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(SandboxedEnvironment, "parse", refuse)
    monkeypatch.setattr(render, "parse_markdown", refuse)
    second = build_pack(EXAMPLES / "oakfield-primary", session=Session())
    assert [d.blocks for d in second.documents] == [d.blocks for d in first.documents]


def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    """Damaged cache files are rebuilt, never trusted."""
    write_clause(tmp_path, "Wording.")
    load_layer(tmp_path, "library", partial=True)
    cache = cache_root() / "parsed"
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    clause = load_layer(tmp_path, "library", partial=True).clauses["policy/aims"]
    assert clause.body == "Wording."
