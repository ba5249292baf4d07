"""Search finds people and actions: Sphinx's own index, with what it cannot give added.

- Person pages and the people index are generated (``pages.py``), so Sphinx never indexes
  them: their text is fed to the HTML builder's indexer as the pages are collected, and they
  are kept when the index is pruned to the site's documents before it is written.
- Sphinx's results name a page, not what an action stands at: the search page also holds
  every action's description, status, owners and due date (``<meta name="minutes-actions">``),
  from which ``minutes-search.js`` lists the actions matching the words searched for.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document

from .domain import minutes_domain
from .pagehtml import writes_person_pages
from .pages import PEOPLE_INDEX

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import MinutesDomain


def person_text(domain: MinutesDomain, person_id: str) -> list[str]:
    """What a search finds a person's page by: their name, id, aliases and actions."""
    view, registry = domain.view, domain.people
    person = registry.people[person_id]
    lines = [person.name, person.id, *person.aliases]
    if person.initials:
        lines.append(person.initials)
    lines += [state.action.description for state in view.open_actions(owner=person_id)]
    lines += [state.action.description for state in view.closed_actions(person_id)]
    return lines


def page_document(title: str, lines: list[str]) -> nodes.document:
    document = new_document("")
    section = nodes.section(ids=["page"])
    section += nodes.title(title, title)
    section.extend(nodes.paragraph(line, line) for line in lines)
    document += section
    return document


def index_generated_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Feed the person pages and the people index to the search index (no pages yielded).

    ``dump_search_index`` prunes the index to the site's documents just before writing it;
    this build's indexer keeps the generated pages through that prune.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not writes_person_pages(app.builder):
        return iter(())
    domain = minutes_domain(app.env)
    registry = domain.people
    names = sorted(registry.people)
    # Sphinx stems each word again for every page fed; these pages share most of their words
    # (names, action descriptions), so each word is stemmed once here: the same index, and
    # an incremental build, which feeds them all again, pays for the distinct words only.
    lang = indexer.lang
    stem = lang.stem
    lang.stem = functools.cache(stem)
    try:
        for person_id in names:
            docname, name = f"people/{person_id}", registry.name(person_id)
            indexer.feed(docname, f"{docname}.html", name, page_document(name, person_text(domain, person_id)))
        people = [registry.name(p) for p in names]
        indexer.feed(PEOPLE_INDEX, f"{PEOPLE_INDEX}.html", "People", page_document("People", people))
    finally:
        lang.stem = stem
    generated = [*(f"people/{p}" for p in names), PEOPLE_INDEX]
    prune = indexer.prune

    def keep_generated(docnames: Iterable[str]) -> None:
        prune([*docnames, *generated])
        # Sphinx keeps a word whose pages all dropped it as an empty entry, which a clean
        # build does not have: an incremental build's index would differ from a clean one's.
        for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]

    indexer.prune = keep_generated
    return iter(())


def actions_for_search(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On the search page: every action, as the results list it beside Sphinx's."""
    if pagename != "search" or app.builder.format != "html":
        return
    domain = minutes_domain(app.env)
    view, registry = domain.view, domain.people
    pathto = context["pathto"]
    actions = []
    for action_id in sorted(view.states):
        state = view.states[action_id]
        action = state.action
        meeting = view.meeting_of(action.origin.docname)
        actions.append(
            [
                action.id,
                action.description,
                str(state.status),
                [registry.name(name) for name in state.owners],
                state.due.isoformat() if state.due else "",
                state.is_overdue(view.today),
                pathto(action.origin.docname) + f"#{action.id}",
                meeting.label if meeting else action.origin.docname,
            ]
        )
    # In an attribute, escaped, not in a <script>: the text is the note-takers', never code.
    text = html.escape(json.dumps(actions, ensure_ascii=False, separators=(",", ":")), quote=True)
    context["metatags"] = context.get("metatags", "") + f'<meta name="minutes-actions" content="{text}">\n'


def setup_search(app: Sphinx) -> None:
    app.connect("html-collect-pages", index_generated_pages)
    app.connect("html-page-context", actions_for_search)
