"""The printable edition: one PDF of the whole book, printed by Chromium (``make pdf``).

Every page of the built book (``_build/html``, built first by ``make pdf``) is opened in
headless Chromium in the order of the table of contents, with the network cut off, laid
out for print by the book's own print stylesheet (``llmcourse.css``: no navigation, menus,
sliders or modebar; code wrapped; figures at the page's width, in their default state),
printed to A4, and the pages are merged into ``_build/pdf/open-versus-closed.pdf``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from llmcourse.pageweight import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf" / "open-versus-closed.pdf"
# A4 with 14 mm margins leaves about 700 CSS px of width; the page is laid out a little
# narrower so that figures, tables and code fit without being scaled down.
VIEWPORT = {"width": 720, "height": 1000}


def reading_order(html: Path) -> list[str]:
    """The book's pages in the order of its table of contents (the sidebar of its root page)."""
    import posixpath
    import re

    from bs4 import BeautifulSoup

    root = "index.html"
    soup = BeautifulSoup((html / root).read_text(encoding="utf-8"), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    if refresh is not None:  # Jupyter Book's index.html only redirects to the root page
        root = refresh["content"].split("url=", 1)[-1].strip()
        soup = BeautifulSoup((html / root).read_text(encoding="utf-8"), "html.parser")
    order = [root]
    for link in soup.select("nav.bd-links a.reference.internal"):
        href = link.get("href", "").split("#")[0]
        if not href:
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(root), href))
        if path not in order and (html / path).exists():
            order.append(path)
    return order


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def make_pdf(html: Path = HTML, out: Path = OUT, browser=None) -> tuple[Path, int]:
    """Print the book at ``html`` to ``out``; return the file and its number of pages.

    ``browser``: a running Playwright Chromium to use (the tests pass theirs); by default
    one is started and stopped here."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return make_pdf(html, out, own)
            finally:
                own.close()
    from pypdf import PdfReader, PdfWriter

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    writer = PdfWriter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            for n, path in enumerate(reading_order(html)):
                page.goto(base + path, wait_until="load")
                page.wait_for_function(
                    "() => [...document.querySelectorAll('div.plotly-graph-div')].every(d => d.querySelector('.main-svg'))",
                    timeout=20_000,
                )
                page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
                page.emulate_media(media="print")
                page.evaluate("() => window.llmcourse && window.llmcourse.beforePrint()")
                page.wait_for_timeout(300)
                part = Path(tmp) / f"{n:03d}.pdf"
                page.pdf(
                    path=str(part),
                    format="A4",
                    margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=(
                        '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
                        '<span class="title"></span> · <span class="pageNumber"></span></div>'
                    ),
                )
                page.emulate_media(media="screen")
                writer.append(PdfReader(str(part)))
            context.close()
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as handle:
                writer.write(handle)
    finally:
        server.shutdown()
        server.server_close()
    return out, len(PdfReader(str(out)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=HTML, help="the built book (default: _build/html)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the PDF to write (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").exists():
        parser.error(f"no built book in {args.html}: run `make book` first")
    out, pages = make_pdf(args.html, args.out)
    print(f"wrote {out} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
