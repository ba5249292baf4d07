"""Bounds on what an import reads (issue 14): a zip bomb in a space export is refused before
it is read, named with its page, and counted in the report; the page itself is still written."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from wiki_space import SERIES_MAP, SPACE, SST_0606, entities_xml, html_export, xml_export

from conftest import REPO

sys.path.insert(0, str(REPO / "_ext"))

from minutes.__main__ import main  # noqa: E402


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def bomb_export(path: Path, data: bytes) -> Path:
    """The space export's first meeting with one more attachment, ``data.pdf``, deflated."""
    page = dataclasses.replace(
        SST_0606,
        body=SST_0606.body + '<p><ac:link><ri:attachment ri:filename="data.pdf" /></ac:link></p>',
        attachments={**SST_0606.attachments, "data.pdf": b""},
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("entities.xml", entities_xml([SPACE[1], page]))
        archive.writestr("exportDescriptor.properties", "spaceKey=MEET\nexportType=space\n")
        for n, (name, content) in enumerate(page.attachments.items(), 1):
            archive.writestr(f"attachments/{page.id}/9{page.id}{n}/1", data if name == "data.pdf" else content)
    return path


def page_report(site: Path, page_id: str) -> dict:
    data = json.loads((site / "_build/import/report.json").read_text())
    return next(p for p in data["pages"] if p["id"] == page_id)


def test_a_zip_bomb_attachment_is_not_read_and_the_page_is_still_written(site: Path, tmp_path: Path, capsys) -> None:
    export = bomb_export(tmp_path / "bomb.xml.zip", b"\0" * (8 * 2**20))  # 8 KB in the zip
    assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    said = [line for line in (out + err).splitlines() if "data.pdf" in line]
    assert said and "2022-06-06 DM-SST" in said[0] and "zip bomb" in said[0], out + err
    folder = site / "minutes/sst/2022-06-06"
    assert sorted(p.name for p in folder.iterdir()) == ["agenda.pdf", "forecast-plot.png"]
    text = (site / "minutes/sst/2022-06-06.md").read_text()
    assert "data.pdf" in text and "(2022-06-06/data.pdf)" not in text
    found = page_report(site, "11")
    assert found["status"] == "written"
    assert found["dropped"] == {"files": 1}
    assert any("data.pdf" in note for note in found["notes"])


def test_an_attachment_over_the_size_limit_is_refused(site: Path, tmp_path: Path, capsys) -> None:
    export = bomb_export(tmp_path / "big.xml.zip", os.urandom(2**20 + 1))  # does not compress
    for wrong in ("0", "nan", "-3"):
        assert main(["import", "confluence", "--max-file-size", wrong, *SERIES_MAP, str(export)]) == 2
    assert "--max-file-size nan: give a size in MB" in capsys.readouterr().err
    assert main(["import", "confluence", "--max-file-size", "1", *SERIES_MAP, str(export)]) == 0
    out, err = capsys.readouterr()
    assert "more than the 1 MB the importer reads" in out + err
    assert not (site / "minutes/sst/2022-06-06/data.pdf").exists()
    assert page_report(site, "11")["dropped"] == {"files": 1}
    assert main(["import", "confluence", "--max-file-size", "2", "--force", *SERIES_MAP, str(export)]) == 0
    assert (site / "minutes/sst/2022-06-06/data.pdf").stat().st_size == 2**20 + 1


def test_an_oversized_page_in_an_html_export_is_a_page_error(site: Path, tmp_path: Path, capsys) -> None:
    export = html_export(tmp_path / "space.html.zip")
    with zipfile.ZipFile(export, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("MEET/2022-06-27-DM-SST_99.html", b" " * (8 * 2**20))
    assert main(["import", "confluence", "--series", "sst", str(export)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "2022-06-27-DM-SST_99.html" in err and "too large to read" in err
    assert (site / "minutes/sst/2022-06-06.md").exists()


def test_control_characters_in_a_text_export_are_dropped_not_written(site: Path, tmp_path: Path) -> None:
    export = tmp_path / "nul.txt"
    export.write_bytes(
        b"2023-04-15 DM-SST\n\nNotes\n\nThe camera\x00 is late.\x1b\x0cThe dome is not.\n\n"
        b"Action items\n\n* [ ] Keith to check\n"
    )
    assert main(["import", "confluence", "--series", "dm-sst", str(export)]) == 0
    text = (site / "minutes/dm-sst/2023-04-15.md").read_text(encoding="utf-8")
    assert "The camera is late." in text and "The dome is not." in text
    assert not any(c in text for c in "\ufffd\x00\x1b\x0c")


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_meeting_dated_outside_the_sites_years_is_refused(site: Path, tmp_path: Path, capsys, date: str) -> None:
    page = tmp_path / "page.json"
    page.write_text(
        json.dumps(
            {
                "title": f"{date} DM-SST",
                "body": {"storage": {"value": "<h2>Notes</h2><p>Camera.</p>"}},
            }
        )
    )
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"title": "2023-04-15 DM-SST", "body": {"storage": {"value": "<p>Dome.</p>"}}}))
    assert main(["import", "confluence", "--series", "dm-sst", str(page), str(good)]) == 1
    out, err = capsys.readouterr()
    assert f"its meeting date {date} is not in the years 1900-2199" in err
    assert "Traceback" not in out + err
    assert not (site / f"minutes/dm-sst/{date}.md").exists()
    assert (site / "minutes/dm-sst/2023-04-15.md").exists()


def test_written_files_get_the_modes_a_plain_write_gives(site: Path, tmp_path: Path) -> None:
    """Not the temporary file's 0600: a web server or CI running as another user reads them."""
    export = xml_export(tmp_path / "space.xml.zip")
    people = site / "people.yaml"
    people.chmod(0o664)
    old = os.umask(0o022)
    try:
        assert main(["import", "confluence", *SERIES_MAP, str(export)]) == 1  # two bad pages
    finally:
        os.umask(old)
    assert (site / "minutes/sst/2022-06-06.md").stat().st_mode & 0o777 == 0o644
    assert (site / "minutes/sst/2022-06-06/agenda.pdf").stat().st_mode & 0o777 == 0o644
    assert "dscully" in people.read_text() and people.stat().st_mode & 0o777 == 0o664


def test_an_html_export_whose_index_is_a_zip_bomb_is_refused(site: Path, tmp_path: Path, capsys) -> None:
    export = tmp_path / "bomb.html.zip"
    with zipfile.ZipFile(export, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("MEET/index.html", b"<html>" + b" " * (8 * 2**20) + b"</html>")
    assert main(["import", "confluence", "--series", "sst", str(export)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "cannot read" in err and "MEET/index.html" in err and "zip bomb" in err


def entities_export(path: Path, entities: bytes | str, compress: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as archive:
        archive.writestr("entities.xml", entities)
    return path


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<hibernate-generic datetime="2024-01-01 00:00:00">'


@pytest.mark.parametrize(
    ("entities", "options", "said"),
    [
        # A space larger than --max-export-size (in MB): refused before it is read.
        (
            entities_xml(SPACE),
            ["--max-export-size", "0.001"],
            "more than the 1049 bytes the importer reads (--max-export-size)",
        ),
        # A bomb: 80 MB of blanks in a few hundred kB of zip.
        (HEAD + " " * (80 * 2**20) + "</hibernate-generic>", [], "a zip bomb, not a Confluence export"),
        # An object of more elements than any Confluence object holds.
        (
            HEAD
            + '<object class="Page"><id name="id">1</id>'
            + "<property/>" * 100_001
            + "</object></hibernate-generic>",
            [],
            "an object of more than 100000 elements",
        ),
        # Objects nested deeper than Confluence's.
        (HEAD + "<object>" * 40 + "</object>" * 40 + "</hibernate-generic>", [], "nests deeper than 32 levels"),
        # A text longer than libxml2 reads (10 MB).
        (
            HEAD
            + '<object class="BodyContent"><id name="id">2</id><property name="body">'
            + "x" * (11 * 2**20)
            + "</property></object></hibernate-generic>",
            [],
            "holds a text longer than 10 MB",
        ),
    ],
    ids=["size", "bomb", "elements", "depth", "text"],
)
def test_an_entities_xml_beyond_its_bounds_is_refused_with_a_reason(
    site: Path, tmp_path: Path, capsys, entities: str, options: list[str], said: str
) -> None:
    """Memory stays bounded whatever entities.xml holds; so does time: a size, a compression
    ratio, elements per object, depth and text length past what a Confluence export holds
    end the run (exit 1) with a message saying which, never a traceback."""
    export = entities_export(tmp_path / "space.xml.zip", entities)
    assert main(["import", "confluence", "--series", "sst", *options, str(export)]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert err.count("error:") == 1
    assert not (site / "minutes/sst").exists()


def test_rest_api_attachments_keep_the_size_limit(site: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """An attachment the API says is over --max-file-size is not downloaded (counted in the
    report); one that says it is small but sends more is cut off, and its page not written."""
    from wiki_space import TOKEN, wiki_api

    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    pages = [SPACE[0], SPACE[1], SST_0606]
    command = ["import", "confluence", "--space", "MEET", *SERIES_MAP, "--max-file-size", "0.00001"]
    with wiki_api(pages) as (url, requested):
        assert main([*command, "--url", url]) == 0
    assert not [path for path in requested if "/download/" in path]
    page = json.loads((site / "_build/import/report.json").read_text())["pages"][2]
    assert page["id"] == "11" and page["dropped"]["files"] == 2
    assert "'forecast plot.png' not copied" in capsys.readouterr().out
    with wiki_api(pages, small_sizes=True) as (url, requested):
        assert main([*command, "--url", url, "--force"]) == 1
    err = capsys.readouterr().err
    assert "minutes/sst/2022-06-06.md: could not be written" in err and "--max-file-size" in err
    assert not (site / "minutes/sst/2022-06-06/forecast-plot.png").exists()


@pytest.mark.parametrize("name", ["big.txt", "/dev/zero"])
def test_a_single_page_file_is_read_no_further_than_the_size_limit(
    site: Path, tmp_path: Path, capsys, name: str
) -> None:
    """A page file larger than --max-file-size, or one that never ends, is refused with a reason (red team R21)."""
    path = tmp_path / name if not name.startswith("/") else Path(name)
    if not name.startswith("/"):
        path.write_bytes(b"Date: 2022-06-06\n" + b"x" * (2 * 2**20))
    assert main(["import", "confluence", "--series", "sst", "--max-file-size", "1", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert f"cannot read {path}: larger than 1 MB (--max-file-size)" in err
