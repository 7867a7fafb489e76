"""Open a school's clause library: built-in, a folder, or a git repository at a ref.

Layers stack in a fixed order: the built-in library, then the trust's (or the school's
chosen) library, then the school's own ``local.clauses`` folder.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from policykit import __version__
from policykit.errors import Location, PolicykitError
from policykit.library import Layer, Library, builtin_root, load_layer, stack_layers
from policykit.model import LibrarySource

__all__ = ["LayerCache", "LibraryRecord", "OpenedLibrary", "open_library"]


@attrs.frozen
class LibraryRecord:
    """Where a pack's clauses came from, for the manifest: source, ref and commit."""

    source: str
    ref: str | None = None
    commit: str | None = None


@attrs.frozen
class OpenedLibrary:
    """A stacked library and the record of where it came from."""

    library: Library
    record: LibraryRecord


class LayerCache:
    """Loaded layers by folder, so a trust build reads its shared library once."""

    def __init__(self) -> None:
        self._layers: dict[tuple[Path, str], Layer] = {}
        self._stacks: dict[tuple[tuple[Path, str], ...], Library] = {}

    def layer(self, root: Path, name: str, *, partial: bool) -> Layer:
        """The layer in ``root``, loaded on first use."""
        key = (root.resolve(), name)
        if key not in self._layers:
            self._layers[key] = load_layer(root, name, partial=partial)
        return self._layers[key]

    def stack(self, layers: list[Layer]) -> Library:
        """The library made by stacking ``layers``, built on first use."""
        key = tuple((layer.root.resolve(), layer.name) for layer in layers)
        if key not in self._stacks:
            self._stacks[key] = stack_layers(layers)
        return self._stacks[key]


def open_library(
    source: LibrarySource,
    base: Path,
    local_clauses: Path | None = None,
    cache: LayerCache | None = None,
    *,
    git_ref: str | None = None,
) -> OpenedLibrary:
    """Open ``source`` (paths relative to ``base``) with the school's local layer on top."""
    cache = cache or LayerCache()
    layers = [cache.layer(builtin_root(), "builtin", partial=False)]
    record = LibraryRecord("builtin", __version__, None)
    if source.kind == "folder":
        assert source.path is not None
        root = (base / source.path).resolve()
        if not root.is_dir():
            raise PolicykitError.single(
                f"library folder not found: {source.path}",
                source.location or Location.of(base),
                "library.path is relative to the school or trust file",
            )
        layers.append(cache.layer(root, "library", partial=True))
        record = LibraryRecord(str(source.path), None, None)
    elif source.kind == "git":
        from policykit.gitlibrary import checkout

        assert source.git is not None
        checked_out = checkout(source.git, git_ref or source.ref, base, source.location)
        layers.append(cache.layer(checked_out.path, "library", partial=True))
        record = LibraryRecord(source.git, checked_out.ref, checked_out.commit)
    if local_clauses is not None:
        layers.append(cache.layer(local_clauses, "local", partial=True))
    return OpenedLibrary(cache.stack(layers), record)
