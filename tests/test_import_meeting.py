"""What a wiki meeting page becomes: owners and due dates as Confluence records them,
decisions, updates moved to the meeting they were made in, unassigned tasks; built strictly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build, soup
from minutes.__main__ import main


def page(date: str, body: str, title: str = "DM-SST meeting notes") -> str:
    return json.dumps({"title": f"{date} {title}", "body": {"storage": {"value": body}}})


def user(name: str) -> str:
    return f'<ac:link><ri:user ri:username="{name}"/></ac:link>'


def when(date: str) -> str:
    return f'<time datetime="{date}"/>'


def tasks(*bodies: str, done: bool = False) -> str:
    status = "complete" if done else "incomplete"
    items = "".join(
        f"<ac:task><ac:task-status>{status}</ac:task-status><ac:task-body>{body}</ac:task-body></ac:task>"
        for body in bodies
    )
    return f"<h2>Action items</h2><ac:task-list>{items}</ac:task-list>"


# (task body, owners, due) as Confluence itself records them: its first mention is the
# assignee (with the people named at its start), its first date the due date.
OWNER_CASES = [
    (f"{user('kbechtol')} to look up the schedule {when('2022-07-18')}", ["kbechtol"], "2022-07-18"),
    (f"{when('2022-07-18')} {user('kbechtol')} to look up the schedule", ["kbechtol"], "2022-07-18"),
    (f"Please ask {user('lguy')} about the schedule {when('2022-07-18')}", ["lguy"], "2022-07-18"),
    (
        f"Ask {user('lguy')} and {user('jbosch')} by {when('2022-07-01')} or {when('2022-08-01')}",
        ["lguy"],
        "2022-07-01",
    ),
    (f"{user('lguy')}, {user('erykoff')} to confer on the PST talks", ["lguy", "erykoff"], None),
    (f"Keith Bechtol to ask {user('lguy')} about the schedule", ["lguy", "kbechtol"], None),
    # A name and a date written as text are no assignee and no due date to the wiki: only a
    # mention and a <time> are (the text export, which has neither, reads names and dates).
    ("18 Jul 2022 Keith Bechtol to book the room", [], None),
    ("Tidy the wiki space", [], None),
]


@pytest.fixture
def imported(site_root: Path, tmp_path: Path, capsys) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    first = tmp_path / "first.json"
    first.write_text(
        page(
            "2022-08-01",
            "<h2>Notes</h2><p>Compression discussed.</p>"
            '<ac:structured-macro ac:name="decision"><ac:rich-text-body><p>Compression is the baseline for PVIs'
            "</p></ac:rich-text-body></ac:structured-macro>"
            '<ac:adf-extension><ac:adf-node type="decision-list"><ac:adf-node type="decision-item">'
            "<ac:adf-content>Use the Zoom room</ac:adf-content></ac:adf-node></ac:adf-node>"
            '<ac:adf-fallback><ul class="decision-list"><li>Use the Zoom room</li></ul></ac:adf-fallback>'
            "</ac:adf-extension>"
            "<h2>Decisions</h2><ul><li>Keep the wiki read-only</li></ul>"
            + tasks(*(body for body, _, _ in OWNER_CASES))
            + tasks(
                f"{user('rlupton')} to review the DB inventory {when('2022-08-15')} "
                "<em>Update 2022-08-08: Robert Lupton will handle this in the commissioning context</em> "
                "<em>Update 2023-01-01: no meeting of this date is imported</em>"
            ),
        )
    )
    second = tmp_path / "second.json"
    second.write_text(page("2022-08-08", "<h2>Notes</h2><p>A short meeting.</p>"))
    assert main(["import", "confluence", "--series", "wiki", str(first), str(second)]) == 0
    return site_root, capsys.readouterr().out


def test_owners_and_due_dates_as_the_wiki_records_them(imported: tuple[Path, str], make_app) -> None:
    site, _ = imported
    text = (site / "minutes/wiki/2022-08-01.md").read_text()
    assert ":owner: unassigned" in text
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    html = soup(app, "minutes/wiki/2022-08-01.html")
    actions = html.select("div.minutes-action")
    assert len(actions) == len(OWNER_CASES) + 1
    for action, (_, owners, due) in zip(actions, OWNER_CASES):
        state = action.select_one(".minutes-action-state")
        found = [a["href"].rsplit("/", 1)[-1].removesuffix(".html") for a in state.select("a.minutes-person")]
        shown_due = state.select_one(".minutes-due")
        assert found == owners, action.get_text(" ", strip=True)
        assert (shown_due.get_text(strip=True) if shown_due else None) == due, action.get_text(" ", strip=True)
        if not owners:
            assert "Unassigned" in state.get_text(" ")


def test_decisions_become_decisions(imported: tuple[Path, str], make_app) -> None:
    site, _ = imported
    text = (site / "minutes/wiki/2022-08-01.md").read_text()
    assert text.count(":::{decision}") == 3
    app = build(make_app, site, freshenv=True)
    html = soup(app, "minutes/wiki/2022-08-01.html").get_text(" ")
    for decision in ("Compression is the baseline for PVIs", "Use the Zoom room", "Keep the wiki read-only"):
        assert decision in html
    assert html.count("Use the Zoom room") == 1  # the ADF fallback is not read twice


def test_updates_move_to_the_meeting_of_their_date(imported: tuple[Path, str], make_app) -> None:
    site, _ = imported
    first = (site / "minutes/wiki/2022-08-01.md").read_text()
    second = (site / "minutes/wiki/2022-08-08.md").read_text()
    assert "Update 2022-08-08" not in first and "Update 2023-01-01: no meeting of this date" in first
    assert ":::{action-update} wiki-2022-08-01-9" in second
    assert "Robert Lupton will handle this in the commissioning context" in second
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    history = soup(app, "minutes/wiki/2022-08-01.html").select_one("#wiki-2022-08-01-9").get_text(" ")
    assert "Robert Lupton will handle this" in history
