/* What must run before Material's bundle (overrides/main.html, block scripts), in one file so a
 * first view costs one request: Material's bundle on the reader's first input, search ranking and
 * input, search on demand, and SVG links under instant navigation.
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
        document.querySelectorAll(".highlight pre > code").forEach(function (code) {
          if (code.scrollWidth > code.clientWidth && !code.hasAttribute("tabindex")) code.setAttribute("tabindex", "0");
        });
      });
    });
  }, { once: true });

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
  function load() {
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
      document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
        if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      });
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

/* Search that answers (tests/test_reader_search.py). Results follow every change of the query: Material
 * listens for key presses only, so pasting with the mouse or a phone's suggestion bar left the previous
 * results on screen. Each input event becomes the keyup Material waits for (delegated from the document,
 * so it survives instant navigation). The ranking is changed where the worker starts (below).
 */
document.addEventListener("input", function (event) {
  var target = event.target;
  if (target.classList && target.classList.contains("md-search__input") && !event.isComposing) {
    target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});

/* Search on demand, ranked. Material starts its search worker and downloads the search index (the
 * whole site's text: by far the largest file) on every first page view. This script, loaded before
 * Material's bundle (overrides/main.html, block scripts), holds both back until the reader reaches
 * for search: hovering or focusing the search box, opening it on a phone, or a shared ?q= link. The
 * worker it then starts is docs/assets/search-worker.js, which runs Material's and puts pages that
 * contain every word of the query first. This is the only wrapper of window.Worker on a served page
 * (the offline edition's frame worker, docs/assets/offline-worker.js, is what it wraps there).
 * tests/test_reader_weight.py checks the first view; tests/test_reader_search.py that search works.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[^/?]*\.js$/;
  var script = document.currentScript;
  var RANKED = script ? new URL("search-worker.js", script.src).href : null;
  var release;
  var wanted = new Promise(function (resolve) { release = resolve; });

  function inSearch(event) {
    if (event.target.closest && event.target.closest(".md-search, [for=__search]")) release();
  }
  document.addEventListener("focusin", inSearch);
  document.addEventListener("pointerover", inSearch);
  document.addEventListener("change", function (event) { if (event.target.id === "__search") release(); });
  if (/[?&]q=/.test(location.search)) release();

  /* Material fetches the index with XMLHttpRequest: hold its send() until search is wanted. */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.dlOnDemand = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.dlOnDemand) return send.apply(request, args);
    wanted.then(function () { send.apply(request, args); });
  };

  /* The search worker: a stand-in that queues messages and listeners until search is wanted. */
  var RealWorker = window.Worker;
  window.Worker = function (url, options) {
    if (!WORKER.test(String(url))) return new RealWorker(url, options);
    var real = null, queued = [], listeners = [];
    wanted.then(function () {
      var material = new URL(String(url), document.baseURI).href;
      real = new RealWorker(RANKED ? RANKED + "?material=" + encodeURIComponent(material) : url, options);
      listeners.forEach(function (listener) { real.addEventListener.apply(real, listener); });
      queued.forEach(function (message) { real.postMessage(message); });
    });
    return {
      postMessage: function (message) { if (real) real.postMessage(message); else queued.push(message); },
      addEventListener: function () { if (real) real.addEventListener.apply(real, arguments); else listeners.push(arguments); },
      removeEventListener: function (type, handler) {
        if (real) real.removeEventListener.apply(real, arguments);
        listeners = listeners.filter(function (listener) { return listener[0] !== type || listener[1] !== handler; });
      },
      terminate: function () { if (real) real.terminate(); }
    };
  };
})();

/* SVG links under instant navigation. The roadmap maps (overrides/hooks/roadmap_map.py) are SVG
 * whose nodes are <a href="…"> links, so search engines and Lighthouse see real links. Material's
 * instant navigation makes every relative [href] absolute by assigning `element.href = …`; on an SVG
 * <a> that property is a read-only SVGAnimatedString, so the assignment throws and the page logs an
 * error. Loaded before Material's bundle (overrides/main.html, block scripts), this gives the property
 * a setter that does nothing (the getter is kept). The link keeps its relative href attribute, which
 * the browser resolves against the current address when it is followed, as for any relative link.
 * tests/test_reader_map.py checks the maps across instant navigation with no console errors.
 */
(function () {
  "use strict";
  var link = window.SVGAElement && Object.getOwnPropertyDescriptor(SVGAElement.prototype, "href");
  if (!link || link.set || !link.configurable) return;
  Object.defineProperty(SVGAElement.prototype, "href", {
    get: link.get,
    set: function () {},
    enumerable: link.enumerable,
    configurable: true
  });
})();
