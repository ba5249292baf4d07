"""What every source gives: wiki pages with their place in the space, before any is read.

A source is a single page file, a space export (XML or HTML, as a zip) or the REST API.
Each yields ``WikiPage`` records; the body is handed to the page importer as the REST
API's JSON (title and storage XHTML), the one form it reads for every source.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from ..secrets import redact_secrets

PLACEHOLDER_HOST = "https://minutes.invalid"
"""Links the page importer keeps as they are (``.invalid`` never resolves, RFC 2606), which
the writer turns into links between the site's pages and to copied files."""


MAX_FILE_SIZE = 50 * 2**20
"""The most bytes the importer reads of one zip member (an attachment, an HTML export's page or
index) unless ``--max-file-size`` says otherwise: a zip bomb's 3 MB can hold gigabytes, which
would fill memory and then the site."""
MAX_RATIO = 100
"""Uncompressed size over compressed size above which a member of more than 1 MB is taken for a
zip bomb (real PDFs, images and office files hardly compress; zeros compress a thousandfold)."""


@dataclass(frozen=True)
class Attachment:
    """A file attached to a wiki page that the export holds."""

    name: str
    read: Callable[[], bytes]
    size: int = 0
    """Its size uncompressed, as the zip says (``read`` never returns more)."""
    packed: int = 0
    """Its size in the zip."""

    def too_large(self, limit: int = MAX_FILE_SIZE) -> str:
        """Why the file is not read and copied, or "" when it may be."""
        return size_problem(self.size, self.packed, limit)


class SourceError(Exception):
    """A source that cannot be read at all (a damaged zip, no entities.xml): exit status 1."""


class TooLarge(SourceError):
    """A zip member larger than the importer reads (see MAX_FILE_SIZE and MAX_RATIO)."""


def size_text(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size} bytes"


def size_problem(size: int, packed: int, limit: int = MAX_FILE_SIZE) -> str:
    """Why a zip member of ``size`` bytes (``packed`` in the zip) is not read, or ""."""
    if size > limit:
        return f"{size_text(size)} uncompressed, more than the {size_text(limit)} the importer reads (--max-file-size)"
    if size > 2**20 and size > MAX_RATIO * max(packed, 1):
        return f"{size_text(size)} uncompressed from {size_text(packed)} in the zip: a zip bomb, not a real file"
    return ""


def read_member(archive: zipfile.ZipFile, member: str, limit: int = MAX_FILE_SIZE) -> bytes:
    """A zip member's bytes, refused (``TooLarge``) before reading when the zip says it is too
    large, and read in chunks that stop at the limit whatever the zip says."""
    info = archive.getinfo(member)
    problem = size_problem(info.file_size, info.compress_size, limit)
    if problem:
        raise TooLarge(f"{member}: {problem}")
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as stream:
        while chunk := stream.read(2**20):
            total += len(chunk)
            if total > limit:
                raise TooLarge(f"{member}: more than the {size_text(limit)} the importer reads (--max-file-size)")
            chunks.append(chunk)
    return b"".join(chunks)


def zip_attachment(archive: zipfile.ZipFile, name: str, member: str, limit: int) -> Attachment:
    """An attachment held in a zip export, with the sizes the zip gives for it."""
    info = archive.getinfo(member)
    read = functools.partial(read_member, archive, member, limit)
    return Attachment(name, read, info.file_size, info.compress_size)


@dataclass
class WikiPage:
    """One wiki page: where it sits in the space, and its body for the page importer."""

    id: str
    title: str
    address: str
    """Where the page lived: its wiki URL (relative to the wiki's root for an export, which
    does not say where the wiki is), or the file it came from."""
    source: str
    """The name notes and errors use for the page (a file name, or the export and title)."""
    parent_id: str | None = None
    parent_title: str = ""
    ancestors: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    space: str = ""
    """The space's key, where the source says it (an XML export, the REST API)."""
    body: str | None = None
    """Storage XHTML; None for a single page file, whose ``text`` is read as it is."""
    text: str = ""
    attachments: dict[str, Attachment] = field(default_factory=dict)
    has_children: bool = False
    is_home: bool = False
    named: bool = False
    """Named on the command line by itself (not found in a space): meant to be a meeting."""
    problem: str = ""
    """Why the page cannot be read at all (the source said so); empty when it can."""
    list_attachments: Callable[[], dict[str, Attachment]] | None = None
    """For a source that lists a page's attachments only when asked (the REST API: a request
    per page), how to ask; asked once the page is known to be a meeting."""

    def __post_init__(self) -> None:
        self.title = clean(self.title)
        self.parent_title = clean(self.parent_title)
        self.source = redact_secrets(clean(self.source))
        self.address = clean(self.address)

    @property
    def shown_title(self) -> str:
        """The title as messages and the report show it: a secret's value in it redacted."""
        return redact_secrets(self.title)

    def load_attachments(self) -> None:
        """The attachments a source lists only when asked, added to ``attachments``."""
        if self.list_attachments is not None:
            listed, self.list_attachments = self.list_attachments, None
            self.attachments.update(listed())

    def importer_text(self) -> str:
        """What ``confluence.import_page`` reads: the REST API's JSON for a storage body."""
        if self.body is None:
            return self.text
        return json.dumps({"title": self.title, "body": {"storage": {"value": self.body}}})


@dataclass
class Counts:
    """What a source passed over without reading, by kind (for the report)."""

    historical_versions: int = 0
    drafts: int = 0
    comments: int = 0
    blog_posts: int = 0
    deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {k: v for k, v in vars(self).items()}


BIDI_CONTROLS = dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def clean(text: str) -> str:
    """A title or name from a source as text that can be printed and written: a lone
    surrogate (valid in the API's JSON, not in UTF-8) is U+FFFD, and the controls that turn
    text right to left (which can make a title read as another) are dropped."""
    text = text.translate(BIDI_CONTROLS)
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    return text


class WikiUnreachable(Exception):
    """The wiki could not be reached or refused the token: exit status 3."""


SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str, taken: set[str]) -> str:
    """An attachment's name as a file name that cannot leave its folder or become a page."""
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, suffix = name.replace("\\", "/").rsplit("/", 1)[-1].rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    suffix = SAFE_NAME.sub("", suffix)[:16]  # "..png" is a PNG called "file.png", not "png"
    stem = SAFE_NAME.sub("-", stem).strip(".-")
    if suffix.lower() in ("md", "rst", "txt", "ipynb", "py", "html", "htm", "js"):
        stem, suffix = f"{stem}-{suffix}", "download"
    stem = stem[:80] or "file"
    candidate = f"{stem}.{suffix}" if suffix else stem
    n = 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate
