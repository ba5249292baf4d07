"""What every step of an import run shares: the run's pages (``Entry``), where they come
from (``Source``), and the run's state and voice (``RunState``)."""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from .. import confluence
from .. import markdown as md
from ..model import Action, Person
from ..people import load_people
from .options import Options
from .sources import Attachment, Counts, WikiPage
from .writing import State

NO_DATE = "no meeting date found"


@dataclass
class Entry:
    """One wiki page on its way through the run."""

    wiki: WikiPage
    status: str = ""
    reason: str = ""
    series: str = ""
    imported: confluence.ImportedPage | None = None
    page: md.MeetingPage | None = None
    target: Path | None = None
    text: str = ""
    state: State | None = None
    files: dict[Path, Attachment] = field(default_factory=dict)
    unsafe_files: set[str] = field(default_factory=set)
    """Attachments of a kind the site does not publish (see plan.SAFE_FILES): counted, not copied."""
    large_files: dict[str, str] = field(default_factory=dict)
    """Attachments too large to read (see sources.MAX_FILE_SIZE), and why: counted, not copied."""
    stub_of: str = ""


class PagedEntry(Entry):
    """An entry holding a page: what ``RunState.with_pages`` lists. A type only, never made
    (``has_page`` tells an ``Entry`` that is one), so that mypy knows what the list holds."""

    page: md.MeetingPage


class PlannedEntry(PagedEntry):
    """An entry holding a page and the file it goes to: what ``RunState.planned`` lists once
    planning has named every page. A type only, never made, like ``PagedEntry``."""

    target: Path


def has_page(entry: Entry) -> TypeGuard[PagedEntry]:
    return entry.page is not None


def is_planned(entry: Entry) -> TypeGuard[PlannedEntry]:
    return entry.page is not None and entry.target is not None


@dataclass
class Source:
    name: str
    pages: Iterator[WikiPage]
    counts: Counts
    titles: dict[str, str]
    space_key: str = ""


class RunState:
    """The state an import run's steps share, and how the run speaks."""

    def __init__(self, root: Path, opts: Options) -> None:
        self.root = root
        self.opts = opts
        self.registry = load_people(root / "people.yaml")
        self.matcher = confluence.PeopleMatcher(self.registry)
        self.entries: list[Entry] = []
        self.counts = Counts()
        self.failed = False
        self.archives: list[zipfile.ZipFile] = []
        self.people: list[tuple[Person, str]] = []
        """The people this run adds to people.yaml, and where each was first seen."""

    def say(self, text: str) -> None:
        print(text)

    def error(self, text: str) -> None:
        print(f"error: {text}", file=sys.stderr)
        self.failed = True

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def with_pages(self) -> list[PagedEntry]:
        return [e for e in self.entries if has_page(e)]

    def planned(self) -> list[PlannedEntry]:
        """The entries with a page and its file (after ``Planning.plan`` named them)."""
        return [e for e in self.entries if is_planned(e)]


def names_no_date(imported: confluence.ImportedPage) -> bool:
    return any(problem.startswith(NO_DATE) for problem in imported.problems)


def meeting_date(page: md.MeetingPage) -> dt.date:
    """The date of a page the run holds. Every one has one (a wiki page without a date holds
    no page, it is "undated"; a stub page is made per date), so a page without is a bug."""
    if page.meeting.date is None:
        raise ValueError(f"{page.meeting.docname}: an imported page without a meeting date")
    return page.meeting.date


def blocks_of(page: md.MeetingPage) -> list[md.Block]:
    return [*page.preface, *(item for section in page.topics for item in section.body)]


def actions_of(page: md.MeetingPage) -> list[Action]:
    return [b for b in blocks_of(page) if isinstance(b, Action)]


def count_of(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
