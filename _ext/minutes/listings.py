"""Listings (action-table, meeting-list, decision-log) and every resolved part of a page.

The directives only note what to list; ``ResolveMinutes`` builds the tables when the
page is written, from the whole site's current data, so no listing is ever stale.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as mnodes
from .checks import Subtype, check_status, warn, warn_unknown_person
from .directives import MinutesDirective
from .model import ActionState, Listing, Meeting, Origin, Status, slug
from .pages import action_row, action_table_html
from .roles import people_nodes
from .theme import scroll_box

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import MinutesDomain, MinutesView

GROUPS = ("owner", "series", "meeting")
LISTINGS = (mnodes.action_table, mnodes.meeting_list, mnodes.decision_log, mnodes.series_overview)


class ListingDirective(MinutesDirective):
    has_content = False
    node_class: ClassVar[type[nodes.Element]]

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        node = self.node_class(**options)
        node["classes"].append(f"minutes-{self.name}")
        self.set_source_info(node)
        line = self.option_line("series") if "series" in self.options else self.lineno
        self.domain.note("listings", self.env.docname, Listing(self.name, tuple(sorted(options.items())), line))
        return [node]

    def checked_options(self) -> dict[str, Any]:
        return {"series": (self.options.get("series") or "").strip() or None}

    def option_limit(self) -> int | None:
        text = (self.options.get("limit") or "").strip()
        if not text:
            return None
        if not text.isdigit():
            warn(
                f":limit: {text!r} is not a whole number; write e.g. ':limit: 5'",
                Subtype.BAD_ID,
                (self.env.docname, self.option_line("limit")),
            )
            return None
        return int(text)


class ActionTableDirective(ListingDirective):
    """The task report: actions filtered by status, owner, series, overdue; grouped if asked."""

    node_class = mnodes.action_table
    option_spec: ClassVar = {
        "status": directives.unchanged,
        "owner": directives.unchanged,
        "series": directives.unchanged,
        "overdue": directives.unchanged,
        "group-by": directives.unchanged,
    }

    def checked_options(self) -> dict[str, Any]:
        location = self.env.docname
        status_text = (self.options.get("status") or "open").strip().lower()
        status: str | None = status_text
        if status_text != "all":
            parsed, message = check_status(status_text)
            if message:
                warn(
                    message.replace("open, done, dropped", "open, done, dropped, all"),
                    Subtype.BAD_STATUS,
                    (location, self.option_line("status")),
                )
            status = str(parsed) if parsed else "open"
        owner = (self.options.get("owner") or "").strip() or None
        if owner:
            self.env.note_dependency(str(self.domain.people_path()))
            registry = self.domain.people
            person = registry.resolve(owner)
            if person is None:
                warn_unknown_person(registry, owner, (location, self.option_line("owner")))
            else:
                owner = person.id
        group_by = (self.options.get("group-by") or "").strip().lower() or None
        if group_by and group_by not in GROUPS:
            warn(
                f":group-by: {group_by!r} is not one of owner, series, meeting; use one of those",
                Subtype.BAD_STATUS,
                (location, self.option_line("group-by")),
            )
            group_by = None
        return {
            "status": status,
            "owner": owner,
            "series": (self.options.get("series") or "").strip() or None,
            "overdue": "overdue" in self.options,
            "group_by": group_by,
        }


class MeetingListDirective(ListingDirective):
    """Meetings, newest first."""

    node_class = mnodes.meeting_list
    option_spec: ClassVar = {"series": directives.unchanged, "limit": directives.unchanged}

    def checked_options(self) -> dict[str, Any]:
        return super().checked_options() | {"limit": self.option_limit()}


class DecisionLogDirective(ListingDirective):
    """Decisions, newest first."""

    node_class = mnodes.decision_log
    option_spec: ClassVar = {"series": directives.unchanged}


class SeriesOverviewDirective(ListingDirective):
    """The landing page's summary: open and overdue counts, the latest meetings of each series."""

    node_class = mnodes.series_overview
    option_spec: ClassVar = {"limit": directives.unchanged}

    def checked_options(self) -> dict[str, Any]:
        return {"limit": self.option_limit() or 3}


# -- building blocks -------------------------------------------------------------------------


def table(headers: list[str], rows: list[tuple[list[Any], list[str]]], classes: list[str]) -> nodes.table:
    """A docutils table; each row is (cells, row classes), a cell a node, a list of nodes or text."""
    tbl = nodes.table(classes=["minutes-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for _ in headers:
        group += nodes.colspec(colwidth=30)  # the text builder wraps cells at this width
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", nodes.paragraph(h, h)) for h in headers])
    group += head
    body = nodes.tbody()
    for cells, row_classes in rows:
        row = nodes.row(classes=row_classes)
        for cell in cells:
            entry = nodes.entry()
            if isinstance(cell, str):
                entry += nodes.paragraph(cell, cell)
            elif isinstance(cell, list):
                entry += nodes.paragraph("", "", *cell)
            else:
                entry += cell
            row += entry
        body += row
    group += body
    return tbl


def internal_link(
    builder: Any, fromdocname: str, todocname: str, anchor: str, children: list[nodes.Node]
) -> nodes.reference:
    uri = builder.get_relative_uri(fromdocname, todocname)
    if anchor:
        uri += "#" + anchor
    return nodes.reference("", "", *children, internal=True, refuri=uri)


def status_badge(status: Status | str, overdue: bool = False) -> nodes.inline:
    if overdue:
        return nodes.inline("", "overdue", classes=["minutes-badge", "minutes-overdue"])
    return nodes.inline("", str(status), classes=["minutes-badge", "minutes-status", f"minutes-status-{status}"])


class ResolveMinutes(SphinxPostTransform):
    """Fill a meeting page's placeholders (eyebrow, agenda, action states) from the domain's
    data as the page is written.

    Runs early (priority 5), so that every later post-transform sees the page as a reader
    will; the person links it makes are the ones ``MinutesDomain.person_ref`` makes.
    """

    default_priority = 5
    handles: ClassVar[tuple[type[nodes.Element], ...]] = (mnodes.meeting_header, mnodes.agenda, mnodes.action_state)

    @property
    def domain(self) -> MinutesDomain:
        return self.env.get_domain("minutes")  # type: ignore[return-value]

    page: str | None = None
    """The page being written, when the placeholders are filled outside its post-transforms."""

    @property
    def docname(self) -> str:
        return self.page or self.env.docname

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(mnodes.MinutesPlaceholder)):
            if type(node) in self.handles:
                self.fill(node)

    def fill(self, node: nodes.Element) -> nodes.Element | None:
        """Put the placeholder's content in its place; None when there is nothing to show."""
        handlers = {
            mnodes.meeting_header: self.meeting_header,
            mnodes.agenda: self.agenda,
            mnodes.action_state: self.action_state,
            mnodes.action_table: self.action_table,
            mnodes.meeting_list: self.meeting_list,
            mnodes.decision_log: self.decision_log,
            mnodes.series_overview: self.series_overview,
        }
        replacement = handlers[type(node)](node)
        if replacement is None:
            node.parent.remove(node)
            return None
        node.replace_self(replacement)
        return self.finish(replacement)

    def finish(self, replacement: nodes.Element) -> nodes.Element:
        """Anything a filled placeholder needs once it stands in the page; what then stands
        in its place."""
        return replacement

    @property
    def view(self) -> MinutesView:
        return self.domain.view

    def link(self, todocname: str, anchor: str, children: list[nodes.Node]) -> nodes.reference:
        return internal_link(self.env._app.builder, self.docname, todocname, anchor, children)

    def meeting_link(
        self, meeting: Meeting | None, docname: str, anchor: str = "", text: str | None = None
    ) -> nodes.Node:
        label = text or (meeting.label if meeting else docname)
        return self.link(docname, anchor, [nodes.Text(label)])

    def people(self, names: tuple[str, ...]) -> list[nodes.Node]:
        """Links to people, made here rather than left to Sphinx's ReferencesResolver: a page
        of meetings holds thousands, and the resolver runs in the main process of a -j build."""
        builder = self.env._app.builder
        result = []
        for node in people_nodes(names, self.domain.people):
            if isinstance(node, addnodes.pending_xref):
                node = self.domain.person_ref(self.docname, builder, node["reftarget"], node[0]) or node[0]
            result.append(node)
        return result

    # -- meeting pages -----------------------------------------------------------------------

    def meeting_header(self, node: nodes.Element) -> nodes.Node:
        series = node["series"]
        title = self.domain.series_title(series)
        eyebrow = nodes.paragraph(classes=["minutes-eyebrow"])
        index = f"minutes/{series}/index"
        if index in self.env.found_docs and index != self.docname:
            eyebrow += self.link(index, "", [nodes.Text(title)])
        else:
            eyebrow += nodes.Text(title)
        return eyebrow

    def agenda(self, node: nodes.Element) -> nodes.Node | None:
        topics = self.domain.topics(self.docname)
        if not topics:
            return None
        meeting = self.view.meeting_of(self.docname)
        timed = any(topic.time for topic in topics)
        headers = ["Topic", "Lead"]
        if timed:
            headers.insert(0, f"Time ({meeting.timezone})" if meeting and meeting.timezone else "Time")
        rows = []
        for topic in topics:
            cells: list[Any] = [
                [self.link(self.docname, topic.anchor, [nodes.Text(topic.title)])],
                self.people(topic.lead),
            ]
            if timed:
                cells.insert(0, (topic.time or "").replace("-", "\u2013"))
            rows.append((cells, []))
        container = nodes.container(classes=["minutes-agenda"])
        container += nodes.rubric("Agenda", "Agenda")
        container += table(headers, rows, ["minutes-agenda-table"])
        return container

    def action_state(self, node: nodes.Element) -> nodes.Node:
        action_id = node["action_id"]
        state = self.view.state_at(Origin(self.docname, node["lineno"]))
        container = node.parent
        if state is None:
            return nodes.paragraph(
                "",
                "",
                nodes.inline(
                    "", "this action could not be resolved; see the warnings", classes=["minutes-problem-note"]
                ),
            )
        overdue = state.is_overdue(self.view.today)
        container["classes"].extend([f"minutes-status-{state.status}"] + (["minutes-overdue"] if overdue else []))
        head = container.next_node(nodes.paragraph)
        if head is not None:
            head.insert(2, nodes.Text(" "))
            head.insert(2, status_badge(state.status))
        meta = nodes.paragraph(classes=["minutes-action-meta"])
        meta += nodes.inline("", "Owner: " if len(state.owners) < 2 else "Owners: ", classes=["minutes-field"])
        meta.extend(self.people(state.owners) or [nodes.inline("", "none", classes=["minutes-problem-note"])])
        if state.due:
            meta += nodes.Text(" \u00b7 ")
            meta += nodes.inline("", "Due: ", classes=["minutes-field"])
            meta += nodes.inline("", state.due.isoformat(), classes=["minutes-due"])
            if overdue:
                meta += nodes.Text(" ")
                meta += status_badge(state.status, overdue=True)
        meta += nodes.Text(" \u00b7 ")
        meta += self.link(self.docname, action_id, [nodes.literal("", action_id)])
        meta[-1]["classes"].append("minutes-action-id")
        result: list[nodes.Node] = [meta]
        if state.history:
            result.append(self.history(state))
        return nodes.container("", *result, classes=["minutes-action-state"])

    def history(self, state: ActionState) -> nodes.Element:
        """The dated history: each update, linking to the meeting that made it."""
        items = nodes.bullet_list(classes=["minutes-history"])
        for update in state.history:
            date = update.meeting_date.isoformat() if update.meeting_date else update.origin.docname
            item = nodes.paragraph()
            item += self.link(update.origin.docname, update.anchor, [nodes.Text(date)])
            changes: list[list[nodes.Node]] = []
            if update.status:
                changes.append([status_badge(update.status)])
            if update.due:
                changes.append([nodes.Text(f"due {update.due.isoformat()}")])
            if update.owners:
                changes.append([nodes.Text("owner "), *self.people(update.owners)])
            if not changes and not update.note:
                changes.append([nodes.inline("", "reviewed, no change", classes=["minutes-history-note"])])
            for i, change in enumerate(changes):
                item += nodes.Text("; " if i else ": ")
                item.extend(change)
            if update.note:
                item += nodes.Text(" \u2014 ")
                item += nodes.inline("", update.note, classes=["minutes-history-note"])
            items += nodes.list_item("", item)
        box = nodes.container(classes=["minutes-action-history"])
        box += nodes.paragraph("", "History", classes=["minutes-field", "minutes-history-title"])
        box += items
        return box

    # -- listings ----------------------------------------------------------------------------

    def action_table(self, node: nodes.Element) -> nodes.Node:
        status_option = node.get("status") or "open"
        status = None if status_option == "all" else Status(status_option)
        states = self.view.action_states(
            status=status, owner=node.get("owner"), series=node.get("series"), overdue=node.get("overdue", False)
        )
        container = nodes.container(classes=["minutes-action-table-wrap"])
        group_by = node.get("group_by")
        if not states:
            container += nodes.paragraph("", "No actions to show.", classes=["minutes-empty"])
            return container
        if not group_by:
            container += self.actions_table(states)
            return container
        for heading, group in self.grouped(states, group_by):
            container += nodes.rubric("", "", *heading, classes=["minutes-group"])
            container += self.actions_table(group)
        return container

    def grouped(self, states: list[ActionState], group_by: str) -> list[tuple[list[nodes.Node], list[ActionState]]]:
        groups: dict[Any, list[ActionState]] = defaultdict(list)
        for state in states:
            if group_by == "owner":
                for owner in state.owners or ("",):
                    groups[owner].append(state)
            elif group_by == "series":
                groups[state.action.series].append(state)
            else:
                groups[(state.action.meeting_date or dt.date.min, state.action.origin.docname)].append(state)
        result = []
        if group_by == "owner":
            registry = self.domain.people
            for owner in sorted(groups, key=lambda o: (o == "", registry.name(o).casefold(), o)):
                heading = self.people((owner,)) if owner else [nodes.Text("No owner")]
                result.append((heading, groups[owner]))
        elif group_by == "series":
            for series in sorted(groups):
                result.append(([nodes.Text(self.domain.series_title(series))], groups[series]))
        else:
            for key in sorted(groups, reverse=True):
                docname = key[1]
                meeting = self.view.meeting_of(docname)
                result.append(([self.meeting_link(meeting, docname)], groups[key]))
        return result

    def actions_table(self, states: list[ActionState]) -> nodes.Element:
        """Description, Due date, Assignee, Task appears on: the wiki task report's columns."""
        today = self.view.today
        rows = []
        for state in states:
            action = state.action
            overdue = state.is_overdue(today)
            description: list[nodes.Node] = []
            if state.status is not Status.OPEN:
                description += [status_badge(state.status), nodes.Text(" ")]
            description.append(
                self.link(
                    action.origin.docname,
                    action.id,
                    [nodes.Text(action.description or f"({action.id}: no description)")],
                )
            )
            if action.problems or self.view.is_shadowed(state):
                description += [
                    nodes.Text(" "),
                    nodes.inline("", "needs fixing", classes=["minutes-badge", "minutes-problem"]),
                ]
            due: list[nodes.Node] = []
            if state.due:
                due.append(nodes.inline("", state.due.isoformat(), classes=["minutes-due"]))
                if overdue:
                    due += [nodes.Text(" "), status_badge(state.status, overdue=True)]
            meeting = self.view.meeting_of(action.origin.docname)
            row_classes = [
                "minutes-action-row",
                f"minutes-status-{state.status}",
                f"minutes-series-{slug(action.series)}",
            ]
            row_classes += ["minutes-overdue"] if overdue else []
            rows.append(
                (
                    [
                        description,
                        due,
                        self.people(state.owners),
                        [self.meeting_link(meeting, action.origin.docname, action.id)],
                    ],
                    row_classes,
                )
            )
        return table(["Description", "Due date", "Assignee", "Task appears on"], rows, ["minutes-action-table"])

    def meeting_list(self, node: nodes.Element) -> nodes.Node:
        meetings = self.view.meetings_newest_first(node.get("series"))
        if node.get("limit"):
            meetings = meetings[: node["limit"]]
        if not meetings:
            return nodes.paragraph("", "No meetings yet.", classes=["minutes-empty"])
        rows = []
        for meeting in meetings:
            actions = self.domain.actions_on(meeting.docname)
            decisions = self.domain.decisions_on(meeting.docname)
            rows.append(
                (
                    [
                        meeting.date.isoformat() if meeting.date else "",
                        [self.link(meeting.docname, "", [nodes.Text(meeting.title)])],
                        f"{len(actions)} ({self.view.open_actions_by_page[meeting.docname]} open)" if actions else "",
                        str(len(decisions)) if decisions else "",
                    ],
                    ["minutes-meeting-row"],
                )
            )
        return table(["Date", "Meeting", "Actions", "Decisions"], rows, ["minutes-meeting-table"])

    def decision_log(self, node: nodes.Element) -> nodes.Node:
        decisions = self.view.decisions_newest_first(node.get("series"))
        if not decisions:
            return nodes.paragraph("", "No decisions yet.", classes=["minutes-empty"])
        rows = []
        for decision in decisions:
            meeting = self.view.meeting_of(decision.origin.docname)
            rows.append(
                (
                    [
                        decision.meeting_date.isoformat() if decision.meeting_date else "",
                        [
                            self.link(
                                decision.origin.docname,
                                decision.id,
                                [nodes.Text(decision.description or f"({decision.id}: no description)")],
                            )
                        ],
                        [self.meeting_link(meeting, decision.origin.docname, "", meeting.title if meeting else None)],
                    ],
                    ["minutes-decision-row"],
                )
            )
        return table(["Date", "Decision", "Meeting"], rows, ["minutes-decision-table"])

    def series_overview(self, node: nodes.Element) -> nodes.Node:
        view = self.view
        open_states = view.action_states(status=Status.OPEN)
        overdue = [s for s in open_states if s.is_overdue(view.today)]
        container = nodes.container(classes=["minutes-overview"])
        counts = nodes.paragraph(classes=["minutes-counts"])
        counts += nodes.strong("", str(len(open_states)))
        counts += nodes.Text(" open actions" if len(open_states) != 1 else " open action")
        if "actions/index" in self.env.found_docs:
            counts[-2:] = [self.link("actions/index", "", counts[-2:])]
        counts += nodes.Text(", ")
        counts += nodes.inline(
            "", f"{len(overdue)} overdue", classes=["minutes-badge", "minutes-overdue"] if overdue else []
        )
        counts += nodes.Text(f" as of {view.today.isoformat()}.")
        container += counts
        rows = []
        for series in view.series():
            meetings = view.meetings_newest_first(series)[: node.get("limit") or 3]
            index = f"minutes/{series}/index"
            title: list[nodes.Node] = [nodes.Text(self.domain.series_title(series))]
            if index in self.env.found_docs:
                title = [self.link(index, "", title)]
            latest: list[nodes.Node] = []
            for i, meeting in enumerate(meetings):
                if i:
                    latest.append(nodes.Text(", "))
                latest.append(
                    self.link(
                        meeting.docname, "", [nodes.Text(meeting.date.isoformat() if meeting.date else meeting.title)]
                    )
                )
            series_open = [s for s in open_states if s.action.series == series]
            series_overdue = sum(1 for s in series_open if s.is_overdue(view.today))
            rows.append(([title, latest, str(len(series_open)), str(series_overdue)], ["minutes-series-row"]))
        if rows:
            container += table(["Series", "Latest meetings", "Open actions", "Overdue"], rows, ["minutes-series-table"])
        return container


class ResolveListings(ResolveMinutes):
    """Fill the listings (action tables, meeting lists, decision logs, the overview).

    Runs after every other post-transform, so that none of them walks the thousands of
    nodes a big site's tables are made of (on a task report page that walking cost more
    than building the tables). The tables get the scroll box ``ShapePage`` gives the others.
    """

    default_priority = 900
    handles = LISTINGS

    def run(self, **kwargs: Any) -> None:
        if not fills_while_writing(self.env._app):
            super().run()

    def actions_table(self, states: list[ActionState]) -> nodes.Element:
        builder = self.env._app.builder
        if builder.format != "html":
            return super().actions_table(states)
        rows = [action_row(state, self.view, self.domain.people) for state in states]
        return nodes.raw("", action_table_html(builder, self.docname, rows), format="html")

    def finish(self, replacement: nodes.Element) -> nodes.Element:
        # Search finds an action or decision on its meeting's page, not again in every table.
        replacement["classes"].append("no-search")
        if self.env._app.builder.format == "html":
            for table in list(replacement.findall(nodes.table)):
                scroll_box(table)
        return replacement.parent if isinstance(replacement, nodes.table) else replacement


def fill_while_writing(translator: nodes.NodeVisitor, node: nodes.Element) -> None:
    """An HTML translator meets a listing: fill it and write what it became.

    Sphinx's parallel writer runs every post-transform of every page in its main process,
    one page after the other, and only translation in its workers; filling the listings
    here lets a ``-j`` build share the largest part of the extension's writing."""
    resolver = ResolveListings(translator.document)
    resolver.page = translator.builder.current_docname
    replacement = resolver.fill(node)
    if replacement is not None:
        replacement.walkabout(translator)
    raise nodes.SkipNode


def fills_while_writing(app: Sphinx) -> bool:
    """Whether this builder's translator fills listings (``fill_while_writing``), as every
    HTML builder's does unless an extension gave it handlers of its own."""
    registry = app.registry.translation_handlers
    builder = app.builder
    handlers = registry.get(builder.name)
    if handlers is None:
        handlers = registry.get(builder.format, {})
    return handlers.get(mnodes.action_table.__name__, (None, None))[0] is fill_while_writing


def setup_listings(app: Sphinx) -> None:
    app.add_directive("action-table", ActionTableDirective)
    app.add_directive("meeting-list", MeetingListDirective)
    app.add_directive("decision-log", DecisionLogDirective)
    app.add_directive("series-overview", SeriesOverviewDirective)
    app.add_post_transform(ResolveMinutes)
    app.add_post_transform(ResolveListings)
    for listing in LISTINGS:
        app.add_node(listing, override=True, html=(fill_while_writing, None))
