"""The secret detector's quick looks change nothing it finds.

``_labels`` tries ``_LABEL`` only where a label may start (``_LABEL_START``, built from the table
``_LABEL_STARTS`` of the first two letters of every label), and ``_view`` skips a block that
holds none of the characters ``_HIDDEN`` starts with (``_HIDDEN_STARTS``); letters without case
are compiled case-sensitively. Both tables are read
off the patterns here, so a new label or hidden mark that the table lacks fails this test, and
the detector's finds with and without the quick looks are compared on the corpora and on
random text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes import secrets
from minutes.secrets import _CJK, _HIDDEN, _HIDDEN_STARTS, _LABEL, _LABEL_START, find_secrets

DATA = Path(__file__).parent / "data" / "secrets"
ROOT = Path(__file__).parent.parent
CORPUS = [
    case["text"]
    for name in ("invitations.yaml", "negatives.yaml")
    for case in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
]

Chars = frozenset[str] | None
"""The characters one position of a match may hold; None for any."""


def _chars(op: object, av: object) -> Chars:
    if op is sre.LITERAL:
        return frozenset(chr(av))  # type: ignore[arg-type]
    if op is not sre.IN:
        return None
    found: set[str] = set()
    for item, value in av:  # type: ignore[attr-defined]
        if item is sre.LITERAL:
            found.add(chr(value))
        elif item is sre.RANGE and value[1] - value[0] < 512:
            found |= {chr(c) for c in range(value[0], value[1] + 1)}
        else:
            return None
    return frozenset(found)


def starts(items: list, length: int) -> set[tuple[Chars, ...]]:
    """Every way a match of the parsed pattern ``items`` may begin: tuples of ``length``
    positions (shorter where a match may end sooner). Zero-width assertions are skipped."""
    done: set[tuple[Chars, ...]] = set()
    partial: set[tuple[Chars, ...]] = {()}
    for op, av in items:
        if not partial:
            break
        if op in (sre.LITERAL, sre.IN, sre.NOT_LITERAL, sre.ANY):
            grown = {p + (_chars(op, av),) for p in partial}
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue
        elif op is sre.SUBPATTERN:
            grown = {p + t for p in partial for t in starts(list(av[3]), length - len(p))}
        elif op is sre.ATOMIC_GROUP:
            grown = {p + t for p in partial for t in starts(list(av), length - len(p))}
        elif op is sre.BRANCH:
            grown = {p + t for p in partial for alt in av[1] for t in starts(list(alt), length - len(p))}
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            grown, layer = (set(partial) if low == 0 else set()), set(partial)
            for count in range(1, min(high, length) + 1):
                layer = {p + t for p in layer if len(p) < length for t in starts(list(sub), length - len(p))}
                grown |= layer if count >= low else set()
        else:
            raise AssertionError(f"an operation this test does not know: {op}")
        done |= {p for p in grown if len(p) >= length}
        partial = {p for p in grown if len(p) < length}
    return done | partial


@cache
def every_character() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@cache
def variants(chars: frozenset[str]) -> str:
    """Every character a case-insensitive pattern matches for one of ``chars``."""
    return "".join(re.findall(f"[{''.join(map(re.escape, sorted(chars)))}]", every_character(), re.IGNORECASE))


def test_every_label_starts_where_the_quick_look_tries_it():
    pairs = starts(list(sre_parse.parse(_LABEL.pattern, _LABEL.flags)), 2)
    assert pairs and all(len(pair) == 2 and None not in pair for pair in pairs)
    for first, second in pairs:
        for a in variants(first):  # type: ignore[arg-type]
            for b in variants(second):  # type: ignore[arg-type]
                assert _LABEL_START.match(f" {a}{b}", 1), (a, b)
                if re.match(f"[{_CJK}]", a, re.IGNORECASE):
                    assert _LABEL_START.match(f"x{a}{b}", 1), (a, b)


def test_every_hidden_mark_starts_with_a_character_the_quick_look_knows():
    firsts = starts(list(sre_parse.parse(_HIDDEN.pattern, _HIDDEN.flags)), 1)
    assert firsts and all(len(first) == 1 and first[0] is not None for first in firsts)
    for (first,) in firsts:
        assert set(variants(first)) <= set(_HIDDEN_STARTS), first  # type: ignore[arg-type]


@pytest.mark.parametrize("letters", [f"[{_CJK}]", f"[^\\W_{_CJK}]"])
def test_the_classes_compiled_case_sensitively_take_the_same_characters_in_either_case(letters):
    """Japanese, Chinese and Korean letters have no case: ``_CJK_LETTER`` and ``_END`` are
    compiled case-sensitively inside case-insensitive patterns (a far cheaper compile), which
    is exact only if no other character's case maps into them; every character is tried."""
    assert re.findall(letters, every_character(), re.IGNORECASE) == re.findall(letters, every_character())


def test_a_letter_of_a_meet_code_in_any_case_is_a_letter_to_the_quick_look():
    """``_MEET_SHAPE`` takes ``[^\\W\\d_]`` for ``_MEET_CODE``'s case-insensitive ``[a-z]``
    (which also takes the Kelvin sign, the long s, the dotted and the dotless I)."""
    assert set(re.findall("[a-z]", every_character(), re.IGNORECASE)) <= set(re.findall(r"[^\W\d_]", every_character()))
    assert r"-[a-z]{4}-" in secrets._MEET_CODE.pattern and secrets._MEET_CODE.flags & re.IGNORECASE
    assert secrets._SIP.pattern.count("sips?:") == 1 and "@" in secrets._SIP.pattern


def without_quick_looks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "_labels", lambda text: _LABEL.finditer(text))
    monkeypatch.setattr(secrets, "_may_hide", lambda text: True)
    monkeypatch.setattr(secrets, "_may_hold_meet_code", lambda text: True)
    monkeypatch.setattr(secrets, "_may_hold_sip", lambda text: True)


def finds(text: str) -> list[tuple[str, int, int]]:
    return sorted(secrets._candidates(text)) + [(s.kind, s.start, s.end) for s in find_secrets(text)]


def site_pages() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((ROOT / "minutes").rglob("*.md"))]


def test_the_corpora_and_the_site_give_the_same_finds_with_and_without_the_quick_looks(monkeypatch):
    texts = [*CORPUS, *site_pages()]
    quick = [finds(text) for text in texts]
    with monkeypatch.context() as patched:
        without_quick_looks(patched)
        assert [finds(text) for text in texts] == quick
    assert sum(map(len, quick)) > 100  # the corpora hold secrets: the comparison is not of nothing


def test_a_label_in_another_case_or_script_is_still_found():
    """Letters a case-insensitive pattern takes for ASCII ones (the Kelvin sign for K, the long s,
    the dotted capital I) and labels in scripts without spaces start where the quick look tries."""
    for text in (
        "\u212aenncode: 512314",
        "Pa\u017fsword: Xk3jH7q",
        "Meeting \u0130D: 845 1234 5689",
        "本次会议号：845123456",
    ):
        assert [m.span() for m in secrets._labels(text)] == [m.span() for m in _LABEL.finditer(text)]
        assert find_secrets(text), text


PIECES = st.sampled_from(
    [
        "Passcode",
        "PASSWORD",
        "pass",
        "Zoom",
        "Meeting ID",
        "meeting-id",
        "ID",
        "pin",
        "Kennwort",
        "n\u00b0 de r\u00e9union",
        "\u4f1a\u8bae\u53f7",
        "\u30d1\u30b9\u30b3\u30fc\u30c9",
        "\u212aenncode",
        "pa\u017fs",
        "\u0130D",
        "dial-in",
        "Tel",
        "code",
        "Webex",
        "845 1234 5689",
        "512314",
        "+1 669 900 6833",
        "Xk3jH7",
        ": ",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "[",
        "](https://x.example/512314)",
        "<b>",
        "&nbsp;",
        "&#53;",
        "\u00ad",
        "\u200b",
        "/",
        "(",
        ")",
        "|",
        "x",
        "é",
        "9",
        "the meeting is",
        "abc-defg-hij",
        "ABC-\u212aLMN-xyz",
        "Meet",
        "sip:",
        "SIPS:",
        "\u017fip:",
        "97839121776@zoomcrc.com",
        "@",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_random_text_gives_the_same_finds_with_and_without_the_quick_looks(text):
    assert [(m.span(), m.lastgroup) for m in secrets._labels(text)] == [
        (m.span(), m.lastgroup) for m in _LABEL.finditer(text)
    ]
    assert secrets._may_hide(text) or _HIDDEN.search(text) is None
    quick = finds(text)
    with pytest.MonkeyPatch.context() as patched:
        without_quick_looks(patched)
        assert finds(text) == quick
