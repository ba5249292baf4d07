"""The published site as a reader gets it: every page a page of one site in the technote look,
with its own title and canonical URL, the site navigation, and nothing fetched from elsewhere.

On the example site on purpose: its point is the whole published site, every page of it in its
own look (Rubin branding, technote.toml, its toctree), not one listing or one directive."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, copy_site, nested_shape_pages

BASEURL = "https://dm-sst-minutes.lsst.io/"
SITE_TITLE = "DM-SST meeting minutes"


def build(make_app, srcdir: Path, **kwargs):
    app = make_app("html", srcdir=srcdir, freshenv=True, **kwargs)
    app.build()
    return app


def pages(outdir: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the site by its path, the search page included."""
    found = {}
    for path in sorted(outdir.rglob("*.html")):
        relative = path.relative_to(outdir).as_posix()
        if relative.startswith(("_static/", "_sources/")):
            continue
        found[relative] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, make_app_module):
    """One build of the example site for every test that only reads it."""
    app = build(make_app_module, copy_site(tmp_path_factory.mktemp("theme") / "site"))
    app.cleanup()  # docutils' registry reset now, for the builds of the tests that make their own
    return app, pages(Path(app.outdir))


def is_remote(url: str) -> bool:
    return bool(urlsplit(url).netloc) or url.startswith("//")


def test_builds_without_warnings(site):
    app, _ = site
    assert app.warning.getvalue().strip() == ""


def test_every_page_has_site_navigation_with_a_link_home(site):
    app, found = site
    assert {
        "index.html",
        "minutes/dm-sst/2022-06-27.html",
        "actions/index.html",
        "search.html",
        "people/index.html",
        "people/kbechtol.html",
    } <= set(found)
    for path, soup in found.items():
        nav = soup.select_one("nav.minutes-site-nav")
        assert nav is not None, path
        home = nav.select_one("a.minutes-home-link")
        assert home is not None and home.get_text(strip=True) == "Home", path
        assert urljoin(path, home["href"]) == "index.html", path
        labels = [a.get_text(strip=True) for a in nav.select("a")]
        assert {"All meetings", "Open actions", "Closed actions", "People"} <= set(labels), (path, labels)
        people = nav.select_one("a.minutes-people-link")
        assert urljoin(path, people["href"]) == "people/index.html", path
        logo = soup.select_one(".technote-logo-container a.minutes-home-logo")
        assert logo is not None and urljoin(path, logo["href"]) == "index.html", path


def test_every_page_has_its_own_title_and_canonical_url(site):
    _, found = site
    titles = {}
    for path, soup in found.items():
        title = soup.title.get_text()
        h1 = soup.select_one("article h1")
        assert h1 is not None, path
        heading = h1.get_text().rstrip("#").strip()
        meeting_date = re.fullmatch(r"minutes/[^/]+/(\d{4}-\d{2}-\d{2})\.html", path)
        if meeting_date:
            heading = f"{meeting_date[1]} {heading}"
        if heading == SITE_TITLE:
            assert title == SITE_TITLE, path
        else:
            assert title == f"{heading} — {SITE_TITLE}", path
        titles[path] = title
        canonical = soup.select('link[rel="canonical"]')
        assert len(canonical) == 1, path
        assert canonical[0]["href"] == BASEURL + path, path
    assert titles["actions/index.html"] == f"Open actions — {SITE_TITLE}"
    assert titles["minutes/dm-sst/2022-06-27.html"] == f"2022-06-27 DM-SST Agenda and Meeting notes — {SITE_TITLE}"
    assert len(set(titles.values())) == len(titles)


def test_search_results_name_meetings_by_date(site):
    app, _ = site
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert '"2022-06-27 DM-SST Agenda and Meeting notes"' in index
    assert '"2022-06-13 DM-SST Agenda and Meeting notes"' in index


def test_no_page_requests_anything_from_another_host(site):
    app, found = site
    for path, soup in found.items():
        for tag in soup.select("script[src], img[src], iframe[src], source[src], audio[src], video[src]"):
            assert not is_remote(tag["src"]), (path, str(tag))
        for tag in soup.select("link[href]"):
            rel = set(tag.get("rel", []))
            if rel & {
                "stylesheet",
                "icon",
                "preload",
                "prefetch",
                "modulepreload",
                "manifest",
                "preconnect",
                "dns-prefetch",
            }:
                assert not is_remote(tag["href"]), (path, str(tag))
        for style in soup.select("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.get_text()), path
        for script in soup.select("script:not([src])"):
            assert not re.search(r"https?://", script.get_text()), path
    for css in (Path(app.outdir) / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+(url\()?\s*['\"]?(https?:)?//", text), css.name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css.name


def test_technote_look_with_rubin_branding(site):
    app, found = site
    soup = found["index.html"]
    hrefs = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assert any("styles/technote.css" in h for h in hrefs)
    assert any("rubin/rubin-technote.css" in h for h in hrefs)
    assert soup.select_one("img.technote-themed-light")["src"].endswith("rubin/rubin-imagotype-color-on-white-crop.svg")
    assert soup.select_one('script[src*="scripts/technote.js"]') is not None
    static = Path(app.outdir) / "_static" / "rubin"
    assert (static / "fonts" / "source-sans-3-latin-wght-normal.woff2").is_file()
    assert (static / "fonts" / "OFL.txt").is_file() and (static / "LICENSE-documenteer.txt").is_file()
    assert "Source Sans 3" in (static / "rubin-technote.css").read_text()


def test_branding_can_be_switched_off(tmp_path: Path, make_app):
    app = build(make_app, copy_site(tmp_path / "site", conf="minutes_rubin_branding = False\n"))
    assert app.warning.getvalue().strip() == ""
    for path, soup in pages(Path(app.outdir)).items():
        assert "rubin" not in " ".join(str(t) for t in soup.select("link, img")), path
        assert soup.select_one(".minutes-home-logo .minutes-site-title").get_text() == SITE_TITLE


def test_meeting_page_has_series_eyebrow_over_the_title(site):
    _, found = site
    soup = found["minutes/dm-sst/2022-06-27.html"]
    article = soup.select_one("article")
    eyebrow = article.select_one(".minutes-eyebrow")
    h1 = article.select_one("h1")
    assert eyebrow.get_text(strip=True) == "DM-SST"
    assert eyebrow.find_next("h1") is h1
    assert urljoin("minutes/dm-sst/2022-06-27.html", eyebrow.a["href"]) == "minutes/dm-sst/index.html"
    assert article.select_one(".minutes-meeting dl.minutes-logistics") is not None


def test_navigation_lists_the_current_series_meetings_by_date(site):
    _, found = site
    nav = found["minutes/dm-sst/2022-06-27.html"].select_one("nav.minutes-site-nav")
    dates = [a.get_text(strip=True) for a in nav.select("li.current > ul > li > a.minutes-meeting-link")]
    assert dates == ["2022-07-18", "2022-06-27", "2022-06-13", "2022-06-06"]
    assert nav.select_one("li.current > a.current").get_text(strip=True) == "2022-06-27"
    assert "DM Leadership Team" in nav.get_text()
    assert "2022-07-12" not in nav.get_text()  # another series' meetings stay folded
    home_nav = found["index.html"].select_one("nav.minutes-site-nav")
    assert not home_nav.select("a.minutes-meeting-link")


def test_every_series_is_a_top_level_entry_and_on_all_meetings(site):
    """The home page's toctree lists "All meetings", then every series by a glob, then the
    action pages: each series is one click away in the sidebar, and "All meetings" links each."""
    _, found = site
    nav = found["minutes/index.html"].select_one("nav.minutes-site-nav")
    top = [li.a.get_text(strip=True) for li in nav.select("li.toctree-l1")]
    assert top == ["Home", "All meetings", "DM-SST", "DM Leadership Team", "Open actions", "Closed actions", "People"]
    listed = found["minutes/index.html"].select("table.minutes-series-table a")
    assert {"dm-sst/index.html", "dmlt/index.html"} <= {a["href"] for a in listed}


def test_a_site_in_the_nested_shape_still_builds_and_nests_its_sidebar(tmp_path: Path, make_app):
    """FORMAT.md v1.1's layout: the home page's toctree lists "All meetings", whose own
    toctree lists the series. Such a site builds strictly, and a meeting's sidebar shows its
    series' meetings under the series under "All meetings"."""
    app = build(make_app, copy_site(tmp_path / "site", pages=nested_shape_pages()))
    assert app.warning.getvalue().strip() == ""
    page = Path(app.outdir, "minutes/dm-sst/2022-06-27.html").read_text(encoding="utf-8")
    nav = BeautifulSoup(page, "html.parser").select_one("nav.minutes-site-nav")
    assert [li.a.get_text(strip=True) for li in nav.select("li.toctree-l1.current")] == ["All meetings"]
    assert nav.select_one("li.toctree-l2.current > a").get_text(strip=True) == "DM-SST"
    dates = [a.get_text(strip=True) for a in nav.select("li.toctree-l3 > a.minutes-meeting-link")]
    assert dates == ["2022-07-18", "2022-06-27", "2022-06-13", "2022-06-06"]


def test_every_table_scrolls_in_its_own_box(site):
    _, found = site
    for path, soup in found.items():
        for table in soup.select("article table"):
            assert "minutes-table-scroll" in table.parent.get("class", []), path


def test_search_page_uses_sphinx_search(site):
    app, found = site
    soup = found["search.html"]
    assert soup.title.get_text() == f"Search — {SITE_TITLE}"
    assert soup.select_one("#search-results") is not None
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert any(s.endswith("searchtools.js") or "searchtools.js?" in s for s in scripts)
    assert any(s.startswith("searchindex.js") for s in scripts)
    assert (Path(app.outdir) / "searchindex.js").is_file()
    for path, page in found.items():
        form = page.select_one("form.minutes-search")
        assert form is not None and urljoin(path, form["action"]) == "search.html", path


def test_print_stylesheet_hides_the_sidebar():
    css = (REPO / "_ext" / "minutes" / "static" / "minutes-site.css").read_text()
    block = css[css.index("@media print") :]
    assert ".technote-outline-container" in block and "display: none" in block


def test_a_meeting_without_a_title_whose_first_section_is_nested_builds(tmp_path: Path, make_app):
    """The eyebrow goes before the page's top-level section; a page with no title, whose first
    section is a topic inside an action, has none to go before, and must not end the build."""
    page = (
        "```{meeting}\n:date: 2022-09-05\n```\n\n:::::{action} Outer action\n:owner: lguy\n\n"
        "::::{topic} Inner topic\n::::\n:::::\n"
    )
    app = build(make_app, copy_site(tmp_path / "site", pages={"minutes/dm-sst/2022-09-05.md": page}))
    html = BeautifulSoup(
        (Path(app.outdir) / "minutes/dm-sst/2022-09-05.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert "Outer action" in html.get_text() and "Inner topic" in html.get_text()
    assert html.select_one("article .minutes-eyebrow") is not None


def test_a_long_series_shows_its_latest_meetings_and_links_to_the_rest(make_app, tmp_path):
    extra = {
        f"minutes/dm-sst/2021-{month:02d}-04.md": f"# DM-SST\n\n```{{meeting}}\n:date: 2021-{month:02d}-04\n```\n"
        for month in range(1, 13)
    }
    app = build(make_app, copy_site(tmp_path / "site", pages=extra))
    oldest = BeautifulSoup((Path(app.outdir) / "minutes/dm-sst/2021-01-04.html").read_text(), "html.parser")
    nav = oldest.select_one(".minutes-site-nav")
    dates = [a.get_text() for a in nav.select("a.minutes-meeting-link")]
    assert dates[:12] == ["2022-07-18", "2022-06-27", "2022-06-13", "2022-06-06"] + [
        f"2021-{m:02d}-04" for m in range(12, 4, -1)
    ]
    assert dates[12:] == ["2021-01-04"]  # the page itself, though older than the latest twelve
    more = nav.select_one("a.minutes-more-meetings")
    assert more.get_text() == "All 16 meetings" and more["href"] == "index.html"


@pytest.mark.parametrize("shape", ["flat", "nested"])
def test_every_sidebar_is_the_one_sphinx_resolves_for_that_page(make_app, tmp_path, shape):
    """Meeting pages reuse their series page's navigation with the current mark moved; on
    every page the sidebar is exactly what Sphinx's own global toctree for it gives, in a
    long series (shortened), a short one, on listing pages and on the home page; with the
    series at the top of the navigation (flat) and under "All meetings" (nested, FORMAT.md v1.1)."""
    from minutes.theme import global_toctree, navigation_html

    extra = {
        f"minutes/dm-sst/2021-{month:02d}-04.md": f"# DM-SST\n\n```{{meeting}}\n:date: 2021-{month:02d}-04\n```\n"
        for month in range(1, 13)
    }
    extra["minutes/dm-sst/2021-02-04-extra.md"] = "# DM-SST extra\n\n```{meeting}\n:date: 2021-02-04\n```\n"
    if shape == "nested":
        extra |= nested_shape_pages()
    app = build(make_app, copy_site(tmp_path / "site", pages=extra))
    assert bool(app.env.toctree_includes.get("minutes/index")) == (shape == "nested")
    checked = 0
    for docname in sorted(app.env.found_docs):
        built = BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(), "html.parser")
        shown = [
            str(ul)
            for ul in built.select(".minutes-site-nav > ul")
            if not {"minutes-site-nav-home", "minutes-site-nav-people"} & set(ul.get("class", []))
        ]
        expected = BeautifulSoup(navigation_html(app, docname, global_toctree(app, docname)), "html.parser")
        assert shown == [str(ul) for ul in expected.find_all("ul", recursive=False)], docname
        checked += 1
    assert checked > 20


def test_every_outline_is_the_one_technote_makes_from_sphinxs_toc(make_app, tmp_path):
    """The outline (the page's sections, without its title) is cut from Sphinx's toc HTML
    rather than parsed again; on every page it is what technote's own transform gives."""
    from sphinx.environment.adapters.toctree import document_toc
    from technote.ext.toc import transform_toc_html

    app = build(make_app, copy_site(tmp_path / "site"))
    checked = 0
    for docname in sorted(app.env.found_docs):
        page = (Path(app.outdir) / f"{docname}.html").read_text()
        shown = BeautifulSoup(page, "html.parser").select_one(".technote-toc-container > ul")
        toc = app.builder.render_partial(document_toc(app.env, docname, app.builder.tags))["fragment"]
        expected = transform_toc_html(toc)
        if expected == "<ul></ul>":  # a page with no sections shows no outline
            assert shown is None, docname
            continue
        assert shown is not None and expected in page, docname
        checked += 1
    assert checked > 5


def test_code_colours_for_both_schemes_survive_a_rebuild(make_app, tmp_path):
    """Sphinx writes its one-scheme pygments.css on every build; technote's light and dark
    colours replace it each time, the second time from the copy kept beside the doctrees."""
    srcdir = copy_site(tmp_path / "site")
    for _ in range(2):
        app = build(make_app, srcdir)
        css = (Path(app.outdir) / "_static" / "pygments.css").read_text()
        assert "html[data-theme='light'] .highlight" in css
        assert "html[data-theme='dark'] .highlight" in css
        assert not re.search(r"^\.highlight ", css, re.M)  # nothing left of Sphinx's own


def test_a_sites_own_templates_and_static_files_replace_the_extensions(tmp_path: Path, make_app):
    """The extension brings its templates and assets; a file of the site's of the same name wins."""
    site = copy_site(tmp_path / "site")
    footer = site / "_templates" / "sections" / "footer.html"
    footer.parent.mkdir(parents=True)
    footer.write_text('<div class="minutes-footer">Our own footer</div>\n')
    (site / "_static").mkdir(exist_ok=True)
    (site / "_static" / "minutes.css").write_text("/* the site's own */\n")
    app = build(make_app, site)
    assert app.warning.getvalue().strip() == ""
    found = pages(Path(app.outdir))
    for path in ("index.html", "minutes/dm-sst/2022-06-27.html", "people/kbechtol.html"):
        assert found[path].select_one(".minutes-footer").get_text(strip=True) == "Our own footer", path
        assert found[path].select_one(".minutes-sidebar") is not None, path  # the rest is the extension's
    assert (Path(app.outdir) / "_static" / "minutes.css").read_text() == "/* the site's own */\n"
    assert (Path(app.outdir) / "_static" / "minutes-tables.js").is_file()
