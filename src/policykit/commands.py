"""The commands added in 0.2 for families' paperwork and new schools: consent, init, schema.

Kept apart from :mod:`policykit.cli` so that module only registers them; each handler
imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

__all__ = ["HANDLERS", "add_commands"]


def add_commands(commands: Any) -> None:
    """Add ``consent``, ``init`` and ``schema`` to the subcommand parsers."""
    consent = commands.add_parser(
        "consent",
        help="read returned image consent forms; write the staff 'do not photograph' list",
        description="Turn returned image consent forms into data, and the data into the list"
        " staff use.",
    )
    steps = consent.add_subparsers(dest="consent_command", metavar="STEP", required=True)
    read = steps.add_parser(
        "read",
        help="read returned forms (.docx) into a CSV file, one row per child",
        description="Read returned image consent forms, check each was issued by policykit for"
        " this school, and write one row per child with a Yes/No column per use. Forms with"
        " a use not answered, answered both ways, unsigned, or from an older version of the"
        " form are reported (and marked in the CSV's 'problems' column).",
    )
    read.add_argument("forms", metavar="FORM", nargs="+", help="returned forms (.docx) or folders")
    read.add_argument("-o", "--out", metavar="CSV", required=True, help="the CSV file to write")
    read.add_argument(
        "--school",
        metavar="PATH",
        default=".",
        help="the school the forms belong to (folder or school.yml; default: this folder)",
    )
    read.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 (and write nothing) when any form has a problem",
    )
    read.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    listing = steps.add_parser(
        "list",
        help="write the staff 'do not photograph or publish' list from the CSV",
        description="Write a confidential list, grouped by class or tutor group, of the"
        " children whose photographs must not be taken or used in some way: Word, and PDF"
        " when LibreOffice is installed.",
    )
    listing.add_argument("csv", metavar="CSV", help="the file 'policykit consent read' wrote")
    listing.add_argument(
        "-o",
        "--out",
        metavar="OUT",
        required=True,
        help="the Word file to write (a .docx name), or a folder for do-not-photograph.docx",
    )
    listing.add_argument(
        "--school",
        metavar="PATH",
        default=None,
        help="the school (for its name and house style); default: the CSV's school",
    )
    listing.add_argument("--no-pdf", action="store_true", help="write the Word file only")
    listing.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    init = commands.add_parser(
        "init",
        help="write a commented starting school.yml (or trust.yml) to fill in",
        description="Write a school or trust file with every field the setting needs, a"
        " comment explaining each, and example values marked REPLACE for you to change. A"
        " build refuses the file until every marked value is replaced.",
    )
    init.add_argument("path", metavar="PATH", help="the folder (or .yml file) to create")
    init.add_argument(
        "--setting",
        required=True,
        choices=("early-years", "primary", "secondary", "trust"),
        help="the kind of provider",
    )
    init.add_argument("--force", action="store_true", help="replace an existing file")
    init.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of school.yml (or trust.yml) for editors",
        description="Print a JSON Schema generated from policykit's model, for editors with a"
        " YAML language server. Machine-readable output on standard output.",
    )
    schema.add_argument("--trust", action="store_true", help="the schema of trust.yml")
    schema.add_argument("-o", "--out", metavar="FILE", help="write to FILE instead")
    schema.add_argument("-q", "--quiet", action="store_true", help="print nothing but the schema")


def _consent(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.consent import list_command, read_command

    if args.consent_command == "read":
        return read_command(
            [Path(f) for f in args.forms],
            Path(args.out),
            Path(args.school),
            strict=args.strict,
            quiet=args.quiet,
            stdout=out,
            stderr=err,
        )
    return list_command(
        Path(args.csv),
        Path(args.out),
        Path(args.school) if args.school else None,
        pdf=not args.no_pdf,
        quiet=args.quiet,
        stdout=out,
        stderr=err,
    )


def _init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.starter import write_starter

    written = write_starter(Path(args.path), args.setting, force=args.force)
    if not args.quiet:
        print(
            f"wrote {written}: replace every value marked REPLACE, then run"
            f" 'policykit check {written.parent}'",
            file=out,
        )
    return 0


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.schema import schema_text

    text = schema_text(trust=args.trust)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        if not args.quiet:
            print(f"wrote {args.out}", file=err)
    else:
        out.write(text)
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "consent": _consent,
    "init": _init,
    "schema": _schema,
}
