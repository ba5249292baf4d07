"""A meeting page's resolved parts written straight as HTML, for HTML builders.

An action's state, the agenda and the meeting panel are a few hundred nodes on a page of
meetings: built as docutils nodes, every later post-transform walked them and the translator
wrote them node by node, which cost more than the rest of the page's writing. For an HTML
builder ``ResolveMinutes`` writes them here instead, as the HTML Sphinx's translator wrote for
those nodes, into one ``html_part`` node whose only child is the text search indexes (the same
words the nodes gave it). Other builders (text, LaTeX ...) still get the nodes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeGuard

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinxcontrib.serializinghtml import SerializingHTMLBuilder

from . import directives
from . import nodes as mnodes
from .model import UNASSIGNED_LABEL

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .model import ActionState, Meeting, Topic
    from .people import PeopleRegistry

SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}
"""What docutils' HTML writers escape in text and attribute values (``special_characters``)."""
LINE_SPACE = re.compile("[\n\r\t\v\f]")
WORDS_AND_SPACES = re.compile(r"\S+| +|\n")


def writes_person_pages(builder: Any) -> TypeGuard[StandaloneHTMLBuilder]:
    """Whether the builder writes the person pages (``pages.collect_pages``); where it does
    not, a person is shown by name. singlehtml writes one page, and json and pickle write no
    template but a page's context for a web app to render."""
    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and builder.name != "singlehtml"
        and not isinstance(builder, SerializingHTMLBuilder)
    )


def anchored(uri: str, anchor: str) -> str:
    """A page's link with an anchor in it: singlehtml links a page as ``#document-<name>``,
    where an anchor replaces that one (as Sphinx's ``fix_refuris`` does for its links)."""
    if not anchor:
        return uri
    return uri.partition("#")[0] + "#" + anchor


def encode(text: str) -> str:
    """Text as the translator writes it (``HTMLTranslator.encode``)."""
    return text.translate(SPECIAL)


def attribute(value: str) -> str:
    """An attribute's value as the translator writes it (``HTMLTranslator.attval``)."""
    return LINE_SPACE.sub(" ", value).translate(SPECIAL)


class PageHtml:
    """The HTML of one page's resolved parts being written, and the words search sees in them.

    Person links are made once per page: a page of meetings names the same people often.
    """

    def __init__(self, builder: Any, docname: str, registry: PeopleRegistry) -> None:
        self.builder = builder
        self.docname = docname
        self.registry = registry
        self.out: list[str] = []
        self.words: list[str] = []
        self.persons: dict[tuple[str, str | None], tuple[str, str]] = {}
        self.uris: dict[str, str] = {}
        self.table: list[int] = []

    def node(self, **attributes: Any) -> mnodes.html_part:
        """What was written since the last node, as one node; the writer starts afresh.

        A table's own tag is left to the translator (``open_table``), as themes write it
        their own way (pydata's wraps it in its scrolling box)."""
        text = " ".join(word for word in self.words if word)
        if self.table:
            start, end = self.table
            html: Any = ("".join(self.out[:start]), "".join(self.out[start:end]), "".join(self.out[end:]))
        else:
            html = "".join(self.out)
        part = mnodes.html_part("", *([nodes.Text(text)] if text else []), html=html, **attributes)
        self.out, self.words, self.table = [], [], []
        return part

    def open_table(self) -> None:
        """Where the translator writes ``<table>`` (``node(table=classes)``)."""
        self.table.append(len(self.out))

    def close_table(self) -> None:
        """Where the translator writes ``</table>``."""
        self.table.append(len(self.out))

    def raw(self, html: str) -> None:
        self.out.append(html)

    def text(self, text: str) -> None:
        self.out.append(encode(text))
        self.words.append(text)

    def span(self, text: str, classes: str) -> None:
        """``<span class=...>``, as an inline node with those classes is written."""
        self.out.append(f'<span class="{attribute(classes)}">{encode(text)}</span>')
        self.words.append(text)

    def uri(self, todocname: str, anchor: str = "") -> str:
        """The link to a page (at an anchor) from this one; each page's asked of the builder
        once, as most links of a page go to the page itself (its actions and topics)."""
        uri = self.uris.get(todocname)
        if uri is None:
            uri = self.uris[todocname] = self.builder.get_relative_uri(self.docname, todocname)
        return anchored(uri, anchor)

    def open_link(self, todocname: str, anchor: str = "", classes: str = "") -> None:
        """``<a>`` as Sphinx writes an internal reference (``listings.internal_link``)."""
        uri = self.uri(todocname, anchor) or "#"
        self.out.append(f'<a class="{attribute(classes + "reference internal")}" href="{attribute(uri)}">')

    def link(self, todocname: str, anchor: str, text: str) -> None:
        self.open_link(todocname, anchor)
        self.text(text)
        self.out.append("</a>")

    def literal(self, text: str) -> None:
        """``<code>`` as Sphinx writes a literal: each word in its own unbreakable span."""
        out = ['<code class="docutils literal notranslate">']
        for token in WORDS_AND_SPACES.findall(encode(text)):
            if token.strip():
                out.append(f'<span class="pre">{token}</span>')
            elif token in (" ", "\n"):
                out.append(token)
            else:
                out.append("&#160;" * (len(token) - 1) + " ")
        out.append("</code>")
        self.out.append("".join(out))
        self.words.append(text)

    def person(self, name: str, shown: str | None = None) -> None:
        """A person as ``roles.person_node`` and the domain's ``person_ref`` show them;
        ``shown``: their name as the page's text has it (with its smart quotes)."""
        made = self.persons.get((name, shown))
        if made is None:
            made = self.persons[(name, shown)] = self.person_html(name, shown)
        self.out.append(made[0])
        self.words.append(made[1])

    def person_html(self, name: str, shown: str | None) -> tuple[str, str]:
        person = self.registry.resolve(name)
        if person is None:
            shown = name if shown is None else shown
            return f'<span class="minutes-person minutes-unknown-person">{encode(shown)}</span>', shown
        shown = person.name if shown is None else shown
        span = f'<span class="minutes-person">{encode(shown)}</span>'
        if not person.has_page or not writes_person_pages(self.builder):
            return span, shown
        href = attribute(self.uri(f"people/{person.id}") or "#")
        title = attribute(person.name)
        return f'<a class="minutes-person reference internal" href="{href}" title="{title}">{span}</a>', shown

    def people(self, names: Iterable[str]) -> None:
        """People separated by commas (``roles.people_nodes``)."""
        for i, name in enumerate(names):
            if i:
                self.text(", ")
            self.person(name)

    def unassigned(self) -> None:
        self.span(UNASSIGNED_LABEL, "minutes-unassigned")

    def badge(self, status: str, overdue: bool = False) -> None:
        """``listings.status_badge``."""
        if overdue:
            self.span("overdue", "minutes-badge minutes-overdue")
        else:
            self.span(status, f"minutes-badge minutes-status minutes-status-{status}")


def action_state(
    page: PageHtml, state: ActionState, action_id: str, overdue: bool, missing_owner: bool
) -> mnodes.html_part:
    """What ``ResolveMinutes.action_state`` builds as nodes: owners, due date, the action's id
    (its anchor) and its dated history. ``missing_owner``: none was written (a problem shown)."""
    page.raw('<div class="minutes-action-state docutils container">\n<p class="minutes-action-meta">')
    page.span("Owner: " if len(state.owners) < 2 else "Owners: ", "minutes-field")
    if state.owners:
        page.people(state.owners)
    elif missing_owner:
        page.span("none", "minutes-problem-note")
    else:
        page.unassigned()
    if state.due:
        page.text(" \u00b7 ")
        page.span("Due: ", "minutes-field")
        page.span(state.due.isoformat(), "minutes-due")
        if overdue:
            page.text(" ")
            page.badge(state.status, overdue=True)
    page.text(" \u00b7 ")
    page.open_link(page.docname, action_id, "minutes-action-id ")
    page.literal(action_id)
    page.raw("</a></p>\n")
    if state.history:
        history(page, state)
    page.raw("</div>\n")
    return page.node()


def history(page: PageHtml, state: ActionState) -> None:
    """The dated history (``ResolveMinutes.history``): each update, linking to its meeting."""
    page.raw('<div class="minutes-action-history docutils container">\n')
    page.raw('<p class="minutes-field minutes-history-title">')
    page.text("History")
    page.raw('</p>\n<ul class="minutes-history simple">\n')
    for update in state.history:
        page.raw("<li><p>")
        date = update.meeting_date.isoformat() if update.meeting_date else update.origin.docname
        page.link(update.origin.docname, update.anchor, date)
        changes = 0
        if update.status:
            changes = separator(page, changes)
            page.badge(str(update.status))
        if update.due:
            changes = separator(page, changes)
            page.text(f"due {update.due.isoformat()}")
        if update.owners is not None:
            changes = separator(page, changes)
            page.text("owner ")
            if update.owners:
                page.people(update.owners)
            else:
                page.unassigned()
        if not changes and not update.note:
            page.text(": ")
            page.span("reviewed, no change", "minutes-history-note")
        if update.note:
            page.text(" \u2014 ")
            page.span(update.note, "minutes-history-note")
        page.raw("</p></li>\n")
    page.raw("</ul>\n</div>\n")


def logistics(page: PageHtml, meeting: Meeting, shown: list[nodes.Element]) -> list[nodes.Node]:
    """The panel's date, time, place and people (``directives.logistics``), each row's text
    as ``shown`` (its paragraph) holds it; the location's nodes stand where it shows, to be
    translated as they are."""
    parts: list[nodes.Node] = []
    page.raw('<dl class="simple minutes-logistics">\n')
    for (label, cls, value), paragraph in zip(directives.logistics(meeting), shown, strict=False):
        page.raw(f'<dt class="minutes-{cls}-label">')
        page.text(label)
        page.raw(f'</dt><dd class="minutes-{cls}"><p>')
        if value is None:
            parts += [page.node(), mnodes.html_inline("", "", *paragraph.children)]
        elif isinstance(value, str):
            page.text(paragraph.astext())
            if cls == "time":
                page.raw(directives.local_time(meeting))
        else:
            for i, name in enumerate(value):
                if i:
                    page.text(", ")
                page.person(name, paragraph[2 * i].astext())
        page.raw("</p>\n</dd>\n")
    page.raw("</dl>\n")
    return [*parts, page.node()]


def agenda(page: PageHtml, topics: Sequence[Topic], zone: str | None) -> mnodes.html_part:
    """The agenda (``ResolveMinutes.agenda``): each topic's time when any has one, its title
    linking to its section, its leads. ``zone``: the meeting's time zone, for the header."""
    timed = any(topic.time for topic in topics)
    page.raw('<div class="minutes-agenda docutils container">\n<p class="rubric">')
    page.text("Agenda")
    page.raw('</p>\n<div class="minutes-table-scroll docutils container">\n')
    page.open_table()
    page.raw('<thead>\n<tr class="row-odd">')
    if timed:
        page.raw('<th class="head"><p>')
        time_header(page, zone)
        page.raw("</p></th>\n")
    for header in ("Topic", "Lead"):
        page.raw('<th class="head"><p>')
        page.text(header)
        page.raw("</p></th>\n")
    page.raw("</tr>\n</thead>\n<tbody>\n")
    for row, topic in enumerate(topics):
        page.raw('<tr class="row-even">' if row % 2 == 0 else '<tr class="row-odd">')
        if timed:
            page.raw("<td><p>")
            page.text(topic.when.text if topic.when else topic.time or "")
            page.raw("</p></td>\n")
        page.raw("<td><p>")
        page.link(page.docname, topic.anchor, topic.title)
        page.raw("</p></td>\n<td><p>")
        page.people(topic.lead)
        page.raw("</p></td>\n</tr>\n")
    page.raw("</tbody>\n")
    page.close_table()
    page.raw("</div>\n</div>\n")
    return page.node(table=["minutes-table", "minutes-agenda-table"])


def time_header(page: PageHtml, zone: str | None) -> None:
    """``Time (America/Los_Angeles)``, free to wrap after the zone's slashes (``listings.time_header``)."""
    if not zone:
        page.text("Time")
        return
    page.text("Time (")
    parts = zone.split("/")
    for i, part in enumerate(parts):
        page.text(part + ("/" if i < len(parts) - 1 else ""))
        if i < len(parts) - 1:
            page.raw("<wbr>")
    page.text(")")


def separator(page: PageHtml, changes: int) -> int:
    """``: `` before an update's first change, ``; `` before each next one; how many now."""
    page.text("; " if changes else ": ")
    return changes + 1
