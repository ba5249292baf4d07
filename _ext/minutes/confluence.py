"""Confluence wiki meeting pages -> model objects (``MeetingPage``), for the importer.

Two inputs arrive at one reader:

1. Confluence storage format, the XHTML that the REST API and space exports give
   (``ac:task-list``, ``ri:user`` mentions, ``<time datetime>``, tables, macros), bare or
   as the REST API's JSON (``{"title": ..., "body": {"storage": {"value": ...}}}``).
2. The wiki's text export: a title line, Markdown-ish text, and tab-separated tables
   whose cells hold HTML fragments. ``text_export_to_html`` turns it into the same tree,
   parsing each cell on its own so that a cell's unclosed tags cannot swallow the next.

Storage format is read with BeautifulSoup's ``html.parser``, not a strict XML parser:
pages arrive as fragments whose ``ac:``/``ri:`` prefixes are never declared and which
carry HTML entities (``&nbsp;``), both fatal to an XML parser; ``html.parser`` keeps
``ac:task`` and ``ri:userkey`` as written. Regular expressions only ever see plain text
(dates, times, names), never markup.

Secrets (dial-in numbers, passwords, passcodes, meeting ids, ``pwd=`` links) are dropped
here, block by block, and every drop is reported, so no importer output can carry one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html.entities
import json
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import (
    BeautifulSoup,
    CData,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
)
from bs4.element import PreformattedString
from markdown_it import MarkdownIt
from pygments.token import Error

from . import markdown as md
from .markdown import Block, MeetingPage, TopicSection
from .model import (
    PERSON_ID_PATTERN,
    Action,
    Meeting,
    Origin,
    Person,
    Status,
    Topic,
    default_action_id,
    parse_date,
)
from .people import PeopleRegistry
from .secrets import TABLE_VALUE, secret_kinds, secret_reason, secret_values

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
"""A table cell holding only a URL is text to us, not a mistaken file name."""

MAX_DEPTH = 100
"""Elements nested deeper than this make a page unreadable: no real page comes near it,
and reading one is recursive."""
MAX_SPAN = 50
"""A table cell spans at most this many columns or rows; the rest of a span is ignored."""
MAX_CELLS = 200
"""Cells read per table row."""


class PageError(Exception):
    """A page that cannot be imported, and why: said for that page, the others go on."""


# -- plain-text patterns (never applied to markup) --------------------------------------

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


def plain_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(".", " ").split())


def parse_text_date(text: str) -> dt.date | None:
    """``18 Jul 2022`` (as Confluence shows dates) or an ISO date, the first in the text."""
    match = DATE_TEXT.search(text)
    if match:
        month = (match["month"] or match["month_us"])[:3].lower()
        try:
            return dt.date(int(match["year"]), MONTHS[month], int(match["day"] or match["day_us"]))
        except ValueError:
            return None
    match = ISO_DATE.search(text)
    return parse_date(match[0]) if match else None


def normal_time(text: str) -> str | None:
    """``09:00 - 9:15`` -> ``09:00-09:15``; ``*12:30`` -> ``12:30``; None when no time."""
    match = TIME_RANGE.search(text)
    if not match:
        return None
    start = f"{int(match[1]):02d}:{match[2]}"
    return f"{start}-{int(match[3]):02d}:{match[4]}" if match[3] else start


def zone_of(text: str) -> str | None:
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in ZONES:
            return ZONES[word.lower()]
    return None


# -- people ---------------------------------------------------------------------------

WIKI_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}\Z")
"""A wiki user key, account id or username, as people.yaml may hold it among aliases."""


@dataclass
class PeopleMatcher:
    """Names as the wiki wrote them -> people.yaml ids; unknown people are added, and listed."""

    registry: PeopleRegistry
    added: list[tuple[Person, str]] = field(default_factory=list)
    """(person, where they were first seen) for each person this import added."""
    fuzzy: list[tuple[str, str]] = field(default_factory=list)
    """(name as written, id) for each name matched by close spelling only."""
    keys: dict[str, str] = field(default_factory=dict)
    """Wiki user keys and account ids -> ids of known people, learnt from mentions that
    showed a name; people.yaml can hold them as aliases for the next import."""

    def match(self, name: str) -> Person | None:
        """An id, name or alias; else a full name spelled closely enough (``Yusra AISayyad``)."""
        name = name.strip(" ,;:()/&").strip()
        if not name:
            return None
        person = self.registry.resolve(name)
        if person is not None or len(name.split()) < 2:
            return person
        spellings = {
            plain_key(s): p for p in self.registry.people.values() for s in (p.name, *p.aliases) if len(s.split()) >= 2
        }
        close = difflib.get_close_matches(plain_key(name), list(spellings), n=1, cutoff=0.85)
        if not close:
            return None
        person = spellings[close[0]]
        if (name, person.id) not in self.fuzzy:
            self.fuzzy.append((name, person.id))
        return person

    def match_or_add(self, name: str, where: str, alias: str | None = None) -> Person | None:
        """The person a name (from a place that only holds people) names, added if unknown."""
        name = " ".join(md.plain_text(name).split()).strip(" ,;:()/&")
        if alias and not WIKI_KEY.match(alias):
            alias = None
        if alias:
            found = self.registry.resolve(alias)
            if found is not None:
                return found
        if not name or not any(c.isalpha() for c in name) or len(name.split()) > 6 or len(name) > 80:
            return None
        if secret_reason(name) or any(c in name for c in "<>{}`[]|\\"):
            return None  # not a name: never written to people.yaml
        found = self.match(name)
        if found is not None:
            return found
        person = Person(id=self.new_id(name), name=name, aliases=(alias,) if alias else ())
        self.registry.add(person)
        self.added.append((person, where))
        return person

    def new_id(self, name: str) -> str:
        """First initial and surname, as most of people.yaml is written (``kbechtol``)."""
        words = [re.sub(r"[^a-z0-9]", "", w) for w in plain_key(name).split()]
        words = [w for w in words if w]
        base = (words[0][0] + words[-1] if len(words) >= 2 else (words[0] if words else "person"))[:16]
        if not PERSON_ID_PATTERN.match(base):
            base = "p" + base
        candidate, n = base, 2
        while candidate in self.registry or self.registry.resolve(candidate) is not None:
            candidate, n = f"{base}{n}", n + 1
        return candidate

    def leading(self, text: str) -> tuple[list[str], str]:
        """Person ids named at the start of ``text`` (longest names first), and the rest."""
        ids: list[str] = []
        words = text.split()
        i = 0
        while i < len(words):
            if words[i].strip(",;&/") in ("", "and", "&", "/", "+"):
                i += 1
                continue
            person, size = self._name_at(words, i)
            if person is None:
                break
            if person.id not in ids:
                ids.append(person.id)
            i += size
        if not ids:
            return [], text
        return ids, " ".join(words[i:])

    def trailing(self, text: str) -> tuple[list[str], str]:
        """Person ids named at the end of ``text``, and the rest."""
        words = text.split()
        ids: list[str] = []
        end = len(words)
        while end > 0:
            for size in (4, 3, 2, 1):
                if end - size < 0:
                    continue
                person = self._resolve_words(words[end - size : end])
                if person is not None:
                    ids.insert(0, person.id)
                    end -= size
                    break
            else:
                break
        return (ids, " ".join(words[:end])) if ids else ([], text)

    def _name_at(self, words: list[str], i: int) -> tuple[Person | None, int]:
        """Full names before close spellings before one-word aliases, longest first."""
        for sizes, exact in (((4, 3, 2), True), ((4, 3, 2), False), ((1,), True)):
            for size in sizes:
                if i + size <= len(words):
                    person = self._resolve_words(words[i : i + size], exact=exact)
                    if person is not None:
                        return person, size
        return None, 0

    def _resolve_words(self, words: list[str], exact: bool = True) -> Person | None:
        text = " ".join(words).strip(" ,;:/&")
        if not text or not text[0].isupper() and not text[0].isdigit():
            return None
        if exact or len(words) == 1:
            return self.registry.resolve(text) if len(words) > 1 or text[0].isupper() else None
        return self.match(text)


# -- inline tokens and blocks -------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Markup:
    """Markdown written as is (emphasis, links, code); ``plain`` is what it says."""

    markdown: str
    plain: str


@dataclass(frozen=True)
class Mention:
    person_id: str
    name: str


@dataclass(frozen=True)
class When:
    date: dt.date


Token = Text | Markup | Mention | When


@dataclass
class Para:
    tokens: list[Token]
    level: int = 0
    """0 for a paragraph, n for an item of a list nested n deep."""


@dataclass
class Task:
    done: bool
    tokens: list[Token]


@dataclass
class Verbatim:
    markdown: str


Piece = Para | Task | Verbatim


def plain(tokens: Iterable[Token], *, dates: bool = True) -> str:
    """The text tokens say; ``dates=False`` leaves out ``<time>`` dates (for the secret
    check: a date is never a secret, and "+ 2026-04-16" must not read as a phone number)."""
    parts = []
    for token in tokens:
        if isinstance(token, Text):
            parts.append(token.text)
        elif isinstance(token, Markup):
            parts.append(token.plain)
        elif isinstance(token, Mention):
            parts.append(token.name)
        else:
            parts.append(token.date.isoformat() if dates else " ; ")
    return " ".join("".join(parts).split())


def render(tokens: Iterable[Token]) -> str:
    """Tokens as one line of inline MyST."""
    parts = []
    for token in tokens:
        if isinstance(token, Text):
            parts.append(md.escape(token.text))
        elif isinstance(token, Markup):
            parts.append(token.markdown)
        elif isinstance(token, Mention):
            parts.append(md.person(token.person_id, token.name))
        else:
            parts.append(token.date.isoformat())
    return " ".join("".join(parts).split())


def lexable(text: str, language: str) -> str:
    """``language`` when Pygments knows it and reads ``text`` in it without an error, else
    nothing: Sphinx warns about a code block its lexer fails on, which fails a strict build."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if not md.LANGUAGE.match(language.strip()):
        return ""
    try:
        lexer = get_lexer_by_name(language.strip().lower())
    except ClassNotFound:
        return ""
    if any(token is Error for token, _ in lexer.get_tokens(text)):
        return ""
    return language.strip()


def attr(tag: Tag, *names: str) -> str:
    for name in names:
        value = tag.get(name)
        if value:
            return " ".join(value) if isinstance(value, list) else str(value)
    return ""


class BodyReader:
    """Rich text (a table cell, a section) -> paragraphs, list items, tasks, code blocks.

    Copes with the text export's damaged lists: items without ``<li>``, bullets written
    as ``•`` characters, unclosed ``<ul>``s.
    """

    def __init__(self, importer: PageImporter) -> None:
        self.importer = importer
        self.pieces: list[Piece] = []
        self.current: Para | Task | None = None
        self.level = 0
        self.in_item = 0

    def read(self, nodes: Iterable[object]) -> list[Piece]:
        for node in nodes:
            self.node(node)
        self.flush()
        return self.pieces

    # current block --------------------------------------------------------------

    def flush(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        if isinstance(current, Task) or plain(current.tokens):
            self.pieces.append(current)

    def start(self) -> Para | Task:
        if self.current is None:
            self.current = Para([], self.level)
        return self.current

    def add(self, token: Token) -> None:
        self.start().tokens.append(token)

    # nodes ---------------------------------------------------------------------

    def node(self, node: object) -> None:
        if isinstance(node, PreformattedString) and not isinstance(node, CData):
            return  # comments, DOCTYPEs, processing instructions: never text
        if isinstance(node, CData):
            self.text(str(node))
        elif isinstance(node, NavigableString):
            self.text(str(node))
        elif isinstance(node, Tag):
            self.tag(node)

    def text(self, text: str) -> None:
        """Text; a bullet character (the export's lost ``<li>``) starts a list item, nested
        as browsers draw them: disc, circle, square."""
        segment = ""
        for char in text:
            if char in BULLETS:
                self.add_text(segment)
                segment = ""
                self.flush()
                self.current = Para([], BULLET_LEVELS.get(char, max(self.level, 1)))
            else:
                segment += char
        self.add_text(segment)

    def add_text(self, text: str) -> None:
        if not text:
            return
        stripped = text.lstrip()
        current = self.current
        starts = (
            current is None
            or (not isinstance(current, Task) and not plain(current.tokens))
            or (isinstance(current, Task) and not plain(current.tokens))
        )
        if starts and not isinstance(current, Task):
            for mark, done in CHECKS.items():
                if stripped.startswith(mark):
                    self.task(done)
                    text = stripped[len(mark) :]
                    break
        self.add(Text(text))

    def task(self, done: bool) -> None:
        self.flush()
        self.current = Task(done, [])

    def children(self, tag: Tag) -> None:
        for child in list(tag.children):
            self.node(child)

    def tag(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name in ("ul", "ol"):
            self.flush()
            self.level += 1
            saved, self.in_item = self.in_item, 0
            self.children(tag)
            self.flush()
            self.level -= 1
            self.in_item = saved
        elif name == "li":
            self.flush()
            self.current = Para([], max(self.level, 1))
            self.in_item += 1
            self.children(tag)
            self.in_item -= 1
            self.flush()
        elif name in ("p", "div", "blockquote", "pre", "section", "ac:rich-text-body", "ac:layout-cell"):
            if self.in_item and isinstance(self.current, Para):
                self.add(Text(" "))
                self.children(tag)
                return
            self.flush()
            saved = self.level
            if name == "p" and not self.in_item:
                self.level = 0
            self.children(tag)
            self.flush()
            self.level = saved
        elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            text = tag.get_text(" ", strip=True)
            if text:
                self.pieces.append(Para([Markup(md.strong(md.escape(text)), text)], 0))
        elif name == "br":
            if isinstance(self.current, Task):
                self.flush()
            elif self.current is not None and plain(self.current.tokens):
                level = self.current.level
                self.flush()
                self.current = Para([], level)
        elif name == "hr":
            self.flush()
        elif name == "input" and attr(tag, "type").lower() == "checkbox":
            self.task(tag.has_attr("checked"))
        elif name == "ac:task-list":
            self.flush()
            for task in tag.find_all("ac:task", recursive=False):
                status = task.find("ac:task-status")
                self.task((status.get_text(strip=True).lower() if status else "") == "complete")
                body = task.find("ac:task-body")
                if body is not None:
                    self.children(body)
                self.flush()
        elif name == "table":
            self.flush()
            for row in tag.find_all("tr"):
                cells = [c.get_text(" ", strip=True) for c in row.find_all(("td", "th"), recursive=False)]
                if any(cells):
                    self.pieces.append(Para([Text(" | ".join(cells))], 0))
        elif name == "time":
            date = parse_text_date(attr(tag, "datetime")) or parse_text_date(tag.get_text(" "))
            if date:
                self.add(When(date))
        elif name in ("ri:user", "ac:link"):
            self.link(tag)
        elif name in ("ac:structured-macro", "ac:macro"):
            self.macro(tag)
        elif name in ("em", "i", "cite"):
            self.styled(tag, md.emphasis)
        elif name in ("strong", "b"):
            self.styled(tag, md.strong)
        elif name in ("code", "tt", "kbd"):
            text = tag.get_text()
            if text.strip():
                self.add(Markup(md.code(" ".join(text.split())), text))
        elif name == "a":
            self.anchor(tag)
        elif name in ("img", "ac:image"):
            source = tag.find("ri:attachment")
            what = attr(source, "ri:filename") if source is not None else attr(tag, "alt", "src")
            self.importer.note(f"dropped an image ({what or 'no name'}); attach it to the page by hand if needed")
        elif name in (
            "ac:placeholder",
            "ac:emoticon",
            "ac:parameter",
            "script",
            "style",
            "ac:task-id",
            "ac:task-uuid",
            "colgroup",
            "col",
        ):
            return
        else:
            self.children(tag)

    def styled(self, tag: Tag, wrap: object) -> None:
        if tag.find(("input", "ac:task-list", "ul", "ol", "p", "time", "ri:user", "ac:link")) is not None:
            self.children(tag)
            return
        text = tag.get_text()
        if not text.strip():
            self.add(Text(text))
            return
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        self.add(Markup(lead + wrap(md.escape(" ".join(text.split()))) + tail, text))  # type: ignore[operator]

    def anchor(self, tag: Tag) -> None:
        """A link to an http, https or mailto address; any other keeps only its text."""
        href = attr(tag, "href")
        if md.safe_url(href) is None:
            self.children(tag)
            return
        reason = secret_reason(href)
        if reason:
            self.importer.drop(reason, "a link")
            return
        text = " ".join(tag.get_text(" ").split())
        if secret_reason(text):
            self.importer.drop(secret_reason(text) or "", "a link")
            return
        self.add(Markup(md.link(text, href), text or href))

    def link(self, tag: Tag) -> None:
        """``ri:user`` (alone or in ``ac:link``) is a mention; other links keep their text."""
        user = tag if tag.name.lower() == "ri:user" else tag.find("ri:user")
        body = tag.find(("ac:plain-text-link-body", "ac:link-body"))
        shown = " ".join(body.get_text(" ").split()) if body is not None else ""
        if user is not None:
            person = self.importer.mention(user, shown)
            if person is not None:
                self.add(Mention(person.id, person.name))
            return
        if shown:
            self.add(Text(shown))
            return
        target = tag.find(("ri:page", "ri:attachment", "ri:blog-post", "ri:space", "ri:url"))
        if target is not None:
            url = attr(target, "ri:value")
            if md.safe_url(url) is not None and not secret_reason(url):
                self.add(Markup(md.link("", url), url))
            else:
                self.add(Text(attr(target, "ri:content-title", "ri:filename", "ri:space-key")))

    def macro(self, tag: Tag) -> None:
        name = attr(tag, "ac:name").lower()
        params = {
            attr(p, "ac:name").lower(): p.get_text(" ", strip=True)
            for p in tag.find_all("ac:parameter", recursive=False)
        }
        if name == "jira":
            key = params.get("key", "")
            if key:
                self.add(Text(key))
        elif name == "status":
            title = params.get("title", "")
            if title:
                self.add(Markup(md.strong(md.escape(title)), title))
        elif name in ("code", "noformat"):
            body = tag.find("ac:plain-text-body")
            text = body.get_text() if body is not None else ""
            if text.strip():
                reason = secret_reason(text)
                if reason:
                    self.importer.drop(reason, "a code block")
                    return
                self.flush()
                language = params.get("language", "") if name == "code" else ""
                self.pieces.append(Verbatim(md.code_block(text, lexable(text, language))))
        elif name in SKIPPED_MACROS or name.startswith("tasks-report"):
            self.importer.note(f"dropped a {name!r} macro: it shows wiki content the site builds its own way")
        else:
            body = tag.find("ac:rich-text-body")
            if body is not None:
                self.flush()
                self.children(body)
                self.flush()
            elif name not in CONTAINER_MACROS:
                self.importer.note(f"dropped a {name!r} macro, which has no text to import")


# -- reading a page --------------------------------------------------------------------


@dataclass
class ReportRow:
    """One row of the wiki's task report: the action, and the meeting it appears on."""

    action: Action
    meeting_date: dt.date
    meeting_title: str


@dataclass
class ImportedPage:
    page: MeetingPage | None
    report_rows: list[ReportRow]
    notes: list[str]
    problems: list[str]
    skipped: str = ""
    """Why a page that is not a meeting (a space's home, an index, a template) was skipped."""


MEETING_WORDS = re.compile(
    r"\b(meeting|minutes|agenda|notes|telecon|f2f|standup|stand-up|call|sync|review|retro)\b", re.IGNORECASE
)
"""Words in a title or heading that say a page records a meeting."""


def read_source(text: str, name: str) -> tuple[str, BeautifulSoup]:
    """(title, tree) of a wiki page in either input form; ``PageError`` when it cannot be read."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        title, value = _rest_json(stripped)
        if value is not None:
            return title, _markup_tree(value)
    if stripped.startswith("<"):
        soup = _markup_tree(stripped)
        title_tag = soup.find("title")
        title = title_tag.get_text(" ", strip=True) if title_tag is not None else ""
        main = soup.find(id="main-content") or soup.find("body")
        if title_tag is not None:
            title_tag.decompose()
        if isinstance(main, Tag) and main is not soup:
            soup = BeautifulSoup(str(main.decode_contents()), "html.parser")
        if not title:
            h1 = soup.find("h1")
            if h1 is not None:
                title = h1.get_text(" ", strip=True)
                h1.decompose()
        return title, soup
    title, soup = text_export_to_html(text)
    _check_depth(soup)
    return title, soup


def _rest_json(text: str) -> tuple[str, str | None]:
    """(title, storage body) of the REST API's JSON for a page; no body when it is not that."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "", None
    except RecursionError:
        raise PageError("its JSON nests too deeply to be a page from the wiki's API") from None
    if not isinstance(data, dict):
        raise PageError("it is JSON, but not a page as the wiki's API gives one (an object with a body)")
    body = data.get("body", {})
    storage = body.get("storage", body) if isinstance(body, dict) else {}
    value = storage.get("value") if isinstance(storage, dict) else None
    title = data.get("title")
    return (title if isinstance(title, str) else ""), (value if isinstance(value, str) else None)


DOCTYPE = re.compile(r"<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>?", re.IGNORECASE)
"""A DOCTYPE, with its internal subset (``[<!ENTITY ...>]``) if any."""
ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9._-]{0,63});")
KNOWN_ENTITIES = {name.rstrip(";") for name in html.entities.html5}


def _markup_tree(markup: str) -> BeautifulSoup:
    """Storage format or HTML as a tree. Entities are never defined by the page: a DOCTYPE
    and its entity declarations are removed, and references to entities HTML does not
    define (custom or external ones) are dropped, never expanded; ``&nbsp;`` still decodes."""
    markup = DOCTYPE.sub("", markup)
    markup = ENTITY_REF.sub(lambda m: m[0] if m[1] in KNOWN_ENTITIES else "", markup)
    soup = BeautifulSoup(markup, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString) and not isinstance(s, CData)):
        node.extract()
    _check_depth(soup)
    return soup


def _check_depth(soup: BeautifulSoup) -> None:
    """``PageError`` for a tree nested deeper than ``MAX_DEPTH``, found without recursion."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PageError(f"its elements nest more than {MAX_DEPTH} deep; no meeting page does (is it damaged?)")
        stack.extend((child, depth + 1) for child in tag.children if isinstance(child, Tag))


def _is_heading_line(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 5
        and not any(c in line for c in ":[()].,!?*\t<>|")
        and not any(c.isdigit() for c in line)
        and not line.lstrip().startswith(("-", "+", "#"))
        and line.strip()[0].isupper()
    )


def _is_header_row(cells: list[str]) -> bool:
    filled = [c.strip().lower() for c in cells if c.strip()]
    return bool(filled) and all(any(c.startswith(w) for w in TABLE_HEADER_WORDS) for c in filled)


def _known_heading(line: str) -> bool:
    key = plain_key(line)
    return any(key in words for words in HEADINGS.values()) or key == "agenda"


def text_export_to_html(text: str) -> tuple[str, BeautifulSoup]:
    """The wiki's text export as an HTML tree: Markdown runs through markdown-it, each
    table cell parsed on its own, stand-alone short lines made headings."""
    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    title = lines[index].strip() if index < len(lines) else ""
    soup = BeautifulSoup("", "html.parser")
    renderer = MarkdownIt("commonmark")
    prose: list[str] = []

    def flush_prose() -> None:
        if not any(line.strip() for line in prose):
            prose.clear()
            return
        marked = []
        for i, line in enumerate(prose):
            alone = (i == 0 or not prose[i - 1].strip()) and (i + 1 == len(prose) or not prose[i + 1].strip())
            marked.append(f"## {line.strip()}" if alone and _is_heading_line(line) else line)
        for child in list(BeautifulSoup(renderer.render("\n".join(marked)), "html.parser").contents):
            soup.append(child)
        prose.clear()

    i = index + 1
    table: Tag | None = None
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            cells = line.split("\t")
            if table is None or _is_header_row(cells) and table is not None and len(table.find_all("tr")) > 1:
                flush_prose()
                table = soup.new_tag("table")
                soup.append(table)
                table.append(_row(soup, cells, header=True))
            else:
                table.append(_row(soup, cells))
        elif table is not None and line.strip() and not _known_heading(line):
            rest = next((following for following in lines[i + 1 :] if following.strip()), "")
            if "\t" in rest:
                table.append(_row(soup, [line]))
            else:
                table = None
                prose.append(line)
        elif table is not None and not line.strip():
            pass
        else:
            table = None
            prose.append(line)
        i += 1
    flush_prose()
    return title, soup


def _row(soup: BeautifulSoup, cells: list[str], header: bool = False) -> Tag:
    row = soup.new_tag("tr")
    for cell in cells:
        tag = soup.new_tag("th" if header else "td")
        for child in list(BeautifulSoup(cell, "html.parser").contents):
            tag.append(child)
        row.append(tag)
    while len(row.contents) > 1 and not row.contents[-1].get_text(strip=True) and not row.contents[-1].find("input"):
        row.contents[-1].extract()
    return row


def heading_kind(text: str) -> str | None:
    key = plain_key(text)
    for kind, words in HEADINGS.items():
        if key in words:
            return kind
    if key.startswith("agenda") or key.startswith("discussion"):
        return "agenda"
    return None


def _flatten(nodes: Iterable[object]) -> Iterator[object]:
    """Top-level content, with Confluence's layout wrappers opened."""
    for node in nodes:
        if isinstance(node, Tag) and node.name.lower() in (
            "ac:layout",
            "ac:layout-section",
            "ac:layout-cell",
            "body",
            "html",
            "section",
            "article",
            "main",
        ):
            yield from _flatten(list(node.children))
        elif isinstance(node, Tag) and node.name.lower() == "div" and node.find(("h1", "h2", "h3", "h4", "table")):
            yield from _flatten(list(node.children))
        else:
            yield node


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
            _skip_covered(cells, covered)
            if len(cells) < MAX_CELLS and not covered.get(len(cells)):
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


def _header_roles(headers: list[str]) -> list[str]:
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


class PageImporter:
    """Reads one wiki page into a ``MeetingPage`` and its task-report rows."""

    def __init__(self, matcher: PeopleMatcher, series: str, source: str) -> None:
        self.matcher = matcher
        self.series = series
        self.source = source
        self.notes: list[str] = []
        self.problems: list[str] = []
        self.dropped: dict[str, list[str]] = {}
        self.where = "the page"
        self.meeting_signs: list[str] = []

    # reporting -------------------------------------------------------------------

    def note(self, message: str) -> None:
        self.notes.append(f"{self.where}: {message}")

    def drop(self, reason: str, what: str) -> None:
        self.dropped.setdefault(self.where, [])
        if reason not in self.dropped[self.where]:
            self.dropped[self.where].append(reason)

    def public(self, text: str, what: str) -> str:
        """``text``, or nothing when it holds a secret (the drop is reported, never shown)."""
        reason = secret_reason(text)
        if reason:
            self.drop(reason, what)
            return ""
        return text

    def mention(self, user: Tag, shown: str) -> Person | None:
        """A ``ri:user``: its username, user key or account id as an id or alias in
        people.yaml, else the name the link shows; a key seen with a name is remembered
        for the mentions that show none."""
        keys = [k for k in (attr(user, n) for n in ("ri:username", "ri:userkey", "ri:account-id")) if WIKI_KEY.match(k)]
        for key in keys:
            found = self.matcher.registry.resolve(key) or self.matcher.registry.people.get(
                self.matcher.keys.get(key, "")
            )
            if found is not None:
                return found
        if shown:
            person = self.matcher.match_or_add(shown, f"a mention in {self.source}", alias=keys[0] if keys else None)
            if person is not None and keys and keys[0] not in person.aliases:
                self.matcher.keys[keys[0]] = person.id
            return person
        if not keys:
            return None
        username = attr(user, "ri:username")
        return self.matcher.match_or_add(
            username or f"user {keys[0][:8]}", f"a mention in {self.source} (only its wiki key is known)", alias=keys[0]
        )

    # the page --------------------------------------------------------------------

    def read(self, title: str, tree: BeautifulSoup, task_report: bool, date: dt.date | None = None) -> ImportedPage:
        date = parse_date_in_title(title) or date
        heading = strip_date(title)
        state = _MeetingState(date=date)
        preface: list[Block] = []
        topics: list[tuple[Topic, list[Piece]]] = []
        rows: list[ReportRow] = []
        section_kind: str | None = None
        section_title = ""
        section_topic: tuple[Topic, list[Piece]] | None = None
        for node in _flatten(list(tree.contents)):
            if isinstance(node, NavigableString) and not isinstance(node, Comment) and not str(node).strip():
                continue
            if isinstance(node, Tag) and node.name.lower() in ("h1", "h2", "h3", "h4", "h5", "h6"):
                section_title = self.public(node.get_text(" ", strip=True), "a heading") or "Notes"
                section_kind = heading_kind(section_title)
                if section_kind is not None or MEETING_WORDS.search(section_title):
                    self.meeting_signs.append(section_title)
                section_topic = None
                if section_kind is None and section_title:
                    self.where = section_title
                continue
            if isinstance(node, Tag) and node.name.lower() == "table":
                kind = table_kind(node)
                if kind is not None:
                    self.meeting_signs.append(kind)
                if kind == "agenda":
                    self.where = "the agenda"
                    topics.extend(self.agenda(node, state))
                    continue
                if kind == "task-report":
                    found = self.task_report(node)
                    self.where = "the task report"
                    if task_report:
                        rows.extend(found)
                    else:
                        self.note(f"skipped the task report ({len(found)} rows); add --task-report to import them")
                    continue
            if section_kind == "date":
                self.where = "Date"
                preface.extend(self.date_section(node, state))
            elif section_kind == "location":
                self.where = "Location"
                self.location_section(node, state)
            elif section_kind in ("participants", "regrets"):
                self.where = section_title
                self.people_section(node, state.participants if section_kind == "participants" else state.regrets)
            elif section_kind == "logistics" or (section_kind is None and not section_title):
                self.where = "the page"
                if _is_navigation(node):
                    continue
                pieces = BodyReader(self).read([node])
                preface.extend(self.blocks(pieces, state))
            else:
                self.where = section_title or "the page"
                pieces = BodyReader(self).read([node])
                if section_topic is None and pieces:
                    section_topic = (Topic(title=md.escape(section_title), anchor="", origin=self.origin()), [])
                    topics.append(section_topic)
                if section_topic is not None:
                    section_topic[1].extend(pieces)
        if state.date is None:
            if not self.is_meeting(title, topics, preface):
                skipped = "not a meeting page (no date, agenda, attendees, tasks or notes headings)"
                return ImportedPage(None, rows, self.notes, self.problems, skipped=skipped)
            self.problems.append("no meeting date found (looked in the title and the Date section)")
            return ImportedPage(None, rows, self.notes, self.problems)
        self.stem = state.date.isoformat()
        sections = []
        for topic, pieces in topics:
            self.where = topic.title
            body = self.blocks(pieces, state)
            sections.append(TopicSection(topic, tuple(body)))
        for where, reasons in self.dropped.items():
            self.notes.insert(0, f"{where}: dropped {', '.join(reasons)} (never published)")
        meeting = Meeting(
            docname=self.docname(state.date),
            title=md.escape(self.public(heading, "the title") or f"{self.series} meeting"),
            series=self.series,
            date=state.date,
            time=state.time,
            timezone=state.timezone,
            location=md.escape(state.location) if state.location else None,
            participants=tuple(state.participants),
            regrets=tuple(p for p in state.regrets if p not in state.participants),
            moderator=tuple(state.moderator),
            notetaker=tuple(state.notetaker),
        )
        page = MeetingPage(
            meeting=meeting,
            topics=tuple(self.number_actions(sections, state.date)),
            preface=tuple(self.number_preface(preface, state.date)),
            comment=f"Imported from the wiki page {self.public(title, 'the title') or 'with a secret in its title'!r}.",
        )
        return ImportedPage(page, rows, self.notes, self.problems)

    def is_meeting(self, title: str, topics: list[tuple[Topic, list[Piece]]], preface: list[Block]) -> bool:
        """Whether a page without a date still looks like a meeting's: then it is refused,
        not skipped, so that no meeting goes missing without a word."""
        tasks = any(isinstance(p, Task) for _, pieces in topics for p in pieces)
        actions = any(isinstance(b, Action) for b in preface)
        return bool(MEETING_WORDS.search(title) or self.meeting_signs or tasks or actions)

    def origin(self) -> Origin:
        return Origin(f"minutes/{self.series}/import")

    def docname(self, date: dt.date) -> str:
        return f"minutes/{self.series}/{date.isoformat()}"

    # sections --------------------------------------------------------------------

    def date_section(self, node: object, state: _MeetingState) -> list[Block]:
        pieces = BodyReader(self).read([node])
        kept: list[Piece] = []
        for piece in pieces:
            text = plain(piece.tokens) if not isinstance(piece, Verbatim) else ""
            whens = [t.date for t in getattr(piece, "tokens", []) if isinstance(t, When)]
            date = whens[0] if whens else parse_text_date(text)
            if date and (state.date_from_section is None):
                state.date_from_section = date
                if state.date is not None and state.date != date:
                    self.note(f"the Date section says {date}, the title {state.date}; used {date}")
                state.date = date
                rest = DATE_TEXT.sub(" ", ISO_DATE.sub(" ", text))
                time = normal_time(rest)
                if time and "-" in time:
                    state.time = time
                zone = zone_of(rest)
                if zone:
                    state.timezone = zone
                continue
            kept.append(piece)
        return self.blocks(kept, state)

    def location_section(self, node: object, state: _MeetingState) -> None:
        texts: list[str] = []
        if isinstance(node, Tag) and node.name.lower() == "table":
            texts = [c.get_text(" ", strip=True) for c in node.find_all("td")]
        else:
            texts = [plain(p.tokens) for p in BodyReader(self).read([node]) if not isinstance(p, Verbatim)]
        # A table's labels may sit in its header row, away from the cells they name: its
        # secrets are found in the whole table, then every cell holding one is dropped.
        values = secret_values(str(node)) if isinstance(node, Tag) else []
        for text in texts:
            if not text:
                continue
            reason = secret_reason(text) or next((TABLE_VALUE for v in values if v in text), None)
            if reason:
                for why in secret_kinds(text) or [reason]:
                    self.drop(why, "location")
                if "zoom" in text.lower() and "Zoom" not in state.locations:
                    state.locations.append("Zoom")
            elif plain_key(text) not in ("browser", "room system", "phone dial-in"):
                state.locations.append(text)
        kept = [t for t in state.locations if t != "Zoom"]
        if "Zoom" in state.locations:
            kept.append("Zoom (connection details in the calendar invitation)")
        state.location = "; ".join(kept) or None

    def people_section(self, node: object, into: list[str]) -> None:
        for piece in BodyReader(self).read([node]):
            if isinstance(piece, Verbatim):
                continue
            for token in piece.tokens:
                if isinstance(token, Mention) and token.person_id not in into:
                    into.append(token.person_id)
            text = "".join(
                t.text if isinstance(t, Text) else t.plain if isinstance(t, Markup) else "," for t in piece.tokens
            )
            for name in re.split(r"[,;\n]| and ", text):
                person = self.matcher.match_or_add(name, f"the {self.where} of {self.source}")
                if person is not None and person.id not in into:
                    into.append(person.id)

    def agenda(self, table: Tag, state: _MeetingState) -> list[tuple[Topic, list[Piece]]]:
        rows = table_rows(table)
        headers = [c.get_text(" ", strip=True) for c in rows[0][1]] if rows else []
        zone = zone_of(" ".join(headers))
        if zone and not state.timezone:
            state.timezone = zone
        roles = _header_roles(headers)
        topics: list[tuple[Topic, list[Piece]]] = []
        pending_role: list[str] | None = None
        for row, cells in rows[1:]:
            texts = [c.get_text(" ", strip=True) for c in cells]
            if not any(texts) and not row.find("input"):
                continue
            if all(set(t) <= set("-\u2013 ") for t in texts):
                continue
            role_cells = [(ROLE.match(t), c) for t, c in zip(texts, cells) if t]
            if role_cells and all(match for match, _ in role_cells):
                pending_role = None
                for match, cell in role_cells:
                    into = state.moderator if match[1].lower() in ("moderator", "chair") else state.notetaker
                    names = self.mentions_in(cell) + self.role_names(match[2])
                    into.extend(n for n in dict.fromkeys(names) if n not in into)
                    if not names:
                        pending_role = into
                continue
            filled = [t for t in texts if t]
            if pending_role is not None and len(filled) == 1 and len(cells) <= 2:
                names = self.role_names(filled[0])
                if names:
                    pending_role.extend(n for n in names if n not in pending_role)
                    pending_role = None
                    continue
            pending_role = None
            parts: dict[str, list[Tag]] = {"time": [], "topic": [], "lead": [], "materials": [], "notes": []}
            for i, cell in enumerate(cells):
                parts[roles[i] if i < len(roles) else "notes"].append(cell)
            if len(cells) == 1 and topics and "time" in roles and not normal_time(texts[0]):
                topics[-1][1].extend(BodyReader(self).read(list(cells[0].children)))
                continue
            time_text = self.public(" ".join(c.get_text(" ", strip=True) for c in parts["time"]), "a time")
            title_text = self.public(" ".join(c.get_text(" ", strip=True) for c in parts["topic"]), "a topic title")
            self.where = f"agenda item {title_text or time_text!r}"
            lead, lead_pieces = self.lead(parts["lead"])
            materials = tuple(
                url
                for c in parts["topic"] + parts["materials"]
                for a in c.find_all("a")
                for url in [md.safe_url(attr(a, "href"), markdown=False)]
                if url is not None and not secret_reason(url)
            )
            pieces = lead_pieces
            for cell in parts["materials"] + parts["notes"]:
                pieces.extend(BodyReader(self).read(list(cell.children)))
            if not title_text and not pieces and not lead:
                if time_text:
                    self.note("skipped: the row is empty (a break)")
                continue
            time = normal_time(time_text) if len(time_text) <= 20 else None
            if time is None and time_text and title_text:
                pieces.insert(0, Para([Text(time_text)], 0))
            topic = Topic(
                title=md.escape(title_text or time_text or "Discussion"),
                anchor="",
                origin=self.origin(),
                time=time.strip("*") if time else None,
                lead=tuple(lead),
                materials=materials,
            )
            topics.append((topic, pieces))
        return topics

    def mentions_in(self, cell: Tag) -> list[str]:
        pieces = BodyReader(self).read(list(cell.children))
        return [t.person_id for p in pieces if not isinstance(p, Verbatim) for t in p.tokens if isinstance(t, Mention)]

    def role_names(self, text: str) -> list[str]:
        ids = []
        for name in re.split(r"[,;/&]| and ", text):
            person = self.matcher.match_or_add(name, f"the agenda of {self.source}") if name.strip() else None
            if person is not None:
                ids.append(person.id)
        return ids

    def lead(self, cells: list[Tag]) -> tuple[list[str], list[Piece]]:
        """The people leading a topic (names at the start of its cell) and the cell's other text."""
        pieces: list[Piece] = []
        for cell in cells:
            pieces.extend(BodyReader(self).read(list(cell.children)))
        if not pieces or isinstance(pieces[0], Verbatim):
            return [], pieces
        first = pieces[0]
        ids = [t.person_id for t in first.tokens if isinstance(t, Mention)]
        text = "".join(t.text for t in first.tokens if isinstance(t, Text))
        found, rest = self.matcher.leading(text)
        ids.extend(i for i in found if i not in ids)
        words = rest.split()
        if words and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            person = self.matcher.match_or_add(rest, f"the agenda of {self.source}")
            if person is not None:
                ids.append(person.id)
                rest = ""
        if ids and not rest.strip() and all(isinstance(t, (Text, Mention)) for t in first.tokens):
            pieces = pieces[1:]
        elif ids and all(isinstance(t, (Text, Mention)) for t in first.tokens):
            pieces[0] = Para([Text(rest)], first.level) if isinstance(first, Para) else first
        return ids, pieces

    # the task report -----------------------------------------------------------------

    def task_report(self, table: Tag) -> list[ReportRow]:
        rows = table_rows(table)
        headers = [plain_key(c.get_text(" ", strip=True)) for c in rows[0][1]] if rows else []
        rows_out: list[ReportRow] = []
        for number, (_row, cells) in enumerate(rows[1:], 1):
            if cells and not cells[0].get_text(strip=True) and cells[0].find("input") and len(cells) > len(headers):
                merged = cells[0]
                for child in list(cells[1].children):
                    merged.append(child)
                cells = [merged, *cells[2:]]
            by_header = dict(zip(headers, cells))
            description = by_header.get("description")
            if description is None:
                continue
            self.where = f"task report row {number}"
            assignee = by_header.get("assignee")
            appears = by_header.get("task appears on")
            due_cell = by_header.get("due date")
            owner_ids: list[str] = []
            if assignee is not None and assignee.get_text(strip=True):
                for token in BodyReader(self).read(list(assignee.children)):
                    for t in getattr(token, "tokens", []):
                        if isinstance(t, Mention):
                            owner_ids.append(t.person_id)
                    if not owner_ids:
                        person = self.matcher.match_or_add(
                            plain(getattr(token, "tokens", [])), f"the task report of {self.source}"
                        )
                        if person is not None:
                            owner_ids.append(person.id)
            appears_text = appears.get_text(" ", strip=True) if appears is not None else ""
            meeting_date = parse_date_in_title(appears_text) or parse_text_date(appears_text)
            if meeting_date is None:
                self.problems.append(f"task report row {number}: no meeting date in {appears_text!r}; row skipped")
                continue
            pieces = BodyReader(self).read(list(description.children))
            tasks = [p for p in pieces if isinstance(p, Task)] or [
                Task(False, [t for p in pieces if not isinstance(p, Verbatim) for t in p.tokens])
            ]
            due_text = due_cell.get_text(" ", strip=True) if due_cell is not None else ""
            for task in tasks:
                action = self.action(
                    task,
                    f"minutes/{self.series}/{meeting_date.isoformat()}",
                    0,
                    meeting_date,
                    extra_owners=owner_ids,
                    due=parse_text_date(due_text),
                )
                if action is not None:
                    rows_out.append(ReportRow(action, meeting_date, strip_date(appears_text)))
        return rows_out

    # pieces -> blocks ----------------------------------------------------------------

    def blocks(self, pieces: list[Piece], state: _MeetingState) -> list[Block]:
        """Paragraphs, lists and tasks as Markdown and actions; secrets dropped."""
        out: list[Block] = []
        items: list[tuple[int, str]] = []

        def end_list() -> None:
            if items:
                out.append(md.bullet_list(items))
                items.clear()

        for piece in pieces:
            if isinstance(piece, Verbatim):
                end_list()
                out.append(piece.markdown)
                continue
            reason = secret_reason(plain(piece.tokens, dates=False))
            if reason:
                self.drop(reason, "text")
                continue
            if isinstance(piece, Task):
                end_list()
                action = self.action(piece, "", 0, state.date)
                if action is not None:
                    out.append(action)
                continue
            if piece.level:
                items.append((piece.level, render(piece.tokens)))
            else:
                end_list()
                out.append(md.paragraph(render(piece.tokens)))
        end_list()
        return out

    def action(
        self,
        task: Task,
        docname: str,
        n: int,
        meeting_date: dt.date | None,
        extra_owners: Iterable[str] = (),
        due: dt.date | None = None,
    ) -> Action | None:
        """A task as an action: owners (leading mentions and names), description, due, note."""
        tokens = _merge_text(task.tokens)
        reason = secret_reason(plain(tokens, dates=False))
        if reason:
            self.drop(reason, "an action")
            return None
        owners: list[str] = []
        while tokens:
            token = tokens[0]
            if isinstance(token, Mention):
                owners.append(token.person_id) if token.person_id not in owners else None
                tokens.pop(0)
            elif isinstance(token, Text):
                stripped = token.text.strip(" ,;&/")
                if not stripped or stripped.lower() in ("and", "&"):
                    tokens.pop(0)
                    continue
                found, rest = self.matcher.leading(token.text)
                if not found:
                    break
                owners.extend(i for i in found if i not in owners)
                tokens[0] = Text(rest)
                if rest.strip(" ,;&/"):
                    break
                tokens.pop(0)
            else:
                break
        description, note_tokens, found_due = _split_due(tokens)
        description, updates = _split_updates(description)
        note_tokens = updates + note_tokens
        if not owners:
            text = "".join(t.text for t in description if isinstance(t, Text))
            if description and isinstance(description[-1], Text):
                found, rest = (
                    self.matcher.trailing(text) if all(isinstance(t, Text) for t in description) else ([], text)
                )
                if found:
                    owners.extend(found)
                    description = [Text(rest)]
        if not owners:
            owners.extend(t.person_id for t in description if isinstance(t, Mention) and t.person_id not in owners)
        if not owners and not extra_owners and description and isinstance(description[0], Text):
            match = UNKNOWN_OWNER.match(description[0].text)
            person = self.matcher.match_or_add(match[1], f"a task in {self.source}") if match else None
            if person is not None:
                owners.append(person.id)
                description = [Text(description[0].text[match.end(1) :]), *description[1:]]  # type: ignore[union-attr]
        for owner in extra_owners:
            if owner not in owners:
                owners.append(owner)
        text = _tidy_description(render(description))
        if not text:
            text = render(note_tokens) or "(no description in the wiki)"
            note_tokens = []
        if not owners:
            self.note(f"the action {plain(description)[:60]!r} names no owner: written as unassigned (FORMAT v1.1)")
        note = md.paragraph(render(note_tokens)) if plain(note_tokens) else ""
        return Action(
            id=default_action_id(self.series, docname.rsplit("/", 1)[-1], n) if docname else "",
            description=text,
            owners=tuple(owners),
            origin=Origin(docname),
            series=self.series,
            meeting_date=meeting_date,
            due=found_due or due,
            status=Status.DONE if task.done else Status.OPEN,
            note=note,
        )

    def number_actions(self, sections: list[TopicSection], date: dt.date) -> Iterator[TopicSection]:
        self._count = getattr(self, "_count", 0)
        for section in sections:
            yield TopicSection(section.topic, tuple(self._numbered(item, date) for item in section.body))

    def number_preface(self, preface: list[Block], date: dt.date) -> list[Block]:
        self._count = getattr(self, "_count", 0)
        return [self._numbered(item, date) for item in preface]

    def _numbered(self, item: Block, date: dt.date) -> Block:
        if not isinstance(item, Action):
            return item
        self._count += 1
        docname = self.docname(date)
        return Action(
            id=default_action_id(self.series, date.isoformat(), self._count),
            description=item.description,
            owners=item.owners,
            origin=Origin(docname),
            series=self.series,
            meeting_date=date,
            due=item.due,
            status=item.status,
            note=item.note,
        )


@dataclass
class _MeetingState:
    date: dt.date | None = None
    date_from_section: dt.date | None = None
    time: str | None = None
    timezone: str | None = None
    location: str | None = None
    locations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    regrets: list[str] = field(default_factory=list)
    moderator: list[str] = field(default_factory=list)
    notetaker: list[str] = field(default_factory=list)


def table_kind(table: Tag) -> str | None:
    first = table.find("tr")
    if first is None:
        return None
    headers = [plain_key(c.get_text(" ", strip=True)) for c in first.find_all(("th", "td"), recursive=False)]
    if "description" in headers and ("assignee" in headers or "task appears on" in headers):
        return "task-report"
    roles = _header_roles(headers)
    if "time" in roles and "topic" in roles or "topic" in roles and "lead" in roles:
        return "agenda"
    return None


def _is_navigation(node: object) -> bool:
    """The wiki's "(back to the list of ...)" line: a link the site replaces with its own."""
    if not isinstance(node, Tag):
        return False
    text = node.get_text(" ", strip=True).lower()
    return text.startswith("(back to") or text.startswith("back to the")


def parse_date_in_title(text: str) -> dt.date | None:
    match = ISO_DATE.match(text.strip())
    return parse_date(match[0]) if match else None


def strip_date(title: str) -> str:
    title = title.strip()
    match = ISO_DATE.match(title)
    return title[match.end() :].strip(" -\u2013:") if match else title


def _merge_text(tokens: Iterable[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if isinstance(token, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + token.text)
        else:
            merged.append(token)
    return merged


def _split_due(tokens: list[Token]) -> tuple[list[Token], list[Token], dt.date | None]:
    """(description, note, due): the due date is the task's ``<time>``, else the last
    ``18 Jul 2022`` in its text; what follows it is a note."""
    for i, token in enumerate(tokens):
        if isinstance(token, When):
            return tokens[:i], tokens[i + 1 :], token.date
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if isinstance(token, Text):
            matches = list(DATE_TEXT.finditer(token.text))
            if matches:
                last = matches[-1]
                date = parse_text_date(last[0])
                before, after = token.text[: last.start()], token.text[last.end() :]
                return [*tokens[:i], Text(before)], [Text(after), *tokens[i + 1 :]], date
    if tokens and isinstance(tokens[-1], Text):
        match = ISO_AT_END.search(tokens[-1].text)
        if match:
            return [*tokens[:-1], Text(tokens[-1].text[: match.start()])], [], parse_text_date(match[1])
    return tokens, [], None


def _split_updates(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Italic "Update 2022-02-09: ..." remarks belong to the action's notes, not its description."""
    kept, moved = [], []
    for token in tokens:
        if isinstance(token, Markup) and token.plain.strip().lower().startswith("update"):
            moved.append(token)
        else:
            kept.append(token)
    return kept, moved


def _tidy_description(text: str) -> str:
    text = text.strip(" ,;:-\u2013")
    for lead in ("to ", "will ", "should ", "- ", ": "):
        if text.lower().startswith(lead):
            text = text[len(lead) :]
    text = text.strip(" ,;:-\u2013")
    return text[:1].upper() + text[1:] if text else text


def import_page(
    text: str, source: str, matcher: PeopleMatcher, series: str, task_report: bool, date: dt.date | None = None
) -> ImportedPage:
    """One wiki page (either form) -> its meeting page, task-report rows and a report;
    ``date`` dates a page that names none (``--date``)."""
    title, tree = read_source(text, source)
    if not title:
        title = Path(source).stem
    return PageImporter(matcher, series, source).read(title, tree, task_report, date)


def stub_pages(rows: list[ReportRow], series: str, source: str) -> list[MeetingPage]:
    """The task report's rows, one page per meeting they appear on, holding their actions."""
    by_date: dict[dt.date, list[ReportRow]] = {}
    for row in rows:
        by_date.setdefault(row.meeting_date, []).append(row)
    pages = []
    for date, found in sorted(by_date.items()):
        docname = f"minutes/{series}/{date.isoformat()}"
        actions = tuple(
            Action(
                id=default_action_id(series, date.isoformat(), n),
                description=row.action.description,
                owners=row.action.owners,
                origin=Origin(docname),
                series=series,
                meeting_date=date,
                due=row.action.due,
                status=row.action.status,
                note=row.action.note,
            )
            for n, row in enumerate(found, 1)
        )
        meeting = Meeting(
            docname=docname, title=md.escape(found[0].meeting_title or f"{series} meeting"), series=series, date=date
        )
        topic = Topic(title="Action items", anchor="", origin=Origin(docname))
        pages.append(
            MeetingPage(
                meeting=meeting,
                topics=(TopicSection(topic, actions),),
                preface=(
                    md.paragraph(
                        "This meeting's notes stayed in the wiki: this page holds the actions that the wiki's "
                        "task report still listed for it."
                    ),
                ),
                comment=f"Stub from the task report of {source}.",
            )
        )
    return pages
