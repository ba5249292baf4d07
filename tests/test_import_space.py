"""Whole-space imports (issue 16): the XML and HTML space exports and the REST API give the
same meeting pages; the report accounts for every wiki page; a second run writes nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from wiki_space import SERIES_MAP, xml_export

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
