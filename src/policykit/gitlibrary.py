"""Clause libraries kept in git: a cached mirror per URL and a checkout per commit.

Uses the ``git`` program, which every trust's IT team already has, rather than a
binding library. Mirrors live in the user's cache folder (platformdirs), so once a ref
has been fetched, builds work offline. Checkouts are read-only snapshots named by
commit, shared by every school that pins the same version.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import attrs

from policykit.cache import cache_root
from policykit.errors import Location, PolicykitError, did_you_mean

__all__ = ["Checkout", "cache_root", "checkout", "newest_tag", "resolve_url", "tags"]

_SHA = re.compile(r"[0-9a-f]{40}")
_TIMEOUT = 120


@attrs.frozen
class Checkout:
    """A library at one commit: where it is on disk, the ref asked for, the commit."""

    path: Path
    ref: str
    commit: str
    url: str


def resolve_url(url: str, base: Path) -> str:
    """A URL git accepts; relative local paths are taken from ``base``."""
    if "://" in url or re.match(r"^[\w.-]+@[\w.-]+:", url) or url.startswith("/"):
        return url
    return str((base / url).resolve())


def _git(args: list[str], where: Location | None, *, cwd: Path | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"},
            check=False,
        )
    except FileNotFoundError:
        raise PolicykitError.single(
            "the git program is not installed, and this library comes from git",
            where,
            "install git (e.g. 'apt-get install git'), or use a library folder instead",
        ) from None
    except subprocess.TimeoutExpired:
        raise PolicykitError.single(
            f"git took longer than {_TIMEOUT} seconds ({' '.join(args[:2])})",
            where,
            "check the network connection and the library URL",
        ) from None
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        fatal = [line.removeprefix("fatal:").strip() for line in lines if line.startswith("fatal:")]
        raise _GitFailed(fatal[0] if fatal else lines[-1] if lines else f"exit {result.returncode}")
    return result.stdout


class _GitFailed(Exception):
    """git exited with an error; the message is its last line of output."""


def _mirror(url: str, where: Location | None) -> Path:
    root = cache_root() / "git"
    mirror = root / (hashlib.sha256(url.encode()).hexdigest()[:20] + ".git")
    if mirror.is_dir():
        return mirror
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".mirror-", dir=root))
    try:
        _git(["clone", "--mirror", "--quiet", url, str(temp)], where)
    except _GitFailed as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise PolicykitError.single(
            f"cannot fetch the git library {url}: {exc}",
            where,
            "check the URL (and the network); once fetched, a library works offline",
        ) from None
    try:
        temp.rename(mirror)
    except OSError:  # another build fetched it first
        shutil.rmtree(temp, ignore_errors=True)
    return mirror


def _fetch(mirror: Path, where: Location | None) -> bool:
    try:
        _git(["--git-dir", str(mirror), "remote", "update", "--prune"], where)
    except _GitFailed:
        return False
    return True


def _rev(mirror: Path, ref: str, where: Location | None) -> str | None:
    try:
        out = _git(
            ["--git-dir", str(mirror), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
            where,
        )
    except _GitFailed:
        return None
    return out.strip() or None


def _is_branch(mirror: Path, ref: str, where: Location | None) -> bool:
    try:
        _git(
            ["--git-dir", str(mirror), "show-ref", "--verify", "--quiet", f"refs/heads/{ref}"],
            where,
        )
    except _GitFailed:
        return False
    return True


def tags(url: str, base: Path, where: Location | None = None) -> list[str]:
    """The library's tags, newest version first."""
    mirror = _mirror(resolve_url(url, base), where)
    _fetch(mirror, where)
    out = _git(
        [
            "--git-dir",
            str(mirror),
            "for-each-ref",
            "--sort=-v:refname",
            "--format=%(refname:short)",
            "refs/tags",
        ],
        where,
    )
    return [line for line in out.splitlines() if line]


def newest_tag(url: str, base: Path, where: Location | None = None) -> str | None:
    """The highest version tag in the library, or None if it has no tags."""
    found = tags(url, base, where)
    return found[0] if found else None


def checkout(url: str, ref: str | None, base: Path, where: Location | None = None) -> Checkout:
    """The library at ``ref`` (tag, branch or commit; default the remote's HEAD)."""
    full_url = resolve_url(url, base)
    mirror = _mirror(full_url, where)
    wanted = ref or "HEAD"
    commit = _rev(mirror, wanted, where)
    moving = ref is None or _is_branch(mirror, wanted, where)
    if (commit is None or moving) and _fetch(mirror, where):
        commit = _rev(mirror, wanted, where)
    if commit is None:
        known = tags(full_url, base, where)
        listing = f"its tags are {', '.join(known[:8])}" if known else "the library has no tags"
        close = did_you_mean(wanted, known)
        raise PolicykitError.single(
            f"ref '{wanted}' does not exist in the git library {url}",
            where,
            f"{close} {listing}" if close else listing,
        )
    return Checkout(_snapshot(mirror, commit, where), wanted, commit, full_url)


def _snapshot(mirror: Path, commit: str, where: Location | None) -> Path:
    assert _SHA.fullmatch(commit)
    root = cache_root() / "checkouts"
    target = root / commit
    if target.is_dir():
        return target
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{commit[:12]}-", dir=root))
    try:
        archive = temp / "library.tar"
        _git(
            ["--git-dir", str(mirror), "archive", "--format=tar", "-o", str(archive), commit], where
        )
        tree = temp / "tree"
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        archive.unlink()
        # Another build may have made the same snapshot first; either copy will do.
        with contextlib.suppress(OSError):
            tree.rename(target)
    except _GitFailed as exc:
        raise PolicykitError.single(
            f"cannot read commit {commit[:12]} of the git library: {exc}",
            where,
            f"delete the cached copy in {cache_root()} and try again",
        ) from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return target
