"""One check for every door that would process a person: is her processing restricted (AVG
art. 18; a granted objection stops it at once, Mensenhandel 27.2)? A restricted person is
read-only, out of search and lists (storage/persons.py), and never part of a new exchange.
Called inside the caller's transaction; the refusal names the field and a code only."""

from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage import rights


def refuse_restricted(conn, person_ids, field: str = "person") -> None:
    if rights.restricted_among(conn, set(person_ids)):
        raise InvalidInput(field, "restricted")


def restricted_among(conn, person_ids) -> set[int]:
    return rights.restricted_among(conn, set(person_ids))
