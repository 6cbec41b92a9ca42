/* Material's search worker with one change to its answers: pages that contain every word of the query
 * come first. Material ranks by score alone, so for "learning rate" pages that only say "learning" (in
 * the site's name on every page) came before the pages that teach the learning rate.
 *
 * docs/assets/before-material.js starts this worker instead of Material's and names Material's worker
 * in the query string (?material=<its URL>); this file loads it and reorders each result message. Within
 * each of the two groups Material's order (its score) is kept. tests/test_reader_search.py checks it.
 */
(function () {
  "use strict";
  var RESULT = 3; /* SearchMessageType.RESULT in Material's worker protocol */
  /* This file's own address. In a worker it is the worker's location; in the offline edition, where
   * search runs in a hidden frame of a file:// page (docs/assets/offline-worker.js), the frame's
   * location is the page's, and the address is that of the script element being run. */
  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  var material = new URL(here).searchParams.get("material") || "";
  var url = new URL(material, here);
  /* Only Material's own worker, from this site, is ever loaded. */
  if (url.origin !== new URL(here).origin || !/\/workers\/search\.[0-9a-f]+\.min\.js$/.test(url.pathname)) {
    throw new Error("search-worker.js: not Material's search worker: " + material);
  }

  /* A page (a group of results: the page and its sections) has every word when each word of the query
   * (Material's `terms`: word -> found) is found in at least one of its results. */
  function hasEveryWord(group) {
    var found = {};
    group.forEach(function (item) {
      Object.keys(item.terms || {}).forEach(function (word) {
        found[word] = found[word] || item.terms[word];
      });
    });
    var words = Object.keys(found);
    return words.length > 0 && words.every(function (word) { return found[word]; });
  }

  function rank(groups) {
    var every = [], some = [];
    groups.forEach(function (group) { (hasEveryWord(group) ? every : some).push(group); });
    return every.concat(some);
  }

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message.data.items = rank(message.data.items);
    }
    post(message);
  };
  importScripts(url.href);
})();
