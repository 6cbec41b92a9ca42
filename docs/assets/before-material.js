/* Material's bundle on the reader's first input (overrides/main.html, block scripts), with what must
 * run before it (docs/assets/material-prelude.js: search on demand and ranked, SVG links), which is
 * loaded with it.
 */

/* Material's bundle on first input ("import on interaction"). The bundle (~35 KiB gzip) and the work it
 * does at load (mounting every code block, sidebar, tab set and the table of contents of a long page)
 * were about half of every first view and most of the main-thread work on a phone. Nothing a reader
 * sees before any input depends on it: text, formulas and code are HTML; the `js` look and the colour
 * palette are set by two small inline scripts in overrides/main.html; reader progress (progress.js)
 * runs at load through the stand-in `document$` below. The first pointer, touch, wheel, scroll, key
 * or focus loads it, and every control works on first use: links and content tabs are plain HTML,
 * Material's keyboard shortcuts and the palette toggle are answered here until it runs, a tab or
 * palette switched meanwhile is announced to it again, and text typed into search is read at mount.
 * tests/test_reader_weight.py checks the first view; tests/test_deferred_bundle.py the controls.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-load-on-interaction");
  if (!bundle) return;
  var INPUTS = ["pointerdown", "pointermove", "touchstart", "wheel", "scroll", "keydown", "focusin"];
  var SWITCHES = "[data-md-component=palette] input, .tabbed-set > input";
  var subscribers = [], switched = [], started = false, ready = false;

  /* Until the bundle runs, `document$` is a stand-in that calls its subscribers with this document at
   * DOMContentLoaded (as Material's does); they are handed to Material's for the pages instant
   * navigation brings in later. */
  function call(next) {
    try { next(document); } catch (error) { setTimeout(function () { throw error; }); }
  }
  var loaded = document.readyState !== "loading";
  window.document$ = {
    subscribe: function (subscriber) {
      var entry = { next: typeof subscriber === "function" ? subscriber : subscriber.next, active: true };
      subscribers.push(entry);
      if (loaded) call(entry.next);
      return { unsubscribe: function () { entry.active = false; if (entry.real) entry.real.unsubscribe(); } };
    }
  };
  document.addEventListener("DOMContentLoaded", function () {
    loaded = true;
    subscribers.forEach(function (entry) { call(entry.next); });
    /* What Material does at mount for keyboard readers: a code block that scrolls sideways takes
     * focus, so it can be scrolled without a mouse (axe: scrollable-region-focusable). Read after the
     * first frame, when layout is done anyway. */
    requestAnimationFrame(function () {
      setTimeout(function () {
        focusable(document.querySelectorAll(".highlight pre > code"));
      });
    });
  }, { once: true });

  /* Each of `boxes` that scrolls sideways and has no tabindex yet takes keyboard focus. Every width is
   * read before any attribute is written: a write between two reads would make the browser lay out
   * the page again for the next read (on a long page that was most of the work after loading). */
  function focusable(boxes) {
    Array.prototype.filter.call(boxes, function (box) { return box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex"); })
      .forEach(function (box) { box.setAttribute("tabindex", "0"); });
  }

  /* Material's global shortcuts (bundle.ts and components/search), answered the way it would. */
  function shortcut(event) {
    var active = document.activeElement;
    if (ready || event.ctrlKey || event.metaKey || event.altKey || document.getElementById("__search").checked) return;
    if (active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName))) return;
    var query = document.querySelector("[data-md-component=search-query]");
    if (/^[fs/]$/.test(event.key) && query) {
      event.preventDefault();
      document.getElementById("__search").checked = true;
      query.focus();
      query.select();
    } else if (/^[pn,.]$/.test(event.key)) {
      var link = document.querySelector(/[p,]/.test(event.key) ? "link[rel=prev]" : "link[rel=next]");
      if (link) location.href = link.href;
    } else if (event.key === "Enter" && active instanceof HTMLLabelElement) {
      active.click();
    }
  }
  document.addEventListener("keydown", shortcut);

  /* A palette chosen before the bundle runs shows at once (the inline palette script in main.html);
   * switches are announced to the bundle again when it has mounted. */
  document.addEventListener("change", function (event) {
    if (ready || !event.target.matches(SWITCHES)) return;
    switched.push(event.target);
    if (window.__dlShowPalette && event.target.closest("[data-md-component=palette]")) window.__dlShowPalette(event.target);
  }, true);

  function start() {
    if (started) return;
    started = true;
    INPUTS.forEach(function (type) { window.removeEventListener(type, start, true); });
    /* Input can come while progress.js, the last script, is still on its way: Material mounts on a
     * finished document, after the stand-in's subscribers have seen it. */
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load, { once: true });
    else load();
  }
  /* Two things come first, fetched together: the styles of what the bundle creates (search results,
   * tooltips, code-copy buttons: the deferred half of Material's stylesheet, overrides/hooks/css_purge.py),
   * placed right after the first half so the cascade keeps Material's order, and material-prelude.js,
   * which must run before the bundle. The bundle runs once both have arrived (or failed). */
  function load() {
    var waiting = 2;
    function arrived() { if (--waiting === 0) loadBundle(); }
    var first = document.querySelector("link[rel=stylesheet][href*='stylesheets/main.'][href$='.min.css']");
    if (first && !/\.deferred\.min\.css$/.test(first.href)) {
      var styles = document.createElement("link");
      styles.rel = "stylesheet";
      styles.href = first.href.replace(/\.min\.css$/, ".deferred.min.css");
      styles.onload = styles.onerror = arrived;
      first.after(styles);
    } else arrived();
    var prelude = document.createElement("script");
    prelude.src = new URL("material-prelude.js", script.src).href;
    prelude.onload = prelude.onerror = arrived;
    document.body.appendChild(prelude);
  }
  function loadBundle() {
    var element = document.createElement("script");
    element.src = bundle;
    element.onload = mounted;
    document.body.appendChild(element);
  }
  INPUTS.forEach(function (type) { window.addEventListener(type, start, { capture: true, passive: true }); });

  /* Markup Material's bundle adds once mounted, made accessible (axe, tests/test_reader_a11y.py): each
   * code block's <nav> of buttons (copy, select) gets a name of its own, so the page's navigation
   * landmarks can be told apart (landmark-unique); a table wrapper that scrolls sideways takes keyboard focus like a
   * code block does (scrollable-region-focusable). Watched, since Material adds them per page shown. */
  function tidyMaterialMarkup() {
    function tidy() {
      document.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
        nav.setAttribute("aria-label", "Code block " + (index + 1) + " actions");
      });
      focusable(document.querySelectorAll(".md-typeset__scrollwrap"));
    }
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; tidy(); });
    }).observe(document.body, { childList: true, subtree: true });
    tidy();
  }

  function mounted() {
    var real = window.document$;
    subscribers.forEach(function (entry) {
      var first = true; // Material's first emission is this document, which they have seen
      if (entry.active) entry.real = real.subscribe(function (page) { if (first) first = false; else entry.next(page); });
    });
    /* Material mounts its components when it sees DOMContentLoaded, long past by now. */
    document.dispatchEvent(new Event("DOMContentLoaded"));
    ready = true;
    tidyMaterialMarkup();
    document.documentElement.classList.remove("dl-deferred");
    /* Material's components listen from a frame after mounting, not at once (a change announced
     * synchronously here is not seen: tests/test_deferred_bundle.py). */
    requestAnimationFrame(function () {
      setTimeout(function () {
        switched.filter(function (input, index) { return switched.lastIndexOf(input) === index && input.checked; })
          .forEach(function (input) { input.dispatchEvent(new Event("change", { bubbles: true })); });
        switched = [];
      });
    });
  }
})();
