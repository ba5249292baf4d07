"""Every listing is drawn from rows.py: the HTML tables and the tables other builders get show
exactly the rows, cells, classes and data- attributes that rows.listing_rows gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from minutes.domain import minutes_domain
from minutes.rows import ActionGroup, ActionRow, Cell, listing_rows


def text_of(cell: Cell) -> str:
    return "".join(getattr(part, "text", getattr(part, "name", "")) for part in cell)


def shown(app, kind: str, **options) -> list:
    domain = minutes_domain(app.env)
    return listing_rows(kind, options, domain.view, domain.people, app.env.found_docs.__contains__)


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def table_rows(table) -> list[tuple[list[str], dict[str, str], list[str]]]:
    """(classes, data- attributes, cell texts) of each body row."""
    return [
        (
            tr.get("class", []),
            {k.removeprefix("data-"): v for k, v in tr.attrs.items() if k.startswith("data-")},
            [td.get_text() for td in tr.find_all("td")],
        )
        for tr in table.tbody.find_all("tr")
    ]


@pytest.mark.sphinx("html", testroot="listings")
def test_the_html_task_report_shows_exactly_the_rows_of_rows_py(app):
    app.build()
    rows = shown(app, "action-table", status="all")
    assert all(isinstance(r, ActionRow) for r in rows)
    table = page(app, "index.html").find("section", id="all-actions").find("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == list(rows[0].headers())
    assert table_rows(table) == [
        (list(r.classes), dict(r.data), [text_of(c) for c in r.cells()]) for r in rows if isinstance(r, ActionRow)
    ]
    texts = [cells for _, _, cells in table_rows(table)]
    assert ["done Look up the camera schedule", "2022-07-01", "Keith Bechtol", "2022-06-06 DM-SST weekly"] in texts
    assert ["Draft the alert schema note", "2022-07-15 overdue", "Keith Bechtol", "2022-07-12 DMLT monthly"] in texts
    assert "(dm-sst-2022-06-06-2: no description) needs fixing" in [cells[0] for cells in texts]
    overdue = next(r for r in table_rows(table) if r[2][0] == "Draft the alert schema note")
    assert "minutes-overdue" in overdue[0] and overdue[1] == {"status": "open", "due": "2022-07-15"}


@pytest.mark.sphinx("html", testroot="listings")
def test_grouped_tables_meeting_lists_decisions_and_the_overview_follow_rows_py(app):
    app.build()
    html = page(app, "index.html")
    groups = shown(app, "action-table", group_by="owner")
    assert all(isinstance(g, ActionGroup) for g in groups)
    headings = [p.get_text() for p in html.find("section", id="open-actions-by-owner").find_all(class_="minutes-group")]
    assert headings == [text_of(g.heading) for g in groups] == ["Eric Bellm", "Keith Bechtol", "somebody"]
    meetings = html.find("section", id="meetings").find("table")
    assert [cells for _, _, cells in table_rows(meetings)] == [
        [text_of(c) for c in r.cells()] for r in shown(app, "meeting-list")
    ]
    assert [cells for _, _, cells in table_rows(meetings)][1] == ["2022-06-06", "DM-SST weekly", "2 (1 open)", "1"]
    decisions = html.find("section", id="decisions").find("table")
    assert [cells for _, _, cells in table_rows(decisions)] == [["2022-06-06", "Use the LSST cameras", "DM-SST weekly"]]
    count, series = shown(app, "series-overview")
    overview = html.find(class_="minutes-series-overview")
    assert overview.find(class_="minutes-counts").get_text() == "3 open actions, 1 overdue as of 2022-08-01."
    assert [cells for _, _, cells in table_rows(overview.find("table"))] == [
        [text_of(c) for c in r.cells()] for r in series
    ]
    assert overview.find("table").find("a").get("href") == "minutes/dm-sst/index.html"


@pytest.mark.sphinx("text", testroot="listings")
def test_other_builders_get_tables_of_the_same_cells(app):
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    for row in shown(app, "action-table", status="all"):
        for cell in row.cells():
            for word in text_of(cell).split():
                assert word in text
    assert "Task appears on" in text and "Latest meetings" in text


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("index.txt", marks=pytest.mark.sphinx("text", testroot="listings", freshenv=True), id="text"),
        pytest.param(
            "index.html", marks=pytest.mark.sphinx("dirhtml", testroot="listings", freshenv=True), id="dirhtml"
        ),
        pytest.param(
            "index.html", marks=pytest.mark.sphinx("singlehtml", testroot="listings", freshenv=True), id="singlehtml"
        ),
    ],
)
def test_other_builders_show_the_task_report(app, page):
    """HTML builders fill listings as they translate a page; others, in the post-transform."""
    app.build()
    text = (Path(app.outdir) / page).read_text(encoding="utf-8")
    for words in ("Write the storage section", "Draft the alert schema note", "Keith Bechtol", "2022-07-15"):
        assert words in text, words


REFERRING = {
    "minutes/ops/2022-07-04.md": "# Ops\n\n```{meeting}\n:date: 2022-07-04\n:participants: lguy\n```\n\n"
    ":::{action} Draft the charter\n:id: charter\n:owner: jbosch\n:status: done\n:::\n",
    "minutes/ops/2022-07-11.md": "# Ops\n\n```{meeting}\n:date: 2022-07-11\n:participants: lguy\n```\n\n"
    ":::{action} Review **the plan** with {person}`jbosch`, see {action-ref}`charter` and {action-ref}`nothing`\n"
    ":id: review\n:owner: lguy\n:due: 2022-09-01\n:::\n",
    "actions/index.md": "# Open actions\n\n```{action-table}\n```\n",
    "index.md": "# Ops\n\n```{toctree}\n:glob:\nminutes/ops/*\nactions/*\n```\n",
}


def test_an_action_ref_in_a_description_reads_as_the_action_everywhere_it_is_listed(tmp_path, make_app):
    """Red team R36: the page shows the referenced action's description; the task report, the
    person pages, the calendars, the feeds and actions.json showed its bare id."""
    from conftest import build, copy_root

    app = build(make_app, copy_root("ops", tmp_path / "site", pages=REFERRING), freshenv=True)
    out = Path(app.outdir)
    meant = "Review the plan with Jim Bosch, see Draft the charter and nothing"
    row = page(app, "actions/index.html").select_one("tr.minutes-action-row").get_text()
    assert row.strip().startswith(meant)
    assert meant in page(app, "people/lguy.html").get_text(" ")
    review = next(a for a in json.loads((out / "actions.json").read_text())["actions"] if a["id"] == "review")
    assert review["description"] == meant
    assert meant in (out / "people/lguy.atom").read_text()
    calendar = (out / "actions.ics").read_bytes().decode().replace("\r\n ", "").replace("\\,", ",")
    assert f"Due: {meant}" in calendar
    assert "see Draft the charter (done)" in page(app, "minutes/ops/2022-07-11.html").get_text()


MEETING_PAGE_TEXT = (
    "Date\n   Monday 6 June 2022",
    "| Cameras                        | Eric Bellm                     |",
    "Action done Look up the camera schedule",
    'Owner: Keith Bechtol · Due: 2022-07-01 · "camera-schedule"',
    "History\n\n* 2022-07-12: done",
    'Owner: Eric Bellm · Due: 2022-09-01 · "dm-sst-2022-06-06-2"',
)


@pytest.mark.sphinx("text", testroot="listings", freshenv=True)
def test_other_builders_get_the_meeting_page_as_nodes(app):
    """HTML builders get a meeting's panel, agenda and action states written as HTML; a text
    (or LaTeX ...) builder gets them as nodes it writes itself: the same words, in its layout."""
    app.build()
    text = (Path(app.outdir) / "minutes/dm-sst/2022-06-06.txt").read_text(encoding="utf-8")
    for shown_text in MEETING_PAGE_TEXT:
        assert shown_text in text, shown_text
