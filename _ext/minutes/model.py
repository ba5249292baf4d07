"""The minutes domain model: meetings, topics, actions, updates, decisions, people.

Plain typed Python with no docutils or Sphinx in it, so that checks, exports, the
importer and tests can build and use these records directly.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, TypeVar

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
PERSON_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
SERIES_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
"""A series names a folder (``minutes/<series>/``) and its feeds: letters, digits, ``-`` and
``_``; no dots, slashes or spaces. The one rule for a meeting's ``:series:`` and folder,
``minutes new``, ``minutes init --series`` and the importer's ``--series``/``--series-map``."""
MEETING_STEM = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<suffix>[A-Za-z0-9][A-Za-z0-9_-]*))?\Z")


class Status(StrEnum):
    """The state of an action, as the format spells it."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, order=True)
class Origin:
    """Where something was written: the page (Sphinx docname) and the line."""

    docname: str
    lineno: int = 0


SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\s\x00-\x1f\x7f-\x9f\u2028\u2029]+\Z", re.IGNORECASE)
"""The only links outside text may carry: http, https and mailto, with nothing a browser would
strip or reinterpret (whitespace, control characters) anywhere in them."""
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def is_safe_link(text: str) -> bool:
    return SAFE_LINK.match(text) is not None


def looks_like_link(text: str) -> bool:
    """Whether ``text`` names a scheme (``javascript:``, ``file:``, ``https:``): a link, safe or not."""
    return SCHEME.match(re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", "", text)) is not None


def split_materials(text: str) -> tuple[str, ...]:
    """``:materials:`` entries: split at a comma followed by a space, or at a line's end, so a
    comma inside an address (``?q=a,b``) stays in it; an entry of several space-separated
    links (as the importer writes them) is those links. Anything else is kept as written."""
    entries: list[str] = []
    for part in re.split(r",\s+|\n", text):
        part = part.strip().removesuffix(",").strip()
        tokens = part.split()
        if len(tokens) > 1 and all(SAFE_LINK.match(token) for token in tokens):
            entries += tokens
        elif part:
            entries.append(part)
    return tuple(entries)


MARKDOWN_LINK = re.compile(r"\[(?P<label>[^\[\]]+)\]\((?P<url>[^()\s]+)\)\Z|<(?P<bare>[^<>\s]+)>\Z")
"""A material written as a Markdown link, ``[Slides](https://...)`` or ``<https://...>``."""


def material_link(entry: str) -> tuple[str, str | None]:
    """(text shown, address or None) of one ``:materials:`` entry."""
    match = MARKDOWN_LINK.match(entry)
    if match and match["bare"]:
        return match["bare"], match["bare"]
    if match:
        return match["label"], match["url"]
    # "Notes: see the wiki" is words; "https://exa mple.org" is a broken address, warned.
    address = looks_like_link(entry) and (" " not in entry or re.match(r"(?:https?|mailto):", entry, re.I))
    return entry, entry if address else None


LINE_BREAKING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters and line separators (vertical tab, form feed, U+0085, U+2028, U+2029):
Python, docutils and calendar readers break lines at some of them, XML forbids others."""


def one_line(text: str) -> str:
    """Text from outside (a name, a title) on one line: line breaks, control characters and
    runs of spaces become one space; nothing else changes."""
    return " ".join(LINE_BREAKING.sub(" ", text).split())


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    initials: str | None = None
    aliases: tuple[str, ...] = ()
    url: str | None = None
    """As written in people.yaml; ``link`` is what may be linked."""

    @property
    def has_page(self) -> bool:
        """Whether the id may name a file and a link (``people/<id>.html``): an id that fails
        the id pattern could point outside the site, and ``index`` is the people index."""
        return PERSON_ID_PATTERN.match(self.id) is not None and self.id != "index"

    @property
    def link(self) -> str | None:
        """``url`` when it is an http, https or mailto link; None otherwise (shown as text)."""
        return self.url if self.url and is_safe_link(self.url) else None


TIME_PATTERN = re.compile(r"([0-9]{1,2}):([0-9]{2})(?:\s*[-\u2013]\s*([0-9]{1,2}):([0-9]{2}))?\Z")
"""A time as it can be read: ``9:00``, ``09:00 - 10:00`` too, so that a page written so still
shows its time; ``TIME_SPELLING`` is how FORMAT writes it, and anything else is warned."""
TIME_SPELLING = re.compile(r"[0-9]{2}:[0-9]{2}(?:[-\u2013][0-9]{2}:[0-9]{2})?\Z")
"""FORMAT's ``HH:MM`` or ``HH:MM-HH:MM``: two digits each, a hyphen or an en dash between."""


@dataclass(frozen=True)
class MeetingTime:
    """A meeting's (or a topic's) time, read once from ``:time:``, with the time zone it is
    in: the panel, the agenda, the calendars and the feed all take it from here, so they
    cannot disagree about what ``09:00–10:00`` means."""

    start: dt.time
    end: dt.time | None = None
    zone: str = "UTC"

    @property
    def text(self) -> str:
        """``09:00–10:00``: as the page shows it, with an en dash."""
        start = f"{self.start:%H:%M}"
        return f"{start}\u2013{self.end:%H:%M}" if self.end else start

    def on(self, date: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Start and end on ``date`` in the time zone (an hour when no end is given; an end
        before the start is the next day's, as in ``23:30-00:30``); None when the zone is
        unknown to this machine."""
        try:
            zone = zoneinfo.ZoneInfo(self.zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            return None
        start = dt.datetime.combine(date, self.start, zone)
        if self.end is not None:
            end = dt.datetime.combine(date, self.end, zone)
            if end < start:
                try:
                    end = dt.datetime.combine(date + dt.timedelta(days=1), self.end, zone)
                except OverflowError:  # past midnight of 9999-12-31
                    end = dt.datetime.combine(date, dt.time.max.replace(microsecond=0), zone)
        else:
            try:
                end = start + dt.timedelta(hours=1)
            except OverflowError:  # the last hour of 9999-12-31
                end = dt.datetime.combine(date, dt.time.max.replace(microsecond=0), zone)
        return start, max(start, end)

    def in_utc(self, date: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """``on(date)`` as UTC instants; None where UTC leaves the calendar (0001-01-01 east
        of Greenwich, 9999-12-31 west of it) or the zone is unknown."""
        times = self.on(date)
        if times is None:
            return None
        try:
            return times[0].astimezone(dt.UTC), times[1].astimezone(dt.UTC)
        except OverflowError:
            return None

    @property
    def spelling(self) -> str:
        """``09:00-10:00``: as FORMAT spells it, for a hint."""
        start = f"{self.start:%H:%M}"
        return f"{start}-{self.end:%H:%M}" if self.end else start

    def clock_problem(self, date: dt.date) -> str | None:
        """Why the start or end is no one time on ``date`` in the zone, or None: a time the clocks
        skip when they go forward (``02:30`` in Berlin on 2024-03-31) or show twice when they go
        back (``02:30`` on 2024-10-27), with what is read instead."""
        times = self.on(date)
        if times is None:
            return None
        for part, local in (("the start", times[0]), ("the end", times[1])):
            zone = local.tzinfo
            first, second = local.replace(fold=0), local.replace(fold=1)
            if first.utcoffset() == second.utcoffset():
                continue
            try:
                shown = first.astimezone(dt.UTC).astimezone(zone)
            except OverflowError:
                return None
            at = f"{local:%H:%M} ({part}) on {local:%Y-%m-%d} in {self.zone}"
            if shown.replace(tzinfo=None) != first.replace(tzinfo=None):
                return (
                    f"{at} is a time the clocks skip ({first.tzname()} to {second.tzname()}), so it is read as "
                    f"{shown:%H:%M} {shown.tzname()}; write the time the clocks showed, or the time in UTC "
                    "with the meeting's ':timezone: UTC'"
                )
            return (
                f"{at} comes twice, the clocks going back ({first.tzname()}, then {second.tzname()}), so it is "
                f"read as the first, {first:%H:%M} {first.tzname()}; to mean the second, write the time in UTC "
                "with the meeting's ':timezone: UTC'"
            )
        return None

    def abbreviation(self, date: dt.date) -> str:
        """The zone's abbreviation on that date (PDT or PST), '' when it has none of its own."""
        times = self.on(date)
        name = times[0].tzname() if times else None
        return name if name and name != self.zone and not name.startswith(("+", "-")) else ""


def parse_time(text: str, zone: str = "UTC") -> MeetingTime | None:
    """The time written in ``:time:``, or None when it cannot be read as one (``time_spelling``
    says whether it is written as FORMAT spells it)."""
    match = TIME_PATTERN.match(text.strip())
    if not match:
        return None
    try:
        start = dt.time(int(match[1]), int(match[2]))
        end = dt.time(int(match[3]), int(match[4])) if match[3] else None
    except ValueError:  # 25:00, 09:60
        return None
    return MeetingTime(start, end, zone)


def time_spelling(text: str) -> bool:
    """Whether ``:time:`` is written as FORMAT spells it: ``HH:MM`` or ``HH:MM-HH:MM``."""
    return TIME_SPELLING.match(text.strip()) is not None


@dataclass(frozen=True)
class Meeting:
    """One meeting page; ``date`` is None when the page gives no usable date."""

    docname: str
    title: str
    series: str
    date: dt.date | None
    time: str | None = None
    timezone: str | None = None
    location: str | None = None
    participants: tuple[str, ...] = ()
    regrets: tuple[str, ...] = ()
    moderator: tuple[str, ...] = ()
    notetaker: tuple[str, ...] = ()
    lineno: int = 0
    when: MeetingTime | None = None
    """``time`` as read, in ``timezone``; None when the page gives no time or an unreadable one."""

    @property
    def label(self) -> str:
        """How tables name the meeting: its date and its title, as the wiki's task report did."""
        return f"{self.date.isoformat()} {self.title}" if self.date else self.title


@dataclass(frozen=True)
class Topic:
    """An agenda item; ``anchor`` is the id of its section on the meeting page."""

    title: str
    anchor: str
    origin: Origin
    time: str | None = None
    lead: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    when: MeetingTime | None = None
    """``time`` as read, in the meeting's time zone."""


@dataclass(frozen=True)
class Action:
    """An action as written in the meeting that created it (before any update).

    ``owners`` holds person ids where the registry knew the name, else the text as
    written, so that nothing the author wrote is lost.
    """

    id: str
    description: str
    owners: tuple[str, ...]
    origin: Origin
    series: str
    meeting_date: dt.date | None = None
    due: dt.date | None = None
    status: Status = Status.OPEN
    note: str = ""
    topic: str | None = None
    problems: tuple[str, ...] = ()
    """Subtypes of the problems found in what the author wrote, so listings can flag it."""
    refs: tuple[tuple[int, str], ...] = ()
    """Where the description holds an ``{action-ref}``'s id (offset, id): the view puts the
    action's description there, as the page shows it."""


@dataclass(frozen=True)
class ActionUpdate:
    """A later meeting's change to an action; fields left None are unchanged."""

    action_id: str
    origin: Origin
    meeting_date: dt.date | None = None
    status: Status | None = None
    due: dt.date | None = None
    owners: tuple[str, ...] | None = None
    note: str = ""
    anchor: str = ""
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    id: str
    description: str
    origin: Origin
    series: str
    meeting_date: dt.date | None = None
    note: str = ""
    topic: str | None = None
    problems: tuple[str, ...] = ()
    refs: tuple[tuple[int, str], ...] = ()
    """As for an action."""


@dataclass(frozen=True)
class Listing:
    """A listing directive on a page (``action-table``, ``meeting-list``, ...) and its checked
    options, so the build knows which listing pages an edit changes."""

    kind: str
    options: tuple[tuple[str, Any], ...] = ()
    lineno: int = 0
    """The line of its ``:series:``, where an unknown series is warned."""


@dataclass(frozen=True)
class ActionState:
    """An action as it stands after every update, with its dated history."""

    action: Action
    status: Status
    due: dt.date | None
    owners: tuple[str, ...]
    history: tuple[ActionUpdate, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.action.id

    def is_overdue(self, today: dt.date) -> bool:
        return self.status is Status.OPEN and self.due is not None and self.due < today

    @property
    def closed_on(self) -> dt.date | None:
        """The meeting date of the update that closed the action, if one did."""
        if self.status is Status.OPEN:
            return None
        for update in reversed(self.history):
            if update.status is not None:
                return update.meeting_date
        return self.action.meeting_date


RecordT = TypeVar("RecordT", Action, Decision)


def with_references_read(record: RecordT, actions: Mapping[str, Action]) -> RecordT:
    """The record with each ``{action-ref}`` in its description read as the action's own
    description (from ``actions`` as written, so one reference never leads to another)."""
    text = record.description
    for at, target in sorted(record.refs, reverse=True):
        meant = actions.get(target)
        if meant is not None and meant.description and text[at : at + len(target)] == target:
            text = text[:at] + meant.description + text[at + len(target) :]
    return record if text == record.description else replace(record, description=text)


def _update_order(update: ActionUpdate) -> tuple[dt.date, str, int]:
    return (update.meeting_date or dt.date.min, update.origin.docname, update.origin.lineno)


def action_state(action: Action, updates: Iterable[ActionUpdate] = ()) -> ActionState:
    """Apply updates in meeting-date order: the latest update by meeting date wins."""
    history = tuple(sorted((u for u in updates if u.action_id == action.id), key=_update_order))
    status, due, owners = action.status, action.due, action.owners
    for update in history:
        if update.status is not None:
            status = update.status
        if update.due is not None:
            due = update.due
        if update.owners is not None:
            owners = update.owners
    return ActionState(action=action, status=status, due=due, owners=owners, history=history)


def parse_date(text: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None: the format accepts no other spelling."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_status(text: str) -> Status | None:
    try:
        return Status(text.strip().lower())
    except ValueError:
        return None


UNASSIGNED = "unassigned"
"""What ``:owner:`` says when nobody owns an action yet, on purpose (FORMAT v1.1)."""
UNASSIGNED_LABEL = "Unassigned"
"""How an action with no owner is shown wherever its owners would be."""


def is_unassigned(name: str) -> bool:
    return name.strip().casefold() == UNASSIGNED


def split_people(text: str) -> tuple[str, ...]:
    """People listed in an option: comma-separated (or one a line), blanks dropped."""
    return tuple(part.strip() for part in re.split(r"[,\n;]", text) if part.strip())


def meeting_stem(docname: str) -> tuple[dt.date | None, str]:
    """The date in a meeting's file name, and the file name's stem."""
    stem = docname.rsplit("/", 1)[-1]
    match = MEETING_STEM.match(stem)
    return (parse_date(match["date"]) if match else None), stem


def series_of(docname: str) -> str:
    """The series a page belongs to by its place: the folder under ``minutes/``."""
    parts = docname.split("/")
    if len(parts) >= 3 and parts[0] == "minutes":
        return parts[1]
    return parts[-2] if len(parts) >= 2 else ""


def default_action_id(series: str, stem: str, n: int) -> str:
    """``<series>-<date>-<n>``, n counting the page's actions from 1."""
    return slug(f"{series}-{stem}-{n}")


def default_decision_id(series: str, stem: str, n: int) -> str:
    """Decisions count on their own, after a ``d`` so they never take an action's id."""
    return slug(f"{series}-{stem}-d{n}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


SERIES_RULE = "letters, digits, '-' and '_', starting with a letter or digit"


def series_problem(series: str) -> str | None:
    """Why ``series`` cannot name a series, with one that can; None when it can."""
    if SERIES_PATTERN.match(series):
        return None
    return (
        f"series {series!r} is not a plain name ({SERIES_RULE}: it names the folder minutes/<series>/ and "
        f"its feeds); write e.g. {slug(series)!r}"
    )


def search_anchor(kind: str, record_id: str) -> str:
    """The second id of an action's or decision's box, which Sphinx's search links to."""
    return f"minutes-{kind}-{record_id}"
