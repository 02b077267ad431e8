"""Turning what a caseworker types into a full-text query. Pure: no database here.

The index (trigram, diacritics removed) matches substrings of at least three characters, so
`ozt` finds Öztürk. A Dutch date is searched in its zero-padded form, a phone number by its
digits; anything else word by word, every word must match."""

import re
import unicodedata
from dataclasses import dataclass

MIN_CHARS = 3

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_PHONE = re.compile(r"^\+?[\d\s\-().]{6,}$")


@dataclass(frozen=True)
class SearchQuery:
    match: str  # FTS5 MATCH expression, values quoted
    terms: tuple[str, ...]  # what to highlight


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def build(text: str) -> SearchQuery | None:
    # Control characters (NUL included) can never be part of a stored value (validation
    # refuses them) and would cut the query short: drop them.
    printable = "".join(c if unicodedata.category(c) != "Cc" else " " for c in text)
    value = " ".join(printable.split())
    if not value:
        return None
    date = _DATE.match(value)
    if date:
        day, month, year = date.groups()
        form = f"{int(day):02d}-{int(month):02d}-{year}"
        return SearchQuery(f"born : {_quoted(form)}", (value,))
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
