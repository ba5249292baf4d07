"""What became of every page of an import run, and of every task-report row: the
migration report's content (``report.py`` writes it)."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Action, ActionUpdate, Decision, Status
from . import taskreport
from .entries import Entry, RunState, actions_of, blocks_of, meeting_date
from .report import PageReport, Report


class Reporting(RunState):
    """Entries -> the report."""

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
        rows, report.task_report_macros = self.macro_rows()
        report.task_report += rows
        return report

    def page_report(self, entry: Entry) -> PageReport:
        wiki = entry.wiki
        found = PageReport(
            id=wiki.id,
            title=wiki.shown_title,
            address=wiki.address,
            status=entry.status,
            reason=entry.reason,
            series=entry.series,
        )
        if entry.page is not None and entry.target is not None:
            found.page = self.rel(entry.target)
            found.topics = len(entry.page.topics)
            actions = actions_of(entry.page)
            found.actions_done = sum(1 for a in actions if a.status is Status.DONE)
            found.actions_open = len(actions) - found.actions_done
            blocks = blocks_of(entry.page)
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
                actions.setdefault((entry.series, meeting_date(entry.page)), []).extend(actions_of(entry.page))
        rows = []
        for entry in self.with_pages():
            for row in entry.imported.report_rows if entry.imported and not entry.stub_of else []:
                found: dict[str, object] = {
                    "appears_on": row.meeting_date.isoformat(),
                    "description": row.action.description,
                    "on_page": entry.wiki.shown_title,
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

    def macro_rows(self) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        """The rows of each task report kept as a macro, worked out again from its
        parameters over the actions this run wrote (``taskreport.py``); and per macro, what
        it was worked out by and what could not be."""
        candidates = [
            taskreport.Candidate(
                action,
                entry.wiki.id,
                frozenset((entry.wiki.id, *entry.wiki.ancestors)),
                frozenset(label.casefold() for label in entry.wiki.labels),
                entry.wiki.space.casefold(),
            )
            for entry in self.with_pages()
            if not entry.stub_of
            for action in actions_of(entry.page)
        ]
        page_ids = {key: e.wiki.id for e in self.entries for key in (e.wiki.id, e.wiki.title, e.wiki.title.casefold())}
        rows: list[dict[str, object]] = []
        macros: list[dict[str, object]] = []
        for entry in self.with_pages():
            for parameters in entry.imported.report_macros if entry.imported and not entry.stub_of else []:
                found = taskreport.rows_of(parameters, candidates, entry.wiki.space, page_ids, self.person_of)
                macros.append(
                    {
                        "page": entry.wiki.shown_title,
                        "id": entry.wiki.id,
                        "parameters": parameters,
                        "rows": len(found.rows),
                        "used": found.used,
                        "not_reproduced": found.not_reproduced,
                    }
                )
                rows.extend(_macro_row(entry, row.action) for row in found.rows)
        return rows, macros

    def person_of(self, key: str) -> str | None:
        """The person a wiki username, user key or account id (a macro's ``assignees``) is."""
        found = self.registry.resolve(key) or self.registry.people.get(self.matcher.keys.get(key, ""))
        return found.id if found is not None else None


def _macro_row(entry: Entry, action: Action) -> dict[str, object]:
    return {
        "appears_on": action.meeting_date.isoformat() if action.meeting_date else "",
        "description": action.description,
        "on_page": entry.wiki.shown_title,
        "action": action.id,
        "owners": list(action.owners),
        "due": action.due.isoformat() if action.due else None,
        "status": str(action.status),
        "outcome": "matches: worked out from the task report macro's parameters (storage format holds no rows)",
    }


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
