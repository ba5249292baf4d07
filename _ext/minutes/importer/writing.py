"""Writing imported pages so that a run can be repeated and hand edits survive.

Each page starts with a MyST comment (never rendered) naming the wiki page it came from
and the SHA-256 of the text below it as written. On the next run, a page whose text still
has that digest was not touched and may be replaced; one whose text changed was edited by
hand and is kept, unless ``--force``. Every file is written to a temporary file beside it
and renamed over the old one, so a run stopped part-way leaves each file whole.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

MARKER = re.compile(r"% minutes-import: (?P<origin>[^\n]*?); sha256 (?P<digest>[0-9a-f]{64})\n")


class State(enum.Enum):
    NEW = "new"
    """No file there yet."""
    SAME = "up to date"
    """The file holds exactly what this run would write."""
    UPDATE = "updated"
    """Written by an earlier import and not edited since; the wiki page changed."""
    KEPT = "kept"
    """Edited by hand since its import, and the wiki page has not changed: the edits stay."""
    EDITED = "edited by hand"
    """Edited by hand since its import, and the wiki page changed too: --force to replace."""
    FOREIGN = "not imported"
    """A page the importer did not write (no marker): --force to replace."""


def digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def stamped(text: str, origin: str) -> str:
    """``text`` with its marker line first."""
    origin = " ".join(origin.replace(";", ",").split())
    return f"% minutes-import: {origin}; sha256 {digest(text)}\n{text}"


def state_of(path: Path, text: str) -> State:
    """What writing ``text`` (unstamped) to ``path`` would do to what is there."""
    try:
        existing = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        return State.NEW
    except (OSError, UnicodeDecodeError):
        return State.FOREIGN
    match = MARKER.match(existing)
    if match is None:
        return State.SAME if existing == text else State.FOREIGN
    recorded = match["digest"]
    untouched = digest(existing[match.end() :]) == recorded
    unchanged = digest(text) == recorded
    if untouched:
        return State.SAME if unchanged else State.UPDATE
    return State.KEPT if unchanged else State.EDITED


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``. The file
    gets the mode a plain write would give (the old file's, else what the umask leaves), not
    the temporary file's 0600, which other users (a web server, CI) could not read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            os.fchmod(out.fileno(), mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
