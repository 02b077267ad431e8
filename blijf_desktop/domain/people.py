"""The people recorded and exactly the data the covenant allows for each (convenant Blijf,
art. 4: data minimisation). A field that is not listed here does not exist."""

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from blijf_desktop.domain.text import N_


class Category(IntEnum):
    CLIENT = 1  # slachtoffer (cliënt)
    CHILD = 2  # (eventueel betrokken) kind
    DERDE = 3
    PLEGER = 4  # pleger / verdachte


# Threat information (art. 4): what the client tells about herself or about a child; a threat
# at a place is recorded with a location. Nothing of the kind is kept about a derde or a pleger.
THREAT_SUBJECTS = frozenset({Category.CLIENT, Category.CHILD})
# The threat information as one kind of data, beside the fields (exchanges name what they hold).
THREAT_INFO = "dreigingsinformatie"

CATEGORY_LABELS = {
    Category.CLIENT: N_("cliënt"),
    Category.CHILD: N_("kind"),
    Category.DERDE: N_("derde"),
    Category.PLEGER: N_("pleger"),
}

NAME_FIELDS = ("first_names", "prefix", "last_name")
ADDRESS_FIELDS = ("street", "house_number", "postcode", "residence")
BIRTH_FIELDS = ("birth_place", "birth_date")
CONTACT_FIELDS = ("phone", "email")

ALLOWED_FIELDS: dict[Category, tuple[str, ...]] = {
    Category.CLIENT: NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS,
    Category.CHILD: NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS,
    Category.DERDE: NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS,
    Category.PLEGER: NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS,
}

FIELD_LABELS = {
    "first_names": N_("Voornamen"),
    "prefix": N_("Tussenvoegsel"),
    "last_name": N_("Achternaam"),
    "street": N_("Straat"),
    "house_number": N_("Huisnummer"),
    "postcode": N_("Postcode"),
    "residence": N_("Woonplaats"),
    "birth_place": N_("Geboorteplaats"),
    "birth_date": N_("Geboortedatum"),
    "phone": N_("Telefoon"),
    "email": N_("E-mail"),
    "relation": N_("Relatie tot cliënt"),
}

# Relation to the client, per category. Codes are stored; labels are translated when shown.
RELATIONS: dict[Category, dict[str, str]] = {
    Category.CLIENT: {},
    Category.CHILD: {
        "kind": N_("kind"),
        "stiefkind": N_("stiefkind"),
        "pleegkind": N_("pleegkind"),
    },
    Category.DERDE: {
        "familielid": N_("familielid"),
        "vriend": N_("vriend(in) / kennis"),
        "buur": N_("buurman / buurvrouw"),
        "nieuwe_partner": N_("nieuwe partner"),
        "vader_van_kind": N_("vader van kind"),
        "overig": N_("overig"),
    },
    Category.PLEGER: {
        "ex_partner": N_("ex-partner"),
        "partner": N_("partner"),
        "vader_van_kind": N_("vader van kind"),
        "familielid": N_("familielid"),
        "schoonfamilie": N_("schoonfamilie"),
        "kennis": N_("kennis"),
        "onbekend": N_("onbekende"),
        "overig": N_("overig"),
    },
}


@dataclass(frozen=True)
class PersonData:
    """One person's allowed data, validated and normalised."""

    category: Category
    first_names: str = ""
    prefix: str = ""
    last_name: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    residence: str = ""
    address_secret: bool = False
    birth_place: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    relation: str = ""

    def full_name(self) -> str:
        return " ".join(part for part in (self.first_names, self.prefix, self.last_name) if part)

    def disallowed_fields(self) -> list[str]:
        """Fields holding data the covenant does not allow for this category."""
        allowed = set(ALLOWED_FIELDS[self.category])
        return [name for name in NAME_FIELDS + ADDRESS_FIELDS + BIRTH_FIELDS + CONTACT_FIELDS
                if name not in allowed and getattr(self, name)]


@dataclass(frozen=True)
class ThreatEntry:
    """Threat information the client gives about herself, a child or a location."""

    noted_on: date
    description: str
    about_person_id: int | None = None
    about_location: str = ""
    source: str = field(default="betrokkene")  # "door betrokkene aangedragen informatie"


@dataclass(frozen=True)
class ThreatRecord:
    id: int
    entry: ThreatEntry
    recorded_at: str
    recorded_by: str


@dataclass(frozen=True)
class HistoryRow:
    field: str
    old_value: str | None
    new_value: str | None
    changed_at: str
    changed_by: str  # display name of the user
    masked: bool = False  # a secret address value is hidden in this row (see secret_history)
