"""Which wiki pages are meetings, and of which series.

Pages are chosen by ancestor, label and title pattern; the space's home page, index pages
(pages with children, no date and no tasks, agenda or meeting sections) and templates are not meetings. A page's
series comes from the first ``--series-map`` pattern matching its title or its parent's
title (case-insensitive globs), else from ``--series``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .. import confluence
from .sources import WikiPage


@dataclass(frozen=True)
class Selection:
    series: str | None = None
    series_map: tuple[tuple[str, str], ...] = ()
    ancestor: str | None = None
    labels: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


def _matches(text: str, pattern: str) -> bool:
    return bool(text) and fnmatchcase(text.casefold(), pattern.casefold())


def series_of(page: WikiPage, selection: Selection) -> str | None:
    for pattern, series in selection.series_map:
        if _matches(page.title, pattern) or _matches(page.parent_title, pattern):
            return series
    return selection.series


def not_chosen(page: WikiPage, selection: Selection) -> str | None:
    """Why the options leave this page out, or None."""
    if selection.ancestor and selection.ancestor not in page.ancestors:
        return f"not below page {selection.ancestor} (--ancestor)"
    if selection.labels:
        have = {label.casefold() for label in page.labels}
        if not any(label.casefold() in have for label in selection.labels):
            return "has none of the labels asked for (--label)"
    if selection.titles and not any(_matches(page.title, p) for p in selection.titles):
        return "its title matches no --title pattern"
    return None


def not_a_meeting(page: WikiPage) -> str | None:
    """Why a page found in a space is not a meeting, or None (a page named on the command
    line is always taken as a meeting)."""
    if page.named:
        return None
    words = page.title.casefold()
    if "template" in words or any(label.casefold() in ("template", "templates") for label in page.labels):
        return "a template, not a meeting"
    dated = confluence.parse_text_date(page.title) is not None
    if page.is_home and not dated:
        return "the space's home page, not a meeting"
    return None  # an undated page with children is read: an index, unless it holds a meeting


def not_a_meeting_after_all(page: WikiPage) -> str:
    """Why an undated page that holds nothing a meeting's page holds is skipped."""
    if page.has_children:
        return "an index page (it has child pages, no date, and no tasks, agenda or meeting sections)"
    return "not a meeting: no date in its title or a Date section, and no tasks, agenda or meeting sections"
