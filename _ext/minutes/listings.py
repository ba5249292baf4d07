"""Listings (action-table, meeting-list, decision-log) and every resolved part of a page.

The directives only note what to list; ``ResolveMinutes`` builds the tables when the
page is written, from the whole site's current data, so no listing is ever stale.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as mnodes
from . import pagehtml
from .checks import Subtype, check_status, warn, warn_unknown_person
from .directives import MinutesDirective, logistics, options_note
from .domain import minutes_domain, page_people
from .model import UNASSIGNED, ActionState, Listing, Meeting, Origin, Status, is_unassigned
from .pages import action_table_html
from .reader import DUES_ALL
from .roles import people_nodes, unassigned
from .rows import (
    ActionGroup,
    ActionRow,
    Cell,
    DecisionRow,
    Link,
    MeetingRow,
    OpenCount,
    PersonLink,
    Row,
    SeriesRow,
    Shown,
    Span,
    listing_rows,
)
from .theme import scroll_box

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import MinutesDomain
    from .view import MinutesView

GROUPS = ("owner", "series", "meeting")
FLAG_OFF = ("no", "false", "off", "0")
FLAG_HELP = {"overdue": "list only the open actions past their due date"}
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
        self.domain.note_listing(self.env.docname, Listing(self.name, tuple(sorted(options.items())), line))
        return [*self.unread_note(), node]

    def checked_options(self) -> dict[str, Any]:
        return {"series": (self.options.get("series") or "").strip() or None}

    def option_limit(self) -> int | None:
        text = (self.options.get("limit") or "").strip()
        if not text:
            return None
        if not re.fullmatch(r"[0-9]+", text) or int(text) == 0:
            warn(
                f":limit: {text!r} is not a positive whole number; write e.g. ':limit: 5'",
                Subtype.BAD_OPTION,
                (self.env.docname, self.option_line("limit")),
            )
            self.unread.append(("limit", text))
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
                self.unread.append(("status", (self.options.get("status") or "").strip()))
            status = str(parsed) if parsed else "open"
        owner = (self.options.get("owner") or "").strip() or None
        if owner and is_unassigned(owner):
            owner = UNASSIGNED  # the actions nobody owns
        elif owner:
            registry = page_people(self.env)
            person = registry.resolve(owner)
            if person is None:
                warn_unknown_person(registry, owner, (location, self.option_line("owner")))
            else:
                owner = person.id
        group_by = (self.options.get("group-by") or "").strip().lower() or None
        if group_by and group_by not in GROUPS:
            warn(
                f":group-by: {group_by!r} is not one of owner, series, meeting; use one of those",
                Subtype.BAD_OPTION,
                (location, self.option_line("group-by")),
            )
            self.unread.append(("group-by", (self.options.get("group-by") or "").strip()))
            group_by = None
        return {
            "status": status,
            "owner": owner,
            "series": (self.options.get("series") or "").strip() or None,
            "overdue": self.option_flag("overdue"),
            "group_by": group_by,
        }

    def option_flag(self, name: str) -> bool:
        """A flag (``:overdue:``) is on when given, and takes no value: one given a value is warned
        and read as the note-taker meant it, ``no``, ``false``, ``off`` or ``0`` as off, else on."""
        if name not in self.options:
            return False
        value = (self.options.get(name) or "").strip()
        if not value:
            return True
        on = value.lower() not in FLAG_OFF
        warn(
            f":{name}: takes no value, and {value!r} is read as {'on' if on else 'off'}; write ':{name}:' "
            f"alone to {FLAG_HELP.get(name, 'turn it on')}, or leave the line out",
            Subtype.BAD_OPTION,
            (self.env.docname, self.option_line(name)),
        )
        return on


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


def table(
    headers: Sequence[str | list[nodes.Node]], rows: list[tuple[list[Any], list[str]]], classes: list[str]
) -> nodes.table:
    """A docutils table; each row is (cells, row classes), a cell a node, a list of nodes or text;
    a header is text or a list of nodes."""
    tbl = nodes.table(classes=["minutes-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for _ in headers:
        group += nodes.colspec(colwidth=30)  # the text builder wraps cells at this width
    head = nodes.thead()
    head += nodes.row(
        "",
        *[
            nodes.entry("", nodes.paragraph(h, h) if isinstance(h, str) else nodes.paragraph("", "", *h))
            for h in headers
        ],
    )
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


def time_header(zone: str) -> list[nodes.Node]:
    """``Time (America/Los_Angeles)``, free to wrap after the zone's slashes (a ``<wbr>`` in
    HTML), so that on a phone the header is as narrow as the times under it."""
    header: list[nodes.Node] = [nodes.Text("Time (")]
    parts = zone.split("/")
    for i, part in enumerate(parts):
        header.append(nodes.Text(part + ("/" if i < len(parts) - 1 else "")))
        if i < len(parts) - 1:
            header.append(nodes.raw("", "<wbr>", format="html"))
    return [*header, nodes.Text(")")]


def internal_link(
    builder: Any, fromdocname: str, todocname: str, anchor: str, children: list[nodes.Node]
) -> nodes.reference:
    uri = pagehtml.anchored(builder.get_relative_uri(fromdocname, todocname), anchor)
    return nodes.reference("", "", *children, internal=True, refuri=uri)


def status_badge(status: Status | str, overdue: bool = False) -> nodes.inline:
    if overdue:
        return nodes.inline("", "overdue", classes=["minutes-badge", "minutes-overdue"])
    return nodes.inline("", str(status), classes=["minutes-badge", "minutes-status", f"minutes-status-{status}"])


def own_pages(document: nodes.document) -> dict[int, str]:
    """singlehtml transforms every page at once, as its root document (the tree Sphinx
    assembled, marked with a ``docname``; a page's own tree has none): each placeholder's
    records are looked up on the page Sphinx inlined it from (the innermost
    ``start_of_file``; its children keep their old parent, so it is found from above)."""
    pages: dict[int, str] = {}
    for start in document.findall(addnodes.start_of_file):
        for node in start.findall(mnodes.MinutesPlaceholder):
            pages[id(node)] = start["docname"]
    return pages


class ResolveMinutes(SphinxPostTransform):
    """Fill a meeting page's placeholders (eyebrow, agenda, action states) from the domain's
    data as the page is written.

    Runs late (880), after Sphinx's, MyST's and sphinx-design's post-transforms, so none of
    them walks what it builds (none has work there); its person links are ``person_ref``'s.
    """

    default_priority = 880
    handles: ClassVar[tuple[type[nodes.Element], ...]] = (
        mnodes.meeting_header,
        mnodes.logistics,
        mnodes.agenda,
        mnodes.action_state,
    )

    @property
    def domain(self) -> MinutesDomain:
        return minutes_domain(self.env)

    page: str | None = None
    """The page being written, when the placeholders are filled outside its post-transforms."""

    @property
    def docname(self) -> str:
        return self.page or self.env.docname

    def run(self, **kwargs: Any) -> None:
        pages = own_pages(self.document) if "docname" in self.document else {}  # assembled
        for node in list(self.document.findall(mnodes.MinutesPlaceholder)):
            if type(node) in self.handles:
                page = pages.get(id(node))
                if page is not None and page != self.docname:
                    self.page = page
                    self.__dict__.pop("page_html", None)
                self.fill(node)

    @property
    def writes_html(self) -> bool:
        """An HTML builder gets the meeting page's parts as HTML (``pagehtml``), others nodes."""
        return bool(self.env._app.builder.format == "html")

    @cached_property
    def page_html(self) -> pagehtml.PageHtml:
        return pagehtml.PageHtml(self.env._app.builder, self.docname, self.domain.people)

    def fill(self, node: nodes.Element) -> nodes.Element | None:
        """Put the placeholder's content in its place; None when there is nothing to show."""
        handlers = {
            mnodes.meeting_header: self.meeting_header,
            mnodes.logistics: self.logistics,
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
        return self.finish(replacement) if isinstance(replacement, nodes.Element) else None

    def finish(self, replacement: nodes.Element) -> nodes.Element:
        """Anything a filled placeholder needs once it stands in the page; what then stands
        in its place."""
        return replacement

    @property
    def view(self) -> MinutesView:
        return self.domain.view

    def link(self, todocname: str, anchor: str, children: list[nodes.Node]) -> nodes.reference:
        return internal_link(self.env._app.builder, self.docname, todocname, anchor, children)

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

    def logistics(self, node: nodes.Element) -> nodes.Node | list[nodes.Node]:
        meeting, shown = node["meeting"], node.children[:]
        if self.writes_html:
            return pagehtml.logistics(self.page_html, meeting, shown)
        return logistics_list(self, meeting, shown)

    def agenda(self, node: nodes.Element) -> nodes.Node | None:
        topics = self.domain.topics(self.docname)
        if not topics:
            return None
        meeting = self.view.meeting_of(self.docname)
        if self.writes_html:
            return pagehtml.agenda(self.page_html, topics, meeting.timezone if meeting else None)
        timed = any(topic.time for topic in topics)
        headers: list[str | list[nodes.Node]] = ["Topic", "Lead"]
        if timed:
            headers.insert(0, time_header(meeting.timezone) if meeting and meeting.timezone else "Time")
        rows: list[tuple[list[Any], list[str]]] = []
        for topic in topics:
            cells: list[Any] = [
                [self.link(self.docname, topic.anchor, [nodes.Text(topic.title)])],
                self.people(topic.lead),
            ]
            if timed:
                cells.insert(0, topic.when.text if topic.when else topic.time or "")
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
        missing_owner = Subtype.MISSING_OWNER in state.action.problems and state.owners == state.action.owners
        if self.writes_html:
            return pagehtml.action_state(self.page_html, state, action_id, overdue, missing_owner)
        return action_state_nodes(self, state, action_id, overdue, missing_owner)

    # -- listings ----------------------------------------------------------------------------

    def parts(self, parts: Cell) -> list[nodes.Node]:
        """A cell's parts (rows.py) as nodes: what the Jinja macro writes as HTML."""
        result: list[nodes.Node] = []
        for part in parts:
            if isinstance(part, PersonLink):
                result += self.people((part.id,))
            elif isinstance(part, Link):
                result.append(self.link(part.docname, part.anchor, [nodes.Text(part.text)]))
            elif isinstance(part, Span):
                result.append(nodes.inline("", part.text, classes=list(part.classes)))
            else:
                result.append(nodes.Text(part.text))
        return result

    def rows_table(self, rows: Sequence[Row], classes: str, variant: str = "") -> nodes.table:
        """A docutils table of rows (rows.py decides headers, cells and classes)."""
        body = [([self.parts(cell) for cell in row.cells(variant)], list(row.classes)) for row in rows]
        return table(list(rows[0].headers(variant)), body, [classes])

    def shown(self, node: nodes.Element) -> Shown:
        """The rows the listing shows (rows.py), from the options its directive checked."""
        kind = type(node).__name__.replace("_", "-")
        return listing_rows(kind, node.attributes, self.view, self.domain.people, self.env.found_docs.__contains__)

    def action_table(self, node: nodes.Element) -> nodes.Node:
        shown = cast(list[ActionRow] | list[ActionGroup], self.shown(node))
        if self.env._app.builder.format != "html":
            shown = visible_rows(shown)  # rows a reader's date may show need a script
        note = series_note(node, self.view, self.env.found_docs)
        container = nodes.container("", *note, *empty_note(shown), classes=["minutes-action-table-wrap"])
        for item in shown:
            if isinstance(item, ActionGroup):
                container += nodes.rubric("", "", *self.parts(item.heading), classes=["minutes-group"])
                container += self.actions_table(list(item.rows))
        if shown and not isinstance(shown[0], ActionGroup):
            container += self.actions_table(shown)
        return container

    def actions_table(self, rows: list[ActionRow]) -> nodes.Element:
        return self.rows_table(rows, "minutes-action-table")

    def meeting_list(self, node: nodes.Element) -> nodes.Node:
        rows = cast(list[MeetingRow], self.shown(node))
        if not rows:
            return empty_listing("No meetings yet.", series_note(node, self.view, self.env.found_docs))
        return self.rows_table(rows, "minutes-meeting-table")

    def decision_log(self, node: nodes.Element) -> nodes.Node:
        rows = cast(list[DecisionRow], self.shown(node))
        if not rows:
            return empty_listing("No decisions yet.", series_note(node, self.view, self.env.found_docs))
        return self.rows_table(rows, "minutes-decision-table")

    def series_overview(self, node: nodes.Element) -> nodes.Node:
        count, rows = cast(tuple[OpenCount, list[SeriesRow]], self.shown(node))
        container = nodes.container(classes=["minutes-overview"])
        counts = nodes.paragraph(classes=["minutes-counts"])
        counts += nodes.strong("", str(count.open))
        counts += nodes.Text(" open actions" if count.open != 1 else " open action")
        if "actions/index" in self.env.found_docs:
            counts[-2:] = [self.link("actions/index", "", counts[-2:])]
        counts += nodes.Text(", ")
        badge = ["minutes-badge", "minutes-overdue"] if count.overdue else []
        counts += nodes.inline(
            "", f"{count.overdue} overdue", classes=[*badge, "minutes-overdue-count", "minutes-count-badge", DUES_ALL]
        )
        counts += nodes.Text(" as of ")
        counts += nodes.inline("", count.today, classes=["minutes-as-of"])
        counts += nodes.Text(".")
        container += counts
        if rows:
            container += self.rows_table(rows, "minutes-series-table")
        else:
            container += nodes.paragraph("", "No meetings yet.", classes=["minutes-empty"])
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

    def actions_table(self, rows: list[ActionRow]) -> nodes.Element:
        builder = self.env._app.builder
        if builder.format != "html":
            return super().actions_table(rows)
        return nodes.raw("", action_table_html(builder, self.docname, rows), format="html")

    def finish(self, replacement: nodes.Element) -> nodes.Element:
        # Search finds an action or decision on its meeting's page, not again in every table.
        replacement["classes"].append("no-search")
        if self.env._app.builder.format == "html":
            for table in list(replacement.findall(nodes.table)):
                scroll_box(table)
        return replacement.parent if isinstance(replacement, nodes.table) else replacement


def action_state_nodes(
    resolver: ResolveMinutes, state: ActionState, action_id: str, overdue: bool, missing_owner: bool
) -> nodes.Element:
    """An action's owners, due date, id and history as nodes, for other builders
    (``pagehtml.action_state`` writes them for HTML builders)."""
    meta = nodes.paragraph(classes=["minutes-action-meta"])
    meta += nodes.inline("", "Owner: " if len(state.owners) < 2 else "Owners: ", classes=["minutes-field"])
    if state.owners:
        meta.extend(resolver.people(state.owners))
    elif missing_owner:
        meta += nodes.inline("", "none", classes=["minutes-problem-note"])
    else:
        meta += unassigned()
    if state.due:
        meta += nodes.Text(" \u00b7 ")
        meta += nodes.inline("", "Due: ", classes=["minutes-field"])
        meta += nodes.inline("", state.due.isoformat(), classes=["minutes-due"])
        if overdue:
            meta += nodes.Text(" ")
            meta += status_badge(state.status, overdue=True)
    meta += nodes.Text(" \u00b7 ")
    meta += resolver.link(resolver.docname, action_id, [nodes.literal("", action_id)])
    meta[-1]["classes"].append("minutes-action-id")
    result: list[nodes.Node] = [meta]
    if state.history:
        result.append(history(resolver, state))
    return nodes.container("", *result, classes=["minutes-action-state"])


def history(resolver: ResolveMinutes, state: ActionState) -> nodes.Element:
    """The dated history: each update, linking to the meeting that made it (other builders'
    nodes; ``pagehtml.history`` writes it for HTML builders)."""
    items = nodes.bullet_list(classes=["minutes-history"])
    for update in state.history:
        date = update.meeting_date.isoformat() if update.meeting_date else update.origin.docname
        item = nodes.paragraph()
        item += resolver.link(update.origin.docname, update.anchor, [nodes.Text(date)])
        changes: list[list[nodes.Node]] = []
        if update.status:
            changes.append([status_badge(update.status)])
        if update.due:
            changes.append([nodes.Text(f"due {update.due.isoformat()}")])
        if update.owners is not None:
            changes.append([nodes.Text("owner "), *(resolver.people(update.owners) or [unassigned()])])
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


def logistics_list(resolver: ResolveMinutes, meeting: Meeting, shown: list[nodes.Element]) -> nodes.Element:
    """The panel's rows (``directives.logistics``) as a definition list, for other builders;
    each row's text as its paragraph in ``shown`` holds it."""
    fields = nodes.definition_list(classes=["minutes-logistics"])
    registry = resolver.domain.people
    for (label, cls, value), paragraph in zip(logistics(meeting), shown, strict=False):
        if isinstance(value, tuple):
            for i, name in enumerate(value):
                classes = ["minutes-person"] + ([] if registry.resolve(name) else ["minutes-unknown-person"])
                paragraph[2 * i] = nodes.inline("", "", paragraph[2 * i], classes=classes)
        definition = nodes.definition("", paragraph, classes=[f"minutes-{cls}"])
        fields += nodes.definition_list_item("", nodes.term(label, label, classes=[f"minutes-{cls}-label"]), definition)
    return fields


def visible_rows(shown: list[ActionRow] | list[ActionGroup]) -> list[ActionRow] | list[ActionGroup]:
    """What a page without a script shows: the rows not hidden, the groups that keep one."""
    if shown and isinstance(shown[0], ActionGroup):
        groups = [ActionGroup(g.heading, tuple(r for r in g.rows if not r.hidden)) for g in shown]
        return [g for g in groups if g.rows]
    return [r for r in cast(list[ActionRow], shown) if not r.hidden]


def series_note(node: nodes.Element, view: MinutesView, found_docs: Collection[str]) -> list[nodes.Node]:
    """A listing's ``:series:`` that no meeting or series page has (warned as unknown-series
    once every page is read), shown as not understood, as its directive shows other options."""
    series = node.get("series")
    if not series or series in view.series() or f"minutes/{series}/index" in found_docs:
        return []
    return [options_note("Not understood: ", [("series", series)])]


def empty_listing(text: str, note: list[nodes.Node]) -> nodes.Element:
    """``No meetings yet.``, after the listing's note if it has one."""
    empty = nodes.paragraph("", text, classes=["minutes-empty"])
    return nodes.container("", *note, empty) if note else empty


def empty_note(shown: list[ActionRow] | list[ActionGroup]) -> list[nodes.Node]:
    """ "No actions to show." when no row shows; in an :overdue: listing with nothing overdue
    yet, its rows wait hidden for the reader's date (minutes-dates.js hides the note then)."""
    rows = [r for item in shown for r in (item.rows if isinstance(item, ActionGroup) else (item,))]
    if any(not r.hidden for r in rows):
        return []
    classes = ["minutes-empty", "minutes-overdue-empty"] if rows else ["minutes-empty"]
    return [nodes.paragraph("", "No actions to show.", classes=classes)]


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
