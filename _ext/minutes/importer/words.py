"""The importer's shared vocabulary: what wiki pages call things, and the patterns that read
plain text (never markup). Imports nothing of the project's, so every importer module can
use it without tying the modules in a loop.
"""

from __future__ import annotations

import html.entities
import re

MAX_DEPTH = 100
"""Elements nested deeper than this make a page unreadable: no real page comes near it,
and reading one is recursive."""


MAX_SPAN = 50
"""A table cell spans at most this many columns or rows; the rest of a span is ignored."""


MAX_CELLS = 200
"""Cells read per table row."""


MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


DATE_TEXT = re.compile(
    r"\b(?:(?P<day>\d{1,2})\s+(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?"
    r"|(?P<month_us>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day_us>\d{1,2}),?)"
    r"\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
"""How Confluence shows a date: ``18 Jul 2022``, or ``Jul 18, 2022`` on US sites."""


ISO_AT_END = re.compile(r"\b(\d{4}-\d{2}-\d{2})[\s.,;]*$")


UNKNOWN_OWNER = re.compile(
    r"^\s*((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,2}[A-Z][A-Za-z'-]+)\s*(?:,|:|\bto\b|\bwill\b|\bshould\b)"
)
"""A name nobody knows, at the start of a task, by how tasks are written: "Steve Ritz to send ..."."""


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


TIME_RANGE = re.compile(r"(\d{1,2})[:.](\d{2})(?:\s*(?:-|\u2013|\u2014|to)\s*(\d{1,2})[:.](\d{2}))?")


ROLE = re.compile(r"^\s*(moderator|chair|note[\s-]?taker|scribe)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)


BULLETS = "\u2022\u25e6\u25aa\u2023\u2043"


BULLET_LEVELS = {"\u2022": 1, "\u25e6": 2, "\u25aa": 3}


CHECKS = {
    "\u2713": True,
    "\u2714": True,
    "\u2611": True,
    "\u2612": True,
    "\u2610": False,
    "[x]": True,
    "[X]": True,
    "[ ]": False,
}


ZONES = {
    "pacific": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "mountain": "America/Denver",
    "mt": "America/Denver",
    "central": "America/Chicago",
    "ct": "America/Chicago",
    "eastern": "America/New_York",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "utc": "UTC",
    "gmt": "UTC",
    "chile": "America/Santiago",
    "clt": "America/Santiago",
    "cet": "Europe/Paris",
    "cest": "Europe/Paris",
    "uk": "Europe/London",
    "bst": "Europe/London",
}


HEADINGS = {
    "date": ("date", "date & time", "date and time", "when", "time", "date/time"),
    "location": (
        "location",
        "where",
        "connection",
        "connection details",
        "dial-in",
        "zoom",
        "how to join",
        "meeting link",
        "video conference",
    ),
    "participants": ("participants", "attendees", "attendance", "present", "invitees"),
    "regrets": ("regrets", "apologies", "absent", "not present", "excused"),
    "actions": ("action items", "actions", "tasks", "new action items", "action item"),
    "logistics": ("logistics",),
    "decisions": ("decisions", "decision", "decisions made", "decision log", "key decisions"),
}


TABLE_HEADER_WORDS = (
    "time",
    "topic",
    "item",
    "items",
    "who",
    "notes",
    "description",
    "due date",
    "assignee",
    "task appears on",
    "coordinator",
    "pre-meeting notes",
    "running notes",
    "browser",
    "room system",
    "phone dial-in",
    "lead",
    "presenter",
    "discussion",
    "outcome",
    "owner",
    "status",
    "agenda",
    "speaker",
    "materials",
    "duration",
)


SKIPPED_MACROS = {
    "toc",
    "children",
    "anchor",
    "recently-updated",
    "contentbylabel",
    "pagetree",
    "livesearch",
    "create-from-template",
    "excerpt-include",
    "include",
    "attachments",
    "profile",
    "jiraissues",
}


CONTAINER_MACROS = {
    "info",
    "note",
    "warning",
    "tip",
    "panel",
    "expand",
    "section",
    "column",
    "details",
    "excerpt",
    "ui-expand",
    "div",
    "center",
}


WIKI_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}\Z")
"""A wiki user key, account id or username, as people.yaml may hold it among aliases."""


MEETING_WORDS = re.compile(
    r"\b(meeting|minutes|agenda|notes|telecon|f2f|standup|stand-up|call|sync|review|retro)\b", re.IGNORECASE
)
"""Words in a title or heading that say a page records a meeting."""


DOCTYPE = re.compile(r"<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>?", re.IGNORECASE)
"""A DOCTYPE, with its internal subset (``[<!ENTITY ...>]``) if any."""


ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9._-]{0,63});")


KNOWN_ENTITIES = {name.rstrip(";") for name in html.entities.html5}
