"""Links in storage XHTML that point into the space: other pages and attached files.

They become placeholder links (``sources.PLACEHOLDER_HOST``) the page importer keeps as
links, so that the writer can point them at the site's own pages and the copied files once
it knows which pages were written. Pages without such links are not parsed here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from bs4 import BeautifulSoup, Tag

from .sources import PLACEHOLDER_HOST, WikiPage
from .words import WIKI_KEY

MARKS = ("ri:page", "ri:attachment")


def placeholder_href(kind: str, page_id: str, file: str = "") -> str:
    return f"{PLACEHOLDER_HOST}/{kind}/{quote(page_id, safe='')}" + (f"/{quote(file, safe='')}" if file else "")


def link_in_space(page: WikiPage, titles: Mapping[str, str], space_key: str = "") -> None:
    """Rewrite ``page.body``'s links to pages of the space (by title, ``titles``: casefolded
    title -> id) and to attachments the source holds into placeholder links.

    Only the ``ac:link`` and ``ac:image`` elements are parsed, each on its own (they never
    nest), and spliced back: parsing every whole page a second time cost a third of a
    space's import."""
    body = page.body
    if not body or not any(mark in body for mark in MARKS):
        return
    parts: list[str] = []
    done = 0
    for start, end in _elements(body):
        if not any(mark in body[start:end] for mark in MARKS):
            continue  # a mention, a link out of the wiki: not ours
        tree = BeautifulSoup(body[start:end], "html.parser")
        element = tree.find(ELEMENTS)
        replacement = _replacement(tree, element, page, titles, space_key) if isinstance(element, Tag) else None
        if replacement is not None:
            parts += [body[done:start], replacement.decode()]
            done = end
    if parts:
        page.body = "".join(parts) + body[done:]


ELEMENTS = ("ac:link", "ac:image")
SKIPPED = (("<![CDATA[", "]]>"), ("<!--", "-->"))
"""Where an element's tag is only text (a code macro's body, a comment)."""


def _elements(body: str) -> Iterator[tuple[int, int]]:
    """Where each ``<ac:link>...</ac:link>`` and ``<ac:image>...</ac:image>`` sits, outside
    CDATA sections and comments. Each needle's next place is looked up again only once the
    scan has passed it, so a page is read once per needle however many links it holds, and
    every step moves forward."""
    following: dict[str, int] = {}

    def next_at(needle: str, position: int) -> int:
        """The needle's first place at or after ``position`` (asked with positions that
        never go back, so a place found earlier stands until the scan passes it)."""
        at = following.get(needle)
        if at is None or 0 <= at < position:
            at = following[needle] = body.find(needle, position)
        return at

    position = 0
    while True:
        found = [(next_at(f"<{name}", position), name) for name in ELEMENTS]
        found += [(next_at(opening, position), closing) for opening, closing in SKIPPED]
        found = [(at, what) for at, what in found if at >= 0]
        if not found:
            return
        start, what = min(found)
        if what not in ELEMENTS:
            close = next_at(what, start + 1)
            if close < 0:
                return
            position = close + len(what)
            continue
        after = body[start + len(what) + 1 : start + len(what) + 2]
        end = _end(what, start, next_at) if after in (" ", ">", "/", "\t", "\n", "\r") else -1
        if end < 0:
            position = start + 1
            continue
        position = end
        yield start, end


def _end(name: str, start: int, next_at: Callable[[str, int], int]) -> int:
    """Just after the ``</name>`` closing the element at ``start`` (CDATA inside skipped), or -1."""
    position = start
    while True:
        close = next_at(f"</{name}>", position)
        data = next_at("<![CDATA[", position)
        if close < 0:
            return -1
        if data < 0 or close < data:
            return close + len(name) + 3
        skipped = next_at("]]>", data)
        if skipped < 0:
            return -1
        position = skipped + 3


def _replacement(
    tree: BeautifulSoup, element: Tag, page: WikiPage, titles: Mapping[str, str], space_key: str
) -> Tag | None:
    shown_tag = element.find(("ac:plain-text-link-body", "ac:link-body"))
    shown = " ".join(shown_tag.get_text(" ").split()) if shown_tag is not None else ""
    target = element.find("ri:page", recursive=False)
    attachment = element.find("ri:attachment", recursive=False)
    if attachment is not None:
        owner = attachment.find("ri:page")
        if owner is not None:
            return None
        name = str(attachment.get("ri:filename") or "")
        if name not in page.attachments:
            return None
        kind = "image" if element.name == "ac:image" else "file"
        return _link(tree, placeholder_href(kind, page.id, name), shown or name)
    if target is not None and element.name == "ac:link":
        other_space = str(target.get("ri:space-key") or "")
        if other_space and space_key and other_space.casefold() != space_key.casefold():
            return None
        title = str(target.get("ri:content-title") or "")
        page_id = titles.get(title.casefold())
        if page_id is None:
            return None
        return _link(tree, placeholder_href("page", page_id), shown or title)
    return None


def _link(tree: BeautifulSoup, href: str, text: str) -> Tag:
    link = tree.new_tag("a", href=href)
    link.string = text
    return link


USER_TAG = re.compile(r"<ri:user\b[^<>]*>", re.IGNORECASE)
USER_KEY = re.compile(r"""\bri:(userkey|account-id)\s*=\s*(["'])([^"'<>]*)\2""", re.IGNORECASE)


@dataclass(frozen=True)
class WikiUser:
    """What the wiki says of a user a mention names only by key or account id."""

    username: str = ""
    name: str = ""


def user_keys(body: str) -> dict[str, str]:
    """The user keys and account ids of the mentions that name no username, each with the
    attribute that holds it (``userkey`` or ``account-id``)."""
    found: dict[str, str] = {}
    for tag in USER_TAG.finditer(body):
        key = USER_KEY.search(tag[0])
        if key is not None and "ri:username" not in tag[0].lower() and WIKI_KEY.match(key[3].strip()):
            found[key[3].strip()] = key[1].lower()
    return found


def name_users(body: str, users: Mapping[str, WikiUser]) -> str:
    """Each mention by key or account id given the username and name the wiki holds for it
    (``ri:username``, ``minutes-name``), so that it finds its person in people.yaml."""
    if not users or "<ri:user" not in body.lower():
        return body

    def named(tag: re.Match[str]) -> str:
        key = USER_KEY.search(tag[0])
        user = users.get(key[3].strip()) if key is not None else None
        if user is None or "ri:username" in tag[0].lower():
            return tag[0]
        extra = ""
        if user.username and WIKI_KEY.match(user.username) and "@" not in user.username:  # no email address
            extra += f' ri:username="{html.escape(user.username, quote=True)}"'
        if user.name:
            extra += f' minutes-name="{html.escape(" ".join(user.name.split())[:100], quote=True)}"'
        return tag[0][: len("<ri:user")] + extra + tag[0][len("<ri:user") :]

    return USER_TAG.sub(named, body)
