"""A tiny minutes site for the checks (tests/test_checks.py): one series, one meeting whose
action id the bad pages laid over it collide with, the task report."""

project = "Checks"
extensions = ["myst_parser", "minutes"]
myst_enable_extensions = ["colon_fence", "deflist"]
minutes_people = "people.yaml"
minutes_timezone = "America/Los_Angeles"
minutes_today = "2022-08-01"
html_theme = "basic"
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []
