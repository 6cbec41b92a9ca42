/* What must run right before Material's bundle, loaded with it on the reader's first input
 * (docs/assets/before-material.js starts both and runs the bundle after this): search that answers
 * every change of the query, search on demand (ranked), and SVG links under instant navigation.
 * Nothing here is needed before any input, so no first view carries it (tests/test_reader_weight.py).
 */

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
 * whole site's text: by far the largest file) as soon as it runs. This script, run right before
 * Material's bundle, holds both back until the reader reaches for search: hovering or focusing the
 * search box, opening it on a phone, or a shared ?q= link. The first input, which loads this file, may
 * have been that reach already (the "/" shortcut, a pointer resting on the search box): checked at once. The
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
  var toggle = document.getElementById("__search"), active = document.activeElement;
  if ((toggle && toggle.checked) || (active && active.closest && active.closest(".md-search")) ||
      document.querySelector(".md-search:hover, [for=__search]:hover")) release();

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
 * error. Run right before Material's bundle, this gives the property
 * a setter that does nothing (the getter is kept). The maps' links need it only then: before the
 * bundle runs, nothing assigns `href`. The link keeps its relative href attribute, which
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
