"""An agenda table -> topics (time, title, lead, materials, notes) and the meeting's
moderator and note taker, as the wiki's meeting-notes template lays them out."""

from __future__ import annotations

import re

from bs4 import Tag

from .. import markdown as md
from ..model import Origin, Topic
from ..secrets import secret_reason
from .body import BodyReader, Reporter
from .matching import PeopleMatcher
from .sections import MeetingState
from .tables import header_roles, table_rows
from .text import normal_time, zone_of
from .tokens import Mention, Para, Piece, Text, Verbatim, attr
from .words import ROLE

AgendaItem = tuple[Topic, list[Piece]]


class AgendaReader:
    """The agenda of one page; mixed into the page importer, which holds the state."""

    matcher: PeopleMatcher
    source: str
    where: str

    def note(self, message: str) -> None: ...

    def drop(self, reason: str, what: str) -> None: ...

    def public(self, text: str, what: str) -> str:
        raise NotImplementedError  # the page importer's own

    def origin(self) -> Origin:
        raise NotImplementedError  # the page importer's own

    def reporter(self) -> Reporter:
        raise NotImplementedError  # the page importer's own

    def agenda(self, table: Tag, state: MeetingState) -> list[AgendaItem]:
        rows = table_rows(table)
        headers = [c.get_text(" ", strip=True) for c in rows[0][1]] if rows else []
        zone = zone_of(" ".join(headers))
        if zone and not state.timezone:
            state.timezone = zone
        roles = header_roles(headers)
        topics: list[AgendaItem] = []
        pending: list[str] | None = None
        for row, cells in rows[1:]:
            texts = [c.get_text(" ", strip=True) for c in cells]
            if not any(texts) and not row.find("input") or all(set(t) <= set("-\u2013 ") for t in texts):
                continue
            handled, pending = self.role_row(texts, cells, state, pending)
            if handled:
                continue
            if len(cells) == 1 and topics and "time" in roles and not normal_time(texts[0]):
                topics[-1][1].extend(BodyReader(self.reporter()).read(list(cells[0].children)))
                continue
            topic = self.agenda_item(cells, roles)
            if topic is not None:
                topics.append(topic)
        return topics

    def role_row(
        self, texts: list[str], cells: list[Tag], state: MeetingState, pending: list[str] | None
    ) -> tuple[bool, list[str] | None]:
        """A "Moderator: ..." row (or the row naming the people a previous one left out):
        (whether the row was one, the role still waiting for its people)."""
        role_cells = [(ROLE.match(t), c) for t, c in zip(texts, cells) if t]
        if role_cells and all(match for match, _ in role_cells):
            waiting = None
            for match, cell in role_cells:
                assert match is not None
                into = state.moderator if match[1].lower() in ("moderator", "chair") else state.notetaker
                names = self.mentions_in(cell) + self.role_names(match[2])
                into.extend(n for n in dict.fromkeys(names) if n not in into)
                if not names:
                    waiting = into
            return True, waiting
        filled = [t for t in texts if t]
        if pending is not None and len(filled) == 1 and len(cells) <= 2:
            names = self.role_names(filled[0])
            if names:
                pending.extend(n for n in names if n not in pending)
                return True, None
        return False, None

    def agenda_item(self, cells: list[Tag], roles: list[str]) -> AgendaItem | None:
        parts: dict[str, list[Tag]] = {"time": [], "topic": [], "lead": [], "materials": [], "notes": []}
        for i, cell in enumerate(cells):
            parts[roles[i] if i < len(roles) else "notes"].append(cell)
        self.where = "the agenda"  # until the item has its title: a secret in it is the agenda's
        time_text = self.public(" ".join(c.get_text(" ", strip=True) for c in parts["time"]), "a time")
        title_text = self.public(" ".join(c.get_text(" ", strip=True) for c in parts["topic"]), "a topic title")
        self.where = f"agenda item {title_text or time_text!r}"
        lead, pieces = self.lead(parts["lead"])
        for link in (a for c in parts["topic"] for a in c.find_all("a") if secret_reason(attr(a, "href"))):
            self.drop(secret_reason(attr(link, "href")) or "", "a link")  # the title keeps its text
        materials = tuple(
            url
            for c in parts["topic"] + parts["materials"]
            for a in c.find_all("a")
            for url in [md.safe_url(attr(a, "href"), markdown=False)]
            if url is not None and not secret_reason(url)
        )
        for cell in parts["materials"] + parts["notes"]:
            pieces.extend(BodyReader(self.reporter()).read(list(cell.children)))
        if not title_text and not pieces and not lead:
            if time_text:
                self.note("skipped: the row is empty (a break)")
            return None
        time = normal_time(time_text) if len(time_text) <= 20 else None
        if time is None and time_text and title_text:
            pieces.insert(0, Para([Text(time_text)], 0))
        topic = Topic(
            title=md.escape(title_text or time_text or "Discussion"),
            anchor="",
            origin=self.origin(),
            time=time.strip("*") if time else None,
            lead=tuple(lead),
            materials=materials,
        )
        return topic, pieces

    def mentions_in(self, cell: Tag) -> list[str]:
        pieces = BodyReader(self.reporter()).read(list(cell.children))
        return [t.person_id for p in pieces if not isinstance(p, Verbatim) for t in p.tokens if isinstance(t, Mention)]

    def role_names(self, text: str) -> list[str]:
        ids = []
        for name in re.split(r"[,;/&]| and ", text):
            person = self.matcher.match_or_add(name, f"the agenda of {self.source}") if name.strip() else None
            if person is not None:
                ids.append(person.id)
        return ids

    def lead(self, cells: list[Tag]) -> tuple[list[str], list[Piece]]:
        """The people leading a topic (names at the start of its cell) and the cell's other text."""
        pieces: list[Piece] = []
        for cell in cells:
            pieces.extend(BodyReader(self.reporter()).read(list(cell.children)))
        if not pieces or isinstance(pieces[0], Verbatim):
            return [], pieces
        first = pieces[0]
        ids = [t.person_id for t in first.tokens if isinstance(t, Mention)]
        text = "".join(t.text for t in first.tokens if isinstance(t, Text))
        found, rest = self.matcher.leading(text)
        ids.extend(i for i in found if i not in ids)
        words = rest.split()
        if words and 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            person = self.matcher.match_or_add(rest, f"the agenda of {self.source}")
            if person is not None:
                ids.append(person.id)
                rest = ""
        if ids and not rest.strip() and all(isinstance(t, (Text, Mention)) for t in first.tokens):
            pieces = pieces[1:]
        elif ids and all(isinstance(t, (Text, Mention)) for t in first.tokens):
            pieces[0] = Para([Text(rest)], first.level) if isinstance(first, Para) else first
        return ids, pieces
