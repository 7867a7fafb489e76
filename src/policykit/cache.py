"""Where policykit keeps what it can reuse between runs: git mirrors, compiled clauses."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root"]


def cache_root() -> Path:
    """The user's cache folder for policykit (``POLICYKIT_CACHE`` overrides it)."""
    override = os.environ.get("POLICYKIT_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("policykit", appauthor=False))
