/* Two shims that must run before Material's bundle (overrides/main.html, block scripts), in one
 * file so a first view costs one request for both: search on demand, and SVG links under instant
 * navigation.
 */

/* Search on demand. Material starts its search worker and downloads the search index (the whole
 * site's text: by far the largest file) on every first page view. This script, loaded before
 * Material's bundle (overrides/main.html, block scripts), holds both back until the reader reaches
 * for search: hovering or focusing the search box, opening it on a phone, or a shared ?q= link.
 * tests/test_reader_weight.py checks the first view; tests/test_reader_search.py that search works.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[^/]*\.js$/;
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
      real = new RealWorker(url, options);
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
