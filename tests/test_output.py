"""Atomic output: a failed or killed build never harms the previous output."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from policykit.errors import PolicykitError
from policykit.output import replace_folder


def fill_with(files: dict[str, str]):  # type: ignore[no-untyped-def]
    def fill(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).write_text(text)

    return fill


def test_new_folder_is_created(tmp_path: Path) -> None:
    """The first build creates the output folder with what was written."""
    out = tmp_path / "out"
    replace_folder(out, fill_with({"manifest.json": "{}", "a.docx": "A"}))
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "manifest.json"]


def test_previous_output_is_replaced_whole(tmp_path: Path) -> None:
    """A second build replaces the folder: files it no longer writes disappear."""
    out = tmp_path / "out"
    replace_folder(out, fill_with({"manifest.json": "1", "old.docx": "old"}))
    replace_folder(out, fill_with({"manifest.json": "2", "new.docx": "new"}))
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "new.docx"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_failure_leaves_previous_output_untouched(tmp_path: Path) -> None:
    """An error part-way through writing keeps the old files and removes the temporary folder."""
    out = tmp_path / "out"
    replace_folder(out, fill_with({"manifest.json": "1", "a.docx": "A"}))

    def broken(folder: Path) -> None:
        (folder / "manifest.json").write_text("half")
        raise PolicykitError.single("boom")

    with pytest.raises(PolicykitError):
        replace_folder(out, broken)
    assert (out / "manifest.json").read_text() == "1"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_of_other_files_is_never_replaced(tmp_path: Path) -> None:
    """A mistyped -o pointing at someone's folder is refused; nothing is deleted."""
    out = tmp_path / "school"
    out.mkdir()
    (out / "school.yml").write_text("precious")
    with pytest.raises(PolicykitError, match="holds files policykit did not write"):
        replace_folder(out, fill_with({"manifest.json": "{}"}))
    assert (out / "school.yml").read_text() == "precious"


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """-o naming a file is an error, not a crash."""
    out = tmp_path / "out"
    out.write_text("a file")
    with pytest.raises(PolicykitError, match="is a file, not a folder"):
        replace_folder(out, fill_with({}))


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    """An output folder that cannot be created gives a message, not a traceback."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(PolicykitError, match="not-a-folder is a file, not a folder"):
        replace_folder(blocker / "out", fill_with({}))


def test_stale_temporary_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    """A killed build's half-written folder is cleaned up by the next build."""
    stale = tmp_path / ".out.policykit-999999999-abc"
    stale.mkdir()
    (stale / "half.docx").write_text("x")
    replace_folder(tmp_path / "out", fill_with({"manifest.json": "{}"}))
    assert not stale.exists()


def test_sigkill_during_a_build_keeps_the_previous_output(tmp_path: Path) -> None:
    """A build killed with SIGKILL part-way leaves the previous output complete."""
    out = tmp_path / "out"
    replace_folder(out, fill_with({"manifest.json": "previous", "a.docx": "A" * 1000}))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    marker = tmp_path / "started"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from policykit.output import replace_folder

        def slow(folder):
            (folder / "manifest.json").write_text("new")
            Path({str(marker)!r}).write_text("go")
            for i in range(1000):
                (folder / f"doc{{i}}.docx").write_text("x" * 1000)
                time.sleep(0.01)

        replace_folder(Path({str(out)!r}), slow)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert time.monotonic() < deadline, "the build never started"
        time.sleep(0.02)
    time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # The next build removes the dead build's temporary folder.
    replace_folder(out, fill_with({"manifest.json": "next"}))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "started") == ["out"]
