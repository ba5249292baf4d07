"""An edit writes again exactly the pages whose output changes (freshness.py), on a tiny site."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

TOCTREE = ("minutes/index",)
"""The page whose toctree holds the meetings: Sphinx itself writes it again when one changes."""


def written(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app._status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[[ \d]+%\] (\S+)", status))


def edit(srcdir: Path, page: str, old: str, new: str) -> None:
    path = Path(srcdir, page)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later = time.time() + 2
    os.utime(path, (later, later))


@pytest.mark.sphinx("html", testroot="listings", freshenv=True, srcdir="freshness-1")
def test_an_action_edit_rewrites_the_listings_that_show_it_and_nothing_else(app, make_app):
    app.build()
    edit(app.srcdir, "minutes/dmlt/2022-07-12.md", ":due: 2022-07-15", ":due: 2022-07-20")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    # The task report on index shows the due date; the DM-SST meeting list and meeting do not.
    assert written(again) == {"index", "minutes/dmlt/2022-07-12", *TOCTREE}
    assert "2022-07-20" in Path(again.outdir, "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="listings", freshenv=True, srcdir="freshness-2")
def test_an_update_rewrites_the_page_of_the_action_it_changes(app, make_app):
    app.build()
    edit(app.srcdir, "minutes/dmlt/2022-07-12.md", ":status: done", ":status: dropped")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert written(again) == {"index", "minutes/dmlt/2022-07-12", "minutes/dm-sst/2022-06-06", *TOCTREE}
    meeting = Path(again.outdir, "minutes/dm-sst/2022-06-06.html").read_text(encoding="utf-8")
    assert "minutes-status-dropped" in meeting


@pytest.mark.sphinx("html", testroot="listings", freshenv=True, srcdir="freshness-3")
def test_a_prose_edit_rewrites_only_its_page(app, make_app):
    app.build()
    edit(app.srcdir, "minutes/dm-sst/2022-06-06.md", "# DM-SST weekly\n", "# DM-SST weekly\n\nA sentence.\n")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert written(again) == {"minutes/dm-sst/2022-06-06", *TOCTREE}


@pytest.mark.sphinx("html", testroot="listings", freshenv=True, srcdir="freshness-4")
def test_an_action_edit_writes_its_owners_person_page_and_not_the_others(app, make_app):
    app.build()
    pages = {name: Path(app.outdir, f"people/{name}.html") for name in ("kbechtol", "ebellm", "index")}
    before = {name: path.stat().st_mtime_ns for name, path in pages.items()}
    edit(app.srcdir, "minutes/dmlt/2022-07-12.md", ":due: 2022-07-15", ":due: 2022-07-20")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    after = {name: path.stat().st_mtime_ns for name, path in pages.items()}
    assert after["kbechtol"] != before["kbechtol"]
    assert "2022-07-20" in pages["kbechtol"].read_text(encoding="utf-8")
    # Eric Bellm's page (still one overdue action) shows nothing new.
    assert after["ebellm"] == before["ebellm"]
    # The people index shows the same counts, but its head holds the due dates behind them,
    # from which a reader's later date recounts the overdue ones (reader.py): it is written.
    assert after["index"] != before["index"]
    assert "&quot;2022-07-20&quot;:1" in pages["index"].read_text(encoding="utf-8")


EXPORTS = ("*.ics", "*.atom", "*.json", "people/*.ics", "people/*.atom", "minutes/*/*.ics", "minutes/*/*.atom")


def exports(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for pattern in EXPORTS for p in sorted(outdir.glob(pattern))}


@pytest.mark.sphinx("html", testroot="listings", freshenv=True, srcdir="freshness-5")
def test_an_action_edit_makes_again_only_the_exports_that_show_it(app, make_app, tmp_path):
    app.build()
    out = Path(app.outdir)
    before = {name: (out / name).stat().st_mtime_ns for name in exports(out)}
    edit(app.srcdir, "minutes/dmlt/2022-07-12.md", ":due: 2022-07-15", ":due: 2022-07-20")
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    moved = {name for name in exports(out) if (out / name).stat().st_mtime_ns != before[name]}
    assert moved == {
        "actions.json",
        "actions.schema.json",  # copied beside actions.json each time
        "actions.ics",
        "minutes/dmlt/actions.ics",
        "people/kbechtol.ics",
        "people/kbechtol.atom",
    }
    # What was kept is what a clean build makes, byte for byte.
    clean = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "clean", freshenv=True)
    clean.build()
    assert exports(Path(clean.outdir)) == exports(out)


def test_a_digest_leaves_out_line_numbers_and_nothing_else():
    # Text added above a record moves its line number, never what a page shows of it.
    from minutes.freshness import digest
    from minutes.model import Origin

    assert digest([Origin("minutes/a", 3)]) == digest([Origin("minutes/a", 40)])
    assert digest([Origin("minutes/a", 3)]) != digest([Origin("minutes/b", 3)])
    # Only the field: the same letters inside a word are the author's text.
    assert digest("xlineno=3") != digest("xlineno=4")
    assert digest("é_lineno=3") != digest("é_lineno=4")
