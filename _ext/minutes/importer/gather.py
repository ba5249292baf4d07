"""Reading an import run's sources: each wiki page, read on its own and dated."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .. import confluence
from . import storage
from .api import Api, read_space
from .entries import Entry, RunState, Source, names_no_date
from .html_export import HtmlExport
from .select import not_a_meeting, not_a_meeting_after_all, not_chosen, series_of
from .sources import Counts, SourceError, WikiPage
from .xml_export import XmlExport


class Reading(RunState):
    """Sources -> an entry per wiki page, with what the page importer made of it."""

    # sources -------------------------------------------------------------------------

    def sources(self) -> Iterator[Source]:
        if self.opts.url:
            api = Api(self.opts.url, limit=self.opts.max_file_size)
            pages = read_space(
                api,
                self.opts.space or "",
                self.opts.selection.ancestor,
                True,  # labels: for --label, and for the task report macros' labels
                self.opts.max_file_size,
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
                with path.open("rb") as file:  # at most the limit, whatever the file says its size is
                    data = file.read(self.opts.max_file_size + 1)
                if len(data) > self.opts.max_file_size:
                    limit = self.opts.max_file_size / 2**20
                    self.error(f"cannot read {name}: larger than {limit:g} MB (--max-file-size)")
                    continue
                text = data.decode("utf-8-sig")
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
                xml = XmlExport(Path(name).name, archive, self.opts.max_file_size, self.opts.max_export_size)
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
        first = len(self.entries)
        try:
            for wiki in source.pages:
                self.entries.append(self.read_page(wiki, source))
        except (SourceError, zipfile.BadZipFile, OSError) as err:
            self.error(f"cannot read {source.name}: {err}")
        read = self.entries[first:]
        if self.opts.selection.labels and read and not any(e.wiki.labels for e in read):
            self.say(
                f"warning: {source.name} shows no page's labels, so --label chose none of its pages "
                "(an XML space export or the REST API holds every page's labels)"
            )
        for key, value in source.counts.as_dict().items():
            setattr(self.counts, key, getattr(self.counts, key) + value)

    def read_page(self, wiki: WikiPage, source: Source) -> Entry:
        entry = Entry(wiki)
        wiki.space = wiki.space or source.space_key
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
        wiki.load_attachments()
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
        """A page with no date that holds a meeting (tasks, an agenda, a meeting's sections:
        even one with child pages) is dated from --date when it is the only one, else
        reported; one that holds none is an index or some other page, skipped."""
        undated = [e for e in self.entries if e.imported and e.imported.page is None and names_no_date(e.imported)]
        meetings = []
        for entry in undated:
            if entry.wiki.named or entry.imported and entry.imported.holds_a_meeting:
                meetings.append(entry)
                continue
            entry.imported = None
            entry.status, entry.reason = "skipped", not_a_meeting_after_all(entry.wiki)
        for entry in self.entries:
            skipped = entry.imported.skipped if entry.imported and entry.imported.page is None else ""
            if skipped and entry.wiki.has_children:
                entry.imported, entry.status, entry.reason = None, "skipped", not_a_meeting_after_all(entry.wiki)
        if self.opts.date and len(meetings) == 1:
            entry = meetings[0]
            entry.imported = self.import_page(entry.wiki, entry.series, self.opts.date)
        elif self.opts.date and len(meetings) > 1:
            self.error(f"--date is for a single page; {len(meetings)} pages name no date (see the report)")
