"""Sphinx configuration of the minutes site."""

import os
from pathlib import Path

from technote.factory import Factory

HERE = Path(__file__).parent

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
    "_build",
    "build",
    "dist",
    ".venv",
    "venv",
    "tests",
    "benchmarks",
    "README.md",
    "SECURITY.md",
    "CHANGELOG.md",
    "_ext",
    "_templates",
    ".github",
    ".ci",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "**/.pytest_cache",
    "node_modules",
    "_static",
    "docs",
    "technote.toml",
]
suppress_warnings: list[str] = []

# -- The look: Rubin's technote theme, made multi-page ------------------------------------
# technote.toml holds the site-wide metadata (where the site is published); the theme's pages
# come from the technote package, made multi-page by the minutes extension's own templates.
# A file in _templates/ or _static/ replaces the extension's of the same name. Each is
# optional, so that pages copied beside this conf.py and _ext/ alone still build.
html_theme = "technote"
html_baseurl = ""
if (HERE / "technote.toml").is_file():
    technote_toml = Factory().parse_toml((HERE / "technote.toml").read_text())
    html_baseurl = str(technote_toml.technote.canonical_url or "")
html_title = project
html_static_path = ["_static"] if (HERE / "_static").is_dir() else []
html_theme_options: dict[str, str] = {}
html_last_updated_fmt = None
html_permalinks_icon = "#"
html_domain_indices = False
html_use_index = False

# Rubin branding: the imagotype, Source Sans 3 and Rubin's colours, shipped with the extension
# and served from _static/rubin/. A group that is not Rubin sets this to False and keeps the
# plain technote look.
minutes_rubin_branding = True
