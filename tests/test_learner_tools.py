"""The learner's own tools (issue 16): notes, a study plan with a calendar file, spaced review of the
self-check questions, and one learner's whole journey, exported, cleared and imported back, in both
colour schemes and on a 360 px phone. The pure part (the Review page's deck, built from the rendered
section pages by overrides/hooks/learner_pages.py) is tested directly.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import math
import re

import pytest
from playwright.sync_api import expect

import learner_pages
from conftest import ROOT
from learner_helpers import (
    SECTION,
    SLUG,
    choose,
    control,
    no_sideways_scroll,
    open_section,
    section_progress,
    store,
    stored,
    stored_text,
    v2,
    write_note,
)
from reader_helpers import wait_until

MONDAY = dt.datetime(2026, 1, 5, 10, 0, 0)
VENDOR = ROOT / "docs" / "assets" / "vendor" / "ts-fsrs-5.4.2"


def tools_ready(page) -> None:
    wait_until(page, "window.dlLearnerTools && window.dlProgress")


def roadmap_data(page) -> list[dict]:
    return page.evaluate("JSON.parse(document.querySelector('.dl-roadmap-data').dataset.sections)")


# --- The review deck, built at build time (pure) ------------------------------------------------

SECTION_HTML = """
<h2 id="topic">Topic</h2><p>Text with <a href="#topic">a link</a>.</p>
<details class="question"><summary>Not a self-check question</summary><p>x</p></details>
<h2 id="self-check">Self-check</h2>
<details class="question" id="q1"><summary>What is <abbr title="Rectified Linear Unit">ReLU</abbr>?</summary>
<p>See <a href="#topic">the topic</a>, <a href="../other/#x">another section</a>,
<a href="https://example.org/a?b=c">a site</a> and <img src="../../assets/images/a.png" alt="a"></p></details>
<details class="note"><summary>Not a question</summary></details>
<details class="question"><summary>Second?</summary><p id="f1">Answer.</p></details>
<h2 id="after">After</h2>
<details class="question"><summary>Not in the self-check either</summary></details>
"""


def test_the_deck_copies_only_self_check_questions_with_links_that_work_from_the_review_page():
    found = learner_pages.questions(SECTION_HTML)
    assert [node.css_first("summary").text() for node in found] == ["What is ReLU?", "Second?"]
    html = learner_pages.deck(
        [learner_pages.DeckSection("basics", "Basics & more", "roadmap/basics/", SECTION_HTML),
         learner_pages.DeckSection("empty", "Empty", "roadmap/empty/", "<h2 id='self-check'>Self-check</h2>")],
        "learner/review/",
    )
    assert html.count('<section class="dl-review__section"') == 1 and 'data-slug="basics"' in html
    assert "<h2 id=\"dl-review-basics\">Basics &amp; more</h2>" in html
    assert 'href="../../roadmap/basics/#self-check"' in html
    assert 'href="../../roadmap/basics/#topic"' in html
    assert 'href="../../roadmap/other/#x"' in html
    assert 'href="https://example.org/a?b=c"' in html
    assert 'src="../../assets/images/a.png"' in html
    assert 'id="q1"' not in html and 'id="f1"' not in html  # ids stay unique on the Review page
    assert "Not a self-check question" not in html and "Not in the self-check" not in html and "Not a question" not in html


def test_the_review_page_holds_every_self_check_question_of_the_site(built_site):
    sections = sorted((ROOT / "docs" / "roadmap").glob("*.md"))
    expected = sum(len(re.findall(r'^\?\?\? question "', path.read_text(encoding="utf-8").split("{#self-check}")[1], re.M)) for path in sections)
    review = (built_site / "learner" / "review" / "index.html").read_text(encoding="utf-8")
    assert review.count('<details class="question"') == expected > 100
    assert review.count('<section class="dl-review__section"') == len(sections)


def test_the_vendored_scheduler_is_the_published_file_with_its_licence():
    source = (VENDOR / "SOURCE.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256((VENDOR / "ts-fsrs.umd.js").read_bytes()).hexdigest()
    assert f"sha256 of the file     {digest}" in source
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    assert "vendor/ts-fsrs-5.4.2/ts-fsrs.umd.js" in (ROOT / "docs" / "assets" / "self-check-rating.js").read_text(encoding="utf-8")


# --- Notes ---------------------------------------------------------------------------------------

HOSTILE_NOTE = "Perceptron: w·x + b\n<img src=x onerror=\"window.__pwned=1\"> & <b>not bold</b>\n  indented line"


def test_notes_are_saved_as_you_type_shown_on_the_map_and_found_searched_and_printed(page, site_url):
    open_section(page, site_url)
    write_note(page, "perceptron", HOSTILE_NOTE)
    write_note(page, "_section", "Revisit the optimizers before the CNN section.")
    notes = stored(page)["notes"][SLUG]
    assert notes["perceptron"]["text"] == HOSTILE_NOTE and notes["_section"]["text"].startswith("Revisit")
    # The note survives a reload and opens itself; the map shows that the section has notes.
    page.reload(wait_until="networkidle")
    expect(page.locator('.dl-note[data-item="perceptron"] textarea')).to_have_value(HOSTILE_NOTE)
    expect(page.locator('.dl-note[data-item="perceptron"] .dl-note__toggle')).to_have_attribute("aria-expanded", "true")
    mini = page.locator(f".dl-map--mini a[data-slug={SLUG}]")
    expect(mini.locator(".dl-map__note")).to_have_count(1)
    assert mini.get_attribute("aria-label").endswith("You have notes here.")
    page.goto(site_url, wait_until="networkidle")
    expect(page.locator(f".dl-map--full a[data-slug={SLUG}] .dl-map__note")).to_have_count(1)
    expect(page.locator(".dl-map--full .dl-map__note")).to_have_count(1)
    expect(page.locator('[data-dl-fact="notes"]')).to_have_text("(2 notes)")

    # The notes page: by section, plain text exactly as typed, never HTML.
    page.goto(site_url + "learner/notes/", wait_until="networkidle")
    listing = page.locator(".dl-notes__list")
    expect(listing.locator(".dl-notes__note")).to_have_count(2)
    expect(listing.locator("h2")).to_have_text(["Neural Network Basics"])
    expect(listing.locator("h3")).to_have_text(["Note on the section", "Perceptron"])
    assert listing.locator(".dl-notes__text").nth(1).inner_text() == HOSTILE_NOTE
    assert listing.locator("img, b").count() == 0 and page.evaluate("window.__pwned") is None
    assert listing.locator("h3 a").nth(1).get_attribute("href").endswith(f"{SECTION}#perceptron")
    expect(page.locator(".dl-notes__count")).to_have_text("2 notes.")
    search = page.get_by_label("Search your notes")
    search.fill("ONERROR")
    expect(listing.locator(".dl-notes__note")).to_have_count(1)
    expect(page.locator(".dl-notes__count")).to_have_text("1 of 2 notes match “onerror”.")
    search.fill("perceptron")  # a topic's title matches too
    expect(listing.locator(".dl-notes__note")).to_have_count(1)
    search.fill("no such words")
    expect(listing.locator(".dl-notes__note")).to_have_count(0)
    expect(page.locator(".dl-notes__count")).to_have_text("0 of 2 notes match “no such words”.")
    search.fill("")
    # Print: the button prints; the printed page has the notes, not the search form.
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print your notes").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    expect(page.locator(".dl-notes__search")).to_be_hidden()
    expect(listing.locator(".dl-notes__note").first).to_be_visible()


# --- Study plan and calendar --------------------------------------------------------------------


def expected_schedule(sections, hours, skip, start: dt.date, done=None):
    """The plan's model, written out independently: sections end to end at `hours` a week."""
    done = done or {}
    used, rows = 0.0, {}
    for section in sections:
        if section["slug"] in skip:
            continue
        items = len(section["topics"]) + 2
        left = section["hours"] * (items - done.get(section["slug"], 0)) / items
        first = start + dt.timedelta(days=math.floor(used * 7 / hours + 1e-9))
        used += left
        last = start + dt.timedelta(days=max(math.ceil(used * 7 / hours - 1e-9) - 1, (first - start).days))
        rows[section["slug"]] = (first, last)
    return rows, used


def unfold_ics(text: str) -> list[str]:
    """RFC 5545 §3.1: CRLF line ends, lines of at most 75 octets, continuation lines start with a space."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), [line for line in physical if len(line.encode()) > 75]
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def ics_events(text: str) -> list[dict[str, str]]:
    lines = unfold_ics(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("VERSION:2.0") == 1 and sum(line.startswith("PRODID:") for line in lines) == 1
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    for event in events:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"]), event
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"]) and re.fullmatch(r"\d{8}", event["DTEND;VALUE=DATE"])
        assert event["DTEND;VALUE=DATE"] > event["DTSTART;VALUE=DATE"]  # DTEND is exclusive (§3.6.1)
        for name in ("SUMMARY", "DESCRIPTION"):  # TEXT (§3.3.11): , ; \ and newlines escaped
            assert not re.search(r"(?<!\\)[,;]", event[name].replace("\\\\", "")), event[name]
    assert len({event["UID"] for event in events}) == len(events)
    return events


def ics_text(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_a_study_plan_dates_every_section_and_downloads_a_valid_calendar(page, site_url, tmp_path):
    page.clock.set_fixed_time(MONDAY)
    open_section(page, site_url)
    for topic in page.locator(".dl-section-progress").get_attribute("data-topics").split()[:3]:
        choose(page, topic, "done")
    page.goto(site_url + "learner/plan/", wait_until="networkidle")
    tools_ready(page)
    sections = roadmap_data(page)
    expect(page.locator(".dl-schedule")).to_be_hidden()
    # Bad input is refused with a message and nothing is stored.
    page.get_by_label("Hours per week").fill("0")
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".dl-plan__message")).to_have_text("Not saved: enter whole hours per week, from 1 to 80.")
    assert stored(page).get("plan") is None
    page.get_by_label("Hours per week").fill("10")
    page.get_by_label("Start date (optional; today if empty)").fill("2026-01-12")
    page.get_by_role("checkbox", name=re.compile(r"^Deep Learning Projects \(\d+ h\)$")).check()
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".dl-plan__message")).to_have_text("Plan saved. Your schedule is below.")
    assert stored(page)["plan"] == {"hours": 10, "start": "2026-01-12", "skip": ["projects"], "at": int(MONDAY.timestamp() * 1000)}

    rows, left = expected_schedule(sections, 10, {"projects"}, dt.date(2026, 1, 12), done={SLUG: 3})
    table = page.locator(".dl-schedule tbody tr")
    expect(table).to_have_count(len(sections))
    for section in sections:
        row = page.locator(f".dl-schedule tbody tr[data-slug={section['slug']}]")
        if section["slug"] == "projects":
            expect(row.locator("td").first).to_have_text("skipped")
        else:
            assert row.locator("time").get_attribute("datetime") == rows[section["slug"]][1].isoformat(), section["slug"]
    finish = max(last for _, last in rows.values())
    summary = page.locator(".dl-schedule__summary")
    assert summary.locator("time").first.get_attribute("datetime") == finish.isoformat()
    assert summary.locator("time").nth(1).get_attribute("datetime") == "2026-01-12"
    expect(summary).to_contain_text("At 10 hours a week you finish the roadmap on ")
    expect(summary).to_contain_text(f"{round(left, 1):g} h of study left".replace(".0 h", " h"))
    # This week: the first section's first 10 hours, and its next open topics.
    expect(page.locator(".dl-schedule__week li")).to_have_count(1)
    expect(page.locator(".dl-schedule__week li")).to_have_text(re.compile(r"^Prerequisites: about 10 h\. Next: Python, "))

    # The calendar: one event per planned section, valid RFC 5545.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the calendar (.ics)").click()
    path = tmp_path / "plan.ics"
    download_info.value.save_as(path)
    assert download_info.value.suggested_filename == "deep-learning-roadmap-plan.ics"
    events = ics_events(path.read_bytes().decode("utf-8"))
    assert len(events) == len(sections) - 1
    by_uid = {event["UID"]: event for event in events}
    event = by_uid["study-plan-neural-network-basics@127.0.0.1"]
    first, last = rows[SLUG]
    assert event["DTSTART;VALUE=DATE"] == first.strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == (last + dt.timedelta(days=1)).strftime("%Y%m%d")
    assert ics_text(event["SUMMARY"]) == "Study: Neural Network Basics"
    assert ics_text(event["DESCRIPTION"]).startswith("About ") and "\n" + site_url + SECTION in ics_text(event["DESCRIPTION"])
    assert event["URL"] == site_url + SECTION

    # Long and non-ASCII text folds between characters, never inside one.
    folded = page.evaluate("""() => window.dlLearnerTools.calendar({plan: {hours: 3}, rows: [{left: 2, from: Date.now(), to: Date.now(),
        section: {slug: 'x', title: 'Ünïcödé – 数学, ' + '深層学習; '.repeat(20), url: 'https://example.org/x/'}}]})""")
    event = ics_events(folded)[0]
    assert ics_text(event["SUMMARY"]) == "Study: Ünïcödé – 数学, " + "深層学習; " * 20

    # The home page says what is next and when the plan ends.
    page.goto(site_url, wait_until="networkidle")
    tools_ready(page)
    next_up = page.locator(".dl-continue__next")
    expect(next_up).to_have_text(re.compile(r"^Next up this week: Prerequisites \(10 h\)\. Your plan finishes the roadmap on "))
    assert next_up.locator("time").get_attribute("datetime") == finish.isoformat()
    assert page.locator('[data-dl-fact="plan"] time').get_attribute("datetime") == finish.isoformat()

    # Clearing the plan keeps the clearing as an edit (an older plan never comes back on import).
    page.goto(site_url + "learner/plan/", wait_until="networkidle")
    tools_ready(page)
    page.get_by_role("button", name="Clear plan").click()
    expect(page.locator(".dl-schedule")).to_be_hidden()
    assert stored(page)["plan"]["hours"] == 0


# --- Review ---------------------------------------------------------------------------------------


def test_reviewing_the_self_check_questions_that_are_due(page, site_url):
    page.clock.set_fixed_time(MONDAY)
    open_section(page, site_url)
    first = page.locator("article details.question").first
    question_text = first.locator("summary").inner_text()
    assert not any("ts-fsrs" in url for url in page.watch.requests), "the scheduler loads only when used"
    first.locator("summary").click()
    rating = first.get_by_role("group", name="How well did you recall the answer?")
    expect(rating.get_by_role("button")).to_have_text(["Forgot", "Hard", "Good", "Easy"])
    rating.get_by_role("button", name="Good").click()
    # The scheduler (15 KiB gzip) loads on this first rating: seconds, the first time, on a busy machine.
    expect(rating.locator(".dl-rating__result")).to_have_text("Rated “Good”. Next review in 3 days (Thu, Jan 8).", timeout=15_000)
    assert sum("ts-fsrs" in url for url in page.watch.requests) == 1
    (question_id, card), = stored(page)["review"][SLUG].items()
    assert re.fullmatch(r"q[0-9a-f]{8}", question_id)
    assert card["reps"] == 1 and card["state"] == 2 and card["due"] == int((MONDAY + dt.timedelta(days=3)).timestamp() * 1000)

    # Today nothing is due; the Review page says when the next review is.
    page.goto(site_url + "learner/review/", wait_until="networkidle")
    tools_ready(page)
    summary = page.locator(".dl-review__summary")
    expect(summary).to_have_text(re.compile(r"^Nothing to review today\. Next review: "))
    assert summary.locator("time").get_attribute("datetime") == "2026-01-08"
    expect(page.locator(".dl-review details.question:visible")).to_have_count(0)

    # Four days later it is due: the same question (same id), and only it.
    page.clock.set_fixed_time(MONDAY + dt.timedelta(days=4))
    page.reload(wait_until="networkidle")
    tools_ready(page)
    expect(summary).to_have_text("1 question due today. Open one, recall the answer, then rate how well you remembered it.")
    due = page.locator(".dl-review details.question:visible")
    expect(due).to_have_count(1)
    assert due.locator("summary").inner_text() == question_text
    assert page.evaluate("q => window.dlProgress.questionId(q)", due.element_handle()) == question_id
    expect(page.locator(f".dl-review__section[data-slug={SLUG}]")).to_be_visible()
    expect(page.locator(".dl-review__section:visible")).to_have_count(1)
    due.locator("summary").click()
    due.get_by_role("button", name="Forgot").click()
    expect(due.locator(".dl-rating__result")).to_have_text(re.compile(r"^Rated “Forgot”\. Next review tomorrow"))
    card = stored(page)["review"][SLUG][question_id]
    assert card["reps"] == 2 and card["lapses"] == 1
    expect(summary).to_have_text(re.compile(r"^Nothing to review today\. Next review: "))
    expect(due).to_be_visible()  # a rated question stays on screen with its result

    # Starting a section brings up to ten of its questions in as new.
    store(page, {**stored(page), "states": {"transformers": {"self-attention": {"state": "doing", "at": 1}}}})
    page.reload(wait_until="networkidle")
    tools_ready(page)
    expect(summary).to_have_text("Nothing due today; 10 new from sections you have started. Open one, recall the answer, then rate how well you remembered it.")
    expect(page.locator(".dl-review__section[data-slug=transformers] details.question:visible")).to_have_count(10)
    page.get_by_role("button", name="Show every question").click()
    expect(page.locator(".dl-review details.question:visible")).to_have_count(page.locator(".dl-review details.question").count())


# --- One learner, start to finish -----------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [{"color_scheme": "light"}, {"color_scheme": "dark", "viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}],
    ids=["light", "dark-360px"],
    indirect=True,
)
def test_a_learner_journey_exported_cleared_and_imported_back_identically(page, site_url, tmp_path):
    narrow = page.viewport_size["width"] == 360
    page.clock.set_fixed_time(MONDAY)
    topics = open_section(page, site_url)
    expected_scheme = "slate" if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected_scheme
    # Every state.
    choose(page, "perceptron", "done")
    choose(page, "mlp", "doing")
    choose(page, "activation-functions", "skipped")
    choose(page, "loss-functions", "doing")
    choose(page, "loss-functions", "none")
    choose(page, "practice", "doing")
    expect(section_progress(page)).to_have_text(f"1 of {len(topics) + 1} done, 2 in progress, 1 skipped")
    # Notes, and a recall rating.
    write_note(page, "mlp", "Hidden layers: why two?\nAsk on the forum.")
    write_note(page, "_section", "Week 2 of my plan.")
    question = page.locator("article details.question").nth(1)
    question.locator("summary").click()
    question.get_by_role("button", name="Easy").click()
    expect(question.locator(".dl-rating__result")).to_contain_text("Next review in")
    if narrow:
        no_sideways_scroll(page)

    # Find the note.
    page.goto(site_url + "learner/notes/", wait_until="networkidle")
    tools_ready(page)
    page.get_by_label("Search your notes").fill("forum")
    expect(page.locator(".dl-notes__note")).to_have_count(1)
    if narrow:
        no_sideways_scroll(page)

    # Plan.
    page.goto(site_url + "learner/plan/", wait_until="networkidle")
    tools_ready(page)
    page.get_by_label("Hours per week").fill("7")
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".dl-schedule")).to_be_visible()
    if narrow:
        no_sideways_scroll(page)

    # Review what is due a month later.
    page.clock.set_fixed_time(MONDAY + dt.timedelta(days=30))
    page.goto(site_url + "learner/review/", wait_until="networkidle")
    tools_ready(page)
    due = page.locator(".dl-review details.question[data-dl-shown=due]")
    expect(due).to_have_count(1)
    due.locator("summary").click()
    due.get_by_role("button", name="Hard").click()
    expect(due.locator(".dl-rating__result")).to_contain_text("Rated “Hard”")
    if narrow:
        no_sideways_scroll(page)

    # Export everything from the home page.
    page.goto(site_url, wait_until="networkidle")
    tools_ready(page)
    expect(page.locator(".dl-continue__link")).to_have_text("Continue: Multilayer Perceptron (MLP) (Neural Network Basics)")
    if narrow:
        no_sideways_scroll(page)
    before = stored(page)
    assert set(before) == {"format", "version", "states", "notes", "plan", "review"}
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download_info.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8")) == before

    # Clear the browser's storage (as a reader does in the browser's settings), then import.
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    tools_ready(page)
    expect(page.locator(".dl-continue")).to_be_hidden()
    page.locator(".dl-progress-tools input[type=file]").set_input_files(str(exported))
    expect(page.locator(".dl-progress-tools__message")).to_have_text(re.compile(r"^Imported “progress\.json”: \d+ topic statuses, 2 notes .* your study plan and 1 review date added or updated\.$"))
    assert stored(page) == before
    assert json.loads(stored_text(page)) == json.loads(exported.read_text(encoding="utf-8"))
    # And the pages show it all again.
    open_section(page, site_url)
    expect(control(page, "activation-functions").get_by_role("radio", name="Skip")).to_be_checked()
    expect(page.locator('.dl-note[data-item="mlp"] textarea')).to_have_value("Hidden layers: why two?\nAsk on the forum.")


# --- Weight -----------------------------------------------------------------------------------

# The site also ships as an offline copy opened from file://, where a script cannot fetch the site's
# files. Nothing the tools need is fetched: the Review deck is in its page (built by the hooks) and
# scripts load by <script src>. So from files everything still works, and no request leaves them.
def test_the_tools_work_from_files_opened_offline(browser, built_site):
    context = browser.new_context()
    left, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else (left.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.set_fixed_time(MONDAY)
    try:
        section = built_site / SECTION / "index.html"
        page.goto(section.as_uri(), wait_until="load")
        topics = page.locator(".dl-section-progress").get_attribute("data-topics").split()
        expect(page.locator("article .dl-item")).to_have_count(len(topics) + 2)
        choose(page, "perceptron", "done")
        write_note(page, "perceptron", "Written offline")
        first = page.locator("article details.question").first
        first.locator("summary").click()
        first.get_by_role("button", name="Good").click()  # loads the scheduler (15 KiB gzip) from its file
        # A busy test machine can take seconds to load and run it the first time.
        expect(first.locator(".dl-rating__result")).to_have_text(re.compile(r"^Rated “Good”\. Next review in 3 days"), timeout=15_000)
        page.reload(wait_until="load")
        expect(control(page, "perceptron").get_by_role("radio", name="Done", exact=True)).to_be_checked()

        page.clock.set_fixed_time(MONDAY + dt.timedelta(days=4))
        page.goto((built_site / "learner" / "review" / "index.html").as_uri(), wait_until="load")
        tools_ready(page)
        expect(page.locator(".dl-review__summary")).to_have_text(re.compile(r"^1 question due today( and \d+ new from sections you have started)?\."))
        page.goto((built_site / "learner" / "notes" / "index.html").as_uri(), wait_until="load")
        tools_ready(page)
        expect(page.locator(".dl-notes__text")).to_have_text(["Written offline"])
    finally:
        context.close()
    assert not errors, errors
    assert not left, left


# Budgets, gzip: what every page loads, what the home and learner pages add, and the scheduler that
# only a rating loads.
BUDGET_KIB = {"progress.js": 8, "learner-tools.js": 7, "ts-fsrs.umd.js": 15}


def test_learner_javascript_loads_only_where_used_and_stays_within_budget(page, site_url, built_site, perf_report):
    assets = built_site / "assets"
    files = {name: assets / name for name in ("progress.js", "learner-tools.js", "before-material.js")}
    files["ts-fsrs.umd.js"] = assets / "vendor" / VENDOR.name / "ts-fsrs.umd.js"
    sizes = {name: len(gzip.compress(path.read_bytes(), 6)) for name, path in files.items()}  # as served, minified
    loaded = {}
    for path in ["", SECTION, "learner/review/", "learner/plan/", "learner/notes/", "glossary/"]:
        page.goto(site_url + path, wait_until="networkidle")
        wait_until(page, "window.dlProgress")
        if path.startswith("learner/") or not path:
            tools_ready(page)
        names = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop()).filter(n => n.endsWith('.js'))")
        own = [name for name in names if name in BUDGET_KIB or name == "before-material.js"]
        loaded[path or "(home)"] = own
        perf_report(f"JavaScript of /{path}: {', '.join(own)} = {sum(sizes[name] for name in own) / 1024:.1f} KiB gzip (+ Material's bundle)")
    for name, budget in BUDGET_KIB.items():
        perf_report(f"{name}: {sizes[name] / 1024:.1f} KiB gzip (budget {budget} KiB)")
        assert sizes[name] <= budget * 1024, name
    assert "learner-tools.js" not in loaded[SECTION] and "learner-tools.js" not in loaded["glossary/"]
    assert all("learner-tools.js" in loaded[key] for key in ("(home)", "learner/review/", "learner/plan/", "learner/notes/"))
    assert not any("ts-fsrs.umd.js" in names for names in loaded.values())


def test_a_full_roadmap_of_learner_data_fits_the_store(page, site_url, perf_report):
    """Every topic with a state, a 600-character note on every topic and section, a plan, and a
    review card for every self-check question: measured, and well inside the store's limit."""
    page.goto(site_url + "learner/review/", wait_until="networkidle")
    tools_ready(page)
    sections = roadmap_data(page)
    note = ("A realistic note: what clicked, what to revisit, a link to my notebook, a question for later. " * 7)[:600]
    at = int(MONDAY.timestamp() * 1000)
    states, notes = {}, {}
    for section in sections:
        items = [*section["topics"], "practice", "self-check"]
        states[section["slug"]] = {item: {"state": ["done", "doing", "skipped", "none"][index % 4], "at": at} for index, item in enumerate(items)}
        notes[section["slug"]] = {item: {"text": note, "at": at} for item in [*section["topics"], "_section"]}
    review = page.evaluate(
        """at => { const review = {};
          document.querySelectorAll('.dl-review__section').forEach(section => {
            const cards = review[section.dataset.slug] = {};
            section.querySelectorAll('details.question').forEach(q => { cards[window.dlProgress.questionId(q)] = {
              due: at + 864e5 * 9, stability: 8.2956, difficulty: 5.11723456, elapsed_days: 3, scheduled_days: 9,
              learning_steps: 0, reps: 4, lapses: 1, state: 2, last_review: at }; });
          }); return review; }""",
        at,
    )
    data = v2(states=states, notes=notes, plan={"hours": 8, "start": "2026-01-05", "skip": ["projects"], "at": at}, review=review)
    store(page, data)
    problem = page.evaluate("() => { const s = window.dlProgress.load(); return window.dlProgress.save(s, true); }")
    assert problem is None
    size = len(stored_text(page))
    limit = page.evaluate("window.dlProgress.LIMIT")
    questions = sum(len(cards) for cards in review.values())
    topics = sum(len(section["topics"]) for section in sections)
    perf_report(f"full roadmap of learner data: {topics} topics + {len(sections)} sections with 600-char notes, "
                f"{questions} review cards, a plan: {size:,} characters stored ({100 * size / limit['store']:.0f} % of the "
                f"{limit['store']:,} limit; warning at {limit['warn']:,})")
    assert size < limit["warn"]
