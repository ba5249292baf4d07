""" "Update 2022-10-11: ..." remarks after a task, as the wiki's pages write them, become
``{action-update}``s in the series' meeting of that date when that meeting is imported in
the same run (so the action's history shows it, dated, linked to that meeting); otherwise
they stay in the action's note, where the page importer put them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from .. import markdown as md
from ..markdown import MeetingPage, TopicSection
from ..model import Action, ActionUpdate, Origin, Topic, parse_date

UPDATE = re.compile(
    r"\*{0,2}\bUpdate\s+(?P<date>\d{4}-\d{2}-\d{2})\s*:\s*(?P<text>.*?)\*{0,2}\s*(?=\*{0,2}\bUpdate\s+\d{4}-\d{2}-\d{2}|\Z)",
    re.IGNORECASE | re.DOTALL,
)
"""An update in an action's note (Markdown, as the page importer wrote it; italic or not)."""
TOPIC = "Updates to earlier actions"


def move_updates(pages: Iterable[tuple[str, MeetingPage]]) -> list[MeetingPage]:
    """The pages (series, page) again, each action's dated updates moved to the meeting of
    their date when it is among them and later than the action's own meeting."""
    found = list(pages)
    by_date: dict[tuple[str, dt.date], int] = {}
    for n, (series, page) in enumerate(found):
        if page.meeting.date is not None:
            by_date.setdefault((series, page.meeting.date), n)
    moved: dict[int, list[ActionUpdate]] = {}
    result = []
    for series, page in found:
        result.append(_without_moved(page, series, by_date, found, moved))
    return [_with_updates(page, moved.get(n, [])) for n, page in enumerate(result)]


def _without_moved(
    page: MeetingPage,
    series: str,
    by_date: dict[tuple[str, dt.date], int],
    found: list[tuple[str, MeetingPage]],
    moved: dict[int, list[ActionUpdate]],
) -> MeetingPage:
    def fix(item: md.Block) -> md.Block:
        if not isinstance(item, Action) or not item.note or item.meeting_date is None:
            return item
        kept = item.note
        for match in list(UPDATE.finditer(item.note)):
            date = parse_date(match["date"])
            target = by_date.get((series, date)) if date else None
            if target is None or date is None or date <= item.meeting_date or not match["text"].strip():
                continue
            docname = found[target][1].meeting.docname
            note = md.paragraph(match["text"].strip())
            moved.setdefault(target, []).append(
                ActionUpdate(action_id=item.id, origin=Origin(docname), meeting_date=date, note=note)
            )
            kept = kept.replace(match[0], " ")
        kept = md.paragraph(" ".join(kept.split())) if kept.strip() else ""
        return item if kept == item.note else dataclasses.replace(item, note=kept)

    topics = tuple(dataclasses.replace(s, body=tuple(fix(b) for b in s.body)) for s in page.topics)
    return dataclasses.replace(page, topics=topics, preface=tuple(fix(b) for b in page.preface))


def _with_updates(page: MeetingPage, updates: list[ActionUpdate]) -> MeetingPage:
    if not updates:
        return page
    topic = Topic(title=TOPIC, anchor="", origin=Origin(page.meeting.docname))
    return dataclasses.replace(page, topics=(*page.topics, TopicSection(topic, tuple(updates))))
