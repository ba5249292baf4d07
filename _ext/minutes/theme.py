"""The multi-page layer over the technote theme.

The technote theme is made for one-page documents: its sidebar holds the page outline only,
every page would carry the home page's title and canonical URL, and its own extension rewrites
``index.html`` after the build. This module gives the templates in ``templates/`` what a
site of many pages needs: the site navigation, the page's own title, scrolling tables, the
series eyebrow above the meeting's title, and the theme's script (Contents button, colours).

The extension brings its own templates (``templates/``), stylesheets and scripts (``static/``)
and Rubin's branding (``branding/rubin/``): a site needs only conf.py and its pages, and its
own ``_templates/`` and ``_static/`` override any of them by name.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader
from sphinx.transforms.post_transforms import SphinxPostTransform

from .pages import PEOPLE_INDEX

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
"""The extension's Jinja templates: the multi-page layer, person pages, tables, scaffolds."""
STATIC = PACKAGE / "static"
"""The extension's stylesheets and scripts, copied into every HTML site's ``_static/``."""
BRANDING = PACKAGE / "branding"
"""Rubin's branding, copied into ``_static/rubin/`` when ``minutes_rubin_branding`` is on."""

MEETING_LINK = re.compile(r"(?:^|/)(?P<stem>\d{4}-\d{2}-\d{2}(?:-[^/#]+)?)\.html(?:#.*)?$")
"""FORMAT.md's ``minutes/<series>/<YYYY-MM-DD>[-suffix]``: a meeting, named by its date."""
SIDEBAR_MEETINGS = 12


def uses_technote(app: Sphinx) -> bool:
    return app.config.html_theme == "technote" and app.builder.format == "html"


class ShapePage(SphinxPostTransform):
    """Places the series eyebrow above the page's title and lets tables scroll on their own.

    The eyebrow is written inside the meeting panel, below the title; a technote shows its
    series above the title, so in HTML it moves to the top of the page. Each table is wrapped
    in a box that scrolls sideways, so a wide table never makes the page scroll on a phone.
    Runs after ``ResolveMinutes`` (880) has built the eyebrow and the tables.
    """

    default_priority = 890
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        eyebrow = next(iter(self.document.findall(self.is_eyebrow)), None)
        section = next((n for n in self.document.children if isinstance(n, nodes.section)), None)
        if eyebrow is not None and section is not None and eyebrow.parent is not self.document:
            eyebrow.parent.remove(eyebrow)
            self.document.insert(self.document.index(section), eyebrow)
        for table in list(self.document.findall(nodes.table)):
            scroll_box(table)

    @staticmethod
    def is_eyebrow(node: nodes.Node) -> bool:
        return isinstance(node, nodes.paragraph) and "minutes-eyebrow" in node["classes"]


def scroll_box(table: nodes.table) -> None:
    """Put a table in a box that scrolls sideways on its own, unless it is in one."""
    parent = table.parent
    if "minutes-table-scroll" not in parent.get("classes", []):
        box = nodes.container(classes=["minutes-table-scroll"])
        parent.replace(table, box)
        box += table


def site_navigation(app: Sphinx, pagename: str) -> str:
    """The site's toctree from the home page, opened along the path to this page.

    Meetings are listed by their date (the file name), since every meeting of a series
    shares one title; a series shows its latest ``SIDEBAR_MEETINGS`` and the current one,
    then a link to all of them, so ten years of minutes do not make every sidebar a
    page long.
    """
    toctree = site_toctree(app, pagename)
    return "" if toctree is None else navigation_html(app, pagename, toctree)


def navigation_html(app: Sphinx, pagename: str, toctree: nodes.Element) -> str:
    """The sidebar's HTML from a page's resolved global toctree."""
    here = f"{pagename.rsplit('/', 1)[-1]}.html"
    for reference in toctree.findall(nodes.reference):
        refuri = reference.get("refuri", "")
        stem = MEETING_LINK.search(here if refuri in ("", "#") else refuri)
        if stem is not None:
            reference["reftitle"] = reference.astext()
            reference.children = [nodes.Text(stem["stem"])]
            reference["classes"].append("minutes-meeting-link")
    for meetings in list(toctree.findall(nodes.bullet_list)):
        shorten_meeting_list(meetings)
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return ""
    return str(builder.render_partial(toctree)["fragment"])


TOCTREES: WeakKeyDictionary[Builder, dict[Any, Any]] = WeakKeyDictionary()
"""Per builder (so per build), the resolved toctrees of series pages that ``site_toctree`` reuses."""


def global_toctree(app: Sphinx, pagename: str) -> nodes.Element | None:
    builder = app.builder
    return global_toctree_for_doc(
        app.env,
        pagename,
        builder,
        tags=builder.tags,
        collapse=True,
        maxdepth=3,
        includehidden=True,
        titles_only=True,
    )


def site_toctree(app: Sphinx, pagename: str) -> nodes.Element | None:
    """Sphinx's global toctree for the page (``global_toctree``), made faster for meetings.

    Sphinx resolves it by copying every entry of the branches it opens, for every page: with
    thousands of meetings in a series that was quadratic and the larger part of a build. The
    pages of one toctree in one folder (a series' meetings) differ only in which is current,
    so a meeting's tree is its series page's, resolved once per build, with the mark moved.
    Any other page is resolved by Sphinx.
    """
    builder = app.builder
    cache = TOCTREES.setdefault(builder, {})
    if None not in cache:
        cache[None] = single_parents(app.env.toctree_includes)
    parent = cache[None].get(pagename)
    if parent is None or posixpath.dirname(parent) != posixpath.dirname(pagename):
        return global_toctree(app, pagename)
    if parent not in cache:
        tree = global_toctree(app, parent)
        refs = list(tree.findall(nodes.reference)) if tree is not None else []
        current = [r for r in refs if r.get("refuri") == "" and "current" in r["classes"]]
        cache[parent] = (tree, {r["refuri"]: r for r in refs if not r.get("anchorname")}, current)
    base, refs_by_uri, parent_refs = cache[parent]
    own = refs_by_uri.get(builder.get_relative_uri(parent, pagename))
    if base is None or own is None or len(parent_refs) != 1:
        return global_toctree(app, pagename)
    tree = copy_opened_at(base, own.parent.parent, cache)
    for reference in tree.findall(nodes.reference):
        if reference.get("refuri") == "" and "current" in reference["classes"]:
            reference["refuri"] = builder.get_relative_uri(pagename, parent)
            reference["classes"].remove("current")
        elif reference.get("refuri") == own["refuri"] and not reference.get("anchorname"):
            reference["refuri"] = ""
            reference["classes"].append("current")
            reference.parent.parent["classes"].append("current")
            reference.parent.parent.parent["classes"].append("current")
    return tree


def copy_opened_at(tree: nodes.Element, item: nodes.list_item, known: dict[Any, Any] | None = None) -> nodes.Element:
    """A copy of ``tree`` in which the list holding ``item``, when it is a long list of
    meetings, keeps only what ``shorten_meeting_list`` will show, so that a page does not copy
    every meeting of its series. ``known`` remembers which lists are lists of meetings."""
    siblings = item.parent
    items = siblings.children
    known = {} if known is None else known
    dated = known.get(("dated", id(siblings)))
    if dated is None:
        dated = known[("dated", id(siblings))] = all(
            isinstance(i, nodes.list_item) and MEETING_LINK.search(i.next_node(nodes.reference).get("refuri", ""))
            for i in items
        )
    if not dated or len(items) <= SIDEBAR_MEETINGS + 1:
        return tree.deepcopy()
    kept = items[:SIDEBAR_MEETINGS] + ([item] if items.index(item) >= SIDEBAR_MEETINGS else [])
    siblings.children = kept
    siblings["minutes_meetings"] = len(items)
    try:
        copy = tree.deepcopy()
    finally:
        siblings.children = items
        del siblings["minutes_meetings"]
    return copy


def single_parents(includes: dict[str, list[str]]) -> dict[str, str]:
    """Pages with no toctree of their own that exactly one toctree entry includes: their parent."""
    seen: dict[str, list[str]] = {}
    for parent, children in includes.items():
        for child in children:
            seen.setdefault(child, []).append(parent)
    return {child: found[0] for child, found in seen.items() if len(found) == 1 and not includes.get(child)}


def shorten_meeting_list(meetings: nodes.bullet_list) -> None:
    """Keep a series' latest meetings and the current one; link the rest through the series."""
    items = [item for item in meetings.children if isinstance(item, nodes.list_item)]
    dated = [item for item in items if "minutes-meeting-link" in item.next_node(nodes.reference)["classes"]]
    total = meetings.get("minutes_meetings", len(dated))  # a list copy_opened_at shortened already
    if total <= SIDEBAR_MEETINGS + 1 or len(dated) != len(items):
        return
    kept = dated[:SIDEBAR_MEETINGS]
    kept += [item for item in dated[SIDEBAR_MEETINGS:] if "current" in item["classes"]]
    meetings.children = []
    meetings.extend(kept)
    series = meetings.parent.next_node(nodes.reference) if isinstance(meetings.parent, nodes.list_item) else None
    if series is not None:
        more = nodes.reference(
            "", f"All {total} meetings", refuri=series["refuri"], internal=True, classes=["minutes-more-meetings"]
        )
        level = [c for c in kept[0]["classes"] if c.startswith("toctree-l")]  # l2 under a series at the top
        meetings += nodes.list_item("", nodes.paragraph("", "", more), classes=level)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Site navigation and the page's outline for the templates (technote theme only)."""
    if not uses_technote(app):
        return
    context["minutes_site_navigation"] = site_navigation(app, pagename)
    context["minutes_generated_page"] = doctree is None
    if app.builder.name != "singlehtml":
        context["minutes_people_index"] = PEOPLE_INDEX
    if "toc" in context:
        context["technote_toc"] = page_outline(context["toc"])
    else:
        context["technote_toc"] = ""  # a page with no outline, such as search


UL_TAG = re.compile(r"<(/?)ul\b[^>]*>")


def page_outline(toc: str) -> str:
    """The page's sections for technote's outline: the first list inside a list item of
    Sphinx's toc, which leaves out the page title it starts with.

    What ``technote.ext.toc`` finds with BeautifulSoup (``li > ul``), cut from Sphinx's HTML
    as it is written: parsing every page again cost more than its sidebar's tree.
    """
    item = toc.find("<li")
    first = UL_TAG.search(toc, item) if item >= 0 else None
    if first is None or first[1]:
        return "<ul></ul>"
    depth = 0
    for tag in UL_TAG.finditer(toc, first.start()):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return toc[first.start() : tag.end()]
    return "<ul></ul>"


def prepare_theme(app: Sphinx) -> None:
    """technote.js: the phone's Contents button, the colour scheme.

    technote's own extension adds the script too, but also rewrites ``index.html`` after the
    build and gives every page the home page's title, which suits one page, not a site.
    """
    if uses_technote(app):
        app.add_js_file("scripts/technote.js", defer="defer")


def pygments_for_both_schemes(app: Sphinx, exception: Exception | None) -> None:
    """Code colours for light and dark, as technote writes them over Sphinx's on each build.

    technote's stylesheet is kept beside the doctrees, by technote and Pygments version, so
    that a rebuild copies it instead of importing technote's extension package (and with it
    BeautifulSoup) and making it again.
    """
    if exception is not None or not uses_technote(app):
        return
    from importlib.metadata import version

    import pygments

    target = Path(app.outdir, "_static", "pygments.css")
    kept = Path(app.doctreedir, f"minutes-pygments-{version('technote')}-{pygments.__version__}.css")
    if not target.is_file():
        return
    if kept.is_file():
        shutil.copyfile(kept, target)
        return
    from technote.ext.pygmentscss import overwrite_pygments_css

    overwrite_pygments_css(app, exception)
    shutil.copyfile(target, kept)


RUBIN = "rubin/"
"""Where Rubin's branding lands, under the site's ``_static/``."""


def add_static_paths(app: Sphinx, config: Config) -> None:
    """Put the extension's static files, and Rubin's branding when asked for, on
    ``html_static_path`` before the site's own, so that a file of the site's ``_static/``
    replaces the extension's of the same name.

    Set while the configuration is read, so that every build sees the same configuration
    (no rewrite of every page), and Sphinx copies the files before it writes the first page:
    pages link them with their checksum (``?v=``), in clean and incremental builds alike.
    """
    ours = [str(STATIC)] + ([str(BRANDING)] if config.minutes_rubin_branding else [])
    config.html_static_path = [*ours, *(p for p in config.html_static_path if p not in ours)]


def add_templates(app: Sphinx) -> None:
    """Put the extension's templates on the template path, after the site's ``_templates/``
    and before the theme's, as ablog does.

    They count as the site's own: ``{% extends "!page.html" %}`` in the extension's
    ``page.html`` reaches the theme's page (a site's own ``page.html`` replaces the
    extension's), and editing one rewrites the pages it shapes.
    """
    templates = getattr(app.builder, "templates", None)
    if not isinstance(templates, BuiltinTemplateLoader):
        return
    at = templates.templatepathlen
    templates.loaders.insert(at, SphinxFileSystemLoader(TEMPLATES))
    # Sphinx types pathchain as its private _StrPath, "not to be constructed outside Sphinx"; a Path acts alike.
    templates.pathchain.insert(at, TEMPLATES)  # type: ignore[arg-type]
    templates.templatepathlen += 1


def apply_branding(app: Sphinx, config: Config) -> None:
    """``minutes_rubin_branding``: Rubin's stylesheet, imagotype and favicon over the theme.

    The files ship with the extension (``branding/rubin/``, with their licences and
    notice), so switching the branding off leaves the plain technote look and nothing of
    Rubin's on the pages.
    """
    if not config.minutes_rubin_branding:
        return
    config.html_css_files = [RUBIN + "rubin-technote.css", *config.html_css_files]
    config.html_theme_options = {
        "light_logo": RUBIN + "rubin-imagotype-color-on-white-crop.svg",
        "dark_logo": RUBIN + "rubin-imagotype-color-on-black-crop.svg",
        "logo_alt_text": "Rubin Observatory",
        **config.html_theme_options,
    }
    if not config.html_favicon:
        config.html_favicon = str(BRANDING / RUBIN / "rubin-favicon.svg")


def setup_theme(app: Sphinx) -> None:
    app.add_config_value(
        "minutes_rubin_branding",
        False,
        "html",
        types=frozenset({bool}),
        description="Rubin's imagotype, fonts and colours (shipped with the extension)",
    )
    app.connect("config-inited", apply_branding)
    app.connect("config-inited", add_static_paths)
    app.connect("builder-inited", add_templates)
    app.add_post_transform(ShapePage)
    app.connect("builder-inited", prepare_theme)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", pygments_for_both_schemes)
