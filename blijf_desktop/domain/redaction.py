"""Taking one person out of texts that stay (erasure, AVG art. 17): the forms her data takes
in free text, and their replacement. Generous on purpose: a first name of three letters or
more is taken out wherever it stands in that case's texts, also spelled without accents or
in other capitals; losing a word of someone else's text is the lesser harm."""

import re
import unicodedata

from blijf_desktop.domain.people import PersonData
from blijf_desktop.domain.validation import display_phone, national_phone

REDACTED = "[gewist]"
MIN_PART = 3  # shorter name parts ("Li", "de") would take half of every text with them


def without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))


def name_forms(person: PersonData) -> list[str]:
    """Her names (whole and in parts), street, phone and e-mail as they may appear in text."""
    forms = {person.full_name(), f"{person.first_names} {person.last_name}",
             f"{person.prefix} {person.last_name}", person.last_name, person.first_names,
             person.street, person.email}
    forms |= set(person.first_names.split()) | set(person.last_name.split())
    if person.phone:
        forms |= {person.phone, display_phone(person.phone), national_phone(person.phone)}
    found = set()
    for form in forms:
        form = " ".join(form.split())
        if len(form) >= MIN_PART:
            found |= {form, unicodedata.normalize("NFC", form), without_accents(form)}
    return sorted(found, key=lambda f: (-len(f), f))


def pattern(forms: list[str]) -> re.Pattern | None:
    if not forms:
        return None
    # Any run of white space inside a form matches any other (a name wrapped over lines).
    parts = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
    return re.compile("|".join(parts), re.IGNORECASE)


def redact(text: str, found: re.Pattern) -> str:
    return found.sub(REDACTED, text)


def redact_value(value, found: re.Pattern):
    """The same JSON-like value with every string redacted (keys of dicts too)."""
    if isinstance(value, str):
        return redact(value, found)
    if isinstance(value, list):
        return [redact_value(v, found) for v in value]
    if isinstance(value, dict):
        return {redact(k, found): redact_value(v, found) for k, v in value.items()}
    return value
