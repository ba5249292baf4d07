"""Tables as the importer reads them: rows of cells lined up under their header (spans
bounded), and what kind of table a header says it is (an agenda, the task report)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from .text import plain_key
from .tokens import attr
from .words import MAX_CELLS, MAX_SPAN

_PLACEHOLDERS = BeautifulSoup("", "html.parser")


def table_rows(table: Tag) -> list[tuple[Tag, list[Tag]]]:
    """Each row of a table with its cells, a cell spanning columns or rows followed or
    preceded by empty cells where it spans, so that columns line up with the header.
    Spans are bounded (``MAX_SPAN``, ``MAX_CELLS``): a page cannot make the importer
    build a table of a billion cells."""
    covered: dict[int, int] = {}
    """Column -> how many more rows a rowspan above still covers it."""
    rows: list[tuple[Tag, list[Tag]]] = []
    for row in table.find_all("tr"):
        cells: list[Tag] = []
        for cell in row.find_all(("td", "th"), recursive=False):
            _skip_covered(cells, covered)
            rowspan = _span(cell, "rowspan")
            for extra in range(_span(cell, "colspan")):
                if len(cells) >= MAX_CELLS:
                    break
                if rowspan > 1:
                    covered[len(cells)] = rowspan - 1
                cells.append(_PLACEHOLDERS.new_tag("td") if extra else cell)
        while len(cells) < MAX_CELLS and any(left for column, left in covered.items() if column >= len(cells)):
            if covered.get(len(cells)):
                _skip_covered(cells, covered)
            else:
                cells.append(_PLACEHOLDERS.new_tag("td"))
        rows.append((row, cells))
    return rows


def _skip_covered(cells: list[Tag], covered: dict[int, int]) -> None:
    """Empty cells where a rowspan from a row above covers the next columns."""
    while covered.get(len(cells)) and len(cells) < MAX_CELLS:
        covered[len(cells)] -= 1
        cells.append(_PLACEHOLDERS.new_tag("td"))


def _span(cell: Tag, name: str) -> int:
    """A ``colspan`` or ``rowspan`` as the number of columns or rows, 1 unless it is
    written in ASCII digits, at most ``MAX_SPAN``."""
    value = attr(cell, name).strip()
    if not re.fullmatch(r"[0-9]{1,9}", value):
        return 1
    return max(1, min(int(value), MAX_SPAN))


def header_roles(headers: list[str]) -> list[str]:
    roles = []
    for text in headers:
        key = plain_key(text)
        if key.startswith(("time", "when", "duration")) and "notes" not in key:
            roles.append("time")
        elif key.startswith(("topic", "item", "agenda", "subject", "title", "what")):
            roles.append("topic")
        elif key.startswith(
            ("coordinator", "who", "lead", "presenter", "speaker", "owner", "responsible", "presented")
        ):
            roles.append("lead")
        elif key.startswith(("material", "link", "slides", "document")):
            roles.append("materials")
        else:
            roles.append("notes")
    return roles


def table_kind(table: Tag) -> str | None:
    first = table.find("tr")
    if first is None:
        return None
    headers = [plain_key(c.get_text(" ", strip=True)) for c in first.find_all(("th", "td"), recursive=False)]
    if "description" in headers and ("assignee" in headers or "task appears on" in headers):
        return "task-report"
    roles = header_roles(headers)
    if "time" in roles and "topic" in roles or "topic" in roles and "lead" in roles:
        return "agenda"
    return None
