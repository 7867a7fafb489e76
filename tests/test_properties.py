"""Properties that hold for any input, checked with hypothesis (200 examples each in CI)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import docx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, all_text
from policykit.api import Session, build_pack
from policykit.convert import structure
from policykit.errors import PolicykitError
from policykit.facts import school_facts
from policykit.library import builtin_root, load_layer, stack_layers
from policykit.model import Phase, SchoolFile, Setting
from policykit.resolve import ResolvedDocument, resolve_documents
from policykit.yamlfile import load_yaml_text

# Any printable text: letters of every script, emoji, combining marks, punctuation and
# XML's special characters; no control characters or line breaks (a name is one line).
names = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
            blacklist_characters="\ufffe\uffff",
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)

SESSION = Session()
BASE = yaml.safe_load((EXAMPLES / "oakfield-primary" / "school.yml").read_text())


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(school=names, dsl=names, provider=names, chair=names)
def test_any_facts_appear_exactly_in_documents_that_reopen(
    school: str, dsl: str, provider: str, chair: str
) -> None:
    """Whatever the names, the pack builds and the documents hold them exactly."""
    data = yaml.safe_load(yaml.safe_dump(BASE))
    data["school"]["name"] = school
    data["school"]["slug"] = "any-school"
    data["people"]["dsl"]["name"] = dsl
    data["people"]["chair"]["name"] = chair
    data["technology"]["filtering"]["provider"] = provider
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "school.yml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
        pack = build_pack(folder, session=SESSION)
        for document_id in ("online-safety-policy", "staff-acceptable-use"):
            path = folder / f"{document_id}.docx"
            path.write_bytes(pack.render(pack.document(document_id)))
            document = docx.Document(str(path))
            assert document.paragraphs[1].text == school
            text = all_text(path)
            assert (
                dsl in text and provider in text if document_id == "online-safety-policy" else True
            )
            if document_id == "online-safety-policy":
                cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
                assert chair in cells
                assert any(c.startswith(dsl) for c in cells)
    finally:
        shutil.rmtree(folder)


LIBRARY = stack_layers([load_layer(builtin_root(), "builtin")])
PHASES = {
    Setting.EARLY_YEARS: [Phase.EARLY_YEARS, Phase.RECEPTION],
    Setting.PRIMARY: [Phase.EARLY_YEARS, Phase.RECEPTION, Phase.KS1, Phase.KS2],
    Setting.SECONDARY: [Phase.KS3, Phase.KS4, Phase.SIXTH_FORM],
}


@st.composite
def schools(draw: st.DrawFn) -> tuple[Setting, list[Phase], list[str]]:
    setting = draw(st.sampled_from(sorted(PHASES)))
    phases = draw(st.lists(st.sampled_from(PHASES[setting]), min_size=1, unique=True))
    omitted = draw(st.lists(st.sampled_from(sorted(LIBRARY.clauses)), max_size=6, unique=True))
    return setting, phases, omitted


@settings(deadline=None)
@given(schools())
def test_resolving_is_deterministic_and_keeps_spec_order(
    school: tuple[Setting, list[Phase], list[str]],
) -> None:
    """The same school resolves to the same documents every time, in the specs' order."""
    setting, phases, omitted = school
    data = yaml.safe_load(yaml.safe_dump(BASE))
    data["school"]["setting"] = setting.value
    data["school"]["phases"] = [p.value for p in phases]
    data["people"]["manager"] = data["people"]["headteacher"]
    data["local"] = {"omit": [{"clause": c, "reason": "not here"} for c in omitted]}
    doc = load_yaml_text(yaml.safe_dump(data, allow_unicode=True), "school.yml")
    file = structure(doc, doc.value, SchoolFile)
    facts = school_facts(file, doc, LIBRARY.profile(setting))
    outcomes: list[tuple[object, ...]] = []
    for _ in range(2):
        try:
            outcomes.append(resolve_documents(LIBRARY, facts, doc))
        except PolicykitError as exc:  # e.g. every clause of a document omitted
            outcomes.append(exc.problems)
    first, second = outcomes
    assert first == second
    for document in first:
        if not isinstance(document, ResolvedDocument):
            return
        listed = [c for s in document.spec.sections for c in s.clauses]
        used = [c.id for c in document.clauses()]
        assert used == [c for c in listed if c in used]
        assert not set(used) & set(omitted)
        assert all(c.applies_to(setting, tuple(phases)) for c in document.clauses())
