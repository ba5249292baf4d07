"""Names as the wiki wrote them -> people.yaml ids: exact ids, names and aliases, close
spellings, names at the start or end of a task; unknown people added, and listed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .. import markdown as md
from ..model import PERSON_ID_PATTERN, Person
from ..people import PeopleRegistry
from ..secrets import secret_reason
from .text import plain_key
from .words import WIKI_KEY

RESERVED = frozenset({"index", "unassigned"})
"""Ids a new person never gets: ``unassigned`` is FORMAT v1.1's word for nobody, and a person
``index`` would be the people folder's own page."""


@dataclass
class PeopleMatcher:
    """Names as the wiki wrote them -> people.yaml ids; unknown people are added, and listed."""

    registry: PeopleRegistry
    added: list[tuple[Person, str]] = field(default_factory=list)
    """(person, where they were first seen) for each person this import added."""
    fuzzy: list[tuple[str, str]] = field(default_factory=list)
    """(name as written, id) for each name matched by close spelling only."""
    keys: dict[str, str] = field(default_factory=dict)
    """Wiki user keys and account ids -> ids of known people, learnt from mentions that
    showed a name; people.yaml can hold them as aliases for the next import."""

    def match(self, name: str) -> Person | None:
        """An id, name or alias; else a full name spelled closely enough (``Yusra AISayyad``)."""
        name = name.strip(" ,;:()/&").strip()
        if not name:
            return None
        person = self.registry.resolve(name)
        if person is not None or len(name.split()) < 2:
            return person
        spellings = {
            plain_key(s): p for p in self.registry.people.values() for s in (p.name, *p.aliases) if len(s.split()) >= 2
        }
        close = difflib.get_close_matches(plain_key(name), list(spellings), n=1, cutoff=0.85)
        if not close:
            return None
        person = spellings[close[0]]
        if (name, person.id) not in self.fuzzy:
            self.fuzzy.append((name, person.id))
        return person

    def match_or_add(self, name: str, where: str, alias: str | None = None) -> Person | None:
        """The person a name (from a place that only holds people) names, added if unknown."""
        name = " ".join(md.plain_text(name).split()).strip(" ,;:()/&")
        if alias and not WIKI_KEY.match(alias):
            alias = None
        if alias:
            found = self.registry.resolve(alias)
            if found is not None:
                return found
        if not name or not any(c.isalpha() for c in name) or len(name.split()) > 6 or len(name) > 80:
            return None
        if secret_reason(name) or any(c in name for c in "<>{}`[]|\\"):
            return None  # not a name: never written to people.yaml
        found = self.match(name)
        if found is not None:
            return found
        person = Person(id=self.new_id(name), name=name, aliases=(alias,) if alias else ())
        self.registry.add(person)
        self.added.append((person, where))
        return person

    def new_id(self, name: str) -> str:
        """First initial and surname, as most of people.yaml is written (``kbechtol``)."""
        words = [re.sub(r"[^a-z0-9]", "", w) for w in plain_key(name).split()]
        words = [w for w in words if w]
        base = (words[0][0] + words[-1] if len(words) >= 2 else (words[0] if words else "person"))[:16]
        if not PERSON_ID_PATTERN.match(base):
            base = "p" + base
        candidate, n = base, 2
        while candidate in RESERVED or candidate in self.registry or self.registry.resolve(candidate) is not None:
            candidate, n = f"{base}{n}", n + 1
        return candidate

    def leading(self, text: str) -> tuple[list[str], str]:
        """Person ids named at the start of ``text`` (longest names first), and the rest."""
        ids: list[str] = []
        words = text.split()
        i = 0
        while i < len(words):
            if words[i].strip(",;&/") in ("", "and", "&", "/", "+"):
                i += 1
                continue
            person, size = self._name_at(words, i)
            if person is None:
                break
            if person.id not in ids:
                ids.append(person.id)
            i += size
        if not ids:
            return [], text
        return ids, " ".join(words[i:])

    def trailing(self, text: str) -> tuple[list[str], str]:
        """Person ids named at the end of ``text``, and the rest."""
        words = text.split()
        ids: list[str] = []
        end = len(words)
        while end > 0:
            for size in (4, 3, 2, 1):
                if end - size < 0:
                    continue
                person = self._resolve_words(words[end - size : end])
                if person is not None:
                    ids.insert(0, person.id)
                    end -= size
                    break
            else:
                break
        return (ids, " ".join(words[:end])) if ids else ([], text)

    def _name_at(self, words: list[str], i: int) -> tuple[Person | None, int]:
        """Full names before close spellings before one-word aliases, longest first."""
        for sizes, exact in (((4, 3, 2), True), ((4, 3, 2), False), ((1,), True)):
            for size in sizes:
                if i + size <= len(words):
                    person = self._resolve_words(words[i : i + size], exact=exact)
                    if person is not None:
                        return person, size
        return None, 0

    def _resolve_words(self, words: list[str], exact: bool = True) -> Person | None:
        text = " ".join(words).strip(" ,;:/&")
        if not text or not text[0].isupper() and not text[0].isdigit():
            return None
        if exact or len(words) == 1:
            return self.registry.resolve(text) if len(words) > 1 or text[0].isupper() else None
        return self.match(text)
