"""The text a file holds where a reader, or a program a reader runs, can find it: what the
secret check reads of the images and downloads a page publishes. No Sphinx.

- a text file: its text (UTF-8, else Latin-1);
- a zip container (Office and OpenDocument files, EPUB, a zip archive): each member's text,
  an XML or HTML member's without its tags (a paragraph, cell or row ends a line);
- gzip, bzip2 and xz files (``.gz``, ``.tgz``, ``.bz2``, ``.xz``): what they hold;
- a PDF: its bytes and its deflated streams (link targets, metadata, simply encoded text);
- a PNG: its bytes and its compressed text chunks;
- any other file (JPEG, GIF, WebP, media, FITS): the text in its bytes, where EXIF, XMP,
  comments, ID3 and FITS headers keep theirs.

Bytes that are not UTF-8 are read as Latin-1, keeping only runs of printable characters.

Not read: text drawn as pixels (a screenshot of an invitation), text a PDF's fonts encode
their own way, 7z archives, zip members that are encrypted. Bounded: at most ``LIMIT``
characters from one file, in pieces of ``PIECE`` that overlap by ``OVERLAP``, so that a
value across two pieces is still whole in one; containers are read member by member, none
inflated past ``RATIO`` times its packed size.
"""

from __future__ import annotations

import bz2
import gzip
import html
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

LIMIT = 64 * 2**20
"""Characters read from one file, in all (a bigger file is read up to there)."""
PIECE = 2**20
OVERLAP = 4096
RATIO = 100
MEMBERS = 2000

_TAG = re.compile(r"<(/?)([\w:.\-]{1,80})[^<>]{0,2000}>")
_ENDS_LINE = re.compile(r"(?:^|:)(?:p|h|br|tc|tr|td|th|li|div|si|row|c|table-cell|table-row|list-item|tab)$")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_STRINGS = re.compile(r"[\t\n\r\x20-\x7e\xa0-\xff]{6,}")
"""The text in bytes that are not UTF-8 (what ``strings`` prints): runs of six printable
characters or more that read as text, joined by a quote, which no label and value are read across, so that
no secret is made of a label's letters in one place and digits in the next."""


def text_pieces(path: Path) -> Iterator[str]:
    """The text ``path`` holds, in overlapping pieces of about ``PIECE`` characters."""
    with path.open("rb") as file:
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"PK\x03\x04"):
            yield from _bounded(_zip_texts(path))
            return
        packed = {b"\x1f\x8b": gzip.GzipFile, b"BZ": bz2.BZ2File, b"\xfd7": lzma.LZMAFile}.get(head[:2])
        if packed is not None:
            with packed(fileobj=file) if packed is gzip.GzipFile else packed(file) as unpacked:
                yield from _bounded(_decoded(_read(unpacked)))
            return
        if head.startswith(b"%PDF"):
            data = file.read(LIMIT)
            yield from _bounded(_decoded(iter([data]), *_inflated(data)))
            return
        if head.startswith(b"\x89PNG"):
            data = file.read(LIMIT)
            yield from _bounded(_decoded(iter([data]), *_png_texts(data)))
            return
        yield from _bounded(_decoded(_read(file)))


def _read(file: BinaryIO | gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile) -> Iterator[bytes]:
    while block := file.read(PIECE):
        yield block


def _decoded(blocks: Iterator[bytes], *extra: bytes) -> Iterator[str]:
    for block in [*blocks, *extra] if extra else blocks:
        try:
            yield block.decode("utf-8")
        except UnicodeDecodeError:
            yield '"'.join(run for run in _STRINGS.findall(block.decode("latin-1")) if _wordy(run))


def _wordy(run: str) -> bool:
    """A run of printable characters that reads as text: three in four are letters,
    digits, spaces or common punctuation (in compressed data, fewer are)."""
    return sum(c.isalnum() or c in " \t\n.,:;-/()" for c in run) * 4 >= len(run) * 3


def _bounded(texts: Iterator[str]) -> Iterator[str]:
    """Pieces of about ``PIECE`` characters, each starting ``OVERLAP`` before the last one
    ended, ``LIMIT`` in all."""
    total = 0
    tail = ""
    try:
        for text in texts:
            for at in range(0, len(text), PIECE):
                piece = tail + text[at : at + PIECE]
                yield piece
                tail = piece[-OVERLAP:]
                total += len(piece)
                if total >= LIMIT:
                    return
    except (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile):
        return  # a damaged file: what was read so far was checked


def _zip_texts(path: Path) -> Iterator[str]:
    """Each member's text; an XML or HTML member's without its tags."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist()[:MEMBERS]:
            if info.is_dir() or info.flag_bits & 0x1:
                continue
            most = min(LIMIT, max(info.compress_size, 1) * RATIO)
            with archive.open(info) as member:
                data = member.read(most)
            text = next(_decoded(iter([data])), "")
            yield _untagged(text) if "<" in text[:2000] else text


def _untagged(text: str) -> str:
    """XML or HTML as the text it shows: a tag is nothing, unless it ends a paragraph, a
    cell or a row (``w:p``, ``a:p``, ``text:p``, ``td``, ``br``): then a line ends."""
    return html.unescape(_TAG.sub(lambda m: "\n" if _ENDS_LINE.search(m[2].lower()) else "", text))


def _inflated(data: bytes) -> list[bytes]:
    """A PDF's deflated streams, each inflated up to ``RATIO`` times its size, ``LIMIT`` in all."""
    found: list[bytes] = []
    total = at = 0
    while total < LIMIT and (match := _PDF_STREAM.search(data, at)):
        end = data.find(b"endstream", match.end())
        end = end if end >= 0 else len(data)
        packed, at = data[match.end() : end], end + 9
        try:
            found.append(zlib.decompressobj().decompress(packed, max(1, min(len(packed) * RATIO, LIMIT - total))))
        except zlib.error:
            continue  # not deflated (or damaged): its bytes were read as they are
        total += len(found[-1])
    return found


def _png_texts(data: bytes) -> list[bytes]:
    """A PNG's zTXt and iTXt chunks' text, each on its own, inflated when compressed
    (tEXt is read with the bytes)."""
    found: list[bytes] = []
    at = 8
    while at + 8 <= len(data) and len(found) < MEMBERS:
        size = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + size]
        if kind in (b"zTXt", b"iTXt"):
            key, _, rest = body.partition(b"\0")
            packed = rest[1:] if kind == b"zTXt" else rest[2:].split(b"\0", 2)[-1]  # after language, keyword
            try:
                if kind == b"iTXt" and rest[:1] != b"\1":
                    found.append(key + b": " + packed)  # uncompressed: read alone, not run into the CRC
                else:
                    found.append(key + b": " + zlib.decompressobj().decompress(packed, PIECE))
            except zlib.error:
                pass
        at += 12 + size
    return found


_KINDS: dict[tuple[str, int, int], list[str]] = {}
"""What each file held when it was last read (by path, size and time): a file many pages
show is read once a build."""


def file_secret_kinds(path: Path) -> list[str]:
    """The kinds of meeting secret the text of ``path`` holds (none echoed), or []."""
    from .secrets import secret_kinds

    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _KINDS:
        _KINDS[key] = next((kinds for piece in text_pieces(path) if (kinds := secret_kinds(piece))), [])
    return _KINDS[key]
