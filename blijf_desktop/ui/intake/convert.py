"""Between stored person data and the text an editor shows."""

from blijf_desktop.domain.people import ALLOWED_FIELDS, PersonData
from blijf_desktop.domain.validation import field_text


def raw_from_person(data: PersonData) -> dict[str, str]:
    """The text each field shows, as it would after typing the stored value and leaving it."""
    raw = {}
    for name in ALLOWED_FIELDS[data.category]:
        raw[name] = field_text(name, getattr(data, name))
    raw["address_secret"] = "1" if data.address_secret else ""
    raw["relation"] = data.relation
    return raw
