"""Whole-space imports (issue 16): the XML and HTML space exports and the REST API give the
same meeting pages; the report accounts for every wiki page; a second run writes nothing."""

from __future__ import annotations

import dataclasses
import json
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from wiki_space import SERIES_MAP, SPACE, SST_0606, TOKEN, Page, html_export, task, tasks, user, wiki_api, xml_export

from conftest import REPO, build, soup

sys.path.insert(0, str(REPO / "_ext"))

from minutes.__main__ import main  # noqa: E402


def report(site: Path) -> dict:
    return json.loads((site / "_build/import/report.json").read_text())


def by_id(data: dict) -> dict[str, dict]:
    return {page["id"]: page for page in data["pages"]}


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def test_xml_space_export_becomes_meeting_pages_and_a_report(site: Path, tmp_path: Path, make_app, capsys) -> None:
    export = xml_export(tmp_path / "Confluence-space-export-MEET.xml.zip")
    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 1  # two bad pages
    out, err = capsys.readouterr()
    assert "wrote minutes/sst/2022-06-06.md" in out
    assert "wrote minutes/sst/2022-06-13.md" in out
    assert "wrote minutes/lt/2022-08-01.md" in out
    assert "old wiki markup" in err and "2022-07-04 DM-SST" in err
    assert "DM-SST retrospective" in err and "no meeting date found" in err

    data = report(site)
    pages = by_id(data)
    assert {k: pages[k]["status"] for k in pages} == {
        "1": "skipped",
        "10": "skipped",
        "11": "written",
        "12": "written",
        "13": "failed",
        "14": "undated",
        "20": "skipped",
        "30": "written",
        "40": "skipped",
    }
    assert "home page" in pages["1"]["reason"]
    assert "index page" in pages["10"]["reason"]
    assert "template" in pages["20"]["reason"]
    assert pages["11"]["page"] == "minutes/sst/2022-06-06.md"
    assert (pages["11"]["actions_open"], pages["11"]["actions_done"]) == (2, 1)
    assert pages["12"]["dropped"] == {"secrets": 1}
    assert data["passed_over"]["historical_versions"] == 1
    assert data["passed_over"]["drafts"] == 1
    assert data["passed_over"]["blog_posts"] == 1
    assert data["passed_over"]["comments"] == 1
    assert [p["id"] for p in data["people"]["added"]] == ["dscully"]
    markdown = (site / "_build/import/report.md").read_text()
    assert "| 2022-06-06 DM-SST | 11 |" in markdown and "731904" not in markdown

    first = (site / "minutes/sst/2022-06-06.md").read_text()
    assert first.startswith("% minutes-import: wiki page 11 ")
    assert "[the next meeting](2022-06-13.md)" in first
    assert "![forecast plot.png](2022-06-06/forecast-plot.png)" in first
    assert "[agenda.pdf](2022-06-06/agenda.pdf)" in first
    assert (site / "minutes/sst/2022-06-06/forecast-plot.png").read_bytes().startswith(b"\x89PNG")
    assert "never imported" not in first
    assert "731904" not in (site / "minutes/sst/2022-06-13.md").read_text()
    assert "dscully:\n  name: Dana Scully" in (site / "people.yaml").read_text()
    assert (site / "minutes/sst/index.md").exists() and (site / "minutes/lt/index.md").exists()

    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    html = soup(app, "minutes/sst/2022-06-06.html")
    actions = html.select("div.minutes-action")
    assert len(actions) == 3
    assert html.find("a", string="the next meeting")["href"] == "2022-06-13.html"
    assert html.select_one("img[src$='forecast-plot.png']") is not None
    assert (Path(app.outdir) / "minutes/sst/2022-06-13.html").exists()

    # A second run over the same export writes nothing new.
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and "_build" not in p.parts}
    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 1
    out = capsys.readouterr().out
    assert "wrote" not in out
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and "_build" not in p.parts}
    assert after == before
    assert by_id(report(site))["11"]["status"] == "up to date"


def actions_of(text: str) -> list[tuple[str, ...]]:
    """Each action directive of a page as (description, owner, due, status), ids left out."""
    found = []
    for block in text.split(":::{action} ")[1:]:
        lines = block.split("\n:::")[0].splitlines()
        options = dict(line[1:].split(": ", 1) for line in lines[1:] if line.startswith(":") and ": " in line)
        found.append((lines[0], options.get("owner", ""), options.get("due", ""), options.get("status", "open")))
    return found


def test_html_space_export_gives_the_same_meetings(site: Path, tmp_path: Path, capsys) -> None:
    xml = xml_export(tmp_path / "space.xml.zip")
    html = html_export(tmp_path / "space.html.zip")
    assert main(["import", "confluence", *SERIES_MAP, str(xml)]) == 1
    html_map = ["--series-map", "DM-SST*=sst-html", "--series-map", "DMLT*=lt-html"]
    assert main(["import", "confluence", *html_map, str(html)]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/sst-html/2022-06-06.md" in out
    for xml_page, html_page in (
        ("sst/2022-06-06", "sst-html/2022-06-06"),
        ("sst/2022-06-13", "sst-html/2022-06-13"),
        ("lt/2022-08-01", "lt-html/2022-08-01"),
    ):
        from_xml = (site / f"minutes/{xml_page}.md").read_text()
        from_html = (site / f"minutes/{html_page}.md").read_text()
        assert actions_of(from_html) == actions_of(from_xml), html_page
        assert actions_of(from_html)
    first = (site / "minutes/sst-html/2022-06-06.md").read_text()
    assert "[the next meeting](2022-06-13.md)" in first
    assert "![forecast plot.png](2022-06-06/forecast-plot.png)" in first
    assert "[agenda.pdf](2022-06-06/agenda.pdf)" in first
    assert (site / "minutes/sst-html/2022-06-06/agenda.pdf").read_bytes() == b"%PDF-1.4 fake\n"
    data = report(site)
    pages = by_id(data)
    assert {k: p["status"] for k, p in pages.items()} == {
        "1": "skipped",
        "10": "skipped",
        "11": "written",
        "12": "written",
        "20": "skipped",
        "30": "written",
    }
    # The task report at the foot of the page, reconciled with what was imported.
    rows = {row["description"]: row for row in data["task_report"]}
    assert rows["Look up the camera schedule"]["action"] == "sst-html-2022-06-06-1"
    assert "status: task report open, page done" in rows["Look up the camera schedule"]["outcome"]
    assert "due: task report 2022-07-25, page 2022-07-18" in rows["Look up the camera schedule"]["outcome"]
    assert "--task-report" in rows["Clarify the meaning of time in the object table."]["outcome"]
    # Its labels, from the label list under each page, choose pages as the XML export's do.
    assert main(["import", "confluence", *html_map, "--dry-run", "--label", "Meeting-Notes", str(html)]) == 0
    chosen = {k: p["status"] for k, p in by_id(report(site)).items()}
    assert chosen["11"] != "not chosen" and chosen["12"] == chosen["30"] == "not chosen"


def test_an_html_export_that_shows_no_labels_says_so_when_asked_for_labels(site: Path, tmp_path: Path, capsys) -> None:
    from wiki_space import html_space

    export = html_space(tmp_path / "plain.zip", [SST_0606], labels=False)
    assert main(["import", "confluence", "--series", "sst", "--label", "meeting-notes", str(export)]) == 0
    assert "plain.zip shows no page's labels, so --label chose none of its pages" in capsys.readouterr().out
    assert by_id(report(site))["11"]["status"] == "not chosen"


API_PAGES = [p for p in SPACE if p.id not in ("13", "14")]


def test_rest_api_pages_follow_paging_retry_a_429_and_keep_the_token_secret(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    xml = xml_export(tmp_path / "space.xml.zip")
    assert main(["import", "confluence", *SERIES_MAP, "--report", "_build/xml", str(xml)]) == 1
    capsys.readouterr()
    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    api_map = ["--series-map", "DM-SST*=sst-api", "--series-map", "DMLT*=lt-api"]
    with wiki_api(API_PAGES) as (url, requested):
        assert main(["import", "confluence", "--url", url, "--space", "MEET", *api_map]) == 0
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    # Three pages of results, the second asked twice after its 429.
    listing = [path for path in requested if urlsplit(path).path == "/wiki/rest/api/content"]
    assert [parse_qs(urlsplit(path).query)["start"] for path in listing] == [["0"], ["3"], ["3"], ["6"]]
    # Attachments are listed for the pages read as meetings (the home page is not; the index
    # is read, in case it holds a meeting) and downloaded with the token.
    listed = sorted(
        urlsplit(path).path for path in requested if path.endswith("/child/attachment") or "/child/attachment?" in path
    )
    assert listed == [f"/wiki/rest/api/content/{n}/child/attachment" for n in ("10", "11", "12", "30")]
    first = (site / "minutes/sst-api/2022-06-06.md").read_text()
    assert "![forecast plot.png](2022-06-06/forecast-plot.png)" in first
    assert "[agenda.pdf](2022-06-06/agenda.pdf)" in first
    assert (site / "minutes/sst-api/2022-06-06/forecast-plot.png").read_bytes() == SST_0606.attachments[
        "forecast plot.png"
    ]
    assert (site / "minutes/sst-api/2022-06-06/agenda.pdf").read_bytes() == b"%PDF-1.4 fake\n"
    for ours, theirs in (("sst-api/2022-06-13", "sst/2022-06-13"), ("lt-api/2022-08-01", "lt/2022-08-01")):
        from_api = (site / f"minutes/{ours}.md").read_text()
        assert (
            from_api.split("\n", 1)[1].replace("-api", "")
            == (site / f"minutes/{theirs}.md").read_text().split("\n", 1)[1]
        )
    pages = by_id(report(site))
    assert pages["12"]["address"] == f"{url}/spaces/MEET/pages/12"
    assert pages["11"]["page"] == "minutes/sst-api/2022-06-06.md"
    assert pages["1"]["status"] == "skipped" and pages["10"]["status"] == "skipped"

    # Below an ancestor only; basic auth when CONFLUENCE_USER is set; a wiki that calls itself
    # by another name in _links.base is still asked at --url, so the token goes nowhere else.
    monkeypatch.setenv("CONFLUENCE_USER", "dana@example.org")
    with wiki_api(API_PAGES, page_size=1, base="https://example.atlassian.net/wiki") as (url, requested):
        code = main(
            ["import", "confluence", "--url", url, "--space", "MEET", "--ancestor", "10", *api_map, "--dry-run"]
        )
    assert code == 0
    assert sorted(by_id(report(site))) == ["11", "12"]
    listing = [path for path in requested if urlsplit(path).path == "/wiki/rest/api/content"]
    assert len(listing) == len(API_PAGES) + 1  # one page of results each, and a 429
    assert not [path for path in requested if "/download/" in path]  # a dry run copies no file


def test_rest_api_refusals_and_unreachable_wikis_exit_3_without_a_traceback(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("CONFLUENCE_TOKEN", "wrong-" + TOKEN)
    with wiki_api(API_PAGES) as (url, _):
        assert main(["import", "confluence", "--url", url, "--space", "MEET", "--series", "sst"]) == 3
        out, err = capsys.readouterr()
        assert "refused the token (HTTP 401)" in err and "CONFLUENCE_TOKEN" in err
        assert TOKEN not in out + err and "Traceback" not in err
        monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
        assert main(["import", "confluence", "--url", url, "--space", "NOPE", "--series", "sst"]) == 3
        assert "HTTP 404" in capsys.readouterr().err
    assert main(["import", "confluence", "--url", url, "--space", "MEET", "--series", "sst"]) == 3
    assert "cannot reach" in capsys.readouterr().err
    assert main(["import", "confluence", "--url", "ftp://wiki", "--space", "MEET", "--series", "sst"]) == 2
    assert not (site / "minutes/sst").exists()


def test_reruns_keep_hand_edits_unless_forced_and_dry_runs_write_only_the_report(
    site: Path, tmp_path: Path, capsys
) -> None:
    meetings = [p for p in SPACE if p.id not in ("13", "14")]
    export = xml_export(tmp_path / "space.zip", meetings)
    assert main(["import", "confluence", *SERIES_MAP, "--dry-run", str(export)]) == 0
    assert "would write minutes/sst/2022-06-06.md" in capsys.readouterr().out
    assert not (site / "minutes/sst").exists() and "dscully" not in (site / "people.yaml").read_text()
    assert by_id(report(site))["11"]["status"] == "written"
    assert main(["import", "confluence", *SERIES_MAP, "--dry-run", "--label", "Meeting-Notes", str(export)]) == 0
    chosen = {k: p["status"] for k, p in by_id(report(site)).items()}
    assert chosen["11"] == "written" and chosen["12"] == chosen["30"] == "not chosen"
    assert main(["import", "confluence", *SERIES_MAP, "--dry-run", "--title", "dmlt*", str(export)]) == 0
    assert [k for k, p in by_id(report(site)).items() if p["status"] == "written"] == ["30"]

    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 0
    page = site / "minutes/sst/2022-06-06.md"
    edited = page.read_text().replace("Forecast for ComCam", "Forecast (checked by hand) for ComCam")
    page.write_text(edited)
    capsys.readouterr()
    # The wiki page has not changed: the hand edit is kept, and that is no failure.
    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 0
    assert page.read_text() == edited
    assert by_id(report(site))["11"]["status"] == "kept"

    # The wiki page changed too: refused, unless --force.
    changed = [dataclasses.replace(p, body=p.body + "<p>Added later.</p>") if p.id == "11" else p for p in meetings]
    export = xml_export(tmp_path / "space-later.zip", changed)
    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 1
    assert "minutes/sst/2022-06-06.md was edited by hand since its import" in capsys.readouterr().err
    assert page.read_text() == edited
    assert by_id(report(site))["11"]["status"] == "refused"
    assert main(["import", "confluence", *SERIES_MAP, "--force", str(export)]) == 0
    assert "Added later." in page.read_text() and "checked by hand" not in page.read_text()
    # An untouched page follows the wiki without --force.
    changed = [dataclasses.replace(p, body=p.body + "<p>Later still.</p>") if p.id == "11" else p for p in changed]
    assert main(["import", "confluence", *SERIES_MAP, str(xml_export(tmp_path / "space-3.zip", changed))]) == 0
    assert "Later still." in page.read_text()
    assert by_id(report(site))["11"]["status"] == "updated"


def test_a_page_that_cannot_be_written_leaves_the_others_whole_and_people_consistent(
    site: Path, tmp_path: Path, capsys
) -> None:
    meetings = [p for p in SPACE if p.id not in ("13", "14")]
    (site / "minutes/sst/2022-06-06.md").mkdir(parents=True)  # in the way: cannot be replaced
    export = xml_export(tmp_path / "space.zip", meetings)
    assert main(["import", "confluence", *SERIES_MAP, "--force", str(export)]) == 1
    assert "minutes/sst/2022-06-06.md: could not be written" in capsys.readouterr().err
    written = (site / "minutes/sst/2022-06-13.md").read_text()
    assert written.endswith(":::\n::::\n") and ":owner: dscully" in written
    assert "dscully:" in (site / "people.yaml").read_text()
    assert not list(site.rglob("*.tmp"))


def test_the_import_benchmark_runs(tmp_path: Path) -> None:
    """benchmarks/import_space.py cannot rot: a tiny case imports every page, then nothing."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import import_space

    figures = import_space.run_case(3, 2, tmp_path)
    assert figures.written == 3 and figures.peak_mb > 0
    assert "| 3 | 2 |" in import_space.section([figures], "")


def test_entities_in_an_xml_export_are_never_expanded(site: Path, tmp_path: Path, capsys) -> None:
    """A DOCTYPE with an entity bomb and an external entity: nothing expands, nothing is
    fetched or read from the machine, the text around them is kept, no traceback."""
    entities = (
        '<?xml version="1.0"?>\n<!DOCTYPE hibernate-generic [\n<!ENTITY lol "lol">\n'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<hibernate-generic>'
        '<object class="Page"><id name="id">1</id><property name="title">2022-01-10 DM-SST &lol3;&xxe;</property>'
        '<property name="contentStatus">current</property><collection name="bodyContents"><element '
        'class="BodyContent"><id name="id">2</id></element></collection></object>'
        '<object class="BodyContent"><id name="id">2</id><property name="body">&lt;h2&gt;Notes&lt;/h2&gt;'
        "&lt;p&gt;Before &amp;xxe; &amp;lol3;&lt;/p&gt;&lol3;&xxe;&lt;p&gt;after the entities.&lt;/p&gt;"
        '</property><property name="content" class="Page"><id name="id">1</id></property></object>'
        "</hibernate-generic>"
    )
    export = tmp_path / "hostile.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("entities.xml", entities)
    assert main(["import", "confluence", "--series", "sst", str(export)]) == 0
    text = (site / "minutes/sst/2022-01-10.md").read_text()
    assert "after the entities." in text and "Before" in text
    assert "lollol" not in text and "root:" not in text
    assert "Traceback" not in capsys.readouterr().err


def test_task_report_rows_of_meetings_not_imported_become_stub_pages(site: Path, tmp_path: Path, capsys) -> None:
    html = html_export(tmp_path / "space.html.zip")
    assert main(["import", "confluence", "--series-map", "*=sst", "--task-report", str(html)]) == 0
    out = capsys.readouterr().out
    assert "wrote minutes/sst/2018-11-05.md (stub from the task report of 2022-06-06 DM-SST)" in out
    stub = (site / "minutes/sst/2018-11-05.md").read_text()
    assert "Clarify the meaning of time in the object table" in stub and ":owner: rlupton" in stub
    rows = {row["appears_on"]: row for row in report(site)["task_report"]}
    assert rows["2018-11-05"]["outcome"] == "meeting not imported: the row is an action on a stub page"
    # The row of a meeting imported in the same run is not written twice.
    assert "2022-06-06-2.md" not in out and not (site / "minutes/sst/2022-06-06-2.md").exists()


def test_links_in_code_blocks_and_link_text_stay_as_written(site: Path, tmp_path: Path) -> None:
    """A link to a page inside a code macro is the code's text, not a link; a link whose text
    holds what looks like its closing tag still links, with all of its text."""
    code = (
        '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[see '
        '<ac:link><ri:page ri:content-title="DM-SST weekly" /></ac:link> here]]></ac:plain-text-body>'
        "</ac:structured-macro>"
    )
    odd = (
        '<p>Odd: <ac:link><ri:page ri:content-title="DM-SST weekly" /><ac:plain-text-link-body>'
        "<![CDATA[the </ac:link> meeting]]></ac:plain-text-link-body></ac:link>.</p>"
    )
    page = dataclasses.replace(SST_0606, body=SST_0606.body + code + odd)
    meetings = [page if p.id == "11" else p for p in SPACE if p.id not in ("13", "14")]
    assert main(["import", "confluence", *SERIES_MAP, str(xml_export(tmp_path / "s.zip", meetings))]) == 0
    text = (site / "minutes/sst/2022-06-06.md").read_text()
    assert 'see <ac:link><ri:page ri:content-title="DM-SST weekly" /></ac:link> here' in text
    assert "(2022-06-13.md)" in text.split("Odd:")[1] and "meeting" in text.split("Odd:")[1]
    assert "minutes.invalid" not in text


def test_attachments_a_browser_would_run_or_that_may_hold_an_invitation_stay_in_the_wiki(
    site: Path, tmp_path: Path
) -> None:
    """An SVG or XHTML attachment is a script in the site's origin; a text file may be the
    invitation. Only images and documents are copied; the rest is counted in the report."""
    hostile = {
        "plot.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        "slides.XHTML": b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></html>',
        "page.shtml": b"<script>alert(4)</script>",
        "feed.xml": b"<x/>",
        "invite.txt": b"Join Zoom Meeting https://zoom.us/j/97639121776?pwd=abc Passcode: 771204",
    }
    page = dataclasses.replace(
        SST_0606,
        body=SST_0606.body + '<p><ac:image><ri:attachment ri:filename="plot.svg" /></ac:image></p>',
        attachments={**SST_0606.attachments, **hostile},
    )
    assert main(["import", "confluence", *SERIES_MAP, str(xml_export(tmp_path / "s.zip", [SPACE[1], page]))]) == 0
    folder = site / "minutes/sst/2022-06-06"
    assert sorted(p.name for p in folder.iterdir()) == ["agenda.pdf", "forecast-plot.png"]
    text = (site / "minutes/sst/2022-06-06.md").read_text()
    assert "plot.svg)" not in text and "invite" not in text
    assert "771204" not in text
    assert by_id(report(site))["11"]["dropped"].get("files") == len(hostile)


def test_a_page_that_names_no_date_is_dated_by_date_or_reported(site: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "retro.xhtml"
    page.write_text("<h2>Action items</h2>" + tasks(task(f"{user('lguy')} to find a date")))
    assert main(["import", "confluence", "--series", "sst", str(page)]) == 1
    assert "no meeting date found" in capsys.readouterr().err
    assert by_id(report(site))["retro.xhtml"]["status"] == "undated"
    assert not (site / "minutes/sst").exists()
    assert main(["import", "confluence", "--series", "sst", "--date", "2022-03-04", str(page)]) == 0
    assert ":owner: lguy" in (site / "minutes/sst/2022-03-04.md").read_text()
    other = tmp_path / "other.xhtml"
    other.write_text(page.read_text())
    assert main(["import", "confluence", "--series", "lt", "--date", "2022-03-04", str(page), str(other)]) == 1
    assert "--date is for a single page; 2 pages name no date" in capsys.readouterr().err
    assert not (site / "minutes/lt").exists()
    assert main(["import", "confluence", "--series", "sst", "--date", "2022-02-30", str(page)]) == 2


def test_an_undated_page_with_children_that_holds_a_meeting_is_reported_not_taken_for_an_index(
    site: Path, tmp_path: Path, capsys
) -> None:
    """A page with child pages and no date is an index only when it holds nothing a meeting's
    page holds: with tasks, or a Participants section, it is a meeting that needs a date
    (reported, or dated by --date when it is the only one); "Meeting notes" in its title or a
    heading, and an "Action items" heading over a task report, do not make an index a meeting."""
    planning = Page(
        "15",
        "DM-SST planning meeting",
        "<h2>Participants</h2><ul><li>" + user("lguy") + "</li></ul>"
        "<h2>Action items</h2>" + tasks(task(f"{user('kbechtol')} to draft the plan")),
        parent="10",
    )
    attendees_only = Page(
        "17", "DM-SST kickoff", "<h2>Attendees</h2><ul><li>" + user("lguy") + "</li></ul>", parent="10"
    )
    index = Page(
        "18",
        "DM-SST meeting notes archive",
        '<h2>Meeting notes</h2><ac:structured-macro ac:name="children" />'
        '<h2>Action items</h2><ac:structured-macro ac:name="tasks-report-macro"><ac:parameter ac:name="status">incomplete'
        "</ac:parameter></ac:structured-macro>",
        parent="10",
    )
    children = [
        Page("16", "2022-09-05 DM-SST", "<p>Planned.</p>", parent="15"),
        Page("19", "2022-09-12 DM-SST", "<p>Kicked off.</p>", parent="17"),
        Page("21", "2022-09-19 DM-SST", "<p>Archived.</p>", parent="18"),
    ]
    space = [SPACE[0], SPACE[1], planning, attendees_only, index, *children]
    export = xml_export(tmp_path / "space.zip", space)
    assert main(["import", "confluence", "--series-map", "DM-SST*=sst", str(export)]) == 1
    err = capsys.readouterr().err
    pages = by_id(report(site))
    assert pages["15"]["status"] == pages["17"]["status"] == "undated"
    assert "--date YYYY-MM-DD" in pages["15"]["reason"] and "DM-SST planning meeting" in err
    assert pages["18"]["status"] == pages["10"]["status"] == "skipped"
    assert "index page" in pages["18"]["reason"]
    assert {pages[n]["status"] for n in ("16", "19", "21")} == {"written"}
    # Chosen alone, it takes --date.
    only = ["--title", "DM-SST planning*", "--date", "2022-09-01"]
    assert main(["import", "confluence", "--series-map", "DM-SST*=sst", *only, str(export)]) == 0
    assert ":owner: kbechtol" in (site / "minutes/sst/2022-09-01.md").read_text()


def report_macro(**parameters: str) -> str:
    return (
        '<ac:structured-macro ac:name="tasks-report-macro" ac:schema-version="1">'
        + "".join(f'<ac:parameter ac:name="{name}">{value}</ac:parameter>' for name, value in parameters.items())
        + "</ac:structured-macro>"
    )


def test_a_task_report_macro_lists_the_imported_actions_its_parameters_select(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storage format keeps a task report's parameters, not its rows: the report lists the
    imported actions they select (open tasks on pages with its labels, in its spaces, below
    its pages, of its assignees) and says which parameters it could not work out."""
    first = Page(
        "11",
        "2022-06-06 DM-SST",
        "<h2>Action items</h2>"
        + tasks(task(f"{user('kbechtol')} to look up the schedule"), task(f"{user('lguy')} booked it", done=True)),
        parent="10",
        labels=("meeting-notes",),
    )
    second = Page(
        "12",
        "2022-06-13 DM-SST",
        "<h2>Action items</h2>"
        + tasks(task(f"{user('rlupton')} to ask DESC"))
        + "<h2>Open tasks</h2>"
        + report_macro(
            spaces="MEET", spaceAndPage="space:MEET", labels="meeting-notes", creators="lguy", pageSize="20"
        ),
        parent="10",
        labels=("meeting-notes",),
    )
    lt = Page(
        "30",
        "DMLT 2022-08-01",
        "<h2>Action items</h2>"
        + tasks(task(f"{user('kbechtol')} to send the budget"))
        + report_macro(spaceAndPage="page:10", assignees="kbechtol,nobody-we-know", status="incomplete"),
        parent="1",
    )
    # The older form names its space by reference: another space's tasks are not imported.
    first.body += report_macro(spaces='<ri:space ri:space-key="OTHER" />')
    lt.body += report_macro(labels="Zoom passcode: 771204")  # never shown, not even in the report
    space = [SPACE[0], SPACE[1], first, second, lt]

    def macros_and_rows() -> tuple[list[dict], dict[str, list[str]]]:
        data = report(site)
        rows: dict[str, list[str]] = {}
        for row in data["task_report"]:
            rows.setdefault(row["on_page"], []).append(row["action"])
        return data["task_report_macros"], rows

    assert main(["import", "confluence", *SERIES_MAP, str(xml_export(tmp_path / "space.zip", space))]) == 0
    macros, rows = macros_and_rows()
    assert rows == {
        "2022-06-13 DM-SST": ["sst-2022-06-06-1", "sst-2022-06-13-1"],  # open, labelled; not the done one
        "DMLT 2022-08-01": ["sst-2022-06-06-1"],  # below page 10, Keith's
    }
    other, first_macro, second_macro, secret = macros
    assert secret["rows"] == 0 and "771204" not in json.dumps(report(site))
    assert other["page"] == "2022-06-06 DM-SST" and other["rows"] == 0 and other["used"][1] == "spaces=OTHER"
    assert first_macro["parameters"]["labels"] == "meeting-notes"
    assert any(why.startswith("creators=lguy: who created each task") for why in first_macro["not_reproduced"])
    assert any("assignee nobody-we-know" in why for why in second_macro["not_reproduced"])
    markdown = (site / "_build/import/report.md").read_text()
    assert "- 2022-06-13 DM-SST: 2 rows, by status=incomplete (the macro's default), spaces=MEET" in markdown
    assert "not reproduced: creators=lguy" in markdown and "771204" not in markdown
    assert "| 2022-06-13 DM-SST | 2022-06-06 | Look up the schedule | sst-2022-06-06-1 | matches" in markdown

    # The REST API gives the same: its pages' labels are always asked for.
    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    with wiki_api(space) as (url, _):
        assert main(["import", "confluence", "--url", url, "--space", "MEET", *SERIES_MAP, "--dry-run"]) == 0
    assert macros_and_rows() == (macros, rows)
