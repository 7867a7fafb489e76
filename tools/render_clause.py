"""Render clauses for a school, to read the wording while writing it.

    python tools/render_clause.py examples/oakfield-primary policy/aims [more ids...]
    python tools/render_clause.py examples/oakfield-primary 'policy/*'

Prints each clause's problems, or its text as the Word writer will see it, and the
Flesch-Kincaid reading grade of all the clauses printed together (what `policykit
check` reports for a pupil agreement).
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

from policykit.api import Session
from policykit.blocks import Block, Heading, ListBlock, Paragraph, Table, plain_text
from policykit.errors import PolicykitError
from policykit.facts import school_facts
from policykit.library import builtin_root, load_layer, stack_layers
from policykit.loading import find_input, load_school
from policykit.readability import reading_of


def main(argv: list[str]) -> int:
    """Render the clauses named in ``argv[1:]`` for the school at ``argv[0]``."""
    if len(argv) < 2:
        print(__doc__)
        return 2
    source = load_school(find_input(Path(argv[0])))
    # Unchecked stacking: specs may name clauses that are still being written.
    library = stack_layers([load_layer(builtin_root(), "builtin")], check=False)
    profile = library.profile(source.file.school.setting)
    facts = school_facts(source.file, source.doc, profile)
    session = Session()
    wanted = [c for c in library.clauses if any(fnmatch.fnmatch(c, p) for p in argv[1:])]
    status = 0
    rendered: list[Block] = []
    for clause_id in wanted:
        clause = library.clauses[clause_id]
        print(f"=== {clause_id} ({clause.edition}): {clause.title}")
        if not clause.applies_to(facts.setting, facts.phases):
            print("    (not for this setting or these phases)")
            continue
        try:
            blocks = session.renderer.render(clause, facts)
        except PolicykitError as exc:
            print(exc)
            status = 1
            continue
        rendered.extend(blocks)
        for block in blocks:
            if isinstance(block, ListBlock):
                for line in plain_text(block).splitlines():
                    print(f"  - {line}")
            elif isinstance(block, Paragraph | Heading | Table):
                print(plain_text(block))
            print()
    reading = reading_of(rendered)
    print(
        f"reading grade {reading.grade} ({reading.words} words, {reading.sentences} sentences);"
        f" longest sentence: {reading.longest_sentence!r}"
    )
    return status


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except PolicykitError as exc:
        print(exc)
        sys.exit(1)
