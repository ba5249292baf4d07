"""What a page may publish: no script from its raw HTML, no file from outside the site.

Pages are MyST, and MyST passes HTML through: ``<script>``, ``<img onerror=...>`` or a
``javascript:`` link written in a page (or pasted into it from an invitation or a wiki) would
run in every reader's browser. ``{include}``, ``{literalinclude}`` and ``{raw}``'s ``:file:``
read any path the build machine can, ``../../../etc/passwd`` too. Both are checked as a page
is read: HTML that could run a script is shown as text, a file from outside the site's folder
is not shown, and each is warned at its line. Harmless HTML (``<br>``, ``<sub>``,
``<details>``, a link to https) is published, written again tag by tag: a browser's tokenizer
and Python's differ (an unfinished tag, ``<!-->``), so what is published is only complete,
allowed tags and escaped text, which both read the same way.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst.directives import tables
from sphinx import addnodes
from sphinx.directives import code
from sphinx.util.matching import Matcher

from .checks import Subtype, source_lines, warn
from .model import is_safe_link
from .nodes import nodes_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SAFE_TAGS = frozenset(
    "a abbr acronym address b bdi bdo big blockquote br caption center cite code col colgroup dd del details "
    "dfn div dl dt em figcaption figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd label li mark ol p pre q rp rt "
    "ruby s samp small span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr "
    "input audio video source track picture map area button nav section article aside header footer main "
    "progress meter".split()
)
"""Tags that cannot run a script by themselves (``input`` for MyST's task-list checkboxes)."""
GLOBAL_ATTRIBUTES = frozenset("class id title lang dir style hidden role tabindex align valign width height".split())
TAG_ATTRIBUTES = {
    "a": {"href", "name", "target", "rel", "hreflang", "download"},
    "img": {"src", "alt", "border", "usemap", "ismap", "loading", "hspace", "vspace"},
    "area": {"href", "alt", "shape", "coords", "target", "rel"},
    "map": {"name"},
    "audio": {"src", "controls", "loop", "muted", "preload", "autoplay"},
    "video": {"src", "controls", "loop", "muted", "preload", "autoplay", "poster", "playsinline"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "ul": {"type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "nowrap", "bgcolor"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "nowrap", "bgcolor"},
    "col": {"span"},
    "colgroup": {"span"},
    "table": {"border", "cellpadding", "cellspacing", "summary", "bgcolor"},
    "font": {"color", "size", "face"},
    "input": {"type", "checked", "disabled", "value", "name"},
    "button": {"type", "disabled", "name", "value"},
    "label": {"for"},
    "progress": {"value", "max"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "bdo": {"dir"},
    "hr": {"size", "noshade"},
}
"""The attributes a tag may keep: none runs a script, loads a page into the site or names a
URL without it being checked (``aria-*`` and ``data-*`` are allowed on every tag too)."""
VOID_TAGS = frozenset("area br col hr img input source track wbr".split())
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "background", "poster", "longdesc"})
RELATIVE = re.compile(r"[^:]*(?:[/?#]|$)")
"""A relative link (no scheme before the first ``/``, ``?`` or ``#``): it stays on the site."""
MARKUP_IN_TEXT = re.compile(r"<[a-zA-Z/!?]")
"""What a browser would read as the start of a tag or comment in text Python left as text (an
unfinished tag, an open quote): it would swallow the page's next markup."""


class _Fragment(HTMLParser):
    """A fragment of raw HTML read token by token and written again: allowed, complete tags
    with allowed attributes, escaped; text escaped; comments left out. A browser then sees
    exactly the tags written here, however it would have read the author's text (its
    tokenizer and Python's differ on unfinished tags and comments such as ``<!-->``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # text as written, to tell "<" from "&lt;"
        self.problems: list[str] = []
        self.out: list[str] = []
        self.raw: list[str] = []
        self.text: list[str] = []

    def _flush(self) -> None:
        if MARKUP_IN_TEXT.search("".join(self.raw)):
            self.problems.append("a tag that is not finished (an open quote or a missing >)")
        self.out.append(html.escape("".join(self.text), quote=False))
        self.raw, self.text = [], []

    def handle_data(self, data: str) -> None:
        self.raw.append(data)
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.raw.append("&")
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.raw.append("&")
        self.text.append(html.unescape(f"&#{name};"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
            return
        written = []
        for name, value in _first(attrs):
            problem = _attribute_problem(tag, name, value)
            if problem:
                self.problems.append(problem)
            else:
                written.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{' '.join([tag, *written])}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        elif tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self._flush()
        if data.startswith((">", "->")) or "--!>" in data:
            self.problems.append("a comment that browsers end early")

    def handle_decl(self, data: str) -> None:  # <!DOCTYPE ...>, <?...>, <![CDATA[...]]>: left out
        self._flush()

    def handle_pi(self, data: str) -> None:
        self._flush()

    def unknown_decl(self, data: str) -> None:
        self._flush()

    def close(self) -> None:
        super().close()
        self._flush()


def _first(attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Each attribute once, its first value (as a browser keeps it)."""
    seen: dict[str, str | None] = {}
    for name, value in attrs:
        seen.setdefault(name, value)
    return list(seen.items())


def _attribute_problem(tag: str, name: str, value: str | None) -> str:
    """Why an attribute may not be written; "" when it may."""
    if name.startswith("on") or name in ("srcdoc", "formaction", "xlink:href"):
        return f"the {name} attribute"
    if not (
        name in GLOBAL_ATTRIBUTES
        or name in TAG_ATTRIBUTES.get(tag, ())
        or re.fullmatch(r"(aria|data)-[a-z0-9-]+", name)
    ):
        return f"the {name} attribute of <{tag}>"
    if name in URL_ATTRIBUTES and value is not None and not _safe_url(value):
        return f"a {re.split(r'[:/]', _squeeze(value))[0]}: link"
    if name == "style" and value and re.search(r"expression|url\s*\(|@import|behavior|-moz-binding", value, re.I):
        return "a style that loads or runs something"
    return ""


def _squeeze(url: str) -> str:
    """A URL as a browser reads its scheme: without whitespace and control characters."""
    return re.sub(r"[\x00-\x20\x7f-\x9f]+", "", url)


def _safe_url(url: str) -> bool:
    squeezed = _squeeze(url)
    return is_safe_link(squeezed) or RELATIVE.match(squeezed) is not None


UNSAFE_ANYWHERE = re.compile(
    r"<\s*/?\s*(script|style|iframe|frame|frameset|object|embed|applet|svg|math|link|meta|base|form|template"
    r"|noscript|xmp|plaintext|textarea|title)\b|<[^>]*[\s/\"']on[a-z]+\s*=",
    re.IGNORECASE,
)
"""Looked for in the whole fragment too, comments and all, so that the author hears of it."""


def clean_html(fragment: str) -> tuple[str, list[str]]:
    """A piece of raw HTML written again as a browser will read it, and what in it could run a
    script or load something unsafe ([] when nothing: then the first is what to publish)."""
    parser = _Fragment()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # a malformed declaration
        parser.problems.append("HTML that cannot be read")
    match = UNSAFE_ANYWHERE.search(fragment)
    if match and not parser.problems:
        parser.problems.append(f"<{match[1].lower()}>" if match[1] else "an event handler attribute")
    return "".join(parser.out), list(dict.fromkeys(parser.problems))


def html_problems(fragment: str) -> list[str]:
    """What in a piece of raw HTML could run a script or load something unsafe; [] when none."""
    return clean_html(fragment)[1]


def outside(srcdir: str | Path, path: str | Path) -> bool:
    """Whether ``path`` is outside the site's folder ``srcdir`` (symbolic links followed)."""
    try:
        Path(path).resolve().relative_to(Path(srcdir).resolve())
    except ValueError:
        return True
    return False


def not_read(env: BuildEnvironment, path: str | Path) -> str:
    """Why a page may not read or publish the file ``path``; "" when it may. Only the site's
    own files: not one outside its folder, nor one in a hidden folder (``.git/config`` holds
    the CI job's token, ``.venv/`` the build's code), nor one the site leaves out
    (``exclude_patterns``: ``_build/``, ``tests/``), files it publishes anyway (``_static/``)
    excepted."""
    if outside(env.srcdir, path):
        return "outside the site's folder"
    relative = Path(path).resolve().relative_to(Path(env.srcdir).resolve())
    folders = [part for part in relative.parts[:-1] if part.startswith(".")]
    if folders or relative.name.startswith("."):
        return f"in {(folders or [relative.name])[0]!r}, hidden and not part of the site"
    published = [*env.config.html_static_path, *env.config.html_extra_path]
    matcher = Matcher([*env.config.exclude_patterns, *env.config.templates_path])
    prefixes = ["/".join(relative.parts[: i + 1]) for i in range(len(relative.parts))]
    if any(prefix in published for prefix in prefixes):
        return ""
    excluded = next((prefix for prefix in prefixes if matcher(prefix)), "")
    return f"in {excluded!r}, which the site leaves out (exclude_patterns)" if excluded else ""


def refuse_outside_include(app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]) -> None:
    """``{include}`` of a file outside the site: nothing of it reaches the page."""
    path = Path(app.srcdir, relative_path)
    reason = not_read(app.env, path)
    if reason:
        lines = source_lines(app.env)
        line = next((i for i, text in enumerate(lines, 1) if "{include}" in text and path.name in text), 0)
        warn(
            f"{{include}} of {str(relative_path)!r}, which is {reason}: it is not shown; "
            "copy what the page needs into the site",
            Subtype.UNSAFE_LINK,
            (app.env.docname, line),
        )
        content[0] = ""


LINK_SCHEMES = ("http", "https", "mailto", "ftp", "tel")
"""Schemes a link written in a page may have (MyST's defaults, and tel:); ``javascript:``
runs a script, ``file:`` and ``data:`` show what the site did not mean to."""


def unsafe_scheme(target: str) -> str:
    """The scheme of a link target a page may not link to (``javascript``, ``file``, ``data``);
    "" for a safe or relative target."""
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", _squeeze(target), re.IGNORECASE)
    return scheme[1] if scheme and scheme[1].lower() not in LINK_SCHEMES else ""


def _warn_link(docname: str, scheme: str, node: nodes.Node) -> None:
    warn(
        f"a link to {scheme}: is not published as a link (it could run a script or show a file of "
        "the reader's machine); link to http, https or mailto",
        Subtype.UNSAFE_LINK,
        (docname, node.line or (node.parent.line if node.parent is not None else 0) or 0),
    )


def check_links(app: Sphinx, doctree: nodes.document) -> None:
    """A link whose target runs a script or leaves the web (``javascript:``, ``file:``): written
    with reStructuredText in ``{eval-rst}`` (bare ``javascript:`` URIs too), with sphinx-design's
    ``:link:``, as a ``{download}``, an image or a ``{toctree}`` entry (Sphinx takes any
    ``x://`` as a web address), which MyST's own link check does not see. The text stays,
    unlinked, and is warned. Runs before Sphinx's collectors (priority 500)."""
    docname = app.env.docname
    found = nodes_of(doctree, (nodes.reference, addnodes.download_reference, nodes.image, addnodes.toctree))
    # One walk for the three kinds: unlinking a reference keeps its children (an image in a
    # link) in the page, in their places, so the images and toctrees found are still the page's.
    for node in [n for n in found if isinstance(n, (nodes.reference, addnodes.download_reference))]:
        scheme = unsafe_scheme(str(node.get("refuri") or node.get("reftarget") or ""))
        if scheme:
            _warn_link(docname, scheme, node)
            node.replace_self(nodes.inline(node.rawsource, "", *node.children))
    for node in [n for n in found if isinstance(n, nodes.image)]:
        scheme = unsafe_scheme(str(node.get("uri") or ""))
        if scheme:
            _warn_link(docname, scheme, node)
            text = str(node.get("alt") or "an image")
            inline = isinstance(node.parent, nodes.TextElement)
            node.replace_self(nodes.inline(text, text) if inline else nodes.paragraph(text, text))
    for toctree in [n for n in found if isinstance(n, addnodes.toctree)]:
        for title, ref in list(toctree["entries"]):
            scheme = unsafe_scheme(str(ref or ""))
            if scheme:
                _warn_link(docname, scheme, toctree)
                toctree["entries"].remove((title, ref))
                text = title or ref
                wrapper = toctree.parent if isinstance(toctree.parent, nodes.compound) else toctree
                wrapper.parent.insert(wrapper.parent.index(wrapper) + 1, nodes.paragraph(text, text))


IMAGE_KINDS = frozenset("png jpg jpeg gif webp avif bmp ico".split())
"""Images a page may show: a browser runs no script in them (an SVG is a document that can)."""
DOWNLOAD_KINDS = IMAGE_KINDS | frozenset(
    "pdf ppt pptx key odp doc docx odt xls xlsx ods zip tar gz tgz bz2 xz 7z txt csv tsv md rst json yaml yml "
    "ipynb py ics mp4 webm mov mp3 m4a ogg wav fits".split()
)
"""Files a page may offer with ``{download}``: none is a document a browser runs scripts of in
the site's origin when a reader opens it (SVG, HTML, XHTML, XML, MHT ...); the importer's
SAFE_FILES is narrower still (a wiki editor is not a committer)."""


def unsafe_kind(node: nodes.Node, path: str | Path) -> str:
    """The file name ending of an image or a download a page may not publish; "" when it may.
    An image ``plot.*`` is each file Sphinx could pick for it."""
    kinds = IMAGE_KINDS if isinstance(node, nodes.image) else DOWNLOAD_KINDS
    candidates = sorted(Path(path).parent.glob(Path(path).name)) if str(path).endswith(".*") else [Path(path)]
    for candidate in candidates:
        kind = candidate.suffix.lstrip(".").lower() or "no-ending"
        if kind not in kinds:
            return kind
    return ""


def _kind(kind: str) -> str:
    return "a file without a name ending" if kind == "no-ending" else f"a .{kind} file"


FILE_NODES = (nodes.image, addnodes.download_reference)
"""What ``check_page`` and ``withhold_secret_files`` look at first: files the page shows or offers."""
VERBATIM_NODES = (nodes.raw, nodes.literal_block)


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    """Raw HTML that could run a script becomes text; a file read from outside the site by
    ``{literalinclude}`` or ``{raw}``'s ``:file:`` is replaced by a note, and so is an image or
    a ``{download}`` of one (Sphinx would copy it into the site). Each is warned. Runs before
    Sphinx's image and download collectors (priority 500)."""
    found = nodes_of(doctree, (*FILE_NODES, *VERBATIM_NODES))
    files = [n for n in found if isinstance(n, FILE_NODES)]
    replaced = check_files(app, files)
    # a note that replaced a file's node took what was in it out of the page: walk again then
    verbatim = nodes_of(doctree, VERBATIM_NODES) if replaced else [n for n in found if isinstance(n, VERBATIM_NODES)]
    check_verbatim(app, verbatim)


def check_files(app: Sphinx, found: list[nodes.Node]) -> bool:
    """``check_page`` for images and downloads: whether one was replaced by a note."""
    docname, replaced = app.env.docname, False
    for node in found:
        target = str(node.get("uri") if isinstance(node, nodes.image) else node.get("reftarget") or "")
        if not target or "://" in target or unsafe_scheme(target) or target.startswith("data:"):
            continue  # a web address, or a link check_links refuses
        _relative, path = app.env.relfn2path(target, docname)
        reason, unsafe = not_read(app.env, path), unsafe_kind(node, path)
        if reason or unsafe:
            warn(
                f"{target!r} is {reason}: it is not published; copy it into the site"
                if reason
                else f"{target!r} is {_kind(unsafe)}, a kind a browser may run a script in, in the site's own "
                "origin: it is not published; export it as PNG or PDF, or put it in a zip file",
                Subtype.UNSAFE_LINK,
                (docname, node.line or node.parent.line or 0),
            )
            shown = node.get("alt") or node.astext() or Path(target).name
            note = f"({shown}: {'a file from outside the site' if reason else _kind(unsafe)}, not shown)"
            node.replace_self(
                nodes.inline(note, note) if isinstance(node.parent, nodes.TextElement) else nodes.paragraph(note, note)
            )
            replaced = True
    return replaced


def check_verbatim(app: Sphinx, found: list[nodes.Node]) -> None:
    """``check_page`` for raw HTML and literal blocks: a file from outside the site, a script."""
    docname = app.env.docname
    for node in found:
        source = node.get("source")
        remote = source and "://" in str(source)
        if (
            source
            and Path(str(source)) != Path(app.env.doc2path(docname))
            and (remote or not_read(app.env, str(source)))
        ):
            where = "a URL" if remote else not_read(app.env, str(source))
            warn(
                f"{Path(str(source)).name!r} is read from {where} ({source}): it is not "
                "shown; copy what the page needs into the site",
                Subtype.UNSAFE_LINK,
                (docname, node.line or 0),
            )
            node.replace_self(nodes.paragraph("", "(a file from outside the site, not shown)"))
            continue
        if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
            written, problems = clean_html(node.astext())
            if not problems:
                node.replace_self(nodes.raw(node.rawsource, written, format="html"))
            else:
                warn(
                    f"this HTML holds {', '.join(problems)}, which could run a script in a reader's browser; "
                    "it is shown as text: write it in Markdown, and link only to http, https or mailto",
                    Subtype.UNSAFE_LINK,
                    (docname, node.line or 0),
                )
                text = node.astext()
                inline = isinstance(node.parent, nodes.TextElement)
                node.replace_self(
                    nodes.literal(text, text) if inline else nodes.literal_block(text, text, language="html")
                )


class CSVTable(tables.CSVTable):
    """``{csv-table}`` that reads no file from outside the site and nothing from a ``:url:``
    (``file:///etc/passwd`` is a URL too): its data would land in the page's cells."""

    def run(self) -> list[nodes.Node]:
        given = self.options.get("url") or self.options.get("file")
        if given:
            source = self.state.document.current_source or ""
            path = Path(os.path.dirname(os.path.abspath(source)), given)
            env = self.state.document.settings.env
            reason = "a URL" if "url" in self.options else not_read(env, path)
            if reason:
                warn(
                    f"csv-table reads {given!r}, which is {reason}"
                    ": it is not shown; copy the data into the site and name it with :file:",
                    Subtype.UNSAFE_LINK,
                    (self.state.document.settings.env.docname, self.lineno),
                )
                return [nodes.paragraph("", "(a table from outside the site, not shown)")]
        return super().run()


class LiteralInclude(code.LiteralInclude):
    """``{literalinclude}`` that reads neither its file nor its ``:diff:`` file from outside
    the site's own files (the diff's lines land in the page as they are)."""

    def run(self) -> list[nodes.Node]:
        for given in (self.arguments[0], self.options.get("diff")):
            if not given:
                continue
            _relative, path = self.env.relfn2path(given)
            reason = not_read(self.env, path)
            if reason:
                warn(
                    f"literalinclude reads {given!r}, which is {reason}: it is not shown; copy what the page "
                    "needs into the site",
                    Subtype.UNSAFE_LINK,
                    (self.env.docname, self.lineno),
                )
                return [nodes.paragraph("", "(a file from outside the site, not shown)")]
        if self.options.get("diff"):
            # Sphinx records the shown file only: as a dependency the diff's file is checked
            # for secrets as the page's other read files are, and an edit to it rebuilds the page.
            self.env.note_dependency(self.env.relfn2path(self.options["diff"])[0])
        return super().run()


def setup_safety(app: Sphinx) -> None:
    app.connect("include-read", refuse_outside_include, priority=300)  # before anything reads it
    app.connect("doctree-read", check_page, priority=400)
    app.connect("doctree-read", check_links, priority=400)
    app.add_directive("csv-table", CSVTable, override=True)
    app.add_directive("literalinclude", LiteralInclude, override=True)
