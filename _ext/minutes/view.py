"""The resolved site: every action's state after its updates, indexes by id, and the queries
listings, person pages, exports and checks ask of it.

No Sphinx here: the domain hands in its records (``SiteRecords``), so this module is
built and tested from plain ``model`` objects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .model import (
    UNASSIGNED,
    Action,
    ActionState,
    ActionUpdate,
    Decision,
    Meeting,
    Origin,
    Status,
    Topic,
    action_state,
    with_references_read,
)


@dataclass(frozen=True)
class SiteRecords:
    """What the pages wrote, by docname: the domain's storage, typed."""

    meetings: Mapping[str, Meeting] = field(default_factory=dict)
    topics: Mapping[str, Sequence[Topic]] = field(default_factory=dict)
    actions: Mapping[str, Sequence[Action]] = field(default_factory=dict)
    updates: Mapping[str, Sequence[ActionUpdate]] = field(default_factory=dict)
    decisions: Mapping[str, Sequence[Decision]] = field(default_factory=dict)


@dataclass
class MinutesView:
    """Everything resolved across pages, computed once per build from the domain's records."""

    meetings: dict[str, Meeting]
    actions: dict[str, Action]
    """First definition of each id, in page order."""
    decisions: dict[str, Decision]
    updates: dict[str, list[ActionUpdate]]
    today: dt.date
    shadowed: list[Action] = field(default_factory=list)
    """Later actions with an id taken already: warned as duplicates, still listed, never dropped."""
    records: SiteRecords = field(default_factory=SiteRecords)
    series_titles: Mapping[str, str] = field(default_factory=dict)
    """The title of each series' index page, where it has one."""
    states: dict[str, ActionState] = field(init=False)
    answers: dict[object, object] = field(init=False, default_factory=dict, repr=False, compare=False)
    """Answers worked out from the view and kept with it, by question (``rows.listing_rows``)."""

    def __post_init__(self) -> None:
        self.states = {aid: action_state(a, self.updates.get(aid, ())) for aid, a in self.actions.items()}
        self.shadowed_states = [action_state(a) for a in self.shadowed]
        self._by_origin = {s.action.origin: s for s in [*self.states.values(), *self.shadowed_states]}
        # Asked for on every page written (its feeds, its links to exports): made once.
        self._series = tuple(sorted({m.series for m in self.meetings.values()}))

    @classmethod
    def from_records(
        cls, records: SiteRecords, today: dt.date, series_titles: Mapping[str, str] | None = None
    ) -> MinutesView:
        """Resolve the pages' records: ids indexed in page order (the first definition
        wins, later ones are kept as shadowed), updates gathered by the action they name."""
        actions: dict[str, Action] = {}
        shadowed: list[Action] = []
        for docname in sorted(records.actions):
            for action in records.actions[docname]:
                if actions.setdefault(action.id, action) is not action:
                    shadowed.append(action)
        decisions: dict[str, Decision] = {}
        for docname in sorted(records.decisions):
            for decision in records.decisions[docname]:
                decisions.setdefault(decision.id, decision)
        updates: dict[str, list[ActionUpdate]] = defaultdict(list)
        for docname in sorted(records.updates):
            for update in records.updates[docname]:
                updates[update.action_id].append(update)
        return cls(
            meetings=dict(sorted(records.meetings.items())),
            actions={aid: with_references_read(a, actions) for aid, a in actions.items()},
            decisions={did: with_references_read(d, actions) for did, d in decisions.items()},
            updates=dict(updates),
            today=today,
            shadowed=[with_references_read(a, actions) for a in shadowed],
            records=records,
            series_titles=dict(series_titles or {}),
        )

    # -- single records -------------------------------------------------------------------

    def state_at(self, origin: Origin) -> ActionState | None:
        """The state of the action written at ``origin``, whether its id is its own or not."""
        return self._by_origin.get(origin)

    def is_shadowed(self, state: ActionState) -> bool:
        return self.actions.get(state.id) is not state.action

    def meeting_of(self, docname: str) -> Meeting | None:
        return self.meetings.get(docname)

    def series_title(self, series: str) -> str:
        """The title of the series' index page, or the series id when it has none."""
        return self.series_titles.get(series, series)

    # -- what one page wrote --------------------------------------------------------------

    def topics_on(self, docname: str) -> Sequence[Topic]:
        return self.records.topics.get(docname, ())

    def actions_on(self, docname: str) -> Sequence[Action]:
        return self.records.actions.get(docname, ())

    def decisions_on(self, docname: str) -> Sequence[Decision]:
        return self.records.decisions.get(docname, ())

    def topic_of(self, decision: Decision) -> Topic | None:
        """The topic a decision was taken in, if it was taken in one."""
        return next((t for t in self.topics_on(decision.origin.docname) if t.anchor == decision.topic), None)

    @cached_property
    def open_actions_by_page(self) -> dict[str, int]:
        """How many open actions each meeting page wrote, as the meeting lists count them."""
        counts: dict[str, int] = defaultdict(int)
        for state in self.states.values():
            if state.status is Status.OPEN:
                counts[state.action.origin.docname] += 1
        return counts

    # -- queries --------------------------------------------------------------------------

    def series(self) -> list[str]:
        return list(self._series)

    # The queries below filter lists sorted once per view (the view never changes): the person
    # pages, their search text and the reader's dates ask them for every person and page. A
    # sort is stable, so filtering the sorted list gives what sorting the filtered one gave.

    @cached_property
    def _meetings_newest_first(self) -> list[Meeting]:
        return sorted(self.meetings.values(), key=lambda m: (m.date or dt.date.min, m.docname), reverse=True)

    @cached_property
    def _decisions_newest_first(self) -> list[Decision]:
        return sorted(
            self.decisions.values(),
            key=lambda d: (d.meeting_date or dt.date.min, d.origin.docname, -d.origin.lineno),
            reverse=True,
        )

    @cached_property
    def _states_in_order(self) -> list[ActionState]:
        return sorted([*self.states.values(), *self.shadowed_states], key=self.state_order)

    @cached_property
    def _states_by_owner(self) -> dict[str, list[ActionState]]:
        """Each owner's states, in ``state_order``: a person's page asks for theirs alone."""
        by_owner: dict[str, list[ActionState]] = defaultdict(list)
        for state in self._states_in_order:
            for owner in dict.fromkeys(state.owners):
                by_owner[owner].append(state)
        return by_owner

    @cached_property
    def _decisions_in_topics(self) -> list[tuple[Decision, Topic]]:
        """Decisions taken in a topic, newest first, with their topic."""
        found = []
        for decision in self._decisions_newest_first:
            topic = self.topic_of(decision)
            if topic is not None:
                found.append((decision, topic))
        return found

    def meetings_newest_first(self, series: str | None = None) -> list[Meeting]:
        return [m for m in self._meetings_newest_first if series is None or m.series == series]

    def decisions_newest_first(self, series: str | None = None) -> list[Decision]:
        return [d for d in self._decisions_newest_first if series is None or d.series == series]

    def action_states(
        self,
        status: Status | None = Status.OPEN,
        owner: str | None = None,
        series: str | None = None,
        overdue: bool = False,
    ) -> list[ActionState]:
        """Actions filtered as the format's action-table options say, by due date then meeting."""
        candidates = self._states_in_order
        if owner is not None and owner != UNASSIGNED:
            candidates = self._states_by_owner.get(owner, [])
        return [
            s
            for s in candidates
            if (status is None or s.status is status)
            and (owner is None or owner in s.owners or (owner == UNASSIGNED and not s.owners))
            and (series is None or s.action.series == series)
            and (not overdue or s.is_overdue(self.today))
        ]

    def open_actions(self, owner: str | None = None, series: str | None = None) -> list[ActionState]:
        """Open actions by due date: the overdue ones come first, those with no due date last."""
        return self.action_states(status=Status.OPEN, owner=owner, series=series)

    def closed_actions(self, owner: str) -> list[ActionState]:
        """Done and dropped actions of ``owner``, the most recently closed first."""
        closed = [s for s in self.states.values() if s.status is not Status.OPEN and owner in s.owners]
        return sorted(closed, key=lambda s: (s.closed_on or dt.date.min, s.action.origin, s.id), reverse=True)

    def meetings_with(self, person: str) -> list[tuple[Meeting, tuple[str, ...]]]:
        """Meetings naming the person in any role, newest first, with the roles they had."""
        return list(self._meetings_by_person.get(person, ()))

    @cached_property
    def _meetings_by_person(self) -> dict[str, list[tuple[Meeting, tuple[str, ...]]]]:
        found: dict[str, list[tuple[Meeting, tuple[str, ...]]]] = defaultdict(list)
        for meeting in self._meetings_newest_first:
            named = (
                ("participant", meeting.participants),
                ("moderator", meeting.moderator),
                ("note taker", meeting.notetaker),
                ("regrets", meeting.regrets),
            )
            for person in dict.fromkeys(name for _, names in named for name in names):
                found[person].append((meeting, tuple(role for role, names in named if person in names)))
        return found

    def decisions_led_by(self, person: str) -> list[tuple[Decision, Topic]]:
        """Decisions taken in topics the person led, newest first."""
        return [(decision, topic) for decision, topic in self._decisions_in_topics if person in topic.lead]

    def state_order(self, state: ActionState) -> tuple[Any, ...]:
        return (
            state.due is None,
            state.due or dt.date.min,
            state.action.meeting_date or dt.date.min,
            state.action.origin,
            state.id,
        )
