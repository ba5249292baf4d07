"""Meeting secrets: one detector for pages, included files, people.yaml, generated pages
and the importer. No Sphinx, no docutils: plain text in, places out.

The API (stable; the importer and the extension share it):

- ``find_secrets(text) -> list[Secret]``: every secret, in order, never overlapping. A
  ``Secret`` has ``line`` (from 1), ``kind`` (words for a message, e.g. "a meeting
  passcode"), ``start`` and ``end`` (``span``): where the whole value sits in ``text``.
  A ``Secret`` never holds the value itself, so no message can echo it.
- ``redact_secrets(text) -> str``: the text with every secret's whole value replaced by
  ``REDACTED``; lines stay where they were.
- ``redact(text, secrets) -> str``: the same, for secrets already found.
- ``contains_secret(text) -> bool``.
- ``secret_reason(text) -> str | None``: the kind of the first secret, or None.
- ``secret_kinds(text) -> list[str]``: each kind found, once, in order.
- ``secret_messages(secrets) -> list[tuple[int, str]]``: one warning message a line,
  naming what was found and the fix, never the secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: What a secret's value becomes on the site: the whole value, never a part of it.
REDACTED = "\u2022\u2022\u2022"

_LINK_SECRET = re.compile(
    r"[?&;](?:pwd|passwd|password|passcode|pass|pw|pin|pincode|access_?code)=(?P<value>[^\s&#\"'<>()\[\]`]+)",
    re.IGNORECASE,
)
_LABELLED_SECRET = re.compile(
    r"(?<![\w/?&=])(?P<label>passwords?|passwd|pwd|pass[ -]?codes?|(?:access|host|meeting|participant)[ -]?(?:code|key)"
    r"|(?:participant |host |meeting )?pin(?:[ -]?(?:code|number))?)\b"
    r"[\s*_`]*(?:[:=#\-\u2013\u2014][\s*_`]*|(?:is|was|will be)\s+)?[\s*_`\"'\u201c]*"
    r"(?P<value>[^\s*_`\"'\u201d<>()\[\]]+)",
    re.IGNORECASE,
)
_ONE_TAP = re.compile(r",,\s*\d{6,}#\s*,+\s*\*?(?P<value>\d{4,})#?")
_DIAL_IN = re.compile(
    r"\b(?P<label>dial[- ]?in(?: numbers?)?|phone|tel)\b\s*[:#]?\s*(?:[^\d\n+]{0,20}?)(?P<value>\+\d[\d ()\-]{7,}\d)",
    re.IGNORECASE,
)
_MEETING_ID = re.compile(
    r"(?P<label>(?:zoom |webinar )?meeting(?: id| number)?|webinar id)\s*[:#]?\s*(?:is\s+)?"
    r"(?P<value>\d{3} ?\d{3,4} ?\d{3,4})\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{2,4}\)?){2,4}(?!\w)")
"""An international phone number, in a page of minutes a dial-in, whatever its label."""
_JOIN_LINK = re.compile(
    r"(?:zoom\.(?:us|com)/(?:j|w|s|wc/join)/|zoomgov\.com/j/)(?P<value>\d{9,11})"
    r"|meet\.google\.com/(?P<meet>[a-z]{3}-[a-z]{4}-[a-z]{3})",
    re.IGNORECASE,
)
_ROOM_DIAL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3}){3})?\s*##\s*(?P<value>\d(?: ?\d){6,})")
"""A room system's dial string: ``162.255.37.11##912 3456 7890``."""


@dataclass(frozen=True)
class Secret:
    """A secret found in a text: its line (from 1), what it is, where its whole value sits."""

    line: int
    kind: str
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _looks_secret(label: str, value: str) -> bool:
    """A labelled value is a secret when it looks like one: ordinary prose after the word
    ("password reset", "the passcode is in the invitation", "PIN diodes") is left alone."""
    value = value.rstrip(".,;:!?")
    if label.lower().startswith("pin") or label.lower().endswith(("code", "codes", "key")):
        return bool(re.fullmatch(r"\d[\d ]{2,}\d#?|\d{4,}#?", value)) or (
            len(value) >= 4 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
        )
    if len(value) < 4:
        return False
    if any(c.isdigit() for c in value):
        return True
    if any(c.isupper() for c in value[1:]) and any(c.islower() for c in value):
        return True
    return bool(re.search(r"[!@#$%^&*+=~|\\]", value)) and any(c.isalnum() for c in value)


def find_secrets(text: str) -> list[Secret]:
    """Every secret in a text, in order; nothing is echoed, only placed."""
    found: list[Secret] = []
    for match in _LINK_SECRET.finditer(text):
        found.append(Secret(0, "a link carrying a meeting password (pwd=...)", *match.span("value")))
    for match in _ONE_TAP.finditer(text):
        found.append(Secret(0, "a dial-in string carrying a passcode", *match.span("value")))
    for match in _ROOM_DIAL.finditer(text):
        found.append(Secret(0, "a room system's dial string", *match.span("value")))
    for match in _LABELLED_SECRET.finditer(text):
        label = match["label"]
        if _looks_secret(label, match["value"]):
            kind = (
                "a PIN"
                if "pin" in label.lower()
                else (
                    "a meeting passcode" if "code" in label.lower() or "key" in label.lower() else "a meeting password"
                )
            )
            value = match["value"].rstrip(".,;:!?")
            found.append(Secret(0, kind, match.start("value"), match.start("value") + len(value)))
    for match in _DIAL_IN.finditer(text):
        found.append(Secret(0, "a dial-in number", *match.span("value")))
    for match in _MEETING_ID.finditer(text):
        found.append(Secret(0, "a meeting ID", *match.span("value")))
    for match in _JOIN_LINK.finditer(text):
        group = "value" if match["value"] else "meet"
        found.append(Secret(0, "a link that joins the meeting", *match.span(group)))
    for match in _PHONE.finditer(text):
        found.append(Secret(0, "a dial-in number", *match.span()))
    for secret in list(found):
        value = text[secret.start : secret.end]
        if len(value) >= 6:
            found.extend(Secret(0, secret.kind, m.start(), m.end()) for m in re.finditer(re.escape(value), text))
    spans: list[Secret] = []
    for secret in sorted(found, key=lambda s: (s.start, -s.end)):
        if spans and secret.start < spans[-1].end:
            continue
        spans.append(Secret(text.count("\n", 0, secret.start) + 1, secret.kind, secret.start, secret.end))
    return spans


def redact(text: str, secrets: list[Secret]) -> str:
    """The text with each secret's value replaced by ``REDACTED``; lines stay where they were."""
    for secret in sorted(secrets, key=lambda s: s.start, reverse=True):
        text = text[: secret.start] + REDACTED + text[secret.end :]
    return text


def redact_secrets(text: str) -> str:
    """The text with every secret's whole value replaced by ``REDACTED``."""
    return redact(text, find_secrets(text))


def contains_secret(text: str) -> bool:
    return bool(find_secrets(text))


def secret_kinds(text: str) -> list[str]:
    """What kinds of secret the text holds, each once, in order (for an importer's report)."""
    kinds: list[str] = []
    for secret in find_secrets(text):
        if secret.kind not in kinds:
            kinds.append(secret.kind)
    return kinds


def secret_reason(text: str) -> str | None:
    """Why a text must not be published (the first secret's kind), or None."""
    kinds = secret_kinds(text)
    return kinds[0] if kinds else None


def secret_messages(secrets: list[Secret]) -> list[tuple[int, str]]:
    """One message a line, naming what was found there but never the secret itself."""
    by_line: dict[int, list[str]] = {}
    for secret in secrets:
        kinds = by_line.setdefault(secret.line, [])
        if secret.kind not in kinds:
            kinds.append(secret.kind)
    return [
        (
            line,
            f"this line holds {', '.join(kinds)}, which must not be published; remove it and write "
            f"e.g. 'Zoom (link in the calendar invitation)' (the built page shows {REDACTED} in its place)",
        )
        for line, kinds in sorted(by_line.items())
    ]
