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


def like(needle: str) -> str:
    """A needle as a LIKE pattern: anywhere in the text, its own % and _ taken literally."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def person_ids(conn, query: SearchQuery, limit: int, offset: int = 0) -> list[int]:
    """The people holding every needle, newest first (as the local index's order)."""
    if not query.needles:
        return []
    column = "contact" if query.contact_only else "words"  # a constant, never input
    wanted = " AND ".join(f"{column} LIKE ?" for _ in query.needles)
    rows = conn.execute(
        f"SELECT person_id FROM person_trigrams WHERE {wanted}"
        " ORDER BY person_id DESC LIMIT ? OFFSET ?",
        (*map(like, query.needles), limit, offset))
    return [person_id for (person_id,) in rows]
