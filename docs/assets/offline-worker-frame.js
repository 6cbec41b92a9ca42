/*
 * Offline edition only: runs in the hidden frame that stands in for a Web Worker (offline-worker.js),
 * before the worker's own script. It gives the frame the two things a worker has that a window has
 * not: postMessage to whoever started it, and importScripts (asynchronous here, as in iframe-worker).
 */
window.postMessage = function (data) {
  // The parent is a file:// page, whose origin is opaque: "*" is the only target origin that reaches it.
  window.parent.postMessage(data, "*");
};

window.importScripts = function () {
  return Array.prototype.reduce.call(arguments, function (previous, url) {
    return previous.then(function () {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    });
  }, Promise.resolve());
};
