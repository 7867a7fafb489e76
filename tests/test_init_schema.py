"""``policykit init`` and ``policykit schema``: a first pack from a generated file, and a
JSON Schema, generated from the model, that every example satisfies."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import yaml

from conftest import EXAMPLES, run_cli
from policykit.model import SchoolFile, TrustFile
from policykit.schema import HELP, HIDDEN, schema_for

SETTINGS = ("early-years", "primary", "secondary")


def _plain(value: Any) -> Any:
    """YAML values as a YAML language server sees them (dates are text in YAML 1.2)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validate(path: Path, *, trust: bool) -> list[str]:
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    validator = jsonschema.Draft7Validator(schema_for(trust=trust))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def _fill(path: Path) -> None:
    """What a user does: write real values where init wrote examples."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("REPLACE: ", ""), encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    sorted(
        p
        for p in EXAMPLES.rglob("*.yml")
        if p.name in ("school.yml", "trust.yml") and "library" not in p.parts
    ),
    ids=lambda p: str(p.relative_to(EXAMPLES)),
)
def test_every_example_satisfies_the_schema(path: Path) -> None:
    assert _validate(path, trust=path.name == "trust.yml") == []


@pytest.mark.parametrize("trust", [False, True])
def test_schema_follows_the_model(trust: bool) -> None:
    schema = schema_for(trust=trust)
    jsonschema.Draft7Validator.check_schema(schema)
    root = TrustFile if trust else SchoolFile
    seen = {root.__name__: schema, **dict(schema["definitions"].items())}
    for name, part in seen.items():
        cls = root if name == root.__name__ else _model_class(name)
        fields = [f for f in attrs.fields(cls) if f.name not in HIDDEN]
        assert list(part["properties"]) == [f.name for f in fields]
        required = [f.name for f in fields if f.default is attrs.NOTHING]
        assert part.get("required", []) == required
        assert part["additionalProperties"] is False
        for field in fields:
            assert f"{name}.{field.name}" in HELP, f"{name}.{field.name} has no description"


def _model_class(name: str) -> type:
    from policykit import model

    found: type = getattr(model, name)
    return found


def test_schema_refuses_what_the_loader_refuses() -> None:
    data = _plain(yaml.safe_load((EXAMPLES / "oakfield-primary" / "school.yml").read_text()))
    validator = jsonschema.Draft7Validator(schema_for())
    data["people"]["dsl"]["shoe_size"] = 9
    data["school"]["setting"] = "college"
    data["approval"]["date"] = "15/09/2025"
    messages = [e.message for e in validator.iter_errors(data)]
    assert any("shoe_size" in m for m in messages)
    assert any("'college' is not one of" in m for m in messages)
    assert any("does not match" in m for m in messages)


def test_schema_command(tmp_path: Path) -> None:
    code, out, err = run_cli("schema")
    assert code == 0 and err == ""
    assert json.loads(out)["title"] == "policykit school file (school.yml)"
    code, out, _ = run_cli("schema", "--trust", "-o", str(tmp_path / "t.json"), "-q")
    assert code == 0 and out == ""
    assert "schools" in json.loads((tmp_path / "t.json").read_text())["properties"]


@pytest.mark.parametrize("setting", SETTINGS)
def test_init_then_build(setting: str, tmp_path: Path) -> None:
    folder = tmp_path / "my-school"
    code, _out, err = run_cli("init", str(folder), "--setting", setting)
    assert code == 0, err
    school = folder / "school.yml"
    text = school.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=school.schema.json"
    assert json.loads((folder / "school.schema.json").read_text()) == schema_for()
    assert f"setting: {setting}" in text
    # A build refuses every example value left in place, one located error each.
    marked = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if "REPLACE:" in line and not line.lstrip().startswith("#")
    ]
    expected = sum(line.count('"REPLACE:') for _, line in marked)
    code, _, err = run_cli("build", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1
    errors = re.findall(r"school\.yml:(\d+):\d+: error: (\S+) still holds", err)
    assert len(errors) == expected
    assert {int(line) for line, _ in errors} == {n for n, _ in marked}
    assert "school.name" in {field for _, field in errors}
    assert not (tmp_path / "out").exists()
    # Filled in, it checks against the schema and builds, website section included.
    _fill(school)
    assert _validate(school, trust=False) == []
    code, _, err = run_cli(
        "build", str(folder), "-o", str(tmp_path / "out"), "-q", "--format", "docx,html"
    )
    assert code == 0, err
    assert (tmp_path / "out" / "online-safety-policy.docx").is_file()
    assert (tmp_path / "out" / "website" / "parents.html").is_file()


def test_init_trust_with_a_school(tmp_path: Path) -> None:
    trust = tmp_path / "trust"
    assert run_cli("init", str(trust), "--setting", "trust", "-q") == (0, "", "")
    assert run_cli("init", str(trust / "schools" / "first-school"), "--setting", "primary")[0] == 0
    _fill(trust / "trust.yml")
    _fill(trust / "schools" / "first-school" / "school.yml")
    assert _validate(trust / "trust.yml", trust=True) == []
    code, _, err = run_cli("build", str(trust), "-o", str(tmp_path / "out"), "-q")
    assert code == 0, err
    assert (tmp_path / "out" / "oakfield-primary-school" / "image-consent-form.docx").is_file()


def test_init_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    assert run_cli("init", str(folder), "--setting", "primary", "-q")[0] == 0
    (folder / "school.yml").write_text("mine\n", encoding="utf-8")
    code, _, err = run_cli("init", str(folder), "--setting", "primary")
    assert code == 1 and "already exists" in err and "--force" in err
    assert (folder / "school.yml").read_text() == "mine\n"
    assert run_cli("init", str(folder), "--setting", "secondary", "--force", "-q")[0] == 0
    assert "setting: secondary" in (folder / "school.yml").read_text()
    code, _, err = run_cli("init", str(folder), "--setting", "college")
    assert code == 2 and "invalid choice" in err
