"""One wiki page -> a ``MeetingPage`` (its meeting, preface and topics) and its task-report
rows: the page importer, which reads the page's top-level content section by section and
hands each part to the readers it is made of (sections, agenda, tasks, the body reader).

The entry points other code calls: ``import_page`` and ``stub_pages``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .. import markdown as md
from ..markdown import Block, MeetingPage, TopicSection
from ..model import Action, Decision, Meeting, Origin, Person, Topic, default_action_id
from ..secrets import redact_secrets, secret_kinds, secret_reason
from .agenda import AgendaItem, AgendaReader
from .body import BodyReader, Reporter
from .matching import PeopleMatcher
from .reading import flatten, is_navigation, read_source
from .sections import MeetingState, SectionReader
from .tables import table_kind
from .tasks import ReportRow, TaskReader
from .text import heading_kind, parse_date_in_title, strip_date, tidy_description
from .tokens import Decided, Held, Para, Piece, Task, Verbatim, attr, plain, render, without_secrets
from .words import MEETING_WORDS, WIKI_KEY


@dataclass
class ImportedPage:
    page: MeetingPage | None
    report_rows: list[ReportRow]
    notes: list[str]
    problems: list[str]
    skipped: str = ""
    """Why a page that is not a meeting (a space's home, an index, a template) was skipped."""
    report_macros: list[dict[str, str]] = field(default_factory=list)
    """The parameters of each task report macro on the page (storage format keeps no rows)."""
    holds_a_meeting: bool = False
    """A page without a date that holds what a meeting's page holds (tasks, a meeting's
    sections such as Participants or Date, an agenda): a meeting that needs a date, even when
    it has child pages, not an index."""


@dataclass
class Reading:
    """Where the page importer is in a page: what it has read so far, and under which heading."""

    state: MeetingState
    preface: list[Block] = field(default_factory=list)
    topics: list[AgendaItem] = field(default_factory=list)
    rows: list[ReportRow] = field(default_factory=list)
    kind: str | None = None
    title: str = ""
    topic: AgendaItem | None = None


def redacted(text: str, held: Held) -> tuple[list[str], str]:
    """The kinds of secret ``text`` holds and the text with each value written as the
    redaction mark the extension shows, the label and the words around it kept; an empty
    text when a secret would be left."""
    reason = secret_reason(text) or held.reason(text)
    if not reason:
        return [], text
    kept = held.redact(redact_secrets(text))
    return secret_kinds(text) or [reason], "" if secret_reason(kept) or held.reason(kept) else kept


class PageImporter(SectionReader, AgendaReader, TaskReader):
    """Reads one wiki page into a ``MeetingPage`` and its task-report rows."""

    def __init__(self, matcher: PeopleMatcher, series: str, source: str) -> None:
        self.matcher = matcher
        self.series = series
        self.source = source
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.dropped: dict[str, list[str]] = {}
        self.where = "the page"
        self.meeting_signs: list[str] = []
        self.report_macros: list[dict[str, str]] = []
        self.held = Held()
        self.meeting_parts: list[str] = []  # sections and tables only a meeting's page has

    def note(self, message: str) -> None:
        self.notes.append(f"{self.where}: {message}")

    def drop(self, reason: str, what: str) -> None:
        self.dropped.setdefault(self.where, [])
        if reason not in self.dropped[self.where]:
            self.dropped[self.where].append(reason)

    def public(self, text: str, what: str) -> str:
        """``text`` (a title, a heading, an agenda cell) kept as a paragraph is (``redacted``),
        each kind of secret it held counted in the report."""
        kinds, kept = redacted(text, self.held)
        for kind in kinds:
            self.drop(kind, what)
        return kept

    def mention(self, user: Tag, shown: str) -> Person | None:
        """A ``ri:user``: its username, user key or account id as an id or alias in
        people.yaml, else the name the link shows; a key seen with a name is remembered
        for the mentions that show none."""
        keys = [k for k in (attr(user, n) for n in ("ri:username", "ri:userkey", "ri:account-id")) if WIKI_KEY.match(k)]
        for key in keys:
            found = self.matcher.registry.resolve(key) or self.matcher.registry.people.get(
                self.matcher.keys.get(key, "")
            )
            if found is not None:
                return found
        shown = shown or attr(user, "minutes-name")  # the name the wiki holds for its key (storage.name_users)
        if shown:
            person = self.matcher.match_or_add(shown, f"a mention in {self.source}", alias=keys[0] if keys else None)
            if person is not None and keys and keys[0] not in person.aliases:
                self.matcher.keys[keys[0]] = person.id
            return person
        if not keys:
            return None
        username = attr(user, "ri:username")
        return self.matcher.match_or_add(
            username or f"user {keys[0][:8]}", f"a mention in {self.source} (only its wiki key is known)", alias=keys[0]
        )

    def reporter(self) -> Reporter:
        return self

    # the page --------------------------------------------------------------------

    def read(self, title: str, tree: BeautifulSoup, task_report: bool, date: dt.date | None = None) -> ImportedPage:
        reading = Reading(MeetingState(date=parse_date_in_title(title) or date))
        self.held = Held.of(tree.get_text("\n"))
        for node in flatten(list(tree.contents)):
            if isinstance(node, NavigableString) and not isinstance(node, Comment) and not str(node).strip():
                continue
            if isinstance(node, Tag) and node.name.lower() in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading(node, reading)
            elif not (
                isinstance(node, Tag) and node.name.lower() == "table" and self.table(node, reading, task_report)
            ):
                self.section_node(node, reading)
        if reading.state.date is None:
            if not looks_like_a_meeting(self, title, reading.topics, reading.preface):
                skipped = "not a meeting page (no date, agenda, attendees, tasks or notes headings)"
                return ImportedPage(None, reading.rows, self.notes, self.problems, skipped=skipped)
            self.problems.append("no meeting date found (looked in the title and the Date section)")
            holds = holds_a_meeting(self, reading.topics, reading.preface)
            return ImportedPage(None, reading.rows, self.notes, self.problems, holds_a_meeting=holds)
        return ImportedPage(self.page(title, reading), reading.rows, self.notes, self.problems)

    def heading(self, node: Tag, reading: Reading) -> None:
        reading.title = self.public(node.get_text(" ", strip=True), "a heading") or "Notes"
        reading.kind = heading_kind(reading.title)
        if reading.kind is not None or MEETING_WORDS.search(reading.title):
            self.meeting_signs.append(reading.title)
        if reading.kind in MEETING_PARTS:
            self.meeting_parts.append(reading.kind)
        reading.topic = None
        if reading.kind is None and reading.title:
            self.where = reading.title

    def table(self, node: Tag, reading: Reading, task_report: bool) -> bool:
        """An agenda or a task report, read as such (True); else False."""
        kind = table_kind(node)
        if kind is not None:
            self.meeting_signs.append(kind)
        if kind == "agenda":
            self.meeting_parts.append(kind)
            self.where = "the agenda"
            reading.topics.extend(self.agenda(node, reading.state))
            return True
        if kind == "task-report":
            found = self.task_report(node)
            self.where = "the task report"
            if task_report:
                reading.rows.extend(found)
            else:
                self.note(f"skipped the task report ({len(found)} rows); add --task-report to import them")
            return True
        return False

    def section_node(self, node: object, reading: Reading) -> None:
        """One top-level node, read as the section it is under says."""
        state, kind = reading.state, reading.kind
        if kind == "date":
            self.where = "Date"
            reading.preface.extend(self.date_section(node, state))
        elif kind == "location":
            self.where = "Location"
            self.location_section(node, state)
        elif kind in ("participants", "regrets"):
            self.where = reading.title
            self.people_section(node, state.participants if kind == "participants" else state.regrets)
        elif kind == "logistics" or (kind is None and not reading.title):
            self.where = "the page"
            if not is_navigation(node):
                reading.preface.extend(self.blocks(BodyReader(self).read([node]), state))
        else:
            self.where = reading.title or "the page"
            pieces = BodyReader(self).read([node])
            if kind == "decisions":
                pieces = [Decided(p.tokens) if isinstance(p, Para) else p for p in pieces]
            if reading.topic is None and pieces:
                reading.topic = (Topic(title=md.escape(reading.title), anchor="", origin=self.origin()), [])
                reading.topics.append(reading.topic)
            if reading.topic is not None:
                reading.topic[1].extend(pieces)

    def page(self, title: str, reading: Reading) -> MeetingPage:
        """The meeting page of a dated page: topics' bodies read, actions numbered."""
        state = reading.state
        assert state.date is not None
        sections = []
        for topic, pieces in reading.topics:
            self.where = topic.title
            sections.append(TopicSection(topic, tuple(self.blocks(pieces, state))))
        for where, reasons in self.dropped.items():
            self.notes.insert(0, f"{where}: dropped {', '.join(reasons)} (never published)")
        meeting = Meeting(
            docname=self.docname(state.date),
            title=md.escape(self.public(strip_date(title), "the title") or f"{self.series} meeting"),
            series=self.series,
            date=state.date,
            time=state.time,
            timezone=state.timezone,
            location=md.escape(state.location) if state.location else None,
            participants=tuple(state.participants),
            regrets=tuple(p for p in state.regrets if p not in state.participants),
            moderator=tuple(state.moderator),
            notetaker=tuple(state.notetaker),
        )
        return MeetingPage(
            meeting=meeting,
            topics=tuple(self.number_actions(sections, state.date)),
            preface=tuple(self.number_preface(reading.preface, state.date)),
            comment=f"Imported from the wiki page {self.public(title, 'the title') or 'with a secret in its title'!r}.",
        )

    def decision(self, piece: Decided, state: MeetingState) -> Decision:
        """A decision; its id is left to the extension's default (``<series>-<date>-d<n>``)."""
        return Decision(
            id="",
            description=tidy_description(render(piece.tokens)) or "(no text in the wiki)",
            origin=Origin(self.docname(state.date) if state.date else ""),
            series=self.series,
            meeting_date=state.date,
        )

    def origin(self) -> Origin:
        return Origin(f"minutes/{self.series}/import")

    def docname(self, date: dt.date) -> str:
        return f"minutes/{self.series}/{date.isoformat()}"

    def blocks(self, pieces: list[Piece], state: MeetingState) -> list[Block]:
        """Paragraphs, lists and tasks as Markdown and actions; secrets dropped."""
        out: list[Block] = []
        items: list[tuple[int, str]] = []

        def end_list() -> None:
            if items:
                out.append(md.bullet_list(items))
                items.clear()

        for piece in pieces:
            if isinstance(piece, Verbatim):
                end_list()
                out.append(piece.markdown)
                continue
            reason = secret_reason(text := plain(piece.tokens, dates=False)) or self.held.reason(text)
            if reason:
                for kind in secret_kinds(text) or [reason]:  # each kind, for the report's count
                    self.drop(kind, "text")
                kept = without_secrets(piece.tokens, self.held)
                if kept is None:
                    continue
                piece = dataclasses.replace(piece, tokens=kept)
            if isinstance(piece, Task | Decided):
                end_list()
                block = (
                    self.action(piece, "", 0, state.date) if isinstance(piece, Task) else self.decision(piece, state)
                )
                if block is not None:
                    out.append(block)
                continue
            if piece.level:
                items.append((piece.level, render(piece.tokens)))
            else:
                end_list()
                out.append(md.paragraph(render(piece.tokens)))
        end_list()
        return out

    def number_actions(self, sections: list[TopicSection], date: dt.date) -> Iterator[TopicSection]:
        self._count = getattr(self, "_count", 0)
        for section in sections:
            yield TopicSection(section.topic, tuple(self._numbered(item, date) for item in section.body))

    def number_preface(self, preface: list[Block], date: dt.date) -> list[Block]:
        self._count = getattr(self, "_count", 0)
        return [self._numbered(item, date) for item in preface]

    def _numbered(self, item: Block, date: dt.date) -> Block:
        if not isinstance(item, Action):
            return item
        self._count += 1
        docname = self.docname(date)
        return Action(
            id=default_action_id(self.series, date.isoformat(), self._count),
            description=item.description,
            owners=item.owners,
            origin=Origin(docname),
            series=self.series,
            meeting_date=date,
            due=item.due,
            status=item.status,
            note=item.note,
        )


MEETING_PARTS = frozenset({"date", "location", "participants", "regrets", "logistics", "agenda"})
"""Sections only a meeting's page has. An "Action items" or "Decisions" heading is not one by
itself: an index page may head its task report so; the tasks under it are."""


def looks_like_a_meeting(
    importer: PageImporter, title: str, topics: list[tuple[Topic, list[Piece]]], preface: list[Block]
) -> bool:
    """Whether a page without a date still looks like a meeting's: then it is refused, not
    skipped, so that no meeting goes missing without a word."""
    return bool(MEETING_WORDS.search(title) or importer.meeting_signs or holds_a_meeting(importer, topics, preface))


def holds_a_meeting(importer: PageImporter, topics: list[tuple[Topic, list[Piece]]], preface: list[Block]) -> bool:
    """Whether a page holds tasks or parts only a meeting's page has (a title or a heading
    saying "meeting notes" is not enough: an index page says so too)."""
    tasks = any(isinstance(p, Task) for _, pieces in topics for p in pieces)
    actions = any(isinstance(b, Action) for b in preface)
    return bool(importer.meeting_parts or tasks or actions)


def import_page(
    text: str, source: str, matcher: PeopleMatcher, series: str, task_report: bool, date: dt.date | None = None
) -> ImportedPage:
    """One wiki page (either form) -> its meeting page, task-report rows and a report;
    ``date`` dates a page that names none (``--date``)."""
    title, tree = read_source(text, source)
    if not title:
        title = Path(source).stem
    importer = PageImporter(matcher, series, source)
    imported = importer.read(title, tree, task_report, date)
    imported.report_macros = importer.report_macros
    return imported


def stub_pages(rows: list[ReportRow], series: str, source: str) -> list[MeetingPage]:
    """The task report's rows, one page per meeting they appear on, holding their actions."""
    by_date: dict[dt.date, list[ReportRow]] = {}
    for row in rows:
        by_date.setdefault(row.meeting_date, []).append(row)
    pages = []
    for date, found in sorted(by_date.items()):
        docname = f"minutes/{series}/{date.isoformat()}"
        actions = tuple(
            Action(
                id=default_action_id(series, date.isoformat(), n),
                description=row.action.description,
                owners=row.action.owners,
                origin=Origin(docname),
                series=series,
                meeting_date=date,
                due=row.action.due,
                status=row.action.status,
                note=row.action.note,
            )
            for n, row in enumerate(found, 1)
        )
        meeting = Meeting(
            docname=docname,
            title=md.escape(_public_title(found[0].meeting_title) or f"{series} meeting"),
            series=series,
            date=date,
        )
        topic = Topic(title="Action items", anchor="", origin=Origin(docname))
        pages.append(
            MeetingPage(
                meeting=meeting,
                topics=(TopicSection(topic, actions),),
                preface=(
                    md.paragraph(
                        "This meeting's notes stayed in the wiki: this page holds the actions that the wiki's "
                        "task report still listed for it."
                    ),
                ),
                comment=f"Stub from the task report of {source}.",
            )
        )
    return pages


def _public_title(title: str) -> str:
    """A task report's "appears on" title, unless it holds a secret."""
    return "" if secret_reason(title) else title
