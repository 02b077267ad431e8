"""Two saves of one person (optimistic versions, docs/server-mode.md section 8): the second is
refused, and she is shown, field by field, where her form differs from what is stored now.
A secret address is compared but never shown there, neither hers nor the stored one: the
same rule as everywhere else, a shelter address is shown only on an audited reveal (Blijf
art. 4 and 7; Mensenhandel 6.2: no more than needed)."""

from dataclasses import dataclass

from blijf_desktop.domain.people import ALLOWED_FIELDS, Category, PersonData
from blijf_desktop.domain.secret_history import SECRET_FIELDS


@dataclass(frozen=True)
class FieldDifference:
    field: str
    mine: object  # her value; None when masked
    stored: object  # the value stored now; None when masked
    by_me: bool  # she changed it since she began
    by_other: bool  # someone else's save changed it since she began
    masked: bool  # part of a secret address: neither value is shown


def compared_fields(category: Category) -> tuple[str, ...]:
    """The fields of a person in the editor's order (the secret flag after the address)."""
    fields = list(ALLOWED_FIELDS[category])
    fields.insert(fields.index("residence") + 1, "address_secret")
    return (("relation",) if category is not Category.CLIENT else ()) + tuple(fields)


def address_is_secret(*versions: PersonData) -> bool:
    """Masked when any of the versions compared holds the address as secret."""
    return any(version.address_secret for version in versions)


def differences(started: PersonData, mine: PersonData, stored: PersonData
                ) -> list[FieldDifference]:
    """Where her form (`mine`, begun from `started`) differs from what is stored now."""
    secret = address_is_secret(started, mine, stored)
    found = []
    for name in compared_fields(stored.category):
        was, hers, now = (getattr(version, name) for version in (started, mine, stored))
        if hers == now:
            continue
        masked = secret and name in SECRET_FIELDS
        found.append(FieldDifference(name, None if masked else hers, None if masked else now,
                                     hers != was, now != was, masked))
    return found
