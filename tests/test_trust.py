"""Issue 14 §3: every link and person is safe to render. ``:materials:`` and people.yaml
``url:`` link only http, https and mailto (``unsafe-link``); a person id that fails the id
pattern never names a file or a link; every attribute is escaped; nothing is written outside
the output folder.

Its sites are its own hostile pages, not the example's, built with the site's own conf.py: the
escaping is checked through every template a published page goes through (the technote look,
the Rubin branding, sphinx-design)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_site, soup, warnings

PEOPLE = """\
lguy:
  name: Leanne Guy
  url: https://example.org/~lguy
mallory:
  name: Mallory "><script>alert(1)</script>
  url: javascript:alert(document.domain)
"../../../outside":
  name: Eve Escape
  aliases: [Eve]
webby:
  name: Webby
  url: 'https://example.org/"onmouseover="alert(1)'
"""

PAGE = """\
# Hostile meeting

```{meeting}
:date: 2022-07-04
:participants: lguy, Mallory "><script>alert(1)</script>, Eve
```

::::{topic} Materials
:lead: Eve
:materials: https://dmtn-226.lsst.io, mailto:ops@example.org, javascript:alert(1), JaVaScRiPt:alert(2), file:///etc/passwd, data:text/html;base64,PHNjcmlwdD4=, slides.pdf

Notes naming {person}`Eve` and {person}`mallory`.

:::{action} Eve escapes the site
:id: escape
:owner: Eve, mallory
:due: 2022-07-20
:::
::::
"""

SERIES = """\
# Escaping series

```{meeting}
:date: 2022-07-05
:series: ../../../../series-outside
```

Text of the escaping series.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, make_app_module):
    root = tmp_path_factory.mktemp("trust")
    pages = {
        "people.yaml": PEOPLE,
        "minutes/ops/2022-07-04.md": PAGE,
        "minutes/ops/2022-07-05.md": SERIES,
        "actions/index.md": "# Open actions\n\n```{action-table}\n```\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\nactions/*\n```\n",
    }
    srcdir = copy_site(root / "deep" / "er" / "site", example=False, pages=pages)
    app = build(make_app_module, srcdir, freshenv=True)
    app.root = root
    return app


def lines(app, subtype: str) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.endswith(f"[minutes.{subtype}]")]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_materials_link_only_http_https_mailto(hostile):
    path = Path(hostile.srcdir, "minutes/ops/2022-07-04.md")
    found = lines(hostile, "unsafe-link")
    at_materials = [w for w in found if w.startswith(f"{path}:{line_of(PAGE, ':materials:')}: WARNING: ")]
    assert len(at_materials) == 4, found
    assert all("shown as text" in w for w in at_materials)
    meta = soup(hostile, "minutes/ops/2022-07-04.html").select_one(".minutes-topic-meta")
    hrefs = [a["href"] for a in meta.select("a[href]") if "people/" not in a["href"]]
    assert hrefs == ["https://dmtn-226.lsst.io", "mailto:ops%40example.org"]  # docutils encodes the @
    text = meta.get_text(" ")
    for kept in ("javascript:alert(1)", "JaVaScRiPt:alert(2)", "file:///etc/passwd", "slides.pdf"):
        assert kept in text


def test_people_url_links_only_http_https_mailto(hostile):
    people = Path(hostile.srcdir, "people.yaml")
    found = [w for w in lines(hostile, "unsafe-link") if w.startswith(f"{people}:")]
    assert len(found) == 1 and found[0].startswith(f"{people}:{line_of(PEOPLE, 'url: javascript')}: ")
    page = soup(hostile, "people/mallory.html")
    assert not page.select('a[href^="javascript"]')
    assert "javascript:alert(document.domain)" in page.select_one(".minutes-person-meta").get_text()
    assert page.select_one('.minutes-person-meta a[href="https://example.org/~lguy"]') is None
    assert soup(hostile, "people/lguy.html").select_one('.minutes-person-meta a[href="https://example.org/~lguy"]')


def test_a_bad_person_id_names_no_file_and_no_link_but_the_person_is_shown(hostile):
    people = Path(hostile.srcdir, "people.yaml")
    found = [w for w in lines(hostile, "people") if "outside" in w]
    assert len(found) == 1 and found[0].startswith(f"{people}:{line_of(PEOPLE, 'outside')}: ")
    written = [p for p in hostile.root.rglob("*") if "outside" in p.name]
    assert written == [], written
    for path in Path(hostile.outdir).rglob("*.html"):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert not [a for a in html.select("a[href]") if "outside" in a["href"]], path
    report = soup(hostile, "actions/index.html")
    row = report.select_one("tr.minutes-action-row")
    assert "Eve Escape" in row.get_text() and "Mallory" in row.get_text()
    page = soup(hostile, "minutes/ops/2022-07-04.html")
    assert "Eve Escape" in page.select_one(".minutes-participants").get_text()
    assert "Eve Escape" in soup(hostile, "people/index.html").get_text()
    assert "[minutes.unknown-person]" not in warnings(hostile)


def test_a_series_that_is_not_a_plain_name_names_no_folder(hostile):
    path = Path(hostile.srcdir, "minutes/ops/2022-07-05.md")
    found = [w for w in lines(hostile, "bad-id") if "series" in w]
    assert len(found) == 1 and found[0].startswith(f"{path}:{line_of(SERIES, ':series:')}: ")
    assert [p for p in hostile.root.rglob("*") if "series-outside" in p.name] == []
    page = soup(hostile, "minutes/ops/2022-07-05.html")
    assert "Text of the escaping series." in page.get_text()
    assert "../../../../series-outside" in page.get_text()


def test_every_attribute_is_escaped(hostile):
    """No script, no event handler, no javascript: link anywhere in the site."""
    for path in Path(hostile.outdir).rglob("*.html"):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in html.select("script"):
            # the site's own scripts may carry the names as JSON data (search), never as code
            assert not re.match(r"\s*alert\(", script.get_text()), path
            assert "</script" not in script.get_text().lower(), path
        for tag in html.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path, tag)
                if name in ("href", "src"):
                    assert not str(value).strip().lower().startswith(("javascript", "data", "file")), (path, tag)
    assert 'Mallory "><script>alert(1)</script>' in soup(hostile, "people/mallory.html").select_one("h1").get_text()


@pytest.mark.parametrize(
    ("text", "safe", "link"),
    [
        ("https://dmtn-226.lsst.io", True, True),
        ("HTTP://EXAMPLE.ORG/x", True, True),
        ("mailto:ops@example.org", True, True),
        ("javascript:alert(1)", False, True),
        ("JaVaScRiPt:alert(1)", False, True),
        ("java\tscript:alert(1)", False, True),
        (" javascript:alert(1)", False, True),
        ("https://example.org/\u2028javascript:alert(1)", False, True),
        ("file:///etc/passwd", False, True),
        ("data:text/html;base64,PHNjcmlwdD4=", False, True),
        ("vbscript:msgbox", False, True),
        ("//evil.example/x", False, False),
        ("slides.pdf", False, False),
        ("DMTN-226", False, False),
    ],
)
def test_which_links_are_safe(text, safe, link):
    from minutes.model import is_safe_link, looks_like_link

    assert is_safe_link(text) is safe
    assert looks_like_link(text) is link


# -- what a page may publish: no script from raw HTML, no file from outside the site -----------

HTML_PAGE = """\
# Pasted meeting

```{meeting}
:date: 2022-07-06
```

<script>alert(1)</script>

Inline <img src=x onerror=alert(2)> and <a href="jav&#x09;ascript:alert(3)">a link</a>.

<svg/onload=alert(4)>

Harmless <b>bold</b>, <sub>2</sub> and <a href="https://example.org/">a site</a>.

<!--><script>alert(5)</script>-->

```{literalinclude} ../../../../../outside-secret.txt
```

```{include} ../../../../../outside-secret.txt
```

```{raw} html
:file: ../../../../../outside-secret.txt
```

```{csv-table}
:file: ../../../../../outside-secret.txt
```

```{csv-table}
:url: file:///OUTSIDE
```

An image ![the outside](../../../../../outside.png) and {download}`a download <../../../../../outside-secret.txt>`.

```{image} ../../../../../outside.png
```

```{eval-rst}
An rst link `to a script <javascript:alert(6)>`_ and `a file <file:///etc/passwd>`_.
```

```{button-link} javascript:alert(7)
A button
```

The end of the pasted meeting.
"""


DESYNC_PAGE = """\
# Desync meeting

```{meeting}
:date: 2022-07-07
```

<details open title="

![ ontoggle=alert(document.domain) x](https://ok.example/x.png)

<details open title='

```none
' ontoggle=alert('PWNED-2') x='
```

<!--> <a href="javascript:alert(document.domain)">the agenda</a> -->

<!-- --!> <a href="javascript:alert(document.domain)">the slides</a> -->

<!---> <a href="javascript:alert(document.domain)">the minutes</a> -->

Kept <span class="note" title='a "quoted" title'>a note</span> and <!-- a plain comment --> after it.

<details><summary>More</summary>

Hidden text.

</details>

The end of the desync meeting.
"""
"""Raw HTML that Python's tokenizer and a browser's read differently (red team R5): an
unfinished tag swallows the next Markdown, comments HTML5 ends early hide live links."""


LINKS_PAGE = """\
# Links meeting

```{meeting}
:date: 2022-07-08
```

See {download}`the agenda <javascript://%0aalert(document.domain)>` and {download}`the notes <data:text/html,x>`.

```{toctree}

The slides <javascript://%0aalert(document.domain)>
```

```{eval-rst}
The plan is at javascript:alert(document.domain) and data:text/html;base64,PHNjcmlwdD4= today.
```

```{image} javascript:alert(document.domain)
:alt: the plot
```

The end of the links meeting.
"""
"""Links that are no ``reference`` when the page is read (red team R6)."""


READS_PAGE = """\
# Reads meeting

```{meeting}
:date: 2022-07-09
```

```{literalinclude} 2022-07-09.md
:diff: ../../../../../outside-secret.txt
```

```{literalinclude} ../../.git/config
```

See {download}`config <../../.git/config>` and {download}`the venv <../../.venv/leak.txt>`.

```{include} ../../.git/config
```

```{csv-table}
:file: ../../.git/config
```

```{literalinclude} ../../tests/leak.txt
```

```{image} ../../_build/leak.png
```

```{literalinclude} 2022-07-09.md
:diff: ../../tests/leak.txt
```

The end of the reads meeting.
"""
"""Files a page may not read though they are in the site's folder, and a ``:diff:`` from
outside it (red team R7)."""
HIDDEN_FILES = {
    ".git/config": '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic HIDDEN-FILE-CONTENT\n',
    ".venv/leak.txt": "HIDDEN-FILE-CONTENT\n",
    "tests/leak.txt": "HIDDEN-FILE-CONTENT\n",
    "_build/leak.png": "HIDDEN-FILE-CONTENT\n",
}


FILES_PAGE = """\
# Files meeting

```{meeting}
:date: 2022-07-10
```

![the plot](plot.svg)

The notes: {download}`notes.html` and {download}`the feed <feed.XML>`; the data: {download}`data.csv`.

```{image} chart.*
:alt: the chart
```

The end of the files meeting.
"""
"""Files in the site a browser would run a script of in the site's origin (red team R12)."""
ACTIVE_FILES = {
    "minutes/ops/plot.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">ACTIVE-FILE</svg>\n',
    "minutes/ops/notes.html": "<script>alert('ACTIVE-FILE')</script>\n",
    "minutes/ops/feed.XML": "<x>ACTIVE-FILE</x>\n",
    "minutes/ops/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(2)">ACTIVE-FILE</svg>\n',
    "minutes/ops/data.csv": "a,b\nPLAIN-DATA,1\n",
}


DIFF_PAGE = """# Diff meeting

```{meeting}
:date: 2022-07-11
```

```{literalinclude} agenda-old.txt
:diff: agenda-new.txt
```
"""
"""A ``:diff:`` of a file in the site that holds an invitation (red team R2b): Sphinx reads
the diff's file without telling any event."""


@pytest.fixture(scope="module")
def pasted(tmp_path_factory, make_app_module):
    root = tmp_path_factory.mktemp("pasted")
    (root / "outside-secret.txt").write_text("OUTSIDE-FILE-CONTENT\n")
    (root / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\nOUTSIDE-FILE-CONTENT")
    pages = {
        "people.yaml": "lguy:\n  name: Leanne Guy\n",
        "minutes/ops/2022-07-06.md": HTML_PAGE,
        "minutes/ops/2022-07-07.md": DESYNC_PAGE,
        "minutes/ops/2022-07-08.md": LINKS_PAGE,
        "minutes/ops/2022-07-09.md": READS_PAGE,
        **HIDDEN_FILES,
        "minutes/ops/2022-07-10.md": FILES_PAGE,
        **ACTIVE_FILES,
        "minutes/ops/2022-07-11.md": DIFF_PAGE,
        "minutes/ops/agenda-old.txt": "Agenda\n",
        "minutes/ops/agenda-new.txt": "Agenda\nJoin Zoom Meeting\nMeeting ID: 971 3912 1776\nPasscode: 771204\n",
        "index.md": "# Home\n\n```{toctree}\n:glob:\nminutes/ops/*\n```\n",
    }
    srcdir = copy_site(root / "deep" / "er" / "site", example=False, pages=pages)
    return build(make_app_module, srcdir, freshenv=True)


def test_html_that_could_run_a_script_is_shown_as_text(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-06.md")
    found = [w for w in lines(pasted, "unsafe-link") if "HTML" in w]
    for needle in ("<script>alert(1)", "onerror", "<!--><script>"):  # <svg/onload is no HTML to Markdown
        line = line_of(HTML_PAGE, needle)
        assert [w for w in found if w.startswith(f"{path}:{line}: ")], (needle, found)
    html = (Path(pasted.outdir) / "minutes/ops/2022-07-06.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert not [s for s in page.select("script") if "alert" in s.get_text()]
    assert not [t for t in page.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    assert not page.select('a[href*="script"]') and not page.select("svg[onload]")
    assert "<svg/onload=alert(4)>" in page.get_text()
    text = page.get_text()
    assert "<script>alert(1)</script>" in text and "onerror=alert(2)" in text  # the author's text, as text
    assert page.select_one("b").get_text() == "bold" and page.select_one("sub").get_text() == "2"
    assert page.select_one('a[href="https://example.org/"]').get_text() == "a site"
    assert "The end of the pasted meeting." in text


def test_raw_html_is_published_as_the_browser_will_read_it(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-07.md")
    found = [w for w in lines(pasted, "unsafe-link") if w.startswith(f"{path}:")]
    for needle in ('<details open title="', "<details open title='", "<!-->", "--!>", "<!--->"):
        line = line_of(DESYNC_PAGE, needle)
        assert [w for w in found if w.startswith(f"{path}:{line}: ") and "HTML" in w], (needle, found)
    assert len(found) == 5, found
    html = (Path(pasted.outdir) / "minutes/ops/2022-07-07.html").read_text(encoding="utf-8")
    assert "<details open title" not in html and not re.search(r"<a [^>]*href=.?javascript", html, re.I)
    page = BeautifulSoup(html, "html.parser")
    assert '<details open title="' in page.get_text()  # the author's text, as text
    assert not [t for t in page.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]
    assert page.select_one('img[src="https://ok.example/x.png"]')["alt"] == " ontoggle=alert(document.domain) x"
    assert page.select_one("span.note")["title"] == 'a "quoted" title'
    assert 'title="a &quot;quoted&quot; title"' in html
    assert "a plain comment" not in html
    assert page.select_one("details > summary").get_text() == "More"
    assert "The end of the desync meeting." in page.get_text()


def test_links_that_run_a_script_are_text(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-06.md")
    found = [w for w in lines(pasted, "unsafe-link") if "is not published as a link" in w and f"{path.parent}/" in w]
    assert len(found) == 3 + 6, found  # this page's 3 and the links page's 6
    assert len([w for w in found if w.startswith(f"{path}:")]) == 3
    page = soup(pasted, "minutes/ops/2022-07-06.html")
    assert not [a for a in page.select("a[href]") if re.match(r"\s*(javascript|file):", a["href"], re.I)]
    text = page.get_text(" ")
    assert "to a script" in text and "a file" in text and "A button" in text


def test_downloads_toctree_entries_images_and_bare_uris_link_no_script(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-08.md")
    found = [w for w in lines(pasted, "unsafe-link") if w.startswith(f"{path}:")]
    assert all("is not published as a link" in w for w in found), found
    for needle in ("{download}", "The slides", "The plan is at", "{image} javascript"):
        line = line_of(LINKS_PAGE, needle)
        # a toctree or eval-rst block is warned at its directive's line or the entry's
        assert [w for w in found if any(w.startswith(f"{path}:{n}: ") for n in range(line - 2, line + 1))], needle
    assert len(found) == 6, found
    html = (Path(pasted.outdir) / "minutes/ops/2022-07-08.html").read_text(encoding="utf-8")
    assert not re.search(r"(href|src)=.(javascript|data):", html, re.I)
    page = BeautifulSoup(html, "html.parser")
    text = " ".join(page.get_text(" ").split())
    for words in ("the agenda", "the notes", "The slides", "The plan is at", "the plot", "The end of the links"):
        assert words in text, words


def test_no_file_from_outside_the_site_is_published(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-06.md")
    found = [w for w in lines(pasted, "unsafe-link") if ("outside the site" in w or "a URL" in w) and path.name in w]
    page_lines = HTML_PAGE.split("\n")
    readers = [i for i, line in enumerate(page_lines, 1) if line.startswith(("```{literalinclude}", "```{include}"))]
    readers += [i for i, line in enumerate(page_lines, 1) if line.startswith((":file:", ":url:"))]
    readers += [i for i, line in enumerate(page_lines, 1) if line.startswith(("An image", "```{image}"))]
    assert len(readers) == 7
    for line in readers:
        # the directive's line, or for {raw} and {csv-table} the line of their :file: or :url:
        assert [w for w in found if w.startswith((f"{path}:{line}: ", f"{path}:{line - 1}: "))], (line, found)
    assert len(found) == 8, found  # each once, the image and the download of one line apart
    holding = [p for p in Path(pasted.outdir).rglob("*") if p.is_file() and b"OUTSIDE-FILE-CONTENT" in p.read_bytes()]
    assert holding == []


def test_no_hidden_or_left_out_file_and_no_outside_diff_is_published(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-09.md")
    found = [w for w in lines(pasted, "unsafe-link") if w.startswith(f"{path}:")]
    page_lines = READS_PAGE.split("\n")
    readers = [i for i, line in enumerate(page_lines, 1) if line.startswith(("```{literalinclude}", "```{include}"))]
    readers += [
        i for i, line in enumerate(page_lines, 1) if line.startswith(("See {download}", "```{image}", ":file:"))
    ]
    assert len(readers) == 8
    for line in readers:
        assert [w for w in found if w.startswith((f"{path}:{line}: ", f"{path}:{line - 1}: "))], (line, found)
    assert any("'.git', hidden" in w for w in found) and any("'tests', which the site leaves out" in w for w in found)
    out = Path(pasted.outdir)
    holding = [p for p in out.rglob("*") if p.is_file() and b"HIDDEN-FILE-CONTENT" in p.read_bytes()]
    assert holding == []
    html = (out / "minutes/ops/2022-07-09.html").read_text(encoding="utf-8")
    assert "OUTSIDE-FILE-CONTENT" not in html and "extraheader" not in html
    assert "The end of the reads meeting." in html


def test_no_image_or_download_a_browser_runs_scripts_of_is_published(pasted):
    path = Path(pasted.srcdir, "minutes/ops/2022-07-10.md")
    found = [w for w in lines(pasted, "unsafe-link") if w.startswith(f"{path}:")]
    assert [w for w in found if w.startswith(f"{path}:{line_of(FILES_PAGE, '![the plot]')}: ") and ".svg file" in w]
    notes = [w for w in found if w.startswith(f"{path}:{line_of(FILES_PAGE, 'The notes')}: ")]
    assert len(notes) == 2 and any(".html file" in w for w in notes) and any(".xml file" in w for w in notes)
    assert [w for w in found if w.startswith(f"{path}:{line_of(FILES_PAGE, '{image} chart')}: ")]
    assert len(found) == 4, found
    out = Path(pasted.outdir)
    assert [p for p in out.rglob("*") if p.is_file() and b"ACTIVE-FILE" in p.read_bytes()] == []
    assert [p.name for p in out.rglob("data.csv")] == ["data.csv"]  # a harmless kind is offered
    text = " ".join(soup(pasted, "minutes/ops/2022-07-10.html").get_text(" ").split())
    for words in ("the plot", "notes.html", "the feed", "the chart", "The end of the files meeting."):
        assert words in text, words


@pytest.mark.parametrize(
    ("fragment", "unsafe"),
    [
        ("<br />\n", False),
        ("<s>", False),
        ('<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">', False),
        ('<a href="../people/lguy.html#x">', False),
        ('<span class="note" title="t">', False),
        ("<details><summary>More</summary>", False),
        ('<video controls src="https://example.org/talk.mp4">', False),
        ('<center><font color="red">', False),
        ("<SCRIPT SRC=//evil.example/x.js>", True),
        ("<a href=JaVaScRiPt:alert(1)>", True),
        ('<a href="&#106;avascript:alert(1)">', True),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', True),
        ("<iframe srcdoc='<script>alert(1)</script>'>", True),
        ("<div style=\"background:url('javascript:alert(1)')\">", True),
        ("<form action=https://evil.example><button>", True),
        ("<math><mi xlink:href=javascript:alert(1)>", True),
        ('<details open title="', True),
        ("<a href='https://example.org/", True),
        ('<!--> <a href="javascript:alert(1)">x</a> -->', True),
        ('<!-- --!> <a href="javascript:alert(1)">x</a> -->', True),
        ("<!---> <b>x</b> -->", True),
        ('<b onmouseover"=x">', True),
        ("<p>a &lt;b&gt; &amp; c < d</p>", False),
    ],
)
def test_which_html_is_unsafe(fragment, unsafe):
    from minutes.safety import html_problems

    assert bool(html_problems(fragment)) is unsafe


def test_a_diff_file_holding_a_secret_is_warned_and_its_values_removed(pasted):
    path = Path(pasted.srcdir, "minutes/ops/agenda-new.txt")
    found = [w for w in lines(pasted, "secret") if w.startswith(f"{path}:")]
    assert len(found) >= 2 and not any("771204" in w for w in found)
    out = Path(pasted.outdir)
    html = (out / "minutes/ops/2022-07-11.html").read_text(encoding="utf-8")
    assert "Agenda" in html
    holding = [p for p in out.rglob("*") if p.is_file() and b"771204" in p.read_bytes()]
    assert holding == []
