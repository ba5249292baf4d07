"""Search finds people and actions: person pages and the people index are in Sphinx's index,
and a search for an action's words shows its status and owners.

The index is read from the listings root's build. The searches in a real browser run on the
example site: they are what a reader does on the published site's search page, in its look,
with its actions' words."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import built_and_served, copy_root, copy_site, read_on, require_chromium


def search_index(out: Path) -> dict:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S)[1])


def pages_for(index: dict, word: str) -> set[str]:
    found: list[int] = []
    for kind in ("terms", "titleterms"):
        entry = index[kind].get(word, [])
        found += entry if isinstance(entry, list) else [entry]  # one page is written as its number
    return {index["docnames"][i] for i in found}


def test_person_pages_and_the_people_index_are_indexed_and_stay_so(tmp_path: Path) -> None:
    site = copy_root("listings", tmp_path / "site")
    for fresh in (True, False):  # an incremental build keeps them in the index too
        app = SphinxTestApp("html", srcdir=site, freshenv=fresh)
        try:
            app.build()
        finally:
            app.cleanup()
        index = search_index(Path(app.outdir))
        titles = dict(zip(index["docnames"], index["titles"]))
        assert titles["people/kbechtol"] == "Keith Bechtol" and titles["people/index"] == "People"
        assert "people/kbechtol" in pages_for(index, "bechtol")
        assert "people/kbechtol" in pages_for(index, "kbechtol")  # the id
        assert "people/index" in pages_for(index, "bechtol")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with built_and_served(copy_site(tmp_path_factory.mktemp("search") / "site")) as url:
        yield url


def search(laptop_page, words: str):
    read_on(laptop_page, "2022-08-01")
    laptop_page.goto("search.html?q=" + words.replace(" ", "+"))
    laptop_page.wait_for_selector("#search-results li")
    return laptop_page


def test_searching_a_persons_name_finds_their_page(laptop_page) -> None:
    page = search(laptop_page, "Jim Bosch")
    links = page.eval_on_selector_all("#search-results li > a", "links => links.map(a => a.getAttribute('href'))")
    assert any(link.startswith("people/jbosch.html") for link in links), links


def test_searching_an_actions_words_shows_its_status_and_owners(laptop_page) -> None:
    page = search(laptop_page, "lossy compression")
    result = page.locator(".minutes-action-result", has_text="Measure the noise added by lossy compression")
    assert result.locator(".minutes-status-open").text_content() == "open"
    assert "Jim Bosch" in result.text_content() and "due 2022-08-29" in result.text_content()
    assert result.locator("a").get_attribute("href") == "minutes/dm-sst/2022-06-27.html#compression-noise"
    # Sphinx's own result for the action says the same.
    page.wait_for_selector("#search-results li .minutes-action-result-details")
    sphinx = page.locator("#search-results li", has=page.locator("a[href$='#minutes-action-compression-noise']"))
    assert "Jim Bosch" in sphinx.first.text_content() and "open" in sphinx.first.text_content()


def test_a_closed_actions_result_says_so(laptop_page) -> None:
    page = search(laptop_page, "camera schedule")
    result = page.locator(".minutes-action-result", has_text="Look up the schedule of the camera")
    assert result.locator(".minutes-status-done").text_content() == "done"
    assert "Keith Bechtol" in result.text_content()
