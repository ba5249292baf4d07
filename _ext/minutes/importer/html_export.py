"""Confluence's HTML space export: a zip of rendered pages, ``index.html`` and attachments.

A rendered page is not storage format: tasks are ``<ul class="inline-task-list">`` items
(``class="checked"`` when done), mentions are ``<a class="confluence-userlink"
data-username=...>``, links to other pages point at their exported files. Each is turned
back into the storage element it was rendered from, so the page importer reads one form.
The page tree comes from ``index.html``'s nested lists, else each page's breadcrumbs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from .sources import MAX_FILE_SIZE, Attachment, Counts, SourceError, TooLarge, WikiPage, read_member, zip_attachment
from .storage import placeholder_href

PAGE_FILE = re.compile(r"(?:^|_)(\d+)\.html$")
MAX_TREE_DEPTH = 200


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    return [str(v) for v in value] if isinstance(value, list) else str(value or "").split()


class HtmlExport:
    """One HTML space export; ``pages_in_order()`` yields its pages in storage form."""

    def __init__(self, path: str, archive: zipfile.ZipFile, limit: int = MAX_FILE_SIZE) -> None:
        self.path = path
        self.archive = archive
        self.limit = limit
        """The most bytes read of one member (``--max-file-size``)."""
        self.counts = Counts()
        names = archive.namelist()
        index = [n for n in names if n.rsplit("/", 1)[-1] == "index.html"]
        if not index:
            raise SourceError(f"{path}: no index.html in the zip: not a Confluence HTML space export")
        self.index = min(index, key=lambda n: n.count("/"))
        self.base = posixpath.dirname(self.index)
        self.files = set(names)
        self.page_files = sorted(
            n for n in names if n.endswith(".html") and posixpath.dirname(n) == self.base and n != self.index
        )
        self.ids = {name: self.page_id(name) for name in self.page_files}
        self.titles: dict[str, str] = {}
        self.parents: dict[str, str | None] = {}
        self.home: str | None = None
        self._read_index()

    def page_id(self, name: str) -> str:
        base = name.rsplit("/", 1)[-1]
        match = PAGE_FILE.search(base)
        return match[1] if match else base.removesuffix(".html")

    def _read(self, name: str) -> BeautifulSoup:
        return BeautifulSoup(read_member(self.archive, name, self.limit).decode("utf-8", "replace"), "html.parser")

    def _member(self, href: str, relative_to: str) -> str | None:
        """The zip member a relative link points at, or None for anything else."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        member = posixpath.normpath(posixpath.join(posixpath.dirname(relative_to), unquote(parts.path)))
        return member if member in self.files else None

    def _read_index(self) -> None:
        """Titles and parents from index.html's nested lists of links."""
        index = self._read(self.index)
        for link in index.find_all("a", href=True):
            member = self._member(str(link["href"]), self.index)
            if member not in self.ids:
                continue
            self.titles.setdefault(member, link.get_text(" ", strip=True))
            item = link.find_parent("li")
            parent_item = item.find_parent("li") if item is not None else None
            parent_link = parent_item.find("a", href=True) if parent_item is not None else None
            parent = self._member(str(parent_link["href"]), self.index) if parent_link is not None else None
            self.parents.setdefault(member, parent if parent in self.ids else None)
        top = [m for m, p in self.parents.items() if p is None]
        self.home = top[0] if len(top) == 1 else None

    def pages_in_order(self) -> Iterator[WikiPage]:
        children = {p for p in self.parents.values() if p}
        for name in self.page_files:
            try:
                yield self._page(name, name in children)
            except (RecursionError, zipfile.BadZipFile, OSError, TooLarge) as err:
                title = self.titles.get(name, name)
                reason = "nested too deeply to read" if isinstance(err, RecursionError) else f"unreadable ({err})"
                if isinstance(err, TooLarge):
                    reason = f"too large to read ({err})"
                yield WikiPage(
                    id=self.ids[name],
                    title=title,
                    address=name.rsplit("/", 1)[-1],
                    source=f"{self.path}: {title!r}",
                    problem=f"the page is {reason}",
                )

    def _page(self, name: str, has_children: bool) -> WikiPage:
        tree = self._read(name)
        title = self._title(tree, name)
        parent = self.parents.get(name)
        if name not in self.parents:
            parent = self._breadcrumb_parent(tree, name)
        labels = _labels(tree)
        main = tree.find(id="main-content") or tree.find("body") or tree
        attachments = self._attachments(tree, name)
        self._to_storage(main, name, attachments)
        page_id = self.ids[name]
        return WikiPage(
            id=page_id,
            title=title,
            address=f"/pages/viewpage.action?pageId={page_id}" if page_id.isdigit() else name.rsplit("/", 1)[-1],
            source=f"{self.path.rsplit('/', 1)[-1]}: {title!r}",
            parent_id=self.ids.get(parent or ""),
            parent_title=self.titles.get(parent or "", ""),
            ancestors=tuple(self.ids[a] for a in self._ancestors(name)),
            labels=labels,
            body=main.decode_contents() if isinstance(main, Tag) else str(main),
            attachments=attachments,
            has_children=has_children,
            is_home=name == self.home,
        )

    def _title(self, tree: BeautifulSoup, name: str) -> str:
        """The page's title without the space name the export puts before it ("DM : ...")."""
        heading = tree.find(id="title-text")
        text = heading.get_text(" ", strip=True) if heading is not None else ""
        if not text:
            title = tree.find("title")
            text = title.get_text(" ", strip=True) if title is not None else self.titles.get(name, name)
        indexed = self.titles.get(name, "")
        if indexed and text.endswith(indexed):
            return indexed
        space, colon, rest = text.partition(" : ")
        return rest.strip() if colon and rest.strip() else text

    def _breadcrumb_parent(self, tree: BeautifulSoup, name: str) -> str | None:
        crumbs = tree.find(id="breadcrumbs")
        links = crumbs.find_all("a", href=True) if isinstance(crumbs, Tag) else []
        members = [self._member(str(a["href"]), name) for a in links]
        members = [m for m in members if m in self.ids and m != name]
        return members[-1] if members else None

    def _ancestors(self, name: str) -> list[str]:
        found: list[str] = []
        current = self.parents.get(name)
        while current and current not in found and len(found) < MAX_TREE_DEPTH:
            found.append(current)
            current = self.parents.get(current)
        return found

    def _attachments(self, tree: BeautifulSoup, name: str) -> dict[str, Attachment]:
        """The page's files under attachments/<id>/, by the name the page shows for each."""
        folder = posixpath.join(self.base, "attachments", self.ids[name]) + "/"
        shown: dict[str, str] = {}
        for tag in tree.find_all(("a", "img")):
            member = self._member(str(tag.get("href") or tag.get("src") or ""), name)
            if member and member.startswith(folder):
                label = str(tag.get("data-linked-resource-default-alias") or "") or tag.get_text(" ", strip=True)
                if label and member not in shown.values():
                    shown[label] = member
        for member in sorted(self.files):
            if member.startswith(folder) and not member.endswith("/") and member not in shown.values():
                shown[member.rsplit("/", 1)[-1]] = member
        return {label: zip_attachment(self.archive, label, m, self.limit) for label, m in shown.items()}

    # rendered HTML -> storage format -----------------------------------------------------

    def _to_storage(self, main: Tag | BeautifulSoup, name: str, attachments: dict[str, Attachment]) -> None:
        for task_list in main.find_all("ul", class_="inline-task-list"):
            self._task_list(task_list)
        for link in main.find_all("a"):
            self._link(link, name, attachments)
        for image in main.find_all("img"):
            member = self._member(str(image.get("src") or ""), name)
            label = next((k for k, a in attachments.items() if member and a.name == k and member.endswith(k)), "")
            label = str(image.get("data-linked-resource-default-alias") or "") or label
            if member and label in attachments:
                image.replace_with(_placeholder(main, "image", self.ids[name], label))

    def _task_list(self, task_list: Tag) -> None:
        tasks = _new(task_list, "ac:task-list")
        for item in task_list.find_all("li", recursive=False):
            task = _new(task_list, "ac:task")
            tasks.append(task)
            status = _new(task_list, "ac:task-status")
            status.string = "complete" if "checked" in _classes(item) else "incomplete"
            body = _new(task_list, "ac:task-body")
            for child in list(item.children):
                body.append(child.extract())
            task.append(status)
            task.append(body)
        task_list.replace_with(tasks)

    def _link(self, link: Tag, name: str, attachments: dict[str, Attachment]) -> None:
        classes = _classes(link)
        username = str(link.get("data-username") or "")
        account = str(link.get("data-account-id") or "")
        key = str(link.get("data-user-key") or "")
        if "confluence-userlink" in classes or "user-mention" in classes or username or account or key:
            mention = _new(link, "ac:link")
            user = _new(link, "ri:user")
            if username:
                user["ri:username"] = username
            if account:
                user["ri:account-id"] = account
            if key:
                user["ri:userkey"] = key
            shown = _new(link, "ac:plain-text-link-body")
            shown.string = link.get_text(" ", strip=True)
            mention.append(user)
            mention.append(shown)
            link.replace_with(mention)
            return
        member = self._member(str(link.get("href") or ""), name)
        if member in self.ids:
            link.replace_with(_placeholder(link, "page", self.ids[member], text=link.get_text(" ", strip=True)))
        elif member:
            label = next((k for k in attachments if member.endswith("/" + k) or link.get_text(strip=True) == k), "")
            if label:
                link.replace_with(_placeholder(link, "file", self.ids[name], label, link.get_text(" ", strip=True)))


MAX_LABELS = 200


def _labels(tree: BeautifulSoup) -> tuple[str, ...]:
    """The page's labels as the export shows them, outside the page's content: the label
    list Confluence draws under a page (``ul.label-list`` of ``li.aui-label``, its links
    ``rel="tag"`` to ``/label/...``), or a "Labels" section drawn as the export draws its
    "Attachments" one. An export that shows none gives none."""
    found: list[str] = []
    places: list[Tag] = [
        *tree.find_all(id=("labels-section", "labels")),
        *tree.find_all(class_=("label-list", "labels")),
    ]
    for heading in tree.find_all(class_="pageSectionTitle"):
        if heading.get_text(" ", strip=True).rstrip(":").strip().lower() == "labels":
            section = heading.find_parent(class_="pageSection") or heading.parent
            if isinstance(section, Tag):
                places.append(section)
    places += [a for a in tree.find_all("a", rel=True) if "tag" in _rel(a)]
    for place in places:
        if not isinstance(place, Tag) or place.find_parent(id="main-content") is not None:
            continue
        items = place.find_all("a") or place.find_all("li") or ([place] if place.name == "a" else [])
        for item in items:
            label = " ".join(item.get_text(" ", strip=True).split())
            if "no-labels-message" in _classes(item) or label.lower() in ("labels", "no labels"):
                continue
            if label and len(label) <= 255 and label not in found:
                found.append(label)
            if len(found) >= MAX_LABELS:
                return tuple(found)
    return tuple(found)


def _rel(tag: Tag) -> list[str]:
    value = tag.get("rel")
    return [str(v).lower() for v in value] if isinstance(value, list) else str(value or "").lower().split()


def _new(near: Tag, name: str) -> Tag:
    soup = near
    while soup.parent is not None:
        soup = soup.parent
    return soup.new_tag(name) if isinstance(soup, BeautifulSoup) else BeautifulSoup("", "html.parser").new_tag(name)


def _placeholder(near: Tag, kind: str, page_id: str, file: str = "", text: str = "") -> Tag:
    """A link the page importer keeps, for the writer to point at the site's page or file."""
    link = _new(near, "a")
    link["href"] = placeholder_href(kind, page_id, file)
    link.string = text or file or page_id
    return link
