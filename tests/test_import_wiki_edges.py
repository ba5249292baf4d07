"""What a whole-space import does with a wiki's odd corners (red team R5-R8, R10): a token in
``--url``, a title no UTF-8 file can hold, mentions no person can be made of, attachments
whose names are all extension, secrets in titles. Nothing is lost without a word, nothing
leaks, and the imported site builds strictly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from wiki_space import PNG, SPACE, TOKEN, Page, task, tasks, user, wiki_api, xml_export

from conftest import build
from minutes.__main__ import main


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def test_a_token_in_url_is_refused_and_never_shown(site: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    secret = "ATATT3xFfGF0T2xkLongToken"
    with wiki_api(SPACE[:2]) as (url, requested):
        address = url.replace("http://", f"http://ana%40example.org:{secret}@")
        assert main(["import", "confluence", "--url", address, "--space", "MEET", "--series", "sst"]) == 2
    out, err = capsys.readouterr()
    assert "CONFLUENCE_TOKEN" in err and secret not in out + err and not requested
    assert not (site / "_build/import").exists()


def test_a_title_with_a_lone_surrogate_or_a_direction_override_is_cleaned(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    page = Page("11", "2022-06-06 DM-SST \u202egnp.exe\ud800", "<h2>Notes</h2><p>Fine.</p>", parent="10")
    with wiki_api([*SPACE[:2], page]) as (url, _):
        assert main(["import", "confluence", "--url", url, "--space", "MEET", "--series", "sst"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "\u202e" not in out
    data = json.loads((site / "_build/import/report.json").read_text())
    assert [p["title"] for p in data["pages"] if p["id"] == "11"] == ["2022-06-06 DM-SST gnp.exe\ufffd"]
    assert "\u202e" not in (site / "minutes/sst/2022-06-06.md").read_text()


def test_mentions_no_person_can_be_made_of_are_kept_as_text_or_counted(site: Path, tmp_path: Path, make_app) -> None:
    """A mention whose name holds markup, is too long, or names its user by a key that is no
    key is kept as escaped text; one whose text is a meeting's ID is dropped and counted."""
    mentions = [
        '<ac:link><ri:user ri:account-id="x y" /><ac:plain-text-link-body><![CDATA[Mallory {person}`x`]]>'
        "</ac:plain-text-link-body></ac:link>",
        '<ac:link><ri:user ri:username="evil`{raw}`" /></ac:link>',
        '<ac:link><ri:user ri:userkey="bad key" /><ac:plain-text-link-body><![CDATA[' + "Long" * 200 + "]]>"
        "</ac:plain-text-link-body></ac:link>",
        '<ac:link><ri:user ri:userkey="bad key" /><ac:plain-text-link-body><![CDATA[Zoom meeting ID: 978 3912 1776]]>'
        "</ac:plain-text-link-body></ac:link>",
    ]
    body = "<h2>Notes</h2>" + "".join(f"<p>case{n}: {m} end{n}</p>" for n, m in enumerate(mentions, 1))
    body += "<h2>Action items</h2>" + tasks(task(f"{mentions[0]} to check {user('kbechtol')}"))
    page = Page("11", "2022-06-06 DM-SST", body, parent="10")
    export = xml_export(tmp_path / "space.zip", [SPACE[1], page])
    assert main(["import", "confluence", "--series", "sst", str(export)]) == 0
    text = (site / "minutes/sst/2022-06-06.md").read_text()
    assert "case1: Mallory \\{person\\}\\`x\\` end1" in text
    assert "case2: evil\\`\\{raw\\}\\` end2" in text
    assert "case3: LongLong" in text
    assert "978 3912 1776" not in text and "case4:" in text
    assert ":owner: kbechtol" in text  # the first mention that is a person
    report = json.loads((site / "_build/import/report.json").read_text())["pages"]
    assert report[1]["dropped"]["secrets"] >= 1
    assert any("is no person in people.yaml: kept as text" in note for note in report[1]["notes"])
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""


def test_attachments_named_only_by_their_extension_keep_it(site: Path, tmp_path: Path, make_app) -> None:
    body = "<h2>Notes</h2>" + "".join(
        f'<p><ac:image><ri:attachment ri:filename="{name}" /></ac:image></p>' for name in ("..png", " .png", ".png")
    )
    page = Page("11", "2022-06-06 DM-SST", body, parent="10", attachments={"..png": PNG, " .png": PNG, ".png": PNG})
    assert main(["import", "confluence", "--series", "sst", str(xml_export(tmp_path / "s.zip", [SPACE[1], page]))]) == 0
    files = sorted(p.name for p in (site / "minutes/sst/2022-06-06").iterdir())
    assert files == ["file-2.png", "file-3.png", "file.png"]
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""


def test_a_secret_in_a_title_is_never_printed_or_reported(site: Path, tmp_path: Path, capsys) -> None:
    page = Page("11", "2022-06-06 DM-SST Passcode: 902018", "<p>Notes.</p>", parent="10")
    bad = Page("12", "DM-SST Passcode: 902019", "<h2>Attendees</h2><p>Nobody.</p>", parent="10")
    assert (
        main(["import", "confluence", "--series", "sst", str(xml_export(tmp_path / "s.zip", [SPACE[1], page, bad]))])
        == 1
    )
    out, err = capsys.readouterr()
    reports = (site / "_build/import/report.md").read_text() + (site / "_build/import/report.json").read_text()
    for value in ("902018", "902019"):
        assert value not in out + err + reports + (site / "minutes/sst/2022-06-06.md").read_text()


def test_a_wiki_answer_larger_than_the_limit_is_refused_not_read_whole(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """R13: an answer of the API is read in chunks that stop at --max-file-size (exit 3)."""
    import http.server
    import threading

    class Huge(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(8):  # 8 MB, never all read
                    self.wfile.write(b" " * 2**20)
            except ConnectionError:
                pass  # the importer stopped reading, as it should

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/wiki"
        command = ["import", "confluence", "--url", url, "--space", "MEET", "--series", "sst", "--max-file-size", "1"]
        assert main(command) == 3
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert "answered more than 4 MB to one request" in err and "Traceback" not in err  # at least 4 MB


def test_wiki_users_named_like_reserved_ids_get_other_ids(site: Path, tmp_path: Path, make_app) -> None:
    """R17: a user named "unassigned" or "index" is a person (unassigned2, index2), never
    FORMAT's "nobody" or the people folder's own page."""

    def named(name: str) -> str:
        return (
            f'<ac:link><ri:user ri:account-id="acc-{name}" /><ac:plain-text-link-body><![CDATA[{name}]]>'
            "</ac:plain-text-link-body></ac:link>"
        )

    body = "<h2>Action items</h2>" + tasks(task(f"{named('unassigned')} to plan"), task(f"{named('index')} to file"))
    page = Page("11", "2022-06-06 DM-SST", body, parent="10")
    assert main(["import", "confluence", "--series", "sst", str(xml_export(tmp_path / "s.zip", [SPACE[1], page]))]) == 0
    text = (site / "minutes/sst/2022-06-06.md").read_text()
    assert ":owner: unassigned2" in text and ":owner: index2" in text
    people = (site / "people.yaml").read_text()
    assert "\nunassigned2:\n  name: unassigned" in people and "\nunassigned:" not in people and "\nindex:" not in people
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
