"""Between stored person data and the text an editor shows."""

from blijf_desktop.domain.people import ALLOWED_FIELDS, PersonData


def raw_from_person(data: PersonData) -> dict[str, str]:
    raw = {}
    for name in ALLOWED_FIELDS[data.category]:
        value = getattr(data, name)
        if name == "birth_date":
            raw[name] = value.strftime("%d-%m-%Y") if value else ""
        else:
            raw[name] = value or ""
    raw["address_secret"] = "1" if data.address_secret else ""
    raw["relation"] = data.relation
    return raw
