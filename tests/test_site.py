"""What a reader sees on the example site: meeting pages, the task report, listings."""

from __future__ import annotations

import pytest

from conftest import build, copy_site, soup, warnings


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_app_module):
    app = build(make_app_module, copy_site(tmp_path_factory.mktemp("example") / "site"), freshenv=True)
    return app


FILTERS = [
    (":owner: jbosch", ["Measure the noise", "Write the user-storage"]),
    (":owner: Jim Bosch\n:series: dm-sst", ["Measure the noise"]),
    (":status: all\n:series: dmlt", ["Prepare a middleware plan", "Write the user-storage"]),
    (":status: done\n:owner: Keith", ["Look up the schedule"]),
    (":overdue:", ["Report on what information", "Measure the noise"]),
]
GROUPED = (
    "# G\n\n```{action-table}\n:status: all\n:group-by: series\n```\n\n```{action-table}\n:group-by: meeting\n```\n"
)


@pytest.fixture(scope="module")
def september(tmp_path_factory, make_app_module):
    """The example site read on 2022-09-01, with a page for each filter below and one of
    grouped tables: one build for the tests of what moves with the date and the listing options."""
    pages = {
        f"filtered-{n}.md": f"# Filtered\n\n```{{action-table}}\n{options}\n```\n"
        for n, (options, _) in enumerate(FILTERS)
    }
    pages["g.md"] = GROUPED
    site = copy_site(tmp_path_factory.mktemp("september") / "site", pages=pages, conf="minutes_today = '2022-09-01'\n")
    return build(make_app_module, site, freshenv=True)


def rows(page, selector="table.minutes-action-table"):
    """The rows a reader sees without JavaScript: an :overdue: listing's actions not overdue on
    the build date wait, hidden, for the reader's date (tests/test_reader_date.py)."""
    table = page.select_one(selector)
    shown = [tr for tr in table.select("tbody tr") if not tr.has_attr("hidden")]
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in shown]


def test_example_site_builds_without_warnings(site):
    assert warnings(site) == ""


def test_task_report_has_the_wiki_columns_and_every_open_action(site):
    page = soup(site, "actions/index.html")
    table = page.select_one("table.minutes-action-table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Description",
        "Due date",
        "Assignee",
        "Task appears on",
    ]
    table_rows = rows(page)
    descriptions = [r[0] for r in table_rows]
    assert descriptions == [
        "Report on what information DES used for its decision on compression",
        "Measure the noise added by lossy compression on HSC PVIs",
        "Prepare a middleware plan for processing two collections in parallel",
        "Collect the list of DP0.3 tutorials and their owners",
        "Raise the AP image-availability gap (between 30 days and the DR) with the PST",
        "Write the user-storage section of the RSP and middleware agreement",
    ]
    # The reassigned action shows its new owner and its moved due date.
    assert table_rows[0][1:3] == ["2022-08-15", "Yusra AlSayyad"]
    assert table_rows[-1][1] == ""


def test_task_appears_on_links_to_the_exact_anchor(site):
    page = soup(site, "actions/index.html")
    row = page.select_one("table.minutes-action-table tbody tr")
    link = row.select("td")[3].select_one("a")
    assert link["href"] == "../minutes/dm-sst/2022-06-06.html#des-compression"
    assert link.get_text() == "2022-06-06 DM-SST vF2F Agenda and Meeting notes"
    target = soup(site, "minutes/dm-sst/2022-06-06.html").select_one("#des-compression")
    assert "Report on what information DES used" in target.get_text()
    owner = row.select("td")[2].select_one("a")
    assert owner["href"] == "../people/yalsayyad.html"


def test_overdue_open_actions_are_marked(site):
    page = soup(site, "index.html")
    assert rows(page) == []  # nothing open is past due on 2022-08-01
    assert page.select_one(".minutes-action-table-wrap .minutes-empty").get_text(strip=True) == "No actions to show."
    page = soup(site, "actions/closed.html")
    assert not page.select("tr.minutes-overdue")


def test_overdue_marks_follow_minutes_today(september):
    app = september
    page = soup(app, "actions/index.html")
    overdue_rows = page.select("table.minutes-action-table")[0].select("tbody tr.minutes-overdue")
    assert [r.select("td")[0].get_text(strip=True) for r in overdue_rows] == [
        "Report on what information DES used for its decision on compression",
        "Measure the noise added by lossy compression on HSC PVIs",
    ]
    assert all(r.select_one(".minutes-overdue").get_text() == "overdue" for r in overdue_rows)
    home = soup(app, "index.html")
    assert "2 overdue" in home.select_one(".minutes-counts").get_text()
    assert len(rows(home)) == 2
    meeting = soup(app, "minutes/dm-sst/2022-06-27.html")
    assert "minutes-overdue" in meeting.select_one("#compression-noise")["class"]


def test_closed_page_lists_done_and_dropped(site):
    page = soup(site, "actions/closed.html")
    tables = page.select("table.minutes-action-table")
    done = [r.select("td")[0].get_text(" ", strip=True) for r in tables[0].select("tbody tr")]
    assert (
        "done Look up the schedule of the camera going on the telescope and when data taking would occur, including calibration data such as biases and darks"
        in done
    )
    assert len(done) == 4
    dropped = [r.select("td")[0].get_text(" ", strip=True) for r in tables[1].select("tbody tr")]
    assert dropped == [
        "dropped Work out who from DM, Commissioning and Science should go to the DESC meeting in person"
    ]


def test_meeting_page_shows_logistics_agenda_and_actions(site):
    page = soup(site, "minutes/dm-sst/2022-06-06.html")
    logistics = page.select_one("dl.minutes-logistics")
    text = logistics.get_text(" ", strip=True)
    assert "Monday 6 June 2022" in text
    assert "09:00–14:00 PDT (America/Los_Angeles)" in text
    assert "Zoom (link in the calendar invitation)" in text
    participants = logistics.select_one(".minutes-participants")
    assert [a["href"] for a in participants.select("a")][:2] == ["../../people/lguy.html", "../../people/erykoff.html"]
    assert "Robert Lupton" in logistics.select_one(".minutes-regrets").get_text()
    agenda = page.select_one("table.minutes-agenda-table")
    agenda_rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in agenda.select("tbody tr")]
    assert agenda_rows[2] == ["11:45–12:30", "Plans for compressed PVIs", "Gregory Dubois-Felsmann , Jim Bosch"]
    href = agenda.select("tbody tr")[2].select_one("a")["href"]
    assert "minutes-topic" in page.select_one(href)["class"]
    assert "Plans for compressed PVIs" in page.select_one(href).find("h2").get_text()


def test_action_shows_status_owners_due_and_history_linking_the_meetings(site):
    page = soup(site, "minutes/dm-sst/2022-06-06.html")
    action = page.select_one("#des-compression")
    assert "minutes-status-open" in action["class"]
    assert action.select_one(".minutes-status").get_text() == "open"
    meta = action.select_one(".minutes-action-meta").get_text(" ", strip=True)
    assert "Yusra AlSayyad" in meta and "2022-08-15" in meta and "Eli Rykoff" not in meta
    history = action.select(".minutes-history li")
    assert len(history) == 1
    link = history[0].select_one("a")
    assert link["href"] == "2022-06-27.html#update-des-compression"
    assert "Eli is on leave in July" in history[0].get_text()
    dropped = page.select_one("#dm-sst-2022-06-06-2")
    assert dropped.select_one(".minutes-status").get_text() == "dropped"
    later = soup(site, "minutes/dm-sst/2022-06-27.html")
    assert later.select_one("#update-des-compression") is not None


def test_update_and_action_ref_show_description_and_status(site):
    page = soup(site, "minutes/dm-sst/2022-07-18.html")
    ref = page.select_one("#update-camera-schedule a")
    assert ref["href"] == "2022-06-06.html#camera-schedule"
    assert ref.get_text(" ", strip=True).endswith("(done)")
    page = soup(site, "minutes/dm-sst/2022-06-27.html")
    ref = page.select_one("a[href='2022-06-06.html#ap-image-gap']")
    assert "Raise the AP image-availability gap" in ref.get_text() and "(open)" in ref.get_text()


def test_meeting_list_newest_first_and_decision_log(site):
    page = soup(site, "minutes/dm-sst/index.html")
    dates = [tr.select("td")[0].get_text() for tr in page.select("table.minutes-meeting-table tbody tr")]
    assert dates == ["2022-07-18", "2022-06-27", "2022-06-13", "2022-06-06"]
    page = soup(site, "minutes/index.html")
    decisions = [
        tr.select("td")[1].get_text(" ", strip=True) for tr in page.select("table.minutes-decision-table tbody tr")
    ]
    assert decisions[0] == "DP0.3 is released with the solar-system tables only"
    assert len(decisions) == 4
    assert page.select_one("table.minutes-decision-table a[href='dm-sst/2022-06-06.html#fluence-after-background']")


def test_group_by_owner_lists_an_action_under_each_owner(site):
    page = soup(site, "minutes/dm-sst/index.html")
    groups = [
        r.get_text(strip=True)
        for r in page.select(".minutes-action-table-wrap p.rubric, .minutes-action-table-wrap .minutes-group")
    ]
    assert groups[:2] == ["Gregory Dubois-Felsmann", "Jim Bosch"]
    assert "Leanne Guy" in groups


def test_landing_page_counts_and_latest_meetings(site):
    page = soup(site, "index.html")
    assert page.select_one(".minutes-counts").get_text(" ", strip=True).startswith("6 open actions , 0 overdue")
    table_rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("table.minutes-series-table tbody tr")
    ]
    assert table_rows == [
        ["DM-SST", "2022-07-18 , 2022-06-27 , 2022-06-13", "4", "0"],
        ["DM Leadership Team", "2022-07-12 , 2022-06-07", "2", "0"],
    ]


@pytest.mark.parametrize("n", range(len(FILTERS)), ids=[options for options, _ in FILTERS])
def test_action_table_filters(september, n):
    expected = FILTERS[n][1]
    found = [r[0] for r in rows(soup(september, f"filtered-{n}.html"))]
    assert len(found) == len(expected)
    for text, prefix in zip(found, expected):
        assert prefix in text


def test_group_by_series_and_meeting(september):
    wraps = soup(september, "g.html").select(".minutes-action-table-wrap")
    assert [r.get_text(strip=True) for r in wraps[0].select(".rubric")] == ["DM-SST", "DM Leadership Team"]
    meetings = [r.get_text(strip=True) for r in wraps[1].select(".rubric")]
    assert meetings[0] == "2022-07-18 DM-SST Agenda and Meeting notes"
    assert meetings[-1] == "2022-06-06 DM-SST vF2F Agenda and Meeting notes"


def test_agenda_has_no_time_column_when_no_topic_has_a_time(site):
    page = soup(site, "minutes/dm-sst/2022-06-27.html")
    headers = [th.get_text(strip=True) for th in page.select("table.minutes-agenda-table thead th")]
    assert headers == ["Topic", "Lead"]
    timed = soup(site, "minutes/dm-sst/2022-06-06.html")
    assert timed.select_one("table.minutes-agenda-table thead th").get_text(strip=True) == "Time (America/Los_Angeles)"


def test_an_update_with_nothing_in_it_reads_as_reviewed(make_app, tmp_path):
    page = "# Review\n\n```{meeting}\n:date: 2022-08-08\n```\n\n:::{action-update} compression-noise\n:::\n"
    app = build(make_app, copy_site(tmp_path / "site", pages={"minutes/dm-sst/2022-08-08.md": page}), freshenv=True)
    assert warnings(app) == ""
    action = soup(app, "minutes/dm-sst/2022-06-27.html").select_one("#compression-noise")
    entries = [li.get_text(" ", strip=True) for li in action.select(".minutes-history li")]
    assert entries == ["2022-08-08 : reviewed, no change"]
    assert action.select_one(".minutes-status").get_text() == "open"


def test_search_finds_an_action_on_its_meeting_page_not_in_every_listing(site):
    """The search index points to the meeting that wrote an action; listing pages repeat it."""
    import json
    import re
    from pathlib import Path

    text = (Path(site.outdir) / "searchindex.js").read_text()
    index = json.loads(re.search(r"Search\.setIndex\((.*)\)\s*;?\s*$", text, re.S)[1])
    docnames = index["docnames"]
    pages = index["terms"]["tutori"]  # "tutorials", stemmed: only in the DP0.3 action
    pages = [docnames[i] for i in (pages if isinstance(pages, list) else [pages])]
    assert "minutes/dm-sst/2022-07-18" in pages
    assert not {"actions/index", "index", "minutes/dm-sst/index"} & set(pages)
    assert "actions/index" in docnames  # the page itself is still found by its title and text
