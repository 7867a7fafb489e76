"""Rendering clause bodies: facts in, blocks out; mistakes and mischief refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policykit.blocks import ListBlock, Paragraph, Text
from policykit.convert import structure
from policykit.errors import PolicykitError
from policykit.facts import Facts, school_facts
from policykit.library import builtin_root, load_clause, load_layer
from policykit.model import Clause, SchoolFile, Setting
from policykit.render import ClauseRenderer
from policykit.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def facts() -> Facts:
    """Oakfield Primary's facts with the primary profile."""
    path = ROOT / "examples" / "oakfield-primary" / "school.yml"
    doc = load_yaml(path, "school.yml")
    file = structure(doc, doc.value, SchoolFile)
    profile = load_layer(builtin_root(), "builtin").profiles[Setting.PRIMARY]
    return school_facts(file, doc, profile)


@pytest.fixture
def clause(tmp_path: Path) -> Callable[..., Clause]:
    """Write a clause file and load it."""

    def make(body: str, uses: str = "[]", name: str = "test/clause") -> Clause:
        path = tmp_path / "clauses" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "---\ntitle: Test\nedition: 1e\nuses: " + uses + "\n---\n" + body, encoding="utf-8"
        )
        return load_clause(path, name, "test")

    return make


def text_of(blocks: tuple[object, ...]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append("".join(i.text for i in block.inlines if isinstance(i, Text)))
        elif isinstance(block, ListBlock):
            parts.extend(
                "".join(i.text for i in item.inlines if isinstance(i, Text)) for item in block.items
            )
    return "\n".join(parts)


def problem_text(error: PolicykitError) -> str:
    return "\n".join(str(p) for p in error.problems)


def test_facts_are_printed(facts: Facts, clause: Callable[..., Clause]) -> None:
    """Names, roles, dates and lists come from the facts."""
    c = clause(
        "{{ school.name }}: {{ people.dsl.name }} ({{ roles.leader }}), next review"
        " {{ approval.next_review }}; tools: {{ technology.ai_tools }}.",
        "[people.dsl, technology.ai_tools]",
    )
    text = text_of(ClauseRenderer().render(c, facts))
    assert text == (
        "Oakfield Primary School: Sam Patel (Headteacher), next review 15 September 2026;"
        " tools: Microsoft Copilot with staff school accounts."
    )


def test_printed_facts_are_not_markdown(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A fact holding Markdown characters appears exactly, not formatted."""
    import attrs

    odd = attrs.evolve(facts, school=attrs.evolve(facts.school, name="St *Mary's* & [Co]_1"))
    c = clause("Welcome to **{{ school.name }}**.")
    (para,) = ClauseRenderer().render(c, odd)
    assert isinstance(para, Paragraph)
    assert para.inlines[1] == Text("St *Mary's* & [Co]_1", bold=True)


def test_undeclared_facts_are_refused_at_their_line(
    facts: Facts, clause: Callable[..., Clause]
) -> None:
    """A body that reads a fact missing from 'uses' is an error naming the line."""
    c = clause("Fine.\n\nAsk {{ people.dsl.name }}.\n")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    message = problem_text(caught.value)
    assert "reads people.dsl.name but does not declare it in 'uses'" in message
    assert "clause.md:8: error" in message  # 5 lines of front matter; the body's third line


def test_unknown_names_get_did_you_mean(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A misspelt fact root is named with the nearest real one."""
    c = clause("Ask {{ peeple.dsl.name }}.")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    assert "did you mean 'people'?" in problem_text(caught.value)


def test_undefined_attribute_is_an_error(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A misspelt fact is found before rendering, at its line, with a did-you-mean."""
    c = clause("Line one.\n\n{{ people.dsl.nmae }}\n", "[people.dsl]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    message = problem_text(caught.value)
    assert "reads people.dsl.nmae, but people.dsl has no 'nmae'" in message
    assert "clause.md:8: error" in message
    assert "did you mean 'name'?" in message


def test_undefined_values_at_render_time_are_explained(
    facts: Facts, clause: Callable[..., Clause]
) -> None:
    """An attribute of a looped item that does not exist stops the render, in plain words."""
    c = clause("{% for p in people.deputy_dsls %}{{ p.nmae }}{% endfor %}", "[people.deputy_dsls]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    message = problem_text(caught.value)
    assert (
        "clause 'test/clause' has an undefined value: a person has no attribute 'nmae'" in message
    )
    assert "policykit.model" not in message


def test_missing_fact_is_never_printed_as_none(facts: Facts, clause: Callable[..., Clause]) -> None:
    """An optional fact that is absent must not appear as the word None."""
    c = clause("Email {{ people.link_governor.email }}.", "[people.link_governor]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    assert "not given in the school file" in problem_text(caught.value)


def test_required_use_missing_from_school(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A declared fact the school does not give is reported against the school file."""
    import attrs

    thin = attrs.evolve(facts, people=attrs.evolve(facts.people, rshe_lead=None))
    c = clause("{{ people.rshe_lead.name }}", "[people.rshe_lead]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, thin)
    message = problem_text(caught.value)
    assert "needs people.rshe_lead, which the school file does not give" in message
    assert "local.omit" in message


def test_optional_uses_may_be_absent(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A fact declared with ? may be missing when the body tests for it."""
    import attrs

    thin = attrs.evolve(facts, people=attrs.evolve(facts.people, rshe_lead=None))
    c = clause(
        "{% if people.rshe_lead %}Lead: {{ people.rshe_lead.name }}{% else %}No lead.{% endif %}",
        "[people.rshe_lead?]",
    )
    assert text_of(ClauseRenderer().render(c, thin)) == "No lead."
    assert text_of(ClauseRenderer().render(c, facts)) == "Lead: Priya Shah"


def test_syntax_errors_name_the_line(facts: Facts, clause: Callable[..., Clause]) -> None:
    """Unclosed tags are template syntax errors at their line."""
    c = clause("One.\n\n{% if school.name %}\nTwo.\n")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    assert "template syntax error in clause 'test/clause'" in problem_text(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ school.__class__ }}",
        "{{ school.name.__class__.__base__.__subclasses__() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ roles._mapping }}",
        "{{ school.name.format.__globals__ }}",
    ],
)
def test_python_internals_are_out_of_reach(
    facts: Facts, clause: Callable[..., Clause], body: str
) -> None:
    """The sandbox refuses attributes that lead to Python internals."""
    c = clause(body, "[]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    message = problem_text(caught.value)
    assert "Python internals" in message or "an undefined value" in message
    assert "object" not in message.split("error:")[0]


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ("{{ 'x' * 100000000 }}", "longer than"),
        ("{{ 'ab' ~ 'x' * 300000 }}", "longer than"),
        ("{% set a = 'x' * 150000 %}{{ a ~ a }}", "longer than"),
        ("{{ 9 ** 9999999 }}", "powers"),
        ("{% for i in range(10000000) %}x{% endfor %}", "range() is limited"),
        (
            "{% for i in range(1000) %}{% for j in range(1000) %}{{ i }}{% endfor %}{% endfor %}",
            "characters",
        ),
        (
            "{% set x = 'x' * 30 %}{{ 'x'|replace('x', x)|replace('x', x)|replace('x', x)"
            "|replace('x', x) }}",
            "longer than",
        ),
    ],
)
def test_enormous_output_is_bounded(
    facts: Facts, clause: Callable[..., Clause], body: str, expect: str
) -> None:
    """No clause can build or print an enormous string."""
    c = clause(body, "[]")
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(c, facts)
    assert expect in problem_text(caught.value)


def test_endless_loops_stop_at_the_deadline(
    facts: Facts, clause: Callable[..., Clause], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clause that loops without printing is stopped by the time limit."""
    import policykit.render as render

    monkeypatch.setattr(render, "DEADLINE_SECONDS", 0.5)
    body = (
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(PolicykitError) as caught:
        ClauseRenderer().render(clause(body), facts)
    assert "took longer than 0.5 seconds" in problem_text(caught.value)


@pytest.mark.parametrize("name", ["cycler", "joiner", "namespace", "lipsum", "dict", "self"])
def test_globals_that_help_escape_are_gone(
    facts: Facts, clause: Callable[..., Clause], name: str
) -> None:
    """Jinja's helper globals are not available to clauses."""
    with pytest.raises(PolicykitError, match=f"uses '{name}', which is not a fact"):
        ClauseRenderer().render(clause(f"{{{{ {name} }}}}"), facts)


def test_files_and_environment_are_unreachable(facts: Facts, clause: Callable[..., Clause]) -> None:
    """There is no include, import or environment access from a clause."""
    for body in ("{% include '/etc/passwd' %}", "{% import 'os' as os %}"):
        with pytest.raises(PolicykitError):
            ClauseRenderer().render(clause(body), facts)


def test_constant_clauses_are_parsed_once(facts: Facts, clause: Callable[..., Clause]) -> None:
    """A body without template syntax gives the same blocks object for every school."""
    renderer = ClauseRenderer()
    c = clause("Plain words only.")
    assert renderer.render(c, facts) is renderer.render(c, facts)
