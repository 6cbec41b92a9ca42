/* Filters for a page's resource list: by type, cost and level, the three facts every resource's
 * badges carry (data-type, data-cost, data-level from the md:resource marker, overrides/hooks/markers.py).
 *
 * A filter is offered only for a fact on which the page's resources differ: a "cost" control on a page
 * whose resources are all free could not change anything, so it is not shown, and a page whose resources
 * agree on every fact gets no filter at all. Each option says how many resources it keeps. Controls are
 * built with the DOM and state is shown with `hidden`, so the strict Content-Security-Policy holds.
 */
(function () {
  "use strict";
  var FACTS = [
    { key: "type", label: "Type", all: "All types" },
    { key: "cost", label: "Cost", all: "Any cost" },
    { key: "level", label: "Level", all: "Any level" },
  ];
  var ORDER = { beginner: 0, intermediate: 1, advanced: 2, free: 0, paid: 1 }; // reading order, not A-Z
  var NAMES = { docs: "Docs", code: "Code" };

  function name(value) {
    return NAMES[value] || value.charAt(0).toUpperCase() + value.slice(1);
  }

  /* Distinct values of one fact among the items, in reading order, with how many items have each. */
  function valuesOf(items, key) {
    var counts = {};
    items.forEach(function (item) {
      var value = item.badges.getAttribute("data-" + key);
      counts[value] = (counts[value] || 0) + 1;
    });
    var values = Object.keys(counts).sort(function (a, b) {
      var rank = (a in ORDER ? ORDER[a] : 9) - (b in ORDER ? ORDER[b] : 9);
      return rank || a.localeCompare(b);
    });
    return values.map(function (value) { return { value: value, count: counts[value] }; });
  }

  function addFilter() {
    var badges = document.querySelectorAll("article li > .dl-resource");
    if (badges.length < 2 || document.querySelector(".dl-resource-filter")) return;
    var items = Array.prototype.map.call(badges, function (badge) { return { li: badge.parentElement, badges: badge }; });
    var controls = [];
    FACTS.forEach(function (fact) {
      var values = valuesOf(items, fact.key);
      if (values.length < 2) return; // every resource agrees: this control could not change anything
      var select = document.createElement("select");
      select.name = fact.key;
      select.add(new Option(fact.all + " (" + items.length + ")", ""));
      values.forEach(function (entry) { select.add(new Option(name(entry.value) + " (" + entry.count + ")", entry.value)); });
      var label = document.createElement("label");
      label.append(fact.label + " ", select);
      controls.push({ key: fact.key, select: select, label: label });
    });
    if (!controls.length) return;

    var form = document.createElement("form");
    form.className = "dl-resource-filter";
    form.setAttribute("aria-label", "Filter resources");
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    controls.forEach(function (control) { form.append(control.label); });
    form.append(status);

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        item.li.hidden = controls.some(function (control) {
          return control.select.value && item.badges.getAttribute("data-" + control.key) !== control.select.value;
        });
        if (!item.li.hidden) shown += 1;
      });
      status.textContent = shown
        ? "Showing " + shown + " of " + items.length + " resources"
        : "No resource matches all of these filters; showing 0 of " + items.length;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    items[0].li.parentElement.before(form);
    apply();
  }

  /* Loaded by progress.js on the first page with a resource list; Material's instant navigation swaps
   * page content, so it builds the filter for each page shown from then on. Opened from files (the
   * offline copy), document$ may have ended before this runs: build it for this page directly too;
   * addFilter does nothing on a page that already has one. */
  document$.subscribe(addFilter);
  addFilter();
})();
