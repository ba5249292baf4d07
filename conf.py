"""Sphinx configuration of the minutes site."""

import os
import sys
from pathlib import Path

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
    "node_modules", "_static", "docs",
]
suppress_warnings: list[str] = []

html_title = project
html_static_path = ["_static"]
html_last_updated_fmt = None
