"""Incremental and parallel builds give the same site as a clean serial build.

On the example site on purpose (not a tiny root): this is the safety net of every change to the
extension, the templates and the site's shape, so it compares the real site byte for byte, in
its technote look and its toctree, after each kind of edit a note-taker makes. The few tests
whose point is one file kind of any site (a series' exports, the search index, a stylesheet)
build the listings root instead."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import build, copy_root, copy_site, html_pages, soup, warnings

MEETING = "minutes/dm-sst/2022-06-27.md"


def edit(site: Path, path: str, old: str, new: str) -> None:
    file = site / path
    text = file.read_text()
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1))
    bump(file)


def bump(file: Path) -> None:
    """Make the edit visibly newer than the last read, however coarse the file system clock."""
    later = time.time() + 2
    os.utime(file, (later, later))


def read_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    return set(re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", status))


def written_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[[ \d]+%\] (\S+)", status))


def clean_build_of(make_app, site: Path, tmp_path: Path) -> dict[str, str]:
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    return html_pages(build(make_app, clean, freshenv=True).outdir)


def assert_same_site(incremental: dict[str, str], clean: dict[str, str]) -> None:
    assert sorted(incremental) == sorted(clean)
    differing = [page for page in clean if incremental[page] != clean[page]]
    assert differing == [], f"pages differ from a clean build: {differing}"


CHANGES = {
    "mark-done": (MEETING, ":due: 2022-08-29\n:::", ":due: 2022-08-29\n:status: done\n:::"),
    "change-owner": (
        "minutes/dm-sst/2022-06-06.md",
        ":owner: erykoff\n:due: 2022-07-25",
        ":owner: cslater\n:due: 2022-07-25",
    ),
    "add-action": (
        "minutes/dm-sst/2022-07-18.md",
        "::::\n\n::::{topic} Data preview",
        ":::{action} Book the room for the DP0.3 launch\n:owner: lguy\n:due: 2022-07-20\n:::\n"
        "::::\n\n::::{topic} Data preview",
    ),
    "reassign-by-update": ("minutes/dmlt/2022-07-12.md", ":due: 2022-09-15\n", ":due: 2022-09-15\n:owner: jbosch\n"),
    "prose-only": (MEETING, "Lossy compression of PVIs", "Lossy (but bounded) compression of PVIs"),
    # The due dates behind the overview's counts (on the home page and "All meetings") move.
    "move-due": ("minutes/dm-sst/2022-06-06.md", ":due: 2022-12-31\n", ":due: 2022-12-30\n"),
    # An update's note shows in the history on the action's own page (and its search terms).
    "update-note": (
        "minutes/dmlt/2022-07-12.md",
        "waits for the Butler schema migration.",
        "waits for the Butler schema migration (Postgres 16).",
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_editing_a_meeting_gives_the_clean_site(make_app, tmp_path, change):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    edit(site, *CHANGES[change])
    app = build(make_app, site)
    page = CHANGES[change][0].removesuffix(".md")
    assert read_docs(app) == {page}
    assert_same_site(html_pages(app.outdir), clean_build_of(make_app, site, tmp_path))
    index = Path(app.outdir, "searchindex.js").read_text()
    assert index == Path(tmp_path, "clean", "_build", "html", "searchindex.js").read_text()


def test_a_prose_edit_rewrites_no_other_meeting(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    edit(site, *CHANGES["prose-only"])
    app = build(make_app, site)
    written = written_docs(app)
    assert "minutes/dm-sst/2022-06-27" in written
    assert not {d for d in written if d.startswith("minutes/") and not d.endswith("index")} - {
        "minutes/dm-sst/2022-06-27"
    }


def test_an_action_edit_rewrites_the_pages_showing_it_and_no_other_meeting(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    edit(site, *CHANGES["reassign-by-update"])
    app = build(make_app, site)
    written = written_docs(app)
    # The update's page, and the action's own page, which shows its history.
    assert {"minutes/dmlt/2022-07-12", "minutes/dmlt/2022-06-07", "actions/index"} <= written
    assert "minutes/dm-sst/2022-06-13" not in written


def test_adding_a_meeting_gives_the_clean_site(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    new = site / "minutes/dm-sst/2022-08-01.md"
    new.write_text(
        "# DM-SST Agenda and Meeting notes\n\n```{meeting}\n:date: 2022-08-01\n:participants: lguy\n```\n\n"
        ":::{action-update} compression-noise\n:status: done\n:::\n\n"
        ":::{action} Send the DP0.3 announcement\n:owner: mgraham\n:due: 2022-08-05\n:::\n"
    )
    app = build(make_app, site)
    assert "minutes/dm-sst/2022-08-01" in read_docs(app)
    pages = html_pages(app.outdir)
    assert "Send the DP0.3 announcement" in pages["actions/index.html"]
    assert_same_site(pages, clean_build_of(make_app, site, tmp_path))


def test_deleting_a_meeting_gives_the_clean_site(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    assert (site / "_build/html/_sources/minutes/dmlt/2022-07-12.md.txt").is_file()
    (site / "minutes/dmlt/2022-07-12.md").unlink()
    app = build(make_app, site)
    pages = html_pages(app.outdir)
    # Sphinx leaves a removed page's output behind; the build takes it off the site (red team R34)
    assert not Path(app.outdir, "_sources/minutes/dmlt/2022-07-12.md.txt").exists()
    assert "Write the user-storage section" not in pages["actions/index.html"]
    assert_same_site(pages, clean_build_of(make_app, site, tmp_path))


def exports(outdir: Path) -> dict[str, bytes]:
    """Every calendar, feed and JSON file of a build, by path relative to the output directory."""
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(Path(outdir).rglob("*"))
        if p.suffix in (".ics", ".atom", ".json") and "_static" not in p.parts
    }


def test_deleting_a_series_meetings_leaves_none_of_its_exports(make_app, tmp_path):
    """A series whose meetings are all gone has no calendar or feed left in the output (red team R4b)."""
    site = copy_root("listings", tmp_path / "site")
    first = build(make_app, site, freshenv=True)
    assert (Path(first.outdir) / "minutes/dmlt/meetings.atom").exists()
    for meeting in (site / "minutes/dmlt").glob("20*.md"):
        meeting.unlink()
    app = build(make_app, site)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    clean_app = build(make_app, clean, freshenv=True)
    incremental, fresh = exports(Path(app.outdir)), exports(Path(clean_app.outdir))
    assert sorted(incremental) == sorted(fresh)
    assert [path for path in fresh if incremental[path] != fresh[path]] == []


def published(outdir: Path) -> list[str]:
    """Every file and folder of a build's output (the doctrees aside)."""
    return sorted(str(p.relative_to(outdir)) for p in Path(outdir).rglob("*") if ".doctrees" not in p.parts)


def test_deleting_or_renaming_pages_leaves_nothing_of_them_published(make_app, tmp_path):
    """A deleted series (its folder gone) and a renamed meeting leave no page, source copy,
    calendar, feed or empty folder behind: the output has exactly a clean build's files (red team R34)."""
    site = copy_site(tmp_path / "site")
    first = build(make_app, site, freshenv=True)
    assert Path(first.outdir, "minutes/dmlt/index.html").exists()
    shutil.rmtree(site / "minutes/dmlt")
    meeting = site / MEETING
    meeting.rename(meeting.with_name("2022-06-28.md"))
    edit(site, MEETING.replace("06-27", "06-28"), ":date: 2022-06-27", ":date: 2022-06-28")
    app = build(make_app, site)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    clean_app = build(make_app, clean, freshenv=True)
    assert published(Path(app.outdir)) == published(Path(clean_app.outdir))
    assert not [p for p in published(Path(app.outdir)) if "dmlt" in p or "2022-06-27" in p]
    assert_same_site(html_pages(app.outdir), html_pages(clean_app.outdir))


def test_a_person_taken_out_of_people_yaml_leaves_no_person_page_published(make_app, tmp_path):
    """Someone who left, or asked to be removed, keeps no page once their entry is gone: the
    output has exactly a clean build's files (red team R46)."""
    site = copy_root("listings", tmp_path / "site")
    people = site / "people.yaml"
    listed = people.read_text(encoding="utf-8")
    people.write_text(listed + "mjuric:\n  name: Mario Juric\n", encoding="utf-8")
    first = build(make_app, site, freshenv=True)
    assert "Mario Juric" in (Path(first.outdir) / "people/mjuric.html").read_text(encoding="utf-8")
    people.write_text(listed, encoding="utf-8")
    bump(people)
    app = build(make_app, site)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    clean_app = build(make_app, clean, freshenv=True)
    assert not [p for p in published(Path(app.outdir)) if "mjuric" in p]
    assert published(Path(app.outdir)) == published(Path(clean_app.outdir))
    assert_same_site(html_pages(app.outdir), html_pages(clean_app.outdir))


def test_a_changed_setting_leaves_no_backup_of_the_build_info_published(make_app, tmp_path):
    """Sphinx moves the old ``.buildinfo`` to ``.buildinfo.bak`` when conf.py changed (red team R42)."""
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    app = build(make_app, site, confoverrides={"html_title": "Other minutes"})
    assert "build_info mismatch" in app._status.getvalue()
    assert Path(app.outdir, ".buildinfo").exists() and not Path(app.outdir, ".buildinfo.bak").exists()


def test_a_word_taken_out_of_a_meeting_leaves_the_search_index_of_a_clean_build(make_app, tmp_path):
    """Sphinx keeps a word no page has any more as an empty entry (red team R4a)."""
    site = copy_root("listings", tmp_path / "site")
    page = "minutes/dm-sst/2022-06-06.md"
    edit(site, page, "Look up the camera schedule", "Look up the quuxinating camera schedule")
    build(make_app, site, freshenv=True)
    edit(site, page, "Look up the quuxinating camera schedule", "Look up the camera schedule")
    app = build(make_app, site)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    clean_app = build(make_app, clean, freshenv=True)
    index = (Path(app.outdir) / "searchindex.js").read_text()
    assert '":[]' not in index
    assert index == (Path(clean_app.outdir) / "searchindex.js").read_text()


def test_editing_people_yaml_renames_everywhere(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    edit(site, "people.yaml", "name: Jim Bosch", "name: James Bosch")
    app = build(make_app, site)
    pages = html_pages(app.outdir)
    assert "James Bosch" in pages["actions/index.html"]
    assert_same_site(pages, clean_build_of(make_app, site, tmp_path))


def test_parallel_build_is_byte_identical_to_serial(make_app, tmp_path):
    serial = copy_site(tmp_path / "serial")
    parallel = copy_site(tmp_path / "parallel")
    one = html_pages(build(make_app, serial, freshenv=True, parallel=1).outdir)
    two_app = build(make_app, parallel, freshenv=True, parallel=2)
    assert "waiting for workers" in two_app._status.getvalue() or two_app.parallel == 2
    assert_same_site(html_pages(two_app.outdir), one)


def many_meetings(count: int = 40) -> dict[str, str]:
    """Enough DM-SST meetings that a -j 2 build reads them in more chunks than workers, so
    later readers start from a main process that has merged earlier chunks already."""
    pages = {}
    for i in range(count):
        day = f"2023-{1 + i // 28:02d}-{1 + i % 28:02d}"
        update = f":::{{action-update}} extra-{i - 1}\n:status: done\n:::\n\n" if i % 3 == 1 else ""
        pages[f"minutes/dm-sst/{day}.md"] = (
            f"# DM-SST\n\n```{{meeting}}\n:date: {day}\n:participants: lguy, jbosch\n```\n\n"
            f"::::{{topic}} Item {i}\n:lead: lguy\n\n{update}"
            f":::{{action}} Follow up item {i}\n:id: extra-{i}\n:owner: jbosch\n:due: 2023-06-01\n:::\n\n"
            f":::{{decision}} Decision {i}\n:::\n::::\n"
        )
    return pages


def test_parallel_build_of_many_chunks_is_byte_identical_to_serial(make_app, tmp_path):
    serial = build(make_app, copy_site(tmp_path / "serial", pages=many_meetings()), freshenv=True, parallel=1)
    parallel = build(make_app, copy_site(tmp_path / "parallel", pages=many_meetings()), freshenv=True, parallel=2)
    one, two = html_pages(serial.outdir), html_pages(parallel.outdir)
    assert "Follow up item 39" in one["actions/index.html"] and "Decision 0" in one["minutes/dm-sst/2023-01-01.html"]
    assert_same_site(two, one)
    for name in ("actions.json", "actions.ics", "meetings.ics", "minutes.atom"):
        assert (Path(parallel.outdir) / name).read_bytes() == (Path(serial.outdir) / name).read_bytes(), name


def test_parallel_warnings_match_serial(make_app, tmp_path):
    bad = {
        "minutes/dm-sst/2022-08-08.md": "# Dup\n\n```{meeting}\n:date: 2022-08-08\n```\n\n"
        ":::{action} Again\n:id: camera-schedule\n:owner: lguy\n:::\n\n:::{action-update} no-such\n:::\n",
    }
    serial = build(make_app, copy_site(tmp_path / "a", pages=bad), freshenv=True, parallel=1)
    parallel = build(make_app, copy_site(tmp_path / "b", pages=bad), freshenv=True, parallel=2)

    def normalised(app):
        return sorted(
            re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(str(app.srcdir), "SRC").splitlines()
        )

    assert normalised(serial) == normalised(parallel)
    assert any("[minutes.duplicate-id]" in line for line in normalised(serial))
    assert any("[minutes.unknown-action]" in line for line in normalised(serial))


def test_two_clean_builds_are_identical(make_app, tmp_path):
    first = html_pages(build(make_app, copy_site(tmp_path / "one"), freshenv=True).outdir)
    second = html_pages(build(make_app, copy_site(tmp_path / "two"), freshenv=True).outdir)
    assert_same_site(second, first)


def generated_files(outdir: Path) -> dict[str, bytes]:
    names = ["actions.json", "actions.ics", "meetings.ics", "minutes.atom"]
    names += [str(p.relative_to(outdir)) for p in sorted((Path(outdir) / "people").glob("*"))]
    return {name: (Path(outdir) / name).read_bytes() for name in names}


def test_person_pages_and_exports_are_made_again_only_when_what_they_show_changed(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    outdir = build(make_app, site, freshenv=True).outdir
    before = {name: (Path(outdir) / name).stat().st_mtime_ns for name in generated_files(outdir)}
    edit(site, *CHANGES["prose-only"])
    build(make_app, site)
    assert {name: (Path(outdir) / name).stat().st_mtime_ns for name in generated_files(outdir)} == before
    edit(site, *CHANGES["reassign-by-update"])
    app = build(make_app, site)
    after = generated_files(app.outdir)
    assert b"Prepare a middleware plan" in after["people/jbosch.html"]  # reassigned to him
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    assert after == generated_files(build(make_app, clean, freshenv=True).outdir)


@pytest.mark.parametrize("change", ["mark-done", "reassign-by-update"])
def test_a_parallel_incremental_build_gives_the_clean_site(make_app, tmp_path, change):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True, parallel=2)
    edit(site, *CHANGES[change])
    # Touch more pages than Sphinx reads serially, so the workers read and the main process merges.
    for page in sorted(site.glob("minutes/*/20*.md"))[:6]:
        bump(page)
    app = build(make_app, site, parallel=2)
    assert_same_site(html_pages(app.outdir), clean_build_of(make_app, site, tmp_path))


def test_a_changed_stylesheet_replaces_the_published_one_without_a_warning(make_app, tmp_path):
    site = copy_root("listings", tmp_path / "site")
    outdir = build(make_app, site, freshenv=True).outdir
    published = Path(outdir) / "_static" / "minutes.css"
    published.write_text("/* left over from an older version */\n")
    app = build(make_app, site)
    assert "copy_overwrite" not in app.warning.getvalue()
    assert published.read_text() == (Path(__file__).parent.parent / "_ext/minutes/static/minutes.css").read_text()


def test_text_added_above_an_update_does_not_rewrite_the_updated_actions_page(make_app, tmp_path):
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    # 2022-06-27 updates des-compression, an action of 2022-06-06; the update moves two lines down,
    # and an action of its own is closed, so every listing (and every page's shown state) is looked at.
    edit(site, MEETING, "::::{topic} Task review\n", "Apologies for the late start.\n\n::::{topic} Task review\n")
    edit(site, *CHANGES["mark-done"])
    app = build(make_app, site)
    written = written_docs(app)
    assert "minutes/dm-sst/2022-06-27" in written
    assert "minutes/dm-sst/2022-06-06" not in written
    assert_same_site(html_pages(app.outdir), clean_build_of(make_app, site, tmp_path))


ASSET_LINK = re.compile(r"<(?:script|link)\b[^>]*_static/minutes[^>]*>")


def asset_links(page: str) -> list[str]:
    return ASSET_LINK.findall(page)


@pytest.mark.parametrize("change", ["mark-done", "prose-only"])
def test_rewritten_pages_link_the_extensions_assets_as_a_clean_build_does(make_app, tmp_path, change):
    """The stylesheets and scripts are in _static/ before the first page is written, so every
    page links them with Sphinx's checksum (a changed script reaches readers' browsers), in a
    clean build and on the pages an incremental build writes again."""
    from sphinx.builders.html._assets import _file_checksum_inner

    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    edit(site, *CHANGES[change])
    # Sphinx remembers each file's checksum for the life of the process; `make html` starts a
    # new one, so the incremental build must look at _static/ afresh, as it does there.
    _file_checksum_inner.cache_clear()
    app = build(make_app, site)
    incremental, clean = html_pages(app.outdir), clean_build_of(make_app, site, tmp_path)
    rewritten = CHANGES[change][0].removesuffix(".md") + ".html"
    assert rewritten.removesuffix(".html") in written_docs(app)
    links = asset_links(clean[rewritten])
    # minutes-site.css, minutes-tables.css, minutes.css; minutes-dates.js, minutes-search.js, minutes-tables.js
    assert len(links) == 6
    assert all(re.search(r"\?v=[0-9a-f]{8}\"", link) for link in links), links
    for page in clean:
        assert asset_links(incremental[page]) == asset_links(clean[page]), page
    assert_same_site(incremental, clean)


def test_an_action_keeps_its_anchor_from_a_topic_or_heading_of_its_name(make_app, tmp_path):
    """A topic titled like its action's id, a heading like an update's anchor: the action and
    the update keep their ids (every link to them is written to it), the topic and the heading
    take the next free one; added incrementally, the site is the clean build's."""
    site = copy_site(tmp_path / "site")
    build(make_app, site, freshenv=True)
    (site / "minutes/dm-sst/2022-08-01.md").write_text(
        "# DM-SST Agenda and Meeting notes\n\n```{meeting}\n:date: 2022-08-01\n:participants: lguy\n```\n\n"
        "## Update compression-noise\n\n:::{action-update} compression-noise\n:status: done\n:::\n\n"
        "::::{topic} Disk quota\n\n:::{action} Raise the quota\n:id: disk-quota\n:owner: mgraham\n:::\n"
        "See {action-ref}`disk-quota`.\n::::\n"
    )
    app = build(make_app, site)
    assert warnings(app) == ""
    page = soup(app, "minutes/dm-sst/2022-08-01.html")
    assert "disk-quota" in page.select_one("div.minutes-action")["id"].split()
    assert page.select_one("section.minutes-topic")["id"] == "disk-quota-1"
    assert page.select_one("div.minutes-action-update")["id"] == "update-compression-noise"
    assert page.find(id="update-compression-noise-1").name == "section"
    assert page.select("a[href='#disk-quota']")  # the {action-ref}
    assert page.select("a[href='#disk-quota-1']")  # the topic in the page's contents
    listing = soup(app, "actions/index.html")
    assert listing.select("a[href$='2022-08-01.html#disk-quota']")
    exported = (app.outdir / "actions.json").read_text()
    assert '2022-08-01.html#disk-quota"' in exported
    assert_same_site(html_pages(app.outdir), clean_build_of(make_app, site, tmp_path))
