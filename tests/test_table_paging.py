"""A long task report in a real browser: one page of rows, "Show more" and "Show all", with
filters, sorting and the address working on every row, not only the page shown.

The example site plus one meeting of BULK actions, so the open-actions page has more than a
page (100 rows) of them. Playwright drives Debian's Chromium, as in test_table_browser.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from conftest import built_and_served, copy_site, require_chromium

TODAY = "2022-09-20"
PAGE = 100
BULK = 230
EXAMPLE_OPEN = 6  # the example site's open actions on TODAY
TOTAL = BULK + EXAMPLE_OPEN
REPORT = "actions/index.html"


def owner(i: int) -> str:
    """Half the bulk actions are Jim Bosch's: his group and his page run past one page."""
    return "jbosch" if i % 2 == 0 else ("gdf" if i % 4 == 1 else "lguy")


def due(i: int) -> dt.date | None:
    """Spread over half a year around TODAY (past the example's), in no order; every tenth has none."""
    return None if i % 10 == 0 else dt.date(2022, 8, 1) + dt.timedelta(days=i * 37 % 200)


def bulk_meeting() -> str:
    out = [
        "# DM-SST Agenda and Meeting notes",
        "",
        "```{meeting}",
        ":date: 2022-07-25",
        ":participants: lguy, jbosch, gdf",
        "```",
        "",
        "::::{topic} Many small tasks",
        "",
    ]
    for i in range(BULK):
        out += [
            f":::{{action}} Bulk task {i:03d}: {'archive the calibration frames' if i % 4 == 0 else 'review the notes'}",
            f":id: bulk-{i:03d}",
            f":owner: {owner(i)}",
        ]
        out += [f":due: {due(i).isoformat()}"] if due(i) else []
        out += [":::", ""]
    return "\n".join(out + ["::::", ""])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    srcdir = copy_site(
        tmp_path_factory.mktemp("paging") / "site",
        pages={"minutes/dm-sst/2022-07-25.md": bulk_meeting()},
        conf=f"minutes_today = {TODAY!r}\n",
    )
    with built_and_served(srcdir) as url:
        yield url


@pytest.fixture
def page(laptop_page):
    return laptop_page


ROWS_JS = """table => Array.from(table.tBodies[0].rows).filter(r => r.offsetParent !== null).map(r => ({
    id: r.cells[0].querySelector('a[href*="#"]').getAttribute('href').split('#')[1],
    due: (r.cells[1].querySelector('.minutes-due') || {textContent: ''}).textContent,
    owners: Array.from(r.cells[2].querySelectorAll('a.minutes-person')).map(a => a.getAttribute('href').split('/').pop()),
}))"""


def shown(page, table: str = "table.minutes-action-table") -> list[dict]:
    """The rows of the (first) table a reader can see, in order."""
    return page.locator(table).first.evaluate(ROWS_JS)


def pager_text(page) -> str:
    return page.locator(".minutes-pager-count").first.inner_text()


def test_long_table_shows_one_page_with_a_count_and_buttons(page) -> None:
    page.goto(REPORT)
    rows = shown(page)
    assert len(rows) == PAGE
    # the rest is not laid out, nor even in the document
    assert page.locator("table.minutes-action-table tbody tr").count() == PAGE
    count = page.locator(".minutes-pager-count")
    assert count.inner_text() == f"Showing 1–{PAGE} of {TOTAL} actions."
    assert count.get_attribute("aria-live") == "polite"
    more = page.get_by_role("button", name="Show 100 more")
    every = page.get_by_role("button", name=f"Show all {TOTAL}")
    assert more.is_visible() and every.is_visible()
    assert more.evaluate("b => b.tagName") == "BUTTON"
    assert page.locator(".minutes-filter-count").inner_text() == f"{TOTAL} actions."


def test_show_more_then_the_rest(page) -> None:
    page.goto(REPORT)
    first = shown(page)
    page.get_by_role("button", name="Show 100 more").click()
    rows = shown(page)
    assert len(rows) == 2 * PAGE and rows[:PAGE] == first
    assert pager_text(page) == f"Showing 1–{2 * PAGE} of {TOTAL} actions."
    rest = TOTAL - 2 * PAGE
    assert page.get_by_role("button", name=f"Show all {TOTAL}").is_hidden()  # the next "more" is all
    page.get_by_role("button", name=f"Show {rest} more").click()
    rows = shown(page)
    assert len(rows) == TOTAL and len({r["id"] for r in rows}) == TOTAL
    assert {f"bulk-{i:03d}" for i in range(BULK)} <= {r["id"] for r in rows}
    assert pager_text(page) == f"Showing all {TOTAL} actions."
    assert page.locator(".minutes-pager button:visible").count() == 0
    # the button went: the keyboard carries on at the first row it revealed
    assert page.evaluate("document.activeElement.closest('tr').rowIndex") == 2 * PAGE + 1


def test_show_all(page) -> None:
    page.goto(REPORT)
    page.get_by_role("button", name=f"Show all {TOTAL}").click()
    assert len(shown(page)) == TOTAL
    assert pager_text(page) == f"Showing all {TOTAL} actions."


def test_filters_count_and_find_rows_beyond_the_first_page(page) -> None:
    page.goto(REPORT)
    on_first_page = {r["id"] for r in shown(page)}
    hidden = next(f"bulk-{i:03d}" for i in reversed(range(BULK)) if f"bulk-{i:03d}" not in on_first_page)
    page.fill("form.minutes-filters input[name=q]", f"Bulk task {hidden[-3:]}")
    assert [r["id"] for r in shown(page)] == [hidden]
    assert page.locator(".minutes-filter-count").inner_text() == f"1 of {TOTAL} actions match."
    assert page.locator(".minutes-pager").is_hidden()  # one page: no paging controls

    page.fill("form.minutes-filters input[name=q]", "")
    page.select_option("form.minutes-filters select[name=owner]", "jbosch")
    mine = sum(1 for i in range(BULK) if owner(i) == "jbosch") + 2  # and two of the example's
    assert mine > PAGE
    rows = shown(page)
    assert len(rows) == PAGE and all("jbosch.html" in r["owners"] for r in rows)
    assert page.locator(".minutes-filter-count").inner_text() == f"{mine} of {TOTAL} actions match."
    assert pager_text(page) == f"Showing 1–{PAGE} of {mine} actions."
    page.get_by_role("button", name=f"Show {mine - PAGE} more").click()
    rows = shown(page)
    assert len(rows) == mine and all("jbosch.html" in r["owners"] for r in rows)
    # a filter change starts again at the first page
    page.check("form.minutes-filters input[name=overdue]")
    overdue = sum(1 for i in range(BULK) if owner(i) == "jbosch" and due(i) and due(i) < dt.date(2022, 9, 20)) + 1
    assert page.locator(".minutes-filter-count").inner_text() == f"{overdue} of {TOTAL} actions match."
    assert len(shown(page)) == min(PAGE, overdue)


def test_sorting_orders_every_row_not_the_page(page) -> None:
    page.goto(REPORT)
    page.get_by_role("button", name="Show 100 more").click()
    header = page.locator("table.minutes-action-table th", has_text="Due date").locator("button")
    header.click()
    header.click()  # latest first
    rows = shown(page)
    assert len(rows) == PAGE  # sorting starts again at the first page
    latest = max(due(i) for i in range(BULK) if due(i)).isoformat()
    assert rows[0]["due"] == latest
    page.get_by_role("button", name=f"Show all {TOTAL}").click()
    dues = [r["due"] for r in shown(page)]
    dated = [d for d in dues if d]
    assert len(dues) == TOTAL and dated == sorted(dated, reverse=True)
    assert dues[len(dated) :] == [""] * (TOTAL - len(dated))  # no due date last


def test_address_restores_filters_sort_and_first_page(page) -> None:
    page.goto(f"{REPORT}?owner=jbosch&q=archive&sort=due&order=desc")
    assert page.input_value("form.minutes-filters select[name=owner]") == "jbosch"
    assert page.input_value("form.minutes-filters input[name=q]") == "archive"
    expected = sorted((due(i).isoformat() for i in range(BULK) if i % 4 == 0 and due(i)), reverse=True)
    found = sum(1 for i in range(BULK) if i % 4 == 0)
    assert page.locator(".minutes-filter-count").inner_text() == f"{found} of {TOTAL} actions match."
    dues = [r["due"] for r in shown(page)]
    assert len(dues) == found and [d for d in dues if d] == expected
    header = page.locator("table.minutes-action-table th", has_text="Due date")
    assert header.get_attribute("aria-sort") == "descending"


def test_without_javascript_every_row_shows(chromium, base_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(REPORT)
    assert len(shown(page)) == TOTAL
    assert page.locator(".minutes-pager").count() == 0
    context.close()


def test_rows_past_the_first_page_are_not_laid_out_while_the_page_loads(page) -> None:
    """From the moment the table is parsed the stylesheet keeps its first page only (themes
    load scripts at the end of the body: a marker set there would come after the layout)."""
    probe = (
        "<script>window.laidOutWhileParsing = Array.from(document.querySelector("
        "'table.minutes-action-table').tBodies[0].rows).filter(r => getComputedStyle(r).display !== 'none').length;"
        "</script>"
    )

    def with_probe(route) -> None:
        html = route.fetch().text()
        route.fulfill(body=html.replace("</table>", "</table>" + probe, 1), content_type="text/html")

    page.route(f"**/{REPORT}", with_probe)
    page.goto(REPORT)
    assert page.evaluate("window.laidOutWhileParsing") == PAGE
    assert len(shown(page)) == PAGE


def test_every_row_shows_when_the_script_fails_to_load(page) -> None:
    page.route("**/minutes-tables.js?*", lambda route: route.abort())
    page.goto(REPORT)
    assert len(shown(page)) == TOTAL


def test_grouped_tables_page_each_group_and_filter(page) -> None:
    page.goto("minutes/dm-sst/index.html")
    groups = page.locator("p.minutes-group")
    names = groups.all_inner_texts()
    jim = names.index("Jim Bosch")
    table = page.locator("table.minutes-action-table").nth(jim)
    jims = sum(1 for i in range(BULK) if owner(i) == "jbosch") + 1  # one dm-sst action of the example
    assert len(table.evaluate(ROWS_JS)) == PAGE
    pager = page.locator(".minutes-pager:visible")  # his group alone runs past a page
    assert pager.count() == 1
    assert pager.locator(".minutes-pager-count").inner_text() == f"Showing 1–{PAGE} of {jims} actions."
    pager.get_by_role("button", name=f"Show {jims - PAGE} more").click()
    assert len(table.evaluate(ROWS_JS)) == jims
    page.select_option("form.minutes-filters select[name=owner]", "gdf")
    visible = page.locator("p.minutes-group:visible").all_inner_texts()
    assert "Gregory Dubois-Felsmann" in visible and "Jim Bosch" not in visible  # his group hides, pager and all
    rows = [r for t in page.locator("table.minutes-action-table:visible").all() for r in t.evaluate(ROWS_JS)]
    assert rows and all("gdf.html" in r["owners"] for r in rows)
    assert page.locator(".minutes-pager:visible").count() == 0


def test_person_page_pages_and_sorts_without_a_filter_bar(page) -> None:
    page.goto("people/jbosch.html")
    assert page.locator("form.minutes-filters").count() == 0
    table = "section#open-actions table.minutes-action-table"
    assert len(shown(page, table)) == PAGE
    page.locator(table).locator("th", has_text="Due date").locator("button").click()
    first_page = shown(page, table)
    assert len(first_page) == PAGE
    page.locator("section#open-actions .minutes-pager-more").click()
    dues = [r["due"] for r in shown(page, table)]
    dated = [d for d in dues if d]
    assert len(dues) > PAGE and dated == sorted(dated)
    assert first_page[0]["due"] == dated[0]  # the earliest of all his actions, not of a page
