"""The ``minutes_*`` settings of conf.py, typed, with one place that reads them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class MinutesConfig:
    people: str = "people.yaml"
    """Path of the people registry, relative to the source directory."""
    timezone: str = "UTC"
    """IANA time zone of meetings that name none."""
    today: str | None = None
    """ISO date that counts as today (for overdue marks); None means the build date."""

    @classmethod
    def from_sphinx(cls, config: Config) -> MinutesConfig:
        return cls(**{f.name: getattr(config, f"minutes_{f.name}") for f in fields(cls)})

    def today_date(self) -> dt.date:
        """``minutes_today`` when set to a valid date, else the date of the build."""
        if self.today:
            try:
                return dt.date.fromisoformat(str(self.today))
            except ValueError:
                pass
        return dt.date.today()


def setup_config(app: Sphinx) -> None:
    app.add_config_value("minutes_people", MinutesConfig.people, "env", types=frozenset({str}))
    app.add_config_value("minutes_timezone", MinutesConfig.timezone, "env", types=frozenset({str}))
    # "html": a new today changes overdue marks but no page's source, so nothing is re-read.
    app.add_config_value("minutes_today", MinutesConfig.today, "html", types=frozenset({str, type(None)}))
