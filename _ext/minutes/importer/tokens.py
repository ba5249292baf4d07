"""What the body reader makes of rich text: inline tokens (text, Markdown it wrote, mentions,
dates) and the pieces they make up (paragraphs and list items, tasks, code blocks), and how
tokens become one line of MyST through ``markdown.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bs4 import Tag
from pygments.token import Error

from .. import markdown as md


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Markup:
    """Markdown written as is (emphasis, links, code); ``plain`` is what it says."""

    markdown: str
    plain: str


@dataclass(frozen=True)
class Mention:
    person_id: str
    name: str


@dataclass(frozen=True)
class When:
    date: dt.date
    written: bool = False
    """A date written as text ("18 Jul 2022"), not a ``<time>``: the wiki records only the
    latter as a task's due date."""


Token = Text | Markup | Mention | When


@dataclass
class Para:
    tokens: list[Token]
    level: int = 0
    """0 for a paragraph, n for an item of a list nested n deep."""


@dataclass
class Task:
    done: bool
    tokens: list[Token]
    recorded: bool = False
    """A task of the wiki's own (``ac:task``, or the HTML export's rendering of one), whose
    owner and due date the wiki records from its mentions and ``<time>``s; not a checkbox or
    a ``[ ]`` written in text."""


@dataclass
class Verbatim:
    markdown: str


@dataclass
class Decided:
    """A decision: from the wiki's decision macro or list, or under a Decisions heading."""

    tokens: list[Token]


Piece = Para | Task | Verbatim | Decided


def plain(tokens: Iterable[Token], *, dates: bool = True) -> str:
    """The text tokens say; ``dates=False`` leaves out ``<time>`` dates (for the secret
    check: a date is never a secret, and "+ 2026-04-16" must not read as a phone number)."""
    parts = []
    for token in tokens:
        if isinstance(token, Text):
            parts.append(token.text)
        elif isinstance(token, Markup):
            parts.append(token.plain)
        elif isinstance(token, Mention):
            parts.append(token.name)
        else:
            parts.append(token.date.isoformat() if dates else " ; ")
    return " ".join("".join(parts).split())


def render(tokens: Iterable[Token]) -> str:
    """Tokens as one line of inline MyST."""
    parts = []
    for token in tokens:
        if isinstance(token, Text):
            parts.append(md.escape(token.text))
        elif isinstance(token, Markup):
            parts.append(token.markdown)
        elif isinstance(token, Mention):
            parts.append(md.person(token.person_id, token.name))
        else:
            parts.append(token.date.isoformat())
    return " ".join("".join(parts).split())


def merge_text(tokens: Iterable[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if isinstance(token, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + token.text)
        else:
            merged.append(token)
    return merged


def lexable(text: str, language: str) -> str:
    """``language`` when Pygments knows it and reads ``text`` in it without an error, else
    nothing: Sphinx warns about a code block its lexer fails on, which fails a strict build."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if not md.LANGUAGE.match(language.strip()):
        return ""
    try:
        lexer = get_lexer_by_name(language.strip().lower())
    except ClassNotFound:
        return ""
    if any(token is Error for token, _ in lexer.get_tokens(text)):
        return ""
    return language.strip()


def attr(tag: Tag, *names: str) -> str:
    for name in names:
        value = tag.get(name)
        if value:
            return " ".join(value) if isinstance(value, list) else str(value)
    return ""


def without_secrets(tokens: list[Token]) -> list[Token] | None:
    """The tokens with each secret's whole value replaced (``secrets.redact_secrets``), so
    that the rest of what the author wrote is kept; None when a secret is left that no
    single token holds (a label in one, its value in the next)."""
    from ..secrets import redact_secrets, secret_reason

    kept: list[Token] = []
    for token in tokens:
        if isinstance(token, Text):
            kept.append(Text(redact_secrets(token.text)))
        elif isinstance(token, Markup) and secret_reason(token.plain):
            kept.append(Text(redact_secrets(token.plain)))
        else:
            kept.append(token)
    return None if secret_reason(plain(kept, dates=False)) else kept
