"""``python -m minutes``: start a meeting, or bring wiki minutes in. Run at the site's root.

    python -m minutes new <series> [--date YYYY-MM-DD]
    python -m minutes import confluence --series <series> [--task-report] [--force] FILE...
    python -m minutes diff OLD NEW        (two actions.json, or two built sites' folders)

Exit status: 0 when everything asked for was written, 1 when something was refused or
could not be read (each said on stderr), 2 for a command line that makes no sense.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from . import markdown as md
from .model import ID_PATTERN, Action, Meeting, Origin, Person, Status, Topic, parse_date
from .people import PeopleRegistry, load_people

if TYPE_CHECKING:
    from .domain import MinutesView

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
        domain = app.env.get_domain("minutes")
        return domain.view, domain.people  # type: ignore[attr-defined]


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


def templates(site: Site) -> object:
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
        template = env.select_template([f"{series}/{name}", name])  # type: ignore[attr-defined]
    except TemplateNotFound:
        raise CommandError(f"no template _templates/minutes/{name}: this site has no new-meeting scaffold") from None
    try:
        return template.render(**context)
    except TemplateError as err:
        raise CommandError(f"template {template.filename}: {err}") from None


def command_new(args: argparse.Namespace) -> int:
    site = Site.here()
    series = args.series
    if not ID_PATTERN.match(series):
        raise CommandError(f"series {series!r} is not of the form [a-z0-9][a-z0-9-]*; use e.g. 'dm-sst'")
    date = parse_date(args.date) if args.date else dt.date.today()
    if date is None:
        raise CommandError(f"--date {args.date!r} is not a real date; write it as YYYY-MM-DD, e.g. 2022-08-01")
    folder = site.root / "minutes" / series
    path = folder / f"{date.isoformat()}.md"
    if path.exists():
        raise CommandError(f"{site.relative(path)} exists; not overwritten (edit it, or pick another --date)")
    view, people = read_view(site)
    meetings = [m for m in view.meetings_newest_first(series) if m.docname != f"minutes/{series}/{date.isoformat()}"]
    earlier = [m for m in meetings if m.date is None or m.date <= date] or meetings
    latest = earlier[0] if earlier else None
    open_actions = view.action_states(status=Status.OPEN, series=series)
    meeting = Meeting(
        docname=f"minutes/{series}/{date.isoformat()}",
        title=args.title or (latest.title if latest else f"{series.upper()} meeting"),
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


def _topic(title: str) -> Topic:
    return Topic(title=title, anchor="", origin=Origin(""))


def write_series_index(site: Site, series: str) -> None:
    """A new series: its index page, and an entry in minutes/index.md's table of contents."""
    folder = site.root / "minutes" / series
    text = render_template(site, series, SERIES_TEMPLATE, {"series": series, "title": series.upper()})
    (folder / "index.md").write_text(text, encoding="utf-8")
    print(f"wrote {site.relative(folder / 'index.md')}: the new series' page")
    listing = site.root / "minutes" / "index.md"
    if not listing.exists():
        print(f"  no {site.relative(listing)}: link minutes/{series}/index from a table of contents by hand")
        return
    updated = add_to_toctree(listing.read_text(encoding="utf-8"), f"{series}/index")
    if updated is None:
        print(f"  add {series}/index to a table of contents by hand: {site.relative(listing)} has no toctree")
    elif updated != listing.read_text(encoding="utf-8"):
        listing.write_text(updated, encoding="utf-8")
        print(f"  listed it in {site.relative(listing)}")


def add_to_toctree(text: str, entry: str) -> str | None:
    """``text`` with ``entry`` added to its first toctree, unchanged when a glob or the
    entry already covers it; None when there is no toctree."""
    lines = text.splitlines(keepends=True)
    for start, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```{toctree}", ":::{toctree}")):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`:"))]
            for end in range(start + 1, len(lines)):
                if lines[end].strip() == fence:
                    body = [line.strip() for line in lines[start + 1 : end]]
                    if ":glob:" in body or entry in body:
                        return text
                    return "".join(lines[:end] + [f"{entry}\n"] + lines[end:])
            return None
    return None


# -- import ---------------------------------------------------------------------------


def command_import(args: argparse.Namespace) -> int:
    from . import confluence

    site = Site.here()
    series = args.series
    if not ID_PATTERN.match(series):
        raise CommandError(f"series {series!r} is not of the form [a-z0-9][a-z0-9-]*; use e.g. 'dm-sst'")
    registry = load_people(site.people_path)
    if registry.problems and not site.people_path.exists():
        print(f"no people.yaml at {site.root}: creating it with the people the import finds")
    matcher = confluence.PeopleMatcher(registry)
    folder = site.root / "minutes" / series
    failed = False
    written: set[Path] = set()
    pages: list[tuple[md.MeetingPage, str]] = []
    rows: list[tuple[list[confluence.ReportRow], str]] = []
    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            print(f"error: cannot read {name}: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
            failed = True
            continue
        # Written pages name the file only: a local path says nothing to readers of the site.
        imported = confluence.import_page(text, path.name, matcher, series, args.task_report)
        for note in imported.notes:
            print(f"{name}: {note}")
        for problem in imported.problems:
            print(f"error: {name}: {problem}", file=sys.stderr)
            failed = True
        if imported.page is not None:
            pages.append((imported.page, name))
        if imported.report_rows:
            rows.append((imported.report_rows, name))
    for page, name in pages:
        failed |= not write_page(site, folder, page, args.force, written, f"from {name}")
    for found, name in rows:
        for stub in confluence.stub_pages(found, series, Path(name).name):
            target = folder / f"{stub.meeting.date.isoformat()}.md"
            if target in written:
                print(f"{site.relative(target)}: imported in full above; its task-report rows are already there")
                continue
            failed |= not write_page(site, folder, stub, args.force, written, f"stub from the task report of {name}")
    for key, person_id in sorted(matcher.keys.items()):
        print(
            f"wiki user {key} is {person_id} ({registry.name(person_id)}): add {key!r} to their aliases "
            "in people.yaml so that other pages' mentions of them resolve"
        )
    for spelled, person_id in matcher.fuzzy:
        print(f"matched {spelled!r} to {person_id} ({registry.name(person_id)}) by close spelling")
    if matcher.added:
        append_people(site.people_path, [p for p, _ in matcher.added])
        for person, where in matcher.added:
            print(f"added to people.yaml: {person.id} ({person.name}), seen in {where}; check the name and id")
    if written and (folder / "index.md").exists() is False:
        write_series_index(site, series)
    return 1 if failed else 0


def write_page(site: Site, folder: Path, page: md.MeetingPage, force: bool, written: set[Path], what: str) -> bool:
    target = folder / f"{page.meeting.date.isoformat()}.md"  # type: ignore[union-attr]
    if target in written or (target.exists() and not force):
        print(f"error: {site.relative(target)} exists; not overwritten (move it away, or add --force)", file=sys.stderr)
        return False
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(md.meeting_page(page), encoding="utf-8")
    written.add(target)
    actions = [item for section in page.topics for item in section.body if isinstance(item, Action)]
    actions += [item for item in page.preface if isinstance(item, Action)]
    done = sum(1 for a in actions if a.status is Status.DONE)
    print(
        f"wrote {site.relative(target)} ({what}): {_count(len(page.topics), 'topic')}, "
        f"{_count(len(actions), 'action')} ({done} done, {len(actions) - done} open)"
    )
    return True


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def append_people(path: Path, people: Sequence[Person]) -> None:
    """Add people at the end of people.yaml, leaving what is there (comments too) untouched."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    entries = {}
    for person in people:
        entry: dict[str, object] = {"name": person.name}
        if person.aliases:
            entry["aliases"] = list(person.aliases)
        entries[person.id] = entry
    block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=None)
    lead = "" if not existing or existing.endswith("\n") else "\n"
    header = "# Added by `python -m minutes import`: check names and ids.\n"
    path.write_text(existing + lead + header + block, encoding="utf-8")


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
    top = argparse.ArgumentParser(
        prog="python -m minutes", description="Meeting minutes: start a meeting, import wiki pages."
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    new = commands.add_parser("new", help="start today's (or --date's) meeting page of a series")
    new.add_argument("series", help="the series, e.g. dm-sst: the folder under minutes/")
    new.add_argument("--date", help="the meeting's date, YYYY-MM-DD (default: today)")
    new.add_argument("--title", help="the page's title (default: the latest meeting's)")
    new.set_defaults(run=command_new)
    imports = commands.add_parser("import", help="convert wiki pages to meeting pages")
    sources = imports.add_subparsers(dest="source", required=True, metavar="SOURCE")
    confluence = sources.add_parser(
        "confluence",
        help="Confluence pages: storage-format XHTML (or the REST API's JSON), or the wiki's text export",
    )
    confluence.add_argument("--series", required=True, help="the series to import into, e.g. dm-sst")
    confluence.add_argument(
        "--task-report",
        action="store_true",
        help="also turn each row of a page's task report into an action on a stub page of its meeting",
    )
    confluence.add_argument("--force", action="store_true", help="overwrite meeting pages that exist")
    confluence.add_argument("files", nargs="+", metavar="FILE", help="exported wiki pages")
    confluence.set_defaults(run=command_import)
    diff = commands.add_parser(
        "diff", help="what changed in actions, decisions and pages between two builds, in Markdown"
    )
    diff.add_argument("old", metavar="OLD", help="the older actions.json, or a built site's folder")
    diff.add_argument("new", metavar="NEW", help="the newer actions.json, or a built site's folder")
    diff.set_defaults(run=command_diff)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
