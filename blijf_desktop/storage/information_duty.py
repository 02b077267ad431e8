"""The informatieplicht per person (migration 0014): append-only outcomes, the newest counts;
and the people still waiting for one. Recording dates of people are read from persons."""

from dataclasses import dataclass
from datetime import date, datetime

from blijf_desktop.domain.information_duty import DutyRecord, Outcome
from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage import dialects

_NAME = "trim(p.first_names || ' ' || p.prefix || ' ' || p.last_name)"
# The categories, a JSON list parameter, per engine (docs/server-mode.md, section 2).
_CATEGORIES = "SELECT value FROM json_each(?)"
_CATEGORIES_PG = "SELECT value::integer FROM json_array_elements_text(?::json) AS value"
# Recorded at `age` or older: the birthday that year (the ISO date text: a 29 February falls
# after the 28th, as SQLite's date(birth, '+N years') puts it on 1 March) on or before the day
# recorded (UTC, as date(created_at) read it). The same text on both engines.
_OLD_ENOUGH = ("CAST(CAST(substr(p.birth_date, 1, 4) AS integer) + ? AS text)"
               " || substr(p.birth_date, 5) <= substr(p.created_at, 1, 10)")


@dataclass(frozen=True)
class OpenPerson:
    """Someone neither informed nor excepted: what the overview shows (no address)."""

    person_id: int
    case_id: int
    category: int
    name: str
    birth_date: date | None
    recorded_at: str  # UTC ISO, when the person was recorded


def local_day(utc_iso: str) -> date:
    """The local calendar day of a stored UTC time."""
    return datetime.fromisoformat(utc_iso).astimezone().date()


def insert(conn, person_id: int, outcome: Outcome, user_id: int, *,
           informed_on: date | None = None, how: str = "", exception: str = "",
           reason: str = "") -> int:
    return conn.execute(
        "INSERT INTO information_duty (person_id, outcome, informed_on, how, exception, reason,"
        " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (person_id, outcome.value, informed_on.isoformat() if informed_on else None, how,
         exception, reason, now_utc(), user_id)).lastrowid


_SELECT = (
    "SELECT d.id, d.person_id, d.outcome, d.informed_on, d.how, d.exception, d.reason,"
    " d.recorded_at, u.role FROM information_duty d JOIN users u ON u.id = d.recorded_by"
)


def _record(row) -> DutyRecord:
    return DutyRecord(row[0], row[1], Outcome(row[2]),
                      date.fromisoformat(row[3]) if row[3] else None, *row[4:9])


def history(conn, person_id: int) -> list[DutyRecord]:
    """Every outcome recorded for the person, newest first."""
    rows = conn.execute(f"{_SELECT} WHERE d.person_id = ? ORDER BY d.id DESC", (person_id,))
    return [_record(r) for r in rows]


def latest(conn, person_id: int) -> DutyRecord | None:
    found = history(conn, person_id)
    return found[0] if found else None


def recorded_at(conn, person_id: int) -> str | None:
    row = conn.execute("SELECT created_at FROM persons WHERE id = ?", (person_id,)).fetchone()
    return row[0] if row else None


def without_outcome(conn, categories: tuple[int, ...], child_category: int, child_age: int,
                    limit: int) -> list[OpenPerson]:
    """People of these categories with no outcome recorded, longest waiting first. A child
    only when `child_age` or older when recorded, or of unknown age (the domain's rule,
    information_duty.needs_information, here so the limit counts only those who need it)."""
    rows = conn.execute(
        f"SELECT p.id, p.case_id, p.category, {_NAME}, p.birth_date, p.created_at FROM persons p"
        f" WHERE p.category IN ({_CATEGORIES_PG if dialects.on_server(conn) else _CATEGORIES})"
        f" AND (p.category <> ? OR p.birth_date IS NULL OR {_OLD_ENOUGH})"
        " AND NOT EXISTS (SELECT 1 FROM information_duty d WHERE d.person_id = p.id)"
        " ORDER BY p.id LIMIT ?", (_json(categories), child_category, int(child_age), limit))
    return [OpenPerson(r[0], r[1], r[2], " ".join(r[3].split()),
                       date.fromisoformat(r[4]) if r[4] else None, r[5]) for r in rows]



def _json(values) -> str:
    return "[" + ",".join(str(int(v)) for v in values) + "]"
