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
    readable: bool = True
    """False when the file could not be used at all: then every name is unknown, and
    saying so for each one would bury the one problem that matters."""

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


def registry_from_data(data: object, lines: dict[str, int] | None = None) -> PeopleRegistry:
    """Build a registry from parsed YAML, recording (not raising) every problem;
    ``lines`` gives the line of each person id, so a problem names it."""
    registry = PeopleRegistry()
    lines = lines or {}
    if data is None:
        return registry
    if not isinstance(data, dict):
        registry.problems.append(
            (
                f"people.yaml must map person ids to entries, not be a {type(data).__name__}; "
                "write 'kbechtol:' then an indented 'name: Keith Bechtol'",
                1,
            )
        )
        registry.readable = False
        return registry
    for raw_id, entry in data.items():
        person_id = str(raw_id)
        line = lines.get(person_id, 0)
        if not PERSON_ID_PATTERN.match(person_id):
            registry.problems.append(
                (
                    f"person id {person_id!r} in people.yaml is not of the form [a-z0-9][a-z0-9._-]*; "
                    "use lower-case letters, digits, '.', '_' or '-'",
                    line,
                )
            )
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            registry.problems.append(
                (f"person {person_id!r} in people.yaml has no name; add 'name: Full Name' under it", line)
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


def _unusable(message: str, line: int = 1) -> PeopleRegistry:
    return PeopleRegistry(problems=[(message, line)], readable=False)


def _id_lines(text: str) -> dict[str, int]:
    """The line of each top-level key, read from YAML's own node marks."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _value in node.value}


def load_people(path: Path) -> PeopleRegistry:
    """Read people.yaml; a missing or unreadable file gives an empty registry and a problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _unusable(f"{path.name} is missing; create it with one entry per person")
    except OSError as err:
        return _unusable(f"{path.name} cannot be read ({err.strerror or err}); make it a readable file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _unusable(
            f"{path.name} cannot be read: it has bytes that are not UTF-8; save it as UTF-8 text",
            raw.count(b"\n", 0, err.start) + 1,
        )
    try:
        data = yaml.safe_load(text)
        lines = _id_lines(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        if mark is not None and mark.line >= len(text.splitlines()):
            mark = getattr(err, "context_mark", None) or mark
        return _unusable(
            f"{path.name} is not valid YAML ({getattr(err, 'problem', None) or err}); fix the indentation or quoting",
            mark.line + 1 if mark else 1,
        )
    registry = registry_from_data(data, lines)
    if data is None:
        registry.problems.append((f"{path.name} is empty; add one entry per person", 1))
        registry.readable = False
    return registry
