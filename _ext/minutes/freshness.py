"""Which pages to write again though not re-read, and whether generated files are current.

Listings, action states and navigation show what other pages decide; Sphinx re-reads only
the pages that changed. An ``env-get-updated`` handler names the pages whose output moved:
listing pages whose rows changed (a digest of ``rows.listing_rows``, what they draw), pages
whose actions' states or referenced actions changed elsewhere, and every page when the
navigation moved. Person pages and exports keep a stamp beside the doctrees.

The digests are pure functions of the view and the records, handed in by the handler
that owns the domain (``on_env_get_updated``); what the last build saw is kept in the
domain's data (``Stamps``), pickled with the environment.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .domain import Stamps, minutes_domain
from .rows import listing_rows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import Listing
    from .people import PeopleRegistry
    from .view import MinutesView, SiteRecords

LINENO = re.compile(r"l(?<!\wl)ineno=\d+")
r"""``\blineno=\d+``, spelled to start with its first letter: a pattern that starts with ``\b``
makes the regex engine try every position of the text, this one only the letters ``l``
(a digest's repr runs to megabytes on a big site, and this sub was most of its time)."""
RECORD_KINDS = ("meetings", "topics", "actions", "updates", "decisions")


def digest(value: object) -> str:
    """A stable hash of a repr, line numbers left out: they sort rows but never show, and
    text added above a record moves them."""
    return hashlib.sha1(LINENO.sub("", repr(value)).encode()).hexdigest()


def shown_elsewhere(view: MinutesView, docname: str, refs: Sequence[str]) -> str:
    """What a page shows that other pages decide: its actions' states, and the actions and
    decisions it references (``refs``)."""
    parts: list[object] = []
    for action in view.actions_on(docname):
        state = view.state_at(action.origin)
        if state is not None:
            # Each update as its history line shows it (linked by page and anchor, dated by its
            # meeting, with its note): its line numbers never show.
            history = [
                (u.origin.docname, u.anchor, u.meeting_date, u.status, u.due, u.owners, u.note) for u in state.history
            ]
            parts.append((state.status, state.due, state.owners, state.is_overdue(view.today), history))
    for target in refs:
        ref_state = view.states.get(target)
        decision = view.decisions.get(target)
        parts.append(
            (
                target,
                ref_state and (ref_state.action.description, ref_state.status, ref_state.action.origin.docname),
                decision and (decision.description, decision.origin.docname),
            )
        )
    return digest(parts)


def listings_shown(
    view: MinutesView, listings: Sequence[Listing], people: PeopleRegistry, pages: Callable[[str], bool]
) -> str:
    """The rows a page's listings show, as the listings draw them: an edit to one action
    rewrites the listing pages that show it and not the others."""
    parts: list[object] = [view.today]
    for listing in listings:
        parts += [listing, listing_rows(listing.kind, dict(listing.options), view, people, pages)]
        if listing.kind == "series-overview":
            # The due dates behind its overdue counts, in the page's head (reader.py).
            parts.append(sorted((s.action.series, s.due.isoformat()) for s in view.open_actions() if s.due))
    return digest(parts)


def page_records_digest(records: SiteRecords, docname: str) -> str | None:
    """What a page holds that listings, person pages and exports can show."""
    held = [getattr(records, kind).get(docname) for kind in RECORD_KINDS]
    return digest(held) if any(held) else None


def navigation_digest(titles: Mapping[str, str], found_docs: Collection[str]) -> str:
    """Titles and places of every page: when it moves, every page's navigation is stale."""
    return digest(sorted((d, titles.get(d, "")) for d in found_docs))


@dataclass(frozen=True)
class Site:
    """Everything the rewrite decision reads, handed in by ``on_env_get_updated``."""

    view: MinutesView
    people: PeopleRegistry
    people_stamp: object
    """people.yaml's modification time: a change to a name changes every listing."""
    listings: Mapping[str, Sequence[Listing]]
    action_refs: Mapping[str, Sequence[str]]
    found_docs: Collection[str]
    titles: Mapping[str, str]
    read: Collection[str]
    """The pages this build read or removed."""


def listed_digest(site: Site, stamps: Stamps) -> str:
    """Everything a listing can show, site-wide: every page's records (their digests are
    kept, and made again only for the pages this build read), today, the series titles and
    the people registry's stamp. While it stands still no listing page is written again: on
    a big site the action tables are most of an incremental build's time."""
    records = stamps.records
    for docname in site.read:
        page = page_records_digest(site.view.records, docname)
        if page is None:
            records.pop(docname, None)
        else:
            records[docname] = page
    series = [site.view.series_title(name) for name in site.view.series()]
    return digest((site.view.today, site.people_stamp, series, sorted(records.items())))


def refresh(table: dict[str, str], docnames: Collection[str], make: Callable[[str], str]) -> set[str]:
    """Digest each page again; the pages whose digest changed."""
    changed = set()
    for docname in sorted(docnames):
        value = make(docname)
        if table.get(docname) != value:
            table[docname] = value
            changed.add(docname)
    return changed


def pages_to_rewrite(site: Site, stamps: Stamps) -> list[str]:
    """Listing pages whose rows changed (today moves them too), pages whose shown actions
    changed elsewhere, every page when the navigation changed."""
    listings_moved = stamps.moved("listed", listed_digest(site, stamps))
    listing_pages = {d for d, kinds in site.listings.items() if kinds}
    listed = stamps.listings_shown
    pages = site.found_docs.__contains__
    rewrite = refresh(
        listed,
        listing_pages if listings_moved else listing_pages & set(site.read),
        lambda d: listings_shown(site.view, site.listings[d], site.people, pages),
    )
    for docname in set(listed) - listing_pages:
        del listed[docname]
    shown = stamps.shown
    showing = {d for d, actions in site.view.records.actions.items() if actions} | set(site.action_refs)
    # What a page shows from elsewhere can only have moved if something listed moved.
    rewrite |= refresh(
        shown,
        showing if listings_moved else showing & set(site.read),
        lambda d: shown_elsewhere(site.view, d, site.action_refs.get(d, ())),
    )
    for docname in set(shown) - showing:
        del shown[docname]
    if stamps.moved("navigation", navigation_digest(site.titles, site.found_docs)):
        rewrite = set(site.found_docs)
    return sorted(rewrite & set(site.found_docs))


REWRITTEN_ONLY: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()
"""Per environment, the pages this build writes again without reading them (``pages_to_rewrite``)."""
HELD_PARENTS: WeakKeyDictionary[BuildEnvironment, dict[str, set[str]]] = WeakKeyDictionary()
"""Per environment, what ``keep_parents_unwritten`` took out of ``files_to_rebuild`` for a while."""


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = minutes_domain(env)
    try:
        people_stamp: object = domain.people_path().stat().st_mtime_ns
    except OSError:
        people_stamp = None
    site = Site(
        view=domain.view,
        people=domain.people,
        people_stamp=people_stamp,
        listings=domain.pages.listings,
        action_refs=domain.pages.action_refs,
        found_docs=env.found_docs,
        titles={d: t.astext() for d, t in env.titles.items()},
        read=domain.take_touched(),
    )
    rewrite = pages_to_rewrite(site, domain.stamps)
    REWRITTEN_ONLY[env] = set(rewrite) - set(site.read)
    return rewrite


def keep_parents_unwritten(app: Sphinx, builder: object) -> None:
    """Sphinx writes the page whose toctree holds a page it writes, in case that page's title
    or sections moved. A page written again only for what it shows from elsewhere (a listing,
    an action's state) was not read again: its title and sections stood still, so its parent's
    output cannot change. Its entry of ``files_to_rebuild`` is set aside while Sphinx picks the
    pages to write (``write-started`` comes just before) and put back once writing starts: an
    action edit no longer writes "All meetings" because the series page above it lists the action.
    """
    env = app.env
    pages = REWRITTEN_ONLY.pop(env, set())
    held = {page: env.files_to_rebuild.pop(page) for page in sorted(pages) if page in env.files_to_rebuild}
    if held:
        HELD_PARENTS[env] = held


def put_parents_back(app: Sphinx, *args: object) -> None:
    """Give ``files_to_rebuild`` back what ``keep_parents_unwritten`` set aside (the environment
    was pickled before writing, so the saved one never lacked it)."""
    held = HELD_PARENTS.pop(app.env, None)
    for page, parents in (held or {}).items():
        app.env.files_to_rebuild.setdefault(page, set()).update(parents)


def remove_removed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Take a deleted page's output off the site: Sphinx leaves its HTML and its ``_sources``
    copy behind, and deleting a meeting is how an author takes back a page that said too much.
    Only files inside the output folder that a page of that name would have written."""
    builder = app.builder
    outfile = getattr(builder, "get_outfilename", None)
    if builder.format != "html" or outfile is None:
        return []
    outdir = Path(app.outdir).resolve()
    link_suffix = str(app.config.html_sourcelink_suffix or "")
    for docname in sorted(removed - env.found_docs):
        sources = [docname + suffix for suffix in app.config.source_suffix]
        sources = [name if name.endswith(link_suffix) else name + link_suffix for name in sources]
        for path in [Path(outfile(docname)), *(outdir / "_sources" / name for name in sources)]:
            path = path.resolve()
            if path.is_file() and path.is_relative_to(outdir):
                path.unlink()
                remove_empty_folders(path.parent, outdir)
    return []


def remove_build_info_backup(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx keeps the last build's ``.buildinfo`` as ``.buildinfo.bak`` in the output when
    the configuration changed: a file a clean build never writes, published with the site."""
    if app.builder.format == "html":
        Path(app.outdir, ".buildinfo.bak").unlink(missing_ok=True)


def remove_empty_folders(folder: Path, outdir: Path) -> None:
    """``folder`` and the folders above it, up to ``outdir``, while empty: a deleted series
    leaves no ``minutes/<series>/`` behind."""
    while folder != outdir and folder.is_relative_to(outdir) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# -- person pages and exports ----------------------------------------------------------------


def generated_output_is_current(app: Sphinx, name: str, outputs: list[Path]) -> bool:
    """Whether files made from the whole site (person pages, exports) can stay as they are.

    They are current when everything they can show stood still since they were last made:
    what listings show, the navigation, the configuration and the templates. Otherwise the
    caller makes them again and calls ``mark_generated_output``.
    """
    stamp = _stamp(app, name)
    return all(path.exists() for path in outputs) and stamp.is_file() and stamp.read_text() == _generated_digest(app)


def mark_generated_output(app: Sphinx, name: str) -> None:
    _stamp(app, name).write_text(_generated_digest(app))


def _stamp(app: Sphinx, name: str) -> Path:
    return Path(app.doctreedir) / f"minutes-{name}.digest"


def generated_pages_to_write(
    app: Sphinx, name: str, now: Mapping[str, str], outfile: Callable[[str], str | os.PathLike[str]]
) -> set[str]:
    """Of generated pages (page name -> the digest of what it shows, ``page_digests``), those
    whose output would change: what they show moved, or what every page shows (navigation,
    configuration, templates), or their file is missing. An action edit then writes its
    owners' pages, not everyone's. ``mark_generated_pages`` keeps the digests for the next build."""
    before = _kept_pages(app, name)
    return {page for page, value in now.items() if before.get(page) != value or not Path(outfile(page)).exists()}


def _kept_pages(app: Sphinx, name: str) -> dict[str, str]:
    """The generated pages the last build made (``mark_generated_pages``), with their digests."""
    try:
        before = json.loads(_stamp(app, f"{name}-pages").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return before if isinstance(before, dict) else {}


def remove_unmade_pages(
    app: Sphinx, name: str, pages: Collection[str], outfile: Callable[[str], str | os.PathLike[str]]
) -> None:
    """Take off the site the generated pages the last build made and this one does not: a
    person taken out of people.yaml (red team R46), as a deleted meeting's page is taken off
    (``remove_removed_pages``). Only files inside the output folder."""
    outdir = Path(app.outdir).resolve()
    for page in sorted(set(_kept_pages(app, name)) - set(pages)):
        path = Path(outfile(page)).resolve()
        if path.is_file() and path.is_relative_to(outdir):
            path.unlink()
            remove_empty_folders(path.parent, outdir)


def mark_generated_pages(app: Sphinx, name: str, now: Mapping[str, str]) -> None:
    _stamp(app, f"{name}-pages").write_text(json.dumps(now, sort_keys=True), encoding="utf-8")


def page_digests(app: Sphinx, shown: Mapping[str, object]) -> dict[str, str]:
    """Each generated page's digest (page name -> what it shows), with what every page shows."""
    common = _generated_digest(app, with_records=False)
    return {page: digest((common, value)) for page, value in shown.items()}


class OutputStamps:
    """Per-file digests of what each export was made from, kept beside the doctrees: an export
    whose inputs stood still is not made again (an action edit leaves the meetings' calendars
    and feeds, and other people's calendars, as they are)."""

    def __init__(self, app: Sphinx, name: str, common: object) -> None:
        self.path = _stamp(app, f"{name}-files")
        try:
            self.before: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}
        self.now: dict[str, str] = {}
        self.common = digest((_generated_digest(app, with_records=False), common))

    def stale(self, path: Path, key: str, inputs: object) -> bool:
        """Whether ``path`` must be made again; its digest is kept for the next build."""
        self.now[key] = digest((self.common, inputs))
        return self.before.get(key) != self.now[key] or not path.exists()

    def save(self) -> None:
        self.path.write_text(json.dumps(self.now, sort_keys=True), encoding="utf-8")


def _generated_digest(app: Sphinx, with_records: bool = True) -> str:
    domain = minutes_domain(app.env)
    build_info = getattr(app.builder, "build_info", None)
    templates = getattr(app.builder, "templates", None)
    parts = (
        domain.stamps.site.get("listed") if with_records else None,
        domain.stamps.site.get("navigation"),
        domain.source_digest,  # the person pages' dates (source.py)
        getattr(build_info, "config_hash", None),
        getattr(build_info, "tags_hash", None),
        templates.newest_template_mtime() if templates is not None else None,
        app.builder.name,
    )
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def setup_freshness(app: Sphinx) -> None:
    app.connect("env-get-outdated", remove_removed_pages)
    app.connect("build-finished", remove_build_info_backup)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("write-started", keep_parents_unwritten)
    app.connect("doctree-resolved", put_parents_back)
    app.connect("build-finished", put_parents_back)
