"""Hypothesis writes Confluence storage pages from a grammar of the wiki's elements (task
lists, mentions, ``<time>``, tables with spans, macros with parameters, links), with hostile
text and attribute values, and the importer must turn every one into a page that holds no
markup from the wiki and builds strictly with every task on it.

Two tests: one without Sphinx that imports many pages and reads each written page back with
MyST's parser; one that imports a batch of pages into a small site and builds it strictly,
once per example, so that the number of Sphinx builds stays small.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import tempfile
from contextlib import chdir, redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import copy_site
from minutes import confluence
from minutes import markdown as md
from minutes.__main__ import main
from minutes.people import PeopleRegistry
from minutes.secrets import secret_reason

EXAMPLES = int(os.environ.get("MINUTES_FUZZ_EXAMPLES", "5"))
DERANDOMIZE = os.environ.get("CI") == "true"

HOSTILE = st.sampled_from(
    [
        "```{raw} html\n<script>alert('pwned')</script>\n```",
        "<script>alert('pwned')</script>",
        "<img src=x onerror=alert('pwned')>",
        ":::{include} /etc/passwd",
        "{literalinclude}`/etc/passwd`",
        "{eval-rst}",
        "{raw}`<b>x</b>`",
        "[x](javascript:alert('pwned'))",
        "javascript:alert('pwned')",
        "&lt;script&gt;",
        "&#106;avascript:",
        "% a comment",
        "(target)=",
        "::::",
        "---",
        "# heading",
        "- item",
        "1. item",
        "| a | b |",
        ":owner: root",
        "$x$",
        "![i](https://evil.example/x.png)",
        "\u2028:owner: root",
        "\x0b\x0c\x85",
        "\\",
        "*",
        "&nbsp;",
    ]
)
TEXT = st.one_of(
    HOSTILE,
    st.text(alphabet="abcxyz <>{}`[]()*_:#%|!&;\"'=/\\-+~$\n\t\u2028", max_size=30),
)
"""Text with every character Markdown, MyST or HTML gives a meaning (no digits: they would
make dial-in numbers, which the importer rightly drops)."""
ATTRIBUTE = st.one_of(
    HOSTILE,
    st.sampled_from(["python", "c++", "1", "2", "99999999", "\u00b2", "-1", "", " 3", "x"]),
    st.text(alphabet="abc <>{}`'\"=:/\\&;#", max_size=20),
)
NAMES = st.sampled_from(["Keith Bechtol", "Leanne Guy", "Dana Scully", "Fox Mulder", "Eli Rykoff"])


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def mention(name: str, key: str) -> str:
    return (
        f'<ac:link><ri:user ri:userkey="{esc(key)}"/>'
        f"<ac:plain-text-link-body><![CDATA[{name}]]></ac:plain-text-link-body></ac:link>"
    )


@st.composite
def task_lists(draw: st.DrawFn, marker: str) -> str:
    """A task list; most tasks start with a mention, and each carries a marker the page must show."""
    tasks = []
    for n in range(draw(st.integers(1, 3))):
        owner = mention(draw(NAMES), draw(ATTRIBUTE)) if draw(st.integers(0, 3)) else ""  # else unassigned
        body = owner + f" {marker}t{n} " + esc(draw(TEXT))
        if draw(st.booleans()):
            day = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
            body += f' <time datetime="{day.isoformat()}"/>'
        if draw(st.booleans()):
            body += f' <a href="{esc(draw(ATTRIBUTE))}">{esc(draw(TEXT))}</a>'
        status = draw(st.sampled_from(["complete", "incomplete", esc(draw(TEXT))]))
        tasks.append(
            f"<ac:task><ac:task-id>{n}</ac:task-id><ac:task-status>{status}</ac:task-status>"
            f"<ac:task-body>{body}</ac:task-body></ac:task>"
        )
    return f"<ac:task-list>{''.join(tasks)}</ac:task-list>"


@st.composite
def tables(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(["<tr><th>Time</th><th>Topic</th><th>Who</th><th>Notes</th></tr>", ""]))
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        cells = []
        for _ in range(draw(st.integers(1, 4))):
            spans = "".join(
                f' {name}="{esc(draw(ATTRIBUTE))}"' for name in ("colspan", "rowspan") if draw(st.booleans())
            )
            cells.append(f"<td{spans}>{esc(draw(TEXT))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tbody>{header}{''.join(rows)}</tbody></table>"


@st.composite
def macros(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["code", "status", "jira", "info", "expand", esc(draw(ATTRIBUTE))]))
    parameters = "".join(
        f'<ac:parameter ac:name="{draw(st.sampled_from(["language", "title", "key", esc(draw(ATTRIBUTE))]))}">'
        f"{esc(draw(ATTRIBUTE))}</ac:parameter>"
        for _ in range(draw(st.integers(0, 2)))
    )
    body = draw(
        st.sampled_from(
            [
                f"<ac:plain-text-body><![CDATA[{draw(TEXT).replace(']]>', '')}]]></ac:plain-text-body>",
                f"<ac:rich-text-body><p>{esc(draw(TEXT))}</p></ac:rich-text-body>",
                "",
            ]
        )
    )
    return f'<ac:structured-macro ac:name="{name}">{parameters}{body}</ac:structured-macro>'


@st.composite
def blocks(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "heading", "list", "table", "macro", "link"]))
    if kind == "p":
        return f"<p>{esc(draw(TEXT))}</p>"
    if kind == "heading":
        return f"<h2>{esc(draw(TEXT))}</h2>"
    if kind == "list":
        return "<ul>" + "".join(f"<li>{esc(draw(TEXT))}</li>" for _ in range(draw(st.integers(1, 3)))) + "</ul>"
    if kind == "table":
        return draw(tables())
    if kind == "macro":
        return draw(macros())
    url = draw(st.one_of(ATTRIBUTE, st.just("https://ok.example/a b(c)")))
    return f'<p><a href="{esc(url)}">{esc(draw(TEXT))}</a> <ac:link><ri:url ri:value="{esc(url)}"/></ac:link></p>'


@st.composite
def pages(draw: st.DrawFn, marker: str) -> tuple[str, list[str]]:
    """(a storage page as the REST API gives it, the task markers it holds)."""
    parts = [f"<h2>{esc(draw(TEXT))}</h2>"] + draw(st.lists(blocks(), max_size=5))
    task_list = draw(task_lists(marker))
    markers = re.findall(rf"{marker}t\d", task_list)
    parts.insert(draw(st.integers(0, len(parts))), task_list)
    title = draw(TEXT)
    return json.dumps({"title": f"Meeting notes {title}", "body": {"storage": {"value": "".join(parts)}}}), markers


PEOPLE = "kbechtol:\n  name: Keith Bechtol\nlguy:\n  name: Leanne Guy\nerykoff:\n  name: Eli Rykoff\n"


@settings(
    max_examples=200,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(page=pages("zq"), day=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 28)))
def test_any_page_is_written_without_markup_from_the_wiki(page: tuple[str, list[str]], day: dt.date) -> None:
    text, _ = page
    data = json.loads(text)
    data["title"] = f"{day.isoformat()} {data['title']}"
    registry = PeopleRegistry({})
    imported = confluence.import_page(json.dumps(data), "page.json", confluence.PeopleMatcher(registry), "fuzz", True)
    assert imported.page is not None, imported.problems
    written = md.meeting_page(imported.page)
    assert md.check_page(written) == [], written


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking would run hundreds of builds
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    batch=st.lists(st.integers(0, 10_000), min_size=3, max_size=6, unique=True).flatmap(
        lambda seeds: st.tuples(*(pages(f"zq{n}x") for n in range(len(seeds))))
    )
)
def test_imported_pages_build_strictly_with_every_task(batch: tuple[tuple[str, list[str]], ...]) -> None:
    from sphinx.testing.util import SphinxTestApp

    with tempfile.TemporaryDirectory() as tmp:
        site = copy_site(Path(tmp) / "site", example=False, pages={"people.yaml": PEOPLE})
        (site / "index.md").write_text("# Fuzz\n\n```{toctree}\n:glob:\n\nminutes/*/index\n```\n")
        (site / "_static").mkdir(exist_ok=True)
        files, expected = [], {}
        for n, (text, markers) in enumerate(batch):
            day = dt.date(2022, 1, 1) + dt.timedelta(days=n)
            data = json.loads(text)
            data["title"] = f"{day.isoformat()} {data['title']}"
            path = Path(tmp) / f"page{n}.json"
            path.write_text(json.dumps(data))
            files.append(str(path))
            expected[day.isoformat()] = [m for m in markers if not _secret_near(data, m)]
        out, err = StringIO(), StringIO()
        with chdir(site), redirect_stdout(out), redirect_stderr(err):
            status = main(["import", "confluence", "--series", "fuzz", *files])
        assert status == 0, err.getvalue()
        assert "Traceback" not in out.getvalue() + err.getvalue()
        warning = StringIO()
        app = SphinxTestApp("html", srcdir=site, status=StringIO(), warning=warning, freshenv=True)
        try:
            app.build()
        finally:
            app.cleanup()
        pages = {p.name: p.read_text() for p in sorted((site / "minutes/fuzz").glob("*.md"))}
        assert warning.getvalue() == "", (warning.getvalue(), pages)
        outdir = Path(app.outdir)
        for day, markers in expected.items():
            page = BeautifulSoup((outdir / f"minutes/fuzz/{day}.html").read_text(), "html.parser")
            for tag in page.find_all(True):
                assert not any(name.lower().startswith("on") for name in tag.attrs), tag
                href = re.sub(r"[\x00-\x20]", "", str(tag.get("href", ""))).lower()
                assert not href.startswith(("javascript:", "vbscript:", "data:")), tag
                if tag.name == "script":
                    assert "pwned" not in str(tag), tag
            shown = page.get_text(" ")
            for marker in markers:
                assert marker in shown.lower(), (day, marker, pages[f"{day}.md"])  # descriptions start with a capital


def _secret_near(data: dict[str, object], marker: str) -> bool:
    """Whether the task holding ``marker`` has text the secret detector flags: the importer
    drops such a task, rightly, so it is not expected on the page."""
    storage = str(data["body"]["storage"]["value"])  # type: ignore[index]
    for task in re.findall(r"<ac:task-body>(.*?)</ac:task-body>", storage, re.DOTALL):
        if marker in task:
            return secret_reason(html.unescape(re.sub(r"<[^>]+>", " ", task))) is not None
    return False
