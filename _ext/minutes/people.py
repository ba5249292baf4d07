"""people.yaml -> PeopleRegistry: an id, a full name or an alias resolves to a Person."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import LINE_BREAKING, PERSON_ID_PATTERN, Person, is_safe_link, one_line
from .secrets import find_secrets, redact, secret_messages


def name_key(text: str) -> str:
    """Case, accents and spacing do not make two spellings different people (the importer
    matches wiki names by the same key)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(".", " ").split())


_key = name_key


@dataclass
class PeopleRegistry:
    people: dict[str, Person] = field(default_factory=dict)
    problems: list[tuple[str, int]] = field(default_factory=list)
    """(message, line) for every problem found while loading, line 0 when unknown."""
    unsafe_links: list[tuple[str, int]] = field(default_factory=list)
    """(message, line) for each ``url:`` that is not http, https or mailto (``unsafe-link``)."""
    secrets: list[tuple[str, int]] = field(default_factory=list)
    """(message, line) for each line holding a meeting secret, which was removed before the
    file was read, so no name, alias or url carries it to a page or an export."""
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
        """The person an id, a full name or an alias names, or None. An id always names its
        own person, though another person's name or alias may be spelled the same."""
        if name.strip() in self.people:
            return self.people[name.strip()]
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

    def with_pages(self) -> list[Person]:
        """The people who get a page and calendars (``people/<id>.*``), by id."""
        return sorted((p for p in self.people.values() if p.has_page), key=lambda p: p.id)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self.people


def _text(value: object) -> str:
    """An entry's value as text: YAML may give a number, a date or a list where text belongs."""
    return value if isinstance(value, str) else "" if value is None else str(value)


def _kind(value: object) -> str:
    """What YAML made of a value where text belongs, in a note-taker's words."""
    if isinstance(value, (list, tuple)):
        return "a list"
    return "a mapping" if isinstance(value, dict) else f"a {type(value).__name__}"


def _shown(value: object) -> str:
    """A value that is not text, as text: a list's items one after another, the rest as written."""
    if isinstance(value, (list, tuple)):
        return " ".join(_shown(item) for item in value if item is not None)
    if isinstance(value, dict):
        return " ".join(f"{_shown(k)} {_shown(v)}" for k, v in value.items())
    return _text(value)


def registry_from_data(data: object, lines: dict[str, int] | None = None) -> PeopleRegistry:
    """Build a registry from parsed YAML, recording (not raising) every problem;
    ``lines`` gives the line of each person id (``id``) and of its keys (``id.key``)."""
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
        person_id = _text(raw_id)
        line = lines.get(person_id, 0)
        if not PERSON_ID_PATTERN.match(person_id) or person_id == "index":
            registry.problems.append(
                (
                    f"person id {person_id!r} in people.yaml is not of the form [a-z0-9][a-z0-9._-]* "
                    "(nor 'index'), so the person gets no page and is shown by name only; "
                    "use lower-case letters, digits, '.', '_' or '-'",
                    line,
                )
            )
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not _text(entry.get("name")).strip():
            registry.problems.append(
                (f"person {person_id!r} in people.yaml has no name; add 'name: Full Name' under it", line)
            )
            entry = entry if isinstance(entry, dict) else {}
        registry.add(_person(person_id, entry, registry, lines, line))
    registry.problems += _shared_spellings(registry, lines)
    return registry


def _shared_spellings(registry: PeopleRegistry, lines: dict[str, int]) -> list[tuple[str, int]]:
    """A spelling (id, name or alias) two people share: a page naming it would mean one of
    them without saying which, so it is warned at the later one, saying whom it stands for."""
    first: dict[str, tuple[str, str, int]] = {}
    problems = []
    for person in registry.people.values():
        at = lines.get(person.id, 0)
        spellings = [(person.id, "id", at), (person.name, "name", lines.get(f"{person.id}.name", at))]
        spellings += [(alias, "alias", lines.get(f"{person.id}.aliases", at)) for alias in person.aliases]
        for spelling, what, line in spellings:
            other, other_what, other_line = first.setdefault(_key(spelling), (person.id, what, line))
            meant = registry.resolve(spelling)
            if other != person.id and _key(spelling) and meant is not None:
                problems.append(
                    (
                        f"{spelling!r} names two people in people.yaml: {other} (its {other_what}, line "
                        f"{other_line}) and {person.id} (its {what}, line {line}); in the pages it stands for "
                        f"{meant.id}: give each person spellings of their own (a page can always name a person "
                        "by id)",
                        line,
                    )
                )
    return problems


def _person(
    person_id: str, entry: dict[object, object], registry: PeopleRegistry, lines: dict[str, int], id_line: int
) -> Person:
    """One entry as a Person; text that cannot stand on one line, or a link that is not http,
    https or mailto, is warned and kept (on one line; the link as text)."""

    def line(key: str) -> int:
        return lines.get(f"{person_id}.{key}", id_line)

    def one(key: str, value: object) -> str:
        if value is not None and not isinstance(value, str):
            registry.problems.append(
                (
                    f"the {key} of {person_id!r} in people.yaml is not text but {_kind(value)}; write it as "
                    f"text on one line, e.g. '{key}: {_shown(value)}' (it is shown so)",
                    line(key),
                )
            )
            value = _shown(value)
        text = _text(value).strip()
        flat = one_line(text)
        if "\n" in text or "\r" in text or LINE_BREAKING.search(text):
            registry.problems.append(
                (
                    f"the {key} of {person_id!r} in people.yaml holds line breaks or control characters; "
                    "write it on one line (it is shown on one)",
                    line(key),
                )
            )
        return flat

    name = one("name", entry.get("name")) or one_line(person_id)
    aliases: object = entry.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, (list, tuple)):
        registry.problems.append(
            (
                f"the aliases of {person_id!r} in people.yaml are not a list but {_kind(aliases)}; "
                "write e.g. aliases: [Keith, KB]",
                line("aliases"),
            )
        )
        aliases = [_shown(aliases)]
    url = one("url", entry["url"]) if entry.get("url") else None
    if url and not is_safe_link(url):
        registry.unsafe_links.append(
            (
                f"url {url!r} of {person_id!r} in people.yaml is not an http, https or mailto link, so it is "
                "shown as text, not linked; write e.g. https://example.org/~kbechtol",
                line("url"),
            )
        )
    return Person(
        id=person_id,
        name=name,
        initials=one("initials", entry["initials"]) if entry.get("initials") else None,
        aliases=tuple(one("aliases", a) for a in aliases if a is not None),
        url=url,
    )


@dataclass(frozen=True)
class Repeat:
    """A key given twice in people.yaml: the value not used, where the key was first given and
    where again, and whether it is a person id (a top-level key)."""

    key: object
    value: object
    first: yaml.Mark
    again: yaml.Mark
    person: bool


class _TextLoader(yaml.BaseLoader):
    """people.yaml as a note-taker reads it: every value is text as written (``initials: NO``
    stays NO, not a no; ``name: 007`` stays 007), ``null``, ``~`` or nothing is no value; and a
    key given twice keeps its first entry, each repeat noted (YAML loaders keep the last one,
    silently, which would take a person's name and aliases away from every page using them)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeats: list[Repeat] = []
        self.root: yaml.Node | None = None

    def construct_document(self, node: yaml.Node) -> Any:
        self.root = node
        return super().construct_document(node)

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_scalar(node)
        return None if node.style is None and value in ("", "~", "null", "Null", "NULL") else value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        marks: dict[Any, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, "found a key that is not text", key_node.start_mark
                )
            value = self.construct_object(value_node, deep=True)
            if key in mapping:
                self.repeats.append(Repeat(key, value, marks[key], key_node.start_mark, node is self.root))
                continue
            mapping[key], marks[key] = value, key_node.start_mark
        return mapping


def _read_yaml(text: str) -> tuple[object, list[Repeat]]:
    """The data, and the keys given twice (see ``_TextLoader``)."""
    loader = _TextLoader(text)
    try:
        return loader.get_single_data(), loader.repeats
    finally:
        loader.dispose()


def _repeat_problems(text: str, repeats: list[Repeat]) -> list[tuple[str, int]]:
    """A person id given twice (or a key twice in one entry): the first is used, the other named."""
    problems = []
    for repeat in repeats:
        key, again = _text(repeat.key), _line(text, repeat.again)
        lines = f"lines {_line(text, repeat.first)} and {again}"
        if repeat.person:
            name = repeat.value.get("name") if isinstance(repeat.value, dict) else repeat.value
            other = f" ({_shown(name)})" if name else ""
            message = (
                f"person id {key!r} is given twice in people.yaml ({lines}); the first entry is used and the one "
                f"at line {again}{other} is not: give that person an id of their own, or merge the two entries"
            )
        else:
            message = (
                f"{key!r} is given twice in one entry of people.yaml ({lines}); the first is used, not "
                f"{_shown(repeat.value)!r}: keep one '{key}:' line"
            )
        problems.append((message, again))
    return problems


def _unusable(message: str, line: int = 1) -> PeopleRegistry:
    return PeopleRegistry(problems=[(message, line)], readable=False)


def _line(text: str, mark: object) -> int:
    """A YAML mark's line as editors and Sphinx count them (PyYAML also breaks lines at
    U+0085, U+2028 and U+2029)."""
    index = getattr(mark, "index", None)
    return text.count("\n", 0, index) + 1 if isinstance(index, int) else 1


def _anchor_line(text: str) -> int | None:
    """The line of the first YAML anchor or alias (``&a``, ``*a``), or None. people.yaml
    refuses them: a few lines of aliases expand to billions of entries (a "billion laughs")."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return _line(text, event.start_mark)
    return None


def _lines(text: str) -> dict[str, int]:
    """The line of each top-level key (``id``) and of the keys under it (``id.key``)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines = {}
    for key, value in node.value:
        if str(key.value) in lines:
            continue  # given twice: the first entry is the one used
        lines[str(key.value)] = _line(text, key.start_mark)
        if isinstance(value, yaml.MappingNode):
            for inner, _ in value.value:
                lines.setdefault(f"{key.value}.{inner.value}", _line(text, inner.start_mark))
    return lines


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
    found = find_secrets(text)
    text = redact(text, found)
    try:
        anchor = _anchor_line(text)
        if anchor is not None:
            return _unusable(
                f"{path.name} uses a YAML anchor or alias (&name, *name), which it does not accept; "
                "write each entry out in full (a person's other spellings go under 'aliases:')",
                anchor,
            )
        data, repeats = _read_yaml(text)
        lines = _lines(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        if mark is not None and mark.line >= len(text.splitlines()):
            mark = getattr(err, "context_mark", None) or mark
        return _unusable(
            f"{path.name} is not valid YAML ({getattr(err, 'problem', None) or err}); fix the indentation or quoting",
            _line(text, mark) if mark else 1,
        )
    except RecursionError:
        return _unusable(f"{path.name} nests too deeply to be read; write one flat entry per person")
    # An empty file (or comments only, as `minutes init` writes it) is a site with no people yet:
    # no problem until a page names someone, who is then an unknown person with a hint.
    registry = registry_from_data(data, lines)
    registry.problems[:0] = _repeat_problems(text, repeats)
    registry.secrets = [(message, line) for line, message in secret_messages(found)]
    return registry
