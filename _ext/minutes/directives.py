"""meeting, topic, action, action-update, decision: each notes a record and returns nodes.

Options are taken as text and checked here, where the line is known: a validator in
``option_spec`` would make MyST drop a bad value, and with it the author's text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import nodes as mnodes
from .checks import (
    Subtype,
    check_date,
    check_id,
    check_status,
    option_entries,
    option_line,
    options_given_once,
    source_lines,
    warn,
    warn_unknown_person,
)
from .config import is_time_zone
from .domain import minutes_domain, page_people
from .model import (
    SERIES_PATTERN,
    SERIES_RULE,
    Action,
    ActionUpdate,
    Decision,
    Meeting,
    MeetingTime,
    Origin,
    Status,
    Topic,
    default_action_id,
    default_decision_id,
    is_safe_link,
    is_unassigned,
    material_link,
    meeting_stem,
    parse_time,
    search_anchor,
    series_of,
    series_problem,
    slug,
    split_materials,
    split_people,
    time_spelling,
)
from .roles import action_ref_node, people_nodes, unassigned

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .domain import MinutesDomain
    from .people import PeopleRegistry


def _text_options(*names: str) -> dict[str, Any]:
    return {name: directives.unchanged for name in names}


class AnyOption(dict[str, Any]):
    """An option spec that lets every option through as text: MyST (and docutils) look an
    option up by its name and drop one they do not find, value and all, with a warning of
    their own (``myst.directive_option``); ``MinutesDirective`` warns and shows it instead."""

    def __missing__(self, name: str) -> Any:
        return directives.unchanged


OPTION_WORDS = {
    "chair": "moderator",
    "facilitator": "moderator",
    "host": "moderator",
    "scribe": "notetaker",
    "minutes": "notetaker",
    "note-taker": "notetaker",
    "attendees": "participants",
    "present": "participants",
    "apologies": "regrets",
    "absent": "regrets",
    "place": "location",
    "where": "location",
    "room": "location",
    "tz": "timezone",
    "zone": "timezone",
    "assignee": "owner",
    "assignees": "owner",
    "assigned": "owner",
    "who": "owner",
    "deadline": "due",
    "due-date": "due",
    "state": "status",
    "speaker": "lead",
    "presenter": "lead",
    "slides": "materials",
    "links": "materials",
    "when": "time",
}
"""Other words note-takers use for an option (``:chair:``, ``:assignee:``): what an unknown
option is suggested as, where its spelling is not close to one."""


PlainText = tuple[str, tuple[tuple[int, str], ...]]
"""Text as listings and exports show it, and where in it an ``{action-ref}`` stands (its
offset and the action's id, which the text holds until the view puts the description there)."""


def plain_text(inline: list[nodes.Node]) -> PlainText:
    """Inline nodes as plain text (links and people as their words), noting each action
    reference that shows the action's description: only the whole site knows it."""
    parts: list[str] = []
    refs: list[tuple[int, str]] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, addnodes.pending_xref) and node.get("reftype") == "action" and node.get("minutes_fill"):
            refs.append((sum(map(len, parts)), str(node["reftarget"])))
            parts.append(node.astext())
        elif isinstance(node, nodes.Text):
            parts.append(node.astext())
        elif isinstance(node, nodes.Element):
            for child in node.children:
                walk(child)

    for node in inline:
        walk(node)
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    return text.strip(), tuple((at - lead, target) for at, target in refs)


def options_note(label: str, options: list[tuple[str, str]]) -> nodes.paragraph:
    """``Not understood: :due: next week``: options as the author wrote them, marked."""
    note = nodes.paragraph(classes=["minutes-unread"])
    note += nodes.inline("", label, classes=["minutes-field"])
    for i, (option, text) in enumerate(options):
        if i:
            note += nodes.Text("; ")
        note += nodes.literal("", f":{option}: {text}", classes=["minutes-problem-note"])
    return note


class OptionsDirective(SphinxDirective):
    """Options as the author wrote them: every option is let through as text (``AnyOption``),
    and one the directive does not have, or one given twice, is warned at its line and shown
    on the page, so no directive of ours drops an author's words."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "option_spec" in cls.__dict__ and cls.option_spec is not None:
            cls.option_spec = AnyOption(cls.option_spec)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unknown: list[tuple[str, str]] = self.unknown_options()
        """Options the directive does not have (``:chair: gdf``)."""
        self.unread: list[tuple[str, str]] = list(self.unknown)
        """Options whose text could not be read (``:due: 2024-02-30``, an unknown one): shown as written."""
        self.repeated: list[tuple[str, str]] = self.repeated_options()
        """Options given again in the same directive: the values not used, shown as written."""

    def unknown_options(self) -> list[tuple[str, str]]:
        """Options the directive does not have (``:chair:``): warned, with the option meant
        where one is near, and taken out, so the page shows them as not understood."""
        known = sorted(self.option_spec or ())
        unknown = []
        for name in [name for name in self.options if name not in known]:
            value = str(self.options.pop(name) or "")
            meant = OPTION_WORDS.get(name.lower())
            close = [meant] if meant in known else difflib.get_close_matches(name.lower(), known, n=1)
            hint = f"; did you mean ':{close[0]}:'?" if close else ""
            warn(
                f":{name}: is not an option of {{{self.name}}}{hint} (its options: "
                f"{', '.join(f':{k}:' for k in known)}); it is shown on the page as not understood: "
                "use one of its options, or write it in the text",
                Subtype.BAD_OPTION,
                (self.env.docname, self.option_line(name)),
            )
            unknown.append((name, value.strip()))
        return unknown

    def repeated_options(self) -> list[tuple[str, str]]:
        """An option given twice: MyST keeps the last value and drops the other without a word,
        so every directive of ours warns here, at the dropped line, naming the value used."""
        if options_given_once(self.block_text):
            return []
        entries = option_entries(self.block_text, self.lineno)
        dropped = []
        for name in dict.fromkeys(entry[0] for entry in entries):
            given = [(value, line) for option, value, line in entries if option == name]
            used, used_line = given[-1]
            for value, line in given[:-1]:
                warn(
                    f":{name}: is given {len(given)} times; the last, {used!r} (line {used_line}), is used and "
                    f"{value!r} is not; keep one :{name}: line (join the values into it if both are meant)",
                    Subtype.BAD_OPTION,
                    (self.env.docname, line),
                )
                dropped.append((name, value))
        return dropped

    def option_line(self, name: str) -> int:
        """The line of ``:name:`` in the directive, so warnings point at the option itself."""
        return option_line(self.block_text, self.lineno, name)

    def option_problems(self) -> list[str]:
        """The problems found before ``run`` reads the options (an unknown option, one given
        twice), so the record is marked as needing a fix, as for any other problem."""
        return [str(Subtype.BAD_OPTION) for _ in [*self.unknown, *self.repeated]]

    def unread_note(self) -> list[nodes.Node]:
        """The options that could not be read, as the author wrote them and marked, so a
        page with a problem still shows every word of it until the author fixes it."""
        return [
            options_note(label, options)
            for label, options in (
                ("Not understood: ", self.unread),
                ("Given more than once, not used: ", self.repeated),
            )
            if options
        ]


class MinutesDirective(OptionsDirective):
    """Shared helpers: the domain, the page's meeting context, option lines, people."""

    @property
    def domain(self) -> MinutesDomain:
        return minutes_domain(self.env)

    @property
    def people(self) -> PeopleRegistry:
        return page_people(self.env)

    @property
    def origin(self) -> Origin:
        return Origin(self.env.docname, self.lineno)

    def inline(self, text: str, line: int) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Inline MyST written on ``line``; MyST counts the line it is given from 0, so
        roles in it would otherwise warn one line too low."""
        return self.parse_inline(text, lineno=line - 1)

    def problem(self, message: str, subtype: Subtype, option: str | None = None) -> str:
        line = self.option_line(option) if option else self.lineno
        warn(message, subtype, (self.env.docname, line))
        return str(subtype)

    def page(self) -> tuple[str, dt.date | None, str]:
        """(series, meeting date, file stem) of the page this directive is on."""
        meeting = self.env.temp_data.get("minutes_meeting")
        date, stem = meeting_stem(self.env.docname)
        if meeting is not None:
            return meeting.series, meeting.date or date, stem
        return series_of(self.env.docname), date, stem

    def option_people(self, option: str, problems: list[str]) -> tuple[str, ...]:
        """People named in an option: ids where known; unknown names kept as written, and warned.
        ``unassigned`` (FORMAT v1.1) is an owner option's value on its own; anywhere else it is
        a name people.yaml does not know."""
        names = list(split_people(self.options.get(option) or ""))
        if option in ("owner", "owners") and any(is_unassigned(n) for n in names):
            names = [n for n in names if not is_unassigned(n)]
            if names:
                message = (
                    f"':{option}: unassigned' says nobody owns the action, but {', '.join(names)} "
                    f"{'is' if len(names) == 1 else 'are'} named too; write the owners, or only 'unassigned'"
                )
                problems.append(self.problem(message, Subtype.UNKNOWN_PERSON, option))
        registry = self.people
        resolved = []
        for name in names:
            person = registry.resolve(name)
            if person is None and is_unassigned(name):
                message = f"'unassigned' is for an action's :owner: only; :{option}: names people (or leave it out)"
                problems.append(self.problem(message, Subtype.UNKNOWN_PERSON, option))
                resolved.append(name)
            elif person is None:
                location = (self.env.docname, self.option_line(option))
                problems.append(warn_unknown_person(registry, name, location))
                resolved.append(name)
            else:
                resolved.append(person.id)
        return tuple(resolved)

    def option_date(self, option: str, problems: list[str]) -> dt.date | None:
        text = self.options.get(option)
        if text is None or not text.strip():
            return None
        date, message = check_date(text, f":{option}:")
        if message:
            problems.append(self.problem(message, Subtype.BAD_DATE, option))
            if date is None:
                self.unread.append((option, text.strip()))
        return date

    def option_time(
        self, zone: str, date: dt.date | None, problems: list[str]
    ) -> tuple[str | None, MeetingTime | None]:
        """``:time:`` as written and as read (None when it cannot be read). Each problem is
        warned: not FORMAT's spelling (``9:00``, ``09:00 - 10:00``: read, and the spelling
        suggested), an end equal to the start, a time the clocks skip or show twice that day."""
        text = (self.options.get("time") or "").strip() or None
        when = parse_time(text, zone) if text else None
        message = None
        if text and when is None:
            message = f"time {text!r} is not HH:MM or HH:MM-HH:MM (a 24-hour clock); write e.g. 09:00-14:00"
        elif text and when and not time_spelling(text):
            message = (
                f"time {text!r} is not written HH:MM or HH:MM-HH:MM (two digits each, no spaces around the "
                f"dash); it is read as {when.spelling}: write ':time: {when.spelling}'"
            )
        elif when is not None and when.end == when.start:
            message = f"time {text!r} ends when it starts; write the end time, or only the start (HH:MM)"
        elif when is not None and date is not None:
            message = when.clock_problem(date)
        if message:
            problems.append(self.problem(message, Subtype.BAD_TIME, "time"))
        return text, when

    def option_series(self, problems: list[str]) -> str:
        """``:series:``, else the folder under ``minutes/``. A series names folders and files
        of the site (its feeds), so one that is not a plain name is warned and not used."""
        given = (self.options.get("series") or "").strip()
        message = series_problem(given) if given else None
        if message:
            problems.append(self.problem(f"{message}; the page's folder names the series", Subtype.BAD_ID, "series"))
            self.unread.append(("series", given))
            given = ""
        folder = series_of(self.env.docname)
        if not given and folder and not SERIES_PATTERN.match(folder):
            problems.append(
                self.problem(
                    f"the folder {folder!r} names this meeting's series, but a series is a plain name "
                    f"({SERIES_RULE}: it names the series' feeds); rename the folder to {slug(folder)!r}, "
                    f"or add ':series: {slug(folder)}'",
                    Subtype.BAD_ID,
                )
            )
        return given or folder

    def option_status(self, problems: list[str]) -> Status | None:
        text = self.options.get("status")
        if text is None or not text.strip():
            return None
        status, message = check_status(text)
        if message:
            problems.append(self.problem(message, Subtype.BAD_STATUS, "status"))
            self.unread.append(("status", text.strip()))
        return status

    def record_id(self, default: str, problems: list[str]) -> str:
        """The ``:id:`` option when valid, else the default; a bad id is warned and replaced."""
        given = (self.options.get("id") or "").strip()
        if not given:
            return default
        message = check_id(given)
        if message:
            problems.append(self.problem(message, Subtype.BAD_ID, "id"))
            self.unread.append(("id", given))
            return default
        self.domain.note_id_line(self.env.docname, self.lineno, self.option_line("id"))
        return given

    def description_nodes(self, what: str, problems: list[str]) -> tuple[PlainText, list[nodes.Node]]:
        """The argument as inline MyST, and its plain text; an empty one is warned."""
        text = self.arguments[0].strip() if self.arguments else ""
        if not text:
            hint = "write it after the directive name, e.g. ':::{%s} Look up the camera schedule'" % what
            problems.append(self.problem(f"{what} has no description; {hint}", Subtype.MISSING_DESCRIPTION))
            return ("", ()), []
        inline, messages = self.inline(text, self.lineno)
        plain, refs = plain_text(inline)
        return (plain, refs) if plain else (text, ()), [*inline, *messages]

    def body_nodes(self) -> list[nodes.Node]:
        """The body as MyST. A colon fence whose body opens with a nested fence is given a
        blank first line by MyST 5.2, which counts it, so every line inside would be one
        too low; the source text tells the two apart and the offset is taken back."""
        if not self.content:
            return []
        lines = source_lines(self.env)
        fence, _, rest = self.block_text.partition("\n")
        if (
            fence.startswith(":")
            and rest.startswith("\n:")
            and 0 < self.lineno < len(lines)
            and lines[self.lineno].strip()
        ):
            self.content_offset -= 1
        return self.parse_content_to_nodes()

    def anchor(self, node: nodes.Element, anchor: str) -> None:
        """Give the node its stable id, unless the page already uses that id elsewhere. A
        heading or topic whose title slugs to the id gives it up (and takes ``<id>-1``): the
        id is the record's anchor, every link to the record is written to it."""
        document = self.state.document
        if isinstance(document.ids.get(anchor), nodes.section):
            self.move_section_id(document.ids[anchor], anchor)
        if anchor not in document.ids:
            node["ids"].append(anchor)
            document.ids[anchor] = node
        else:
            document.set_id(node)

    def move_section_id(self, section: nodes.Element, anchor: str) -> None:
        """The section's id ``anchor`` becomes the first free ``anchor-N``, in the page's
        names and the records that point at the section."""
        document = self.state.document
        moved = next(f"{anchor}-{n}" for n in range(1, len(document.ids) + 2) if f"{anchor}-{n}" not in document.ids)
        section["ids"] = [moved if i == anchor else i for i in section["ids"]]
        del document.ids[anchor]
        document.ids[moved] = section
        for name, target in list(document.nameids.items()):
            if target == anchor:
                document.nameids[name] = moved
        self.domain.pages.move_topic_anchor(self.env.docname, anchor, moved)
        topic = self.env.temp_data.get("minutes_topic")
        if topic is not None and topic.anchor == anchor:
            self.env.temp_data["minutes_topic"] = replace(topic, anchor=moved)

    def search_anchor(self, node: nodes.Element, kind: str, record_id: str) -> None:
        """A second id, ``minutes-<kind>-<id>``, for Sphinx's search: it shows an action by its
        description, and writes the link to an anchor equal to the id as ``#<description>``."""
        alias = search_anchor(kind, record_id)
        if alias not in self.state.document.ids:
            node["ids"].append(alias)
            self.state.document.ids[alias] = node


class MeetingDirective(MinutesDirective):
    """The meeting's logistics: a panel with date, time, place and people, and the agenda."""

    has_content = False
    option_spec: ClassVar = _text_options(
        "series", "date", "time", "timezone", "location", "participants", "regrets", "moderator", "notetaker"
    )

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        problems = self.option_problems()
        file_date, stem = meeting_stem(docname)
        date = self.option_date("date", problems)
        if not (self.options.get("date") or "").strip():
            problems.append(
                self.problem(
                    "meeting has no :date:; add ':date: YYYY-MM-DD' (the date in the file name)",
                    Subtype.MISSING_DATE,
                    "date" if "date" in self.options else None,
                )
            )
        elif date and file_date and date != file_date:
            problems.append(
                self.problem(
                    f"meeting date {date} differs from {file_date} in the file name {stem}.md; "
                    "correct the :date: or rename the file",
                    Subtype.DATE_MISMATCH,
                    "date",
                )
            )
        timezone = (self.options.get("timezone") or "").strip() or self.domain.settings.timezone
        # A bad minutes_timezone is warned once, at conf.py, not at every meeting.
        if "timezone" in self.options and not is_time_zone(timezone):
            problems.append(
                self.problem(
                    f"time zone {timezone!r} is not an IANA name; write e.g. America/Los_Angeles or UTC",
                    Subtype.BAD_TIMEZONE,
                    "timezone",
                )
            )
        time, when = self.option_time(timezone, date or file_date, problems)
        if "timezone" in self.options and not is_time_zone(timezone) and not time:
            self.unread.append(("timezone", timezone))  # with a time, the panel shows it beside the time
        first = self.page_meeting(problems)
        series = self.option_series(problems)
        meeting = Meeting(
            docname=docname,
            title=self.page_title(series, date or file_date, stem),
            series=series,
            date=date or file_date,
            time=time,
            timezone=timezone,
            location=(self.options.get("location") or "").strip() or None,
            participants=self.option_people("participants", problems),
            regrets=self.option_people("regrets", problems),
            moderator=self.option_people("moderator", problems),
            notetaker=self.option_people("notetaker", problems),
            lineno=self.lineno,
            when=when,
        )
        if first is None:
            self.env.temp_data["minutes_meeting"] = meeting
            self.domain.note_meeting(meeting)
        return [self.panel(meeting)]

    def page_meeting(self, problems: list[str]) -> Meeting | None:
        """The meeting an earlier {meeting} on this page gave, warned: a page is one meeting."""
        first: Meeting | None = self.env.temp_data.get("minutes_meeting")
        if first is not None:
            problems.append(
                self.problem(
                    f"a second {{meeting}} on this page; the one at line {first.lineno} is the page's meeting "
                    "(a page holds one meeting: move this one to its own page, or delete it)",
                    Subtype.DUPLICATE_ID,
                )
            )
        return first

    def page_title(self, series: str, date: dt.date | None, stem: str) -> str:
        """The page's first heading (written before the directive, as FORMAT's pages do). A page
        with no ``#`` heading at all is warned and titled by its series and date, which
        ``title_untitled_meeting`` gives the page too, so its tabs, sidebar and listings have one."""
        title = next(self.state.document.findall(nodes.title), None)
        if title is not None:
            return title.astext()
        if any(re.match(r"#\s", line) for line in source_lines(self.env)):
            return stem  # a heading after the {meeting} block
        fallback = f"{series} {date.isoformat()}" if series and date else stem
        self.problem(
            f"meeting page has no '#' title; start it with one, e.g. '# {fallback}' (until then it is titled so)",
            Subtype.MISSING_DESCRIPTION,
        )
        self.env.temp_data["minutes_untitled"] = fallback
        return fallback

    def panel(self, meeting: Meeting) -> nodes.Element:
        """The panel: the series eyebrow, the logistics and the agenda, filled as the page is
        written (``ResolveMinutes``). The logistics keep the meeting's record and what each
        row shows as text (a paragraph each), which the page's transforms treat as its other
        text (smart quotes, secrets); the location is parsed, being written in Markdown."""
        panel = nodes.container(classes=["minutes-meeting"])
        self.set_source_info(panel)
        panel += mnodes.meeting_header(series=meeting.series)
        shown = []
        for _, _, value in logistics(meeting):
            if value is None:
                inline, messages = self.inline(meeting.location or "", self.option_line("location"))
                shown.append(nodes.paragraph("", "", *inline, *messages))
            elif isinstance(value, str):
                shown.append(nodes.paragraph(value, value))
            else:
                shown.append(nodes.paragraph("", "", *people_names(value, self.people)))
        panel += mnodes.logistics("", *shown, meeting=meeting)
        panel.extend(self.unread_note())
        panel += mnodes.agenda()
        return panel


Logistic = tuple[str, str, str | tuple[str, ...] | None]
"""A row of the panel: its label, its class (``minutes-<class>``) and what it shows: text,
people, or None for the location (Markdown, kept as the nodes it was parsed into)."""


def people_names(names: tuple[str, ...], registry: PeopleRegistry) -> list[nodes.Text]:
    """People as the panel names them, comma-separated: a known person by their name."""
    result = []
    for i, name in enumerate(names):
        person = registry.resolve(name)
        result += [nodes.Text(", ")] if i else []
        result.append(nodes.Text(person.name if person else name))
    return result


def logistics(meeting: Meeting) -> list[Logistic]:
    """The panel's rows, in the order a reader looks for them."""
    rows: list[Logistic] = []
    if meeting.date:
        rows.append(("Date", "date", f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"))
    if meeting.time:
        rows.append(("Time", "time", format_time(meeting)))
    if meeting.location:
        rows.append(("Location", "location", None))
    for label, names, cls in (
        ("Participants", meeting.participants, "participants"),
        ("Regrets", meeting.regrets, "regrets"),
        ("Moderator", meeting.moderator, "moderator"),
        ("Note taker", meeting.notetaker, "notetaker"),
    ):
        if names:
            rows.append((label, cls, names))
    return rows


def local_time(meeting: Meeting) -> str:
    """Where minutes-dates.js shows the meeting's time in the reader's own time zone: its
    start and end as instants (HTML only; empty until the script fills it)."""
    times = meeting.when.in_utc(meeting.date) if meeting.when and meeting.date else None
    if times is None:
        return ""
    start, end = (t.replace(tzinfo=None).isoformat(timespec="seconds") + "Z" for t in times)  # 0001, not 1
    zone = html.escape(meeting.when.zone if meeting.when else "")
    return (
        f'<span class="minutes-local-time" data-start="{start}" data-end="{end}" data-zone="{zone}"'
        f' data-date="{meeting.date.isoformat() if meeting.date else ""}" hidden></span>'
    )


def format_time(meeting: Meeting) -> str:
    """``09:00–14:00 PDT (America/Los_Angeles)``: the abbreviation as it was on the meeting's
    date; a time that could not be read is shown as written."""
    when = meeting.when
    if when is None:
        return f"{meeting.time} ({meeting.timezone})" if meeting.timezone else meeting.time or ""
    abbreviation = when.abbreviation(meeting.date) if meeting.date else ""
    return f"{when.text} {abbreviation} ({when.zone})" if abbreviation else f"{when.text} ({when.zone})"


class TopicDirective(MinutesDirective):
    """An agenda item: a section of the page, with its time, lead and materials."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = _text_options("time", "lead", "materials")

    def run(self) -> list[nodes.Node]:
        problems = self.option_problems()
        title_text = self.arguments[0].strip() if self.arguments else ""
        section = nodes.section(classes=["minutes-topic"])
        self.set_source_info(section)
        if title_text:
            inline, messages = self.inline(title_text, self.lineno)
        else:
            inline, messages = [nodes.Text("Topic")], []
        title = nodes.title(title_text or "Topic", "", *inline)
        section += title
        section["names"].append(nodes.fully_normalize_name(title.astext()))
        self.state.document.note_implicit_target(section, section)
        lead = self.option_people("lead", problems)
        materials = split_materials(self.options.get("materials") or "")
        meeting = self.env.temp_data.get("minutes_meeting")
        zone = meeting.timezone if meeting else self.domain.settings.timezone
        time, when = self.option_time(
            zone or self.domain.settings.timezone, meeting.date if meeting else None, problems
        )
        meta = nodes.paragraph(classes=["minutes-topic-meta"])
        if time:
            meta += nodes.inline("", when.text if when else time, classes=["minutes-topic-time"])
        if lead:
            if len(meta):
                meta += nodes.Text(" \u00b7 ")
            meta += nodes.Text("Lead: ")
            meta.extend(people_nodes(lead, self.people))
        if materials:
            if len(meta):
                meta += nodes.Text(" \u00b7 ")
            meta += nodes.Text("Materials: ")
            for i, link in enumerate(materials):
                if i:
                    meta += nodes.Text(", ")
                meta += self.material(link, problems)
        if len(meta):
            section += meta
        section.extend(self.unread_note())
        section.extend(messages)
        topic = Topic(
            title=title.astext(),
            anchor=section["ids"][0] if section["ids"] else "",
            origin=self.origin,
            time=time,
            lead=lead,
            materials=materials,
            when=when,
        )
        self.domain.note_topic(self.env.docname, topic)
        previous = self.env.temp_data.get("minutes_topic")
        self.env.temp_data["minutes_topic"] = topic
        section.extend(self.body_nodes())
        self.env.temp_data["minutes_topic"] = previous
        return [section]

    def material(self, entry: str, problems: list[str]) -> nodes.Node:
        """A link when it is http, https or mailto; any other scheme (``javascript:``, ``file:``),
        or an address with a space in it, is warned and shown as written; plain words are text."""
        text, url = material_link(entry)
        if url is not None and is_safe_link(url):
            return nodes.reference(text, text, refuri=url)
        if url is not None:
            hint = (
                "has a space in it; write the address without spaces (a space is %20), and separate materials with ', '"
                if re.search(r"\s", url.strip())
                else "is not an http, https or mailto link; link to it with https://"
            )
            problems.append(
                self.problem(f"material {entry!r} {hint} (it is shown as text)", Subtype.UNSAFE_LINK, "materials")
            )
        return nodes.Text(entry)


class ActionDirective(MinutesDirective):
    """An action item: description, owners, due date and status, anchored at its id."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = _text_options("id", "owner", "owners", "due", "status")

    def run(self) -> list[nodes.Node]:
        problems = self.option_problems()
        series, meeting_date, stem = self.page()
        count = self.env.temp_data["minutes_actions"] = int(self.env.temp_data.get("minutes_actions") or 0) + 1
        action_id = self.record_id(default_action_id(series, stem, count), problems)
        (description, refs), inline = self.description_nodes("action", problems)
        owner_option = "owner" if "owner" in self.options or "owners" not in self.options else "owners"
        owners = self.option_people(owner_option, problems)
        if not owners and not any(is_unassigned(n) for n in split_people(self.options.get(owner_option) or "")):
            problems.append(
                self.problem(
                    "action has no owner; add ':owner: <person id>' (one or more, comma-separated), "
                    "or ':owner: unassigned' when nobody owns it yet",
                    Subtype.MISSING_OWNER,
                    owner_option if owner_option in self.options else None,
                )
            )
        due = self.option_date("due", problems)
        status = self.option_status(problems) or Status.OPEN
        body = self.body_nodes()
        topic = self.env.temp_data.get("minutes_topic")
        action = Action(
            id=action_id,
            description=description,
            refs=refs,
            owners=owners,
            origin=self.origin,
            series=series,
            meeting_date=meeting_date,
            due=due,
            status=status,
            note=nodes.Element("", *[n.deepcopy() for n in body]).astext().strip() if body else "",
            topic=topic.anchor if topic else None,
            problems=tuple(problems),
        )
        self.domain.note_action(self.env.docname, action)
        container = nodes.container(classes=["minutes-action"] + (["minutes-problem"] if problems else []))
        self.set_source_info(container)
        self.anchor(container, action_id)
        self.search_anchor(container, "action", action_id)
        head = nodes.paragraph(classes=["minutes-action-head"])
        head += nodes.inline("", "Action", classes=["minutes-label"])
        head += nodes.Text(" ")
        head += nodes.inline("", "", *inline, classes=["minutes-action-description"])
        container += head
        container += mnodes.action_state(action_id=action_id, lineno=self.lineno)
        container.extend(self.unread_note())
        container.extend(body)
        return [container]


class ActionUpdateDirective(MinutesDirective):
    """A later meeting's change to an action: status, due date, owners, a note."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = _text_options("status", "due", "owner", "owners")

    def run(self) -> list[nodes.Node]:
        problems = self.option_problems()
        _series, meeting_date, _stem = self.page()
        target = self.arguments[0].strip() if self.arguments else ""
        if not target:
            problems.append(
                self.problem(
                    "action-update names no action; write the action's id after it, e.g. "
                    "':::{action-update} camera-schedule'",
                    Subtype.UNKNOWN_ACTION,
                )
            )
        status = self.option_status(problems)
        due = self.option_date("due", problems)
        owner_option = "owner" if "owner" in self.options or "owners" not in self.options else "owners"
        owners = self.option_people(owner_option, problems) if (self.options.get(owner_option) or "").strip() else None
        body = self.body_nodes()
        count = self.env.temp_data["minutes_updates"] = int(self.env.temp_data.get("minutes_updates") or 0) + 1
        container = nodes.container(classes=["minutes-action-update"] + (["minutes-problem"] if problems else []))
        self.set_source_info(container)
        self.anchor(container, f"update-{target}" if target else f"update-{count}")
        anchor = container["ids"][0]
        if target:
            update = ActionUpdate(
                action_id=target,
                origin=self.origin,
                meeting_date=meeting_date,
                status=status,
                due=due,
                owners=owners,
                note=nodes.Element("", *[n.deepcopy() for n in body]).astext().strip() if body else "",
                anchor=anchor,
                problems=tuple(problems),
            )
            self.domain.note_update(self.env.docname, update)
        container += self.update_head(target, status, due, owners)
        container.extend(self.unread_note())
        container.extend(body)
        return [container]

    def update_head(
        self, target: str, status: Status | None, due: dt.date | None, owners: tuple[str, ...] | None
    ) -> nodes.paragraph:
        """The update's first line: a link to the action, then what it changes."""
        head = nodes.paragraph(classes=["minutes-action-head"])
        head += nodes.inline("", "Update", classes=["minutes-label"])
        head += nodes.Text(" ")
        if target:
            self.domain.note_action_ref(self.env.docname, target)
            ref = action_ref_node(target)
            ref["minutes_reported"] = True  # an unknown id is reported by check_consistency
            self.set_source_info(ref)
            head += ref
        changes = []
        if status:
            changes.append(
                nodes.inline("", f"status \u2192 {status}", classes=["minutes-status", f"minutes-status-{status}"])
            )
        if due:
            changes.append(nodes.inline("", f"due \u2192 {due.isoformat()}", classes=["minutes-due"]))
        if owners is not None:
            changes.append(
                nodes.inline(
                    "", "", nodes.Text("owner \u2192 "), *(people_nodes(owners, self.people) or [unassigned()])
                )
            )
        if changes:
            head += nodes.Text(": ")
            for i, change in enumerate(changes):
                if i:
                    head += nodes.Text("; ")
                head += change
        return head


class DecisionDirective(MinutesDirective):
    """A decision: what was decided, anchored at its id, with the reasoning as its body."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = _text_options("id")

    def run(self) -> list[nodes.Node]:
        problems = self.option_problems()
        series, meeting_date, stem = self.page()
        count = self.env.temp_data["minutes_decisions"] = int(self.env.temp_data.get("minutes_decisions") or 0) + 1
        decision_id = self.record_id(default_decision_id(series, stem, count), problems)
        (description, refs), inline = self.description_nodes("decision", problems)
        body = self.body_nodes()
        topic = self.env.temp_data.get("minutes_topic")
        decision = Decision(
            id=decision_id,
            description=description,
            refs=refs,
            origin=self.origin,
            series=series,
            meeting_date=meeting_date,
            note=nodes.Element("", *[n.deepcopy() for n in body]).astext().strip() if body else "",
            topic=topic.anchor if topic else None,
            problems=tuple(problems),
        )
        self.domain.note_decision(self.env.docname, decision)
        container = nodes.container(classes=["minutes-decision"] + (["minutes-problem"] if problems else []))
        self.set_source_info(container)
        self.anchor(container, decision_id)
        self.search_anchor(container, "decision", decision_id)
        head = nodes.paragraph(classes=["minutes-action-head"])
        head += nodes.inline("", "Decision", classes=["minutes-label"])
        head += nodes.Text(" ")
        head += nodes.inline("", "", *inline, classes=["minutes-decision-description"])
        container += head
        container.extend(self.unread_note())
        container.extend(body)
        return [container]


def setup_directives(app: Sphinx) -> None:
    app.add_directive("meeting", MeetingDirective)
    # docutils has a `topic` directive of its own; the format's agenda item replaces it.
    app.add_directive("topic", TopicDirective, override=True)
    app.add_directive("action", ActionDirective)
    app.add_directive("action-update", ActionUpdateDirective)
    app.add_directive("decision", DecisionDirective)
