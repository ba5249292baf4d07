"""Exports written when an HTML build finishes: the data, where readers already work.

- ``actions.json``: every action, its owners, due date, status, meeting and full history,
  validated by ``actions.schema.json`` (shipped beside it, versioned by ``schema_version``).
- ``actions.ics`` and ``people/<id>.ics``: open actions with a due date as all-day events,
  so a person can subscribe to their own deadlines (calendar apps show events from a
  subscription; few show to-dos).
- ``meetings.ics``: meetings at their time in their time zone (all-day when they give none).
- ``minutes.atom``: an Atom feed of meetings, newest first.

Exports never touch a node: they read ``MinutesDomain.view``, and what they show of an
action or decision (its description or the no-description fallback, owner names or
``Unassigned``, status, overdue, the meeting it came from) is its row from ``rows.py``, as
every listing's is. ``actions.json`` keeps the author's description as written (empty when
there is none): it is data for programs, not a label. Every file is sorted and
dated by ``minutes_today`` (never the clock), so two builds of one site write the same bytes.
Links are absolute under ``html_baseurl`` when it is set, else relative to the site root.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .domain import minutes_domain
from .freshness import (
    OutputStamps,
    digest,
    generated_output_is_current,
    mark_generated_output,
    remove_empty_folders,
)
from .model import ActionState, Decision, Meeting, Person, Status, slug
from .rows import ActionRow, action_row, decision_row, names, person_links

if TYPE_CHECKING:
    import icalendar
    from feedgen.feed import FeedGenerator
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import MinutesDomain
    from .people import PeopleRegistry
    from .view import MinutesView

SCHEMA = Path(__file__).parent / "schema" / "actions.schema.json"
SCHEMA_VERSION = "1.1"
"""Major changes break readers of actions.json; minor ones only add fields."""


class Site:
    """Where the site is: links to pages, absolute under ``html_baseurl`` when it is set."""

    def __init__(self, app: Sphinx) -> None:
        self.builder: Builder = app.builder
        base = (app.config.html_baseurl or "").strip()
        self.base = base.rstrip("/") + "/" if base else ""
        self.project = app.config.project
        self.host = urlsplit(self.base).hostname or slug(self.project)
        """The domain part of calendar UIDs: stable as long as the site's URL or name is."""

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, docname: str, anchor: str = "") -> str:
        uri = self.builder.get_target_uri(docname)
        return self.url(uri + (f"#{anchor}" if anchor else ""))

    def uid(self, kind: str, key: str) -> str:
        return f"{kind}-{slug(key)}@{self.host}"

    def atom_id(self, path: str) -> str:
        """An entry's or feed's permanent id: its address, or a tag URI without a base URL."""
        return self.url(path) if self.base else f"tag:{self.host},2022:{path}"


# -- actions.json ----------------------------------------------------------------------------


def person_json(name: str, registry: PeopleRegistry) -> dict[str, Any]:
    person = registry.people.get(name)
    return (
        {"id": person.id, "name": person.name, "known": True} if person else {"id": None, "name": name, "known": False}
    )


def iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def action_json(state: ActionState, view: MinutesView, registry: PeopleRegistry, site: Site) -> dict[str, Any]:
    action, row = state.action, action_row(state, view, registry)
    meeting = view.meeting_of(action.origin.docname)
    return {
        "id": action.id,
        "description": action.description,
        "status": row.status,
        "owners": [person_json(name, registry) for name in state.owners],
        "due": row.due or None,
        "overdue": row.overdue,
        "series": action.series,
        "created": iso(action.meeting_date),
        "closed": row.closed_on or None,
        "url": site.page(action.origin.docname, action.id),
        "meeting": {
            "title": row.meeting_title,
            "date": iso(meeting.date if meeting else action.meeting_date),
            "url": site.page(action.origin.docname),
        },
        "note": action.note,
        "initial": {
            "status": str(action.status),
            "due": iso(action.due),
            "owners": [person_json(name, registry) for name in action.owners],
        },
        "history": [
            {
                "date": iso(update.meeting_date),
                "status": str(update.status) if update.status else None,
                "due": iso(update.due),
                "owners": [person_json(n, registry) for n in update.owners] if update.owners is not None else None,
                "note": update.note,
                "url": site.page(update.origin.docname, update.anchor),
            }
            for update in state.history
        ],
        "problems": list(action.problems),
    }


def decision_json(decision: Decision, view: MinutesView, site: Site) -> dict[str, Any]:
    meeting = view.meeting_of(decision.origin.docname)
    return {
        "id": decision.id,
        "description": decision.description,
        "series": decision.series,
        "date": iso(decision.meeting_date),
        "url": site.page(decision.origin.docname, decision.id),
        "meeting": {
            "title": decision_row(decision, view).meeting_title,
            "date": iso(meeting.date if meeting else decision.meeting_date),
            "url": site.page(decision.origin.docname),
        },
        "note": decision.note,
        "problems": list(decision.problems),
    }


def meeting_json(meeting: Meeting, site: Site) -> dict[str, Any]:
    return {
        "page": meeting.docname,
        "title": meeting.title,
        "series": meeting.series,
        "date": iso(meeting.date),
        "url": site.page(meeting.docname),
    }


def actions_document(view: MinutesView, registry: PeopleRegistry, site: Site) -> dict[str, Any]:
    """The whole export; schema 1.1 added ``decisions`` and ``meetings`` (for ``minutes diff``)."""
    return {
        "$schema": site.url("actions.schema.json"),
        "schema_version": SCHEMA_VERSION,
        "site": {"title": site.project, "url": site.base or None},
        "today": view.today.isoformat(),
        "actions": [action_json(view.states[aid], view, registry, site) for aid in sorted(view.states)],
        "decisions": [decision_json(view.decisions[did], view, site) for did in sorted(view.decisions)],
        "meetings": [meeting_json(view.meetings[name], site) for name in sorted(view.meetings)],
    }


# -- iCalendar -------------------------------------------------------------------------------


def calendar(name: str, site: Site) -> icalendar.Calendar:
    import icalendar  # here, not above: a rebuild that leaves the exports current skips importing it

    cal = icalendar.Calendar()
    cal.add("prodid", f"-//minutes//{site.project}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


ZONE_YEARS = (1900, 2200)
"""The years over which meetings.ics describes its time zones' changes, at most."""


def next_day(date: dt.date) -> dt.date | None:
    """The day after ``date``; None after 9999-12-31, where Python's calendar ends."""
    return date + dt.timedelta(days=1) if date < dt.date.max else None


def stamp(view: MinutesView) -> dt.datetime:
    return dt.datetime.combine(view.today, dt.time(), dt.UTC)


def due_event(state: ActionState, view: MinutesView, registry: PeopleRegistry, site: Site) -> icalendar.Event:
    """An open action on its due date, an all-day event that does not block the day."""
    import icalendar

    assert state.due is not None
    action, row = state.action, action_row(state, view, registry)
    url = site.page(action.origin.docname, action.id)
    event = icalendar.Event()
    event.add("uid", site.uid("action", action.id))
    event.add("dtstamp", stamp(view))
    event.add("dtstart", state.due)
    end = next_day(state.due)
    if end is not None:  # an all-day event on the calendar's last day has no end (RFC 5545 3.6.1)
        event.add("dtend", end)
    event.add("summary", f"Due: {row.description}")
    event.add(
        "description",
        "\n".join(
            [
                f"Owners: {row.owner_names}",
                f"From: {row.meeting}",
                *([url] if site.base else []),
            ]
        ),
    )
    if site.base:
        event.add("url", url)
    event.add("categories", [action.series])
    event.add("transp", "TRANSPARENT")
    return event


def deadlines_calendar(
    name: str,
    states: list[ActionState],
    view: MinutesView,
    registry: PeopleRegistry,
    site: Site,
    serialized: dict[str, bytes] | None = None,
) -> bytes:
    """The open actions with a due date as a calendar.

    An action's event is the same in the site's calendar and in each owner's, so it is
    serialized once (``serialized``, by action id) and spliced into each calendar: icalendar's
    serializing was most of the exports' time.
    """
    serialized = {} if serialized is None else serialized
    events = []
    for state in sorted((s for s in states if s.due is not None), key=lambda s: (s.due, s.id)):
        if state.id not in serialized:
            serialized[state.id] = due_event(state, view, registry, site).to_ical()
        events.append(serialized[state.id])
    head, end, tail = calendar(name, site).to_ical().rpartition(b"END:VCALENDAR")
    return head + b"".join(events) + end + tail


def meeting_times(meeting: Meeting) -> tuple[dt.datetime, dt.datetime] | None:
    """Start and end in the meeting's time zone, or None when it gives no usable time."""
    if meeting.when is None or meeting.date is None:
        return None
    return meeting.when.on(meeting.date)


def meeting_event(meeting: Meeting, view: MinutesView, site: Site) -> icalendar.Event:
    """A meeting at its time in its time zone, all day when it gives no time."""
    import icalendar

    assert meeting.date is not None
    event = icalendar.Event()
    event.add("uid", site.uid("meeting", meeting.docname))
    event.add("dtstamp", stamp(view))
    times = meeting_times(meeting)
    if times:
        event.add("dtstart", times[0])
        event.add("dtend", times[1])
    else:
        event.add("dtstart", meeting.date)
        end = next_day(meeting.date)
        if end is not None:
            event.add("dtend", end)
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    if site.base:
        event.add("description", site.page(meeting.docname))
        event.add("url", site.page(meeting.docname))
    event.add("categories", [meeting.series])
    return event


def meetings_calendar(
    name: str,
    meetings: list[Meeting],
    view: MinutesView,
    site: Site,
    made: dict[str, tuple[icalendar.Event, bytes]] | None = None,
) -> bytes:
    """Meetings at their time in their time zone, all-day when they give no time.

    A meeting's event is the same in the site's calendar and in its series', so it is made
    and serialized once (``made``, by page) and spliced in after the calendar's time zones.
    """
    made = {} if made is None else made
    cal = calendar(name, site)
    dated = sorted((m for m in meetings if m.date is not None), key=lambda m: (m.date, m.docname))
    for meeting in dated:
        if meeting.docname not in made:
            event = meeting_event(meeting, view, site)
            made[meeting.docname] = (event, event.to_ical())
    events = [made[meeting.docname] for meeting in dated]
    if dated:
        cal.subcomponents[:] = [event for event, _ in events]  # the zones they use are added
        # Transitions only over the years the meetings span, not icalendar's default 1970-2038,
        # and never beyond 1900-2200: icalendar walks every year of the span, and a meeting
        # dated 0001-01-01 or 9999-12-31 would make that millennia (or overflow).
        first, last = dated[0].date, dated[-1].date
        assert first is not None and last is not None
        first_year = min(max(first.year, ZONE_YEARS[0]), ZONE_YEARS[1] - 1)
        last_year = max(min(last.year + 1, ZONE_YEARS[1]), first_year + 1)
        cal.add_missing_timezones(first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 1, 1))
        # icalendar adds the zones in the order of a set, which follows the process' hash seed.
        cal.subcomponents[:] = sorted(cal.timezones, key=lambda c: str(c["TZID"]))
    head, end, tail = cal.to_ical().rpartition(b"END:VCALENDAR")
    return head + b"".join(text for _, text in events) + end + tail


# -- Atom ------------------------------------------------------------------------------------


def meeting_summary(meeting: Meeting, view: MinutesView, domain: MinutesDomain, registry: PeopleRegistry) -> str:
    parts = [
        f"{domain.series_title(meeting.series)} meeting of {meeting.date.isoformat() if meeting.date else 'no date'}."
    ]
    topics = domain.topics(meeting.docname)
    if topics:
        parts.append("Topics: " + "; ".join(t.title for t in topics) + ".")
    actions, decisions = domain.actions_on(meeting.docname), domain.decisions_on(meeting.docname)
    if actions:
        parts.append(f"Actions: {len(actions)}.")
    if decisions:
        parts.append("Decisions: " + "; ".join(decision_row(d, view).description for d in decisions) + ".")
    if meeting.participants:
        parts.append("Participants: " + names(person_links(meeting.participants, registry)) + ".")
    return " ".join(parts)


def meeting_start(meeting: Meeting) -> dt.datetime:
    times = meeting_times(meeting)
    return times[0] if times else dt.datetime.combine(meeting.date or dt.date.min, dt.time(), dt.UTC)


def day_start(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), dt.UTC)


def new_feed(path: str, title: str, home: str, updated: dt.datetime, site: Site) -> FeedGenerator:
    """An Atom feed at ``path`` of the site, its alternate the HTML page ``home``."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(site.atom_id(path))
    feed.title(title)
    feed.author({"name": site.project})
    feed.link(href=site.url(path), rel="self", type="application/atom+xml")
    feed.link(href=site.page(home), rel="alternate", type="text/html")
    feed.language("en")
    feed.updated(updated)
    return feed


def meetings_feed(
    path: str,
    title: str,
    home: str,
    meetings: list[Meeting],
    view: MinutesView,
    domain: MinutesDomain,
    registry: PeopleRegistry,
    site: Site,
) -> bytes:
    """Meetings, newest first, each with its topics, actions, decisions and participants."""
    dated = [m for m in meetings if m.date is not None]
    dated.sort(key=lambda m: (m.date, m.docname), reverse=True)
    feed = new_feed(path, title, home, meeting_start(dated[0]) if dated else stamp(view), site)
    for meeting in reversed(dated):  # feedgen prepends: the newest ends up first
        entry = feed.add_entry()
        entry.id(site.atom_id(site.builder.get_target_uri(meeting.docname)))
        entry.title(meeting.label)
        entry.link(href=site.page(meeting.docname), rel="alternate", type="text/html")
        entry.published(meeting_start(meeting))
        entry.updated(meeting_start(meeting))
        entry.category(term=meeting.series, label=domain.series_title(meeting.series))
        entry.summary(meeting_summary(meeting, view, domain, registry))
    return feed.atom_str(pretty=True)


def last_changed(state: ActionState) -> dt.date:
    """The date of the meeting that last changed the action (or created it)."""
    dates = [u.meeting_date for u in state.history if u.meeting_date] + [state.action.meeting_date or dt.date.min]
    return max(dates)


def action_summary(state: ActionState, row: ActionRow, view: MinutesView) -> str:
    """A person feed's entry: the action's row as sentences, and its latest update's note."""
    parts = [row.status_label + (f", due {row.due}" if row.due else "") + "."]
    if row.overdue:
        parts.append(f"Overdue as of {view.today.isoformat()}.")
    parts.append(f"Owners: {row.owner_names}.")
    parts.append(f"From: {row.meeting}.")
    if state.history and state.history[-1].note:
        parts.append(f"Latest update: {state.history[-1].note}")
    return " ".join(parts)


def person_feed(person: Person, view: MinutesView, registry: PeopleRegistry, site: Site) -> bytes:
    """The actions assigned to one person, open and closed, the most recently changed first."""
    mine = [s for s in [*view.states.values(), *view.shadowed_states] if person.id in s.owners]
    mine.sort(key=lambda s: (last_changed(s), s.id, s.action.origin))
    path = f"people/{person.id}.atom"
    updated = day_start(last_changed(mine[-1])) if mine else stamp(view)
    feed = new_feed(path, f"{person.name}: actions ({site.project})", f"people/{person.id}", updated, site)
    for state in mine:  # oldest first: feedgen prepends
        action, row = state.action, action_row(state, view, registry)
        entry = feed.add_entry()
        entry.id(site.atom_id(site.builder.get_target_uri(action.origin.docname) + f"#{action.id}"))
        entry.title(f"{row.description} ({row.status})")
        entry.link(href=site.page(action.origin.docname, action.id), rel="alternate", type="text/html")
        entry.published(day_start(action.meeting_date or last_changed(state)))
        entry.updated(day_start(last_changed(state)))
        entry.category(term=row.status)
        entry.summary(action_summary(state, row, view))
    return feed.atom_str(pretty=True)


# -- writing ---------------------------------------------------------------------------------


SERIES_FILES = ("meetings.ics", "actions.ics", "meetings.atom")
"""What each series gets in ``minutes/<series>/``."""


def series_exports(series: str) -> list[str]:
    return [f"minutes/{series}/{name}" for name in SERIES_FILES]


def person_exports(person_id: str) -> list[str]:
    return [f"people/{person_id}.ics", f"people/{person_id}.atom"]


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """Every export, after a successful HTML build (not singlehtml: it has no page per meeting)."""
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    domain = minutes_domain(app.env)
    view, registry, site = domain.view, domain.people, Site(app)
    out = Path(app.outdir)
    files = [
        out / name for name in ("actions.json", "actions.schema.json", "actions.ics", "meetings.ics", "minutes.atom")
    ]
    per_series = [out / path for series in view.series() for path in series_exports(series)]
    per_person = [out / path for person in registry.with_pages() for path in person_exports(person.id)]
    if generated_output_is_current(app, "exports", [*files, *per_series, *per_person]):
        return
    stamps = OutputStamps(
        app, "exports", (view.today, site.base, sorted((p.id, p.name) for p in registry.people.values()))
    )
    document = actions_document(view, registry, site)
    (out / "actions.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copyfile(SCHEMA, out / "actions.schema.json")
    open_states = view.action_states(status=Status.OPEN)
    made = Made(view)
    if stamps.stale(out / "actions.ics", "actions.ics", made.deadline_inputs(open_states)):
        (out / "actions.ics").write_bytes(
            deadlines_calendar(f"{site.project}: open actions", open_states, view, registry, site, made.deadlines)
        )
    meetings = list(view.meetings.values())
    if stamps.stale(out / "meetings.ics", "meetings.ics", meetings):
        (out / "meetings.ics").write_bytes(
            meetings_calendar(f"{site.project}: meetings", meetings, view, site, made.meetings)
        )
    root = domain.env.config.root_doc
    if stamps.stale(out / "minutes.atom", "minutes.atom", (root, feed_inputs(meetings, view))):
        feed = meetings_feed("minutes.atom", f"{site.project}: meetings", root, meetings, view, domain, registry, site)
        (out / "minutes.atom").write_bytes(feed)
    write_series_exports(out, open_states, made, domain, site, stamps)
    write_person_exports(out, open_states, made, domain, site, stamps)
    stamps.save()
    mark_generated_output(app, "exports")


@dataclass
class Made:
    """What the site's, each series' and each person's exports share, made once per build: an
    action's deadline event and a meeting's event, serialized (by id and by page), and the
    digest of what an export shows of each action (``OutputStamps`` hashes their lists)."""

    view: MinutesView
    deadlines: dict[str, bytes] = field(default_factory=dict)
    meetings: dict[str, tuple[icalendar.Event, bytes]] = field(default_factory=dict)
    digests: dict[tuple[str, int], str] = field(default_factory=dict)
    """By kind and the state's identity: the view, which holds every state, outlives this."""

    def deadline_inputs(self, states: list[ActionState]) -> list[str]:
        """What a deadlines calendar shows of its actions: each event and the meeting it names."""
        return [self.digest("deadline", s) for s in states if s.due]

    def feed_inputs(self, states: list[ActionState]) -> list[str]:
        """What a person's feed shows of their actions: each state and the meeting it names."""
        return [self.digest("feed", s) for s in states]

    def digest(self, kind: str, state: ActionState) -> str:
        key = (kind, id(state))
        value = self.digests.get(key)
        if value is None:
            meeting = self.view.meeting_of(state.action.origin.docname)
            shown = (state.action, state.status, state.due, state.owners) if kind == "deadline" else (state,)
            value = self.digests[key] = digest((*shown, meeting))
        return value


def feed_inputs(meetings: list[Meeting], view: MinutesView) -> list[object]:
    """What a meetings feed shows: each meeting, its topics, actions, decisions, its series' title."""
    return [
        (
            m,
            view.topics_on(m.docname),
            len(view.actions_on(m.docname)),
            view.decisions_on(m.docname),
            view.series_title(m.series),
        )
        for m in sorted(meetings, key=lambda m: m.docname)
    ]


def write_series_exports(
    out: Path,
    open_states: list[ActionState],
    made: Made,
    domain: MinutesDomain,
    site: Site,
    stamps: OutputStamps,
) -> None:
    """``minutes/<series>/``: its meetings as a calendar and a feed, its open actions' deadlines."""
    view, registry = domain.view, domain.people
    for series in view.series():
        folder = out / "minutes" / series
        folder.mkdir(parents=True, exist_ok=True)
        title = domain.series_title(series)
        meetings = [m for m in view.meetings.values() if m.series == series]
        mine = [s for s in open_states if s.action.series == series]
        if stamps.stale(folder / "meetings.ics", f"minutes/{series}/meetings.ics", (title, meetings)):
            (folder / "meetings.ics").write_bytes(
                meetings_calendar(f"{title}: meetings", meetings, view, site, made.meetings)
            )
        if stamps.stale(folder / "actions.ics", f"minutes/{series}/actions.ics", (title, made.deadline_inputs(mine))):
            (folder / "actions.ics").write_bytes(
                deadlines_calendar(f"{title}: open actions", mine, view, registry, site, made.deadlines)
            )
        home = f"minutes/{series}/index" if f"minutes/{series}/index" in domain.env.found_docs else "index"
        if stamps.stale(
            folder / "meetings.atom", f"minutes/{series}/meetings.atom", (home, feed_inputs(meetings, view))
        ):
            feed = meetings_feed(
                f"minutes/{series}/meetings.atom", f"{title}: meetings", home, meetings, view, domain, registry, site
            )
            (folder / "meetings.atom").write_bytes(feed)
    kept = set(view.series())
    for stale in (out / "minutes").glob("*/*"):
        if stale.name in SERIES_FILES and stale.parent.name not in kept:
            stale.unlink()
            remove_empty_folders(stale.parent, out)


def write_person_exports(
    out: Path,
    open_states: list[ActionState],
    made: Made,
    domain: MinutesDomain,
    site: Site,
    stamps: OutputStamps,
) -> None:
    """``people/<id>.ics`` (their open deadlines) and ``people/<id>.atom`` (their actions)."""
    view, registry = domain.view, domain.people
    people_dir = out / "people"
    people_dir.mkdir(exist_ok=True)
    for person in registry.with_pages():
        mine = [s for s in open_states if person.id in s.owners]
        calendar_file, feed_file = people_dir / f"{person.id}.ics", people_dir / f"{person.id}.atom"
        if stamps.stale(calendar_file, f"people/{person.id}.ics", (person, made.deadline_inputs(mine))):
            calendar_file.write_bytes(
                deadlines_calendar(
                    f"{person.name}: open actions ({site.project})", mine, view, registry, site, made.deadlines
                )
            )
        theirs = [s for s in [*view.states.values(), *view.shadowed_states] if person.id in s.owners]
        shown = made.feed_inputs(sorted(theirs, key=lambda s: s.action.origin))
        if stamps.stale(feed_file, f"people/{person.id}.atom", (person, shown)):
            feed_file.write_bytes(person_feed(person, view, registry, site))
    for stale in [*people_dir.glob("*.ics"), *people_dir.glob("*.atom")]:
        if stale.stem not in registry or not registry.people[stale.stem].has_page:
            stale.unlink()


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", write_exports)
