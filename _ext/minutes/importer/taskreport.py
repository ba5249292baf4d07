"""The wiki's task report macro in storage format (the XML space export, the REST API):
Confluence keeps only the macro's parameters, never its rows, and draws the rows when a page
is shown. The rows are worked out again here from those parameters over the actions this
import wrote, and every parameter that cannot be worked out (who created a task, and when;
a page or a person this import never saw) is said, never guessed.

The parameters are those of Confluence's Task Report macro (``tasks-report-macro``): where
(``spaces``, ``spaceAndPage`` as ``space:KEY`` and ``page:ID`` items, ``pages``), ``labels``
(any of), ``assignees`` (any of), ``status`` (``incomplete``, the default, or ``complete``),
``creators`` and ``createddateFrom``, and ``pageSize``, ``columns``, ``sortBy``,
``reverseSort``, which only change how the rows are drawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bs4 import Tag

from ..model import Action, Status
from ..secrets import secret_reason

NAMES = frozenset({"tasks-report-macro", "tasks-report", "task-report", "tasklist-report"})
"""The macro's names: today's, and older ones a page may still hold."""
MAX_MACROS = 20
"""The most task report macros read on one page."""
MAX_PARAMETERS = 50
MAX_VALUE = 2_000
MAX_ITEMS = 200
"""The most characters of a parameter, and items in it, that are read."""
SHOWN_ONLY = frozenset({"pagesize", "columns", "sortby", "reversesort", "atlassian-macro-output-type"})
"""Parameters that change how the rows are drawn, not which rows there are."""
UNKNOWN_TO_PAGES = {
    "creators": "who created each task is not in the pages",
    "creator": "who created each task is not in the pages",
    "createddatefrom": "when each task was created is not in the pages",
    "createddateto": "when each task was created is not in the pages",
    "completedatefrom": "when each task was completed is not in the pages",
    "completedateto": "when each task was completed is not in the pages",
}
REFERENCES = (("ri:space", "ri:space-key"), ("ri:page", "ri:content-title"))
USER_KEYS = ("ri:username", "ri:userkey", "ri:account-id")


def parameters(macro: Tag) -> dict[str, str]:
    """A macro's parameters by their names in lower case; a parameter that holds a reference
    (``<ri:space>``, ``<ri:page>``, ``<ri:user>``) gives what the reference names."""
    found: dict[str, str] = {}
    for parameter in macro.find_all("ac:parameter", recursive=False)[:MAX_PARAMETERS]:
        name = str(parameter.get("ac:name") or "").strip().lower()[:100]
        values = [parameter.get_text(" ", strip=True)]
        for reference in parameter.find_all(("ri:space", "ri:page", "ri:user"))[:MAX_ITEMS]:
            if reference.name == "ri:user":
                values.append(next((str(reference[k]) for k in USER_KEYS if reference.get(k)), ""))
            else:
                kind = "space:" if reference.name == "ri:space" else "page:"
                key = dict(REFERENCES)[reference.name]
                values.append(kind + str(reference.get(key) or ""))
        value = ",".join(v for v in values if v)[:MAX_VALUE]
        if name:
            found[name] = "(not shown: it looks like a meeting's secret)" if secret_reason(value) else value
    return found


@dataclass(frozen=True)
class Candidate:
    """An action this import wrote, and where it sits in the wiki."""

    action: Action
    page_id: str
    places: frozenset[str]
    """The page's id and its ancestors' ids."""
    labels: frozenset[str]
    """The page's labels, case-folded."""
    space: str
    """The space's key, case-folded; empty when the source does not say it."""


@dataclass
class Rows:
    """The rows a task report macro shows, as far as the import can tell, and what it cannot."""

    rows: list[Candidate] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    """The parameters the rows were chosen by, as ``name=value``."""
    not_reproduced: list[str] = field(default_factory=list)


def _items(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;\n]", value) if item.strip()][:MAX_ITEMS]


def rows_of(
    found: Mapping[str, str],
    candidates: Iterable[Candidate],
    own_space: str,
    page_ids: Mapping[str, str],
    person: Callable[[str], str | None],
) -> Rows:
    """The actions a task report with these parameters shows; ``page_ids`` maps the titles
    and ids of the pages the import read to their ids, ``person`` a wiki user key,
    account id or username to a person's id in people.yaml."""
    out = Rows(rows=list(candidates))
    _status(found, out)
    _place(found, out, own_space.casefold(), page_ids)
    _labels(found, out)
    _assignees(found, out, person)
    for name, value in found.items():
        if name in UNKNOWN_TO_PAGES and value.strip():
            out.not_reproduced.append(f"{name}={value}: {UNKNOWN_TO_PAGES[name]}, so every task is listed")
        elif name not in KNOWN and name not in SHOWN_ONLY and value.strip():
            out.not_reproduced.append(f"{name}={value}: a parameter the import does not know, so it is left out")
    out.rows.sort(
        key=lambda c: (c.action.due is None, c.action.due or c.action.meeting_date or dt.date.min, c.action.id)
    )
    return out


KNOWN = frozenset({"status", "spaces", "spaceandpage", "pages", "labels", "assignees", "assignee"})


def _status(found: Mapping[str, str], out: Rows) -> None:
    status = found.get("status", "").strip().lower() or "incomplete"
    wanted = {"incomplete": Status.OPEN, "complete": Status.DONE, "completed": Status.DONE}.get(status)
    if wanted is not None:
        out.rows = [c for c in out.rows if c.action.status is wanted]
        out.used.append(f"status={status}" + ("" if found.get("status", "").strip() else " (the macro's default)"))
    elif status not in ("all", "any"):
        out.not_reproduced.append(f"status={status}: not a status the macro takes, so tasks of every status are listed")


def _place(found: Mapping[str, str], out: Rows, own_space: str, page_ids: Mapping[str, str]) -> None:
    """``spaces``, ``spaceAndPage`` and ``pages``: tasks in any of the spaces, or on any of
    the pages or below them."""
    spaces = [_unprefixed(item, "space:") for item in _items(found.get("spaces", ""))]
    pages = [_unprefixed(item, "page:") for item in _items(found.get("pages", ""))]
    for item in _items(found.get("spaceandpage", "")):
        kind, _, rest = item.partition(":")
        (spaces if kind.strip().lower() == "space" else pages).append(rest.strip() if rest else item)
    if not spaces and not pages:
        return
    keys = {own_space if s.lower() in ("@self", "currentspace()") else s.casefold() for s in spaces}
    ids = set()
    for page in pages:
        page_id = page_ids.get(page) or page_ids.get(page.casefold())
        if page_id is None:
            out.not_reproduced.append(f"page {page}: not among the pages this import read, so its tasks are missing")
        else:
            ids.add(page_id)
    unknown_space = bool(keys) and any(not c.space for c in out.rows)
    if unknown_space:
        out.not_reproduced.append(
            f"spaces={','.join(spaces)}: the source does not say its space's key, so its tasks are listed"
        )
    out.rows = [c for c in out.rows if c.places & ids or keys and (c.space in keys or not c.space)]
    out.used += [f"spaces={','.join(spaces)}"] * bool(spaces) + [f"pages={','.join(pages)}"] * bool(pages)


def _unprefixed(item: str, prefix: str) -> str:
    return item[len(prefix) :].strip() if item.lower().startswith(prefix) else item


def _labels(found: Mapping[str, str], out: Rows) -> None:
    labels = {label.casefold() for label in _items(found.get("labels", ""))}
    if not labels:
        return
    if not any(c.labels for c in out.rows):
        out.not_reproduced.append(
            f"labels={found['labels']}: no page this import read shows labels, so no task is listed"
        )
    out.rows = [c for c in out.rows if c.labels & labels]
    out.used.append(f"labels={found['labels']}")


def _assignees(found: Mapping[str, str], out: Rows, person: Callable[[str], str | None]) -> None:
    value = found.get("assignees") or found.get("assignee") or ""
    wanted = set()
    for key in _items(value):
        found_id = person(key)
        if found_id is None:
            out.not_reproduced.append(f"assignee {key}: nobody in people.yaml, so their tasks are missing")
        else:
            wanted.add(found_id)
    if _items(value):
        out.rows = [c for c in out.rows if wanted & set(c.action.owners)]
        out.used.append(f"assignees={value}")
