"""Sphinx glue for the course book (listed in ``_config.yml`` as an extension).

It does five things:

1. **Serves plotly.js once, locally.** The notebooks' figures are HTML snippets that call
   ``Plotly.newPlot`` (see :mod:`llmcourse.figures`). This extension copies the
   ``plotly.min.js`` shipped inside the installed plotly package to
   ``_static/plotly.min.js`` and adds a ``<script>`` tag for it only on pages that
   contain a figure. No CDN, and the browser caches one copy for the whole site.
2. **Re-executes notebooks when the data change.** Jupyter Book's execution cache is keyed
   on a notebook's code only; a corrected CSV row would otherwise leave stale figures in
   the book. A fingerprint of ``data/`` and of this package is kept in the build
   environment; when it changes, the execution cache is cleared and every notebook is
   read again. When nothing changed, nothing is re-executed.
3. **Serves MathJax locally.** Pages with equations get MathJax 3 (the self-contained
   ``tex-svg-full.js`` bundle from the pinned ``django-static-mathjax`` package, with every
   TeX extension built in and SVG output, so nothing is fetched at run time and it works
   from ``file://``) as ``_static/mathjax/tex-svg-full.js`` instead of Sphinx's default CDN
   URL. The file is copied only when some page has an equation.
4. **Adjusts the theme's page layout** through ``templates/`` in this package (see
   ``templates/layout.html``).
5. **Checks the page assets.** A page that would load a script or stylesheet from
   outside the site is reported as a warning (an error in the strict build).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
MATHJAX_JS = "mathjax/tex-svg-full.js"
FIGURE_MARKER = "plotly-graph-div"


def plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def mathjax_js_path() -> Path:
    import mathjax  # the django-static-mathjax distribution; only its static files are used

    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg-full.js"


def fingerprint(paths: list[Path]) -> str:
    """A hash of the names and contents of every file under ``paths``."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _inputs(app: Sphinx) -> list[Path]:
    return [Path(app.srcdir) / "data", Path(__file__).parent]


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    current = fingerprint(_inputs(app))
    cache = Path(getattr(app.config, "nb_execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache")
    stamp = cache.parent / ".llmcourse-inputs.sha256"
    previous = stamp.read_text().strip() if stamp.exists() else None
    if previous == current:
        return []
    if cache.exists():
        from jupyter_cache import get_cache

        get_cache(str(cache)).clear_cache()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    notebooks = [doc for doc in env.found_docs if Path(env.doc2path(doc)).suffix == ".ipynb"]
    if previous is not None:
        logger.info(
            "[llmcourse] data or helper package changed: re-executing %d notebook(s)",
            len(notebooks),
        )
    return notebooks


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body", "")
    if FIGURE_MARKER in body:
        # Loaded synchronously in <head>, so it is defined before the figures' inline scripts.
        app.add_js_file(PLOTLY_JS, priority=100)
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


TEMPLATES = Path(__file__).parent / "templates"


def _templates(app: Sphinx, config: Any) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.insert(0, str(TEMPLATES))


def _local_mathjax(app: Sphinx, config: Any) -> None:
    from sphinx.ext.mathjax import MATHJAX_URL

    if config.mathjax_path == MATHJAX_URL:  # relative paths are relative to _static
        config.mathjax_path = MATHJAX_JS


def _copy_mathjax(app: Sphinx, env: BuildEnvironment) -> None:
    # After reading, before writing: copied only if some page has an equation.
    if app.builder.format != "html" or app.config.mathjax_path != MATHJAX_JS:
        return
    math = env.get_domain("math")
    if not math.has_equations():  # type: ignore[attr-defined]
        return
    _copy_static(app, mathjax_js_path(), MATHJAX_JS)


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", _outdated)
    app.connect("html-page-context", _page_context)
    app.connect("builder-inited", _copy_plotly)
    app.connect("config-inited", _local_mathjax)
    app.connect("config-inited", _templates)
    app.connect("env-updated", _copy_mathjax)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
