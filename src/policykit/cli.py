"""The ``policykit`` command. Maps every outcome to an exit code in one place.

Exit codes: 0 success; 1 problems in the input (printed compiler-style, nothing
written); 2 usage errors; 3 ``check --outdated`` found a newer library tag;
70 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from policykit import __version__

__all__ = ["EXIT_INTERNAL", "EXIT_OUTDATED", "EXIT_PROBLEMS", "EXIT_USAGE", "main"]

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_OUTDATED = 3
EXIT_INTERNAL = 70
FORMATS = ("docx", "pdf")


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    if "docx" not in chosen:
        chosen = ("docx", *chosen)
    return chosen


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--jobs is at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykit",
        description="Build a school's online-safety documents from versioned clause files.",
    )
    parser.add_argument("--version", action="version", version=f"policykit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    path_help = "a school or trust folder (holding school.yml or trust.yml), or the file"
    build = commands.add_parser(
        "build",
        help="write a school's (or trust's) pack of Word documents",
        description="Write every document of the pack, with manifest.json, into OUT. The"
        " previous contents of OUT are replaced only when the whole build succeeds.",
    )
    build.add_argument("path", metavar="PATH", help=path_help)
    build.add_argument(
        "-o", "--out", metavar="OUT", default="out", help="output folder (default: out)"
    )
    build.add_argument(
        "--format",
        type=_formats,
        default=("docx",),
        metavar="FORMATS",
        help="comma-separated: docx (always) and pdf (needs LibreOffice); default docx",
    )
    build.add_argument(
        "--jobs", type=_jobs, default=None, metavar="N", help="processes for trust builds"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = commands.add_parser(
        "check",
        help="check a school or trust without writing anything",
        description="Load, resolve and render everything a build would, and report problems"
        " and reading grades. Writes nothing.",
    )
    check.add_argument("path", metavar="PATH", help=path_help)

    coverage = commands.add_parser(
        "coverage",
        help="show which clause covers each required topic, and any gaps",
        description="Print, for each pack, a matrix of the setting's required topics against"
        " the pack's documents, naming the clauses that cover each. Exits 1 when there is a gap.",
    )
    coverage.add_argument("path", metavar="PATH", help=path_help)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    from policykit.errors import PolicykitError

    try:
        if args.command == "build":
            return _build(args, out)
        if args.command == "check":
            return _check(args, out)
        if args.command == "coverage":
            return _coverage(args, out)
    except PolicykitError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        count = len([p for p in exc.problems if p.severity.value == "error"])
        noun = "problem" if count == 1 else "problems"
        print(f"policykit: {count} {noun} found; nothing was written.", file=err)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("policykit: interrupted; nothing was changed.", file=err)
        return 130
    except Exception as exc:  # the one place a bug becomes a message, not a traceback
        import traceback

        print(f"policykit: internal error: {type(exc).__name__}: {exc}", file=err)
        print("This is a bug in policykit; please report it with the details below.", file=err)
        traceback.print_exc(limit=6, file=err)
        return EXIT_INTERNAL
    parser.error(f"unknown command {args.command}")  # pragma: no cover - argparse checks


def _build(args: argparse.Namespace, out: TextIO) -> int:
    from policykit.api import build, write_packs

    packs = build(args.path)
    result = write_packs(packs, Path(args.out), formats=args.format)
    for warning in result.warnings:
        print(warning, file=out)
    if not args.quiet:
        documents = sum(len(p.manifest["documents"]) for p in result.packs)
        for pack in result.packs:
            print(f"{pack.folder}/", file=out)
            for file in pack.files:
                print(f"  {file.name}", file=out)
        print(
            f"wrote {len(result.packs)} pack{'s' if len(result.packs) != 1 else ''},"
            f" {documents} document{'s' if documents != 1 else ''}, to {args.out}",
            file=out,
        )
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from policykit.api import check

    report = check(args.path)
    for warning in report.warnings:
        print(warning, file=out)
    for pack in report.packs:
        count = len(pack.documents)
        clauses = len({c.id for d in pack.documents for c in d.clauses})
        print(f"{pack.school.name}: {count} documents, {clauses} clauses, no errors", file=out)
        for document in pack.documents:
            reading = pack.readings.get(document.id)
            if reading is None or document.reading_grade is None:
                continue
            verdict = "ok" if reading.grade <= document.reading_grade else "ABOVE TARGET"
            print(
                f"  reading grade {reading.grade:>4} (target {document.reading_grade:g}, {verdict})"
                f"  {document.id}",
                file=out,
            )
    return 0


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    from policykit.api import coverage

    gaps = 0
    for school, matrix in coverage(args.path):
        print(
            f"{school.name} ({school.setting}): {len(matrix.topics)} required topics,"
            f" {len(matrix.gaps)} gap{'s' if len(matrix.gaps) != 1 else ''}",
            file=out,
        )
        codes = {doc: f"D{i}" for i, doc in enumerate(matrix.documents, 1)}
        for doc, code in codes.items():
            print(f"  {code} = {doc}", file=out)
        width = max((len(t.id) for t in matrix.topics), default=10)
        header = "  ".join(f"{c:<3}" for c in codes.values())
        print(f"  {'':<6}{'topic':<{width}}  {header}  clauses", file=out)
        for topic in matrix.topics:
            row = matrix.cells[topic.id]
            marks = "  ".join(f"{'x' if row[d] else '.':<3}" for d in matrix.documents)
            clauses = ", ".join(matrix.clauses_for(topic.id))
            flag = "GAP" if not clauses else "ok"
            shown = clauses or f"(none: {topic.title})"
            print(f"  {flag:<6}{topic.id:<{width}}  {marks}  {shown}", file=out)
        gaps += len(matrix.gaps)
        print(file=out)
    return EXIT_PROBLEMS if gaps else 0
