"""``python -m minutes import confluence``: sources -> chosen pages -> meeting pages ->
a plan of what to write -> people.yaml, pages, files -> the report.

Every page is read on its own (one bad page never stops the others), nothing is written
until every page is read, and people.yaml is written before the pages that name its new
people, so a run stopped part-way leaves people.yaml consistent with every page on disk.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .gather import Reading
from .options import UsageError, options
from .outcome import Reporting
from .output import Writing
from .plan import Planning
from .sources import WikiUnreachable


class Run(Reading, Planning, Writing, Reporting):
    """An import run: sources are read (``gather``), a plan made (``plan``), written
    (``output``) and reported (``outcome``); the steps share ``RunState``."""


def command(args: argparse.Namespace) -> int:
    """The whole import; the exit status the README and issue 16 promise."""
    try:
        opts = options(args)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    root = Path.cwd()
    if not (root / "conf.py").is_file():
        print(
            f"error: no conf.py in {root}: run this at the root of a minutes site (where conf.py is)", file=sys.stderr
        )
        return 1
    run = Run(root, opts)
    if not (root / "people.yaml").exists():
        print(f"no people.yaml at {root}: creating it with the people the import finds")
    try:
        for source in run.sources():
            run.read(source)
    except WikiUnreachable as err:
        print(f"error: {err}", file=sys.stderr)
        return 3
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    run.settle_undated()
    run.plan()
    run.write()
    for entry in run.entries:
        for note in entry.imported.notes if entry.imported else []:
            print(f"{entry.wiki.source}: {note}")
    for entry in run.entries:
        if entry.status == "skipped":
            print(f"skipped {entry.wiki.source}: {entry.reason}")
    run.print_people()
    report = run.report()
    try:
        report.write(root / opts.report_dir if not opts.report_dir.is_absolute() else opts.report_dir)
    except OSError as err:
        run.error(f"cannot write the report to {opts.report_dir}: {getattr(err, 'strerror', None) or err}")
    for archive in run.archives:
        archive.close()
    print(f"report: {run.rel(root / opts.report_dir)}/report.md")
    return 1 if run.failed else 0
