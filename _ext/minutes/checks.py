"""Every problem the extension reports: subtypes, pure checks, and the one ``warn()``."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import itertools
import re
import textwrap
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from encodings import utf_8_sig
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from myst_parser.parsers.directives import is_option_line
from myst_parser.parsers.options import TokenizeError, options_to_tokens
from sphinx import addnodes
from sphinx.util import logging

from .model import ID_PATTERN, LINE_BREAKING, MEETING_STEM, Status, parse_date, parse_status, slug
from .nodes import nodes_of
from .secrets import Secret, find_secrets, redact, secret_messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import Action, Decision, Listing
    from .people import PeopleRegistry
    from .view import MinutesView, SiteRecords

logger = logging.getLogger("minutes")


class Subtype(StrEnum):
    """The warning subtypes of FORMAT.md; ``suppress_warnings = ["minutes.<subtype>"]``."""

    MISSING_DESCRIPTION = "missing-description"
    """An action or decision with no text."""
    MISSING_OWNER = "missing-owner"
    """An action with no owner."""
    UNKNOWN_PERSON = "unknown-person"
    """An id or name that people.yaml does not know."""
    BAD_DATE = "bad-date"
    """A date that is not a real ISO date."""
    BAD_STATUS = "bad-status"
    """A status other than open, done, dropped."""
    BAD_ID = "bad-id"
    """An id that is not [a-z0-9][a-z0-9-]*."""
    DUPLICATE_ID = "duplicate-id"
    """Two actions or decisions with one id."""
    UNKNOWN_ACTION = "unknown-action"
    """An update or a reference to an id that no action has."""
    UPDATE_BEFORE_ACTION = "update-before-action"
    """An update in a meeting dated before the action's meeting."""
    MISSING_DATE = "missing-date"
    """A meeting without a date."""
    DATE_MISMATCH = "date-mismatch"
    """A meeting date that differs from the date in its file name."""
    SECRET = "secret"
    """A meeting password, passcode, PIN or a link carrying one."""
    PEOPLE = "people"
    """people.yaml is missing, unreadable, or an entry lacks a name."""
    ENCODING = "encoding"
    """Bytes in a page that are not UTF-8 (shown as \ufffd; the rest of the page is kept), and
    control characters or line separators, which no page, export or feed can hold."""
    BAD_TIME = "bad-time"
    """A ``:time:`` that is not HH:MM or HH:MM-HH:MM (hyphen or en dash) (v1.1)."""
    BAD_TIMEZONE = "bad-timezone"
    """A ``:timezone:`` or ``minutes_timezone`` that is not an IANA time zone name (v1.1)."""
    BAD_OPTION = "bad-option"
    """A listing option that cannot be read: ``:limit:``, ``:group-by:`` (v1.1)."""
    UNKNOWN_SERIES = "unknown-series"
    """A listing's ``:series:`` that no meeting or series page has (v1.1)."""
    UNSAFE_LINK = "unsafe-link"
    """A ``:materials:`` link or people.yaml ``url:`` not http, https or mailto (v1.1)."""


def warn(message: str, subtype: Subtype, location: Any, *args: object) -> None:
    """Send one problem as a Sphinx warning of type ``minutes``."""
    logger.warning(message, *args, type="minutes", subtype=str(subtype), location=location)


PLAUSIBLE_YEARS = (1900, 2199)
"""Years a meeting or a due date can be in; a date outside them is a typo in the year (0202,
9999), kept and used as written, and warned."""


def check_date(text: str, what: str) -> tuple[dt.date | None, str | None]:
    """(date or None, problem or None) for an option that must be an ISO date; a real date in an
    implausible year is returned with its problem."""
    date = parse_date(text)
    if date is None:
        return None, f"{what} {text.strip()!r} is not a real date; write it as YYYY-MM-DD, e.g. 2022-07-18"
    if not PLAUSIBLE_YEARS[0] <= date.year <= PLAUSIBLE_YEARS[1]:
        return date, (
            f"{what} {text.strip()!r} is not in the years {PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}; "
            "check the year (the date is used as written)"
        )
    return date, None


STATUS_SYNONYMS = {
    "done": ("finished", "complete", "completed", "closed", "resolved", "fixed", "x", "yes", "checked"),
    "dropped": ("cancelled", "canceled", "abandoned", "wontfix", "obsolete", "withdrawn", "rejected"),
    "open": ("todo", "to do", "pending", "in progress", "ongoing", "new", "started", "no", "unchecked"),
}


def check_status(text: str) -> tuple[Status | None, str | None]:
    status = parse_status(text)
    if status is None:
        word = text.strip().lower()
        meant = next((s for s, words in STATUS_SYNONYMS.items() if word in words), None)
        hint = f"did you mean {meant!r}?" if meant else "use one of those"
        return None, f"status {text.strip()!r} is not one of open, done, dropped; {hint}"
    return status, None


def check_id(text: str) -> str | None:
    if ID_PATTERN.match(text):
        return None
    return (
        f"id {text!r} is not of the form [a-z0-9][a-z0-9-]*; "
        f"use lower-case letters, digits and '-', e.g. {slug(text)!r}"
    )


def warn_unknown_person(registry: PeopleRegistry, name: str, location: Any) -> str:
    """Warn that people.yaml does not know ``name``, with the closest ids; not when
    people.yaml itself could not be read, which is reported once, as ``people``."""
    if registry.readable:
        warn(unknown_person_message(name, registry.suggest(name)), Subtype.UNKNOWN_PERSON, location)
    return str(Subtype.UNKNOWN_PERSON)


def unknown_person_message(name: str, suggestions: list[str]) -> str:
    hint = (
        f"did you mean {suggestions[0]!r}?"
        if len(suggestions) == 1
        else "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        if suggestions
        else "add them to people.yaml"
    )
    return f"unknown person {name!r}; {hint} (people are listed in people.yaml by id, name or alias)"


def missing_person_message(what: str) -> str:
    return f"{what} names no one; write a person's id, e.g. {{person}}`kbechtol`"


# -- problems that need every page ----------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found across pages, where it is written; sorted by place, then message."""

    location: tuple[str, int]
    message: str
    subtype: Subtype


def site_problems(
    records: SiteRecords,
    view: MinutesView,
    listings: Mapping[str, Sequence[Listing]],
    id_place: Callable[[Action | Decision], str],
    id_line: Callable[[Action | Decision], int],
    series_pages: Collection[str],
) -> list[Problem]:
    """Duplicate ids, unknown or early updates, listings of unknown series.

    ``id_place`` names where a record's ``:id:`` is written (file:line) and ``id_line`` its
    line; ``series_pages`` are the series that have an index page."""
    return [
        *duplicate_ids(records, id_place, id_line),
        *unknown_series(listings, set(view.series()) | set(series_pages)),
        *update_problems(records, view),
    ]


def duplicate_ids(
    records: SiteRecords, id_place: Callable[[Action | Decision], str], id_line: Callable[[Action | Decision], int]
) -> Iterator[Problem]:
    """A duplicate id is warned at every place that has it, each naming the others: which
    of two pages is "the copy" is not for the checks to guess, and the author of either
    must see it on their own line."""
    holders: dict[str, list[tuple[str, Action | Decision]]] = defaultdict(list)
    for kind, pages in (("action", records.actions), ("decision", records.decisions)):
        for docname in sorted(pages):
            for record in pages[docname]:
                holders[record.id].append((kind, record))
    for record_id, places in holders.items():
        if len(places) < 2:
            continue
        verb = "has" if len(places) == 2 else "have"
        for kind, record in places:
            others = ", ".join(f"the {k} at {id_place(other)}" for k, other in places if other is not record)
            yield Problem(
                (record.origin.docname, id_line(record)),
                f"duplicate id {record_id!r} of this {kind}: {others} {verb} it too; give one of them another :id:",
                Subtype.DUPLICATE_ID,
            )


def update_problems(records: SiteRecords, view: MinutesView) -> Iterator[Problem]:
    """Updates naming no action, or dated before the action's meeting."""
    for docname in sorted(records.updates):
        for update in records.updates[docname]:
            here = (update.origin.docname, update.origin.lineno)
            action = view.actions.get(update.action_id)
            if action is None:
                yield Problem(
                    here,
                    f"action-update names {update.action_id!r}, which no action has"
                    f"{closest_action_hint(view, update.action_id)}",
                    Subtype.UNKNOWN_ACTION,
                )
            elif update.meeting_date and action.meeting_date and update.meeting_date < action.meeting_date:
                yield Problem(
                    here,
                    f"update of {update.action_id!r} is dated {update.meeting_date}, before the action's "
                    f"meeting of {action.meeting_date}; move the update to a later meeting",
                    Subtype.UPDATE_BEFORE_ACTION,
                )


def unknown_series(listings: Mapping[str, Sequence[Listing]], known: set[str]) -> Iterator[Problem]:
    """A listing's ``:series:`` that no meeting belongs to and no series page has: a typo
    that would otherwise show an empty listing. A new series' page may list itself."""
    for docname in sorted(listings):
        for listing in listings[docname]:
            series = dict(listing.options).get("series")
            if not series or series in known:
                continue
            close = difflib.get_close_matches(series, sorted(known), n=1)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"the series are {', '.join(sorted(known))}"
                if known
                else "no meeting has been written yet"
            )
            yield Problem(
                (docname, listing.lineno),
                f"{listing.kind} lists series {series!r}, which no meeting belongs to; {hint}",
                Subtype.UNKNOWN_SERIES,
            )


def closest_action_hint(view: MinutesView, target: str) -> str:
    close = difflib.get_close_matches(target, list(view.actions), n=1)
    return f"; did you mean {close[0]!r}?" if close else "; check the id on the action's page"


# -- where a construct is written ---------------------------------------------------------


def option_entries(block_text: str, lineno: int) -> list[tuple[str, str, int]]:
    """Each option of a directive that opens on ``lineno``, as MyST reads its option block
    (``:name: value`` lines or a ``---`` YAML block): (name, value as written, line), in order,
    a name given twice included. Empty when MyST cannot read the block (MyST warns then)."""
    lines = block_text.split("\n")[1:]
    if lines and lines[0].strip() == "---":
        block = list(itertools.takewhile(lambda line: not line.strip().startswith("---"), lines[1:]))
        text, first = textwrap.dedent("\n".join(block)), lineno + 2
    else:
        block = list(itertools.takewhile(is_option_line, lines))
        text, first = "\n".join(line.lstrip()[1:] for line in block), lineno + 1
    try:
        tokens, _state = options_to_tokens(text)
    except TokenizeError:
        return []
    return [(key.value, value.value if value else "", first + key.start.line) for key, value in tokens]


_PLAIN_OPTION = re.compile(r":([A-Za-z0-9_][A-Za-z0-9_-]*):(?: |\Z)")
"""A ``:name: value`` line whose key MyST reads as ``name`` (it starts a key only at a line's start)."""
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
"""Line breaks MyST's option reader also starts a line at."""


def options_given_once(block_text: str) -> bool:
    """Whether a directive's ``:name: value`` option block surely gives no option twice:
    each of its lines is a plain option line and their names differ. MyST starts a key only at
    a line's start, so its keys are among these names. False when unsure (a ``---`` block,
    another kind of line): ``option_entries`` then reads the block, as it did for every directive
    before, at ten times the cost."""
    lines = block_text.split("\n")[1:]
    if lines and lines[0].strip() == "---":
        return False
    names = set()
    for line in itertools.takewhile(is_option_line, lines):
        plain = _PLAIN_OPTION.match(line.lstrip())
        if plain is None or plain[1] in names or any(mark in line for mark in _OTHER_BREAKS):
            return False
        names.add(plain[1])
    return True


def option_line(block_text: str, lineno: int, name: str) -> int:
    """The line of option ``name`` in a directive that opens on ``lineno`` (its text is
    ``block_text``), so that a warning points at the option itself; else ``lineno``. Of an
    option given twice, the last: the one MyST keeps.

    Looks only in the option block, ``:name: value`` lines or a ``---`` YAML block, as MyST
    reads them, so body text that happens to start with ``:name:`` is never taken for it.
    """
    found = lineno
    lines = block_text.split("\n")[1:]
    if lines and lines[0].strip() == "---":
        key = re.compile(rf"\s*{re.escape(name)}\s*:")
        for offset, line in enumerate(lines[1:], start=2):
            if line.strip().startswith("---"):
                break
            if key.match(line):
                found = lineno + offset
        return found
    key = re.compile(rf"\s*:{re.escape(name)}:(\s|$)")
    for offset, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if not stripped.startswith(":") or stripped.startswith(":::"):
            break
        if key.match(line):
            found = lineno + offset
    return found


# -- reading pages ---------------------------------------------------------------------------

SOURCE_LINES = "minutes_source_lines"
"""Key in ``env.temp_data``: the lines of the page being read, for precise warning lines."""


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Check a page's whole source text, whatever construct holds it: secrets are warned
    about and blanked out, undecodable bytes warned about; the lines are kept so that
    directives and roles can name the exact line of what they warn about."""
    text = source[0]
    secrets = find_secrets(text)
    for line, message in secret_messages(secrets):
        warn(message, Subtype.SECRET, (docname, line))
    if secrets:
        text = source[0] = redact(text, secrets)
        from .domain import minutes_domain  # the domain reports with checks: imported when used

        minutes_domain(app.env).note_secrets(docname, len(secrets))
    for index, text_line in enumerate(text.split("\n"), start=1):
        if "\ufffd" in text_line:
            warn(
                "bytes that are not UTF-8 (shown as \ufffd); save the file as UTF-8", Subtype.ENCODING, (docname, index)
            )
    app.env.temp_data[SOURCE_LINES] = text.split("\n")


def unbreak_lines(text: str, location: Callable[[int], Any]) -> str:
    """The text with each control character and line separator (vertical tab, form feed,
    U+0085, U+2028, U+2029, ...) made a space, each line that had one warned about.

    Docutils splits lines at some of them where Markdown does not, so a separator in an
    action's title would move its ``:owner:`` and ``:due:`` into the body; calendars and
    feeds cannot hold them. A space keeps every word where the author put it."""
    if not LINE_BREAKING.search(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if LINE_BREAKING.search(line):
            names = sorted({_char_name(c) for c in LINE_BREAKING.findall(line)})
            warn(
                f"this line holds {', '.join(names)}, which a page cannot show and a calendar or feed cannot "
                "hold; they are read as spaces: delete them or write an ordinary line break",
                Subtype.ENCODING,
                location(index + 1),
            )
            lines[index] = LINE_BREAKING.sub(" ", line)
    return "\n".join(lines)


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" ({unicodedata.name(char)})" if unicodedata.name(char, "") else "")


def on_source_read_breaks(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0] = unbreak_lines(source[0], lambda line: (docname, line))


def on_include_read_breaks(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """The same for a file a page includes, at the included file's own line."""
    path = Path(app.srcdir, relative_path)
    content[0] = unbreak_lines(content[0], lambda line: f"{path}:{line}")


def redact_copied_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Files offered with ``{download}`` are copied as they are into ``_downloads/`` on every
    build (their secrets were warned about when the page was read): each text copy is
    written again without them. Binary files are left alone."""
    if exception is not None or app.builder.format != "html":
        return
    for _source, (_pages, dest) in sorted(app.env.dlfiles.items()):
        copy = Path(app.outdir, "_downloads", dest)
        if not copy.is_file() or copy.stat().st_size >= 2**22:
            continue
        try:
            text = copy.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        secrets = find_secrets(text)
        if secrets:
            copy.write_text(redact(text, secrets), encoding="utf-8")


def redact_copied_sources(app: Sphinx, exception: Exception | None) -> None:
    """Blank out secrets in the copies of the pages' sources that the HTML builder publishes
    in ``_sources/`` (``html_copy_source``): it copies each file as it is on disk, not the
    text ``on_source_read`` blanked out, so a password would otherwise be published there."""
    sources = Path(app.outdir, "_sources")
    if exception is not None or app.builder.format != "html" or not sources.is_dir():
        return
    # Only pages found to hold a secret when they were read: a site of thousands of pages
    # would otherwise be scanned again on every build.
    from .domain import minutes_domain

    pages = sorted(minutes_domain(app.env).pages.secrets)
    for path in [path for docname in pages for path in sorted(sources.glob(f"{docname}.*"))]:
        text = path.read_text(encoding="utf-8", errors="replace")
        secrets = find_secrets(text)
        if secrets:
            path.write_text(redact(text, secrets), encoding="utf-8")


INCLUDED = "minutes_included"
"""Key in ``env.temp_data``: the files ``{include}`` pulled into the page being read,
already checked by ``on_include_read``."""


def on_include_read(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """A file pulled into a page with ``{include}``: its secrets are warned about at the
    file's own line and removed before the page is parsed. The parent's ``_sources`` copy
    holds only the directive, so nothing else needs cleaning."""
    path = Path(app.srcdir, relative_path)
    included: set[Path] = app.env.temp_data.get(INCLUDED) or set()
    app.env.temp_data[INCLUDED] = included | {path.resolve()}
    secrets = find_secrets(content[0])
    for line, message in secret_messages(secrets):
        warn(message, Subtype.SECRET, f"{path}:{line}")
    if secrets:
        content[0] = redact(content[0], secrets)
    undecoded_lines(path, content[0], app.env.docname)


def undecoded_lines(path: Path, text: str, page: str) -> None:
    """Each line of an included file that the lenient codec had to mend (bytes that are not
    UTF-8, shown as U+FFFD), warned at the file's own line, as for a page. A file that is
    UTF-8 and holds U+FFFD itself, or one read with the include's own ``:encoding:``, is fine."""
    if "\ufffd" not in text:
        return
    try:
        path.read_bytes().decode("utf-8-sig")
        return
    except (OSError, UnicodeDecodeError):
        pass
    for index, text_line in enumerate(text.split("\n"), start=1):
        if "\ufffd" in text_line:
            warn(
                f"bytes that are not UTF-8 (shown as \ufffd) in {path.name}, which {page} includes; "
                "save the file as UTF-8 (or give the {include} its encoding, e.g. ':encoding: latin-1')",
                Subtype.ENCODING,
                f"{path}:{index}",
            )


def files_read(app: Sphinx, doctree: nodes.document) -> list[Path]:
    """The files a page's directives read themselves (``{literalinclude}``, a CSV table's
    or a raw block's ``:file:``: the page's dependencies) and the files it offers with
    ``{download}``; less people.yaml, which is checked once elsewhere. A file ``{include}``
    pulled in too is among them: another directive may show it again (red team R18)."""
    deps = getattr(doctree.settings, "record_dependencies", None)
    paths = {Path(app.srcdir, p) for p in app.env.dependencies.get(app.env.docname, ())}
    paths |= {Path.cwd() / p for p in (deps.list if deps else ())}
    for ref in nodes_of(doctree, (addnodes.download_reference,)):
        target = str(ref.get("reftarget", ""))
        if target and "://" not in target:
            paths.add(Path(app.env.relfn2path(target, app.env.docname)[1]))
    from .domain import minutes_domain

    people = minutes_domain(app.env).people_path()
    paths.discard(people)  # as noted (page_people): most pages read no other file, and are done here
    if not paths:
        return []
    skip = {people.resolve()}
    return sorted(p for p in {p.resolve() for p in paths} - skip if p.is_file() and p.stat().st_size < 2**22)


def redact_read_files(app: Sphinx, doctree: nodes.document) -> None:
    """Files that directives read themselves tell no event, so each one is checked here,
    warned about at its own lines, and every value it holds removed from the page's nodes,
    including the literal blocks that show a part of it (``:lines:`` may select a value
    without its label, which is why the whole file is read)."""
    values: set[str] = set()
    included: set[Path] = app.env.temp_data.get(INCLUDED) or set()
    for path in files_read(app, doctree):
        text = path.read_bytes().decode("utf-8", errors="replace")
        if "\0" in text:
            continue
        secrets = find_secrets(text)
        for line, message in secret_messages(secrets) if path not in included else []:  # warned when included
            warn(message, Subtype.SECRET, f"{path}:{line}")
        values |= {text[s.start : s.end] for s in secrets}
    if values:
        redact_nodes(doctree, values)


def withhold_secret_files(app: Sphinx, doctree: nodes.document) -> None:
    """An image or a ``{download}`` whose file holds a meeting secret the build cannot take
    out of its copy (every file but a UTF-8 text file under 4 MB, whose copy
    ``redact_copied_downloads`` writes again without it) is not published: warned at the
    page's line, shown as a note, and made a dependency of the page so that an edit to the
    file reads the page again. Runs before Sphinx's collectors copy files (priority 500);
    ``filetext`` says what is read of a file."""
    from .filetext import file_secret_kinds

    docname = app.env.docname
    for node in nodes_of(doctree, (nodes.image, addnodes.download_reference)):
        target = str(node.get("uri") if isinstance(node, nodes.image) else node.get("reftarget") or "")
        if not target or "://" in target or target.startswith("data:"):
            continue
        path = Path(app.env.relfn2path(target, docname)[1])
        files = sorted(path.parent.glob(path.name)) if target.endswith(".*") else [path]
        held = [f for f in files if f.is_file() and not _redacted_copy(node, f) and file_secret_kinds(f)]
        if not held:
            continue
        app.env.note_dependency(str(held[0]))
        warn(
            f"{target!r} holds {', '.join(file_secret_kinds(held[0]))}, which must not be published and "
            "cannot be taken out of a copy of this file: it is not published; remove it from the file",
            Subtype.SECRET,
            (docname, node.line or node.parent.line or 0),
        )
        note = f"({node.get('alt') or node.astext() or Path(target).name}: holds a meeting secret, not published)"
        node.replace_self(
            nodes.inline(note, note) if isinstance(node.parent, nodes.TextElement) else nodes.paragraph(note, note)
        )


def _redacted_copy(node: nodes.Node, path: Path) -> bool:
    """A download whose copy is written again without its secrets: UTF-8 text under 4 MB."""
    if not isinstance(node, addnodes.download_reference) or path.stat().st_size >= 2**22:
        return False
    try:
        return "\0" not in path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False


def redact_nodes(doctree: nodes.document, values: set[str]) -> None:
    """Every text node holding one of ``values`` without it, and literal blocks without
    the secrets they hold themselves."""
    for text in list(doctree.findall(nodes.Text)):
        verbatim = isinstance(text.parent, (nodes.literal_block, nodes.raw))
        spans = (find_secrets(text) if verbatim else []) + [
            Secret(0, "", at.start(), at.end()) for value in values for at in re.finditer(re.escape(value), text)
        ]
        if spans and text.parent is not None:
            text.parent.replace(text, nodes.Text(redact(str(text), spans)))
    for block in doctree.findall(lambda node: isinstance(node, (nodes.literal_block, nodes.raw))):
        block.rawsource = block.astext()


def source_lines(env: Any) -> list[str]:
    return env.temp_data.get(SOURCE_LINES) or []


# Sphinx 9 reads a page with strict decoding and a bad byte ends the build with a traceback.
# Pages are read through this codec instead: UTF-8 (with an optional BOM) where each bad
# byte becomes U+FFFD, which ``on_source_read`` then reports at its line.
LENIENT_ENCODING = "minutes-utf-8-sig"
_UTF8_SIG = codecs.lookup("utf-8-sig")


class _LenientDecoder(utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_lenient_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != LENIENT_ENCODING:
        return None
    return codecs.CodecInfo(
        name=LENIENT_ENCODING,
        encode=_UTF8_SIG.encode,
        decode=lambda data, errors="strict": _UTF8_SIG.decode(data, "replace"),
        incrementalencoder=_UTF8_SIG.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=_UTF8_SIG.streamreader,
        streamwriter=_UTF8_SIG.streamwriter,
    )


codecs.register(_find_lenient_codec)


def read_pages_leniently(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read UTF-8 pages with the lenient codec; a site that chose another encoding keeps it.
    Set on the environment, not on ``source_encoding``, which Sphinx 9 warns about."""
    if str(env.settings.get("input_encoding", "")).lower().replace("_", "-") in ("utf-8-sig", "utf-8", "utf8"):
        env.settings["input_encoding"] = LENIENT_ENCODING


MEETING_PAGE = re.compile(r"minutes/[^/]+/(?P<stem>[^/]+)\Z")


def meeting_page_without_meeting(app: Sphinx, doctree: nodes.document) -> None:
    """A page named like a meeting (FORMAT: ``minutes/<series>/<YYYY-MM-DD>.md``) without its
    ``{meeting}`` block has no panel and no place in the meeting lists, and its actions name it
    by its file name: the author forgot the block, so say so."""
    from .domain import minutes_domain

    docname = app.env.docname
    match = MEETING_PAGE.match(docname)
    if not match or not MEETING_STEM.match(match["stem"]) or docname in minutes_domain(app.env).pages.meetings:
        return
    warn(
        "page is named like a meeting but has no {meeting} block; start it with a {meeting} block "
        "holding ':date: YYYY-MM-DD'",
        Subtype.MISSING_DATE,
        (docname, 1),
    )


def setup_checks(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_pages_leniently)
    app.connect("source-read", on_source_read_breaks, priority=400)  # before the other checks read the text
    app.connect("source-read", on_source_read)
    app.connect("include-read", on_include_read_breaks, priority=400)
    app.connect("include-read", on_include_read)
    app.connect("doctree-read", withhold_secret_files, priority=450)
    app.connect("doctree-read", redact_read_files)
    app.connect("doctree-read", meeting_page_without_meeting)
    app.connect("build-finished", redact_copied_sources)
    app.connect("build-finished", redact_copied_downloads)
