"""The domain's storage (``PageRecords``): clearing a page and merging a parallel reader's
pages reach every record kind, so a kind added later cannot be left behind on a rebuild."""

from __future__ import annotations

import dataclasses

from minutes.domain import PageRecords


def records_of(pages: list[str], tag: str) -> PageRecords:
    """Every kind holding something for each of ``pages``."""
    records = PageRecords()
    for kind in dataclasses.fields(PageRecords):
        table = getattr(records, kind.name)
        for page in pages:
            table[page] = f"{tag} {kind.name} of {page}"
    return records


def test_forgetting_a_page_forgets_it_in_every_kind():
    records = records_of(["a", "b"], "read")
    records.forget("a")
    for kind in dataclasses.fields(PageRecords):
        assert getattr(records, kind.name) == {"b": f"read {kind.name} of b"}, kind.name


def test_merging_takes_the_readers_pages_in_every_kind_and_no_others():
    mine = records_of(["a", "b"], "main")
    theirs = records_of(["b", "c", "d"], "worker")
    mine.take(theirs, ["b", "c"])
    for kind in dataclasses.fields(PageRecords):
        assert getattr(mine, kind.name) == {
            "a": f"main {kind.name} of a",
            "b": f"worker {kind.name} of b",
            "c": f"worker {kind.name} of c",
        }, kind.name
