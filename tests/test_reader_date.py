"""Right on any day: overdue and due-soon marks, counts and ":overdue:" listings follow the
reader's date (Playwright's clock), not the build's; without JavaScript the build's stay.
Meeting times are also shown in the reader's time zone.

In a real browser on the example site, as its readers get it (issue 15 keeps browser tests on
the real pages)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import TODAY, built_and_served, copy_site, read_on, require_chromium

A_YEAR_ON = "2023-08-01"
"""Every open action of the example with a due date (five, the latest 2022-12-31) is overdue."""
DUE = {"des-compression": "2022-08-15", "compression-noise": "2022-08-29", "ap-image-gap": "2022-12-31"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with built_and_served(copy_site(tmp_path_factory.mktemp("reader") / "site")) as url:
        yield url


@pytest.fixture
def reader(chromium, base_url: str):
    """Open a page of the site on a given date (and time zone), with or without JavaScript."""
    contexts = []

    def open_page(path: str, date: str, javascript: bool = True, zone: str = "America/Los_Angeles"):
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900},
            base_url=base_url,
            java_script_enabled=javascript,
            timezone_id=zone,
        )
        contexts.append(context)
        page = context.new_page()
        if javascript:
            read_on(page, date)
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


def words(locator) -> str:
    """An element's text as written (not as CSS cases it), spaces collapsed."""
    return " ".join(locator.text_content().split())


def overdue_rows(page, table: str = "table.minutes-action-table") -> list[str]:
    return page.eval_on_selector_all(
        f"{table} tbody tr",
        """rows => rows.filter(r => r.offsetParent !== null && r.classList.contains('minutes-overdue'))
                       .map(r => r.cells[0].querySelector('a[href*="#"]').getAttribute('href').split('#')[1])""",
    )


def visible_rows(page, table: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{table} tbody tr",
        """rows => rows.filter(r => r.offsetParent !== null)
                       .map(r => r.cells[0].querySelector('a[href*="#"]').getAttribute('href').split('#')[1])""",
    )


def test_on_the_build_date_nothing_moves(reader) -> None:
    page = reader("index.html", TODAY)
    assert "0 overdue as of 2022-08-01." in words(page.locator(".minutes-overview .minutes-counts"))
    assert visible_rows(page, ".minutes-action-table-wrap table") == []
    assert page.locator(".minutes-overdue-empty").is_visible()


def test_a_year_on_the_marks_and_counts_move(reader) -> None:
    page = reader("index.html", A_YEAR_ON)
    counts = words(page.locator(".minutes-overview .minutes-counts"))
    assert "5 overdue as of 2023-08-01 (your date; the site was built on 2022-08-01)." in counts
    series = page.eval_on_selector_all(
        "tr.minutes-series-row", "rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[3].textContent.trim()])"
    )
    assert series == [["DM-SST", "4"], ["DM Leadership Team", "1"]]
    # The :overdue: listing shows what the reader's date made overdue.
    listing = ".minutes-action-table-wrap table"
    assert len(visible_rows(page, listing)) == 5 and set(DUE) <= set(visible_rows(page, listing))
    assert not page.locator(".minutes-overdue-empty").is_visible()
    assert "5 overdue as of 2023-08-01" in page.locator(".minutes-filter-asof").inner_text()

    report = reader("actions/index.html", A_YEAR_ON)
    assert set(DUE) <= set(overdue_rows(report))
    assert report.locator("tr.minutes-overdue .minutes-badge.minutes-overdue").count() == 5
    report.get_by_label("Overdue only").check()
    assert report.locator(".minutes-filter-count").inner_text().startswith("5 of ")

    person = reader("people/jbosch.html", A_YEAR_ON)
    assert "1 overdue as of 2023-08-01" in words(person.locator(".minutes-counts"))
    assert overdue_rows(person) == ["compression-noise"]
    people = reader("people/index.html", A_YEAR_ON)
    jim = people.locator("tr.minutes-person-row", has_text="Jim Bosch")
    assert jim.locator("td").nth(2).inner_text() == "1"
    assert "minutes-overdue" in jim.get_attribute("class")
    meeting = reader("minutes/dm-sst/2022-06-27.html", A_YEAR_ON)
    box = meeting.locator("#compression-noise").locator(
        "xpath=ancestor-or-self::*[contains(@class,'minutes-status-open')][1]"
    )
    assert box.locator(".minutes-action-meta .minutes-badge.minutes-overdue").count() == 1


def test_due_within_a_week_is_marked_soon(reader) -> None:
    page = reader("actions/index.html", "2022-08-10")
    soon = page.eval_on_selector_all(
        "table.minutes-action-table tbody tr.minutes-due-soon",
        "rows => rows.map(r => r.cells[0].querySelector('a[href*=\"#\"]').getAttribute('href').split('#')[1])",
    )
    assert soon == ["des-compression"]
    assert page.locator("tr.minutes-due-soon .minutes-badge.minutes-due-soon").text_content() == "due soon"
    assert overdue_rows(page) == []


def test_without_javascript_the_build_dates_marks_stay(reader) -> None:
    page = reader("index.html", A_YEAR_ON, javascript=False)
    assert "0 overdue as of 2022-08-01." in words(page.locator(".minutes-overview .minutes-counts"))
    assert visible_rows(page, ".minutes-action-table-wrap table") == []
    assert page.locator(".minutes-overdue-empty").is_visible()
    report = reader("actions/index.html", A_YEAR_ON, javascript=False)
    assert overdue_rows(report) == []


def test_meeting_time_in_the_readers_time_zone(reader) -> None:
    page = reader("minutes/dm-sst/2022-06-13.html", TODAY, zone="Europe/Paris")
    local = page.locator(".minutes-time .minutes-local-time")
    assert local.is_visible()
    assert "18:00\u201319:00" in local.inner_text() and "Europe/Paris" in local.inner_text()
    tokyo = reader("minutes/dm-sst/2022-06-13.html", TODAY, zone="Asia/Tokyo")
    text = tokyo.locator(".minutes-time .minutes-local-time").inner_text()
    assert "Tuesday 14 June, 01:00\u201302:00" in text
    home = reader("minutes/dm-sst/2022-06-13.html", TODAY, zone="America/Los_Angeles")
    assert not home.locator(".minutes-time .minutes-local-time").is_visible()
