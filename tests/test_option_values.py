"""Option values FORMAT says are wrong, though a reader could guess what they mean (red team
R30, R32): a ``:time:`` not written ``HH:MM`` or ``HH:MM-HH:MM`` (``9:00-10:00``,
``09:00 - 10:00``), a time the clocks skip or show twice that day in the meeting's zone, and a
flag given a value (``:overdue: no``). Each is warned at its line with a hint, and the page
still shows what it can read. An option a directive of ours does not have (``:chair:``, R31)
is ``bad-option`` too, with the option meant, and its value is shown on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root, soup, warnings


def meeting(date: str, options: str, body: str = "Notes.\n") -> str:
    return f"# Ops {date}\n\n```{{meeting}}\n:date: {date}\n:participants: lguy\n{options}```\n\n{body}"


ONE_DIGIT = meeting(
    "2022-03-07",
    ":time: 9:00-10:00\n",
    "::::{topic} Cabling\n:time: 09:00 - 09:30\n\nCabling notes.\n::::\n\n"
    ":::{action} Order the cables\n:id: cables\n:owner: lguy\n:due: 2022-04-01\n:::\n\n"
    ":::{action} Plan the next run\n:id: next-run\n:owner: lguy\n:due: 2023-01-01\n:::\n",
)
EN_DASH = meeting("2022-03-14", ":time: 09:00\u201310:00\n", "::::{topic} Fine\n:time: 09:00-09:30\n\nFine.\n::::\n")
GAP = meeting("2024-03-31", ":time: 02:30-03:30\n:timezone: Europe/Berlin\n")
GAP_DAY_LATER = meeting("2024-03-31", ":time: 10:00-11:00\n:timezone: Europe/Berlin\n")
FOLD = meeting("2024-10-27", ":time: 01:30-02:30\n:timezone: Europe/Berlin\n")
OVERDUE_NO = "# Not only overdue\n\n```{action-table}\n:overdue: no\n```\n"
OVERDUE_YES = "# Only overdue\n\n```{action-table}\n:overdue: yes\n```\n"
OVERDUE = "# Overdue\n\n```{action-table}\n:overdue:\n```\n"
UNKNOWN = meeting(
    "2022-03-21",
    ":chair: lguy\n",
    "::::{topic} Cabling\n:leed: jbosch\n\nCabling notes.\n::::\n\n"
    ":::{action} Label the cables\n:id: labels\n:owner: lguy\n:assignee: jbosch\n:::\n\n"
    "```{decision} Cables come from one vendor\n---\nid: one-vendor\nreason: price\n---\nThe reasoning.\n```\n",
)
UNKNOWN_LISTING = "# Sorted\n\n```{action-table}\n:status: all\n:sort: due\n```\n"
PAGES = {
    "minutes/ops/2022-03-07.md": ONE_DIGIT,
    "minutes/ops/2022-03-14.md": EN_DASH,
    "minutes/ops/2024-03-31.md": GAP,
    "minutes/ops/2024-03-31-later.md": GAP_DAY_LATER,
    "minutes/ops/2024-10-27.md": FOLD,
    "lists/overdue-no.md": OVERDUE_NO,
    "lists/overdue-yes.md": OVERDUE_YES,
    "lists/overdue.md": OVERDUE,
    "minutes/ops/2022-03-21.md": UNKNOWN,
    "lists/unknown.md": UNKNOWN_LISTING,
    "index.md": "# Ops\n\n```{toctree}\n:glob:\nminutes/ops/*\nlists/*\n```\n",
}
# case -> (subtype, page, the line's text, pieces of the warning)
CASES = {
    "meeting time with a one-digit hour": (
        "bad-time",
        "minutes/ops/2022-03-07.md",
        ":time: 9:00-10:00",
        ["time '9:00-10:00' is not written HH:MM or HH:MM-HH:MM", "write ':time: 09:00-10:00'"],
    ),
    "topic time with spaces around the dash": (
        "bad-time",
        "minutes/ops/2022-03-07.md",
        ":time: 09:00 - 09:30",
        ["time '09:00 - 09:30' is not written", "write ':time: 09:00-09:30'"],
    ),
    "a start the clocks skip": (
        "bad-time",
        "minutes/ops/2024-03-31.md",
        ":time: 02:30-03:30",
        [
            "02:30 (the start) on 2024-03-31 in Europe/Berlin is a time the clocks skip (CET to CEST)",
            "read as 03:30 CEST",
            "':timezone: UTC'",
        ],
    ),
    "an end the clocks show twice": (
        "bad-time",
        "minutes/ops/2024-10-27.md",
        ":time: 01:30-02:30",
        ["02:30 (the end) on 2024-10-27 in Europe/Berlin comes twice", "read as the first, 02:30 CEST"],
    ),
    ":overdue: no": (
        "bad-option",
        "lists/overdue-no.md",
        ":overdue: no",
        [":overdue: takes no value, and 'no' is read as off", "write ':overdue:' alone"],
    ),
    ":overdue: yes": (
        "bad-option",
        "lists/overdue-yes.md",
        ":overdue: yes",
        [":overdue: takes no value, and 'yes' is read as on", "or leave the line out"],
    ),
    ":chair: in a meeting": (
        "bad-option",
        "minutes/ops/2022-03-21.md",
        ":chair: lguy",
        [":chair: is not an option of {meeting}; did you mean ':moderator:'?", ":participants:", "not understood"],
    ),
    ":leed: in a topic": ("bad-option", "minutes/ops/2022-03-21.md", ":leed: jbosch", ["did you mean ':lead:'?"]),
    ":assignee: in an action": (
        "bad-option",
        "minutes/ops/2022-03-21.md",
        ":assignee: jbosch",
        [":assignee: is not an option of {action}; did you mean ':owner:'?"],
    ),
    "reason: in a decision's YAML block": (
        "bad-option",
        "minutes/ops/2022-03-21.md",
        "reason: price",
        [":reason: is not an option of {decision} (its options: :id:)", "or write it in the text"],
    ),
    ":sort: in a listing": (
        "bad-option",
        "lists/unknown.md",
        ":sort: due",
        [":sort: is not an option of {action-table} (its options:", ":group-by:"],
    ),
}


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line == needle)


def lines(app, subtype: str) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith(f"[minutes.{subtype}]")]


def site(tmp_path: Path, conf: str = "") -> Path:
    return copy_root("ops", tmp_path / "site", pages=PAGES, conf=conf)


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_app_module):
    return build(make_app_module, site(tmp_path_factory.mktemp("values")), freshenv=True)


@pytest.mark.parametrize("case", CASES)
def test_each_is_warned_at_its_line_with_a_hint(built, case):
    subtype, path, needle, pieces = CASES[case]
    expected = f"{Path(built.srcdir, path)}:{line_of(PAGES[path], needle)}: WARNING: "
    found = [w for w in lines(built, subtype) if w.startswith(expected)]
    assert len(found) == 1, lines(built, subtype)
    for piece in pieces:
        assert piece in found[0]


def test_nothing_else_is_warned(built):
    problems = [line for line in warnings(built).splitlines() if "WARNING" in line]
    assert len(problems) == len(CASES), problems
    assert "Traceback" not in warnings(built)


def test_a_time_not_written_as_format_says_is_still_shown(built):
    page = soup(built, "minutes/ops/2022-03-07.html")
    assert page.select_one(".minutes-time").get_text(strip=True).startswith("09:00\u201310:00 PST")
    assert page.select_one(".minutes-topic-time").get_text(strip=True) == "09:00\u201309:30"
    local = page.select_one(".minutes-local-time")
    assert (local["data-start"], local["data-end"]) == ("2022-03-07T17:00:00Z", "2022-03-07T18:00:00Z")


def test_the_same_day_at_other_hours_is_no_problem(built):
    page = soup(built, "minutes/ops/2024-03-31-later.html")
    assert page.select_one(".minutes-time").get_text(strip=True).startswith("10:00\u201311:00 CEST")
    assert not [w for w in warnings(built).splitlines() if "2024-03-31-later" in w]


def rows(app, page: str) -> list[str]:
    """The rows a reader sees on the build date (an overdue listing's other rows wait hidden)."""
    return [row.get_text(" ", strip=True) for row in soup(app, page).select("tr.minutes-action-row:not([hidden])")]


def test_a_flag_with_a_value_is_read_as_meant(built):
    overdue = rows(built, "lists/overdue.html")
    assert len(overdue) == 1 and "Order the cables" in overdue[0]
    assert rows(built, "lists/overdue-yes.html") == overdue
    everything = rows(built, "lists/overdue-no.html")
    assert len(everything) == 3 and any("Plan the next run" in row for row in everything)  # every open action


@pytest.mark.parametrize("subtype", ["bad-time", "bad-option"])
def test_suppress_warnings_silences_exactly_that_subtype(tmp_path, make_app, subtype):
    app = build(make_app, site(tmp_path, f"suppress_warnings = ['minutes.{subtype}']\n"), freshenv=True)
    assert not lines(app, subtype)
    others = {other for other, *_ in CASES.values()} - {subtype}
    assert all(lines(app, other) for other in others)


def test_an_unknown_option_is_shown_on_the_page_as_not_understood(built):
    page = soup(built, "minutes/ops/2022-03-21.html")
    shown = [note.get_text() for note in page.select(".minutes-unread .minutes-problem-note")]
    assert shown == [":chair: lguy", ":leed: jbosch", ":assignee: jbosch", ":reason: price"]
    assert "Cabling notes." in page.get_text() and "The reasoning." in page.get_text()
    listing = soup(built, "lists/unknown.html")
    assert [n.get_text() for n in listing.select(".minutes-unread .minutes-problem-note")] == [":sort: due"]
    assert "myst.directive_option" not in warnings(built)


def test_the_options_that_are_known_are_still_read(built):
    page = soup(built, "minutes/ops/2022-03-21.html")
    assert page.select_one("#labels") is not None and page.select_one("#one-vendor") is not None
    assert "Leanne Guy" in page.select_one("div.minutes-action").get_text()
    row = next(tr for tr in soup(built, "lists/unknown.html").select("tr") if "Label the cables" in tr.get_text())
    assert "needs fixing" in row.get_text()
