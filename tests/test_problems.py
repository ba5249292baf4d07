"""Cross-page checks (checks.site_problems) on plain records, without Sphinx."""

import datetime as dt
from dataclasses import replace

from test_view import TODAY, site

from minutes.checks import Problem, Subtype, site_problems
from minutes.model import ActionUpdate, Listing, Origin
from minutes.view import MinutesView


def problems(view: MinutesView, listings=None) -> list[Problem]:
    return sorted(
        site_problems(
            view.records,
            view,
            listings or {},
            id_place=lambda r: f"{r.origin.docname}.md:{r.origin.lineno}",
            id_line=lambda r: r.origin.lineno,
            series_pages={"new-series"},
        )
    )


def test_a_duplicate_id_is_warned_at_each_place_naming_the_other():
    found = problems(site())
    duplicates = [p for p in found if p.subtype is Subtype.DUPLICATE_ID]
    assert [p.location for p in duplicates] == [("minutes/dm-sst/2022-06-06", 10), ("minutes/dmlt/2022-07-12", 10)]
    assert "the action at minutes/dmlt/2022-07-12.md:10 has it too" in duplicates[0].message
    assert "give one of them another :id:" in duplicates[1].message


def test_updates_of_unknown_actions_and_updates_before_the_action():
    view = site()
    updates = {
        "minutes/dm-sst/2022-06-06": [
            ActionUpdate("camra", Origin("minutes/dm-sst/2022-06-06", 50), dt.date(2022, 6, 6)),
            ActionUpdate("undated", Origin("minutes/dm-sst/2022-06-06", 60), dt.date(2022, 6, 6)),
        ]
    }
    view = MinutesView.from_records(replace(view.records, updates=updates), TODAY, view.series_titles)
    found = [p for p in problems(view) if p.subtype is not Subtype.DUPLICATE_ID]
    assert [(p.location[1], p.subtype) for p in found] == [
        (50, Subtype.UNKNOWN_ACTION),
        (60, Subtype.UPDATE_BEFORE_ACTION),
    ]
    assert "did you mean 'camera'?" in found[0].message
    assert "dated 2022-06-06, before the action's meeting of 2022-07-12" in found[1].message


def test_a_listing_of_an_unknown_series_names_the_closest_one():
    listings = {
        "index": [
            Listing("meeting-list", (("series", "dm-ss"),), 7),
            Listing("decision-log", (("series", "new-series"),), 9),
        ]
    }
    found = [p for p in problems(site(), listings) if p.subtype is not Subtype.DUPLICATE_ID]
    assert found == [
        Problem(
            ("index", 7),
            "meeting-list lists series 'dm-ss', which no meeting belongs to; did you mean 'dm-sst'?",
            Subtype.UNKNOWN_SERIES,
        )
    ]
