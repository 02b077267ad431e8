"""Turning what a caseworker types into a full-text query. Pure: no database here.

The index (trigram) matches substrings of at least three characters. Index and query are both
folded to what a Dutch keyboard types (`fold`), so `ozt` finds Öztürk, `przybyl` Przybył and
`kilic` Kılıç. A Dutch date is searched in its zero-padded form, a phone number by its digits;
anything else word by word, every word must match (issue 19).

The index records only which person holds a trigram, not where (FTS5 `detail=none`, migration
0017): a fifth of the size, so it stays in the page cache as the store grows. A query therefore
asks the index for the people holding every trigram of its words (`SearchQuery.match`) and
keeps those whose indexed text holds each word whole (`matches`, on the person's row)."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
import datetime as dt
from datetime import date

from anyascii import anyascii

from blijf_desktop.domain.name_particles import is_particle, split_name
from blijf_desktop.domain.people import Category

MIN_CHARS = 3
# A query is cut to this length (a pasted text would cost a trigram index time growing with its
# square, issue 19); no name, place and date together come near it.
MAX_QUERY = 100

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PHONE = re.compile(r"^\+?[\d\s\-().]{6,}$")


@dataclass(frozen=True)
class SearchHit:
    """One row of the client list or of search results. A person of another team's case is
    a hit with only her name and `known_at`, that team's name (domain/need_to_know.py:
    KNOWN_ELSEWHERE_SHOWS): category None, no birth date, town or client."""

    person_id: int
    case_id: int
    category: Category | None
    name: str
    birth_date: date | None
    residence: str
    address_secret: bool
    client_name: str
    known_at: str = ""

    @property
    def known_elsewhere(self) -> bool:
        return bool(self.known_at)


@dataclass(frozen=True)
class SearchQuery:
    match: str  # FTS5 MATCH expression: the needles' trigrams, quoted ("" for a birth date)
    terms: tuple[str, ...]  # what to highlight
    birth_date: date | None = None  # a full date: searched on the birth-date index
    needles: tuple[str, ...] = ()  # each must occur whole in one indexed text (`matches`)
    contact_only: bool = False  # a phone number: only the contact text counts


# Folding follows anyascii (ISC, kept up with each Unicode release) rather than a table of our
# own: it transliterates every script, also the letters Unicode does not decompose (ł ø æ ß ı đ).
# Only a conventional second spelling it cannot give is added here, and only to the index:
# Serbo-Croatian đ is written dj as often as d (Đukić: Dukic and Djukic); German ä ö ü as
# ae oe ue (Müller: Muller and Mueller), Danish and Norwegian ø å as oe aa (Søren: Soeren,
# Ålesund: Aalesund), the spellings their own passports and keyboards without them use.
_SECOND_SPELLINGS = {"đ": "dj", "Đ": "Dj", "ä": "ae", "Ä": "Ae", "ö": "oe", "Ö": "Oe",
                     "ü": "ue", "Ü": "Ue", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"}
_SECOND_TABLE = str.maketrans(_SECOND_SPELLINGS)
_HAS_SECOND = re.compile("[" + "".join(_SECOND_SPELLINGS) + "]")
# Optional inside a name or place: `jeanluc` finds Jean-Luc, `dalessandro` D'Alessandro.
_JOINERS = re.compile(r"[\s\-'`.]+")


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return anyascii(char)


def _fold_match(found: re.Match) -> str:
    return _fold_char(found[0])


def fold(text: str) -> str:
    """`text` in lower-case ASCII as typed on a Dutch keyboard: Ødegård -> odegard,
    Größe -> grosse. Digits and punctuation stay; used for the index and for the query."""
    if text.isascii():  # most stored text; anyascii leaves ASCII as it is
        return text.lower()
    return _NOT_ASCII.sub(_fold_match, unicodedata.normalize("NFC", text)).lower()


def _second_spelling(text: str) -> str:
    """`text` with each letter that has a second spelling written so (composed first: a
    decomposed ü is u and a combining mark)."""
    return unicodedata.normalize("NFC", text).translate(_SECOND_TABLE)


def _has_second(text: str) -> bool:
    return not text.isascii() and _HAS_SECOND.search(unicodedata.normalize("NFC", text)) is not None


# fold() gives ASCII, so its joiners are dropped byte-wise: ten times quicker than the
# expression, and it runs for every candidate of a search (`matches`).
_ASCII_JOINERS = bytes(i for i in range(128) if _JOINERS.fullmatch(chr(i)))


def _drop_joiners(folded: str) -> str:
    return folded.encode("ascii").translate(None, _ASCII_JOINERS).decode("ascii")


def _key(text: str) -> str:
    """`text` folded and without joiners: how the index holds a part and how a query word
    is looked up (`jeanluc`, `vandenberg`, `thart`)."""
    return _drop_joiners(fold(text))


def index_text(*parts: str) -> str:
    """What the search index holds for these parts of one field (a name: first names, then
    particle with last name): each part folded and without its spaces, hyphens, apostrophes
    and dots, the parts separated by a space, and again in the second spelling when a letter
    has one. A query word never holds a space or a joiner, so it matches inside one part
    exactly when it matches the part as written."""
    text = " ".join(filter(None, map(_key, parts)))
    if any(map(_has_second, parts)):
        return f"{text} " + " ".join(filter(None, (_key(_second_spelling(p)) for p in parts)))
    return text


# -- what the search index holds for a person: one column per part (migration 0017) -------
# A word typed never holds a space, so no part needs its neighbour: each part is a column of
# its own and no trigram spans two parts. domain is where the rules live; the triggers only
# hand each column its fields.

def year_text(birth_date: str | None) -> str:
    """A query word never holds a hyphen: of a birth date only the year can match a word
    (a full date is searched on the birth-date column itself)."""
    found = _ISO_DATE.match(birth_date or "")
    return found[1] if found else ""


def address_text(value: str, address_secret) -> str:
    """A secret address is never indexed, so no search can reveal it (Blijf art. 7.3)."""
    return "" if address_secret else index_text(value)


def national_phone(phone: str) -> str:
    """A Dutch number also in its national form, the form a phone query is searched in."""
    return index_text("0" + phone[3:]) if phone.startswith("+31") else ""


def first_names_text(first_names, prefix, last_name) -> str:
    """The index's first-names column: without particles typed at their end (migration 0030)."""
    return index_text(split_name(first_names, prefix, last_name)[0])


def surname_text(first_names, prefix, last_name) -> str:
    """The index's surname column: with every particle of the name in front (migration 0030)."""
    return index_text(split_name(first_names, prefix, last_name)[1])


def index_parts(first_names, prefix, last_name, birth_date, residence, birth_place, street,
                postcode, address_secret, phone, email) -> tuple[str, ...]:
    """The index's columns for one person, in the order of migration 0017; contact last.
    Particles belong to the surname wherever they were typed (domain/name_particles.py)."""
    return (first_names_text(first_names, prefix, last_name),
            surname_text(first_names, prefix, last_name),
            year_text(birth_date), index_text(residence), index_text(birth_place),
            address_text(street, address_secret), address_text(postcode, address_secret),
            index_text(phone), national_phone(phone), index_text(email))


def matches(needles: str, contact_only, first_names, prefix, last_name, birth_date, residence,
            birth_place, street, postcode, address_secret, phone, email) -> bool:
    """Whether a person holds every needle (newline-separated) whole inside one of the parts
    index_parts gives (the contact parts only for a phone number): the check behind the
    trigram index, which knows only that a person holds each trigram somewhere. Runs for each
    candidate of a search, so the parts are folded in one go, NUL between them (no needle
    holds one)."""
    national = "0" + phone[3:] if phone.startswith("+31") else ""
    contact = (phone, national, email)
    if contact_only:
        raw = "\0".join(contact)
    else:
        address = ("", "") if address_secret else (street, postcode)
        raw = "\0".join((*split_name(first_names, prefix, last_name), year_text(birth_date),
                         residence, birth_place, *address, *contact))
    if _has_second(raw):
        raw = f"{raw}\0{_second_spelling(raw)}"
    text = _key(raw)
    return all(needle in text for needle in needles.split("\n"))


def _trigrams(needles) -> str:
    seen = dict.fromkeys(n[i:i + 3] for n in needles for i in range(len(n) - 2))
    return " AND ".join(_quoted(t) for t in seen)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def build(text: str) -> SearchQuery | None:
    # Control characters (NUL included) can never be part of a stored value (validation
    # refuses them) and would cut the query short: drop them.
    printable = "".join(c if unicodedata.category(c) != "Cc" else " "
                        for c in text[:MAX_QUERY])
    value = " ".join(printable.split())
    if not value:
        return None
    date = _DATE.match(value)
    if date:
        day, month, year = (int(g) for g in date.groups())
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return None
        return SearchQuery("", (f"{day:02d}-{month:02d}-{year}",), born)
    if _PHONE.match(value) and sum(c.isdigit() for c in value) >= 6:
        digits = re.sub(r"\D", "", value)
        if value.startswith("+"):
            digits = "+" + digits
        elif digits.startswith("00"):
            digits = "+" + digits[2:]
        if digits.startswith("+31"):
            digits = "0" + digits[3:]  # the index holds the national form too
        return SearchQuery(_trigrams([digits]), (value,), None, (digits,), True)
    # Spaces, hyphens and apostrophes inside a word are optional: the index also holds every
    # part without them. A comma separates words (`Berg, van den`). A particle typed as a
    # word of its own is optional as well (`jan van der berg` finds Jan Berg), unless the
    # query holds nothing else; it is still highlighted.
    words = [w for w in value.replace(",", " ").split() if len(_key(w)) >= MIN_CHARS]
    if not words:
        return None
    required = [w for w in words if not is_particle(_key(w))] or words
    needles = tuple(dict.fromkeys(_key(w) for w in required))
    return SearchQuery(_trigrams(needles), tuple(words), None, needles)


def _haystack(text: str, second: bool, joined: bool) -> tuple[str, list[int]]:
    """`text` folded as the index holds it, with for each folded character its position in
    `text`."""
    folded, origin = [], []
    for index, char in enumerate(text):
        if joined and _JOINERS.fullmatch(char):
            continue
        for piece in fold(_second_spelling(char) if second else char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def match_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, folded as the index folds it (`ozt` in `Öztürk`,
    `jeanluc` in `Jean-Luc`, `djukic` in `Đukić`), as merged (start, end) spans of the
    original text, for highlighting."""
    spans = []
    for second in (False, True):
        for joined in (False, True):
            haystack, origin = _haystack(text, second, joined)
            for term in terms:
                needle = fold(term)
                if joined:
                    needle = _drop_joiners(needle)
                if not needle:
                    continue
                start = haystack.find(needle)
                while start >= 0:
                    end = start + len(needle) - 1
                    spans.append((origin[start], origin[end] + 1))
                    start = haystack.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
