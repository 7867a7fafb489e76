"""Atomic output: fill a temporary sibling folder, then swap it in for the old one.

A build killed part-way leaves the previous output exactly as it was; the half-written
temporary folder is removed by the next build. policykit only ever replaces a folder
it wrote itself, or an empty one, so a mistyped ``-o`` cannot delete someone's files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from policykit.errors import Location, PolicykitError, display_path

__all__ = ["MARKERS", "is_policykit_output", "replace_folder"]

#: Files that show a folder was written by policykit (a pack, or a trust build).
MARKERS = ("manifest.json", "packs.json")
_TEMP_TAG = ".policykit-"
_RENAME_EXCHANGE = 2


def is_policykit_output(folder: Path) -> bool:
    """Whether ``folder`` holds a previous policykit build (or nothing at all)."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    entries = [p for p in folder.iterdir() if p.name != ".DS_Store"]
    return not entries or any((folder / marker).is_file() for marker in MARKERS)


def replace_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill`` on a new temporary folder, then put it in ``target``'s place."""
    target = Path(target).absolute()
    where = Location.of(target)
    shown = where.path
    for place in (target, *target.parents):
        if place.exists() and not place.is_dir():
            what = "the output path" if place == target else "its folder"
            raise PolicykitError.single(
                f"cannot create the output folder {shown}: {what} {display_path(place)} is a"
                " file, not a folder",
                where,
                "choose an output folder (-o) that is, or can become, a folder",
            )
    if not is_policykit_output(target):
        raise PolicykitError.single(
            f"the output folder {shown} holds files policykit did not write",
            where,
            "choose an empty folder or a previous policykit output folder; nothing was changed",
        )
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(parent, target.name)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}{_TEMP_TAG}{os.getpid()}-", dir=parent))
        temp.chmod(0o777 & ~_umask())
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot write to {display_path(parent)}: {exc.strerror or exc}",
            where,
            "check the folder exists and you may write to it, or choose another with -o",
        ) from None
    try:
        fill(temp)
        _swap(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; the old contents end up in ``new`` and are removed."""
    try:
        if not target.exists():
            new.rename(target)
            return
        if _exchange(new, target):
            shutil.rmtree(new, ignore_errors=True)
            return
        old = new.with_name(new.name + "-old")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise PolicykitError.single(
            f"cannot replace {target}: {exc.strerror or exc}",
            Location.of(target),
            "close any program holding files in the output folder, then retry",
        ) from None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2; False where unavailable."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:  # pragma: no cover - not Linux
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # pragma: no cover - old glibc or not Linux
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):  # pragma: no cover - filesystem
        return False
    raise OSError(code, os.strerror(code))


def _remove_stale(parent: Path, name: str) -> None:
    """Remove temporary folders left by builds that were killed."""
    for candidate in parent.glob(f".{name}{_TEMP_TAG}*"):
        pid_text = candidate.name.removeprefix(f".{name}{_TEMP_TAG}").split("-")[0]
        if pid_text.isdigit() and _alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        shutil.rmtree(candidate, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True
