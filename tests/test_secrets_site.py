"""The secret corpus in a built site: every invitation snippet, wherever it sits (a page's
body, its title, a table, a file pulled in with {include} or {literalinclude}, people.yaml),
is warned about at its file and line, and no output file holds any of its values: pages,
_sources/, searchindex.js, person pages, actions.json, the calendars and the feed.
One build for the whole corpus: the negatives sit in the same site and give no warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import build, copy_site, warnings
from minutes.secrets import REDACTED

DATA = Path(__file__).parent / "data" / "secrets"
INVITATIONS = yaml.safe_load((DATA / "invitations.yaml").read_text(encoding="utf-8"))
NEGATIVES = yaml.safe_load((DATA / "negatives.yaml").read_text(encoding="utf-8"))
PER_PAGE = 10
MEET_CODE = re.compile(r"[a-z]{3}-[a-z]{4}-[a-z]{3}")
WARNING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): WARNING: (?P<message>.*) \[minutes\.(?P<subtype>[\w-]+)\]$", re.M)

# The placements that are not a page's body, each with the snippet it carries.
TITLE = next(c for c in INVITATIONS if c["id"] == "title-with-passcode")
INCLUDED = next(c for c in INVITATIONS if c["id"] == "zoom-de-full")
LITERAL = next(c for c in INVITATIONS if c["id"] == "zoom-en-full")
# Files that other directives read themselves: a CSV table's and a raw block's :file:.
CSV = "Meeting ID,Passcode\n978 4411 2299,804116\n"
RAW = "<p>Room system: dial <b>Passcode</b> 553190 after the tone</p>\n"
DOWNLOAD = "Dial-in: +1 646 558 8656\nPasscode: 727201\n"
READ_VALUES = ["978 4411 2299", "804116", "553190", "+1 646 558 8656", "727201"]
PEOPLE = """
dialin:
  name: Zoom room +1 669 900 6833
  url: https://noirlab-edu.zoom.us/j/97839121776?pwd=K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09
"""
PEOPLE_VALUES = ["+1 669 900 6833", "97839121776", "K1JPeUpSMXFvSXJSa2xORGkyVk5zdz09"]
ACTION = ":::{action} Send the passcode 512314 and the dial-in +1 929 205 6099 to the brokers\n"
ACTION += ":owner: dialin, ebellm\n:due: 2023-03-01\n:::\n"


def meeting(date: str, body: str, title: str = "# Secrets check", participants: str = "lguy, dialin") -> str:
    return f"{title}\n\n```{{meeting}}\n:date: {date}\n:participants: {participants}\n```\n\n{body}"


def corpus_pages() -> tuple[dict[str, str], dict[str, tuple[str, int, int]]]:
    """Pages holding the invitation snippets, PER_PAGE to a page, and where each snippet
    landed: (page, first line, last line)."""
    pages: dict[str, str] = {}
    where: dict[str, tuple[str, int, int]] = {}
    body_cases = [c for c in INVITATIONS if c not in (TITLE, INCLUDED, LITERAL)]
    for n in range(0, len(body_cases), PER_PAGE):
        date = f"2023-01-{n // PER_PAGE + 10:02d}"
        path = f"minutes/dm-sst/{date}.md"
        head = meeting(date, "")
        text = head
        for case in body_cases[n : n + PER_PAGE]:
            first = text.count("\n") + 1
            text += case["text"].rstrip("\n") + "\n\nNext snippet.\n\n"
            where[case["id"]] = (path, first, first + case["text"].rstrip("\n").count("\n"))
        pages[path] = text
    pages["minutes/dm-sst/2023-02-01.md"] = meeting("2023-02-01", "Body.\n", title=TITLE["text"].strip())
    where[TITLE["id"]] = ("minutes/dm-sst/2023-02-01.md", 1, 1)
    pages["_includes/joining.inc"] = INCLUDED["text"]
    pages["_includes/connection.csv"] = CSV
    pages["_includes/connection.html"] = RAW
    pages["_includes/dial-in.txt"] = DOWNLOAD
    pages["_includes/invitation.txt"] = LITERAL["text"]
    pages["minutes/dm-sst/2023-02-02.md"] = meeting(
        "2023-02-02",
        "How to join:\n\n```{include} ../../_includes/joining.inc\n```\n\n"
        "```{literalinclude} ../../_includes/invitation.txt\n```\n\n"
        "```{csv-table} Connection\n:file: ../../_includes/connection.csv\n:header-rows: 1\n```\n\n"
        "```{raw} html\n:file: ../../_includes/connection.html\n```\n\n"
        "Offered as {download}`a file <../../_includes/dial-in.txt>`.\n\n" + ACTION,
    )
    where[INCLUDED["id"]] = ("_includes/joining.inc", 1, INCLUDED["text"].count("\n"))
    where[LITERAL["id"]] = ("_includes/invitation.txt", 1, LITERAL["text"].count("\n"))
    negatives = "".join(case["text"] + "\n\nNext line.\n\n" for case in NEGATIVES)
    pages["minutes/dm-sst/2023-02-03.md"] = meeting(
        "2023-02-03", negatives, title="# Nothing secret here", participants="lguy, jbosch"
    )
    return pages, where


PAGES, WHERE = corpus_pages()


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_app_module):
    srcdir = copy_site(tmp_path_factory.mktemp("secrets") / "site", pages=PAGES)
    with (srcdir / "people.yaml").open("a", encoding="utf-8") as people:
        people.write(PEOPLE)
    app = build(make_app_module, srcdir, freshenv=True)
    return srcdir, Path(app.outdir), warnings(app)


def found_warnings(log: str, srcdir: Path) -> list[tuple[str, int, str, str]]:
    out = []
    for match in WARNING.finditer(log):
        path = Path(match["file"])
        name = str(path.relative_to(srcdir)) if path.is_absolute() else match["file"]
        out.append((name, int(match["line"]), match["subtype"], match["message"]))
    return out


@pytest.mark.parametrize("case", INVITATIONS, ids=[c["id"] for c in INVITATIONS])
def test_each_snippet_is_warned_at_its_file_and_line(site, case):
    srcdir, _outdir, log = site
    path, first, last = WHERE[case["id"]]
    lines = [line for name, line, subtype, _m in found_warnings(log, srcdir) if name == path and subtype == "secret"]
    assert any(first <= line <= last for line in lines), (path, first, last, lines)


def test_no_warning_repeats_a_secret_and_only_secrets_are_warned(site):
    srcdir, _outdir, log = site
    found = found_warnings(log, srcdir)
    assert found and {subtype for _n, _l, subtype, _m in found} == {"secret"}, log
    for case in INVITATIONS:
        for value in case["secrets"]:
            assert value not in log
    assert not [w for w in found if w[0] == "minutes/dm-sst/2023-02-03.md"], "a negative was taken for a secret"
    assert not [w for w in found if w[0].startswith("minutes/") and w[0] not in PAGES], "the example site warns"


def test_files_read_by_csv_table_raw_and_download_are_warned_at_their_lines(site):
    srcdir, _outdir, log = site
    found = found_warnings(log, srcdir)
    assert {(n, line) for n, line, _s, _m in found if n.endswith((".csv", ".html", "dial-in.txt"))} == {
        ("_includes/connection.csv", 2),
        ("_includes/connection.html", 1),
        ("_includes/dial-in.txt", 1),
        ("_includes/dial-in.txt", 2),
    }


def test_people_yaml_is_warned_at_its_lines(site):
    srcdir, _outdir, log = site
    text = (srcdir / "people.yaml").read_text(encoding="utf-8").split("\n")
    expected = {n for n, line in enumerate(text, start=1) if "6833" in line or "97839121776" in line}
    lines = {line for name, line, subtype, _m in found_warnings(log, srcdir) if name == "people.yaml"}
    assert lines == expected and len(expected) == 2


def published_files(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and p.suffix not in (".png", ".jpg", ".svg", ".woff", ".woff2", ".ico")
    }


def test_no_output_file_holds_a_secret(site):
    _srcdir, outdir, _log = site
    files = published_files(outdir)
    expected = ["searchindex.js", "actions.json", "actions.ics", "meetings.ics", "minutes.atom", "people/dialin.html"]
    for name in expected + [f"_sources/{p}.txt" for p in PAGES if p.endswith(".md")]:
        assert name in files, name
    values = {v for case in INVITATIONS for v in case["secrets"]} | set(PEOPLE_VALUES) | set(READ_VALUES)
    values |= {"512314", "+1 929 205 6099"}
    # Values of six characters or more with a digit, and Google Meet codes: shorter ones or
    # plain words (a Webex room named after a person's id) may be on the site for other reasons.
    values = {v for v in values if len(v) >= 6 and any(c.isdigit() for c in v) or MEET_CODE.fullmatch(v)}
    leaks = [(name, value) for name, text in files.items() for value in values if value in text]
    assert leaks == []


def test_the_text_around_a_secret_is_kept(site):
    _srcdir, outdir, _log = site
    files = published_files(outdir)
    page = files["minutes/dm-sst/2023-02-02.html"]
    assert "Schnelleinwahl mobil" in page and "Dial by your location" in page and REDACTED in page
    assert "Send the passcode" in files["actions.json"] and REDACTED in files["actions.json"]
    assert "Zoom room" in files["people/dialin.html"]
    assert "after the tone" in page and "Connection" in page
    download = next(text for name, text in files.items() if name.startswith("_downloads/"))
    assert download == f"Dial-in: {REDACTED}\nPasscode: {REDACTED}\n"
    assert "Weekly sync" in files["minutes.atom"] and "Weekly sync" in files["meetings.ics"]
    negatives = BeautifulSoup(files["minutes/dm-sst/2023-02-03.html"], "html.parser")
    body = negatives.find(string=re.compile("PT1H30M")).find_parent("section").get_text(" ")
    for case in NEGATIVES:
        assert re.sub(r"<[^>]*>|\|", " ", case["text"]).split()[-1] in body, case["id"]
    assert REDACTED not in body
