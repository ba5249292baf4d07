"""MinutesDomain: where collected records live, how pages are merged, resolved and checked.

Records are kept by kind and page (``PageRecords``: ``pages.actions[docname]``) so that
``clear_doc`` is a pop and ``merge_domaindata`` copies the pages a parallel worker read.
Indexes by id are derived on demand, never stored; duplicates are found in
``check_consistency``, after merging, so a ``-j 2`` build reports exactly what a ``-j 1``
build does.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from .checks import Subtype, site_problems, warn
from .config import MinutesConfig
from .model import Action, ActionUpdate, Decision, Listing, Meeting, Topic, search_anchor
from .nodes import reference_content
from .pagehtml import anchored, writes_person_pages
from .people import PeopleRegistry, load_people
from .view import MinutesView, SiteRecords

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .source import SiteSource

T = TypeVar("T")


@dataclass
class PageRecords:
    """What the pages wrote, by record kind and docname: the domain's storage.

    Kept per page so that ``clear_doc`` is a pop and ``merge_domaindata`` copies the pages a
    parallel reader read; every kind is named in ``forget`` and ``take`` (a test holds them to
    the fields)."""

    meetings: dict[str, Meeting] = field(default_factory=dict)
    topics: dict[str, list[Topic]] = field(default_factory=dict)
    actions: dict[str, list[Action]] = field(default_factory=dict)
    updates: dict[str, list[ActionUpdate]] = field(default_factory=dict)
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    listings: dict[str, list[Listing]] = field(default_factory=dict)
    action_refs: dict[str, list[str]] = field(default_factory=dict)
    """The ids each page's ``{action-ref}``s and updates name."""
    id_lines: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """(line of a directive, line of its ``:id:`` option), where a duplicate id is written."""
    secrets: dict[str, int] = field(default_factory=dict)
    """How many secrets were taken out of each page's source (``checks.on_source_read``)."""

    def move_topic_anchor(self, docname: str, old: str, new: str) -> None:
        """A topic's section gave its id to a record (see ``MinutesDirective.anchor``): the
        page's topic, and the actions and decisions in it, point at the section's new id."""
        topics = self.topics.get(docname, [])
        topics[:] = [replace(t, anchor=new) if t.anchor == old else t for t in topics]
        actions = self.actions.get(docname, [])
        actions[:] = [replace(a, topic=new) if a.topic == old else a for a in actions]
        decisions = self.decisions.get(docname, [])
        decisions[:] = [replace(d, topic=new) if d.topic == old else d for d in decisions]

    def site_records(self) -> SiteRecords:
        """The records the view and the checks take."""
        return SiteRecords(
            meetings=self.meetings,
            topics=self.topics,
            actions=self.actions,
            updates=self.updates,
            decisions=self.decisions,
        )

    def forget(self, docname: str) -> None:
        for table in (
            self.meetings,
            self.topics,
            self.actions,
            self.updates,
            self.decisions,
            self.listings,
            self.action_refs,
            self.id_lines,
            self.secrets,
        ):
            table.pop(docname, None)

    def take(self, other: PageRecords, docnames: Collection[str]) -> None:
        """The records ``other`` (a parallel reader's) holds of ``docnames``."""
        _take(self.meetings, other.meetings, docnames)
        _take(self.topics, other.topics, docnames)
        _take(self.actions, other.actions, docnames)
        _take(self.updates, other.updates, docnames)
        _take(self.decisions, other.decisions, docnames)
        _take(self.listings, other.listings, docnames)
        _take(self.action_refs, other.action_refs, docnames)
        _take(self.id_lines, other.id_lines, docnames)
        _take(self.secrets, other.secrets, docnames)


def _take(mine: dict[str, T], theirs: dict[str, T], docnames: Collection[str]) -> None:
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


@dataclass
class Stamps:
    """What the last build saw, for ``freshness.py`` (pickled with the environment): the
    digests of each page's records, of the rows each listing page shows and of the actions
    each page shows from elsewhere; and site-wide ones (``moved``)."""

    records: dict[str, str] = field(default_factory=dict)
    listings_shown: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)
    """Of everything listed (``listed``) and of the navigation (``navigation``)."""

    def moved(self, name: str, value: str) -> bool:
        """Whether ``value`` differs from last time; it is kept for next time."""
        moved = self.site.get(name) != value
        self.site[name] = value
        return moved


class MinutesDomain(Domain):
    """Meetings, actions, updates, decisions and people of a minutes site."""

    name = "minutes"
    label = "Meeting minutes"
    data_version = 8
    object_types = {
        "action": ObjType("action", "action", "any"),
        "decision": ObjType("decision", "decision", "any"),
        "person": ObjType("person", "person", "any"),
    }
    initial_data: ClassVar[dict[str, object]] = {"pages": PageRecords(), "stamps": Stamps()}
    source_digest: str | None = None
    """The person pages' Source and Version dates this build (``source.py``)."""
    site_source: SiteSource | None = None
    """The site's repository and git dates, read once a build (``source.site_source``)."""
    reader_pid: int | None = None
    """The process that reads pages (``read_people_afresh``); a forked reader differs."""
    light_pid: int | None = None
    """The forked reader that already forgot the pages it does not read (``travel_light``)."""
    _people: PeopleRegistry | None = None
    """people.yaml, read once a build (``people``)."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.touched: set[str] = set()
        """The pages whose records this build changed (``take_touched``)."""

    # -- storage -----------------------------------------------------------------------

    @property
    def pages(self) -> PageRecords:
        """Every page's records, by kind (Sphinx keeps them in ``env.domaindata``)."""
        pages = self.data["pages"]
        if not isinstance(pages, PageRecords):
            raise TypeError(f"the minutes domain's pages are a {type(pages).__name__}")
        return pages

    @property
    def stamps(self) -> Stamps:
        stamps = self.data["stamps"]
        if not isinstance(stamps, Stamps):
            raise TypeError(f"the minutes domain's stamps are a {type(stamps).__name__}")
        return stamps

    def note_meeting(self, meeting: Meeting) -> None:
        self.pages.meetings[meeting.docname] = meeting
        self._changed(meeting.docname)

    def note_topic(self, docname: str, topic: Topic) -> None:
        self._note(self.pages.topics, docname, topic)

    def note_action(self, docname: str, action: Action) -> None:
        self._note(self.pages.actions, docname, action)

    def note_update(self, docname: str, update: ActionUpdate) -> None:
        self._note(self.pages.updates, docname, update)

    def note_decision(self, docname: str, decision: Decision) -> None:
        self._note(self.pages.decisions, docname, decision)

    def note_listing(self, docname: str, listing: Listing) -> None:
        self._note(self.pages.listings, docname, listing)

    def note_action_ref(self, docname: str, target: str) -> None:
        self._note(self.pages.action_refs, docname, target)

    def note_id_line(self, docname: str, lineno: int, id_line: int) -> None:
        self._note(self.pages.id_lines, docname, (lineno, id_line))

    def note_secrets(self, docname: str, count: int) -> None:
        self.pages.secrets[docname] = count
        self._changed(docname)

    def _note(self, table: dict[str, list[T]], docname: str, record: T) -> None:
        table.setdefault(docname, []).append(record)
        self._changed(docname)

    def clear_doc(self, docname: str) -> None:
        self.pages.forget(docname)
        self._changed(docname)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        docnames = list(docnames)
        theirs = otherdata.get("pages")
        if isinstance(theirs, PageRecords):
            self.pages.take(theirs, docnames)
        self._changed(*docnames)

    def _changed(self, *docnames: str) -> None:
        """Drop the resolved view; remember the pages whose records this build changed."""
        self.__dict__.pop("view", None)
        self.touched.update(docnames)

    # -- derived views -----------------------------------------------------------------

    @property
    def settings(self) -> MinutesConfig:
        return MinutesConfig.from_sphinx(self.env.config)

    @cached_property
    def view(self) -> MinutesView:
        """The resolved state of every action; dropped whenever a page's records change."""
        return MinutesView.from_records(self.pages.site_records(), self.settings.today_date(), series_titles(self.env))

    @property
    def people(self) -> PeopleRegistry:
        """The people registry, read once per build (``forget_people`` starts each one)."""
        registry = self._people
        if registry is None:
            registry = self._people = load_people(self.people_path())
        return registry

    def forget_people(self) -> None:
        self._people = None

    def people_path(self) -> Path:
        return Path(self.env.srcdir, self.settings.people)

    def take_touched(self) -> set[str]:
        """The pages whose records this build changed; asked once, by the freshness check."""
        touched, self.touched = self.touched, set()
        return touched

    def topics(self, docname: str) -> list[Topic]:
        return self.pages.topics.get(docname, [])

    def actions_on(self, docname: str) -> list[Action]:
        return self.pages.actions.get(docname, [])

    def decisions_on(self, docname: str) -> list[Decision]:
        return self.pages.decisions.get(docname, [])

    def listing_pages(self) -> set[str]:
        return {d for d, kinds in self.pages.listings.items() if kinds}

    def series_title(self, series: str) -> str:
        """The title of ``minutes/<series>/index``, or the series id when it has none."""
        title = self.env.titles.get(f"minutes/{series}/index")
        return title.astext() if title is not None else series

    # -- references --------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "person":
            return self.person_ref(fromdocname, builder, target, contnode)
        if typ in ("action", "decision"):
            return self._record_ref(fromdocname, builder, typ, target, node, contnode)
        return None

    def person_ref(
        self, fromdocname: str, builder: Builder, target: str, contnode: nodes.Element
    ) -> nodes.reference | None:
        person = self.people.resolve(target)
        if person is None or not person.has_page:  # shown by name, never a link from a bad id
            return None
        if not writes_person_pages(builder):
            return None
        ref = make_refnode(builder, fromdocname, f"people/{person.id}", "", contnode, person.name)
        ref["classes"].append("minutes-person")
        return ref

    def _record_ref(
        self,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        view = self.view
        record = view.actions.get(target) if typ == "action" else view.decisions.get(target)
        if record is None:
            return None
        if node.get("minutes_fill"):
            contnode = reference_content(self.view, typ, target)
        ref = make_refnode(builder, fromdocname, record.origin.docname, target, contnode, record.description)
        if "refuri" in ref:  # singlehtml's '#document-<page>' gives way to the anchor
            ref["refuri"] = anchored(builder.get_relative_uri(fromdocname, record.origin.docname), target)
        return ref

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = []
        for typ in ("action", "decision", "person"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                found.append((f"minutes:{typ}", ref))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        view = self.view
        # The anchor is the alias id (directives.search_anchor): Sphinx's search would link an
        # anchor equal to the name as "#<description>".
        for action in view.actions.values():
            anchor = search_anchor("action", action.id)
            yield action.id, action.description or action.id, "action", action.origin.docname, anchor, 1
        for decision in view.decisions.values():
            anchor = search_anchor("decision", decision.id)
            yield decision.id, decision.description or decision.id, "decision", decision.origin.docname, anchor, 1

    # -- cross-page checks ---------------------------------------------------------------

    def check_consistency(self) -> None:
        """Problems that need every page, once after merging (so ``-j 2`` warns as ``-j 1``),
        sorted by place: the checks are pure (``checks.py``); this hands them the records."""
        warn_people_problems(self)
        series_pages = {
            d.split("/")[1]
            for d in self.env.found_docs
            if d.startswith("minutes/") and d.count("/") == 2 and d.endswith("/index")
        }
        problems = site_problems(
            self.pages.site_records(),
            self.view,
            self.pages.listings,
            id_place=lambda record: f"{self.env.doc2path(record.origin.docname, False)}:{self.id_line(record)}",
            id_line=self.id_line,
            series_pages=series_pages,
        )
        for problem in sorted(problems):
            warn(problem.message, problem.subtype, problem.location)

    def id_line(self, record: Action | Decision) -> int:
        """The line of the record's ``:id:`` option, where a duplicate id is written."""
        lines = dict(self.pages.id_lines.get(record.origin.docname, []))
        return lines.get(record.origin.lineno, record.origin.lineno)


def warn_people_problems(domain: MinutesDomain) -> None:
    """The registry's own problems, once a build (not once a page or a worker), at
    people.yaml's line: a file that is not a page, so the location is its path."""
    path = domain.people_path()
    for message, line in domain.people.problems:
        warn(message, Subtype.PEOPLE, f"{path}:{line or 1}")
    for message, line in domain.people.unsafe_links:
        warn(message, Subtype.UNSAFE_LINK, f"{path}:{line or 1}")
    for message, line in domain.people.secrets:
        warn(message, Subtype.SECRET, f"{path}:{line}")


def series_titles(env: BuildEnvironment) -> dict[str, str]:
    """The title of each series' index page (``minutes/<series>/index``)."""
    return {
        docname.split("/")[1]: title.astext()
        for docname, title in env.titles.items()
        if docname.startswith("minutes/") and docname.endswith("/index") and docname.count("/") == 2
    }


def minutes_domain(env: BuildEnvironment) -> MinutesDomain:
    """The minutes domain of a build: the one typed door to its records."""
    domain = env.domains["minutes"]
    if not isinstance(domain, MinutesDomain):
        raise TypeError(f"the 'minutes' domain is a {type(domain).__name__}, not a MinutesDomain")
    return domain


PEOPLE_NOTED = "minutes_people_noted"
"""Key in ``env.temp_data`` (the page being read's): people.yaml is a dependency of the page."""


def page_people(env: BuildEnvironment) -> PeopleRegistry:
    """The people, for the page being read: people.yaml is made a dependency of the page (an
    edit to it reads the page again) once per page, not at every name it resolves (the path
    and the note cost far more than the look-up)."""
    domain = minutes_domain(env)
    if PEOPLE_NOTED not in env.temp_data:
        env.note_dependency(str(domain.people_path()))
        env.temp_data[PEOPLE_NOTED] = True
    return domain.people


def title_untitled_meeting(app: Sphinx, doctree: nodes.document) -> None:
    """A meeting page with no ``#`` heading (warned by its {meeting}) gets the title it was
    given there as its page's heading, before Sphinx collects titles and tables of contents:
    otherwise its tab says "<no title>" and no toctree or sidebar can link it."""
    title = app.env.temp_data.pop("minutes_untitled", None)
    if not title or any(isinstance(node, nodes.section) for node in doctree.children):
        return
    section = nodes.section()
    section += nodes.title(title, title)
    section.extend(doctree.children)
    doctree.children = []
    doctree += section
    section["names"].append(nodes.fully_normalize_name(title))
    doctree.note_implicit_target(section, section)


def date_meeting_title(app: Sphinx, doctree: nodes.document) -> None:
    """Give a meeting's long title its date, as ``<title>`` and search results show it.

    Meetings of a series often share a heading ("DM-SST Agenda and Meeting notes"); without
    the date a reader's tabs, bookmarks and search results could not tell them apart. Runs
    after Sphinx's TitleCollector, on the worker that read the page.
    """
    env = app.env
    domain = minutes_domain(env)
    meeting = domain.pages.meetings.get(env.docname)
    title = env.longtitles.get(env.docname)
    if meeting is None or meeting.date is None or title is None:
        return
    date = meeting.date.isoformat()
    if not title.astext().startswith(date):
        dated = title.deepcopy()
        dated.insert(0, nodes.Text(f"{date} "))
        env.longtitles[env.docname] = dated


def read_people_afresh(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Each build reads people.yaml again: it may have changed since the last one."""
    domain = minutes_domain(env)
    domain.forget_people()
    domain.reader_pid = os.getpid()


def travel_light(app: Sphinx, docname: str, source: list[str]) -> None:
    """In a parallel reader, forget the pages it does not read, before its first page.

    Sphinx forks each reader from the main process, which holds every page merged so far,
    and pickles the reader's whole environment back: the records of earlier chunks would
    travel back with every chunk (on a clean N=1000 build, more CPU than ``-j 2`` saved).
    ``merge_domaindata`` takes only the reader's own pages, so nothing is lost."""
    domain = minutes_domain(app.env)
    pid = os.getpid()
    if pid == domain.reader_pid or domain.light_pid == pid:
        return
    domain.light_pid = pid
    domain.data["pages"] = PageRecords()
    domain.data["stamps"] = Stamps()


def setup_domain(app: Sphinx) -> None:
    app.add_domain(MinutesDomain)
    app.connect("env-before-read-docs", read_people_afresh)
    app.connect("source-read", travel_light, priority=100)  # before any handler notes a record
    app.connect("doctree-read", title_untitled_meeting, priority=400)  # before Sphinx's collectors
    app.connect("doctree-read", date_meeting_title)
