"""What starts and ends a retention term, per case: its closing (and reopening), the chain
file's closing, removals at the source; and the closed cases with those dates."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.retention import CaseDates
from blijf_desktop.storage import dialects
from blijf_desktop.storage.audit import now_utc


@dataclass(frozen=True)
class CaseClosure:
    case_id: int
    closed_on: date | None
    closed_by: int | None
    chain_file_closed_on: date | None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def case_exists(conn, case_id: int) -> bool:
    if dialects.on_server(conn):
        return conn.execute(_CLOCK_PG, (case_id,)).fetchone() is not None
    return conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None


def closure(conn, case_id: int) -> CaseClosure | None:
    row = conn.execute("SELECT id, closed_on, closed_by, chain_file_closed_on FROM cases"
                       " WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        return None
    return CaseClosure(row[0], _day(row[1]), row[2], _day(row[3]))


def is_closed(conn, case_id: int) -> bool:
    row = conn.execute("SELECT closed_on FROM cases WHERE id = ?", (case_id,)).fetchone()
    return bool(row and row[0])


def close(conn, case_id: int, on: date, user_id: int) -> None:
    conn.execute("UPDATE cases SET closed_on = ?, closed_by = ?, version = version + 1"
                 " WHERE id = ?",
                 (on.isoformat(), user_id, case_id))


def reopen(conn, case_id: int) -> None:
    conn.execute("UPDATE cases SET closed_on = NULL, closed_by = NULL,"
                 " version = version + 1 WHERE id = ?", (case_id,))


def set_chain_file_closed(conn, case_id: int, on: date | None) -> None:
    conn.execute("UPDATE cases SET chain_file_closed_on = ?, version = version + 1"
                 " WHERE id = ?",
                 (on.isoformat() if on else None, case_id))


def record_source_removal(conn, case_id: int, removed_on: date, counterparty: str,
                          user_id: int) -> int:
    return conn.execute(
        "INSERT INTO source_removals (case_id, removed_on, counterparty, recorded_at,"
        " recorded_by) VALUES (?, ?, ?, ?, ?)",
        (case_id, removed_on.isoformat(), counterparty, now_utc(), user_id)).lastrowid


_DATES = (
    "SELECT c.id, c.closed_on, c.chain_file_closed_on,"
    " (SELECT min(removed_on) FROM source_removals r WHERE r.case_id = c.id),"
    " EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id)"
    " FROM cases c"
)


def _dates(row) -> tuple[int, CaseDates]:
    return row[0], CaseDates(_day(row[1]), _day(row[2]), _day(row[3]), bool(row[4]))


def case_dates(conn, case_id: int) -> CaseDates | None:
    if dialects.on_server(conn):
        row = conn.execute(_CLOCK_PG, (case_id,)).fetchone()
    else:
        row = conn.execute(_DATES + " WHERE c.id = ?", (case_id,)).fetchone()
    return _dates(row)[1] if row else None


def cases_with_a_clock(conn) -> list[tuple[int, CaseDates]]:
    """Every case whose retention clock runs: closed, or with a closed chain file or a
    removal at the source. Open cases without either never appear. Every team's."""
    rows = conn.execute(_CLOCKS_PG if dialects.on_server(conn) else _CLOCKS)
    return [_dates(r) for r in rows]


_CLOCKS = (_DATES + " WHERE c.closed_on IS NOT NULL OR c.chain_file_closed_on IS NOT NULL"
           " OR EXISTS (SELECT 1 FROM source_removals r WHERE r.case_id = c.id) ORDER BY c.id")
# On a server the overview crosses teams on purpose (VIEW_RETENTION: a teamleider, the
# beheerder who reads no case): ids and dates only, through the definer of migration 0036.
_CLOCKS_PG = ("SELECT case_id, closed_on, chain_file_closed_on, first_source_removal,"
              " has_signal FROM blijf.retention_clocks()")
# One case's dates (any case: the overview's): carrying out checks them again, also as the
# beheerder, who reads no case on a server.
_CLOCK_PG = ("SELECT case_id, closed_on, chain_file_closed_on, first_source_removal,"
             " has_signal FROM blijf.case_clock(?)")


def text_exists(conn, case_id: int, text_kind: str, text_ref: str) -> bool:
    """A threat entry of the case ("dreiging", its id), or a non-empty screening note of the
    case ("toelichting", "<screening id>:<signal code>")."""
    if text_kind == "dreiging":
        return text_ref.isdigit() and conn.execute(
            "SELECT 1 FROM threats WHERE id = ? AND case_id = ?",
            (int(text_ref), case_id)).fetchone() is not None
    screening, _colon, code = text_ref.partition(":")
    return screening.isdigit() and bool(code) and conn.execute(
        "SELECT 1 FROM screening_answers a JOIN screenings s ON s.id = a.screening_id"
        " WHERE s.id = ? AND s.case_id = ? AND a.code = ? AND a.note <> ''",
        (int(screening), case_id, code)).fetchone() is not None


def case_of_traject(conn, traject_id: int) -> int | None:
    row = conn.execute("SELECT case_id FROM trajects WHERE id = ?", (traject_id,)).fetchone()
    return row[0] if row else None


def case_of_consent(conn, consent_id: int) -> int | None:
    row = conn.execute("SELECT case_id FROM consents WHERE id = ?", (consent_id,)).fetchone()
    return row[0] if row else None
