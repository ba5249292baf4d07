"""Invitations pasted into wiki minutes: the importer keeps every word the author wrote around
them (the labels, the sentences, a join link's text) and writes each secret's value as the
redaction mark, as the extension shows it; the report counts them; the imported site builds
strictly and no value reaches the Markdown, the HTML, ``_sources`` or the search index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_site, warnings
from minutes.__main__ import main
from minutes.secrets import REDACTED

TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA2ZTk4QzYt%40thread.v2/0?context=%7b%7d"
# page -> (date, body, the values that must vanish, the words that must stay)
INVITATIONS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "zoom-en": (
        "2023-03-01",
        "<p>Leanne Guy is inviting you to a scheduled Zoom meeting. Join Zoom Meeting "
        "https://noirlab-edu.zoom.us/j/97839121776?pwd=K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09 "
        "Meeting ID: 978 3912 1776 Passcode: 512314. Please join five minutes early.</p>"
        '<p>Join Zoom Meeting<br/><a href="https://noirlab-edu.zoom.us/j/97839121777?pwd=QWxhZGRpbjpvcGVu">'
        "https://noirlab-edu.zoom.us/j/97839121777?pwd=QWxhZGRpbjpvcGVu</a><br/>"
        "Meeting ID: 978 3912 1777<br/>Passcode: 512315</p>",
        ["97839121776", "K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09", "978 3912 1776", "512314", "97839121777"]
        + ["QWxhZGRpbjpvcGVu", "978 3912 1777", "512315"],
        ["is inviting you to a scheduled Zoom meeting.", "Please join five minutes early.", "Join Zoom Meeting"],
    ),
    "teams-en": (
        "2023-03-02",
        f'<p>Microsoft Teams meeting. Join on your computer or mobile app: <a href="{TEAMS_LINK}">Click here to '
        "join the meeting</a>. Meeting ID: 264 123 456 789 Passcode: Df9Gh0. Or call in (audio only) "
        "+1 323-555-0142,,843726159# United States, Los Angeles. Phone Conference ID: 843 726 159#</p>",
        ["NjA2ZTk4QzYt", "264 123 456 789", "Df9Gh0", "323-555-0142", "843726159", "843 726 159"],
        [
            "Microsoft Teams meeting.",
            "Click here to join the meeting",
            "Or call in (audio only)",
            "Phone Conference ID",
        ],
    ),
    "webex-fr": (
        "2023-03-03",
        "<p>Réunion Webex. Numéro de la réunion (code d'accès) : 2634 567 8912 Mot de passe de la réunion : "
        "EfGh5678. L'ordre du jour suit.</p>",
        ["2634 567 8912", "EfGh5678"],
        ["Réunion Webex.", "Mot de passe de la réunion", "L'ordre du jour suit."],
    ),
    "meet-en": (
        "2023-03-04",
        '<p>Google Meet joining info. Video call link: <a href="https://meet.google.com/kqx-pwmz-rty">'
        "https://meet.google.com/kqx-pwmz-rty</a> Or dial: (US) +1 226-240-1234 PIN: 123 456 789# "
        "More phone numbers follow.</p>",
        ["kqx-pwmz-rty", "226-240-1234", "123 456 789"],
        ["Google Meet joining info.", "Video call link:", "More phone numbers follow."],
    ),
    "zoom-de": (
        "2023-03-05",
        "<p>Zoom-Meeting beitreten. Meeting-ID: 912 3456 7891 Kenncode: 661234. Bitte pünktlich sein.</p>",
        ["912 3456 7891", "661234"],
        ["Zoom-Meeting beitreten.", "Kenncode:", "Bitte pünktlich sein."],
    ),
    "zoom-es": (
        "2023-03-06",
        "<p>Unirse a la reunión Zoom. ID de reunión: 912 3456 7893 Código de acceso: 661236. Gracias.</p>",
        ["912 3456 7893", "661236"],
        ["Unirse a la reunión Zoom.", "Código de acceso:", "Gracias."],
    ),
    "zoom-ja": (
        "2023-03-07",
        "<p>Zoomミーティングに参加する。ミーティングID: 912 3456 7894 パスコード: 661237 よろしくお願いします。</p>",
        ["912 3456 7894", "661237"],
        ["Zoomミーティングに参加する。", "パスコード:", "よろしくお願いします。"],
    ),
    "teams-pt": (
        "2023-03-08",
        "<p>Reunião do Microsoft Teams. ID da reunião: 931 5550 1841 Senha: Xq7Tz2. Até logo.</p>",
        ["931 5550 1841", "Xq7Tz2"],
        ["Reunião do Microsoft Teams.", "ID da reunião:", "Até logo."],
    ),
    "below": (
        "2023-03-09",
        "<p>Zoom as usual. Passcode below</p><p>610017</p><p>See you there.</p>",
        ["610017"],
        ["Zoom as usual. Passcode below", "See you there."],
    ),
}


def storage(date: str, body: str) -> str:
    return json.dumps({"title": f"{date} Ops meeting", "body": {"storage": {"value": f"<h2>Logistics</h2>{body}"}}})


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, make_app_module) -> dict[str, object]:
    """Every invitation page imported in one run, then the site built once."""
    import os
    from contextlib import redirect_stdout
    from io import StringIO

    base = tmp_path_factory.mktemp("invitations")
    index = "# Invitations\n\n```{toctree}\n:glob:\n\nminutes/*/index\n```\n"
    site = copy_site(base / "site", example=False, pages={"index.md": index, "people.yaml": "{}\n"})
    files = []
    for name, (date, body, _values, _kept) in INVITATIONS.items():
        files.append(base / f"{name}.json")
        files[-1].write_text(storage(date, body), encoding="utf-8")
    out, cwd = StringIO(), os.getcwd()
    os.chdir(site)
    try:
        with redirect_stdout(out):
            status = main(["import", "confluence", "--series", "ops", *map(str, files)])
    finally:
        os.chdir(cwd)
    app = build(make_app_module, site, freshenv=True)
    return {"site": site, "status": status, "out": out.getvalue(), "app": app, "outdir": Path(app.outdir)}


def test_the_import_succeeds_and_the_site_builds_strictly(imported: dict[str, object]) -> None:
    assert imported["status"] == 0, imported["out"]
    assert warnings(imported["app"]) == ""


@pytest.mark.parametrize("name", INVITATIONS)
def test_no_value_is_written_built_or_reported(imported: dict[str, object], name: str) -> None:
    site, outdir = imported["site"], imported["outdir"]
    assert isinstance(site, Path) and isinstance(outdir, Path)
    written = [site / "minutes/ops" / f"{INVITATIONS[name][0]}.md", *sorted((site / "_build/import").rglob("*"))]
    published = [p for p in outdir.rglob("*") if p.is_file()]
    assert any(p.name == "searchindex.js" for p in published)
    assert any("_sources" in p.parts for p in published)
    for value in INVITATIONS[name][2]:
        assert value not in str(imported["out"])
        for path in written + published:
            if path.is_file():
                assert value.encode() not in path.read_bytes(), (value, path)


@pytest.mark.parametrize("name", INVITATIONS)
def test_the_labels_and_sentences_around_the_values_are_kept(imported: dict[str, object], name: str) -> None:
    site, outdir = imported["site"], imported["outdir"]
    assert isinstance(site, Path) and isinstance(outdir, Path)
    date, _body, _values, kept = INVITATIONS[name]
    markdown = (site / f"minutes/ops/{date}.md").read_text(encoding="utf-8")
    page = BeautifulSoup((outdir / f"minutes/ops/{date}.html").read_text(encoding="utf-8"), "html.parser")
    shown = " ".join(page.get_text(" ").split()).replace("\u2019", "'")  # Sphinx's smart quotes
    for words in kept:
        assert words in markdown and words in shown, words
    assert REDACTED in markdown and REDACTED in shown


def test_the_report_counts_the_secrets_of_every_page(imported: dict[str, object]) -> None:
    site = imported["site"]
    assert isinstance(site, Path)
    report = json.loads((site / "_build/import/report.json").read_text())
    written = [page for page in report["pages"] if page["status"] == "written"]
    assert len(written) == len(INVITATIONS)
    counts = {page["id"].removesuffix(".json"): page["dropped"].get("secrets", 0) for page in written}
    assert counts.pop("below") == 1  # a passcode
    assert all(count >= 2 for count in counts.values()), counts  # an ID and a password or PIN, at least
    assert "never published" in str(imported["out"])
