"""Meeting secrets: one detector for pages, included files, people.yaml, generated pages
and the importer. No Sphinx, no docutils: plain text in, places out.

The API (stable; the importer and the extension share it):

- ``find_secrets(text) -> list[Secret]``: every secret, in order, never overlapping. A
  ``Secret`` has ``line`` (from 1), ``kind`` (words for a message, e.g. "a meeting
  password or passcode", one of the constants below), ``start`` and ``end`` (``span``): where the whole value sits in ``text``.
  A ``Secret`` never holds the value itself, so no message can echo it.
- ``redact_secrets(text) -> str``: the text with every secret's whole value replaced by
  ``REDACTED``; lines stay where they were.
- ``redact(text, secrets) -> str``: the same, for secrets already found.
- ``contains_secret(text) -> bool``.
- ``secret_reason(text) -> str | None``: the kind of the first secret, or None.
- ``secret_kinds(text) -> list[str]``: each kind found, once, in order.
- ``secret_values(text) -> list[str]``: each distinct value found, in order; for a reader
  that splits a text into parts (a wiki table into cells) after finding its secrets whole,
  so that a part holding a value without its label is known to be secret too.
- ``secret_messages(secrets) -> list[tuple[int, str]]``: one warning message a line,
  naming what was found and the fix, never the secret.

What is found: the invitation texts that Zoom (in English, Spanish, French, German, and the
labels of Italian, Portuguese, Dutch, Polish, Japanese, Chinese, Korean, Russian ones),
Microsoft Teams (English, French, Spanish, German, Italian, Portuguese, Dutch, Polish,
Japanese, Chinese), Webex, Google Meet, GoToMeeting, BlueJeans, Jitsi and Tencent Meeting put
in calendars. A value after a label (password, passcode, PIN, access code, host key, meeting
or conference ID, dial-in), wherever the two sit: after a colon, across bold or italic marks,
in the next table cell (Markdown or HTML), on the next line, in a link's text or title, later
in a sentence ("the password for the call is ...", "the password is rubinobs."); before a
label in parentheses ("918275 (passcode)"); two values after two labels ("ID/PW: ... / ...");
a code after a meeting ID without a label of its own ("Zoom: <ID> / <passcode>"); the word
"code" near a meeting word ("the code for tomorrow's Zoom is ..."); a service's name as the
label ("Teams: 264 123 456 789"), a bare "ID" beside a service or a password's label; Webex's
numeric password in parentheses that name phones and video systems, in any language; and a
code keyed in after dialling (``*512314#``);
and under a label in a table's header row (Markdown, HTML, tab-separated, CSV). Labels and values are also read as a reader sees them:
through markup that shows nothing (``Pass**code**``, ``512<wbr>314``, ``[512314](...)``, soft
hyphens, zero-width spaces). Without a label: join links (percent- or entity-encoded inside
another link too), links carrying a password, Google Meet codes next to the word Meet,
one-tap and SIP dial strings, room system dial strings, phone numbers in international form,
and the national numbers that follow a dial-in label or another dial-in number. Never dates,
times, versions, IP addresses, ticket or document ids, arXiv ids, DOIs, durations, counts or
money (tests/data/secrets/ holds both corpora).

Linear time: every quantifier is bounded and the ambiguous ones are possessive or atomic,
so no input makes a pattern backtrack more than a constant amount at each position.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

#: What a secret's value becomes on the site: the whole value, never a part of it.
REDACTED = "\u2022\u2022\u2022"

PASSWORD = "a meeting password or passcode"
PIN = "a PIN or access code"
MEETING_ID = "a meeting ID"
DIAL_IN = "a dial-in number"
DIAL_STRING = "a dial string that joins the meeting"
JOIN_LINK = "a link that joins the meeting"
LINK_PASSWORD = "a link carrying a meeting password (pwd=...)"
TABLE_VALUE = "a value its table labels as a meeting secret"

# -- labels, in the words the services' invitations use ------------------------------------

_PASSWORD_LABELS = (
    r"password(?: della)? riunione|(?:password|passcode|pin) (?:from|for) (?:phones? and video systems?|phones?|video systems?)|"
    r"pass(?:word|wd|[ -]?code)s?|pwd|pw|secret code|kenncode|kennwort|passwort|(?:meeting|besprechungs|veranstaltungs)passwort|kennung(?=[\x20\t]{0,3}[:\uff1a]|\x20\S)|\u043f\u0430\u0440\u043e\u043b\u044c|"
    r"pass(?=[\x20\t]{0,3}[:\uff1a=]|\x20\d)|"  # "Zoom pass: 512314", "(pass 512314)"
    r"contrase[ñn]a(?: de la reuni[óo]n)?|clave(?: de acceso)?|mot de passe(?: de la r[ée]union)?|code secret|"
    r"senha(?: de acesso| da reuni[ãa]o)?|palavra-passe|wachtwoord(?:code)?|pascode|has[łl]o|"
    r"\u30d1\u30b9\u30b3\u30fc\u30c9|\u30d1\u30b9\u30ef\u30fc\u30c9|\u5bc6\u7801|\u5bc6\u78bc|\uc554\ud638"
)
_CODE_LABELS = (
    r"(?:participant |attendee |host |moderator |leader |guest |meeting |conference |audio |organi[sz]er )?"
    r"(?:pin(?:[ -]?(?:code|number))?|access[ -]?code|(?:participant|attendee|host|moderator|leader|guest) (?:code|key)"
    r"|security code)|host key|"
    r"c[óo]digo(?: de acceso| de acesso| de participante)?|zugangscode|zugriffscode|teilnehmer(?:-?pin|code)|"
    r"code d['\u2019]acc[èe]s(?: participant)?|code confidentiel|code participant|"
    r"codice(?: d['\u2019]accesso| di accesso| accesso)|toegangscode|\u043a\u043e\u0434 \u0434\u043e\u0441\u0442\u0443\u043f\u0430|"
    r"kod (?:dost[ęe]pu|spotkania)|\u30a2\u30af\u30bb\u30b9\u30b3\u30fc\u30c9"
)
_ID_LABELS = (
    r"(?:zoom |webinar |personal |teams |webex |phone |video |vtc |audio |gotomeeting |goto )?"
    r"(?:meeting|conference|conf\.?|webinar|bridge|attendee)[ -]?(?:id|no\.?|number|num|#|code|key)|"
    r"(?:event|session)[ -]?(?:no\.?|number|num|#|code|key)|"  # an "Event ID" is an alert's, a "Session ID" a visit's
    r"(?:zoom|webex|teams|goto|bluejeans|mtg)[ -]?(?:id|no\.?|number|#)|pmi|(?:zoom|webex|teams|gotomeeting|goto|bluejeans)(?:-[^\W\d_]{1,20})?|meeting|"
    r"id\.? de (?:la )?reuni[óo]n|id\.? de conferencia(?: telef[óo]nica| de v[íi]deo)?|id\.? (?:della )?conferenza(?: telefonica| video)?|n[úu]mero de (?:la )?reuni[óo]n|id de (?:la )?r[ée]union|n[°ºo]\.? ?de (?:la )?r[ée]union|"
    r"num[ée]ro de (?:la )?r[ée]union|identifiant de (?:la )?r[ée]union|id de conf[ée]rence(?: t[ée]l[ée]phonique)?|"
    r"(?:meeting|besprechungs|konferenz|telefonkonferenz|sitzungs|webinar|veranstaltungs)-?(?:id|nummer)|veranstaltungskennnummer|"
    r"num[ée]ro de l['\u2019]?[ée]v[ée]nement|\u30a6\u30a7\u30d3\u30ca\u30fc ?id|\u817e\u8baf\u4f1a\u8bae\u53f7|"
    r"id (?:della )?riunione|numero (?:della |di )?riunione|id (?:pessoal )?d[ae] reuni[ãa]o|n[úu]mero da reuni[ãa]o|vergader(?:ings?)?-?id|"
    r"(?:identyfikator|id|numer) (?:osobistego )?spotkania|(?:meeting-?)?kennnummer|"
    r"\u30df\u30fc\u30c6\u30a3\u30f3\u30b0 ?(?:id|\u756a\u53f7)|(?:\u4f1a\u8bae|\u6703\u8b70|\u4f1a\u8b70)(?: ?id|\u865f\u78bc|\u53f7\u7801|\u53f7|\u865f|\u756a\u53f7|\u8b58\u5225\u78bc|\u8bc6\u522b\u7801)|"
    r"\u817e\u8baf\u4f1a\u8bae|\ud68c\uc758 ?id|"
    r"\u0438\u0434\u0435\u043d\u0442\u0438\u0444\u0438\u043a\u0430\u0442\u043e\u0440 \u043a\u043e\u043d\u0444\u0435\u0440\u0435\u043d\u0446\u0438\u0438|"
    r"id(?=[\x20\t]{0,3}[:\uff1a]?[\x20\t]{0,3}\d)"  # a bare "ID", only on an invitation's line (_label_holds)
)
_PHONE_LABELS = (
    r"dial[ -]?in(?: numbers?)?|dial(?: by your location)?|call[ -]?in(?: numbers?)?|join by phone|"
    r"phone(?: numbers?| dial-in| conference| bridge)?|tel(?:ephone)?|toll(?:[ -]free)?|conference line|"
    r"einwahl(?:nummer| nach aktuellem standort)?|telefon(?:nummer)?|marcar(?: seg[úu]n su ubicaci[óo]n)?|"
    r"tel[ée]fono|composez(?: un num[ée]ro en fonction de votre emplacement)?|t[ée]l[ée]phone|"
    r"componi(?: in base alla tua posizione)?|disque(?: pelo seu local)?|inbellen"
)

# Between a label and its value: colons, markup (bold, italics, code, a table's cell
# border, HTML tags), a short parenthesis ("(access code)"), "is", line ends, and the "; "
# that joins a wiki table's cells into one line. Possessive,
# so it is read once.
_GAP = (
    r"(?:[\s:\uff1a=#*_`~|>;)\-\u2013\u2014\u2192\u21d2\u27a1\"'\u201c\u2018\u300c]|&nbsp;|&#58;|&#x3a;|<[^<>\n]{0,80}>|\([^()\n]{0,40}\)|\uff08[^\uff08\uff09\n]{0,40}\uff09"
    r"|(?<![^\W_])(?:is|are|es|est|ist|lautet|ser[áa]|was|[éè])(?![^\W_])|[\u662f\u4e3a\u70ba\u306f]){0,16}+"
)
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
"""Scripts written without spaces: a label there needs no word boundary ("本次会议号：")."""
_CJK_LETTER = rf"(?-i:[{_CJK}])"
"""One such letter. These have no case, so the class is compiled case-sensitively (the same
characters, tests/test_secrets_prefilter.py checks every one): the case-insensitive compile of
its ranges cost most of the import of this module."""
_END = rf"(?-i:(?![^\W_{_CJK}]))"
"""A value's end: no letter or digit follows, but a Japanese or Chinese word may ("512314です")."""
_DIGITS = r"(?>\d{1,15}(?:[ \u00a0\u2009\u202f.\-]\d{1,8}){0,6})#?"
_TOKEN = r"[^\s<>()\[\]{}\"'`*|,;\u201c\u201d\u2018\u2019]{1,500}"
_PHONE_VALUE = r"(?:\+ ?)?(?:\d{1,3}[ \u00a0.\-]?(?=\())?(?:\(\d{1,5}\)[ \u00a0.\-]?)?(?>\d{1,15}(?:[ \u00a0\u2009\u202f.\-]\d{1,5}){0,6})"

_SPACE = r"(?:[ \u00a0\u202f]|&nbsp;)"


def _spaced(labels: str) -> str:
    """Labels whose words may also be joined by a no-break space (as Outlook pastes them)
    or an ``&nbsp;``, which the page shows as a space."""
    return labels.replace("[ -]", "\0").replace(" ", _SPACE).replace("\0", f"(?:{_SPACE}|-)")


_LABEL = re.compile(
    rf"(?:(?<![^\W_])|(?={_CJK_LETTER}))(?<![?&;=/.@])(?:(?P<password>{_spaced(_PASSWORD_LABELS)})|(?P<code>{_spaced(_CODE_LABELS)})"
    rf"|(?P<id>{_spaced(_ID_LABELS)})|(?P<phone>{_spaced(_PHONE_LABELS)}))(?:(?![^\W_])|(?<={_CJK_LETTER})|(?={_CJK_LETTER}))",
    re.IGNORECASE,
)
"""Every label, in one pass over the text; the value is then read from the label's end."""
_LABEL_STARTS = {
    "a": "ctu",
    "b": "elr",
    "c": "alo\u00f3",
    "d": "i",
    "e": "iv",
    "g": "ou",
    "h": "ao",
    "i": "dn",
    "j": "o",
    "k": "eo",
    "l": "e",
    "m": "aeot",
    "n": "ou\u00b0\u00ba\u00fa",
    "o": "r",
    "p": "aehimw",
    "s": "ei",
    "t": "eo\u00e9",
    "v": "eit",
    "w": "ae",
    "z": "ou",
}
"""The first two letters of every label that starts with a Latin letter (tests/test_secrets_prefilter.py
reads them off ``_LABEL``): most words of a page start otherwise, and are skipped."""
_LABEL_START = re.compile(
    r"(?i:(?<![^\W_]))(?:"
    + "|".join(
        f"[{first}{first.upper()}](?:[{second}{second.upper()}]|[^\x00-\x7f])"
        for first, second in _LABEL_STARTS.items()
    )
    + rf"|[^\x00-\x7f])|[{_CJK}]"
)
"""Where a label may start: a word's start whose first two letters start a label, in either case
(or a letter outside ASCII, which may be a label's in another script or case), or a Japanese,
Chinese or Korean letter. Case-sensitive classes let the regex engine drop a word at its first
letter, where ``_LABEL``'s case-insensitive alternatives try each label in turn at every word."""


def _labels(text: str) -> Iterator[re.Match[str]]:
    """``_LABEL.finditer(text)``, tried only where a label may start (``_LABEL_START``): the same
    matches, a third of the work on a page of prose."""
    at = 0
    while (start := _LABEL_START.search(text, at)) is not None:
        label = _LABEL.match(text, start.start())
        if label is None:
            at = start.start() + 1
            continue
        yield label
        at = label.end()


_VALUE = {
    "password": re.compile(rf"{_GAP}(?P<value>{_DIGITS}{_END}|{_TOKEN})", re.IGNORECASE),
    "code": re.compile(rf"{_GAP}(?P<value>{_DIGITS}{_END}|{_TOKEN})", re.IGNORECASE),
    "id": re.compile(rf"{_GAP}(?P<value>[a-z]{{3,4}}-[a-z]{{4}}-[a-z]{{3}}|{_DIGITS}{_END})", re.IGNORECASE),
    "phone": re.compile(rf"{_GAP}(?P<value>{_PHONE_VALUE})(?![^\W_])", re.IGNORECASE),
}

# -- values that need no label ---------------------------------------------------------------

_PHONE_CORE = r"\+ ?(?>\d{1,4})(?:[ \u00a0.\-]?(?:\(\d{1,5}\)|\d{1,5}+)){1,7}+"
_INTERNATIONAL = re.compile(rf"(?<![\w+]){_PHONE_CORE}(?![^\W_])")
"""A phone number in international form: in minutes, a dial-in, whatever its label."""
_ONE_TAP = re.compile(rf"(?<![\w+])(?:{_PHONE_CORE}|\d{{6,15}}+)(?:[ ]?,{{2,8}}+[*#]?+\d{{1,20}}+#{{0,2}}+){{1,6}}+")
"""``+16699006833,,97839121776#,,,,*512314#``: a phone number that dials straight in."""
_SIP = re.compile(
    r"(?<![\w.+\-])(?:sips?:[^\s<>\"'`|)\]]{1,200}|\d{6,20}(?:\.\d{1,10})?@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,5})",
    re.IGNORECASE,
)
"""``97839121776@zoomcrc.com``, ``sip:...``: a video system's address for one meeting."""
_PHONE_PASSWORD = re.compile(
    r"\([ ]{0,3}(?P<value>\d{4,15}+)[ ]{1,3}(?:from|for|on|via)[ ]{1,3}(?:the[ ]{1,3})?(?:tele)?(?:phones?|video)",
    re.IGNORECASE,
)
"""Webex's numeric password: ``tXqP3kM8 (89773568 from phones and video systems)``."""
_PHONE_VIDEO = r"(?:phone|telefon|t[ée]l[ée]phone|tel[ée]fono|\u96fb\u8a71|\u7535\u8bdd)"
_VIDEO = r"(?:video|vid[ée]o|v[íi]deo|\u30d3\u30c7\u30aa|\u89c6\u9891|\u8996\u8a0a)"
_PHONE_VIDEO_PASSWORD = re.compile(
    rf"[(\uff08](?=[^()\uff08\uff09\n]{{0,80}}?{_PHONE_VIDEO})(?=[^()\uff08\uff09\n]{{0,80}}?{_VIDEO})"
    r"[^()\uff08\uff09\n\d]{0,60}+(?P<value>\d{6,15}+)[^()\uff08\uff09\n\d]{0,60}+[)\uff09]",
    re.IGNORECASE,
)
"""Webex's numeric password in any language: ``(33445566 über Telefone und Videosysteme)``,
``（从电话和视频系统加入时为 33445566）``: a number in parentheses that name phones and video systems."""
_DTMF = re.compile(r"(?<![\w*])\*(?P<value>\d{4,15}+)#")
"""``*512314#``: a passcode keyed in after dialling."""
_ROOM_DIAL = re.compile(r"##[ \u00a0]{0,3}(?P<value>(?>\d{1,15}(?:[ \u00a0\-]\d{1,7}){0,6}))(?![^\W_])")
"""``162.255.37.11##912 3456 7890``: a room system's dial string."""
_LINK_PASSWORD = re.compile(
    r"[?&;](?:pwd|passwd|password|passcode|pass|pw|pin|pincode|access_?code|tk)=(?P<value>[^\s&#\"'<>()\[\]`|]{1,500})",
    re.IGNORECASE,
)
_USERINFO = re.compile(r"://(?P<value>[^\s/@:<>\"'`]{1,200}+:[^\s/@<>\"'`]{1,500}+)@")
"""A link that carries a user name and password (``https://ana:TOKEN@wiki/``): the two, whole."""
_LINK_ID = re.compile(r"[?&;](?:confno|confid|mtid)=(?P<value>[^\s&#\"'<>()\[\]`|]{1,500})", re.IGNORECASE)
"""A meeting's number in a link's query (``join?confno=``, ``msteams?confid=``, ``MTID=``)."""
_SENTENCE_WORDS = (
    r"for|of|to|the|this|that|our|its|today['\u2019]?s?|tonight['\u2019]?s?|tomorrow['\u2019]?s?|next|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day['\u2019]?s?|call['\u2019]?s?|meeting['\u2019]?s?|session|series|room|line|bridge"
    r"|week'?s?|weekly|monthly|(?:zoom|teams|webex|meet)(?:['\u2019]s)?|new|same|usual|still|now|again|also|and|id|number|dial-in|phone|participants?"
    r"|f[üu]r|zum|zur|das|die|der|heute|de|la|le|del|della|des|para|pour|du|da|do|per|il|di|as|last|previous|every|each|in|on|at"
    r"|everyone|all|guests|attendees|r[ée]union|reuni[óo]n|riunione|besprechung|sitzung|(?:zoom|teams|webex)-[^\W\d_]{1,20}"
)
_SENTENCE = re.compile(
    rf"(?:(?:[ \u00a0]{{1,3}}(?:{_SENTENCE_WORDS})){{1,5}}(?:[ \u00a0]{{1,3}}"
    r"(?:is|was|will be|remains|stays|ist|lautet|es|est|é|è|sera|ser[áa])|[ \u00a0]{0,2}[:\uff1a])"
    r"|[ \u00a0]{1,3}(?:(?:has |was |is )?changed to|is now|(?:has )?moved to|wurde ge[äa]ndert (?:auf|in)|(?:ist )?jetzt))"
    rf"[ \u00a0]{{1,3}}[\"'\u201c\u2018]?(?P<value>{_DIGITS}{_END}|{_TOKEN})",
    re.IGNORECASE,
)
"""After a label, the rest of a sentence that tells its value: "the password for the call
is Xk3jH7", "the Zoom passcode for today is 512314"."""
_MEETING_WORDS = (
    r"zoom|teams|webex|meet|google meet|gotomeeting|goto|bluejeans|jitsi|skype|call|meeting|conference|webinar|telco|"
    r"dial-in|id|r[ée]union|reuni[óo]n|riunione|reuni[ãa]o|besprechung|sitzung|konferenz|\u30df\u30fc\u30c6\u30a3\u30f3\u30b0|\u4f1a\u8bae"
)
_MEETING_WORD = re.compile(
    rf"(?:(?<![^\W_])|(?={_CJK_LETTER}))(?:{_MEETING_WORDS})(?:['\u2019]s)?(?:(?![^\W_])|(?={_CJK_LETTER}))",
    re.IGNORECASE,
)
_CODE_WORD = re.compile(
    r"(?<![^\W_])(?P<before>[^\W\d_]{1,20}[ \u00a0-])?(?:codes?|codice)(?![^\W_])|(?P<cjk>\u30b3\u30fc\u30c9)",
    re.IGNORECASE,
)
"""The bare word "code", which tells a meeting's passcode only with a meeting word near it."""
_NOT_MEETING_CODE = frozenset(
    "error status exit return source zip postal post country area color colour promo discount product billing "
    "cost project account qr bar dress morse python sample example test tests".split()
)
"""Words before "code" that make it another code ("error code", "source code")."""
_CODE_TELLS = re.compile(
    rf"(?P<words>(?:[ \u00a0]{{1,3}}(?:{_SENTENCE_WORDS}|{_MEETING_WORDS})(?:['\u2019]s)?(?:-(?:{_MEETING_WORDS}))?){{0,5}})"
    r"(?P<gap>[ \u00a0]{0,3}(?:[:\uff1a\u306f]|[ \u00a0](?:is|was|will be|remains|ist|lautet|es|est|é|è|sera|ser[áa])(?=[ \u00a0]))"
    r"[ \u00a0]{0,3}|[ \u00a0]{1,3})"
    rf"[\"'\u201c\u2018]?(?P<value>{_DIGITS}{_END}|{_TOKEN})",
    re.IGNORECASE,
)
"""What follows "code" to tell its value: "for tomorrow's Zoom is 482922", ": 482922"."""
_CODE_FOLLOWS = re.compile(
    r"[ \t]{1,3}(?:\(|/|(?:for|and|or|then|on|via|f[üu]r|pour|para|per)(?![^\W_]))|[\u3002\u3067]", re.IGNORECASE
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_MEET_CODE = re.compile(r"(?<![\w-])[a-z]{3}-[a-z]{4}-[a-z]{3}(?![\w-])", re.IGNORECASE)
_MEET_WORDS = re.compile(r"(?<![^\W_])(?:meet|hangouts?|gmeet)(?![^\W_])", re.IGNORECASE)
"""A Google Meet code (``abc-defg-hij``) is one near the word Meet (or Hangouts)."""
_SERVICE = re.compile(
    r"zoom|webex|teams|meet|goto|bluejeans|jitsi|://|(?<![^\W_])(?:id|call|dial)(?![^\W_])", re.IGNORECASE
)
"""What a bare "pass:" follows on its line when it is a meeting's password ("Zoom pass:")."""
_ENCODED = re.compile(r"%2f|%3a|&#(?:47|x2f|58|x3a);")
_ENCODED_URL = re.compile(r"[^\s<>\"'`|)\]]{1,4000}+")
"""A link (or a part of one) that may hold another one percent- or entity-encoded."""
_JOIN_HOSTS = (
    r"zoom(?:gov)?\.(?:us|com)/(?:j|w|s|my|wc|webinar|meeting|join|launch|rec/share|skype|u)/|"
    r"zoom(?:gov)?\.(?:us|com)/join\?|"
    r"zoom(?:gov)?\.(?:us|com)/meetings/(?=\d)|"
    r"teams\.microsoft\.com/(?:_#/)?(?:l/meetup-join|meet|meetingOptions)/|teams\.live\.com/meet/|dialin\.teams\.microsoft\.com/(?=[\w-]{0,80}\?id=\d)|msteams:/{0,2}l/meetup-join/|"
    r"teams\.microsoft\.com/dl/launcher/launcher\.html\?(?=[^\s<>\"'`|)\]]{0,200}?meetup-join)|"
    r"webex\.com/(?:[\w-]{1,63}/){0,2}(?:[jeg]\.php|meet/|join/|wbxmjs/joinservice|"
    r"webappng/sites/|m/|msteams\?)|"
    r"meet\.google\.com/|tel\.meet/|g\.co/meet/|"
    r"(?:global|app|www)\.gotomeeting\.com/(?:join|install|meeting)/|meet\.goto\.com/|app\.goto\.com/meeting/|gotomeet\.me/|"
    r"bluejeans\.com/(?=\d)|bluejeans\.com/a2m/live-event/|chime\.aws/|meet\.jit\.si/|8x8\.vc/|jitsi(?:\.[\w-]{1,63}){1,3}/|whereby\.com/|join\.skype\.com/|"
    r"(?:[\w-]{1,63}\.)?slack\.com/huddle/"
)
_JOIN_LINK = re.compile(rf"(?:{_JOIN_HOSTS})(?P<value>[^\s<>\"'`|)\]]{{1,2000}})", re.IGNORECASE)
"""Any link into a meeting service's join path: the path names (and admits to) one meeting."""
_JOIN_HOST_WORDS = (
    "zoom.",
    "zoomgov.",
    "teams.",
    "msteams:",
    "webex.com/",
    "meet.google.com/",
    "tel.meet/",
    "g.co/meet/",
    "gotomeeting.com/",
    "meet.goto.com/",
    "app.goto.com/",
    "gotomeet.me/",
    "bluejeans.com/",
    "chime.aws/",
    "meet.jit.si/",
    "8x8.vc/",
    "jitsi.",
    "whereby.com/",
    "join.skype.com/",
    "slack.com/huddle/",
)
"""A page without any of these has no join link: most pages, which then skip the pattern."""

_SAFELINKS = re.compile(
    r"https?://[\w.\-]{0,100}safelinks\.protection\.outlook\.com/?\?[^\s<>\"'`|)\]]{1,4000}", re.IGNORECASE
)
"""Outlook's SafeLinks wrapper: the link it wraps is in ``url=``, percent-encoded."""


def _safelinks(text: str) -> list[tuple[str, int, int]]:
    """Each SafeLinks URL, whole, whose wrapped link joins a meeting or carries a password."""
    found: list[tuple[str, int, int]] = []
    for match in _SAFELINKS.finditer(text):
        query = parse_qs(urlsplit(match[0]).query)
        wrapped = " ".join(unquote(url) for url in query.get("url", []))
        if _JOIN_LINK.search(wrapped) or _LINK_PASSWORD.search(wrapped):
            found.append((JOIN_LINK, *match.span()))
    return found


# A national number is a dial-in only after a label or another dial-in number: up to three
# lines that hold no digit lie between them ("... US (San Jose)\n  877 853 5247 US Toll-free").
_NEXT_NATIONAL = re.compile(rf"[^\d\n]{{0,60}}+(?:\n[^\d\n]{{0,60}}+){{0,2}}+(?P<value>{_PHONE_VALUE})(?![^\W_])")

# -- what is never a secret -------------------------------------------------------------------

_NOT_SECRET = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?|v?\d{1,4}(?:\.\d{1,4}){1,3}",
    re.IGNORECASE,
)
"""Dates, times and version numbers, which labels in minutes are often followed by."""
_TICKET = re.compile(r"[A-Z]{2,12}(?:-[A-Z]{2,12}){0,2}-\d{1,6}")
"""A ticket or document id (DM-34292, DMS-REQ-0270): no password looks like one."""
_COUNT = re.compile(r"\d{1,2}(?:[ \u00a0\u202f]\d{3}){2,4}")
"""A count written in thousands (3 200 000 000): after a bare "Zoom:", no meeting ID."""
_PAPER = re.compile(r"\d{1,6}-\d{1,4}")
"""A paper or part number (SPIE 12189-34): under nine digits, no meeting ID."""
_GROUPED = re.compile(r"\d{2}(?:-\d{2}){2,5}")
"""A code in pairs of digits (``51-23-14``): after a password label, no date (dates in
minutes are written 2022-06-06, 6/6/22 or 6.6.2022)."""
_WORDS = frozenset(
    "none n/a na tbd tba same see below above required optional needed none. sent shared "
    "reset provided attached available included unchanged usual below. above. emailed".split()
)
_TRAILING = ".,;:!?_*~"


@dataclass(frozen=True)
class Secret:
    """A secret found in a text: its line (from 1), what it is, where its whole value sits."""

    line: int
    kind: str
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _is_number(value: str) -> bool:
    return bool(value) and all(c.isdigit() or c in " \u00a0\u2009\u202f.-#" for c in value)


def _code_like(value: str, min_digits: int) -> bool:
    """A passcode, PIN or password: digits (enough of them), or a token that is not a word
    ("Password: see the invitation", "PIN diodes", "passcode reset")."""
    if _GROUPED.fullmatch(value):
        return True
    if _NOT_SECRET.fullmatch(value.rstrip("#")) or _TICKET.fullmatch(value):
        return False
    if _is_number(value):
        return _digits(value) >= min_digits
    if len(value) < 4 or value.lower() in _WORDS or "://" in value:
        return False
    if any(c.isdigit() for c in value):
        return any(c.isalpha() for c in value) or _digits(value) >= min_digits
    if any(c.isupper() for c in value[1:]) and any(c.islower() for c in value):
        return True
    return bool(re.search(r"[!@#$%^&*+=~\\]", value)) and any(c.isalnum() for c in value)


_BARE = frozenset("meeting zoom webex teams gotomeeting goto bluejeans id".split())
"""Labels that name a service, not its meeting's ID ("Teams: 264 123 456 789"): nine digits at least."""


def _id_like(label: str, value: str) -> bool:
    """Six digits or more (nine after a bare "meeting" or "Zoom": "meeting 42 of 2022"),
    or a Google Meet code."""
    if not _is_number(value):
        return bool(re.fullmatch(r"[a-z]{3,4}-[a-z]{4}-[a-z]{3}", value, re.IGNORECASE))
    bare = label.lower().split("-")[0] in _BARE
    least = 9 if bare else 6
    digits = _digits(value)
    if (bare and _COUNT.fullmatch(value)) or (_PAPER.fullmatch(value) and digits < 9):
        return False
    dotted = "." in value and digits >= 9 and value.count(".") < 3  # 978.3912.1776, not a version
    return digits >= least and (dotted or not _NOT_SECRET.fullmatch(value.rstrip("#")))


def _phone_like(value: str) -> bool:
    """Seven to fifteen digits that are not a date, a time, an IP address or a version
    number (a dotted number is a phone number when it has ten digits: ``800.555.0199``)."""
    digits = _digits(value)
    shape = _NOT_SECRET.fullmatch(value.strip("+ "))
    if shape and (digits < 10 or ":" in value or "-" in value or value.count(".") == 3):
        return False
    return 7 <= digits <= 15


_WRAPPED = re.compile(r"\n[ \t]{0,8}+(?P<value>\d{1,7}(?:[ \u00a0\u202f]\d{1,7}){0,3}+#?)(?![^\W_])")
"""The rest of a meeting ID that a hard-wrapped line carried over to the next one."""


def _runs_into_time(text: str, end: int) -> bool:
    """A number that a time's ":00" follows is a date and time ("Dial-in: 2022-06-06 10:00")."""
    return text[end : end + 1] == ":" and text[end + 1 : end + 2].isdigit()


def _wrapped_tail(text: str, end: int, head: str) -> tuple[int, int, str] | None:
    """(start, end, "\n" + digits) of an ID's tail on the next line, when the head alone
    is too short for a meeting ID (under nine digits) and head and tail make one."""
    if head.endswith("#") or _digits(head) >= 9:
        return None
    match = _WRAPPED.match(text, end)
    if match is None or not 9 <= _digits(head) + _digits(match["value"]) <= 15:
        return None
    return match.start("value"), match.end("value"), "\n" + match["value"]


_TOLD = re.compile(r"(?<![^\W_])(?:is|was)(?![^\W_])", re.IGNORECASE)
"""The English verb of a sentence that tells a password: "the password is rubinobs."."""
_PROSE_WORDS = frozenset(
    "changed required needed expired different secret private unknown missing wrong correct invalid valid "
    "mandatory protected encrypted posted included written given listed stored saved forgotten known public "
    "simple strong short there here elsewhere somewhere inside enabled disabled blank empty lowercase uppercase "
    "temporary random weak compromised broken personal generic common standard default unique separate "
    "identical similar ready active inactive pending later tomorrow today yours mine theirs ours rotated stale "
    "fine okay great better easy hard complex confidential sensitive secure insecure there. case-sensitive "
    "unset valid. coming being".split()
)
_PROSE_ENDING = re.compile(
    r"(?:ed|en|ing|ly|able|ible|ent|ant|ive|ful|less|ous|al|ic|ary|ory|ure|ate|ness|ment|ion|ier)\Z"
)
"""How the words that follow "the password is" in prose end (changed, written, pending, ...)."""


def _word_password(text: str, match: re.Match[str], value: str) -> bool:
    """A word written as a password: after a colon, alone up to the line's end ("Password:
    rubinobs"), or the last word of an English sentence that tells it ("the password is
    rubinobs."), so prose ("Password: see the invitation", "the password is changed") is no password."""
    gap = text[match.start() : match.start("value")]
    end = match.start("value") + len(value)
    if not (value.isalpha() and len(value) >= 5 and value.lower() not in _WORDS):
        return False
    if ":" in gap or "\uff1a" in gap:
        rest = text[end : text.find("\n", end) % (len(text) + 1)]
        return not rest.strip(_TRAILING + " \t")
    return bool(_TOLD.search(gap)) and _sentence_ends(text, end) and not _prose_word(value)


def _sentence_ends(text: str, at: int) -> bool:
    """The sentence or clause ends at ``at``: a line's end, or punctuation then a space or the end."""
    rest = text[at : at + 2]
    return rest[:1] in ("", "\n") or (rest[:1] in ".,;!)" and rest[1:2] in ("", " ", "\n", "\t"))


def _prose_word(value: str) -> bool:
    lower = value.lower()
    return lower in _PROSE_WORDS or bool(_PROSE_ENDING.search(lower))


_BEFORE_LABEL = re.compile(
    rf"(?<![\w\-./:#+])(?P<value>{_DIGITS}|[^\s<>()\[\]{{}}\"'`*|,;\uff08\uff09\uff0c\u3001\uff1b\uff1a]{{1,100}})"
    r"[ \t\u00a0]{0,3}[(\uff08][ \t\u00a0]{0,3}\Z",
    re.IGNORECASE,
)
"""A value written before its label in parentheses: ``845 1234 5689 (meeting ID)``; one with a
digit, so a label before another ("Meeting-Kennnummer (Zugriffscode)") is none."""
_AFTER_LABEL = re.compile(r"[ \t\u00a0]{0,3}[)\uff09]")
_ANY_LABEL = "|".join(f"(?:{_spaced(labels)})" for labels in (_PASSWORD_LABELS, _CODE_LABELS, _ID_LABELS, "id"))
_PAIR_VALUE = rf"{_DIGITS}{_END}|[^\s/<>()\[\]{{}}\"'`*|,;]{{1,100}}"
_PAIR = re.compile(
    rf"(?<![^\W_])(?P<first>{_ANY_LABEL})[ \t]{{0,2}}/[ \t]{{0,2}}(?P<second>{_ANY_LABEL})(?![^\W_])"
    rf"[ \t*_]{{0,3}}[:\uff1a][ \t*_]{{0,3}}(?P<one>{_PAIR_VALUE})[ \t]{{0,3}}/[ \t]{{0,3}}(?P<two>{_PAIR_VALUE})",
    re.IGNORECASE,
)
"""Two labels and their two values, each pair joined by a slash: ``ID/PW: 845 1234 5690 / 918278``."""


def _family_kind(label: str, value: str) -> str | None:
    """The kind of ``value`` told by ``label`` (a bare "ID" is a meeting's), when it looks like one."""
    match = _LABEL.fullmatch(label.strip())
    family = "id" if label.strip().lower() == "id" else match.lastgroup if match else None
    value = value.rstrip(_TRAILING)
    if family == "id":
        return MEETING_ID if _id_like(label, value) else None
    if family in ("password", "code"):
        return (PASSWORD if family == "password" else PIN) if _code_like(value, 4) else None
    return None


_BELOW = re.compile(
    r"[ \t\u00a0]{1,3}(?:is[ \t]{1,3}|are[ \t]{1,3})?(?:below|as follows|follows|underneath)[ \t]{0,3}[.:]?[ \t]{0,3}\n"
    rf"(?:[ \t]{{0,8}}\n){{0,2}}[ \t>*_`]{{0,6}}(?P<value>{_DIGITS}|{_TOKEN})[ \t*_`.]{{0,6}}(?=\n|\Z)",
    re.IGNORECASE,
)
"""A value alone on the next line after its label says it follows: "Passcode below" then "610017"."""


def _value_below(text: str, label: re.Match[str]) -> tuple[str, int, int] | None:
    """(kind, start, end) of a value on a line of its own after "<label> below"."""
    match = _BELOW.match(text, label.end()) if label.lastgroup != "phone" else None
    kind = _family_kind(label[0], match["value"]) if match else None
    if match is None or kind is None:
        return None
    value = match["value"].rstrip(_TRAILING)
    return kind, match.start("value"), match.start("value") + len(value)


def _value_before(text: str, label: re.Match[str]) -> tuple[str, int, int] | None:
    """(kind, start, end) of a value its label follows in parentheses, on the same line."""
    if label.lastgroup == "phone" or not _AFTER_LABEL.match(text, label.end()):
        return None
    start = max(text.rfind("\n", max(0, label.start() - 120), label.start()) + 1, label.start() - 120)
    match = _BEFORE_LABEL.search(text, start, label.start())
    if match is None or not any(c.isdigit() for c in match["value"]):
        return None
    kind = _family_kind(label[0], match["value"])
    value = match["value"].rstrip(_TRAILING)
    return (kind, match.start("value"), match.start("value") + len(value)) if kind else None


def _pairs(text: str) -> list[tuple[str, int, int]]:
    """Values of ``ID/PW: <id> / <password>``, each read against its own label."""
    found: list[tuple[str, int, int]] = []
    for match in _PAIR.finditer(text):
        for label, value in (("first", "one"), ("second", "two")):
            kind = _family_kind(match[label], match[value])
            if kind:
                start = match.start(value)
                found.append((kind, start, start + len(match[value].rstrip(_TRAILING))))
    return found


def _labelled_values(text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """Values after a label: (kind, start, end) of passwords, codes and IDs, and the spans
    of the phone numbers after a dial-in label."""
    found: list[tuple[str, int, int]] = []
    phones: list[tuple[int, int]] = []
    for label in _labels(text):
        family = label.lastgroup or ""
        if not _label_holds(text, label):
            continue
        told = _sentence(text, label) if family != "phone" and text[label.end() : label.end() + 1] == " " else None
        found += [told] if told else []
        before = _value_before(text, label) if text[label.start() - 3 : label.start()].strip(" \t\u00a0") else None
        found += [before] if before else []
        below = _value_below(text, label) if "\n" in text[label.end() : label.end() + 40] else None
        found += [below] if below else []
        match = _VALUE[family].match(text, label.end())
        if match is None:
            continue
        start = match.start("value")
        if family == "phone":
            if _phone_like(match["value"]) and not _runs_into_time(text, match.end("value")):
                phones.append(match.span("value"))
        elif family == "id":
            tail = _wrapped_tail(text, match.end("value"), match["value"])
            value = match["value"] + (tail[2] if tail else "")
            if _id_like(label[0], value.replace("\n", " ")):
                found.append((MEETING_ID, *match.span("value")))
                found += [(MEETING_ID, tail[0], tail[1])] if tail else []
                after = _companion(text, tail[1] if tail else match.end("value"))
                found += [after] if after else []
        else:
            value = match["value"].rstrip(_TRAILING)
            if _LABEL.fullmatch(value.lstrip("/")):  # "PIN/Passcode: ...": a second label, no value
                continue
            if _code_like(value, 4) or (family == "password" and _word_password(text, match, value)):
                found.append((PASSWORD if family == "password" else PIN, start, start + len(value)))
    return found, phones


_COMPANION = re.compile(
    rf"[ \t\u00a0]{{0,3}}[/,;(|\uff0f\uff0c\uff1b\uff08][ \t\u00a0]{{0,3}}(?P<value>{_DIGITS}{_END}|[^\s/<>()\[\]{{}}\"'`*|,;]{{1,100}})"
)
"""A value written right after a meeting ID, a slash, a comma or a table's cell border
between: ``Zoom: 812 3456 7894 / 482923``, ``| Zoom | 812 3456 7894 | 482923 |``."""
_CELL_ENDS = re.compile(r"[ \t]{0,3}\|")


def _companion(text: str, at: int) -> tuple[str, int, int] | None:
    """(kind, start, end) of the passcode that follows a meeting ID at ``at`` without its
    own label: a code with a digit (six, when it is all digits) that ends its clause or
    cell, never a date, time, version, ticket, year, count or fraction ("Meeting ID: ... ,
    2022-06-06", "..., DM-12345", "| 1500 |")."""
    match = _COMPANION.match(text, at)
    if match is None:
        return None
    value = match["value"].rstrip(_TRAILING)
    end = match.start("value") + len(value)
    if not any(c.isdigit() for c in value) or _YEAR.fullmatch(value) or not _code_like(value, 6):
        return None
    ends = _sentence_ends(text, end) or _CODE_FOLLOWS.match(text, end) or _CELL_ENDS.match(text, end)
    if not (ends or text[end : end + 1] in ("", "#")):
        return None
    return PASSWORD, match.start("value"), end


_INVITATION_WORDS = re.compile(
    r"zoom|teams|webex|goto|bluejeans|jitsi|skype|meet|(?<![^\W_])(?:pass(?:code|word|wort)?|pwd?|pin|codes?|codice|"
    r"kenncode|kennwort|mot de passe|contrase[ñn]a)(?![^\W_])|\u5bc6\u7801|\u5bc6\u78bc|\u30d1\u30b9",
    re.IGNORECASE,
)
"""What a line holds where a bare "ID" is a meeting's: a service or a password's label ("ID 978 3912 1776 / PW ...")."""


_COLON = re.compile(r"[ \t]{0,3}[:\uff1a]")


def _label_holds(text: str, label: re.Match[str]) -> bool:
    """Whether a weak label is one here: a bare "pass" or "Kennung" (no colon) after a service
    or "ID" on its line ("Zoom pass 512314"), a bare "ID" with a service or a password's
    label within 40 characters (on its line, the one before or the one after: a nested
    list under "Zoom"); every other label always is."""
    word = label[0].lower()
    if word == "pass" or (word == "kennung" and not _COLON.match(text, label.end())):
        return _service_before(text, label.start())
    if word != "id":
        return True
    line = max(text.rfind("\n", max(0, label.start() - 40), label.start()) + 1, label.start() - 40)
    if text[max(line, label.start() - 40) : label.start()].rstrip(" \t\u00a0")[-1:].isalnum():
        return False  # "Obs ID 2024011500125": another thing's ID
    before = max(0, label.start() - 40)
    start = max(text.rfind("\n", before, max(line - 1, before)) + 1, before)  # this line and the one before
    limit = min(len(text), label.end() + 40)
    first = text.find("\n", label.end(), limit)
    end = text.find("\n", first + 1, limit) if first >= 0 else -1  # this line and the next
    end = limit if end < 0 else end
    return bool(
        _INVITATION_WORDS.search(text, start, label.start()) or _INVITATION_WORDS.search(text, label.end(), end)
    )


def _service_before(text: str, at: int) -> bool:
    """A meeting service, a link or "ID" earlier on the line (or just before a parenthesis)."""
    if text[at - 1 : at] == "(":
        return True
    start = max(text.rfind("\n", max(0, at - 160), at) + 1, at - 160)
    return bool(_SERVICE.search(text, start, at))


def _sentence(text: str, label: re.Match[str]) -> tuple[str, int, int] | None:
    """A password, code or ID told in a sentence after its label (it must look like one)."""
    match = _SENTENCE.match(text, label.end())
    if match is None:
        return None
    value = match["value"].rstrip(_TRAILING)
    kind = {"password": PASSWORD, "code": PIN, "id": MEETING_ID}[label.lastgroup or "password"]
    quoted = match.start("value") > match.start() and text[match.start("value") - 1] in "\"'\u201c\u2018"
    closed = text[match.start("value") + len(value) : match.start("value") + len(value) + 1] in (
        '"',
        "'",
        "\u201d",
        "\u2019",
    )
    word = value.isalpha() and len(value) >= 5 and value.lower() not in _WORDS
    end = match.start("value") + len(value)
    word = word and ((quoted and closed) or (kind == PASSWORD and _sentence_ends(text, end) and not _prose_word(value)))
    if not (_id_like(label[0], value) if kind == MEETING_ID else _code_like(value, 4) or word):
        return None
    return kind, match.start("value"), match.start("value") + len(value)


def _meeting_codes(text: str) -> list[tuple[str, int, int]]:
    """A value "code" tells when a meeting word is near: "the code for tomorrow's Zoom is
    482922", "Zoom code: 482922", "le code de la réunion Zoom est 482922"; the value has a
    digit and ends its clause, so "the code for the meeting notes is in DM-12345" is none."""
    found: list[tuple[str, int, int]] = []
    for word in _CODE_WORD.finditer(text):
        before = (word["before"] or "").strip(" \u00a0-")
        if before.lower() in _NOT_MEETING_CODE:
            continue
        match = _CODE_TELLS.match(text, word.end())
        if match is None:
            continue
        at = word.end("before") if word["before"] else word.start()
        line = text[max(text.rfind("\n", max(0, at - 60), at) + 1, at - 60) : at]
        after = text[match.end() : match.end() + 40].split("\n", 1)[0]  # "code 512314 on Zoom"
        near = _MEETING_WORD.search(match["words"]) or _MEETING_WORD.search(line) or _MEETING_WORD.search(after)
        if not near:
            continue
        value = match["value"].rstrip(_TRAILING)
        end = match.start("value") + len(value)
        if not (any(c.isdigit() for c in value) and _code_like(value, 4) and not _YEAR.fullmatch(value)):
            continue
        if _sentence_ends(text, end) or _CODE_FOLLOWS.match(text, end) or text[end : end + 1] == "#":
            found.append((PASSWORD, match.start("value"), end))
    return found


_MEET_SHAPE = re.compile(r"-[^\W\d_]{4}-")
r"""What every Google Meet code holds (each letter ``[a-z]`` takes, in any case, is one of
``[^\W\d_]``): a quick look that starts at a '-', as ``_MEET_CODE`` cannot."""
_SIP_WORD = re.compile(r"sips?:", re.IGNORECASE)
"""What a ``sip:`` address starts with; ``_SIP``'s other form holds an '@'."""


def _meet_codes(text: str) -> list[tuple[str, int, int]]:
    """Google Meet codes with the word Meet (or Google) within a hundred characters."""
    if not _may_hold_meet_code(text):
        return []
    return [
        (MEETING_ID, *m.span())
        for m in _MEET_CODE.finditer(text)
        if _MEET_WORDS.search(text, max(0, m.start() - 100), min(len(text), m.end() + 100))
    ]


def _may_hold_meet_code(text: str) -> bool:
    return _MEET_SHAPE.search(text) is not None


def _may_hold_sip(text: str) -> bool:
    return "@" in text or _SIP_WORD.search(text) is not None


def _encoded_links(text: str) -> list[tuple[str, int, int]]:
    """Join links written percent- or entity-encoded inside another link or text
    (``https%3A%2F%2Fzoom.us%2Fj%2F...``, ``zoom.us&#47;j&#47;...``): the whole encoded link."""
    found: list[tuple[str, int, int]] = []
    for match in _ENCODED_URL.finditer(text):
        token = match[0]
        if not _ENCODED.search(token.lower()):
            continue
        decoded = unquote(unquote(html.unescape(token)))
        if decoded != token and (
            _JOIN_LINK.search(decoded) or _LINK_PASSWORD.search(decoded) or _LINK_ID.search(decoded)
        ):
            found.append((JOIN_LINK, *match.span()))
    return found


def _phones(text: str, after_labels: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Numbers in international form, and national ones after a dial-in label; each of
    these carries on to the national numbers listed after it."""
    found: list[tuple[str, int, int]] = []
    international = _INTERNATIONAL.finditer(text) if "+" in text else ()  # the form starts with "+"
    starts = [m.span() for m in international if 8 <= _digits(m[0]) <= 15] + after_labels
    seen: set[int] = set()
    for start, end in sorted(starts):
        while start not in seen and len(found) < 10_000:
            seen.add(start)
            found.append((DIAL_IN, start, end))
            following = _NEXT_NATIONAL.match(text, end)
            if (
                following is None
                or not _phone_like(following["value"])
                or _runs_into_time(text, following.end("value"))
            ):
                break
            start, end = following.span("value")
    return found


# -- tables whose header row holds the labels -------------------------------------------------

_CELL_MARKS = " \t\u00a0*_`:\uff1a"
_HTML_TAG = re.compile(r"<(/?)(table|tr|td|th)\b[^<>]{0,500}>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{0,500}>")


def _label_family(cell: str) -> str | None:
    """The family of a cell that holds only a label: "**Passcode**", "Meeting ID (access code):"."""
    cell = re.sub(r"\([^()\n]{0,40}\)", "", cell).strip(_CELL_MARKS)
    if not 0 < len(cell) <= 60 or cell.lower().split("-")[0] in _BARE:  # a service's name, not a label
        return None
    match = _LABEL.fullmatch(cell)
    return match.lastgroup if match else None


def _cell_value(family: str, label: str, cell: str) -> tuple[str, int, int] | None:
    """(kind, start, end) in ``cell`` when all it holds is a secret of ``family``."""
    match = _VALUE[family].match(cell)
    if match is None or cell[match.end("value") :].strip(_CELL_MARKS + "#.,;"):
        return None
    value = match["value"].rstrip(_TRAILING)
    start = match.start("value")
    if family == "phone":
        kind = DIAL_IN if _phone_like(value) else None
    elif family == "id":
        kind = MEETING_ID if _id_like(label, value) else None
    else:
        kind = (PASSWORD if family == "password" else PIN) if _code_like(value, 4) else None
    return (kind, start, start + len(value)) if kind else None


def _column_values(rows: list[list[tuple[int, str]] | None], strict: bool = False) -> list[tuple[str, int, int]]:
    """Values under a header row's labels: ``rows`` are (offset, text) cells, None between
    tables. A row with a label in any cell is a header row; the rows below it are read
    column by column against it. ``strict`` (lines split at tabs or commas, which prose has
    too): a header row is short cells only, and a row is read only when it has as many."""
    found: list[tuple[str, int, int]] = []
    labels: dict[int, tuple[str, str]] = {}
    width = 0
    for row in rows:
        if row is None:
            labels = {}
            continue
        families = {i: (family, cell) for i, (_at, cell) in enumerate(row) if (family := _label_family(cell))}
        if families:
            short = all(len(cell.strip()) <= 30 for _at, cell in row)
            labels, width = (families, len(row)) if short or not strict else ({}, 0)
            continue
        if strict and len(row) != width:
            continue
        for column, (family, label) in labels.items():
            if column < len(row):
                at, cell = row[column]
                value = _cell_value(family, label.strip(_CELL_MARKS), cell)
                if value:
                    found.append((value[0], at + value[1], at + value[2]))
    return found


def _markdown_rows(text: str) -> list[list[tuple[int, str]] | None]:
    """Markdown table rows as cells, a None where a run of table lines ends."""
    rows: list[list[tuple[int, str]] | None] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if "|" not in stripped:
            if rows and rows[-1] is not None:
                rows.append(None)
        elif not (set(stripped) <= set("|-: \t") and "-" in stripped):
            cells: list[tuple[int, str]] = []
            at = offset
            for cell in line.split("|"):
                cells.append((at, cell))
                at += len(cell) + 1
            if stripped.startswith("|"):
                cells = cells[1:]
            if stripped.endswith("|") and len(cells) > 1:
                cells = cells[:-1]
            rows.append(cells)
        offset += len(line) + 1
    return rows


def _delimited_rows(text: str, separator: str) -> list[list[tuple[int, str]] | None]:
    """Rows of tab- or comma-separated lines (a table pasted from a wiki, a CSV file)."""
    rows: list[list[tuple[int, str]] | None] = []
    offset = 0
    for line in text.split("\n"):
        if separator in line:
            cells: list[tuple[int, str]] = []
            at = offset
            for cell in line.split(separator):
                cells.append((at, cell))
                at += len(cell) + 1
            rows.append(cells)
        elif rows and rows[-1] is not None:
            rows.append(None)
        offset += len(line) + 1
    return rows


def _html_rows(text: str) -> list[list[tuple[int, str]] | None]:
    """HTML table rows as cells (their text without tags, where it stands), read from the
    table tags alone, so a page of any size is read once."""
    rows: list[list[tuple[int, str]] | None] = []
    row: list[tuple[int, str]] | None = None
    cell: int | None = None
    for tag in _HTML_TAG.finditer(text):
        name = tag[2].lower()
        if cell is not None and row is not None:
            raw = text[cell : tag.start()]
            visible = _ANY_TAG.sub("", raw).strip()
            row.append((cell + raw.find(visible) if visible and visible in raw else -1, visible))
        cell = None
        if name in ("table", "tr"):
            if row:
                rows.append([c for c in row])
            row = [] if name == "tr" and not tag[1] else None
            if name == "table":
                rows.append(None)
        elif not tag[1]:
            row = [] if row is None else row
            cell = tag.end()
    if row:
        rows.append(row)
    return rows


def _table_columns(text: str) -> list[tuple[str, int, int]]:
    found = _column_values(_markdown_rows(text)) if "|" in text else []
    for separator in ("\t", ","):
        if separator in text:
            found += _column_values(_delimited_rows(text, separator), strict=True)
    if "<t" in text or "<T" in text:
        found += [f for f in _column_values(_html_rows(text)) if f[1] >= 0]
    return found


# -- what splits a label or a value without showing ------------------------------------------

_HIDDEN = re.compile(
    r"<wbr\s{0,3}/?>|</?(?:span|a|b|i|em|strong|u|s|small|mark|font|code|kbd|samp|var|abbr|ins|del|sup|sub)(?:\s[^<>]{0,2000})?>"
    r"|&(?:shy|zerowidthspace|zwj|zwnj|nobreak|wj|#173|#xad|#8203|#x200b|#8204|#x200c|#8205|#x200d|#8288|#x2060|#65279|#xfeff);"
    r"|[\u00ad\u200b-\u200d\u2060\ufeff]+"
    r"|\*{1,3}|(?<![^\W_])_{1,3}|_{1,3}(?![^\W_])"
    r"|\[(?P<link>[^\[\]\n\d]{0,200}\d[^\[\]\n]{0,200})\]\([^()\s]{0,2000}\)"
    r"|(?P<entity>&#(?:[0-9]{1,7}|x[0-9a-f]{1,6});|&nbsp;)",
    re.IGNORECASE,
)
"""What a page shows as nothing: emphasis marks (``Pass**code**``), a Markdown link's
brackets and target when its text has a digit (``[512314](https://...)``), inline HTML tags and word breaks
(``512<wbr>314``), soft hyphens and zero-width characters; a character written as a
numeric reference (``&#53;``) is the character it shows, ``&nbsp;`` a space."""


_BLOCK = re.compile(r"[^\n]++(?:\n(?![ \t]*+\n)[^\n]*+)*+")
"""A paragraph, a table or a list: lines up to a blank one. What is hidden is looked
through block by block, so a page's text is read again only where something is hidden."""


@dataclass
class _View:
    """A text as a reader sees it, in runs: run ``i`` starts at ``view_starts[i]`` in the
    view and at ``text_starts[i]`` in the text; a run copied from the text is ``exact``, a
    character reference's is one character in the view for ``text_starts[i]`` to
    ``text_ends[i]`` in the text."""

    text: str = ""
    view_starts: list[int] = field(default_factory=list)
    text_starts: list[int] = field(default_factory=list)
    text_ends: list[int] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)

    def start(self, at: int) -> int:
        """Where the character at ``at`` in the view starts in the text."""
        run = bisect_right(self.view_starts, at) - 1
        return self.text_starts[run] + (at - self.view_starts[run] if self.exact[run] else 0)

    def end(self, at: int) -> int:
        """Where the character at ``at - 1`` in the view ends in the text."""
        run = bisect_right(self.view_starts, at - 1) - 1
        return self.text_starts[run] + at - self.view_starts[run] if self.exact[run] else self.text_ends[run]


_HIDDEN_STARTS = "<&*_[\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""What each thing ``_HIDDEN`` finds starts with: a block without any of them hides nothing."""


def _may_hide(text: str) -> bool:
    """Whether ``_HIDDEN`` may find something in the text: most blocks of a page are skipped here."""
    return any(mark in text for mark in _HIDDEN_STARTS)


def _view(text: str) -> _View | None:
    """The text as a reader sees it, without ``_HIDDEN``; None when nothing is hidden."""
    if not _may_hide(text):
        return None
    view: list[str] = []
    seen = _View()
    at = length = 0
    for match in _HIDDEN.finditer(text):
        shown = html.unescape(match["entity"]).replace("\u00a0", " ") if match["entity"] else ""
        runs = [(at, match.start(), text[at : match.start()]), (*match.span("link"), match["link"] or "")]
        runs += [(*match.span(), shown)] if len(shown) == 1 and shown.isprintable() else []
        for start, end, piece in runs:
            if end > start >= 0 and piece:
                seen.view_starts.append(length)
                seen.text_starts.append(start)
                seen.text_ends.append(end)
                seen.exact.append(piece is not shown)
                view.append(piece)
                length += len(piece)
        at = match.end()
    if not seen.view_starts and at == 0:
        return None
    seen.view_starts.append(length)
    seen.text_starts.append(at)
    seen.text_ends.append(len(text))
    seen.exact.append(True)
    view.append(text[at:])
    seen.text = "".join(view)
    return seen


def _candidates(text: str) -> list[tuple[str, int, int]]:
    """Every (kind, start, end) found in the text and in what a reader sees of it,
    overlapping ones included; not a value already redacted (``zoom.us/j/•••``), so that a
    redacted text holds no secret and redacting again changes nothing."""
    found = _found(text)
    for block in _BLOCK.finditer(text):
        found += _through_hidden(block[0], block.start())
    found += _repeats(text, found)
    if REDACTED not in text:
        return found
    return [(kind, start, end) for kind, start, end in found if not _redacted_only(text[start:end])]


def _redacted_only(value: str) -> bool:
    return not value.replace(REDACTED, "").strip(" \t\n.,;:#/-")


def _through_hidden(block: str, offset: int) -> list[tuple[str, int, int]]:
    """What labels tell in what a reader sees of a block (at ``offset`` in the text),
    placed back in the text: a value split by hidden markup is covered whole."""
    seen = _view(block)
    if seen is None:
        return []
    return [
        (kind, offset + seen.start(start), offset + seen.end(end))
        for kind, start, end in _labelled(seen.text)
        if end > start
    ]


def _labelled(text: str) -> list[tuple[str, int, int]]:
    """Every (kind, start, end) a label tells: after it, or under it in a table; the
    detectors that what a page hides can mislead (a link, a dial string cannot be split)."""
    labelled, phones = _labelled_values(text)
    found = labelled + _phones(text, phones) + _table_columns(text)
    if "/" in text:
        found += _pairs(text)
    if "meet" in text or "Meet" in text or "hangout" in text.lower():
        found += _meet_codes(text)
    if "cod" in text or "Cod" in text or "COD" in text or "\u30b3\u30fc\u30c9" in text:
        found += _meeting_codes(text)
    return found


def _found(text: str) -> list[tuple[str, int, int]]:
    """Every (kind, start, end) found in a text as it is, overlapping ones included."""
    found = _labelled(text)
    lower = text.lower()
    if any(word in lower for word in _JOIN_HOST_WORDS):
        found += [(JOIN_LINK, *m.span("value")) for m in _JOIN_LINK.finditer(text)]
    if "safelinks" in lower:
        found += _safelinks(text)
    found += [(LINK_PASSWORD, *m.span("value")) for m in _LINK_PASSWORD.finditer(text)]
    found += [(MEETING_ID, *m.span("value")) for m in _LINK_ID.finditer(text)]
    found += [(LINK_PASSWORD, *m.span("value")) for m in _USERINFO.finditer(text)] if "://" in text else []
    found += [(DIAL_STRING, *m.span()) for m in _ONE_TAP.finditer(text)] if ",," in text else []
    found += [(DIAL_STRING, *m.span()) for m in _SIP.finditer(text)] if _may_hold_sip(text) else []
    found += [(PASSWORD, *m.span("value")) for m in _PHONE_PASSWORD.finditer(text)]
    found += [(PASSWORD, *m.span("value")) for m in _PHONE_VIDEO_PASSWORD.finditer(text)]
    found += (
        [(PASSWORD, *m.span("value")) for m in _DTMF.finditer(text) if not _YEAR.fullmatch(m["value"])]
        if "*" in text
        else []
    )
    found += [(DIAL_STRING, *m.span("value")) for m in _ROOM_DIAL.finditer(text) if _digits(m["value"]) >= 6]
    if _ENCODED.search(lower):
        found += _encoded_links(text)
    return found


def _repeats(text: str, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A secret written again elsewhere without its label ("dial 911 1222 3333 then ..."):
    the first hundred distinct values of six characters or more, each looked up once."""
    values: dict[str, str] = {}
    for kind, start, end in sorted(found, key=lambda f: f[1]):
        value = text[start:end]
        if len(value) >= 6 and any(c.isdigit() for c in value) and len(values) < 100:
            values.setdefault(value, kind)
    repeats: list[tuple[str, int, int]] = []
    for value, kind in values.items():
        at = text.find(value)
        while at >= 0 and len(repeats) < 10_000:
            repeats.append((kind, at, at + len(value)))
            at = text.find(value, at + len(value))
    return repeats


def find_secrets(text: str) -> list[Secret]:
    """Every secret in a text, in order, overlapping finds merged so that the whole value
    is covered; nothing is echoed, only placed."""
    merged: list[list[Any]] = []  # [kind, start, end], the end widened as finds overlap
    for kind, start, end in sorted(_candidates(text), key=lambda f: (f[1], -f[2])):
        if start >= end:
            continue
        if merged and start < merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
            continue
        merged.append([kind, start, end])
    newlines = [m.start() for m in re.finditer("\n", text)] if merged else []
    return [Secret(bisect_right(newlines, start) + 1, kind, start, end) for kind, start, end in merged]


def redact(text: str, secrets: list[Secret]) -> str:
    """The text with each secret's whole value replaced by ``REDACTED``; lines stay where
    they were."""
    pieces: list[str] = []
    at = 0
    for secret in sorted(secrets, key=lambda s: s.start):
        if secret.start < at:  # overlaps the one before: remove the rest of it too
            pieces.append("\n" * text.count("\n", at, max(at, secret.end)))
            at = max(at, secret.end)
            continue
        pieces.append(text[at : secret.start])
        pieces.append(REDACTED + "\n" * text.count("\n", secret.start, secret.end))
        at = secret.end
    pieces.append(text[at:])
    return "".join(pieces)


def redact_secrets(text: str) -> str:
    """The text with every secret's whole value replaced by ``REDACTED``."""
    return redact(text, find_secrets(text))


def contains_secret(text: str) -> bool:
    return bool(_candidates(text))


def secret_kinds(text: str) -> list[str]:
    """What kinds of secret the text holds, each once, in order (for an importer's report)."""
    kinds: list[str] = []
    for kind, _start, _end in sorted(_candidates(text), key=lambda f: (f[1], -f[2])):
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def secret_values(text: str) -> list[str]:
    """The distinct values of the secrets in a text, in order (never for a message)."""
    values: list[str] = []
    for secret in find_secrets(text):
        value = text[secret.start : secret.end]
        if value not in values:
            values.append(value)
    return values


def secret_reason(text: str) -> str | None:
    """Why a text must not be published (the first secret's kind), or None."""
    kinds = secret_kinds(text)
    return kinds[0] if kinds else None


def secret_messages(secrets: list[Secret]) -> list[tuple[int, str]]:
    """One message a line, naming what was found there but never the secret itself."""
    by_line: dict[int, list[str]] = {}
    for secret in secrets:
        kinds = by_line.setdefault(secret.line, [])
        if secret.kind not in kinds:
            kinds.append(secret.kind)
    return [
        (
            line,
            f"this line holds {', '.join(kinds)}, which must not be published; remove it and write "
            f"e.g. 'Zoom (link in the calendar invitation)' (the built page shows {REDACTED} in its place)",
        )
        for line, kinds in sorted(by_line.items())
    ]
