"""Shared fixtures: tiny sites under tests/roots, built with sphinx.testing."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

# Every test site runs the repository's own extension: imported here (pytest.ini puts _ext on
# the path) before any site's conf.py could import a copy that a test later deletes.
import minutes  # noqa: F401

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
TODAY = "2022-08-01"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def site_conf(extra: str = "") -> str:
    """conf.py of a test site: the repository's own conf.py, with a fixed today."""
    # sphinx.testing swaps alabaster for "basic" after loading the environment, which makes
    # every rebuild look like a theme change; name the theme so it is left alone.
    theme = '\nhtml_theme = globals().get("html_theme") or "basic"\n'
    return (REPO / "conf.py").read_text() + theme + f"minutes_today = {TODAY!r}\n" + extra


def copy_site(dest: Path, *, example: bool = True, pages: dict[str, str] | None = None, conf: str = "") -> Path:
    """A site in ``dest``: this repository's conf.py, extension and templates, its example
    content when ``example``, and ``pages`` (path -> text) laid over it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("_ext", "_templates", "_static"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("technote.toml",):
        if (REPO / name).exists():
            shutil.copy(REPO / name, dest / name)
    if example:
        for name in ("index.md", "people.yaml"):
            shutil.copy(REPO / name, dest / name)
        for name in ("minutes", "actions"):
            shutil.copytree(REPO / name, dest / name, dirs_exist_ok=True)
    (dest / "conf.py").write_text(site_conf(conf))
    for path, text in (pages or {}).items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return dest


NESTED_ALL_MEETINGS = """# All meetings

```{toctree}
:maxdepth: 1

dm-sst/index
dmlt/index
```

## Latest meetings

```{meeting-list}
:limit: 10
```

## Decisions

```{decision-log}
```
"""
"""FORMAT.md v1.1's "All meetings", as sites made before the flat toctree have it."""


def nested_shape_pages() -> dict[str, str]:
    """The example site's home page and "All meetings" in FORMAT.md v1.1's nested shape."""
    home = (REPO / "index.md").read_text()
    assert "minutes/*/index\n" in home
    return {
        "index.md": home.replace("minutes/*/index\n", "").replace(":glob:\n", ""),
        "minutes/index.md": NESTED_ALL_MEETINGS,
    }


def copy_root(name: str, dest: Path, *, pages: dict[str, str] | None = None, conf: str = "") -> Path:
    """The tiny site ``tests/roots/test-<name>`` in ``dest``, ``conf`` added to its conf.py and
    ``pages`` (path -> text) laid over it: for a module's one build of a root with pages of its
    own (``@pytest.mark.sphinx(testroot=...)`` builds a root as it is, once a test)."""
    shutil.copytree(ROOTS / f"test-{name}", dest, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    if conf:
        with (dest / "conf.py").open("a", encoding="utf-8") as file:
            file.write("\n" + conf)
    for path, text in (pages or {}).items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return dest


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    """A copy of this repository's example site, free to edit."""
    return copy_site(tmp_path / "site")


def build(make_app, srcdir: Path, *, freshenv: bool = False, parallel: int = 0, buildername: str = "html", **kw):
    """Build a site with sphinx.testing and return the app (its warnings in ``app.warning``)."""
    app = make_app(buildername, srcdir=srcdir, freshenv=freshenv, parallel=parallel, **kw)
    try:
        app.build()
    finally:
        # Reset docutils' process-wide directive registry, so the next app registers afresh.
        app.cleanup()
    return app


def soup(app, page: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def html_pages(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, by path relative to the output directory."""
    return {str(p.relative_to(outdir)): p.read_text(encoding="utf-8") for p in sorted(Path(outdir).rglob("*.html"))}


def warnings(app) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


@pytest.fixture(scope="module")
def make_app_module():
    """make_app for a module-wide build (sphinx.testing's fixture is per test)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        kwargs.setdefault("status", StringIO())
        kwargs.setdefault("warning", StringIO())
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


# -- browser tests: Playwright driving Debian's Chromium -------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium() -> None:
    """Skip, saying why, where Chromium or Playwright is missing; in CI (CI=true) fail instead."""
    import os

    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as err:
            problem = f"playwright is not installed ({err}); run make venv"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}", allow_module_level=True)


@contextmanager
def served(directory: Path):
    """A built site served on 127.0.0.1 while the block runs; yields its base URL."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def built_and_served(srcdir: Path):
    """Build a site with the HTML builder and serve it while the block runs; yields its URL."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    with served(app.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium under Playwright (Playwright's own browser download fails here)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def site_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example site as the current directory: the commands run at a site's root."""
    root = copy_site(tmp_path / "site")
    (root / "_static").mkdir(exist_ok=True)
    monkeypatch.chdir(root)
    return root


def read_on(page, date: str) -> None:
    """The reader's clock at noon of ``date`` (YYYY-MM-DD): minutes-dates.js marks overdue
    actions from the reader's date, so a test reads the site on the day it means."""
    import datetime as dt

    page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{date}T12:00:00"))


@pytest.fixture
def laptop_page(chromium, base_url: str, request: pytest.FixtureRequest):
    """A fresh page at a laptop's width whose relative URLs go to the module's ``base_url``,
    read on the module's ``TODAY`` (the date its site was built for)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    read_on(page, getattr(request.module, "TODAY", TODAY))
    yield page
    context.close()
