"""``python -m minutes diff OLD NEW``: what a change to the minutes changes, in Markdown.

Reads two ``actions.json`` exports (or two built sites' output folders holding one) and
lists, for a reviewer, the actions opened, closed, reopened, reassigned, given another due
date or description, the decisions taken and the meeting pages added or removed. Nothing
here touches Sphinx: it compares exported data, so a pull request's base can be built by
an older version of the extension. Text from the exports is data: it is escaped, and only
http(s) links are written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~#!&@$])")
MAX_LINES = 500
"""Bound on the lines of each section: a comment stays readable, and its size bounded."""


class DiffError(Exception):
    """OLD or NEW cannot be read: said on stderr, exit status 1."""


@dataclass
class Export:
    """One side of the comparison: what actions.json holds, by id."""

    actions: dict[str, dict[str, Any]]
    decisions: dict[str, dict[str, Any]] | None
    """None when the export predates schema 1.1 and has no decisions."""
    meetings: dict[str, dict[str, Any]] | None
    base: str
    pages: set[str] | None = None
    """Every HTML page of a built site, when a folder was given."""


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


def load_export(path: Path) -> Export:
    """Read ``actions.json``, or the ``actions.json`` at the root of a built site's folder."""
    folder = path if path.is_dir() else None
    file = path / "actions.json" if folder else path
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DiffError(f"{file}: no such file (give actions.json or a built site's folder)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DiffError(f"{file}: cannot be read as JSON ({err})") from None
    except RecursionError:  # hundreds of nested lists: no export of ours nests so deep
        raise DiffError(f"{file}: not a minutes actions.json (nested too deeply to read)") from None
    if not isinstance(document, dict) or not str(document.get("schema_version", "")).startswith("1."):
        raise DiffError(f"{file}: not a minutes actions.json (schema_version 1.x)")

    def by_key(name: str, key: str) -> dict[str, dict[str, Any]] | None:
        records = document.get(name)
        if not isinstance(records, list):
            return None
        return {str(r[key]): r for r in records if isinstance(r, dict) and key in r}

    site: dict[str, Any] = document["site"] if isinstance(document.get("site"), dict) else {}
    return Export(
        actions=by_key("actions", "id") or {},
        decisions=by_key("decisions", "id"),
        meetings=by_key("meetings", "page"),
        base=str(site.get("url") or ""),
        pages=built_pages(folder) if folder else None,
    )


def built_pages(folder: Path) -> set[str]:
    """The site's own HTML pages, without Sphinx's generated ones and its asset folders."""
    generated = {"genindex.html", "search.html", "py-modindex.html"}
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(folder).parts) and p.name not in generated
    }


def escape(text: Any) -> str:
    """Text from a page as Markdown text: never markup, a mention or a line break."""
    flat = " ".join(str(text or "").split())
    return MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def code(text: Any) -> str:
    """An id as inline code; a backtick in it (ids never hold one) is dropped."""
    return "`" + " ".join(str(text or "").replace("`", "").split()) + "`"


def link(text: str, url: str, base: str) -> str:
    """``text`` linked to ``url`` when the site gave an absolute http(s) address."""
    target = url if re.match(r"https?://", url or "") else (base + url if base.startswith("http") and url else "")
    if not target or not re.fullmatch(r"https?://[^\s()<>]+", target):
        return text
    return f"[{text}]({target})"


def owners(action: dict[str, Any]) -> str:
    names = [escape(o.get("name") or o.get("id")) for o in action.get("owners") or [] if isinstance(o, dict)]
    return ", ".join(names) or "Unassigned"


def action_label(action: dict[str, Any], base: str) -> str:
    text = escape(action.get("description")) or escape(action.get("id"))
    return f"{link(text, str(action.get('url', '')), base)} ({code(action.get('id'))})"


def action_sections(old: Export, new: Export) -> Iterator[Section]:
    opened, closed, reopened, reassigned, moved, edited, removed = (
        Section("Opened"),
        Section("Closed"),
        Section("Reopened"),
        Section("Reassigned"),
        Section("Due date moved"),
        Section("Description edited"),
        Section("Removed"),
    )
    for aid in sorted(new.actions.keys() - old.actions.keys()):
        action = new.actions[aid]
        due = f", due {escape(action['due'])}" if action.get("due") else ""
        status = "" if action.get("status") == "open" else f", {escape(action.get('status'))}"
        opened.lines.append(f"{action_label(action, new.base)}: {owners(action)}{due}{status}")
    for aid in sorted(old.actions.keys() - new.actions.keys()):
        removed.lines.append(action_label(old.actions[aid], old.base))
    for aid in sorted(old.actions.keys() & new.actions.keys()):
        before, after = old.actions[aid], new.actions[aid]
        label = action_label(after, new.base)
        if before.get("status") != after.get("status"):
            if after.get("status") == "open":
                reopened.lines.append(f"{label}: was {escape(before.get('status'))}")
            elif before.get("status") == "open":
                closed.lines.append(f"{label}: {escape(after.get('status'))}")
            else:
                closed.lines.append(f"{label}: {escape(before.get('status'))} → {escape(after.get('status'))}")
        if owners(before) != owners(after):
            reassigned.lines.append(f"{label}: {owners(before)} → {owners(after)}")
        if before.get("due") != after.get("due"):
            moved.lines.append(f"{label}: {escape(before.get('due') or 'none')} → {escape(after.get('due') or 'none')}")
        if before.get("description") != after.get("description"):
            edited.lines.append(
                f"{code(aid)}: “{escape(before.get('description'))}” → “{escape(after.get('description'))}”"
            )
    yield from (opened, closed, reopened, reassigned, moved, edited, removed)


def decision_sections(old: Export, new: Export) -> Iterator[Section]:
    if old.decisions is None or new.decisions is None:
        return
    added, edited, removed = Section("New decisions"), Section("Decision edited"), Section("Decision removed")

    def label(decision: dict[str, Any], base: str) -> str:
        text = escape(decision.get("description")) or escape(decision.get("id"))
        return f"{link(text, str(decision.get('url', '')), base)} ({code(decision.get('id'))})"

    for did in sorted(new.decisions.keys() - old.decisions.keys()):
        added.lines.append(label(new.decisions[did], new.base))
    for did in sorted(old.decisions.keys() & new.decisions.keys()):
        before, after = old.decisions[did], new.decisions[did]
        if before.get("description") != after.get("description"):
            edited.lines.append(
                f"{code(did)}: “{escape(before.get('description'))}” → “{escape(after.get('description'))}”"
            )
    for did in sorted(old.decisions.keys() - new.decisions.keys()):
        removed.lines.append(label(old.decisions[did], old.base))
    yield from (added, edited, removed)


def page_sections(old: Export, new: Export) -> Iterator[Section]:
    added, removed = Section("Pages added"), Section("Pages removed")
    if old.meetings is not None and new.meetings is not None:

        def label(meeting: dict[str, Any], base: str) -> str:
            title = " ".join(filter(None, [str(meeting.get("date") or ""), str(meeting.get("title") or "")]))
            return f"{link(escape(title), str(meeting.get('url', '')), base)} ({code(meeting.get('page'))})"

        added.lines += [label(new.meetings[p], new.base) for p in sorted(new.meetings.keys() - old.meetings.keys())]
        removed.lines += [label(old.meetings[p], old.base) for p in sorted(old.meetings.keys() - new.meetings.keys())]
    if old.pages is not None and new.pages is not None:
        meeting_pages = {
            f"{m.get('page')}{suffix}"
            for e in (old, new)
            for m in (e.meetings or {}).values()
            for suffix in (".html", "/index.html")
        }
        added.lines += [code(p) for p in sorted(new.pages - old.pages) if p not in meeting_pages]
        removed.lines += [code(p) for p in sorted(old.pages - new.pages) if p not in meeting_pages]
    yield from (added, removed)


SECTIONS: tuple[Callable[[Export, Export], Iterator[Section]], ...] = (
    action_sections,
    decision_sections,
    page_sections,
)


def diff_markdown(old: Export, new: Export) -> str:
    """The changes from ``old`` to ``new``, one Markdown list per kind of change."""
    sections = [s for make in SECTIONS for s in make(old, new) if s.lines]
    out = ["## What this changes in the minutes", ""]
    if not sections:
        out.append("No actions, decisions or pages changed.")
    for section in sections:
        out += [f"### {section.title} ({len(section.lines)})", ""]
        out += [f"- {line}" for line in section.lines[:MAX_LINES]]
        if len(section.lines) > MAX_LINES:
            out.append(f"- … and {len(section.lines) - MAX_LINES} more")
        out.append("")
    if old.decisions is None or new.decisions is None:
        out += ["", "_Decisions not compared: one side's actions.json predates schema 1.1._"]
    return "\n".join(out).rstrip("\n") + "\n"


def diff_paths(old: Path, new: Path) -> str:
    return diff_markdown(load_export(old), load_export(new))
