"""Measure the book's build and its pages, and write benchmark-report.md.

    make benchmark        # or: .venv/bin/python scripts/benchmark.py

It removes _build (a cold build: no Sphinx environment, no execution cache), builds,
builds again with nothing changed, and reads the results:

* cold build time and no-change rebuild time (and how many notebooks the rebuild ran);
* execution time of each notebook, as MyST-NB reports it in the cold build;
* HTML bytes of each page, total site bytes, shared-asset bytes (_static);
* whether every page that has figures loads plotly.js from one and the same URL, so that
  a reader's browser downloads it once per visit;
* what a reader's browser loads (headless Chromium, cold cache, 127.0.0.1; see
  :mod:`llmcourse.pageweight`): bytes per page (the largest narrative and lab pages, and
  every lab), the whole site, and the time from navigation start to the first figure drawn;
* each lab's set-up cost in a fresh kernel: its first code cell, and what
  ``import llmcourse; lc.setup()`` adds to importing pandas and plotly;
* for each lab, over several cold-cache loads (the median): first contentful paint, first
  figure drawn, DOMContentLoaded, and the renderer's main-thread CPU time from navigation
  start to the first figure (from a Chromium trace), which other work on the machine
  inflates far less than the wall-clock times.

The load average is recorded beside each measurement: on a shared machine a wall-clock
time means little without it.

Targets (issue 17, 2 cores): cold build <= 40 s, no-change rebuild <= 5 s executing no
notebook, each notebook <= 4 s, a narrative page <= 500 KB loaded, a lab page <= 2.5 MB,
the site <= 8 MB, first figure <= 1 s, ``lc.setup()`` <= 0.3 s over pandas and plotly.
Times depend on the machine and on what else runs on it (the CPU time of the builds is
given too, being less sensitive to other work): this is a measurement, not a test; it
never fails a CI run. The byte budgets, being deterministic, are tests (tests/test_weight.py).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from llmcourse import build as book  # noqa: E402
from llmcourse import pageweight  # noqa: E402

ROOT = book.ROOT
BUILD = ROOT / "_build"
HTML = BUILD / "html"
REPORT = ROOT / "benchmark-report.md"

TARGETS = {
    "cold_s": 40.0,
    "rebuild_s": 5.0,
    "notebook_s": 4.0,
    "page_bytes": 300_000,
    "first_figure_ms": 1000.0,
    "setup_s": 0.3,
}
EXECUTED = re.compile(r"(\S+\.ipynb): Executed notebook in ([0-9.]+) seconds")
PLOTLY_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]*plotly\.min\.js[^"]*)"')


def timed_build() -> tuple[float, float, str, int]:
    """Wall-clock and CPU seconds (the build and everything it starts) of one build."""
    before = os.times()
    start = time.perf_counter()
    result = book.build(ROOT, capture=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, result.stdout + result.stderr, result.returncode


#: Cold-cache loads of each lab in the browser; the report gives the median.
BROWSER_RUNS = int(os.environ.get("BENCHMARK_BROWSER_RUNS", "5"))
TRACE_CATEGORIES = ["toplevel", "devtools.timeline", "blink.user_timing"]


def load_average() -> float:
    return os.getloadavg()[0]


def main_thread_cpu_ms(browser, base: str, path: str) -> float | None:
    """CPU time of the page's main thread from navigation start to its first figure drawn.

    From a Chromium trace: the thread time (``tdur``) of every task the renderer's main
    thread ran before the first figure appeared. Parsing HTML and CSS, running plotly.js and
    drawing the figure all happen there, so on an idle machine with a core to spare for the
    network and off-thread script parsing, the first figure cannot come much sooner than this.
    """
    probe = pageweight._FIRST_FIGURE_PROBE.replace(
        "observer.disconnect();", "observer.disconnect(); performance.mark('lc-first-figure');"
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(probe)
    page = context.new_page()
    try:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        page.goto(base + path, wait_until="load")
        page.wait_for_function("() => window.__firstFigure !== undefined", timeout=30_000)
        events = json.loads(browser.stop_tracing())["traceEvents"]
    finally:
        context.close()
    marks = [e for e in events if e.get("name") == "lc-first-figure"]
    if not marks:
        return None
    pid, drawn = marks[0]["pid"], marks[0]["ts"]
    main = {
        e["tid"]
        for e in events
        if e.get("ph") == "M"
        and e.get("name") == "thread_name"
        and e["pid"] == pid
        and e["args"].get("name") == "CrRendererMain"
    }
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart" and e["pid"] == pid]
    start = min(starts) if starts else 0
    tasks = [
        e
        for e in events
        if e["pid"] == pid
        and e.get("tid") in main
        and e.get("ph") == "X"
        and e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask")
        and start <= e["ts"] <= drawn
    ]
    return sum(e.get("tdur", 0) for e in tasks) / 1000


def browser_timings(html: Path, labs: list[str], runs: int = BROWSER_RUNS) -> dict[str, dict[str, float]]:
    """Median timings of each lab over ``runs`` cold-cache loads (labs interleaved), with the load average."""
    samples: dict[str, list[pageweight.PageLoad]] = {lab: [] for lab in labs}
    cpu: dict[str, list[float]] = {lab: [] for lab in labs}
    loads = [load_average()]
    with pageweight.serve(html) as base, pageweight.chromium() as browser:
        for _ in range(runs):
            for lab in labs:
                samples[lab].append(pageweight.load(browser, base, lab, settle_ms=100))
            loads.append(load_average())
        for _ in range(max(1, runs // 2)):
            for lab in labs:
                value = main_thread_cpu_ms(browser, base, lab)
                if value is not None:
                    cpu[lab].append(value)
            loads.append(load_average())

    def median(values: list[float | None]) -> float:
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else float("nan")

    result = {
        lab: {
            "first_paint_ms": median([s.first_paint_ms for s in runs_of_lab]),
            "first_figure_ms": median([s.first_figure_ms for s in runs_of_lab]),
            "dom_content_loaded_ms": median([s.dom_content_loaded_ms for s in runs_of_lab]),
            "cpu_ms": median(cpu[lab]),
        }
        for lab, runs_of_lab in samples.items()
    }
    result["__load__"] = {"min": min(loads), "max": max(loads)}
    return result


def kernel_seconds(cells: list[str], cwd: Path) -> list[float]:
    """Run ``cells`` in a fresh kernel started in ``cwd``; the seconds each one took, timed in the kernel."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    seconds = []
    try:
        for code in cells:
            client.execute_interactive(
                "import time as _bench_time; _bench_start = _bench_time.perf_counter()", timeout=60
            )
            reply = client.execute_interactive(code, timeout=300, output_hook=lambda message: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed in {cwd}: {reply['content'].get('evalue')}")
            printed: list[str] = []
            client.execute_interactive(
                "print(_bench_time.perf_counter() - _bench_start)",
                timeout=60,
                output_hook=lambda m: (
                    printed.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None
                ),
            )
            seconds.append(float("".join(printed).split()[0]))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return seconds


def setup_costs(notebooks: list[Path]) -> tuple[float, float, list[tuple[Path, float]]]:
    """(pandas + plotly import, what lc.setup() adds, each lab's set-up cell), fresh kernels."""
    import nbformat

    base, setup = kernel_seconds(
        ["import pandas, plotly.express, plotly.graph_objects", "import llmcourse as lc\nlc.setup()"], ROOT
    )
    first_cells = []
    for path in notebooks:
        notebook = nbformat.read(ROOT / path, as_version=4)
        # The set-up cell: the first that calls lc.setup() (an install guard may come before it).
        first = next(c.source for c in notebook.cells if c.cell_type == "code" and "lc.setup()" in c.source)
        first_cells.append((path, kernel_seconds([first], (ROOT / path).parent)[0]))
    return base, setup, first_cells


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} KB"


def mark(ok: bool) -> str:
    return "ok" if ok else "**over target**"


def main() -> int:
    if BUILD.exists():
        shutil.rmtree(BUILD)
    load_before = os.getloadavg()
    cold_load = load_average()
    cold_s, cold_cpu, cold_log, cold_rc = timed_build()
    cold_load = (cold_load + load_average()) / 2
    if cold_rc != 0:
        print(cold_log[-4000:])
        print("The cold build failed; no benchmark.", file=sys.stderr)
        return cold_rc
    rebuild_load = load_average()
    rebuild_s, rebuild_cpu, rebuild_log, _ = timed_build()
    rebuild_load = (rebuild_load + load_average()) / 2

    notebooks = [(Path(p).relative_to(ROOT), float(s)) for p, s in EXECUTED.findall(cold_log)]
    rerun = EXECUTED.findall(rebuild_log)
    pages = sorted(p for p in HTML.rglob("*.html") if "_static" not in p.parts)
    page_sizes = [(p.relative_to(HTML), p.stat().st_size) for p in pages]
    site_bytes = sum(p.stat().st_size for p in HTML.rglob("*") if p.is_file())
    static_bytes = sum(p.stat().st_size for p in (HTML / "_static").rglob("*") if p.is_file())
    plotly_urls = set()
    for page in pages:
        for src in PLOTLY_SRC.findall(page.read_text(encoding="utf-8")):
            plotly_urls.add(src.split("/_static/")[-1].lstrip("./"))

    loads = pageweight.load_all(HTML)
    narratives = [load for load in loads if pageweight.kind(load.path) == "narrative"]
    labs = [load for load in loads if pageweight.kind(load.path) == "lab"]
    heaviest_narrative = max(narratives, key=lambda load: load.total)
    heaviest_lab = max(labs, key=lambda load: load.total)
    site_total = pageweight.site_bytes(HTML)
    timings = browser_timings(HTML, [load.path for load in labs])
    browser_load = timings.pop("__load__")
    setup_load = load_average()
    base_s, setup_s, first_cells = setup_costs([nb for nb, _ in notebooks])
    load_after = os.getloadavg()

    def mb(n: int) -> str:
        return f"{n / 1e6:.2f} MB"

    lines = [
        "# Benchmark report",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}.",
        f"Measured by `scripts/benchmark.py` on {time.strftime('%Y-%m-%d %H:%M')}; load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (times are wall-clock and grow with other work "
        "on the machine; CPU seconds less so).",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
        f"| cold build (no _build, no cache; load {cold_load:.1f}) | {cold_s:.1f} s ({cold_cpu:.1f} s CPU) | <= {TARGETS['cold_s']:.0f} s | {mark(cold_s <= TARGETS['cold_s'])} |",
        f"| rebuild, nothing changed (load {rebuild_load:.1f}) | {rebuild_s:.1f} s ({rebuild_cpu:.1f} s CPU) | <= {TARGETS['rebuild_s']:.0f} s | {mark(rebuild_s <= TARGETS['rebuild_s'])} |",
        f"| notebooks executed by that rebuild | {len(rerun)} | 0 | {mark(not rerun)} |",
        f"| pages | {len(pages)} | | |",
        f"| total site | {kb(site_bytes)} | | |",
        f"| shared assets (_static) | {kb(static_bytes)} | | |",
        f"| distinct plotly.js URLs across pages | {len(plotly_urls)} ({', '.join(sorted(plotly_urls)) or 'none'}) | 1 | {mark(len(plotly_urls) <= 1)} |",
        f"| whole site, every file | {mb(site_total)} | <= {mb(pageweight.SITE_BUDGET)} | {mark(site_total <= pageweight.SITE_BUDGET)} |",
        f"| bytes loaded, largest narrative page ({heaviest_narrative.path}) | {kb(heaviest_narrative.total)} "
        f"| <= {kb(pageweight.NARRATIVE_BUDGET)} | {mark(heaviest_narrative.total <= pageweight.NARRATIVE_BUDGET)} |",
        f"| bytes loaded, largest lab page ({heaviest_lab.path}) | {mb(heaviest_lab.total)} "
        f"| <= {mb(pageweight.LAB_BUDGET)} | {mark(heaviest_lab.total <= pageweight.LAB_BUDGET)} |",
        f"| import pandas and plotly (fresh kernel; load {setup_load:.1f}) | {base_s:.2f} s | | |",
        f"| `import llmcourse; lc.setup()` on top of that | {setup_s:.2f} s | <= {TARGETS['setup_s']} s | {mark(setup_s <= TARGETS['setup_s'])} |",
        "",
        "## Each lab in the browser (Chromium, cold cache, 127.0.0.1)",
        "",
        f"Median of {BROWSER_RUNS} cold-cache loads per lab (labs interleaved), load average "
        f"{browser_load['min']:.1f} to {browser_load['max']:.1f}. Times from navigation start: first "
        "contentful paint (the text shows), first figure drawn (target <= "
        f"{TARGETS['first_figure_ms']:,.0f} ms), DOMContentLoaded (every figure drawn); and the page's "
        "main-thread CPU time until its first figure (median of the traced loads), which is what the "
        "first figure costs on an idle machine: the wall-clock times above it are that CPU time "
        "stretched by the other work on the machine.",
        "",
        "| lab | bytes loaded | first paint | first figure drawn | DOMContentLoaded | main-thread CPU to first figure | |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {load.path} | {mb(load.total)} | {timings[load.path]['first_paint_ms']:,.0f} ms | "
            f"{timings[load.path]['first_figure_ms']:,.0f} ms | {timings[load.path]['dom_content_loaded_ms']:,.0f} ms | "
            f"{timings[load.path]['cpu_ms']:,.0f} ms | "
            f"{mark(timings[load.path]['first_figure_ms'] <= TARGETS['first_figure_ms'])} |"
            for load in labs
        ],
        "",
        "## Largest files loaded by the heaviest pages",
        "",
        f"- {heaviest_narrative.describe(8)}",
        f"- {heaviest_lab.describe(8)}",
        "",
        "## Each lab's set-up cell (the cell calling `lc.setup()`, fresh kernel: imports, set-up, data loading)",
        "",
        "| notebook | seconds |",
        "|---|---|",
        *[f"| {nb} | {s:.2f} |" for nb, s in first_cells],
        "",
        "## Notebook execution (cold build)",
        "",
        f"As MyST-NB reports it: a fresh kernel's start, then every cell (load average {cold_load:.1f}).",
        "",
        "| notebook | seconds | |",
        "|---|---|---|",
        *[f"| {nb} | {s:.1f} | {mark(s <= TARGETS['notebook_s'])} |" for nb, s in notebooks],
        "",
        "## Page sizes (HTML only)",
        "",
        "| page | size | |",
        "|---|---|---|",
        *[f"| {p} | {kb(n)} | {mark(n <= TARGETS['page_bytes'])} |" for p, n in page_sizes],
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"Written to {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
