"""Public and internal versions from one source: internal text, clauses and facts.

Every example is built twice (the staff copies, and public copies with the website
section) and the public outputs are searched for every internal fact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
import yaml

from conftest import EXAMPLES, SCHOOL_EXAMPLES, TRUST_EXAMPLE, all_text, run_cli
from policykit.blocks import ListBlock, Paragraph
from policykit.markdown import MarkdownProblem, parse_markdown

Build = Callable[[str], Path]
ALL_EXAMPLES = (*SCHOOL_EXAMPLES, TRUST_EXAMPLE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hrefs: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(v or "" for k, v in attrs if k == "href")


def html_text(path: Path) -> str:
    """The visible text of a page, and its link targets (a phone number hides in tel:)."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts) + "\n" + "\n".join(parser.hrefs)


def _facts_of(example: str) -> list[dict[str, object]]:
    """The raw YAML of an example's school files (and trust file)."""
    folder = EXAMPLES / example
    files = (
        [folder / "trust.yml", *sorted(folder.glob("schools/*/school.yml"))]
        if (folder / "trust.yml").is_file()
        else [folder / "school.yml"]
    )
    return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]


def internal_strings(example: str) -> list[str]:
    """What must never be public: products, alert routines, procedures, mobiles, and
    every fact the school lists in local.internal."""
    found: list[str] = []
    for data in _facts_of(example):
        filtering = data.get("technology", {}).get("filtering", {})  # type: ignore[attr-defined]
        for key in ("provider", "monitoring", "alerts"):
            if filtering.get(key):
                found.append(str(filtering[key]))
        local = data.get("local", {}) or {}
        if local.get("procedures"):  # type: ignore[attr-defined]
            found.append(str(local["procedures"]))  # type: ignore[index]
        people = data.get("people", {}) or {}
        for value in people.values():  # type: ignore[attr-defined]
            for person in value if isinstance(value, list) else [value]:
                if isinstance(person, dict) and person.get("mobile"):
                    found.append(str(person["mobile"]))
        for path in local.get("internal", ()):  # type: ignore[attr-defined]
            root, key, field = path.split(".")
            value = data[root][key]  # type: ignore[index]
            for person in value if isinstance(value, list) else [value]:
                if person.get(field):
                    found.append(str(person[field]))
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# --------------------------------------------------------------------------- Markdown


def test_internal_container_marks_blocks() -> None:
    blocks = parse_markdown("Public.\n\n::: internal\nSecret.\n\n- a\n- b\n:::\n\nAgain public.")
    assert [type(b) for b in blocks] == [Paragraph, Paragraph, ListBlock, Paragraph]
    assert [getattr(b, "internal", None) for b in blocks] == [False, True, True, False]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a\n\n::: internal\nb\n", 2, "never closed"),
        ("a\n\n:::\n", 2, "closes no"),
        ("::: secret\nb\n:::\n", 0, "'::: secret' is not a container"),
        ("::: internal\n::: internal\n:::\n:::\n", 1, "inside another"),
        ("a\n\n::: internal\n\n![x](y.png)\n:::\n", 4, "images"),
    ],
)
def test_container_mistakes_are_located(text: str, line: int, words: str) -> None:
    with pytest.raises(MarkdownProblem) as caught:
        parse_markdown(text)
    assert words in caught.value.message
    assert caught.value.line == line


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("example", ALL_EXAMPLES)
def test_no_internal_fact_in_any_public_output(
    example: str, built: Build, built_public: Build
) -> None:
    secrets = internal_strings(example)
    assert secrets, "each example has internal facts to look for"
    public = built_public(example)
    pages = sorted(public.rglob("website/*.html"))
    documents = sorted(public.rglob("*.docx"))
    assert pages and documents
    texts = {p: html_text(p) for p in pages} | {d: all_text(d) for d in documents}
    for path, text in texts.items():
        flat = " ".join(text.split())
        for secret in secrets:
            assert " ".join(secret.split()) not in flat, f"{secret!r} is public in {path}"
            if _digits(secret).startswith("07"):  # a mobile, however it is spaced or linked
                assert _digits(secret) not in _digits(text), f"{secret!r} in {path}"
    # The staff copies still hold what the public ones leave out.
    staff = "\n".join(all_text(d) for d in built(example).rglob("*.docx"))
    staff_flat = " ".join(staff.split())
    shown = [s for s in secrets if " ".join(s.split()) in staff_flat]
    assert len(shown) >= 2, f"the staff copies of {example} lost their internal facts"


def test_staff_copy_has_mobile_and_monitoring_routine(built: Build, built_public: Build) -> None:
    staff = all_text(built("oakfield-primary") / "online-safety-policy.docx")
    public = all_text(built_public("oakfield-primary") / "online-safety-policy.docx")
    assert "07700 900461 (mobile)" in staff
    assert "Who reviews what monitoring finds: Sam Patel." in staff
    assert "ClassSight alerts" in staff and "Beacon SchoolFilter" in staff
    assert "07700 900461" not in public
    assert "Who reviews what monitoring finds" not in public
    assert "passes through our filtering service" in public
    assert "01234 000111" in staff and "01234 000111" not in public  # local.internal
    assert "Sam Patel" in public  # the DSL is named in public


def test_manifest_records_public_and_website(built: Build, built_public: Build) -> None:
    staff = json.loads((built("oakfield-primary") / "manifest.json").read_text())
    public = json.loads((built_public("oakfield-primary") / "manifest.json").read_text())
    assert "public" not in staff and "website" not in staff
    assert public["public"] is True
    for key in ("policykit", "library", "school", "documents"):
        assert key in public
    site = public["website"]
    assert site["folder"] == "website"
    files = {p["file"] for p in site["pages"]}
    assert {"index.html", "parents.html", "children.html", "online-safety-policy.html"} <= files
    for page in site["pages"]:
        assert (built_public("oakfield-primary") / "website" / page["file"]).is_file()
    # Public documents are built from other inputs than the staff copies.
    staff_inputs = {d["id"]: d["inputs"] for d in staff["documents"]}
    assert all(d["inputs"] != staff_inputs[d["id"]] for d in public["documents"])


# --------------------------------------------------------------------------- mistakes


def _add_local_clause(school: Path, body: str, front: str = "") -> None:
    clauses = school / "local" / "clauses" / "local"
    clauses.mkdir(parents=True)
    (clauses / "extra.md").write_text(
        "---\ntitle: Extra\nedition: 1e\nuses: [technology.filtering.provider, people.dsl]\n"
        f"{front}changes:\n  - {{edition: 1e, date: 2025-09-01, summary: First.}}\n---\n{body}",
        encoding="utf-8",
    )
    text = (school / "school.yml").read_text(encoding="utf-8")
    text = text.replace(
        "local:\n",
        "local:\n  clauses: local\n  add: [{clause: local/extra, document:"
        " online-safety-policy, after: filtering/filtering}]\n",
    )
    (school / "school.yml").write_text(text, encoding="utf-8")


def test_public_build_refuses_a_clause_that_prints_an_internal_fact(
    oakfield: Path, tmp_path: Path
) -> None:
    _add_local_clause(oakfield, "We use {{ people.dsl.mobile }} and {{ people.dsl }}.\n")
    text = (oakfield / "local/clauses/local/extra.md").read_text()
    (oakfield / "local/clauses/local/extra.md").write_text(
        text.replace("people.dsl]", "people.dsl, people.dsl.mobile?]")
    )
    # Staff copies are fine; a public one would print a mobile the public facts do not
    # have (it is empty there), so print a fact that stays: the school's website.
    code, _, err = run_cli("build", str(oakfield), "-o", str(tmp_path / "a"), "-q")
    assert code == 0, err
    (oakfield / "local/clauses/local/extra.md").write_text(
        text.replace(
            "We use {{ people.dsl.mobile }} and {{ people.dsl }}.",
            "Urgent alerts: urgent alerts reach the DSL and deputy by text message,"
            " including out of hours.",
        )
    )
    out = tmp_path / "b"
    code, _, err = run_cli("build", str(oakfield), "-o", str(out), "--public", "--format", "html")
    assert code == 1
    assert "local/clauses/local/extra.md:1:1: error: online-safety-policy: the public" in err
    assert "(technology.filtering.alerts, internal) in clause 'local/extra'" in err
    assert "::: internal" in err
    assert not out.exists()


def test_internal_text_and_internal_clause_in_a_local_clause(
    oakfield: Path, tmp_path: Path
) -> None:
    _add_local_clause(
        oakfield,
        "Everyone may read this.\n\n::: internal\n"
        "We use {{ technology.filtering.provider }}.\n:::\n",
    )
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", str(oakfield), "-o", str(out), "-q", "--public", "--format", "docx,html"
    )
    assert code == 0, err
    page = html_text(out / "website" / "online-safety-policy.html")
    assert "Everyone may read this." in page
    assert "Beacon SchoolFilter" not in page
    # The whole clause marked internal: no heading, no text.
    text = (oakfield / "local/clauses/local/extra.md").read_text()
    (oakfield / "local/clauses/local/extra.md").write_text(
        text.replace("edition: 1e\n", "edition: 1e\ninternal: true\n")
    )
    code, _, err = run_cli("build", str(oakfield), "-o", str(out), "-q", "--public")
    assert code == 0, err
    public = all_text(out / "online-safety-policy.docx")
    assert "Everyone may read this." not in public and "Extra" not in public.splitlines()
    code, _, err = run_cli("build", str(oakfield), "-o", str(tmp_path / "staff"), "-q")
    staff = all_text(tmp_path / "staff" / "online-safety-policy.docx")
    assert "Everyone may read this." in staff and "We use Beacon SchoolFilter." in staff


def test_local_internal_must_name_an_optional_fact(oakfield: Path, tmp_path: Path) -> None:
    path = oakfield / "school.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "internal: [people.it_provider.phone]",
            "internal: [people.it_provider.phone, school.name, people.dsl.shoe_size]",
        ),
        encoding="utf-8",
    )
    code, _, err = run_cli("build", str(oakfield), "-o", str(tmp_path / "x"))
    assert code == 1
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "shoe_size" in t)
    assert f"school.yml:{line}:" in err
    assert "'school.name' cannot be left out" in err
    assert "'people.dsl.shoe_size' is not a fact" in err


def test_public_view_is_pure() -> None:
    from policykit.api import plan
    from policykit.public import public_facts

    (item,) = plan(EXAMPLES / "oakfield-primary")
    shown = public_facts(item.facts)
    assert item.facts.people.dsl is not None and item.facts.people.dsl.mobile == "07700 900461"
    assert shown.people.dsl is not None and shown.people.dsl.mobile is None
    assert shown.technology.filtering.provider == "our filtering service"
    assert shown.people.it_provider is not None and shown.people.it_provider.phone is None
    assert attrs.evolve(shown, people=item.facts.people).people == item.facts.people
