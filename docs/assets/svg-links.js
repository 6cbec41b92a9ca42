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
