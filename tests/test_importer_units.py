"""The page importer's pieces, each on its own and without Sphinx: vocabulary, plain text,
tables, reading a source, the body reader, people matching, tasks and the page."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from minutes import markdown as md
from minutes.importer import words
from minutes.importer.body import HANDLERS, BodyReader
from minutes.importer.matching import PeopleMatcher
from minutes.importer.page import PageImporter, import_page
from minutes.importer.reading import PageError, read_source
from minutes.importer.tables import table_rows
from minutes.importer.text import heading_kind, normal_time, parse_text_date, strip_date, tidy_description, zone_of
from minutes.importer.tokens import Mention, Task, Text, Verbatim, When
from minutes.model import Person
from minutes.people import PeopleRegistry


def registry() -> PeopleRegistry:
    people = {
        "kbechtol": Person(id="kbechtol", name="Keith Bechtol", aliases=("Keith",)),
        "lguy": Person(id="lguy", name="Leanne Guy"),
        "yalsayyad": Person(id="yalsayyad", name="Yusra AlSayyad"),
    }
    return PeopleRegistry(people)


class Notes:
    """A reporter that keeps what the body reader tells it."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.drops: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def drop(self, reason: str, what: str) -> None:
        self.drops.append(what)

    def mention(self, user: Tag, shown: str) -> Person | None:
        return registry().resolve(shown)


def read(markup: str) -> list[object]:
    return BodyReader(Notes()).read(BeautifulSoup(markup, "html.parser").contents)  # type: ignore[arg-type]


def test_the_vocabulary_imports_nothing_of_ours() -> None:
    tree = ast.parse(Path(words.__file__).read_text())
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom | ast.Import)]
    assert all(isinstance(n, ast.Import) or (n.level == 0 and n.module == "__future__") for n in imports)


def test_plain_text_dates_times_zones_headings() -> None:
    assert parse_text_date("due 18 Jul 2022 or later") == dt.date(2022, 7, 18)
    assert parse_text_date("Sep 12, 2022") == dt.date(2022, 9, 12)
    assert parse_text_date("2022-02-30") is None
    assert normal_time("09:00 - 9:15") == "09:00-09:15" and normal_time("*12:30") == "12:30"
    assert normal_time("{raw} html") is None
    assert zone_of("10:00 Pacific") == "America/Los_Angeles"
    assert heading_kind("Attendees") == "participants" and heading_kind("Discussion items") == "agenda"
    assert strip_date("2022-06-06 DM-SST") == "DM-SST"
    assert tidy_description(" to send the notes,") == "Send the notes"


def test_table_rows_line_spans_up_and_bound_them() -> None:
    table = BeautifulSoup(
        "<table><tr><td>a</td><td>b</td><td>c</td></tr>"
        '<tr><td colspan="2">wide</td><td rowspan="2">tall</td></tr>'
        '<tr><td colspan="x">p</td><td colspan="\u00b2">q</td></tr>'
        '<tr><td colspan="999999999">huge</td></tr></table>',
        "html.parser",
    ).table
    assert table is not None
    rows = [[c.get_text() for c in cells] for _, cells in table_rows(table)]
    assert rows[0] == ["a", "b", "c"]
    assert rows[1] == ["wide", "", "tall"]
    assert rows[2] == ["p", "q", ""]  # the rowspan's cell, empty where it spans
    assert rows[3][0] == "huge" and len(rows[3]) == words.MAX_SPAN


def test_read_source_refuses_what_it_cannot_read() -> None:
    title, tree = read_source(json.dumps({"title": "2022-06-06 X", "body": {"storage": {"value": "<p>a</p>"}}}), "x")
    assert title == "2022-06-06 X" and tree.get_text() == "a"
    with pytest.raises(PageError, match="JSON nests too deeply"):
        read_source('{"a":' * 5000 + "1" + "}" * 5000, "x")
    with pytest.raises(PageError, match="not a page"):
        read_source("[1, 2]", "x")
    with pytest.raises(PageError, match="nest more than 100 deep"):
        read_source("<p>" + "<span>" * 200 + "x", "x")
    _, tree = read_source('<!DOCTYPE p [<!ENTITY e "EXPANDED">]><p>a&nbsp;b &e; &copy;</p>', "x")
    assert tree.get_text() == "a\u00a0b  \u00a9"


def test_every_element_the_reader_knows_has_a_handler() -> None:
    for name in ("ul", "li", "p", "h2", "br", "ac:task-list", "table", "time", "ac:link", "a", "code", "img"):
        assert name in HANDLERS


def test_body_reader_reads_tasks_mentions_dates_and_code() -> None:
    pieces = read(
        "<ac:task-list><ac:task><ac:task-status>complete</ac:task-status><ac:task-body>"
        "<ac:link><ri:user ri:userkey='k'/><ac:plain-text-link-body><![CDATA[Keith Bechtol]]>"
        "</ac:plain-text-link-body></ac:link> to look <time datetime='2022-07-18'/></ac:task-body>"
        "</ac:task></ac:task-list>"
        "<ac:structured-macro ac:name='code'><ac:parameter ac:name='language'>{raw} html</ac:parameter>"
        "<ac:plain-text-body><![CDATA[<script>x</script>]]></ac:plain-text-body></ac:structured-macro>"
    )
    task, code = pieces
    assert isinstance(task, Task) and task.done
    assert task.tokens[0] == Mention("kbechtol", "Keith Bechtol")
    assert Text(" to look ") in task.tokens and When(dt.date(2022, 7, 18)) in task.tokens
    assert isinstance(code, Verbatim) and code.markdown == "```\n<script>x</script>\n```"


def test_body_reader_keeps_links_only_when_safe() -> None:
    (para,) = read('<p><a href="javascript:alert(1)">bad</a> <a href="https://ok.example/(x)">good</a></p>')
    rendered = "".join(getattr(t, "markdown", getattr(t, "text", "")) for t in para.tokens)  # type: ignore[attr-defined]
    assert "javascript" not in rendered
    assert "[good](https://ok.example/%28x%29)" in rendered


def test_people_matcher_matches_adds_and_refuses() -> None:
    matcher = PeopleMatcher(registry())
    assert matcher.match("Yusra AISayyad").id == "yalsayyad"  # type: ignore[union-attr]
    assert matcher.leading("Keith Bechtol and Leanne Guy to send it") == (["kbechtol", "lguy"], "to send it")
    assert matcher.trailing("Send it Leanne Guy") == (["lguy"], "Send it")
    added = matcher.match_or_add("Dana Scully", "a test")
    assert added is not None and added.id == "dscully"
    assert matcher.match_or_add("Passcode 123456", "a test") is None
    assert matcher.match_or_add("<script>alert(1)</script>", "a test") is None
    assert [p.id for p, _ in matcher.added] == ["dscully"]


def importer() -> PageImporter:
    return PageImporter(PeopleMatcher(registry()), "dm-sst", "page.json")


def test_a_task_becomes_an_action_with_owners_due_and_note() -> None:
    task = Task(False, [Mention("kbechtol", "Keith Bechtol"), Text(" to look it up "), When(dt.date(2022, 7, 18))])
    action = importer().action(task, "", 0, dt.date(2022, 6, 6))
    assert action is not None
    assert (action.description, action.owners, action.due) == ("Look it up", ("kbechtol",), dt.date(2022, 7, 18))
    nobody = importer().action(Task(True, [Text("tidy the wiki")]), "", 0, None)
    assert nobody is not None and nobody.owners == () and str(nobody.status) == "done"


def test_import_page_gives_a_meeting_page_or_says_why_not() -> None:
    matcher = PeopleMatcher(registry())
    page = json.dumps(
        {
            "title": "2022-06-06 DM-SST",
            "body": {"storage": {"value": "<h2>Attendees</h2><p>Leanne Guy, Keith</p><h2>Notes</h2><p>Hello</p>"}},
        }
    )
    imported = import_page(page, "page.json", matcher, "dm-sst", False)
    assert imported.page is not None and imported.page.meeting.participants == ("lguy", "kbechtol")
    assert [s.topic.title for s in imported.page.topics] == ["Notes"]
    home = json.dumps({"title": "Space home", "body": {"storage": {"value": "<p>Welcome</p>"}}})
    assert import_page(home, "home.json", matcher, "dm-sst", False).skipped.startswith("not a meeting page")


def test_a_secret_is_cut_out_of_a_task_and_the_rest_kept() -> None:
    task = Task(False, [Mention("lguy", "Leanne Guy"), Text(" to send the Meeting ID: 912 3456 7890 to Keith")])
    worker = importer()
    action = worker.action(task, "", 0, None)
    assert action is not None and action.owners == ("lguy",)
    assert "912" not in action.description and action.description.startswith("Send the Meeting ID")
    assert worker.dropped  # reported, never shown


def test_tasks_in_a_plain_table_still_become_tasks() -> None:
    pieces = read(
        "<table><tr><th>What</th><th>Tasks</th></tr><tr><td>Plan</td><td><ac:task-list><ac:task>"
        "<ac:task-status>incomplete</ac:task-status><ac:task-body>write it</ac:task-body></ac:task>"
        "</ac:task-list></td></tr></table>"
    )
    assert [type(p).__name__ for p in pieces] == ["Para", "Para", "Task"]
    assert [t.text for t in pieces[2].tokens] == ["write it"]  # type: ignore[union-attr]


def test_a_task_report_row_keeps_the_assignee_the_wiki_recorded() -> None:
    task = Task(False, [Text("Talk to "), Mention("yalsayyad", "Yusra AlSayyad"), Text(" about the plan")])
    action = importer().action(task, "", 0, None, extra_owners=["lguy"])
    assert action is not None and action.owners == ("lguy",)
    mentioned = importer().action(task, "", 0, None)
    assert mentioned is not None and mentioned.owners == ("yalsayyad",)


@pytest.mark.parametrize(
    "table",
    [
        "<tr><th>Zoom</th><th>Passcode</th></tr><tr><td><p>Zoom</p></td><td><p>636000</p></td></tr>",
        "<tbody><tr><th>Zoom</th><th>Meeting ID</th><th>Passcode</th></tr>"
        "<tr><td>link</td><td>963 0001 0001</td><td>631000</td></tr></tbody>",
    ],
)
def test_a_secret_under_a_tables_header_label_is_not_written(table: str) -> None:
    """Rows of an ordinary table are written one line each, so the header's label would no
    longer stand beside its value (red team R4): the value is dropped, the rest kept."""
    page = json.dumps(
        {"title": "2023-02-01 DM-SST", "body": {"storage": {"value": f"<h2>Notes</h2><table>{table}</table>"}}}
    )
    imported = import_page(page, "page.json", PeopleMatcher(registry()), "dm-sst", False)
    assert imported.page is not None
    text = md.meeting_page(imported.page)
    assert "636000" not in text and "631000" not in text and "963 0001 0001" not in text
    assert "Zoom" in text and "Passcode" in text
    assert any("never published" in note for note in imported.notes)


def test_a_definition_list_keeps_each_term_beside_its_definition() -> None:
    """``<dt>Passcode</dt><dd>610013</dd>`` was written glued, ``Passcode610013``, and its
    secret published (red team R4b)."""
    body = "<h2>Notes</h2><dl><dt>Passcode</dt><dd>610013</dd><dt>Room</dt><dd>Lyman</dd></dl>"
    page = json.dumps({"title": "2022-12-13 DM-SST", "body": {"storage": {"value": body}}})
    imported = import_page(page, "page.json", PeopleMatcher(registry()), "dm-sst", False)
    assert imported.page is not None
    text = md.meeting_page(imported.page)
    assert "610013" not in text
    assert any("never published" in note for note in imported.notes)
    assert "Room: Lyman" in text


def test_a_bold_paragraph_is_written_bold_and_a_bullet_or_rule_is_escaped():
    """A wiki paragraph that is all bold ("**Logistics**") was escaped like a bullet
    ("\\**Logistics**"), which MyST shows as "*" and an italic "Logistics*"."""
    assert md.paragraph("**Logistics**") == "**Logistics**"
    assert md.paragraph("* not a list") == "\\* not a list"
    assert md.paragraph("***") == "\\***" and md.paragraph("* * *") == "\\* * *"
    assert md.check_page(md.paragraph("**Logistics**")) == []
