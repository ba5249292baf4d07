"""What each listing row shows (rows.py), without Sphinx."""

from dataclasses import replace

from test_view import TODAY, site

from minutes.people import registry_from_data
from minutes.rows import (
    OVERDUE,
    ActionGroup,
    Link,
    PersonLink,
    Span,
    Text,
    action_row,
    attended_rows,
    decision_rows,
    led_rows,
    listing_rows,
    meeting_rows,
    names,
    person_links,
    series_rows,
)
from minutes.view import MinutesView

PEOPLE = registry_from_data({"kbechtol": {"name": "Keith Bechtol"}, "ebellm": {"name": "Eric Bellm"}})


def texts(cell) -> str:
    return "".join(getattr(part, "text", getattr(part, "name", "")) for part in cell)


def test_an_overdue_action_row_marks_its_due_date_and_links_its_meeting():
    view = site()
    row = action_row(view.states["camera"], view, PEOPLE)
    description, due, owners, meeting = row.cells()
    assert row.headers() == ("Description", "Due date", "Assignee", "Task appears on")
    assert description == (Link("do camera", "minutes/dm-sst/2022-06-06", "camera"),)
    assert due == (Span("2022-07-01", ("minutes-due",)), Text(" "), OVERDUE)
    assert owners == (PersonLink("kbechtol", "Keith Bechtol", True),)
    assert meeting == (Link("2022-06-06 dm-sst meeting", "minutes/dm-sst/2022-06-06", "camera"),)
    assert row.classes == ("minutes-action-row", "minutes-status-open", "minutes-series-dm-sst", "minutes-overdue")
    assert row.data == (("status", "open"), ("due", "2022-07-01"))


def test_a_closed_action_shows_its_status_and_when_it_closed():
    view = site()
    row = action_row(view.states["later"], view, PEOPLE)
    description, closed, owners, _ = row.cells("closed")
    assert texts(description) == "done do later"
    assert description[0].classes == ("minutes-badge", "minutes-status", "minutes-status-done")
    assert closed == (Text("2022-07-18"),)
    assert row.headers("closed")[1] == "Closed"
    assert row.cells()[1] == (Span("2022-09-01", ("minutes-due",)),)


def test_no_description_unknown_owner_and_a_repeated_id_need_fixing():
    view = site()
    shadowed = view.open_actions(owner="jbosch")[0]
    row = action_row(shadowed, view, PEOPLE)
    assert row.needs_fixing
    assert texts(row.cells()[0]).endswith(" needs fixing")
    assert row.cells()[2] == (PersonLink("jbosch", "jbosch", False),)
    assert row.cells()[1] == ()
    assert row.data == (("status", "open"),)
    blank = replace(view.states["undated"].action, description="", problems=("missing-description",))
    view2 = MinutesView.from_records(
        replace(view.records, actions={"minutes/dmlt/2022-07-12": [blank]}), TODAY, view.series_titles
    )
    row = action_row(view2.states["undated"], view2, PEOPLE)
    assert texts(row.cells()[0]) == "(undated: no description) needs fixing"


def test_meeting_rows_count_actions_and_open_ones_and_person_rows_name_roles():
    view = site()
    rows = meeting_rows(view, "dm-sst")
    assert [texts(c) for c in rows[1].cells()] == ["2022-06-06", "dm-sst meeting", "2 (1 open)", "1"]
    assert [texts(c) for c in rows[0].cells()] == ["2022-07-18", "dm-sst meeting", "", ""]
    assert len(meeting_rows(view, limit=1)) == 1
    assert attended_rows(view, "kbechtol")[0].cells("attended")[2] == (Text("participant"),)


def test_decision_rows_fall_back_and_person_rows_name_the_topic():
    view = site()
    rows = decision_rows(view)
    assert [texts(r.cells()[1]) for r in rows] == ["Ship it", "Use LSST cams"]
    assert rows[1].cells()[2] == (Link("dm-sst meeting", "minutes/dm-sst/2022-06-06"),)
    led = led_rows(view, "ebellm")[0].cells("led")
    assert led[2] == (Link("2022-06-06 dm-sst meeting", "minutes/dm-sst/2022-06-06"), Text(": Cameras"))


def test_series_rows_link_an_index_page_only_where_there_is_one():
    view = site()
    rows = series_rows(view, {"minutes/dm-sst/index"}.__contains__, limit=1)
    assert [r.series for r in rows] == ["dm-sst", "dmlt"]
    assert rows[0].cells()[0] == (Link("DM-SST", "minutes/dm-sst/index"),)
    assert rows[1].cells()[0] == (Text("dmlt"),)
    assert rows[0].cells()[1] == (Link("2022-07-18", "minutes/dm-sst/2022-07-18"),)
    assert (rows[0].open, rows[0].overdue, rows[1].open) == (1, 1, 2)


def test_listing_rows_group_by_owner_with_no_owner_last():
    view = site()
    groups = listing_rows("action-table", {"status": "all", "group_by": "owner"}, view, PEOPLE, lambda d: False)
    assert all(isinstance(g, ActionGroup) for g in groups)
    assert [texts(g.heading) for g in groups] == ["Eric Bellm", "jbosch", "Keith Bechtol"]
    assert listing_rows("action-table", {"overdue": True}, view, PEOPLE, lambda d: False)[0].id == "camera"


def test_an_action_row_as_plain_text_names_its_owners_status_and_meeting_title():
    """What the calendars and feeds show of an action (exports.py writes these, nothing else)."""
    view = site()
    row = action_row(view.states["later"], view, PEOPLE)
    assert (row.owner_names, row.status_label) == ("Eric Bellm", "Done")
    assert (row.meeting, row.meeting_title) == ("2022-06-06 dm-sst meeting", "dm-sst meeting")
    assert action_row(view.open_actions(owner="jbosch")[0], view, PEOPLE).owner_names == "jbosch"
    nobody = action_row(replace(view.states["camera"], owners=()), view, PEOPLE)
    assert (nobody.owner_names, nobody.status_label) == ("Unassigned", "Open")
    assert names(person_links(("kbechtol", "jbosch"), PEOPLE)) == "Keith Bechtol, jbosch"
    assert names((), "nobody") == "nobody"
