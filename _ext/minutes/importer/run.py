"""``python -m minutes import confluence``: sources -> chosen pages -> meeting pages ->
a plan of what to write -> people.yaml, pages, files -> the report.

Every page is read on its own (one bad page never stops the others), nothing is written
until every page is read, and people.yaml is written before the pages that name its new
people, so a run stopped part-way leaves people.yaml consistent with every page on disk.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .. import confluence
from .. import markdown as md
from ..checks import PLAUSIBLE_YEARS
from ..model import ID_PATTERN, Action, ActionUpdate, Decision, Origin, Person, Status, default_action_id, parse_date
from ..people import load_people
from . import storage
from .api import Api, read_space
from .html_export import HtmlExport
from .report import PageReport, Report
from .select import Selection, not_a_meeting, not_chosen, series_of
from .sources import MAX_FILE_SIZE, Attachment, Counts, SourceError, WikiPage, WikiUnreachable, safe_file_name
from .updates import move_updates
from .writing import State, stamped, state_of, write_atomic
from .xml_export import XmlExport

NO_DATE = "no meeting date found"


class UsageError(Exception):
    """A command line that makes no sense: exit status 2."""


@dataclass
class Options:
    files: list[str]
    url: str | None
    space: str | None
    selection: Selection
    date: dt.date | None
    dry_run: bool
    force: bool
    task_report: bool
    report_dir: Path
    max_file_size: int = MAX_FILE_SIZE
    """The most bytes read of one file in an export (``--max-file-size``, in MB)."""


def options(args: argparse.Namespace) -> Options:
    series_map = []
    for item in args.series_map or []:
        pattern, equals, series = item.rpartition("=")
        if not equals or not pattern.strip() or not ID_PATTERN.match(series.strip()):
            raise UsageError(f"--series-map {item!r}: write PATTERN=SERIES, e.g. 'DM-SST*=dm-sst'")
        series_map.append((pattern.strip(), series.strip()))
    if args.series is not None and not ID_PATTERN.match(args.series):
        raise UsageError(f"series {args.series!r} is not of the form [a-z0-9][a-z0-9-]*; use e.g. 'dm-sst'")
    if args.series is None and not series_map:
        raise UsageError("say which series the pages belong to: --series SERIES, or --series-map PATTERN=SERIES")
    if args.url and args.files:
        raise UsageError("give either FILEs or --url, not both")
    if not args.url and not args.files:
        raise UsageError("give the FILEs to import, or --url BASE_URL --space KEY")
    if args.url and not args.space:
        raise UsageError("--url needs --space KEY (the space's key, e.g. DM)")
    max_mb = getattr(args, "max_file_size", None)
    if max_mb is not None and not 0 < max_mb <= 2**20:  # also NaN
        raise UsageError(f"--max-file-size {max_mb}: give a size in MB above 0, e.g. 100")
    date = None
    if args.date:
        date = parse_date(args.date)
        if date is None:
            raise UsageError(f"--date {args.date!r} is not a real date; write it as YYYY-MM-DD")
    return Options(
        files=list(args.files or []),
        url=args.url,
        space=args.space,
        selection=Selection(
            series=args.series,
            series_map=tuple(series_map),
            ancestor=args.ancestor,
            labels=tuple(args.label or ()),
            titles=tuple(args.title or ()),
        ),
        date=date,
        dry_run=args.dry_run,
        force=args.force,
        task_report=args.task_report,
        report_dir=Path(args.report),
        max_file_size=round(max_mb * 2**20) if max_mb else MAX_FILE_SIZE,
    )


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
    """Attachments of a kind the site does not publish (see SAFE_FILES): counted, not copied."""
    large_files: dict[str, str] = field(default_factory=dict)
    """Attachments too large to read (see sources.MAX_FILE_SIZE), and why: counted, not copied."""
    stub_of: str = ""


@dataclass
class Source:
    name: str
    pages: Iterator[WikiPage]
    counts: Counts
    titles: dict[str, str]
    space_key: str = ""


class Run:
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

    # sources -------------------------------------------------------------------------

    def sources(self) -> Iterator[Source]:
        if self.opts.url:
            api = Api(self.opts.url)
            pages = read_space(
                api, self.opts.space or "", self.opts.selection.ancestor, bool(self.opts.selection.labels)
            )
            titles = {p.title.casefold(): p.id for p in pages}
            yield Source(self.opts.url, iter(pages), api.counts, titles, self.opts.space or "")
            return
        for name in self.opts.files:
            path = Path(name)
            if path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)):
                source = self.export(name)
                if source is not None:
                    yield source
                continue
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as err:
                self.error(f"cannot read {name}: {getattr(err, 'strerror', None) or err}")
                continue
            page = WikiPage(id=path.name, title=path.stem, address=path.name, source=name, text=text, named=True)
            yield Source(name, iter([page]), Counts(), {})

    def export(self, name: str) -> Source | None:
        try:
            archive = zipfile.ZipFile(name)
            self.archives.append(archive)
            members = {n.rsplit("/", 1)[-1] for n in archive.namelist()}
            if "entities.xml" in members:
                xml = XmlExport(Path(name).name, archive, self.opts.max_file_size)
                titles = {p.title.casefold(): i for i, p in xml.pages.items()}
                return Source(name, xml.pages_in_order(), xml.counts, titles, xml.space_key)
            if "index.html" in members:
                html = HtmlExport(Path(name).name, archive, self.opts.max_file_size)
                return Source(name, html.pages_in_order(), html.counts, {})
            self.error(f"{name}: neither an XML space export (entities.xml) nor an HTML one (index.html)")
        except (OSError, zipfile.BadZipFile, SourceError) as err:
            self.error(f"cannot read {name}: {err}")
        return None

    # reading -------------------------------------------------------------------------

    def read(self, source: Source) -> None:
        try:
            for wiki in source.pages:
                self.entries.append(self.read_page(wiki, source))
        except (SourceError, zipfile.BadZipFile, OSError) as err:
            self.error(f"cannot read {source.name}: {err}")
        for key, value in source.counts.as_dict().items():
            setattr(self.counts, key, getattr(self.counts, key) + value)

    def read_page(self, wiki: WikiPage, source: Source) -> Entry:
        entry = Entry(wiki)
        reason = not_chosen(wiki, self.opts.selection)
        if reason:
            entry.status, entry.reason = "not chosen", reason
            return entry
        reason = not_a_meeting(wiki)
        series = series_of(wiki, self.opts.selection)
        if reason or series is None:
            entry.status = "skipped"
            entry.reason = reason or "no --series-map pattern matches its title or its parent's title"
            return entry
        entry.series = series
        if wiki.problem:
            entry.status, entry.reason = "failed", wiki.problem
            self.error(f"{wiki.source}: {wiki.problem}")
            return entry
        try:
            storage.link_in_space(wiki, source.titles, source.space_key)
        except RecursionError:
            pass  # the page importer says what is wrong with such a page
        # A date anywhere in a space page's title dates it ("DMLT 2022-08-01"), as the
        # page importer does with one at the start; a Date section still wins.
        title_date = None if wiki.named else confluence.parse_text_date(wiki.title)
        entry.imported = self.import_page(wiki, series, title_date)
        rows = len(entry.imported.report_rows)
        if rows and not self.opts.task_report:
            entry.imported.notes.append(
                f"the task report: skipped the task report ({rows} rows); add --task-report to import them"
            )
        return entry

    def import_page(self, wiki: WikiPage, series: str, date: dt.date | None) -> confluence.ImportedPage:
        """The page importer on one page; whatever goes wrong there stays with this page."""
        try:
            return confluence.import_page(wiki.importer_text(), wiki.source, self.matcher, series, True, date=date)
        except RecursionError:
            return confluence.ImportedPage(None, [], [], ["the page is nested too deeply to read"])
        except confluence.PageError as err:
            return confluence.ImportedPage(None, [], [], [f"cannot import it: {err}"])
        except Exception as err:  # noqa: BLE001 - one page's failure must not stop the others
            reason = f"cannot import it: the importer failed on it ({type(err).__name__}); please report it"
            return confluence.ImportedPage(None, [], [], [reason])

    def settle_undated(self) -> None:
        """A page with no date is dated from --date when it is the only one; else reported."""
        undated = [e for e in self.entries if e.imported and e.imported.page is None and _undated(e.imported)]
        if self.opts.date and len(undated) == 1:
            entry = undated[0]
            entry.imported = self.import_page(entry.wiki, entry.series, self.opts.date)
            return
        for entry in undated:
            if entry.wiki.named or entry.wiki.has_tasks():
                continue
            entry.imported = None
            entry.status = "skipped"
            entry.reason = "not a meeting: no date in its title or a Date section, and no tasks"
        if self.opts.date and len(undated) > 1:
            self.error(f"--date is for a single page; {len(undated)} pages name no date (see the report)")

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
                entry.status = "undated" if _undated(imported) else "failed"
                entry.reason = "; ".join(imported.problems) or "the page could not be read"
                if entry.status == "undated":
                    entry.reason += "; give it a date in its title, or import it alone with --date YYYY-MM-DD"
                continue
            entry.page = imported.page
        self.stub_entries()
        for entry in self.with_pages():
            self.check_year(entry)
        taken: dict[tuple[str, str], int] = {}
        for entry, page in sorted(
            ((e, e.page) for e in self.with_pages() if e.page is not None),
            key=lambda pair: (
                pair[0].series,
                pair[1].meeting.date,
                bool(pair[0].stub_of),
                pair[0].wiki.title,
                pair[0].wiki.id,
            ),
        ):
            date = page.meeting.date.isoformat()  # type: ignore[union-attr]
            n = taken.get((entry.series, date), 0) + 1
            taken[(entry.series, date)] = n
            stem = date if n == 1 else f"{date}-{n}"
            if n > 1:
                entry.page = _restem(entry.page, entry.series, stem)  # type: ignore[arg-type]
            entry.target = self.root / "minutes" / entry.series / f"{stem}.md"
        self.move_updates()
        for entry in self.with_pages():
            self.check(entry)
        by_id = {e.wiki.id: e for e in self.with_pages() if not e.stub_of and e.status != "refused"}
        for entry in self.with_pages():
            if entry.status != "refused":
                entry.text = self.render(entry, by_id)
                entry.state = state_of(entry.target, entry.text)  # type: ignore[arg-type]

    def move_updates(self) -> None:
        """ "Update YYYY-MM-DD: ..." after a task -> an action-update in that meeting, when it
        is imported in this run (``updates.py``)."""
        entries = [e for e in self.with_pages() if not e.stub_of]
        pages = move_updates((e.series, e.page) for e in entries if e.page is not None)
        for entry, page in zip(entries, pages):
            entry.page = page

    def with_pages(self) -> list[Entry]:
        return [e for e in self.entries if e.page is not None]

    def stub_entries(self) -> None:
        """Task-report rows of meetings not imported, on stub pages (with --task-report)."""
        if not self.opts.task_report:
            return
        imported = {(e.series, e.page.meeting.date) for e in self.with_pages()}  # type: ignore[union-attr]
        rows: dict[tuple[str, str], list[confluence.ReportRow]] = {}
        seen: set[tuple[str, dt.date, str]] = set()
        for entry in self.with_pages():
            name = entry.wiki.address if entry.wiki.named else entry.wiki.title
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

    def check(self, entry: Entry) -> None:
        """The page importer's check of a page before it is written: refused if it fails."""
        entry.text = md.meeting_page(entry.page)  # type: ignore[arg-type]
        problems = md.check_page(entry.text)
        if problems:
            entry.status = "refused"
            entry.reason = f"the page would hold {'; '.join(problems)}"
            self.error(f"{entry.wiki.source}: refused: {entry.reason}")

    def render(self, entry: Entry, by_id: dict[str, Entry]) -> str:
        """The page's text; its links into the space and its files are resolved after the
        page importer's own check (the writer's links are the only ones it makes itself)."""
        text = entry.text  # as check() made it
        target = entry.target
        assert target is not None
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

    # writing -------------------------------------------------------------------------

    def writes(self, entry: Entry) -> bool:
        return entry.state in (State.NEW, State.UPDATE) or (
            self.opts.force and entry.state in (State.EDITED, State.FOREIGN)
        )

    def write(self) -> None:
        entries = [e for e in self.with_pages() if e.status != "refused"]
        written = [e for e in entries if self.writes(e)]
        for entry in entries:
            if entry.state in (State.EDITED, State.FOREIGN) and not self.opts.force:
                entry.status = "refused"
                rel = self.rel(entry.target)  # type: ignore[arg-type]
                if entry.state is State.FOREIGN:
                    entry.reason = "a page not written by the importer is there; --force replaces it"
                    self.error(f"{rel} exists; not overwritten (move it away, or add --force)")
                else:
                    entry.reason = "edited by hand since its import, and the wiki page changed; --force replaces it"
                    self.error(
                        f"{rel} was edited by hand since its import; not overwritten (add --force to replace it)"
                    )
        self.write_people(written)
        for entry in entries:
            if entry.status == "refused":
                continue
            if not self.writes(entry):
                entry.status = "up to date" if entry.state is State.SAME else "kept"
                if entry.state is State.KEPT:
                    entry.reason = "edited by hand since its import; the wiki page has not changed"
                self.say(f"{self.rel(entry.target)} ({self.what(entry)}): " + (entry.reason or "already up to date"))  # type: ignore[arg-type]
                continue
            self.write_page(entry)
        self.write_series_indexes(written)

    def write_page(self, entry: Entry) -> None:
        target = entry.target
        assert target is not None
        origin = entry.stub_of or f"wiki page {entry.wiki.id} ({entry.wiki.address})"
        verb = "would write" if self.opts.dry_run else "wrote"
        try:
            if not self.opts.dry_run:
                for path, attachment in sorted(entry.files.items()):
                    data = attachment.read()
                    if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
                        write_atomic(path, data)
                write_atomic(target, stamped(entry.text, origin))
        except (OSError, KeyError, zipfile.BadZipFile, SourceError) as err:
            entry.status, entry.reason = "failed", f"could not be written: {getattr(err, 'strerror', None) or err}"
            self.error(f"{self.rel(target)}: {entry.reason}")
            return
        entry.status = "updated" if entry.state is State.UPDATE else "written"
        actions = _actions(entry.page)  # type: ignore[arg-type]
        done = sum(1 for a in actions if a.status is Status.DONE)
        what = self.what(entry)
        self.say(
            f"{verb} {self.rel(target)} ({what}): {_count(len(entry.page.topics), 'topic')}, "  # type: ignore[union-attr]
            f"{_count(len(actions), 'action')} ({done} done, {len(actions) - done} open)"
        )

    def what(self, entry: Entry) -> str:
        return f"stub from {entry.stub_of}" if entry.stub_of else f"from {entry.wiki.source}"

    def write_people(self, written: list[Entry]) -> None:
        """The people this import added, as far as a page being written names them."""
        words = {w for e in written for w in re.findall(r"[a-z0-9][a-z0-9._-]*", e.text)}
        self.people = [(p, where) for p, where in self.matcher.added if p.id in words]
        if self.people and not self.opts.dry_run:
            path = self.root / "people.yaml"
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            write_atomic(path, existing + _people_block(existing, [p for p, _ in self.people]))

    def write_series_indexes(self, written: list[Entry]) -> None:
        if self.opts.dry_run:
            return
        from ..__main__ import Site, write_series_index

        for series in sorted({e.series for e in written if e.status in ("written", "updated")}):
            if not (self.root / "minutes" / series / "index.md").exists():
                write_series_index(Site(self.root), series)

    def print_people(self) -> None:
        for key, person_id in sorted(self.matcher.keys.items()):
            print(
                f"wiki user {key} is {person_id} ({self.registry.name(person_id)}): add {key!r} to their aliases "
                "in people.yaml so that other pages' mentions of them resolve"
            )
        for spelled, person_id in self.matcher.fuzzy:
            print(f"matched {spelled!r} to {person_id} ({self.registry.name(person_id)}) by close spelling")
        for person, where in self.people:
            verb = "would add" if self.opts.dry_run else "added"
            print(f"{verb} to people.yaml: {person.id} ({person.name}), seen in {where}; check the name and id")

    # the report ----------------------------------------------------------------------

    def report(self) -> Report:
        names = [self.opts.url] if self.opts.url else self.opts.files
        report = Report(sources=[str(n) for n in names], dry_run=self.opts.dry_run, passed_over=self.counts.as_dict())
        for entry in self.entries:
            report.pages.append(self.page_report(entry))
        for spelled, person_id in self.matcher.fuzzy:
            report.matched_by_spelling.append(
                {"written": spelled, "id": person_id, "name": self.registry.name(person_id)}
            )
        for person, where in self.people:
            report.people_added.append({"id": person.id, "name": person.name, "seen_in": where})
        for key, person_id in sorted(self.matcher.keys.items()):
            report.wiki_keys.append({"key": key, "id": person_id})
        report.task_report = self.reconcile()
        return report

    def page_report(self, entry: Entry) -> PageReport:
        wiki = entry.wiki
        found = PageReport(
            id=wiki.id,
            title=wiki.title,
            address=wiki.address,
            status=entry.status,
            reason=entry.reason,
            series=entry.series,
        )
        if entry.page is not None and entry.target is not None:
            found.page = self.rel(entry.target)
            found.topics = len(entry.page.topics)
            actions = _actions(entry.page)
            found.actions_done = sum(1 for a in actions if a.status is Status.DONE)
            found.actions_open = len(actions) - found.actions_done
            blocks = _blocks(entry.page)
            found.decisions = sum(1 for b in blocks if isinstance(b, Decision))
            found.updates = sum(1 for b in blocks if isinstance(b, ActionUpdate))
            found.files = sorted(self.rel(p) for p in entry.files)
        notes = entry.imported.notes if entry.imported else []
        dropped = {"secrets": 0, "macros": 0, "images": 0}
        for note in notes:
            if note.endswith("(never published)"):
                dropped["secrets"] += note.rsplit(": dropped ", 1)[-1].count(",") + 1
            elif "macro" in note and "dropped" in note:
                dropped["macros"] += 1
            elif "image" in note and "dropped" in note:
                dropped["images"] += 1
            else:
                found.notes.append(note)
        dropped["files"] = len(entry.unsafe_files)
        found.dropped = {k: v for k, v in dropped.items() if v}
        return found

    def reconcile(self) -> list[dict[str, object]]:
        """Each task-report row against the action it shows, when that meeting was imported."""
        actions: dict[tuple[str, dt.date], list[Action]] = {}
        for entry in self.with_pages():
            if not entry.stub_of:
                actions.setdefault((entry.series, entry.page.meeting.date), []).extend(_actions(entry.page))  # type: ignore[union-attr, arg-type]
        rows = []
        for entry in self.with_pages():
            for row in entry.imported.report_rows if entry.imported and not entry.stub_of else []:
                found: dict[str, object] = {
                    "appears_on": row.meeting_date.isoformat(),
                    "description": row.action.description,
                    "on_page": entry.wiki.title,
                }
                candidates = actions.get((entry.series, row.meeting_date))
                if candidates is None:
                    found["outcome"] = (
                        "meeting not imported: the row is an action on a stub page"
                        if self.opts.task_report
                        else "meeting not imported: --task-report writes the row on a stub page"
                    )
                else:
                    match = _same_action(row.action, candidates)
                    if match is None:
                        found["outcome"] = "not found on the imported meeting page"
                    else:
                        found["action"] = match.id
                        found["outcome"] = "; ".join(_differences(row.action, match)) or "matches"
                rows.append(found)
        return rows


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


def _undated(imported: confluence.ImportedPage) -> bool:
    return any(problem.startswith(NO_DATE) for problem in imported.problems)


def _blocks(page: md.MeetingPage) -> list[md.Block]:
    return [*page.preface, *(item for section in page.topics for item in section.body)]


def _actions(page: md.MeetingPage) -> list[Action]:
    return [b for b in _blocks(page) if isinstance(b, Action)]


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


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def _same_action(wanted: Action, candidates: list[Action]) -> Action | None:
    key = _words(wanted.description)
    for action in candidates:
        other = _words(action.description)
        if other and key and (other.startswith(key[:40]) or key.startswith(other[:40])):
            return action
    return None


def _differences(row: Action, action: Action) -> list[str]:
    found = []
    if row.status is not action.status:
        found.append(f"status: task report {row.status}, page {action.status}")
    if set(row.owners) != set(action.owners):
        found.append(f"owner: task report {', '.join(row.owners) or 'none'}, page {', '.join(action.owners) or 'none'}")
    if row.due != action.due:
        found.append(f"due: task report {row.due or 'none'}, page {action.due or 'none'}")
    return found


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def _people_block(existing: str, people: list[Person]) -> str:
    import yaml

    entries: dict[str, dict[str, object]] = {}
    for person in people:
        entry: dict[str, object] = {"name": person.name}
        if person.aliases:
            entry["aliases"] = list(person.aliases)
        entries[person.id] = entry
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=None)
    lead = "" if not existing or existing.endswith("\n") else "\n"
    return lead + "# Added by `python -m minutes import`: check names and ids.\n" + block


def command(args: argparse.Namespace) -> int:
    """The whole import; the exit status the README and issue 16 promise."""
    try:
        opts = options(args)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    root = Path.cwd()
    if not (root / "conf.py").is_file():
        print(
            f"error: no conf.py in {root}: run this at the root of a minutes site (where conf.py is)", file=sys.stderr
        )
        return 1
    run = Run(root, opts)
    if not (root / "people.yaml").exists():
        print(f"no people.yaml at {root}: creating it with the people the import finds")
    try:
        for source in run.sources():
            run.read(source)
    except WikiUnreachable as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    run.settle_undated()
    run.plan()
    run.write()
    for entry in run.entries:
        for note in entry.imported.notes if entry.imported else []:
            print(f"{entry.wiki.source}: {note}")
    for entry in run.entries:
        if entry.status == "skipped":
            print(f"skipped {entry.wiki.source}: {entry.reason}")
    run.print_people()
    report = run.report()
    try:
        report.write(root / opts.report_dir if not opts.report_dir.is_absolute() else opts.report_dir)
    except OSError as err:
        run.error(f"cannot write the report to {opts.report_dir}: {getattr(err, 'strerror', None) or err}")
    for archive in run.archives:
        archive.close()
    print(f"report: {run.rel(root / opts.report_dir)}/report.md")
    return 1 if run.failed else 0
