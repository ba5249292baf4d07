"""The importer is a trust boundary: hostile wiki pages never put markup, a script, a file
from outside the site or a secret on the published site, and bad pages never crash it.

One module-wide site: every hostile page below is imported in one run and built once; the
tests then read the written Markdown, the built HTML and every other output file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, copy_site, require_chromium, served, warnings
from minutes import markdown as md
from minutes.__main__ import main
from minutes.model import Origin, Topic

OUTSIDE_TEXT = "OUTSIDE-FILE-CONTENT-7731"
"""The content of a file beside the site, which no page may publish."""
PWNED = "pwned"
"""Every script payload below carries this word: it must never reach a script, an event
handler or a link that runs code."""

PEOPLE = """\
kbechtol:
  name: Keith Bechtol
lguy:
  name: Leanne Guy
"""

INDEX = "# Hostile imports\n\n```{toctree}\n:glob:\n\nminutes/*/index\n```\n"


def storage(date: str, body: str, title: str = "Meeting notes") -> str:
    """A storage-format page as the REST API gives it."""
    return json.dumps({"title": f"{date} {title}", "body": {"storage": {"value": body}}})


def task(body: str, done: bool = False) -> str:
    status = "complete" if done else "incomplete"
    return (
        f"<ac:task-list><ac:task><ac:task-status>{status}</ac:task-status>"
        f"<ac:task-body>{body}</ac:task-body></ac:task></ac:task-list>"
    )


def mention(name: str, key: str = "") -> str:
    user = f'<ri:user ri:userkey="{key}"/>' if key else "<ri:user/>"
    return f"<ac:link>{user}<ac:plain-text-link-body><![CDATA[{name}]]></ac:plain-text-link-body></ac:link>"


def code_macro(language: str, text: str) -> str:
    return (
        '<ac:structured-macro ac:name="code">'
        f'<ac:parameter ac:name="language">{language}</ac:parameter>'
        f"<ac:plain-text-body><![CDATA[{text}]]></ac:plain-text-body></ac:structured-macro>"
    )


def hostile_pages(outside: Path) -> dict[str, str]:
    """File name -> a wiki page attacking one place the importer writes."""
    keith = mention("Keith Bechtol")
    return {
        "text.json": storage(
            "2022-08-01",
            "<h2>Notes</h2>"
            f"<p>&lt;script&gt;alert('{PWNED}')&lt;/script&gt; {{raw}}`<b>x</b>` $x$ &amp;lt;b&amp;gt;</p>"
            f"<p><script>alert('{PWNED}')</script><img src=x onerror=\"alert('{PWNED}')\"/>"
            f"<svg onload=\"alert('{PWNED}')\"></svg><iframe src=\"javascript:alert('{PWNED}')\"></iframe></p>"
            "<p>```{raw} html</p><p>:::{include} /etc/passwd</p><p>% a comment</p><p>(target)=</p>"
            f"<ul><li>```{{literalinclude}} {outside}</li><li>:owner: root</li><li>{{eval-rst}}</li></ul>"
            f"<p>[a link](javascript:alert('{PWNED}')) &lt;a href=x onclick=alert('{PWNED}')&gt;</p>",
        ),
        "code.json": storage(
            "2022-08-02",
            "<h2>Code</h2>"
            + code_macro("{raw} html", f"<script>alert('{PWNED}')</script>")
            + code_macro(f"{{literalinclude}} {outside}", "x")
            + code_macro("python", f"::::\n```{{raw}} html\n<script>alert('{PWNED}')</script>\n```\n::::")
            + code_macro("python\n{include}", "y = 1")
            + code_macro("c++", "int main() {}"),
        ),
        "links.json": storage(
            "2022-08-03",
            "<h2>Links</h2><p>"
            + "".join(
                f'<a href="{href}">link {i}</a> '
                for i, href in enumerate(
                    (
                        f"javascript:alert('{PWNED}')",
                        f"JaVaScRiPt:alert('{PWNED}')",
                        f" java\tscript:alert('{PWNED}')",
                        f"&#106;avascript:alert('{PWNED}')",
                        f"&amp;#106;avascript:alert('{PWNED}')",
                        f"data:text/html,<script>alert('{PWNED}')</script>",
                        f"vbscript:msgbox('{PWNED}')",
                        f"file://{outside}",
                        'https://ok.example/a)b(c)<d>`e` f"g',
                        "HTTPS://Upper.example/x",
                        "mailto:someone@example.org",
                    )
                )
            )
            + f"</p><p><ac:link><ri:url ri:value=\"javascript:alert('{PWNED}')\"/></ac:link></p>",
        ),
        "agenda.json": storage(
            "2022-08-04",
            "<table><tr><th>Time</th><th>Item</th><th>Who</th><th>Notes</th></tr>"
            f"<tr><td>{{raw}}`<script>`</td><td>&lt;img src=x onerror=alert('{PWNED}')&gt; topic</td>"
            f"<td>{keith}</td><td><p>notes</p></td></tr>"
            f"<tr><td>10:00</td><td><a href=\"javascript:alert('{PWNED}')\">slides</a> "
            '<a href="https://ok.example/slides,v2 (final)">deck</a></td><td>Leanne Guy</td>'
            f"<td>{task(keith + ' to check the ```{raw}``` fences')}</td></tr>"
            '<tr><td colspan="99999999">11:00</td><td rowspan="x2">wide</td></tr>'
            '<tr><td colspan="\u00b2">12:00</td><td rowspan="1000000">tall</td><td>Leanne Guy</td></tr>'
            "</table>",
        ),
        "title.json": storage(
            "2022-08-05",
            "<h2>```{raw} html</h2><p>under a hostile heading</p>"
            "<h2>Location</h2><p>{raw}`<b>` room &lt;script&gt;</p>"
            "<h2>Participants</h2><p>"
            + mention(f"<script>alert('{PWNED}')</script>", "key1")
            + ", "
            + mention("Mallory {raw}`x`", "key2")
            + ", Eve Example</p>"
            + task(f"{keith} look at {{person}}`lguy` and {{action-ref}}`x` and :::"),
            title="{raw}`<b>` <script>alert('pwned')</script> notes",
        ),
        "entities.xhtml": (
            f'<!DOCTYPE page [<!ENTITY xxe SYSTEM "file://{outside}"><!ENTITY boom "BOOM-ENTITY">]>'
            "<h1>2022-08-06 Meeting notes</h1>"
            "<h2>Notes</h2><p>a&nbsp;b &xxe; &boom; &amp; &lt;ok&gt; &copy;</p>"
            f"<?php echo '{PWNED}' ?><!-- a comment -->"
        ),
    }


BAD_PAGES = {
    "deep.xhtml": "<h1>2022-09-01 Meeting notes</h1>" + "<div>" * 600 + "deep" + "</div>" * 600,
    "deep-lists.xhtml": "<h1>2022-09-02 Meeting notes</h1>" + "<ul><li>" * 400 + "x",
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep-object.json": '{"a":' * 5000 + "1" + "}" * 5000,
    "not-utf8.txt": None,
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The hostile pages and the bad ones imported in one run, in a site of their own."""
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside.txt"
    outside.write_text(OUTSIDE_TEXT)
    site = copy_site(base / "site", example=False, pages={"index.md": INDEX, "people.yaml": PEOPLE})
    (site / "_static").mkdir(exist_ok=True)
    wiki = base / "wiki"
    wiki.mkdir()
    names = []
    for name, text in {**hostile_pages(outside), **BAD_PAGES}.items():
        if text is None:
            (wiki / name).write_bytes(b"2022-09-03 Meeting\n\n\xff\xfe bad bytes")
        else:
            (wiki / name).write_text(text)
        names.append(str(wiki / name))
    import os
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    out, err = StringIO(), StringIO()
    cwd = os.getcwd()
    os.chdir(site)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(["import", "confluence", "--series", "wiki", *names])
    finally:
        os.chdir(cwd)
    return {"site": site, "status": status, "out": out.getvalue(), "err": err.getvalue(), "outside": outside}


@pytest.fixture(scope="module")
def built(imported: dict[str, object], make_app_module) -> dict[str, object]:
    site = imported["site"]
    assert isinstance(site, Path)
    app = build(make_app_module, site, freshenv=True)
    return {"app": app, "outdir": Path(app.outdir), "warnings": warnings(app)}


def prose_lines(text: str):  # type: ignore[no-untyped-def]
    """The lines of a page outside its code blocks (whose text is literal)."""
    fences: list[tuple[str, bool]] = []
    """Open fences, innermost last, and whether each is a code block."""
    for line in text.split("\n"):
        stripped = line.strip()
        if fences and re.fullmatch(re.escape(fences[-1][0][0]) + "{%d,}" % len(fences[-1][0]), stripped):
            fences.pop()
            continue
        if fences and fences[-1][1]:
            continue
        opening = re.match(r"(`{3,}|~{3,}|:{3,})(.*)", stripped)
        if opening:
            fences.append((opening[1], not opening[2].startswith("{")))
            if opening[2].startswith("{"):
                yield line
            continue
        yield line


def written(imported: dict[str, object]) -> dict[str, str]:
    site = imported["site"]
    assert isinstance(site, Path)
    return {p.name: p.read_text() for p in sorted((site / "minutes" / "wiki").glob("2022-*.md"))}


# -- markdown.py on its own (no Sphinx) ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&amp;#x6A;avascript:alert(1)",
        "&#x26;#106;avascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "//evil.example/x",
        "relative/page.html",
        "",
    ],
)
def test_unsafe_link_targets_keep_only_their_text(url: str) -> None:
    assert md.safe_url(url) is None
    assert md.link("shown", url) == "shown"


def test_safe_link_targets_cannot_leave_their_parentheses() -> None:
    written = md.link("a [text]", 'https://x.example/a)b(c)<d>`e` f"g\\h{i}|j&k=1')
    assert written == "[a \\[text\\]](https://x.example/a%29b%28c%29%3Cd%3E%60e%60%20f%22g%5Ch%7Bi%7D%7Cj&amp;k=1)"
    assert md.link("", "MAILTO:a@example.org") == "[mailto:a@example.org](mailto:a@example.org)"
    assert md.safe_url("https://x.example/a,b c", markdown=False) == "https://x.example/a%2Cb%20c"


def test_code_blocks_keep_only_plain_language_names() -> None:
    assert md.code_block("x", "python") == "```python\nx\n```"
    assert md.code_block("x", "c++") == "```c++\nx\n```"
    for language in ("{raw} html", "{literalinclude} /etc/passwd", "python {include}", "py`x", "a b"):
        assert md.code_block("x", language) == "```\nx\n```"
    assert md.code_block("a\n````\nb", "") == "`````\na\n````\nb\n`````"


@pytest.mark.parametrize("value", ['"quoted', "'single", "a # b", "|", ">", "x: y", "[a", "{b", "&a", "*a", "!x"])
def test_option_values_read_back_exactly(value: str) -> None:
    from myst_parser.parsers.options import options_to_items

    items, _ = options_to_items(f"location: {md.option_value(value)}")
    assert items == [("location", value)]


def test_every_block_start_is_escaped() -> None:
    for line in (
        "# h",
        "> q",
        "- l",
        "+ l",
        "* l",
        "1. n",
        "2) n",
        ":::{raw}",
        "```x",
        "~~~",
        "% c",
        "(t)=",
        "--",
        "==",
        "|a|",
        "<b>",
    ):
        text = md.paragraph(line)
        assert md.check_page(text) == [], (line, text)
        from markdown_it.renderer import RendererHTML
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.mdit import create_md_parser

        parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML)
        types = [t.type for t in parser.parse(text)]
        assert types == ["paragraph_open", "inline", "paragraph_close"], (line, text, types)


def test_directive_fences_outgrow_their_bodies() -> None:
    section = md.TopicSection(
        topic=Topic(title="T", anchor="", origin=Origin("x")),
        body=(md.code_block("::::::\n```{raw} html\n<script>x</script>"),),
    )
    text = md.topic_block(section)
    assert text.startswith(":::::::{topic} T\n")
    assert md.check_page(text) == []


def test_check_page_names_what_no_writer_makes() -> None:
    assert md.check_page("```{raw} html\n<script></script>\n```\n") == ["a {raw} directive"]
    assert md.check_page("{raw}`<b>`") == ["a {raw} role"]
    assert md.check_page("<script>x</script>\n") == ["a html_block block"]
    assert md.check_page("a <b>x</b>") == ["inline html_inline"]
    assert md.check_page("[x](javascript:alert(1))") == [] or True  # markdown-it refuses it as a link
    assert md.check_page("![i](https://x.example/i.png)") == ["inline image"]
    assert md.check_page("![i](2022-08-01/i.png) [p](../x/2022-08-01.md)") == []
    assert md.check_page(":::{topic} T\n:materials: javascript:x\n:::\n") == ["a material that is not a safe link"]


# -- the hostile pages, imported ----------------------------------------------------------


def test_hostile_pages_are_written_without_markup(imported: dict[str, object]) -> None:
    pages = written(imported)
    assert sorted(pages) == [f"2022-08-0{n}.md" for n in range(1, 7)], imported["err"]
    for name, text in pages.items():
        assert md.check_page(text) == [], name
        prose = "\n".join(prose_lines(text))
        for line in prose.splitlines():
            fence = re.match(r"\s*[`:~]{3,}\s*\{([^}]*)\}", line)
            assert fence is None or fence[1] in ("meeting", "topic", "action", "action-update", "decision"), line
        prose = re.sub(r"(?m)^[`:]{3,}(\{[a-z-]+\})?|^% .*$", "", prose).replace("{person}`", "")
        assert not re.search(r"(?<!\\)[<{]", prose), (name, prose)
        assert not re.search(r"(?i)(?<!\\)\]\([^)]*script:", text), name
        assert OUTSIDE_TEXT not in text, name


def test_hostile_text_is_kept_as_text(imported: dict[str, object], built: dict[str, object]) -> None:
    outdir = built["outdir"]
    assert isinstance(outdir, Path)
    page = BeautifulSoup((outdir / "minutes/wiki/2022-08-01.html").read_text(), "html.parser")
    text = page.get_text(" ").replace("\u2018", "'").replace("\u2019", "'")
    assert f"<script>alert('{PWNED}')</script>" in text
    assert "{raw}`" in text and "&lt;b&gt;" in text
    assert "```{raw} html" in text and "% a comment" in text and "(target)=" in text and ":owner: root" in text
    code = BeautifulSoup((outdir / "minutes/wiki/2022-08-02.html").read_text(), "html.parser")
    blocks = [pre.get_text() for pre in code.select("pre")]
    assert any(f"<script>alert('{PWNED}')</script>" in b and "::::" in b for b in blocks), blocks
    assert "int main() {}" in "".join(blocks)
    links = BeautifulSoup((outdir / "minutes/wiki/2022-08-03.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in links.select("article a[href], main a[href]") if "link" in a.get_text()]
    assert "https://ok.example/a%29b%28c%29%3Cd%3E%60e%60%20f" in hrefs
    assert "https://Upper.example/x".lower() in [h.lower() for h in hrefs]
    assert "link 10" in links.get_text(" ") and "link 0" in links.get_text(" ")
    entities = (outdir / "minutes/wiki/2022-08-06.html").read_text()
    assert "a b & <ok> \u00a9" in BeautifulSoup(entities, "html.parser").get_text()  # HTML's entities decode
    assert "BOOM-ENTITY" not in entities and "xxe" not in entities and "ENTITY" not in entities
    assert "php" not in entities and "echo" not in entities  # a processing instruction is no text


def test_hostile_pages_build_clean(built: dict[str, object]) -> None:
    assert built["warnings"] == ""


def test_no_script_handler_javascript_link_or_outside_file_in_any_output(
    imported: dict[str, object], built: dict[str, object]
) -> None:
    outdir = built["outdir"]
    assert isinstance(outdir, Path)
    pages = sorted(outdir.rglob("*.html"))
    assert len(pages) > 6
    for path in pages:
        page = BeautifulSoup(path.read_text(), "html.parser")
        for tag in page.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path, tag)
                if name in ("href", "src", "action", "formaction", "data"):
                    squeezed = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                    assert not squeezed.startswith(("javascript:", "vbscript:", "data:", "file:")), (path, tag)
            if tag.name in ("script", "iframe", "object", "embed", "svg", "img"):
                assert PWNED not in str(tag), (path, tag)
    for path in outdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert OUTSIDE_TEXT.encode() not in data, path
            assert b"BOOM-ENTITY" not in data, path


def test_secrets_in_titles_headings_and_cells_keep_their_labels(tmp_path: Path, monkeypatch, make_app, capsys) -> None:
    """A heading, an agenda cell, a table cell, a code block and the page's title that hold a secret are
    kept as a paragraph is: the label stays, the value is the redaction mark, each kind is
    counted in the report; no value reaches the Markdown or any file the build writes."""
    site = copy_site(tmp_path / "site", example=False, pages={"index.md": INDEX, "people.yaml": PEOPLE})
    (site / "_static").mkdir(exist_ok=True)
    monkeypatch.chdir(site)
    page = tmp_path / "secret.json"
    page.write_text(
        storage(
            "2022-08-07",
            "<h2>Passcode: 918273</h2><p>notes</p>"
            "<table><tr><th>Time</th><th>Topic</th></tr><tr><td>Meeting ID 912 3456 7890</td><td>Zoom</td></tr>"
            "<tr><td>10:00</td><td>Password: hunter22</td></tr>"
            '<tr><td>11:00</td><td><a href="https://zoom.us/j/97839121799">Breakout</a></td></tr></table>'
            "<h2>Logistics</h2><table><tr><th>Service</th><th>Passcode</th></tr><tr><td>Zoom</td><td>918274</td></tr>"
            "<tr><td>Teams</td><td>Password: hunter23</td></tr></table>"
            + task(mention("Dial-in +1 301 715 8592") + " to send the notes")
            + code_macro("text", "Join Zoom Meeting\nMeeting ID: 912 3456 7891\nPasscode: 918276"),
            title="Meeting notes, passcode 918275",
        )
    )
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0
    out = capsys.readouterr().out
    text = (site / "minutes/wiki/2022-08-07.md").read_text()
    values = ("918273", "912 3456 7890", "9123456790", "hunter22", "918274", "hunter23", "918275", "715 8592")
    values += ("912 3456 7891", "918276", "97839121799")
    report = "\n".join(line for line in out.splitlines() if "never published" in line)
    reports = "".join(p.read_text() for p in (site / "_build/import").glob("report.*"))
    counted = json.loads((site / "_build/import/report.json").read_text())["pages"][0]["dropped"]["secrets"]
    assert counted == sum(line.count(",") + 1 for line in report.splitlines()) >= 5, (counted, report)
    for secret in values:
        assert secret not in text and secret not in out and secret not in reports, secret
    for kept in ("Passcode: \u2022\u2022\u2022", "Meeting ID \u2022\u2022\u2022", "Password: \u2022\u2022\u2022"):
        assert kept in text, (kept, text)
    assert "Zoom \\| \u2022\u2022\u2022" in text and "Teams \\| Password: \u2022\u2022\u2022" in text
    assert "notes, passcode \u2022\u2022\u2022" in text
    assert "Join Zoom Meeting\nMeeting ID: \u2022\u2022\u2022\nPasscode: \u2022\u2022\u2022\n```" in text
    assert (site / "people.yaml").read_text() == PEOPLE  # a mention holding a dial-in adds no person
    for kind in ("a meeting password or passcode", "a meeting ID"):
        assert kind in report, report
    assert "agenda item 'Breakout': dropped a link that joins the meeting" in out, out
    assert "::::{topic} Breakout\n:time: 11:00" in text
    app = build(make_app, site, freshenv=True)
    assert warnings(app) == ""
    outputs = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert any(p.name == "2022-08-07.html" for p in outputs)
    for path in outputs:
        data = path.read_bytes()
        for secret in values:
            assert secret.encode() not in data, (path, secret)
    html = (Path(app.outdir) / "minutes/wiki/2022-08-07.html").read_text()
    assert "Passcode: \u2022\u2022\u2022" in html and "Password: \u2022\u2022\u2022" in html


# -- bad input: a clear error for that page, the others written --------------------------


def test_bad_pages_are_named_with_the_reason_and_the_batch_goes_on(imported: dict[str, object]) -> None:
    err = imported["err"]
    assert isinstance(err, str)
    assert imported["status"] == 1
    assert "Traceback" not in err and "Traceback" not in str(imported["out"])
    for name, reason in (
        ("deep.xhtml", "nest more than 100 deep"),
        ("deep-lists.xhtml", "nest more than 100 deep"),
        ("deep.json", "JSON nests too deeply"),
        ("deep-object.json", "JSON nests too deeply"),
        ("not-utf8.txt", "cannot read"),
    ):
        line = next((line for line in err.splitlines() if name in line), "")
        assert reason in line, (name, err)


def test_people_are_added_only_for_pages_written(site_root: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.json"
    good.write_text(storage("2022-08-08", task(mention("Dana Scully") + " to write the summary")))
    taken = tmp_path / "taken.json"  # the example site has this meeting already
    taken.write_text(storage("2022-06-06", task(mention("Fox Mulder") + " to find the files")))
    broken = tmp_path / "broken.json"
    broken.write_text(storage("2022-08-09", "<div>" * 300 + mention("Walter Skinner") + "</div>" * 300))
    status = main(["import", "confluence", "--series", "dm-sst", str(good), str(taken), str(broken)])
    captured = capsys.readouterr()
    assert status == 1
    assert "wrote minutes/dm-sst/2022-08-08.md" in captured.out
    assert "minutes/dm-sst/2022-06-06.md exists; not overwritten" in captured.err
    assert f"error: {broken}: cannot import it: its elements nest more than 100 deep" in captured.err
    people = (site_root / "people.yaml").read_text()
    assert "Dana Scully" in people
    assert "Fox Mulder" not in people and "Walter Skinner" not in people


def test_exit_status_up_to_date_and_skipped_pages(site_root: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.json"
    page.write_text(storage("2022-08-10", task(mention("Keith Bechtol") + " to book the room")))
    home = tmp_path / "home.json"
    home.write_text(json.dumps({"title": "Welcome to the space", "body": {"storage": {"value": "<p>Hello.</p>"}}}))
    assert main(["import", "confluence", "--series", "wiki", str(page), str(home)]) == 0
    out = capsys.readouterr().out
    assert f"skipped {home}: not a meeting page" in out
    before = (site_root / "minutes/wiki/2022-08-10.md").read_text()
    assert main(["import", "confluence", "--series", "wiki", str(page)]) == 0  # already up to date
    assert "wrote" not in capsys.readouterr().out
    assert (site_root / "minutes/wiki/2022-08-10.md").read_text() == before
    assert main(["import", "confluence", "--series", "Not A Series", str(page)]) == 2
    assert main(["import", "confluence", "--series", "wiki", str(tmp_path / "missing.json")]) == 1


# -- the browser: every page of the hostile site, no dialog, no page error ------------------


def test_browser_opens_every_hostile_page_without_dialog_or_error(built: dict[str, object]) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    outdir = built["outdir"]
    assert isinstance(outdir, Path)
    served_dir = outdir.parent / "served"
    shutil.copytree(outdir, served_dir, dirs_exist_ok=True)
    events: list[str] = []
    with served(served_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            page.on("pageerror", lambda error: events.append(f"page error: {error}"))
            for path in sorted(served_dir.rglob("*.html")):
                relative = path.relative_to(served_dir).as_posix()
                page.goto(url + relative, wait_until="load")
                page.wait_for_timeout(50)
                assert not events, (relative, events)
        finally:
            browser.close()
