"""The ``minutes`` command (or ``python -m minutes``): start a meeting, or bring wiki minutes
in. Run at the site's root.

    minutes new <series> [--date YYYY-MM-DD]
    minutes import confluence --series <series> [--task-report] [--force] FILE...
    minutes import confluence --url <wiki> --space <KEY> --series-map 'DM-SST*=dm-sst'
    minutes diff OLD NEW        (two actions.json, or two built sites' folders)

Exit status: 0 when everything asked for was written, 1 when something was refused or
could not be read (each said on stderr), 2 for a command line that makes no sense, 3 when
the wiki could not be reached or refused the token.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import markdown as md
from .checks import PLAUSIBLE_YEARS
from .init import add_init_command
from .model import ActionState, Meeting, Origin, Status, Topic, parse_date, series_problem
from .people import PeopleRegistry

if TYPE_CHECKING:
    from jinja2 import Environment

    from .view import MinutesView

TEMPLATE = "new-meeting.md.jinja"
SERIES_TEMPLATE = "series-index.md.jinja"
READ_DIR = Path("_build") / ".minutes-read"
"""Where ``new`` keeps the environment of its quick read, so the next read is incremental."""


class CommandError(Exception):
    """A problem with what the user asked for: said on stderr, exit status 1."""


@dataclass
class Site:
    root: Path

    @classmethod
    def here(cls) -> Site:
        root = Path.cwd()
        if not (root / "conf.py").is_file():
            raise CommandError(f"no conf.py in {root}: run this at the root of a minutes site (where conf.py is)")
        return cls(root)

    @property
    def people_path(self) -> Path:
        return self.root / "people.yaml"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


# -- new ------------------------------------------------------------------------------


def read_view(site: Site) -> tuple[MinutesView, PeopleRegistry]:
    """Every meeting and action as the site shows them: a Sphinx read of the whole site
    (no output written), so open actions are resolved by the extension itself."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(
            srcdir=site.root,
            confdir=site.root,
            outdir=site.root / READ_DIR / "out",
            doctreedir=site.root / READ_DIR / "doctrees",
            buildername="dummy",
            status=None,
            warning=warnings,
            freshenv=False,
        )
        app.build()
        from .domain import minutes_domain

        domain = minutes_domain(app.env)
        return domain.view, domain.people


def usual_participants(meetings: list[Meeting], latest: int = 4) -> tuple[str, ...]:
    """People at half or more of the series' latest meetings (all of them, if fewer than
    three meetings), in the order of the latest meeting, then by attendance."""
    recent = meetings[:latest]
    if not recent:
        return ()
    counts = Counter(p for m in recent for p in dict.fromkeys(m.participants))
    needed = 1 if len(recent) < 3 else (len(recent) + 1) // 2
    order = {p: i for i, p in enumerate(dict.fromkeys(p for m in recent for p in m.participants))}
    chosen = [p for p, n in counts.items() if n >= needed]
    return tuple(sorted(chosen, key=lambda p: (-counts[p], order[p])))


def templates(site: Site) -> Environment:
    """The site's ``_templates/minutes/`` first, then the extension's own scaffolds."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    from .theme import TEMPLATES

    folders = [site.root / "_templates" / "minutes", TEMPLATES / "minutes"]
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,
    )


def render_template(site: Site, series: str, name: str, context: dict[str, object]) -> str:
    """``_templates/minutes/<series>/<name>`` when the series has its own, else the site's,
    else the extension's."""
    from jinja2 import TemplateError, TemplateNotFound

    env = templates(site)
    try:
        template = env.select_template([f"{series}/{name}", name])
    except TemplateNotFound:
        raise CommandError(f"no template _templates/minutes/{name}: this site has no new-meeting scaffold") from None
    try:
        return template.render(**context)
    except TemplateError as err:
        raise CommandError(f"template {template.filename}: {err}") from None


def meeting_date(text: str | None) -> dt.date:
    """``--date`` (default today), refused where the strict build would refuse the page."""
    date = parse_date(text) if text else dt.date.today()
    if date is None:
        raise CommandError(f"--date {text!r} is not a real date; write it as YYYY-MM-DD, e.g. 2022-08-01")
    if not PLAUSIBLE_YEARS[0] <= date.year <= PLAUSIBLE_YEARS[1]:
        raise CommandError(
            f"--date {text!r} is not in the years {PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}; check the year"
        )
    return date


def command_new(args: argparse.Namespace) -> int:
    site = Site.here()
    series = args.series
    problem = series_problem(series)
    if problem:
        raise CommandError(problem)
    date = meeting_date(args.date)
    folder = site.root / "minutes" / series
    path = folder / f"{date.isoformat()}.md"
    if path.exists():
        raise CommandError(f"{site.relative(path)} exists; not overwritten (edit it, or pick another --date)")
    view, people = read_view(site)
    meetings = [m for m in view.meetings_newest_first(series) if m.docname != f"minutes/{series}/{date.isoformat()}"]
    earlier = [m for m in meetings if m.date is None or m.date <= date] or meetings
    latest = model_meeting(earlier)
    open_actions = actions_to_review(view, series, date)
    meeting = Meeting(
        docname=f"minutes/{series}/{date.isoformat()}",
        title=args.title or new_title(site, series, latest, date),
        series=series,
        date=date,
        time=latest.time if latest else None,
        timezone=latest.timezone if latest else None,
        location=latest.location if latest else None,
        participants=usual_participants(earlier),
    )
    stubs = [md.update_stub(state) for state in open_actions]
    task_review = md.topic_block(
        md.TopicSection(
            topic=_topic("Task review"),
            body=tuple(stubs) if stubs else (md.comment("No open actions in this series."),),
        )
    )
    context = {
        "series": series,
        "date": date.isoformat(),
        "title": meeting.title,
        "meeting": meeting,
        "previous": latest,
        "open_actions": open_actions,
        "people": people,
        "meeting_directive": md.meeting_block(meeting, blank=("participants", "regrets", "moderator", "notetaker")),
        "task_review": task_review,
        "update_stub": md.update_stub,
    }
    text = render_template(site, series, TEMPLATE, context)
    created_index = not (folder / "index.md").exists()
    folder.mkdir(parents=True, exist_ok=True)
    if created_index:
        write_series_index(site, series)
    path.write_text(text, encoding="utf-8")
    print(
        f"wrote {site.relative(path)}: {len(meeting.participants)} usual participants, "
        f"{len(open_actions)} open actions to review"
    )
    if not meeting.participants:
        print("  no earlier meeting in this series: fill in :participants: by hand")
    return 0


def model_meeting(earlier: list[Meeting]) -> Meeting | None:
    """The latest of the series' usual meetings (a page named by its date), else the latest:
    a one-off like ``2024-02-05-extra`` has its own time and title."""
    usual = [m for m in earlier if m.date is not None and m.docname.endswith(f"/{m.date.isoformat()}")]
    chosen = usual or earlier
    return chosen[0] if chosen else None


def actions_to_review(view: MinutesView, series: str, date: dt.date) -> list[ActionState]:
    """The series' open actions that existed on ``date``: an update dated before its action's
    meeting fails the strict build (update-before-action), and minutes get written up late."""
    return [
        state
        for state in view.action_states(status=Status.OPEN, series=series)
        if state.action.meeting_date is None or state.action.meeting_date <= date
    ]


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
REMARK = re.compile(r"\s*\([^()]*\)\s*$")


def new_title(site: Site, series: str, latest: Meeting | None, date: dt.date) -> str:
    """The previous meeting's title with the new date in place of its own (and without a
    trailing remark in brackets, which was about that meeting), or the series' title and the
    date: a title copied verbatim would name the new meeting after the old one's date."""
    if latest is None:
        return f"{series_title(site, series)} meeting"
    title = latest.title
    if latest.date is not None and latest.date.isoformat() in title:
        title = title.replace(latest.date.isoformat(), date.isoformat())
    elif ISO_DATE.search(title):
        title = ISO_DATE.sub(date.isoformat(), title, count=1)
    else:
        return title
    return REMARK.sub("", title) or f"{series_title(site, series)} {date.isoformat()}"


def _topic(title: str) -> Topic:
    return Topic(title=title, anchor="", origin=Origin(""))


def series_title(site: Site, series: str) -> str:
    """The title of the series' page (its first heading, as `minutes init` or a person wrote
    it), else the series' id in capitals: the first meeting of a series is named after it."""
    page = site.root / "minutes" / series / "index.md"
    if page.is_file():
        for line in page.read_text(encoding="utf-8").splitlines()[:50]:
            if line.startswith("# ") and line[2:].strip():
                return line[2:].strip()
    return series.upper()


def write_series_index(site: Site, series: str) -> None:
    """A new series: its index page. The home page's toctree lists every series by a glob
    (``minutes/*/index``), and "All meetings" links each with ``{series-overview}``, so the
    series is in the navigation without an edit; a site in FORMAT.md v1.1's nested shape
    (``minutes/index.md`` with a toctree of the series) gets an entry there instead."""
    folder = site.root / "minutes" / series
    text = render_template(site, series, SERIES_TEMPLATE, {"series": series, "title": series.upper()})
    (folder / "index.md").write_text(text, encoding="utf-8")
    print(f"wrote {site.relative(folder / 'index.md')}: the new series' page")
    home = site.root / "index.md"
    if home.is_file() and toctree_covers(home.read_text(encoding="utf-8"), f"minutes/{series}/index"):
        return
    listing = site.root / "minutes" / "index.md"
    if not listing.exists():
        print(f"  no {site.relative(listing)}: link minutes/{series}/index from a table of contents by hand")
        return
    updated = add_to_toctree(listing.read_text(encoding="utf-8"), f"{series}/index")
    if updated is None:
        print(
            f"  add minutes/{series}/index to the toctree of {site.relative(home)} by hand (or its glob minutes/*/index)"
        )
    elif updated != listing.read_text(encoding="utf-8"):
        listing.write_text(updated, encoding="utf-8")
        print(f"  listed it in {site.relative(listing)}")


def first_toctree(text: str) -> tuple[int, int, list[str]] | None:
    """The first toctree of a MyST page: its opening and closing line numbers and its body's
    lines, stripped; None when there is none (or it is not closed)."""
    lines = text.splitlines()
    for start, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```{toctree}", ":::{toctree}")):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`:"))]
            for end in range(start + 1, len(lines)):
                if lines[end].strip() == fence:
                    return start, end, [line.strip() for line in lines[start + 1 : end]]
            return None
    return None


def toctree_covers(text: str, docname: str) -> bool:
    """Whether the first toctree of a page at the site's root lists ``docname``, by name or by
    one of its globs (Sphinx's: ``*`` stays within a folder)."""
    from sphinx.util.matching import patmatch

    found = first_toctree(text)
    if found is None:
        return False
    body = found[2]
    if docname in body:
        return True
    return ":glob:" in body and any(line and not line.startswith(":") and patmatch(docname, line) for line in body)


def add_to_toctree(text: str, entry: str) -> str | None:
    """``text`` with ``entry`` added to its first toctree, unchanged when a glob or the
    entry already covers it; None when there is no toctree."""
    found = first_toctree(text)
    if found is None:
        return None
    _, end, body = found
    if ":glob:" in body or entry in body:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[:end] + [f"{entry}\n"] + lines[end:])


# -- import ---------------------------------------------------------------------------


def command_import(args: argparse.Namespace) -> int:
    from .importer.run import command

    return command(args)


# -- diff -----------------------------------------------------------------------------


def command_diff(args: argparse.Namespace) -> int:
    from .diff import DiffError, diff_paths

    try:
        sys.stdout.write(diff_paths(Path(args.old), Path(args.new)))
    except DiffError as err:
        raise CommandError(str(err)) from None
    return 0


# -- command line ---------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="minutes", description="Meeting minutes: start a meeting, import wiki pages.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_new_command(commands)
    add_import_command(commands)
    add_diff_command(commands)
    add_init_command(commands)
    return top


def add_new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start today's (or --date's) meeting page of a series")
    new.add_argument("series", help="the series, e.g. dm-sst: the folder under minutes/")
    new.add_argument("--date", help="the meeting's date, YYYY-MM-DD (default: today)")
    new.add_argument("--title", help="the page's title (default: the latest meeting's)")
    new.set_defaults(run=command_new)


def add_import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``minutes import confluence``; ``importer/options.py`` checks what it is given."""
    imports = commands.add_parser("import", help="convert wiki pages to meeting pages")
    sources = imports.add_subparsers(dest="source", required=True, metavar="SOURCE")
    confluence = sources.add_parser(
        "confluence",
        help="Confluence pages: storage-format XHTML (or the REST API's JSON), or the wiki's text export",
    )
    confluence.add_argument("--series", help="the series to import into, e.g. dm-sst")
    confluence.add_argument(
        "--series-map",
        action="append",
        metavar="PATTERN=SERIES",
        help="pages whose title or parent page's title matches PATTERN (a case-insensitive glob) go to SERIES; "
        "repeatable, the first match wins, --series takes the rest",
    )
    confluence.add_argument("--url", help="the wiki's address (on Cloud ending in /wiki): read pages from its REST API")
    confluence.add_argument("--space", help="with --url: the space's key, e.g. DM")
    confluence.add_argument("--ancestor", metavar="PAGE_ID", help="only pages below this page")
    confluence.add_argument("--label", action="append", help="only pages with this label (repeatable)")
    confluence.add_argument("--title", action="append", metavar="PATTERN", help="only pages whose title matches")
    confluence.add_argument("--date", help="the date of a single page that names none, YYYY-MM-DD")
    confluence.add_argument(
        "--task-report",
        action="store_true",
        help="also turn each row of a page's task report into an action on a stub page of its meeting",
    )
    confluence.add_argument("--dry-run", action="store_true", help="write nothing but the report")
    confluence.add_argument("--max-file-size", type=float, metavar="MB", help="largest file read from an export (50)")
    confluence.add_argument(
        "--max-export-size", type=float, metavar="MB", help="largest entities.xml read from an XML export (65536)"
    )
    confluence.add_argument(
        "--report",
        default=str(Path("_build") / "import"),
        metavar="DIR",
        help="where report.md and report.json go (default _build/import)",
    )
    confluence.add_argument(
        "--force", action="store_true", help="overwrite meeting pages that exist or were edited by hand"
    )
    confluence.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="exported wiki pages, or a zip of the wiki's XML or HTML space export",
    )
    confluence.set_defaults(run=command_import)


def add_diff_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff", help="what changed in actions, decisions and pages between two builds, in Markdown"
    )
    diff.add_argument("old", metavar="OLD", help="the older actions.json, or a built site's folder")
    diff.add_argument("new", metavar="NEW", help="the newer actions.json, or a built site's folder")
    diff.set_defaults(run=command_diff)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
