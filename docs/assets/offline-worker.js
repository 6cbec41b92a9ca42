/*
 * Offline edition only (overrides/hooks/offline.py publishes this file when Material's offline plugin
 * is on, and lists it where the plugin would load the iframe-worker shim from unpkg.com).
 *
 * Browsers refuse to start a Web Worker from a file:// page, so Material's search worker runs in a
 * hidden frame of the page instead. The idea and message protocol are those of @squidfunk's
 * iframe-worker (MIT), the shim the offline plugin names; unlike it, the frame gets no inline script:
 * its runtime is a file of the site (offline-worker-frame.js), so the page's Content Security Policy
 * needs no new hash and no 'unsafe-inline', and nothing is fetched from another host.
 */
(function () {
  if (location.protocol !== "file:") return;
  var runtime = new URL("offline-worker-frame.js", document.currentScript.src).href;

  function attribute(url) {
    return String(url).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "Search";
      document.body.appendChild(frame);
      this.frame = frame;
      var script = new URL(String(url), document.baseURI).href;
      var frameWindow = frame.contentWindow;
      frameWindow.document.open();
      frameWindow.document.write(
        '<!doctype html><html><head><title>Search</title>' +
        '<script src="' + attribute(runtime) + '"></script>' +
        '<script src="' + attribute(script) + '"></script></head></html>'
      );
      frameWindow.document.close();
      // After close: document.open() erases the window's listeners. Resolved once both scripts ran;
      // messages sent before then wait for it.
      this.ready = new Promise(function (resolve) { frameWindow.addEventListener("load", resolve); });
      this.listener = function (event) {
        if (event.source !== frameWindow) return;
        var message = new MessageEvent("message", { data: event.data });
        this.dispatchEvent(message);
        if (this.onmessage) this.onmessage(message);
      }.bind(this);
      window.addEventListener("message", this.listener);
    }

    postMessage(data) {
      var frame = this.frame;
      this.ready.then(function () {
        if (frame.contentWindow) {
          frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
        }
      });
    }

    terminate() {
      window.removeEventListener("message", this.listener);
      this.frame.remove();
    }
  }

  window.Worker = FrameWorker;
})();
