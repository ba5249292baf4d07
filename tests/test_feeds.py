"""Feeds and calendars per series (``minutes/<series>/``) and per person (``people/<id>.atom``).

Built from the listings root (two series, two people, open and closed actions) in the technote
look, whose sidebar holds the Subscribe links."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, copy_root

ATOM = "{http://www.w3.org/2005/Atom}"
PEOPLE = sorted(yaml.safe_load((ROOTS / "test-listings" / "people.yaml").read_text()))
TECHNOTE = 'html_theme = "technote"\n'
"""The look the Subscribe links are in (the roots are built with Sphinx's basic theme)."""
DMLT_INDEX = {"minutes/dmlt/index.md": "# DM Leadership Team\n\n:::{meeting-list}\n:series: dmlt\n:::\n"}
"""The root gives only DM-SST a series page."""
SERIES = ("dm-sst", "dmlt")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = SphinxTestApp(
        "html", srcdir=copy_root("listings", tmp_path_factory.mktemp("feeds") / "site", pages=DMLT_INDEX, conf=TECHNOTE)
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def actions(out: Path) -> list[dict]:
    return json.loads((out / "actions.json").read_text(encoding="utf-8"))["actions"]


def meeting_pages(out: Path, series: str) -> list[str]:
    return sorted(p.stem for p in (out / "minutes" / series).glob("20*.html"))


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}title").text and root.find(f"{ATOM}updated").text
    return root.findall(f"{ATOM}entry")


@pytest.mark.parametrize("series", SERIES)
def test_series_meetings_calendar_holds_the_series_meetings(out: Path, series: str) -> None:
    calendar = icalendar.Calendar.from_ical((out / "minutes" / series / "meetings.ics").read_bytes())
    found = list(calendar.walk("VEVENT"))
    assert sorted(str(e["DTSTART"].dt)[:10] for e in found) == meeting_pages(out, series)
    assert {str(c) for e in found for c in e["CATEGORIES"].cats} == {series}
    # The same UID as in the site-wide calendar: one meeting, one event, wherever it is subscribed.
    site = {str(e["UID"]) for e in icalendar.Calendar.from_ical((out / "meetings.ics").read_bytes()).walk("VEVENT")}
    assert {str(e["UID"]) for e in found} <= site


@pytest.mark.parametrize("series", SERIES)
def test_series_actions_calendar_holds_its_open_actions_with_a_due_date(out: Path, series: str) -> None:
    calendar = icalendar.Calendar.from_ical((out / "minutes" / series / "actions.ics").read_bytes())
    found = {re.fullmatch(r"action-(.+)@.+", str(e["UID"]))[1]: e for e in calendar.walk("VEVENT")}
    expected = {a["id"]: a for a in actions(out) if a["series"] == series and a["status"] == "open" and a["due"]}
    assert set(found) == set(expected) and found
    for action_id, event in found.items():
        assert event.decoded("DTSTART") == dt.date.fromisoformat(expected[action_id]["due"])


@pytest.mark.parametrize("series", SERIES)
def test_series_atom_feed_lists_its_meetings_newest_first(out: Path, series: str) -> None:
    found = entries(out / "minutes" / series / "meetings.atom")
    links = [e.find(f"{ATOM}link").get("href") for e in found]
    assert links == [f"minutes/{series}/{stem}.html" for stem in reversed(meeting_pages(out, series))]
    assert all((out / link).is_file() for link in links)


@pytest.mark.parametrize("person_id", PEOPLE)
def test_person_feed_holds_the_actions_assigned_to_them(out: Path, person_id: str) -> None:
    found = entries(out / "people" / f"{person_id}.atom")
    mine = {a["url"]: a for a in actions(out) if person_id in [o["id"] for o in a["owners"]]}
    links = [e.find(f"{ATOM}link").get("href") for e in found]
    assert sorted(links) == sorted(mine)
    for entry in found:
        action = mine[entry.find(f"{ATOM}link").get("href")]
        assert action["description"] in entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}category").get("term") == action["status"]
    updated = [e.find(f"{ATOM}updated").text for e in found]
    assert updated == sorted(updated, reverse=True)


def test_a_persons_feed_has_their_open_action_with_its_due_date(out: Path) -> None:
    found = entries(out / "people" / "kbechtol.atom")
    entry = next(e for e in found if e.find(f"{ATOM}link").get("href").endswith("#dmlt-2022-07-12-2"))
    assert entry.find(f"{ATOM}title").text.startswith("Draft the alert schema note")
    assert entry.find(f"{ATOM}summary").text.startswith("Open, due 2022-07-15.")


@pytest.mark.parametrize("series", SERIES)
def test_series_pages_link_and_name_their_feeds(out: Path, series: str) -> None:
    for name in [f"minutes/{series}/index.html", *(f"minutes/{series}/{s}.html" for s in meeting_pages(out, series))]:
        html = page(out, name)
        named = {link["href"]: link["type"] for link in html.select('head link[rel="alternate"]')}
        assert named == {
            "meetings.atom": "application/atom+xml",
            "meetings.ics": "text/calendar",
            "actions.ics": "text/calendar",
            "../../minutes.atom": "application/atom+xml",
        }, name
        linked = {a["href"] for a in html.select(".minutes-subscribe a[href]")}
        assert linked == {"meetings.atom", "meetings.ics", "actions.ics"}, name


def test_person_pages_link_and_name_their_feeds(out: Path) -> None:
    html = page(out, "people/kbechtol.html")
    named = {link["href"] for link in html.select('head link[rel="alternate"]')}
    assert named == {"kbechtol.atom", "kbechtol.ics", "../minutes.atom"}
    linked = {a["href"] for a in html.select("article a[href], main a[href], .minutes-person-links a[href]")}
    assert {"kbechtol.atom", "kbechtol.ics"} <= linked


def test_markdown_links_to_series_and_person_feeds_resolve(tmp_path: Path) -> None:
    extra = "\n[DM-SST feed](minutes/dm-sst/meetings.atom) [Keith's feed](people/kbechtol.atom)\n"
    srcdir = copy_root("listings", tmp_path / "site")
    (srcdir / "index.md").write_text((srcdir / "index.md").read_text() + extra)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "minutes/dm-sst/meetings.atom" not in app.warning.getvalue()
    hrefs = {a["href"] for a in page(Path(app.outdir), "index.html").select("a[href]")}
    assert {"minutes/dm-sst/meetings.atom", "people/kbechtol.atom"} <= hrefs
