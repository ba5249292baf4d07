"""Exports of the built site: actions.json and its schema, iCalendar files, the Atom feed.

Most of these run on the example site on purpose: the exports are checked against what its own
pages show (the task report's rows, each action's dated history, the landing page's links), and
it is the one site holding all of that together with a meeting whose invitation has a passcode
and an action reassigned with a note. The tests of how exports are made (the same bytes twice,
absolute links, an edit followed, any hash seed) need only a site with exports: the listings and
ops roots."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zoneinfo
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, ROOTS, copy_root, copy_site

PEOPLE = yaml.safe_load((REPO / "people.yaml").read_text())
ATOM = "{http://www.w3.org/2005/Atom}"
EXPORTS = ("actions.json", "actions.schema.json", "actions.ics", "meetings.ics", "minutes.atom")


def build(srcdir: Path, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=srcdir, **kwargs)
    app.build()
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    # Without html_baseurl (the site's conf.py sets one) links stay relative to the output, so
    # the pages they name can be opened; test_exports_repeat_and_follow_html_baseurl covers it set.
    app = build(copy_site(tmp_path_factory.mktemp("exports") / "site", conf='html_baseurl = ""\n'))
    yield app
    app.cleanup()


def out(app: SphinxTestApp) -> Path:
    return Path(app.outdir)


def soup(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((out(app) / name).read_text(encoding="utf-8"), "html.parser")


def report_rows(app: SphinxTestApp) -> dict[str, list[dict]]:
    """Rows of the task report's ungrouped tables by status: what a reader sees."""
    tables = {"open": [], "done": [], "dropped": []}
    pages = [("actions/index.html", ["open"]), ("actions/closed.html", ["done", "dropped"])]
    for name, statuses in pages:
        wraps = [
            w for w in soup(app, name).select("div.minutes-action-table-wrap") if not w.select_one(".minutes-group")
        ]
        for status, wrap in zip(statuses, wraps):
            for row in wrap.select("tbody tr"):
                cells = row.find_all("td")
                due = cells[1].select_one(".minutes-due")
                tables[status].append(
                    {
                        "id": cells[0].find("a", href=True)["href"].rsplit("#", 1)[1],
                        "due": due.get_text() if due else None,
                        "owners": [
                            re.search(r"people/([^/]+)\.html", a["href"])[1] for a in cells[2].select("a[href]")
                        ],
                        "url": cells[3].find("a")["href"].removeprefix("../"),
                    }
                )
    return tables


def load_json(app: SphinxTestApp) -> dict:
    return json.loads((out(app) / "actions.json").read_text(encoding="utf-8"))


def test_actions_json_validates_against_its_schema(site: SphinxTestApp) -> None:
    schema = json.loads((out(site) / "actions.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    document = load_json(site)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema_version"].startswith("1.")
    assert document["today"] == "2022-08-01"
    assert [a["id"] for a in document["actions"]] == sorted(a["id"] for a in document["actions"])


def test_actions_json_round_trips_the_example_actions(site: SphinxTestApp) -> None:
    """Every action of the task report, with its status, owners, due date and meeting link."""
    by_id = {a["id"]: a for a in load_json(site)["actions"]}
    rows = report_rows(site)
    assert set(by_id) == {row["id"] for status in rows.values() for row in status}
    for status, status_rows in rows.items():
        for row in status_rows:
            action = by_id[row["id"]]
            assert action["status"] == status
            assert [o["id"] for o in action["owners"]] == row["owners"]
            assert action["url"] == row["url"]
            assert action["meeting"]["url"] == row["url"].split("#")[0]
            if status == "open":
                assert action["due"] == row["due"]


def test_actions_json_has_the_full_history(site: SphinxTestApp) -> None:
    """The history of each action matches the dated history on its meeting page."""
    for action in load_json(site)["actions"]:
        page_name, anchor = action["url"].split("#")
        page = soup(site, page_name)
        box = page.find(id=anchor)
        items = box.select(".minutes-history li") if box else []
        assert len(action["history"]) == len(items), action["id"]
        for entry, item in zip(action["history"], items):
            assert entry["date"] == item.find("a").get_text()
            assert (out(site) / entry["url"].split("#")[0]).is_file()
    des = next(a for a in load_json(site)["actions"] if a["id"] == "des-compression")
    assert des["initial"]["owners"][0]["id"] == "erykoff" and des["initial"]["due"] == "2022-07-25"
    assert des["owners"][0]["id"] == "yalsayyad" and des["due"] == "2022-08-15"
    assert des["history"][0]["note"].startswith("Eli is on leave")


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_actions_ics_has_each_open_action_with_a_due_date_once(site: SphinxTestApp) -> None:
    due = {row["id"]: row for row in report_rows(site)["open"] if row["due"]}
    found = events(out(site) / "actions.ics")
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids)) == len(due)
    by_action = {}
    for event in found:
        action_id = re.fullmatch(r"action-(.+)@.+", str(event["UID"]))[1]
        by_action[action_id] = event
        assert event.decoded("DTSTART") == dt.date.fromisoformat(due[action_id]["due"])
        assert not isinstance(event.decoded("DTSTART"), dt.datetime)  # all-day
    assert set(by_action) == set(due)


@pytest.mark.parametrize("person_id", sorted(PEOPLE))
def test_person_ics_has_their_open_actions_with_a_due_date(site: SphinxTestApp, person_id: str) -> None:
    mine = {row["id"] for row in report_rows(site)["open"] if row["due"] and person_id in row["owners"]}
    found = events(out(site) / "people" / f"{person_id}.ics")
    ids = [re.fullmatch(r"action-(.+)@.+", str(e["UID"]))[1] for e in found]
    assert sorted(ids) == sorted(mine)
    shared = {str(e["UID"]) for e in events(out(site) / "actions.ics")}
    assert {str(e["UID"]) for e in found} <= shared  # one action, one UID, in every calendar


def test_meetings_ics_has_each_meeting_at_its_time_in_its_zone(site: SphinxTestApp) -> None:
    calendar = icalendar.Calendar.from_ical((out(site) / "meetings.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    found = list(calendar.walk("VEVENT"))
    pages = sorted(p.relative_to(out(site)).as_posix() for p in (out(site) / "minutes").glob("*/20*.html"))
    assert len(found) == len(pages)
    assert len({str(e["UID"]) for e in found}) == len(found)
    vf2f = next(e for e in found if str(e["DTSTART"].to_ical().decode()).startswith("20220606"))
    start, end = vf2f.decoded("DTSTART"), vf2f.decoded("DTEND")
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    assert start == dt.datetime(2022, 6, 6, 9, 0, tzinfo=zone)
    assert end == dt.datetime(2022, 6, 6, 14, 0, tzinfo=zone)
    assert vf2f["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert "pwd=" not in (out(site) / "meetings.ics").read_text()


def test_atom_feed_parses_and_lists_meetings_newest_first(site: SphinxTestApp) -> None:
    root = ET.parse(out(site) / "minutes.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text.startswith("2022-07-18")
    entries = root.findall(f"{ATOM}entry")
    pages = list((out(site) / "minutes").glob("*/20*.html"))
    assert len(entries) == len(pages)
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, key=dt.datetime.fromisoformat, reverse=True)
    for entry in entries:
        assert (out(site) / entry.find(f"{ATOM}link").get("href")).is_file()
        assert entry.find(f"{ATOM}id").text
        assert entry.find(f"{ATOM}summary").text


def test_exports_are_linked_where_readers_look(site: SphinxTestApp) -> None:
    landing = {a["href"] for a in soup(site, "index.html").select("a[href]")}
    assert {
        "actions.ics",
        "meetings.ics",
        "minutes.atom",
        "actions.json",
        "actions.schema.json",
        "people/index.html",
    } <= landing
    report = {a["href"] for a in soup(site, "actions/index.html").select("a[href]")}
    assert {"../actions.ics", "../actions.json", "../actions.schema.json"} <= report
    feed = soup(site, "index.html").select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert feed["href"] == "minutes.atom"
    assert "jbosch.ics" in {a["href"] for a in soup(site, "people/jbosch.html").select("a[href]")}
    for name in EXPORTS:
        assert (out(site) / name).is_file()


def test_exports_repeat_and_follow_html_baseurl(tmp_path: Path) -> None:
    """Two builds write the same bytes; with html_baseurl every link is absolute."""
    conf = 'html_baseurl = "https://minutes.example.org/dm/"\n'
    first = build(copy_root("listings", tmp_path / "a", conf=conf))
    second = build(copy_root("listings", tmp_path / "b", conf=conf))
    people = yaml.safe_load((ROOTS / "test-listings" / "people.yaml").read_text())
    try:
        names = [*EXPORTS, *(f"people/{p}.{suffix}" for p in people for suffix in ("ics", "atom"))]
        names += [
            f"minutes/{s}/{f}" for s in ("dm-sst", "dmlt") for f in ("meetings.ics", "actions.ics", "meetings.atom")
        ]
        for name in names:
            assert (out(first) / name).read_bytes() == (out(second) / name).read_bytes(), name
        document = load_json(first)
        assert document["site"]["url"] == "https://minutes.example.org/dm/"
        assert all(a["url"].startswith("https://minutes.example.org/dm/minutes/") for a in document["actions"])
        assert events(out(first) / "actions.ics")
        for event in events(out(first) / "actions.ics"):
            assert str(event["URL"]).startswith("https://minutes.example.org/dm/minutes/")
            assert str(event["UID"]).endswith("@minutes.example.org")
        root = ET.parse(out(first) / "minutes.atom").getroot()
        assert root.find(f"{ATOM}id").text == "https://minutes.example.org/dm/minutes.atom"
    finally:
        first.cleanup()
        second.cleanup()


def test_exports_follow_an_edit(tmp_path: Path) -> None:
    """Closing an action in a rebuild takes it out of every calendar."""
    srcdir = copy_root("listings", tmp_path / "site")
    first = build(srcdir)
    first.cleanup()
    closed = "dm-sst-2022-06-06-2"  # Eric Bellm's one action with a due date
    assert any(closed in str(e["UID"]) for e in events(out(first) / "people/ebellm.ics"))
    meeting = srcdir / "minutes/dmlt/2022-07-12.md"
    meeting.write_text(meeting.read_text() + f"\n:::{{action-update}} {closed}\n:status: done\n:::\n")
    app = build(srcdir)
    try:
        assert not any(closed in str(e["UID"]) for e in events(out(app) / "actions.ics"))
        assert events(out(app) / "people/ebellm.ics") == []
        assert not any(closed in str(e["UID"]) for e in events(out(app) / "minutes/dm-sst/actions.ics"))
        action = next(a for a in load_json(app)["actions"] if a["id"] == closed)
        assert action["status"] == "done" and action["closed"] == "2022-07-12"
    finally:
        app.cleanup()


ZONES = ("America/New_York", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin", "America/Chicago")


def test_meetings_calendar_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Each ``sphinx-build`` is a new process with a new hash seed: a calendar of meetings in
    several time zones must not depend on it, or an incremental build differs from a clean one."""
    pages = {
        f"minutes/ops/2024-04-0{day}.md": f"# Ops {day}\n\n```{{meeting}}\n:date: 2024-04-0{day}\n"
        f":series: ops\n:time: 10:00-11:00\n:timezone: {zone}\n```\n"
        for day, zone in enumerate(ZONES, start=1)
    }
    site = copy_root("ops", tmp_path / "site", pages=pages)  # its index lists minutes/ops/*
    calendars = []
    for seed in ("1", "3", "7"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-E",
                "-b",
                "html",
                "-d",
                str(tmp_path / f"d{seed}"),
                str(site),
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        calendars.append((out / "meetings.ics").read_bytes())
    zones = re.findall(rb"TZID:([^\r\n]+)\r\n", calendars[0].split(b"BEGIN:VEVENT")[0])
    assert sorted(set(zones)) == sorted(z.encode() for z in ZONES)
    assert calendars[0] == calendars[1] == calendars[2]
