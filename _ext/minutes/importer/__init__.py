"""Bringing a wiki's meeting pages in: where pages come from (files, space exports, the REST
API), which of them are meetings and of which series, writing them safely, and the report.

Each page's body is read by the page importer (``minutes.confluence.import_page``); this
package decides what it is given and what becomes of its result.
"""
