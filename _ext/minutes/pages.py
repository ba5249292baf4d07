"""Person pages and the people index, yielded from ``html-collect-pages`` as ablog does.

They are generated on every build from the domain's resolved view, so a person's page never
lists a stale action. The templates (``templates/minutes/person.html``, ``people.html``)
extend the theme's ``page.html`` and set ``body`` and ``title``, so the pages look like
every other page under any Sphinx HTML theme.

Markdown cannot name a generated page or export as a document, so a link such as
``[calendar](../actions.ics)`` or ``[people](people/index.html)`` is resolved here from
a post-transform, relative to the page that holds it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri
from sphinxcontrib.serializinghtml import SerializingHTMLBuilder

from .domain import minutes_domain
from .freshness import (
    generated_output_is_current,
    generated_pages_to_write,
    mark_generated_output,
    mark_generated_pages,
    page_digests,
    remove_unmade_pages,
)
from .model import Person
from .pagehtml import anchored, writes_person_pages
from .reader import page_dues
from .rows import ActionRow, Cell, Link, PersonLink, Row, Span, action_row, attended_rows, led_rows

if TYPE_CHECKING:
    from jinja2 import Template
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import MinutesDomain

PEOPLE_INDEX = "people/index"
EXPORTS = ("actions.json", "actions.schema.json", "actions.ics", "meetings.ics", "minutes.atom")
"""Files that ``exports`` writes at the root of the site."""
SERIES_FEEDS = ("meetings.ics", "actions.ics", "meetings.atom")
"""Files that ``exports`` writes in each ``minutes/<series>/``."""


ACTION_TABLE = (
    '{% from "minutes/_macros.html" import action_table with context %}{{ action_table(rows, filters=true) }}'
)


ACTION_TABLES: WeakKeyDictionary[Any, Template] = WeakKeyDictionary()
"""Per builder, the compiled ``ACTION_TABLE``: compiled once per build, not once per table."""


def action_table_html(builder: Any, docname: str, rows: list[ActionRow]) -> str:
    """An action table in a page's HTML, with the person pages' macro (``_macros.html``).

    A task report of thousands of actions written as docutils nodes and translated cost
    more than the rest of the page's writing; the template writes the same table at once.
    """
    template = ACTION_TABLES.get(builder)
    if template is None:
        template = ACTION_TABLES[builder] = builder.templates.environment.from_string(ACTION_TABLE)
    persons = writes_person_pages(builder)

    def pathto(other: str) -> str | None:
        if not persons and other.startswith("people/"):
            return None  # no person page to link: the person is shown by name
        return builder.get_relative_uri(docname, other)

    return template.render(rows=rows, pathto=pathto)


def rows_html(rows: Sequence[Row], variant: str, pathto: Callable[[str], str | None]) -> str:
    """The ``<tr>`` lines of a table of rows (``_macros.html``'s ``rows_table``): each row's
    classes, ``data-`` attributes and cells, each cell's parts as text, a marked span, a link
    or a person (linked when the registry knows them). Every text of the minutes is escaped."""
    people: dict[str, str] = {}
    hrefs: dict[str, str | None] = {}

    def href(docname: str) -> str | None:
        """``pathto``, asked once per page linked: a row links its meeting twice, a table
        the same meetings and people again and again."""
        uri = hrefs.get(docname)
        if uri is None:
            uri = hrefs[docname] = pathto(docname)
        return uri

    lines = []
    for row in rows:
        data = "".join(f' data-{name}="{escaped(str(value))}"' for name, value in row.data)
        hidden = " hidden" if getattr(row, "hidden", False) else ""
        cells = "".join(f"\n<td>{cell_html(parts, href, people)}</td>" for parts in row.cells(variant))
        lines.append(f'\n<tr class="{escaped(" ".join(row.classes))}"{data}{hidden}>{cells}\n</tr>')
    return "".join(lines)


def escaped(text: str) -> str:
    """``markupsafe.escape(text)`` as a plain ``str``: the same five characters replaced by the
    same references. Called for every part of every cell, where making a ``Markup`` of each
    cost more than the escaping itself."""
    return (
        text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")
    )


def cell_html(parts: Cell, pathto: Callable[[str], str | None], people: dict[str, str]) -> str:
    """A cell's parts in HTML; ``people`` keeps each person's link once made (one page's).
    A person whose page ``pathto`` gives no link (None: the builder writes none) is a name."""
    out = []
    for part in parts:
        if isinstance(part, PersonLink):
            link = people.get(part.id) if part.known else None
            if link is None:
                href = pathto("people/" + part.id) if part.known else None
                link = (
                    f'<a class="minutes-person reference internal" href="{href}">{escaped(part.name)}</a>'
                    if href is not None
                    else f'<span class="minutes-person">{escaped(part.name)}</span>'
                    if part.known
                    else f'<span class="minutes-person minutes-unknown-person">{escaped(part.name)}</span>'
                )
                if part.known:
                    people[part.id] = link
            out.append(link)
        elif isinstance(part, Link):
            href = anchored(pathto(part.docname) or "", escaped(part.anchor) if part.anchor else "")
            out.append(f'<a class="reference internal" href="{href}">{escaped(part.text)}</a>')
        elif isinstance(part, Span):
            out.append(f'<span class="{escaped(" ".join(part.classes))}">{escaped(part.text)}</span>')
        else:
            out.append(escaped(part.text))
    return "".join(out)


def add_rows_html(app: Sphinx) -> None:
    """``minutes_rows_html`` for the templates (``_macros.html``)."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        environment.globals["minutes_rows_html"] = rows_html


def person_context(domain: MinutesDomain, person: Person) -> dict[str, Any]:
    view, registry = domain.view, domain.people
    open_rows = [action_row(s, view, registry) for s in view.open_actions(owner=person.id)]
    return {
        "person": person,
        "open_actions": open_rows,
        "overdue_count": sum(1 for row in open_rows if row.overdue),
        "closed_actions": [action_row(s, view, registry) for s in view.closed_actions(person.id)],
        "meetings": attended_rows(view, person.id),
        "decisions": led_rows(view, person.id),
        "today": view.today.isoformat(),
        "people_index": PEOPLE_INDEX,
        "task_report": "actions/index" if "actions/index" in domain.env.found_docs else None,
    }


def people_context(domain: MinutesDomain) -> dict[str, Any]:
    view, registry = domain.view, domain.people
    people = []
    for person in sorted(registry.people.values(), key=lambda p: (p.name.casefold(), p.id)):
        states = view.open_actions(owner=person.id)
        people.append(
            {
                "person": person,
                "open": len(states),
                "overdue": sum(1 for s in states if s.is_overdue(view.today)),
                "meetings": len(view.meetings_with(person.id)),
            }
        )
    return {
        "people": people,
        "today": view.today.isoformat(),
        "task_report": "actions/index" if "actions/index" in domain.env.found_docs else None,
    }


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """A page per person of the registry, and the people index."""
    builder = app.builder
    if not writes_person_pages(builder):
        return
    domain = minutes_domain(app.env)
    people = domain.people.with_pages()
    remove_unmade_pages(app, "people", [PEOPLE_INDEX, *(f"people/{p.id}" for p in people)], builder.get_outfilename)
    outputs = [Path(builder.get_outfilename(f"people/{p.id}")) for p in people]
    if generated_output_is_current(app, "people", [*outputs, Path(builder.get_outfilename(PEOPLE_INDEX))]):
        return
    contexts = {f"people/{person.id}": person_context(domain, person) for person in people}
    contexts[PEOPLE_INDEX] = people_context(domain)
    # What a page draws, and the due dates behind its overdue counts, in its head (reader.py).
    digests = page_digests(app, {page: (drawn(c), page_dues(domain, page)) for page, c in contexts.items()})
    for page in sorted(generated_pages_to_write(app, "people", digests, builder.get_outfilename)):
        yield page, contexts[page], "minutes/people.html" if page == PEOPLE_INDEX else "minutes/person.html"
    mark_generated_pages(app, "people", digests)
    mark_generated_output(app, "people")


def drawn(context: dict[str, Any]) -> dict[str, Any]:
    """What a person page draws of its context, for the digest that decides whether it is
    written again: the meetings table shows a meeting's date, title and the person's roles,
    not how many of its actions are open, so closing an action writes its owners' pages only."""
    meetings = context.get("meetings")
    if not meetings:
        return context
    return {**context, "meetings": [row.cells("attended") for row in meetings]}


# -- links from Markdown to generated pages and exports --------------------------------------


def generated_target(env: BuildEnvironment, fromdocname: str, target: str) -> str | None:
    """The site path a link names when it is a person page, the people index or an export."""
    target = target.split("#", 1)[0]
    if not target or "://" in target:
        return None
    if target.startswith("/"):
        path = posixpath.normpath(target.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(fromdocname), target))
    if path in EXPORTS:
        return path
    domain = minutes_domain(env)
    stem, _, suffix = path.rpartition(".")
    match = SERIES_PAGE.match(path)
    if match and match["stem"] in SERIES_FEEDS and match["series"] in domain.view.series():
        return path
    if not stem.startswith("people/") or suffix not in ("html", "ics", "atom"):
        return None
    person_id = stem.removeprefix("people/")
    person = domain.people.people.get(person_id)
    if (suffix == "html" and person_id == "index") or (person is not None and person.has_page):
        return path
    return None


def generated_written(builder: Any, path: str) -> bool:
    """Whether this build writes the person page or export a link names: singlehtml writes
    neither (``exports.write_exports``), json and pickle the exports only."""
    if builder.name == "singlehtml":
        return False
    return writes_person_pages(builder) or not path.endswith(".html")


class GeneratedLinks(SphinxPostTransform):
    """Resolve Markdown links to generated pages and exports, which no source file backs.

    Runs before MyST's resolver (priority 9), which would warn that no document has them.
    """

    default_priority = 7
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        builder = self.env._app.builder  # as Sphinx's ReferencesResolver: no public door here
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst":
                continue
            target = node.get("reftarget", "")
            if node.get("reftargetid"):
                target += "#" + node["reftargetid"]
            fromdocname = node.get("refdoc") or self.env.docname
            path = generated_target(self.env, fromdocname, target)
            if path is None:
                continue
            if not generated_written(builder, path):
                node.replace_self([child.deepcopy() for child in node.children] or nodes.Text(target))
                continue  # the link's text stays, unlinked
            if path.endswith(".html"):
                uri = builder.get_relative_uri(fromdocname, path.removesuffix(".html"))
            else:
                uri = relative_uri(builder.get_target_uri(fromdocname), path)
            if "#" in target:
                uri += "#" + target.split("#", 1)[1]
            reference = nodes.reference("", "", internal=True, refuri=uri, classes=["minutes-generated-link"])
            reference.extend(child.deepcopy() for child in node.children)
            if not reference.astext():
                reference[:] = [nodes.literal(target, target)]
            node.replace_self(reference)


@dataclass(frozen=True)
class Feed:
    """A feed or calendar a page offers: named in its ``<head>`` and linked where it shows."""

    title: str
    """What a feed reader lists, e.g. "DM-SST: meetings"."""
    label: str
    """What the page's link says, beside the page's series or person."""
    path: str
    """Under the site's root, e.g. ``minutes/dm-sst/meetings.atom``."""
    type: str


ATOM, ICS = "application/atom+xml", "text/calendar"
SERIES_PAGE = re.compile(r"minutes/(?P<series>[^/]+)/(?P<stem>[^/]+)\Z")


def page_feeds(app: Sphinx, pagename: str) -> list[Feed]:
    """The feeds of the page's own series or person, the site's meetings feed last.

    A series' pages (its index and its meetings) offer its meetings feed and calendars; a
    person's page their actions feed and deadlines calendar.
    """
    domain = minutes_domain(app.env)
    feeds = []
    match = SERIES_PAGE.match(pagename)
    if match and match["series"] in domain.view.series():
        series = match["series"]
        title = domain.series_title(series)
        feeds += [
            Feed(f"{title}: meetings", "Meetings (Atom feed)", f"minutes/{series}/meetings.atom", ATOM),
            Feed(f"{title}: meetings calendar", "Meetings (calendar)", f"minutes/{series}/meetings.ics", ICS),
            Feed(f"{title}: deadlines", "Open actions' deadlines (calendar)", f"minutes/{series}/actions.ics", ICS),
        ]
    person_id = pagename.removeprefix("people/") if pagename.startswith("people/") else None
    if person_id and person_id in domain.people:
        name = domain.people.name(person_id)
        feeds += [
            Feed(f"{name}: actions", "Actions (Atom feed)", f"people/{person_id}.atom", ATOM),
            Feed(f"{name}: deadlines", "Open actions' deadlines (calendar)", f"people/{person_id}.ics", ICS),
        ]
    return [*feeds, Feed(f"{app.config.project}: meetings", "All meetings (Atom feed)", "minutes.atom", ATOM)]


def feed_discovery(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Every page names the site's Atom feed, and its series' or person's feeds, for feed readers.

    ``minutes_feeds`` gives the templates the page's own feeds, to link them where readers look.
    """
    pathto = context.get("pathto")
    if pathto is None or app.builder.name == "singlehtml":
        return
    if isinstance(app.builder, SerializingHTMLBuilder):
        # json and pickle hand a web app the site's own paths: their pathto takes no resource flag (R43).
        link = pathto
    else:
        link = lambda path: pathto(path, 1)  # noqa: E731
    feeds = page_feeds(app, pagename)
    links = "".join(
        f'<link rel="alternate" type="{f.type}" title="{html.escape(f.title)}" href="{link(f.path)}">\n' for f in feeds
    )
    context["metatags"] = context.get("metatags", "") + links
    context["minutes_feeds"] = [(f.label, link(f.path), f.type) for f in feeds[:-1]]


def setup_pages(app: Sphinx) -> None:
    app.connect("builder-inited", add_rows_html)
    app.connect("html-collect-pages", collect_pages)
    app.add_post_transform(GeneratedLinks)
    app.connect("html-page-context", feed_discovery)
