"""The package as another group gets it: the wheel built from this repository, installed into a
fresh virtual environment that cannot see this repository's sources, starts sites with
``minutes init`` (with and without Rubin's branding) that build strictly with zero warnings,
before and after ``minutes new``, and read well in Chromium.

One module-wide set-up (build, install: about a minute, most of it pip), then each test reads it.
pip installs with requirements.txt as constraints, so the versions are the site's pins, from
pip's cache where it has them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, require_chromium
from minutes import __version__

TODAY = "2030-01-15"
PACKAGE_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "MANIFEST.in")


def run(args: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A command as a user runs it: no PYTHONPATH, no active venv, in ``cwd``."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env={**clean, "MINUTES_TODAY": TODAY, **env}, capture_output=True, text=True
    )
    return result


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def strict_build(site: Path, python: Path) -> subprocess.CompletedProcess[str]:
    """``make check``'s build: every warning fails it."""
    return run(
        [python, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E", "-q", ".", "_build/check"], site
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist, built from a copy of the package's files (so nothing is written
    into this repository) with this venv's pinned build tools."""
    source = tmp_path_factory.mktemp("source")
    for name in PACKAGE_FILES:
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(REPO / "_ext", source / "_ext", ignore=ignore)
    out = source / "dist"
    ok(run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source], source))
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    home = tmp_path_factory.mktemp("fresh")
    venv.create(home / "venv", with_pip=True)
    bin_ = home / "venv" / "bin"
    wheel = next(dist.glob("*.whl"))
    ok(run([bin_ / "python", "-m", "pip", "install", "--quiet", "-c", REPO / "requirements.txt", wheel], home))
    return bin_


def test_the_wheel_and_sdist_hold_the_package_and_pass_twine_check(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    sdist = next(dist.glob("*.tar.gz"))
    assert wheel.name == f"sphinx_minutes-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "minutes/__init__.py",
        "minutes/importer/__init__.py",
        "minutes/templates/page.html",
        "minutes/templates/minutes/person.html",
        "minutes/templates/minutes/new-meeting.md.jinja",
        "minutes/static/minutes-tables.js",
        "minutes/branding/rubin/NOTICE.md",
        "minutes/branding/rubin/fonts/OFL.txt",
        "minutes/schema/actions.schema.json",
        "minutes/scaffold/site/dot-github/workflows/check.yml",
        "minutes/scaffold/site/conf.py.jinja",
    ):
        assert name in names, name
    metadata = zipfile.ZipFile(wheel).read(f"sphinx_minutes-{__version__}.dist-info/METADATA").decode()
    assert "Classifier: Framework :: Sphinx :: Extension" in metadata
    requires = {
        line.split(":", 1)[1].strip().split("<")[0].split(">")[0]
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:")
    }
    assert {"sphinx", "myst-parser", "sphinx-design", "technote", "icalendar", "feedgen"} <= requires
    assert not requires & {"pytest", "hypothesis", "playwright", "ruff", "build", "twine"}
    entry_points = zipfile.ZipFile(wheel).read(f"sphinx_minutes-{__version__}.dist-info/entry_points.txt").decode()
    assert "minutes = minutes.__main__:main" in entry_points
    members = tarfile.open(sdist).getnames()
    assert f"sphinx_minutes-{__version__}/_ext/minutes/templates/page.html" in members
    assert f"sphinx_minutes-{__version__}/CHANGELOG.md" in members
    assert not any("/tests/" in m for m in members)
    twine = Path(sys.executable).parent / "twine"
    assert "PASSED" in ok(run([twine, "check", "--strict", wheel, sdist], dist))


def test_the_installed_package_needs_nothing_of_this_repository(installed: Path, tmp_path: Path) -> None:
    where = ok(run([installed / "python", "-c", "import minutes; print(minutes.__file__)"], tmp_path)).strip()
    assert installed.parent in Path(where).parents and REPO not in Path(where).parents
    assert "usage: minutes" in ok(run([installed / "minutes", "--help"], tmp_path))
    assert "init" in ok(run([installed / "python", "-m", "minutes", "--help"], tmp_path))


@pytest.fixture(scope="module")
def sites(installed: Path, dist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two new sites from the installed command, plain and with Rubin's branding."""
    home = tmp_path_factory.mktemp("sites")
    wheel = next(dist.glob("*.whl"))
    made = {}
    for name, options in (("plain", []), ("rubin", ["--rubin-branding", "--title", "Rubin DM minutes"])):
        argv = [installed / "minutes", "init", name, "--series", "weekly", "--package-spec", wheel, *options]
        assert "wrote a minutes site in" in ok(run(argv, home))
        made[name] = home / name
    return made


@pytest.mark.parametrize("name", ["plain", "rubin"])
def test_a_new_site_builds_strictly_before_and_after_its_first_meeting(
    sites: dict[str, Path], installed: Path, name: str
) -> None:
    site = sites[name]
    assert (site / "requirements.txt").read_text().splitlines()[-1].endswith(".whl")
    first = strict_build(site, installed / "python")
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert "No meetings yet." in (site / "_build/check/minutes/weekly/index.html").read_text()
    # `make new`, as the site's README says, with the site's .venv the installed one
    (site / ".venv").symlink_to(installed.parent)
    (site / ".venv/.requirements.stamp").touch()
    ok(run(["make", "new", "SERIES=weekly", f"DATE={TODAY}"], site))
    assert (site / f"minutes/weekly/{TODAY}.md").is_file()
    second = run(["make", "check"], site)
    assert second.returncode == 0 and "WARNING" not in second.stderr, second.stdout + second.stderr
    assert f"{TODAY}.html" in (site / "_build/check/minutes/weekly/index.html").read_text()


def test_the_new_sites_read_well_in_chromium(sites: dict[str, Path], installed: Path) -> None:
    require_chromium()
    from playwright.sync_api import sync_playwright

    for site in sites.values():
        if not (site / "_build/check/index.html").exists():
            ok(strict_build(site, installed / "python"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for name, site in sites.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda err, errors=errors: errors.append(str(err)))
                page.goto((site / "_build/check/minutes/weekly/index.html").as_uri())
                assert page.locator("h1").first.inner_text().startswith("Weekly")
                assert page.locator(".minutes-sidebar").is_visible()
                assert page.evaluate("document.documentElement.classList.contains('minutes-js')")
                logo = page.locator(".minutes-home-logo img.technote-themed-light")
                assert logo.count() == (1 if name == "rubin" else 0)
                if name == "rubin":
                    assert page.evaluate("(img) => img.naturalWidth > 0", logo.element_handle())
                page.goto((site / "_build/check/index.html").as_uri())
                assert page.locator(".minutes-overview").is_visible()
                page.screenshot(path=str(site / "_build" / "home.png"))
                assert errors == [], errors
                page.close()
        finally:
            browser.close()
