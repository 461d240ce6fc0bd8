/* The course book's page script: small fixes the theme has no option for.
 *
 * 1. Names for the sidebar's expand/collapse arrows (a <summary> with only an icon has
 *    no accessible name; axe rule "summary-name").
 * 2. Wide tables: a table wider than the text column scrolls sideways; it gets a visible
 *    cue above it, and keyboard focus so it can be scrolled without a mouse.
 * 3. Figures follow the theme's dark mode: plotly paints its own backgrounds and text, so
 *    when <html data-theme> turns dark the figures are re-laid out with dark colours, and
 *    back again when it turns light; black lines and marks are drawn light grey.
 * 4. Printing: figures are re-laid out at the printed page's width, then restored.
 * 5. No scrollspy without page contents: Bootstrap's scrollspy follows the links in
 *    .bd-toc-nav; on a page without one (the glossary, the index) it scans every link on
 *    the page, and a link to a glossary term such as #term-Apache-2.0 is not a valid CSS
 *    selector, so it throws. It starts on window load, after this runs.
 */
(function () {
  "use strict";

  function nameSidebarToggles() {
    document.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
      if (summary.getAttribute("aria-label")) return;
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the sections of " + title);
    });
  }

  var SCROLLERS = ".cell_output .output.text_html, .pst-scrollable-table-container, .table-wrapper";

  function markWideTables() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      if (!box.querySelector("table")) return;
      var wide = box.scrollWidth > box.clientWidth + 2;
      box.classList.toggle("lc-wide", wide);
      var cue = box.previousElementSibling;
      var hasCue = cue && cue.classList.contains("lc-scroll-cue");
      if (wide && !hasCue) {
        cue = document.createElement("p");
        cue.className = "lc-scroll-cue";
        cue.textContent = "Wide table: scroll sideways to see every column \u2192";
        box.parentElement.insertBefore(cue, box);
      } else if (!wide && hasCue) {
        cue.remove();
      }
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Wide table, scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  /* Dark mode for plotly figures. The colours follow the theme's dark palette. */
  var DARK = {
    paper: "#121212", text: "#ced6dd", grid: "#3a3f44", line: "#9aa4ad",
    menu: "#2b2f33", menuBorder: "#6c757d", legend: "rgba(18,18,18,0.8)", ink: "#d0d7de"
  };
  var saved = new WeakMap();  // each figure's own settings, restored in light mode

  function isDark() {
    return document.documentElement.dataset.theme === "dark";
  }

  function luminance(colour) {
    var m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour || "");
    if (!m) {
      m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour || "");
      if (!m) return 1;
      return (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255;
    }
    return (0.2126 * parseInt(m[1], 16) + 0.7152 * parseInt(m[2], 16) + 0.0722 * parseInt(m[3], 16)) / 255;
  }

  function get(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }

  function darkUpdate(fig) {
    var layout = fig.layout || {};
    var full = fig._fullLayout || {};
    var update = {
      paper_bgcolor: DARK.paper, plot_bgcolor: DARK.paper, "font.color": DARK.text,
      "legend.bgcolor": DARK.legend, "title.font.color": DARK.text
    };
    Object.keys(full).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = DARK.grid;
        update[key + ".linecolor"] = DARK.line;
        update[key + ".tickfont.color"] = DARK.text;
        update[key + ".title.font.color"] = DARK.text;
      }
    });
    (layout.updatemenus || []).forEach(function (_, i) {
      update["updatemenus[" + i + "].bgcolor"] = DARK.menu;
      update["updatemenus[" + i + "].bordercolor"] = DARK.menuBorder;
      update["updatemenus[" + i + "].font.color"] = DARK.text;
    });
    (layout.sliders || []).forEach(function (_, i) {
      update["sliders[" + i + "].font.color"] = DARK.text;
      update["sliders[" + i + "].currentvalue.font.color"] = DARK.text;
      update["sliders[" + i + "].bgcolor"] = DARK.menu;
      update["sliders[" + i + "].bordercolor"] = DARK.menuBorder;
    });
    (layout.annotations || []).forEach(function (a, i) {
      // Dark text on the dark background turns light; coloured labels keep their colour.
      var colour = get(a, "font.color");
      if (colour === undefined || luminance(colour) < 0.35) update["annotations[" + i + "].font.color"] = DARK.text;
      if (a.bgcolor && luminance(a.bgcolor) > 0.8) update["annotations[" + i + "].bgcolor"] = DARK.paper;
    });
    return update;
  }

  /* Black marks (the "closed" access class, a black series) vanish on the dark background: in
   * dark mode they are drawn in a light grey kept for this (DARK.ink), and turn black again in
   * light mode. Colours are swapped where they are, not saved and restored, so a menu that
   * restyles the traces in either mode keeps its data; a restyle in dark mode is re-inked. */
  var TRACE_COLOURS = ["line.color", "marker.color", "marker.line.color", "textfont.color"];
  function swapColour(value, from, to) {
    if (Array.isArray(value)) {
      var changed = false;
      var out = value.map(function (v) { var w = swapColour(v, from, to); changed = changed || w !== v; return w; });
      return changed ? out : value;
    }
    return typeof value === "string" && from(value) ? to : value;
  }
  function isBlack(colour) { return /^#[0-9a-f]{6}$/i.test(colour) && luminance(colour) < 0.15; }
  function isInk(colour) { return colour === DARK.ink; }
  function inkTraces(fig, dark) {
    var from = dark ? isBlack : isInk, to = dark ? DARK.ink : "#000000";
    var groups = {};  // one restyle call per property and value
    (fig.data || []).forEach(function (trace, i) {
      TRACE_COLOURS.forEach(function (key) {
        var value = get(trace, key), swapped = swapColour(value, from, to);
        if (swapped !== value) {
          groups[key] = groups[key] || { values: [], indices: [] };
          groups[key].values.push(swapped);
          groups[key].indices.push(i);
        }
      });
    });
    Object.keys(groups).forEach(function (key) {
      var update = {};
      update[key] = groups[key].values;
      window.Plotly.restyle(fig, update, groups[key].indices);
    });
  }
  function watchRestyles(fig) {
    if (fig.llmcourseInked || typeof fig.on !== "function") return;
    fig.llmcourseInked = true;
    fig.on("plotly_restyle", function () { if (isDark()) inkTraces(fig, true); });
  }

  function applyMode(fig) {
    if (!window.Plotly || !fig.layout) return;
    watchRestyles(fig);
    inkTraces(fig, isDark());
    if (isDark()) {
      var update = darkUpdate(fig);
      if (!saved.has(fig)) {
        var original = {};
        Object.keys(update).forEach(function (k) {
          var v = get(fig.layout, k.replace(/\[(\d+)\]/g, ".$1"));
          original[k] = v === undefined ? null : v;
        });
        saved.set(fig, original);
      }
      window.Plotly.relayout(fig, update);
    } else if (saved.has(fig)) {
      window.Plotly.relayout(fig, saved.get(fig));
      saved.delete(fig);
    }
  }

  function figures() {
    return Array.prototype.slice.call(document.querySelectorAll("div.plotly-graph-div"));
  }

  function applyModeToAll() {
    figures().forEach(function (fig) {
      if (fig._fullLayout) applyMode(fig);
      else if (fig.on === undefined) setTimeout(function () { applyMode(fig); }, 200);
    });
  }

  /* Printing: lay each figure out at the width of the printed text column. */
  var PRINT_WIDTH = 680;
  function beforePrint() {
    if (!window.Plotly) return;
    figures().forEach(function (fig) {
      if (fig._fullLayout) window.Plotly.relayout(fig, { width: PRINT_WIDTH });
    });
  }
  function afterPrint() {
    if (!window.Plotly) return;
    figures().forEach(function (fig) {
      if (fig._fullLayout) window.Plotly.relayout(fig, { width: null, autosize: true });
    });
  }

  function start() {
    if (!document.querySelector(".bd-toc-nav")) document.body.removeAttribute("data-bs-spy");
    nameSidebarToggles();
    markWideTables();
    applyModeToAll();
    window.addEventListener("resize", markWideTables);
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);
    new MutationObserver(applyModeToAll).observe(document.documentElement, {
      attributes: true, attributeFilter: ["data-theme"]
    });
  }

  window.llmcourse = { applyMode: applyModeToAll, beforePrint: beforePrint, afterPrint: afterPrint, markWideTables: markWideTables };
  // Start at DOMContentLoaded, after the figures' scripts: like this script they are deferred
  // (see llmcourse.sphinxext), but they come later in the page, so they run after it.
  var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (nav && nav.domContentLoadedEventStart > 0) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
