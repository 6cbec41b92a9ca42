/* The recall rating under an opened self-check answer (FSRS: "Again", "Hard", "Good", "Easy"), and
 * what a rating does: the scheduler (vendor/) computes the question's next review, stored with the
 * reader's progress. Loaded by progress.js the first time a self-check answer is opened; uses its
 * store (window.dlProgress). tests/test_learner_tools.py rates questions and reads the schedule.
 */
(function () {
  "use strict";
  var core = window.dlProgress;
  var SCHEDULER = "vendor/ts-fsrs-5.4.2/ts-fsrs.umd.js";
  var questionId = core.questionId, entry = core.entry, put = core.put, load = core.load, save = core.save, when = core.when;
  var CARD = core.CARD;

  function questionSlug(question) {
    var holder = question.closest("[data-slug]") || document.querySelector(".dl-learner[data-slug]");
    return holder ? holder.getAttribute("data-slug") : null;
  }

  function isSelfCheck(question) {
    if (question.closest(".dl-review__section")) return true;
    for (var element = question.previousElementSibling; element; element = element.previousElementSibling) {
      if (element.tagName === "H2") return element.id === "self-check";
    }
    return false;
  }

  function show(question, store) {
    var slug = questionSlug(question);
    if (!slug || !isSelfCheck(question)) return;
    var rating = question.querySelector(".dl-rating");
    if (!rating) {
      var template = document.querySelector("template.dl-template-rating");
      if (!template) return;
      rating = template.content.firstElementChild.cloneNode(true);
      question.append(rating);
    }
    var card = entry(store, "review", slug, questionId(question));
    var result = rating.querySelector(".dl-rating__result");
    if (card && !result.textContent) result.textContent = "Next review " + when(card.due) + ".";
  }

  function rate(button) {
    var question = button.closest("details"), result = question.querySelector(".dl-rating__result");
    var slug = questionSlug(question), id = questionId(question), grade = Number(button.getAttribute("data-dl-rating"));
    core.loadScript(SCHEDULER).then(function () {
      var fsrs = window.FSRS, now = new Date(), store = load();
      var stored = entry(store, "review", slug, id);
      var card = stored ? cardOf(stored) : fsrs.createEmptyCard(now);
      var next = fsrs.fsrs({ enable_short_term: false }).next(card, now, grade).card;
      var saved = {};
      CARD.forEach(function (name) { saved[name] = name === "due" ? next.due.getTime() : next[name]; });
      saved.last_review = now.getTime();
      put(store.review, slug, id, saved);
      var problem = save(store);
      result.textContent = problem ? "Not saved: " + problem : "Rated “" + button.textContent + "”. Next review " + when(saved.due) + ".";
    }, function () {
      result.textContent = "The review scheduler could not be loaded, so this rating was not saved. Try again.";
    });
  }

  function cardOf(stored) {
    var card = {};
    CARD.forEach(function (name) { card[name] = stored[name]; });
    card.due = new Date(stored.due);
    if (stored.last_review) card.last_review = new Date(stored.last_review);
    return card;
  }

  window.dlRating = { show: show, rate: rate };
})();
