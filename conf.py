"""Sphinx configuration of the minutes site."""

import os
import sys
from pathlib import Path

from technote.main import TechnoteSphinxConfig

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "DM-SST meeting minutes"
author = "Rubin Observatory DM System Science Team"
copyright = "2022-2026, Rubin Observatory"

extensions = ["myst_parser", "sphinx_design", "minutes"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# minutes: the people registry, the default time zone, and the date that counts as
# today for overdue marks (set MINUTES_TODAY=YYYY-MM-DD for a reproducible build).
minutes_people = "people.yaml"
minutes_timezone = "America/Los_Angeles"
minutes_today = os.environ.get("MINUTES_TODAY") or None

root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build", ".venv", "venv", "tests", "benchmarks", "README.md", "_ext", "_templates",
    ".github", ".ci", ".pytest_cache", ".hypothesis", ".ruff_cache", "**/.pytest_cache",
    "node_modules", "_static", "docs", "technote.toml",
]
suppress_warnings: list[str] = []

# -- The look: Rubin's technote theme, made multi-page ------------------------------------
# technote.toml holds the site-wide metadata; the theme's pages come from the technote package,
# with the site navigation, titles and search added by _templates/ and the minutes extension.
T = TechnoteSphinxConfig.load()
html_theme = "technote"
html_context = {"technote": T.jinja_context}
html_baseurl = str(T.toml.technote.canonical_url or "")
html_title = project
html_static_path = ["_static"]
html_css_files = ["minutes-site.css"]
html_theme_options: dict[str, str] = {"logo_alt_text": project}
html_last_updated_fmt = None
html_permalinks_icon = "#"
html_domain_indices = False
html_use_index = False

# Rubin branding: the imagotype, Source Sans 3 and Rubin's colours, all served from _static/.
# A group that is not Rubin sets this to False and keeps the plain technote look.
rubin_branding = True
if rubin_branding:
    html_css_files.insert(0, "rubin/rubin-technote.css")
    html_favicon = "_static/rubin/rubin-favicon.svg"
    html_theme_options |= {
        "light_logo": "rubin/rubin-imagotype-color-on-white-crop.svg",
        "dark_logo": "rubin/rubin-imagotype-color-on-black-crop.svg",
        "logo_alt_text": "Rubin Observatory",
    }
