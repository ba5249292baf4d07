"""Every problem the extension reports: subtypes, pure checks, and the one ``warn()``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .model import ID_PATTERN, Status, parse_date, parse_status

if TYPE_CHECKING:
    from docutils import nodes

logger = logging.getLogger("minutes")


class Subtype(StrEnum):
    """The warning subtypes of FORMAT.md; ``suppress_warnings = ["minutes.<subtype>"]``."""

    MISSING_DESCRIPTION = "missing-description"
    """An action or decision with no text."""
    MISSING_OWNER = "missing-owner"
    """An action with no owner."""
    UNKNOWN_PERSON = "unknown-person"
    """An id or name that people.yaml does not know."""
    BAD_DATE = "bad-date"
    """A date that is not a real ISO date."""
    BAD_STATUS = "bad-status"
    """A status other than open, done, dropped."""
    BAD_ID = "bad-id"
    """An id that is not [a-z0-9][a-z0-9-]*."""
    DUPLICATE_ID = "duplicate-id"
    """Two actions or decisions with one id."""
    UNKNOWN_ACTION = "unknown-action"
    """An update or a reference to an id that no action has."""
    UPDATE_BEFORE_ACTION = "update-before-action"
    """An update in a meeting dated before the action's meeting."""
    MISSING_DATE = "missing-date"
    """A meeting without a date."""
    DATE_MISMATCH = "date-mismatch"
    """A meeting date that differs from the date in its file name."""
    SECRET = "secret"
    """A meeting password, passcode, PIN or a link carrying one."""
    PEOPLE = "people"
    """people.yaml is missing, unreadable, or an entry lacks a name."""


Location = "nodes.Node | tuple[str, int | None] | None"


def warn(message: str, subtype: Subtype, location: Any, *args: object) -> None:
    """Send one problem as a Sphinx warning of type ``minutes``."""
    logger.warning(message, *args, type="minutes", subtype=str(subtype), location=location)


def check_date(text: str, what: str) -> tuple[Any, str | None]:
    """(date or None, problem or None) for an option that must be an ISO date."""
    date = parse_date(text)
    if date is None:
        return None, f"{what} {text.strip()!r} is not a real date; write it as YYYY-MM-DD, e.g. 2022-07-18"
    return date, None


def check_status(text: str) -> tuple[Status | None, str | None]:
    status = parse_status(text)
    if status is None:
        return None, f"status {text.strip()!r} is not one of open, done, dropped; use one of those"
    return status, None


def check_id(text: str) -> str | None:
    if ID_PATTERN.match(text):
        return None
    return (
        f"id {text!r} is not of the form [a-z0-9][a-z0-9-]*; "
        f"use lower-case letters, digits and '-', e.g. {suggest_id(text)!r}"
    )


def suggest_id(text: str) -> str:
    from .model import slug

    return slug(text)


def unknown_person_message(name: str, suggestions: list[str]) -> str:
    hint = (
        f"did you mean {suggestions[0]!r}?" if len(suggestions) == 1 else
        "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        if suggestions else "add them to people.yaml"
    )
    return f"unknown person {name!r}; {hint} (people are listed in people.yaml by id, name or alias)"
