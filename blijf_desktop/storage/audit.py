"""The hash-chained audit trail: hash = SHA-256(prev_hash || canonical row). The chain head is
kept in `meta`, so a removed last row is detected too. Verification names the first bad row."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage.dialects import on_server

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
    serialise = getattr(conn, "lock_audit_head", None)  # on a server: one desk at a time
    if serialise is not None:
        serialise()
    last_seq, prev_hash = _read_head(conn) or (0, GENESIS)
    # A head that was removed, mangled or set back must neither stop the app nor be mended:
    # the new row links to what the head says (GENESIS when unreadable), so verify still
    # shows the break, and it gets the next free number.
    table_last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    last_seq = max(last_seq, table_last or 0)
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


def _read_head(conn) -> tuple[int, str] | None:
    """(seq, hash) from meta; None when the head is missing or not in the form we write."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_HEAD_KEY,)).fetchone()
    if row is None or not isinstance(row[0], str):
        return None
    seq, _colon, digest = row[0].partition(":")
    if not (seq.isascii() and seq.isdigit()) or len(digest) != 64 or set(digest) - set("0123456789abcdef"):
        return None
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
        if row.seq == 1 and row.action != AuditAction.STORE_CREATED.value:
            return VerifyResult(False, 0, 1, "missing")  # a trail starts at the store's creation
        if stored_prev != prev_hash:
            return VerifyResult(False, checked, row.seq, "inserted")
        if _hash_or_none(prev_hash, row) != stored_hash:
            return VerifyResult(False, checked, row.seq, "edited")
        prev_hash, expected_seq, checked = stored_hash, expected_seq + 1, checked + 1
    return _verify_head(conn, checked, prev_hash)


def _hash_or_none(prev_hash: str, row: AuditRow) -> str | None:
    try:
        return chain_hash(prev_hash, row)
    except (TypeError, ValueError):  # a value of a type we never write (e.g. a blob)
        return None


def _verify_head(conn, checked: int, last_hash: str) -> VerifyResult:
    """The head names the last row: rows cut from the end or added after it show here."""
    if checked == 0:
        return VerifyResult(False, 0, 1, "missing")
    head = _read_head(conn)
    if head is None:
        return VerifyResult(False, checked, checked + 1, "head")
    head_seq, head_hash = head
    if head_seq > checked:
        return VerifyResult(False, checked, checked + 1, "missing")
    if head_seq < checked:
        return VerifyResult(False, checked, head_seq + 1, "inserted")
    if head_hash != last_hash:
        return VerifyResult(False, checked, checked, "head")
    return VerifyResult(True, checked)


def recent(conn, limit: int = 200) -> list[AuditRow]:
    rows = conn.execute(
        "SELECT seq, at, user_id, action, record_type, record_id, reason, detail"
        " FROM audit_log ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditRow(*r) for r in rows]


# What a desk's session reads of the trail. On a server her role may append to it but not read
# it (only VIEW_AUDIT/VERIFY_AUDIT have SELECT): definer functions of migration 0033 give her
# own rows' times and the latest time, nothing more (docs/server-mode.md section 4).
_TIMES_OF = ("SELECT at FROM audit_log WHERE action = ? AND user_id = ? AND at >= ?"
             " AND (? IS NULL OR reason = ?) ORDER BY seq")
_TIMES_OF_SERVER = ("SELECT at FROM blijf.trail_times_of(?, ?, ?, CAST(? AS TEXT))"
                    " ORDER BY seq")
_LATEST_TIME = ("SELECT max(at) FROM audit_log WHERE seq >= coalesce((SELECT max(seq)"
                " FROM audit_log WHERE action = ?), 0)")
_LATEST_TIME_SERVER = "SELECT blijf.trail_latest_time()"


def times_of(conn, action: str, user_id: int, since: str, reason: str | None = None) -> list[str]:
    """When `user_id` did `action` (with `reason`, if given) at or after `since` (ISO, UTC),
    oldest first. The trail is append-only: a count taken from it cannot be reset. On a
    server, `user_id` must be the session's own account (the server refuses another's)."""
    if on_server(conn):
        rows = conn.execute(_TIMES_OF_SERVER, (action, user_id, since, reason)).fetchall()
    else:
        rows = conn.execute(_TIMES_OF, (action, user_id, since, reason, reason)).fetchall()
    return [row[0] for row in rows]


def latest_time(conn) -> str | None:
    """The latest time any row was written at (ISO, UTC): the trail's times only go forward,
    so a clock that reads earlier was set back (rows written since then carry the earlier
    time, hence the maximum, not the last row). Counted from the latest CLOCK_ACKNOWLEDGED
    row on (domain/clock.py): times before a clock jump the beheerder acknowledged no
    longer count."""
    if on_server(conn):
        row = conn.execute(_LATEST_TIME_SERVER).fetchone()
    else:
        row = conn.execute(_LATEST_TIME, (AuditAction.CLOCK_ACKNOWLEDGED.value,)).fetchone()
    return row[0] if row else None


# Read only by the beheerder's session (VIEW_AUDIT, VERIFY_AUDIT: SELECT on the server) or by
# the local store's own backup and restore: recent (the trail's page), time_at (break-ins
# since her last login), last_detail (the last backup, local), rows_after and hash_at
# (carrying the trail over a restore, local). No definer function on the server.
def rows_after(conn, seq: int) -> list[tuple]:
    """Every stored row after `seq`, whole (with prev_hash and hash), for `append_verbatim`."""
    return [tuple(r) for r in conn.execute(
        "SELECT seq, at, user_id, action, record_type, record_id, reason, detail, prev_hash,"
        " hash FROM audit_log WHERE seq > ? ORDER BY seq", (seq,))]


def time_at(conn, seq: int) -> str | None:
    """When row `seq` was written (ISO, UTC)."""
    row = conn.execute("SELECT at FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def last_detail(conn, action: str) -> str | None:
    """The detail (JSON text) of the latest row of `action`."""
    row = conn.execute("SELECT detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1",
                       (action,)).fetchone()
    return row[0] if row else None


def hash_at(conn, seq: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def append_verbatim(conn, rows: list[tuple]) -> None:
    """Rows of another copy of this trail that continue this one (each links to the one
    before by its prev_hash; the caller checked the first links to this head): inserted as
    they were, so the chain verifies, and the head moves to the last."""
    for row in rows:
        conn.execute(
            "INSERT INTO audit_log (seq, at, user_id, action, record_type, record_id, reason,"
            " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    if rows:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
            " value = excluded.value", (_HEAD_KEY, f"{rows[-1][0]}:{rows[-1][9]}"))
