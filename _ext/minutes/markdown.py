"""Model objects -> MyST text in the minutes format (FORMAT.md).

Titles, descriptions and notes are taken as inline MyST (the format allows it there):
callers holding plain text pass it through ``escape()`` first.

The one place that writes pages: ``python -m minutes new`` and the wiki importer both go
through it, so every page they write is in the format the extension reads. Pure text, no
Sphinx: tested on its own.

Text from outside (wiki pages) is data, never markup: every function here that takes
plain text escapes it, link targets keep only http, https and mailto, code blocks keep a
language only when it is a plain name, option values are written so MyST's option parser
reads them back unchanged, and ``check_page`` reads a written page back with MyST's own
parser and names anything in it that is not what this module writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from .model import UNASSIGNED, Action, ActionState, ActionUpdate, Decision, Meeting, Status, Topic

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

_ESCAPED = set("\\`*_[]<>{}|$&!")
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""What some reader takes for the end of a line: Python, docutils and MyST do not agree."""


def plain_text(text: str) -> str:
    """Text without control characters: line separators become newlines, the rest go.

    Markdown and docutils split lines differently from Python (U+2028, form feed, NEL), so
    a separator left in a title could move what follows it out of its line.
    """
    if text.isascii() and text.isprintable():
        return text  # most text: nothing to remove, no need to look at each character
    out = []
    for char in text:
        if char in _BREAKS:
            out.append("\n")
        elif char == "\t" or unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn") and char != "\ufeff":
            out.append(char)
    return "".join(out).replace("\r\n", "\n")


def escape(text: str) -> str:
    """Plain text as MyST inline text: markup characters are backslash-escaped.

    ``_`` inside a word is left alone (CommonMark never reads it as emphasis), so file
    names such as ``a_plan.pdf`` stay readable in the source.
    """
    text = plain_text(text)
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
    return " ".join(plain_text(text).split())


PERSON_ID = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")


def person(person_id: str, name: str = "") -> str:
    """The ``{person}`` role for a known person; their name as text when the id could
    not be written safely inside a role."""
    if PERSON_ID.match(person_id):
        return "{person}`%s`" % person_id
    return escape(name or person_id)


def emphasis(markdown: str) -> str:
    return f"*{markdown.strip()}*" if markdown.strip() else ""


def strong(markdown: str) -> str:
    return f"**{markdown.strip()}**" if markdown.strip() else ""


SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_SAFE = "!#$%&'*+,/:;=?@[]~-._"
"""Kept as they are in a link target; anything else (whitespace, ``<>``, backtick,
parentheses, quotes, backslash, braces, non-ASCII) is percent-encoded."""


def safe_url(url: str, *, markdown: bool = True) -> str | None:
    """``url`` as a link target Markdown cannot be broken out of, or None unless its
    scheme is http, https or mailto. ``markdown=False`` gives it for an option value
    (``:materials:``), which is never entity-decoded and is split at commas.

    The scheme is read as a browser would: entities decoded (repeatedly: ``&amp;#106;``),
    whitespace and control characters anywhere in it ignored, any case.
    """
    for _ in range(5):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    else:
        return None
    url = "".join(c for c in url if unicodedata.category(c)[0] != "C").strip()
    squeezed = "".join(url.split())
    match = _SCHEME.match(squeezed)
    if match is None or match[1].lower() not in SAFE_SCHEMES:
        return None
    url = match[1].lower() + ":" + url.split(":", 1)[1].strip()
    url = quote(url, safe=_URL_SAFE)
    return url.replace("&", "&amp;") if markdown else url.replace(",", "%2C")


def link(text: str, url: str) -> str:
    """A Markdown link showing plain ``text``; only the text when ``url`` is not safe."""
    target = safe_url(url)
    shown = escape(" ".join(text.split())) if text.strip() else ""
    if target is None:
        return shown
    return f"[{shown or escape(html.unescape(target))}]({target})"


def code(text: str) -> str:
    """Plain text as inline code."""
    text = " ".join(plain_text(text).split())
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


# -- blocks ---------------------------------------------------------------------------


def _safe_line_start(line: str) -> str:
    """A line that Markdown would read as a heading, list, quote, fence, table row,
    comment, target or directive option gets its first character escaped."""
    stripped = line.strip()
    if not stripped:
        return ""
    first = stripped[0]
    if (
        first in "#>+=:|~%(-<"
        or first == "*"
        and (stripped[1:2] in ("", " ", "\t") or not stripped.strip("* \t"))  # a bullet or a rule, not **bold**
        or stripped.startswith(("```", "___"))
    ):
        return f"\\{stripped}"
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if digits and stripped[digits : digits + 1] in (".", ")"):
        return f"{stripped[:digits]}\\{stripped[digits:]}"
    return stripped


LANGUAGE = re.compile(r"[A-Za-z][A-Za-z0-9_+#.-]{0,39}\Z")
"""A code block's language as Pygments names them (``python``, ``c++``, ``objective-c``)."""


def code_block(text: str, language: str = "") -> str:
    """Plain text as a fenced code block; ``language`` kept only when it is a plain name."""
    text = plain_text(text).strip("\n")
    fence = "`" * max(3, _longest_run(text, "`") + 1)
    language = language.strip() if LANGUAGE.match(language.strip()) else ""
    return f"{fence}{language}\n{text}\n{fence}"


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(re.escape(char) + "+", text)
    return max((len(run) for run in runs), default=0)


def paragraph(markdown: str) -> str:
    """Inline Markdown as a paragraph whose lines cannot start a block construct."""
    return "\n".join(_safe_line_start(line) for line in plain_text(markdown).split("\n") if line.strip())


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
        first, *rest = [_safe_line_start(part) for part in plain_text(text).split("\n") if part.strip()] or [""]
        lines.append(f"{indent}- {first}")
        lines.extend(f"{indent}  {part}" for part in rest)
    return "\n".join(lines)


def comment(text: str) -> str:
    """MyST comment lines: seen by whoever edits the page, never rendered."""
    return "\n".join(f"% {line}".rstrip() for line in plain_text(text).strip().split("\n"))


def _option(name: str, value: str | None) -> str:
    value = one_line(value or "")
    return f":{name}: {option_value(value)}" if value else ""


def option_value(value: str) -> str:
    """A one-line option value that MyST's option parser reads back exactly: plain when
    it can be, else double-quoted (a value starting with a quote, ``|``, ``>``, or holding
    `` #``, would otherwise be read as YAML syntax or cut short)."""
    if _reads_back(value, value):
        return value
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return quoted if _reads_back(quoted, value) else escape(value).replace("#", "")


def _reads_back(written: str, value: str) -> bool:
    from myst_parser.parsers.options import TokenizeError, options_to_items

    try:
        items, _ = options_to_items(f"key: {written}")
    except TokenizeError:
        return False
    return items == [("key", value)]


def _people(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _date(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _directive(fence: str, name: str, argument: str, options: Iterable[str], body: str) -> str:
    """A directive whose fence is longer than any line of its body could close."""
    body = body.strip("\n")
    closing = max((len(line.lstrip()) - len(line.lstrip().lstrip(fence[0])) for line in body.split("\n")), default=0)
    fence = fence[0] * max(len(fence), closing + 1)
    lines = [f"{fence}{{{name}}} {one_line(argument)}".rstrip()]
    lines.extend(option for option in options if option)
    if body.strip():
        lines.append("")
        lines.extend(body.split("\n"))
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
            _option("owner", _people(action.owners) or UNASSIGNED),
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


# -- reading a written page back --------------------------------------------------------

DIRECTIVES = {"meeting": "```", "topic": ":", "action": ":", "action-update": ":", "decision": ":"}
"""The directives this module writes, and the fence each is written with."""
ROLES = ("person", "action-ref")
_INLINE = {
    "text", "softbreak", "hardbreak", "em_open", "em_close", "strong_open", "strong_close",
    "code_inline", "link_open", "link_close", "myst_role",
}  # fmt: skip
_BLOCKS = {
    "paragraph_open", "paragraph_close", "heading_open", "heading_close", "bullet_list_open",
    "bullet_list_close", "list_item_open", "list_item_close", "inline", "myst_line_comment",
}  # fmt: skip


def check_page(text: str) -> list[str]:
    """What in a written page is not what this module writes: a directive, role, raw HTML,
    image, target or link that no function here makes. Empty for every page it writes.

    Read with MyST's own parser, nested directives read as MyST reads them, so that an
    escape this module forgot shows here rather than on the published site.
    """
    return sorted(set(_problems(text, depth=0)))


@functools.cache
def _parser() -> Any:
    """One parser for every check: building MyST's parser costs a millisecond, and a page's
    check reads each directive body with it (a thousand-page import built it 28,000 times)."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)


def _problems(text: str, depth: int) -> Iterator[str]:
    if depth > 3:
        yield "directives nested more than three deep"
        return
    for token in _parser().parse(text):
        if token.type in ("fence", "colon_fence"):
            yield from _fence_problems(token.type, token.info, token.content, depth)
        elif token.type not in _BLOCKS:
            yield f"a {token.type} block"
        for child in token.children or ():
            yield from _inline_problems(child)


def _fence_problems(kind: str, info: str, content: str, depth: int) -> Iterator[str]:
    info = info.strip()
    if not info.startswith("{"):
        if kind != "fence" or info and not LANGUAGE.match(info):
            yield f"a code block of {info[:40]!r}"
        return
    name, _, argument = info[1:].partition("}")
    if name not in DIRECTIVES or (kind == "fence") != (DIRECTIVES[name] == "```"):
        yield f"a {{{name[:40]}}} directive"
        return
    for token in _parser().parseInline(argument.strip()) if argument.strip() else ():
        for child in token.children or ():
            yield from _inline_problems(child)
    lines = content.split("\n")
    while lines and lines[0].lstrip().startswith(":") and not lines[0].lstrip().startswith(":::"):
        yield from _option_problems(lines.pop(0))
    body = "\n".join(lines)
    if name == "meeting" and body.strip():
        yield "text inside the meeting directive"
    yield from _problems(body, depth + 1)


def _option_problems(line: str) -> Iterator[str]:
    from myst_parser.parsers.options import TokenizeError, options_to_items

    try:
        items, _ = options_to_items(line.lstrip()[1:])
    except TokenizeError:
        yield f"an option that cannot be read: {line[:40]!r}"
        return
    for name, value in items:
        if name == "materials" and any(safe_url(url, markdown=False) != url for url in value.split()):
            yield "a material that is not a safe link"
        if name in ("owner", "lead", "participants", "regrets", "moderator", "notetaker"):
            if any(not PERSON_ID.match(one) for one in value.replace(",", " ").split()):
                yield f"a :{name}: that is not a list of person ids"


def _local(url: str) -> bool:
    """A link to a page or file of the site itself (an imported page's attachment): a
    relative path, with no scheme and no host."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return bool(path) and ":" not in path and not url.startswith(("/", "\\")) and "\\" not in url


def _inline_problems(token: Any) -> Iterator[str]:
    if token.type == "image":
        if not _local(str(token.attrs.get("src", ""))):
            yield "inline image"
    elif token.type not in _INLINE:
        yield f"inline {token.type}"
    elif token.type == "link_open":
        href = str(token.attrs.get("href", ""))
        if safe_url(href) is None and not _local(href):
            yield f"a link to {href[:40]!r}"
    elif token.type == "myst_role":
        if token.meta.get("name") not in ROLES:
            yield f"a {{{str(token.meta.get('name'))[:40]}}} role"
