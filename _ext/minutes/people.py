"""people.yaml -> PeopleRegistry: an id, a full name or an alias resolves to a Person."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import PERSON_ID_PATTERN, Person


def _key(text: str) -> str:
    """Case, accents and spacing do not make two spellings different people."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(".", " ").split())


@dataclass
class PeopleRegistry:
    people: dict[str, Person] = field(default_factory=dict)
    problems: list[tuple[str, int]] = field(default_factory=list)
    """(message, line) for every problem found while loading, line 0 when unknown."""

    def __post_init__(self) -> None:
        self._index: dict[str, str] = {}
        for person in self.people.values():
            self._add_index(person)

    def _add_index(self, person: Person) -> None:
        for spelling in (person.id, person.name, *person.aliases):
            self._index.setdefault(_key(spelling), person.id)

    def add(self, person: Person) -> None:
        self.people[person.id] = person
        self._add_index(person)

    def resolve(self, name: str) -> Person | None:
        """The person an id, a full name or an alias names, or None."""
        person_id = self._index.get(_key(name))
        return self.people.get(person_id) if person_id else None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The ids closest to an unknown name, best first."""
        by_spelling = {_key(s): p.id for p in self.people.values() for s in (p.id, p.name, *p.aliases)}
        close = difflib.get_close_matches(_key(name), list(by_spelling), n=n * 3, cutoff=0.6)
        ids: list[str] = []
        for spelling in close:
            if by_spelling[spelling] not in ids:
                ids.append(by_spelling[spelling])
        return ids[:n]

    def name(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return person.name if person else person_id

    def __contains__(self, person_id: object) -> bool:
        return person_id in self.people

    def __len__(self) -> int:
        return len(self.people)


def registry_from_data(data: object) -> PeopleRegistry:
    """Build a registry from parsed YAML, recording (not raising) every problem."""
    registry = PeopleRegistry()
    if data is None:
        return registry
    if not isinstance(data, dict):
        registry.problems.append(
            (f"people.yaml must map person ids to entries, not be a {type(data).__name__}; "
             "write 'kbechtol:' then an indented 'name: Keith Bechtol'", 0)
        )
        return registry
    for raw_id, entry in data.items():
        person_id = str(raw_id)
        if not PERSON_ID_PATTERN.match(person_id):
            registry.problems.append(
                (f"person id {person_id!r} in people.yaml is not of the form [a-z0-9][a-z0-9._-]*; "
                 "use lower-case letters, digits, '.', '_' or '-'", 0)
            )
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            registry.problems.append(
                (f"person {person_id!r} in people.yaml has no name; add 'name: Full Name' under it", 0)
            )
            entry = entry if isinstance(entry, dict) else {}
        aliases = entry.get("aliases") or ()
        if isinstance(aliases, str):
            aliases = [aliases]
        registry.add(
            Person(
                id=person_id,
                name=str(entry.get("name") or person_id).strip(),
                initials=str(entry["initials"]) if entry.get("initials") else None,
                aliases=tuple(str(a) for a in aliases if a is not None) if isinstance(aliases, (list, tuple)) else (),
                url=str(entry["url"]) if entry.get("url") else None,
            )
        )
    return registry


def load_people(path: Path) -> PeopleRegistry:
    """Read people.yaml; a missing or unreadable file gives an empty registry and a problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        registry = PeopleRegistry()
        registry.problems.append((f"{path.name} is missing; create it with one entry per person", 0))
        return registry
    except (OSError, UnicodeDecodeError) as err:
        registry = PeopleRegistry()
        registry.problems.append((f"{path.name} cannot be read ({err}); save it as UTF-8 text", 0))
        return registry
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        registry = PeopleRegistry()
        mark = getattr(err, "problem_mark", None)
        registry.problems.append(
            (f"{path.name} is not valid YAML ({getattr(err, 'problem', err)}); fix the indentation or quoting",
             mark.line + 1 if mark else 0)
        )
        return registry
    registry = registry_from_data(data)
    if data is None:
        registry.problems.append((f"{path.name} is empty; add one entry per person", 0))
    return registry
