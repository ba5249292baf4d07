"""What a reader's own date changes on a page, handed to ``minutes-dates.js``.

A site built on Monday is read on Friday: the script marks overdue and soon-due actions from
the reader's date, and recounts the overdue actions the page counts. Action rows carry their
due date (``data-due``, rows.py); a count (class ``minutes-overdue-count``) names its set of
actions by a class ``minutes-dues-<key>``, and the page's ``<head>`` holds, for each key, how
many open actions fall due on each date (``<meta name="minutes-dates">``, JSON). Without
JavaScript the marks and counts of the build date stay.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .domain import minutes_domain
from .model import ActionState, slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import MinutesDomain

DUES_ALL = "minutes-dues-all"
"""The class of a count of every open action (the landing page's overview)."""


def due_counts(states: Iterable[ActionState]) -> dict[str, int]:
    """How many of the open actions fall due on each date, by date."""
    counts = Counter(s.due.isoformat() for s in states if s.due is not None)
    return dict(sorted(counts.items()))


def page_dues(domain: MinutesDomain, pagename: str) -> dict[str, dict[str, int]]:
    """The due dates behind the counts a page shows, by the key its count elements name."""
    view = domain.view
    open_states = view.open_actions()
    dues: dict[str, dict[str, int]] = {}
    kinds = {listing.kind for listing in domain.pages.listings.get(pagename, [])}
    if "series-overview" in kinds:
        dues["all"] = due_counts(open_states)
        for series in view.series():
            dues[f"series-{slug(series)}"] = due_counts(s for s in open_states if s.action.series == series)
    if pagename.startswith("people/"):
        person = pagename.removeprefix("people/")
        people = sorted(domain.people.people) if person == "index" else [person]
        for person_id in people:
            dues[f"person-{person_id}"] = due_counts(s for s in open_states if person_id in s.owners)
    return dues


def reader_dates(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The build date and the counted due dates, in the head of pages with listings or counts."""
    if app.builder.format != "html":
        return
    domain = minutes_domain(app.env)
    if pagename not in domain.listing_pages() and not pagename.startswith("people/"):
        return
    data = {"built": domain.view.today.isoformat(), "dues": page_dues(domain, pagename)}
    text = html.escape(json.dumps(data, sort_keys=True, separators=(",", ":")), quote=True)
    context["metatags"] = context.get("metatags", "") + f'<meta name="minutes-dates" content="{text}">\n'


def setup_reader(app: Sphinx) -> None:
    app.connect("html-page-context", reader_dates)
