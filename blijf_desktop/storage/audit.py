"""The hash-chained audit trail: hash = SHA-256(prev_hash || canonical row). The chain head is
kept in `meta`, so a removed last row is detected too. Verification names the first bad row."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

GENESIS = "0" * 64
_HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    user_id: int | None
    action: str
    record_type: str | None
    record_id: str | None
    reason: str | None
    detail: str | None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows_checked: int
    first_bad_seq: int | None = None
    problem: str | None = None  # "edited" | "missing" | "inserted" | "head"


def _canonical(row: AuditRow) -> bytes:
    fields = [row.seq, row.at, row.user_id, row.action, row.record_type, row.record_id,
              row.reason, row.detail]
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def chain_hash(prev_hash: str, row: AuditRow) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + _canonical(row)).hexdigest()


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def append(conn, action: str, user_id: int | None, record_type: str | None = None,
           record_id: str | None = None, reason: str | None = None,
           detail: dict | None = None) -> int:
    """Add one row. Call inside the caller's transaction, so the row and the change land together."""
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,)).fetchone()
    last_seq, prev_hash = (0, GENESIS) if head is None else _parse_head(head[0])
    detail_text = json.dumps(detail, sort_keys=True, ensure_ascii=True) if detail else None
    row = AuditRow(last_seq + 1, now_utc(), user_id, action, record_type,
                   None if record_id is None else str(record_id), reason, detail_text)
    digest = chain_hash(prev_hash, row)
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, action, record_type, record_id, reason, detail,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row.seq, row.at, row.user_id, row.action, row.record_type, row.record_id, row.reason,
         row.detail, prev_hash, digest),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_HEAD_KEY, f"{row.seq}:{digest}"),
    )
    return row.seq


def _parse_head(value: str) -> tuple[int, str]:
    seq, digest = value.split(":", 1)
    return int(seq), digest


def verify(conn) -> VerifyResult:
    expected_seq, prev_hash, checked = 1, GENESIS, 0
    cursor = conn.execute(
        "SELECT seq, at, user_id, action, record_type, record_id, reason, detail, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    )
    for values in cursor:
        row = AuditRow(*values[:8])
        stored_prev, stored_hash = values[8], values[9]
        if row.seq != expected_seq:
            problem = "missing" if row.seq > expected_seq else "inserted"
            return VerifyResult(False, checked, expected_seq, problem)
        if stored_prev != prev_hash:
            return VerifyResult(False, checked, row.seq, "inserted")
        if chain_hash(prev_hash, row) != stored_hash:
            return VerifyResult(False, checked, row.seq, "edited")
        prev_hash, expected_seq, checked = stored_hash, expected_seq + 1, checked + 1
    head = conn.execute("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,)).fetchone()
    if head is not None and _parse_head(head[0]) != (expected_seq - 1, prev_hash):
        return VerifyResult(False, checked, expected_seq, "missing")
    if head is None and checked:
        return VerifyResult(False, checked, None, "head")
    return VerifyResult(True, checked)


def recent(conn, limit: int = 200) -> list[AuditRow]:
    rows = conn.execute(
        "SELECT seq, at, user_id, action, record_type, record_id, reason, detail"
        " FROM audit_log ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditRow(*r) for r in rows]
