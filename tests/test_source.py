"""The sidebar's Source and Version sections: each page's file in the repository, "Edit this
page", and the dates git gives (none without history); builds of one commit repeat.

The site is the listings root in the technote look (whose sidebar holds the sections), with a
technote.toml naming the repository and one more DM-SST meeting, of a person of its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, copy_root, html_pages
from minutes.source import parse_log

REPO_URL = "https://github.com/lsst-dm/dm-sst-minutes"
FIRST, SECOND = "2022-06-01T10:00:00+00:00", "2022-07-20T16:30:00+00:00"
LATE = "minutes/dmlt/2022-07-12.md"
"""The meeting changed again on 20 July: Keith's and Eric's actions are on it, Leanne's are not."""
PAGES = {
    "technote.toml": f'[technote]\ntitle = "Listings"\ngithub_url = "{REPO_URL}"\ngithub_default_branch = "main"\n',
    "people.yaml": (ROOTS / "test-listings" / "people.yaml").read_text() + "lguy:\n  name: Leanne Guy\n",
    "minutes/dm-sst/2022-06-20.md": (
        "# DM-SST weekly\n\n:::{meeting}\n:date: 2022-06-20\n:participants: lguy\n:::\n\n"
        ":::{action} Book the room for the DP0.3 launch\n:id: book-room\n:owner: lguy\n:due: 2022-07-20\n:::\n"
    ),
}
TECHNOTE = 'html_theme = "technote"\n'


def site_of(root: Path, conf: str = "") -> Path:
    return copy_root("listings", root, pages=PAGES, conf=TECHNOTE + conf)


def git(root: Path, *args: str, date: str = FIRST) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Note Taker",
            "-c",
            "user.email=nt@example.org",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def build(srcdir: Path, outdir: Path | None = None, freshenv: bool = True) -> Path:
    kwargs = {"builddir": outdir} if outdir else {}
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=freshenv, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def committed_site(root: Path, conf: str = "") -> Path:
    """The site in a repository of two commits: everything on 1 June, one meeting changed
    again on 20 July."""
    site = site_of(root, conf=conf)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "minutes")
    page = site / LATE
    page.write_text(page.read_text(encoding="utf-8") + "\nA late note.\n", encoding="utf-8")
    git(site, "commit", "-q", "-am", "a late note", date=SECOND)
    return site


def source_pages(out: Path, srcdir: Path) -> dict[str, BeautifulSoup]:
    """Every page built from a Markdown file, by its source path."""
    found = {}
    for name in html_pages(out):
        source = Path(name).with_suffix(".md").as_posix()
        if (srcdir / source).is_file():
            found[source] = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")
    return found


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = committed_site(tmp_path_factory.mktemp("source") / "site")
    return site, build(site)


def test_every_source_page_links_its_file_and_its_editor(history: tuple[Path, Path]) -> None:
    site, out = history
    pages = source_pages(out, site)
    assert sorted(pages) == sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.md") if "_build" not in p.parts
    )
    for source, page in pages.items():
        section = page.select_one(".minutes-source")
        assert section is not None, source
        assert section.select_one(".minutes-repository-link")["href"] == REPO_URL
        assert section.select_one(".minutes-repository-link").get_text() == "lsst-dm/dm-sst-minutes"
        assert section.select_one(".minutes-source-link")["href"] == f"{REPO_URL}/blob/main/{source}", source
        edit = section.select_one(".minutes-edit-link")
        assert edit.get_text() == "Edit this page" and edit["href"] == f"{REPO_URL}/edit/main/{source}", source


def test_version_shows_the_dates_git_gives(history: tuple[Path, Path]) -> None:
    site, out = history
    pages = source_pages(out, site)
    for source, page in pages.items():
        updated = page.select_one(".minutes-version time.dt-updated")
        created = page.select_one(".minutes-version time.dt-published")
        assert created["datetime"] == FIRST and created.get_text() == "2022-06-01", source
        expected = SECOND if source == LATE else FIRST
        assert updated["datetime"] == expected and updated.get_text() == expected[:10], source


def test_person_pages_get_dates_only(history: tuple[Path, Path]) -> None:
    _, out = history
    for name in ("people/kbechtol.html", "people/index.html"):
        page = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one(".minutes-source") is None and not page.select(".minutes-edit-link")
        # Keith's page draws on the meeting changed on 20 July (the alert schema note).
        assert page.select_one(".minutes-version time.dt-updated")["datetime"] == SECOND
        assert page.select_one(".minutes-version time.dt-published")["datetime"] == FIRST
    lguy = BeautifulSoup((out / "people/lguy.html").read_text(encoding="utf-8"), "html.parser")
    assert lguy.select_one(".minutes-version time.dt-updated")["datetime"] == FIRST


def test_meeting_pages_point_a_change_at_the_series_next_meeting(history: tuple[Path, Path]) -> None:
    site, out = history
    page = source_pages(out, site)["minutes/dm-sst/2022-06-06.md"]
    hint = page.select_one(".minutes-propose")
    assert "Propose a change to an action" in hint.get_text() and "make new SERIES=dm-sst" in hint.get_text()
    # Today (2022-08-01) is after the series' last meeting: the next one is still to be started.
    assert hint.select_one("a.minutes-next-meeting")["href"] == f"{REPO_URL}/new/main/minutes/dm-sst/"
    assert source_pages(out, site)["index.md"].select_one(".minutes-propose") is None


def test_the_next_meeting_is_the_first_on_or_after_today(tmp_path: Path) -> None:
    site = site_of(tmp_path / "site", conf='minutes_today = "2022-06-10"\n')
    out = build(site)
    page = source_pages(out, site)["minutes/dm-sst/2022-06-06.md"]
    link = page.select_one(".minutes-propose a.minutes-next-meeting")
    assert link["href"] == f"{REPO_URL}/edit/main/minutes/dm-sst/2022-06-20.md" and link.get_text() == "2022-06-20"


def test_no_dates_without_git_history(tmp_path: Path) -> None:
    site = site_of(tmp_path / "site")
    out = build(site)
    for name, text in html_pages(out).items():
        page = BeautifulSoup(text, "html.parser")
        assert page.select_one(".minutes-version") is None and not page.select("time.dt-updated"), name
    assert (
        source_pages(out, site)["index.md"].select_one(".minutes-edit-link")["href"] == f"{REPO_URL}/edit/main/index.md"
    )


def test_gitlab_addresses_from_html_context(tmp_path: Path) -> None:
    conf = 'html_context = {"gitlab_user": "rubin", "gitlab_repo": "minutes", "gitlab_version": "dev", "source_directory": "site/"}\n'
    site = site_of(tmp_path / "site", conf=conf)
    page = source_pages(build(site), site)["minutes/dm-sst/2022-06-06.md"]
    base = "https://gitlab.com/rubin/minutes/-"
    assert page.select_one(".minutes-edit-link")["href"] == f"{base}/edit/dev/site/minutes/dm-sst/2022-06-06.md"
    assert page.select_one(".minutes-source-link")["href"] == f"{base}/blob/dev/site/minutes/dm-sst/2022-06-06.md"
    assert page.select_one(".minutes-repository-link").get_text() == "rubin/minutes"


def test_builds_of_one_commit_are_byte_identical_incremental_or_clean(tmp_path: Path) -> None:
    """A commit changes a page's date though not its text: the next incremental build writes
    the page again, and equals a clean build of the commit."""
    site = committed_site(tmp_path / "site")
    page = site / "minutes" / "dm-sst" / "2022-06-20.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edit not yet committed.\n", encoding="utf-8")
    build(site, tmp_path / "inc")
    git(site, "commit", "-q", "-am", "the edit", date="2022-08-02T09:00:00+00:00")
    incremental = html_pages(build(site, tmp_path / "inc", freshenv=False))
    clean = html_pages(build(site, tmp_path / "clean"))
    again = html_pages(build(site, tmp_path / "again"))
    assert clean == again
    assert incremental.keys() == clean.keys()
    assert [name for name in clean if incremental[name] != clean[name]] == []
    assert 'datetime="2022-08-02T09:00:00+00:00"' in clean["minutes/dm-sst/2022-06-20.html"]


def test_shallow_history_keeps_only_the_dates_it_knows() -> None:
    log = "\x1e2022-07-20T00:00:00+00:00\x1fabc\0\na.md\0\x1e2022-06-01T00:00:00+00:00\x1f\0\na.md\0b.md\0"
    deep, shallow = parse_log(log, shallow=False), parse_log(log, shallow=True)
    assert deep["a.md"].created == "2022-06-01T00:00:00+00:00" and deep["b.md"].updated == "2022-06-01T00:00:00+00:00"
    assert shallow["a.md"].updated == "2022-07-20T00:00:00+00:00" and shallow["a.md"].created is None
    assert shallow["b.md"].updated is None and shallow["b.md"].created is None


def test_github_addresses_from_read_the_docs_html_context(tmp_path: Path) -> None:
    conf = 'html_context = {"github_user": "org", "github_repo": "site", "github_version": "trunk", "conf_py_path": "/docs/"}\n'
    site = site_of(tmp_path / "site", conf=conf)
    page = source_pages(build(site), site)["minutes/index.md"]
    assert (
        page.select_one(".minutes-edit-link")["href"] == "https://github.com/org/site/edit/trunk/docs/minutes/index.md"
    )
    assert (
        page.select_one(".minutes-source-link")["href"]
        == "https://github.com/org/site/blob/trunk/docs/minutes/index.md"
    )
