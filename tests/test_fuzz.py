"""Whatever a note-taker writes, the build never raises and no description is lost.

Hypothesis writes pages from random option values, bodies and nestings of every directive and
role of the format, over a random people.yaml; each example is one Sphinx build of a small
site (a few pages), so the example count stays modest.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import copy_site

EXAMPLES = int(os.environ.get("MINUTES_FUZZ_EXAMPLES", "20"))

PEOPLE = [
    "lguy:\n  name: Leanne Guy\n  aliases: [Leanne]\njbosch:\n  name: Jim Bosch\n",
    "lguy: Leanne Guy\n",
    "- lguy\n- jbosch\n",
    "lguy:\n  initials: LG\nBad Id:\n  name: X\n",
    "lguy:\n  name: [unclosed\n",
    "lguy:\n  name: |\n    Leanne\n    Guy\n  url: javascript:alert(1)\n'../x':\n  name: Escape\n",
    "lguy: &a\n  name: Leanne Guy\njbosch: *a\n",
    "",
    None,
]

OPTION_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "lguy",
            "Leanne Guy",
            "Leanne",
            "jbsoch",
            "lguy, jbosch",
            "lguy,, ,",
            "2022-09-05",
            "2024-02-30",
            "next week",
            "open",
            "done",
            "dropped",
            "finished",
            "all",
            "owner",
            "series",
            "meeting",
            "5",
            "-1",
            "x",
            "camera-schedule",
            "Camera_Schedule",
            "fuzz-1",
            "09:00-10:00",
            "25:99",
            "America/Los_Angeles",
            "Mars/Base",
            "9999-12-31",
            "0001-01-01",
            "23:30",
            "unassigned",
            "javascript:alert(1)",
            "../../escape",
            "line\u2028separated",
            "vertical\x0btab",
            "next\x85line",
            "https://dmtn-226.lsst.io",
            "{person}`lguy`",
            "`",
            ":",
            ":::",
            "```",
            "Password: 512314",
            "ünïcødé ✓",
            "a: b: c",
            "[x](y)",
            "*emphasis",
            "<b>html</b>",
            "#",
            "%",
        ]
    ),
    # Control characters and line separators too (issue 14 §4); not surrogates, which no file holds.
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=24),
)
WORDS = st.lists(
    st.sampled_from(
        [
            "the",
            "camera",
            "schedule",
            "PSF",
            "compression",
            "noise",
            "DP0.3",
            "a",
            "to",
            "of",
            "check",
            "Jim's",
            "(tentative)",
            "*draft*",
            "`code`",
            "{person}`lguy`",
            "{person}`nobody`",
            "{action-ref}`fuzz-1`",
            "{action-ref}`missing`",
            "{person}``",
            "–",
            "ünï",
            "https://ls.st/x",
            "\u2028",
            "\x0c",
        ]
    ),
    max_size=8,
).map(" ".join)
ROLE_TARGETS = st.one_of(OPTION_VALUES, st.just("lguy")).map(lambda t: t.replace("`", "").strip() or "x")

OPTIONS = {
    "meeting": ["series", "date", "time", "timezone", "location", "participants", "regrets", "moderator", "notetaker"],
    "topic": ["time", "lead", "materials"],
    "action": ["id", "owner", "owners", "due", "status"],
    "action-update": ["status", "due", "owner", "owners"],
    "decision": ["id"],
    "action-table": ["status", "owner", "series", "overdue", "group-by"],
    "meeting-list": ["series", "limit"],
    "decision-log": ["series"],
}
HAS_BODY = {"topic", "action", "action-update", "decision"}


@dataclass
class Block:
    name: str
    argument: str
    options: list[tuple[str, str]]
    body: list[Block | str] = field(default_factory=list)
    backticks: bool = False

    def height(self) -> int:
        return 1 + max((b.height() for b in self.body if isinstance(b, Block)), default=0)

    def render(self) -> list[str]:
        fence = ("`" if self.backticks else ":") * (2 + self.height())
        lines = [f"{fence}{{{self.name}}} {self.argument}".rstrip()]
        lines += [f":{name}: {value}".rstrip() for name, value in self.options]
        for i, part in enumerate(self.body):
            if i or (self.options and part):
                lines.append("")
            lines += part.render() if isinstance(part, Block) else [part]
        lines.append(fence)
        return lines


counter = iter(range(10**9))


def description() -> st.SearchStrategy[str]:
    """A description that starts with a unique token, so the test can find it on the page."""
    return WORDS.map(lambda words: f"zq{next(counter)}x {words}".strip())


def options_of(name: str) -> st.SearchStrategy[list[tuple[str, str]]]:
    return st.lists(st.tuples(st.sampled_from([*OPTIONS[name], "bogus"]), OPTION_VALUES), max_size=4)


def leaf(name: str) -> st.SearchStrategy[Block]:
    argument = {"action": description(), "decision": description(), "action-update": OPTION_VALUES.map(str.strip)}
    return st.builds(
        Block,
        name=st.just(name),
        argument=st.one_of(st.just(""), argument.get(name, st.just(""))),
        options=options_of(name),
        body=st.lists(WORDS, max_size=2) if name in HAS_BODY else st.just([]),
        backticks=st.booleans(),
    )


def topics(children: st.SearchStrategy[Block | str]) -> st.SearchStrategy[Block]:
    return st.builds(
        Block,
        name=st.just("topic"),
        argument=WORDS,
        options=options_of("topic"),
        body=st.lists(children, max_size=4),
        backticks=st.booleans(),
    )


LEAVES = st.one_of(
    [
        leaf(name)
        for name in ("action", "action", "action-update", "decision", "action-table", "meeting-list", "decision-log")
    ]
)
BLOCKS = st.recursive(st.one_of(LEAVES, WORDS), topics, max_leaves=8)
ROLES = st.builds(
    lambda name, target: f"Text with {{{name}}}`{target}` in it.",
    st.sampled_from(["person", "action-ref"]),
    ROLE_TARGETS,
)
PAGE_PATHS = [
    "minutes/dm-sst/2022-09-05.md",
    "minutes/dm-sst/2022-09-12-extra.md",
    "minutes/fuzz/kickoff.md",
    "actions/fuzz.md",
]


@st.composite
def pages(draw: st.DrawFn) -> dict[str, str]:
    result = {}
    for path in draw(st.lists(st.sampled_from(PAGE_PATHS), min_size=1, max_size=3, unique=True)):
        lines: list[str] = []
        if draw(st.booleans()):
            lines += [f"# {draw(WORDS) or 'Meeting'}", ""]
        if draw(st.booleans()):
            lines += Block("meeting", "", draw(options_of("meeting")), backticks=draw(st.booleans())).render() + [""]
        for part in draw(st.lists(st.one_of(BLOCKS, ROLES), max_size=5)):
            lines += (part.render() if isinstance(part, Block) else [part]) + [""]
        result[path] = "\n".join(lines)
    return result


def exports_are_valid(out: Path) -> None:
    """Calendars parse and hold no raw control character, feeds are XML, actions.json fits its schema."""
    import json
    import re
    import xml.etree.ElementTree as ET

    import icalendar
    import jsonschema

    for path in out.rglob("*.ics"):
        data = path.read_bytes()
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", data.replace(b"\r\n", b"")), path
        icalendar.Calendar.from_ical(data)
    for path in out.rglob("*.atom"):
        ET.parse(path)
    schema = json.loads((out / "actions.schema.json").read_text())
    jsonschema.validate(json.loads((out / "actions.json").read_text(encoding="utf-8")), schema)


def descriptions(text: str) -> list[str]:
    """The unique tokens of the action and decision descriptions written on a page."""
    import re

    return re.findall(r"\{(?:action|decision)\}\s+(zq\d+x)", text)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # In CI the same examples every run, so a red build means a change broke something;
    # locally each run explores new ones.
    derandomize=os.environ.get("CI") == "true",
    print_blob=True,
)
@given(site_pages=pages(), people=st.sampled_from(PEOPLE), parallel=st.sampled_from([0, 0, 2]))
def test_any_page_builds_without_traceback_and_keeps_every_description(site_pages, people, parallel):
    from sphinx.testing.util import SphinxTestApp

    with tempfile.TemporaryDirectory() as tmp:
        srcdir = copy_site(Path(tmp) / "site", example=False, pages=site_pages)
        (srcdir / "index.md").write_text("# Fuzz\n\n```{toctree}\n:glob:\n\n*/*\n*/*/*\n```\n")
        if people is not None:
            (srcdir / "people.yaml").write_text(people)
        warning = StringIO()
        app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=warning, freshenv=True, parallel=parallel)
        try:
            app.build()
        finally:
            app.cleanup()
        text = warning.getvalue()
        assert "Traceback" not in text and "Exception occurred" not in text, text
        exports_are_valid(Path(app.outdir))
        for path, source in site_pages.items():
            html = (Path(app.outdir) / path.replace(".md", ".html")).read_text(encoding="utf-8")
            shown = BeautifulSoup(html, "html.parser").get_text(" ")
            for token in descriptions(source):
                assert token in shown, f"{token} lost from {path}:\n{source}"
