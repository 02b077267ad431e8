"""Consents, their history and the exchanges made under them (issue 18). A consent row changes
only as the triggers of 0007 and 0010 allow; every change adds a history row with the whole
record as it stood after it."""

import json
from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.consent import (
    ClientPosition, Consent, Grantor, Scope, State, Weighing,
)
from blijf_desktop.storage.audit import now_utc

_COLUMNS = ("id", "case_id", "state", "grantor", "scope", "valid_from", "valid_until",
            "client_informed", "client_position", "position_reason", "weighing", "prepared_by",
            "prepared_at", "verified_by", "verified_at", "closing_reason", "withdrawn_on")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM consents"
# What `update_draft` may change, as stored columns (constants, never input).
EDITABLE = ("grantor", "scope", "valid_from", "valid_until", "client_informed",
            "client_position", "position_reason", "weighing")
_INSERT = ("INSERT INTO consents (case_id, state, prepared_by, prepared_at, "
           + ", ".join(EDITABLE) + ") VALUES (?, ?, ?, ?, " + ", ".join("?" for _ in EDITABLE)
           + ")")


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    consent_id: int
    change: str
    state: str
    fields: tuple[str, ...]
    reason: str
    changed_at: str
    changed_by: int | None
    changed_by_name: str | None  # None: the app itself (expiry)
    snapshot: dict


def _scope_json(scope: Scope) -> str:
    return json.dumps({"recipients": sorted(scope.recipients), "purposes": sorted(scope.purposes),
                       "persons": sorted(scope.person_ids), "kinds": sorted(scope.kinds),
                       "identifiable": bool(scope.identifiable),
                       "signals": sorted(scope.signal_ids)})


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _consent(row) -> Consent:
    v = dict(zip(_COLUMNS, row))
    scope = json.loads(v["scope"])
    return Consent(
        v["id"], v["case_id"], State(v["state"]),
        # A scope stored before identifiability and signals were part of it (issue 18 review)
        # covers anonymised data only, and no signal.
        Scope(frozenset(scope["recipients"]), frozenset(scope["purposes"]),
              frozenset(scope["persons"]), frozenset(scope["kinds"]), _day(v["valid_from"]),
              _day(v["valid_until"]), scope.get("identifiable") is True,
              frozenset(scope.get("signals", ()))),
        Grantor(v["grantor"]), bool(v["client_informed"]), ClientPosition(v["client_position"]),
        v["position_reason"], Weighing(**json.loads(v["weighing"])), v["prepared_by"],
        v["prepared_at"], v["verified_by"], v["verified_at"], v["closing_reason"],
        _day(v["withdrawn_on"]))


def _values(consent: Consent) -> dict:
    """The editable columns of a consent as stored."""
    return {"grantor": consent.grantor.value, "scope": _scope_json(consent.scope),
            "valid_from": consent.scope.valid_from.isoformat(),
            "valid_until": consent.scope.valid_until and consent.scope.valid_until.isoformat(),
            "client_informed": int(consent.client_informed),
            "client_position": consent.client_position.value,
            "position_reason": consent.position_reason,
            "weighing": json.dumps(consent.weighing.as_dict(), ensure_ascii=False)}


def insert(conn, new: Consent, user_id: int) -> int:
    """Store `new` (its id, state and preparer ignored) as an ontwerp prepared by `user_id`."""
    values = _values(new)
    consent_id = conn.execute(_INSERT, (new.case_id, State.ONTWERP.value, user_id, now_utc(),
                                        *(values[name] for name in EDITABLE))).lastrowid
    add_history(conn, consent_id, "voorbereid", [], "", user_id)
    return consent_id


def get(conn, consent_id: int) -> Consent | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (consent_id,)).fetchone()
    return _consent(row) if row else None


def for_case(conn, case_id: int) -> list[Consent]:
    return [_consent(r) for r in conn.execute(f"{_SELECT} WHERE case_id = ? ORDER BY id",
                                              (case_id,))]


def in_state(conn, state: State) -> list[Consent]:
    return [_consent(r) for r in conn.execute(f"{_SELECT} WHERE state = ? ORDER BY id",
                                              (state.value,))]


def update_draft(conn, consent_id: int, new: Consent, user_id: int) -> list[str]:
    """Write what changed in an ontwerp; one history row naming the changed columns."""
    old = _values(get(conn, consent_id))
    values = _values(new)
    changed = [name for name in EDITABLE if values[name] != old[name]]
    for name in changed:
        conn.execute(f"UPDATE consents SET {name} = ? WHERE id = ?", (values[name], consent_id))
    if changed:
        add_history(conn, consent_id, "gewijzigd", changed, "", user_id)
    return changed


def set_state(conn, consent_id: int, state: State, change: str, user_id: int | None,
              reason: str = "", verified_by: int | None = None,
              withdrawn_on: date | None = None) -> None:
    """Move a consent to `state` (the triggers refuse what the domain does not allow)."""
    stamp = now_utc()
    if verified_by is not None:
        conn.execute("UPDATE consents SET state = ?, verified_by = ?, verified_at = ?"
                     " WHERE id = ?", (state.value, verified_by, stamp, consent_id))
    else:
        conn.execute("UPDATE consents SET state = ?, closing_reason = ?, withdrawn_on = ?"
                     " WHERE id = ?", (state.value, reason,
                                       withdrawn_on and withdrawn_on.isoformat(), consent_id))
    add_history(conn, consent_id, change, ["state"], reason, user_id)


def add_history(conn, consent_id: int, change: str, fields: list[str], reason: str,
                user_id: int | None) -> None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (consent_id,)).fetchone()
    snapshot = dict(zip(_COLUMNS, row))
    conn.execute(
        "INSERT INTO consent_history (consent_id, change, state, fields, reason, snapshot,"
        " changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (consent_id, change, snapshot["state"], json.dumps(fields), reason,
         json.dumps(snapshot, ensure_ascii=False), now_utc(), user_id))


def history(conn, consent_id: int) -> list[HistoryEntry]:
    """Oldest first."""
    rows = conn.execute(
        "SELECT h.id, h.consent_id, h.change, h.state, h.fields, h.reason, h.changed_at,"
        " h.changed_by, u.display_name, h.snapshot FROM consent_history h"
        " LEFT JOIN users u ON u.id = h.changed_by WHERE h.consent_id = ? ORDER BY h.id",
        (consent_id,))
    return [HistoryEntry(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), r[5], r[6], r[7],
                         r[8], json.loads(r[9])) for r in rows]


def authors(conn, consent_id: int) -> set[int]:
    """Every user who prepared or changed the consent's content (its history): none of them
    may verify it (four eyes; migration 0010 refuses it too)."""
    return {r[0] for r in conn.execute(
        "SELECT DISTINCT changed_by FROM consent_history WHERE consent_id = ?"
        " AND change IN ('voorbereid', 'gewijzigd') AND changed_by IS NOT NULL", (consent_id,))}


# -- exchanges made under a consent -------------------------------------------------------------
def link_exchange(conn, exchange_id: int, consent_ids) -> None:
    """Record that `exchange_id` went out under these consents. Call it inside the transaction
    that records the exchange (services/sharing.py); the links are never changed."""
    for consent_id in sorted(set(consent_ids)):
        conn.execute("INSERT INTO exchange_consents (exchange_id, consent_id)"
                     " VALUES (?, ?) ON CONFLICT DO NOTHING", (exchange_id, consent_id))


def exchanges_under(conn, consent_id: int) -> list[tuple[int, str]]:
    """(exchange id, recipient) of every exchange made under the consent, oldest first."""
    return [tuple(r) for r in conn.execute(
        "SELECT e.id, e.counterparty FROM exchange_consents l JOIN exchanges e"
        " ON e.id = l.exchange_id WHERE l.consent_id = ? ORDER BY e.exchanged_on, e.id",
        (consent_id,))]


def consents_of(conn, exchange_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT consent_id FROM exchange_consents WHERE exchange_id = ? ORDER BY consent_id",
        (exchange_id,))]
