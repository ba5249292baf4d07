"""Person pages and the people index, as a reader sees them in the built site.

Most read the example site's person pages against its own task report and meeting pages (who
attended, who led the topic of which decision), in its look: the people, meetings and
decisions of a real series, once a module. Escaping and following an edit build the listings
root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, copy_root, copy_site

PEOPLE = yaml.safe_load((REPO / "people.yaml").read_text())

# A meeting added to the example: kbechtol owes actions overdue on 2022-08-01 and later ones,
# and pfagrelius leads a topic with a decision.
EXTRA_MEETING = """\
# DM-SST Agenda and Meeting notes

```{meeting}
:date: 2022-07-25
:time: 09:00-10:00
:participants: kbechtol, pfagrelius
```

::::{topic} Survey cadence
:lead: pfagrelius

:::{action} Later, no due date
:id: later-no-due
:owner: kbechtol
:::

:::{action} Due in September
:id: due-september
:owner: kbechtol
:due: 2022-09-01
:::

:::{action} Overdue since July
:id: overdue-july
:owner: kbechtol
:due: 2022-07-01
:::

:::{action} Overdue since June
:id: overdue-june
:owner: kbechtol, pfagrelius
:due: 2022-06-15
:::

:::{decision} Rolling cadence stays the baseline
:id: rolling-cadence
:::
::::
"""


def build(srcdir: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    srcdir = copy_site(
        tmp_path_factory.mktemp("people") / "site", pages={"minutes/dm-sst/2022-07-25.md": EXTRA_MEETING}
    )
    app = build(srcdir)
    yield app
    app.cleanup()


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def action_ids(table) -> list[str]:
    """Action anchors linked from the Description column, in row order."""
    ids = []
    for row in table.select("tbody tr"):
        link = row.find_all("td")[0].find("a", href=True)
        ids.append(link["href"].rsplit("#", 1)[1])
    return ids


def owners_in(row, this_page: str = "") -> set[str]:
    """Owner ids in a row; on a person's own page, the link to the page itself is "#"."""
    owners = set()
    for link in row.find_all("td")[2].select("a.minutes-person[href]"):
        match = re.search(r"([^/]+)\.html$", link["href"])
        owners.add(match[1] if match else this_page)
    return owners


def task_report_actions(app: SphinxTestApp) -> dict[str, set[str]]:
    """Every action of the site by owner, read from the task report's ungrouped tables."""
    owed: dict[str, set[str]] = {}
    for name in ("actions/index.html", "actions/closed.html"):
        for wrap in page(app, name).select("div.minutes-action-table-wrap"):
            if wrap.select_one(".minutes-group"):
                continue
            for row in wrap.select("table.minutes-action-table tbody tr"):
                action_id = row.find_all("td")[0].find("a", href=True)["href"].rsplit("#", 1)[1]
                for owner in owners_in(row):
                    owed.setdefault(owner, set()).add(action_id)
    return owed


def warnings(app: SphinxTestApp) -> list[str]:
    """Warnings of the build, but the one about an empty _static folder that git does not keep."""
    return [line for line in app.warning.getvalue().splitlines() if line and "html_static_path" not in line]


def test_no_warnings(site: SphinxTestApp) -> None:
    assert warnings(site) == []


@pytest.mark.parametrize("person_id", sorted(PEOPLE))
def test_person_page_lists_exactly_their_actions(site: SphinxTestApp, person_id: str) -> None:
    soup = page(site, f"people/{person_id}.html")
    assert soup.h1.get_text(strip=True) == PEOPLE[person_id]["name"]
    listed = []
    for section in ("open-actions", "closed-actions"):
        table = soup.select_one(f"section#{section} table.minutes-action-table")
        if table is not None:
            listed += action_ids(table)
            for row in table.select("tbody tr"):
                assert person_id in owners_in(row, person_id)
    assert len(listed) == len(set(listed)), "an action is listed twice"
    assert set(listed) == task_report_actions(site).get(person_id, set())


def test_open_actions_by_due_date_overdue_first(site: SphinxTestApp) -> None:
    soup = page(site, "people/kbechtol.html")
    table = soup.select_one("section#open-actions table")
    assert action_ids(table) == ["overdue-june", "overdue-july", "due-september", "later-no-due"]
    overdue = [action_ids_row(row) for row in table.select("tbody tr.minutes-overdue")]
    assert overdue == ["overdue-june", "overdue-july"]
    assert all(row.select_one(".minutes-badge.minutes-overdue") for row in table.select("tbody tr.minutes-overdue"))
    assert "2 overdue" in soup.select_one("section#open-actions").get_text()


def action_ids_row(row) -> str:
    return row.find("a", href=True)["href"].rsplit("#", 1)[1]


def test_closed_actions_most_recent_first(site: SphinxTestApp) -> None:
    soup = page(site, "people/lguy.html")
    table = soup.select_one("section#closed-actions table")
    assert action_ids(table) == ["dm-sst-2022-06-06-3"]
    assert "2022-06-13" in table.get_text()  # closed by the update of 2022-06-13
    kbechtol = page(site, "people/kbechtol.html").select_one("section#closed-actions table")
    assert action_ids(kbechtol) == ["camera-schedule"]


def test_meetings_attended_match_the_meeting_pages(site: SphinxTestApp) -> None:
    """A person's meetings are exactly those whose logistics panel names them."""
    outdir = Path(site.outdir)
    for person_id in ("jbosch", "rlupton", "pfagrelius"):
        expected = set()
        for path in sorted((outdir / "minutes").glob("*/20*.html")):
            panel = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("dl.minutes-logistics")
            if panel and panel.select_one(f'a[href$="people/{person_id}.html"]'):
                expected.add(path.relative_to(outdir).as_posix())
        rows = page(site, f"people/{person_id}.html").select("section#meetings-attended tbody tr")
        listed = {Path("people", row.find("a")["href"]).as_posix().replace("people/../", "") for row in rows}
        assert listed == expected
        dates = [row.find("td").get_text() for row in rows]
        assert dates == sorted(dates, reverse=True)
    rlupton = page(site, "people/rlupton.html").select_one("section#meetings-attended").get_text()
    assert "regrets" in rlupton


def test_decisions_in_topics_they_led(site: SphinxTestApp) -> None:
    def decisions(person_id: str) -> list[str]:
        table = page(site, f"people/{person_id}.html").select_one("section#decisions-led table")
        if table is None:
            return []
        return [row.find_all("td")[1].find("a")["href"].rsplit("#", 1)[1] for row in table.select("tbody tr")]

    assert decisions("pfagrelius") == ["rolling-cadence"]
    assert len(decisions("ebellm")) == 1
    assert (
        "Alert packets carry 30 days" in page(site, "people/ebellm.html").select_one("section#decisions-led").get_text()
    )
    assert "fluence" in page(site, "people/erykoff.html").select_one("section#decisions-led").get_text()
    assert decisions("kbechtol") == []


def test_every_person_link_reaches_a_page(site: SphinxTestApp) -> None:
    outdir = Path(site.outdir)
    seen = set()
    for path in outdir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a.minutes-person[href]"):
            if link["href"] == "#":
                assert path.parent.name == "people"  # a person's own name on their page
                continue
            target = (path.parent / link["href"].split("#")[0]).resolve()
            assert target.is_file(), f"{path.relative_to(outdir)} links {link['href']}"
            seen.add(target.stem)
    assert seen == set(PEOPLE)


def test_people_index(site: SphinxTestApp) -> None:
    soup = page(site, "people/index.html")
    rows = soup.select("table.minutes-people-table tbody tr")
    linked = [re.search(r"([^/]+)\.html$", row.find("a")["href"])[1] for row in rows]
    assert sorted(linked) == sorted(PEOPLE)
    names = [row.find("a").get_text() for row in rows]
    assert names == sorted(names, key=str.casefold)
    kbechtol = next(row for row in rows if row.find("a")["href"].endswith("kbechtol.html"))
    assert [td.get_text(strip=True) for td in kbechtol.find_all("td")[1:3]] == ["4", "2"]
    landing = page(site, "index.html")
    assert landing.select_one('a[href="people/index.html"]') is not None


def test_pages_use_the_theme_layout(site: SphinxTestApp) -> None:
    """Generated pages carry the same stylesheets and scripts as every other page."""

    def assets(soup: BeautifulSoup) -> set[str]:
        hrefs = {link["href"] for link in soup.select('link[rel="stylesheet"]')}
        hrefs |= {script["src"] for script in soup.select("script[src]")}
        return {re.sub(r"^(\.\./)+", "", h).split("?")[0] for h in hrefs}

    reference = page(site, "actions/index.html")
    person = page(site, "people/jbosch.html")
    assert assets(person) == assets(reference)
    assert "Jim Bosch" in person.title.get_text()
    assert any("minutes-tables.js" in a for a in assets(person))
    # Wide tables scroll inside their own box on a phone, as on every other page.
    for name in ("people/jbosch.html", "people/index.html"):
        tables = page(site, name).select("table")
        assert tables
        assert all("minutes-table-scroll" in table.parent.get("class", []) for table in tables), name


def test_person_page_links_calendar_and_task_report(site: SphinxTestApp) -> None:
    soup = page(site, "people/jbosch.html")
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert "jbosch.ics" in hrefs
    assert "../actions/index.html?owner=jbosch" in hrefs
    assert "index.html" in hrefs


def test_text_is_escaped(tmp_path: Path) -> None:
    meeting = (
        "# DMLT monthly\n\n:::{meeting}\n:date: 2022-07-25\n:::\n\n"
        ":::{action} Check <script>alert(1)</script> & friends\n:owner: kbechtol\n:::\n"
    )
    app = build(copy_root("listings", tmp_path / "site", pages={"minutes/dmlt/2022-07-25.md": meeting}))
    try:
        html = (Path(app.outdir) / "people/kbechtol.html").read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        assert "Check &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    finally:
        app.cleanup()


def test_pages_follow_edits(tmp_path: Path) -> None:
    """An action reassigned in a later build leaves the old owner's page and joins the new one's."""
    srcdir = copy_root("listings", tmp_path / "site")
    app = build(srcdir)
    table = page(app, "people/kbechtol.html").select_one("section#open-actions table")
    app.cleanup()
    moved = next(i for i, tr in zip(action_ids(table), table.select("tbody tr")) if "alert schema" in tr.get_text())
    meeting = srcdir / "minutes/dmlt/2022-07-12.md"
    meeting.write_text(
        meeting.read_text().replace(":owner: kbechtol\n:due: 2022-07-15", ":owner: ebellm\n:due: 2022-07-15")
    )
    app = build(srcdir)
    try:
        left = page(app, "people/kbechtol.html")
        assert "alert schema" not in left.get_text() and f"#{moved}" not in str(left)
        assert moved in action_ids(page(app, "people/ebellm.html").select_one("section#open-actions table"))
    finally:
        app.cleanup()


def test_table_text_is_escaped_as_the_templates_escape_it() -> None:
    # The rows are written in Python (pages.rows_html) beside the templates' |e: the same bytes.
    from markupsafe import escape

    from minutes.pages import escaped

    for text in ["", "plain", "<b>&amp;</b>", "\"q\" 'a' & <>", "é ☃ \u2028 &#39;", "&&<<>>''\"\""]:
        assert escaped(text) == str(escape(text))
