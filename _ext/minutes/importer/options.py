"""What ``minutes import confluence`` was asked to do: its command line, checked."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..model import parse_date, series_problem
from .select import Selection
from .sources import MAX_FILE_SIZE
from .xml_export import MAX_EXPORT_SIZE


class UsageError(Exception):
    """A command line that makes no sense: exit status 2."""


@dataclass
class Options:
    files: list[str]
    url: str | None
    space: str | None
    selection: Selection
    date: dt.date | None
    dry_run: bool
    force: bool
    task_report: bool
    report_dir: Path
    max_file_size: int = MAX_FILE_SIZE
    """The most bytes read of one file in an export (``--max-file-size``, in MB)."""
    max_export_size: int = MAX_EXPORT_SIZE
    """The largest ``entities.xml`` read (``--max-export-size``, in MB)."""


def options(args: argparse.Namespace) -> Options:
    series_map = []
    for item in args.series_map or []:
        pattern, equals, series = item.rpartition("=")
        if not equals or not pattern.strip() or series_problem(series.strip()):
            raise UsageError(f"--series-map {item!r}: write PATTERN=SERIES, e.g. 'DM-SST*=dm-sst'")
        series_map.append((pattern.strip(), series.strip()))
    problem = series_problem(args.series) if args.series is not None else None
    if problem:
        raise UsageError(problem)
    if args.series is None and not series_map:
        raise UsageError("say which series the pages belong to: --series SERIES, or --series-map PATTERN=SERIES")
    if args.url and args.files:
        raise UsageError("give either FILEs or --url, not both")
    if not args.url and not args.files:
        raise UsageError("give the FILEs to import, or --url BASE_URL --space KEY")
    if args.url and not args.space:
        raise UsageError("--url needs --space KEY (the space's key, e.g. DM)")
    if args.url and _has_userinfo(args.url):
        raise UsageError(
            "--url holds a user name or password: give the wiki's address alone and put the token in "
            "CONFLUENCE_TOKEN (and the account's email in CONFLUENCE_USER), where it is never written"
        )
    max_mb = getattr(args, "max_file_size", None)
    if max_mb is not None and not 0 < max_mb <= 2**20:  # also NaN
        raise UsageError(f"--max-file-size {max_mb}: give a size in MB above 0, e.g. 100")
    export_mb = getattr(args, "max_export_size", None)
    if export_mb is not None and not 0 < export_mb <= 2**30:  # also NaN
        raise UsageError(f"--max-export-size {export_mb}: give a size in MB above 0, e.g. 100000")
    date = None
    if args.date:
        date = parse_date(args.date)
        if date is None:
            raise UsageError(f"--date {args.date!r} is not a real date; write it as YYYY-MM-DD")
    return Options(
        files=list(args.files or []),
        url=args.url,
        space=args.space,
        selection=Selection(
            series=args.series,
            series_map=tuple(series_map),
            ancestor=args.ancestor,
            labels=tuple(args.label or ()),
            titles=tuple(args.title or ()),
        ),
        date=date,
        dry_run=args.dry_run,
        force=args.force,
        task_report=args.task_report,
        report_dir=Path(args.report),
        max_file_size=round(max_mb * 2**20) if max_mb else MAX_FILE_SIZE,
        max_export_size=round(export_mb * 2**20) if export_mb else MAX_EXPORT_SIZE,
    )


def _has_userinfo(url: str) -> bool:
    """Whether an address carries ``user:password@``: it would be written into every page's
    origin, the report and the messages."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "@" in url
    return "@" in parts.netloc
