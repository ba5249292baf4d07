"""The built site in a real browser (Debian's Chromium through Playwright), at a laptop's
and a phone's width: moving around, the Contents button, no sideways page scroll, search.

On the example site on purpose: a reader's walk through the real pages, in their look.

Skipped, saying why, where /usr/bin/chromium is missing; with CI=true they must run.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import built_and_served, copy_site, require_chromium

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 420, "height": 800}
SIZES = [pytest.param(LAPTOP, id="1280x900"), pytest.param(PHONE, id="420x800")]
MEETING = "minutes/dm-sst/2022-06-27.html"
SEARCHED_MEETING = "minutes/dmlt/2022-08-09.html"
SEARCHED_WORD = "heliotrope"

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

LONG_WORDS_PAGE = "minutes/dmlt/2022-08-16.md"
LONG = "https://example.org/a/very/long/path/that/never/ends/" + "a" * 80 + ".pdf"
LONG_WORDS = (
    "# DMLT with a title that runs on " + "Supercalifragilistic" * 4 + "\n\n```{meeting}\n:date: 2022-08-16\n"
    ":participants: lguy\n:location: Building 42, room 3." + "14159" * 15 + "\n```\n\n"
    f"::::{{topic}} Links pasted whole\n:materials: {LONG}\n\nSee {LONG} inline.\n\n"
    ":::{action} " + "Anactionwithoutspaces" * 5 + "\n:owner: lguy\n:::\n::::\n"
)
"""A meeting of pasted links and long words, which must wrap rather than widen the page."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, plus one meeting with a word found nowhere else, built and served on
    127.0.0.1 for as long as the module's tests run."""

    srcdir = copy_site(
        tmp_path_factory.mktemp("browser") / "site",
        pages={
            "minutes/dmlt/2022-08-09.md": (
                "# DMLT monthly\n\n```{meeting}\n:date: 2022-08-09\n:participants: lguy, cslater\n```\n\n"
                f"::::{{topic}} Colours\n:lead: lguy\n\nThe {SEARCHED_WORD} palette stays for the portal.\n\n"
                ":::{action} Send the palette to the portal team\n:id: palette-late\n:owner: lguy\n"
                ":due: 2022-07-01\n:::\n::::\n"
            ),
            LONG_WORDS_PAGE: LONG_WORDS,
        },
    )
    with built_and_served(srcdir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium) -> Browser:
    return chromium


@pytest.fixture
def page_at(browser: Browser, site_url: str) -> Iterator:
    """A page of the given size; every request it makes is recorded in ``page.requested``."""
    contexts = []

    def open_page(size: dict[str, int]) -> Page:
        context = browser.new_context(viewport=size)
        contexts.append(context)
        page = context.new_page()
        page.requested = []
        page.on("request", lambda request: page.requested.append(request.url))
        return page

    yield open_page
    for context in contexts:
        context.close()


def open_navigation(page: Page, size: dict[str, int]) -> None:
    """On a phone the site navigation sits behind the Contents button."""
    if size is PHONE:
        page.locator("#technote-contents-toggle").click()
        expect(page.locator(".technote-outline-container")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_from_a_meeting_to_the_open_actions_and_back(page_at, site_url: str, size) -> None:
    page = page_at(size)
    page.goto(site_url + MEETING)
    expect(page.locator("article .minutes-eyebrow")).to_have_text("DM-SST")
    open_navigation(page, size)
    page.locator("nav.minutes-site-nav").get_by_role("link", name="Open actions").click()
    expect(page).to_have_url(site_url + "actions/index.html")
    expect(page.locator("article h1")).to_have_text("Open actions#")
    row = page.locator("table.minutes-action-table tr", has_text="Measure the noise added").first
    row.get_by_role("link", name="2022-06-27").click()
    expect(page).to_have_url(site_url + MEETING + "#compression-noise")
    expect(page.locator("article h1")).to_contain_text("DM-SST Agenda and Meeting notes")
    open_navigation(page, size)
    page.locator("nav.minutes-site-nav").get_by_role("link", name="Home").click()
    expect(page).to_have_url(site_url + "index.html")
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.requested), page.requested


def test_contents_button_on_a_phone(page_at, site_url: str) -> None:
    page = page_at(PHONE)
    page.goto(site_url + MEETING)
    button = page.locator("#technote-contents-toggle")
    outline = page.locator(".technote-outline-container")
    expect(button).to_be_visible()
    expect(outline).to_be_hidden()
    button.click()
    expect(outline).to_be_visible()
    expect(outline.locator("nav.minutes-site-nav")).to_be_visible()
    expect(outline.locator(".technote-toc")).to_contain_text("Compression follow-up")
    expect(button).to_contain_text("Hide contents")
    outline.get_by_role("link", name="Compression follow-up").click()
    expect(outline).to_be_hidden()
    expect(page).to_have_url(site_url + MEETING + "#compression-follow-up")


def test_a_short_meeting_on_a_tall_screen_keeps_the_eyebrow_on_its_title(page_at, site_url: str) -> None:
    page = page_at({"width": 1280, "height": 2400})
    page.goto(site_url + "minutes/dmlt/2022-07-12.html")
    eyebrow = page.locator("article .minutes-eyebrow").bounding_box()
    title = page.locator("article h1").bounding_box()
    assert eyebrow and title
    assert eyebrow["y"] < 100 and title["y"] - eyebrow["y"] < 100, (eyebrow, title)


def test_no_contents_button_on_a_laptop(page_at, site_url: str) -> None:
    page = page_at(LAPTOP)
    page.goto(site_url + MEETING)
    expect(page.locator("#technote-contents-toggle")).to_be_hidden()
    expect(page.locator("nav.minutes-site-nav")).to_be_visible()
    expect(page.locator(".technote-toc")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        MEETING,
        "actions/index.html",
        "actions/closed.html",
        "minutes/dm-sst/index.html",
        "people/index.html",
        "people/gdf.html",
        LONG_WORDS_PAGE.replace(".md", ".html"),
    ],
)
def test_the_page_never_scrolls_sideways(page_at, site_url: str, size, path: str) -> None:
    page = page_at(size)
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    widths = page.evaluate("""() => {
        const article = document.querySelector('.technote-article-container');
        return {page: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                view: document.documentElement.clientWidth,
                article: article.scrollWidth, articleView: article.clientWidth};
    }""")
    assert widths["page"] <= widths["view"], widths
    assert widths["body"] <= widths["view"], widths
    assert widths["article"] <= widths["articleView"], widths


@pytest.mark.parametrize("size", SIZES)
def test_wide_tables_fit_a_laptop_and_scroll_inside_on_a_phone(page_at, site_url: str, size) -> None:
    page = page_at(size)
    page.goto(site_url + "actions/index.html")
    box = page.locator(".minutes-table-scroll").first
    overflow = box.evaluate("(e) => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
    scroll_width, client_width, overflow_x = overflow
    assert overflow_x == "auto"
    if size is LAPTOP:
        assert scroll_width <= client_width, overflow
    else:
        assert scroll_width > client_width, overflow


@pytest.mark.parametrize("size", SIZES)
def test_the_agenda_time_header_wraps_on_a_phone_and_leaves_the_topics_room(page_at, site_url: str, size) -> None:
    """R24: "Time (America/Los_Angeles)" kept to one line made the topics wrap at every word."""
    page = page_at(size)
    page.goto(site_url + "minutes/dm-sst/2022-06-06.html")
    sizes = page.evaluate("""() => {
        const table = document.querySelector('table.minutes-agenda-table');
        const [time, topic] = table.querySelectorAll('thead th');
        const lines = (e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
        return {time: time.getBoundingClientRect().width, topic: topic.getBoundingClientRect().width,
                header: time.textContent, headerLines: lines(time.querySelector('p')),
                firstTopicLines: lines(table.querySelector('tbody td:nth-child(2) a'))};
    }""")
    assert sizes["header"] == "Time (America/Los_Angeles)", sizes
    if size is PHONE:
        assert sizes["headerLines"] >= 2 and sizes["time"] < sizes["topic"], sizes
        assert sizes["firstTopicLines"] <= 2, sizes  # "Welcome, project science updates"
    else:
        assert sizes["headerLines"] == 1 and sizes["firstTopicLines"] == 1, sizes


@pytest.mark.parametrize("size", SIZES)
def test_search_finds_a_meeting_by_a_word_in_its_notes(page_at, site_url: str, size) -> None:
    page = page_at(size)
    page.goto(site_url + MEETING)
    open_navigation(page, size)
    search = page.locator("nav, form").locator("input.minutes-search-input").first
    search.fill(SEARCHED_WORD)
    search.press("Enter")
    expect(page).to_have_url(site_url + f"search.html?q={SEARCHED_WORD}")
    hit = page.locator("#search-results a", has_text="DMLT monthly").first
    expect(hit).to_be_visible(timeout=10_000)
    assert hit.get_attribute("href").startswith(SEARCHED_MEETING)
    expect(page.locator("#search-results li")).to_have_count(1)
    hit.click()
    expect(page.locator("article")).to_contain_text(SEARCHED_WORD)


MARKS = [
    ("actions/index.html", "tr.minutes-overdue .minutes-badge.minutes-overdue"),
    ("actions/index.html", "tr.minutes-overdue td:nth-child(2) .minutes-due"),
    (MEETING, ".minutes-action-head .minutes-badge.minutes-status-open"),
    ("actions/closed.html", ".minutes-badge.minutes-status-done"),
]
"""Status and overdue marks, each of which must read at WCAG AA contrast in both schemes."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_scheme_follows_the_reader(browser: Browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(viewport=LAPTOP, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "actions/index.html")
        expect(page.locator("html")).to_have_attribute("data-theme", scheme)
        colours = page.evaluate("""() => {
            const body = getComputedStyle(document.body);
            return [body.color, body.backgroundColor];
        }""")
        assert colours[0] != colours[1]
        dark_background = colours[1] in ("rgb(31, 33, 33)", "rgb(27, 31, 36)")
        assert dark_background == (scheme == "dark"), colours
        for path, mark in MARKS:
            page.goto(site_url + path)
            ratio = page.locator(mark).first.evaluate(CONTRAST)
            assert ratio >= 4.5, (scheme, path, mark, ratio)
    finally:
        context.close()


CONTRAST = """(element) => {
    const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const background = (e) => {
        for (; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return rgb(c);
        }
        return [255, 255, 255];
    };
    const luminance = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const a = luminance(rgb(getComputedStyle(element).color));
    const b = luminance(background(element));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_no_sideways_scroll_with_a_classic_scrollbar(browser: Browser, site_url: str) -> None:
    """Desktop browsers without overlay scrollbars count the vertical bar in 100vw: the wide
    tables must still leave the article unscrolled (headless Chromium hides bars unless asked)."""
    from conftest import CHROMIUM

    classic = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        ignore_default_args=["--hide-scrollbars"],
    )
    try:
        page = classic.new_page(viewport={"width": 1280, "height": 900})
        for path in ("actions/index.html", "people/gdf.html", MEETING):
            page.goto(site_url + path)
            widths = page.evaluate("""() => {
                const article = document.querySelector('.technote-article-container');
                return [document.documentElement.clientWidth, window.innerWidth,
                        article.scrollWidth, article.clientWidth];
            }""")
            view, window, article, article_view = widths
            assert view < window, widths  # the bar takes room: the case this test is about
            assert article <= article_view, (path, widths)
    finally:
        classic.close()
