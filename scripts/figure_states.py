"""Visit every figure of the built book in Chromium, in every state of its in-figure controls.

Shared by the readability test (``tests/test_figure_readability.py``) and the contact sheet
(``scripts/contact_sheet.py``). For each figure and each state (the first view, then every
option of every menu clicked as a reader would, then the first, middle and last step of each
slider) it measures, in the browser, the boxes a reader has to read: the title, the subtitle,
the legend, the axis titles, each axis's tick labels, the menus, the sliders and the
annotations. It reports

* two of them that overlap,
* one that sticks out of the figure's box,
* two tick labels of one axis that print over each other,
* a menu whose label is not the option shown, or a control a click cannot reach.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WIDTHS = {"desktop": 1400, "phone": 390}

# Runs in the page: the boxes of one figure (page coordinates, CSS pixels).
MEASURE_JS = r"""
gd => {
  const box = el => { const r = el.getBoundingClientRect();
    return {x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height}; };
  const items = [];
  const add = (kind, el) => { if (!el) return; const b = box(el);
    if (b.w > 0.5 && b.h > 0.5) items.push({kind, ...b, text: (el.textContent || '').trim().slice(0, 60)}); };
  const info = gd.querySelector('.infolayer');
  add('title', gd.querySelector('.g-gtitle .gtitle'));
  add('subtitle', gd.querySelector('.g-gtitle .gtitle-subtitle'));
  gd.querySelectorAll('.infolayer > g[class^="g-"][class$="title"]').forEach(g => {
    if (g.classList.contains('g-gtitle')) return;
    add('axis title ' + g.getAttribute('class').slice(2), g.querySelector('text'));
  });
  gd.querySelectorAll('.infolayer .legend').forEach(g => add('legend', g.querySelector('.bg') || g));
  gd.querySelectorAll('.annotation').forEach(g => add('annotation', g.querySelector('.annotation-text-g') || g));
  gd.querySelectorAll('.updatemenu-container .updatemenu-header-group').forEach((g, i) => add('menu ' + (i + 1), g));
  gd.querySelectorAll('.slider-container .slider-group').forEach((g, i) => add('slider ' + (i + 1), g));
  const ticks = [];
  gd.querySelectorAll('.xaxislayer-above, .yaxislayer-above').forEach(layer => {
    const labels = [...layer.querySelectorAll('.xtick text, .ytick text, text')].map(t => {
        const turn = /rotate\((-?[\d.]+)/.exec(t.getAttribute('transform') || '');
        return {...box(t), text: t.textContent, angle: turn ? +turn[1] : 0,
                size: parseFloat(getComputedStyle(t).fontSize) || 12}; })
      .filter(b => b.w > 0.5 && b.text.trim());
    if (!labels.length) return;
    const axis = (layer.querySelector('[class*="tick"]') || layer).getAttribute('class') || 'axis';
    ticks.push({axis, labels});
    const x0 = Math.min(...labels.map(b => b.x)), y0 = Math.min(...labels.map(b => b.y));
    const x1 = Math.max(...labels.map(b => b.x + b.w)), y1 = Math.max(...labels.map(b => b.y + b.h));
    items.push({kind: 'tick labels (' + axis + ')', x: x0, y: y0, w: x1 - x0, h: y1 - y0, text: ''});
  });
  const menus = (gd._fullLayout.updatemenus || []).map((m, i) => {
    const g = gd.querySelectorAll('.updatemenu-container .updatemenu-header-group')[i];
    const header = g && g.querySelector('.updatemenu-header .updatemenu-item-text');
    return {type: m.type, active: m.active, labels: m.buttons.map(b => b.label),
            shown: header ? header.textContent : null};
  });
  return {figure: box(gd), container: box(gd.parentElement), items, ticks, menus,
          sliders: (gd._fullLayout.sliders || []).map((s, i) => ({active: s.active, labels: s.steps.map(t => t.label),
            shown: (gd.querySelectorAll('.slider-container .slider-group')[i]?.querySelector('.slider-label') || {}).textContent || ''}))};
}
"""

# Runs in the page: does each menu's and slider's active option match the data on show?
STATE_JS = r"""
gd => {
  const problems = [];
  // Typed arrays (plotly's binary encoding) compare as plain arrays; encoded arguments are skipped.
  const plain = v => ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v;
  const same = (a, b) => (b && b.bdata) || JSON.stringify(plain(a)) === JSON.stringify(plain(b));
  const shownValue = (trace, key, index) => key === 'visible' ? (trace.visible === undefined ? true : trace.visible)
    : (trace[key] && trace[key].bdata ? gd._fullData[index][key] : trace[key]);
  const check = (what, args) => {
    const [restyle, relayout, indices] = args;
    if (!restyle) return;
    const targets = indices === undefined ? gd.data.map((_, i) => i) : [].concat(indices);
    for (const [key, values] of Object.entries(restyle)) {
      targets.forEach((index, position) => {
        const want = Array.isArray(values) ? values[position % values.length] : values;
        if (['visible', 'x', 'y', 'z'].includes(key) && !same(shownValue(gd.data[index], key, index), want))
          problems.push(`${what}: trace ${index} ${key} is not what the option sets`);
      });
    }
  };
  (gd._fullLayout.updatemenus || []).forEach((m, i) => {
    const b = m.buttons[m.active];
    if (b && (b.method === 'update' || b.method === 'restyle')) check(`menu ${i + 1} ("${b.label}")`, b.args);
  });
  (gd._fullLayout.sliders || []).forEach((s, i) => {
    const step = s.steps[s.active];
    if (step && (step.method === 'update' || step.method === 'restyle')) check(`slider ${i + 1} ("${step.label}")`, step.args);
  });
  return problems;
}
"""


@dataclass
class FigureState:
    page: str
    index: int  # 1-based number of the figure on its page
    width: str  # "desktop" or "phone"
    state: str  # "first view", 'menu 1: "MMLU"', ...
    problems: list[str] = field(default_factory=list)
    screenshot: bytes | None = None

    @property
    def name(self) -> str:
        return f"{self.page} figure {self.index} at {self.width}, {self.state}"


def _overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (
        min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > slack
        and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > slack
    )


def _ticks_collide(a: dict, b: dict) -> bool:
    """Two tick labels of one axis print over each other (rotated labels: by their spacing)."""
    if not _overlap(a, b, slack=2.0):
        return False
    if a["angle"] % 180 == 0 and b["angle"] % 180 == 0:
        return True
    # Parallel rotated labels: they collide when their lines are closer than a line of text.
    dx = abs((a["x"] + a["w"] / 2) - (b["x"] + b["w"] / 2))
    dy = abs((a["y"] + a["h"] / 2) - (b["y"] + b["h"] / 2))
    spacing = dx * abs(math.sin(math.radians(a["angle"]))) + dy * abs(math.cos(math.radians(a["angle"])))
    return spacing < 0.9 * max(a["size"], b["size"])


def problems_in(measure: dict) -> list[str]:
    """What a reader would trip over in one measured state (pure: testable without a browser)."""
    problems = []
    fig, items = measure["figure"], measure["items"]
    box = measure.get("container")
    if box and fig["y"] + fig["h"] > box["y"] + box["h"] + 1:  # the page's next paragraph prints over the figure
        problems.append(f"the figure ({fig['h']:.0f} px) is taller than its box on the page ({box['h']:.0f} px)")
    for item in items:
        if (
            item["x"] < fig["x"] - 1
            or item["y"] < fig["y"] - 1
            or item["x"] + item["w"] > fig["x"] + fig["w"] + 1
            or item["y"] + item["h"] > fig["y"] + fig["h"] + 1
        ):
            problems.append(f"{item['kind']} {item['text']!r} sticks out of the figure")
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if _overlap(a, b):
                problems.append(f"{a['kind']} {a['text']!r} overlaps {b['kind']} {b['text']!r}")
    for axis in measure["ticks"]:
        labels = axis["labels"]
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                if _ticks_collide(a, b):
                    problems.append(
                        f"tick labels {a['text']!r} and {b['text']!r} ({axis['axis']}) print over each other"
                    )
                    break
    for number, menu in enumerate(measure["menus"], start=1):
        if menu["type"] != "buttons" and menu["shown"] != menu["labels"][menu["active"]]:
            problems.append(
                f"menu {number} says {menu['shown']!r} but option {menu['labels'][menu['active']]!r} is active"
            )
    for number, slider in enumerate(measure["sliders"], start=1):
        if slider["labels"][slider["active"]] not in slider["shown"]:
            problems.append(f"slider {number} says {slider['shown']!r}, not {slider['labels'][slider['active']]!r}")
    return problems


def _settle(page) -> None:
    page.wait_for_timeout(120)


def _states(page, graph) -> Iterator[str]:
    """Drive the controls of one figure as a reader would; yield after each state is shown."""
    yield "first view"
    menus = graph.evaluate(
        "gd => (gd._fullLayout.updatemenus || []).map(m => ({type: m.type, labels: m.buttons.map(b => b.label)}))"
    )
    for m, menu in enumerate(menus):
        group = graph.locator(".updatemenu-container .updatemenu-header-group").nth(m)
        for o, label in enumerate(menu["labels"]):
            if menu["type"] == "buttons":
                group.locator(".updatemenu-button").nth(o).click(timeout=3000)
            else:
                group.locator(".updatemenu-header").click(timeout=3000)
                graph.locator(".updatemenu-dropdown-button-group .updatemenu-dropdown-button").nth(o).click(
                    timeout=3000
                )
            _settle(page)
            yield f'menu {m + 1}: "{label}"'
    sliders = graph.evaluate("gd => (gd._fullLayout.sliders || []).map(s => s.steps.length)")
    for s, n in enumerate(sliders):
        for step in sorted({0, n // 2, n - 1}):
            # A reader drags the grip; set the step through plotly.js as the slider would.
            graph.evaluate(
                """(gd, [s, i]) => { const step = gd._fullLayout.sliders[s].steps[i];
                     const update = Object.assign({}, step.args[1] || {}, {[`sliders[${s}].active`]: i});
                     return step.method === 'update' ? Plotly.update(gd, step.args[0], update, step.args[2])
                       : Promise.all([Plotly[step.method](gd, ...step.args), Plotly.relayout(gd, {[`sliders[${s}].active`]: i})]); }""",
                [s, step],
            )
            _settle(page)
            label = graph.evaluate(f"gd => gd._fullLayout.sliders[{s}].steps[{step}].label")
            yield f'slider {s + 1}: "{label}"'


def visit_figures(
    browser,
    base: str,
    pages: list[str],
    widths: dict[str, int] = WIDTHS,
    screenshots: bool = False,
    on_state: Callable[[FigureState], None] | None = None,
    controls: bool = True,
) -> list[FigureState]:
    """Every figure of ``pages`` at each width, in every state; the problems found in each."""
    results: list[FigureState] = []
    for width_name, width in widths.items():
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        for path in pages:
            page.goto(base + path, wait_until="load")
            graphs = page.locator("div.plotly-graph-div")
            count = graphs.count()
            if count:
                page.wait_for_function(
                    "n => document.querySelectorAll('div.plotly-graph-div .main-svg').length >= n",
                    arg=count,
                    timeout=15_000,
                )
                page.wait_for_timeout(300)  # phone layouts are applied just after drawing
            for i in range(count):
                graph = graphs.nth(i)
                graph.scroll_into_view_if_needed()
                states = _states(page, graph)
                while True:
                    state = FigureState(path, i + 1, width_name, "")
                    try:
                        state.state = next(states)
                        if not controls and state.state != "first view":
                            break
                    except StopIteration:
                        break
                    except Exception as error:  # a control a reader cannot click
                        state.state = "a control"
                        lines = [line for line in str(error).splitlines() if "intercepts" in line or "outside" in line]
                        state.problems.append(
                            f"cannot operate the control: {(lines or str(error).splitlines())[-1].strip()}"
                        )
                        results.append(state)
                        if on_state:
                            on_state(state)
                        break
                    measure = graph.evaluate(MEASURE_JS)
                    state.problems += problems_in(measure)
                    state.problems += graph.evaluate(STATE_JS)
                    if screenshots:
                        state.screenshot = graph.screenshot()
                    results.append(state)
                    if on_state:
                        on_state(state)
        context.close()
    return results


def figure_pages(html) -> list[str]:
    """The pages of the built book that hold figures, relative to its root."""
    return sorted(
        str(p.relative_to(html))
        for p in (html / "chapters").rglob("*.html")
        if "plotly-graph-div" in p.read_text(encoding="utf-8")
    )
