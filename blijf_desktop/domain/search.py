"""Turning what a caseworker types into a full-text query. Pure: no database here.

The index (trigram, diacritics removed) matches substrings of at least three characters, so
`ozt` finds Öztürk. A Dutch date is searched in its zero-padded form, a phone number by its
digits; anything else word by word, every word must match."""

import re
import unicodedata
from dataclasses import dataclass
import datetime as dt
from datetime import date

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
    words = [w for w in value.split(" ") if len(w) >= MIN_CHARS]
    if not words:
        return None
    return SearchQuery(" AND ".join(_quoted(w) for w in words), tuple(words))


def _fold(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, ignoring case and diacritics (`ozt` in `Öztürk`),
    as merged (start, end) spans of the original text, for highlighting."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in _fold(char):
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    spans = []
    for term in terms:
        needle = "".join(_fold(c) for c in term)
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
