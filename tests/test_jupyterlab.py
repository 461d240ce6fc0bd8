"""Every lab in a real JupyterLab, driven by headless Chromium, as a student runs it.

A JupyterLab server starts on 127.0.0.1 (a free port, a token) on a copy of chapters/, so
nothing it saves touches the repository. For each lab the browser opens the notebook,
checks that opening it did not mark it modified, runs all cells, and asserts what a
student sees:

* no error and nothing on stderr in any output;
* every plotly figure drawn by JupyterLab (the JSON output, through plotly's extension);
* every live view ("The live version") shows its ipywidgets controls, within the
  notebook's width at 1280 px, with labels and readouts not cut;
* changing one control (a slider step, the next dropdown option, a toggle) redraws the
  output beside it;
* no request leaves localhost.

Screenshots of each lab go to _build/jupyterlab/ for a person to look at. Chromium is
Debian's (/usr/bin/chromium); where it is missing the test skips with a message, except
under CI=true, where it fails. The server is stopped in the fixture, whatever happens.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from llmcourse.pageweight import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
LABS = sorted(
    p.relative_to(ROOT / "chapters")
    for p in (ROOT / "chapters").rglob("lab.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
SHOTS = ROOT / "_build" / "jupyterlab"
RUN_TIMEOUT_S = 180

pytestmark = pytest.mark.jupyterlab

#: JupyterLab settings for the test: every cell rendered (no windowing, so figures below
#: the fold are drawn too), no news or update checks (no network).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (under CI=true the JupyterLab test may not be skipped)")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on a copy of chapters/; yields its base URL and token; always stopped."""
    _require_chromium()
    home = tmp_path_factory.mktemp("jupyterlab")
    work = home / "chapters"
    shutil.copytree(ROOT / "chapters", work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = home / "settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "LLMCOURSE_DATA": str(ROOT / "data"),
    }
    env.pop("LLMCOURSE_BOOK_BUILD", None)
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jupyter-lab")),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.port_retries=0",
            "--allow-root",
            "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token, work
    finally:
        _stop(server)
        log.close()


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and the kernels it started (its process group)."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# In the page: the notebook's model, as JupyterLab holds it (window.jupyterapp is exposed by
# --LabApp.expose_app_in_browser).
_NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = [];
  for (const cell of panel.content.widgets) {
    const model = cell.model;
    if (model.type !== 'code') continue;
    cells.push({source: model.sharedModel.getSource(), count: model.executionCount,
                outputs: model.outputs.toJSON()});
  }
  return {dirty: panel.context.model.dirty, status: panel.sessionContext.kernelDisplayStatus, cells};
}"""

_LIVE_VIEWS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const views = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code' || !cell.model.sharedModel.getSource().includes('live_view(')) return;
    const area = cell.node.querySelector('.jp-OutputArea');
    const box = panel.content.node.getBoundingClientRect();
    const controls = [...area.querySelectorAll('.widget-hbox > .widget-inline-hbox, .widget-hbox > .widget-toggle-buttons, .widget-hbox > .widget-checkbox')];
    views.push({
      index,
      controls: controls.map(c => {
        const r = c.getBoundingClientRect();
        const label = c.querySelector('.widget-label');
        const readout = c.querySelector('.widget-readout');
        return {left: r.left, right: r.right, width: r.width,
                label: label ? label.textContent : '',
                labelCut: label ? label.scrollWidth > label.clientWidth + 1 : false,
                readout: readout ? readout.textContent : '',
                readoutCut: readout ? readout.scrollWidth > readout.clientWidth + 1 : false};
      }),
      notebookRight: Math.min(box.right, window.innerWidth),
      figures: area.querySelectorAll('.js-plotly-plot .main-svg').length,
    });
  });
  return views;
}"""


def _wait_for(page, script: str, arg=None, timeout_s: float = 60, what: str = "") -> None:
    try:
        page.wait_for_function(script, arg=arg, timeout=timeout_s * 1000, polling=250)
    except Exception as exc:  # a timeout: say what was awaited
        raise AssertionError(f"timed out after {timeout_s} s waiting for {what or script}") from exc


def _output_signature(page, index: int) -> str:
    return page.evaluate(
        """(i) => { const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
                    const out = cell.node.querySelector('.jp-OutputArea .widget-output, .jp-OutputArea .jupyter-widgets-output-area');
                    return out ? out.innerHTML : ''; }""",
        index,
    )


def _change_a_control(page, index: int, which: int) -> str:
    """Change control number ``which`` of the live view in cell ``index`` the way a person does;
    return what was done (for messages)."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    control = (
        cell.locator(".widget-hbox")
        .first.locator(":scope > .widget-inline-hbox, :scope > .widget-toggle-buttons, :scope > .widget-checkbox")
        .nth(which)
    )
    if control.locator("select").count():
        select = control.locator("select")
        options = select.locator("option").all_text_contents()
        current = select.evaluate("s => s.selectedIndex")
        choice = options[(current + 1) % len(options)]
        select.select_option(label=choice)
        return f"dropdown -> {choice!r}"
    if control.locator(".noUi-handle, .ui-slider-handle, [role=slider]").count():
        handle = control.locator(".noUi-handle, .ui-slider-handle, [role=slider]").last
        handle.focus()
        handle.press("ArrowLeft" if which % 2 else "ArrowRight")
        return "slider step"
    if control.locator("button").count():
        buttons = control.locator("button")
        for i in range(buttons.count()):
            if "mod-active" not in (buttons.nth(i).get_attribute("class") or ""):
                buttons.nth(i).click()
                return f"toggle -> {buttons.nth(i).text_content()!r}"
    if control.locator("input[type=checkbox]").count():
        control.locator("input[type=checkbox]").click()
        return "checkbox"
    if control.locator("input, textarea").count():
        field = control.locator("input, textarea").first
        value = field.input_value()
        try:
            number = float(value.replace(",", ""))
            new = f"{number * 2 if number else 1:g}"
        except ValueError:
            new = value[:-1] if len(value) > 1 else value + "x"
        field.fill(new)
        field.press("Enter")
        return f"typed {new!r}"
    return ""


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.parent.name)
def test_lab_runs_in_jupyterlab(jupyterlab, browser, lab):
    base, token, work = jupyterlab
    SHOTS.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(f"{base}/lab/tree/{lab.as_posix()}?reset&token={token}")
        _wait_for(
            page,
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle'",
            what="the notebook to open with an idle kernel",
        )
        time.sleep(1.0)
        assert not page.evaluate(_NOTEBOOK_STATE)["dirty"], "opening the notebook marked it modified"

        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        _wait_for(
            page,
            """() => { const p = window.jupyterapp.shell.currentWidget;
                     return p.sessionContext.kernelDisplayStatus === 'idle'
                       && p.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null); }""",
            timeout_s=RUN_TIMEOUT_S,
            what="all cells to run",
        )
        state = page.evaluate(_NOTEBOOK_STATE)
        ran = time.monotonic() - started

        for number, cell in enumerate(state["cells"]):
            for output in cell["outputs"]:
                assert output["output_type"] != "error", (
                    f"code cell {number} raised {output.get('ename')}: {output.get('evalue')}\n{cell['source'][:300]}"
                )
                assert not (output["output_type"] == "stream" and output["name"] == "stderr"), (
                    f"code cell {number} wrote to stderr: {''.join(output['text'])[:500]}"
                )

        figures = sum(
            1
            for cell in state["cells"]
            for output in cell["outputs"]
            if "application/vnd.plotly.v1+json" in output.get("data", {})
        )
        _wait_for(
            page,
            "(n) => document.querySelectorAll('.jp-Notebook .js-plotly-plot .main-svg').length >= n",
            arg=figures,
            timeout_s=30,
            what=f"{figures} plotly figures drawn by JupyterLab",
        )

        live = [c for c in state["cells"] if "live_view(" in c["source"]]
        if live:
            _wait_for(
                page,
                "(n) => document.querySelectorAll('.jp-Notebook .widget-hbox').length >= n",
                arg=len(live),
                timeout_s=30,
                what="the live views' controls",
            )
        page.screenshot(path=str(SHOTS / f"{lab.parent.name}.png"), full_page=False)
        views = page.evaluate(_LIVE_VIEWS)
        assert len(views) == len(live)
        for view in views:
            where = f"live view in cell {view['index']}"
            assert view["controls"], f"{where}: no controls rendered"
            for control in view["controls"]:
                assert control["right"] <= view["notebookRight"] + 1, (
                    f"{where}: {control['label']!r} is off-screen at 1280 px"
                )
                assert not control["labelCut"], f"{where}: label {control['label']!r} is cut"
                assert not control["readoutCut"], f"{where}: readout {control['readout']!r} is cut"

            cell = page.locator(".jp-Notebook .jp-Cell").nth(view["index"])
            cell.evaluate("c => c.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(SHOTS / f"{lab.parent.name}-live-{view['index']}.png"))
            before = _output_signature(page, view["index"])
            changed = []
            for which in range(len(view["controls"])):
                did = _change_a_control(page, view["index"], which)
                try:
                    page.wait_for_function(
                        """([i, before]) => { const c = window.jupyterapp.shell.currentWidget.content.widgets[i];
                            const o = c.node.querySelector('.jp-OutputArea .widget-output, .jp-OutputArea .jupyter-widgets-output-area');
                            return o && o.innerHTML !== before && o.querySelector('.jp-OutputArea-output'); }""",
                        arg=[view["index"], before],
                        timeout=15_000,  # a kernel on a loaded 2-core machine redraws in seconds, not at once
                        polling=100,
                    )
                    changed.append(did)
                    break
                except Exception:
                    continue
            assert changed, f"{where}: changing its controls did not redraw the output beside them"
        assert not outside, f"requests left localhost: {outside[:5]}"
        print(f"{lab}: opened and ran in {ran:.1f} s, {figures} figures, {len(views)} live views")
    finally:
        context.close()


def test_figure_html_draws_where_the_page_has_no_plotly_js(browser, tmp_path, monkeypatch):
    """Colab and the classic Notebook show a figure's HTML twin in a page that has no plotly.js.
    Outside the book's build the twin fetches plotly.js itself: here the request is answered
    with the installed plotly.js (the test stays offline) and the figure must be drawn."""
    import plotly.graph_objects as go

    from llmcourse.figures import BOOK_BUILD_ENV, BookRenderer

    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    html = BookRenderer().to_mimebundle(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])).to_dict())["text/html"]
    page_file = tmp_path / "output.html"
    page_file.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    context = browser.new_context()
    fetched = []

    def serve_plotly(route):
        fetched.append(route.request.url)
        # The snippet pins the CDN file by its hash (integrity=...): serve the very file plotly.py
        # ships, not the book's partial bundle, which the browser would refuse.
        full = Path(go.__file__).parents[1] / "package_data" / "plotly.min.js"
        route.fulfill(path=str(full), content_type="application/javascript")

    context.route("https://cdn.plot.ly/**", serve_plotly)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        assert len(fetched) == 1
    finally:
        context.close()
