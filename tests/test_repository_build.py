"""The repository itself builds as `make check` builds it: every file at the root counts.

Other tests copy the site's pages into a temporary folder, so they miss a file added at the root
that Sphinx would read as a page (a CHANGELOG.md once warned "not included in any toctree")."""

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_the_repository_builds_strictly_with_no_warning(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E", "-q"]
        + ["-d", str(tmp_path / "doctrees"), ".", str(tmp_path / "html")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "MINUTES_TODAY": "2022-08-01", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert (tmp_path / "html" / "actions" / "index.html").is_file()
