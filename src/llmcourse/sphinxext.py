"""Sphinx glue for the course book (listed in ``_config.yml`` as an extension).

It does eight things:

1. **Serves plotly.js once, locally.** The notebooks' figures are HTML snippets that call
   ``Plotly.newPlot`` (see :mod:`llmcourse.figures`). This extension copies the
   ``plotly.min.js`` shipped inside the installed plotly package to
   ``_static/plotly.min.js`` and adds a ``<script defer>`` tag for it only on pages that
   contain a figure; the figures' scripts wait for it (see :func:`_draw_after_parsing`),
   so a lab's text shows before plotly.js has loaded. No CDN, and the browser caches one
   copy for the whole site.
2. **Re-executes notebooks when the data change.** Jupyter Book's execution cache is keyed
   on a notebook's code only; a corrected CSV row would otherwise leave stale figures in
   the book. A fingerprint of ``data/`` and of this package is kept in the build
   environment; when it changes, the execution cache is cleared and every notebook is
   read again. When nothing changed, nothing is re-executed. The editions share one cache
   (see :mod:`llmcourse.build`): a notebook served from it is written to ``jupyter_execute/``
   with its outputs.
3. **Typesets equations when the book is built, as MathML.** Every ``$...$`` and
   ``$$...$$`` becomes MathML (converted by the pure-Python ``latex2mathml``), which
   browsers draw natively and screen readers read: no MathJax (1 to 2 MB of script),
   nothing fetched at reading time, and the same from ``file://``, on paper and offline.
4. **Adjusts the theme** through ``templates/`` and ``static/`` in this package: the
   page layout (``templates/layout.html``), and a stylesheet and a script on every page
   (``static/llmcourse.css``: contrast, wide tables, print; ``static/llmcourse.js``:
   names for the sidebar's arrows, the wide-table cue, figures in dark mode and print).
5. **Checks the page assets.** A page that would load a script or stylesheet from
   outside the site is reported as a warning (an error in the strict build).
6. **Launch buttons only with a repository.** ``repository.url`` in ``_config.yml`` turns on
   the Binder, Colab and JupyterHub buttons; without it none is offered. Kernels started
   by the build get ``LLMCOURSE_BOOK_BUILD=1``, so their figures leave plotly.js to the page.
7. **Keeps the site light** (see :func:`_slim_site`): no 1.5 MB icon script on every page
   (the theme's stylesheet draws the same icons with its web font), no source maps, no
   TrueType copies of web fonts that every browser reads as WOFF2.
8. **Knows the edition** (``llmcourse_edition``: reader, student or instructor; see
   :mod:`llmcourse.build`): it is a Sphinx tag, so a page can hold edition-specific text
   in an ``{only}`` block, and the instructor edition shows solutions unfolded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
FIGURE_MARKER = "plotly-graph-div"
MATH_RENDERER = "mathml"
#: The same name as llmcourse.figures.BOOK_BUILD_ENV (not imported: plotly stays unloaded here).
BOOK_BUILD_ENV = "LLMCOURSE_BOOK_BUILD"

#: plotly.js's "cartesian" partial bundle (1.5 MB instead of the full 4.8 MB), vendored
#: from the npm registry as published (package.json, README, MIT LICENSE) at the version of
#: plotly.js that the pinned plotly.py bundles. The book's figures use only trace types it
#: contains (tests/test_weight.py checks every executed notebook).
PLOTLY_BUNDLE = Path(__file__).resolve().parents[2] / "vendor" / "plotly.js-cartesian-dist-min"


def plotly_js_path() -> Path:
    return PLOTLY_BUNDLE / "plotly-cartesian.min.js"


def plotly_js_version(path: Path) -> str:
    """The plotly.js version in a bundle's licence header (``v4.1.1`` -> ``4.1.1``)."""
    match = re.search(r"plotly\.js\b[^\n]*\bv(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")[:500])
    if not match:
        raise ValueError(f"{path}: no plotly.js version in its header")
    return match.group(1)


def bundle_trace_types() -> set[str]:
    """The trace types the vendored bundle draws, as its README lists them."""
    readme = (PLOTLY_BUNDLE / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"Contains trace modules (.+?)\.\s*$", readme, flags=re.MULTILINE)
    if not listed:
        raise ValueError(f"{PLOTLY_BUNDLE / 'README.md'}: no list of trace modules")
    return set(re.findall(r"`([a-z0-9]+)`", listed.group(1)))


#: Modules of the package that only build or weigh the book; no notebook imports them,
#: so changing them re-executes no notebook.
BUILD_ONLY = {"build.py", "pageweight.py", "slim.py", "sphinxext.py"}


def fingerprint(paths: list[Path]) -> str:
    """A hash of the names and contents of every file under ``paths`` (build-only modules aside)."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or (path.parent == Path(__file__).parent and path.name in BUILD_ONLY):
                continue
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _inputs(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir) / "data", Path(__file__).parent]


def _cache_path(app: Sphinx) -> Path:
    return Path(getattr(app.config, "nb_execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache")


def _read_stamp(path: Path) -> str | None:
    return path.read_text().strip() if path.exists() else None


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    current = fingerprint(_inputs(app))
    cache = _cache_path(app)
    # The execution cache may be shared by several builds (the editions, see
    # llmcourse.build): it is cleared once, by whichever build first sees the change ...
    shared = cache.parent / ".llmcourse-inputs.sha256"
    if _read_stamp(shared) != current:
        if cache.exists():
            from jupyter_cache import get_cache

            get_cache(str(cache)).clear_cache()
        shared.parent.mkdir(parents=True, exist_ok=True)
        shared.write_text(current + "\n")
    # ... and each build's own environment re-reads its notebooks once.
    own = Path(app.doctreedir) / ".llmcourse-inputs.sha256"
    previous = _read_stamp(own)
    if previous == current:
        return []
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(current + "\n")
    notebooks = [doc for doc in env.found_docs if Path(env.doc2path(doc)).suffix == ".ipynb"]
    if previous is not None:
        logger.info(
            "[llmcourse] data or helper package changed: re-executing %d notebook(s)",
            len(notebooks),
        )
    return notebooks


def _complete_executed_copy(app: Sphinx, doctree: Any) -> None:
    """Write a notebook served from the execution cache to ``jupyter_execute/`` with its outputs.

    myst-nb 1.4 merges a cached notebook's outputs into a copy for rendering but writes the
    unmerged notebook to ``jupyter_execute/``. The editions share one cache, so a build often
    finds every notebook there: without this, its executed copies would keep only the outputs
    committed in the notebook (the checked cells).
    """
    env = app.env
    if Path(env.doc2path(env.docname)).suffix != ".ipynb" or app.config.nb_execution_mode != "cache":
        return
    target = Path(app.outdir).parent / "jupyter_execute" / f"{env.docname}.ipynb"
    if not target.exists():
        return
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.read(target, as_version=4)
    cache = get_cache(str(_cache_path(app)))
    try:
        _, merged = cache.merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache (not executed, or excluded from execution)
        return
    nbformat.write(merged, target)


def _edition_tag(app: Sphinx, config: Any) -> None:
    """Pages can say ``{only} student`` (or reader, instructor) for edition-specific text."""
    app.tags.add(config.llmcourse_edition)


def _unfold_solutions(app: Sphinx, doctree: Any, docname: str) -> None:
    """In the instructor edition, solutions are shown, not folded in a dropdown."""
    if app.config.llmcourse_edition != "instructor":
        return
    from sphinx_exercise.nodes import solution_node

    for node in doctree.findall(solution_node):
        node["classes"] = [c for c in node["classes"] if c != "dropdown"]


#: A figure's inline script, as plotly.py writes it (``Plotly.newPlot(...)`` for one figure).
FIGURE_SCRIPT = re.compile(r"<script(?: type=\"text/javascript\")?>(\s*window\.PLOTLYENV\s*=.*?)</script>", re.DOTALL)


def _draw_after_parsing(body: str) -> str:
    """Make each figure's inline script run once the page is parsed, in page order.

    plotly.js (1.5 MB) is loaded with ``defer``: the browser parses it off the main thread
    while it reads and lays out the page, and paints the text before any figure, instead
    of holding the whole page behind a script in ``<head>``. A figure's script needs
    ``Plotly``, so it becomes an inline module script: module scripts are deferred like
    plotly.js, and all deferred scripts run in document order once the page is parsed
    (plotly.js first, then each figure, the first figure first), before ``DOMContentLoaded``
    and so before the theme's own ``DOMContentLoaded`` work (copy buttons, toggles). Module
    code is strict mode; plotly.py's snippet and the figures' post-scripts are valid in it.
    """
    return FIGURE_SCRIPT.sub(lambda m: '<script type="module">' + m.group(1) + "</script>", body)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    if FIGURE_MARKER in body:
        app.add_js_file(PLOTLY_JS, priority=100, loading_method="defer")
        context["body"] = _draw_after_parsing(body)
    for asset in list(context.get("script_files", [])) + list(context.get("css_files", [])):
        url = str(getattr(asset, "filename", asset) or "")
        if url.startswith(("http://", "https://", "//")):
            logger.warning(
                "[llmcourse] page %s loads %s from outside the site; the book must work offline",
                pagename,
                url,
                type="llmcourse",
                subtype="external_asset",
            )


def _copy_static(app: Sphinx, source: Path, name: str) -> None:
    """Copy an installed asset to ``_static/<name>`` unless an identical-size copy is there."""
    target = Path(app.outdir) / "_static" / name
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _copy_plotly(app: Sphinx) -> None:
    # Copied before pages are written, so Sphinx's cache-busting checksum (?v=...) is
    # computed from the real file and stays the same from build to build.
    if app.builder.format != "html":
        return
    _copy_static(app, plotly_js_path(), PLOTLY_JS)


def _launch_buttons_need_a_repository(app: Sphinx, config: Any) -> None:
    """``repository.url`` in ``_config.yml`` is the one setting that turns the launch buttons
    on: without it the theme cannot build their links (and fails), so none is offered."""
    options = config.html_theme_options
    if not str(options.get("repository_url") or "").strip():
        options["launch_buttons"] = {}


TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
PAGE_CSS = "llmcourse.css"
PAGE_JS = "llmcourse.js"


def _templates(app: Sphinx, config: Any) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def _mathml(latex: str, display: bool) -> str:
    import html

    from latex2mathml.converter import convert

    # The TeX source as the <math> element's alttext: a fallback text and what
    # tests/test_pages.py reads to check that no prose was typeset as math.
    converted = convert(latex.strip(), display="block" if display else "inline")
    return converted.replace("<math ", f'<math alttext="{html.escape(latex.strip())}" ', 1)


def _visit_math(self: Any, node: Any) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_mathml(node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def _visit_displaymath(self: Any, node: Any) -> None:
    from sphinx.util.math import get_node_equation_number

    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    for part in (p for p in node.astext().split("\n\n") if p.strip()):
        self.body.append(_mathml(part, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _use_mathml(app: Sphinx, config: Any) -> None:
    if not config.html_math_renderer:
        config.html_math_renderer = MATH_RENDERER


class PlotlyJsonMime:
    """MyST-NB mime plugin: the plotly JSON output needs no rendering of its own.

    MyST-NB renders every mime type of an output before choosing one, and warns about
    types it does not know. A figure's ``text/html`` twin (see
    :class:`llmcourse.figures.BookRenderer`) is what the book shows; this plugin tells
    MyST-NB that the JSON twin is handled and must never be chosen, so no figure
    silently disappears and no warning is raised.
    """

    MIME = "application/vnd.plotly.v1+json"
    mime_priority_overrides = [("*", MIME, None)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[Any] | None:
        return [] if data.mime_type == PlotlyJsonMime.MIME else None


#: The theme's icon script (Font Awesome's "SVG + JS" kit, 1.5 MB on every page). The
#: theme's stylesheet already carries Font Awesome's web-font CSS, so every ``<i
#: class="fa-solid fa-...">`` icon is drawn without it.
ICON_SCRIPT = re.compile(r'<script\b[^>]*src="[^"]*fontawesome[^"]*\.js[^"]*"[^>]*>\s*</script>\s*')


#: The theme loads the search index (about 100 KB, growing with the book) on every page for
#: its search-as-you-type option; with the option off, only the search page uses it.
SEARCH_SCRIPTS = re.compile(
    r'<script\b[^>]*src="[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*"[^>]*>\s*</script>\s*'
)


def _slim_site(app: Sphinx, exception: Exception | None) -> None:
    """Remove what no reader needs from the built site, after every build.

    * the icon script's ``<script>`` tag from every page, and the script itself;
    * the search index's scripts from every page but the search page (unless the theme's
      search-as-you-type option is on);
    * source maps (``*.map``), which only a browser's developer tools fetch;
    * TrueType copies of the icon fonts: the stylesheet offers WOFF2 first, which
      every browser the theme supports reads, so the TrueType files are never fetched;
    * style rules that match nothing in the site, and icon glyphs the site never shows
      (see :mod:`llmcourse.slim`).

    Idempotent: a page that was not rewritten by an incremental build is already slim.
    The purged stylesheets and fonts are cached in ``_build/.llmcourse-slim``, so a
    rebuild with nothing changed repeats no work.
    """
    if exception is not None or app.builder.format != "html":
        return
    from llmcourse import slim

    outdir = Path(app.outdir)
    theme_option = getattr(app.builder, "globalcontext", {}).get("theme_search_as_you_type", "")
    keep_search = str(theme_option).lower() in ("true", "1")
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lighter = ICON_SCRIPT.sub("", text)
        if not keep_search and page != outdir / "search.html":
            lighter = SEARCH_SCRIPTS.sub("", lighter)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")
    static = outdir / "_static"
    icon_scripts = {
        path
        for path in static.rglob("*.js*")
        if "fontawesome" in path.relative_to(static).as_posix() and (path.suffix == ".js" or ".js." in path.name)
    }
    waste = {*icon_scripts, *static.rglob("*.map"), *static.rglob("fa-*.ttf")}
    for path in waste:
        path.unlink(missing_ok=True)

    cache = outdir.parent / ".llmcourse-slim"
    used = slim.used_names(outdir)
    key = "\n".join(sorted(used)).encode()
    stylesheets = sorted(static.rglob("*.css"))
    icons: set[int] = set()
    for sheet in stylesheets:
        css = sheet.read_text(encoding="utf-8")
        purged = slim.cached(cache, [css.encode(), key], lambda: slim.purge_css(css, used).encode())
        icons |= slim.icon_codepoints(purged.decode("utf-8"))
        if purged != css.encode():
            sheet.write_bytes(purged)
    try:
        import brotli  # noqa: F401  (fontTools writes WOFF2 with it)
        import fontTools  # noqa: F401
    except ImportError:  # a .venv made before requirements.txt listed them: pages stay correct, fonts whole
        logger.info("[llmcourse] fonttools or brotli missing (run `make .venv/.installed`): icon fonts not cut")
        return
    icon_key = ",".join(map(str, sorted(icons))).encode()
    for font in sorted(static.rglob("fa-*.woff2")):
        original = font.read_bytes()

        def subset(font: Path = font) -> bytes:
            slim.subset_icon_font(font, icons)
            return font.read_bytes()

        lighter = slim.cached(cache, [original, icon_key], subset)
        if lighter != font.read_bytes():
            font.write_bytes(lighter)
        # Sphinx copies the theme's fonts only when they are missing, so the next build
        # finds this cut font in place: cutting it again changes nothing, and the cache
        # says so (else each rebuild cut the fonts afresh, 0.3 s).
        slim.cached(cache, [lighter, icon_key], lambda lighter=lighter: lighter)


def setup(app: Sphinx) -> dict[str, Any]:
    # reader (the default), student or instructor: set by `python -m llmcourse.build --edition`.
    app.add_config_value("llmcourse_edition", "reader", "env")
    app.connect("config-inited", _edition_tag)
    app.connect("doctree-resolved", _unfold_solutions)
    # Kernels started by this build inherit it: their figures leave plotly.js to the page
    # (see llmcourse.figures.BookRenderer), which gets the one shared copy.
    os.environ[BOOK_BUILD_ENV] = "1"
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _complete_executed_copy)
    app.connect("html-page-context", _page_context)
    app.connect("builder-inited", _copy_plotly)
    app.add_html_math_renderer(MATH_RENDERER, (_visit_math, None), (_visit_displaymath, None))
    app.connect("config-inited", _use_mathml)
    app.connect("config-inited", _launch_buttons_need_a_repository)
    app.connect("config-inited", _templates)
    app.add_css_file(PAGE_CSS)
    app.add_js_file(PAGE_JS, loading_method="defer")
    app.connect("build-finished", _slim_site)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
