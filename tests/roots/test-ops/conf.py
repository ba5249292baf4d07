"""A tiny minutes site with no pages of its own but its index: the tests that write an "ops"
series of their own (test_subtypes.py, test_meeting_time.py) lay their pages over it."""

project = "Ops"
extensions = ["myst_parser", "minutes"]
myst_enable_extensions = ["colon_fence", "deflist"]
minutes_people = "people.yaml"
minutes_timezone = "America/Los_Angeles"
minutes_today = "2022-08-01"
html_theme = "basic"
exclude_patterns = ["_build"]
