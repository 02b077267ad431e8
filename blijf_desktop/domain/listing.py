"""Listings leave a trace (issue 22). Blijf 6.1: only staff who need it for their task see a
person's data, so what a user was shown is recorded; Blijf 9.1: misuse is signalled at once.

A page of search results or of the client list that is shown writes one audit row with the
number of persons and their ids: never the query text, never a name. Search-as-you-type asks
the service at every pause in typing; narrowing a search ("Ja", "Jan", "Jans") shows no one
who was not on the page before, so a page whose persons were all on this user's previous
listing row, written less than REPEAT_SECONDS ago, adds no row: the trail still says who
was shown, and when to within that time, without a row per keystroke. A page with a person
not on the previous row, or a page after a pause, writes its row. An empty page shows no one
and writes nothing.

An unusual volume — more persons listed, or more persons and cases opened, by one user in
the period than the threshold (settings volume_*, domain/settings.py) — is written once per
period as a signal the functioneel beheerder sees with the break-in attempts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

REPEAT_SECONDS = 120
# Where a listing was shown: the detail's "list" code.
CLIENT_LIST = "clients"  # Cliënten: the newest clients, before anything is typed
SEARCH = "search"  # Cliënten search, and the case pickers that use it
RIGHTS_SEARCH = "rights_person"  # Verzoeken: finding the person a request is about
EXCHANGE_REGISTER = "exchange_register"  # Uitwisselingen: each row names its persons
LISTS = (CLIENT_LIST, SEARCH, RIGHTS_SEARCH, EXCHANGE_REGISTER)


def needs_row(shown: list[int], previous: list[int] | None, previous_at: datetime | None,
              now: datetime) -> bool:
    """Whether a page showing `shown` (person ids) writes a listing row, given this user's
    previous listing row (its ids and time)."""
    if not shown:
        return False
    if previous is None or previous_at is None:
        return True
    recent = timedelta(0) <= now - previous_at < timedelta(seconds=REPEAT_SECONDS)
    return not (recent and set(shown) <= set(previous))


def listing_detail(kind: str, shown: list[int], offset: int) -> dict:
    """The audit detail of a listing row: where, how many, which ids, which page."""
    if kind not in LISTS:
        raise ValueError("unknown list")
    return {"list": kind, "count": len(shown), "persons": list(shown), "offset": offset}


@dataclass(frozen=True)
class Volume:
    period_minutes: int
    listed_max: int
    opened_max: int


@dataclass(frozen=True)
class Counted:
    listed: int  # different persons on listing rows in the period
    opened: int  # different persons and cases opened in the period


def unusual(counted: Counted, rule: Volume) -> bool:
    """More than the threshold: the threshold itself is still usual (Blijf 9.1)."""
    return counted.listed > rule.listed_max or counted.opened > rule.opened_max
