"""The website section's content: what each school's pages say, read back from the HTML.

(The browser tests in test_browser.py load the same pages in Chromium.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, tree_snapshot
from test_public import html_text

Build = Callable[[str], Path]
CEOP = 'class="ceop-button" href="https://www.ceop.police.uk/Safety-Centre/"'


def page(out: Path, name: str) -> str:
    return (out / "website" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("example", "children"),
    [("oakfield-primary", True), ("riverside-academy", True), ("little-acorns-nursery", False)],
)
def test_pages_of_each_setting(built_public: Build, example: str, children: bool) -> None:
    out = built_public(example)
    files = {p.name for p in (out / "website").iterdir()}
    assert {"index.html", "parents.html", "site.css", "online-safety-policy.html"} <= files
    assert ("children.html" in files) is children  # an early-years setting has none
    assert "staff-training-audit.html" not in files  # staff forms stay off the website
    for name in files - {"site.css"}:
        html = page(out, name)
        assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert html.count(CEOP) == 1
        assert "<script" not in html and "http://" not in html
        assert '<link rel="stylesheet" href="site.css">' in html
        assert "@import" not in page(out, "site.css") and "url(" not in page(out, "site.css")


def test_report_block_names_the_dsl_and_helplines(built_public: Build) -> None:
    out = built_public("oakfield-primary")
    parents = html_text(out / "website" / "parents.html")
    for text in (
        "Report a concern",
        "Designated safeguarding lead : Sam Patel, Deputy Headteacher",
        "dsl@oakfield.example.sch.uk",
        "0800 1111",
        "0808 800 5000",
        "they will pass your concern to Sam Patel, our designated safeguarding lead, the same",
        "https://report.iwf.org.uk/",
        "https://www.thinkuknow.co.uk/",
        "https://www.nspcc.org.uk/",
        "https://www.childline.org.uk/",
        "tel:08001111",
    ):
        assert text in parents, text
    children = html_text(out / "website" / "children.html")
    assert "Worried about something online?" in children
    assert "tell a grown-up you trust" in children
    assert "0808 800 5000" not in children  # the adults' helpline is on adults' pages


def test_pages_are_built_from_clauses_and_facts(built_public: Build) -> None:
    oak = html_text(built_public("oakfield-primary") / "website" / "parents.html")
    assert "Sam Patel is our designated safeguarding lead (DSL) and leads on online safety" in oak
    assert "Pupils' phones are handed in at the office on arrival" in oak
    assert "most social media apps are for age 13 and over" in oak  # primary wording
    river = html_text(built_public("riverside-academy") / "website" / "parents.html")
    assert "threatens to share one, it is not their fault" in river  # secondary wording
    nursery = html_text(built_public("little-acorns-nursery") / "website" / "parents.html")
    assert "Watch and play alongside your child" in nursery  # early-years wording
    students = html_text(built_public("riverside-academy") / "website" / "children.html")
    assert "Report Remove" in students and "Daniel Mensah is our designated" in students
    policy = page(built_public("oakfield-primary"), "online-safety-policy.html")
    assert '<span class="num">1</span>' in policy  # the Word document's numbering
    assert "<caption>Key people</caption>" in policy


def test_children_page_reading_grade() -> None:
    from policykit.api import Session, plan
    from policykit.public import compose_public
    from policykit.readability import reading_of
    from policykit.website import _website_specs

    session = Session()
    (item,) = plan(EXAMPLES / "oakfield-primary", session=session)
    resolved = _website_specs(item)["website-children-primary"]
    document = compose_public(resolved, item.facts, session.renderer)
    assert reading_of(document.blocks).grade <= 3.5


def test_trust_section_and_its_schools(built_public: Build) -> None:
    out = built_public("northgate-learning-trust")
    trust = {p.name for p in (out / "northgate-learning-trust" / "website").iterdir()}
    assert "index.html" in trust and "parents.html" not in trust
    school = out / "kingsmead-academy"
    assert (school / "website" / "children.html").is_file()
    manifest = json.loads((school / "manifest.json").read_text())
    for entry in manifest["website"]["pages"]:
        data = (school / "website" / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_same_inputs_same_pages(oakfield: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        code, _, err = run_cli(
            "build", str(oakfield), "-o", str(tmp_path / name), "-q", "--format", "html"
        )
        assert code == 0, err
    assert tree_snapshot(tmp_path / "a" / "website") == tree_snapshot(tmp_path / "b" / "website")
    # A rebuild into the same folder reuses the documents and writes the section again.
    code, _, err = run_cli("build", str(oakfield), "-o", str(tmp_path / "a"), "--format", "html")
    assert code == 0 and "11 unchanged, reused" in _
    assert tree_snapshot(tmp_path / "a" / "website") == tree_snapshot(tmp_path / "b" / "website")


def test_failed_site_leaves_previous_output(oakfield: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", str(oakfield), "-o", str(out), "-q", "--format", "html")[0] == 0
    before = tree_snapshot(out)
    local = oakfield / "local" / "clauses" / "website"
    local.mkdir(parents=True)
    (local / "welcome.md").write_text(
        "---\ntitle: Welcome\nedition: 1e\nchanges:\n  - {edition: 1e, date: 2025-09-01,"
        " summary: First.}\n---\nHello {{ school.nmae }}.\n",
        encoding="utf-8",
    )
    school = oakfield / "school.yml"
    school.write_text(
        school.read_text().replace("local:\n", "local:\n  clauses: local\n"), encoding="utf-8"
    )
    code, _, err = run_cli("build", str(oakfield), "-o", str(out), "--format", "html")
    assert code == 1
    assert "website/welcome.md:" in err and "nmae" in err
    assert tree_snapshot(out) == before


def test_write_packs_refuses_html(tmp_path: Path) -> None:
    import policykit
    from policykit.errors import PolicykitError

    pack = policykit.build_pack(EXAMPLES / "oakfield-primary")
    with pytest.raises(PolicykitError, match="write_build"):
        pack.write(tmp_path / "out", formats=("docx", "html"))
    assert not (tmp_path / "out").exists()


def test_docx_rebuild_after_html_drops_the_section(oakfield: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", str(oakfield), "-o", str(out), "-q", "--format", "html")[0] == 0
    assert "website" in json.loads((out / "manifest.json").read_text())
    assert run_cli("build", str(oakfield), "-o", str(out), "-q")[0] == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert "website" not in manifest and "public" not in manifest
    assert not (out / "website").exists()
