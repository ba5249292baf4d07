"""A wiki task -> an action: its owners, description, due date, state and note; and the
task report's rows. Owners and due date are read as the wiki records them: the people named
at the task's start, else the people at its end or its mentions, and the task's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bs4 import Tag

from .. import markdown as md
from ..model import Action, Origin, Status, default_action_id
from ..secrets import secret_reason
from .body import BodyReader, Reporter
from .matching import PeopleMatcher
from .tables import table_rows
from .taskreport import MAX_MACROS
from .text import parse_date_in_title, parse_text_date, plain_key, strip_date, tidy_description
from .tokens import (
    Held,
    Markup,
    Mention,
    Task,
    Text,
    Token,
    Verbatim,
    When,
    merge_text,
    plain,
    render,
    without_secrets,
)
from .words import DATE_TEXT, ISO_AT_END, ISO_DATE, UNKNOWN_OWNER


@dataclass
class ReportRow:
    """One row of the wiki's task report: the action, and the meeting it appears on."""

    action: Action
    meeting_date: dt.date
    meeting_title: str


class TaskReader:
    """Tasks of one page -> actions; mixed into the page importer, which holds the state."""

    matcher: PeopleMatcher
    series: str
    source: str
    where: str
    problems: list[str]
    report_macros: list[dict[str, str]]
    held: Held

    def note(self, message: str) -> None: ...

    def drop(self, reason: str, what: str) -> None: ...

    def reporter(self) -> Reporter:
        raise NotImplementedError  # the page importer's own

    def task_report_macro(self, parameters: dict[str, str]) -> None:
        """A task report in storage format: its parameters, for the run to work its rows out
        again over the actions it imports (``taskreport.py``)."""
        if len(self.report_macros) < MAX_MACROS:
            self.report_macros.append(parameters)

    def action(
        self,
        task: Task,
        docname: str,
        n: int,
        meeting_date: dt.date | None,
        extra_owners: Iterable[str] = (),
        due: dt.date | None = None,
    ) -> Action | None:
        """A task as an action: owners, description, due, note; None when it holds a secret."""
        tokens = merge_text(task.tokens)
        text = plain(tokens, dates=False)
        reason = secret_reason(text) or self.held.reason(text)
        if reason:
            self.drop(reason, "an action")
            kept = without_secrets(tokens, self.held)
            if kept is None:
                return None
            tokens = kept
        head, tokens = leading_dates(tokens, written=not task.recorded)
        first = next((t.person_id for t in task.tokens if isinstance(t, Mention)), None)
        owners: list[str] = []
        if first is not None or not task.recorded:
            owners, tokens = self.leading_owners(tokens)
        if first is not None and not extra_owners:  # the wiki's own assignee: the task's first mention
            owners = [first, *(owner for owner in owners if owner != first)]
        description, note_tokens, found_due = split_due(head + tokens, written=not task.recorded)
        description, updates = split_updates(description)
        note_tokens = updates + note_tokens
        if not owners and not task.recorded:  # the wiki records no owner for a task that mentions nobody
            owners, description = self.other_owners(description, bool(extra_owners))
        owners += [owner for owner in extra_owners if owner not in owners]
        text = tidy_description(render(description))
        if not text:
            text = render(note_tokens) or "(no description in the wiki)"
            note_tokens = []
        if not owners:
            self.note(f"the action {plain(description)[:60]!r} names no owner: written as unassigned (FORMAT v1.1)")
        return Action(
            id=default_action_id(self.series, docname.rsplit("/", 1)[-1], n) if docname else "",
            description=text,
            owners=tuple(owners),
            origin=Origin(docname),
            series=self.series,
            meeting_date=meeting_date,
            due=found_due or due,
            status=Status.DONE if task.done else Status.OPEN,
            note=md.paragraph(render(note_tokens)) if plain(note_tokens) else "",
        )

    def leading_owners(self, tokens: list[Token]) -> tuple[list[str], list[Token]]:
        """The people a task names at its start (mentions and names), and the rest of it."""
        owners: list[str] = []
        tokens = list(tokens)
        while tokens:
            token = tokens[0]
            if isinstance(token, Mention):
                if token.person_id not in owners:
                    owners.append(token.person_id)
                tokens.pop(0)
                continue
            if not isinstance(token, Text):
                break
            if token.text.strip(" ,;&/").lower() in ("", "and", "&"):
                tokens.pop(0)
                continue
            found, rest = self.matcher.leading(token.text)
            if not found:
                break
            owners.extend(i for i in found if i not in owners)
            tokens[0] = Text(rest)
            if rest.strip(" ,;&/"):
                break
            tokens.pop(0)
        return owners, tokens

    def other_owners(self, description: list[Token], has_extra: bool) -> tuple[list[str], list[Token]]:
        """Owners of a task that names nobody at its start: names at its end, else its
        mentions, else an unknown name written as tasks are ("Steve Ritz to send ...")."""
        if description and all(isinstance(t, Text) for t in description):
            found, rest = self.matcher.trailing("".join(t.text for t in description if isinstance(t, Text)))
            if found:
                return found, [Text(rest)]
        mentioned = list(dict.fromkeys(t.person_id for t in description if isinstance(t, Mention)))
        if mentioned and not has_extra:  # a task report's Assignee column says who owns it
            return mentioned, description
        if has_extra or not description or not isinstance(description[0], Text):
            return [], description
        match = UNKNOWN_OWNER.match(description[0].text)
        person = self.matcher.match_or_add(match[1], f"a task in {self.source}") if match else None
        if person is None or match is None:
            return [], description
        return [person.id], [Text(description[0].text[match.end(1) :]), *description[1:]]

    def task_report(self, table: Tag) -> list[ReportRow]:
        rows = table_rows(table)
        headers = [plain_key(c.get_text(" ", strip=True)) for c in rows[0][1]] if rows else []
        rows_out: list[ReportRow] = []
        for number, (_row, cells) in enumerate(rows[1:], 1):
            if cells and not cells[0].get_text(strip=True) and cells[0].find("input") and len(cells) > len(headers):
                merged = cells[0]
                for child in list(cells[1].children):
                    merged.append(child)
                cells = [merged, *cells[2:]]
            by_header = dict(zip(headers, cells))
            description = by_header.get("description")
            if description is None:
                continue
            self.where = f"task report row {number}"
            assignee = by_header.get("assignee")
            appears = by_header.get("task appears on")
            due_cell = by_header.get("due date")
            owner_ids: list[str] = []
            if assignee is not None and assignee.get_text(strip=True):
                for token in BodyReader(self.reporter()).read(list(assignee.children)):
                    for t in getattr(token, "tokens", []):
                        if isinstance(t, Mention):
                            owner_ids.append(t.person_id)
                    if not owner_ids:
                        person = self.matcher.match_or_add(
                            plain(getattr(token, "tokens", [])), f"the task report of {self.source}"
                        )
                        if person is not None:
                            owner_ids.append(person.id)
            appears_text = appears.get_text(" ", strip=True) if appears is not None else ""
            meeting_date = parse_date_in_title(appears_text) or parse_text_date(appears_text)
            if meeting_date is None:
                self.problems.append(f"task report row {number}: no meeting date in {appears_text!r}; row skipped")
                continue
            pieces = BodyReader(self.reporter()).read(list(description.children))
            tasks = [p for p in pieces if isinstance(p, Task)] or [
                Task(False, [t for p in pieces if not isinstance(p, Verbatim) for t in p.tokens])
            ]
            due_text = due_cell.get_text(" ", strip=True) if due_cell is not None else ""
            for task in tasks:
                action = self.action(
                    task,
                    f"minutes/{self.series}/{meeting_date.isoformat()}",
                    0,
                    meeting_date,
                    extra_owners=owner_ids,
                    due=parse_text_date(due_text),
                )
                if action is not None:
                    rows_out.append(ReportRow(action, meeting_date, strip_date(appears_text)))
        return rows_out


def leading_dates(tokens: list[Token], written: bool = True) -> tuple[list[Token], list[Token]]:
    """A task that starts with its date ("18 Jul 2022 @Keith to ..."): (the date, the rest),
    so that the people named after it are still its owners. ``written=False`` takes only
    ``<time>``s: a date written as text is no date to the wiki."""
    head: list[Token] = []
    tokens = list(tokens)
    while tokens:
        token = tokens[0]
        if isinstance(token, When) or isinstance(token, Text) and not token.text.strip(" ,;:-\u2013"):
            head.append(tokens.pop(0))
            continue
        if isinstance(token, Text) and written:
            text = token.text.lstrip(" ,;:-\u2013")
            match = DATE_TEXT.match(text) or ISO_DATE.match(text)
            date = parse_text_date(match[0]) if match else None
            if match and date:
                head.append(When(date, written=True))
                tokens[0] = Text(text[match.end() :])
                continue
        break
    return head, tokens


def split_due(tokens: list[Token], written: bool = True) -> tuple[list[Token], list[Token], dt.date | None]:
    """(description, note, due): the due date is the task's first ``<time>``, as the wiki
    records it (a date written as text before it is no due date to the wiki), else the first
    date written as text (the text export, where every date is text); what follows it is a
    note, unless nothing comes before it (a task that starts with its date). ``written=False``
    (the wiki's own tasks) takes only a ``<time>``."""
    for kind in (False, True):
        for i, token in enumerate(tokens):
            if isinstance(token, When) and token.written is kind:
                return _around(tokens[:i], tokens[i + 1 :], token.date)
    if not written:
        return tokens, [], None
    for i, token in enumerate(tokens):
        if isinstance(token, Text):
            first = DATE_TEXT.search(token.text)
            if first:
                before, after = token.text[: first.start()], token.text[first.end() :]
                return _around([*tokens[:i], Text(before)], [Text(after), *tokens[i + 1 :]], parse_text_date(first[0]))
    if tokens and isinstance(tokens[-1], Text):
        match = ISO_AT_END.search(tokens[-1].text)
        if match:
            return [*tokens[:-1], Text(tokens[-1].text[: match.start()])], [], parse_text_date(match[1])
    return tokens, [], None


def _around(
    before: list[Token], after: list[Token], due: dt.date | None
) -> tuple[list[Token], list[Token], dt.date | None]:
    if plain(before).strip(" ,;:-\u2013"):
        return before, after, due
    return after, [], due


def split_updates(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Italic "Update 2022-02-09: ..." remarks belong to the action's notes, not its description."""
    kept: list[Token] = []
    moved: list[Token] = []
    for token in tokens:
        if isinstance(token, Markup) and token.plain.strip().lower().startswith("update"):
            moved.append(token)
        else:
            kept.append(token)
    return kept, moved
