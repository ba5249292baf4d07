"""Owners and due dates as the wiki itself records them, from every source: a task's
assignee is the first user it mentions, wherever the mention sits (after text, in bold, in a
link, in nested spans, a username, a user key or an account id); its due date is the first
``<time>`` in it. A name or a date written as text is neither. The same tasks come from the
XML space export, the REST API and the HTML space export, and the imported site builds
strictly with every task on its page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from wiki_space import Page, WikiAccount, html_space, wiki_api, xml_export

from conftest import build, soup
from minutes.__main__ import main

NAMES = {
    "kbechtol": "Keith Bechtol",
    "lguy": "Leanne Guy",
    "jbosch": "Jim Bosch",
    "rlupton": "Robert Lupton",
    "ebellm": "Eric Bellm",
    "cslater": "Colin Slater",
    "erykoff": "Eli Rykoff",
}
KEYS = {username: f"8a7f808a{n:02d}c0ffee" for n, username in enumerate(NAMES)}
"""Data Center's user keys: storage format names a mentioned user by key only."""
ACCOUNTS = {username: f"5b10ac8d82e05b22cc7d4e{n:02d}" for n, username in enumerate(NAMES)}
"""Cloud's account ids."""


@dataclasses.dataclass(frozen=True)
class Form:
    """How one source writes a mention (by username, user key, account id) and a date."""

    user: Callable[[str], str]
    key: Callable[[str], str]
    account: Callable[[str], str]
    when: Callable[[str], str]


STORAGE = Form(
    user=lambda u: f'<ac:link><ri:user ri:username="{u}" /></ac:link>',
    key=lambda u: f'<ac:link><ri:user ri:userkey="{KEYS[u]}" /></ac:link>',
    account=lambda u: f'<ac:link><ri:user ri:account-id="{ACCOUNTS[u]}" /></ac:link>',
    when=lambda d: f'<time datetime="{d}" />',
)


def _rendered(attribute: str, value: str, username: str) -> str:
    return (
        f'<a class="confluence-userlink user-mention" {attribute}="{value}" '
        f'href="https://wiki.example.org/display/~{username}" data-linked-resource-type="userinfo">{NAMES[username]}</a>'
    )


RENDERED = Form(
    user=lambda u: _rendered("data-username", u, u),
    key=lambda u: _rendered("data-user-key", KEYS[u], u),  # found by the name it shows
    account=lambda u: _rendered("data-account-id", ACCOUNTS[u], u),
    when=lambda d: f'<time datetime="{d}" class="date-past">{d[8:]} Jul {d[:4]}</time>',
)

# (task body in a source's form, owners, due, done): the wiki's assignee first; the people
# named at the task's start after it.
CASES: list[tuple[Callable[[Form], str], list[str], str | None, bool]] = [
    (
        lambda f: f"{f.user('kbechtol')} to look up the schedule {f.when('2022-07-18')}",
        ["kbechtol"],
        "2022-07-18",
        False,
    ),
    (lambda f: f"{f.when('2022-07-18')} {f.user('kbechtol')} to book the room", ["kbechtol"], "2022-07-18", False),
    (lambda f: f"Ask {f.user('ebellm')} to circulate a Doodle {f.when('2022-07-01')}", ["ebellm"], "2022-07-01", False),
    (
        lambda f: f"Review the plan with <strong>{f.user('lguy')}</strong> by <em>{f.when('2022-07-02')}</em>",
        ["lguy"],
        "2022-07-02",
        False,
    ),
    (
        lambda f: (
            f'Read <a href="https://dmtn-226.lsst.io">the note of {f.when("2022-07-03")}</a> '
            f"then ask {f.user('jbosch')}"
        ),
        ["jbosch"],
        "2022-07-03",
        False,
    ),
    (
        lambda f: (
            f"Look <span><span><strong>{f.user('jbosch')} first</strong></span></span> and "
            f"{f.user('lguy')} by {f.when('2022-07-04')} or {f.when('2022-08-04')}"
        ),
        ["jbosch"],
        "2022-07-04",
        False,
    ),
    (
        lambda f: f"{f.user('rlupton')} and {f.user('lguy')} to confer on the PST talks {f.when('2022-06-20')}",
        ["rlupton", "lguy"],
        "2022-06-20",
        False,
    ),
    (lambda f: f"Keith Bechtol and {f.user('lguy')} to draft the charge", ["lguy", "kbechtol"], None, False),
    (lambda f: f"Send the minutes to {f.key('cslater')} {f.when('2022-07-05')}", ["cslater"], "2022-07-05", False),
    (
        lambda f: f"Chase {f.account('erykoff')} about the release {f.when('2022-07-06')}",
        ["erykoff"],
        "2022-07-06",
        False,
    ),
    (
        lambda f: f"By 18 Jul 2022 book the room for {f.user('kbechtol')} {f.when('2022-09-01')}",
        ["kbechtol"],
        "2022-09-01",
        False,
    ),
    (lambda f: "Colin Slater to write up the notes by 30 Jun 2022", [], None, False),
    (lambda f: f.when("2022-07-07"), [], "2022-07-07", False),
    (
        lambda f: f"<p>Prepare the slides</p><p>{f.user('ebellm')} presents {f.when('2022-07-08')}</p>",
        ["ebellm"],
        "2022-07-08",
        False,
    ),
    (
        lambda f: (
            f"Check the dates {f.when('2022-07-09')} and {f.when('2022-07-10')} with "
            f"{f.key('cslater')} and {f.user('kbechtol')}"
        ),
        ["cslater"],
        "2022-07-09",
        False,
    ),
    (lambda f: f"{f.user('lguy')} circulated the agenda {f.when('2022-06-01')}", ["lguy"], "2022-06-01", True),
    (
        lambda f: f"Several people: {f.user('jbosch')}, {f.account('erykoff')} and {f.user('cslater')} to review",
        ["jbosch"],
        None,
        False,
    ),
    (lambda f: f.user("kbechtol"), ["kbechtol"], None, False),
    (
        lambda f: (
            f"Meet {f.user('jbosch')} at "
            + f.when("2022-07-12").replace('"2022-07-12"', '"2022-07-12T09:30:00.000Z"', 1)
        ),
        ["jbosch"],
        "2022-07-12",
        False,
    ),
]
NESTED = (
    lambda f: f"{f.account('erykoff')} to check the nested task {f.when('2022-07-11')}",
    ["erykoff"],
    "2022-07-11",
)
"""A task in a list nested in the list (storage) or in a task's item (rendered)."""
EXPECTED = [(owners, due, done) for _, owners, due, done in CASES] + [(NESTED[1], NESTED[2], False)]


def storage_page() -> Page:
    items = "".join(
        f"<ac:task><ac:task-id>{n}</ac:task-id><ac:task-status>{'complete' if done else 'incomplete'}"
        f"</ac:task-status><ac:task-body>{body(STORAGE)}</ac:task-body></ac:task>"
        for n, (body, _, _, done) in enumerate(CASES, 1)
    )
    nested = (
        "<ac:task-list><ac:task><ac:task-id>99</ac:task-id><ac:task-status>incomplete</ac:task-status>"
        f"<ac:task-body>{NESTED[0](STORAGE)}</ac:task-body></ac:task></ac:task-list>"
    )
    body = f"<h2>Action items</h2><ac:task-list>{items}{nested}</ac:task-list>"
    return Page("21", "2022-07-01 DM-SST", body, parent="20", labels=("meeting-notes",))


def rendered_page() -> Page:
    nested = f'<ul class="inline-task-list"><li data-inline-task-id="99"><span>{NESTED[0](RENDERED)}</span></li></ul>'
    checked = ' class="checked"'
    items = "".join(
        f'<li{checked if done else ""} data-inline-task-id="{n}"><span>{body(RENDERED)}</span>'
        f"{nested if n == len(CASES) else ''}</li>"
        for n, (body, _, _, done) in enumerate(CASES, 1)
    )
    body = f'<h2>Action items</h2><ul class="inline-task-list" data-inline-tasks-content-id="21">{items}</ul>'
    return Page("21", "2022-07-01 DM-SST", body, parent="20", labels=("meeting-notes",))


INDEX = Page("20", "DM-SST meeting notes", '<ac:structured-macro ac:name="children" />')


def actions_in(text: str) -> list[tuple[list[str], str | None, bool]]:
    """(owners, due, done) of each action a written page holds, in order."""
    found = []
    for block in text.split(":::{action} ")[1:]:
        lines = block.split("\n:::")[0].splitlines()
        options = dict(line[1:].split(": ", 1) for line in lines[1:] if line.startswith(":") and ": " in line)
        owners = [o.strip() for o in options.get("owner", "").split(",")]
        found.append(([] if owners == ["unassigned"] else owners, options.get("due"), options.get("status") == "done"))
    return found


def check_site(site: Path, page: str, make_app) -> None:  # type: ignore[no-untyped-def]
    """Every task is an action on its page, and the site builds strictly."""
    app = build(make_app, site, freshenv=True)
    assert app.warning.getvalue() == ""
    html = soup(app, page.removesuffix(".md") + ".html")
    assert len(html.select("div.minutes-action")) == len(EXPECTED)


@pytest.fixture
def site(site_root: Path) -> Path:
    return site_root


def test_xml_space_export_owners_and_due_dates(site: Path, tmp_path: Path, make_app) -> None:
    """Data Center's export names users by key (ConfluenceUserImpl gives the username), Cloud's
    by account id (its username an email address, never written; InternalUser gives the name)."""
    users = {key: username for username, key in KEYS.items()}
    cloud = {ACCOUNTS["erykoff"]: ("eli@example.org", "Eli Rykoff")}
    export = xml_export(tmp_path / "space.xml.zip", [INDEX, storage_page()], users, cloud)
    before = (site / "people.yaml").read_text()
    assert main(["import", "confluence", "--series-map", "DM-SST*=sst", str(export)]) == 0
    text = (site / "minutes/sst/2022-07-01.md").read_text()
    assert actions_in(text) == EXPECTED
    assert (site / "people.yaml").read_text() == before
    assert "example.org" not in text + (site / "_build/import/report.json").read_text()
    assert "dmtn-226.lsst.io" in text and "By 18 Jul 2022 book the room" in text
    check_site(site, "minutes/sst/2022-07-01.md", make_app)


def test_rest_api_owners_and_due_dates(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The API's storage names users by key (Data Center) or account id (Cloud): each is
    looked up once (``/rest/api/user``) for its username and name."""
    from wiki_space import TOKEN

    monkeypatch.setenv("CONFLUENCE_TOKEN", TOKEN)
    users = {KEYS["cslater"]: WikiAccount("cslater", "Colin Slater")}
    users |= {ACCOUNTS[u]: WikiAccount("", NAMES[u]) for u in ("erykoff",)}
    with wiki_api([INDEX, storage_page()], users=users) as (url, requested):
        code = main(["import", "confluence", "--url", url, "--space", "MEET", "--series-map", "DM-SST*=sst"])
    assert code == 0, capsys.readouterr().err
    lookups = [path for path in requested if path.startswith("/wiki/rest/api/user")]
    assert len(lookups) == 2  # one a user, however often mentioned
    text = (site / "minutes/sst/2022-07-01.md").read_text()
    assert actions_in(text) == EXPECTED
    assert "erykoff" in text and "u5b10ac8d" not in text and "added to people.yaml" not in capsys.readouterr().out


def test_html_space_export_owners_and_due_dates(site: Path, tmp_path: Path, make_app) -> None:
    people = site / "people.yaml"
    before = people.read_text()
    export = html_space(tmp_path / "space.html.zip", [INDEX, rendered_page()])
    assert main(["import", "confluence", "--series-map", "DM-SST*=sst", str(export)]) == 0
    text = (site / "minutes/sst/2022-07-01.md").read_text()
    assert actions_in(text) == EXPECTED
    assert people.read_text() == before  # every mention found its person by its username or name
    check_site(site, "minutes/sst/2022-07-01.md", make_app)
