"""Measure policykit's speed against the alternatives, in one run, as ratios.

    python benchmarks/run.py                 # 100 schools, memory also at 400
    python benchmarks/run.py --schools 20 --big 40 --repeat 3    # a quick look

Everything is measured on this machine in this run, so the ratios are what to read:
machines differ, but a writer that is 1.2x the zip floor here is 1.2x elsewhere.

1. Writer: milliseconds per document for the same documents written by policykit's
   writer, by a plain docxtpl loop (what a school's IT lead would write by hand), by
   python-docx from scratch, and by the floor: only zipping the finished parts.
2. A synthetic trust of N schools, built from the examples: cold with --jobs 1 and
   --jobs 2 (empty caches, new output folder), then a rebuild with nothing changed.
3. ``policykit check`` on a generated 1,000-clause library, cold and warm.
4. ``policykit --version`` start-up.
5. Peak memory of a --jobs 1 build at N and at the big size.

Results are printed as a table and saved to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import EXAMPLES, ROOT, make_clause_library, make_trust

from policykit.api import build_pack
from policykit.blocks import Block, Heading, ListBlock, Paragraph, Table, Text
from policykit.pack import Pack

POLICYKIT = [sys.executable, "-m", "policykit"]
TEMPLATE = ROOT / "templates" / "house-style.docx"


def timed(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs of ``action``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(args: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall time of one command, in seconds; fails loudly if the command fails."""
    start = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return elapsed


# --------------------------------------------------------------------------- writers


def flatten(blocks: Iterable[Block]) -> list[dict[str, str]]:
    """Blocks as the simple rows a hand-written docxtpl template would loop over."""
    rows: list[dict[str, str]] = []
    for block in blocks:
        if isinstance(block, Heading):
            rows.append({"kind": f"h{block.level}", "text": block.text})
        elif isinstance(block, Paragraph):
            rows.append(
                {"kind": "p", "text": "".join(getattr(i, "text", "") for i in block.inlines)}
            )
        elif isinstance(block, ListBlock):
            for item in block.items:
                rows.append(
                    {"kind": "li", "text": "".join(getattr(i, "text", "") for i in item.inlines)}
                )
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [
                    " ".join(getattr(i, "text", "") for p in c.paragraphs for i in p) for c in row
                ]
                rows.append({"kind": "p", "text": " | ".join(cells)})
    return rows


def docxtpl_template(folder: Path) -> Path:
    """A docxtpl template such as a user would write: a loop over rows, a style per kind."""
    import docx

    document = docx.Document(str(TEMPLATE))
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._element)
    lines = [
        ("{{ document.title }}", "Title"),
        ("{{ school.name }}", "Subtitle"),
        ("{%p for row in rows %}", "Normal"),
        ("{%p if row.kind == 'h1' %}", "Normal"),
        ("{{ row.text }}", "Heading 1"),
        ("{%p elif row.kind == 'h2' %}", "Normal"),
        ("{{ row.text }}", "Heading 2"),
        ("{%p elif row.kind == 'li' %}", "Normal"),
        ("{{ row.text }}", "List Paragraph"),
        ("{%p else %}", "Normal"),
        ("{{ row.text }}", "Normal"),
        ("{%p endif %}", "Normal"),
        ("{%p endfor %}", "Normal"),
    ]
    for text, style in lines:
        document.add_paragraph(text, style=style)
    path = folder / "docxtpl-template.docx"
    document.save(str(path))
    return path


def write_docxtpl(template: Path, pack: Pack) -> None:
    from docxtpl import DocxTemplate

    for document in pack.documents:
        tpl = DocxTemplate(str(template))
        context = {
            "school": {"name": pack.school.name},
            "document": {
                "title": document.title,
                "edition": str(document.edition),
                "approved": str(document.approved),
                "next_review": str(document.next_review),
            },
            "provenance": pack.provenance,
            "rows": flatten(document.blocks),
        }
        tpl.render(context, autoescape=True)
        tpl.save(io.BytesIO())


def write_all(writer: Callable[[Pack], None], packs: list[Pack]) -> None:
    for pack in packs:
        writer(pack)


def write_docxtpl_for(template: Path) -> Callable[[Pack], None]:
    return lambda pack: write_docxtpl(template, pack)


def write_python_docx(pack: Pack) -> None:
    import docx

    for document in pack.documents:
        out = docx.Document(str(TEMPLATE))
        out.add_paragraph(document.title, style="Title")
        out.add_paragraph(pack.school.name, style="Subtitle")
        for block in document.blocks:
            if isinstance(block, Heading):
                out.add_paragraph(block.text, style=f"Heading {block.level}")
            elif isinstance(block, Paragraph):
                paragraph = out.add_paragraph(style="Normal")
                for inline in block.inlines:
                    if isinstance(inline, Text):
                        run = paragraph.add_run(inline.text)
                        run.bold, run.italic = inline.bold, inline.italic
            elif isinstance(block, ListBlock):
                for item in block.items:
                    text = "".join(getattr(i, "text", "") for i in item.inlines)
                    out.add_paragraph(text, style="List Paragraph")
            elif isinstance(block, Table):
                table = out.add_table(rows=1 + len(block.rows), cols=len(block.columns))
                table.style = "Table Grid"
                for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = column.header
                for row, cells in zip(table.rows[1:], block.rows, strict=True):
                    for cell, content in zip(row.cells, cells, strict=True):
                        cell.text = " ".join(
                            getattr(i, "text", "") for p in content.paragraphs for i in p
                        )
        out.save(io.BytesIO())


def writer_benchmark(repeat: int, work: Path) -> dict[str, float]:
    """Milliseconds per document for each way of writing the same documents."""
    packs = [build_pack(EXAMPLES / name) for name in ("oakfield-primary", "riverside-academy")]
    documents = sum(len(p.documents) for p in packs)
    finished = [[p.render(d) for d in p.documents] for p in packs]  # also warms the writer
    parts = []
    for batch in finished:
        for data in batch:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts.append([(n, archive.read(n)) for n in archive.namelist()])

    def policykit_writer() -> None:
        for pack in packs:
            for document in pack.documents:
                pack.render(document)

    def floor() -> None:
        for members in parts:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in members:
                    archive.writestr(name, data)

    template = docxtpl_template(work)
    per_doc = 1000 / documents
    return {
        "documents": float(documents),
        "floor_ms": timed(floor, repeat * 3) * per_doc,
        "policykit_ms": timed(policykit_writer, repeat * 3) * per_doc,
        "docxtpl_ms": timed(lambda: write_all(write_docxtpl_for(template), packs), repeat)
        * per_doc,
        "python_docx_ms": timed(lambda: write_all(write_python_docx, packs), repeat) * per_doc,
    }


# --------------------------------------------------------------------------- commands


def peak_memory_mb(args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of a command, in MB (measured from a fresh parent process)."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip()) / 1024


def command_benchmarks(schools: int, big: int, repeat: int, work: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    base_env = dict(os.environ)

    def fresh_env() -> dict[str, str]:
        cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
        return {**base_env, "POLICYKIT_CACHE": str(cache)}

    trust = make_trust(work, schools)
    for jobs in (1, 2):
        times = []
        for attempt in range(repeat):
            out = work / f"out-{jobs}-{attempt}"
            times.append(
                run(
                    [*POLICYKIT, "build", str(trust), "-o", str(out), "-q", "--jobs", str(jobs)],
                    fresh_env(),
                )
            )
        results[f"trust_cold_jobs{jobs}_s"] = statistics.median(times)
    env = fresh_env()
    out = work / "out-rebuild"
    run([*POLICYKIT, "build", str(trust), "-o", str(out), "-q", "--jobs", "2"], env)
    results["trust_rebuild_s"] = statistics.median(
        run([*POLICYKIT, "build", str(trust), "-o", str(out), "-q", "--jobs", "2"], env)
        for _ in range(repeat)
    )
    school = make_clause_library(work, 1000)
    results["check_1000_cold_s"] = statistics.median(
        run([*POLICYKIT, "check", str(school)], fresh_env()) for _ in range(repeat)
    )
    env = fresh_env()
    run([*POLICYKIT, "check", str(school)], env)
    results["check_1000_warm_s"] = statistics.median(
        run([*POLICYKIT, "check", str(school)], env) for _ in range(repeat)
    )
    results["version_s"] = min(
        run([*POLICYKIT, "--version"], base_env) for _ in range(max(5, repeat))
    )
    for size in (schools, big):
        folder = make_trust(work, size)
        env = fresh_env()
        results[f"memory_{size}_mb"] = peak_memory_mb(
            [
                *POLICYKIT,
                "build",
                str(folder),
                "-o",
                str(work / f"mem-{size}"),
                "-q",
                "--jobs",
                "1",
            ],
            env,
        )
    return results


# --------------------------------------------------------------------------- report


def report(writer: dict[str, float], commands: dict[str, float], schools: int, big: int) -> str:
    floor, ours = writer["floor_ms"], writer["policykit_ms"]
    rows = [
        ("Writer: zip floor (finished parts into a zip)", f"{floor:.2f} ms/doc", "1.00x floor", ""),
        ("Writer: policykit", f"{ours:.2f} ms/doc", f"{ours / floor:.2f}x floor", "target <= 1.5x"),
        (
            "Writer: docxtpl loop by hand",
            f"{writer['docxtpl_ms']:.2f} ms/doc",
            f"{writer['docxtpl_ms'] / ours:.1f}x policykit",
            "target >= 3x",
        ),
        (
            "Writer: python-docx from scratch",
            f"{writer['python_docx_ms']:.2f} ms/doc",
            f"{writer['python_docx_ms'] / ours:.1f}x policykit",
            "",
        ),
        (
            f"Trust of {schools} schools, cold, --jobs 1",
            f"{commands['trust_cold_jobs1_s']:.2f} s",
            "",
            "",
        ),
        (
            f"Trust of {schools} schools, cold, --jobs 2",
            f"{commands['trust_cold_jobs2_s']:.2f} s",
            f"{commands['trust_cold_jobs1_s'] / commands['trust_cold_jobs2_s']:.2f}x"
            " faster than --jobs 1",
            "target < 10 s",
        ),
        (
            f"Trust of {schools} schools, rebuild, nothing changed",
            f"{commands['trust_rebuild_s']:.2f} s",
            f"{commands['trust_cold_jobs2_s'] / commands['trust_rebuild_s']:.1f}x faster than cold",
            "target < 1 s",
        ),
        (
            "check, 1,000-clause library, cold caches",
            f"{commands['check_1000_cold_s']:.2f} s",
            "",
            "",
        ),
        (
            "check, 1,000-clause library, warm caches",
            f"{commands['check_1000_warm_s']:.2f} s",
            "",
            "target < 1 s",
        ),
        ("policykit --version", f"{commands['version_s']:.3f} s", "", "target < 0.3 s"),
        (f"Peak memory, {schools} schools", f"{commands[f'memory_{schools}_mb']:.0f} MB", "", ""),
        (
            f"Peak memory, {big} schools",
            f"{commands[f'memory_{big}_mb']:.0f} MB",
            f"{commands[f'memory_{big}_mb'] / commands[f'memory_{schools}_mb']:.2f}x of {schools}",
            "target <= 1.2x",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        "| "
        + " | ".join(
            h.ljust(w) for h, w in zip(("measure", "time", "ratio", "target"), widths, strict=True)
        )
        + " |"
    ]
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    lines += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100, help="schools in the synthetic trust")
    parser.add_argument("--big", type=int, default=400, help="schools for the memory comparison")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measure (median)")
    args = parser.parse_args()
    # Byte-compile policykit as pip does when it installs a package: an editable install
    # run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every
    # start, which no installed copy does.
    import compileall

    import policykit

    compileall.compile_dir(str(Path(policykit.__file__).parent), quiet=1)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    with tempfile.TemporaryDirectory(prefix="policykit-bench-") as folder:
        work = Path(folder)
        writer = writer_benchmark(args.repeat, work)
        commands = command_benchmarks(args.schools, args.big, args.repeat, work)
    table = report(writer, commands, args.schools, args.big)
    print(f"policykit benchmarks on {machine}\n")
    print(table)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(
        json.dumps(
            {"machine": machine, "writer": writer, "commands": commands, "table": table}, indent=2
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
