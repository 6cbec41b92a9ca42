/* Reader progress without an account: topic status and private notes (the recall rating under a
 * self-check answer is docs/assets/self-check-rating.js, loaded from here when an answer is opened; the
 * resource filter is docs/assets/resource-filter.js, loaded from here when a resource list nears the screen).
 *
 * Everything lives in localStorage under one key, as {format, version: 2, states, notes, plan, review}
 * (readStore lists the shapes). Entries are keyed by section slug and heading id, so reworded
 * headings and reordered sections keep them; ids that no longer exist on the site are kept, only not
 * counted. Every entry carries the time of its last edit, so an import merges item by item and the
 * newer edit wins (docs/assets/learner-tools.js). Version 1 files ({done: {slug: [ids]}}) still read.
 * Names from storage or a file only ever index Object.create(null) maps: "constructor" or
 * "__proto__" are plain data. Pages carry what to count in data-slug/data-topics (overrides/partials/).
 * No inline markup styles: state is shown with classes, `hidden`, <progress> and SVG attributes.
 *
 * This file runs on every page. The home page's and the learner pages' tools are in
 * learner-tools.js and the FSRS scheduler in vendor/: each is loaded only by a page that uses it.
 */
(function () {
  "use strict";
  var KEY = "dl-roadmap-progress";
  var FORMAT = "deep-learning-roadmap-progress";
  var ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
  var QUESTION = /^q[0-9a-f]{8}$/;
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  var SECTION_NOTE = "_section"; // the note on a section as a whole (no heading id starts with "_")
  var STATES = ["none", "doing", "done", "skipped"];
  // Counted with the topics, so a section cannot reach 100 % with no practice; every section page
  // has both headings (tests/test_content.py).
  var TRACKED = { practice: "Practice task", "self-check": "Self-check" };
  // Characters. The store stays far below every browser's localStorage quota (5 million characters
  // or more), and a reader is warned well before the store's own limit.
  var LIMIT = { id: 100, entries: 1000, note: 10000, warn: 1200000, store: 1500000 };
  var LATEST = 8.64e15; // the largest time a Date holds
  var CARD = ["due", "stability", "difficulty", "elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  var RATING = "self-check-rating.js"; // the rating under an opened self-check answer, loaded when one is opened
  var BAR_WIDTH = 78; // width of .dl-map__track in overrides/hooks/roadmap_map.py
  var HERE = document.currentScript.src; // other scripts load relative to this one (works from file:// too)

  function map() { return Object.create(null); }
  function isRecord(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function isTime(value) { return typeof value === "number" && value >= 0 && value <= LATEST && Math.floor(value) === value; }
  function isId(value) { return value.length <= LIMIT.id && ID.test(value); }
  function isNoteKey(value) { return value === SECTION_NOTE || isId(value); }
  function isQuestion(value) { return QUESTION.test(value); }
  function isDay(value) {
    var parts = DAY.exec(value);
    if (!parts) return false;
    var date = new Date(Date.UTC(+parts[1], parts[2] - 1, +parts[3]));
    return date.getUTCMonth() === parts[2] - 1 && date.getUTCDate() === +parts[3];
  }

  function emptyStore() { return { states: map(), notes: map(), plan: null, review: map() }; }

  function put(part, slug, item, value) {
    (part[slug] = part[slug] || map())[item] = value;
  }

  function entry(store, part, slug, item) {
    var section = store[part][slug];
    return section ? section[item] : undefined;
  }

  /* A stored or imported object as a store, and what is wrong with it, in words. Shapes:
   *   states: {slug: {item: {state: "none" | "doing" | "done" | "skipped", at}}}  item: topic id, "practice", "self-check"
   *   notes:  {slug: {item or "_section": {text, at}}}                          plain text, at most LIMIT.note
   *   plan:   {hours: 0-80 (0: no plan), start: "YYYY-MM-DD" or "", skip: [slug], at}
   *   review: {slug: {question id: FSRS card {due, stability, …, last_review}}} times in ms
   * `at` is the time of the edit in ms. Entries that are wrong are left out of the store; an import
   * is refused if there is any problem, while stored data keeps what is readable. */
  function readStore(data) {
    var store = emptyStore(), problems = [];
    function problem(where, what) { if (problems.length < 5) problems.push(where + " " + what); }
    function each(object, where, validKey, read) {
      if (object === undefined) return;
      if (!isRecord(object)) return problem(where, "is not a list of named entries");
      var keys = Object.keys(object);
      if (keys.length > LIMIT.entries) return problem(where, "has more than " + LIMIT.entries + " entries");
      keys.forEach(function (key) {
        if (validKey(key)) read(key, object[key], where + " › " + key);
        else problem(where, "has a name that is not valid: “" + key.slice(0, 40) + "”");
      });
    }
    if (!isRecord(data) || data.format !== FORMAT) {
      problem("it", "is not a progress file exported from this site");
      return { store: store, problems: problems };
    }
    if (data.version === 1) {
      each(data.done, "done", isId, function (slug, ids, where) {
        if (!Array.isArray(ids) || ids.length > LIMIT.entries) return problem(where, "is not a list of topic ids");
        ids.forEach(function (id) {
          if (typeof id === "string" && isId(id)) put(store.states, slug, id, { state: "done", at: 0 });
          else problem(where, "holds something that is not a topic id");
        });
      });
      return { store: store, problems: problems };
    }
    if (data.version !== 2) {
      problem("it", "has a version this site does not know (" + String(data.version).slice(0, 20) + ")");
      return { store: store, problems: problems, newer: typeof data.version === "number" && data.version > 2 };
    }
    each(data.states, "states", isId, function (slug, items, where) {
      each(items, where, isId, function (item, value, at) {
        if (isRecord(value) && STATES.indexOf(value.state) >= 0 && isTime(value.at)) put(store.states, slug, item, { state: value.state, at: value.at });
        else problem(at, "needs a state (none, doing, done or skipped) and a time");
      });
    });
    each(data.notes, "notes", isId, function (slug, items, where) {
      each(items, where, isNoteKey, function (item, value, at) {
        if (isRecord(value) && typeof value.text === "string" && value.text.length <= LIMIT.note && isTime(value.at)) put(store.notes, slug, item, { text: value.text, at: value.at });
        else problem(at, "needs a text of at most " + LIMIT.note + " characters and a time");
      });
    });
    if (data.plan !== undefined && data.plan !== null) {
      var plan = data.plan;
      var valid = isRecord(plan) && typeof plan.hours === "number" && plan.hours >= 0 && plan.hours <= 80 && Math.floor(plan.hours) === plan.hours &&
        (plan.start === "" || (typeof plan.start === "string" && isDay(plan.start))) && isTime(plan.at) &&
        Array.isArray(plan.skip) && plan.skip.length <= LIMIT.entries && plan.skip.every(function (slug) { return typeof slug === "string" && isId(slug); });
      if (valid) store.plan = { hours: plan.hours, start: plan.start, skip: plan.skip.slice(), at: plan.at };
      else problem("plan", "needs whole hours per week from 0 to 80, a start date or \"\", a list of sections to skip and a time");
    }
    each(data.review, "review", isId, function (slug, items, where) {
      each(items, where, isQuestion, function (item, value, at) {
        var card = readCard(value);
        if (card) put(store.review, slug, item, card);
        else problem(at, "is not a review card");
      });
    });
    return { store: store, problems: problems };
  }

  function readCard(value) {
    if (!isRecord(value)) return null;
    var card = {};
    for (var index = 0; index < CARD.length; index += 1) {
      var number = value[CARD[index]];
      if (typeof number !== "number" || !(number >= 0 && number <= LATEST)) return null;
      card[CARD[index]] = number;
    }
    if (card.state > 3 || Math.floor(card.state) !== card.state || !isTime(card.due)) return null;
    if (value.last_review !== undefined && !isTime(value.last_review)) return null;
    card.last_review = value.last_review || 0;
    return card;
  }

  function serialise(store, indent) {
    return JSON.stringify({ format: FORMAT, version: 2, states: store.states, notes: store.notes, plan: store.plan, review: store.review }, null, indent);
  }

  /* Parsed once per change of the stored text, not once per render. */
  var cache = { text: undefined, store: emptyStore(), newer: false };

  function load() {
    var text = null;
    try { text = localStorage.getItem(KEY); } catch (error) { /* storage disabled: nothing stored */ }
    if (text !== cache.text) {
      var read = { store: emptyStore() };
      try { if (text) read = readStore(JSON.parse(text)); } catch (error) { /* unreadable: start afresh */ }
      cache = { text: text, store: read.store, newer: !!read.newer };
    }
    return cache.store;
  }

  /* Store `store`; the reason in words if it was not stored (then nothing stored has changed). */
  function save(store, quiet) {
    var text = serialise(store), problem = null;
    if (cache.newer) problem = "A newer version of this site stored your progress in this browser: reload the page before you change it.";
    else if (text.length > LIMIT.store) problem = "Not saved: your notes and progress would pass the " + LIMIT.store.toLocaleString("en") + " characters this site keeps in your browser. Shorten or delete some notes (export first to keep a copy).";
    else {
      try {
        localStorage.setItem(KEY, text);
        cache = { text: text, store: store, newer: false };
      } catch (error) {
        problem = error && error.name === "QuotaExceededError"
          ? "Not saved: this browser's storage for this site is full. Export your progress, then shorten some notes."
          : "Progress cannot be saved: this browser does not allow this site to store data.";
      }
    }
    if (problem) {
      cache.text = undefined; // read storage again next time: the store passed in holds unsaved edits
      if (!quiet) say(problem);
    } else if (!quiet && text.length > LIMIT.warn) {
      say("Nearly full: your progress uses " + Math.round((100 * text.length) / LIMIT.store) + " % of the space this site keeps in your browser. Export a copy and shorten long notes.");
    }
    render();
    return problem;
  }

  function say(message) {
    var status = document.querySelector("[data-dl-status]");
    if (status && status.textContent !== message) status.textContent = message;
  }

  function topicsOf(element) {
    return element.getAttribute("data-topics").split(" ").filter(Boolean);
  }

  function stateOf(store, slug, item) {
    var value = entry(store, "states", slug, item);
    return value ? value.state : "none";
  }

  /* Done, in progress and skipped among a section's topics and tracked items; skipped ones are not counted. */
  function counts(store, slug, topics) {
    var result = { done: 0, doing: 0, skipped: 0, counted: 0 };
    topics.concat(Object.keys(TRACKED)).forEach(function (item) {
      var state = stateOf(store, slug, item);
      if (state === "skipped") result.skipped += 1;
      else {
        result.counted += 1;
        if (state === "done") result.done += 1;
        if (state === "doing") result.doing += 1;
      }
    });
    return result;
  }

  function describe(count) {
    return count.done + " of " + count.counted + " done" + (count.doing ? ", " + count.doing + " in progress" : "") + (count.skipped ? ", " + count.skipped + " skipped" : "");
  }

  function hasNotes(store, slug) {
    var notes = store.notes[slug];
    return !!notes && Object.keys(notes).some(function (item) { return notes[item].text.trim() !== ""; });
  }

  function hasProgress(store) {
    return Object.keys(store.states).some(function (slug) {
      return Object.keys(store.states[slug]).some(function (item) { return store.states[slug][item].state !== "none"; });
    });
  }

  /* Show the stored progress on everything in the page that carries data-slug/data-topics. */
  function render() {
    var store = load();
    var any = hasProgress(store);
    var sum = { done: 0, doing: 0, skipped: 0, counted: 0 };
    document.querySelectorAll("[data-slug][data-topics]").forEach(function (element) {
      var slug = element.getAttribute("data-slug");
      var count = counts(store, slug, topicsOf(element));
      if (element.matches("li")) Object.keys(sum).forEach(function (key) { sum[key] += count[key]; });
      if (element.matches(".dl-map__node")) return renderNode(element, count, hasNotes(store, slug));
      var line = element.matches(".dl-progress-line") ? element : element.querySelector(".dl-progress-line");
      showLine(line, count, any || element === line);
    });
    var tools = document.querySelector(".dl-progress-tools");
    if (tools) {
      tools.hidden = false;
      showLine(tools.querySelector(".dl-progress-line"), sum, true);
    }
    renderSection(store);
    if (window.dlLearnerTools) window.dlLearnerTools.render(store);
  }

  function showLine(line, count, visible) {
    if (!line) return;
    line.hidden = !visible;
    line.querySelector("progress").max = count.counted;
    line.querySelector("progress").value = count.done;
    line.querySelector(".dl-progress-line__text").textContent = describe(count);
  }

  /* A map node: classes for its state, the done and in-progress bars, a dot when it has notes. */
  function renderNode(node, count, noted) {
    var label = node.getAttribute("data-label") || node.getAttribute("aria-label");
    var complete = count.counted > 0 && count.done === count.counted;
    var touched = count.done + count.doing + count.skipped > 0;
    node.setAttribute("data-label", label);
    node.setAttribute("aria-label", label + (touched ? " " + describe(count) + "." : "") + (noted ? " You have notes here." : ""));
    node.classList.toggle("dl-map__node--started", count.done + count.doing > 0 && !complete);
    node.classList.toggle("dl-map__node--complete", complete);
    node.classList.toggle("dl-map__node--skipped", count.counted === 0);
    node.classList.toggle("dl-map__node--noted", noted);
    var bar = node.querySelector(".dl-map__bar");
    if (bar) {
      var done = count.counted ? Math.round((BAR_WIDTH * count.done) / count.counted) : 0;
      bar.setAttribute("width", done);
      var doing = svgChild(node, "rect", "dl-map__bar dl-map__bar--doing", bar);
      ["y", "height", "rx"].forEach(function (name) { doing.setAttribute(name, bar.getAttribute(name)); });
      doing.setAttribute("x", Number(bar.getAttribute("x")) + done);
      doing.setAttribute("width", count.counted ? Math.round((BAR_WIDTH * count.doing) / count.counted) : 0);
    }
    var dot = node.querySelector(".dl-map__note");
    if (!noted) {
      if (dot) dot.remove();
      return;
    }
    var box = node.querySelector(".dl-map__box");
    if (!box || dot) return;
    dot = svgChild(node, "circle", "dl-map__note", null);
    var round = box.tagName.toLowerCase() === "circle";
    var radius = Number(box.getAttribute("r"));
    dot.setAttribute("cx", round ? Number(box.getAttribute("cx")) + radius * 0.75 : Number(box.getAttribute("x")) + Number(box.getAttribute("width")) - 12);
    dot.setAttribute("cy", round ? Number(box.getAttribute("cy")) - radius * 0.75 : Number(box.getAttribute("y")) + 12);
    dot.setAttribute("r", round ? 4 : 5);
  }

  function svgChild(parent, tag, className, after) {
    var existing = parent.querySelector("." + className.split(" ").pop());
    if (existing) return existing;
    var element = document.createElementNS("http://www.w3.org/2000/svg", tag);
    element.setAttribute("class", className);
    if (after) after.after(element);
    else parent.append(element);
    return element;
  }

  /* --- A section page: status and note at the end of each topic, recall ratings in the self-check. */

  function renderSection(store) {
    var panel = document.querySelector(".dl-learner[data-slug]");
    var progress = document.querySelector(".dl-section-progress[data-topics]");
    if (!panel || !progress) return;
    panel.hidden = false;
    var slug = panel.getAttribute("data-slug");
    topicsOf(progress).concat(Object.keys(TRACKED)).forEach(function (item) {
      var heading = document.getElementById(item);
      if (!heading || heading.tagName !== "H2") return;
      var control = topicControl(slug, item, heading);
      control.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.checked = radio.value === stateOf(store, slug, item);
      });
      showNote(control.querySelector(".dl-note"), store, slug, item);
    });
    showNote(panel.querySelector(".dl-note"), store, slug, SECTION_NOTE);
    showRatings(document.querySelectorAll("details.question[open]"), store);
  }

  /* The status radios and note of one item, placed where the item ends: before the next <h2>. */
  function topicControl(slug, item, heading) {
    var existing = document.querySelector('.dl-item[data-item="' + item + '"]');
    if (existing) return existing;
    var control = document.querySelector("template.dl-template-item").content.firstElementChild.cloneNode(true);
    var title = TRACKED[item] || headingText(heading);
    control.setAttribute("data-slug", slug);
    control.setAttribute("data-item", item);
    control.querySelector("legend").textContent = title + ": your status";
    control.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.name = "dl-state-" + item; });
    var editor = control.querySelector(".dl-note__editor");
    editor.id = "dl-note-" + item;
    control.querySelector(".dl-note__toggle").setAttribute("aria-controls", editor.id);
    control.querySelector(".dl-note").setAttribute("data-item", item);
    control.querySelector(".dl-note__text").id = "dl-note-text-" + item;
    var label = control.querySelector(".dl-note__editor label");
    label.htmlFor = "dl-note-text-" + item;
    label.textContent = "Your note on " + title + " (private: kept only in this browser)";
    var end = heading.nextElementSibling;
    while (end && !end.matches("h2, .footnote, .md-source-file")) end = end.nextElementSibling;
    if (end) end.before(control);
    else heading.parentElement.append(control);
    return control;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return copy.textContent.trim();
  }

  function showNote(note, store, slug, item) {
    if (!note) return;
    var stored = entry(store, "notes", slug, item);
    var text = stored ? stored.text : "";
    var textarea = note.querySelector("textarea");
    var toggle = note.querySelector(".dl-note__toggle");
    // Never replace what the reader is typing, or text that could not be saved.
    if (textarea !== document.activeElement && textarea !== pending.textarea && !textarea.hasAttribute("data-dl-unsaved")) textarea.value = text;
    if (item !== SECTION_NOTE) toggle.textContent = text.trim() ? "Your note" : "Add a note";
    if (text.trim() && !note.hasAttribute("data-shown")) setNoteOpen(note, true);
    note.setAttribute("data-shown", "");
  }

  function setNoteOpen(note, open) {
    note.querySelector(".dl-note__toggle").setAttribute("aria-expanded", String(open));
    note.querySelector(".dl-note__editor").hidden = !open;
  }

  function setState(radio) {
    var control = radio.closest(".dl-item"), store = load();
    put(store.states, control.getAttribute("data-slug"), control.getAttribute("data-item"), { state: radio.value, at: Date.now() });
    save(store);
  }

  /* Notes are saved as the reader types (a moment after the last key), when the field is left, and
   * when the page is: what was typed is taken at once, so a page swapped out before the save keeps it. */
  var pending = { textarea: null, timer: 0, slug: "", item: "", text: "" };

  function noteTyped(textarea, now) {
    if (pending.textarea && pending.textarea !== textarea) saveNote();
    pending.textarea = textarea;
    pending.slug = textarea.closest("[data-slug]").getAttribute("data-slug");
    pending.item = textarea.closest(".dl-note").getAttribute("data-item");
    pending.text = textarea.value;
    clearTimeout(pending.timer);
    if (now) saveNote();
    else pending.timer = setTimeout(saveNote, 400);
  }

  function saveNote() {
    var textarea = pending.textarea;
    clearTimeout(pending.timer);
    pending.textarea = null;
    if (!textarea) return;
    var store = load(), before = entry(store, "notes", pending.slug, pending.item);
    if ((before ? before.text : "") === pending.text) return;
    put(store.notes, pending.slug, pending.item, { text: pending.text, at: Date.now() });
    textarea.setAttribute("data-dl-unsaved", ""); // save() renders: keep the text in place whatever happens
    var problem = save(store);
    if (!problem) textarea.removeAttribute("data-dl-unsaved");
    if (textarea.isConnected) {
      textarea.closest(".dl-note").querySelector(".dl-note__saved").textContent = problem ? "Not saved (your text is still here)" : "Saved";
    }
  }

  /* --- Self-check questions: rate your recall once the answer is open; FSRS picks the next review. */

  /* A question's name: a hash (FNV-1a) of its question text, the same wherever it is shown. */
  function questionId(question) {
    var summary = question.querySelector("summary");
    var text = (summary ? summary.textContent : "").replace(/\s+/g, " ").trim(), hash = 0x811c9dc5;
    for (var index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
    return "q" + ("0000000" + hash.toString(16)).slice(-8);
  }

  /* Opened self-check answers get their recall rating (self-check-rating.js, fetched the first time
   * one is opened: most visits open none, so no first view carries it). */
  function showRatings(questions, store) {
    if (!questions.length) return;
    loadScript(RATING).then(function () {
      Array.prototype.forEach.call(questions, function (question) { window.dlRating.show(question, store); });
    }, function () {});
  }

  function when(time) {
    var days = Math.round((startOfDay(time) - startOfDay(Date.now())) / 864e5);
    var date = new Date(time).toLocaleDateString("en", { weekday: "short", day: "numeric", month: "short" });
    return days <= 0 ? "today" : days === 1 ? "tomorrow (" + date + ")" : "in " + days + " days (" + date + ")";
  }

  function startOfDay(time) {
    var date = new Date(time);
    return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  }

  var scripts = map();

  function loadScript(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(path, HERE).href;
        script.onload = resolve;
        script.onerror = function () {
          delete scripts[path];
          script.remove();
          reject(new Error("could not load " + path));
        };
        document.head.append(script);
      });
    }
    return scripts[path];
  }

  /* The home page and the learner pages: their tools are in learner-tools.js. */
  function loadTools() {
    if (!document.querySelector(".dl-progress-tools, .dl-plan, .dl-notes, .dl-review")) return;
    loadScript("learner-tools.js").then(render, function () {
      say("This page's tools could not be loaded. Reload the page to try again.");
    });
  }

  /* A page with a resource list gets its filter (resource-filter.js), fetched only there, and only when
   * the first list comes within about a screen of view: on a section page the resources close the page,
   * so its first view does not carry the filter (tests/test_reader_weight.py). Without it the list still
   * reads in full. */
  var filterWatch = null;
  function loadFilter() {
    if (filterWatch) filterWatch.disconnect();
    filterWatch = null;
    var first = document.querySelector("article li > .dl-resource");
    if (!first) return;
    var load = function () { loadScript("resource-filter.js").catch(function () {}); };
    if (!("IntersectionObserver" in window)) return load();
    filterWatch = new IntersectionObserver(function (entries, observer) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      filterWatch = null;
      load();
    }, { rootMargin: "100% 0px" });
    filterWatch.observe(first.parentElement.parentElement);
  }

  /* One set of listeners for the whole visit; Material's instant navigation swaps page content. */
  document.addEventListener("click", function (event) {
    var target = event.target.closest(".dl-note__toggle, [data-dl-rating], [data-dl-action]");
    if (!target) return;
    if (target.matches(".dl-note__toggle")) {
      var note = target.closest(".dl-note"), open = target.getAttribute("aria-expanded") !== "true";
      setNoteOpen(note, open);
      if (open) note.querySelector("textarea").focus();
    } else if (target.matches("[data-dl-rating]")) window.dlRating.rate(target); // shown by self-check-rating.js
    else if (window.dlLearnerTools) window.dlLearnerTools.act(target);
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches(".dl-item input[type=radio]")) setState(target);
    else if (target.matches(".dl-note__text")) noteTyped(target, true);
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches(".dl-note__text")) noteTyped(event.target, false);
  });
  /* The toggle event does not bubble: listen in the capture phase. */
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details.question") && event.target.open) showRatings([event.target], load());
  }, true);
  /* Another tab changed the progress: show it here too. */
  window.addEventListener("storage", function (event) { if (event.key === KEY) render(); });
  window.addEventListener("pagehide", saveNote);

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

  /* A formula or table too wide for the screen scrolls inside its box (extra.css); like Material's
   * code blocks, such a box takes keyboard focus so it can be scrolled without a mouse. */
  function focusScrollers() {
    // Every width is read before any attribute is written: a write between two reads would make
    // the browser lay out the page again for the next read (a long page has hundreds of formulas).
    var boxes = document.querySelectorAll(".dl-math, .md-typeset math:not([display=block]), .md-typeset__scrollwrap");
    var scrolls = Array.prototype.map.call(boxes, function (box) { return box.scrollWidth > box.clientWidth + 1; });
    Array.prototype.forEach.call(boxes, function (box, index) {
      if (scrolls[index]) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusScrollers, 200);
  });

  /* For learner-tools.js and the tests: one store, one parser. */
  window.dlProgress = {
    KEY: KEY, LIMIT: LIMIT, SECTION_NOTE: SECTION_NOTE, TRACKED: TRACKED,
    load: load, save: save, say: say, render: render, readStore: readStore, serialise: serialise, emptyStore: emptyStore,
    put: put, entry: entry, map: map, counts: counts, describe: describe, stateOf: stateOf, hasProgress: hasProgress,
    questionId: questionId, startOfDay: startOfDay, when: when, loadScript: loadScript, CARD: CARD
  };

  var shown = false;
  function showPage() {
    shown = true;
    saveNote(); // a note typed on the page just left
    nameNavSections();
    focusScrollers();
    render();
    loadTools();
    loadFilter();
  }
  document$.subscribe(showPage);
  /* Opened from files (the offline copy), Material's instant navigation ends document$ before it
   * gives the first page (it does not navigate file:// pages): show the page without it. */
  document.addEventListener("DOMContentLoaded", function () { if (!shown) showPage(); }, { once: true });
})();
