"""Writing an import run's plan: people.yaml first, then the pages and their files, then
a page for each new series; what the run says about people."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence

from ..model import Person, Status
from .entries import Entry, PlannedEntry, RunState, actions_of, count_of
from .sources import SourceError
from .writing import State, stamped, write_atomic


class Writing(RunState):
    """The plan -> files on disk (none with ``--dry-run``)."""

    # writing -------------------------------------------------------------------------

    def writes(self, entry: Entry) -> bool:
        return entry.state in (State.NEW, State.UPDATE) or (
            self.opts.force and entry.state in (State.EDITED, State.FOREIGN)
        )

    def write(self) -> None:
        entries = [e for e in self.planned() if e.status != "refused"]
        written = [e for e in entries if self.writes(e)]
        for entry in entries:
            if entry.state in (State.EDITED, State.FOREIGN) and not self.opts.force:
                entry.status = "refused"
                rel = self.rel(entry.target)
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
                self.say(f"{self.rel(entry.target)} ({self.what(entry)}): " + (entry.reason or "already up to date"))
                continue
            self.write_page(entry)
        self.write_series_indexes(written)

    def write_page(self, entry: PlannedEntry) -> None:
        target = entry.target
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
        actions = actions_of(entry.page)
        done = sum(1 for a in actions if a.status is Status.DONE)
        what = self.what(entry)
        self.say(
            f"{verb} {self.rel(target)} ({what}): {count_of(len(entry.page.topics), 'topic')}, "
            f"{count_of(len(actions), 'action')} ({done} done, {len(actions) - done} open)"
        )

    def what(self, entry: Entry) -> str:
        return f"stub from {entry.stub_of}" if entry.stub_of else f"from {entry.wiki.source}"

    def write_people(self, written: Sequence[Entry]) -> None:
        """The people this import added, as far as a page being written names them."""
        words = {w for e in written for w in re.findall(r"[a-z0-9][a-z0-9._-]*", e.text)}
        self.people = [(p, where) for p, where in self.matcher.added if p.id in words]
        if self.people and not self.opts.dry_run:
            path = self.root / "people.yaml"
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            write_atomic(path, existing + _people_block(existing, [p for p, _ in self.people]))

    def write_series_indexes(self, written: Sequence[Entry]) -> None:
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
