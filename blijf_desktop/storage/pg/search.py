"""Person search on the server: the same folded parts as the local index (domain/search.py
index_parts), kept in person_trigrams by the repository, found with pg_trgm (migration 0017's
PostgreSQL form). Every needle must occur whole in one part, as locally (domain.search.matches):
a needle holds no space, so it cannot span the space between two parts."""

from blijf_desktop.domain.search import SearchQuery, index_parts

_PERSON_PARTS = ("SELECT first_names, prefix, last_name, birth_date, residence, birth_place,"
                 " street, postcode, address_secret, phone, email FROM persons WHERE id = ?")
_CONTACT_PARTS = 3  # index_parts ends with phone, its national form, e-mail


def index_person(conn, person_id: int) -> None:
    """Write (or rewrite) one person's searchable text; call after each insert or update."""
    row = conn.execute(_PERSON_PARTS, (person_id,)).fetchone()
    parts = index_parts(*row)
    words = " ".join(part for part in parts if part)
    contact = " ".join(part for part in parts[-_CONTACT_PARTS:] if part)
    conn.execute(
        "INSERT INTO person_trigrams (person_id, words, contact) VALUES (?, ?, ?)"
        " ON CONFLICT (person_id) DO UPDATE SET words = excluded.words,"
        " contact = excluded.contact", (person_id, words, contact))


def person_ids(conn, query: SearchQuery, limit: int, offset: int = 0) -> list[int]:
    """The people holding every needle in the cases this user may read, newest first (as the
    local index's order), through blijf.find_persons: under the row policies a LIKE would
    check every row and use no index (storage/pg/migrations/0027_teams.sql)."""
    if not query.needles:
        return []
    rows = conn.execute("SELECT * FROM blijf.find_persons(?, ?, ?, ?)",
                        (bool(query.contact_only), list(query.needles), limit, offset))
    return [person_id for (person_id,) in rows]


def known_elsewhere(conn, query: SearchQuery, limit: int) -> list[tuple[int, int, str, int]]:
    """(person id, case id, name, team id) of the people holding every needle in cases this
    user may not read, newest first: "bekend bij team X" (domain/need_to_know.py
    KNOWN_ELSEWHERE_SHOWS), through blijf.known_elsewhere, which returns nothing more."""
    if not query.needles:
        return []
    rows = conn.execute("SELECT * FROM blijf.known_elsewhere(?, ?, ?)",
                        (bool(query.contact_only), list(query.needles), limit))
    return [(person_id, case_id, " ".join(p for p in (first, prefix, last) if p), team_id)
            for person_id, case_id, first, prefix, last, team_id in rows]
