"""Accessible to everyone: axe-core finds no WCAG 2.1 A or AA violation on any page type, in
the light and dark schemes, at a laptop's and a phone's width; the filter bar, sorting, paging
and the Contents button work with the keyboard alone, with a visible focus.

On the example site on purpose: every page type of the real site, in its look.

axe-core comes with axe-playwright-python (pinned in requirements-dev.txt), run in Debian's
Chromium under Playwright.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import built_and_served, copy_site, read_on, require_chromium

TODAY = "2022-08-10"
"""The build's date and the reader's: one action overdue-to-be is due soon, marks show."""
PAGES = {
    "home": "index.html",
    "series": "minutes/dm-sst/index.html",
    "meeting": "minutes/dm-sst/2022-06-06.html",
    "open actions": "actions/index.html",
    "closed actions": "actions/closed.html",
    "person": "people/jbosch.html",
    "people index": "people/index.html",
    "search": "search.html?q=compression",
}
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BULK = 130
"""More actions than one page of a table shows (100), so that the pager shows."""


def bulk_meeting() -> str:
    lines = ["# Bulk", "", "```{meeting}", ":date: 2022-07-25", ":participants: jbosch", "```", ""]
    for i in range(BULK):
        lines += [
            f":::{{action}} Bulk task {i:03d}",
            f":id: bulk-{i:03d}",
            ":owner: jbosch",
            ":due: 2022-09-01",
            ":::",
            "",
        ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    srcdir = copy_site(
        tmp_path_factory.mktemp("a11y") / "site",
        pages={"minutes/dm-sst/2022-07-25.md": bulk_meeting()},
        conf=f"minutes_today = {TODAY!r}\n",
    )
    with built_and_served(srcdir) as url:
        yield url


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {' '.join(node['failureSummary'].split())}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [1280, 420])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_wcag_violations(chromium, base_url: str, axe, kind: str, scheme: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, base_url=base_url)
    try:
        page = context.new_page()
        read_on(page, TODAY)
        page.goto(PAGES[kind])
        assert page.locator("html").get_attribute("data-theme") == scheme
        if kind == "search":
            page.wait_for_selector("#search-results li")
        violations = axe.run(page, options=WCAG).response["violations"]
        assert violations == [], f"{kind}, {scheme}, {width} px:\n{report(violations)}"
    finally:
        context.close()


# -- the keyboard alone ----------------------------------------------------------------------


def focused(page) -> dict:
    """What has the focus, and whether it shows: an outline or a ring drawn around it."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return {tag: el.tagName.toLowerCase(), name: el.name || '', text: (el.textContent || '').trim(),
                id: el.id, cls: el.className || '', visible: outline || style.boxShadow !== 'none'};
    }""")


def tab_to(page, test: str, limit: int = 80) -> dict:
    """Press Tab until the focused element passes ``test`` (a JS predicate on it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({test})(document.activeElement)"):
            now = focused(page)
            assert now["visible"], f"focus is not visible on {now}"
            return now
    raise AssertionError(f"Tab never reached {test}")


def rows(page) -> list[str]:
    return page.eval_on_selector(
        "table.minutes-action-table",
        "t => Array.from(t.tBodies[0].rows).filter(r => r.offsetParent !== null).map(r => r.cells[0].textContent.trim())",
    )


def test_filter_bar_sorting_and_paging_by_keyboard(laptop_page) -> None:
    page = laptop_page
    page.goto("actions/index.html")
    total = int(page.locator(".minutes-filter-count").inner_text().split()[0])  # "136 actions."
    tab_to(page, "el => el.name === 'owner'")
    page.keyboard.press("ArrowDown")  # the first person in the list
    assert "owner=" in page.url and page.locator(".minutes-filter-count").inner_text().endswith("match.")
    page.keyboard.press("ArrowUp")  # everyone again
    assert "owner=" not in page.url
    tab_to(page, "el => el.name === 'overdue'")
    page.keyboard.press("Space")
    assert page.eval_on_selector("input[name=overdue]", "c => c.checked") and "overdue=1" in page.url
    tab_to(page, "el => el.name === 'q'")
    page.keyboard.type("Bulk task 12")
    assert page.locator(".minutes-filter-count").inner_text().startswith("0 of ")  # none overdue on TODAY
    tab_to(page, "el => el.classList.contains('minutes-filter-clear')")
    page.keyboard.press("Enter")
    assert not page.eval_on_selector("input[name=overdue]", "c => c.checked")
    assert page.eval_on_selector("input[name=q]", "q => q.value") == ""
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("Bulk task 12")
    assert page.locator(".minutes-filter-count").inner_text().startswith("12 of ")  # 012, 112, 120-129
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    # Sorting: the Description header's button, twice for descending.
    tab_to(page, "el => el.classList.contains('minutes-sort') && el.dataset.column === 'description'")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    header = page.locator("table.minutes-action-table th", has=page.locator("button[data-column=description]")).first
    assert header.get_attribute("aria-sort") == "descending"
    shown = rows(page)
    assert shown == sorted(shown, key=str.lower, reverse=True)
    # Paging: "Show 100 more" by keyboard, and the focus moves on to the rows it showed.
    assert len(shown) == 100 < total
    pager = "el => el.classList.contains('minutes-pager-more')"
    tab_to(page, pager, limit=1000)  # past the 100 rows' links
    page.keyboard.press("Enter")
    assert len(rows(page)) == total
    assert focused(page)["tag"] == "a"


def test_contents_button_by_keyboard_on_a_phone(chromium, base_url: str) -> None:
    context = chromium.new_context(viewport={"width": 420, "height": 900}, base_url=base_url)
    try:
        page = context.new_page()
        read_on(page, TODAY)
        page.goto("minutes/dm-sst/2022-06-06.html")
        outline = page.locator(".technote-outline-container")
        assert not outline.is_visible()
        tab_to(page, "el => el.id === 'technote-contents-toggle'")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert outline.is_visible()
        link = tab_to(page, "el => el.tagName === 'A' && el.closest('.minutes-site-nav') !== null")
        assert link["text"]
    finally:
        context.close()
