"""Texts that mention what is destroyed: drafts (any user's, any form, the saved workspace
included) and, for the erasure of one person, the texts of her case that stay."""

import json
import re

from blijf_desktop.domain.redaction import redact, redact_value
from blijf_desktop.storage import dialects

# Texts of a case that may name a person of that case: (table, key expression, text column,
# is JSON, SQL selecting the keys of one case's rows).
CASE_TEXTS = (
    ("threats", "id", "description", False, "SELECT id FROM threats WHERE case_id = ?"),
    ("threats", "id", "about_location", False, "SELECT id FROM threats WHERE case_id = ?"),
    ("screenings", "id", "override_reason", False, "SELECT id FROM screenings WHERE case_id = ?"),
    ("screenings", "id", "approver_reason", False, "SELECT id FROM screenings WHERE case_id = ?"),
    ("screening_answers", "screening_id || ':' || code", "note", False,
     "SELECT a.screening_id || ':' || a.code FROM screening_answers a JOIN screenings s ON s.id = a.screening_id"
     " WHERE s.case_id = ?"),
    ("trajects", "id", "reason_text", False, "SELECT id FROM trajects WHERE case_id = ?"),
    ("traject_steps", "id", "data", True,
     "SELECT s.id FROM traject_steps s JOIN trajects t ON t.id = s.traject_id"
     " WHERE t.case_id = ?"),
    ("exchanges", "id", "summary", False, "SELECT id FROM exchanges WHERE case_id = ?"),
    ("exchange_items", "id", "content", False,
     "SELECT i.id FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id"
     " WHERE e.case_id = ?"),
    ("exchange_disclosures", "exchange_id", "content", True,
     "SELECT exchange_id FROM exchange_disclosures WHERE exchange_id IN"
     " (SELECT id FROM exchanges WHERE case_id = ?)"),
    ("exchange_disclosures", "exchange_id", "lines_text", False,
     "SELECT exchange_id FROM exchange_disclosures WHERE exchange_id IN"
     " (SELECT id FROM exchanges WHERE case_id = ?)"),
    ("consents", "id", "weighing", True, "SELECT id FROM consents WHERE case_id = ?"),
    ("consents", "id", "position_reason", False, "SELECT id FROM consents WHERE case_id = ?"),
    ("consents", "id", "closing_reason", False, "SELECT id FROM consents WHERE case_id = ?"),
    ("consent_history", "id", "snapshot", True,
     "SELECT h.id FROM consent_history h JOIN consents c ON c.id = h.consent_id"
     " WHERE c.case_id = ?"),
    ("consent_history", "id", "reason", False,
     "SELECT h.id FROM consent_history h JOIN consents c ON c.id = h.consent_id"
     " WHERE c.case_id = ?"),
    ("signals", "id", "payload", True, "SELECT id FROM signals WHERE case_id = ?"),
    # The other people's requests, their steps' notes and reasons, their informatieplicht and
    # a lifted restriction's reason (migration 0023).
    ("rights_requests", "id", "asked", False, "SELECT id FROM rights_requests WHERE case_id = ?"),
    ("rights_request_steps", "id", "reasons", False,
     "SELECT s.id FROM rights_request_steps s JOIN rights_requests r ON r.id = s.request_id"
     " WHERE r.case_id = ?"),
    ("information_duty", "id", "reason", False,
     "SELECT d.id FROM information_duty d JOIN persons p ON p.id = d.person_id"
     " WHERE p.case_id = ?"),
    ("information_duty", "id", "how", False,
     "SELECT d.id FROM information_duty d JOIN persons p ON p.id = d.person_id"
     " WHERE p.case_id = ?"),
    ("restrictions", "id", "lift_reason", False,
     "SELECT r.id FROM restrictions r JOIN persons p ON p.id = r.person_id WHERE p.case_id = ?"),
)


def redact_case_texts(conn, case_id: int, found: re.Pattern) -> int:
    """Take the forms out of every text of the case; returns how many values changed. The
    table and column names are the constants above, never input."""
    changed = 0
    for text in CASE_TEXTS:  # by index, so the SQL checker sees constant text
        is_json = text[3]
        ids = [row[0] for row in conn.execute(text[4], (case_id,))]
        for row_id in ids:
            value = conn.execute(f"SELECT {text[2]} FROM {text[0]} WHERE {text[1]} = ?",
                                 (row_id,)).fetchone()[0]
            if not isinstance(value, str) or not found.search(value if not is_json else
                                                            _plain(value)):
                continue
            new = (json.dumps(redact_value(json.loads(value), found), ensure_ascii=False)
                   if is_json else redact(value, found))
            conn.execute(f"UPDATE {text[0]} SET {text[2]} = ? WHERE {text[1]} = ?",
                         (new, row_id))
            changed += 1
    return changed


def _plain(json_text: str) -> str:
    """JSON with its escapes undone, so "\\u00eb" is searched as "ë"."""
    try:
        return json.dumps(json.loads(json_text), ensure_ascii=False)
    except ValueError:
        return json_text


def _mentions(value, case_id: int | None, person_ids: set[int], found: re.Pattern | None,
              key: str = "") -> bool:
    if isinstance(value, dict):
        return any(_mentions(v, case_id, person_ids, found, str(k)) for k, v in value.items())
    if isinstance(value, list):
        return any(_mentions(v, case_id, person_ids, found, key) for v in value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        key = key.lower()
        if case_id is not None and key in ("case", "case_id") and value == case_id:
            return True
        return "person" in key and value in person_ids
    if isinstance(value, str):
        return bool(found and found.search(value))
    return False


def purge_drafts(conn, kinds: set[str], kind_prefixes: tuple[str, ...], case_id: int | None,
                 person_ids: set[int], found: re.Pattern | None) -> int:
    """Delete every draft of any user that is about what goes: by its kind, by a case or
    person id in it, or by a name form in its text. Returns how many. A server holds no
    drafts: they stay in each desk's encrypted local store (docs/server-mode.md, section 7),
    where this runs on that store's connection."""
    if dialects.on_server(conn):
        return 0
    doomed = []
    for draft_id, kind, payload in conn.execute("SELECT id, kind, payload FROM drafts"):
        if kind in kinds or kind.startswith(kind_prefixes):
            doomed.append(draft_id)
            continue
        try:
            value = json.loads(payload)
        except ValueError:
            doomed.append(draft_id)  # unreadable: it could hold anything
            continue
        if _mentions(value, case_id, person_ids, found):
            doomed.append(draft_id)
    for draft_id in doomed:
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
    return len(doomed)
