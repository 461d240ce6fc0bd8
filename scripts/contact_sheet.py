"""Contact sheet: every figure of the built book, at desktop and phone widths, in every state
of its in-figure controls, on one HTML page of screenshots with the problems found in each.

    make contact-sheet      # writes _build/contact-sheet/index.html (build the book first)

Serves _build/html on 127.0.0.1 and blocks every other request, as the browser tests do.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from figure_states import WIDTHS, figure_pages, visit_figures  # noqa: E402

from llmcourse.pageweight import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "contact-sheet")
    parser.add_argument("--page", action="append", help="only this page (e.g. chapters/forks/lab.html)")
    parser.add_argument("--first-view-only", action="store_true", help="skip the control states")
    args = parser.parse_args()
    if not (args.html / "index.html").exists():
        sys.exit(f"no built book in {args.html}: run `make book` first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()

    from playwright.sync_api import sync_playwright

    cards: dict[tuple[str, int], list[str]] = {}
    total = {"states": 0, "with problems": 0}

    def keep(state):
        name = f"{state.page.replace('/', '_').removesuffix('.html')}-{state.index}-{state.width}-{total['states']}.png"
        (args.out / name).write_bytes(state.screenshot or b"")
        total["states"] += 1
        total["with problems"] += bool(state.problems)
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in state.problems) or "<li class=ok>no problem found</li>"
        cards.setdefault((state.page, state.index), []).append(
            f'<div class="shot {state.width}"><p><b>{state.width}</b>: {html.escape(state.state)}</p>'
            f'<img src="{name}" loading="lazy" alt="{html.escape(state.name)}"><ul>{problems}</ul></div>'
        )
        print(("PROBLEM " if state.problems else "ok      ") + state.name, *state.problems, sep="\n    ", flush=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = args.page or figure_pages(args.html)
        visit_figures(browser, base, pages, WIDTHS, screenshots=True, on_state=keep, controls=not args.first_view_only)
        browser.close()
    server.shutdown()

    sections = "".join(
        f'<section><h2>{html.escape(page)}, figure {index}</h2><div class="row">{"".join(shots)}</div></section>'
        for (page, index), shots in sorted(cards.items())
    )
    (args.out / "index.html").write_text(
        f"""<!doctype html><html lang="en"><meta charset="utf-8">
<title>Contact sheet: every figure of the book</title>
<style>body{{font-family:system-ui,sans-serif;margin:1rem}} .row{{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}}
.shot{{border:1px solid #ccc;padding:6px}} .shot.desktop img{{width:700px}} .shot.phone img{{width:390px}}
.shot ul{{max-width:700px;color:#b00;font-size:13px}} .ok{{color:#070}} section{{border-top:3px solid #444;margin-top:1rem}}</style>
<h1>Contact sheet</h1><p>{total["states"]} figure states at {", ".join(f"{k} ({v} px)" for k, v in WIDTHS.items())};
{total["with problems"]} with problems.</p>{sections}</html>""",
        encoding="utf-8",
    )
    print(f"{total['states']} states, {total['with problems']} with problems: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
