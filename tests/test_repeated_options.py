"""An option given twice in one directive of ours: MyST keeps the last value and drops the other
without a word. Every directive warns (``bad-option``, at the dropped line, naming the value
used) and the page still shows the value that was not used."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build, copy_root, soup, warnings
from minutes.checks import option_entries, options_given_once

MEETING = """# Repeated options

```{meeting}
:date: 2022-07-04
:time: 09:00
:time: 10:00-11:00
:participants: lguy
```

::::{topic} Cabling
:lead: lguy
:lead: jbosch

:::{action} Order the camera cables
:owner: lguy
:due: 2022-07-20
:due: 2022-07-27
:::

```{decision} Cables come from one vendor
---
id: one-vendor
id: single-vendor
---
The reasoning.
```
::::

:::{action-update} ops-2022-07-04-1
:owner: Jim
:owner: lguy
:::
"""
LISTS = """# Lists

```{action-table}
:status: all
:status: open
```

```{meeting-list}
:limit: 1
:limit: 2
```

```{decision-log}
:series: ops
:series: ops
```
"""
MEETING_PATH, LISTS_PATH = "minutes/ops/2022-07-04.md", "lists.md"
# (page, its text, the dropped line's text, the value used, the option shown as not used)
CASES = {
    "meeting": (MEETING_PATH, MEETING, ":time: 09:00", "'10:00-11:00'", ":time: 09:00"),
    "topic": (MEETING_PATH, MEETING, ":lead: lguy", "'jbosch'", ":lead: lguy"),
    "action": (MEETING_PATH, MEETING, ":due: 2022-07-20", "'2022-07-27'", ":due: 2022-07-20"),
    "decision (YAML options)": (MEETING_PATH, MEETING, "id: one-vendor", "'single-vendor'", ":id: one-vendor"),
    "action-update": (MEETING_PATH, MEETING, ":owner: Jim", "'lguy'", ":owner: Jim"),
    "action-table": (LISTS_PATH, LISTS, ":status: all", "'open'", ":status: all"),
    "meeting-list": (LISTS_PATH, LISTS, ":limit: 1", "'2'", ":limit: 1"),
    "decision-log": (LISTS_PATH, LISTS, ":series: ops", "'ops'", ":series: ops"),
}


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line == needle)


def option_warnings(app) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith("[minutes.bad-option]")]


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_app_module):
    pages = {MEETING_PATH: MEETING, LISTS_PATH: LISTS}
    pages["index.md"] = "# Ops\n\n```{toctree}\n:glob:\nminutes/ops/*\nlists\n```\n"
    srcdir = copy_root("ops", tmp_path_factory.mktemp("repeated") / "site", pages=pages)
    return build(make_app_module, srcdir, freshenv=True)


@pytest.mark.parametrize("case", CASES)
def test_an_option_given_twice_is_warned_at_the_dropped_line_naming_the_value_used(built, case):
    path, text, dropped, used, _shown = CASES[case]
    expected = f"{Path(built.srcdir, path)}:{line_of(text, dropped)}: WARNING: "
    found = [w for w in option_warnings(built) if w.startswith(expected)]
    assert len(found) == 1, option_warnings(built)
    assert f"the last, {used}" in found[0] and "is given 2 times" in found[0]
    assert "keep one" in found[0]


@pytest.mark.parametrize("case", CASES)
def test_the_value_not_used_is_still_shown_on_the_page(built, case):
    path, _text, _dropped, _used, shown = CASES[case]
    page = soup(built, path.replace(".md", ".html"))
    notes = [note.get_text() for note in page.select(".minutes-unread .minutes-problem-note")]
    assert shown in notes
    assert "Given more than once, not used:" in page.get_text()


def test_the_last_value_is_the_one_used(built):
    page = soup(built, MEETING_PATH.replace(".md", ".html"))
    assert page.select_one(".minutes-time").get_text().startswith("10:00\u201311:00 ")
    assert page.select_one("#single-vendor") is not None and page.select_one("#one-vendor") is None
    action = page.select_one("div.minutes-action")
    assert (
        "2022-07-27" in action.get_text() and "2022-07-20" not in action.select_one(".minutes-action-meta").get_text()
    )


def test_the_action_is_flagged_as_needing_a_fix(built):
    lists = soup(built, LISTS_PATH.replace(".md", ".html"))
    row = next(tr for tr in lists.select("tr.minutes-action-row") if "Order the camera cables" in tr.get_text())
    assert "needs fixing" in row.get_text()


def test_every_repeat_is_warned_once_and_nothing_else(built):
    assert len(option_warnings(built)) == len(CASES)
    assert "Traceback" not in warnings(built)


# -- the quick look that spares most directives the full read of their options ----------------

OPTION_LINE = st.tuples(
    st.sampled_from([":", " :", "", ":::", "\t:"]),
    st.sampled_from(["a", "b", "a b", "'a'", '"b"', "-", "#a", "a#", "_", ""]),
    st.sampled_from([":", "", "::"]),
    st.sampled_from([" ", "", "\t", "  "]),
    st.sampled_from(
        [
            "",
            "x",
            "b: y",
            "x\rb: y",
            "x\x85a: y",
            "x\u2028b: y",
            "x\u2029a:",
            "'q",
            '"q',
            "q'",
            "|",
            ">",
            "# c",
            " #",
            "---",
        ]
    ),
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.lists(OPTION_LINE, max_size=6), st.sampled_from(["", "---\n"]))
def test_options_given_once_is_never_wrong(lines, opening):
    """The quick look says an option block gives no option twice only where MyST's own reader
    of it (``option_entries``) finds no name twice: then the full read is skipped."""
    block_text = "\n".join([":::{action} Do it", opening + "\n".join(lines), "body"])
    if options_given_once(block_text):
        names = [name for name, _value, _line in option_entries(block_text, 1)]
        assert len(names) == len(set(names)), (block_text, names)


@pytest.mark.parametrize(
    "lines",
    [[":owner: lguy", ":due: 2022-07-20"], [":owner: lguy", ":lead: a", ":due: 2022-07-20", ":id: x-1"], []],
)
def test_options_given_once_says_so_for_plain_option_blocks(lines):
    """The common case (plain ``:name: value`` lines, each name once) takes the quick look."""
    assert options_given_once("\n".join([":::{action} Do it", *lines, "body"]))
    assert not options_given_once("\n".join([":::{action} Do it", *lines, *lines[:1], "body"])) or not lines
