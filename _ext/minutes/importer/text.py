"""Plain text as wiki pages write it: dates (``18 Jul 2022``), times, time zones, headings,
a task's description. Pure functions over strings, tested without Sphinx."""

from __future__ import annotations

import datetime as dt
import re

from ..model import parse_date
from ..people import name_key as plain_key
from .words import DATE_TEXT, HEADINGS, ISO_DATE, MONTHS, TIME_RANGE, ZONES

__all__ = ["plain_key", "parse_text_date", "normal_time", "zone_of", "heading_kind"]


def parse_text_date(text: str) -> dt.date | None:
    """``18 Jul 2022`` (as Confluence shows dates) or an ISO date, the first in the text."""
    match = DATE_TEXT.search(text)
    if match:
        month = (match["month"] or match["month_us"])[:3].lower()
        try:
            return dt.date(int(match["year"]), MONTHS[month], int(match["day"] or match["day_us"]))
        except ValueError:
            return None
    match = ISO_DATE.search(text)
    return parse_date(match[0]) if match else None


def normal_time(text: str) -> str | None:
    """``09:00 - 9:15`` -> ``09:00-09:15``; ``*12:30`` -> ``12:30``; None when no time."""
    match = TIME_RANGE.search(text)
    if not match:
        return None
    start = f"{int(match[1]):02d}:{match[2]}"
    return f"{start}-{int(match[3]):02d}:{match[4]}" if match[3] else start


def zone_of(text: str) -> str | None:
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in ZONES:
            return ZONES[word.lower()]
    return None


def heading_kind(text: str) -> str | None:
    key = plain_key(text)
    for kind, words in HEADINGS.items():
        if key in words:
            return kind
    if key.startswith("agenda") or key.startswith("discussion"):
        return "agenda"
    return None


def parse_date_in_title(text: str) -> dt.date | None:
    match = ISO_DATE.match(text.strip())
    return parse_date(match[0]) if match else None


def strip_date(title: str) -> str:
    title = title.strip()
    match = ISO_DATE.match(title)
    return title[match.end() :].strip(" -\u2013:") if match else title


def tidy_description(text: str) -> str:
    text = text.strip(" ,;:-\u2013")
    for lead in ("to ", "will ", "should ", "- ", ": "):
        if text.lower().startswith(lead):
            text = text[len(lead) :]
    text = text.strip(" ,;:-\u2013")
    return text[:1].upper() + text[1:] if text else text
