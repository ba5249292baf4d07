"""A small Confluence space written for the tests, and the three forms a wiki gives it in:
an XML space export (entities.xml), an HTML space export (rendered pages) and the REST API
(served from 127.0.0.1). Pages hold tasks with mentions and dates in several positions, a
link between meetings, an attached image, a secret, a person nobody knows, pages that are not
meetings, and bad pages."""

from __future__ import annotations

import base64
import http.server
import json
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit


def _png() -> bytes:
    """A one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


PNG = _png()


def user(username: str) -> str:
    return f'<ac:link><ri:user ri:username="{username}" /></ac:link>'


def task(body: str, done: bool = False) -> str:
    status = "complete" if done else "incomplete"
    return f"<ac:task><ac:task-status>{status}</ac:task-status><ac:task-body>{body}</ac:task-body></ac:task>"


def tasks(*items: str) -> str:
    return f"<ac:task-list>{''.join(items)}</ac:task-list>"


@dataclass
class Page:
    id: str
    title: str
    body: str
    parent: str | None = None
    labels: tuple[str, ...] = ()
    attachments: dict[str, bytes] = field(default_factory=dict)
    body_type: str = "2"


SST_0606 = Page(
    "11",
    "2022-06-06 DM-SST",
    "<h2>Discussion items</h2>"
    "<h3>Camera</h3><p>Forecast for ComCam on the telescope.</p>"
    '<p><ac:image><ri:attachment ri:filename="forecast plot.png" /></ac:image></p>'
    '<p>See <ac:link><ri:page ri:content-title="DM-SST weekly" />'
    "<ac:plain-text-link-body><![CDATA[the next meeting]]></ac:plain-text-link-body></ac:link>.</p>"
    "<h2>Action items</h2>"
    + tasks(
        task(f'{user("kbechtol")} Look up the camera schedule <time datetime="2022-07-18" />', done=True),
        task(f'{user("rlupton")} and {user("lguy")} to confer on the PST talks <time datetime="2022-06-20" />'),
        task(f"Ask {user('ebellm')} to circulate a Doodle for the brokers meeting"),
    ),
    parent="10",
    labels=("meeting-notes",),
    attachments={"forecast plot.png": PNG, "agenda.pdf": b"%PDF-1.4 fake\n"},
)

SST_0613 = Page(
    "12",
    "DM-SST weekly",
    '<h2>Date</h2><p><time datetime="2022-06-13" /> 09:00 - 10:00 Pacific</p>'
    "<h2>Location</h2><p>Zoom password: 731904</p>"
    "<h2>Participants</h2><ul><li>" + user("lguy") + "</li>"
    '<li><ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" />'
    "<ac:plain-text-link-body><![CDATA[Dana Scully]]></ac:plain-text-link-body></ac:link></li></ul>"
    "<h2>Action items</h2>"
    + tasks(
        task(
            '<ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link> '
            'to write the summary by <time datetime="2022-06-30" /> for the record'
        ),
    ),
    parent="10",
)

SPACE = [
    Page("1", "Meeting space", '<p>Welcome.</p><ac:structured-macro ac:name="children" />'),
    Page("10", "DM-SST meeting notes", '<ac:structured-macro ac:name="children" />', parent="1"),
    SST_0606,
    SST_0613,
    Page("13", "2022-07-04 DM-SST", "h2. Old wiki markup\n* a list", parent="10", body_type="0"),
    Page(
        "14",
        "DM-SST retrospective",
        "<p>No date here.</p>" + tasks(task(f"{user('lguy')} to find a date")),
        parent="10",
    ),
    Page("20", "Meeting notes template", "<h2>Date</h2><p>...</p>", parent="1"),
    Page(
        "30",
        "DMLT 2022-08-01",
        "<h2>Action items</h2>" + tasks(task(f'{user("gdf")} to send the budget <time datetime="2022-08-15" />')),
        parent="1",
    ),
    Page("40", "How we take notes", "<p>Write them down.</p>", parent="1"),
]
"""Meetings: 11, 12 (dated by its Date section), 30. Not meetings: 1 (home), 10 (index),
20 (template), 40 (no date, no tasks). Bad: 13 (wiki markup), 14 (tasks but no date)."""

SERIES_MAP = ["--series-map", "DM-SST*=sst", "--series-map", "DMLT*=lt"]


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _ref(name: str, kind: str, ident: str) -> str:
    package = {"Page": "com.atlassian.confluence.pages", "Label": "com.atlassian.confluence.labels"}.get(kind, "x")
    return f'<property name="{name}" class="{kind}" package="{package}"><id name="id">{ident}</id></property>'


def entities_xml(
    pages: list[Page], users: dict[str, str] | None = None, cloud: dict[str, tuple[str, str]] | None = None
) -> str:
    """entities.xml as Confluence writes it: flat Hibernate objects, bodies after pages,
    a historical version, a draft, a blog post and a comment among them; ``users`` (user key
    -> username) as its ``ConfluenceUserImpl`` objects; ``cloud`` (account id -> email and
    name) as Cloud writes its users, an ``InternalUser`` holding each one's name."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<hibernate-generic datetime="2024-01-01 00:00:00">']
    for key, username in (users or {}).items():
        out.append(
            '<object class="ConfluenceUserImpl" package="com.atlassian.confluence.user">'
            f'<id name="key">{_cdata(key)}</id><property name="name">{_cdata(username)}</property>'
            f'<property name="lowerName">{_cdata(username.lower())}</property></object>'
        )
    for n, (account, (email, name)) in enumerate((cloud or {}).items()):
        out.append(
            '<object class="ConfluenceUserImpl" package="com.atlassian.confluence.user">'
            f'<id name="key">{_cdata(account[:8])}</id><property name="name">{_cdata(email)}</property>'
            f'<property name="lowerName">{_cdata(email)}</property>'
            f'<property name="atlassianAccountId">{_cdata(account)}</property></object>'
            f'<object class="InternalUser" package="com.atlassian.crowd.model.user"><id name="id">{n + 5}</id>'
            f'<property name="name">{_cdata(email)}</property><property name="active">true</property>'
            f'<property name="displayName">{_cdata(name)}</property>'
            f'<property name="emailAddress">{_cdata(email)}</property></object>'
        )
    out.append(
        '<object class="Space" package="com.atlassian.confluence.spaces"><id name="id">99</id>'
        f'<property name="key">{_cdata("MEET")}</property>{_ref("homePage", "Page", "1")}</object>'
    )
    label_ids: dict[str, int] = {}
    for page in pages:
        out.append(
            '<object class="Page" package="com.atlassian.confluence.pages">'
            f'<id name="id">{page.id}</id><property name="title">{_cdata(page.title)}</property>'
            f'<collection name="bodyContents" class="java.util.Collection"><element class="BodyContent" '
            f'package="com.atlassian.confluence.core"><id name="id">5{page.id}</id></element></collection>'
            '<property name="version">3</property><property name="originalVersionId"/>'
            f'<property name="contentStatus">{_cdata("current")}</property>'
            + (_ref("parent", "Page", page.parent) if page.parent else "")
            + "</object>"
        )
        for label in page.labels:
            label_ids.setdefault(label, 700 + len(label_ids))
            out.append(
                f'<object class="Labelling" package="com.atlassian.confluence.labels"><id name="id">8{page.id}</id>'
                f"{_ref('label', 'Label', str(label_ids[label]))}{_ref('content', 'Page', page.id)}</object>"
            )
        for n, name in enumerate(page.attachments, 1):
            out.append(
                f'<object class="Attachment" package="com.atlassian.confluence.pages"><id name="id">9{page.id}{n}</id>'
                f'<property name="title">{_cdata(name)}</property><property name="version">1</property>'
                f"{_ref('containerContent', 'Page', page.id)}</object>"
            )
    for label, ident in label_ids.items():
        out.append(
            f'<object class="Label" package="com.atlassian.confluence.labels"><id name="id">{ident}</id>'
            f'<property name="name">{_cdata(label)}</property><property name="namespace">{_cdata("global")}</property></object>'
        )
    out.append(
        '<object class="Page" package="com.atlassian.confluence.pages"><id name="id">111</id>'
        f'<property name="title">{_cdata("2022-06-06 DM-SST (an old version)")}</property>'
        '<collection name="bodyContents"><element class="BodyContent"><id name="id">5111</id></element></collection>'
        f'{_ref("originalVersion", "Page", "11")}<property name="originalVersionId">11</property>'
        f'<property name="contentStatus">{_cdata("current")}</property>{_ref("parent", "Page", "10")}</object>'
    )
    out.append(
        '<object class="Page" package="com.atlassian.confluence.pages"><id name="id">112</id>'
        f'<property name="title">{_cdata("2022-06-20 DM-SST")}</property>'
        f'<property name="contentStatus">{_cdata("draft")}</property>{_ref("parent", "Page", "10")}</object>'
    )
    out.append('<object class="BlogPost" package="com.atlassian.confluence.pages"><id name="id">60</id></object>')
    out.append('<object class="Comment" package="com.atlassian.confluence.pages"><id name="id">61</id></object>')
    for page in [*pages, Page("111", "", "<p>An old version: <strong>never imported</strong>.</p>")]:
        out.append(
            '<object class="BodyContent" package="com.atlassian.confluence.core">'
            f'<id name="id">5{page.id}</id><property name="body">{_cdata(page.body)}</property>'
            f'{_ref("content", "Page", page.id)}<property name="bodyType">{page.body_type}</property></object>'
        )
    out.append("</hibernate-generic>")
    return "\n".join(out)


def xml_export(
    path: Path,
    pages: list[Page] = SPACE,
    users: dict[str, str] | None = None,
    cloud: dict[str, tuple[str, str]] | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("entities.xml", entities_xml(pages, users, cloud))
        archive.writestr("exportDescriptor.properties", "spaceKey=MEET\nexportType=space\n")
        for page in pages:
            for n, (_name, data) in enumerate(page.attachments.items(), 1):
                archive.writestr(f"attachments/{page.id}/9{page.id}{n}/1", data)
    return path


# -- the HTML space export --------------------------------------------------------------


def _mention(username: str, name: str) -> str:
    return (
        f'<a href="https://wiki.example.org/display/~{username}" class="confluence-userlink user-mention" '
        f'data-username="{username}" data-linked-resource-type="userinfo">{name}</a>'
    )


def _rendered_tasks(*items: tuple[bool, str]) -> str:
    checked = ' class="checked"'
    rows = "".join(
        f'<li{checked if done else ""} data-inline-task-id="{n}"><span>{body}</span></li>'
        for n, (done, body) in enumerate(items, 1)
    )
    return f'<ul class="inline-task-list" data-inline-tasks-content-id="1">{rows}</ul>'


def _html_page(title: str, crumbs: list[tuple[str, str]], main: str, attachments: str = "") -> str:
    links = "".join(f'<li><span><a href="{href}">{text}</a></span></li>' for href, text in crumbs)
    return (
        "<!DOCTYPE html><html><head><title>MEET : " + title + '</title></head><body><div id="page">'
        f'<div id="main-header"><div id="breadcrumb-section"><ol id="breadcrumbs">{links}</ol></div>'
        f'<h1 id="title-heading" class="pagetitle"><span id="title-text"> MEET : {title} </span></h1></div>'
        '<div id="content" class="view"><div class="page-metadata">Created by Someone</div>'
        f'<div id="main-content" class="wiki-content group">{main}</div>{attachments}</div>'
        '<div id="footer">Document generated by Confluence</div></div></body></html>'
    )


TASK_REPORT_HTML = (
    '<table class="aui tasks-report"><thead><tr><th>Description</th><th>Due date</th><th>Assignee</th>'
    "<th>Task appears on</th></tr></thead><tbody>"
    "<tr><td>" + _rendered_tasks((False, "Clarify the meaning of time in the object table.")) + "</td>"
    '<td><time datetime="2022-02-28" class="date-past">28 Feb 2022</time></td>'
    "<td>" + _mention("rlupton", "Robert Lupton") + "</td>"
    '<td><a href="2018-11-05-DM-SST_5.html">2018-11-05 DM-SST</a></td></tr>'
    "<tr><td>"
    + _rendered_tasks((False, "Look up the camera schedule"))
    + '</td><td><time datetime="2022-07-25">25 Jul 2022</time></td>'
    "<td>" + _mention("kbechtol", "Keith Bechtol") + "</td>"
    '<td><a href="2022-06-06-DM-SST_11.html">2022-06-06 DM-SST</a></td></tr>'
    "</tbody></table>"
)


def html_export(path: Path) -> Path:
    """The same space as Confluence's HTML export renders it (the meetings, the index page,
    the home page, the template), in a folder named by the space's key."""
    home = ("index.html", "Meeting space")
    index = ("DM-SST-meeting-notes_10.html", "DM-SST meeting notes")
    first = _html_page(
        "2022-06-06 DM-SST",
        [home, index],
        "<h2>Discussion items</h2><h3>Camera</h3><p>Forecast for ComCam on the telescope.</p>"
        '<p><span class="confluence-embedded-file-wrapper"><img class="confluence-embedded-image" '
        'src="attachments/11/9111.png" data-linked-resource-default-alias="forecast plot.png" '
        'data-linked-resource-id="9111"></span></p>'
        '<p>See <a href="DM-SST-weekly_12.html">the next meeting</a>.</p>'
        "<h2>Action items</h2>"
        + _rendered_tasks(
            (
                True,
                _mention("kbechtol", "Keith Bechtol") + ' Look up the camera schedule <time datetime="2022-07-18">'
                "18 Jul 2022</time>",
            ),
            (
                False,
                _mention("rlupton", "Robert Lupton")
                + " and "
                + _mention("lguy", "Leanne Guy")
                + ' to confer on the PST talks <time datetime="2022-06-20">20 Jun 2022</time>',
            ),
            (False, "Ask " + _mention("ebellm", "Eric Bellm") + " to circulate a Doodle for the brokers meeting"),
        )
        + "<h2>Open tasks</h2>"
        + TASK_REPORT_HTML,
        '<div class="pageSection group"><div class="pageSectionHeader"><h2 id="attachments" '
        'class="pageSectionTitle">Attachments:</h2></div><div class="greybox" align="left">'
        '<a href="attachments/11/9111.png">forecast plot.png</a> (image/png)<br/>'
        '<a href="attachments/11/9112.pdf">agenda.pdf</a> (application/pdf)<br/></div></div>'
        # Its labels, as Confluence draws them under a page.
        '<div id="labels-section" class="pageSection group"><ul class="label-list">'
        '<li class="aui-label"><a class="aui-label-split-main" href="https://wiki.example.org/label/MEET/meeting-notes" '
        'rel="tag">meeting-notes</a></li></ul></div>',
    )
    second = _html_page(
        "DM-SST weekly",
        [home, index],
        '<h2>Date</h2><p><time datetime="2022-06-13">13 Jun 2022</time> 09:00 - 10:00 Pacific</p>'
        "<h2>Location</h2><p>Zoom password: 731904</p>"
        "<h2>Participants</h2><ul><li>" + _mention("lguy", "Leanne Guy") + "</li><li>"
        '<a class="confluence-userlink user-mention" data-account-id="5b10ac8d82e05b22cc7d4ef5" '
        'href="https://wiki.example.org/people/5b10ac8d82e05b22cc7d4ef5">Dana Scully</a></li></ul>'
        "<h2>Action items</h2>"
        + _rendered_tasks(
            (
                False,
                '<a class="confluence-userlink user-mention" data-account-id="5b10ac8d82e05b22cc7d4ef5" '
                'href="https://wiki.example.org/people/5b10ac8d82e05b22cc7d4ef5">Dana Scully</a> to write the summary '
                'by <time datetime="2022-06-30">30 Jun 2022</time> for the record',
            ),
        ),
    )
    lt = _html_page(
        "DMLT 2022-08-01",
        [home],
        "<h2>Action items</h2>"
        + _rendered_tasks(
            (
                False,
                _mention("gdf", "Gregory Dubois-Felsmann") + ' to send the budget <time datetime="2022-08-15">'
                "15 Aug 2022</time>",
            )
        ),
    )
    pages = {
        "index.html": (
            '<html><head><title>MEET : Meeting space</title></head><body><div id="main-content">'
            '<h2>Available Pages:</h2><ul><li><a href="Meeting-space_1.html">Meeting space</a><ul>'
            '<li><a href="DM-SST-meeting-notes_10.html">DM-SST meeting notes</a><ul>'
            '<li><a href="2022-06-06-DM-SST_11.html">2022-06-06 DM-SST</a></li>'
            '<li><a href="DM-SST-weekly_12.html">DM-SST weekly</a></li></ul></li>'
            '<li><a href="Meeting-notes-template_20.html">Meeting notes template</a></li>'
            '<li><a href="DMLT-2022-08-01_30.html">DMLT 2022-08-01</a></li>'
            "</ul></li></ul></div></body></html>"
        ),
        "Meeting-space_1.html": _html_page("Meeting space", [home], "<p>Welcome.</p>"),
        "DM-SST-meeting-notes_10.html": _html_page(
            "DM-SST meeting notes",
            [home],
            '<ul class="childpages-macro"><li><a href="2022-06-06-DM-SST_11.html">2022-06-06 DM-SST</a></li></ul>',
        ),
        "2022-06-06-DM-SST_11.html": first,
        "DM-SST-weekly_12.html": second,
        "Meeting-notes-template_20.html": _html_page("Meeting notes template", [home], "<h2>Date</h2>"),
        "DMLT-2022-08-01_30.html": lt,
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in pages.items():
            archive.writestr(f"MEET/{name}", text)
        archive.writestr("MEET/attachments/11/9111.png", PNG)
        archive.writestr("MEET/attachments/11/9112.pdf", b"%PDF-1.4 fake\n")
        archive.writestr("MEET/styles/site.css", "body {}")
    return path


# -- the REST API -------------------------------------------------------------------------

TOKEN = "t0ken-never-printed-4242"


def _api_page(page: Page, pages: dict[str, Page]) -> dict[str, object]:
    ancestors = []
    parent = page.parent
    while parent:
        ancestors.insert(0, {"id": parent, "type": "page", "title": pages[parent].title})
        parent = pages[parent].parent
    return {
        "id": page.id,
        "type": "page",
        "status": "current",
        "title": page.title,
        "body": {"storage": {"value": page.body, "representation": "storage"}},
        "ancestors": ancestors,
        "version": {"number": 3},
        "metadata": {"labels": {"results": [{"prefix": "global", "name": label} for label in page.labels]}},
        "_links": {"webui": f"/spaces/MEET/pages/{page.id}", "self": f"/rest/api/content/{page.id}"},
    }


@dataclass(frozen=True)
class WikiAccount:
    """A user as the REST API describes one (``/rest/api/user``)."""

    username: str = ""
    name: str = ""


@contextmanager
def wiki_api(
    pages: list[Page],
    page_size: int = 3,
    base: str = "",
    users: dict[str, WikiAccount] | None = None,
    small_sizes: bool = False,
) -> Iterator[tuple[str, list[str]]]:
    """A wiki's REST API on 127.0.0.1 under /wiki, as Cloud serves it: pages of results
    linked by a relative ``_links.next``, a 429 (Retry-After: 0) on the second request,
    401 without the token (bearer, or basic with CONFLUENCE_USER). ``base`` is what the
    answers call the wiki (``_links.base``; default: where it is served). Pages' attachments
    are listed (``/child/attachment``) and downloaded (``/download/attachments/...``, a
    relative ``_links.download``; each said to be 1 byte with ``small_sizes``); ``users`` (by key or account id) answer ``/rest/api/user``.
    Yields the wiki's address and the list of paths requested."""
    by_id = {p.id: p for p in pages}
    requested: list[str] = []
    throttled: list[bool] = []
    good = {f"Bearer {TOKEN}", "Basic " + base64.b64encode(f"dana@example.org:{TOKEN}".encode()).decode()}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def answer(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            requested.append(self.path)
            if self.headers.get("Authorization") not in good:
                return self.answer(401, {"statusCode": 401, "message": "Unauthorized"})
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            if parts.path.startswith(("/wiki/rest/api/content/", "/wiki/download/", "/wiki/rest/api/user")):
                return self.extra(parts.path, query)
            if parts.path != "/wiki/rest/api/content" or query.get("spaceKey") != ["MEET"]:
                return self.answer(404, {"statusCode": 404, "message": "No space with key"})
            if len(requested) == 2 and not throttled:
                throttled.append(True)
                return self.answer(429, {"message": "Rate limited"}, {"Retry-After": "0"})
            assert query.get("type") == ["page"] and "body.storage" in query["expand"][0]
            start, limit = int(query.get("start", ["0"])[0]), min(int(query.get("limit", ["25"])[0]), page_size)
            results = [_api_page(p, by_id) for p in pages[start : start + limit]]
            links = {"base": base or f"http://127.0.0.1:{server.server_address[1]}/wiki", "context": "/wiki"}
            if start + limit < len(pages):
                links["next"] = (
                    f"/rest/api/content?spaceKey=MEET&type=page&expand=body.storage,ancestors,version"
                    f"&start={start + limit}&limit={limit}"
                )
            self.answer(
                200, {"results": results, "start": start, "limit": limit, "size": len(results), "_links": links}
            )

        def extra(self, path: str, query: dict[str, list[str]]) -> None:
            """Attachments, their files and users."""
            if path == "/wiki/rest/api/user":
                key = (query.get("key") or query.get("accountId") or [""])[0]
                account = (users or {}).get(key)
                if account is None:
                    return self.answer(404, {"statusCode": 404, "message": "No such user"})
                return self.answer(200, {"username": account.username, "displayName": account.name})
            parts = path.split("/")
            if path.startswith("/wiki/download/attachments/") and len(parts) == 6 and parts[4] in by_id:
                data = by_id[parts[4]].attachments.get(unquote(parts[5]))
                if data is None:
                    return self.answer(404, {"message": "No such file"})
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return None
            if len(parts) == 8 and parts[6:] == ["child", "attachment"] and parts[5] in by_id:
                page = by_id[parts[5]]
                results = [
                    {
                        "id": f"att{page.id}{n}",
                        "type": "attachment",
                        "title": name,
                        "extensions": {"fileSize": 1 if small_sizes else len(data)},
                        "_links": {"download": f"/download/attachments/{page.id}/{quote(name)}?version=1&api=v2"},
                    }
                    for n, (name, data) in enumerate(page.attachments.items(), 1)
                ]
                links = {"base": base or f"http://127.0.0.1:{server.server_address[1]}/wiki", "context": "/wiki"}
                return self.answer(200, {"results": results, "size": len(results), "_links": links})
            return self.answer(404, {"statusCode": 404, "message": "Not found"})

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/wiki", requested
    finally:
        server.shutdown()
        server.server_close()


def html_space(path: Path, pages: list[Page], labels: bool = True) -> Path:
    """Pages whose ``body`` is already rendered HTML, as Confluence's HTML export writes them:
    ``index.html`` with the page tree, a file per page named ``<title>_<id>.html``, its labels
    (``labels``) in the page's label list."""
    by_id = {p.id: p for p in pages}
    names = {p.id: f"{p.title.replace(' ', '-')}_{p.id}.html" for p in pages}

    def tree(parent: str | None) -> str:
        items = "".join(
            f'<li><a href="{names[p.id]}">{p.title}</a>{tree(p.id)}</li>' for p in pages if p.parent == parent
        )
        return f"<ul>{items}</ul>" if items else ""

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "MEET/index.html",
            '<html><head><title>MEET : Meeting space</title></head><body><div id="main-content">'
            f"<h2>Available Pages:</h2>{tree(None)}</div></body></html>",
        )
        for page in pages:
            crumbs = []
            parent = page.parent
            while parent in by_id:
                crumbs.insert(0, (names[parent], by_id[parent].title))
                parent = by_id[parent].parent
            label_list = "".join(
                f'<li class="aui-label" data-label-id="{n}"><a class="aui-label-split-main" '
                f'href="https://wiki.example.org/label/MEET/{label}" rel="tag">{label}</a></li>'
                for n, label in enumerate(page.labels, 1)
            )
            section = (
                f'<div id="labels-section" class="pageSection group"><ul class="label-list">{label_list}</ul></div>'
                if labels and page.labels
                else ""
            )
            archive.writestr(f"MEET/{names[page.id]}", _html_page(page.title, crumbs, page.body, section))
    return path
