"""How long a whole space takes to import, and how much memory: issue 16's target is 1,000
pages from an XML space export in under a minute, with memory that does not grow with the
export's size.

A synthetic XML space export (``entities.xml`` in a zip, as Confluence writes it) holds N
meeting pages under an index page, each about the size of a real DM-SST page (an agenda
table, participants, notes, tasks with mentions and due dates), and H historical versions
of each page, which the importer must pass over. Each case imports the export into a fresh
site in a child process (``python -m minutes import confluence``) and records its wall time,
CPU time and peak resident memory (``wait4``), then imports it again (everything up to date).

    python benchmarks/import_space.py                      # N=1000 with H=0 and H=4
    python benchmarks/import_space.py --cases 1000:0 1000:4 3000:0

The figures go into the "Importing a wiki space" section of RESULTS.md (kept there when
``make bench`` rewrites the rest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MARK = "<!-- import-space: written by benchmarks/import_space.py -->"
PEOPLE = [
    ("lguy", "Leanne Guy"),
    ("kbechtol", "Keith Bechtol"),
    ("rlupton", "Robert Lupton"),
    ("gdf", "Gregory Dubois-Felsmann"),
    ("ebellm", "Eric Bellm"),
    ("erykoff", "Eli Rykoff"),
]
WORDS = "pipeline camera schedule review alerts calibration butler release photometry coadd survey data model".split()


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _mention(rng: random.Random) -> str:
    return f'<ac:link><ri:user ri:username="{rng.choice(PEOPLE)[0]}" /></ac:link>'


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def page_body(rng: random.Random, date: dt.date, previous: str) -> str:
    """About 6 KB of storage XHTML, shaped like the DM-SST pages: a link back to the index
    page and one to the previous meeting (links between imported pages), an agenda table."""
    participants = "".join(f"<li>{_mention(rng)}</li>" for _ in range(6))
    rows = []
    for hour in range(9, 13):
        tasks = "".join(
            f"<ac:task><ac:task-status>{rng.choice(['complete', 'incomplete'])}</ac:task-status><ac:task-body>"
            f'{_mention(rng)} to {_sentence(rng, 8).lower()} <time datetime="{date + dt.timedelta(days=14)}" />'
            "</ac:task-body></ac:task>"
            for _ in range(2)
        )
        rows.append(
            f"<tr><td>{hour:02d}:00</td><td>{_sentence(rng, 4)}</td><td>{_mention(rng)}</td>"
            f"<td><ul><li>{_sentence(rng)}</li><li>{_sentence(rng)}</li></ul><ac:task-list>{tasks}</ac:task-list></td></tr>"
        )
    return (
        '<p>(back to the <ac:link><ri:page ri:content-title="BENCH meeting notes" /><ac:plain-text-link-body>'
        "<![CDATA[list of meetings]]></ac:plain-text-link-body></ac:link>)</p>"
        f'<p>Previous: <ac:link><ri:page ri:content-title="{previous}" /></ac:link></p>'
        f'<h2>Date</h2><p><time datetime="{date}" /> 09:00 - 13:00 Pacific</p>'
        f"<h2>Participants</h2><ul>{participants}</ul>"
        "<h2>Agenda</h2><table><tbody><tr><th>Time</th><th>Topic</th><th>Lead</th><th>Notes</th></tr>"
        + "".join(rows)
        + "</tbody></table>"
        + "".join(f"<p>{_sentence(rng, 20)}</p>" for _ in range(6))
    )


def write_export(path: Path, n: int, history: int, seed: int = 1) -> None:
    """entities.xml with a space, an index page, n meetings and ``history`` old versions of each."""
    rng = random.Random(seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("entities.xml", "w") as raw:

        def out(text: str) -> None:
            raw.write(text.encode("utf-8") + b"\n")

        out('<?xml version="1.0" encoding="UTF-8"?>\n<hibernate-generic datetime="2024-01-01 00:00:00">')
        out(
            '<object class="Space" package="com.atlassian.confluence.spaces"><id name="id">1</id>'
            '<property name="homePage" class="Page" package="com.atlassian.confluence.pages"><id name="id">2</id></property></object>'
        )
        pages = [
            (2, "Bench space", "<p>Home.</p>", None),
            (3, "BENCH meeting notes", '<ac:structured-macro ac:name="children" />', 2),
        ]
        start = dt.date(2015, 1, 5)
        for i in range(n):
            date = start + dt.timedelta(days=7 * i)
            previous = f"{date - dt.timedelta(days=7)} BENCH meeting"
            pages.append((10 + i, f"{date} BENCH meeting", page_body(rng, date, previous), 3))
        next_id = 10 + n
        for page_id, title, body, parent in pages:
            parent_ref = (
                f'<property name="parent" class="Page" package="com.atlassian.confluence.pages"><id name="id">{parent}</id></property>'
                if parent
                else ""
            )
            out(
                f'<object class="Page" package="com.atlassian.confluence.pages"><id name="id">{page_id}</id>'
                f'<property name="title">{_cdata(title)}</property><collection name="bodyContents"><element class="BodyContent">'
                f'<id name="id">{page_id}0</id></element></collection><property name="originalVersionId"/>'
                f'<property name="contentStatus">{_cdata("current")}</property>{parent_ref}</object>'
            )
            out(
                f'<object class="BodyContent" package="com.atlassian.confluence.core"><id name="id">{page_id}0</id>'
                f'<property name="body">{_cdata(body)}</property><property name="content" class="Page"><id name="id">{page_id}</id></property>'
                '<property name="bodyType">2</property></object>'
            )
            for _ in range(history if parent == 3 else 0):
                old = next_id = next_id + 1
                out(
                    f'<object class="Page" package="com.atlassian.confluence.pages"><id name="id">{old}</id>'
                    f'<property name="title">{_cdata(title)}</property><property name="originalVersion" class="Page"><id name="id">{page_id}</id></property>'
                    f'<property name="originalVersionId">{page_id}</property><property name="contentStatus">{_cdata("current")}</property></object>'
                )
                out(
                    f'<object class="BodyContent" package="com.atlassian.confluence.core"><id name="id">{old}0</id>'
                    f'<property name="body">{_cdata(body)}</property><property name="content" class="Page"><id name="id">{old}</id></property></object>'
                )
        out("</hibernate-generic>")


def make_site(path: Path) -> None:
    """A site with this repository's conf.py, extension and people, and no meetings."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    shutil.copytree(REPO / "_ext", path / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "conf.py", path / "conf.py")
    shutil.copy(REPO / "people.yaml", path / "people.yaml")
    for name in ("_templates", "_static"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, path / name)


@dataclass
class Figures:
    n: int
    history: int
    export_mb: float
    seconds: float
    cpu_seconds: float
    peak_mb: float
    rerun_seconds: float
    rerun_peak_mb: float
    written: int


def import_once(site: Path, export: Path) -> tuple[float, float, float, str]:
    cmd = [sys.executable, "-m", "minutes", "import", "confluence", "--series-map", "BENCH*=bench", str(export)]
    env = dict(os.environ, PYTHONPATH=str(site / "_ext"))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the import failed:\n{output[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def run_case(n: int, history: int, work: Path) -> Figures:
    work.mkdir(parents=True, exist_ok=True)
    export = work / f"export-{n}-{history}.zip"
    write_export(export, n, history)
    size = sum(i.file_size for i in zipfile.ZipFile(export).infolist()) / 1e6
    site = work / f"site-{n}-{history}"
    make_site(site)
    seconds, cpu, peak, output = import_once(site, export)
    written = sum(1 for line in output.splitlines() if line.startswith("wrote minutes/bench/2"))
    again, _, again_peak, output = import_once(site, export)
    if "wrote " in output:
        raise SystemExit("the second run wrote pages: the import is not idempotent")
    return Figures(n, history, size, seconds, cpu, peak, again, again_peak, written)


def section(figures: list[Figures], note: str) -> str:
    rows = "\n".join(
        f"| {f.n} | {f.history} | {f.export_mb:.0f} MB | {f.written} | {f.seconds:.1f} s | {f.cpu_seconds:.1f} s | "
        f"{f.peak_mb:.0f} MB | {f.rerun_seconds:.1f} s | {f.rerun_peak_mb:.0f} MB |"
        for f in figures
    )
    return f"""{MARK}
## Importing a wiki space

`python benchmarks/import_space.py` on {dt.datetime.now(dt.UTC):%Y-%m-%dT%H:%M} UTC: a synthetic XML space
export of N meeting pages (about 6 KB of storage XHTML each: agenda table, participants, notes, 8
tasks with mentions and due dates) and H historical versions of each, imported into an empty site
by `python -m minutes import confluence` in a child process; then imported again, when every page is
up to date. Uncompressed size of entities.xml; peak = largest resident set (`wait4`).{" " + note if note else ""}

{verdict(figures)}

| N | H | entities.xml | pages written | wall | CPU | peak | rerun wall | rerun peak |
|---|---|---|---|---|---|---|---|---|
{rows}
"""


def verdict(figures: list[Figures]) -> str:
    """Issue 16's targets, read off the figures."""
    lines = []
    for f in figures:
        if f.n >= 1000:
            ok = "met" if f.seconds < 60 else "NOT met"
            lines.append(
                f"- {f.n} pages, {f.export_mb:.0f} MB of entities.xml: {f.seconds:.0f} s (target < 60 s): {ok}"
            )
    same_n = {}
    for f in figures:
        same_n.setdefault(f.n, []).append(f)
    for n, group in same_n.items():
        if len(group) > 1:
            low, high = min(f.peak_mb for f in group), max(f.peak_mb for f in group)
            sizes = ", ".join(f"{f.export_mb:.0f}" for f in group)
            grows = "does not grow" if high <= low * 1.1 else "GROWS"
            lines.append(f"- memory at N={n} for {sizes} MB of entities.xml: {low:.0f}-{high:.0f} MB peak: {grows}")
    return "\n".join(lines)


def record(results: Path, text: str) -> None:
    old = results.read_text() if results.exists() else ""
    kept = old.split(MARK, 1)[0].rstrip() + "\n\n" if MARK in old else (old.rstrip() + "\n\n" if old else "")
    results.write_text(kept + text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=["1000:0", "1000:4"], help="N:H pairs")
    parser.add_argument("--work", type=Path, default=HERE / "_runs" / "import")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    figures = []
    for case in args.cases:
        n, _, history = case.partition(":")
        found = run_case(int(n), int(history or 0), args.work)
        print(found, flush=True)
        figures.append(found)
    record(args.results, section(figures, args.note))
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
