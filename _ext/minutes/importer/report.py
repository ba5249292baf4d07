"""The migration report: what became of every wiki page, as Markdown and as JSON.

Written to ``--report DIR`` (``_build/import/`` by default, outside the site's sources).
Secrets the importer dropped are counted, never shown; so are dropped macros and images.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sources import clean
from .writing import write_atomic


@dataclass
class PageReport:
    id: str
    title: str
    address: str
    status: str
    """written, updated, up to date, kept, refused, failed, skipped, undated, not chosen."""
    reason: str = ""
    page: str = ""
    series: str = ""
    topics: int = 0
    actions_open: int = 0
    actions_done: int = 0
    decisions: int = 0
    updates: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class Report:
    sources: list[str]
    dry_run: bool
    pages: list[PageReport] = field(default_factory=list)
    passed_over: dict[str, int] = field(default_factory=dict)
    """Historical versions, drafts, comments, blog posts... that sources did not read."""
    matched_by_spelling: list[dict[str, str]] = field(default_factory=list)
    people_added: list[dict[str, str]] = field(default_factory=list)
    wiki_keys: list[dict[str, str]] = field(default_factory=list)
    task_report: list[dict[str, Any]] = field(default_factory=list)
    task_report_macros: list[dict[str, Any]] = field(default_factory=list)
    """Each task report kept as a macro (storage format), the parameters its rows were
    worked out from and those that could not be."""

    def as_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "sources": self.sources,
            "dry_run": self.dry_run,
            "summary": self.summary(),
            "passed_over": self.passed_over,
            "pages": [vars(p) for p in self.pages],
            "people": {
                "matched_by_spelling": self.matched_by_spelling,
                "added": self.people_added,
                "wiki_keys": self.wiki_keys,
            },
            "task_report": self.task_report,
            "task_report_macros": self.task_report_macros,
        }

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.pages:
            counts[page.status] = counts.get(page.status, 0) + 1
        return dict(sorted(counts.items()))

    def markdown(self) -> str:
        lines = ["# Wiki import report", ""]
        lines += self._summary_md()
        lines += self._pages_md()
        lines += self._people_md()
        lines += self._task_report_md()
        return "\n".join(lines) + "\n"

    def _summary_md(self) -> list[str]:
        lines = [
            "Sources: "
            + ", ".join(f"`{s}`" for s in self.sources)
            + ("  (dry run: nothing written)" if self.dry_run else "")
        ]
        lines.append("")
        lines.append("| pages | count |")
        lines.append("|---|---|")
        lines.extend(f"| {status} | {n} |" for status, n in self.summary().items())
        if any(self.passed_over.values()):
            lines += [
                "",
                "Not read: "
                + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in self.passed_over.items() if n)
                + ".",
            ]
        return lines

    def _pages_md(self) -> list[str]:
        """The meeting pages, the pages not written, and the notes on each."""
        lines: list[str] = []
        meetings = [p for p in self.pages if p.page]
        if meetings:
            lines += ["", "## Meeting pages", ""]
            lines.append(
                "| wiki page | id | address | page | status | topics | open | done | decisions | updates | dropped |"
            )
            lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
            for p in meetings:
                dropped = ", ".join(f"{n} {what}" for what, n in p.dropped.items() if n) or ""
                lines.append(
                    f"| {_cell(p.title)} | {p.id} | {_cell(p.address)} | `{p.page}` | {p.status}"
                    f"{' (' + _cell(p.reason) + ')' if p.reason else ''} | {p.topics} | {p.actions_open} | "
                    f"{p.actions_done} | {p.decisions} | {p.updates} | {dropped} |"
                )
        others = [p for p in self.pages if not p.page]
        if others:
            lines += [
                "",
                "## Pages not written",
                "",
                "| wiki page | id | address | status | why |",
                "|---|---|---|---|---|",
            ]
            lines.extend(
                f"| {_cell(p.title)} | {p.id} | {_cell(p.address)} | {p.status} | {_cell(p.reason)} |" for p in others
            )
        notes = [(p, n) for p in self.pages for n in p.notes]
        if notes:
            lines += ["", "## Notes", ""]
            lines.extend(f"- {_cell(p.title)}: {_cell(n)}" for p, n in notes)
        return lines

    def _people_md(self) -> list[str]:
        lines = ["", "## People", ""]
        lines.extend(
            f"- matched `{_cell(m['written'])}` to `{m['id']}` ({_cell(m['name'])}) by close spelling"
            for m in self.matched_by_spelling
        )
        lines.extend(
            f"- added `{a['id']}` ({_cell(a['name'])}) to people.yaml, first seen in {_cell(a['seen_in'])}"
            for a in self.people_added
        )
        lines.extend(
            f"- wiki user key `{_cell(k['key'])}` is `{k['id']}`: add it to their aliases" for k in self.wiki_keys
        )
        if not (self.matched_by_spelling or self.people_added or self.wiki_keys):
            lines.append("Everyone named was already in people.yaml under that spelling.")
        return lines

    def _task_report_md(self) -> list[str]:
        if not self.task_report and not self.task_report_macros:
            return []
        lines = ["", "## Task report"]
        if self.task_report_macros:
            lines += [
                "",
                "A task report kept as a macro holds no rows: they are worked out again from its parameters over "
                "the actions this import wrote (tasks on pages it did not read are not known).",
                "",
            ]
            for macro in self.task_report_macros:
                used = ", ".join(macro["used"]) or "no filter"
                lines.append(f"- {_cell(macro['page'])}: {macro['rows']} rows, by {_cell(used)}")
                lines.extend(f"  - not reproduced: {_cell(why)}" for why in macro["not_reproduced"])
        lines += ["", "| report on | appears on | description | found as | status |", "|---|---|---|---|---|"]
        for row in self.task_report:
            lines.append(
                f"| {_cell(row['on_page'])} | {row['appears_on']} | {_cell(row['description'])} | "
                f"{row.get('action') or ''} | {_cell(row['outcome'])} |"
            )
        return lines

    def write(self, folder: Path) -> None:
        write_atomic(folder / "report.json", clean(json.dumps(self.as_json(), indent=2, ensure_ascii=False)) + "\n")
        write_atomic(folder / "report.md", clean(self.markdown()))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
