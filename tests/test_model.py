"""The domain model and the people registry, without Sphinx."""

import datetime as dt

from minutes.model import (
    Action,
    ActionUpdate,
    Origin,
    Status,
    action_state,
    default_action_id,
    meeting_stem,
    parse_date,
    series_of,
    split_people,
)
from minutes.people import load_people, registry_from_data


def action(**kw):
    base = dict(
        id="camera-schedule",
        description="Look up",
        owners=("kbechtol",),
        origin=Origin("minutes/dm-sst/2022-06-06", 10),
        series="dm-sst",
        meeting_date=dt.date(2022, 6, 6),
        due=dt.date(2022, 7, 18),
    )
    return Action(**(base | kw))


def update(date, **kw):
    return ActionUpdate(
        action_id="camera-schedule",
        origin=Origin(f"minutes/dm-sst/{date}", 5),
        meeting_date=dt.date.fromisoformat(date),
        **kw,
    )


def test_latest_update_by_meeting_date_wins_whatever_the_order_given():
    later = update("2022-07-18", status=Status.DONE)
    earlier = update("2022-06-13", status=Status.DROPPED, due=dt.date(2022, 8, 1), owners=("ebellm",))
    state = action_state(action(), [later, earlier])
    assert state.status is Status.DONE
    assert state.due == dt.date(2022, 8, 1)
    assert state.owners == ("ebellm",)
    assert [u.meeting_date for u in state.history] == [dt.date(2022, 6, 13), dt.date(2022, 7, 18)]
    assert state.closed_on == dt.date(2022, 7, 18)


def test_updates_of_other_actions_are_ignored():
    other = ActionUpdate(action_id="other", origin=Origin("x"), status=Status.DONE)
    assert action_state(action(), [other]).status is Status.OPEN


def test_overdue_only_when_open_and_past_due():
    state = action_state(action())
    assert state.is_overdue(dt.date(2022, 7, 19))
    assert not state.is_overdue(dt.date(2022, 7, 18))
    assert not action_state(action(status=Status.DONE)).is_overdue(dt.date(2023, 1, 1))
    assert not action_state(action(due=None)).is_overdue(dt.date(2023, 1, 1))


def test_dates_must_be_real_iso_dates():
    assert parse_date("2022-07-18") == dt.date(2022, 7, 18)
    assert parse_date("2024-02-30") is None
    assert parse_date("next week") is None
    assert parse_date("18 Jul 2022") is None


def test_page_names_give_series_date_and_default_ids():
    assert series_of("minutes/dm-sst/2022-06-06") == "dm-sst"
    assert meeting_stem("minutes/dm-sst/2022-06-06-b") == (dt.date(2022, 6, 6), "2022-06-06-b")
    assert meeting_stem("minutes/dm-sst/index") == (None, "index")
    assert default_action_id("dm-sst", "2022-06-06", 3) == "dm-sst-2022-06-06-3"
    assert split_people("kbechtol, rlupton\n Leanne Guy") == ("kbechtol", "rlupton", "Leanne Guy")


def test_people_resolve_by_id_name_alias_and_suggest_close_ids():
    registry = registry_from_data(
        {
            "jbosch": {"name": "Jim Bosch", "aliases": ["Jim"]},
            "yalsayyad": {"name": "Yusra AlSayyad"},
        }
    )
    assert registry.resolve("jbosch").name == "Jim Bosch"
    assert registry.resolve("jim bosch").id == "jbosch"
    assert registry.resolve("Jim").id == "jbosch"
    assert registry.resolve("Yusra AISayyad") is None
    assert registry.suggest("jbosh") == ["jbosch"]
    assert registry.suggest("Yusra AISayyad")[0] == "yalsayyad"


def test_people_problems_are_reported_not_raised(tmp_path):
    path = tmp_path / "people.yaml"
    assert load_people(path).problems[0][0].startswith("people.yaml is missing")
    path.write_text("- a\n- b\n")
    assert "not be a list" in load_people(path).problems[0][0]
    path.write_text("kb:\n  initials: KB\n")
    registry = load_people(path)
    assert "has no name" in registry.problems[0][0]
    assert registry.resolve("kb") is not None
    path.write_text("kb: [unclosed\n")
    assert "not valid YAML" in load_people(path).problems[0][0]
    path.write_bytes(b"kb:\n  name: \xff\xfe\n")
    assert "cannot be read" in load_people(path).problems[0][0]
