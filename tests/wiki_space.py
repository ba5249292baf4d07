"""A small Confluence space written for the tests, and the three forms a wiki gives it in:
an XML space export (entities.xml), an HTML space export (rendered pages) and the REST API
(served from 127.0.0.1). Pages hold tasks with mentions and dates in several positions, a
link between meetings, an attached image, a secret, a person nobody knows, pages that are not
meetings, and bad pages."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path


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


def entities_xml(pages: list[Page]) -> str:
    """entities.xml as Confluence writes it: flat Hibernate objects, bodies after pages,
    a historical version, a draft, a blog post and a comment among them."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<hibernate-generic datetime="2024-01-01 00:00:00">']
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


def xml_export(path: Path, pages: list[Page] = SPACE) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("entities.xml", entities_xml(pages))
        archive.writestr("exportDescriptor.properties", "spaceKey=MEET\nexportType=space\n")
        for page in pages:
            for n, (_name, data) in enumerate(page.attachments.items(), 1):
                archive.writestr(f"attachments/{page.id}/9{page.id}{n}/1", data)
    return path
