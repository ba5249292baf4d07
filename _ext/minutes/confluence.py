"""Confluence wiki meeting pages -> meeting pages: the page importer's entry points, kept
here for the code that imports them by this name. The importer itself is the package
``minutes.importer`` (reading a page, the body reader, people matching, the page's parts).
"""

from __future__ import annotations

from .importer.matching import PeopleMatcher
from .importer.page import ImportedPage, PageImporter, import_page, stub_pages
from .importer.reading import PageError, read_source
from .importer.tasks import ReportRow
from .importer.text import parse_text_date, plain_key
from .secrets import secret_reason

__all__ = [
    "ImportedPage",
    "PageError",
    "PageImporter",
    "PeopleMatcher",
    "ReportRow",
    "import_page",
    "parse_text_date",
    "plain_key",
    "read_source",
    "secret_reason",
    "stub_pages",
]
