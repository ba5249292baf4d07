"""One rule for a series' name (R26): what the build accepts as a meeting's ``:series:`` or
folder, ``minutes new``, ``minutes init --series`` and the importer's ``--series`` accept too,
and what one refuses, all refuse, with the same reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root, soup, warnings
from minutes.__main__ import main

SEED = Path(__file__).parent / "data" / "seed-dm-sst-2022-06-06.txt"
# name -> whether it names a series
NAMES = {
    "dm_sst": True,
    "DM_SST-2": True,
    "ops2": True,
    "Bad Series": False,
    "dm.sst": False,
    "-dm": False,
    "_dm": False,
    "dm/sst": False,
}
PLAIN = "is not a plain name (letters, digits, '-' and '_', starting with a letter or digit"


def meeting(date: str, series: str) -> str:
    return f"# Series {series}\n\n```{{meeting}}\n:date: {date}\n:series: {series}\n:participants: lguy\n```\n"


@pytest.fixture(scope="module")
def build_refuses(tmp_path_factory, make_app_module) -> dict[str, bool]:
    """For each name, whether the build warns (bad-id) at a meeting's ``:series:`` naming it."""
    pages = {f"minutes/ops/2022-07-{i:02d}.md": meeting(f"2022-07-{i:02d}", name) for i, name in enumerate(NAMES, 1)}
    srcdir = copy_root("ops", tmp_path_factory.mktemp("series") / "site", pages=pages)
    app = build(make_app_module, srcdir, freshenv=True)
    found = [line for line in warnings(app).splitlines() if line.endswith("[minutes.bad-id]")]
    return {
        name: any(w.startswith(f"{srcdir / 'minutes/ops'}/2022-07-{i:02d}.md:5: ") and PLAIN in w for w in found)
        for i, name in enumerate(NAMES, 1)
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_tool_accepts_a_series_name_exactly_when_the_build_does(
    name: str, build_refuses: dict[str, bool], site_root: Path, tmp_path: Path, capsys
) -> None:
    assert build_refuses[name] is not NAMES[name]
    new = main(["new", "--date", "2022-08-01", "--", name])
    init = main(["init", str(tmp_path / "init"), f"--series={name}"])
    imported = main(["import", "confluence", f"--series={name}", str(SEED)])
    err = capsys.readouterr().err
    assert [new == 0, init == 0, imported == 0] == [NAMES[name]] * 3, err
    if not NAMES[name]:
        assert err.count(f"series {name!r} {PLAIN}") == 3, err
        assert not (site_root / "minutes" / name).exists()


def test_a_series_with_an_underscore_is_started_imported_and_built(
    tmp_path: Path, make_app, capsys, monkeypatch
) -> None:
    """R26's reproducer: ``minutes new dm_sst`` and an import into it; the site builds clean."""
    site_root = tmp_path / "site"
    assert main(["init", str(site_root), "--series", "dm_sst-2"]) == 0
    monkeypatch.chdir(site_root)
    assert main(["new", "dm_sst", "--date", "2024-01-08"]) == 0
    assert main(["import", "confluence", "--series", "dm_sst", str(SEED)]) == 0
    capsys.readouterr()
    app = build(make_app, site_root, freshenv=True, confoverrides={"minutes_today": "2024-01-15"})
    assert warnings(app) == ""
    listed = soup(app, "minutes/dm_sst/index.html").get_text(" ")
    assert "2024" in listed and "2022" in listed
    assert (Path(app.outdir) / "minutes/dm_sst/meetings.ics").is_file()
    assert "No meetings yet." in soup(app, "minutes/dm_sst-2/index.html").get_text()


def test_a_meeting_in_a_folder_that_is_no_series_name_is_warned(tmp_path: Path, make_app) -> None:
    pages = {"minutes/dm.sst/2022-07-01.md": "# Dotted\n\n```{meeting}\n:date: 2022-07-01\n```\n\nNotes.\n"}
    app = build(make_app, copy_root("ops", tmp_path / "site", pages=pages), freshenv=True)
    found = [line for line in warnings(app).splitlines() if line.endswith("[minutes.bad-id]")]
    assert len(found) == 1 and "minutes/dm.sst/2022-07-01.md:3: " in found[0], found
    assert "the folder 'dm.sst'" in found[0] and "':series: dm-sst'" in found[0]
    assert "Notes." in soup(app, "minutes/dm.sst/2022-07-01.html").get_text()
