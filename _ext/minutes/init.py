"""``minutes init DIR``: a new minutes site, ready to push, in an empty folder.

Everything comes from ``scaffold/site/`` inside the package: files ending ``.jinja`` are rendered
with the options, the others copied; a leading ``dot-`` names a dotfile (``dot-github/`` is
``.github/``), since package data skips dotfiles. The site's templates, theme layer and
branding stay in the installed package: the new site holds its own content and settings only.
Never prompts: every option has a default, so a script or a test can start a site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from . import markdown as md
from .model import ID_PATTERN, series_problem

SCAFFOLD = Path(__file__).parent / "scaffold" / "site"
PACKAGE = "sphinx-minutes"
PUBLISH = ("pages", "ltd", "none")
GITHUB_REPOSITORY = re.compile(r"https://github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?\Z")


class InitError(Exception):
    """An option that cannot make a site: said on stderr, exit status 1."""


@dataclass(frozen=True)
class SiteOptions:
    """What a new site is made from; every field has a default in ``add_init_command``."""

    title: str = "Meeting minutes"
    organisation: str = "Our group"
    rubin_branding: bool = False
    timezone: str = "UTC"
    series: str = "meetings"
    repository: str = ""
    publish: str = "pages"
    ltd_project: str = ""
    site_url: str = ""
    package_spec: str = ""

    def checked(self) -> SiteOptions:
        """The options, or an ``InitError`` naming the first that cannot work and how to fix it."""
        problem = series_problem(self.series)
        if problem:
            raise InitError(f"--{problem}")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            raise InitError(f"--timezone {self.timezone!r} is not an IANA time zone; use e.g. 'Europe/Paris'") from None
        for name, url in (("--repository", self.repository), ("--site-url", self.site_url)):
            if url and not re.fullmatch(r"https?://[^\s\"'<>\\]+", url):
                raise InitError(f"{name} {url!r} is not an http(s) address; use e.g. https://github.com/org/minutes")
        if self.publish not in PUBLISH:
            raise InitError(f"--publish {self.publish!r} is not one of {', '.join(PUBLISH)}")
        if self.ltd_project and not ID_PATTERN.match(self.ltd_project):
            raise InitError(f"--ltd-project {self.ltd_project!r} is not of the form [a-z0-9][a-z0-9-]*")
        for name, text in (("--title", self.title), ("--organisation", self.organisation)):
            if not text.strip() or "\n" in text or "\r" in text:
                raise InitError(f"{name} must be one line of text")
        if "\n" in self.package_spec or "\r" in self.package_spec:
            raise InitError("--package-spec must be one line: a wheel's path, a git URL or a requirement")
        return self


def published_url(options: SiteOptions, folder: Path) -> str:
    """Where the site will be read: ``--site-url``, else the address its publishing target
    gives (GitHub Pages from the repository, ``<project>.lsst.io``), else none."""
    if options.site_url:
        return options.site_url.rstrip("/") + "/"
    if options.publish == "ltd":
        return f"https://{ltd_project(options, folder)}.lsst.io/"
    found = GITHUB_REPOSITORY.match(options.repository)
    if options.publish == "pages" and found:
        return f"https://{found['owner'].lower()}.github.io/{found['name']}/"
    return ""


def ltd_project(options: SiteOptions, folder: Path) -> str:
    return options.ltd_project or re.sub(r"[^a-z0-9-]+", "-", folder.resolve().name.lower()).strip("-") or "minutes"


def package_requirement(spec: str) -> str:
    """The line of the new site's requirements.txt that installs this package: its version,
    or ``spec`` (a wheel or sdist path, made absolute so ``make`` finds it from the site)."""
    if not spec:
        return f"{PACKAGE}=={__version__}"
    path = Path(spec).expanduser()
    if path.suffix in (".whl", ".gz", ".zip") and path.is_file():
        return str(path.resolve())
    return spec


def scaffold_context(options: SiteOptions, folder: Path) -> dict[str, Any]:
    ltd = options.publish == "ltd"
    return {
        "title": options.title,
        "organisation": options.organisation,
        "copyright": f"{dt.date.today().year}, {options.organisation}",
        "rubin_branding": options.rubin_branding,
        "timezone": options.timezone,
        "series": options.series,
        "repository": options.repository,
        "site_url": published_url(options, folder),
        "publish": options.publish,
        "ltd": ltd,
        "ltd_project": ltd_project(options, folder) if ltd else "",
        "on_pages": "vars.MINUTES_PUBLISH == 'pages'" if ltd else "vars.MINUTES_PUBLISH != 'ltd'",
        "on_ltd": "vars.MINUTES_PUBLISH != 'pages'" if ltd else "vars.MINUTES_PUBLISH == 'ltd'",
        "package_spec": package_requirement(options.package_spec),
    }


def scaffold_environment() -> Any:
    """Jinja with ``[[ ]]`` and ``[% %]``: workflows and Makefiles are full of ``${{ }}`` and ``{%``.
    Each filter writes a value as its file's syntax wants it, never as markup."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        autoescape=False,
    )
    env.filters["py"] = repr
    env.filters["toml"] = json.dumps  # a JSON string is a TOML basic string
    env.filters["md"] = lambda text: md.escape(md.one_line(str(text)))
    return env


def site_files(options: SiteOptions, folder: Path) -> dict[str, str]:
    """Every file of the new site, by its path in the site: the scaffold rendered, the first
    series' page from the package's series template (as ``minutes new`` makes it)."""
    from jinja2 import Environment, FileSystemLoader

    from .theme import TEMPLATES

    env = scaffold_environment()
    context = scaffold_context(options, folder)
    files: dict[str, str] = {}
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        parts = [
            ("." + part.removeprefix("dot-")) if part.startswith("dot-") else part
            for part in source.relative_to(SCAFFOLD).parts
        ]
        text = source.read_text(encoding="utf-8")
        if parts[-1].endswith(".jinja"):
            parts[-1] = parts[-1].removesuffix(".jinja")
            text = env.from_string(text).render(context)
        if parts == [".github", "workflows", "publish.yml"] and options.publish == "none":
            continue
        files["/".join(parts)] = text
    series = Environment(loader=FileSystemLoader(str(TEMPLATES / "minutes")), keep_trailing_newline=True)
    files[f"minutes/{options.series}/index.md"] = series.get_template("series-index.md.jinja").render(
        series=options.series, title=md.escape(options.series.replace("-", " ").capitalize())
    )
    return files


def write_site(folder: Path, files: dict[str, str]) -> None:
    """Write the files into ``folder``, which must be empty or missing: nothing is overwritten."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder} is not an empty folder; give a new or empty one (nothing is overwritten)")
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def command_init(args: argparse.Namespace) -> int:
    options = SiteOptions(
        title=args.title,
        organisation=args.organisation,
        rubin_branding=args.rubin_branding,
        timezone=args.timezone,
        series=args.series,
        repository=args.repository,
        publish=args.publish,
        ltd_project=args.ltd_project,
        site_url=args.site_url,
        package_spec=args.package_spec,
    )
    folder = Path(args.dir)
    try:
        files = site_files(options.checked(), folder)
        write_site(folder, files)
    except InitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote a minutes site in {folder}: {len(files)} files")
    print(f"next: cd {folder} && make check && make new SERIES={options.series}, then git init and push")
    return 0


def add_init_command(commands: Any) -> None:
    """``minutes init DIR [options]``: registered by ``__main__.parser``."""
    defaults = SiteOptions()
    init = commands.add_parser("init", help="start a new minutes site in an empty folder (never prompts)")
    init.add_argument("dir", help="the new site's folder: missing or empty")
    init.add_argument("--title", default=defaults.title, help=f"the site's title (default: {defaults.title!r})")
    init.add_argument(
        "--organisation",
        "--organization",
        default=defaults.organisation,
        help=f"who meets: author and organisation of the site (default: {defaults.organisation!r})",
    )
    init.add_argument(
        "--rubin-branding",
        action=argparse.BooleanOptionalAction,
        default=defaults.rubin_branding,
        help="Rubin Observatory's imagotype, fonts and colours (default: the plain technote look)",
    )
    init.add_argument("--timezone", default=defaults.timezone, help="meetings' default IANA time zone (default: UTC)")
    init.add_argument("--series", default=defaults.series, help=f"the first series (default: {defaults.series!r})")
    init.add_argument("--repository", default="", help="the site's repository URL, e.g. https://github.com/org/minutes")
    init.add_argument(
        "--publish", choices=PUBLISH, default=defaults.publish, help="GitHub Pages, LSST the Docs, or no publishing"
    )
    init.add_argument("--ltd-project", default="", help="with --publish ltd: the LTD project (default: DIR's name)")
    init.add_argument(
        "--site-url", default="", help="where the site is read (default: from --publish and --repository)"
    )
    init.add_argument(
        "--package-spec",
        default="",
        help=f"what the site's requirements.txt installs instead of {PACKAGE}=={__version__}: a wheel path or git URL",
    )
    init.set_defaults(run=command_init)
