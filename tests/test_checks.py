"""Every check of FORMAT.md as a note-taker meets it: the warning names the file, the line of
the construct, the subtype and a hint; the page still shows what the author wrote."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, build, copy_root, copy_site, soup, warnings
from minutes.checks import option_line
from minutes.people import registry_from_data
from minutes.secrets import REDACTED, find_secrets, redact, secret_messages

MEETING = "minutes/dm-sst/{date}.md"


def page(date: str, body: str, *, title: str = "Checks meeting", meeting: str | None = None) -> str:
    """A meeting page of the DM-SST series (tests/roots/test-checks), dated ``date``."""
    if meeting is None:
        meeting = f"```{{meeting}}\n:date: {date}\n:participants: lguy, jbosch\n```\n"
    return f"# {title}\n\n{meeting}\n{body}"


# Each case: a page laid over the checks root, the line (found by its text) the warning
# must name, the subtype, a piece of the hint, and text the page must still show.
CASES: dict[str, tuple[str, str, str, str, str, str]] = {
    "missing-description": (
        "2022-09-05",
        page("2022-09-05", ":::{action}\n:owner: jbosch\nThe notes of the action with no description.\n:::\n"),
        ":::{action}",
        "missing-description",
        "write it after the directive name",
        "The notes of the action with no description.",
    ),
    "missing-owner": (
        "2022-09-06",
        page(
            "2022-09-06",
            "::::{topic} Owners\n:lead: lguy\n\n:::{action} Nobody owns this action yet\n:due: 2022-10-01\n:::\n::::\n",
        ),
        ":::{action} Nobody owns",
        "missing-owner",
        "add ':owner: <person id>'",
        "Nobody owns this action yet",
    ),
    "unknown-person": (
        "2022-09-07",
        page(
            "2022-09-07",
            "```{action} Check the photometry plan with the pipelines team\n:id: photometry-check\n"
            ":owner: jbsoch\n:due: 2022-10-01\n```\n",
        ),
        ":owner: jbsoch",
        "unknown-person",
        "did you mean 'jbosch'?",
        "Check the photometry plan with the pipelines team",
    ),
    "bad-date": (
        "2022-09-08",
        page(
            "2022-09-08",
            "::::{topic} Dates\n\n:::{action} Book the room for the face-to-face\n:owner: lguy\n"
            ":due: 2024-02-30\n:::\n::::\n",
        ),
        ":due: 2024-02-30",
        "bad-date",
        "write it as YYYY-MM-DD",
        "Book the room for the face-to-face",
    ),
    "bad-status": (
        "2022-09-09",
        page(
            "2022-09-09",
            ":::::{topic} Outer\n::::{topic} Inner\n:::{action} Archive the old wiki pages\n"
            ":owner: cslater\n:status: finished\n:::\n::::\n:::::\n",
        ),
        ":status: finished",
        "bad-status",
        "not one of open, done, dropped; did you mean 'done'?",
        "Archive the old wiki pages",
    ),
    "bad-id": (
        "2022-09-10",
        page(
            "2022-09-10",
            "```{topic} Ids\n:lead: lguy\n\n:::{action} Write up the camera schedule\n:id: Camera_Schedule\n"
            ":owner: kbechtol\n:::\n```\n",
        ),
        ":id: Camera_Schedule",
        "bad-id",
        "e.g. 'camera-schedule'",
        "Write up the camera schedule",
    ),
    "duplicate-id": (
        "2022-09-11",
        page(
            "2022-09-11",
            ":::{action} Measure the compression noise again\n:owner: jbosch\n:id: compression-noise\n:::\n",
        ),
        ":id: compression-noise",
        "duplicate-id",
        "minutes/dm-sst/2022-06-27.md:12 has it too",
        "Measure the compression noise again",
    ),
    "unknown-action": (
        "2022-09-12",
        page(
            "2022-09-12",
            ":::{action-update} compresion-noise\n:status: done\nThe noise was measured.\n:::\n\n"
            ":::{action} Send the noise figures to the PST\n:owner: jbosch\n:::\n",
        ),
        ":::{action-update} compresion-noise",
        "unknown-action",
        "did you mean 'compression-noise'?",
        "Send the noise figures to the PST",
    ),
    "update-before-action": (
        "2022-06-20",
        page(
            "2022-06-20",
            "::::{topic} Task review\n:::{action-update} compression-noise\n:status: done\n:::\n::::\n\n"
            ":::{action} Review the compression study\n:owner: jbosch\n:::\n",
        ),
        ":::{action-update} compression-noise",
        "update-before-action",
        "move the update to a later meeting",
        "Review the compression study",
    ),
    "missing-date": (
        "2022-09-13",
        page(
            "2022-09-13",
            ":::{action} Pick a date for the next meeting\n:owner: lguy\n:::\n",
            meeting="```{meeting}\n:participants: lguy\n```\n",
        ),
        "```{meeting}",
        "missing-date",
        "add ':date: YYYY-MM-DD'",
        "Pick a date for the next meeting",
    ),
    "date-mismatch": (
        "2022-09-14",
        page(
            "2022-09-14",
            ":::{action} Fix the date of this meeting\n:owner: lguy\n:::\n",
            meeting="```{meeting}\n:participants: lguy\n:date: 2022-09-15\n```\n",
        ),
        ":date: 2022-09-15",
        "date-mismatch",
        "differs from 2022-09-14 in the file name",
        "Fix the date of this meeting",
    ),
    "secret": (
        "2022-09-15",
        page(
            "2022-09-15",
            "Join by Zoom; Zoom Password: 512314\n\n"
            ":::{action} Move the dial-in details to the calendar invitation\n:owner: lguy\n:::\n",
        ),
        "Zoom Password",
        "secret",
        "calendar invitation",
        "Move the dial-in details to the calendar invitation",
    ),
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory, make_app_module):
    """The checks root with one malformed page per subtype, built once."""
    pages = {MEETING.format(date=date): text for date, text, *_ in CASES.values()}
    srcdir = copy_root("checks", tmp_path_factory.mktemp("checks") / "site", pages=pages)
    return build(make_app_module, srcdir, freshenv=True, confoverrides={"nitpicky": True})


def line_of(text: str, needle: str) -> int:
    """The line that is ``needle``, else the first line that holds it."""
    lines = text.split("\n")
    exact = [i for i, line in enumerate(lines, start=1) if line == needle]
    return exact[0] if exact else next(i for i, line in enumerate(lines, start=1) if needle in line)


def warning_lines(app, subtype: str) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith(f"[minutes.{subtype}]")]


@pytest.mark.parametrize("case", CASES)
def test_each_problem_is_warned_at_its_line_with_a_hint_and_the_page_keeps_the_text(bad_site, case):
    date, text, needle, subtype, hint, shown = CASES[case]
    path = MEETING.format(date=date)
    found = warning_lines(bad_site, subtype)
    expected = f"{Path(bad_site.srcdir, path)}:{line_of(text, needle)}: WARNING: "
    assert [w for w in found if w.startswith(expected)], f"no {subtype} at {expected!r} in:\n" + "\n".join(found)
    assert all(hint in w for w in found if w.startswith(expected)), found
    html = soup(bad_site, path.replace(".md", ".html"))
    assert shown in html.get_text(" ")


def test_no_traceback_and_each_problem_printed_once(bad_site):
    text = warnings(bad_site)
    assert "Traceback" not in text and "Exception occurred" not in text
    lines = [line for line in text.splitlines() if "[minutes." in line]
    assert len(lines) == len(set(lines)), "a problem was printed twice"
    # one problem a case, and the duplicate id also at the root's action that has it
    assert len(lines) == len(CASES) + 1, "\n".join(lines)


def test_a_duplicate_id_is_warned_at_both_places_each_naming_the_other(bad_site):
    found = warning_lines(bad_site, "duplicate-id")
    assert len(found) == 2
    assert found[0].startswith(f"{Path(bad_site.srcdir, 'minutes/dm-sst/2022-06-27.md')}:12: ")
    assert "minutes/dm-sst/2022-09-11.md:" in found[0]


def test_a_malformed_action_is_flagged_in_the_task_report(bad_site):
    report = soup(bad_site, "actions/index.html")
    for description in (
        "Nobody owns this action yet",
        "Book the room for the face-to-face",
        "Check the photometry plan with the pipelines team",
        "Measure the compression noise again",
    ):
        row = next(tr for tr in report.select("tr.minutes-action-row") if description in tr.get_text())
        assert "needs fixing" in row.get_text()


def test_an_action_with_a_duplicate_id_keeps_its_own_state_on_its_page(bad_site):
    page = soup(bad_site, "minutes/dm-sst/2022-09-11.html")
    action = next(
        div for div in page.select("div.minutes-action") if "Measure the compression noise again" in div.get_text()
    )
    meta = action.select_one(".minutes-action-meta").get_text(" ", strip=True)
    assert "Jim Bosch" in meta and "2022-08-29" not in meta  # not the first action's due date


def test_the_secret_is_neither_echoed_nor_published(bad_site):
    assert "512314" not in warnings(bad_site)
    html = (Path(bad_site.outdir) / "minutes/dm-sst/2022-09-15.html").read_text(encoding="utf-8")
    assert "512314" not in html
    assert f"Zoom Password: {REDACTED}" in soup(bad_site, "minutes/dm-sst/2022-09-15.html").get_text()


def test_no_published_file_holds_the_secret(bad_site):
    """Not the page's copied source either (_sources/, html_copy_source), which Sphinx copies
    from the file on disk rather than from the text the extension blanked out."""
    holding = [
        str(p.relative_to(bad_site.outdir))
        for p in Path(bad_site.outdir).rglob("*")
        if p.is_file() and b"512314" in p.read_bytes()
    ]
    assert holding == []
    source = Path(bad_site.outdir, "_sources", MEETING.format(date=CASES["secret"][0]) + ".txt")
    assert f"Zoom Password: {REDACTED}" in source.read_text(encoding="utf-8")


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_secret_stays_out_of_the_copied_source_when_its_page_is_written_again(tmp_path, make_app, parallel):
    """Adding a meeting rewrites every page (the navigation moved) without reading the one
    with the secret again; Sphinx copies its source from disk once more."""
    date, text = CASES["secret"][0], CASES["secret"][1]
    srcdir = copy_root("checks", tmp_path / "site", pages={MEETING.format(date=date): text})
    build(make_app, srcdir, freshenv=True, parallel=parallel)
    (srcdir / "minutes/dm-sst/2022-10-03.md").write_text(page("2022-10-03", "Nothing secret.\n"))
    app = build(make_app, srcdir, parallel=parallel)
    source = Path(app.outdir, "_sources", MEETING.format(date=date) + ".txt")
    assert "512314" not in source.read_text(encoding="utf-8")
    assert f"Zoom Password: {REDACTED}" in source.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "case, written",
    [
        ("bad-date", ":due: 2024-02-30"),
        ("bad-status", ":status: finished"),
        ("bad-id", ":id: Camera_Schedule"),
    ],
)
def test_an_option_that_cannot_be_read_stays_on_the_page_as_written(bad_site, case, written):
    html = soup(bad_site, MEETING.format(date=CASES[case][0]).replace(".md", ".html"))
    action = next(div for div in html.select("div.minutes-action") if CASES[case][5] in div.get_text())
    assert written in [note.get_text() for note in action.select(".minutes-problem-note")]


def test_the_unknown_action_of_an_update_is_reported_once(bad_site):
    assert len([w for w in warning_lines(bad_site, "unknown-action") if "compresion-noise" in w]) == 1


# -- one page, many shapes: the line of each problem ------------------------------------------

SHAPES = """\
# Shapes of directives

```{meeting}
:date: 2022-09-19
:participants: lguy, nobody-a
:moderator: Keith
```

::::{topic} Colon topic
:lead: nobody-b
:time: 09:00-09:30

Text with {person}`nobody-c` on the first line
and {person}`nobody-d` on the second, {action-ref}`no-such-action` too.

:::{action} Colon action with {person}`nobody-e` in it
:id: shape-one
:owner: lguy
:due: next week
:::

```{action} Backtick action inside a colon topic
:owner: nobody-f
:status: later
```
::::

:::::{topic} Outer topic
::::{topic} Inner topic
:::{action} Action two topics deep
:owner: nobody-g

Its notes.
:::
::::
:::::

```{topic} Backtick topic
:::{decision} A decision with a bad id
:id: Bad Id
:::

:::{action} Action in a backtick topic
---
owner: nobody-h
due: 2022-02-30
---
:::
```

- a list item naming {person}`nobody-i`

::::{topic} A topic whose body opens with an action
:::{action} First thing in the topic
:owner: nobody-j
:::
::::

````{topic} A backtick topic whose body opens with an action
:::{action} First thing in the backtick topic
:due: 2022-13-13
:owner: lguy
:::
````

:::{decision}
:id: no-text
:::
"""


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory, make_app_module):
    srcdir = copy_root(
        "checks", tmp_path_factory.mktemp("shapes") / "site", pages={"minutes/dm-sst/2022-09-19.md": SHAPES}
    )
    return build(make_app_module, srcdir, freshenv=True)


@pytest.mark.parametrize(
    ("needle", "subtype", "line_text"),
    [
        ("'nobody-a'", "unknown-person", ":participants: lguy, nobody-a"),
        ("'nobody-b'", "unknown-person", ":lead: nobody-b"),
        ("'nobody-c'", "unknown-person", "Text with {person}`nobody-c`"),
        ("'nobody-d'", "unknown-person", "and {person}`nobody-d`"),
        ("'no-such-action'", "unknown-action", "and {person}`nobody-d`"),
        ("'nobody-e'", "unknown-person", ":::{action} Colon action with"),
        ("'next week'", "bad-date", ":due: next week"),
        ("'nobody-f'", "unknown-person", ":owner: nobody-f"),
        ("'later'", "bad-status", ":status: later"),
        ("'nobody-g'", "unknown-person", ":owner: nobody-g"),
        ("'Bad Id'", "bad-id", ":id: Bad Id"),
        ("'nobody-h'", "unknown-person", "owner: nobody-h"),
        ("'2022-02-30'", "bad-date", "due: 2022-02-30"),
        ("'nobody-i'", "unknown-person", "- a list item naming"),
        ("'nobody-j'", "unknown-person", ":owner: nobody-j"),
        ("'2022-13-13'", "bad-date", ":due: 2022-13-13"),
        ("decision has no description", "missing-description", ":::{decision}"),
    ],
)
def test_lines_in_every_shape_of_fence_and_nesting(shapes_site, needle, subtype, line_text):
    path = Path(shapes_site.srcdir, "minutes/dm-sst/2022-09-19.md")
    found = [w for w in warning_lines(shapes_site, subtype) if needle in w]
    assert len(found) == 1, f"{subtype} naming {needle}: {found}"
    assert found[0].startswith(f"{path}:{line_of(SHAPES, line_text)}: WARNING: ")


def test_every_text_of_the_shapes_page_is_shown(shapes_site):
    text = soup(shapes_site, "minutes/dm-sst/2022-09-19.html").get_text(" ")
    for shown in (
        "Colon action with",
        "Backtick action inside a colon topic",
        "Action two topics deep",
        "Its notes.",
        "A decision with a bad id",
        "Action in a backtick topic",
        "on the second",
    ):
        assert shown in text


def test_keith_resolves_by_alias_and_is_not_warned(shapes_site):
    assert "'Keith'" not in warnings(shapes_site)


# -- people.yaml -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "line", "hint"),
    [
        ("lguy:\n  name: Leanne Guy\njbosch:\n  initials: JB\n", 3, "add 'name: Full Name' under it"),
        ("- lguy\n- jbosch\n", 1, "must map person ids to entries, not be a list"),
        (None, 1, "people.yaml is missing"),
        ("lguy:\n  name: [Leanne\n", 2, "not valid YAML"),
    ],
    ids=["entry-without-name", "list", "missing", "bad-yaml"],
)
def test_people_problems_are_reported_once_at_people_yaml(tmp_path, make_app, people, line, hint):
    srcdir = copy_root("checks", tmp_path / "site")
    if people is None:
        (srcdir / "people.yaml").unlink()
    else:
        (srcdir / "people.yaml").write_text(people)
    app = build(make_app, srcdir, freshenv=True, parallel=2)
    found = warning_lines(app, "people")
    assert len(found) == 1, found
    assert found[0].startswith(f"{srcdir / 'people.yaml'}:{line}: WARNING: ") and hint in found[0]
    assert "Traceback" not in warnings(app)
    text = soup(app, "minutes/dm-sst/2022-06-27.html").get_text(" ")
    assert "Measure the noise added by lossy compression on HSC PVIs" in text
    if people is None or people.startswith("-"):
        assert not warning_lines(app, "unknown-person"), "an unusable people.yaml is one problem, not one per name"


NOT_TEXT = """lguy:
  name: Leanne Guy
  aliases: [Leanne]
jbosch:
  name: Jim Bosch
  aliases: [Jim, 007]
  initials: NO
zed:
  name: [Zed, Zulu]
"""


def test_a_people_yaml_value_is_the_text_written_and_a_list_for_a_name_is_warned(tmp_path, make_app):
    """Red team R29: YAML reads ``[Zed, Zulu]`` as a list (published as "['Zed', 'Zulu']"), and
    ``NO`` as a no and ``007`` as 7; people.yaml's values are text as written."""
    srcdir = copy_root("checks", tmp_path / "site", pages={"people.yaml": NOT_TEXT})
    app = build(make_app, srcdir, freshenv=True)
    found = warning_lines(app, "people")
    assert len(found) == 1, found
    assert found[0].startswith(
        f"{srcdir / 'people.yaml'}:9: WARNING: the name of 'zed' in people.yaml is not text but a list; "
        "write it as text on one line, e.g. 'name: Zed Zulu'"
    )
    zed = soup(app, "people/zed.html").get_text(" ")
    assert "Zed Zulu" in zed and "['Zed'" not in zed
    assert "Zed Zulu" in soup(app, "people/index.html").get_text(" ")
    bosch = soup(app, "people/jbosch.html").get_text(" ")
    assert "(NO)" in bosch or " NO " in bosch
    suppressed = build(make_app, srcdir, freshenv=True, confoverrides={"suppress_warnings": ["minutes.people"]})
    assert "[minutes." not in warnings(suppressed)


TWICE = """lguy:
  name: Leanne Guy
  aliases: [Leanne]
jbosch:
  name: Jim Bosch
  aliases: [Jim]
jbosch:
  name: Jim Other
jhuang:
  name: Jin Huang
  aliases: [Jim]
"""
# (line, what the warning says)
TWICE_WARNINGS = [
    (
        7,
        "person id 'jbosch' is given twice in people.yaml (lines 4 and 7); the first entry is used and the one at "
        "line 7 (Jim Other) is not: give that person an id of their own",
    ),
    (
        11,
        "'Jim' names two people in people.yaml: jbosch (its alias, line 6) and jhuang (its alias, line 11); in "
        "the pages it stands for jbosch: give each person spellings of their own",
    ),
]


def test_an_id_given_twice_or_a_spelling_two_people_share_is_warned_and_the_first_kept(tmp_path, make_app):
    """Red team R28: a YAML loader keeps the last of two ``jbosch:`` entries without a word (the
    pages naming Jim Bosch then name nobody), and an alias two people share means one of them."""
    srcdir = copy_root("checks", tmp_path / "site", pages={"people.yaml": TWICE})
    app = build(make_app, srcdir, freshenv=True)
    found = warning_lines(app, "people")
    assert len(found) == len(TWICE_WARNINGS), found
    for line, text in TWICE_WARNINGS:
        assert [w for w in found if w.startswith(f"{srcdir / 'people.yaml'}:{line}: WARNING: {text}")], found
    assert not warning_lines(app, "unknown-person")
    meeting = soup(app, "minutes/dm-sst/2022-06-27.html").get_text(" ")
    assert "Jim Bosch" in meeting and "Jim Other" not in meeting
    bosch = soup(app, "people/jbosch.html").get_text(" ")
    assert "Jim Bosch" in bosch and "Jim Other" not in bosch
    suppressed = build(make_app, srcdir, freshenv=True, confoverrides={"suppress_warnings": ["minutes.people"]})
    assert "[minutes." not in warnings(suppressed)


def test_an_id_names_its_own_person_whatever_others_are_called():
    registry = registry_from_data({"ana": {"name": "Ana Lima"}, "bo": {"name": "Bo Li", "aliases": ["ana"]}})
    assert registry.resolve("ana").id == "ana" and registry.resolve("Bo Li").id == "bo"
    assert len(registry.problems) == 1 and "'ana' names two people" in registry.problems[0][0]


def test_non_utf8_bytes_are_reported_and_the_rest_of_the_page_kept(tmp_path, make_app):
    srcdir = copy_root("checks", tmp_path / "site")
    text = page("2022-09-05", "Caf\xe9 notes\n\n:::{action} Save the file as UTF-8\n:owner: lguy\n:::\n")
    (srcdir / "minutes/dm-sst/2022-09-05.md").write_bytes(text.encode("latin-1"))
    app = build(make_app, srcdir, freshenv=True)
    found = warning_lines(app, "encoding")
    assert found and found[0].startswith(f"{srcdir / 'minutes/dm-sst/2022-09-05.md'}:{line_of(text, 'Caf')}: ")
    assert "Save the file as UTF-8" in soup(app, "minutes/dm-sst/2022-09-05.html").get_text()


def test_non_utf8_bytes_in_an_included_file_are_reported_at_its_line(tmp_path, make_app):
    """Red team R27: the included file is read as leniently as a page, and warned the same way."""
    srcdir = copy_root("checks", tmp_path / "site")
    text = page("2022-09-05", "Before the include.\n\n```{include} notes.txt\n```\n\nAfter the include.\n")
    (srcdir / "minutes/dm-sst/2022-09-05.md").write_text(text)
    (srcdir / "minutes/dm-sst/notes.txt").write_bytes("First line.\nCaf\xe9 notes\nLast line.\n".encode("latin-1"))
    (srcdir / "minutes/dm-sst/utf8.txt").write_text("A replacement character \ufffd written on purpose.\n")
    (srcdir / "minutes/dm-sst/2022-09-12.md").write_text(page("2022-09-12", "```{include} utf8.txt\n```\n"))
    app = build(make_app, srcdir, freshenv=True)
    found = warning_lines(app, "encoding")
    assert len(found) == 1, found
    assert found[0].startswith(f"{srcdir / 'minutes/dm-sst/notes.txt'}:2: WARNING: bytes that are not UTF-8")
    assert "which minutes/dm-sst/2022-09-05 includes" in found[0] and "save the file as UTF-8" in found[0]
    shown = soup(app, "minutes/dm-sst/2022-09-05.html").get_text()
    assert "Caf\ufffd notes" in shown and "Last line." in shown and "After the include." in shown
    suppressed = build(make_app, srcdir, freshenv=True, confoverrides={"suppress_warnings": ["minutes.encoding"]})
    assert not warning_lines(suppressed, "encoding") and "[minutes." not in warnings(suppressed)


def test_a_listing_of_a_series_nobody_has_is_warned_but_a_new_series_page_is_not(tmp_path, make_app):
    listing = "# Typo\n\nOpen actions of the series:\n\n```{action-table}\n:status: open\n:series: dm-ss\n```\n"
    new_series = "# Camera series\n\n```{meeting-list}\n:series: camera\n```\n"
    srcdir = copy_root(
        "checks", tmp_path / "site", pages={"actions/typo.md": listing, "minutes/camera/index.md": new_series}
    )
    app = build(make_app, srcdir, freshenv=True)
    found = warning_lines(app, "unknown-series")
    assert len(found) == 1, found
    assert found[0].startswith(f"{srcdir / 'actions/typo.md'}:{line_of(listing, ':series: dm-ss')}: ")
    assert "series 'dm-ss'" in found[0] and "did you mean 'dm-sst'?" in found[0]
    assert "No actions to show." in soup(app, "actions/typo.html").get_text()


def test_a_meeting_page_with_no_heading_still_builds(tmp_path, make_app):
    text = (
        "```{meeting}\n:date: 2022-09-05\n```\n\n:::{action} An action on a page with no heading\n:owner: lguy\n:::\n"
    )
    srcdir = copy_root("checks", tmp_path / "site", pages={"minutes/dm-sst/2022-09-05.md": text})
    app = build(make_app, srcdir, freshenv=True)
    assert "Traceback" not in warnings(app)
    assert "An action on a page with no heading" in soup(app, "minutes/dm-sst/2022-09-05.html").get_text()


# -- suppress_warnings --------------------------------------------------------------------------


def test_suppress_warnings_silences_exactly_one_subtype(tmp_path, make_app):
    pages = {MEETING.format(date=CASES[c][0]): CASES[c][1] for c in ("bad-date", "bad-status", "secret")}
    srcdir = copy_root("checks", tmp_path / "site", pages=pages, conf='suppress_warnings = ["minutes.bad-date"]\n')
    app = build(make_app, srcdir, freshenv=True)
    assert not warning_lines(app, "bad-date")
    assert warning_lines(app, "bad-status") and warning_lines(app, "secret")


# -- pure checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Zoom: https://noirlab-edu.zoom.us/j/97839121776?pwd=K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09", "K1JPeUp"),
        ("Zoom Password: 512314", "512314"),
        ("the passcode is 839201.", "839201"),
        ("**Passcode:** `abc123`", "abc123"),
        ("Participant PIN: 1234#", "1234"),
        ("+16699006833,,97839121776#,,,,*512314#", "512314"),
        ("Dial-in numbers: +1 346 248 7799 (US Toll)", "7799"),
        ("Zoom Meeting ID: 978 3912 1776", "3912"),
        ("Zoom https://zoom.us/j/97839121776 (meeting 978 3912 1776)", "97839121776"),
        ("Zoom https://zoom.us/j/97839121776 (meeting 978 3912 1776)", "3912 1776"),
        ("join at https://meet.google.com/abc-defg-hij", "abc-defg-hij"),
    ],
)
def test_secrets_are_found_never_echoed_and_blanked_out(text, secret):
    secrets = find_secrets(text)
    assert secrets
    assert secret not in "".join(message for _line, message in secret_messages(secrets))
    assert secret not in redact(text, secrets)


@pytest.mark.parametrize(
    "text",
    [
        "We discussed the password reset service for the RSP.",
        "The passcode is in the calendar invitation.",
        "Password: see the invitation",
        "PIN diodes in the camera are pinned to the spinning plate.",
        "Use pwd to print the directory; passwords were rotated in 2022.",
        "Zoom (link in the calendar invitation)",
        "The meeting ID is in the calendar.",
        "The meeting 2022 review moved; see https://zoom.us/ for the client.",
    ],
)
def test_ordinary_prose_is_not_a_secret(text):
    assert find_secrets(text) == []


def test_the_seed_wiki_page_is_caught():
    text = (Path(__file__).parent / "data" / "seed-dm-sst-2022-06-06.txt").read_text(encoding="utf-8")
    secrets = find_secrets(text)
    assert {line for line, _m in secret_messages(secrets)} == {18}
    redacted = redact(text, secrets)
    for secret in ("640917", "RmFrZVBhc3N3b3Jk", "911 1222 3333", "91112223333", "944 5550 1234", "555 010 7799"):
        assert secret not in redacted


@pytest.mark.parametrize(
    ("block", "name", "line"),
    [
        (":::{action} A\n:id: a\n:owner: b\n:::\n", "owner", 12),
        ("```{action} A\n---\nid: a\nowner: b\n---\n```\n", "owner", 13),
        (":::{action} A\n:id: a\n\n:owner: b in the body\n:::\n", "owner", 10),
        (":::{action} A\n:::\n", "owner", 10),
    ],
)
def test_option_line(block, name, line):
    assert option_line(block, 10, name) == line


# -- strict builds: what CI runs ---------------------------------------------------------------


def strict_build(srcdir: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-n",
            "-E",
            "-q",
            str(srcdir),
            str(outdir),
        ],
        capture_output=True,
        text=True,
        cwd=srcdir,
        env={"PATH": "/usr/bin:/bin", "MINUTES_TODAY": "2022-08-01"},
    )


def test_strict_build_of_the_example_site_passes(tmp_path):
    """The example site itself, as ``make check`` builds it: the one site here shown to readers."""
    result = strict_build(copy_site(tmp_path / "site"), tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_strict_build_of_the_checks_root_passes(tmp_path):
    """The site the next test spoils with one bad page builds strictly as it is."""
    result = strict_build(copy_root("checks", tmp_path / "site"), tmp_path / "out")
    assert result.returncode == 0, result.stderr


def test_strict_build_with_one_bad_page_fails_naming_file_and_line(tmp_path):
    date, text, needle, subtype, _hint, _shown = CASES["bad-date"]
    srcdir = copy_root("checks", tmp_path / "site", pages={MEETING.format(date=date): text})
    result = strict_build(srcdir, tmp_path / "out")
    assert result.returncode != 0
    expected = f"{srcdir / MEETING.format(date=date)}:{line_of(text, needle)}: WARNING: "
    problems = [line for line in result.stderr.splitlines() if "[minutes." in line]
    assert len(problems) == 1 and problems[0].startswith(expected) and problems[0].endswith(f"[minutes.{subtype}]")
    assert re.fullmatch(r"(.+):(\d+): WARNING: (.+) \[minutes\.([a-z-]+)\]", problems[0])


def test_make_check_is_the_strict_build():
    makefile = (REPO / "Makefile").read_text()
    rule = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    for flag in ("-W", "--keep-going", "-n", "-E"):
        assert f" {flag} " in rule
