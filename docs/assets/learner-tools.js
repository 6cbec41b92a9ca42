/* The learner's own tools, on the pages that show them (progress.js loads this file there): the home
 * page (where to continue, export, import, reset), the study plan (with a calendar file), your notes
 * (search, print) and the review deck. All of them read and write the one store of progress.js
 * (window.dlProgress); section titles, links and hours come from the page's data block
 * (overrides/partials/progress-data.html). Text from the store is only ever set as textContent.
 */
(function () {
  "use strict";
  if (window.dlLearnerTools) return;
  var core = window.dlProgress;
  var FILE_NAME = "deep-learning-roadmap-progress.json";
  var FILE_LIMIT = 2000000; // bytes: a whole roadmap of long notes exports to a fraction of this
  var NEW_PER_VISIT = 10; // unrated questions the Review page adds at a time
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  /* --- Shared helpers ------------------------------------------------------------------------ */

  /* The sections, from the page's data block (read once per page). */
  function roadmap() {
    var block = document.querySelector(".dl-roadmap-data[data-sections]");
    if (!block) return [];
    if (!block.dlSections) {
      try { block.dlSections = JSON.parse(block.getAttribute("data-sections")); } catch (error) { block.dlSections = []; }
    }
    return block.dlSections;
  }

  function itemsOf(section) {
    var items = section.topics.map(function (id, index) { return { id: id, title: section.titles[index] }; });
    Object.keys(core.TRACKED).forEach(function (id) { items.push({ id: id, title: core.TRACKED[id] }); });
    return items;
  }

  function element(tag, properties, children) {
    var node = document.createElement(tag);
    Object.keys(properties || {}).forEach(function (name) {
      if (name === "text") node.textContent = properties.text;
      else node.setAttribute(name, properties[name]);
    });
    (children || []).forEach(function (child) { if (child) node.append(child); });
    return node;
  }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function today() { return core.startOfDay(Date.now()); }

  function addDays(time, days) {
    var date = new Date(time);
    date.setDate(date.getDate() + days); // calendar days: right across daylight-saving changes
    return date.getTime();
  }

  function dayOf(text) {
    var parts = text.split("-");
    return new Date(+parts[0], parts[1] - 1, +parts[2]).getTime();
  }

  function isoDay(time) {
    var date = new Date(time);
    return date.getFullYear() + "-" + ("0" + (date.getMonth() + 1)).slice(-2) + "-" + ("0" + date.getDate()).slice(-2);
  }

  function timeElement(time) {
    return element("time", { datetime: isoDay(time), text: new Date(time).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" }) });
  }

  function hoursText(hours) { return (Math.round(hours * 10) / 10).toLocaleString("en") + " h"; }

  function download(name, text, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function dueToday(store) {
    var end = addDays(today(), 1), due = 0;
    Object.keys(store.review).forEach(function (slug) {
      Object.keys(store.review[slug]).forEach(function (id) { if (store.review[slug][id].due < end) due += 1; });
    });
    return due;
  }

  function noteCount(store) {
    var count = 0;
    Object.keys(store.notes).forEach(function (slug) {
      Object.keys(store.notes[slug]).forEach(function (item) { if (store.notes[slug][item].text.trim()) count += 1; });
    });
    return count;
  }

  /* --- Home: where to continue, totals, and the tools' facts ---------------------------------- */

  /* The topic in progress, else the next open item of a section already begun, else the first open item. */
  function nextStep(store, sections) {
    var skip = store.plan ? store.plan.skip : [], begun = null, first = null;
    for (var index = 0; index < sections.length; index += 1) {
      var section = sections[index];
      if (skip.indexOf(section.slug) >= 0) continue;
      var items = itemsOf(section), states = items.map(function (item) { return core.stateOf(store, section.slug, item.id); });
      var started = states.some(function (state) { return state === "done" || state === "doing"; });
      for (var at = 0; at < items.length; at += 1) {
        var step = { section: section, item: items[at] };
        if (states[at] === "doing") return step;
        if (states[at] === "none") {
          first = first || step;
          if (started) begun = begun || step;
        }
      }
    }
    return begun || first;
  }

  function renderHome(store, sections) {
    var box = document.querySelector(".dl-continue");
    if (!box) return;
    var started = core.hasProgress(store), start = document.querySelector(".dl-start");
    box.hidden = !started;
    if (start) start.hidden = started;
    var total = { done: 0, doing: 0, skipped: 0, counted: 0 };
    sections.forEach(function (section) {
      var count = core.counts(store, section.slug, section.topics);
      Object.keys(total).forEach(function (key) { total[key] += count[key]; });
    });
    var step = nextStep(store, sections), link = box.querySelector(".dl-continue__link");
    if (step) {
      link.href = step.section.href + "#" + step.item.id;
      link.querySelector(".dl-continue__topic").textContent = step.item.title + " (" + step.section.title + ")";
    } else {
      link.href = link.href.split("#")[0];
      link.querySelector(".dl-continue__topic").textContent = "everything is done or skipped";
    }
    var percent = total.counted ? Math.floor((100 * total.done) / total.counted) : 0;
    box.querySelector(".dl-continue__percent").textContent = percent + " % of the roadmap done (" + core.describe(total) + ")";
    var next = box.querySelector(".dl-continue__next"), plan = schedule(store, sections);
    next.hidden = !plan || !plan.finish;
    if (plan && plan.finish) {
      var week = thisWeek(plan).map(function (row) { return row.section.title + " (" + hoursText(row.hours) + ")"; });
      next.replaceChildren("Next up this week: " + week.join(", ") + ". Your plan finishes the roadmap on ", timeElement(plan.finish), ".");
    }
    facts(store, plan);
  }

  function facts(store, plan) {
    var fact = function (name) { return document.querySelector('[data-dl-fact="' + name + '"]'); };
    if (!fact("plan")) return;
    fact("plan").replaceChildren(plan && plan.finish ? "(finish by " : "(no plan yet)", plan && plan.finish ? timeElement(plan.finish) : "", plan && plan.finish ? ")" : "");
    var due = dueToday(store), notes = noteCount(store);
    fact("review").textContent = "(" + (due ? plural(due, "question", "questions") + " due today" : "nothing due today") + ")";
    fact("notes").textContent = "(" + plural(notes, "note", "notes") + ")";
  }

  /* --- Export, import (a merge: the newer edit of each item wins), reset ----------------------- */

  function exportProgress() {
    download(FILE_NAME, core.serialise(core.load(), 1), "application/json");
    core.say("Progress exported to " + FILE_NAME + ".");
  }

  function importProgress(file) {
    var name = "“" + file.name.slice(0, 80) + "”";
    function refuse(reason) { core.say("Could not import " + name + ": " + reason + " Your progress is unchanged."); }
    if (file.size > FILE_LIMIT) {
      refuse("at " + (file.size / 1e6).toFixed(1) + " MB it is larger than any progress file (at most " + FILE_LIMIT / 1e6 + " MB).");
      return;
    }
    file.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (error) {
        refuse("it is not a progress file exported from this site (it is not JSON).");
        return;
      }
      var read = core.readStore(data);
      if (read.problems.length) {
        refuse(read.problems[0] + (read.problems.length > 1 ? " (and more)." : "."));
        return;
      }
      var store = core.load(), changes = merge(store, read.store);
      if (!changes.count) {
        core.say("Imported " + name + ": nothing new" + (changes.kept ? "; " + kept(changes.kept) : "") + ".");
        return;
      }
      var problem = core.save(store, true);
      if (problem) refuse(problem);
      else core.say("Imported " + name + ": " + describeChanges(changes) + ".");
    }).catch(function () { refuse("the file could not be read."); });
  }

  /* Merge `incoming` into `local` item by item: an item is taken when it is new here or edited later. */
  function merge(local, incoming) {
    var changes = { states: 0, notes: [], review: 0, plan: false, kept: 0, count: 0 };
    [["states", "at"], ["notes", "at"], ["review", "last_review"]].forEach(function (part) {
      var name = part[0], clock = part[1];
      Object.keys(incoming[name]).forEach(function (slug) {
        Object.keys(incoming[name][slug]).forEach(function (item) {
          var theirs = incoming[name][slug][item], mine = core.entry(local, name, slug, item);
          if (mine && same(mine, theirs, clock)) return; // only the time differs: nothing to tell
          if (mine && mine[clock] >= theirs[clock]) {
            changes.kept += 1;
            return;
          }
          core.put(local[name], slug, item, theirs);
          changes.count += 1;
          if (name === "notes") changes.notes.push([slug, item]);
          else changes[name] += 1;
        });
      });
    });
    if (incoming.plan && !(local.plan && same(local.plan, incoming.plan, "at"))) {
      if (!local.plan || incoming.plan.at > local.plan.at) {
        local.plan = incoming.plan;
        changes.plan = true;
        changes.count += 1;
      } else changes.kept += 1;
    }
    return changes;
  }

  function same(mine, theirs, clock) {
    var strip = function (entry) { var copy = Object.assign({}, entry); delete copy[clock]; return JSON.stringify(copy); };
    return strip(mine) === strip(theirs);
  }

  function kept(count) {
    return plural(count, "item was", "items were") + " kept because your own edit is newer";
  }

  function describeChanges(changes) {
    var parts = [], sections = roadmap();
    if (changes.states) parts.push(plural(changes.states, "topic status", "topic statuses"));
    if (changes.notes.length) {
      var names = changes.notes.slice(0, 5).map(function (note) { return noteTitle(sections, note[0], note[1]); });
      parts.push(plural(changes.notes.length, "note", "notes") + " (" + names.join("; ") + (changes.notes.length > 5 ? "; …" : "") + ")");
    }
    if (changes.plan) parts.push("your study plan");
    if (changes.review) parts.push(plural(changes.review, "review date", "review dates"));
    var text = parts.slice(0, -1).join(", ") + (parts.length > 1 ? " and " : "") + parts[parts.length - 1] + " added or updated";
    return text + (changes.kept ? "; " + kept(changes.kept) : "");
  }

  function noteTitle(sections, slug, item) {
    var section = sections.filter(function (candidate) { return candidate.slug === slug; })[0];
    if (!section) return slug + " › " + item;
    if (item === core.SECTION_NOTE) return section.title;
    var found = itemsOf(section).filter(function (candidate) { return candidate.id === item; })[0];
    return section.title + " › " + (found ? found.title : item);
  }

  function resetProgress() {
    if (!window.confirm("Reset your progress? Every topic status, note, plan and review date in this browser will be deleted. Export first to keep a copy.")) return;
    try {
      localStorage.removeItem(core.KEY);
      core.say("Progress reset.");
    } catch (error) {
      core.say("Progress could not be reset: this browser does not allow this site to change its stored data.");
    }
    core.render();
  }

  /* --- Study plan -------------------------------------------------------------------------- */

  /* Each unfinished, unskipped section's hours left, laid end to end from the start day at the
   * reader's pace; a section's hours left shrink by the share of its items done. */
  function schedule(store, sections) {
    var plan = store.plan;
    if (!plan || !plan.hours) return null;
    var begin = Math.max(plan.start ? dayOf(plan.start) : 0, today()), used = 0, finish = null;
    var days = function (hours) { return (hours * 7) / plan.hours; };
    var rows = sections.map(function (section) {
      var count = core.counts(store, section.slug, section.topics);
      var skipped = plan.skip.indexOf(section.slug) >= 0 || count.counted === 0;
      var row = { section: section, skipped: skipped, left: skipped ? 0 : (section.hours * (count.counted - count.done)) / count.counted, before: used };
      if (row.left > 0) {
        row.from = addDays(begin, Math.floor(days(used) + 1e-9));
        used += row.left;
        row.to = addDays(begin, Math.max(Math.ceil(days(used) - 1e-9) - 1, Math.floor(days(row.before) + 1e-9)));
        finish = row.to;
      }
      row.after = used;
      return row;
    });
    return { plan: plan, rows: rows, begin: begin, finish: finish, left: used };
  }

  /* The sections the first week's hours go to, with the hours each gets. */
  function thisWeek(plan) {
    return plan.rows.filter(function (row) { return row.left > 0 && row.before < plan.plan.hours - 1e-9; }).map(function (row) {
      return { section: row.section, hours: Math.min(row.after, plan.plan.hours) - row.before };
    });
  }

  function renderPlan(store, sections) {
    var form = document.querySelector("form.dl-plan");
    if (!form) return;
    form.hidden = false;
    if (!form.hasAttribute("data-dl-filled")) fillPlanForm(form, store.plan);
    var plan = schedule(store, sections), box = document.querySelector(".dl-schedule");
    box.hidden = !plan;
    if (!plan) return;
    var summary = box.querySelector(".dl-schedule__summary");
    if (plan.finish) {
      summary.replaceChildren("At " + plural(plan.plan.hours, "hour", "hours") + " a week you finish the roadmap on ", timeElement(plan.finish),
        ": " + hoursText(plan.left) + " of study left, starting ", timeElement(plan.begin), ".");
    } else summary.textContent = "Everything in your plan is done or skipped.";
    box.querySelector(".dl-schedule__week").replaceChildren.apply(box.querySelector(".dl-schedule__week"), thisWeek(plan).map(function (row) {
      var open = itemsOf(row.section).filter(function (item) { return core.stateOf(store, row.section.slug, item.id) === "none" || core.stateOf(store, row.section.slug, item.id) === "doing"; });
      return element("li", {}, [
        element("a", { href: row.section.href, text: row.section.title }),
        ": about " + hoursText(row.hours) + (open.length ? ". Next: " + open.slice(0, 3).map(function (item) { return item.title; }).join(", ") : ""),
      ]);
    }));
    box.querySelector("tbody").replaceChildren.apply(box.querySelector("tbody"), plan.rows.map(function (row) {
      var left = row.skipped ? "skipped" : row.left > 0 ? hoursText(row.left) : "done";
      return element("tr", { "data-slug": row.section.slug }, [
        element("th", { scope: "row" }, [element("a", { href: row.section.href, text: row.section.title })]),
        element("td", { text: left }),
        element("td", {}, [row.left > 0 ? timeElement(row.to) : "—"]),
      ]);
    }));
  }

  function fillPlanForm(form, plan) {
    form.setAttribute("data-dl-filled", "");
    var active = plan && plan.hours ? plan : { hours: "", start: "", skip: [] };
    form.querySelector("[name=hours]").value = active.hours;
    form.querySelector("[name=start]").value = active.start;
    form.querySelectorAll("[name=skip]").forEach(function (box) { box.checked = active.skip.indexOf(box.value) >= 0; });
  }

  function savePlan(form) {
    var hours = Number(form.querySelector("[name=hours]").value), start = form.querySelector("[name=start]").value;
    if (!(hours >= 1 && hours <= 80) || Math.floor(hours) !== hours) {
      core.say("Not saved: enter whole hours per week, from 1 to 80.");
      form.querySelector("[name=hours]").focus();
      return;
    }
    if (start && !DAY.test(start)) {
      core.say("Not saved: enter the start date as a day of a year from 1000 to 9999, or leave it empty.");
      form.querySelector("[name=start]").focus();
      return;
    }
    var skip = Array.prototype.filter.call(form.querySelectorAll("[name=skip]"), function (box) { return box.checked; }).map(function (box) { return box.value; });
    var store = core.load();
    store.plan = { hours: hours, start: start, skip: skip, at: Date.now() };
    var problem = core.save(store, true);
    core.say(problem || "Plan saved. Your schedule is below.");
  }

  function clearPlan() {
    var store = core.load(), form = document.querySelector("form.dl-plan");
    store.plan = { hours: 0, start: "", skip: [], at: Date.now() }; // kept as an edit, so an older plan does not come back on import
    var problem = core.save(store, true);
    if (!problem && form) fillPlanForm(form, null);
    core.say(problem || "Plan cleared.");
  }

  /* An iCalendar file (RFC 5545): one all-day event per section, from its first to its last planned day. */
  function calendar(plan) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Deep Learning Roadmap//Study plan//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    plan.rows.forEach(function (row) {
      if (!(row.left > 0)) return;
      var section = row.section, host = "deep-learning-roadmap";
      try { host = new URL(section.url).hostname || host; } catch (error) { /* no site URL: keep the name */ }
      lines.push(
        "BEGIN:VEVENT",
        "UID:study-plan-" + section.slug + "@" + host, // the same each time: a new download updates the event
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + isoDay(row.from).replace(/-/g, ""),
        "DTEND;VALUE=DATE:" + isoDay(addDays(row.to, 1)).replace(/-/g, ""),
        "SUMMARY:" + icsText("Study: " + section.title),
        "DESCRIPTION:" + icsText("About " + hoursText(row.left) + " of study left on " + section.title + ", at " + plural(plan.plan.hours, "hour", "hours") + " a week.\n" + section.url),
        "TRANSP:TRANSPARENT",
        "END:VEVENT"
      );
      if (/^https?:\/\//.test(section.url)) lines.splice(lines.length - 2, 0, "URL:" + section.url);
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function icsText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  /* Lines of at most 75 octets of UTF-8; a continuation starts with a space. Never splits a character. */
  function fold(line) {
    var out = "", size = 0;
    Array.from(line).forEach(function (character) {
      var code = character.codePointAt(0), bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (size + bytes > 75) {
        out += "\r\n ";
        size = 1;
      }
      out += character;
      size += bytes;
    });
    return out;
  }

  /* --- Your notes ----------------------------------------------------------------------------- */

  function renderNotes(store, sections) {
    var root = document.querySelector(".dl-notes");
    if (!root) return;
    root.hidden = false;
    var query = root.querySelector("input[type=search]").value.trim().toLowerCase();
    var known = core.map(), slugs = sections.map(function (section) { known[section.slug] = section; return section.slug; });
    slugs = slugs.concat(Object.keys(store.notes).filter(function (slug) { return !known[slug]; }).sort());
    var total = 0, shown = 0, groups = [];
    slugs.forEach(function (slug) {
      var notes = store.notes[slug], section = known[slug];
      if (!notes) return;
      var order = [core.SECTION_NOTE].concat(section ? itemsOf(section).map(function (item) { return item.id; }) : []);
      var items = Object.keys(notes).filter(function (item) { return notes[item].text.trim(); }).sort(function (a, b) {
        var left = order.indexOf(a), right = order.indexOf(b);
        return (left < 0) - (right < 0) || left - right || (a < b ? -1 : 1);
      });
      total += items.length;
      var title = section ? section.title : slug;
      var matching = items.filter(function (item) {
        return !query || (notes[item].text + " " + noteTitle(sections, slug, item)).toLowerCase().indexOf(query) >= 0;
      });
      shown += matching.length;
      if (!matching.length) return;
      groups.push(element("section", { class: "dl-notes__section" }, [
        element("h2", {}, [section ? element("a", { href: section.href, text: title }) : title]),
      ].concat(matching.map(function (item) {
        var name = item === core.SECTION_NOTE ? "Note on the section" : noteTitle(sections, slug, item).split(" › ").pop();
        var href = section && item !== core.SECTION_NOTE ? section.href + "#" + item : section ? section.href : null;
        return element("article", { class: "dl-notes__note" }, [
          element("h3", {}, [href ? element("a", { href: href, text: name }) : name]),
          element("p", { class: "dl-notes__text", text: notes[item].text }),
          element("p", { class: "dl-notes__date" }, ["Last edited ", timeElement(notes[item].at)]),
        ]);
      }))));
    });
    root.querySelector(".dl-notes__list").replaceChildren.apply(root.querySelector(".dl-notes__list"), groups);
    core.say(!total ? "You have no notes yet. Write one at the end of any topic, or at the top of a section page."
      : query ? shown + " of " + plural(total, "note", "notes") + " match “" + query + "”."
        : plural(total, "note", "notes") + ".");
  }

  /* --- Review ------------------------------------------------------------------------------- */

  /* Questions due today, and up to NEW_PER_VISIT unrated ones from sections the reader has started.
   * A question shown stays shown for the visit, so a rated one keeps its result on screen. */
  function renderReview(store) {
    var root = document.querySelector(".dl-review");
    if (!root) return;
    var end = addDays(today(), 1), all = root.classList.contains("dl-review--all");
    var started = core.map(), due = 0, fresh = 0, next = Infinity;
    Object.keys(store.states).forEach(function (slug) {
      started[slug] = Object.keys(store.states[slug]).some(function (item) { return ["done", "doing"].indexOf(store.states[slug][item].state) >= 0; });
    });
    root.querySelectorAll(".dl-review__section").forEach(function (block) {
      var slug = block.getAttribute("data-slug"), visible = 0;
      block.querySelectorAll("details.question").forEach(function (question) {
        var card = core.entry(store, "review", slug, core.questionId(question)), reason = question.getAttribute("data-dl-shown");
        if (!reason) {
          reason = card && card.due < end ? "due" : !card && started[slug] && fresh < NEW_PER_VISIT ? "new" : "";
          if (reason) question.setAttribute("data-dl-shown", reason);
        }
        if (card && card.due < end) due += 1;
        else if (card) next = Math.min(next, card.due);
        if (reason === "new" && !card) fresh += 1;
        question.hidden = !(all || reason);
        if (!question.hidden) visible += 1;
      });
      block.hidden = !visible;
    });
    var summary = root.querySelector(".dl-review__summary");
    summary.hidden = false;
    if (due || fresh) {
      summary.textContent = (due ? plural(due, "question", "questions") + " due today" : "Nothing due today") +
        (fresh ? (due ? " and " : "; ") + fresh + " new from sections you have started" : "") + ". Open one, recall the answer, then rate how well you remembered it.";
    } else {
      summary.replaceChildren("Nothing to review today" + (next < Infinity ? ". Next review: " : ". Start a section's topics, or rate a question on a section page, to add questions."));
      if (next < Infinity) summary.append(timeElement(next), ".");
    }
    root.querySelector(".dl-review__all").hidden = all;
  }

  /* --- Wiring ------------------------------------------------------------------------------- */

  function render(store) {
    var sections = roadmap();
    renderHome(store, sections);
    renderPlan(store, sections);
    renderNotes(store, sections);
    renderReview(store);
  }

  /* Buttons with data-dl-action; progress.js passes them on (one click listener for the visit). */
  function act(target) {
    var action = target.getAttribute("data-dl-action");
    if (action === "export") exportProgress();
    else if (action === "import") target.parentElement.querySelector("input[type=file]").click();
    else if (action === "reset") resetProgress();
    else if (action === "print") window.print();
    else if (action === "clear-plan") clearPlan();
    else if (action === "calendar") {
      var plan = schedule(core.load(), roadmap());
      if (plan) download("deep-learning-roadmap-plan.ics", calendar(plan), "text/calendar");
    } else if (action === "review-all") {
      target.closest(".dl-review").classList.add("dl-review--all");
      renderReview(core.load());
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches(".dl-progress-tools input[type=file]") && event.target.files.length) {
      importProgress(event.target.files[0]);
      event.target.value = "";
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form.dl-plan, form.dl-notes__search")) event.preventDefault();
    if (event.target.matches("form.dl-plan")) savePlan(event.target);
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches(".dl-notes input[type=search]")) renderNotes(core.load(), roadmap());
  });

  window.dlLearnerTools = { render: render, act: act, merge: merge, schedule: schedule, calendar: calendar };
})();
