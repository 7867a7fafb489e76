"""Every command takes -q (DESIGN, "Commands added in 0.2")."""

from __future__ import annotations

import argparse
from pathlib import Path

from conftest import EXAMPLES, run_cli
from policykit.cli import _parser


def test_every_command_takes_quiet(tmp_path: Path) -> None:
    parser = _parser()
    action = next(a for a in parser._actions if a.dest == "command")
    commands: dict[str, argparse.ArgumentParser] = dict(action.choices or {})
    for name, sub in commands.items():
        options = {o for action in sub._actions for o in action.option_strings}
        steps = [a for a in sub._actions if a.dest == "consent_command"]
        if steps:
            choices: dict[str, argparse.ArgumentParser] = dict(steps[0].choices or {})
            for step in choices.values():
                assert "-q" in {o for a in step._actions for o in a.option_strings}, name
        else:
            assert "-q" in options, name
    school = str(EXAMPLES / "oakfield-primary")
    for args in (["check", school], ["coverage", school], ["changes", school]):
        code, out, err = run_cli(*args, "-q")
        assert (code, out, err) == (0, "", ""), args
    code, out, _ = run_cli("check", school)
    assert code == 0 and "no errors" in out
