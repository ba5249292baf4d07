"""``python -m minutes import confluence``: wiki pages in both forms become pages that build clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build, soup

sys.path.insert(0, str(REPO / "_ext"))

from minutes.__main__ import main  # noqa: E402

# The wiki page of ../shared/seed, with its dial-in details replaced by fakes of the same
# shape, so that the tests run in any clone and no real secret sits in the repository.
SEED = Path(__file__).parent / "data" / "seed-dm-sst-2022-06-06.txt"
STORAGE = Path(__file__).parent / "data" / "2022-07-25-dm-sst.storage.xhtml"

SEED_SECRETS = (
    "RmFrZVBhc3N3b3JkRm9yVGVzdHMwMDA",
    "pwd=",
    "640917",
    "911 1222 3333",
    "91112223333",
    "944 5550 1234",
    "9445550",
    "555 010 7799",
    "555 010 6833",
    "198.51.100.11",
    "198.51.100.12",
    "Password",
    "Meeting ID",
)
STORAGE_SECRETS = ("VGhpc0lzTm90QVJlYWxQd2Q", "pwd=", "731904", "912 3456 7890", "91234567890", "6833", "162.255")

# (description starts with, status, owners, due) of every task in the seed's agenda, in page order.
SEED_ACTIONS = [
    ("Look up more information on schedule of camera going on telescope", "done", ["kbechtol"], "2022-07-18"),
    ("Work out who from DM/Commissioning /Science should try to go to DESC meeting", "done", ["rlupton"], "2022-06-20"),
    ("Ask how many people from DESC will be at PCW?", "done", ["rlupton"], "2022-06-20"),
    ("Confer on a schedule for PST talks in June/July", "done", ["yalsayyad", "lguy"], "2022-06-20"),
    ("Circulate a Doodle to find a time for a brokers-RSP virtual meeting", "done", ["ebellm"], "2022-06-10"),
    ("Review the inventory of DBs that we need", "done", ["rlupton"], "2022-06-20"),
    ("Take the question of what to do about not scoped functionality", "done", ["lguy"], "2022-09-30"),
    ("Raise the AP image-availability gap", "open", ["lguy", "gdf"], "2022-12-31"),
    ("Report on what information DES used for their decision on using compression?", "open", ["erykoff"], "2022-07-25"),
    ("Merge PR and issue DMtn - deliver to ANTARES.", "done", ["ebellm"], "2022-06-20"),
]

# Each topic of the seed's agenda: (title, time, leads, a phrase of its notes).
SEED_TOPICS = [
    ("Welcome, project science updates", "09:00\u201309:15", ["lguy"], "Forecast for ComCam on telescope"),
    (
        "a_draft_of_an_idea_of_a_plan_for_photometry.pdf",
        "09:15\u201310:15",
        ["erykoff"],
        "Surprised that surface brightness images are better",
    ),
    ("Plans for CalibPalooza", "10:15\u201310:30", ["erykoff", "lguy"], "Want to avoid spending all the time"),
    (
        "Completion of DAX /RSP construction capabilities",
        "11:00\u201311:45",
        ["gdf", "cslater"],
        "Qserv deployed for DP0.2",
    ),
    ("Plans for compressed PVis", "11:45\u201312:30", ["gdf"], "Substantial work to organize the pipelines"),
    ("Plans for the AFS", "13:00\u201313:30", ["ebellm", "lguy"], "Joint operational umbrella"),
    (
        "Plans for measuring non-standard alerts (DMS-REQ-270)",
        "13:30\u201314:00",
        ["ebellm", "mgraham", "lguy"],
        "Zero-flux alerts at these positions",
    ),
    ("Closeout & task review", "14:00\u201314:15", ["lguy"], None),
    ("Close", "14:15", [], None),
]

# Every row of the seed's task report: (meeting date, description starts with, owners, due).
SEED_REPORT = [
    ("2018-11-05", "Clarify the meaning of time in the object table.", ["rlupton"], "2022-02-28"),
    ("2022-02-14", "Check if SDM standardization is adequately represented", ["gdf"], "2022-03-31"),
    ("2023-01-23", "Read RFC-842 and work out how much of this is in DM scope.", ["lguy"], "2023-02-28"),
    ("2023-02-27", "Talk to Steve R about presenting plans", ["lguy"], "2023-03-20"),
    ("2023-05-01", "Talk to Gregory Dubois-Felsmann to review the original intent", ["lguy"], "2023-05-29"),
    ("2023-02-27", "Provide an example of a file containing a cell-based coadd", ["jbosch"], "2023-03-31"),
    ("2023-03-27", "Prepare to consult the PST on the question of providing compressed PVI", ["lguy"], "2023-06-02"),
    ("2023-05-08", "Incorporate 30-60 day period for raws on disk", ["jbosch"], "2023-06-26"),
    ("2023-03-27", "How long will it take to do a scan as described?", ["pfagrelius", "pingraham"], "2023-06-30"),
    (
        "2023-07-10",
        "Convene meeting/vf2f session on definition of dataset selection requirements",
        ["cslater", "gdf", "rlupton", "jcarlin"],
        "2023-07-31",
    ),
    ("2023-01-30", "Develop a proposal for what calibration processing", ["erykoff", "lguy"], "2023-07-31"),
    ("2023-08-14", "Look to see if there is any effort to help on option 1", ["yalsayyad"], "2023-08-28"),
    ("2023-02-27", "Provide a physical example of that a up on cell table", ["jbosch"], "2023-08-31"),
    ("2023-10-23", "\u201cWhat is the pathway to defining the data products", ["jcarlin"], "2023-11-30"),
    ("2023-10-23", "Investigate splitting DMS-REQ-0298", ["gdf", "erykoff"], "2023-11-30"),
    (
        "2023-10-23",
        "Possible others small group to write description of how our deployment strategy",
        ["lguy", "gdf"],
        "2023-11-30",
    ),
    ("2023-10-23", "Follow up with KT on DMS-REQ-0176 and DMS-REQ-0315", ["jcarlin"], "2023-11-30"),
    ("2023-12-04", "Follow up on the possibility of investigating further", ["jbosch"], "2024-01-31"),
    (
        "2023-12-04",
        "Define verifications for the consistency of collections",
        ["jcarlin", "gdf", "cslater"],
        "2024-01-31",
    ),
    ("2023-10-23", "Setup a meeting between science platform and middleware", ["gdf", "jbosch"], None),
]


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def person_ids(element) -> list[str]:  # type: ignore[no-untyped-def]
    return [a["href"].rsplit("/", 1)[-1].removesuffix(".html") for a in element.select("a.minutes-person")]


def logistics_row(page: BeautifulSoup, label: str):  # type: ignore[no-untyped-def]
    """The <dd> of one row of the meeting's logistics panel."""
    for term in page.select(".minutes-logistics dt"):
        if term.get_text(strip=True) == label:
            return term.find_next_sibling("dd")
    raise AssertionError(f"no {label} in the logistics panel")


def rendered_actions(page: BeautifulSoup) -> list[dict[str, object]]:
    """What a reader sees of each action: description, status, owners, due date."""
    found = []
    for div in page.select("div.minutes-action"):
        status = next((c.removeprefix("minutes-status-") for c in div["class"] if c.startswith("minutes-status-")), "")
        due = div.select_one(".minutes-action-state .minutes-due")
        found.append(
            {
                "id": div.get("id"),
                "description": div.select_one(".minutes-action-description").get_text(" ", strip=True),
                "status": status,
                "owners": person_ids(div.select_one(".minutes-action-state")),
                "due": due.get_text(strip=True) if due else None,
                "text": div.get_text(" ", strip=True),
            }
        )
    return found


def test_seed_page_imports_with_every_action_topic_and_note(site: Path, make_app, capsys) -> None:
    assert main(["import", "confluence", "--series", "wiki", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/wiki/2022-06-06.md" in out
    assert "9 topics, 10 actions (8 done, 2 open)" in out
    assert "Location: dropped a link that joins the meeting, a link carrying a meeting password" in out
    assert "(never published)" in out
    assert "matched 'Yusra AISayyad' to yalsayyad (Yusra AlSayyad) by close spelling" in out
    assert "skipped the task report (20 rows); add --task-report to import them" in out
    assert "wrote minutes/wiki/index.md" in out

    text = (site / "minutes/wiki/2022-06-06.md").read_text()
    for secret in SEED_SECRETS:
        assert secret not in text, secret

    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    page = soup(app, "minutes/wiki/2022-06-06.html")
    html = str(page)
    for secret in SEED_SECRETS:
        assert secret not in html, secret

    logistics = page.select_one(".minutes-logistics")
    assert "Monday 6 June 2022" in logistics.get_text(" ")
    assert "09:00\u201314:00" in logistics.get_text(" ")
    assert person_ids(logistics_row(page, "Participants")) == [
        "lguy",
        "erykoff",
        "yalsayyad",
        "cslater",
        "jbosch",
        "hchiang",
        "ebellm",
        "kbechtol",
        "gdf",
        "jcarlin",
        "mgraham",
    ]
    assert person_ids(logistics_row(page, "Moderator")) == ["gdf", "ebellm", "lguy"]
    assert person_ids(logistics_row(page, "Note taker")) == ["cslater", "lguy"]

    actions = rendered_actions(page)
    assert len(actions) == len(SEED_ACTIONS)
    for action, (description, status, owners, due) in zip(actions, SEED_ACTIONS):
        assert action["description"].startswith(description), action
        assert (action["status"], action["owners"], action["due"]) == (status, owners, due), action
    assert "Update 2022-10-11: Robert Lupton will handle this in the commissioning context" in actions[5]["text"]
    assert "Raised with Bob 2022-06-06" in actions[6]["text"]

    sections = page.select("section.minutes-topic")
    assert len(sections) == len(SEED_TOPICS)
    for section, (title, time, leads, phrase) in zip(sections, SEED_TOPICS):
        assert section.find(["h2", "h3"]).get_text(strip=True).rstrip("#\u00b6") == title
        meta = section.select_one(".minutes-topic-meta")
        assert meta.select_one(".minutes-topic-time").get_text() == time
        assert person_ids(meta) == leads
        if phrase:
            assert phrase in section.get_text(" ")
    # Running notes keep their nested lists.
    compressed = sections[4]
    nested = [ul.get_text(" ") for ul in compressed.select("ul ul")]
    assert any("Jim: Most of that is either changing the background" in text for text in nested)
    assert any("Must make sure that the standard is not" in text for text in nested)


def test_seed_task_report_gives_every_row(site: Path, make_app, capsys) -> None:
    assert main(["import", "confluence", "--series", "wiki", "--task-report", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/wiki/2023-10-23.md (stub from the task report" in out
    assert "5 actions (0 done, 5 open)" in out
    assert "matched 'Parker Fagrelus' to pfagrelius (Parker Fagrelius) by close spelling" in out
    stub = (site / "minutes/wiki/2023-10-23.md").read_text()
    assert SEED.name in stub and str(SEED.parent) not in stub  # the file's name, not where it sat

    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    by_date: dict[str, list[dict[str, object]]] = {}
    for date in sorted({row[0] for row in SEED_REPORT}):
        page = soup(app, f"minutes/wiki/{date}.html")
        by_date[date] = rendered_actions(page)
    assert sum(len(found) for found in by_date.values()) == len(SEED_REPORT)
    for date, description, owners, due in SEED_REPORT:
        matches = [a for a in by_date[date] if str(a["description"]).startswith(description)]
        assert len(matches) == 1, (date, description, by_date[date])
        assert (matches[0]["status"], matches[0]["owners"], matches[0]["due"]) == ("open", owners, due)
    stub = soup(app, "minutes/wiki/2022-02-14.html")
    assert stub.find("h1").get_text(strip=True).rstrip("#\u00b6") == "DM-SST Virtual F2F Agenda and Meeting notes"
    # The stubs' open actions reach the site's task report.
    report = soup(app, "actions/index.html")
    assert "Check if SDM standardization is adequately represented" in report.get_text(" ")


def test_storage_format_page_imports_the_same_way(site: Path, make_app, capsys) -> None:
    people_before = (site / "people.yaml").read_text()
    assert main(["import", "confluence", "--series", "wiki", str(STORAGE)]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/wiki/2022-07-25.md" in out
    assert "4 topics, 5 actions (1 done, 4 open)" in out
    assert "Location: dropped a link that joins the meeting, a link carrying a meeting password" in out
    assert "skipped: the row is empty (a break)" in out
    assert "dropped a 'tasks-report-macro' macro" in out
    assert "added to people.yaml: sritz (Steve Ritz)" in out
    assert "added to people.yaml: u5b10ac8d (user 5b10ac8d)" in out
    assert "wiki user 8a7f808a6b2c1e34016b2d7f5e120001 is yalsayyad (Yusra AlSayyad)" in out

    people_after = (site / "people.yaml").read_text()
    assert people_after.startswith(people_before)  # comments and entries untouched
    assert "sritz:\n  name: Steve Ritz\n  aliases: [8a7f808a6b2c1e34016b2d7f5e120099]\n" in people_after

    text = (site / "minutes/wiki/2022-07-25.md").read_text()
    for secret in STORAGE_SECRETS:
        assert secret not in text, secret

    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    page = soup(app, "minutes/wiki/2022-07-25.html")
    logistics = page.select_one(".minutes-logistics")
    assert person_ids(logistics_row(page, "Participants")) == [
        "lguy",
        "erykoff",
        "yalsayyad",
        "kbechtol",
        "cslater",
        "sritz",
    ]
    assert person_ids(logistics_row(page, "Regrets")) == ["jbosch", "mgraham"]
    assert person_ids(logistics_row(page, "Moderator")) == ["kbechtol"]
    assert person_ids(logistics_row(page, "Note taker")) == ["cslater"]
    assert "09:00\u201310:00" in logistics.get_text(" ")

    actions = rendered_actions(page)
    assert [(a["description"], a["status"], a["owners"], a["due"]) for a in actions] == [
        ("Look up the schedule of the camera going on the telescope", "done", ["kbechtol"], "2022-08-15"),
        ("Confer on a schedule for PST talks in September", "open", ["yalsayyad", "lguy"], "2022-08-29"),
        ("Circulate the draft agenda to the calibration group Eli Rykoff", "open", ["erykoff"], "2022-08-05"),
        ("Send the list of CBP scans planned for commissioning", "open", ["sritz"], None),
        ("Book the room for the August vF2F", "open", ["u5b10ac8d"], "2022-08-08"),
    ]
    assert "Update 2022-07-25: first talk booked" in actions[1]["text"]
    titles = [s.find(["h2", "h3"]).get_text(strip=True).rstrip("#\u00b6") for s in page.select("section.minutes-topic")]
    assert titles == [
        "Welcome, project science updates",
        "Plans for CalibPalooza",
        "Closeout & task review",
        "Action items",
    ]
    body = page.get_text(" ")
    assert 'butler.get("calexp", visit=1234, detector=42)' in page.select_one("div.highlight-python").get_text()
    for phrase in (
        "DM-35100",
        "In review",
        "Workshop at SLAC",
        "Draft agenda on the wiki",
        "The week before the DMLT meeting",
    ):
        assert phrase in body, phrase
    assert page.select_one('a[href="https://ls.st/comcam-schedule"]') is not None


def test_import_refuses_to_overwrite_and_reports_bad_files(site: Path, capsys, tmp_path: Path) -> None:
    assert main(["import", "confluence", "--series", "dm-sst", str(SEED)]) == 1
    captured = capsys.readouterr()
    assert "error: minutes/dm-sst/2022-06-06.md exists; not overwritten (move it away, or add --force)" in captured.err
    undated = tmp_path / "undated.xhtml"
    undated.write_text("<h2>Notes</h2><p>No date anywhere.</p>")
    assert main(["import", "confluence", "--series", "wiki", str(undated), str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err
    assert f"error: {undated}: no meeting date found" in err
    assert f"error: cannot read {tmp_path / 'missing.txt'}" in err


def test_cli_runs_as_a_module_without_tracebacks(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": "_ext"}
    run = subprocess.run(
        [sys.executable, "-m", "minutes", "import", "confluence", "--series", "Bad Series", str(SEED)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2  # a usage error
    assert run.stderr.strip() == (
        "error: series 'Bad Series' is not a plain name (letters, digits, '-' and '_', starting with a letter or digit: it names the folder minutes/<series>/ and its feeds); write e.g. 'bad-series'"
    )
    run = subprocess.run(
        [sys.executable, "-m", "minutes", "import", "confluence", str(SEED)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "--series SERIES, or --series-map PATTERN=SERIES" in run.stderr
    assert "Traceback" not in run.stderr


def test_text_export_variants_us_dates_iso_dues_and_unknown_owners(site: Path, make_app, capsys, tmp_path) -> None:
    """A page written differently from the seed: Confluence's meeting-notes template headings,
    US dates, an ISO due date, an owner nobody knows, a plain attendee list."""
    page = tmp_path / "page.txt"
    page.write_text(
        "2022-09-12 DM-SST Meeting notes\n\n"
        "Date\n\nSep 12, 2022 10:00 - 11:00 Eastern\n\n"
        "Attendees\n\n- Leanne Guy\n- Dana Scully\n\n"
        "Discussion items\n\n"
        "Time\tItem\tWho\tNotes\n"
        "10:00\tSchedule\tLeanne Guy\t<ul><li>On track.</li></ul>"
        '<p><input type="checkbox"/> Dana Scully to write the summary Sep 30, 2022</p>'
        '<p><input type="checkbox" checked="checked"/> Keith Bechtol Book the room 2022-09-20</p>\n'
    )
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    out = capsys.readouterr().out
    assert "added to people.yaml: dscully (Dana Scully)" in out
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    html = soup(app, "minutes/wiki/2022-09-12.html")
    assert "10:00\u201311:00" in logistics_row(html, "Time").get_text()
    assert person_ids(logistics_row(html, "Participants")) == ["lguy", "dscully"]
    assert [(a["description"], a["status"], a["owners"], a["due"]) for a in rendered_actions(html)] == [
        ("Write the summary", "open", ["dscully"], "2022-09-30"),
        ("Book the room", "done", ["kbechtol"], "2022-09-20"),
    ]
