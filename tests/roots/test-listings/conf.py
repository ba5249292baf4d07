"""A tiny minutes site: two series, a few actions, every listing (tests/test_listings.py)."""

project = "Listings"
extensions = ["myst_parser", "minutes"]
myst_enable_extensions = ["colon_fence", "deflist"]
minutes_people = "people.yaml"
minutes_timezone = "UTC"
minutes_today = "2022-08-01"
html_theme = "basic"
exclude_patterns = ["_build"]
