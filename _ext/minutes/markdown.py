"""Model objects -> MyST text in the minutes format (FORMAT.md).

Titles, descriptions and notes are taken as inline MyST (the format allows it there):
callers holding plain text pass it through ``escape()`` first.

The one place that writes pages: ``python -m minutes new`` and the wiki importer both go
through it, so every page they write is in the format the extension reads. Pure text, no
Sphinx: tested on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Action, ActionState, ActionUpdate, Decision, Meeting, Status, Topic

Block = str | Action | ActionUpdate | Decision
"""A piece of a topic's body: Markdown text, or a record written as its directive."""


@dataclass(frozen=True)
class TopicSection:
    """A topic with what was said under it, in page order."""

    topic: Topic
    body: tuple[Block, ...] = ()


@dataclass(frozen=True)
class MeetingPage:
    """Everything one meeting page holds: the meeting, text before the agenda, the topics."""

    meeting: Meeting
    topics: tuple[TopicSection, ...] = ()
    preface: tuple[Block, ...] = ()
    comment: str = ""
    """A note for the page's editors (where it came from); written as a MyST comment."""


# -- inline text ----------------------------------------------------------------------

_ESCAPED = set("\\`*_[]<>{}|$")


def escape(text: str) -> str:
    """Plain text as MyST inline text: markup characters are backslash-escaped.

    ``_`` inside a word is left alone (CommonMark never reads it as emphasis), so file
    names such as ``a_plan.pdf`` stay readable in the source.
    """
    out: list[str] = []
    for i, char in enumerate(text):
        if char == "_" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
            out.append(char)
        elif char in _ESCAPED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def one_line(text: str) -> str:
    """Collapse whitespace: directive arguments and option values are single lines."""
    return " ".join(text.split())


def person(person_id: str) -> str:
    """The ``{person}`` role for a known person."""
    return "{person}`%s`" % person_id


def emphasis(markdown: str) -> str:
    return f"*{markdown.strip()}*" if markdown.strip() else ""


def strong(markdown: str) -> str:
    return f"**{markdown.strip()}**" if markdown.strip() else ""


def link(markdown: str, url: str) -> str:
    url = url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    return f"[{markdown.strip() or escape(url)}]({url})"


def code(text: str) -> str:
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


# -- blocks ---------------------------------------------------------------------------


def _safe_line_start(line: str) -> str:
    """A paragraph line that Markdown would read as a heading, list, quote, fence, table
    row or directive option gets its first character escaped."""
    stripped = line.lstrip()
    if not stripped:
        return line
    first = stripped[0]
    lead = line[: len(line) - len(stripped)]
    if first in "#>+=:|~" or stripped.startswith(("- ", "* ", "---", "```")):
        return f"{lead}\\{stripped}"
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if digits and stripped[digits : digits + 1] in (".", ")"):
        return f"{lead}{stripped[:digits]}\\{stripped[digits:]}"
    return line


def paragraph(markdown: str) -> str:
    """Inline Markdown as a paragraph whose lines cannot start a block construct."""
    return "\n".join(_safe_line_start(line) for line in markdown.strip().splitlines() if line.strip())


def bullet_list(items: Iterable[tuple[int, str]]) -> str:
    """``(level, inline Markdown)`` pairs as a nested bullet list; level 1 is the outermost.

    A level that jumps more than one deeper than the item before is brought up, since
    Markdown cannot nest a list without a parent item.
    """
    lines: list[str] = []
    previous = 0
    for level, text in items:
        level = max(1, min(level, previous + 1))
        previous = level
        indent = "  " * (level - 1)
        first, *rest = [_safe_line_start(part) for part in text.strip().splitlines() if part.strip()] or [""]
        lines.append(f"{indent}- {first}")
        lines.extend(f"{indent}  {part}" for part in rest)
    return "\n".join(lines)


def comment(text: str) -> str:
    """MyST comment lines: seen by whoever edits the page, never rendered."""
    return "\n".join(f"% {line}".rstrip() for line in text.strip().splitlines())


def _option(name: str, value: str | None) -> str:
    value = one_line(value or "")
    return f":{name}: {value}" if value else ""


def _people(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _date(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _directive(fence: str, name: str, argument: str, options: Iterable[str], body: str) -> str:
    lines = [f"{fence}{{{name}}} {one_line(argument)}".rstrip()]
    lines.extend(option for option in options if option)
    body = body.strip("\n")
    if body.strip():
        lines.append("")
        lines.extend(body.splitlines())
    lines.append(fence)
    return "\n".join(lines)


def action_block(action: Action, fence: str = ":::") -> str:
    """An action as its ``{action}`` directive."""
    return _directive(
        fence,
        "action",
        action.description,
        (
            _option("id", action.id),
            _option("owner", _people(action.owners)),
            _option("due", _date(action.due)),
            _option("status", str(action.status) if action.status is not Status.OPEN else ""),
        ),
        action.note,
    )


def update_block(update: ActionUpdate, fence: str = ":::") -> str:
    return _directive(
        fence,
        "action-update",
        update.action_id,
        (
            _option("status", str(update.status) if update.status else ""),
            _option("due", _date(update.due)),
            _option(
                "owner", _people(update.owners) if update.owners else "" if update.owners is None else "unassigned"
            ),
        ),
        update.note,
    )


def decision_block(decision: Decision, fence: str = ":::") -> str:
    return _directive(fence, "decision", decision.description, (_option("id", decision.id),), decision.note)


def block(item: Block, fence: str = ":::") -> str:
    if isinstance(item, Action):
        return action_block(item, fence)
    if isinstance(item, ActionUpdate):
        return update_block(item, fence)
    if isinstance(item, Decision):
        return decision_block(item, fence)
    return item.strip("\n")


def topic_block(section: TopicSection) -> str:
    """A topic as its ``{topic}`` directive, its body's directives nested inside."""
    topic = section.topic
    body = "\n\n".join(text for text in (block(item) for item in section.body) if text.strip())
    return _directive(
        "::::",
        "topic",
        topic.title,
        (
            _option("time", topic.time),
            _option("lead", _people(topic.lead)),
            _option("materials", " ".join(topic.materials)),
        ),
        body,
    )


def meeting_block(meeting: Meeting, *, blank: Iterable[str] = ()) -> str:
    """The ``{meeting}`` directive; options named in ``blank`` are written empty, to fill in."""
    values = {
        "series": "",
        "date": _date(meeting.date),
        "time": meeting.time or "",
        "timezone": meeting.timezone or "",
        "location": meeting.location or "",
        "participants": _people(meeting.participants),
        "regrets": _people(meeting.regrets),
        "moderator": _people(meeting.moderator),
        "notetaker": _people(meeting.notetaker),
    }
    blank = set(blank)
    lines = ["```{meeting}"]
    for name, value in values.items():
        if value:
            lines.append(f":{name}: {one_line(value)}")
        elif name in blank:
            lines.append(f":{name}:")
    lines.append("```")
    return "\n".join(lines)


def update_stub(state: ActionState, describe: str = "") -> str:
    """An ``{action-update}`` ready to fill in: the action's text and state as comments."""
    action = state.action
    facts = [f"owner {', '.join(state.owners)}" if state.owners else "unassigned"]
    if state.due:
        facts.append(f"due {state.due.isoformat()}")
    if action.meeting_date:
        facts.append(f"from {action.meeting_date.isoformat()}")
    hint = (
        f"{one_line(describe or action.description)} ({'; '.join(facts)})\n"
        "Add :status: done, :due: YYYY-MM-DD or :owner: above this line, and what happened below it."
    )
    return f":::{{action-update}} {action.id}\n{comment(hint)}\n:::"


def meeting_page(page: MeetingPage) -> str:
    """A whole meeting page: heading, meeting directive, preface, topics."""
    parts = [f"# {one_line(page.meeting.title)}"]
    if page.comment:
        parts.append(comment(page.comment))
    parts.append(meeting_block(page.meeting))
    parts.extend(text for text in (block(item) for item in page.preface) if text.strip())
    parts.extend(topic_block(section) for section in page.topics)
    return "\n\n".join(parts) + "\n"
