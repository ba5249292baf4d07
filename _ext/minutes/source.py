"""Where each page comes from and when it changed: the sidebar's "Source" and "Version".

As a ``*.lsst.io`` technote's sidebar does, every page built from a source file links its
file in the repository and opens the forge's editor on it ("Edit this page": how a
note-taker without a local clone starts a pull request), and shows when the file was
created and last changed. Generated pages (people) show the dates of the pages they draw
from. The repository comes from ``html_context`` (``source_repository``, ``source_branch``,
``source_directory``, or ``github_user``/``github_repo``/``github_version``, or the same
with ``gitlab_``) or from ``technote.toml``'s ``github_url`` and ``github_default_branch``.

Dates come from git, read once for the whole tree (``git log``, one process), never from
file times, so two builds of one commit write the same bytes; a build without history shows
no dates. A page is written again when its dates or hint change, not only its source.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from .domain import minutes_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import Meeting
    from .view import MinutesView

GIT_TIMEOUT = 120
STATE_FILE = "minutes-source.json"


@dataclass(frozen=True)
class Repository:
    """The site's sources on a forge: its address, branch and the site's folder in it."""

    url: str
    branch: str
    directory: str = ""
    """The folder of conf.py in the repository, ``""`` or ending in ``/``."""
    forge: str = "github"
    """``github`` or ``gitlab``: how the forge spells its view, edit and new-file addresses."""

    @property
    def label(self) -> str:
        """``owner/name``, as a technote's sidebar names its repository."""
        return urlsplit(self.url).path.strip("/").removesuffix(".git")

    def _address(self, verb: str, path: str) -> str:
        separator = "/-/" if self.forge == "gitlab" else "/"
        root = self.url.removesuffix(".git")
        return f"{root}{separator}{verb}/{quote(self.branch)}/{quote(self.directory + path)}"

    def view_url(self, path: str) -> str:
        return self._address("blob", path)

    def edit_url(self, path: str) -> str:
        return self._address("edit", path)

    def new_url(self, folder: str) -> str:
        return self._address("new", folder.rstrip("/") + "/")


def repository_from(context: dict[str, Any], toml: dict[str, Any], prefix: str) -> Repository | None:
    """The repository named in ``html_context`` or ``technote.toml``; None when neither names
    one at an https address. ``prefix`` (the site's folder as git sees it) is the default
    directory."""
    url, branch, forge = "", "", ""
    if context.get("source_repository"):
        url, branch = str(context["source_repository"]), str(context.get("source_branch") or "main")
        forge = str(context.get("source_forge") or "")
    elif context.get("github_user") and context.get("github_repo"):
        url = f"https://github.com/{context['github_user']}/{context['github_repo']}"
        branch, forge = str(context.get("github_version") or "main"), "github"
    elif context.get("gitlab_user") and context.get("gitlab_repo"):
        host = str(context.get("gitlab_url") or "https://gitlab.com").rstrip("/")
        url = f"{host}/{context['gitlab_user']}/{context['gitlab_repo']}"
        branch, forge = str(context.get("gitlab_version") or "main"), "gitlab"
    elif toml.get("github_url"):
        url, branch = str(toml["github_url"]), str(toml.get("github_default_branch") or "main")
    url = url.strip().rstrip("/")
    if not url.startswith("https://") or not urlsplit(url).hostname:
        return None
    if forge not in ("github", "gitlab"):
        forge = "gitlab" if "gitlab" in (urlsplit(url).hostname or "") else "github"
    # The site's folder: source_directory, else pydata's doc_path or Read the Docs' conf_py_path.
    folder = next((context[k] for k in ("source_directory", "doc_path", "conf_py_path") if k in context), prefix)
    directory = str(folder or "").strip("/")
    return Repository(url=url, branch=branch.strip(), directory=directory + "/" if directory else "", forge=forge)


def technote_table(confdir: Path) -> dict[str, Any]:
    """``[technote]`` of the site's technote.toml, or nothing when it has none."""
    try:
        return dict(tomllib.loads((confdir / "technote.toml").read_text(encoding="utf-8")).get("technote", {}))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


# -- dates from git --------------------------------------------------------------------------


@dataclass(frozen=True)
class FileDates:
    """ISO datetimes of the commits that created and last changed a file."""

    created: str | None
    updated: str | None


def git(srcdir: Path, *args: str) -> str | None:
    """git's output, or None where there is no git, no repository or no answer in time."""
    try:
        result = subprocess.run(
            ["git", "-C", str(srcdir), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def git_history(srcdir: Path) -> tuple[dict[str, FileDates], str]:
    """Every file's dates under ``srcdir`` (paths relative to it), and the site's folder in
    the repository. One ``git log`` for the whole tree; nothing without a repository."""
    head = git(srcdir, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if head is None:
        return {}, ""
    lines = head.splitlines()
    shallow, prefix = lines[0].strip() == "true", (lines[1].strip() if len(lines) > 1 else "")
    log = git(srcdir, "log", "--format=%x1e%cI%x1f%P", "--name-only", "-z", "--no-renames", "--relative", "--", ".")
    return parse_log(log or "", shallow), prefix


def parse_log(log: str, shallow: bool) -> dict[str, FileDates]:
    """``git log --format=%x1e%cI%x1f%P --name-only -z`` (newest first) -> dates per file.

    In a shallow clone the oldest commit fetched stands for all history before it: a date
    from that commit is not the file's, so it is left out.
    """
    created: dict[str, str | None] = {}
    updated: dict[str, str | None] = {}
    for record in log.split("\x1e"):
        header, _, names = record.partition("\0")
        if not header:
            continue
        date, _, parents = header.partition("\x1f")
        known = date.strip() if not (shallow and not parents.strip()) else None
        for name in names.split("\0"):
            name = name.strip("\n")
            if name:
                updated.setdefault(name, known)
                created[name] = known
    return {name: FileDates(created=created[name], updated=updated[name]) for name in updated}


# -- what each page shows --------------------------------------------------------------------


@dataclass
class SiteSource:
    """What the sidebar sections need, read once per build."""

    repository: Repository | None
    dates: dict[str, FileDates]
    people_file: str
    upcoming: dict[str, Meeting | None] = field(default_factory=dict)
    """Each series' next meeting (on or after today), found once per series."""
    pages: dict[tuple[str, bool], dict[str, Any]] = field(default_factory=dict)
    """What each page shows, found once per page."""

    files: dict[str, str] = field(default_factory=dict)
    """Each page's source file, found once per page: a person page's files name hundreds."""

    def file_of(self, env: BuildEnvironment, docname: str) -> str:
        if docname not in self.files:
            self.files[docname] = Path(os.path.relpath(env.doc2path(docname), env.srcdir)).as_posix()
        return self.files[docname]

    def dates_of(self, files: list[str]) -> FileDates:
        """The span of several files' dates: the first created, the last changed."""
        found = [self.dates[f] for f in files if f in self.dates]
        created = sorted(d.created for d in found if d.created)
        updated = sorted(d.updated for d in found if d.updated)
        return FileDates(created[0] if created else None, updated[-1] if updated else None)


def site_source(app: Sphinx) -> SiteSource:
    """The build's SiteSource, read at the first page that needs it (then kept on the domain,
    which forked writers inherit)."""
    domain = minutes_domain(app.env)
    found = domain.site_source
    if found is None:
        srcdir = Path(app.srcdir)
        dates, prefix = git_history(srcdir)
        repository = repository_from(app.config.html_context, technote_table(Path(app.confdir)), prefix)
        people = Path(os.path.relpath(Path(app.srcdir, domain.settings.people), app.srcdir)).as_posix()
        found = SiteSource(repository=repository, dates=dates, people_file=people)
        domain.site_source = found
    return found


def generated_page_files(view: MinutesView, source: SiteSource, env: BuildEnvironment, pagename: str) -> list[str]:
    """The source files a generated page draws from: a person's meetings, actions and
    decisions, or every meeting for the people index; people.yaml for both."""
    person = pagename.removeprefix("people/")
    if person == "index":
        docnames = set(view.meetings)
    else:
        states = [*view.open_actions(owner=person), *view.closed_actions(person)]
        docnames = {m.docname for m, _ in view.meetings_with(person)}
        docnames |= {s.action.origin.docname for s in states}
        docnames |= {u.origin.docname for s in states for u in s.history}
        docnames |= {d.origin.docname for d, _ in view.decisions_led_by(person)}
    return [source.people_file, *(source.file_of(env, d) for d in sorted(docnames) if d in env.found_docs)]


@dataclass(frozen=True)
class NextMeeting:
    """Where a change to an action is proposed: the series' next meeting (never this page)."""

    series: str
    date: str | None
    """The next meeting's date when its page exists, else None: it is to be started."""
    href: str | None


def next_meeting(app: Sphinx, source: SiteSource, pagename: str) -> NextMeeting | None:
    """For a meeting page, the first meeting of its series dated on or after today."""
    domain = minutes_domain(app.env)
    view = domain.view
    meeting = view.meeting_of(pagename)
    if meeting is None:
        return None
    if meeting.series not in source.upcoming:
        upcoming = [m for m in view.meetings_newest_first(meeting.series) if m.date and m.date >= view.today]
        source.upcoming[meeting.series] = upcoming[-1] if upcoming else None
    target = source.upcoming[meeting.series]
    repo = source.repository
    if target is not None:
        href = repo.edit_url(source.file_of(app.env, target.docname)) if repo else None
        return NextMeeting(meeting.series, target.date.isoformat() if target.date else None, href)
    folder = Path(source.file_of(app.env, pagename)).parent.as_posix()
    return NextMeeting(meeting.series, None, repo.new_url(folder) if repo else None)


def page_state(app: Sphinx, pagename: str, generated: bool) -> dict[str, Any]:
    """Everything the Source and Version sections show for a page (hrefs site-absolute)."""
    source = site_source(app)
    if (pagename, generated) not in source.pages:
        source.pages[pagename, generated] = find_page_state(app, source, pagename, generated)
    return source.pages[pagename, generated]


def find_page_state(app: Sphinx, source: SiteSource, pagename: str, generated: bool) -> dict[str, Any]:
    env = app.env
    domain = minutes_domain(env)
    state: dict[str, Any] = {}
    if generated:
        dates = source.dates_of(generated_page_files(domain.view, source, env, pagename))
    else:
        path = source.file_of(env, pagename)
        dates = source.dates.get(path, FileDates(None, None))
        if source.repository is not None:
            repo = source.repository
            state["source"] = {
                "repository": repo.url,
                "label": repo.label,
                "branch": repo.branch,
                "view": repo.view_url(path),
                "edit": repo.edit_url(path),
                "path": repo.directory + path,
                "forge": repo.forge,
            }
        hint = next_meeting(app, source, pagename)
        if hint is not None:
            state["next_meeting"] = hint.__dict__
    if dates.updated:
        state["updated"] = dates.updated
    if dates.created:
        state["created"] = dates.created
    return state


def source_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``minutes_page_source`` for the sidebar template, on pages built from a source file
    and on person pages (dates only)."""
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    generated = doctree is None and pagename.startswith("people/")
    if doctree is None and not generated:
        return
    context["minutes_page_source"] = page_state(app, pagename, generated)


def pages_with_new_state(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose Source or Version changed since the last build though their file did not
    (a commit, a new upcoming meeting): written again, so an incremental build equals a clean one."""
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return []
    domain = minutes_domain(env)
    domain.site_source = None  # a new build: git may have moved
    states = {docname: page_state(app, docname, False) for docname in sorted(env.found_docs)}
    people = [f"people/{p}" for p in sorted(domain.people.people)] + ["people/index"]
    generated = {name: page_state(app, name, True) for name in people}
    domain.source_digest = hashlib.sha1(json.dumps(generated, sort_keys=True).encode()).hexdigest()
    path = Path(app.doctreedir, STATE_FILE)
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    path.write_text(json.dumps(states, sort_keys=True), encoding="utf-8")
    return [d for d, state in states.items() if before.get(d, state) != state]


def setup_source(app: Sphinx) -> None:
    app.connect("html-page-context", source_context)
    app.connect("env-get-updated", pages_with_new_state)
