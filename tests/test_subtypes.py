"""FORMAT v1.1's own subtypes: each problem has exactly one, so that
``suppress_warnings = ["minutes.<subtype>"]`` silences exactly one kind of problem; and
``:owner: unassigned``, which says on purpose that nobody owns an action yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build, copy_root, soup, warnings


def meeting(date: str, body: str, options: str = "") -> str:
    return f"# Subtypes meeting\n\n```{{meeting}}\n:date: {date}\n:participants: lguy\n{options}```\n\n{body}"


# subtype -> (page, its text, the line's text, a piece of the hint, text the page still shows)
CASES: dict[str, tuple[str, str, str, str, str]] = {
    "bad-date": (
        "minutes/ops/2022-09-01.md",
        meeting("2022-09-01", ":::{action} Book the room\n:owner: lguy\n:due: 2024-02-30\n:::\n"),
        ":due: 2024-02-30",
        "write it as YYYY-MM-DD",
        "Book the room",
    ),
    "bad-time": (
        "minutes/ops/2022-09-02.md",
        meeting("2022-09-02", "::::{topic} Timing\n:time: 9 to 10\n\nTimed notes.\n::::\n", ":time: after lunch\n"),
        ":time: after lunch",
        "write e.g. 09:00-14:00",
        "Timed notes.",
    ),
    "bad-timezone": (
        "minutes/ops/2022-09-03.md",
        meeting("2022-09-03", "Zoned notes.\n", ":time: 09:00-10:00\n:timezone: Pacific Time\n"),
        ":timezone: Pacific Time",
        "write e.g. America/Los_Angeles",
        "Zoned notes.",
    ),
    "bad-option": (
        "lists/limit.md",
        "# Limits\n\nThe latest meetings:\n\n```{meeting-list}\n:limit: five\n```\n",
        ":limit: five",
        "not a positive whole number",
        "The latest meetings:",
    ),
    "unknown-series": (
        "lists/series.md",
        "# Series\n\nOpen actions of the series:\n\n```{action-table}\n:series: opz\n```\n",
        ":series: opz",
        "did you mean 'ops'?",
        "Open actions of the series:",
    ),
    "bad-status": (
        "minutes/ops/2022-09-04.md",
        meeting("2022-09-04", ":::{action} Archive the wiki\n:owner: lguy\n:status: finished\n:::\n"),
        ":status: finished",
        "did you mean 'done'?",
        "Archive the wiki",
    ),
    "bad-id": (
        "minutes/ops/2022-09-05.md",
        meeting("2022-09-05", ":::{action} Write the schedule\n:owner: lguy\n:id: Camera_Schedule\n:::\n"),
        ":id: Camera_Schedule",
        "e.g. 'camera-schedule'",
        "Write the schedule",
    ),
    "unsafe-link": (
        "minutes/ops/2022-09-06.md",
        meeting("2022-09-06", "::::{topic} Slides\n:materials: javascript:alert(1)\n\nLinked notes.\n::::\n"),
        ":materials: javascript:alert(1)",
        "link to it with https://",
        "javascript:alert(1)",
    ),
    "encoding": (
        "minutes/ops/2022-09-07.md",
        meeting("2022-09-07", "A line\u2028separated note.\n"),
        "separated note",
        "read as spaces",
        "A line separated note.",
    ),
}
GROUP_BY = ("lists/group.md", "# Grouped\n\n```{action-table}\n:group-by: person\n```\n", ":group-by: person")
CONF = 'minutes_today = "2022-02-30"\nminutes_timezone = "Mars/Olympus_Mons"\n'


ZONE_ONLY = ("minutes/ops/2022-09-08.md", meeting("2022-09-08", "Zone only.\n", ":timezone: Pacific Time\n"))


def site(tmp_path: Path, conf: str = "") -> Path:
    pages = {path: text for path, text, *_ in CASES.values()}
    pages[GROUP_BY[0]] = GROUP_BY[1]
    pages[ZONE_ONLY[0]] = ZONE_ONLY[1]
    pages["index.md"] = "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\nlists/*\n```\n"
    return copy_root("ops", tmp_path / "site", pages=pages, conf=CONF + conf)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def lines(app, subtype: str) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith(f"[minutes.{subtype}]")]


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_app_module):
    return build(make_app_module, site(tmp_path_factory.mktemp("subtypes")), freshenv=True)


@pytest.mark.parametrize("subtype", CASES)
def test_each_problem_has_its_own_subtype_file_line_and_hint(built, subtype):
    path, text, needle, hint, shown = CASES[subtype]
    expected = f"{Path(built.srcdir, path)}:{line_of(text, needle)}: WARNING: "
    found = [w for w in lines(built, subtype) if w.startswith(expected)]
    assert len(found) == 1 and hint in found[0], lines(built, subtype)
    assert shown in soup(built, path.replace(".md", ".html")).get_text(" ")


def test_a_bad_topic_time_and_a_bad_group_by_are_warned_at_their_lines(built):
    path, text = CASES["bad-time"][:2]
    assert [
        w for w in lines(built, "bad-time") if w.startswith(f"{Path(built.srcdir, path)}:{line_of(text, '9 to 10')}:")
    ]
    group = [w for w in lines(built, "bad-option") if "group-by" in w]
    assert len(group) == 1 and group[0].startswith(
        f"{Path(built.srcdir, GROUP_BY[0])}:{line_of(GROUP_BY[1], GROUP_BY[2])}:"
    )
    assert "use one of those" in group[0]


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (CASES["bad-option"][0], ":limit: five"),
        (CASES["unknown-series"][0], ":series: opz"),
        (GROUP_BY[0], ":group-by: person"),
        (ZONE_ONLY[0], ":timezone: Pacific Time"),
    ],
)
def test_a_warned_listing_option_or_a_lone_time_zone_is_shown_as_not_understood(built, page, shown):
    """Red team R37: what the author wrote stays on the page, as for every other warned option."""
    html = soup(built, page.replace(".md", ".html"))
    notes = [note.get_text() for note in html.select(".minutes-unread .minutes-problem-note")]
    assert notes == [shown]


def test_bad_settings_in_conf_py_are_warned_at_their_line_not_silently_replaced(built):
    conf = Path(built.srcdir, "conf.py")
    conf_lines = conf.read_text().split("\n")
    today = lines(built, "bad-date")
    zone = lines(built, "bad-timezone")
    today_line = max(i for i, line in enumerate(conf_lines, 1) if line.startswith("minutes_today ="))
    zone_line = max(i for i, line in enumerate(conf_lines, 1) if line.startswith("minutes_timezone ="))
    assert [w for w in today if w.startswith(f"{conf}:{today_line}: ") and "'2022-02-30'" in w], today
    assert [w for w in zone if w.startswith(f"{conf}:{zone_line}: ") and "Mars/Olympus_Mons" in w], zone
    # once each, not once per meeting that takes the default time zone
    assert len([w for w in zone if "Mars" in w]) == 1


def test_no_traceback_and_every_problem_once(built):
    text = warnings(built)
    assert "Traceback" not in text
    problems = [line for line in text.splitlines() if "[minutes." in line]
    assert len(problems) == len(set(problems))


@pytest.mark.parametrize(
    "subtype", ["bad-date", "bad-time", "bad-timezone", "bad-option", "unknown-series", "unsafe-link", "encoding"]
)
def test_suppress_warnings_silences_exactly_one_subtype(tmp_path, make_app, subtype):
    app = build(make_app, site(tmp_path, f"suppress_warnings = ['minutes.{subtype}']\n"), freshenv=True)
    assert not lines(app, subtype)
    for other in CASES:
        if other != subtype:
            assert lines(app, other), f"suppressing {subtype} silenced {other}"


# -- :owner: unassigned ---------------------------------------------------------------------------

UNASSIGNED = """# Ops

```{meeting}
:date: 2022-07-04
:participants: lguy
```

:::{action} Find someone to own the camera cabling
:id: cabling
:owner: unassigned
:due: 2022-07-20
:::

:::{action} Jim writes the runbook
:id: runbook
:owner: jbosch
:::
"""
UPDATE = """# Ops

```{meeting}
:date: 2022-07-11
:participants: lguy
```

:::{action-update} runbook
:owner: Unassigned
Jim moved to another team.
:::
"""


@pytest.fixture(scope="module")
def unassigned_site(tmp_path_factory, make_app_module):
    pages = {
        "minutes/ops/2022-07-04.md": UNASSIGNED,
        "minutes/ops/2022-07-11.md": UPDATE,
        "actions/index.md": "# Open actions\n\n```{action-table}\n```\n",
        "actions/grouped.md": "# By owner\n\n```{action-table}\n:group-by: owner\n```\n",
        "actions/nobody.md": "# Nobody's\n\n```{action-table}\n:owner: unassigned\n```\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\nactions/*\n```\n",
    }
    srcdir = copy_root("ops", tmp_path_factory.mktemp("unassigned") / "site", pages=pages)
    return build(make_app_module, srcdir, freshenv=True)


def test_unassigned_is_no_problem(unassigned_site):
    assert "[minutes." not in warnings(unassigned_site)


def test_unassigned_shows_as_unassigned_in_tables_and_pages(unassigned_site):
    report = soup(unassigned_site, "actions/index.html")
    rows = {tr.select("td")[0].get_text(" ", strip=True): tr for tr in report.select("tr.minutes-action-row")}
    assert len(rows) == 2
    for row in rows.values():
        assert row.select("td")[2].get_text(strip=True) == "Unassigned"
        assert "needs fixing" not in row.get_text()
    nobody = soup(unassigned_site, "actions/nobody.html").select("tr.minutes-action-row a[href*='#']")
    assert sorted({a["href"].split("#")[1] for a in nobody}) == ["cabling", "runbook"]
    grouped = soup(unassigned_site, "actions/grouped.html")
    assert [r.get_text(strip=True) for r in grouped.select(".minutes-group")] == ["Unassigned"]
    page = soup(unassigned_site, "minutes/ops/2022-07-04.html")
    meta = page.select_one("#cabling .minutes-action-meta").get_text(" ", strip=True)
    assert "Owner: Unassigned" in meta
    update = soup(unassigned_site, "minutes/ops/2022-07-11.html").select_one(".minutes-action-update")
    assert "owner \u2192 Unassigned" in update.get_text()
    history = page.select_one("#runbook .minutes-history").get_text(" ", strip=True)
    assert "owner Unassigned" in history


def test_unassigned_in_the_exports(unassigned_site):
    import jsonschema

    out = Path(unassigned_site.outdir)
    document = json.loads((out / "actions.json").read_text())
    jsonschema.validate(document, json.loads((out / "actions.schema.json").read_text()))
    actions = {a["id"]: a for a in document["actions"]}
    assert actions["cabling"]["owners"] == [] and actions["runbook"]["owners"] == []
    assert actions["runbook"]["history"][0]["owners"] == []
    assert "Owners: Unassigned" in (out / "actions.ics").read_text().replace("\r\n ", "")


MISPLACED = """# Ops

```{meeting}
:date: 2022-07-18
:participants: lguy, unassigned
:moderator: unassigned
```

::::{topic} Cabling
:lead: unassigned

:::{action} Pull the new cable
:id: pull-cable
:owner: unassigned, lguy
:::
::::
"""


def test_unassigned_outside_an_owner_or_beside_owners_is_warned_and_kept(tmp_path, make_app):
    """``unassigned`` is an owner option's whole value; elsewhere it is warned at its line, and
    the word stays on the page instead of vanishing (red team R3)."""
    pages = {
        "minutes/ops/2022-07-18.md": MISPLACED,
    }
    app = build(make_app, copy_root("ops", tmp_path / "site", pages=pages), freshenv=True)
    found = [line for line in warnings(app).splitlines() if "[minutes.unknown-person]" in line]
    at = sorted(int(line.split(".md:")[1].split(":")[0]) for line in found)
    assert at == [5, 6, 10, 14], found
    assert sum("for an action's :owner: only" in line for line in found) == 3
    assert any("nobody owns the action, but lguy is named too" in line for line in found)
    page = soup(app, "minutes/ops/2022-07-18.html")
    assert "unassigned" in page.select_one(".minutes-meeting").get_text(" ")
    assert "unassigned" in page.select_one(".minutes-agenda").get_text(" ")
    assert "Owner: Leanne Guy" in page.select_one("#pull-cable .minutes-action-meta").get_text(" ", strip=True)


def test_page_structure_mistakes_are_warned(tmp_path, make_app):
    """A meeting page without its {meeting} block, a second {meeting} on a page, and a time that
    ends when it starts build with a warning each, at their lines (red team R14)."""
    meeting_block = "```{meeting}\n:date: 2022-07-25\n:participants: lguy\n```\n"
    pages = {
        "minutes/ops/2022-07-18.md": "# Ops\n\n:::{action} Pull the new cable\n:owner: lguy\n:::\n",
        "minutes/ops/2022-07-25.md": f"# Ops\n\n{meeting_block}\nNotes.\n\n{meeting_block}",
        "minutes/ops/2022-08-01.md": "# Ops\n\n```{meeting}\n:date: 2022-08-01\n:time: 09:00-09:00\n```\n",
    }
    app = build(make_app, copy_root("ops", tmp_path / "site", pages=pages), freshenv=True)
    found = {
        (line.split("/site/")[1].split(": WARNING")[0], line.rsplit("[", 1)[1].rstrip("]"))
        for line in warnings(app).splitlines()
        if "[minutes." in line
    }
    assert found == {
        ("minutes/ops/2022-07-18.md:1", "minutes.missing-date"),
        ("minutes/ops/2022-07-25.md:10", "minutes.duplicate-id"),
        ("minutes/ops/2022-08-01.md:5", "minutes.bad-time"),
    }, warnings(app)
    assert "Pull the new cable" in soup(app, "minutes/ops/2022-07-18.html").get_text()
    assert len(soup(app, "minutes/ops/2022-07-25.html").select(".minutes-meeting")) == 2


MATERIALS = (
    "https://example.org/search?q=a,b&x=1, slides on Drive, <https://example.org/angle>, "
    "[Doc](https://example.org/doc), https://example.org/a b, https://exa mple.org, mailto:a@example.org, "
    "Notes: see the wiki\n"
)


def test_materials_keep_addresses_whole_and_words_as_written(tmp_path, make_app):
    """Entries are split at ', ' only: a comma inside an address stays there, plain words are not
    cut, Markdown links are links, and an address with a space is warned (red team R22)."""
    page = (
        "# Ops\n\n```{meeting}\n:date: 2022-08-08\n:participants: lguy\n```\n\n"
        f"::::{{topic}} Slides\n:materials: {MATERIALS}\nNotes.\n::::\n"
        "::::{topic} Two links\n:materials: https://a.example.org/x https://b.example.org/y\n\nMore.\n::::\n"
    )
    app = build(make_app, copy_root("ops", tmp_path / "site", pages={"minutes/ops/2022-08-08.md": page}), freshenv=True)
    found = [line for line in warnings(app).splitlines() if "[minutes." in line]
    assert len(found) == 2 and all("[minutes.unsafe-link]" in line and ".md:9:" in line for line in found), found
    assert all("has a space in it" in line for line in found)
    html = soup(app, "minutes/ops/2022-08-08.html")
    meta = html.select(".minutes-topic-meta")
    assert [(a.get_text(), a["href"]) for a in meta[0].select("a.reference")] == [
        ("https://example.org/search?q=a,b&x=1", "https://example.org/search?q=a,b&x=1"),
        ("https://example.org/angle", "https://example.org/angle"),
        ("Doc", "https://example.org/doc"),
        ("mailto:a@example.org", "mailto:a%40example.org"),
    ]
    text = meta[0].get_text()
    assert (
        "slides on Drive" in text
        and "Notes: see the wiki" in text
        and "https://example.org/a b" in text
        and "https://exa mple.org" in text
    )
    assert [a["href"] for a in meta[1].select("a.reference")] == ["https://a.example.org/x", "https://b.example.org/y"]


def test_a_meeting_page_without_a_title_is_warned_once_and_titled_by_series_and_date(tmp_path, make_app):
    """Red team R41: Sphinx warned ``toc.no_title`` at every toctree naming the page, titled its
    tab "<no title>" and left it out of the sidebar; listings called it "2022-08-08 2022-08-08"."""
    untitled = "```{meeting}\n:date: 2022-08-08\n:participants: lguy\n```\n\nNotes.\n\n:::{action} Label it\n:owner: lguy\n:::\n"
    pages = {
        "minutes/ops/2022-08-08.md": untitled,
        "minutes/ops/2022-08-15.md": "```{meeting}\n:date: 2022-08-15\n:participants: lguy\n```\n\n# Ops later\n",
        "actions.md": "# Actions\n\n```{action-table}\n```\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\nactions\n```\n",
    }
    app = build(make_app, copy_root("ops", tmp_path / "site", pages=pages), freshenv=True)
    problems = [line for line in warnings(app).splitlines() if "WARNING" in line]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{Path(app.srcdir, 'minutes/ops/2022-08-08.md')}:1: WARNING: meeting page has no")
    assert "e.g. '# ops 2022-08-08'" in problems[0] and problems[0].endswith("[minutes.missing-description]")
    page = soup(app, "minutes/ops/2022-08-08.html")
    assert page.title.get_text().startswith("2022-08-08 ops 2022-08-08")
    assert page.h1.get_text().startswith("ops 2022-08-08") and "Notes." in page.get_text()
    assert "ops 2022-08-08" in [a.get_text() for a in soup(app, "index.html").select("a")]
    assert "2022-08-08 ops 2022-08-08" in soup(app, "actions.html").get_text()
