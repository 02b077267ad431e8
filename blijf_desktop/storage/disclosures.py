"""What left in a disclosure made through the guided flow, beside its register row
(storage/exchanges.py): route, anonymised or why identifiable, the exact content and its hash.
Append only."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StoredDisclosure:
    exchange_id: int
    route: tuple[str, ...]
    anonymised: bool
    identifiable_reason: str
    content: str  # canonical JSON of exactly what left
    content_sha256: str
    lines_text: str | None


def insert(conn, exchange_id: int, route: tuple[str, ...], anonymised: bool,
           identifiable_reason: str, content: str, content_sha256: str,
           lines_text: str | None = None) -> None:
    conn.execute(
        "INSERT INTO exchange_disclosures (exchange_id, route, anonymised, identifiable_reason,"
        " content, content_sha256, lines_text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (exchange_id, " ".join(route), int(anonymised), identifiable_reason, content,
         content_sha256, lines_text))


def get(conn, exchange_id: int) -> StoredDisclosure | None:
    row = conn.execute(
        "SELECT exchange_id, route, anonymised, identifiable_reason, content, content_sha256,"
        " lines_text FROM exchange_disclosures WHERE exchange_id = ?", (exchange_id,)).fetchone()
    if row is None:
        return None
    return StoredDisclosure(row[0], tuple(row[1].split()), bool(row[2]), row[3], row[4], row[5],
                            row[6])
