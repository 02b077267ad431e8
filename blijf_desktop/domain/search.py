"""Turning what a caseworker types into a full-text query. Pure: no database here.

The index (trigram) matches substrings of at least three characters. Index and query are both
folded to what a Dutch keyboard types (`fold`), so `ozt` finds Öztürk, `przybyl` Przybył and
`kilic` Kılıç. A Dutch date is searched in its zero-padded form, a phone number by its digits;
anything else word by word, every word must match (issue 19)."""

import re
import unicodedata
from dataclasses import dataclass
import datetime as dt
from datetime import date
from functools import lru_cache

from anyascii import anyascii

from blijf_desktop.domain.people import Category

MIN_CHARS = 3
# A query is cut to this length (a pasted text would cost a trigram index time growing with its
# square, issue 19); no name, place and date together come near it.
MAX_QUERY = 100

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_PHONE = re.compile(r"^\+?[\d\s\-().]{6,}$")


@dataclass(frozen=True)
class SearchHit:
    """One row of the client list or of search results."""

    person_id: int
    case_id: int
    category: Category
    name: str
    birth_date: date | None
    residence: str
    address_secret: bool
    client_name: str


@dataclass(frozen=True)
class SearchQuery:
    match: str  # FTS5 MATCH expression, values quoted ("" when birth_date is set)
    terms: tuple[str, ...]  # what to highlight
    birth_date: date | None = None  # a full date: searched on the birth-date index


# Folding follows anyascii (ISC, kept up with each Unicode release) rather than a table of our
# own: it transliterates every script, also the letters Unicode does not decompose (ł ø æ ß ı đ).
# Only a conventional second spelling it cannot give is added here, and only to the index:
# Serbo-Croatian đ is written dj as often as d (Đukić: Dukic and Djukic).
_SECOND_SPELLINGS = {"đ": "dj", "Đ": "Dj"}
# Optional inside a name or place: `jeanluc` finds Jean-Luc, `dalessandro` D'Alessandro.
_JOINERS = re.compile(r"[\s\-'`.]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return anyascii(char).lower()


def fold(text: str) -> str:
    """`text` in lower-case ASCII as typed on a Dutch keyboard: Ødegård -> odegard,
    Größe -> grosse. Digits and punctuation stay; used for the index and for the query."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def _second_spelling(text: str) -> str:
    return "".join(_SECOND_SPELLINGS.get(c, c) for c in text)


def _joined(text: str) -> str:
    return _JOINERS.sub("", text)


def index_text(*parts: str) -> str:
    """What the search index holds for these parts of one field (a name: first names, then
    particle with last name): the folded text, then each part that has spaces, hyphens,
    apostrophes or dots inside without them (`jeanluc`, `vandenberg`, `thart`), and all of it
    again in the second spelling when a letter has one."""
    parts = tuple(unicodedata.normalize("NFC", p).strip() for p in parts)
    forms = [" ".join(p for p in parts if p)]
    forms += [_joined(p) for p in parts if _JOINERS.search(p)]
    if any(c in _SECOND_SPELLINGS for c in forms[0]):
        forms += [_second_spelling(f) for f in forms]
    return " ".join(fold(f) for f in forms if f)


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
        return SearchQuery(f"contact : {_quoted(digits)}", (value,))
    # Spaces, hyphens and apostrophes inside a word are optional: the index also holds every
    # part without them.
    words = [w for w in value.split(" ") if len(_joined(fold(w))) >= MIN_CHARS]
    if not words:
        return None
    return SearchQuery(" AND ".join(_quoted(_joined(fold(w))) for w in words), tuple(words))


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
                    needle = _joined(needle)
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
