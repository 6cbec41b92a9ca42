"""The progress importer and the stored data survive hostile input (issue 11 §5, issue 16).

Import merges item by item (the newer edit wins, and the reader is told what changed); a refused
file, or a write the browser refuses, leaves the stored progress exactly as it was; names such as
"constructor" or "__proto__" are plain data. A fuzz run feeds the importer in Chromium 200+
generated files (garbage, truncated JSON, huge arrays, deep nesting, wrong types, prototype keys,
5 MB strings) and corrupt stored data to every kind of page: never an uncaught exception (the `page`
fixture fails on any console error), always a clear message, never a lost or altered entry.
"""

from __future__ import annotations

import copy
import json
import random
import re

import pytest
from playwright.sync_api import expect

from learner_helpers import FORMAT, SECTION, SLUG, open_section, section_progress, store, stored, stored_text, v2
from reader_helpers import wait_until

FILE_INPUT = ".dl-progress-tools input[type=file]"
MESSAGE = ".dl-progress-tools__message"
NOTE_AT = 1_700_000_000_000  # 14 Nov 2023, in ms


def import_file(page, name: str, content: bytes) -> str:
    """Import `content` as file `name`; return the message that names it."""
    page.locator(FILE_INPUT).set_input_files(files=[{"name": name, "mimeType": "application/json", "buffer": content}])
    return wait_until(page, f"(m => m.includes({json.dumps(name)}) && m)(document.querySelector('{MESSAGE}').textContent)", timeout=20)


def home(page, site_url, data=None) -> None:
    page.goto(site_url, wait_until="networkidle")
    if data is not None:
        store(page, data)
    expect(page.locator(".dl-progress-tools")).to_be_visible()
    # The file input's listener is in learner-tools.js, which progress.js loads after showing the tools.
    wait_until(page, "window.dlLearnerTools", timeout=20)


LOCAL = v2(
    states={SLUG: {"perceptron": {"state": "done", "at": NOTE_AT}, "mlp": {"state": "doing", "at": NOTE_AT}}},
    notes={SLUG: {"perceptron": {"text": "mine, newer", "at": NOTE_AT + 5000}, "_section": {"text": "section note", "at": NOTE_AT}}},
    plan={"hours": 5, "start": "", "skip": [], "at": NOTE_AT},
)


def test_import_merges_and_the_newer_edit_wins(page, site_url):
    home(page, site_url, LOCAL)
    incoming = v2(
        states={SLUG: {"perceptron": {"state": "none", "at": NOTE_AT - 1}, "optimizers": {"state": "done", "at": NOTE_AT}}},
        notes={SLUG: {"perceptron": {"text": "theirs, older", "at": NOTE_AT}, "mlp": {"text": "a new note", "at": NOTE_AT}}},
        plan={"hours": 8, "start": "2030-01-07", "skip": ["projects"], "at": NOTE_AT + 1},
    )
    message = import_file(page, "other-browser.json", json.dumps(incoming).encode())
    assert message.startswith("Imported “other-browser.json”: 1 topic status, 1 note (Neural Network Basics › Multilayer Perceptron (MLP)) and your study plan added or updated; 2 items were kept because your own edit is newer."), message
    data = stored(page)
    assert data["states"][SLUG]["perceptron"]["state"] == "done"  # the local edit is newer
    assert data["states"][SLUG]["optimizers"]["state"] == "done"
    assert data["notes"][SLUG]["perceptron"]["text"] == "mine, newer"
    assert data["notes"][SLUG]["mlp"]["text"] == "a new note"
    assert data["plan"]["hours"] == 8
    # The same file again: nothing new.
    assert "nothing new" in import_file(page, "other-browser-again.json", json.dumps(incoming).encode())


def test_a_version_1_file_still_imports_and_never_overrides_a_dated_edit(page, site_url):
    home(page, site_url, LOCAL)
    legacy = {"format": FORMAT, "version": 1, "done": {SLUG: ["perceptron", "mlp", "loss-functions"]}}
    message = import_file(page, "old.json", json.dumps(legacy).encode())
    assert message == "Imported “old.json”: 1 topic status added or updated; 1 item was kept because your own edit is newer.", message
    states = stored(page)["states"][SLUG]
    assert states["loss-functions"] == {"state": "done", "at": 0}
    assert states["mlp"]["state"] == "doing"


@pytest.mark.parametrize("slug", ["constructor", "tostring", "hasownproperty", "valueof"])
def test_prototype_names_are_plain_data(page, site_url, slug):
    home(page, site_url, v2())
    for version, data in ((1, {"format": FORMAT, "version": 1, "done": {slug: [slug, "perceptron"]}}),
                          (2, v2(states={slug: {slug: {"state": "done", "at": 1}}}, notes={slug: {slug: {"text": slug, "at": 1}}}))):
        message = import_file(page, f"{slug}-v{version}.json", json.dumps(data).encode())
        assert message.startswith(f"Imported “{slug}-v{version}.json”"), message
    data = stored(page)
    assert data["states"][slug][slug]["state"] == "done" and data["states"][slug]["perceptron"]["state"] == "done"
    assert data["notes"][slug][slug]["text"] == slug
    page.reload(wait_until="networkidle")  # and the stored names read back, counted nowhere on the site
    expect(page.locator(".dl-progress-tools .dl-progress-line__text")).to_have_text(re.compile(r"^0 of \d+ done$"))


@pytest.mark.parametrize("raw", [
    '{"format": "deep-learning-roadmap-progress", "version": 1, "done": {"__proto__": ["perceptron"]}}',
    '{"format": "deep-learning-roadmap-progress", "version": 1, "done": {"toString": ["perceptron"]}}',
    '{"format": "deep-learning-roadmap-progress", "version": 2, "states": {"__proto__": {"x": {"state": "done", "at": 1}}}}',
    '{"format": "deep-learning-roadmap-progress", "version": 2, "notes": {"a": {"__proto__": {"text": "x", "at": 1}}}}',
    '{"__proto__": {"format": "deep-learning-roadmap-progress", "version": 1, "done": {}}}',
], ids=["v1-proto", "v1-toString", "v2-states-proto", "v2-notes-proto", "top-proto"])
def test_names_that_are_not_ids_are_refused_without_harm(page, site_url, raw):
    home(page, site_url, LOCAL)
    before = stored_text(page)
    message = import_file(page, "hostile.json", raw.encode())
    assert message.startswith("Could not import “hostile.json”:") and message.endswith("Your progress is unchanged."), message
    assert stored_text(page) == before
    assert page.evaluate("Object.prototype.perceptron === undefined && ({}).format === undefined && ({}).x === undefined")


REFUSE_WRITES = """name => {
  const refuse = function () { throw new DOMException("The quota has been exceeded.", name); };
  Storage.prototype.setItem = refuse;
  Storage.prototype.removeItem = refuse;
}"""


def test_a_refused_write_keeps_the_message_and_the_stored_progress(page, site_url):
    home(page, site_url, LOCAL)
    before = stored_text(page)
    page.evaluate(REFUSE_WRITES, "QuotaExceededError")
    message = import_file(page, "new.json", json.dumps(v2(states={SLUG: {"optimizers": {"state": "done", "at": 1}}})).encode())
    assert message == ("Could not import “new.json”: Not saved: this browser's storage for this site is full. Export your "
                       "progress, then shorten some notes. Your progress is unchanged."), message
    assert "Imported" not in message
    assert stored_text(page) == before
    line = page.locator(f".dl-roadmap-list > li[data-slug={SLUG}]")
    items = len(line.get_attribute("data-topics").split()) + 2
    expect(line.locator(".dl-progress-line__text")).to_have_text(f"1 of {items} done, 1 in progress")
    # Reset: removeItem is guarded like setItem.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress…").click()
    expect(page.locator(MESSAGE)).to_have_text("Progress could not be reset: this browser does not allow this site to change its stored data.")
    assert stored_text(page) == before


def test_a_refused_write_on_a_section_page_loses_nothing(page, site_url):
    open_section(page, site_url)
    store(page, LOCAL)
    before = stored_text(page)
    page.evaluate(REFUSE_WRITES, "SecurityError")
    page.locator('.dl-item[data-item="optimizers"]').get_by_role("radio", name="Done", exact=True).click()
    expect(page.locator(".dl-learner__status")).to_have_text("Progress cannot be saved: this browser does not allow this site to store data.")
    # The control shows what is stored, not what failed.
    expect(page.locator('.dl-item[data-item="optimizers"]').get_by_role("radio", name="Not started")).to_be_checked()
    note = page.locator('.dl-note[data-item="loss-functions"]')
    note.locator(".dl-note__toggle").click()
    note.locator("textarea").fill("a thought worth keeping")
    note.locator("textarea").blur()
    expect(note.locator(".dl-note__saved")).to_have_text("Not saved (your text is still here)")
    page.locator('.dl-item[data-item="mlp"]').get_by_role("radio", name="Done", exact=True).click()  # renders again
    assert note.locator("textarea").input_value() == "a thought worth keeping"
    assert stored_text(page) == before


def test_a_full_store_warns_first_and_refuses_the_write_that_would_pass_the_limit(page, site_url):
    open_section(page, site_url)
    limit = page.evaluate("window.dlProgress.LIMIT")

    def filled(characters: int) -> dict:
        """A store that serialises (as progress.js does) to `characters` characters."""
        notes, index = {}, 0
        while True:
            data = v2(notes=notes)
            room = characters - len(json.dumps(data, separators=(",", ":")))
            if room <= 0:
                return data
            entry_size = len(json.dumps({f"old-{index}": {"topic": {"text": "", "at": 1}}}, separators=(",", ":")))
            notes[f"old-{index}"] = {"topic": {"text": "x" * max(0, min(limit["note"], room - entry_size)), "at": 1}}
            index += 1

    store(page, filled(limit["warn"] + 20_000))
    page.locator('.dl-item[data-item="perceptron"]').get_by_role("radio", name="Done", exact=True).click()
    expect(page.locator(".dl-learner__status")).to_have_text(re.compile(r"^Nearly full: your progress uses \d+ % of the space"))
    assert stored(page)["states"][SLUG]["perceptron"]["state"] == "done"

    store(page, filled(limit["store"] - 5_000))
    before = stored_text(page)
    note = page.locator('.dl-note[data-item="mlp"]')
    note.locator(".dl-note__toggle").click()
    note.locator("textarea").fill("y" * 9000)
    note.locator("textarea").blur()
    expect(page.locator(".dl-learner__status")).to_have_text(re.compile(r"^Not saved: your notes and progress would pass the 1,500,000 characters"))
    expect(note.locator(".dl-note__saved")).to_have_text("Not saved (your text is still here)")
    assert note.locator("textarea").input_value() == "y" * 9000
    assert stored_text(page) == before


# --- Fuzzing ------------------------------------------------------------------------------------

VALID = v2(
    states={SLUG: {"perceptron": {"state": "done", "at": 5}, "mlp": {"state": "skipped", "at": 5}}},
    notes={SLUG: {"perceptron": {"text": "note\nwith lines", "at": 5}}},
    plan={"hours": 6, "start": "2031-02-03", "skip": [], "at": 5},
    review={SLUG: {"q0123abcd": {"due": 1, "stability": 2.3, "difficulty": 2.1, "elapsed_days": 0, "scheduled_days": 3,
                                 "learning_steps": 0, "reps": 1, "lapses": 0, "state": 2, "last_review": 5}}},
)
PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]
WRONG = [None, True, 0, -1, 1.5, 1e308, "", "x", [], [1, 2], {}, {"a": 1}, "<img src=x onerror=alert(1)>"]


def _paths(value, path=()):
    """Every path to a value inside a JSON structure."""
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*path, index))


def _replace(data, path, new):
    data = copy.deepcopy(data)
    if not path:
        return new
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return data


def _deep(depth: int, opener: str, closer: str) -> bytes:
    return (opener * depth + closer * depth).encode()


def fuzz_files(count: int, seed: int = 16) -> list[tuple[str, bytes]]:
    """`count` hostile or odd progress files, the same every run."""
    rng = random.Random(seed)
    valid = json.dumps(VALID).encode()
    paths = list(_paths(VALID))
    makers = [
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))),  # garbage
        lambda: valid[: rng.randrange(1, len(valid))],  # truncated JSON
        lambda: json.dumps(_replace(VALID, rng.choice(paths), rng.choice(WRONG))).encode(),  # a wrong type anywhere
        lambda: json.dumps(_replace(VALID, rng.choice(paths[1:]), {rng.choice(PROTO_KEYS): rng.choice(WRONG + [VALID])})).encode(),
        lambda: valid.replace(b'"' + SLUG.encode() + b'"', json.dumps(rng.choice(PROTO_KEYS)).encode(), 1),  # a prototype name as a slug
        lambda: valid.replace(b'"perceptron"', json.dumps(rng.choice(PROTO_KEYS)).encode()),  # ... or as a topic
        lambda: json.dumps({"format": FORMAT, "version": 1, "done": {SLUG: ["perceptron"] * rng.choice([1001, 5000, 50000])}}).encode(),  # huge arrays
        lambda: json.dumps(v2(states={f"s{index}": {} for index in range(rng.choice([1001, 3000]))})).encode(),  # too many entries
        lambda: _deep(rng.choice([1000, 100000]), "[", "]"),  # deep nesting
        lambda: b'{"a":' * rng.choice([1000, 50000]) + b"1",  # deep, and never closed
        lambda: json.dumps({"format": FORMAT, "version": rng.choice([0, 3, "2", None, 2.5, [2]]), "done": {}}).encode(),
        lambda: json.dumps(rng.choice(WRONG)).encode(),  # JSON, but not an object
        lambda: json.dumps(_replace(VALID, ("notes", SLUG, "perceptron", "text"), "z" * rng.choice([10001, 200000]))).encode(),  # long note
        lambda: valid[:1] + b" " * rng.randrange(1, 50) + valid[1:] + b"\x00",  # a trailing NUL
        lambda: json.dumps(_replace(VALID, ("plan", "start"), rng.choice(["2031-02-30", "31-02-03", "2031-2-3", "9999-99-99", ""]))).encode(),
        lambda: json.dumps(_replace(VALID, ("review", SLUG), {rng.choice(["q123", "Q0123ABCD", "q0123abcdz", "__proto__"]): VALID["review"][SLUG]["q0123abcd"]})).encode(),
        lambda: json.dumps(v2(states={SLUG: {"backpropagation": {"state": "done", "at": rng.randrange(0, 2**53)}}})).encode(),  # valid
    ]
    files = [(f"fuzz-{index:03d}.json", makers[index % len(makers)]()) for index in range(count)]
    # And 5 MB strings, in and out of JSON.
    files.append(("fuzz-5mb-string.json", json.dumps(_replace(VALID, ("notes", SLUG, "perceptron", "text"), "w" * 5_000_000)).encode()))
    files.append(("fuzz-5mb-garbage.json", b"\"" + b"a" * 5_000_000))
    return files


def _entries(data: dict) -> dict:
    """(part, slug, item) -> entry, for every entry of a stored object."""
    found = {}
    for part in ("states", "notes", "review"):
        for slug, items in data.get(part, {}).items():
            for item, entry in items.items():
                found[(part, slug, item)] = entry
    return found


def test_the_importer_survives_200_generated_hostile_files(page, site_url, perf_report):
    home(page, site_url, LOCAL)
    files = fuzz_files(212)
    refused = imported = 0
    for name, content in files:
        before_text = stored_text(page)
        before = json.loads(before_text)
        message = import_file(page, name, content)
        assert message.startswith(("Could not import", "Imported")), (name, message)
        if message.startswith("Could not import"):
            refused += 1
            assert message.endswith("Your progress is unchanged."), (name, message)
            assert stored_text(page) == before_text, name
        else:
            imported += 1
            after = json.loads(stored_text(page))
            # Nothing stored is lost, and an entry changes only for a newer edit.
            for key, entry in _entries(before).items():
                assert key in _entries(after), (name, key)
                clock = "last_review" if key[0] == "review" else "at"
                new = _entries(after)[key]
                assert new == entry or new[clock] > entry[clock], (name, key, entry, new)
    perf_report(f"importer fuzz: {len(files)} files, {refused} refused, {imported} imported, no exception")
    assert refused > 150 and imported >= 10
    # The page still works after all of it.
    expect(page.locator(".dl-progress-tools .dl-progress-line__text")).to_have_text(re.compile(r"^\d+ of \d+ done"))


def hostile_stores(seed: int = 11) -> list[str]:
    """Stored values a tampering extension or an old bug could leave: each must read as far as it is valid."""
    rng = random.Random(seed)
    valid = json.dumps(VALID)
    values = ["", "null", "undefined", "{", "[]", '"text"', "42", valid[: len(valid) // 2], "\x00\x01\x02", valid + "x"]
    paths = list(_paths(VALID))
    for _ in range(20):
        values.append(json.dumps(_replace(VALID, rng.choice(paths), rng.choice(WRONG + [{key: VALID for key in PROTO_KEYS}]))))
    values.append(json.dumps(_replace(VALID, ("states",), {key: {key: {"state": "done", "at": 1}} for key in PROTO_KEYS})))
    values.append(json.dumps(_replace(VALID, ("notes", SLUG, "perceptron", "text"), "n" * 2_000_000)))
    values.append("[" * 100_000 + "]" * 100_000)
    values.append(json.dumps({"format": FORMAT, "version": 3, "future": True}))
    return values


PAGES = ["", SECTION, "learner/notes/", "learner/plan/", "learner/review/"]


def test_corrupt_or_hostile_stored_data_never_breaks_a_page(page, site_url, perf_report):
    values = hostile_stores()
    for path in PAGES:
        page.goto(site_url + path, wait_until="networkidle")
        wait_until(page, "window.dlProgress && (!document.querySelector('.dl-progress-tools, .dl-plan, .dl-notes, .dl-review') || window.dlLearnerTools)")
        for value in values:
            store(page, value)  # renders the page from it: an exception would fail the evaluate
    # And full page loads from the worst of them: unparsable, prototype names, a huge note, deep nesting.
    for value in ["{", *values[-4:-1]]:
        store(page, value)
        for path in PAGES:
            page.goto(site_url + path, wait_until="networkidle")
            wait_until(page, "window.dlProgress && (!document.querySelector('.dl-progress-tools, .dl-plan, .dl-notes, .dl-review') || window.dlLearnerTools)")
    perf_report(f"stored-data fuzz: {len(values)} values x {len(PAGES)} pages, no exception")
    # What is valid in a partly broken store is still read.
    page.goto(site_url + SECTION, wait_until="networkidle")
    broken = _replace(VALID, ("states", SLUG, "mlp"), {"state": "nonsense", "at": 1})
    store(page, broken)
    expect(section_progress(page)).to_have_text(re.compile(r"^1 of "))
    # A store written by a newer version of the site is not overwritten.
    store(page, {"format": FORMAT, "version": 3, "future": True})
    page.locator('.dl-item[data-item="perceptron"]').get_by_role("radio", name="In progress").click()
    expect(page.locator(".dl-learner__status")).to_have_text(re.compile(r"^A newer version of this site"))
    assert json.loads(stored_text(page)) == {"format": FORMAT, "version": 3, "future": True}
