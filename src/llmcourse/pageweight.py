"""What a reader's browser really downloads: the bytes each page of the built book loads.

Used by the byte-budget test (``tests/test_weight.py``) and by ``make benchmark``. Each
page is opened in headless Chromium with an empty cache, from a server on 127.0.0.1;
every request is recorded (and any request to another host is blocked), and the bytes
of every response the page received are added up: the HTML, its scripts, stylesheets,
fonts, images and the search index, whatever the page asks for by the time it has
loaded and settled. The browser, not a parser, decides what a page loads, so a file
pulled in by a script or a stylesheet (a web font, a MathJax component) is counted too.

Sizes are the files' own bytes as the local server sends them (no compression), so a
budget measured here is deterministic and does not depend on how a host compresses.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: Debian's Chromium (``apt-get install -y chromium``); the CHROMIUM variable names another.
#: Every browser the course starts (tests, benchmark, contact sheet, PDF) uses these.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
#: No first-run work and no background connections: this machine has no network to give them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Budgets in bytes (issue 17): what one page loads in total, and the whole site on disk.
NARRATIVE_BUDGET = 500_000
LAB_BUDGET = 2_500_000
SITE_BUDGET = 8_000_000

# Records when the first plotly figure has been drawn, in ms since navigation start.
_FIRST_FIGURE_PROBE = """
(() => {
  const seen = () => document.querySelector('div.plotly-graph-div .main-svg');
  const mark = () => { if (window.__firstFigure === undefined && seen()) {
      window.__firstFigure = performance.now(); observer.disconnect(); } };
  const observer = new MutationObserver(mark);
  observer.observe(document, {childList: true, subtree: true});
})();
"""


@dataclass
class PageLoad:
    """One page opened with a cold cache: every file it loaded and when it drew."""

    path: str
    files: dict[str, int] = field(default_factory=dict)  # site path -> bytes
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dom_content_loaded_ms: float = 0.0
    load_ms: float = 0.0
    first_figure_ms: float | None = None
    first_paint_ms: float | None = None  # first contentful paint: the first text or image shown
    figures: int = 0

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def largest(self, n: int = 5) -> list[tuple[str, int]]:
        return sorted(self.files.items(), key=lambda item: -item[1])[:n]

    def describe(self, n: int = 6) -> str:
        parts = ", ".join(f"{name} {size / 1000:,.0f} KB" for name, size in self.largest(n))
        return f"{self.path}: {self.total / 1000:,.0f} KB in {len(self.files)} files ({parts})"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(html: Path) -> Iterator[str]:
    """Serve ``html`` on 127.0.0.1; yield the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium(executable: Path = CHROMIUM) -> Iterator[Any]:
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def pages(html: Path) -> list[str]:
    """Every page of the built site, as paths relative to its root."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)


def site_bytes(html: Path) -> int:
    """Everything a reader downloads to keep the whole book offline."""
    return sum(p.stat().st_size for p in html.rglob("*") if p.is_file() and p.name != ".buildinfo")


def load(browser: Any, base: str, path: str, settle_ms: int = 500) -> PageLoad:
    """Open ``base + path`` in a fresh context (cold cache) and record what it loads."""
    result = PageLoad(path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_FIRST_FIGURE_PROBE)
    page = context.new_page()
    responses: list[Any] = []

    block_outside(page, base, result.blocked)
    page.on("response", lambda r: responses.append(r))
    page.on("requestfailed", lambda r: r.url not in result.blocked and result.failed.append(r.url))
    try:
        page.goto(base + path, wait_until="load")
        # Deferred scripts, web fonts and the search index arrive just after "load".
        page.wait_for_timeout(settle_ms)
        result.figures = page.locator("div.plotly-graph-div").count()
        if result.figures:
            page.wait_for_function("() => window.__firstFigure !== undefined", timeout=30_000)
        timing = page.evaluate(
            """() => { const n = performance.getEntriesByType('navigation')[0];
                       const paint = performance.getEntriesByName('first-contentful-paint')[0];
                       return [n.domContentLoadedEventEnd, n.loadEventEnd, window.__firstFigure ?? null,
                               paint ? paint.startTime : null]; }"""
        )
        result.dom_content_loaded_ms, result.load_ms, result.first_figure_ms, result.first_paint_ms = timing
        for response in responses:
            if not response.url.startswith(base):
                continue
            name = unquote(urlsplit(response.url).path).lstrip("/") or "index.html"
            try:
                size = len(response.body())
            except Exception:  # a redirect or an aborted response has no body
                continue
            result.files[name] = result.files.get(name, 0) + size
    finally:
        context.close()
    return result


def kind(path: str) -> str:
    """``lab`` for a lab notebook's page, ``narrative`` for every other page."""
    return "lab" if Path(path).name == "lab.html" else "narrative"


def budget(path: str) -> int:
    return LAB_BUDGET if kind(path) == "lab" else NARRATIVE_BUDGET


def block_outside(page: Any, base: str, blocked: list[str]) -> None:
    """Let ``page`` fetch only from the local site at ``base`` (and data: URLs); record the rest
    in ``blocked`` and refuse it, as a reader without network would see the page."""

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base) or url.startswith("data:"):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)


def load_all(html: Path, browser: Any = None) -> list[PageLoad]:
    """Open every page of the built site in turn, each with a cold cache, in ``browser`` or in
    a Chromium of its own (one process may run only one Playwright at a time: tests pass theirs)."""
    with serve(html) as base:
        if browser is not None:
            return [load(browser, base, path) for path in pages(html)]
        with chromium() as own:
            return [load(own, base, path) for path in pages(html)]
