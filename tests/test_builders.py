"""The builders besides html show the minutes as html does: singlehtml (every page in one,
R45) and the serializing builders json and pickle that web apps read (R43)."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def body_links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.select("div.body a[href]")]


@pytest.mark.sphinx("singlehtml", testroot="listings", freshenv=True)
def test_singlehtml_shows_each_action_state_and_the_agenda_and_links_within_the_page(app):
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert "could not be resolved" not in page
    camera = soup.find("div", id="camera-schedule")
    state = camera.find(class_="minutes-action-state").get_text(" ", strip=True)
    assert "Keith Bechtol" in state and "2022-07-01" in state and "camera-schedule" in state
    assert "done" in camera.get_text(" ", strip=True)
    draft = soup.find("div", id="dmlt-2022-07-12-2").find(class_="minutes-action-state").get_text(" ", strip=True)
    assert "Keith Bechtol" in draft and "2022-07-15" in draft
    agenda = soup.select("div.minutes-agenda")
    assert len(agenda) == 1 and "Cameras" in agenda[0].get_text() and "Eric Bellm" in agenda[0].get_text()
    links = body_links(soup)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    assert links and all(link.startswith("#") and link.count("#") == 1 for link in links), links
    assert [link for link in links if link[1:] not in ids] == []
    # No person pages in one page: people are named, not linked to pages that are not there.
    assert "people/" not in page
    assert soup.select("div.body .minutes-person") and not soup.select("div.body a.minutes-person")
    assert not (Path(app.outdir) / "people" / "kbechtol.html").exists()
    # Nor are the exports written: a Markdown link to them or to a person page keeps its text.
    intro = next(p.get_text() for p in soup.select("div.body p") if p.get_text().startswith("Each person"))
    assert intro == "Each person’s actions are on their pages; open actions in a calendar."
    assert not (Path(app.outdir) / "actions.ics").exists()


def meeting_context(outdir: Path, suffix: str) -> dict:
    path = outdir / "minutes" / "dm-sst" / f"2022-06-06.{suffix}"
    if suffix == "fjson":
        return json.loads(path.read_text(encoding="utf-8"))
    return pickle.loads(path.read_bytes())


@pytest.mark.parametrize(
    "suffix",
    [
        pytest.param("fjson", marks=pytest.mark.sphinx("json", testroot="listings", freshenv=True), id="json"),
        pytest.param("fpickle", marks=pytest.mark.sphinx("pickle", testroot="listings", freshenv=True), id="pickle"),
    ],
)
def test_the_serializing_builders_build_the_minutes_with_their_feeds(app, suffix):
    app.build()
    outdir = Path(app.outdir)
    context = meeting_context(outdir, suffix)
    body = context["body"]
    assert "Look up the camera schedule" in body and "Keith Bechtol" in body and "2022-07-01" in body
    assert "could not be resolved" not in body and "minutes-agenda" in body
    # The feeds a web app puts in the page's head, as the site's own paths.
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" [^>]*href="minutes\.atom">', context["metatags"]
    )
    assert 'href="minutes/dm-sst/meetings.atom"' in context["metatags"]
    # No template is written, so no person page: a person is named, never linked to one.
    assert "people/" not in body
    assert not list(outdir.glob(f"people/*.{suffix}"))
    assert (outdir / "minutes.atom").exists() and (outdir / "actions.json").exists()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("listings.tex", marks=pytest.mark.sphinx("latex", testroot="listings", freshenv=True), id="latex"),
        pytest.param(
            "listings.texi", marks=pytest.mark.sphinx("texinfo", testroot="listings", freshenv=True), id="texinfo"
        ),
    ],
)
def test_the_books_show_each_action_state_and_the_agenda(app, name):
    """LaTeX and Texinfo also transform the pages at once, as their root document (R45)."""
    app.build()
    book = (Path(app.outdir) / name).read_text(encoding="utf-8").replace(r"\sphinxhyphen{}", "-")
    assert "could not be resolved" not in book
    assert "Agenda" in book and "Eric Bellm" in book
    assert "Keith Bechtol" in book and "2022-07-01" in book and "2022-07-15" in book
