"""What a disclosure is made of (issue 18): the offer per person, the values exactly as they
leave, the kinds left out and why, the gate, and the preview as a whole. services/sharing.py
computes them; the UI only shows them."""

from dataclasses import dataclass, field
from datetime import date

from blijf_desktop.domain import sharing
from blijf_desktop.domain.exchanges import OUT_BASIS
from blijf_desktop.domain.people import (
    ADDRESS_FIELDS, ALLOWED_FIELDS, BIRTH_FIELDS, CONTACT_FIELDS, NAME_FIELDS, THREAT_INFO,
    THREAT_SUBJECTS, Category,
)
from blijf_desktop.domain.validation import date_text

KIND_ORDER = NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS + (THREAT_INFO,) + (
    sharing.SIGNAL, sharing.SIGNAL_ENFORCEMENT)
KIND_RANK = {k: i for i, k in enumerate(KIND_ORDER)}
CATEGORY_RANK = {Category.CLIENT: 0, Category.CHILD: 1, Category.DERDE: 2, Category.PLEGER: 3}
CONTENT_VERSION = 1
SUMMARY = "Verstrekking via de begeleide stappen"
NO_ONWARD_CONSENT = "nog geen toestemming voor doorzending naar het RIEC"  # Mensenhandel 14.6  # stored in Dutch, like the AWARE summaries

# Why a kind recorded about a person does not leave (shown beside it in the flow).
NOT_ALLOWED = "not_allowed"  # the table gives it no place for this recipient, purpose, category
POLICE_DATA = "police_data"  # Blijf 5.2, 5.8
SECRET_ADDRESS = "secret_address"  # not revealed for this exchange
ANONYMISED_OUT = "anonymised"  # left out by anonymisation (Mensenhandel 9.5)
EMPTY = "empty"  # nothing recorded
NOT_CHOSEN = "not_chosen"  # allowed, but the user did not tick it
RESTRICTED = "restricted"  # her processing is restricted (AVG art. 18; Mensenhandel 27.2)


@dataclass(frozen=True)
class Excluded:
    kind: str
    reason: str


@dataclass(frozen=True)
class PersonOffer:
    """What the flow offers for one person of the case: her own screen, so full names."""

    person_id: int
    category: Category
    name: str
    address_secret: bool
    allowed: tuple[str, ...]  # kinds that may go and hold a value
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class PersonOut:
    """One person as she leaves: the values exactly as the recipient receives them."""

    person_id: int
    category: Category
    shown_as: str
    values: tuple[tuple[str, str], ...]  # (kind, value)
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class Gate:
    open: bool
    consent_ids: tuple[int, ...] = ()
    missing: tuple[str, ...] = ()  # codes of the steps still missing (domain/consent_gate.py)
    steps: tuple = ()  # the same, per person and kind (consent_gate.Step)


@dataclass(frozen=True)
class Request:
    """What the user chose in the flow. A preview keeps it, so its PDF is computed again from
    the store, never taken from the preview object."""

    case_id: int
    recipient: str
    purpose: str
    chosen: tuple[tuple[int, tuple[str, ...]], ...]
    identifiable: bool = False
    identifiable_reason: str = ""
    reveal_secret: tuple[int, ...] = ()
    signal_id: int | None = None


@dataclass(frozen=True)
class Disclosure:
    """The preview: exactly what will leave, and whether the gate lets it."""

    case_id: int
    recipient: str
    purpose: str
    route: tuple[str, ...]
    basis: str
    anonymised: bool
    identifiable_reason: str
    persons: tuple[PersonOut, ...]
    gate: Gate
    content: str = field(repr=False)  # canonical JSON of what leaves
    content_sha256: str = ""
    signal_id: int | None = None
    signal_lines: tuple = field(default=(), repr=False)  # the signal as it leaves, line by line
    lines_text: str | None = field(default=None, repr=False)  # the same as labelled lines
    # A signal to the zorgcoördinator: whether a consent already covers its way on to the RIEC
    # (Mensenhandel 14.6: it may come with the signal or later). None for other exchanges.
    onward_consent: bool | None = None
    onward_consent_ids: tuple[int, ...] = ()  # the consents that let it go on to the RIEC
    # Whose data the signal's personalia carry, per kind: on the register too, so a later
    # correction reaches who received it (Blijf 6.4). (person id, kind)
    signal_items: tuple[tuple[int, str], ...] = ()
    request: Request | None = field(default=None, repr=False)

    @property
    def summary(self) -> str:
        """The register's line, stored in Dutch like the AWARE summaries."""
        if self.onward_consent is False:
            return f"{SUMMARY}; {NO_ONWARD_CONSENT}"
        return SUMMARY

    def leaving(self) -> dict[int, frozenset[str]]:
        return {p.person_id: frozenset(k for k, _v in p.values) for p in self.persons}


def value_of(record, kind: str, threats) -> str:
    data = record.data
    if kind == THREAT_INFO:
        about = [t for t in threats if t.entry.about_person_id == record.id
                 or (data.category is Category.CLIENT and t.entry.about_person_id is None)]
        return "\n".join(f"{date_text(t.entry.noted_on)}: {t.entry.description}"
                         for t in sorted(about, key=lambda t: (t.entry.noted_on, t.id)))
    value = getattr(data, kind, "")
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "")


def shown_value(kind: str, value: str, anonymised: bool) -> str | None:
    """The value as it leaves: anonymised by the table's rule, or whole (a date in Dutch)."""
    if anonymised:
        return sharing.anonymise(kind, value)
    if kind == "birth_date" and value:
        return date_text(date.fromisoformat(value))
    return value or None


def shown_as(values: list[tuple[str, str]]) -> str:
    """How a person is named in what leaves: the name values as they leave (initials when
    anonymised), or nothing."""
    return " ".join(v for k, v in values if k in NAME_FIELDS)


def basis_text(recipient: str, purpose: str, consent_ids: tuple[int, ...]) -> str:
    """The basis the register names: Blijf's own for the police (Blijf 3.2), the article of the
    Mensenhandel covenant for the chain, with the consents it went under."""
    if sharing.RECIPIENTS[recipient].kind is sharing.RecipientKind.POLITIE:
        return OUT_BASIS
    found = sharing.route_for(recipient, purpose)
    text = "Convenant Ketensamenwerking Mensenhandel, art. %s" % (
        found.article.removeprefix("Mensenhandel ") if found else "")
    if consent_ids:
        text += "; toestemming %s" % ", ".join(f"T-{i:05d}" for i in consent_ids)
    return text


def recorded_kinds(record) -> list[str]:
    """The kinds of data the app keeps about a person of this category (the signal with the
    client)."""
    kinds = list(ALLOWED_FIELDS[record.data.category])
    if record.data.category in THREAT_SUBJECTS:
        kinds.append(THREAT_INFO)
    if record.data.category is Category.CLIENT:
        kinds += sorted(sharing.SIGNAL_KINDS)
    return sorted(kinds, key=KIND_RANK.get)


# A signal's personalia field, by what it holds of a person (domain/signal_annex.py).
SIGNAL_PERSONALIA = {"naam": NAME_FIELDS, "geboortedatum": ("birth_date",),
                     "adres": ("street", "house_number", "postcode"), "woonplaats": ("residence",)}
SIGNAL_PEOPLE = {"slachtoffer": Category.CLIENT, "pleger": Category.PLEGER}


def signal_items(fields: dict[str, str], people) -> tuple[tuple[int, str], ...]:
    """The people of the case whose name a signal's personalia carry, and which of their kinds
    went with it (the fields that are not empty)."""
    found = []
    for prefix, category in SIGNAL_PEOPLE.items():
        name = " ".join(str(fields.get(f"{prefix}.naam", "")).split()).casefold()
        if not name:
            continue
        for record in people:
            if record.data.category is category and \
                    " ".join(record.data.full_name().split()).casefold() == name:
                for part, kinds in SIGNAL_PERSONALIA.items():
                    if str(fields.get(f"{prefix}.{part}", "")).strip():
                        found += [(record.id, kind) for kind in kinds  # what she has
                                  if getattr(record.data, kind, None)]
    return tuple(dict.fromkeys(found))


def signal_fields(fields: dict[str, str], people: dict,
                  reveal_secret: frozenset[int]) -> dict[str, str]:
    """The signal as it may leave: the address and town in its personalia only where the
    person's address is not secret or was revealed for this exchange, and what a secret
    address is made of left out wherever it was typed (a signal typed or changed by hand may
    hold them)."""
    hidden = {"slachtoffer": [r for r in people.values()
                              if r.data.category is Category.CLIENT],
              "pleger": [r for r in people.values() if r.data.category is Category.PLEGER]}
    found = dict(fields)
    secret = []
    for prefix, records in hidden.items():
        kept = [r for r in records if r.data.address_secret and r.id not in reveal_secret]
        if kept:
            found[f"{prefix}.adres"] = found[f"{prefix}.woonplaats"] = ""
        secret += [v for r in kept for v in (r.data.street, r.data.postcode,
                                             r.data.postcode.replace(" ", ""), r.data.residence)]
    if secret:
        found = {code: sharing.mask_phrases(value, secret) if isinstance(value, str) else value
                 for code, value in found.items()}
    return found


def signal_names_masked(fields: dict[str, str], people: dict,
                        stored: dict[str, str]) -> dict[str, str]:
    """Anonymised: the names of the case's people and of the signal's own personalia (as
    stored) are initials in its free texts too; the name fields themselves go by rule."""
    names = [r.data.full_name() for r in people.values()] + [
        value for code, value in stored.items() if code.endswith(".naam")
        and not code.startswith("ingevuld.")]
    return {code: sharing.mask_names(value, names)
            if isinstance(value, str) and not code.endswith(".naam") else value
            for code, value in fields.items()}
