"""What the body reader makes of rich text: inline tokens (text, Markdown it wrote, mentions,
dates) and the pieces they make up (paragraphs and list items, tasks, code blocks), and how
tokens become one line of MyST through ``markdown.py``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Held:
    """The secrets a whole page holds, found in its text with its lines kept: a label in
    one paragraph, list item or table line and its value in the next are seen together
    there, and a piece read on its own that holds one of those values holds a secret."""

    kinds: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, text: str) -> Held:
        from ..secrets import find_secrets

        kinds: dict[str, str] = {}
        for secret in find_secrets(text):
            value = " ".join(text[secret.start : secret.end].split())
            if len(value) >= 4 and len(kinds) < 1000:
                kinds.setdefault(value, secret.kind)
        if not kinds:
            return cls()
        values = "|".join(re.escape(value) for value in sorted(kinds, key=len, reverse=True))
        return cls(kinds, re.compile(rf"(?<![^\W_])(?:{values})(?![^\W_])"))

    def reason(self, text: str) -> str | None:
        """The kind of the first held value ``text`` holds (as a whole word), or None."""
        match = self.pattern.search(" ".join(text.split())) if self.pattern else None
        return self.kinds[match[0]] if match else None

    def redact(self, text: str) -> str:
        from ..secrets import REDACTED

        return self.pattern.sub(REDACTED, text) if self.pattern else text


def without_secrets(tokens: list[Token], held: Held | None = None) -> list[Token] | None:
    """The tokens with each secret's whole value replaced (``secrets.redact_secrets``), so
    that the rest of what the author wrote is kept, and the values the page ``held``
    elsewhere too; None when a secret is left that no single piece of text holds (a label
    in a link, its value after it). Neighbouring texts are read as one ("Passcode" and
    ": 512314" from a definition list, "512" and "314" around a ``<wbr>``)."""
    from ..secrets import redact_secrets, secret_reason

    held = held or Held()
    kept: list[Token] = []
    for token in merge_text(tokens):
        if isinstance(token, Text):
            kept.append(Text(held.redact(redact_secrets(token.text))))
        elif isinstance(token, Markup) and (secret_reason(token.plain) or held.reason(token.plain)):
            kept.append(Text(held.redact(redact_secrets(token.plain))))
        else:
            kept.append(token)
    text = plain(kept, dates=False)
    return None if secret_reason(text) or held.reason(text) else kept
