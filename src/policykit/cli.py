"""The ``policykit`` command. Maps every outcome to an exit code in one place.

Exit codes: 0 success; 1 problems in the input (printed compiler-style, nothing
written); 2 usage errors; 3 ``check --outdated`` found a newer library tag;
70 an internal error (a bug: please report it).

Only argparse and the version load at start-up; each command imports what it needs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from policykit import __version__

__all__ = ["EXIT_INTERNAL", "EXIT_OUTDATED", "EXIT_PROBLEMS", "EXIT_USAGE", "main"]

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_OUTDATED = 3
EXIT_INTERNAL = 70
FORMATS = ("docx", "pdf", "html")
#: Commands whose report on standard output -q silences (the others handle -q themselves).
QUIETED = ("check", "coverage", "changes", "update")
PATH_HELP = "a school or trust folder (holding school.yml or trust.yml), or the file itself"


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return chosen if "docx" in chosen else ("docx", *chosen)


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
        epilog="Exit codes: 0 ok, 1 problems found (nothing written), 2 usage,"
        f" {EXIT_OUTDATED} library outdated (check --outdated), {EXIT_INTERNAL} internal error.",
    )
    parser.add_argument("--version", action="version", version=f"policykit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser(
        "build",
        help="write a school's (or trust's) pack of Word documents",
        description="Write every document of the pack, with manifest.json, into OUT. OUT is"
        " replaced only when the whole build succeeds; documents whose inputs are unchanged"
        " since the last build there are reused.",
    )
    build.add_argument("path", metavar="PATH", help=PATH_HELP)
    build.add_argument(
        "-o", "--out", metavar="OUT", default="out", help="output folder (default: out)"
    )
    build.add_argument(
        "--format",
        type=_formats,
        default=("docx",),
        metavar="FORMATS",
        help="comma-separated: docx (always), pdf (needs LibreOffice) and html (the website"
        " section, in each pack's website/ folder); default docx",
    )
    build.add_argument(
        "--public",
        action="store_true",
        help="write public versions of the Word and PDF files: internal text and facts left out",
    )
    build.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes for a trust's schools (default: the number of cores)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    check = commands.add_parser(
        "check",
        help="check a school or trust without writing anything",
        description="Load, resolve and render everything a build would, and report problems"
        " and reading grades. Writes nothing.",
    )
    check.add_argument("path", metavar="PATH", help=PATH_HELP)
    check.add_argument(
        "--outdated",
        action="store_true",
        help=f"also exit {EXIT_OUTDATED} when a git library has a newer tag than the pinned one",
    )

    coverage = commands.add_parser(
        "coverage",
        help="show which clause covers each required topic, and any gaps",
        description="Print, for each pack, a matrix of the setting's required topics against"
        " the pack's documents, naming the clauses that cover each. Exits 1 on a gap.",
    )
    coverage.add_argument("path", metavar="PATH", help=PATH_HELP)

    changes = commands.add_parser(
        "changes",
        help="list what changed since the last approved version (or a git ref)",
        description="Print a plain-English table of changed clauses: document, clause, old"
        " and new edition, what readers must do, and the summary of the change.",
    )
    changes.add_argument("path", metavar="PATH", help=PATH_HELP)
    changes.add_argument("--since", metavar="REF", help="compare with the library at this git ref")

    update = commands.add_parser(
        "update",
        help="move the library pin in policykit.lock and show what changed",
        description="Pin the library at REF (default: its newest tag) in policykit.lock,"
        " recording the wording last approved, and print what changed.",
    )
    update.add_argument("path", metavar="PATH", help=PATH_HELP)
    update.add_argument("--to", metavar="REF", help="the tag, branch or commit to move to")

    from policykit.commands import add_commands  # consent, init, schema

    add_commands(commands)
    for name in QUIETED:  # every command takes -q (DESIGN: commands added in 0.2)
        commands.choices[name].add_argument(
            "-q", "--quiet", action="store_true", help="print only problems and the exit code"
        )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        # argparse prints usage and help itself; send it where the caller asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    from policykit.errors import PolicykitError, Severity

    handlers: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
        "build": _build,
        "check": _check,
        "coverage": _coverage,
        "changes": _changes,
        "update": _update,
    }
    from policykit.commands import HANDLERS

    handlers.update(HANDLERS)
    if args.command in QUIETED and args.quiet:
        import io

        out = io.StringIO()  # reports go nowhere; problems still reach stderr
    try:
        return handlers[args.command](args, out, err)
    except PolicykitError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        count = sum(1 for p in exc.problems if p.severity is Severity.ERROR)
        noun = "problem" if count == 1 else "problems"
        print(f"policykit: {count} {noun} found; nothing was written.", file=err)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("policykit: interrupted; nothing was changed.", file=err)
        return 130
    except Exception as exc:  # the one place a bug becomes a message, not a traceback
        import traceback

        print(f"policykit: internal error: {type(exc).__name__}: {exc}", file=err)
        print("This is a bug in policykit; please report it with the lines below.", file=err)
        traceback.print_exc(limit=-6, file=err)
        return EXIT_INTERNAL


def _build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.api import write_build
    from policykit.progress import Progress

    jobs = args.jobs or os.cpu_count() or 1
    with Progress(err, quiet=args.quiet) as progress:
        result = write_build(
            args.path,
            Path(args.out),
            formats=args.format,
            jobs=jobs,
            on_pack=progress.pack_done,
            public=args.public,
        )
    for warning in result.warnings:
        print(warning, file=err)
    if not args.quiet:
        documents = sum(len(p.manifest["documents"]) for p in result.packs)
        reused = sum(p.reused for p in result.packs)
        packs = len(result.packs)
        note = f" ({reused} unchanged, reused)" if reused else ""
        if "html" in args.format:
            note += ", with the website section in website/"
        print(
            f"wrote {packs} pack{'s' if packs != 1 else ''}, {documents}"
            f" document{'s' if documents != 1 else ''}{note}, to {args.out}",
            file=out,
        )
    return 0


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.api import check, check_library_folder, is_library_folder

    if is_library_folder(args.path):
        library = check_library_folder(args.path)
        print(
            f"{args.path}: a clause library of {library.clauses} clauses; with the built-in"
            f" library, {library.documents} document specs and {library.profiles} profiles;"
            " no errors",
            file=out,
        )
        return 0
    report = check(args.path)
    for warning in report.warnings:
        print(warning, file=err)
    for pack in report.packs:
        clauses = len({c.id for d in pack.documents for c in d.clauses})
        print(
            f"{pack.school.name}: {len(pack.documents)} documents, {clauses} clauses, no errors",
            file=out,
        )
        for document in pack.documents:
            reading = pack.readings.get(document.id)
            if reading is None or document.reading_grade is None:
                continue
            verdict = "ok" if reading.grade <= document.reading_grade else "ABOVE TARGET"
            print(
                f"  reading grade {reading.grade:4.1f} (target {document.reading_grade:g},"
                f" {verdict})  {document.id}",
                file=out,
            )
    if args.outdated:
        from policykit.updates import outdated

        behind = outdated(args.path)
        for item in behind:
            print(
                f"{item.name}: pinned to {item.pinned}, but {item.newest} is the newest tag of"
                f" {item.source}; run 'policykit update {args.path}'",
                file=out,
            )
        if behind:
            return EXIT_OUTDATED
    return 0


def _coverage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.api import coverage

    gaps = 0
    for school, matrix in coverage(args.path):
        count = len(matrix.gaps)
        print(
            f"{school.name} ({school.setting}): {len(matrix.topics)} required topics,"
            f" {count} gap{'s' if count != 1 else ''}",
            file=out,
        )
        codes = {doc: f"D{i}" for i, doc in enumerate(matrix.documents, 1)}
        for doc, code in codes.items():
            print(f"  {code} = {doc}", file=out)
        width = max((len(t.id) for t in matrix.topics), default=10)
        header = " ".join(f"{c:<3}" for c in codes.values())
        print(f"  {'':<4}{'topic':<{width}}  {header}  clauses", file=out)
        for topic in matrix.topics:
            row = matrix.cells[topic.id]
            marks = " ".join(f"{'x' if row[d] else '.':<3}" for d in matrix.documents)
            clauses = ", ".join(matrix.clauses_for(topic.id))
            flag = "GAP" if not clauses else "ok"
            shown = clauses or f"(none: {topic.title})"
            print(f"  {flag:<4}{topic.id:<{width}}  {marks}  {shown}", file=out)
        gaps += count
        print(file=out)
    return EXIT_PROBLEMS if gaps else 0


def _print_changes(name: str, basis: str, rows: Sequence[object], out: TextIO) -> None:
    from policykit.updates import describe_rows

    lines = describe_rows(rows)  # type: ignore[arg-type]
    print(f"{name}: {len(lines)} change{'s' if len(lines) != 1 else ''} {basis}", file=out)
    if not lines:
        return
    headers = ("document", "clause", "edition", "what to do", "what changed")
    widths = [max(len(h), *(len(r[i]) for r in lines)) for i, h in enumerate(headers[:4])]
    print(
        "  "
        + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))
        + "  "
        + headers[4],
        file=out,
    )
    for row in lines:
        cells = "  ".join(c.ljust(w) for c, w in zip(row[:4], widths, strict=True))
        print(f"  {cells}  {row[4]}", file=out)


def _changes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.updates import changes

    for pack in changes(args.path, since=args.since):
        _print_changes(pack.name, pack.basis, pack.rows, out)
        print(file=out)
    return 0


def _update(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from policykit.updates import update

    for pack, lock in update(args.path, to=args.to):
        _print_changes(pack.name, pack.basis, pack.rows, out)
        print(f"  wrote {lock}", file=out)
        print(file=out)
    return 0
