"""What each listing row shows: the ONLY place that decides columns, labels and marks.

An action, meeting, decision or series row is a frozen record of what a reader sees: its
cells (each a few ``Part``s: text, a marked span, a link, a person), the row's classes and
its ``data-`` attributes. Every output is drawn from these rows: the HTML tables (the
``minutes/_macros.html`` macros), the docutils tables other builders get, the person pages,
the exports' labels and the freshness digest, which hashes the rows a listing shows and so
cannot drift from them. A new column is one header and one cell here; the templates draw
whatever cells a row has.

No Sphinx here: rows are made from ``view`` and ``model`` records and a people registry.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from .model import UNASSIGNED_LABEL, ActionState, Decision, Meeting, Status, Topic, slug

if TYPE_CHECKING:
    from .people import PeopleRegistry
    from .view import MinutesView


# -- the parts a cell is made of -------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class Span:
    """Text with a meaning a stylesheet shows: a badge, a due date."""

    text: str
    classes: tuple[str, ...]
    kind: Literal["span"] = "span"


@dataclass(frozen=True)
class Link:
    """A link to a page of the site (a docname), at an anchor when one is given."""

    text: str
    docname: str
    anchor: str = ""
    kind: Literal["link"] = "link"


@dataclass(frozen=True)
class PersonLink:
    """A person as a page shows them: linked to their page when the registry knows them."""

    id: str
    name: str
    known: bool
    kind: Literal["person"] = "person"


Part = Text | Span | Link | PersonLink
Cell = tuple[Part, ...]


def badge(status: Status | str) -> Span:
    return Span(str(status), ("minutes-badge", "minutes-status", f"minutes-status-{status}"))


OVERDUE = Span("overdue", ("minutes-badge", "minutes-overdue"))
NEEDS_FIXING = Span("needs fixing", ("minutes-badge", "minutes-problem"))
UNASSIGNED = Span(UNASSIGNED_LABEL, ("minutes-unassigned",))
"""Where the owners would be when nobody owns the action (``:owner: unassigned``)."""


def no_description(record_id: str) -> str:
    """What a row shows for an action or decision written without text."""
    return f"({record_id}: no description)"


def person_links(names: Sequence[str], registry: PeopleRegistry) -> tuple[PersonLink, ...]:
    links = []
    for name in names:
        person = registry.people.get(name)
        links.append(PersonLink(name, person.name, person.has_page) if person else PersonLink(name, name, False))
    return tuple(links)


def names(people: Sequence[PersonLink], none: str = "") -> str:
    """People as plain text (calendars, feeds): their names, or ``none`` when there are none."""
    return ", ".join(person.name for person in people) or none


def people_cell(people: Sequence[PersonLink]) -> Cell:
    parts: list[Part] = []
    for i, person in enumerate(people):
        if i:
            parts.append(Text(", "))
        parts.append(person)
    return tuple(parts)


def joined(parts: Sequence[Part], separator: str = ", ") -> Cell:
    result: list[Part] = []
    for i, part in enumerate(parts):
        if i:
            result.append(Text(separator))
        result.append(part)
    return tuple(result)


# -- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """One action as a listing shows it, after its updates."""

    id: str
    description: str
    """The action's text, or ``no_description``'s fallback."""
    status: str
    due: str
    overdue: bool
    closed_on: str
    owners: tuple[PersonLink, ...]
    series: str
    """The series as a CSS class part (``minutes-series-<series>``)."""
    docname: str
    meeting: str
    """The meeting's label: its date and title."""
    meeting_title: str = ""
    """The meeting's title alone (the page's name when it is not a meeting)."""
    needs_fixing: bool = False
    overdue_only: bool = False
    """In an ``:overdue:`` listing, which holds every open action with a due date: shown while
    overdue, hidden until the reader's date makes it so (``minutes-dates.js``)."""

    HEADERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "": ("Description", "Due date", "Assignee", "Task appears on"),
        "closed": ("Description", "Closed", "Assignee", "Task appears on"),
    }
    """The wiki task report's columns; a person's closed actions show when they closed."""

    def headers(self, variant: str = "") -> tuple[str, ...]:
        return self.HEADERS[variant]

    def cells(self, variant: str = "") -> tuple[Cell, ...]:
        closed = variant == "closed"
        description: list[Part] = [] if self.status == Status.OPEN else [badge(self.status), Text(" ")]
        description.append(Link(self.description, self.docname, self.id))
        if self.needs_fixing:
            description += [Text(" "), NEEDS_FIXING]
        when: Cell
        if closed:
            when = (Text(self.closed_on),) if self.closed_on else ()
        elif self.due:
            when = (
                (Span(self.due, ("minutes-due",)), Text(" "), OVERDUE)
                if self.overdue
                else (Span(self.due, ("minutes-due",)),)
            )
        else:
            when = ()
        return (
            tuple(description),
            when,
            people_cell(self.owners) or (UNASSIGNED,),
            (Link(self.meeting, self.docname, self.id),),
        )

    @property
    def owner_names(self) -> str:
        """The owners as plain text, ``Unassigned`` when nobody owns it (calendars, feeds)."""
        return names(self.owners, UNASSIGNED_LABEL)

    @property
    def status_label(self) -> str:
        """The status as a sentence starts it: ``Open``, ``Done``."""
        return self.status.capitalize()

    @property
    def classes(self) -> tuple[str, ...]:
        marks: tuple[str, ...] = ("minutes-overdue",) if self.overdue else ()
        marks += ("minutes-overdue-only",) if self.overdue_only else ()
        return ("minutes-action-row", f"minutes-status-{self.status}", f"minutes-series-{self.series}", *marks)

    @property
    def hidden(self) -> bool:
        """Left out of the page as built (an ``:overdue:`` listing's action not yet overdue)."""
        return self.overdue_only and not self.overdue

    @property
    def data(self) -> tuple[tuple[str, str], ...]:
        """The ``data-`` attributes the table script reads (sorting, a reader's own today)."""
        return (("status", self.status), ("due", self.due)) if self.due else (("status", self.status),)


def action_row(
    state: ActionState, view: MinutesView, registry: PeopleRegistry, overdue_only: bool = False
) -> ActionRow:
    """The action's row, made once per view (``view.answers``): the listings, each owner's
    page, the exports and their feeds all show it."""
    key = ("action-row", id(state), overdue_only)
    kept = view.answers.get(key)
    if not (isinstance(kept, tuple) and kept[0] is state and kept[1] is registry):
        kept = view.answers[key] = (state, registry, make_action_row(state, view, registry, overdue_only))
    row: ActionRow = kept[2]
    return row


def make_action_row(state: ActionState, view: MinutesView, registry: PeopleRegistry, overdue_only: bool) -> ActionRow:
    action = state.action
    meeting = view.meeting_of(action.origin.docname)
    closed_on = state.closed_on
    return ActionRow(
        id=action.id,
        description=action.description or no_description(action.id),
        status=str(state.status),
        due=state.due.isoformat() if state.due else "",
        overdue=state.is_overdue(view.today),
        closed_on=closed_on.isoformat() if closed_on else "",
        owners=person_links(state.owners, registry),
        series=slug(action.series),
        docname=action.origin.docname,
        meeting=meeting.label if meeting else action.origin.docname,
        meeting_title=meeting.title if meeting else action.origin.docname,
        needs_fixing=bool(action.problems) or view.is_shadowed(state),
        overdue_only=overdue_only,
    )


GroupBy = Literal["owner", "series", "meeting"]


@dataclass(frozen=True)
class ActionGroup:
    """A heading over the rows of one owner, series or meeting (``:group-by:``)."""

    heading: Cell
    rows: tuple[ActionRow, ...]


def action_groups(
    states: Sequence[ActionState],
    group_by: str,
    view: MinutesView,
    registry: PeopleRegistry,
    overdue_only: bool = False,
) -> list[ActionGroup]:
    """Rows under a heading per owner (by name, no owner last), series (by id) or meeting
    (newest first)."""
    groups: dict[tuple[object, ...], list[ActionState]] = defaultdict(list)
    for state in states:
        if group_by == "owner":
            for owner in state.owners or ("",):
                groups[(owner,)].append(state)
        elif group_by == "series":
            groups[(state.action.series,)].append(state)
        else:
            groups[(state.action.meeting_date or dt.date.min, state.action.origin.docname)].append(state)
    heading: Callable[[tuple[object, ...]], Cell]
    if group_by == "owner":
        order = sorted(groups, key=lambda k: (k[0] == "", registry.name(str(k[0])).casefold(), k[0]))

        def heading(key: tuple[object, ...]) -> Cell:
            return person_links((str(key[0]),), registry) if key[0] else (UNASSIGNED,)

    elif group_by == "series":
        order = sorted(groups, key=lambda k: str(k[0]))

        def heading(key: tuple[object, ...]) -> Cell:
            return (Text(view.series_title(str(key[0]))),)

    else:
        order = sorted(groups, key=lambda k: (str(k[0]), str(k[1])), reverse=True)

        def heading(key: tuple[object, ...]) -> Cell:
            docname = str(key[1])
            meeting = view.meeting_of(docname)
            return (Link(meeting.label if meeting else docname, docname),)

    return [
        ActionGroup(heading(key), tuple(action_row(s, view, registry, overdue_only) for s in groups[key]))
        for key in order
    ]


# -- meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the meeting lists and the person pages show it."""

    docname: str
    date: str
    title: str
    series: str
    actions: str = ""
    """How many actions it wrote and how many are still open, e.g. ``3 (1 open)``."""
    decisions: str = ""
    roles: tuple[str, ...] = ()
    """How a person took part: participant, moderator, note taker, regrets."""

    HEADERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "": ("Date", "Meeting", "Actions", "Decisions"),
        "attended": ("Date", "Meeting", "Role"),
    }
    classes: ClassVar[tuple[str, ...]] = ("minutes-meeting-row",)
    data: ClassVar[tuple[tuple[str, str], ...]] = ()

    def headers(self, variant: str = "") -> tuple[str, ...]:
        return self.HEADERS[variant]

    def cells(self, variant: str = "") -> tuple[Cell, ...]:
        """A meeting list's row, or (``attended``) a person page's, with their roles."""
        date, title = (Text(self.date),), (Link(self.title, self.docname),)
        if variant == "attended":
            return (date, title, (Text(", ".join(self.roles)),))
        return (date, title, (Text(self.actions),), (Text(self.decisions),))


def meeting_row(meeting: Meeting, view: MinutesView, roles: tuple[str, ...] = ()) -> MeetingRow:
    actions = len(view.actions_on(meeting.docname))
    decisions = len(view.decisions_on(meeting.docname))
    return MeetingRow(
        docname=meeting.docname,
        date=meeting.date.isoformat() if meeting.date else "",
        title=meeting.title,
        series=meeting.series,
        actions=f"{actions} ({view.open_actions_by_page[meeting.docname]} open)" if actions else "",
        decisions=str(decisions) if decisions else "",
        roles=roles,
    )


def meeting_rows(view: MinutesView, series: str | None = None, limit: int | None = None) -> list[MeetingRow]:
    """A ``meeting-list``: newest first, the latest ``limit`` of them when one is given."""
    return [meeting_row(m, view) for m in view.meetings_newest_first(series)[: limit or None]]


def attended_rows(view: MinutesView, person: str) -> list[MeetingRow]:
    """The meetings a person's page lists, newest first, with the roles they had."""
    return [meeting_row(meeting, view, roles) for meeting, roles in view.meetings_with(person)]


# -- decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    id: str
    description: str
    date: str
    docname: str
    meeting: str
    """The meeting's label: its date and title."""
    meeting_title: str
    topic: str = ""
    """The title of the topic it was taken in, on the person pages."""

    HEADERS: ClassVar[dict[str, tuple[str, ...]]] = {
        "": ("Date", "Decision", "Meeting"),
        "led": ("Date", "Decision", "Topic"),
    }
    classes: ClassVar[tuple[str, ...]] = ("minutes-decision-row",)
    data: ClassVar[tuple[tuple[str, str], ...]] = ()

    def headers(self, variant: str = "") -> tuple[str, ...]:
        return self.HEADERS[variant]

    def cells(self, variant: str = "") -> tuple[Cell, ...]:
        """A decision log's row, or (``led``) a person page's, naming the topic."""
        date, decision = (Text(self.date),), (Link(self.description, self.docname, self.id),)
        if variant == "led":
            return (date, decision, (Link(self.meeting, self.docname), Text(f": {self.topic}")))
        return (date, decision, (Link(self.meeting_title, self.docname),))


def decision_row(decision: Decision, view: MinutesView, topic: Topic | None = None) -> DecisionRow:
    meeting = view.meeting_of(decision.origin.docname)
    return DecisionRow(
        id=decision.id,
        description=decision.description or no_description(decision.id),
        date=decision.meeting_date.isoformat() if decision.meeting_date else "",
        docname=decision.origin.docname,
        meeting=meeting.label if meeting else decision.origin.docname,
        meeting_title=meeting.title if meeting else decision.origin.docname,
        topic=topic.title if topic else "",
    )


def decision_rows(view: MinutesView, series: str | None = None) -> list[DecisionRow]:
    """A ``decision-log``: newest first."""
    return [decision_row(d, view) for d in view.decisions_newest_first(series)]


def led_rows(view: MinutesView, person: str) -> list[DecisionRow]:
    """Decisions taken in topics the person led, newest first."""
    return [decision_row(d, view, topic) for d, topic in view.decisions_led_by(person)]


# -- series ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRow:
    """A series on the landing page: its latest meetings, open and overdue actions."""

    series: str
    title: str
    index: str | None
    """The series' index page, when the site has one."""
    latest: tuple[tuple[str, str], ...]
    """(docname, date or title) of its latest meetings, newest first."""
    open: int
    overdue: int

    HEADERS: ClassVar[dict[str, tuple[str, ...]]] = {"": ("Series", "Latest meetings", "Open actions", "Overdue")}
    classes: ClassVar[tuple[str, ...]] = ("minutes-series-row",)
    data: ClassVar[tuple[tuple[str, str], ...]] = ()

    def headers(self, variant: str = "") -> tuple[str, ...]:
        return self.HEADERS[variant]

    def cells(self, variant: str = "") -> tuple[Cell, ...]:
        title: Part = Link(self.title, self.index) if self.index else Text(self.title)
        latest = joined([Link(label, docname) for docname, label in self.latest])
        overdue = Span(str(self.overdue), ("minutes-overdue-count", f"minutes-dues-series-{slug(self.series)}"))
        return ((title,), latest, (Text(str(self.open)),), (overdue,))


@dataclass(frozen=True)
class OpenCount:
    """The overview's line above the series: open and overdue actions as of today."""

    open: int
    overdue: int
    today: str


def open_count(view: MinutesView) -> OpenCount:
    states = view.open_actions()
    return OpenCount(len(states), sum(1 for s in states if s.is_overdue(view.today)), view.today.isoformat())


def series_rows(view: MinutesView, pages: Callable[[str], bool], limit: int = 3) -> list[SeriesRow]:
    """A ``series-overview``: every series by id; ``pages`` tells whether a page exists."""
    open_states = view.open_actions()
    rows = []
    for series in view.series():
        mine = [s for s in open_states if s.action.series == series]
        index = f"minutes/{series}/index"
        rows.append(
            SeriesRow(
                series=series,
                title=view.series_title(series),
                index=index if pages(index) else None,
                latest=tuple(
                    (m.docname, m.date.isoformat() if m.date else m.title)
                    for m in view.meetings_newest_first(series)[:limit]
                ),
                open=len(mine),
                overdue=sum(1 for s in mine if s.is_overdue(view.today)),
            )
        )
    return rows


Row = ActionRow | MeetingRow | DecisionRow | SeriesRow


# -- what a listing shows --------------------------------------------------------------------

Shown = list[ActionRow] | list[ActionGroup] | list[MeetingRow] | list[DecisionRow] | tuple[OpenCount, list[SeriesRow]]


LISTING_OPTIONS = ("status", "overdue", "owner", "series", "group_by", "limit")
"""The checked options ``listing_rows`` reads."""


def listing_rows(
    kind: str, options: Mapping[str, Any], view: MinutesView, registry: PeopleRegistry, pages: Callable[[str], bool]
) -> Shown:
    """The rows a listing directive shows, from its checked options: what the listings draw
    and what the freshness digest hashes, so the two cannot drift.

    Each listing's rows are made once per view: the freshness check digests them before the
    pages are written, and the listing draws the same rows (a list of its own each time)."""
    key = ("listing-rows", kind, *(options.get(name) for name in LISTING_OPTIONS))
    kept = view.answers.get(key)
    if not (isinstance(kept, tuple) and kept[0] is registry and kept[1] == pages):
        kept = view.answers[key] = (registry, pages, make_listing_rows(kind, options, view, registry, pages))
    shown: Shown = kept[2]
    return copy.copy(shown)


def make_listing_rows(
    kind: str, options: Mapping[str, Any], view: MinutesView, registry: PeopleRegistry, pages: Callable[[str], bool]
) -> Shown:
    if kind == "action-table":
        status = options.get("status") or "open"
        overdue = bool(options.get("overdue"))
        states = view.action_states(
            status=Status.OPEN if overdue else None if status == "all" else Status(status),
            owner=options.get("owner"),
            series=options.get("series"),
        )
        if overdue:  # every open action that a reader's later date can make overdue
            states = [s for s in states if s.due is not None]
        if options.get("group_by"):
            return action_groups(states, options["group_by"], view, registry, overdue)
        return [action_row(s, view, registry, overdue) for s in states]
    if kind == "meeting-list":
        return meeting_rows(view, options.get("series"), options.get("limit"))
    if kind == "decision-log":
        return decision_rows(view, options.get("series"))
    return open_count(view), series_rows(view, pages, options.get("limit") or 3)
