"""``minutes init DIR``: a new site, ready to push, that builds strictly before its first meeting
and after ``minutes new``. (tests/test_package.py does the same from the built wheel.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build, html_pages, soup, warnings
from minutes import __version__
from minutes import markdown as md
from minutes.__main__ import main

FILES = {
    "conf.py",
    "technote.toml",
    "index.md",
    "people.yaml",
    "minutes/index.md",
    "minutes/meetings/index.md",
    "actions/index.md",
    "actions/closed.md",
    "Makefile",
    "requirements.txt",
    "README.md",
    ".gitignore",
    ".github/workflows/check.yml",
    ".github/workflows/publish.yml",
    ".github/minutes-problem-matcher.json",
}


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_init_writes_a_whole_site_with_defaults_and_never_prompts(tmp_path: Path, capsys) -> None:
    site = tmp_path / "new-site"
    assert main(["init", str(site)]) == 0
    assert f"wrote a minutes site in {site}: {len(FILES)} files" in capsys.readouterr().out
    assert files_of(site) == FILES
    assert (site / "requirements.txt").read_text().splitlines()[-1] == f"sphinx-minutes=={__version__}"
    conf = (site / "conf.py").read_text()
    assert "minutes_rubin_branding = False" in conf and "minutes_timezone = 'UTC'" in conf
    assert "sys.path" not in conf and not (site / "_ext").exists() and not (site / "_templates").exists()
    assert yaml.safe_load((site / "people.yaml").read_text()) is None  # a commented example only
    makefile = (site / "Makefile").read_text()
    assert "$(VENV)/bin/minutes new" in makefile and "$(VENV)/bin/minutes import confluence" in makefile
    assert "make new SERIES=meetings" in (site / "README.md").read_text()


def test_init_options_reach_the_files(tmp_path: Path) -> None:
    site = tmp_path / "dmlt"
    wheel = tmp_path / "sphinx_minutes-9.9.9-py3-none-any.whl"
    wheel.write_bytes(b"")
    argv = ["init", str(site), "--title", 'DM "Leadership" *minutes*', "--organisation", "Rubin DM"]
    argv += ["--rubin-branding", "--timezone", "America/Santiago", "--series", "dmlt"]
    argv += ["--repository", "https://github.com/lsst-dm/dmlt-minutes", "--package-spec", str(wheel)]
    assert main(argv) == 0
    conf = (site / "conf.py").read_text()
    assert "project = 'DM \"Leadership\" *minutes*'" in conf and "author = 'Rubin DM'" in conf
    assert "minutes_rubin_branding = True" in conf and "minutes_timezone = 'America/Santiago'" in conf
    toml = (site / "technote.toml").read_text()
    assert 'title = "DM \\"Leadership\\" *minutes*"' in toml
    assert 'github_url = "https://github.com/lsst-dm/dmlt-minutes"' in toml
    assert 'canonical_url = "https://lsst-dm.github.io/dmlt-minutes/"' in toml
    assert (site / "index.md").read_text().startswith('# DM "Leadership" \\*minutes\\*\n')
    assert "\nminutes/*/index\n" in (site / "index.md").read_text()  # every series, by a glob
    assert ":series: dmlt" in (site / "minutes/dmlt/index.md").read_text()
    assert (site / "requirements.txt").read_text().splitlines()[-1] == str(wheel.resolve())


@pytest.mark.parametrize(
    "title",
    [
        'Ops """; open("pwned", "w").write("x"); """',
        "Evil ''' \"\"\" {{ 7*7 }} \\",
        "<script>alert(1)</script> [x](javascript:y)",
    ],
)
def test_a_title_is_data_in_every_file_init_writes(tmp_path: Path, title: str) -> None:
    """The title is written as each file's syntax quotes it: never code in conf.py (red team R15)."""
    import ast

    site = tmp_path / "site"
    assert main(["init", str(site), "--title", title, "--organisation", title]) == 0
    module = ast.parse((site / "conf.py").read_text())
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in module.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in ("project", "author")
    }
    assert assigned == {"project": title, "author": title}
    calls = [node for node in ast.walk(module) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "open"]
    assert calls == []
    for name in ("README.md", "index.md"):
        first = (site / name).read_text().splitlines()[0]
        assert md.escape(md.one_line(title)) in first


def test_init_publishing_to_lsst_the_docs_or_nowhere(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "ltd"), "--publish", "ltd", "--ltd-project", "dmlt-minutes"]) == 0
    publish = (tmp_path / "ltd/.github/workflows/publish.yml").read_text()
    assert "if: vars.MINUTES_PUBLISH != 'pages'" in publish
    assert "project: ${{ vars.LTD_PROJECT || 'dmlt-minutes' }}" in publish
    assert 'canonical_url = "https://dmlt-minutes.lsst.io/"' in (tmp_path / "ltd/technote.toml").read_text()
    assert main(["init", str(tmp_path / "none"), "--publish", "none"]) == 0
    assert not (tmp_path / "none/.github/workflows/publish.yml").exists()
    assert (tmp_path / "none/.github/workflows/check.yml").exists()


def test_the_new_sites_workflows_are_this_repositorys(tmp_path: Path) -> None:
    """One set of workflows: the scaffold's, rendered for GitHub Pages, are the ones this site runs."""
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    for name in ("workflows/check.yml", "workflows/publish.yml", "minutes-problem-matcher.json"):
        assert (site / ".github" / name).read_text() == (REPO / ".github" / name).read_text(), name


def test_the_new_sites_workflows_pass_actionlint(tmp_path: Path) -> None:
    exe = Path(sys.prefix) / "bin" / "actionlint"
    assert exe.exists(), "actionlint comes with requirements-dev.txt; run make test"
    assert main(["init", str(tmp_path / "ltd"), "--publish", "ltd"]) == 0
    files = sorted(str(p) for p in (tmp_path / "ltd/.github/workflows").glob("*.yml"))
    result = subprocess.run([str(exe), *files], capture_output=True, text=True, cwd=tmp_path / "ltd")
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n")
    assert main(["init", str(site)]) == 1
    assert f"error: {site} is not an empty folder" in capsys.readouterr().err
    assert files_of(site) == {"notes.txt"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty)]) == 0


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--series", "Weekly Meeting"], "--series 'Weekly Meeting' is not a plain name (letters, digits"),
        (["--timezone", "Mars/Olympus"], "--timezone 'Mars/Olympus' is not an IANA time zone"),
        (["--repository", "javascript:alert(1)"], "--repository 'javascript:alert(1)' is not an http(s) address"),
        (["--title", "two\nlines"], "--title must be one line of text"),
    ],
)
def test_init_says_which_option_cannot_work(tmp_path: Path, capsys, option: list[str], message: str) -> None:
    assert main(["init", str(tmp_path / "site"), *option]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("branding", [False, True])
def test_the_new_site_builds_strictly_before_and_after_its_first_meeting(
    tmp_path: Path, make_app, monkeypatch, capsys, branding: bool
) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--series", "weekly", *(["--rubin-branding"] if branding else [])]) == 0
    app = build(make_app, site, freshenv=True, confoverrides={"minutes_today": "2030-01-15"})
    assert warnings(app) == ""
    assert soup(app, "minutes/weekly/index.html").select_one(".minutes-empty").get_text() == "No meetings yet."
    assert soup(app, "index.html").select_one(".minutes-overview .minutes-empty").get_text() == "No meetings yet."
    assert "No people yet" in soup(app, "people/index.html").select_one(".minutes-people-page").get_text()
    logo = soup(app, "index.html").select_one(".minutes-home-logo img")
    assert (logo is not None) == branding
    monkeypatch.chdir(site)
    assert main(["new", "weekly", "--date", "2030-01-14"]) == 0
    capsys.readouterr()
    assert (site / "minutes/weekly/2030-01-14.md").read_text().startswith("# Weekly meeting\n")
    app = build(make_app, site, confoverrides={"minutes_today": "2030-01-15"})
    assert warnings(app) == ""
    listed = soup(app, "minutes/weekly/index.html").select("table.minutes-meeting-list a")
    assert [a["href"] for a in listed][:1] == ["2030-01-14.html"]
    everything = soup(app, "minutes/index.html")
    assert "weekly/index.html" in {a["href"] for a in everything.select("table.minutes-series-table a")}
    nav = [a["href"] for a in everything.select("nav.minutes-site-nav li.toctree-l1 > a")]
    assert "weekly/index.html" in nav
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_build"))
    clean_app = build(make_app, clean, freshenv=True, confoverrides={"minutes_today": "2030-01-15"})
    assert html_pages(app.outdir) == html_pages(clean_app.outdir)  # the first meeting, incrementally
