"""A meeting's time is read once (``model.MeetingTime``): the panel, the agenda, meetings.ics
and the Atom feed agree, whether the note-taker wrote a hyphen or an en dash."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo
from pathlib import Path

import icalendar
import pytest

from conftest import build, copy_root, soup, warnings
from minutes.model import MeetingTime, parse_time

ATOM = "{http://www.w3.org/2005/Atom}"


def page(date: str, time: str) -> str:
    return (
        f"# Ops sync\n\n```{{meeting}}\n:date: {date}\n:time: {time}\n:timezone: America/Los_Angeles\n"
        f":participants: lguy\n```\n\n::::{{topic}} Cabling\n:time: {time}\n\nNotes.\n::::\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_app_module):
    pages = {
        "minutes/ops/2022-07-04.md": page("2022-07-04", "09:00\u201310:30"),
        "minutes/ops/2022-07-11.md": page("2022-07-11", "09:00-10:30"),
        "minutes/ops/2022-07-18.md": page("2022-07-18", "23:30-00:30"),
    }
    srcdir = copy_root("ops", tmp_path_factory.mktemp("time") / "site", pages=pages)
    return build(make_app_module, srcdir, freshenv=True)


@pytest.mark.parametrize("date", ["2022-07-04", "2022-07-11"], ids=["en-dash", "hyphen"])
def test_the_panel_and_the_agenda_show_the_time(site, date):
    assert "[minutes." not in warnings(site)
    html = soup(site, f"minutes/ops/{date}.html")
    assert html.select_one(".minutes-time").get_text(strip=True) == "09:00\u201310:30 PDT (America/Los_Angeles)"
    assert html.select_one(".minutes-topic-time").get_text(strip=True) == "09:00\u201310:30"
    agenda = html.select_one(".minutes-agenda-table tbody td").get_text(strip=True)
    assert agenda == "09:00\u201310:30"


@pytest.mark.parametrize("date", ["2022-07-04", "2022-07-11"], ids=["en-dash", "hyphen"])
def test_meetings_ics_and_the_feed_have_the_time(site, date):
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    day = dt.date.fromisoformat(date)
    start, end = dt.datetime.combine(day, dt.time(9), zone), dt.datetime.combine(day, dt.time(10, 30), zone)
    calendar = icalendar.Calendar.from_ical((Path(site.outdir) / "meetings.ics").read_bytes())
    event = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart").date() == day)
    assert event.decoded("dtstart") == start and event.decoded("dtend") == end
    root = ET.parse(Path(site.outdir) / "minutes.atom").getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry") if date in e.find(f"{ATOM}title").text)
    assert dt.datetime.fromisoformat(entry.find(f"{ATOM}published").text) == start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-10:00", MeetingTime(dt.time(9), dt.time(10))),
        ("9:00 \u2013 10:00", MeetingTime(dt.time(9), dt.time(10))),
        ("14:00", MeetingTime(dt.time(14))),
        ("24:00", None),
        ("09:60", None),
        ("9 to 10", None),
        ("09:00\u201410:00", None),  # an em dash is not a range
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


def test_the_last_hour_of_the_calendar_does_not_overflow():
    start, end = MeetingTime(dt.time(23, 30)).on(dt.date(9999, 12, 31))
    assert start <= end and end.date() == dt.date(9999, 12, 31)


def test_a_meeting_past_midnight_ends_the_next_day(site):
    """``23:30-00:30`` is an hour, not a zero-length event (red team R2)."""
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    start = dt.datetime(2022, 7, 18, 23, 30, tzinfo=zone)
    end = dt.datetime(2022, 7, 19, 0, 30, tzinfo=zone)
    calendar = icalendar.Calendar.from_ical((Path(site.outdir) / "meetings.ics").read_bytes())
    event = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart") == start)
    assert event.decoded("dtend") == end
    local = soup(site, "minutes/ops/2022-07-18.html").select_one(".minutes-local-time")
    assert dt.datetime.fromisoformat(local["data-start"]) == start
    assert dt.datetime.fromisoformat(local["data-end"]) == end
    assert MeetingTime(dt.time(23, 30), dt.time(0, 30)).on(dt.date(9999, 12, 31)) is not None
