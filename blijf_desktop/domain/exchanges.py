"""The vocabulary of the exchange register, and what may go out to whom, as data (issue 17).
The register is Blijf Groep's record of what it gave and received (Blijf 6.2, 6.3): direction,
counterparty, purpose, asked or not, orally or in writing, which people, which kinds of data,
basis, when and by whom. The service builds each outgoing exchange from `allowed_out`; nobody
types what leaves.

The counterparties are the police units for now; the chain partners for trafficking (RIEC,
EMM through the zorgcoördinator mensenhandel) come with the sharing slice, with their own
consent rules. Police data never goes out (police.may_leave_blijf): it is left out of every
answer here, whatever the table says."""

from enum import Enum

from blijf_desktop.domain.people import (
    ADDRESS_FIELDS,
    ALLOWED_FIELDS,
    BIRTH_FIELDS,
    CONTACT_FIELDS,
    NAME_FIELDS,
    THREAT_INFO,
    THREAT_SUBJECTS,
    Category,
)
from blijf_desktop.domain.police import (
    POLICE_DERIVED_KINDS,
    UNITS,
    may_leave_blijf,
    police_info_kinds,
)
from blijf_desktop.domain.text import N_


class Direction(str, Enum):
    IN = "in"
    UIT = "uit"


DIRECTION_LABELS = {Direction.IN: N_("ontvangen"), Direction.UIT: N_("verstrekt")}


class Initiative(str, Enum):
    """Blijf 5.3: data can be given on request or unasked."""

    GEVRAAGD = "gevraagd"
    ONGEVRAAGD = "ongevraagd"


INITIATIVE_LABELS = {Initiative.GEVRAAGD: N_("gevraagd"), Initiative.ONGEVRAAGD: N_("ongevraagd")}


class Purpose(str, Enum):
    AWARE_AANVRAAG = "aware_aanvraag"
    MONITORING = "monitoring"
    AANSLUITINGSCHECK = "aansluitingscheck"
    INFOCHECK = "infocheck"
    VEILIGHEIDSCHECK = "veiligheidscheck"


# Blijf, overwegingen: the AWARE request and the non-urgent exchanges it lists.
PURPOSE_LABELS = {
    Purpose.AWARE_AANVRAAG: N_("AWARE-aanvraag"),
    Purpose.MONITORING: N_("Monitoring na aansluiten AWARE"),
    Purpose.AANSLUITINGSCHECK: N_("Check op lopende AWARE-aansluitingen"),
    Purpose.INFOCHECK: N_("Infocheck op betrokkenen die zich rechtstreeks bij Blijf melden"),
    Purpose.VEILIGHEIDSCHECK: N_("Veiligheidscheck voor een plaatsing"),
}

# Counterparties by code, and the kind of counterparty each is (the table below is per kind).
POLICE = "politie"
COUNTERPARTIES: dict[str, str] = {code: POLICE for code in UNITS}
# The person the data is about, as counterparty (and kind) of her own answer (issue 20: an
# access report lands in the register as an exchange with her). Not in COUNTERPARTIES: nothing
# goes to her through record_outgoing's tables; services/access_report.py records that exchange.
DATA_SUBJECT = "betrokkene"
COUNTERPARTY_LABELS = {DATA_SUBJECT: N_("de betrokkene zelf")}

# The basis Blijf Groep gives on (Blijf 3.2); the police give on their unit's besluit (UNITS).
OUT_BASIS = ("Artikel 6, eerste lid, onder f AVG (convenant Gegevensverstrekking Blijf Groep, "
             "art. 3.2)")

_NAW = frozenset(NAME_FIELDS + ADDRESS_FIELDS)
_BIRTH = frozenset(BIRTH_FIELDS)
_CONTACT = frozenset(CONTACT_FIELDS)
_THREAT = frozenset({THREAT_INFO})
_NONE: frozenset[str] = frozenset()
_C = Category

# What Blijf Groep may give the police, per purpose and category. Blijf 4.2 is the ceiling
# (cat. 1 a-c, e; cat. 2 a-b, d; cat. 3 a-c; cat. 4 a-c); Blijf 5.6 (only what the purpose
# needs) sets each row below it. Rows other than the AWARE request are our reading, for the
# privacy officer to confirm.
OUT_TO_POLICE: dict[Purpose, dict[Category, frozenset[str]]] = {
    # Blijf, overwegingen: before the decision, relevant information about the people directly
    # involved is shared. Everything 4.2 lists.
    Purpose.AWARE_AANVRAAG: {
        _C.CLIENT: _NAW | _BIRTH | _CONTACT | _THREAT,  # Blijf 4.2, cat. 1 a-c, e
        _C.CHILD: _NAW | _BIRTH | _THREAT,  # Blijf 4.2, cat. 2 a, b, d
        _C.DERDE: _NAW | _BIRTH | _CONTACT,  # Blijf 4.2, cat. 3 a-c
        _C.PLEGER: _NAW | _BIRTH | _CONTACT,  # Blijf 4.2, cat. 4 a-c
    },
    # Monitoring after connection: a new address or number of the client, new threats, a pleger
    # who moved or uses a new number. A derde is not needed (5.6).
    Purpose.MONITORING: {
        _C.CLIENT: _NAW | _BIRTH | _CONTACT | _THREAT,  # Blijf 4.2, cat. 1 a-c, e
        _C.CHILD: _NAW | _BIRTH | _THREAT,  # Blijf 4.2, cat. 2 a, b, d
        _C.DERDE: _NONE,  # Blijf 5.6
        _C.PLEGER: _NAW | _BIRTH | _CONTACT,  # Blijf 4.2, cat. 4 a-c
    },
    # Which connections still run: the client is identified, nobody else is needed (5.6).
    Purpose.AANSLUITINGSCHECK: {
        _C.CLIENT: _NAW | _BIRTH,  # Blijf 4.2, cat. 1 a-b
        _C.CHILD: _NONE, _C.DERDE: _NONE, _C.PLEGER: _NONE,  # Blijf 5.6
    },
    # A check on people who come to Blijf directly: enough to identify them, nothing more (5.6).
    Purpose.INFOCHECK: {
        _C.CLIENT: _NAW | _BIRTH,  # Blijf 4.2, cat. 1 a-b
        _C.CHILD: _NAW | _BIRTH,  # Blijf 4.2, cat. 2 a-b
        _C.DERDE: _NAW | _BIRTH,  # Blijf 4.2, cat. 3 a-b
        _C.PLEGER: _NAW | _BIRTH,  # Blijf 4.2, cat. 4 a-b
    },
    # Is it unsafe to place someone somewhere: who she is, the threat she tells about herself
    # or a place, the children placed with her, and who the danger comes from.
    Purpose.VEILIGHEIDSCHECK: {
        _C.CLIENT: _NAW | _BIRTH | _THREAT,  # Blijf 4.2, cat. 1 a-b, e
        _C.CHILD: _NAW | _BIRTH,  # Blijf 4.2, cat. 2 a-b
        _C.DERDE: _NONE,  # Blijf 5.6
        _C.PLEGER: _NAW | _BIRTH,  # Blijf 4.2, cat. 4 a-b
    },
}
OUT_TABLES = {POLICE: OUT_TO_POLICE}


def _category_kinds(category: Category) -> frozenset[str]:
    """Everything recorded about a person of this category (people.ALLOWED_FIELDS)."""
    return frozenset(ALLOWED_FIELDS[category]) | (_THREAT if category in THREAT_SUBJECTS else _NONE)


def allowed_out(counterparty: str, purpose: Purpose, category: Category) -> frozenset[str]:
    """The kinds of data about a person of this category that may go to the counterparty for
    this purpose. Never police data, never a kind the category does not have; an unknown
    counterparty gets nothing."""
    table = OUT_TABLES.get(COUNTERPARTIES.get(counterparty, ""), {})
    kinds = table.get(purpose, {}).get(category, _NONE)
    return frozenset(k for k in kinds & _category_kinds(category) if may_leave_blijf(k))


def allowed_in(counterparty: str, category: Category) -> frozenset[str]:
    """The kinds of data a counterparty may give about a person of this category: the personal
    data both parties exchange (Blijf 4.1, 4.2 a-c) and the police data of 4.2 (police.py).
    Whatever came from the police is police data, also a name or an address (Blijf 1.7): the
    service keeps where a value came from, so such a value never goes out either."""
    if COUNTERPARTIES.get(counterparty) != POLICE:
        return _NONE
    return frozenset(ALLOWED_FIELDS[category]) | frozenset(
        k.value for k in police_info_kinds(category))


def refused_kinds(direction: Direction, counterparty: str, purpose: Purpose,
                  category: Category, kinds: set[str] | frozenset[str]) -> frozenset[str]:
    """The kinds in a proposed register entry that the tables do not allow (empty: all fine)."""
    if direction is Direction.UIT:
        return frozenset(kinds) - allowed_out(counterparty, purpose, category)
    return frozenset(kinds) - allowed_in(counterparty, category)


# What each register entry records (Blijf 6.2, 6.3; DOMAIN.md "Sharing rules").
REGISTER_FIELDS = {
    "direction": N_("Richting"),
    "counterparty": N_("Aan of van"),
    "purpose": N_("Doel"),
    "initiative": N_("Gevraagd of ongevraagd"),
    "channel": N_("Mondeling of schriftelijk"),
    "persons": N_("Betrokkenen"),
    "kinds": N_("Gegevens"),
    "basis": N_("Grondslag"),
    "at": N_("Wanneer"),
    "by": N_("Door"),
}


def may_return_to_source(kind: str, source_unit: str, counterparty: str) -> bool:
    """Police data never leaves Blijf Groep for anyone else (Blijf 5.2, 5.8). The one way it
    travels is back to the police unit it came from: the veiligheidsadvies of an AWARE
    aanvraag shows that unit what it gave, in the advice it asked for. Only police kinds, only a
    known unit, only that same unit."""
    return (kind in POLICE_DERIVED_KINDS and source_unit in UNITS
            and counterparty == source_unit)
