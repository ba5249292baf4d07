"""An incremental build writes the pages whose output changes, not every page.

Found by the benchmark (benchmarks/RESULTS.md): the first rebuild after a clean build
rewrote every meeting page.

On the example site on purpose: which pages Sphinx writes again depends on the site's toctree
shape, its listings and its look, and the question is what an edit costs on the real site.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import copy_site, nested_shape_pages


def html_mtimes(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def test_prose_edit_after_clean_build_rewrites_few_pages(make_app, tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    before = html_mtimes(Path(app.outdir))

    page = site / "minutes/dm-sst/2022-06-27.md"
    page.write_text(page.read_text() + "\nA sentence added after the meeting.\n")
    again = make_app("html", srcdir=site)
    again.build()
    after = html_mtimes(Path(again.outdir))

    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert "minutes/dm-sst/2022-06-27.html" in rewritten
    assert "A sentence added after the meeting." in (Path(again.outdir) / "minutes/dm-sst/2022-06-27.html").read_text()
    untouched_meetings = {
        "minutes/dm-sst/2022-06-06.html",
        "minutes/dm-sst/2022-06-13.html",
        "minutes/dmlt/2022-06-07.html",
    }
    assert not untouched_meetings & rewritten, sorted(rewritten)


def test_listing_pages_are_written_when_what_they_list_changes(make_app, tmp_path: Path) -> None:
    site = copy_site(tmp_path / "site")
    make_app("html", srcdir=site, freshenv=True).build()
    page = site / "minutes/dm-sst/2022-06-27.md"
    page.write_text(page.read_text() + "\nA sentence added after the meeting.\n")
    app = make_app("html", srcdir=site)
    app.build()
    outdir = Path(app.outdir)
    before = html_mtimes(outdir)

    title, rest = page.read_text().split("\n", 1)
    page.write_text(f"{title}\n\nA note above everything, moving every line below it.\n{rest}")
    make_app("html", srcdir=site).build()
    after_prose = html_mtimes(outdir)
    assert after_prose["actions/index.html"] == before["actions/index.html"]
    assert after_prose["minutes/dm-sst/2022-06-27.html"] != before["minutes/dm-sst/2022-06-27.html"]

    meeting = site / "minutes/dm-sst/2022-06-06.md"
    meeting.write_text(meeting.read_text().replace(":id: des-compression\n", ":id: des-compression\n:status: done\n"))
    make_app("html", srcdir=site).build()
    after_action = html_mtimes(outdir)
    for listing in ("actions/index.html", "actions/closed.html", "index.html", "minutes/dm-sst/index.html"):
        assert after_action[listing] != after_prose[listing], listing
    # Listings that cannot show a DM-SST action, and meeting pages that do not show it, stand.
    assert after_action["minutes/dmlt/index.html"] == after_prose["minutes/dmlt/index.html"]
    assert after_action["minutes/dmlt/2022-06-07.html"] == after_prose["minutes/dmlt/2022-06-07.html"]
    closed = BeautifulSoup((outdir / "actions/closed.html").read_text(), "html.parser")
    assert any(a["href"].endswith("#des-compression") for a in closed.select("table a[href]"))
    open_page = BeautifulSoup((outdir / "actions/index.html").read_text(), "html.parser")
    assert not any(a["href"].endswith("#des-compression") for a in open_page.select("table a[href]"))

    # An edit that changes no listed row (the action is closed already by a later update)
    # writes no listing page.
    meeting = site / "minutes/dm-sst/2022-06-13.md"
    meeting.write_text(
        meeting.read_text().replace(":id: alert-schema-note\n", ":id: alert-schema-note\n:status: done\n")
    )
    make_app("html", srcdir=site).build()
    after_noop = html_mtimes(outdir)
    for listing in ("actions/index.html", "actions/closed.html", "index.html", "minutes/index.html"):
        assert after_noop[listing] == after_action[listing], listing
    assert after_noop["minutes/dm-sst/2022-06-13.html"] != after_action["minutes/dm-sst/2022-06-13.html"]


def test_an_action_edit_writes_only_pages_whose_output_changes(make_app, tmp_path: Path) -> None:
    """Closing an action writes its meeting, the listings that show it and its owners' pages,
    each of them changed; no page only because Sphinx's toctree bookkeeping names the page above
    a listing page, and no person page of someone who only attended the meeting."""
    site = copy_site(tmp_path / "site")
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    outdir = Path(app.outdir)
    before = html_mtimes(outdir)
    before_text = {name: (outdir / name).read_bytes() for name in before}

    meeting = site / "minutes/dm-sst/2022-06-06.md"
    meeting.write_text(meeting.read_text().replace(":id: des-compression\n", ":id: des-compression\n:status: done\n"))
    make_app("html", srcdir=site).build()
    after = html_mtimes(outdir)

    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    expected = {
        "minutes/dm-sst/2022-06-06.html",
        "minutes/dm-sst/index.html",
        "actions/index.html",
        "actions/closed.html",
        "index.html",
    }
    assert expected <= rewritten, sorted(rewritten)
    assert any(name.startswith("people/") for name in rewritten), sorted(rewritten)
    # search.html is Sphinx's, written on every build; here it changes too (the action's status).
    same = sorted(name for name in rewritten if (outdir / name).read_bytes() == before_text.get(name))
    assert not same, f"written again with the same output: {same}"


def test_a_due_date_edit_does_not_write_the_page_above_the_series_page(make_app, tmp_path: Path) -> None:
    """In FORMAT.md v1.1's nested shape the series page lists the action and is written again;
    "All meetings", whose toctree holds the series page, shows no due date: Sphinx would write
    it too (its toctree bookkeeping), but the series page was not read again, so its title and
    sections, all it gives "All meetings", stood still. (In the flat shape the page above a
    series page is the home page, whose overdue list shows the due date.)"""
    site = copy_site(tmp_path / "site", pages=nested_shape_pages())
    app = make_app("html", srcdir=site, freshenv=True)
    app.build()
    outdir = Path(app.outdir)
    before = html_mtimes(outdir)

    meeting = site / "minutes/dm-sst/2022-06-06.md"
    meeting.write_text(meeting.read_text().replace(":due: 2022-12-31\n", ":due: 2022-12-30\n"))
    make_app("html", srcdir=site).build()
    after = html_mtimes(outdir)

    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert {"minutes/dm-sst/2022-06-06.html", "minutes/dm-sst/index.html", "actions/index.html"} <= rewritten
    assert "2022-12-30" in (outdir / "minutes/dm-sst/index.html").read_text()
    assert "minutes/index.html" not in rewritten, sorted(rewritten)
