"""Planning an import run: each page's file name, text and what writing it would do;
nothing is written yet."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

from .. import confluence
from .. import markdown as md
from ..checks import PLAUSIBLE_YEARS
from ..model import Action, Origin, default_action_id
from .entries import Entry, PagedEntry, PlannedEntry, RunState, meeting_date, names_no_date
from .sources import WikiPage, safe_file_name
from .updates import move_updates
from .writing import state_of


class Planning(RunState):
    """Entries with pages -> named, checked and rendered pages."""

    # planning ------------------------------------------------------------------------

    def plan(self) -> None:
        """Each page's file name, text and what writing it would do."""
        for entry in self.entries:
            imported = entry.imported
            if imported is None:
                continue
            if imported.page is None and imported.skipped and not imported.problems:
                entry.status, entry.reason = "skipped", imported.skipped
                continue
            for problem in imported.problems:
                self.error(f"{entry.wiki.source}: {problem}")
            if imported.page is None:
                entry.status = "undated" if names_no_date(imported) else "failed"
                entry.reason = "; ".join(imported.problems) or "the page could not be read"
                if entry.status == "undated":
                    entry.reason += "; give it a date in its title, or import it alone with --date YYYY-MM-DD"
                continue
            entry.page = imported.page
        self.stub_entries()
        for entry in self.with_pages():
            self.check_year(entry)
        taken: dict[tuple[str, str], int] = {}
        for entry in sorted(
            self.with_pages(),
            key=lambda e: (e.series, meeting_date(e.page), bool(e.stub_of), e.wiki.title, e.wiki.id),
        ):
            date = meeting_date(entry.page).isoformat()
            n = taken.get((entry.series, date), 0) + 1
            taken[(entry.series, date)] = n
            stem = date if n == 1 else f"{date}-{n}"
            if n > 1:
                entry.page = _restem(entry.page, entry.series, stem)
            entry.target = self.root / "minutes" / entry.series / f"{stem}.md"
        self.move_updates()
        for entry in self.with_pages():
            self.check(entry)
        by_id = {e.wiki.id: e for e in self.with_pages() if not e.stub_of and e.status != "refused"}
        for planned in self.planned():
            if planned.status != "refused":
                planned.text = self.render(planned, by_id)
                planned.state = state_of(planned.target, planned.text)

    def move_updates(self) -> None:
        """ "Update YYYY-MM-DD: ..." after a task -> an action-update in that meeting, when it
        is imported in this run (``updates.py``)."""
        entries = [e for e in self.with_pages() if not e.stub_of]
        pages = move_updates((e.series, e.page) for e in entries)
        for entry, page in zip(entries, pages):
            entry.page = page

    def stub_entries(self) -> None:
        """Task-report rows of meetings not imported, on stub pages (with --task-report)."""
        if not self.opts.task_report:
            return
        imported = {(e.series, meeting_date(e.page)) for e in self.with_pages()}
        rows: dict[tuple[str, str], list[confluence.ReportRow]] = {}
        seen: set[tuple[str, dt.date, str]] = set()
        for entry in self.with_pages():
            name = entry.wiki.address if entry.wiki.named else entry.wiki.shown_title
            for row in entry.imported.report_rows if entry.imported else []:
                key = (entry.series, row.meeting_date, row.action.description)
                if (entry.series, row.meeting_date) in imported or key in seen:
                    continue
                seen.add(key)
                rows.setdefault((entry.series, name), []).append(row)
        for (series, name), found in rows.items():
            for stub in confluence.stub_pages(found, series, name):
                date = stub.meeting.date.isoformat() if stub.meeting.date else ""
                wiki = WikiPage(id=f"stub-{series}-{date}", title=stub.meeting.title, address="", source=name)
                self.entries.append(Entry(wiki, series=series, page=stub, stub_of=f"the task report of {name}"))

    def check_year(self, entry: Entry) -> None:
        """A meeting dated outside the years the site accepts (0001-01-01, 9999-12-31) is a
        typo in the wiki: not written, since its page would be named by the typo and be left out
        of its series' page."""
        date = entry.page.meeting.date if entry.page is not None else None
        first, last = PLAUSIBLE_YEARS
        if date is None or first <= date.year <= last:
            return
        entry.page, entry.status = None, "failed"
        entry.reason = (
            f"its meeting date {date.isoformat()} is not in the years {first}-{last}; "
            "correct the year in the wiki page's title or Date section"
        )
        self.error(f"{entry.wiki.source}: {entry.reason}")

    def check(self, entry: PagedEntry) -> None:
        """The page importer's check of a page before it is written: refused if it fails."""
        entry.text = md.meeting_page(entry.page)
        problems = md.check_page(entry.text)
        if problems:
            entry.status = "refused"
            entry.reason = f"the page would hold {'; '.join(problems)}"
            self.error(f"{entry.wiki.source}: refused: {entry.reason}")

    def render(self, entry: PlannedEntry, by_id: Mapping[str, Entry]) -> str:
        """The page's text; its links into the space and its files are resolved after the
        page importer's own check (the writer's links are the only ones it makes itself)."""
        text = entry.text  # as check() made it
        target = entry.target
        folder = target.with_suffix("")
        taken: set[str] = set()
        names: dict[str, str] = {}

        def file_for(name: str) -> str | None:
            if name not in entry.wiki.attachments or confluence.secret_reason(name):
                return None
            if name.rsplit(".", 1)[-1].lower() not in SAFE_FILES:
                entry.unsafe_files.add(name)
                return None
            too_large = entry.wiki.attachments[name].too_large(self.opts.max_file_size)
            if too_large:
                entry.unsafe_files.add(name)
                entry.large_files[name] = too_large
                return None
            if name not in names:
                names[name] = safe_file_name(name, taken)
                entry.files[folder / names[name]] = entry.wiki.attachments[name]
            return f"{folder.name}/{names[name]}"

        def link(match: re.Match[str]) -> str:
            shown, kind, ident = match["text"], match["kind"], unquote(match["id"])
            if kind == "page":
                other = by_id.get(ident)
                if other is None or other.target is None:
                    return shown
                return f"[{shown}]({Path(os.path.relpath(other.target, target.parent)).as_posix()})"
            path = file_for(unquote(match["file"] or ""))
            if path is None or ident != entry.wiki.id:
                return shown
            image = kind == "image" and path.rsplit(".", 1)[-1].lower() in IMAGES
            return f"{'!' if image else ''}[{shown}]({path})"

        text = BARE.sub("", LINK.sub(link, text))
        extra = [name for name in sorted(entry.wiki.attachments) if name not in names and file_for(name)]
        if extra:
            listed = ", ".join(f"[{md.escape(name)}]({folder.name}/{names[name]})" for name in extra)
            text += f"\n{md.paragraph('Attached to the wiki page: ' + listed + '.')}\n"
        for name, why in sorted(entry.large_files.items()):
            note = f"attachment {name!r} not copied: {why}; it stays in the wiki"
            if entry.imported is not None and note not in entry.imported.notes:
                entry.imported.notes.append(note)
        return text


IMAGES = ("png", "jpg", "jpeg", "gif", "webp")
"""What a browser shows in a page; other files an image macro names are linked instead."""
SAFE_FILES = frozenset(
    (*IMAGES, "pdf", "ppt", "pptx", "key", "odp", "doc", "docx", "odt", "xls", "xlsx", "ods", "zip", "tar", "gz")
)
"""Attachments copied beside a page. A wiki editor is not a committer: a file the browser would
run in the site's origin (SVG, HTML, XHTML, XML, MHT, ...) is a stored script, and a text file may
hold the meeting's invitation, which the build cannot take out of a copied file. Other kinds are
counted in the report ("dropped: files") and left in the wiki."""
LINK = re.compile(
    r"!?\[(?P<text>(?:\\.|[^\]\\\n])*)\]\(https://minutes\.invalid/(?P<kind>page|image|file)/(?P<id>[^/)\s]+)"
    r"(?:/(?P<file>[^)\s]*))?\)"
)
BARE = re.compile(r" ?https://minutes\.invalid/[^\s)]*")


def _restem(page: md.MeetingPage, series: str, stem: str) -> md.MeetingPage:
    """A second meeting of a series on one day: ``<date>-2.md``, its action ids to match."""
    docname = f"minutes/{series}/{stem}"
    count = 0

    def fix(item: md.Block) -> md.Block:
        nonlocal count
        if isinstance(item, Action):
            count += 1
            return dataclasses.replace(item, id=default_action_id(series, stem, count), origin=Origin(docname))
        return item

    topics = tuple(dataclasses.replace(s, body=tuple(fix(b) for b in s.body)) for s in page.topics)
    preface = tuple(fix(b) for b in page.preface)
    return dataclasses.replace(
        page, meeting=dataclasses.replace(page.meeting, docname=docname), topics=topics, preface=preface
    )
