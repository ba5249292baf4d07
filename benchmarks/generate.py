"""Synthetic minutes sites for the benchmark, deterministic from a seed.

One content model (series, meetings, topics, actions, updates, decisions, people) is
written out as four sites that show the same text:

- ``floor``: plain MyST. Directives become ordinary Markdown, and the listing pages hold
  the same tables written out by hand: what a site without the extension costs.
- ``site``: this repository's format (FORMAT.md), conf.py, extension and templates.
- ``needs``: the actions as sphinx-needs needs, listed by ``needtable``.
- ``todo``: the actions as ``sphinx.ext.todo`` todos, listed by ``todolist``.

Files are written only when their text changes, so an edit of the model (``prose_edit``,
``action_edit``) touches exactly the source files a note-taker would touch.

    python benchmarks/generate.py --meetings 100 --variant site DEST
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VARIANTS = ("floor", "site", "needs", "todo", "bare", "site-pydata")
PYDATA = 'html_theme = "pydata_sphinx_theme"\nhtml_theme_options = {}\nminutes_rubin_branding = False\n'
"""The bare floor and the site it is measured against share a theme (issue 15): pydata's."""

FIRST = (
    "Leanne Eli Yusra Colin Jim Hsin-Fang Eric Keith Gregory Melissa Robert Tim Wil Frossie Kian-Tat "
    "Gabriele Ian Lynne Zeljko Andy Jeff Krzysztof Merlin Tiago Ranpal Fritz Cristián Dominique Kevin "
    "Meredith"
).split()
LAST = (
    "Guy Rykoff AlSayyad Slater Bosch Chiang Bellm Bechtol Dubois-Felsmann Graham Lupton Jenness "
    "O'Mullane Economou Lim Comoretto Sullivan Jones Ivezic Connolly Carlin Findeisen Fisher Ribeiro "
    "Gill Stahl Reyes Boutigny Fanning Rawls"
).split()
SERIES = (
    ("dm-sst", "DM-SST", "DM-SST Agenda and Meeting notes"),
    ("dmlt", "DM Leadership Team", "DMLT monthly"),
    ("dm-ccb", "DM Change Control Board", "DM-CCB meeting"),
    ("sst-algorithms", "SST algorithms", "Algorithms working group"),
    ("middleware", "Middleware", "Middleware weekly"),
    ("alert-production", "Alert production", "AP status meeting"),
    ("rsp", "Rubin Science Platform", "RSP coordination"),
    ("data-release", "Data release production", "DRP weekly"),
    ("commissioning", "Commissioning", "Commissioning science"),
    ("camera", "Camera interface", "Camera-DM interface"),
    ("archive", "Archive", "Archive and data access"),
    ("pipelines", "Science pipelines", "Pipelines sprint review"),
)
WORDS = (
    "the schedule pipeline butler camera brokers alert schema release calibration template "
    "coadd photometry astrometry survey processing milestone review document ticket middleware "
    "database query latency budget plan data products science platform deployment test "
    "verification commissioning performance storage catalog image difference forced source "
    "object model metric report"
).split()
VERBS = (
    "Review",
    "Draft",
    "Update",
    "Write",
    "Check",
    "Schedule",
    "Prepare",
    "Summarise",
    "Circulate",
    "Follow up on",
    "Ask about",
    "Document",
    "Benchmark",
    "Estimate",
    "Propose",
    "Fix",
    "Test",
    "Present",
)
TOPICS = (
    "Task review",
    "Project news",
    "Alert production status",
    "Middleware",
    "Science pipelines",
    "Data preview",
    "Commissioning plans",
    "Calibration",
    "Documentation",
    "Any other business",
    "Schedule",
    "Community engagement",
)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    initials: str


@dataclass(frozen=True)
class Action:
    id: str
    description: str
    owners: tuple[str, ...]
    due: dt.date | None
    status: str
    body: str


@dataclass(frozen=True)
class Update:
    action_id: str
    status: str | None
    due: dt.date | None
    note: str


@dataclass(frozen=True)
class Decision:
    id: str
    description: str
    body: str


@dataclass(frozen=True)
class Topic:
    title: str
    time: str
    lead: str
    prose: tuple[str, ...]
    actions: tuple[Action, ...]
    updates: tuple[Update, ...]
    decisions: tuple[Decision, ...]

    @property
    def anchor(self) -> str:
        return "-".join(self.title.lower().split())


@dataclass(frozen=True)
class Meeting:
    series: str
    date: dt.date
    participants: tuple[str, ...]
    moderator: str
    notetaker: str
    topics: tuple[Topic, ...]

    @property
    def docname(self) -> str:
        return f"minutes/{self.series}/{self.date.isoformat()}"

    @property
    def title(self) -> str:
        return SERIES_BY_ID[self.series][2]

    def actions(self) -> list[Action]:
        return [a for t in self.topics for a in t.actions]


SERIES_BY_ID = {s[0]: s for s in SERIES}


@dataclass(frozen=True)
class Content:
    people: tuple[Person, ...]
    series: tuple[str, ...]
    meetings: tuple[Meeting, ...]
    today: dt.date
    """The sites' "today" (minutes_today): a week after the last meeting, so overdue marks repeat."""

    def person(self, pid: str) -> Person:
        return next(p for p in self.people if p.id == pid)


@dataclass(frozen=True)
class State:
    """An action after the updates of later meetings: what listings show."""

    action: Action
    meeting: Meeting
    status: str
    due: dt.date | None
    owners: tuple[str, ...]


# -- the content model ---------------------------------------------------------------------


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_content(meetings: int, seed: int = 1, per_meeting: tuple[int, int] = (3, 6)) -> Content:
    """N meetings across several series, 3-6 actions (or ``per_meeting``) and 1-2 updates each,
    from ``seed``."""
    rng = random.Random(seed)
    people = []
    for i in range(40):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        pid = (first[0] + last).lower().replace("'", "").replace("-", "") + (str(i) if i >= len(FIRST) else "")
        # A second person of the same first and last name gets a middle initial: people.yaml
        # warns about a name or initials two people share.
        middle = f"{chr(ord('A') + i // len(FIRST) - 1)}" if i >= len(FIRST) else ""
        name = f"{first} {middle}. {last}" if middle else f"{first} {last}"
        people.append(Person(pid, name, first[0] + middle + last[0]))
    ids = [p.id for p in people]
    n_series = min(len(SERIES), max(3, meetings // 250))
    series = tuple(s[0] for s in SERIES[:n_series])
    start = dt.date(2016, 1, 4)
    per_series: dict[str, int] = {s: 0 for s in series}
    made: list[Meeting] = []
    open_by_series: dict[str, list[tuple[str, dt.date]]] = {s: [] for s in series}
    for i in range(meetings):
        sid = series[i % n_series]
        date = start + dt.timedelta(days=7 * per_series[sid] + series.index(sid))
        per_series[sid] += 1
        participants = tuple(rng.sample(ids, rng.randint(5, 10)))
        n_topics = rng.randint(2, 4)
        n_actions = rng.randint(*per_meeting)
        n_updates = rng.randint(1, 2)
        stem = date.isoformat()
        action_no = 0
        decision_no = 0
        topics = []
        titles = rng.sample(TOPICS, n_topics)
        for t, title in enumerate(titles):
            actions = []
            for _ in range(n_actions // n_topics + (1 if t < n_actions % n_topics else 0)):
                action_no += 1
                aid = f"{sid}-{stem}-{action_no}"
                due = date + dt.timedelta(days=7 * rng.randint(1, 8)) if rng.random() < 0.8 else None
                desc = f"{rng.choice(VERBS)} the {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(WORDS)}"
                body = sentence(rng) if rng.random() < 0.3 else ""
                actions.append(
                    Action(aid, desc, tuple(rng.sample(participants, rng.choice((1, 1, 2)))), due, "open", body)
                )
            updates = []
            if t == 0:
                candidates = open_by_series[sid][-12:]
                for aid, _ in rng.sample(candidates, min(n_updates, len(candidates))):
                    roll = rng.random()
                    status = "done" if roll < 0.6 else "dropped" if roll < 0.7 else None
                    due = None if status else date + dt.timedelta(days=7 * rng.randint(1, 6))
                    updates.append(Update(aid, status, due, sentence(rng, 6, 14)))
                    if status:
                        open_by_series[sid] = [o for o in open_by_series[sid] if o[0] != aid]
            decisions = []
            if rng.random() < 0.25:
                decision_no += 1
                decisions.append(
                    Decision(
                        f"{sid}-{stem}-d{decision_no}",
                        f"Adopt the {rng.choice(WORDS)} {rng.choice(WORDS)} plan",
                        sentence(rng),
                    )
                )
            hour = 9 + t
            prose = tuple(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(1, 3)))
            topics.append(
                Topic(
                    title,
                    f"{hour:02d}:00-{hour:02d}:45",
                    rng.choice(participants),
                    prose,
                    tuple(actions),
                    tuple(updates),
                    tuple(decisions),
                )
            )
            open_by_series[sid].extend((a.id, date) for a in actions)
        made.append(Meeting(sid, date, participants, participants[0], participants[-1], tuple(topics)))
    return Content(tuple(people), series, tuple(made), max(m.date for m in made) + dt.timedelta(days=7))


_STATES: dict[int, tuple[Content, dict[str, State]]] = {}


def states(content: Content) -> dict[str, State]:
    """Each action's state after its updates, latest meeting wins (as the extension does)."""
    cached = _STATES.get(id(content))
    if cached is not None and cached[0] is content:
        return cached[1]
    result: dict[str, State] = {}
    for meeting in sorted(content.meetings, key=lambda m: m.date):
        for topic in meeting.topics:
            for update in topic.updates:
                old = result.get(update.action_id)
                if old is not None:
                    result[update.action_id] = dataclasses.replace(
                        old, status=update.status or old.status, due=update.due or old.due
                    )
            for action in topic.actions:
                result[action.id] = State(action, meeting, action.status, action.due, action.owners)
    _STATES[id(content)] = (content, result)
    return result


def middle_meeting(content: Content) -> Meeting:
    return content.meetings[len(content.meetings) // 2]


def prose_edit(content: Content) -> Content:
    """One meeting's notes gain a sentence: no action, title or listing changes."""
    meeting = middle_meeting(content)
    topic = meeting.topics[-1]
    edited = dataclasses.replace(topic, prose=topic.prose + ("A late correction was added to these notes.",))
    return replace_meeting(content, meeting, dataclasses.replace(meeting, topics=meeting.topics[:-1] + (edited,)))


def action_edit(content: Content) -> Content:
    """One open action, never updated later, is marked done in its own meeting."""
    updated = {u.action_id for m in content.meetings for t in m.topics for u in t.updates}
    meeting = middle_meeting(content)
    for i, topic in enumerate(meeting.topics):
        for j, action in enumerate(topic.actions):
            if action.id not in updated:
                done = dataclasses.replace(action, status="done")
                topic = dataclasses.replace(topic, actions=topic.actions[:j] + (done,) + topic.actions[j + 1 :])
                topics = meeting.topics[:i] + (topic,) + meeting.topics[i + 1 :]
                return replace_meeting(content, meeting, dataclasses.replace(meeting, topics=topics))
    raise ValueError("the middle meeting has no action without updates")


def replace_meeting(content: Content, old: Meeting, new: Meeting) -> Content:
    return dataclasses.replace(content, meetings=tuple(new if m is old else m for m in content.meetings))


# -- shared pieces -----------------------------------------------------------------------------


def people_yaml(content: Content) -> str:
    lines = ["# Generated for the benchmark."]
    for p in content.people:
        lines += [f"{p.id}:", f"  name: {p.name}", f"  initials: {p.initials}"]
    return "\n".join(lines) + "\n"


def names(content: Content, ids: tuple[str, ...]) -> str:
    return ", ".join(content.person(i).name for i in ids)


def series_title(sid: str) -> str:
    return SERIES_BY_ID[sid][1]


def series_meetings(content: Content, sid: str) -> list[Meeting]:
    return sorted((m for m in content.meetings if m.series == sid), key=lambda m: m.date, reverse=True)


def toctree(entries: list[str], hidden: bool = True, glob: bool = False, reversed_: bool = False) -> str:
    opts = [":hidden:"] if hidden else [":maxdepth: 1"]
    if glob:
        opts.append(":glob:")
    if reversed_:
        opts.append(":reversed:")
    return "```{toctree}\n" + "\n".join(opts) + "\n\n" + "\n".join(entries) + "\n```\n"


def relative(fromdoc: str, todoc: str) -> str:
    """A Markdown link target from one page to another page's source."""
    up = fromdoc.count("/")
    return "../" * up + todoc + ".md"


# -- the floor: plain MyST, the same text ----------------------------------------------------


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "No actions to show.\n"
    lines = [md_row(headers), md_row(["---"] * len(headers))] + [md_row(r) for r in rows]
    return "\n".join(lines) + "\n"


def floor_action_rows(content: Content, fromdoc: str, chosen: list[State]) -> list[list[str]]:
    rows = []
    for s in chosen:
        badge = "" if s.status == "open" else f"*{s.status}* "
        overdue = " **overdue**" if s.status == "open" and s.due and s.due < content.today else ""
        link = relative(fromdoc, s.meeting.docname)
        rows.append(
            [
                f"{badge}[{s.action.description}]({link}#{s.action.id})",
                (s.due.isoformat() if s.due else "") + overdue,
                names(content, s.owners),
                f"[{s.meeting.title} {s.meeting.date.isoformat()}]({link}#{s.action.id})",
            ]
        )
    return rows


def action_order(s: State) -> tuple:
    return (s.due is None, s.due or dt.date.min, s.meeting.date, s.action.id)


def chosen_states(
    content: Content, status: str | None = "open", series: str | None = None, overdue: bool = False
) -> list[State]:
    found = [
        s
        for s in states(content).values()
        if (status is None or s.status == status)
        and (series is None or s.meeting.series == series)
        and (not overdue or (s.status == "open" and s.due is not None and s.due < content.today))
    ]
    return sorted(found, key=action_order)


def floor_action_table(content: Content, fromdoc: str, chosen: list[State], by_owner: bool = False) -> str:
    headers = ["Description", "Due date", "Assignee", "Task appears on"]
    if not by_owner:
        return md_table(headers, floor_action_rows(content, fromdoc, chosen))
    parts = []
    owners = sorted({o for s in chosen for o in s.owners}, key=lambda o: content.person(o).name.casefold())
    for owner in owners:
        mine = [s for s in chosen if owner in s.owners]
        parts.append(
            f"**{content.person(owner).name}**\n\n" + md_table(headers, floor_action_rows(content, fromdoc, mine))
        )
    return "\n".join(parts) or "No actions to show.\n"


def floor_meeting_table(content: Content, fromdoc: str, meetings: list[Meeting]) -> str:
    st = states(content)
    rows = []
    for m in meetings:
        actions = m.actions()
        n_open = sum(1 for a in actions if st[a.id].status == "open")
        n_dec = sum(len(t.decisions) for t in m.topics)
        rows.append(
            [
                m.date.isoformat(),
                f"[{m.title}]({relative(fromdoc, m.docname)})",
                f"{len(actions)} ({n_open} open)" if actions else "",
                str(n_dec) if n_dec else "",
            ]
        )
    return md_table(["Date", "Meeting", "Actions", "Decisions"], rows)


def floor_meeting(content: Content, m: Meeting) -> str:
    out = [f"# {m.title}", "", f"[{series_title(m.series)}](index.md)", ""]
    out += [
        f"**Date:** {m.date.isoformat()}  ",
        "**Time:** 09:00-10:00 (America/Los_Angeles)  ",
        "**Location:** Zoom (link in the calendar invitation)  ",
        f"**Participants:** {names(content, m.participants)}  ",
        f"**Moderator:** {content.person(m.moderator).name} · **Notetaker:** {content.person(m.notetaker).name}",
        "",
        "**Agenda**",
        "",
        md_table(
            ["Time (America/Los_Angeles)", "Topic", "Lead"],
            [
                [t.time.replace("-", "\u2013"), f"[{t.title}](#{t.anchor})", content.person(t.lead).name]
                for t in m.topics
            ],
        ),
    ]
    for t in m.topics:
        out += [f"## {t.title}", "", f"*{t.time}* · Lead: {content.person(t.lead).name}", ""]
        for u in t.updates:
            parts = [f"status *{u.status}*" if u.status else "", f"due {u.due.isoformat()}" if u.due else ""]
            out += [f"**Update of `{u.action_id}`:** " + "; ".join(p for p in parts if p) + f" \u2014 {u.note}", ""]
        out += [p + "\n" for p in t.prose]
        for a in t.actions:
            due = f" · Due: {a.due.isoformat()}" if a.due else ""
            out += [
                f"({a.id})=",
                f"**Action:** {a.description} *{a.status}*  ",
                f"Owner: {names(content, a.owners)}{due} · `{a.id}`",
                "",
            ]
            if a.body:
                out += [a.body, ""]
        for d in t.decisions:
            out += [f"({d.id})=", f"**Decision:** {d.description}", "", d.body, ""]
    return "\n".join(out) + "\n"


def floor_pages(content: Content) -> dict[str, str]:
    pages = {f"{m.docname}.md": floor_meeting(content, m) for m in content.meetings}
    pages.update(listing_pages(content, "floor"))
    return pages


# -- the listing pages, in each variant's words -------------------------------------------------


def listing_pages(content: Content, variant: str) -> dict[str, str]:
    """index.md, minutes/index.md, series indexes, actions/index.md, actions/closed.md."""
    pages: dict[str, str] = {}
    floor_like = variant in ("floor", "needs", "todo")
    st_open = chosen_states(content)

    def overview(page: str) -> str:
        """The series overview, a directive or written out as seen from ``page``."""
        if not floor_like:
            return "```{series-overview}\n:limit: 3\n```\n"
        overdue = [s for s in st_open if s.due and s.due < content.today]
        rows = []
        for sid in content.series:
            latest = ", ".join(
                f"[{m.date.isoformat()}]({relative(page, m.docname)})" for m in series_meetings(content, sid)[:3]
            )
            mine = [s for s in st_open if s.meeting.series == sid]
            rows.append(
                [
                    f"[{series_title(sid)}]({relative(page, f'minutes/{sid}/index')})",
                    latest,
                    str(len(mine)),
                    str(sum(1 for s in mine if s.due and s.due < content.today)),
                ]
            )
        return (
            f"**{len(st_open)}** [open actions]({relative(page, 'actions/index')}), {len(overdue)} overdue as of "
            f"{content.today.isoformat()}.\n\n"
            + md_table(["Series", "Latest meetings", "Open actions", "Overdue"], rows)
        )

    overdue_table = (
        "```{action-table}\n:overdue:\n```\n"
        if not floor_like
        else floor_action_table(content, "index", chosen_states(content, overdue=True))
    )
    pages["index.md"] = (
        "# Meeting minutes\n\nMinutes of the teams: agendas, running notes, decisions and actions.\n\n"
        + overview("index")
        + "\n## Overdue actions\n\n"
        + overdue_table
        + "\n"
        # The flat toctree of the example site: every series at the top by a glob.
        + toctree(["minutes/index", "minutes/*/index", "actions/index", "actions/closed"], glob=True)
    )

    latest = series_meetings_all(content)[:10]
    pages["minutes/index.md"] = (
        "# All meetings\n\n"
        + overview("minutes/index")
        + "\n## Latest meetings\n\n"
        + (
            "```{meeting-list}\n:limit: 10\n```\n"
            if variant == "site"
            else floor_meeting_table(content, "minutes/index", latest)
        )
    )
    for sid in content.series:
        doc = f"minutes/{sid}/index"
        if variant == "site":
            listing = (
                f"```{{meeting-list}}\n:series: {sid}\n```\n\n## Open actions of this series\n\n"
                f"```{{action-table}}\n:series: {sid}\n:group-by: owner\n```\n"
            )
        else:
            mine = [s for s in st_open if s.meeting.series == sid]
            table = (
                f"```{{needtable}}\n:filter: status == 'open' and '{sid}' in tags\n"
                ":columns: id, title, due, owner, status\n```\n"
                if variant == "needs"
                else floor_action_table(content, doc, mine, by_owner=True)
            )
            listing = (
                floor_meeting_table(content, doc, series_meetings(content, sid))
                + "\n## Open actions of this series\n\n"
                + table
            )
        pages[f"{doc}.md"] = (
            f"# {series_title(sid)}\n\nThe {series_title(sid)} meets weekly.\n\n"
            + listing
            + "\n"
            + toctree(["20*"], glob=True, reversed_=True)
        )

    # One table, as the example site's task report: the owner filter and each person's page
    # give the actions by owner (a second, grouped copy doubled the page).
    intro = (
        "# Open actions\n\nEvery open action from every meeting, soonest due first: the task report.\n\n"
        "One person's actions are on their page, or filter this table by owner.\n\n"
    )
    closed_intro = "# Closed actions\n\nActions marked done, then those dropped.\n\n"
    if variant == "site":
        pages["actions/index.md"] = intro + "```{action-table}\n:status: open\n```\n"
        pages["actions/closed.md"] = (
            closed_intro + "```{action-table}\n:status: done\n```\n\n## Dropped\n\n"
            "```{action-table}\n:status: dropped\n```\n"
        )
    elif variant == "needs":
        cols = ":columns: id, title, due, owner, status\n:style: table\n"
        pages["actions/index.md"] = intro + f"```{{needtable}}\n:status: open\n{cols}:sort: due\n```\n"
        pages["actions/closed.md"] = (
            closed_intro + f"```{{needtable}}\n:status: done\n{cols}```\n\n## Dropped\n\n"
            f"```{{needtable}}\n:status: dropped\n{cols}```\n"
        )
    elif variant == "todo":
        pages["actions/index.md"] = intro + "```{todolist}\n```\n"
        pages["actions/closed.md"] = closed_intro + floor_closed(content)
    else:
        pages["actions/index.md"] = intro + floor_action_table(content, "actions/index", st_open)
        pages["actions/closed.md"] = closed_intro + floor_closed(content)
    return pages


def floor_closed(content: Content) -> str:
    return (
        floor_action_table(content, "actions/closed", chosen_states(content, "done"))
        + "\n## Dropped\n\n"
        + floor_action_table(content, "actions/closed", chosen_states(content, "dropped"))
    )


def series_meetings_all(content: Content) -> list[Meeting]:
    return sorted(content.meetings, key=lambda m: (m.date, m.docname), reverse=True)


# -- this project's format --------------------------------------------------------------------


def site_meeting(content: Content, m: Meeting) -> str:
    out = [
        f"# {m.title}",
        "",
        "```{meeting}",
        f":date: {m.date.isoformat()}",
        ":time: 09:00-10:00",
        ":location: Zoom (link in the calendar invitation)",
        f":participants: {', '.join(m.participants)}",
        f":moderator: {m.moderator}",
        f":notetaker: {m.notetaker}",
        "```",
        "",
    ]
    for t in m.topics:
        out += [f"::::{{topic}} {t.title}", f":time: {t.time}", f":lead: {t.lead}", ""]
        for u in t.updates:
            out += [f":::{{action-update}} {u.action_id}"]
            out += [f":status: {u.status}"] if u.status else []
            out += [f":due: {u.due.isoformat()}"] if u.due else []
            out += [u.note, ":::", ""]
        out += [p + "\n" for p in t.prose]
        for a in t.actions:
            out += [f":::{{action}} {a.description}", f":owner: {', '.join(a.owners)}"]
            out += [f":due: {a.due.isoformat()}"] if a.due else []
            out += [f":status: {a.status}"] if a.status != "open" else []
            out += ([a.body] if a.body else []) + [":::", ""]
        for d in t.decisions:
            out += [f":::{{decision}} {d.description}", d.body, ":::", ""]
        out += ["::::", ""]
    return "\n".join(out)


def site_pages(content: Content) -> dict[str, str]:
    pages = {f"{m.docname}.md": site_meeting(content, m) for m in content.meetings}
    pages.update(listing_pages(content, "site"))
    return pages


# -- the peers ------------------------------------------------------------------------------------


def needs_meeting(content: Content, m: Meeting) -> str:
    """The floor's page with each action a need. A need has no later updates: its own
    status is edited, so the need shows the state that the listings show."""
    st = states(content)
    text = floor_meeting(content, m)
    for a in m.actions():
        s = st[a.id]
        due = f" · Due: {a.due.isoformat()}" if a.due else ""
        plain = (
            f"({a.id})=\n**Action:** {a.description} *{a.status}*  \n"
            f"Owner: {names(content, a.owners)}{due} · `{a.id}`\n"
        )
        need = [
            f"({a.id})=",
            f":::{{action}} {a.description}",
            f":id: {a.id}",
            f":status: {s.status}",
            f":tags: {m.series}",
            f":owner: {', '.join(s.owners)}",
        ]
        need += [f":due: {s.due.isoformat()}"] if s.due else []
        need += ([a.body] if a.body else []) + [":::"]
        text = text.replace(plain + ("\n" + a.body + "\n" if a.body else ""), "\n".join(need) + "\n")
    return text


def todo_meeting(content: Content, m: Meeting) -> str:
    """The floor's page with each action a todo (description, owner, due, status as text)."""
    text = floor_meeting(content, m)
    for a in m.actions():
        due = f" · Due: {a.due.isoformat()}" if a.due else ""
        plain = (
            f"({a.id})=\n**Action:** {a.description} *{a.status}*  \n"
            f"Owner: {names(content, a.owners)}{due} · `{a.id}`\n"
        )
        todo = (
            f"({a.id})=\n:::{{todo}}\n**{a.description}** *{a.status}*  \n"
            f"Owner: {names(content, a.owners)}{due} · `{a.id}`\n:::\n"
        )
        text = text.replace(plain, todo)
    return text


def needs_pages(content: Content) -> dict[str, str]:
    pages = {f"{m.docname}.md": needs_meeting(content, m) for m in content.meetings}
    pages.update(listing_pages(content, "needs"))
    return pages


def todo_pages(content: Content) -> dict[str, str]:
    pages = {f"{m.docname}.md": todo_meeting(content, m) for m in content.meetings}
    pages.update(listing_pages(content, "todo"))
    return pages


def bare_pages(content: Content) -> dict[str, str]:
    """The bare floor: the same meetings as plain MyST, reachable from a toctree per series,
    and nothing else: no listing pages, no person pages (issue 15)."""
    pages = {f"{m.docname}.md": floor_meeting(content, m) for m in content.meetings}
    pages["index.md"] = "# Meeting minutes\n\nMinutes of the teams.\n\n" + toctree(
        [f"minutes/{s}/index" for s in content.series]
    )
    for sid in content.series:
        pages[f"minutes/{sid}/index.md"] = (
            f"# {series_title(sid)}\n\nThe {series_title(sid)} meets weekly.\n\n"
            + toctree(["20*"], glob=True, reversed_=True)
        )
    return pages


PEER_CONF = {
    "floor": 'extensions = [e for e in extensions if e != "minutes"]\n',
    # benchmarks/.venv has the site's pins, not the package: the copied _ext/ is the extension
    "site": 'import sys\nsys.path.insert(0, str(HERE / "_ext"))\n',
    "needs": (
        'extensions = [e for e in extensions if e != "minutes"] + ["sphinx_needs"]\n'
        'needs_types = [dict(directive="action", title="Action", prefix="A_", color="#BFD8D2", style="node")]\n'
        'needs_fields = {"owner": {"nullable": True}, "due": {"nullable": True}}\n'
        'needs_id_regex = r"^[a-z0-9][a-z0-9-]*"\n'
        "needs_build_json = False\n"
    ),
    "todo": (
        'extensions = [e for e in extensions if e != "minutes"] + ["sphinx.ext.todo"]\ntodo_include_todos = True\n'
    ),
    "bare": 'extensions = [e for e in extensions if e != "minutes"]\n' + PYDATA,
    "site-pydata": 'import sys\nsys.path.insert(0, str(HERE / "_ext"))\n' + PYDATA,
}
PAGES = {
    "floor": floor_pages,
    "site": site_pages,
    "needs": needs_pages,
    "todo": todo_pages,
    "bare": bare_pages,
    "site-pydata": site_pages,
}


def site_files(content: Content, variant: str) -> dict[str, str]:
    """Every source file of a variant: conf.py, people.yaml and the pages."""
    conf = (
        REPO / "conf.py"
    ).read_text() + f"\n# benchmark variant: {variant}\nminutes_today = {content.today.isoformat()!r}\n"
    files = {"conf.py": conf + PEER_CONF[variant], "people.yaml": people_yaml(content)}
    files.update(PAGES[variant](content))
    return files


def sync(source: Path, dest: Path) -> None:
    """Copy a file or folder of the repository, writing only files that differ, so a
    site made earlier builds with the extension as it is now."""
    if source.is_dir():
        for path in source.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                sync(path, dest / path.relative_to(source))
    elif source.exists() and (not dest.exists() or dest.read_bytes() != source.read_bytes()):
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)


def write_site(content: Content, variant: str, dest: Path) -> list[str]:
    """Write a variant into ``dest``; only files whose text changed are written (and
    returned), so the build sees exactly the edit."""
    dest.mkdir(parents=True, exist_ok=True)
    if variant.startswith("site"):
        sync(REPO / "_ext", dest / "_ext")
    else:
        # The peers get the extension's templates and branding as a site's own, as they had them
        # before these moved into the extension, so the floor keeps the same look and cost.
        sync(REPO / "_ext/minutes/templates", dest / "_templates")
        sync(REPO / "_ext/minutes/branding", dest / "_static")
    for name in ("_templates", "_static"):
        sync(REPO / name, dest / name)
    if (REPO / "technote.toml").exists():
        sync(REPO / "technote.toml", dest / "technote.toml")
    (dest / "_static").mkdir(exist_ok=True)
    changed = []
    for path, text in site_files(content, variant).items():
        target = dest / path
        if target.exists() and target.read_text() == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        changed.append(path)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variant", choices=VARIANTS, default="site")
    parser.add_argument("--edit", choices=("none", "prose", "action"), default="none")
    args = parser.parse_args()
    content = make_content(args.meetings, args.seed)
    content = {"none": content, "prose": prose_edit(content), "action": action_edit(content)}[args.edit]
    changed = write_site(content, args.variant, args.dest)
    print(f"{args.dest}: {len(changed)} files written")


if __name__ == "__main__":
    main()
