"""Lets tests import tools/make_house_style.py, which is not part of the package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "tools" / "make_house_style.py"
_SPEC = importlib.util.spec_from_file_location("make_house_style", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_MODULE)

PARTS: dict[str, str] = _MODULE.PARTS
write_template = _MODULE.write_template
