/* Reader progress without an account, and the resource filter.
 *
 * Progress lives in localStorage under one key, as {format, version, done: {sectionSlug: [topicId]}}:
 * keyed by slug and heading id, so reworded headings and reordered sections keep it. Ids that no
 * longer exist on the site are kept, only not counted. Export writes the same object to a file;
 * import accepts only that shape and adds its ticks, leaving stored progress untouched otherwise.
 * Pages carry what to count in data-slug/data-topics (see overrides/partials/). No inline markup
 * styles: state is shown with classes, `hidden`, <progress> and SVG attributes.
 */
(function () {
  "use strict";
  var KEY = "dl-roadmap-progress";
  var FORMAT = "deep-learning-roadmap-progress";
  var ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
  var BAR_WIDTH = 78; // width of .dl-map__track in overrides/hooks/roadmap_map.py

  /* The `done` map of a stored or imported object, or null if it is not one of ours. */
  function readDone(data) {
    if (!data || data.format !== FORMAT || data.version !== 1) return null;
    if (typeof data.done !== "object" || data.done === null || Array.isArray(data.done)) return null;
    var slugs = Object.keys(data.done);
    var valid = slugs.every(function (slug) {
      var ids = data.done[slug];
      return ID.test(slug) && Array.isArray(ids) && ids.every(function (id) { return typeof id === "string" && ID.test(id); });
    });
    if (!valid) return null;
    var done = {};
    slugs.forEach(function (slug) { done[slug] = data.done[slug].slice(); });
    return done;
  }

  function load() {
    try { return readDone(JSON.parse(localStorage.getItem(KEY))) || {}; } catch (error) { return {}; }
  }

  function serialise(done) {
    return JSON.stringify({ format: FORMAT, version: 1, done: done }, null, 2);
  }

  function save(done) {
    Object.keys(done).forEach(function (slug) { if (!done[slug].length) delete done[slug]; });
    try {
      localStorage.setItem(KEY, serialise(done));
    } catch (error) {
      say("Progress cannot be saved: this browser does not allow this site to store data.");
    }
    render();
  }

  function topicsOf(element) {
    return element.getAttribute("data-topics").split(" ").filter(Boolean);
  }

  function countDone(done, element) {
    var ticked = done[element.getAttribute("data-slug")] || [];
    return topicsOf(element).filter(function (id) { return ticked.indexOf(id) >= 0; }).length;
  }

  function describe(count, total) {
    return count + " of " + total + " topics done";
  }

  /* Show the stored progress on everything in the page that carries data-slug/data-topics. */
  function render() {
    var done = load();
    var any = Object.keys(done).length > 0;
    var sum = 0, total = 0;
    document.querySelectorAll("[data-slug][data-topics]").forEach(function (element) {
      var count = countDone(done, element), all = topicsOf(element).length;
      if (element.matches("li")) { sum += count; total += all; }
      if (element.matches(".dl-map__node")) {
        var label = element.getAttribute("data-label") || element.getAttribute("aria-label");
        element.setAttribute("data-label", label);
        element.setAttribute("aria-label", count ? label + " " + describe(count, all) + "." : label);
        element.classList.toggle("dl-map__node--started", count > 0 && count < all);
        element.classList.toggle("dl-map__node--complete", all > 0 && count === all);
        var bar = element.querySelector(".dl-map__bar");
        if (bar) bar.setAttribute("width", all ? Math.round((BAR_WIDTH * count) / all) : 0);
        return;
      }
      var line = element.matches(".dl-progress-line") ? element : element.querySelector(".dl-progress-line");
      showLine(line, count, all, any || element === line);
    });
    var tools = document.querySelector(".dl-progress-tools");
    if (tools) {
      tools.hidden = false;
      showLine(tools.querySelector(".dl-progress-line"), sum, total, true);
    }
    renderTopicButtons(done);
  }

  function showLine(line, count, total, visible) {
    if (!line) return;
    line.hidden = !visible;
    line.querySelector("progress").max = total;
    line.querySelector("progress").value = count;
    line.querySelector(".dl-progress-line__text").textContent = describe(count, total);
  }

  /* A "Done" toggle under each topic heading of a section page. */
  function renderTopicButtons(done) {
    var section = document.querySelector(".dl-section-progress");
    if (!section) return;
    var slug = section.getAttribute("data-slug");
    topicsOf(section).forEach(function (id) {
      var heading = document.getElementById(id);
      if (!heading) return;
      var button = heading.nextElementSibling;
      if (!button || !button.matches(".dl-topic-done")) {
        button = document.createElement("button");
        button.type = "button";
        button.className = "dl-topic-done";
        button.textContent = "Done";
        button.setAttribute("data-slug", slug);
        button.setAttribute("data-topic", id);
        button.setAttribute("aria-label", "Done: " + headingText(heading));
        heading.after(button);
      }
      button.setAttribute("aria-pressed", String((done[slug] || []).indexOf(id) >= 0));
    });
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.trim();
  }

  function toggleTopic(button) {
    var done = load(), slug = button.getAttribute("data-slug"), id = button.getAttribute("data-topic");
    var ticked = done[slug] || [];
    done[slug] = ticked.indexOf(id) >= 0 ? ticked.filter(function (other) { return other !== id; }) : ticked.concat(id);
    save(done);
  }

  function say(message) {
    var status = document.querySelector(".dl-progress-tools__message");
    if (status) status.textContent = message;
  }

  function exportProgress() {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([serialise(load())], { type: "application/json" }));
    link.download = "deep-learning-roadmap-progress.json";
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    say("Progress exported to deep-learning-roadmap-progress.json.");
  }

  function importProgress(file) {
    file.text().then(function (text) {
      var imported = null;
      try { imported = readDone(JSON.parse(text)); } catch (error) { /* not JSON: refused below */ }
      if (!imported) {
        say("Could not import “" + file.name + "”: it is not a progress file exported from this site. Your progress is unchanged.");
        return;
      }
      var done = load(), added = 0;
      Object.keys(imported).forEach(function (slug) {
        var ticked = done[slug] || [];
        imported[slug].forEach(function (id) { if (ticked.indexOf(id) < 0) { ticked.push(id); added += 1; } });
        done[slug] = ticked;
      });
      save(done);
      say("Imported “" + file.name + "”: " + added + " topic(s) added to your progress.");
    });
  }

  function resetProgress() {
    if (!window.confirm("Reset your progress? Every ticked topic in this browser will be cleared. Export first to keep a copy.")) return;
    localStorage.removeItem(KEY);
    render();
    say("Progress reset.");
  }

  /* Resource lists: filter by type and free-only. */
  function addResourceFilter() {
    var items = Array.prototype.map.call(document.querySelectorAll("article li > .dl-resource"), function (badge) { return badge.parentElement; });
    if (items.length < 2 || document.querySelector(".dl-resource-filter")) return;
    var types = [];
    items.forEach(function (item) { var type = item.querySelector(".dl-resource").getAttribute("data-type"); if (types.indexOf(type) < 0) types.push(type); });
    var form = document.createElement("form");
    form.className = "dl-resource-filter";
    form.setAttribute("aria-label", "Filter resources");
    var select = document.createElement("select");
    select.add(new Option("All types", ""));
    types.sort().forEach(function (type) { select.add(new Option(type.charAt(0).toUpperCase() + type.slice(1), type)); });
    var free = document.createElement("input");
    free.type = "checkbox";
    var count = document.createElement("span");
    count.setAttribute("role", "status");
    form.append(labelled("Type ", select), labelled("", free, " Free only"), count);
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var resource = item.querySelector(".dl-resource");
        item.hidden = (select.value && resource.getAttribute("data-type") !== select.value) || (free.checked && resource.getAttribute("data-cost") !== "free");
        if (!item.hidden) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + items.length + " resources";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    items[0].parentElement.before(form);
    apply();
  }

  function labelled(before, control, after) {
    var label = document.createElement("label");
    label.append(before, control, after || "");
    return label;
  }

  /* One set of listeners for the whole visit; Material's instant navigation swaps page content. */
  document.addEventListener("click", function (event) {
    var target = event.target.closest(".dl-topic-done, [data-dl-action]");
    if (!target) return;
    var action = target.getAttribute("data-dl-action");
    if (!action) toggleTopic(target);
    else if (action === "export") exportProgress();
    else if (action === "reset") resetProgress();
    else if (action === "import") target.parentElement.querySelector("input[type=file]").click();
  });
  /* Another tab changed the progress: show it here too. */
  window.addEventListener("storage", function (event) { if (event.key === KEY) render(); });
  document.addEventListener("change", function (event) {
    if (event.target.matches(".dl-progress-tools input[type=file]") && event.target.files.length) {
      importProgress(event.target.files[0]);
      event.target.value = "";
    }
  });

  /* Material names a nav section that has an index page by a label holding only an icon: name it by its title. */
  function nameNavSections() {
    document.querySelectorAll("nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(".md-nav__title");
      if (label && !label.textContent.trim() && title) nav.setAttribute("aria-label", title.textContent.trim());
    });
    /* Each code block's button bar is a nav too; landmarks need distinct names. */
    document.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
      nav.setAttribute("aria-label", "Code block " + (index + 1) + " actions");
    });
  }

  document$.subscribe(function () {
    nameNavSections();
    render();
    addResourceFilter();
  });
})();
