"""policykit: a school's online-safety documents from versioned clause files.

    import policykit
    pack = policykit.build_pack("examples/oakfield-primary")   # pure: nothing written
    pack.write("out/")                                          # the .docx files + manifest.json
    policykit.check("examples/oakfield-primary")               # raises PolicykitError on problems

The heavy modules load on first use, so ``policykit --version`` starts quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from policykit.api import (
        BuildResult,
        CheckReport,
        Session,
        TrustBuild,
        build,
        build_pack,
        build_trust,
        check,
        write_packs,
    )
    from policykit.document import Document
    from policykit.edition import Edition
    from policykit.errors import Location, PolicykitError, Problem
    from policykit.pack import Pack

__all__ = [
    "BuildResult",
    "CheckReport",
    "Document",
    "Edition",
    "Location",
    "Pack",
    "PolicykitError",
    "Problem",
    "Session",
    "TrustBuild",
    "__version__",
    "build",
    "build_pack",
    "build_trust",
    "check",
    "write_packs",
]

_HOMES = {
    "BuildResult": "policykit.api",
    "CheckReport": "policykit.api",
    "Session": "policykit.api",
    "TrustBuild": "policykit.api",
    "build": "policykit.api",
    "build_pack": "policykit.api",
    "build_trust": "policykit.api",
    "check": "policykit.api",
    "write_packs": "policykit.api",
    "Document": "policykit.document",
    "Edition": "policykit.edition",
    "Location": "policykit.errors",
    "PolicykitError": "policykit.errors",
    "Problem": "policykit.errors",
    "Pack": "policykit.pack",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'policykit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
