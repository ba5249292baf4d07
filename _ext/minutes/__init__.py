"""minutes: meeting minutes as a Sphinx site.

Data flows one way: directive -> record -> domain -> checks -> listings, pages, exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .checks import setup_checks
from .config import setup_config
from .directives import setup_directives
from .domain import setup_domain
from .exports import setup_exports
from .freshness import setup_freshness
from .listings import setup_listings
from .nodes import setup_nodes
from .pages import setup_pages
from .reader import setup_reader
from .roles import setup_roles
from .safety import setup_safety
from .search import setup_search
from .source import setup_source
from .theme import STATIC, setup_theme
from .toctree import setup_toctree

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


# In <head>, before the body is parsed: tells minutes-tables.css that minutes-tables.js
# will page the action tables, so the browser never lays out rows beyond the first page of
# a long task report. Not through add_js_file: themes such as technote put scripts at the
# end of the body, after every row is laid out. Without JavaScript every row shows; should
# the script not load, every row shows once the page has loaded.
SCRIPTING = (
    '<script>document.documentElement.classList.add("minutes-js");'
    'addEventListener("load",function(){document.documentElement.classList.add("minutes-tables-ready")});'
    "</script>"
)


def add_assets(app: Sphinx) -> None:
    """Link the extension's stylesheet and scripts from every HTML page.

    ``theme.add_static_paths`` has Sphinx copy them into ``_static/`` before it writes a page.
    """
    if app.builder.format == "html":
        for asset in sorted(STATIC.iterdir()):
            if asset.suffix == ".css":
                app.add_css_file(asset.name)
            elif asset.suffix == ".js":
                app.add_js_file(asset.name, loading_method="defer")


def mark_scripting(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """Put SCRIPTING in the page's <head>, where every theme renders ``metatags``."""
    context["metatags"] = context.get("metatags", "") + SCRIPTING


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    setup_checks(app)
    setup_safety(app)
    setup_nodes(app)
    setup_domain(app)
    setup_freshness(app)
    setup_directives(app)
    setup_roles(app)
    setup_listings(app)
    setup_pages(app)
    setup_exports(app)
    setup_source(app)
    setup_reader(app)
    setup_search(app)
    setup_theme(app)
    setup_toctree(app)
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", mark_scripting)
    return {
        "version": __version__,
        "env_version": 3,  # 2: actions and decisions carry a second id for search; 3: typed domain storage
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
