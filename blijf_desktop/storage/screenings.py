"""Risk screenings of a case (migration 0003): each a new row with its answers, never changed
in place. Notes are personal data and live only here, in the encrypted store. No rules here:
domain/risk.py decides, services/risk.py checks and audits."""

from dataclasses import dataclass

from blijf_desktop.domain.risk import Answer, AnswerValue, Level
from blijf_desktop.storage.audit import now_utc


@dataclass(frozen=True)
class StoredScreening:
    id: int
    case_id: int
    version: int
    answers: dict[str, Answer]
    proposed: Level
    chosen: Level | None
    override_reason: str
    approver_id: int | None
    approver_name: str | None
    approver_reason: str
    author_id: int
    author_name: str
    created_at: str  # UTC, ISO 8601


def insert(conn, case_id: int, version: int, answers: dict[str, Answer], proposed: Level,
           chosen: Level | None, override_reason: str, approver_id: int | None,
           approver_reason: str, author_id: int) -> int:
    screening_id = conn.execute(
        "INSERT INTO screenings (case_id, version, proposed_level, chosen_level,"
        " override_reason, approver_id, approver_reason, author_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, version, proposed.value, chosen.value if chosen else None, override_reason,
         approver_id, approver_reason, author_id, now_utc()),
    ).lastrowid
    for code, answer in answers.items():
        conn.execute(
            "INSERT INTO screening_answers (screening_id, code, value, note) VALUES (?, ?, ?, ?)",
            (screening_id, code, answer.value.value, answer.note))
    return screening_id


_SELECT = (
    "SELECT s.id, s.case_id, s.version, s.proposed_level, s.chosen_level, s.override_reason,"
    " s.approver_id, a.display_name, s.approver_reason, s.author_id, u.display_name,"
    " s.created_at FROM screenings s JOIN users u ON u.id = s.author_id"
    " LEFT JOIN users a ON a.id = s.approver_id"
)


def _answers(conn, screening_id: int) -> dict[str, Answer]:
    rows = conn.execute("SELECT code, value, note FROM screening_answers WHERE screening_id = ?",
                        (screening_id,))
    return {code: Answer(AnswerValue(value), note) for code, value, note in rows}


def _screening(conn, row) -> StoredScreening:
    return StoredScreening(
        id=row[0], case_id=row[1], version=row[2], answers=_answers(conn, row[0]),
        proposed=Level(row[3]), chosen=Level(row[4]) if row[4] else None,
        override_reason=row[5], approver_id=row[6], approver_name=row[7],
        approver_reason=row[8], author_id=row[9], author_name=row[10], created_at=row[11])


def for_case(conn, case_id: int) -> list[StoredScreening]:
    """Every screening of a case, oldest first."""
    rows = conn.execute(f"{_SELECT} WHERE s.case_id = ? ORDER BY s.id", (case_id,)).fetchall()
    return [_screening(conn, row) for row in rows]


def latest(conn, case_id: int) -> StoredScreening | None:
    row = conn.execute(f"{_SELECT} WHERE s.case_id = ? ORDER BY s.id DESC LIMIT 1",
                       (case_id,)).fetchone()
    return _screening(conn, row) if row else None


def draft_kind(case_id: int) -> str:
    """The kind of a user's unfinished screening of one case in the drafts table."""
    return f"risk:{int(case_id)}"
