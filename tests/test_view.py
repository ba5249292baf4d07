"""The resolved view of a site, built from plain records without Sphinx."""

import datetime as dt

from minutes.model import Action, ActionUpdate, Decision, Meeting, Origin, Status, Topic
from minutes.view import MinutesView, SiteRecords

TODAY = dt.date(2022, 8, 1)


def meeting(series: str, date: str) -> Meeting:
    return Meeting(
        docname=f"minutes/{series}/{date}",
        title=f"{series} meeting",
        series=series,
        date=dt.date.fromisoformat(date),
        participants=("kbechtol",),
    )


def action(id: str, docname: str, owners=("kbechtol",), due: str | None = None, line: int = 10) -> Action:
    series, date = docname.split("/")[1:]
    return Action(
        id=id,
        description=f"do {id}",
        owners=owners,
        origin=Origin(docname, line),
        series=series,
        meeting_date=dt.date.fromisoformat(date),
        due=dt.date.fromisoformat(due) if due else None,
    )


def site() -> MinutesView:
    first, second, other = "minutes/dm-sst/2022-06-06", "minutes/dm-sst/2022-07-18", "minutes/dmlt/2022-07-12"
    records = SiteRecords(
        meetings={d: meeting(d.split("/")[1], d.split("/")[2]) for d in (first, second, other)},
        topics={first: [Topic("Cameras", "cameras", Origin(first, 5), lead=("ebellm",))]},
        actions={
            first: [
                action("camera", first, due="2022-07-01"),
                action("later", first, owners=("ebellm",), due="2022-09-01", line=20),
            ],
            other: [action("camera", other, owners=("jbosch",)), action("undated", other, owners=("jbosch",), line=30)],
        },
        updates={second: [ActionUpdate("later", Origin(second, 4), dt.date(2022, 7, 18), status=Status.DONE)]},
        decisions={
            first: [Decision("d1", "Use LSST cams", Origin(first, 40), "dm-sst", dt.date(2022, 6, 6), topic="cameras")],
            other: [Decision("d2", "Ship it", Origin(other, 8), "dmlt", dt.date(2022, 7, 12))],
        },
    )
    return MinutesView.from_records(records, TODAY, {"dm-sst": "DM-SST"})


def test_updates_are_applied_and_closed_actions_leave_the_open_list():
    view = site()
    assert view.states["later"].status is Status.DONE
    assert [s.id for s in view.open_actions()] == ["camera", "camera", "undated"]
    assert [s.id for s in view.closed_actions("ebellm")] == ["later"]


def test_open_actions_of_an_owner_by_due_date_and_a_repeated_id_is_kept_not_dropped():
    view = site()
    assert [(s.id, s.action.origin.docname) for s in view.open_actions(owner="jbosch")] == [
        ("camera", "minutes/dmlt/2022-07-12"),
        ("undated", "minutes/dmlt/2022-07-12"),
    ]
    shadowed = view.open_actions(owner="jbosch")[0]
    assert view.is_shadowed(shadowed)
    assert view.states["camera"].action.origin.docname == "minutes/dm-sst/2022-06-06"
    assert view.open_actions(owner="kbechtol")[0].is_overdue(TODAY)


def test_meetings_and_decisions_newest_first_by_series():
    view = site()
    assert [m.docname for m in view.meetings_newest_first("dm-sst")] == [
        "minutes/dm-sst/2022-07-18",
        "minutes/dm-sst/2022-06-06",
    ]
    assert [m.date.isoformat() for m in view.meetings_newest_first()] == ["2022-07-18", "2022-07-12", "2022-06-06"]
    assert [d.id for d in view.decisions_newest_first()] == ["d2", "d1"]
    assert [d.id for d in view.decisions_newest_first("dm-sst")] == ["d1"]


def test_people_queries_and_series_titles():
    view = site()
    assert [(m.docname, roles) for m, roles in view.meetings_with("kbechtol")][0] == (
        "minutes/dm-sst/2022-07-18",
        ("participant",),
    )
    assert [(d.id, t.title) for d, t in view.decisions_led_by("ebellm")] == [("d1", "Cameras")]
    assert view.series_title("dm-sst") == "DM-SST"
    assert view.series_title("dmlt") == "dmlt"
    assert view.open_actions_by_page["minutes/dm-sst/2022-06-06"] == 1
