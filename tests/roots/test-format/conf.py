"""A tiny minutes site for tests/test_format.py: a page in FORMAT.md's other spellings (2022-09-05)
and the action it updates, the task report."""

project = "Format"
extensions = ["myst_parser", "minutes"]
myst_enable_extensions = ["colon_fence", "deflist"]
minutes_people = "people.yaml"
minutes_timezone = "America/Los_Angeles"
minutes_today = "2022-08-01"
html_theme = "basic"
exclude_patterns = ["_build"]
