"""The benchmark: this site against plain MyST (the floor) and the peers, in one run.

For each size N, each ``-j``, each repeat, the variants are built one after the other in
a rotating order (so load that comes and goes hits them alike):

1. clean: a fresh output and doctree directory;
2. prose: one meeting's notes gain a sentence, incremental rebuild;
3. action: one action in that meeting is marked done, incremental rebuild.

Each build is a child ``sphinx-build``; its wall time, its peak resident memory (the
largest single process: ``wait4``'s rusage covers the child and the workers it waited
for), the documents re-read (doctrees written) and the pages written (HTML files of
source documents whose modification time moved) are recorded. The medians, spreads and
ratios to the floor go into RESULTS.md.

    python benchmarks/run.py --sizes 100 1000 --jobs 1 2 --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
RUNS = HERE / "_runs"
"""Build logs and the raw measurements (builds.json) of the last run; not kept in git."""
SCENARIOS = ("clean", "prose", "action")
DEFAULT_REPEATS = {100: 3, 1000: 2, 3000: 1}
"""Repeats by size. A clean build costs about 0.1 s of CPU a page, so one repeat of every
variant, -j and build at N=3000 is about an hour on 2 cores; the default matrix about two."""


@dataclass
class Build:
    variant: str
    n: int
    jobs: int
    scenario: str
    repeat: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    read: int
    written: int
    warnings: int
    returncode: int


def installed(variant: str) -> bool:
    """Whether a variant's extension or theme can be imported here (sphinx-needs and the
    pydata theme are in benchmarks/requirements.txt, not the test venv)."""
    package = {"needs": "sphinx-needs", "bare": "pydata-sphinx-theme", "site-pydata": "pydata-sphinx-theme"}
    if variant not in package:
        return True
    try:
        metadata.version(package[variant])
    except metadata.PackageNotFoundError:
        return False
    return True


def mtimes(folder: Path, suffix: str) -> dict[str, int]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob(f"*{suffix}")}


def moved(before: dict[str, int], after: dict[str, int], keep: set[str] | None = None) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v and (keep is None or k in keep))


def sphinx_build(src: Path, jobs: int, log: Path) -> tuple[float, float, float, int, int]:
    """Run one build; (wall seconds, CPU seconds, peak MB, return code, warnings)."""
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-j",
        str(jobs),
        "-d",
        str(src / "_build/doctrees"),
        str(src),
        str(src / "_build/html"),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=src)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    warnings = sum(1 for line in log.read_text().splitlines() if "WARNING:" in line)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, warnings


def measure(variant: str, src: Path, n: int, jobs: int, scenario: str, repeat: int, logs: Path) -> Build:
    doctrees, html = src / "_build/doctrees", src / "_build/html"
    pages = {str(p.relative_to(src).with_suffix(".html")) for p in src.rglob("*.md") if "_build" not in p.parts}
    before_read, before_written = mtimes(doctrees, ".doctree"), mtimes(html, ".html")
    log = logs / f"{variant}-{n}-j{jobs}-{scenario}-{repeat}.log"
    seconds, cpu, peak, code, warnings = sphinx_build(src, jobs, log)
    read = moved(before_read, mtimes(doctrees, ".doctree"))
    written = moved(before_written, mtimes(html, ".html"), pages)
    if code:
        print(f"  !! {variant} N={n} -j {jobs} {scenario} failed ({code}); see {log}", file=sys.stderr)
    return Build(
        variant,
        n,
        jobs,
        scenario,
        repeat,
        round(seconds, 3),
        round(cpu, 3),
        round(peak, 1),
        read,
        written,
        warnings,
        code,
    )


def repeats_by_size(words: list[str], sizes: list[int]) -> dict[int, int]:
    """``["3"]`` -> 3 for every size; ``["100:3", "1000:1"]`` -> per size; else the defaults."""
    chosen = {n: DEFAULT_REPEATS.get(n, 1) for n in sizes}
    for word in words:
        if ":" in word:
            n, r = word.split(":")
            chosen[int(n)] = int(r)
        else:
            chosen = {n: int(word) for n in sizes}
    return chosen


def run_matrix(
    sizes: list[int],
    jobs_list: list[int],
    variants: list[str],
    repeats: int | dict[int, int] | None,
    work: Path,
    seed: int,
    scenarios: tuple[str, ...] = SCENARIOS,
) -> list[Build]:
    builds: list[Build] = []
    logs = RUNS / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        content = generate.make_content(n, seed)
        edits = {"prose": generate.prose_edit(content)}
        edits["action"] = generate.action_edit(edits["prose"])
        count = repeats.get(n, 1) if isinstance(repeats, dict) else repeats or DEFAULT_REPEATS.get(n, 1)
        for rep in range(count):
            for jobs in jobs_list:
                order = variants[rep % len(variants) :] + variants[: rep % len(variants)]
                for variant in order:
                    src = work / f"{variant}-{n}"
                    generate.write_site(content, variant, src)
                    shutil.rmtree(src / "_build", ignore_errors=True)
                    for scenario in scenarios:
                        if scenario != "clean":
                            generate.write_site(edits[scenario], variant, src)
                        build = measure(variant, src, n, jobs, scenario, rep, logs)
                        builds.append(build)
                        print(
                            f"N={n:<5} -j {jobs} rep {rep} {variant:<5} {scenario:<6} {build.seconds:8.2f}s {build.cpu_seconds:8.2f}s CPU "
                            f"{build.peak_mb:7.0f} MB  read {build.read:5}  written {build.written:5}"
                            f"  warnings {build.warnings}",
                            flush=True,
                        )
    return builds


LINE = re.compile(
    r"N=(?P<n>\d+)\s+-j (?P<jobs>\d+) rep (?P<repeat>\d+) (?P<variant>[\w-]+)\s+(?P<scenario>\w+)\s+(?P<seconds>[\d.]+)s\s+"
    r"(?P<cpu>[\d.]+)s CPU\s+(?P<peak>[\d.]+) MB\s+read\s+(?P<read>\d+)\s+written\s+(?P<written>\d+)\s+warnings (?P<warnings>\d+)"
)


def builds_from_log(text: str) -> list[Build]:
    """The builds a run printed, for a report of a run that was stopped before its end."""
    builds = []
    for m in LINE.finditer(text):
        failed = f"!! {m['variant']} N={m['n']} -j {m['jobs']} {m['scenario']} failed" in text
        builds.append(
            Build(
                m["variant"],
                int(m["n"]),
                int(m["jobs"]),
                m["scenario"],
                int(m["repeat"]),
                float(m["seconds"]),
                float(m["cpu"]),
                float(m["peak"]),
                int(m["read"]),
                int(m["written"]),
                int(m["warnings"]),
                1 if failed else 0,
            )
        )
    return builds


# -- the report ---------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    found = {"Python": platform.python_version()}
    for name in ("Sphinx", "docutils", "myst-parser", "sphinx-design", "technote", "sphinx-needs"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        mem_gb = f"{int(mem.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        mem_gb = "?"
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem_gb} RAM"


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    return f"{min(values):.2f}\u2013{max(values):.2f}"


def summarise(builds: list[Build]) -> dict[tuple[int, int, str, str], dict[str, float]]:
    groups: dict[tuple[int, int, str, str], list[Build]] = {}
    for b in builds:
        groups.setdefault((b.n, b.jobs, b.scenario, b.variant), []).append(b)
    return {
        key: {
            "seconds": statistics.median(b.seconds for b in group),
            "spread": spread([b.seconds for b in group]),
            "cpu": statistics.median(b.cpu_seconds for b in group),
            "peak_mb": statistics.median(b.peak_mb for b in group),
            "read": statistics.median(b.read for b in group),
            "written": statistics.median(b.written for b in group),
            "warnings": max(b.warnings for b in group),
            "failed": sum(1 for b in group if b.returncode),
            "runs": len(group),
        }
        for key, group in groups.items()
    }


def ratio(value: float, floor: float | None) -> str:
    return f"{value / floor:.2f}x" if floor else "\u2013"


def table(summary: dict[tuple[int, int, str, str], dict[str, float]], variants: list[str]) -> str:
    lines = [
        "| N | -j | build | variant | time s (median) | spread s | vs floor | CPU s | vs floor | peak MB | vs floor "
        "| re-read | written | runs |",
        "|---:|---:|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, jobs, scenario, variant in sorted(
        summary, key=lambda k: (k[0], k[1], SCENARIOS.index(k[2]), variants.index(k[3]))
    ):
        s = summary[(n, jobs, scenario, variant)]
        base = "bare" if variant in ("bare", "site-pydata") else "floor"
        floor = summary.get((n, jobs, scenario, base))
        failed = f" ({int(s['failed'])} failed)" if s["failed"] else ""
        lines.append(
            f"| {n} | {jobs} | {scenario} | {variant} | {s['seconds']:.2f} | {s['spread']} | "
            f"{ratio(s['seconds'], floor and floor['seconds'])} | {s['cpu']:.2f} | "
            f"{ratio(s['cpu'], floor and floor['cpu'])} | {s['peak_mb']:.0f} | "
            f"{ratio(s['peak_mb'], floor and floor['peak_mb'])} | {s['read']:.0f} | {s['written']:.0f} | "
            f"{int(s['runs'])}{failed} |"
        )
    return "\n".join(lines)


def targets(summary: dict[tuple[int, int, str, str], dict[str, float]], sizes: list[int]) -> str:
    """The issue's targets, read off the table (a reading, not a test)."""
    out = []

    def get(n: int, jobs: int, scenario: str, variant: str) -> dict[str, float] | None:
        return summary.get((n, jobs, scenario, variant))

    def mark(ok: bool) -> str:
        return "met" if ok else "**not met**"

    for n in sizes:
        for jobs in (1, 2):
            out += bare_floor_targets(n, jobs, get, mark)
            site, floor = get(n, jobs, "clean", "site"), get(n, jobs, "clean", "floor")
            if not (site and floor):
                continue
            r, rc = site["seconds"] / floor["seconds"], site["cpu"] / floor["cpu"]
            goal = " (target <= 1.10x at N >= 1000)" if n >= 1000 else ""
            out.append(
                f"- N={n} -j {jobs} clean build: {r:.2f}x the floor in wall time, "
                f"{rc:.2f}x in CPU time{goal}"
                + (f": wall {mark(r <= 1.10)}, CPU {mark(rc <= 1.10)}" if n >= 1000 else "")
            )
            m = site["peak_mb"] / floor["peak_mb"]
            out.append(f"- N={n} -j {jobs} peak memory: {m:.2f}x the floor (target <= 1.2x): {mark(m <= 1.2)}")
            prose, prose_floor = get(n, jobs, "prose", "site"), get(n, jobs, "prose", "floor")
            if prose and prose_floor:
                r, rc = prose["seconds"] / prose_floor["seconds"], prose["cpu"] / prose_floor["cpu"]
                out.append(
                    f"- N={n} -j {jobs} prose edit: {r:.2f}x the floor's rebuild in wall time, {rc:.2f}x in CPU "
                    f"time, re-read {prose['read']:.0f} page(s), wrote {prose['written']:.0f} (target <= 1.2x, "
                    f"re-read 1): wall {mark(r <= 1.2)}, CPU {mark(rc <= 1.2)}, re-read {mark(prose['read'] == 1)}"
                )
            action = get(n, jobs, "action", "site")
            if action:
                out.append(
                    f"- N={n} -j {jobs} action edit: re-read {action['read']:.0f}, wrote {action['written']:.0f} of "
                    f"{n + 4 + len(generate.make_content(n).series)} pages (target: re-read 1; write that page, "
                    "the listing pages and pages showing the action)"
                )
            needs = get(n, jobs, "clean", "needs")
            if needs:
                out.append(
                    f"- N={n} -j {jobs} clean build against sphinx-needs: {site['seconds']:.2f}s vs "
                    f"{needs['seconds']:.2f}s: {mark(site['seconds'] < needs['seconds'])}"
                )
        one, two = get(n, 1, "clean", "site"), get(n, 2, "clean", "site")
        if one and two:
            speedup = one["seconds"] / two["seconds"]
            goal = " (target >= 1.4x at N=1000)" if n == 1000 else ""
            floor_one, floor_two = get(n, 1, "clean", "floor"), get(n, 2, "clean", "floor")
            floor_speedup = (
                f"; the floor's {floor_one['seconds'] / floor_two['seconds']:.2f}x" if floor_one and floor_two else ""
            )
            out.append(
                f"- N={n} clean build, speed-up of -j 2 over -j 1 (wall time): {speedup:.2f}x{floor_speedup}{goal}"
                + (f": {mark(speedup >= 1.4)}" if n == 1000 else "")
            )
    return "\n".join(out)


def bare_floor_targets(
    n: int, jobs: int, get: Callable[[int, int, str, str], dict[str, float] | None], mark: Callable[[bool], str]
) -> list[str]:
    """Issue 15: the site (pydata theme) against the bare floor (the same meetings as plain MyST,
    no listing or person pages, pydata theme): clean build <= 1.15x in CPU time; an action edit
    writes only the pages whose output changes."""
    out = []
    site, bare = get(n, jobs, "clean", "site-pydata"), get(n, jobs, "clean", "bare")
    if site and bare:
        rc = site["cpu"] / bare["cpu"]
        out.append(
            f"- N={n} -j {jobs} clean build against the bare floor (pydata theme both): {rc:.2f}x in CPU time "
            f"(target <= 1.15x): {mark(rc <= 1.15)}"
        )
    action, prose = get(n, jobs, "action", "site-pydata"), get(n, jobs, "prose", "site-pydata")
    if action and prose:
        out.append(
            f"- N={n} -j {jobs} action edit against a prose edit (pydata): {action['cpu'] / prose['cpu']:.2f}x in CPU "
            f"time, wrote {action['written']:.0f} page(s) (a prose edit wrote {prose['written']:.0f})"
        )
    return out


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def write_results(
    path: Path,
    builds: list[Build],
    variants: list[str],
    sizes: list[int],
    started: str,
    load_before: str,
    seconds: float,
    note: str,
    browser_report: str = "",
) -> None:
    summary = summarise(builds)
    notes = HERE / "PROFILE.md"
    profile = notes.read_text().split("\n", 1)[1].strip() if notes.exists() else "No profile notes."
    header = "\n".join(f"- {k}: {v}" for k, v in versions().items())
    took = f"in {seconds / 60:.0f} minutes" if seconds else "from the lines its runs printed (--from-log)"
    text = f"""# Benchmark results

Written by `make bench` (`benchmarks/run.py`) on {started}, commit {git_commit()}, {took}.

- Machine: {machine()}
- Load average (1, 5, 15 min) before: {load_before}; after: {load()}
{header}
{("- " + note) if note else ""}

Variants (same content from one seed, `benchmarks/generate.py`): **floor** = plain MyST, the same
text with directives written as ordinary Markdown and the listing tables written out by hand;
**site** = this repository's conf.py, extension and templates; **needs** = the actions as
sphinx-needs needs with `needtable`s; **todo** = the actions as `sphinx.ext.todo` todos with a
`todolist`. Builds: **clean** (no output, no doctrees), **prose** (one meeting's notes gain a
sentence, then an incremental build), **action** (one action in that meeting marked done, then an
incremental build). In the floor and the todo variant the listing tables are static text, so their
action edit also edits the listing pages, as a maintainer of such a site would.

Time is wall time of `sphinx-build`; spread is min\u2013max over the runs; peak MB the largest resident
set of one process (the main one or a `-j` worker); re-read counts doctrees written, written the HTML
pages of source documents whose file changed. Ratios are to the floor at the same N, -j and build.

## Targets, read off the table

{targets(summary, sizes)}

## All builds (medians)

{table(summary, variants)}

## Where the time goes

{profile}

## The open-actions page in Chromium

{browser_report or "Not measured in this run (`--browser-actions 0`)."}
"""
    # benchmarks/import_space.py's section stays when the build matrix is written again.
    mark = "<!-- import-space:"
    old = path.read_text() if path.exists() else ""
    if mark in old:
        text = text.rstrip() + "\n\n" + mark + old.split(mark, 1)[1]
    path.write_text(text)
    RUNS.mkdir(exist_ok=True)
    (RUNS / "builds.json").write_text(json.dumps([asdict(b) for b in builds], indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeats",
        nargs="+",
        default=[],
        help=f"repeats for every size (3), or per size (100:3 1000:1); default {DEFAULT_REPEATS}",
    )
    parser.add_argument("--variants", nargs="+", default=list(generate.VARIANTS), choices=generate.VARIANTS)
    parser.add_argument(
        "--builds",
        nargs="+",
        default=list(SCENARIOS),
        choices=SCENARIOS,
        help="which builds to run, in this order (e.g. clean only); an edit's build follows the builds before it",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "_sites")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--note", default="", help="a line for RESULTS.md, e.g. the load the run had")
    parser.add_argument(
        "--browser-actions",
        type=int,
        default=20000,
        help="actions on the open-actions page measured in Chromium; 0 skips it",
    )
    parser.add_argument(
        "--from-log",
        type=Path,
        default=None,
        help="write RESULTS.md from the lines a run printed (a run stopped early); builds nothing",
    )
    parser.add_argument(
        "--browser-report", type=Path, default=None, help="with --from-log: the markdown browser.py printed"
    )
    args = parser.parse_args()
    if args.from_log:
        builds = builds_from_log(args.from_log.read_text())
        variants = [v for v in generate.VARIANTS if any(b.variant == v for b in builds)]
        sizes = sorted({b.n for b in builds})
        report = args.browser_report.read_text() if args.browser_report else ""
        started = dt.datetime.fromtimestamp(args.from_log.stat().st_ctime).isoformat(timespec="minutes")
        write_results(args.results, builds, variants, sizes, started, "see the note", 0.0, args.note, report)
        print(f"wrote {args.results} from {len(builds)} builds in {args.from_log}")
        return
    variants = [v for v in args.variants if installed(v)]
    for v in set(args.variants) - set(variants):
        print(f"skipping {v}: its extension is not installed in {sys.executable}", file=sys.stderr)
    started = dt.datetime.now().isoformat(timespec="minutes")
    load_before = load()
    t0 = time.perf_counter()
    builds = run_matrix(
        args.sizes,
        args.jobs,
        variants,
        repeats_by_size(args.repeats, args.sizes),
        args.work,
        args.seed,
        tuple(s for s in SCENARIOS if s in args.builds),
    )
    report = ""
    if args.browser_actions:
        print(f"open-actions page at {args.browser_actions} actions in Chromium", flush=True)
        report = browser.open_actions_report(args.work, args.browser_actions)
        print(report, flush=True)
    write_results(
        args.results, builds, variants, args.sizes, started, load_before, time.perf_counter() - t0, args.note, report
    )
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
