"""Screenshots of an example school's website section, for docs/gallery/ and the README.

    .venv/bin/python tools/gallery.py                 # Oakfield Primary into docs/gallery/
    .venv/bin/python tools/gallery.py --school examples/riverside-academy --out /tmp/shots

Builds the school's pack with ``--format html`` into a temporary folder, opens each page
in the system's headless Chromium (``apt-get install chromium``) and saves a screenshot
at phone width (390 px) and desktop width (1280 px). Long pages are cut at 2,400 px.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("index", "parents", "children", "online-safety-policy")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
LONGEST = 2400
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make_gallery(school: Path, out: Path, chromium: str) -> list[Path]:
    """Build ``school``'s website section and save the screenshots into ``out``."""
    from playwright.sync_api import sync_playwright

    from policykit.api import write_build

    written: list[Path] = []
    with tempfile.TemporaryDirectory() as temp:
        write_build(school, Path(temp) / "pack", formats=("docx", "html"))
        section = Path(temp) / "pack" / "website"
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            for name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for stem in PAGES:
                    html = section / f"{stem}.html"
                    if not html.is_file():
                        continue
                    page.goto(html.as_uri())
                    full = page.evaluate("document.documentElement.scrollHeight")
                    target = out / f"{stem}-{name}.png"
                    page.screenshot(
                        path=str(target),
                        clip={"x": 0, "y": 0, "width": width, "height": min(full, LONGEST)},
                        full_page=True,
                    )
                    written.append(target)
                page.close()
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--school", default=str(ROOT / "examples" / "oakfield-primary"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "gallery"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    for path in make_gallery(Path(args.school), Path(args.out), args.chromium):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
