"""Confluence's XML space export: a zip holding ``entities.xml`` and ``attachments/``.

``entities.xml`` is a flat list of Hibernate objects (``<object class="Page">``,
``BodyContent``, ``Label``, ``Labelling``, ``Attachment``, ``Space``, ...) that point at each
other by id, in no promised order, and a large space's file is gigabytes. So it is read
twice, streaming, each object cleared once seen: first what pages there are (titles,
parents, labels, attachments: small), then the bodies of the current pages, each handed on
as it arrives. Nothing is expanded (no DTD, no entities, no network), and what a Confluence
export never holds (a bomb's compression, an object of 100,000 elements or 32 levels, a text
over 10 MB) stops the reading with a message saying which. Users (``ConfluenceUserImpl``,
``InternalUser``) give the usernames and names of the users pages mention by key.

Historical versions (an ``originalVersion``), drafts, deleted pages, comments and blog posts
are counted, never read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from .sources import MAX_FILE_SIZE, Attachment, Counts, SourceError, WikiPage, size_text, zip_attachment
from .storage import WikiUser, name_users

MAX_OBJECTS = 100_000_000
"""The most objects read from one ``entities.xml`` (a page and its body are a few)."""
MAX_OBJECT_ELEMENTS = 100_000
"""The most elements one object holds (a page lists its versions and children: thousands)."""
MAX_OBJECT_DEPTH = 32
"""How deep an object nests (Confluence's: four levels)."""
MAX_EXPORT_SIZE = 64 * 2**30
"""The largest ``entities.xml`` read (``--max-export-size``): a space's is gigabytes."""
MAX_EXPORT_RATIO = 200
"""Uncompressed over compressed size above which an ``entities.xml`` of over 64 MB is taken
for a zip bomb (XML compresses some tens of times, a bomb thousands)."""
MAX_USERS = 100_000
"""The most users read from one export (a user is a few dozen bytes)."""


@dataclass
class _Object:
    kind: str
    id: str
    values: dict[str, str] = field(default_factory=dict)
    """Plain properties by name, and references (``<property><id>``) by name."""
    classes: dict[str, str] = field(default_factory=dict)
    """The class a reference points at (``parent`` -> ``Page``)."""
    collections: dict[str, list[str]] = field(default_factory=dict)


def _objects(stream: IO[bytes], wanted: frozenset[str]) -> Iterator[_Object]:
    """Each top-level ``<object>`` of a kind in ``wanted``, as plain values; every top-level
    element is cleared once passed, so memory holds one object at a time, and an object (or
    anything else) of more than MAX_OBJECT_ELEMENTS elements or MAX_OBJECT_DEPTH levels, or
    more than MAX_OBJECTS objects, stops the reading with a ``SourceError`` saying so.
    libxml2 refuses a text over 10 MB (``huge_tree`` stays off)."""
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    depth = elements = objects = 0
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                elements += 1
                if depth > MAX_OBJECT_DEPTH:
                    raise SourceError(
                        f"entities.xml nests deeper than {MAX_OBJECT_DEPTH} levels (line {element.sourceline})"
                    )
                if elements > MAX_OBJECT_ELEMENTS:
                    raise SourceError(
                        f"entities.xml has an object of more than {MAX_OBJECT_ELEMENTS} elements "
                        f"(line {element.sourceline}): not a Confluence export"
                    )
                continue
            depth -= 1
            if depth != 1:
                continue
            elements = 0
            objects += 1
            if objects > MAX_OBJECTS:
                raise SourceError(f"entities.xml holds more than {MAX_OBJECTS} objects: too large to import")
            kind = element.get("class", "")
            if element.tag == "object" and kind in wanted:
                yield _read_object(kind, element)
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as err:
        if "huge" in (err.msg or "").lower():
            raise SourceError(
                f"entities.xml holds a text longer than 10 MB (line {err.lineno}), more than the importer reads"
            ) from None
        raise SourceError(f"entities.xml is not well-formed XML ({err.msg}, line {err.lineno})") from None


def _read_object(kind: str, element: etree._Element) -> _Object:
    found = _Object(kind, "")
    for child in element:
        tag = child.tag
        if tag == "id":
            found.id = (child.text or "").strip()
        elif tag == "property":
            name = child.get("name", "")
            ref = child.find("id")
            if ref is not None:
                found.values[name] = (ref.text or "").strip()
                found.classes[name] = child.get("class", "")
            else:
                found.values[name] = _text(child)
        elif tag == "collection":
            found.collections[child.get("name", "")] = [
                (e.findtext("id") or "").strip() for e in child.findall("element")
            ]
    return found


@dataclass
class _PageInfo:
    id: str
    title: str
    parent_id: str | None
    bodies: list[str]
    labels: list[str] = field(default_factory=list)
    attachments: list[tuple[str, str, str]] = field(default_factory=list)
    """(attachment id, title, version)."""


class XmlExport:
    """One XML space export; ``pages()`` yields its current pages with their bodies."""

    def __init__(
        self, path: str, archive: zipfile.ZipFile, limit: int = MAX_FILE_SIZE, export_limit: int = MAX_EXPORT_SIZE
    ) -> None:
        self.path = path
        self.archive = archive
        self.limit = limit
        """The most bytes read of one member (``--max-file-size``)."""
        self.counts = Counts()
        names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "entities.xml"]
        if not names:
            raise SourceError(f"{path}: no entities.xml in the zip: not a Confluence XML space export")
        self.entities = min(names, key=lambda n: n.count("/"))
        _check_size(archive.getinfo(self.entities), export_limit)
        self.prefix = self.entities[: -len("entities.xml")]
        self.files = set(archive.namelist())
        self.space_home: str | None = None
        self.space_key = ""
        self.pages: dict[str, _PageInfo] = {}
        self.users: dict[str, WikiUser] = {}
        """User key or account id -> username and name: storage format names a mentioned
        user by key (Data Center) or account id (Cloud) only; the export's
        ``ConfluenceUserImpl`` objects give the username, its ``InternalUser`` ones the name."""
        self._index()

    def _open(self) -> IO[bytes]:
        return self.archive.open(self.entities)

    def _index(self) -> None:
        """Pass one: which pages are current, their titles, parents, labels, attachments."""
        labels: dict[str, str] = {}
        labellings: list[tuple[str, str]] = []
        attachments: list[tuple[str, str, str, str]] = []
        wanted = frozenset(
            {
                *("Page", "Space", "Label", "Labelling", "Attachment", "Comment", "BlogPost", "Draft"),
                *("ConfluenceUserImpl", "InternalUser"),
            }
        )
        accounts: list[tuple[str, str, str]] = []
        names: dict[str, str] = {}
        with self._open() as stream:
            for obj in _objects(stream, wanted):
                if obj.kind == "Page":
                    self._page(obj)
                elif obj.kind == "Space":
                    self.space_home = obj.values.get("homePage") or self.space_home
                    self.space_key = (obj.values.get("key") or self.space_key).strip()
                elif obj.kind == "Label":
                    if obj.values.get("namespace", "global").strip() in ("global", "team", ""):
                        labels[obj.id] = obj.values.get("name", "").strip()
                elif obj.kind == "Labelling":
                    if obj.classes.get("content", "Page") == "Page":
                        labellings.append((obj.values.get("content", ""), obj.values.get("label", "")))
                elif obj.kind == "Attachment":
                    if _is_current(obj):
                        owner = obj.values.get("containerContent") or obj.values.get("content") or ""
                        attachments.append((owner, obj.id, obj.values.get("title", ""), obj.values.get("version", "1")))
                elif obj.kind == "ConfluenceUserImpl" and len(accounts) < MAX_USERS:
                    accounts.append((obj.id, obj.values.get("atlassianAccountId", ""), obj.values.get("name", "")))
                elif obj.kind == "InternalUser" and len(names) < MAX_USERS:
                    names[obj.values.get("name", "").strip().casefold()] = obj.values.get("displayName", "")
                elif obj.kind == "Comment":
                    self.counts.comments += 1
                elif obj.kind == "BlogPost":
                    self.counts.blog_posts += 1
                elif obj.kind == "Draft":
                    self.counts.drafts += 1
        self._users(accounts, names)
        for content, label in labellings:
            if content in self.pages and labels.get(label):
                self.pages[content].labels.append(labels[label])
        for owner, attachment_id, title, version in attachments:
            if owner in self.pages:
                self.pages[owner].attachments.append((attachment_id, title, version.strip() or "1"))

    def _users(self, accounts: list[tuple[str, str, str]], names: dict[str, str]) -> None:
        """Each user's username (unless it is an email address, as Cloud's are: never
        written) and name, by user key and by account id."""
        for key, account, username in accounts:
            username = username.strip()
            user = WikiUser(username="" if "@" in username else username, name=names.get(username.casefold(), ""))
            for ident in (key.strip(), account.strip()):
                if ident and (user.username or user.name):
                    self.users[ident] = user

    def _page(self, obj: _Object) -> None:
        status = obj.values.get("contentStatus", "current").strip() or "current"
        if not _is_current(obj):
            self.counts.historical_versions += 1
        elif status == "draft":
            self.counts.drafts += 1
        elif status != "current":
            self.counts.deleted += 1
        else:
            parent = obj.values.get("parent") if obj.classes.get("parent", "Page") == "Page" else None
            self.pages[obj.id] = _PageInfo(
                obj.id, obj.values.get("title", "").strip(), parent or None, obj.collections.get("bodyContents", [])
            )

    def pages_in_order(self) -> Iterator[WikiPage]:
        """Pass two: each current page with its body, as the bodies arrive."""
        body_of = {body: page.id for page in self.pages.values() for body in page.bodies}
        parents = {p.parent_id for p in self.pages.values() if p.parent_id}
        seen: set[str] = set()
        with self._open() as stream:
            for obj in _objects(stream, frozenset({"BodyContent"})):
                page_id = body_of.get(obj.id) or (
                    obj.values.get("content") if obj.classes.get("content", "Page") == "Page" else None
                )
                if page_id not in self.pages or page_id in seen:
                    continue
                seen.add(page_id)
                yield self._wiki_page(self.pages[page_id], obj, page_id in parents)
        for page_id, info in self.pages.items():
            if page_id not in seen:
                page = self._wiki_page(info, None, page_id in parents)
                page.problem = "the export holds no body for this page"
                yield page

    def _wiki_page(self, info: _PageInfo, body: _Object | None, has_children: bool) -> WikiPage:
        parent = self.pages.get(info.parent_id or "")
        text = body.values.get("body", "") if body is not None else ""
        page = WikiPage(
            id=info.id,
            title=info.title,
            address=f"/pages/viewpage.action?pageId={info.id}",
            source=f"{self.path.rsplit('/', 1)[-1]}: {info.title!r}",
            parent_id=info.parent_id,
            parent_title=parent.title if parent else "",
            ancestors=tuple(self.ancestors(info.id)),
            labels=tuple(info.labels),
            body=name_users(text, self.users),
            attachments=self._attachments(info),
            has_children=has_children,
            is_home=info.id == self.space_home,
        )
        if body is not None and body.values.get("bodyType", "2").strip() not in ("2", ""):
            page.problem = "the page is in the old wiki markup (Confluence 3 and older), not storage format"
        return page

    def ancestors(self, page_id: str) -> list[str]:
        """Parent first, up to the top; bounded by the number of pages (no loop runs forever)."""
        found: list[str] = []
        current = self.pages.get(page_id)
        while current is not None and current.parent_id and len(found) < len(self.pages):
            if current.parent_id in found:
                break
            found.append(current.parent_id)
            current = self.pages.get(current.parent_id)
        return found

    def _attachments(self, info: _PageInfo) -> dict[str, Attachment]:
        found: dict[str, Attachment] = {}
        for attachment_id, title, version in info.attachments:
            folder = f"{self.prefix}attachments/{info.id}/{attachment_id}/"
            member = folder + version
            if member not in self.files:
                versions = [n for n in self.files if n.startswith(folder) and n[len(folder) :].isdigit()]
                if not versions:
                    continue
                member = max(versions, key=lambda n: int(n[len(folder) :]))
            found[title] = zip_attachment(self.archive, title, member, self.limit)
        return found


def _text(element: etree._Element) -> str:
    """An element's text without what undeclared or custom entities would have expanded to
    (they are never expanded), keeping the text around them."""
    parts = [element.text or ""]
    parts.extend(child.tail or "" for child in element)
    return "".join(parts)


def _is_current(obj: _Object) -> bool:
    """Not a historical version: those point at the page they are a version of."""
    return not (obj.values.get("originalVersion") or obj.values.get("originalVersionId", "").strip())


def _check_size(info: zipfile.ZipInfo, limit: int) -> None:
    """Refuse an ``entities.xml`` larger than ``limit`` or compressed like a zip bomb, before
    reading it: the zip never gives more than the size it declares."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > limit:
        raise SourceError(
            f"entities.xml is {size_text(size)} uncompressed, more than the {size_text(limit)} the importer reads "
            "(--max-export-size)"
        )
    if size > 64 * 2**20 and size > MAX_EXPORT_RATIO * packed:
        raise SourceError(
            f"entities.xml is {size / 2**20:.0f} MB uncompressed from {packed / 2**20:.1f} MB in the zip: "
            "a zip bomb, not a Confluence export"
        )
