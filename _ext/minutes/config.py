"""The ``minutes_*`` settings of conf.py, typed, with one place that reads and checks them."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .checks import Subtype, warn
from .model import parse_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone that this machine's tz database knows."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


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
        """``minutes_today`` when set to a valid date, else the date of the build (a bad
        ``minutes_today`` is warned once, by ``check_config``)."""
        return (parse_date(str(self.today)) if self.today else None) or dt.date.today()

    def problems(self) -> list[tuple[str, str, Subtype]]:
        """(setting, message, subtype) for each setting that cannot be used as written."""
        found = []
        if self.today and parse_date(str(self.today)) is None:
            found.append(
                (
                    "minutes_today",
                    f"minutes_today {self.today!r} is not a real date, so the build date counts as today; "
                    "write it as YYYY-MM-DD, e.g. '2022-08-01'",
                    Subtype.BAD_DATE,
                )
            )
        if not is_time_zone(str(self.timezone)):
            found.append(
                (
                    "minutes_timezone",
                    f"minutes_timezone {self.timezone!r} is not an IANA time zone name; "
                    "write e.g. 'America/Los_Angeles' or 'UTC'",
                    Subtype.BAD_TIMEZONE,
                )
            )
        return found


def setting_line(conf_py: Path, name: str) -> int:
    """The last line of conf.py that sets ``name`` (the one that counts); 1 when it is set
    elsewhere (``-D``)."""
    try:
        lines = conf_py.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return 1
    pattern = re.compile(rf"{re.escape(name)}\s*(?::[^=]*)?=(?!=)")
    return max((i for i, line in enumerate(lines, start=1) if pattern.match(line)), default=1)


def check_config(app: Sphinx, config: Config) -> None:
    """Warn once a build, at conf.py's line, about a setting that cannot be used."""
    conf_py = Path(app.confdir, "conf.py")
    for name, message, subtype in MinutesConfig.from_sphinx(config).problems():
        warn(message, subtype, f"{conf_py}:{setting_line(conf_py, name)}")


def setup_config(app: Sphinx) -> None:
    app.add_config_value("minutes_people", MinutesConfig.people, "env", types=frozenset({str}))
    app.add_config_value("minutes_timezone", MinutesConfig.timezone, "env", types=frozenset({str}))
    # "html": a new today changes overdue marks but no page's source, so nothing is re-read.
    app.add_config_value("minutes_today", MinutesConfig.today, "html", types=frozenset({str, type(None)}))
    app.connect("config-inited", check_config)
