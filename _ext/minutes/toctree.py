"""A new series is no problem: its page's glob of meetings may match nothing yet.

A series' page (``minutes/<series>/index.md``, FORMAT.md) lists its meetings with a hidden glob
toctree (``[0-9]*``, any dated file name). Until the series' first meeting the glob matches nothing, and Sphinx warns,
so a site started by ``minutes init`` (or a series by ``minutes new``) would fail its strict
build before anyone took a note. On a series' page only, a glob that matches no document is
left out of the toctree instead; the page's meeting list says "No meetings yet", and the page
is still read again when a meeting is added (Sphinx re-reads every page with a glob toctree).
Everywhere else, and for any other entry, Sphinx's toctree is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils.statemachine import StringList
from sphinx.directives.other import TocTree, glob_re
from sphinx.util import docname_join
from sphinx.util.matching import patfilter

from .model import SERIES_PATTERN

if TYPE_CHECKING:
    from sphinx import addnodes
    from sphinx.application import Sphinx


def is_series_page(docname: str) -> bool:
    """``minutes/<series>/index``, for a series named as the build names one."""
    parts = docname.split("/")
    return len(parts) == 3 and parts[0] == "minutes" and parts[2] == "index" and bool(SERIES_PATTERN.match(parts[1]))


class Toctree(TocTree):
    """Sphinx's toctree, but on a series' page a glob that matches no meeting yet is dropped."""

    content: StringList

    def parse_content(self, toctree: addnodes.toctree) -> None:
        docname = self.env.current_document.docname
        if "glob" in self.options and is_series_page(docname):
            others = sorted(self.env.found_docs - {docname})
            kept = [
                (line, source, offset)
                for (source, offset), line in zip(self.content.items, self.content, strict=True)
                if not (glob_re.match(line) and not patfilter(others, docname_join(docname, line.strip())))
            ]
            self.content = StringList([line for line, _, _ in kept], items=[(s, o) for _, s, o in kept])
        super().parse_content(toctree)


def setup_toctree(app: Sphinx) -> None:
    app.add_directive("toctree", Toctree, override=True)
