"""``minutes new``: a scaffolded meeting builds strict-clean and reviews the series' open actions."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, build, soup

sys.path.insert(0, str(REPO / "_ext"))

from minutes import markdown as md  # noqa: E402
from minutes.__main__ import add_to_toctree, main  # noqa: E402
from minutes.model import Action, ActionUpdate, Meeting, Origin, Status, Topic, action_state  # noqa: E402


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def open_action_ids(page: BeautifulSoup) -> set[str]:
    """The ids of the actions an action table on the page lists (from their links)."""
    return {
        a["href"].rsplit("#", 1)[-1]
        for table in page.select("table.minutes-action-table")
        for row in table.select("tr.minutes-status-open")
        for a in row.select("td:first-child a[href*='#']")
    }


def test_new_meeting_builds_clean_and_reviews_every_open_action(site: Path, make_app, capsys) -> None:
    assert main(["new", "dm-sst", "--date", "2022-08-01"]) == 0
    out = capsys.readouterr().out
    path = site / "minutes/dm-sst/2022-08-01.md"
    assert out.startswith("wrote minutes/dm-sst/2022-08-01.md: ")
    text = path.read_text()
    assert text.startswith("# DM-SST Agenda and Meeting notes\n")
    assert ":date: 2022-08-01" in text
    assert "::::{topic} Task review" in text

    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    shown = open_action_ids(soup(app, "minutes/dm-sst/index.html"))
    assert shown  # the example series has open actions
    page = soup(app, "minutes/dm-sst/2022-08-01.html")
    updates = page.select("div.minutes-action-update")
    assert {u["id"].removeprefix("update-") for u in updates} == shown
    assert f"{len(shown)} open actions to review" in out
    for update in updates:
        link = update.select_one("a.reference")
        assert link["href"].endswith("#" + update["id"].removeprefix("update-"))
        assert "(open)" in link.get_text()
    # The usual participants are prefilled, linked to their pages.
    participants = next(dt for dt in page.select(".minutes-logistics dt") if dt.get_text(strip=True) == "Participants")
    people = [a["href"].rsplit("/", 1)[-1] for a in participants.find_next_sibling("dd").select("a")]
    assert "lguy.html" in people and "cslater.html" in people
    # An update stub left as written changes nothing: the actions stay open.
    assert all("(open)" in u.get_text() for u in updates)


def test_new_refuses_to_overwrite(site: Path, capsys) -> None:
    path = site / "minutes/dm-sst/2022-07-18.md"
    before = path.read_text()
    assert main(["new", "dm-sst", "--date", "2022-07-18"]) == 1
    err = capsys.readouterr().err
    assert err == "error: minutes/dm-sst/2022-07-18.md exists; not overwritten (edit it, or pick another --date)\n"
    assert path.read_text() == before


def test_new_series_gets_its_index_and_builds_clean(site: Path, make_app, capsys) -> None:
    """The home page's toctree lists every series by a glob and "All meetings" every series
    with meetings: a new series is in both with no other file edited."""
    before = {p: p.read_text() for p in (site / "index.md", site / "minutes/index.md")}
    assert main(["new", "ops", "--date", "2022-08-02"]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/ops/index.md: the new series' page" in out
    assert "listed it in" not in out and "toctree" not in out and "table of contents" not in out
    assert "no earlier meeting in this series: fill in :participants: by hand" in out
    assert {p: p.read_text() for p in before} == before
    text = (site / "minutes/ops/2022-08-02.md").read_text()
    assert "% No open actions in this series." in text
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    index = soup(app, "minutes/ops/index.html")
    assert "2022-08-02" in index.select_one("table.minutes-meeting-list").get_text(" ")
    everything = soup(app, "minutes/index.html")
    assert "ops/index.html" in {a["href"] for a in everything.select("table.minutes-series-table a")}
    assert "ops/index.html" in [a["href"] for a in everything.select("nav.minutes-site-nav li.toctree-l1 > a")]


def test_new_series_on_a_nested_site_is_added_to_all_meetings_toctree(site: Path, make_app, capsys) -> None:
    """A site in FORMAT.md v1.1's nested shape lists its series in the toctree of
    ``minutes/index.md``: a new series gets its entry there, and is in the navigation."""
    home = site / "index.md"
    home.write_text(home.read_text().replace("minutes/*/index\n", "").replace(":glob:\n", ""))
    (site / "minutes/index.md").write_text(
        "# All meetings\n\n```{toctree}\n:maxdepth: 1\n\ndm-sst/index\ndmlt/index\n```\n"
    )
    assert main(["new", "ops", "--date", "2022-08-02"]) == 0
    assert "listed it in minutes/index.md" in capsys.readouterr().out
    assert "\nops/index\n" in (site / "minutes/index.md").read_text()
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    nav = soup(app, "minutes/ops/2022-08-02.html").select_one("nav.minutes-site-nav")
    assert nav.select_one("li.toctree-l2.current > a").get_text(strip=True) == "OPS"


def test_a_new_series_lists_meetings_of_any_century(site: Path, make_app, capsys) -> None:
    """The series page's glob takes any dated file name, not only this century's."""
    for date in ("1999-12-31", "2100-01-04"):
        assert main(["new", "archive", "--date", date]) == 0
    capsys.readouterr()
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    index = soup(app, "minutes/archive/index.html")
    listed = [
        a["href"]
        for a in index.select(".toctree-wrapper a, nav a")
        if "archive/" in a["href"] or a["href"].startswith(("1999", "2100"))
    ]
    assert any("1999-12-31" in href for href in listed), listed
    assert any("2100-01-04" in href for href in listed), listed


def test_a_series_can_have_its_own_template(site: Path, capsys) -> None:
    own = site / "_templates/minutes/dm-sst/new-meeting.md.jinja"
    own.parent.mkdir(parents=True)
    own.write_text("# DM-SST weekly\n\n{{ meeting_directive }}\n\n{{ task_review }}\n")
    assert main(["new", "dm-sst", "--date", "2022-08-08"]) == 0
    text = (site / "minutes/dm-sst/2022-08-08.md").read_text()
    assert text.startswith("# DM-SST weekly\n")
    assert ":::{action-update} dp03-tutorials" in text
    assert main(["new", "dmlt", "--date", "2022-08-08"]) == 0
    assert "% Add one topic per agenda item" in (site / "minutes/dmlt/2022-08-08.md").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "dm-sst", "--date", "2022-02-30"],
            "error: --date '2022-02-30' is not a real date; write it as YYYY-MM-DD, e.g. 2022-08-01\n",
        ),
        (
            ["new", "dm-sst", "--date", "0001-01-01"],
            "error: --date '0001-01-01' is not in the years 1900-2199; check the year\n",
        ),
        (
            ["new", "DM SST"],
            "error: series 'DM SST' is not a plain name (letters, digits, '-' and '_', starting with a letter or digit: it names the folder minutes/<series>/ and its feeds); write e.g. 'dm-sst'\n",
        ),
    ],
)
def test_new_explains_bad_input(site: Path, capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 1
    assert capsys.readouterr().err == message


def test_new_outside_a_site_says_where_to_run_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "dm-sst"]) == 1
    assert "run this at the root of a minutes site (where conf.py is)" in capsys.readouterr().err


def test_make_new_runs_the_command_at_the_site_root(site: Path) -> None:
    """The ``minutes`` command as the Makefile runs it: installed, at the site's root, with no
    PYTHONPATH; and ``python -m minutes``, which the site's own minutes/ folder does not shadow."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = str(Path(sys.executable).parent / "minutes")
    run = subprocess.run(
        [command, "new", "dm-sst", "--date", "2022-08-15"], cwd=site, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("wrote minutes/dm-sst/2022-08-15.md")
    run = subprocess.run([command, "new"], cwd=site, env=env, capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and "usage: minutes new" in run.stderr
    assert (site / "minutes").is_dir()
    run = subprocess.run(
        [sys.executable, "-m", "minutes", "new", "dm-sst", "--date", "2022-08-22"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("wrote minutes/dm-sst/2022-08-22.md")


# -- markdown.py, without Sphinx --------------------------------------------------------


def test_markdown_writes_the_format() -> None:
    origin = Origin("minutes/dm-sst/2022-06-06")
    meeting = Meeting(
        docname=origin.docname,
        title="DM-SST vF2F",
        series="dm-sst",
        date=dt.date(2022, 6, 6),
        time="09:00-14:00",
        participants=("lguy", "erykoff"),
    )
    action = Action(
        id="camera-schedule",
        description="Look up the schedule",
        owners=("kbechtol", "rlupton"),
        origin=origin,
        series="dm-sst",
        due=dt.date(2022, 7, 18),
        status=Status.DONE,
        note="Darks and biases in September.",
    )
    update = ActionUpdate(action_id="camera-schedule", origin=origin, status=Status.DROPPED)
    page = md.MeetingPage(
        meeting=meeting,
        topics=(
            md.TopicSection(
                Topic(title="Plans", anchor="", origin=origin, time="11:45-12:30", lead=("gdf",)),
                (md.paragraph("- not a list\n# not a heading"), action, update),
            ),
        ),
    )
    assert md.meeting_page(page) == (
        "# DM-SST vF2F\n\n"
        "```{meeting}\n:date: 2022-06-06\n:time: 09:00-14:00\n:participants: lguy, erykoff\n```\n\n"
        "::::{topic} Plans\n:time: 11:45-12:30\n:lead: gdf\n\n"
        "\\- not a list\n\\# not a heading\n\n"
        ":::{action} Look up the schedule\n:id: camera-schedule\n:owner: kbechtol, rlupton\n:due: 2022-07-18\n"
        ":status: done\n\nDarks and biases in September.\n:::\n\n"
        ":::{action-update} camera-schedule\n:status: dropped\n:::\n"
        "::::\n"
    )


def test_markdown_escapes_text_and_nests_lists() -> None:
    assert md.escape("a_plan_v2.pdf *bold* [x] `code` {person}") == (
        "a_plan_v2.pdf \\*bold\\* \\[x\\] \\`code\\` \\{person\\}"
    )
    assert md.bullet_list([(1, "one"), (3, "deep"), (1, "two")]) == "- one\n  - deep\n- two"
    state = action_state(Action(id="x-1", description="Do it", owners=("lguy",), origin=Origin("p"), series="s"))
    assert md.update_stub(state).splitlines()[0] == ":::{action-update} x-1"


def test_add_to_toctree_keeps_globs_and_existing_entries() -> None:
    text = "# All\n\n```{toctree}\n:maxdepth: 1\n\ndm-sst/index\n```\n"
    assert add_to_toctree(text, "ops/index") == "# All\n\n```{toctree}\n:maxdepth: 1\n\ndm-sst/index\nops/index\n```\n"
    assert add_to_toctree(text, "dm-sst/index") == text
    globbed = "```{toctree}\n:glob:\n\n*/index\n```\n"
    assert add_to_toctree(globbed, "ops/index") == globbed
    assert add_to_toctree("# no toctree\n", "ops/index") is None


def test_new_meeting_is_titled_with_its_own_date(site: Path, capsys) -> None:
    """A series whose titles carry the date: the new page says the new date, not the one of the
    meeting it was modelled on (nor its remark, nor a one-off meeting's title)."""
    assert main(["new", "ops", "--date", "2024-10-21"]) == 0
    usual = site / "minutes/ops/2024-10-21.md"
    text = usual.read_text()
    usual.write_text("# Ops 2024-10-21 (clocks fall back in Berlin)\n" + text.split("\n", 1)[1])
    extra = site / "minutes/ops/2024-10-23-extra.md"
    extra.write_text("# Ops extra meeting 2024-10-23\n" + text.split("\n", 1)[1].replace("2024-10-21", "2024-10-23"))
    capsys.readouterr()

    assert main(["new", "ops", "--date", "2024-11-04"]) == 0
    heading = (site / "minutes/ops/2024-11-04.md").read_text().split("\n", 1)[0]
    assert heading == "# Ops 2024-11-04"


def test_a_back_dated_meeting_reviews_only_the_actions_of_its_date(site: Path, make_app, capsys) -> None:
    """Minutes written up late: the page reviews the actions that existed on its date, and the
    strict build takes it (an update before its action's meeting is an error)."""
    assert main(["new", "dm-sst", "--date", "2022-06-20"]) == 0
    out = capsys.readouterr().out
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    every_open = open_action_ids(soup(app, "minutes/dm-sst/index.html"))
    updates = soup(app, "minutes/dm-sst/2022-06-20.html").select("div.minutes-action-update")
    pages = {u.select_one("a.reference")["href"].split("#")[0] for u in updates}
    assert pages and pages <= {"2022-06-06.html", "2022-06-13.html"}
    assert len(updates) < len(every_open)
    assert f"{len(updates)} open actions to review" in out
