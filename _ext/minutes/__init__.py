"""minutes: meeting minutes as a Sphinx site.

Data flows one way: directive -> record -> domain -> checks -> listings, pages, exports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import setup_config
from .directives import setup_directives
from .domain import setup_domain
from .listings import setup_listings
from .nodes import setup_nodes
from .roles import setup_roles

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def add_assets(app: Sphinx) -> None:
    """The extension's stylesheet, for HTML builders only."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("minutes.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    setup_nodes(app)
    setup_domain(app)
    setup_directives(app)
    setup_roles(app)
    setup_listings(app)
    app.connect("builder-inited", add_assets)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
