"""The secret detector alone (no Sphinx): the invitation corpus is found and wholly removed,
the negatives corpus is left alone, and the time taken grows linearly with the text."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from minutes.secrets import (
    REDACTED,
    contains_secret,
    find_secrets,
    redact,
    redact_secrets,
    secret_kinds,
    secret_messages,
    secret_reason,
)

DATA = Path(__file__).parent / "data" / "secrets"
INVITATIONS = yaml.safe_load((DATA / "invitations.yaml").read_text(encoding="utf-8"))
NEGATIVES = yaml.safe_load((DATA / "negatives.yaml").read_text(encoding="utf-8"))


def pieces(value: str) -> list[str]:
    """The value and each part of it a reader could still use (four characters or more):
    the whole value must go, never leaving ``••• 1776``."""
    return [value, *(p for p in re.split(r"[ \-.()#,]+", value) if len(p) >= 4)]


def test_the_corpora_are_big_enough():
    assert len(INVITATIONS) >= 60 and len(NEGATIVES) >= 60
    assert len({c["id"] for c in INVITATIONS}) == len(INVITATIONS)
    assert len({c["id"] for c in NEGATIVES}) == len(NEGATIVES)


@pytest.mark.parametrize("case", INVITATIONS, ids=[c["id"] for c in INVITATIONS])
def test_an_invitation_is_found_and_wholly_removed(case):
    text = case["text"]
    secrets = find_secrets(text)
    assert secrets and contains_secret(text) and secret_reason(text)
    redacted = redact_secrets(text)
    assert redacted == redact(text, secrets)
    assert REDACTED in redacted
    assert redacted.count("\n") == text.count("\n")
    for value in case["secrets"]:
        for piece in pieces(value):
            assert piece not in redacted, (value, piece)
    messages = " ".join(message for _line, message in secret_messages(secrets))
    for value in case["secrets"]:
        assert value not in messages


@pytest.mark.parametrize("case", INVITATIONS, ids=[c["id"] for c in INVITATIONS])
def test_a_redacted_invitation_holds_no_secret(case):
    """The importer writes the redacted text and checks it again: ``zoom.us/j/•••`` is no
    join link, so redacting twice changes nothing and the text around the values is kept."""
    redacted = redact_secrets(case["text"])
    assert find_secrets(redacted) == [] and not contains_secret(redacted)
    assert redact_secrets(redacted) == redacted


@pytest.mark.parametrize("case", INVITATIONS, ids=[c["id"] for c in INVITATIONS])
def test_each_secret_is_placed_on_its_own_line(case):
    text = case["text"]
    lines = text.split("\n")
    for secret in find_secrets(text):
        assert text[secret.start : secret.end] in lines[secret.line - 1]
        assert secret.span == (secret.start, secret.end)
        assert not hasattr(secret, "value")


@pytest.mark.parametrize("case", NEGATIVES, ids=[c["id"] for c in NEGATIVES])
def test_what_minutes_are_full_of_is_no_secret(case):
    assert find_secrets(case["text"]) == []
    assert not contains_secret(case["text"])
    assert redact_secrets(case["text"]) == case["text"]


def test_a_line_of_the_seed_page_gets_one_message_per_line():
    text = (Path(__file__).parent / "data" / "seed-dm-sst-2022-06-06.txt").read_text(encoding="utf-8")
    secrets = find_secrets(text)
    assert [line for line, _message in secret_messages(secrets)] == [18]
    redacted = redact_secrets(text)
    for secret in ("640917", "RmFrZVBhc3N3b3Jk", "911 1222 3333", "91112223333", "944 5550 1234", "555 010 7799"):
        assert secret not in redacted
    assert "06 Jun 2022 , 09:00 - 14:00" in redacted
    assert "DM-34292" in redacted and "2011.03407" in redacted


@pytest.mark.parametrize(
    "after",
    ["; 2022-06-06", " / DM-12345", ", 10:00 Pacific", ", 2024", ", 12 people", " / 3/4 done", " (v26.0.1)", " (US)"],
)
def test_what_follows_a_meeting_id_is_kept_unless_it_is_a_code(after):
    """R35: a passcode after a meeting ID with no label of its own goes (``Zoom: <ID> /
    <passcode>``); a date, time, ticket, year, count, fraction or version there stays."""
    assert redact_secrets(f"Meeting ID: 812 3456 7894{after}") == f"Meeting ID: {REDACTED}{after}"
    assert redact_secrets(f"Zoom: 812 3456 7894{after}") == f"Zoom: {REDACTED}{after}"
    assert redact_secrets("Zoom: 812 3456 7894 / 482923") == f"Zoom: {REDACTED} / {REDACTED}"


def test_the_importer_is_told_every_kind_a_text_holds():
    text = "https://zoom.us/j/97839121776?pwd=K1JPeUp Meeting ID: 978 3912 1776 Passcode: 512314 +1 669 900 6833"
    assert secret_kinds(text) == [
        "a link that joins the meeting",
        "a link carrying a meeting password (pwd=...)",
        "a meeting ID",
        "a meeting password or passcode",
        "a dial-in number",
    ]
    assert secret_reason("Agenda: review DM-34292") is None


def best_time(text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        find_secrets(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("filler", [" ", "#", "1 ", "+1 ", "<b>", "(", ",", "| "])
def test_a_long_line_takes_linear_time(filler):
    """100,000 characters after a label take about a hundred times as long as 1,000, not
    ten thousand times (what a backtracking pattern takes). A ratio, not a clock."""
    short = "Phone" + filler * (1_000 // len(filler))
    long = "Phone" + filler * (100_000 // len(filler))
    ratio = best_time(long, 3) / best_time(short, 7)
    assert ratio < 2_500, ratio


@pytest.mark.parametrize(
    "unit", ["ID 1 ", "code ", "Zoom 978 3912 1776 / x ", "(phone video ", "Kennung x ", "*1", "Teams: 1 "]
)
def test_the_shapes_read_around_a_label_take_linear_time(unit):
    """A line of labels that look around them (a bare ID, "code", a value after an ID,
    Webex's parentheses): each looks a bounded way, so 100 times the text takes about 100
    times as long. A ratio, not a clock."""
    short = unit * (1_000 // len(unit))
    long = unit * (100_000 // len(unit))
    ratio = best_time(long, 3) / best_time(short, 7)
    assert ratio < 2_500, ratio


def test_people_yaml_is_read_without_its_secrets(tmp_path):
    """people.yaml's names and urls reach person pages and exports: the registry never
    holds a secret, and each line that held one is reported (``people.py``, no Sphinx)."""
    from minutes.people import load_people

    path = tmp_path / "people.yaml"
    path.write_text(
        "lguy:\n  name: Leanne Guy\ndialin:\n  name: Zoom room +1 669 900 6833\n"
        "  url: https://noirlab-edu.zoom.us/j/97839121776?pwd=K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09\n",
        encoding="utf-8",
    )
    registry = load_people(path)
    person = registry.people["dialin"]
    assert person.name == f"Zoom room {REDACTED}" and "97839121776" not in (person.url or "")
    assert [line for _message, line in registry.secrets] == [4, 5]
    assert registry.people["lguy"].name == "Leanne Guy" and not registry.problems


def test_the_importer_drops_cells_a_header_row_labels_as_secret(site_root, capsys):
    """A wiki Location table with its labels in the header row: the cells below hold bare
    values, which the importer must know are secret from the table as a whole."""
    from minutes.__main__ import main

    storage = (Path(__file__).parent / "data" / "2022-07-25-dm-sst.storage.xhtml").read_text(encoding="utf-8")
    start = storage.index('<table class="wrapped">')
    end = storage.index("</table>", start) + len("</table>")
    table = (
        "<table><tbody><tr><th>Meeting ID</th><th>Passcode</th><th>Dial-in</th><th>Room</th></tr>"
        "<tr><td>978 3912 1776</td><td>512314</td><td>877 853 5247</td><td>Building 48, room 2</td></tr>"
        "</tbody></table>"
    )
    page = site_root / "page.storage.xhtml"
    page.write_text(storage[:start] + table + storage[end:], encoding="utf-8")
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    assert "Location: dropped a value its table labels as a meeting secret" in capsys.readouterr().out
    written = (site_root / "minutes/wiki/2022-07-25.md").read_text(encoding="utf-8")
    assert ":location: Building 48, room 2" in written
    for value in ("978 3912 1776", "512314", "877 853 5247"):
        assert value not in written


def test_the_importer_reads_a_location_label_and_value_in_two_paragraphs_as_one(site_root, capsys):
    from minutes.__main__ import main

    storage = (Path(__file__).parent / "data" / "2022-07-25-dm-sst.storage.xhtml").read_text(encoding="utf-8")
    start = storage.index('<table class="wrapped">')
    end = storage.index("</table>", start) + len("</table>")
    location = "<p><strong>Meeting ID</strong></p><p>978 3912 1776</p><p>Building 48, room 2</p>"
    page = site_root / "page.storage.xhtml"
    page.write_text(storage[:start] + location + storage[end:], encoding="utf-8")
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    assert "Location: dropped a meeting ID" in capsys.readouterr().out
    written = (site_root / "minutes/wiki/2022-07-25.md").read_text(encoding="utf-8")
    assert "978 3912 1776" not in written and "Building 48, room 2" in written


# A wiki page whose notes hold a secret in each shape the reader splits a text at: a
# definition list, a line break between two table-like lines, a list item after its label,
# a bold paragraph and the next one, a value split by <wbr> or spans, a link wrapping a
# percent-encoded join link. Each value goes; each label and the text around it stays.
SPLIT_NOTES = (
    "<h2>Notes</h2>"
    "<dl><dt>Passcode</dt><dd>730461</dd><dt>Room</dt><dd>Building 48</dd></dl>"
    "<p>Zoom | Passcode<br/>Zoom | 730462</p>"
    "<ul><li>Meeting ID</li><li>931 5550 1863</li></ul>"
    "<p><strong>Passcode</strong></p><p>730464</p>"
    "<p>Dial passcode: 730<wbr/>465 after the tone</p>"
    "<p>Host code: <span>730</span><span>466</span> for Leanne</p>"
    '<p><a href="https://example.org/go?u=https%3A%2F%2Frubin.zoom.us%2Fj%2F93155501867">the call</a> as usual</p>'
)
SPLIT_VALUES = ["730461", "730462", "931 5550 1863", "730464", "730465", "730466", "93155501867"]


def test_the_importer_removes_a_value_its_label_is_split_from(site_root, capsys):
    import json

    from minutes.__main__ import main

    page = site_root / "page.json"
    page.write_text(
        json.dumps({"title": "2023-08-03 DM-SST Meeting notes", "body": {"storage": {"value": SPLIT_NOTES}}})
    )
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    out = capsys.readouterr().out
    assert "Notes: dropped" in out and "never published" in out
    written = (site_root / "minutes/wiki/2023-08-03.md").read_text(encoding="utf-8")
    for value in SPLIT_VALUES:
        assert value not in written and value.replace(" ", "") not in written, value
    for kept in (
        f"Passcode: {REDACTED}",
        "Room: Building 48",
        f"Zoom \\| {REDACTED}",
        f"- {REDACTED}",
        "- Meeting ID",
        f"Dial passcode: {REDACTED} after the tone",
        f"Host code: {REDACTED} for Leanne",
        "as usual",
    ):
        assert kept in written, kept


def test_the_importer_keeps_the_lines_of_a_text_exports_table(site_root, capsys):
    """Red team R4c: ``Zoom | Passcode`` then ``Zoom | 653000`` in a text export were joined
    into one line, where no label stands over the value any more."""
    from minutes.__main__ import main

    page = site_root / "page.txt"
    page.write_text(
        "2023-08-02 DM-SST Meeting notes\n\nNotes\n\nZoom | Passcode\nZoom | 653000\n\nAction items\n\n"
        "* [ ] Keith to check the plan\n",
        encoding="utf-8",
    )
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    assert "dropped a meeting password or passcode" in capsys.readouterr().out
    written = (site_root / "minutes/wiki/2023-08-02.md").read_text(encoding="utf-8")
    assert "653000" not in written and "Passcode" in written and REDACTED in written
    assert "Check the plan" in written
