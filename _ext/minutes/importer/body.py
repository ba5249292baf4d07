"""Rich text (a table cell, a section, a task) -> pieces: paragraphs and list items, tasks,
code blocks. Each element is read by the handler its name maps to in ``HANDLERS``; what the
reader drops or meets (images, macros, secrets, mentions) goes to the ``Reporter`` it is
given, so that it never reaches back into the page importer.

Copes with the text export's damaged lists: items without ``<li>``, bullets written as
``•`` characters, unclosed ``<ul>``s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from bs4 import CData, NavigableString, Tag
from bs4.element import PreformattedString

from .. import markdown as md
from ..model import Person
from ..secrets import REDACTED, redact_secrets, secret_kinds, secret_reason
from . import taskreport
from .text import parse_text_date
from .tokens import Decided, Markup, Mention, Para, Piece, Task, Text, Token, Verbatim, When, attr, lexable, plain
from .words import BULLET_LEVELS, BULLETS, CHECKS, CONTAINER_MACROS, SKIPPED_MACROS


class Reporter(Protocol):
    """What the body reader tells about a page: notes, dropped secrets, mentions."""

    def note(self, message: str) -> None: ...

    def drop(self, reason: str, what: str) -> None: ...

    def mention(self, user: Tag, shown: str) -> Person | None: ...

    def task_report_macro(self, parameters: dict[str, str]) -> None: ...


class BodyReader:
    """Rich text -> pieces, one element at a time through ``HANDLERS``.

    Long because it holds one short handler per kind of element (the dispatch table's
    entries), which share the reader's current block and list level."""

    def __init__(self, importer: Reporter) -> None:
        self.importer = importer
        self.pieces: list[Piece] = []
        self.current: Para | Task | None = None
        self.level = 0
        self.in_item = 0
        self.in_task = 0
        """Inside an ``ac:task-body``: paragraphs and line breaks there continue the task."""

    def read(self, nodes: Iterable[object]) -> list[Piece]:
        for node in nodes:
            self.node(node)
        self.flush()
        return self.pieces

    def flush(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        if isinstance(current, Task) or plain(current.tokens):
            self.pieces.append(current)

    def start(self) -> Para | Task:
        if self.current is None:
            self.current = Para([], self.level)
        return self.current

    def add(self, token: Token) -> None:
        self.start().tokens.append(token)

    def node(self, node: object) -> None:
        if isinstance(node, PreformattedString) and not isinstance(node, CData):
            return  # comments, DOCTYPEs, processing instructions: never text
        if isinstance(node, CData):
            self.text(str(node))
        elif isinstance(node, NavigableString):
            self.text(str(node))
        elif isinstance(node, Tag):
            self.tag(node)

    def text(self, text: str) -> None:
        """Text; a bullet character (the export's lost ``<li>``) starts a list item, nested
        as browsers draw them: disc, circle, square."""
        segment = ""
        for char in text:
            if char in BULLETS:
                self.add_text(segment)
                segment = ""
                self.flush()
                self.current = Para([], BULLET_LEVELS.get(char, max(self.level, 1)))
            else:
                segment += char
        self.add_text(segment)

    def add_text(self, text: str) -> None:
        if not text:
            return
        stripped = text.lstrip()
        current = self.current
        starts = (
            current is None
            or (not isinstance(current, Task) and not plain(current.tokens))
            or (isinstance(current, Task) and not plain(current.tokens))
        )
        if starts and not isinstance(current, Task):
            for mark, done in CHECKS.items():
                if stripped.startswith(mark):
                    self.task(done)
                    text = stripped[len(mark) :]
                    break
        self.add(Text(text))

    def task(self, done: bool, recorded: bool = False) -> None:
        self.flush()
        self.current = Task(done, [], recorded)

    def children(self, tag: Tag) -> None:
        for child in list(tag.children):
            self.node(child)

    def styled(self, tag: Tag, wrap: Callable[[str], str]) -> None:
        if tag.find(("input", "ac:task-list", "ul", "ol", "p", "time", "ri:user", "ac:link")) is not None:
            self.children(tag)
            return
        text = tag.get_text()
        if not text.strip():
            self.add(Text(text))
            return
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        self.add(Markup(lead + wrap(md.escape(" ".join(text.split()))) + tail, text))

    def anchor(self, tag: Tag) -> None:
        """A link to an http, https or mailto address; any other keeps only its text. A link
        around a date or a mention is read for them (the wiki's due date and assignee are the
        task's first ones, wherever they are), its address kept after its text."""
        href = attr(tag, "href")
        if md.safe_url(href) is None:
            self.children(tag)
            return
        if tag.find(("time", "ri:user", "ac:link")) is not None:
            self.children(tag)
            if not secret_reason(href):
                self.add(Text(" ("))
                self.add(Markup(md.link(href, href), href))
                self.add(Text(")"))
            return
        text = " ".join(tag.get_text(" ").split())
        reason = secret_reason(href) or secret_reason(text)
        if reason:  # a join link: its text stays, as text ("Click here to join"), the secret redacted
            self.importer.drop(reason, "a link")
            self.add(Text(redact_secrets(text)))
            return
        self.add(Markup(md.link(text, href), text or href))

    def link(self, tag: Tag) -> None:
        """``ri:user`` (alone or in ``ac:link``) is a mention; other links keep their text."""
        user = tag if tag.name.lower() == "ri:user" else tag.find("ri:user")
        body = tag.find(("ac:plain-text-link-body", "ac:link-body"))
        shown = " ".join(body.get_text(" ").split()) if body is not None else ""
        if user is not None:
            person = self.importer.mention(user, shown)
            shown = shown or " ".join((attr(user, "minutes-name") or attr(user, "ri:username")).split())
            if person is not None:
                self.add(Mention(person.id, person.name))
            elif shown and secret_reason(shown):
                self.importer.drop(secret_reason(shown) or "", "a mention")
            elif shown:  # a name no person can have (markup in it, too long): kept as the text it is
                self.add(Text(shown))
                self.importer.note(f"a mention of {shown[:60]!r} is no person in people.yaml: kept as text")
            else:
                self.importer.note("dropped a mention that names nobody the wiki could say")
            return
        if shown:
            self.add(Text(shown))
            return
        target = tag.find(("ri:page", "ri:attachment", "ri:blog-post", "ri:space", "ri:url"))
        if target is not None:
            url = attr(target, "ri:value")
            if md.safe_url(url) is not None and not secret_reason(url):
                self.add(Markup(md.link("", url), url))
            else:
                self.add(Text(attr(target, "ri:content-title", "ri:filename", "ri:space-key")))

    def tag(self, tag: Tag) -> None:
        handler = HANDLERS.get(tag.name.lower())
        if handler is None:
            self.children(tag)
        else:
            handler(self, tag)

    # handlers, one per kind of element ------------------------------------------------

    def list_(self, tag: Tag) -> None:
        if "decision" in attr(tag, "class").lower():  # the HTML export's decision list
            self.flush()
            for item in tag.find_all("li", recursive=False):
                self.decided(list(item.children))
            return
        self.flush()
        self.level += 1
        saved, self.in_item = self.in_item, 0
        self.children(tag)
        self.flush()
        self.level -= 1
        self.in_item = saved

    def item(self, tag: Tag) -> None:
        self.flush()
        self.current = Para([], max(self.level, 1))
        self.in_item += 1
        self.children(tag)
        self.in_item -= 1
        self.flush()

    def block(self, tag: Tag) -> None:
        """A paragraph-like element: inside a list item it continues the item, inside a
        task's body the task."""
        if self.in_item and isinstance(self.current, Para) or self.in_task and isinstance(self.current, Task):
            self.add(Text(" "))
            self.children(tag)
            return
        self.flush()
        saved = self.level
        if tag.name.lower() == "p" and not self.in_item:
            self.level = 0
        self.children(tag)
        self.flush()
        self.level = saved

    def heading(self, tag: Tag) -> None:
        self.flush()
        text = tag.get_text(" ", strip=True)
        if text:
            self.pieces.append(Para([Markup(md.strong(md.escape(text)), text)], 0))

    def line_break(self, tag: Tag) -> None:
        if isinstance(self.current, Task) and self.in_task:
            self.add(Text(" "))
        elif isinstance(self.current, Task):
            self.flush()
        elif self.current is not None and plain(self.current.tokens):
            level = self.current.level
            self.flush()
            self.current = Para([], level)

    def rule(self, tag: Tag) -> None:
        self.flush()

    def checkbox(self, tag: Tag) -> None:
        if attr(tag, "type").lower() == "checkbox":
            self.task(tag.has_attr("checked"))

    def task_list(self, tag: Tag) -> None:
        """The wiki's tasks; a nested list of tasks sits in the list, beside its tasks."""
        self.flush()
        for task in tag.find_all(("ac:task", "ac:task-list"), recursive=False):
            if task.name.lower() == "ac:task-list":
                self.task_list(task)
                continue
            status = task.find("ac:task-status", recursive=False) or task.find("ac:task-status")
            self.task((status.get_text(strip=True).lower() if status else "") == "complete", recorded=True)
            body = task.find("ac:task-body", recursive=False) or task.find("ac:task-body")
            if body is not None:
                self.in_task += 1
                self.children(body)
                self.in_task -= 1
            self.flush()

    def table(self, tag: Tag) -> None:
        """A table that is neither an agenda nor a task report: each row a line, its cells
        joined; a cell holding tasks (or a table) is read as blocks, so its tasks still
        become actions."""
        self.flush()
        headers: list[str] = []
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag:
                continue  # a nested table's row: read with its cell
            texts: list[str] = []
            cells = row.find_all(("td", "th"), recursive=False)
            for column, cell in enumerate(cells):
                if cell.find(("ac:task-list", "input", "table")) is None:
                    texts.append(self.cell_text(cell, headers[column] if column < len(headers) else ""))
                    continue
                self.row_text(texts)
                self.children(cell)
                self.flush()
            self.row_text(texts)
            if not headers and cells and all(cell.name == "th" for cell in cells):
                headers = [cell.get_text(" ", strip=True) for cell in cells]

    def cell_text(self, cell: Tag, header: str) -> str:
        """A cell's text, the redaction mark when its column's header labels it a secret:
        the row is written as one line, so the label above it would no longer be seen
        beside it (a secret with its own label in the cell is redacted with the row)."""
        text = cell.get_text(" ", strip=True)
        reason = secret_reason(f"{header}: {text}") if header and text else None
        if reason and not secret_reason(text):
            self.importer.drop(reason, "a table cell")
            labelled = redact_secrets(f"{header}: {text}")
            return labelled[len(header) + 2 :] if labelled.startswith(f"{header}: ") else REDACTED
        return text

    def term(self, tag: Tag) -> None:
        """A definition list's term starts a line and is followed by its definition, as
        ``term: definition``, so that a label and its value stay together (and a secret
        under a ``Passcode`` term is seen)."""
        self.flush()
        self.children(tag)
        self.add(Text(": "))

    def definition(self, tag: Tag) -> None:
        self.children(tag)
        self.flush()

    def row_text(self, texts: list[str]) -> None:
        if any(texts):
            self.pieces.append(Para([Text(" | ".join(texts))], 0))
        texts.clear()

    def time(self, tag: Tag) -> None:
        """A date; a ``datetime`` with a time of day (``2022-07-18T09:00``) is its day."""
        stamp = attr(tag, "datetime").strip()
        date = parse_text_date(stamp[:10] if stamp[10:11] in ("T", " ") else stamp) or parse_text_date(
            tag.get_text(" ")
        )
        if date:
            self.add(When(date))

    def emphasis(self, tag: Tag) -> None:
        self.styled(tag, md.emphasis)

    def strong(self, tag: Tag) -> None:
        self.styled(tag, md.strong)

    def code(self, tag: Tag) -> None:
        text = tag.get_text()
        if text.strip():
            self.add(Markup(md.code(" ".join(text.split())), text))

    def image(self, tag: Tag) -> None:
        source = tag.find("ri:attachment")
        what = attr(source, "ri:filename") if source is not None else attr(tag, "alt", "src")
        self.importer.note(f"dropped an image ({what or 'no name'}); attach it to the page by hand if needed")

    def decided(self, nodes: list[object]) -> None:
        """A decision, its text read as one paragraph."""
        self.flush()
        inner = BodyReader(self.importer).read(nodes)
        tokens = [t for piece in inner if isinstance(piece, Para | Task) for t in [*piece.tokens, Text(" ")]]
        if plain(tokens):
            self.pieces.append(Decided(tokens))

    def adf(self, tag: Tag) -> None:
        """Confluence Cloud's decision lists (``ac:adf-node type="decision-item"``); any other
        ADF extension is read for its fallback."""
        items = tag.find_all("ac:adf-node", attrs={"type": "decision-item"})
        if not items:
            self.children(tag)
            return
        for item in items:
            content = item.find("ac:adf-content")
            self.decided(list((content or item).children))

    def skip(self, tag: Tag) -> None:
        """Elements with nothing to import (scripts, task ids, placeholders)."""

    def macro(self, tag: Tag) -> None:
        name = attr(tag, "ac:name").lower()
        params = {
            attr(p, "ac:name").lower(): p.get_text(" ", strip=True)
            for p in tag.find_all("ac:parameter", recursive=False)
        }
        if name == "jira" and params.get("key"):
            self.add(Text(params["key"]))
        elif name == "status" and params.get("title"):
            self.add(Markup(md.strong(md.escape(params["title"])), params["title"]))
        elif name == "decision":
            body = tag.find("ac:rich-text-body")
            self.decided(list(body.children) if body is not None else [NavigableString(params.get("title", ""))])
        elif name in ("code", "noformat"):
            self.code_macro(tag, params.get("language", "") if name == "code" else "")
        elif name in taskreport.NAMES:
            self.importer.task_report_macro(taskreport.parameters(tag))
            self.importer.note(f"dropped a {name!r} macro: the report lists the tasks it selects")
        elif name in SKIPPED_MACROS or name.startswith("tasks-report"):
            self.importer.note(f"dropped a {name!r} macro: it shows wiki content the site builds its own way")
        elif name not in ("jira", "status"):
            body = tag.find("ac:rich-text-body")
            if body is not None:
                self.flush()
                self.children(body)
                self.flush()
            elif name not in CONTAINER_MACROS:
                self.importer.note(f"dropped a {name!r} macro, which has no text to import")

    def code_macro(self, tag: Tag, language: str) -> None:
        body = tag.find("ac:plain-text-body")
        text = body.get_text() if body is not None else ""
        if not text.strip():
            return
        reason = secret_reason(text)
        if reason:  # kept as a paragraph is: every line but the secrets' values
            for kind in secret_kinds(text) or [reason]:
                self.importer.drop(kind, "a code block")
            text = redact_secrets(text)
            if secret_reason(text):
                return
        self.flush()
        self.pieces.append(Verbatim(md.code_block(text, lexable(text, language))))


def _handlers() -> dict[str, Callable[[BodyReader, Tag], None]]:
    table: dict[str, Callable[[BodyReader, Tag], None]] = {}
    for names, handler in (
        (("ul", "ol"), BodyReader.list_),
        (("li",), BodyReader.item),
        (("p", "div", "blockquote", "pre", "section", "ac:rich-text-body", "ac:layout-cell"), BodyReader.block),
        (("h1", "h2", "h3", "h4", "h5", "h6"), BodyReader.heading),
        (("br",), BodyReader.line_break),
        (("hr",), BodyReader.rule),
        (("input",), BodyReader.checkbox),
        (("ac:task-list",), BodyReader.task_list),
        (("table",), BodyReader.table),
        (("dt",), BodyReader.term),
        (("dd",), BodyReader.definition),
        (("time",), BodyReader.time),
        (("ri:user", "ac:link"), BodyReader.link),
        (("ac:structured-macro", "ac:macro"), BodyReader.macro),
        (("ac:adf-extension",), BodyReader.adf),
        (("em", "i", "cite"), BodyReader.emphasis),
        (("strong", "b"), BodyReader.strong),
        (("code", "tt", "kbd"), BodyReader.code),
        (("a",), BodyReader.anchor),
        (("img", "ac:image"), BodyReader.image),
        (
            (
                "ac:placeholder", "ac:emoticon", "ac:parameter", "script", "style", "ac:task-id",
                "ac:task-uuid", "colgroup", "col",
            ),
            BodyReader.skip,
        ),
    ):  # fmt: skip
        table.update(dict.fromkeys(names, handler))
    return table


HANDLERS = _handlers()
"""Element name -> how the body reader reads it; any other element is read for its children."""
