"""``python -m minutes diff OLD NEW``: what a pull request changes, from two builds of the site.

The site is the ops root with two meetings of its own (``MEETINGS``): the actions the changes
close, reassign and move, the action whose description an edit changes, a decision."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, copy_root

MEETINGS = {
    "people.yaml": (
        "lguy:\n  name: Leanne Guy\njbosch:\n  name: Jim Bosch\n"
        "gdf:\n  name: Gregory Dubois-Felsmann\nmgraham:\n  name: Melissa Graham\n"
    ),
    "minutes/ops/2022-06-06.md": """# Ops weekly

```{meeting}
:date: 2022-06-06
:participants: lguy, jbosch
```

::::{topic} Compression
:lead: lguy

:::{action} Measure the noise added by lossy compression on HSC PVIs
:id: compression-noise
:owner: jbosch
:due: 2022-08-29
:::

:::{action} Raise the AP image-availability gap (between 30 days and the DR) with the PST
:id: ap-image-gap
:owner: lguy, gdf
:::

:::{action} Report on what information DES used for its decision on compression
:id: des-compression
:owner: lguy
:due: 2022-08-15
:::

:::{action} Collect the list of DP0.3 tutorials and their owners
:id: dp03-tutorials
:owner: mgraham
:::
::::
""",
    "minutes/ops/2022-07-18.md": """# Ops weekly

```{meeting}
:date: 2022-07-18
:participants: lguy, mgraham
```

::::{topic} Data preview
:lead: mgraham

:::{decision} DP0.3 holds solar system objects only
:id: dp03-scope
:::
::::
""",
}

CHANGES = """
::::{topic} Follow-ups
:::{action-update} compression-noise
:status: done
:::

:::{action-update} ap-image-gap
:owner: gdf
:::

:::{action-update} des-compression
:due: 2022-09-12
:::

:::{action} Write the DP0.3 release notes for @dm-users
:id: dp03-notes
:owner: mgraham
:due: 2022-10-14
:::

:::{decision} Tutorials ship with DP0.3
:id: dp03-tutorials-ship
:::
::::
"""


def build(srcdir: Path) -> Path:
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The ops root with ``MEETINGS``, and the same site after its later meeting page gained
    the changes above."""
    root = tmp_path_factory.mktemp("diff")
    conf = 'html_baseurl = "https://minutes.example.org/"\n'
    old = build(copy_root("ops", root / "old", pages=MEETINGS, conf=conf))
    site = copy_root("ops", root / "new", pages=MEETINGS, conf=conf)
    page = site / "minutes" / "ops" / "2022-07-18.md"
    page.write_text(page.read_text(encoding="utf-8") + CHANGES, encoding="utf-8")
    return old, build(site)


def run_diff(old: Path, new: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext")}
    return subprocess.run(
        [sys.executable, "-m", "minutes", "diff", str(old), str(new)], capture_output=True, text=True, env=env
    )


def items(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith(("### ", "- "))]


def test_diff_of_two_builds_lists_exactly_what_changed(builds: tuple[Path, Path]) -> None:
    old, new = builds
    result = run_diff(old, new)
    assert result.returncode == 0, result.stderr
    url = "https://minutes.example.org/minutes/ops/"
    assert items(result.stdout) == [
        "### Opened (1)",
        f"- [Write the DP0.3 release notes for \\@dm-users]({url}2022-07-18.html#dp03-notes) (`dp03-notes`):"
        " Melissa Graham, due 2022-10-14",
        "### Closed (1)",
        f"- [Measure the noise added by lossy compression on HSC PVIs]({url}2022-06-06.html#compression-noise)"
        " (`compression-noise`): done",
        "### Reassigned (1)",
        f"- [Raise the AP image-availability gap (between 30 days and the DR) with the PST]({url}2022-06-06.html"
        "#ap-image-gap) (`ap-image-gap`): Leanne Guy, Gregory Dubois-Felsmann → Gregory Dubois-Felsmann",
        "### Due date moved (1)",
        f"- [Report on what information DES used for its decision on compression]({url}2022-06-06.html"
        "#des-compression) (`des-compression`): 2022-08-15 → 2022-09-12",
        "### New decisions (1)",
        f"- [Tutorials ship with DP0.3]({url}2022-07-18.html#dp03-tutorials-ship) (`dp03-tutorials-ship`)",
    ]


def test_diff_reads_actions_json_files_and_sees_pages_come_and_go(builds: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = builds
    document = json.loads((new / "actions.json").read_text(encoding="utf-8"))
    gone = document["meetings"].pop(0)
    edited = next(a for a in document["actions"] if a["id"] == "dp03-tutorials")
    edited["description"] = "Collect the DP0.3 tutorials"
    (tmp_path / "new.json").write_text(json.dumps(document), encoding="utf-8")
    result = run_diff(new / "actions.json", tmp_path / "new.json")
    assert result.returncode == 0, result.stderr
    assert items(result.stdout) == [
        "### Description edited (1)",
        "- `dp03-tutorials`: “Collect the list of DP0.3 tutorials and their owners” → “Collect the DP0.3 tutorials”",
        "### Pages removed (1)",
        f"- [{gone['date']} {gone['title']}]({gone['url']}) (`{gone['page']}`)",
    ]


def test_diff_of_a_build_with_itself_says_nothing_changed(builds: tuple[Path, Path]) -> None:
    result = run_diff(builds[0], builds[0])
    assert result.returncode == 0
    assert "No actions, decisions or pages changed." in result.stdout
    assert items(result.stdout) == []


def test_diff_of_a_missing_export_is_an_error_not_a_traceback(builds: tuple[Path, Path], tmp_path: Path) -> None:
    result = run_diff(tmp_path, builds[1])
    assert result.returncode == 1
    assert "actions.json: no such file" in result.stderr and "Traceback" not in result.stderr


def test_exported_decisions_and_meetings_validate_against_the_schema(builds: tuple[Path, Path]) -> None:
    new = builds[1]
    schema = json.loads((new / "actions.schema.json").read_text(encoding="utf-8"))
    document = json.loads((new / "actions.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema_version"] == "1.1"
    decision = next(d for d in document["decisions"] if d["id"] == "dp03-scope")
    assert decision["date"] == "2022-07-18" and decision["url"].endswith("2022-07-18.html#dp03-scope")
    pages = {m["page"] for m in document["meetings"]}
    assert pages == {"minutes/ops/2022-06-06", "minutes/ops/2022-07-18"}


def test_a_new_meeting_page_is_listed_once(builds: tuple[Path, Path], tmp_path: Path) -> None:
    """A page both in actions.json's meetings and among the built HTML files is one page (red team R16)."""
    _old, new = builds
    newer = tmp_path / "newer"
    shutil.copytree(new, newer)
    document = json.loads((newer / "actions.json").read_text(encoding="utf-8"))
    page = "minutes/ops/2022-08-01"
    url = f"https://minutes.example.org/{page}.html"
    document["meetings"].append({"page": page, "date": "2022-08-01", "title": "Ops", "series": "ops", "url": url})
    (newer / "actions.json").write_text(json.dumps(document), encoding="utf-8")
    (newer / f"{page}.html").write_text("<html></html>", encoding="utf-8")
    (newer / "notes.html").write_text("<html></html>", encoding="utf-8")
    result = run_diff(new, newer)
    assert result.returncode == 0, result.stderr
    assert items(result.stdout) == [
        "### Pages added (2)",
        f"- [2022-08-01 Ops]({url}) (`{page}`)",
        "- `notes.html`",
    ]
