"""The website sections in a real browser: headless Chromium from the system's packages.

Every page of every example's section is loaded from disk with scripts of its own
absent and the network shut: links must resolve to files of the section, axe-core
(bundled by axe-playwright-python) must find no violations of WCAG 2.2 A/AA or best
practice, the page must fit a phone's width, the skip link must show when focused,
and the print style sheet must hide the navigation. Screenshots at phone and desktop
widths are saved with the test's files.

The browser tests skip when Chromium or Playwright is missing, except in CI, where
``.ci/run`` installs Chromium and a missing browser is a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, SCHOOL_EXAMPLES, TRUST_EXAMPLE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}
Build = Callable[[str], Path]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless system Chromium driven by Playwright (its own browser download is never used)."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - installed with the test extra
        missing = "playwright is not installed"
    if missing is None and not Path(CHROMIUM).is_file():
        missing = "Chromium is not installed (apt-get install chromium)"
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: CI must install it (.ci/run)")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _sections(built_public: Build) -> list[Path]:
    folders: list[Path] = []
    for name in SCHOOL_EXAMPLES:
        folders.append(built_public(name) / "website")
    # The trust's own section, and one of its schools' (the others are built alike).
    trust = built_public(TRUST_EXAMPLE)
    folders.append(trust / TRUST_EXAMPLE / "website")
    folders.append(trust / "kingsmead-academy" / "website")
    return folders


def _open(browser: Any, viewport: dict[str, int], requests: list[str]) -> Any:
    context = browser.new_context(viewport=viewport)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            requests.append(url)
            request_route.abort()

    context.route("**/*", route)
    return context


def test_every_section_page_in_chromium(browser: Any, built_public: Build, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    sections = _sections(built_public)
    outside: list[str] = []
    context = _open(browser, DESKTOP, outside)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    checked = 0
    for section in sections:
        files = {p.name for p in section.iterdir()}
        for html in sorted(section.glob("*.html")):
            assert "<script" not in html.read_text(encoding="utf-8")
            page.goto(html.as_uri())
            assert not errors, f"{html}: {errors}"
            # Links: every link inside the section names a file of the section (and an
            # anchor on it, when it has one); the rest are https, mailto or tel.
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                parts = urlsplit(href)
                if parts.scheme == "file":
                    target = Path(unquote(parts.path))
                    assert target.parent == section, f"{html.name}: {href} leaves the section"
                    assert target.name in files, f"{html.name}: broken link {href}"
                    if parts.fragment:
                        other = page.context.new_page()
                        other.goto(target.as_uri())
                        assert other.locator(f"[id='{parts.fragment}']").count() == 1, href
                        other.close()
                else:
                    assert parts.scheme in ("https", "mailto", "tel"), f"{html.name}: {href}"
            results = axe.run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, (
                f"{section.parent.name}/{html.name}:\n{results.generate_report()}"
            )
            errors.clear()  # axe itself asks for the style sheet, which file:// refuses
            heading_levels = page.eval_on_selector_all(
                "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
            )
            assert heading_levels[0] == 1 and heading_levels.count(1) == 1
            for before, after in itertools.pairwise(heading_levels):
                assert after <= before + 1, f"{html.name}: heading h{before} then h{after}"
            checked += 1
    assert not outside, f"pages asked for outside resources: {outside}"
    assert checked >= 30
    context.close()


@pytest.mark.parametrize("example", ["oakfield-primary", "riverside-academy"])
def test_phone_and_desktop_layout(
    browser: Any, built_public: Build, tmp_path: Path, example: str
) -> None:
    section = built_public(example) / "website"
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = _open(browser, viewport, [])
        page = context.new_page()
        for html in ("index.html", "parents.html", "children.html", "online-safety-policy.html"):
            page.goto((section / html).as_uri())
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{html} is {width}px wide on a {name}"
            ceop = page.locator("a.ceop-button")
            assert ceop.count() == 1 and ceop.is_visible()
            assert ceop.get_attribute("href") == "https://www.ceop.police.uk/Safety-Centre/"
            box = ceop.bounding_box()
            assert box is not None and box["width"] >= 44 and box["height"] >= 44
            shot = tmp_path / f"{example}-{html[:-5]}-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        context.close()


def test_focus_is_visible_and_print_hides_navigation(browser: Any, built_public: Build) -> None:
    page_path = built_public("oakfield-primary") / "website" / "parents.html"
    context = _open(browser, DESKTOP, [])
    page = context.new_page()
    page.goto(page_path.as_uri())
    skip = page.locator("a.skip-link")
    hidden = skip.bounding_box()
    assert hidden is not None
    hidden_top = hidden["y"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    shown = skip.bounding_box()
    assert shown is not None and shown["y"] >= 0 > hidden_top
    page.keyboard.press("Tab")  # the first link of the navigation
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; })()"
    )
    assert outline[0] == "solid" and outline[1] == "3px"
    page.emulate_media(media="print")
    assert page.locator("header.site nav").is_hidden()
    assert page.locator("a.skip-link").is_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('main a[href^=\"http\"]'), '::after').content"
    )
    assert "attr(href)" in after or "https://" in after
    page.emulate_media(media="screen")
    assert page.locator("header.site nav").is_visible()
    context.close()


def test_gallery_tool(browser: Any, tmp_path: Path) -> None:
    """tools/gallery.py, run as the docs say, makes every page's screenshot at both widths."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gallery.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shots = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in shots] == sorted(
        f"{page}-{width}.png"
        for page in ("index", "parents", "children", "online-safety-policy")
        for width in ("phone", "desktop")
    )
    for shot in shots:
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") in (390, 1280)  # the image's width
    assert (ROOT / "docs" / "gallery" / "parents-desktop.png").is_file()  # shown in README
