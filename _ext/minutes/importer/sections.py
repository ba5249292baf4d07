"""The sections of a meeting page that are not topics: Date (the meeting's date, time and
time zone), Location (secrets dropped, "Zoom" kept), Participants and Regrets."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bs4 import Tag

from ..markdown import Block
from ..secrets import TABLE_VALUE, secret_kinds, secret_reason, secret_values
from .body import BodyReader, Reporter
from .matching import PeopleMatcher
from .text import normal_time, parse_text_date, plain_key, zone_of
from .tokens import Markup, Mention, Piece, Text, Verbatim, When, plain
from .words import DATE_TEXT, ISO_DATE


@dataclass
class MeetingState:
    date: dt.date | None = None
    date_from_section: dt.date | None = None
    time: str | None = None
    timezone: str | None = None
    location: str | None = None
    locations: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    regrets: list[str] = field(default_factory=list)
    moderator: list[str] = field(default_factory=list)
    notetaker: list[str] = field(default_factory=list)


class SectionReader:
    """The Date, Location and people sections of one page; mixed into the page importer."""

    matcher: PeopleMatcher
    source: str
    where: str

    def note(self, message: str) -> None: ...

    def drop(self, reason: str, what: str) -> None: ...

    def reporter(self) -> Reporter:
        raise NotImplementedError  # the page importer's own

    def blocks(self, pieces: list[Piece], state: MeetingState) -> list[Block]:
        raise NotImplementedError  # the page importer's own

    def date_section(self, node: object, state: MeetingState) -> list[Block]:
        pieces = BodyReader(self.reporter()).read([node])
        kept: list[Piece] = []
        for piece in pieces:
            text = plain(piece.tokens) if not isinstance(piece, Verbatim) else ""
            whens = [t.date for t in getattr(piece, "tokens", []) if isinstance(t, When)]
            date = whens[0] if whens else parse_text_date(text)
            if date and (state.date_from_section is None):
                state.date_from_section = date
                if state.date is not None and state.date != date:
                    self.note(f"the Date section says {date}, the title {state.date}; used {date}")
                state.date = date
                rest = DATE_TEXT.sub(" ", ISO_DATE.sub(" ", text))
                time = normal_time(rest)
                if time and "-" in time:
                    state.time = time
                zone = zone_of(rest)
                if zone:
                    state.timezone = zone
                continue
            kept.append(piece)
        return self.blocks(kept, state)

    def location_section(self, node: object, state: MeetingState) -> None:
        texts: list[str] = []
        if isinstance(node, Tag) and node.name.lower() == "table":
            texts = [c.get_text(" ", strip=True) for c in node.find_all("td")]
        else:
            texts = [plain(p.tokens) for p in BodyReader(self.reporter()).read([node]) if not isinstance(p, Verbatim)]
        # A table's labels may sit in its header row, away from the cells they name: its
        # secrets are found in the whole table, then every cell holding one is dropped.
        values = secret_values(str(node)) if isinstance(node, Tag) else []
        for text in texts:
            if not text:
                continue
            reason = secret_reason(text) or next((TABLE_VALUE for v in values if v in text), None)
            if reason:
                for why in secret_kinds(text) or [reason]:
                    self.drop(why, "location")
                if "zoom" in text.lower() and "Zoom" not in state.locations:
                    state.locations.append("Zoom")
            elif plain_key(text) not in ("browser", "room system", "phone dial-in"):
                state.locations.append(text)
        # A label and its value in two paragraphs (or two calls): read what is kept as one.
        joined = "\n".join(state.locations)
        held = secret_values(joined)
        for why in secret_kinds(joined) if held else []:
            self.drop(why, "location")
        state.locations = [t for t in state.locations if not any(v in t for v in held)]
        kept = [t for t in state.locations if t != "Zoom"]
        if "Zoom" in state.locations:
            kept.append("Zoom (connection details in the calendar invitation)")
        state.location = "; ".join(kept) or None

    def people_section(self, node: object, into: list[str]) -> None:
        for piece in BodyReader(self.reporter()).read([node]):
            if isinstance(piece, Verbatim):
                continue
            for token in piece.tokens:
                if isinstance(token, Mention) and token.person_id not in into:
                    into.append(token.person_id)
            text = "".join(
                t.text if isinstance(t, Text) else t.plain if isinstance(t, Markup) else "," for t in piece.tokens
            )
            for name in re.split(r"[,;\n]| and ", text):
                person = self.matcher.match_or_add(name, f"the {self.where} of {self.source}")
                if person is not None and person.id not in into:
                    into.append(person.id)
