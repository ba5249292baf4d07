"""Links in storage XHTML that point into the space: other pages and attached files.

They become placeholder links (``sources.PLACEHOLDER_HOST``) the page importer keeps as
links, so that the writer can point them at the site's own pages and the copied files once
it knows which pages were written. Pages without such links are not parsed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from bs4 import BeautifulSoup, Tag

from .sources import PLACEHOLDER_HOST, WikiPage

MARKS = ("ri:page", "ri:attachment")


def placeholder_href(kind: str, page_id: str, file: str = "") -> str:
    return f"{PLACEHOLDER_HOST}/{kind}/{quote(page_id, safe='')}" + (f"/{quote(file, safe='')}" if file else "")


def link_in_space(page: WikiPage, titles: Mapping[str, str], space_key: str = "") -> None:
    """Rewrite ``page.body``'s links to pages of the space (by title, ``titles``: casefolded
    title -> id) and to attachments the source holds into placeholder links."""
    body = page.body
    if not body or not any(mark in body for mark in MARKS):
        return
    tree = BeautifulSoup(body, "html.parser")
    changed = False
    for element in tree.find_all(("ac:link", "ac:image")):
        if not isinstance(element, Tag) or element.parent is None:
            continue
        replacement = _replacement(tree, element, page, titles, space_key)
        if replacement is not None:
            element.replace_with(replacement)
            changed = True
    if changed:
        page.body = tree.decode()


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
