"""A wiki page's file -> (title, tree): storage format (bare, or in the REST API's JSON),
the wiki's HTML, or its text export, read into one BeautifulSoup tree.

Storage format is read with ``html.parser``, not a strict XML parser: pages arrive as
fragments whose ``ac:``/``ri:`` prefixes are never declared and which carry HTML entities
(``&nbsp;``), both fatal to an XML parser. Entities are never defined by a page (DOCTYPEs
and their entities are removed), and a page nested deeper than ``MAX_DEPTH`` is refused,
since reading it is recursive.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Iterator

from bs4 import BeautifulSoup, CData, MarkupResemblesLocatorWarning, Tag
from bs4.element import PreformattedString
from markdown_it import MarkdownIt

from .text import plain_key
from .words import DOCTYPE, ENTITY_REF, HEADINGS, KNOWN_ENTITIES, MAX_DEPTH, TABLE_HEADER_WORDS

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
"""A table cell holding only a URL is text to us, not a mistaken file name."""


class PageError(Exception):
    """A page that cannot be imported, and why: said for that page, the others go on."""


CONTROLS = {**dict.fromkeys((*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)), 0x0B: "\n", 0x0C: "\n"}
"""Control characters no page means (NUL, escape, ...) are dropped as a page is read; a vertical
tab or form feed is a line break. Left in, the parser makes a NUL into U+FFFD, and the build then
calls the file the importer wrote as UTF-8 "not UTF-8"."""


def read_source(text: str, name: str) -> tuple[str, BeautifulSoup]:
    """(title, tree) of a wiki page in either input form; ``PageError`` when it cannot be read."""
    text = text.translate(CONTROLS)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        title, value = _rest_json(stripped)
        if value is not None:
            return title, _markup_tree(value)
    if stripped.startswith("<"):
        soup = _markup_tree(stripped)
        title_tag = soup.find("title")
        title = title_tag.get_text(" ", strip=True) if title_tag is not None else ""
        main = soup.find(id="main-content") or soup.find("body")
        if title_tag is not None:
            title_tag.decompose()
        if isinstance(main, Tag) and main is not soup:
            soup = BeautifulSoup(str(main.decode_contents()), "html.parser")
        if not title:
            h1 = soup.find("h1")
            if h1 is not None:
                title = h1.get_text(" ", strip=True)
                h1.decompose()
        return title, soup
    title, soup = text_export_to_html(text)
    _check_depth(soup)
    return title, soup


def _rest_json(text: str) -> tuple[str, str | None]:
    """(title, storage body) of the REST API's JSON for a page; no body when it is not that."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "", None
    except RecursionError:
        raise PageError("its JSON nests too deeply to be a page from the wiki's API") from None
    if not isinstance(data, dict):
        raise PageError("it is JSON, but not a page as the wiki's API gives one (an object with a body)")
    body = data.get("body", {})
    storage = body.get("storage", body) if isinstance(body, dict) else {}
    value = storage.get("value") if isinstance(storage, dict) else None
    title = data.get("title")
    return (title if isinstance(title, str) else ""), (value if isinstance(value, str) else None)


def _markup_tree(markup: str) -> BeautifulSoup:
    """Storage format or HTML as a tree. Entities are never defined by the page: a DOCTYPE
    and its entity declarations are removed, and references to entities HTML does not
    define (custom or external ones) are dropped, never expanded; ``&nbsp;`` still decodes."""
    markup = DOCTYPE.sub("", markup)
    markup = ENTITY_REF.sub(lambda m: m[0] if m[1] in KNOWN_ENTITIES else "", markup)
    soup = BeautifulSoup(markup, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, PreformattedString) and not isinstance(s, CData)):
        node.extract()
    _check_depth(soup)
    return soup


def _check_depth(soup: BeautifulSoup) -> None:
    """``PageError`` for a tree nested deeper than ``MAX_DEPTH``, found without recursion."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PageError(f"its elements nest more than {MAX_DEPTH} deep; no meeting page does (is it damaged?)")
        stack.extend((child, depth + 1) for child in tag.children if isinstance(child, Tag))


def _is_heading_line(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 5
        and not any(c in line for c in ":[()].,!?*\t<>|")
        and not any(c.isdigit() for c in line)
        and not line.lstrip().startswith(("-", "+", "#"))
        and line.strip()[0].isupper()
    )


def _is_header_row(cells: list[str]) -> bool:
    filled = [c.strip().lower() for c in cells if c.strip()]
    return bool(filled) and all(any(c.startswith(w) for w in TABLE_HEADER_WORDS) for c in filled)


def _known_heading(line: str) -> bool:
    key = plain_key(line)
    return any(key in words for words in HEADINGS.values()) or key == "agenda"


def text_export_to_html(text: str) -> tuple[str, BeautifulSoup]:
    """The wiki's text export as an HTML tree: Markdown runs through markdown-it, each
    table cell parsed on its own, stand-alone short lines made headings."""
    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    title = lines[index].strip() if index < len(lines) else ""
    soup = BeautifulSoup("", "html.parser")
    renderer = MarkdownIt("commonmark")
    prose: list[str] = []

    def flush_prose() -> None:
        if not any(line.strip() for line in prose):
            prose.clear()
            return
        marked = []
        for i, line in enumerate(prose):
            alone = (i == 0 or not prose[i - 1].strip()) and (i + 1 == len(prose) or not prose[i + 1].strip())
            marked.append(f"## {line.strip()}" if alone and _is_heading_line(line) else line)
        for child in list(BeautifulSoup(renderer.render("\n".join(marked)), "html.parser").contents):
            soup.append(child)
        prose.clear()

    i = index + 1
    table: Tag | None = None
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            cells = line.split("\t")
            if table is None or _is_header_row(cells) and table is not None and len(table.find_all("tr")) > 1:
                flush_prose()
                table = soup.new_tag("table")
                soup.append(table)
                table.append(_row(soup, cells, header=True))
            else:
                table.append(_row(soup, cells))
        elif table is not None and line.strip() and not _known_heading(line):
            rest = next((following for following in lines[i + 1 :] if following.strip()), "")
            if "\t" in rest:
                table.append(_row(soup, [line]))
            else:
                table = None
                prose.append(line)
        elif table is not None and not line.strip():
            pass
        else:
            table = None
            prose.append(line)
        i += 1
    flush_prose()
    return title, soup


def _row(soup: BeautifulSoup, cells: list[str], header: bool = False) -> Tag:
    row = soup.new_tag("tr")
    for cell in cells:
        tag = soup.new_tag("th" if header else "td")
        for child in list(BeautifulSoup(cell, "html.parser").contents):
            tag.append(child)
        row.append(tag)
    while len(row.contents) > 1:
        last = row.contents[-1]
        if last.get_text(strip=True) or isinstance(last, Tag) and last.find("input") is not None:
            break
        last.extract()
    return row


def flatten(nodes: Iterable[object]) -> Iterator[object]:
    """Top-level content, with Confluence's layout wrappers opened."""
    for node in nodes:
        if isinstance(node, Tag) and node.name.lower() in (
            "ac:layout",
            "ac:layout-section",
            "ac:layout-cell",
            "body",
            "html",
            "section",
            "article",
            "main",
        ):
            yield from flatten(list(node.children))
        elif isinstance(node, Tag) and node.name.lower() == "div" and node.find(("h1", "h2", "h3", "h4", "table")):
            yield from flatten(list(node.children))
        else:
            yield node


def is_navigation(node: object) -> bool:
    """The wiki's "(back to the list of ...)" line: a link the site replaces with its own."""
    if not isinstance(node, Tag):
        return False
    text = node.get_text(" ", strip=True).lower()
    return text.startswith("(back to") or text.startswith("back to the")
