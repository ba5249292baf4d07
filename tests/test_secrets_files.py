"""Images and downloads that hold a meeting secret: a UTF-8 text file under 4 MB is
published without it (test_secrets_site); any other file holding one (a PDF, a PNG's text
chunks, an Office file, a gzip file, a text file in another encoding or over 4 MB) is not
published at all, warned at the page's line and shown as a note, while a clean image is
published as usual. No output file holds any of the values."""

from __future__ import annotations

import gzip
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import REPO, build, copy_site, warnings
from minutes.filetext import text_pieces
from minutes.secrets import REDACTED, find_secrets

VALUES = {
    "invite.pdf": ["931 5550 1890", "93155501891"],
    "photo.png": ["730491", "931 5550 1892"],
    "invite.docx": ["730492"],
    "notes.txt.gz": ["730493"],
    "invite-cp1252.txt": ["730494"],
    "big.txt": ["931 5550 1895"],
}
TEXT_VALUE = "730496"
# Red team R18: a file both {include}d and shown by another directive on one page.
TWICE = {
    "minutes/dm-sst/2023-03-03.md": "# Twice\n\n```{meeting}\n:date: 2023-03-03\n```\n\n"
    "```{literalinclude} snippet.txt\n```\n\n```{include} snippet.txt\n```\n\n"
    "```{include} cells.txt\n```\n\n```{csv-table} Cells\n:file: cells.txt\n```\n",
    "minutes/dm-sst/snippet.txt": "Plain text\nPasscode: 771177\n",
    "minutes/dm-sst/cells.txt": "Passcode: 772201\n",
}


def png(*chunks: tuple[bytes, bytes]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"\0\0"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(chunk(*c) for c in chunks) + pixels + chunk(b"IEND", b"")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>Pass</w:t></w:r><w:r><w:t>code: 730492</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>Agenda</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def pdf() -> bytes:
    content = zlib.compress(b"BT (Meeting ID: 931 5550 1890) Tj ET << /URI (https://rubin.zoom.us/j/93155501891) >>")
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Length "
        + str(len(content)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + content
        + b"\nendstream\nendobj\n%%EOF\n"
    )


FILES: dict[str, bytes] = {
    "invite.pdf": pdf(),
    "photo.png": png(
        (b"tEXt", b"Comment\0Passcode: 730491"), (b"zTXt", b"Title\0\0" + zlib.compress(b"Meeting ID: 931 5550 1892"))
    ),
    "invite.docx": docx(),
    "notes.txt.gz": gzip.compress(b"Join the call\nPasscode: 730493\n"),
    "invite-cp1252.txt": "Contraseña: 730494\nSala: edificio 48\n".encode("cp1252"),
    "big.txt": b"Nothing here.\n" * 310_000 + b"Meeting ID: 931 5550 1895\n",
    "clean.png": png((b"tEXt", b"Comment\0Made with a plotting library 3.8.2 on 2023-03-01")),
    "plain.txt": f"Passcode: {TEXT_VALUE}\nRoom 48\n".encode(),
}
PAGE = """# Files with secrets

```{meeting}
:date: 2023-03-02
:participants: lguy
```

The slides are {download}`invite.pdf`.

The minutes: {download}`the minutes <invite.docx>`.

Notes: {download}`notes.txt.gz`.

Spanish: {download}`invite-cp1252.txt`.

A log: {download}`big.txt`.

Plain: {download}`plain.txt`.

![the invitation](photo.png)

![a plot](clean.png)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_app_module):
    pages = {"minutes/dm-sst/2023-03-02.md": PAGE, **TWICE}
    srcdir = copy_site(tmp_path_factory.mktemp("files") / "site", pages=pages)
    for name, data in FILES.items():
        (srcdir / "minutes/dm-sst" / name).write_bytes(data)
    app = build(make_app_module, srcdir, freshenv=True)
    return Path(app.outdir), warnings(app)


def test_what_is_read_of_each_file_holds_its_secret(tmp_path):
    for name, values in VALUES.items():
        path = tmp_path / name
        path.write_bytes(FILES[name])
        text = "".join(text_pieces(path))
        assert find_secrets(text), name
        assert any(value in text for value in values), name
    (tmp_path / "clean.png").write_bytes(FILES["clean.png"])
    assert not [p for p in text_pieces(tmp_path / "clean.png") if find_secrets(p)]


def test_a_file_holding_a_secret_is_not_published(site):
    outdir, log = site
    published = {p.name for p in outdir.rglob("*") if p.is_file()}
    for name in VALUES:
        assert name not in published, name
    assert "clean.png" in published and "plain.txt" in published
    page = (outdir / "minutes/dm-sst/2023-03-02.html").read_text(encoding="utf-8")
    assert "(the invitation: holds a meeting secret, not published)" in page
    assert "(invite.pdf: holds a meeting secret, not published)" in page
    assert "(the minutes: holds a meeting secret, not published)" in page


def test_each_withheld_file_is_warned_at_the_pages_line(site):
    _outdir, log = site
    lines = PAGE.split("\n")
    for name in VALUES:
        line = next(n for n, text in enumerate(lines, start=1) if name in text)
        pattern = rf"2023-03-02\.md:{line}: WARNING: '{re.escape(name)}' holds .* \[minutes\.secret\]"
        assert re.search(pattern, log), (name, log)
    assert "clean.png" not in log


def test_no_output_file_holds_a_value(site):
    outdir, log = site
    values = [v for vs in VALUES.values() for v in vs] + [TEXT_VALUE, "771177", "772201"]
    for path in outdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not [v for v in values if v.encode() in data], path
    for value in values:
        assert value not in log
    text = next(p for p in outdir.rglob("plain.txt"))
    assert text.read_text(encoding="utf-8") == f"Passcode: {REDACTED}\nRoom 48\n"


def test_a_screenshot_of_the_site_is_not_taken_for_a_secret():
    """A real PNG (a screenshot in docs/) is read as it is: no secret."""
    assert not [p for p in text_pieces(REPO / "docs" / "screenshot-meeting.png") if find_secrets(p)]


def test_a_file_included_and_shown_again_is_shown_without_its_secret(site):
    outdir, log = site
    page = (outdir / "minutes/dm-sst/2023-03-03.html").read_text(encoding="utf-8")
    assert page.count(REDACTED) >= 4 and "Plain text" in page and "Cells" in page
    assert len(re.findall(r"snippet\.txt:2: WARNING: .*\[minutes\.secret\]", log)) == 1


def test_each_text_chunk_of_a_png_is_read(tmp_path):
    """Red team R23: an uncompressed iTXt chunk (its text runs into the chunk's CRC bytes)."""
    itxt = b"Comment\0\0\0\0\0Meeting ID: 779 0000 0003"
    path = tmp_path / "i.png"
    path.write_bytes(png((b"iTXt", itxt)))
    assert [s for piece in text_pieces(path) for s in find_secrets(piece)]
