"""Issue 14 §4: no input crashes a build. Dates at the ends of the calendar, control
characters and Unicode line separators in titles, names and options, line breaks in
people.yaml names, YAML alias bombs: each is a warning with file and line, the author's text
is kept, and every export stays valid (RFC 5545 calendars without raw control characters,
well-formed Atom, actions.json valid against its schema)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import jsonschema
import pytest

from conftest import build, copy_site, soup, warnings
from minutes.people import load_people

PEOPLE = """\
lguy:
  name: Leanne Guy
  aliases: [Leanne]
jbosch:
  name: "Jim\\nBosch"
kbechtol:
  name: |
    Keith
    Bechtol
vt:
  name: "Vera\\vTab\\fFeed\\x85Nel\\u2028Sep"
"""

# Each separator in an action's title, in a topic title, a location and a name.
SEPARATORS = {"vt": "\v", "ff": "\f", "nel": "\x85", "ls": "\u2028", "ps": "\u2029", "bell": "\x07", "nul": "\x00"}


def separator_page(key: str, sep: str, day: int) -> str:
    return (
        f"# Separator {key}{sep}meeting\n\n```{{meeting}}\n:date: 2022-07-{day:02d}\n"
        f":location: Room{sep}42\n:participants: lguy, Jim{sep}Bosch\n```\n\n"
        f"::::{{topic}} Topic {key}{sep}title\n:lead: lguy\n\n"
        f":::{{action}} Action {key}{sep}title goes on\n:id: sep-{key}\n:owner: lguy\n:due: 2022-08-15\n"
        f"Body of {key}.\n:::\n::::\n"
    )


END = """\
# The last meeting

```{meeting}
:date: 9999-12-31
:time: 23:30
:timezone: Pacific/Kiritimati
:participants: lguy
```

:::{action} Finish before the calendar ends
:id: last-due
:owner: lguy
:due: 9999-12-31
:::
"""
START = """\
# The first meeting

```{meeting}
:date: 0001-01-01
:time: 00:30-01:00
:timezone: Asia/Tokyo
:participants: lguy
```

:::{action} Done at the start of the calendar
:id: first-due
:owner: lguy
:due: 0001-01-01
:::
"""


@pytest.fixture(scope="module")
def crashy(tmp_path_factory, make_app_module):
    pages = {
        "people.yaml": PEOPLE,
        "minutes/ops/9999-12-31.md": END,
        "minutes/ops/0001-01-01.md": START,
        "actions/index.md": "# Open actions\n\n```{action-table}\n:status: all\n```\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\nactions/*\n```\n",
    }
    for day, (key, sep) in enumerate(SEPARATORS.items(), start=1):
        pages[f"minutes/ops/2022-07-{day:02d}.md"] = separator_page(key, sep, day)
    srcdir = copy_site(tmp_path_factory.mktemp("crash") / "site", example=False, pages=pages)
    return build(make_app_module, srcdir, freshenv=True, confoverrides={"html_baseurl": "https://minutes.example.org/"})


def lines(app, subtype: str) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith(f"[minutes.{subtype}]")]


def test_no_traceback(crashy):
    text = warnings(crashy)
    assert "Traceback" not in text and "Exception" not in text, text


@pytest.mark.parametrize(("day", "key"), [(d, k) for d, k in enumerate(SEPARATORS, start=1)])
def test_a_separator_is_warned_at_each_line_and_moves_nothing(crashy, day, key):
    sep = SEPARATORS[key]
    text = separator_page(key, sep, day)
    path = Path(crashy.srcdir, f"minutes/ops/2022-07-{day:02d}.md")
    expected = [i for i, line in enumerate(text.split("\n"), start=1) if sep in line]
    found = [w for w in lines(crashy, "encoding") if w.startswith(f"{path}:")]
    assert [int(w.split(":")[1]) for w in found] == expected, found
    page = soup(crashy, f"minutes/ops/2022-07-{day:02d}.html")
    action = page.select_one(f"#sep-{key}")
    assert action is not None
    head = action.select_one(".minutes-action-description").get_text()
    assert head == f"Action {key} title goes on"
    meta = action.select_one(".minutes-action-meta").get_text(" ", strip=True)
    assert "Leanne Guy" in meta and "2022-08-15" in meta  # :owner: and :due: stayed options
    assert f"Body of {key}." in action.get_text()
    assert f"Topic {key} title" in page.get_text(" ")
    assert "Room 42" in page.select_one(".minutes-location").get_text()
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", page.get_text())


def test_line_breaks_in_people_yaml_names_are_warned_and_shown_on_one_line(crashy):
    people = Path(crashy.srcdir, "people.yaml")
    found = lines(crashy, "people")
    for needle in ("jbosch:", "kbechtol:", "vt:"):
        line = next(i for i, text in enumerate(PEOPLE.split("\n"), start=1) if text == needle) + 1
        assert [w for w in found if w.startswith(f"{people}:{line}: ") and "one line" in w], (needle, found)
    assert soup(crashy, "people/jbosch.html").select_one("h1").get_text() == "Jim Bosch"
    assert soup(crashy, "people/kbechtol.html").select_one("h1").get_text() == "Keith Bechtol"
    assert soup(crashy, "people/vt.html").select_one("h1").get_text() == "Vera Tab Feed Nel Sep"


@pytest.mark.parametrize(("name", "text"), [("9999-12-31", END), ("0001-01-01", START)])
def test_the_ends_of_the_calendar_are_warned_at_their_lines_and_used(crashy, name, text):
    path = Path(crashy.srcdir, f"minutes/ops/{name}.md")
    found = [w for w in lines(crashy, "bad-date") if w.startswith(f"{path}:")]
    expected = [i for i, line in enumerate(text.split("\n"), start=1) if line.startswith((":date:", ":due:"))]
    assert [int(w.split(":")[1]) for w in found] == expected, found
    assert all("check the year" in w for w in found)


def test_the_ends_of_the_calendar_build_and_show(crashy):
    assert "9999-12-31" in soup(crashy, "minutes/ops/9999-12-31.html").select_one(".minutes-action-meta").get_text()
    assert "Done at the start of the calendar" in soup(crashy, "actions/index.html").get_text()


CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]")


def test_every_calendar_is_valid_and_holds_no_raw_control_character(crashy):
    calendars = sorted(Path(crashy.outdir).rglob("*.ics"))
    assert len(calendars) >= 5
    for path in calendars:
        data = path.read_bytes()
        assert not CONTROL.search(data.replace(b"\r\n", b"")), path
        assert all(line.endswith(b"\r") or not line for line in data.split(b"\n")), path
        calendar = icalendar.Calendar.from_ical(data)
        for event in calendar.walk("VEVENT"):
            assert event.decoded("dtstart") is not None
    meetings = icalendar.Calendar.from_ical((Path(crashy.outdir) / "meetings.ics").read_bytes())
    summaries = {str(e["summary"]) for e in meetings.walk("VEVENT")}
    assert "The last meeting" in summaries and "The first meeting" in summaries
    assert "Separator ls meeting" in summaries


def test_every_feed_is_well_formed(crashy):
    feeds = sorted(Path(crashy.outdir).rglob("*.atom"))
    assert feeds
    for path in feeds:
        ET.parse(path)
    titles = [e.text for e in ET.parse(Path(crashy.outdir) / "minutes.atom").iter("{http://www.w3.org/2005/Atom}title")]
    assert "9999-12-31 The last meeting" in titles and "0001-01-01 The first meeting" in titles


def test_actions_json_is_valid_against_its_schema(crashy):
    out = Path(crashy.outdir)
    document = json.loads((out / "actions.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((out / "actions.schema.json").read_text()))
    actions = {a["id"]: a for a in document["actions"]}
    assert actions["last-due"]["due"] == "9999-12-31" and actions["first-due"]["due"] == "0001-01-01"
    assert actions["sep-ls"]["description"] == "Action ls title goes on"


# -- people.yaml: anchors, aliases and deep nesting ----------------------------------------------

BOMB = """\
lguy:
  name: Leanne Guy
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
jbosch:
  name: Jim Bosch
  aliases: *i
"""


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        (BOMB, 3, "anchor or alias"),
        ("lguy:\n  name: Leanne Guy\n  aliases: &x [Leanne]\njb:\n  name: Jim\n  aliases: *x\n", 3, "anchor or alias"),
        ("lguy:\n  name: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nests too deeply"),
    ],
    ids=["billion-laughs", "alias", "deep"],
)
def test_people_yaml_refuses_anchors_aliases_and_deep_nesting(tmp_path, text, line, hint):
    path = tmp_path / "people.yaml"
    path.write_text(text)
    registry = load_people(path)
    assert not registry.readable
    assert len(registry.problems) == 1 and registry.problems[0][1] == line and hint in registry.problems[0][0]


def test_an_alias_bomb_in_people_yaml_is_one_warning_in_a_build(tmp_path, make_app):
    pages = {
        "people.yaml": BOMB,
        "minutes/ops/2022-07-04.md": "# Ops\n\n```{meeting}\n:date: 2022-07-04\n:participants: lguy\n```\n\nKept.\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\n```\n",
    }
    app = build(make_app, copy_site(tmp_path / "site", example=False, pages=pages), freshenv=True)
    found = lines(app, "people")
    assert len(found) == 1 and found[0].startswith(f"{Path(app.srcdir, 'people.yaml')}:3: ")
    assert "Kept." in soup(app, "minutes/ops/2022-07-04.html").get_text()


def test_the_aliases_key_is_still_read(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text("lguy:\n  name: Leanne Guy\n  aliases: [Leanne, L. Guy]\n")
    registry = load_people(path)
    assert registry.problems == [] and registry.resolve("L. Guy").id == "lguy"
