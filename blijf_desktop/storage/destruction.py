"""The destruction engine: deletes the rows of a case, of its signal data, of one person or
one free text, inside one transaction that marks the approved destruction in progress (the
only state in which the store's triggers let those rows go, migration 0015); then merges
the search index, checkpoints and vacuums, so that with `secure_delete` no freed page and no
old WAL frame keeps what went. Audit rows stay: they name ids and codes only.

On a server the desk's role may not delete at all: the same steps run inside `destroy()`, a
definer function of the server's migration 0015 that marks the destruction in progress and
deletes what its scope names; everything else here runs as locally (docs/server-mode.md).

Each step's SQL is a constant here; only ids are bound."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from blijf_desktop.domain.destruction import Scope, TextKind
from blijf_desktop.domain.redaction import name_forms, pattern
from blijf_desktop.storage import anonymised, persons, purge_texts
from blijf_desktop.storage import destruction_proposals as proposals
from blijf_desktop.storage.destruction_proposals import Proposal
from blijf_desktop.storage import dialects

# Children before parents, so the foreign keys hold at every statement. (kind, SQL with the
# case id bound to each "?"). Steps are read by index (step[1]) where they run, so that the
# SQL checker (tests/security/test_sql_formatting.py) sees constant text.
_CASE_STEPS = (
    ("information_duty", "DELETE FROM information_duty WHERE person_id IN (SELECT id FROM"
                         " persons WHERE case_id = ?)"),
    ("restrictions", "DELETE FROM restrictions WHERE person_id IN (SELECT id FROM persons"
                     " WHERE case_id = ?)"),
    ("rights_request_steps", "DELETE FROM rights_request_steps WHERE request_id IN (SELECT id"
                             " FROM rights_requests WHERE case_id = ?)"),
    ("rights_requests", "DELETE FROM rights_requests WHERE case_id = ?"),
    ("follow_up_items",
     "DELETE FROM follow_up_items WHERE task_id IN (SELECT id FROM follow_up_tasks"
     " WHERE case_id = ?) OR exchange_id IN (SELECT id FROM exchanges WHERE case_id = ?)"),
    ("follow_up_tasks", "DELETE FROM follow_up_tasks WHERE case_id = ?"),
    ("exchange_consents",
     "DELETE FROM exchange_consents WHERE exchange_id IN (SELECT id FROM exchanges"
     " WHERE case_id = ?)"),
    ("consent_history",
     "DELETE FROM consent_history WHERE consent_id IN (SELECT id FROM consents"
     " WHERE case_id = ?)"),
    ("consents", "DELETE FROM consents WHERE case_id = ?"),
    ("signal_sends",
     "DELETE FROM signal_sends WHERE signal_id IN (SELECT id FROM signals WHERE case_id = ?)"),
    ("signals", "DELETE FROM signals WHERE case_id = ?"),
    ("exchange_flags",
     "DELETE FROM exchange_flags WHERE item_id IN (SELECT i.id FROM exchange_items i"
     " JOIN exchanges e ON e.id = i.exchange_id WHERE e.case_id = ?)"),
    ("exchange_items",
     "DELETE FROM exchange_items WHERE exchange_id IN (SELECT id FROM exchanges"
     " WHERE case_id = ?)"),
    ("exchange_disclosures",
     "DELETE FROM exchange_disclosures WHERE exchange_id IN (SELECT id FROM exchanges"
     " WHERE case_id = ?)"),
    ("exchanges", "DELETE FROM exchanges WHERE case_id = ?"),
    ("traject_steps",
     "DELETE FROM traject_steps WHERE traject_id IN (SELECT id FROM trajects"
     " WHERE case_id = ?)"),
    ("traject_persons",
     "DELETE FROM traject_persons WHERE traject_id IN (SELECT id FROM trajects"
     " WHERE case_id = ?)"),
    ("trajects", "DELETE FROM trajects WHERE case_id = ?"),
    ("screening_answers",
     "DELETE FROM screening_answers WHERE screening_id IN (SELECT id FROM screenings"
     " WHERE case_id = ?)"),
    ("screenings", "DELETE FROM screenings WHERE case_id = ?"),
    ("threats", "DELETE FROM threats WHERE case_id = ?"),
    ("person_history",
     "DELETE FROM person_history WHERE person_id IN (SELECT id FROM persons"
     " WHERE case_id = ?)"),
    ("persons", "DELETE FROM persons WHERE case_id = ?"),
    ("source_removals", "DELETE FROM source_removals WHERE case_id = ?"),
    ("break_glass_reviews", "DELETE FROM break_glass_reviews WHERE break_glass_id IN"
                            " (SELECT id FROM break_glass WHERE case_id = ?)"),
    ("break_glass_texts", "DELETE FROM break_glass_texts WHERE break_glass_id IN"
                          " (SELECT id FROM break_glass WHERE case_id = ?)"),
    ("case_teams", "DELETE FROM case_teams WHERE case_id = ?"),
    ("cases", "DELETE FROM cases WHERE id = ?"),
)

# A case's signal data: the exchanges that carried a signal to the chain (bound: one
# exchange id each), then the signals (bound: the case id).
_SIGNAL_EXCHANGE_STEPS = (
    ("follow_up_items", "DELETE FROM follow_up_items WHERE exchange_id = ?"),
    ("exchange_consents", "DELETE FROM exchange_consents WHERE exchange_id = ?"),
    ("exchange_flags", "DELETE FROM exchange_flags WHERE item_id IN (SELECT id FROM"
                       " exchange_items WHERE exchange_id = ?)"),
    ("exchange_items", "DELETE FROM exchange_items WHERE exchange_id = ?"),
    ("exchange_disclosures", "DELETE FROM exchange_disclosures WHERE exchange_id = ?"),
    ("signal_sends", "DELETE FROM signal_sends WHERE exchange_id = ?"),
    ("exchanges", "DELETE FROM exchanges WHERE id = ?"),
)
_SIGNAL_STEPS = (
    ("signal_sends",
     "DELETE FROM signal_sends WHERE signal_id IN (SELECT id FROM signals WHERE case_id = ?)"),
    ("signals", "DELETE FROM signals WHERE case_id = ?"),
)

# One person (bound: the person id).
_PERSON_STEPS = (
    ("information_duty", "DELETE FROM information_duty WHERE person_id = ?"),
    ("restrictions", "DELETE FROM restrictions WHERE person_id = ?"),
    ("rights_request_steps", "DELETE FROM rights_request_steps WHERE request_id IN (SELECT id"
                             " FROM rights_requests WHERE person_id = ?)"),
    ("rights_requests", "DELETE FROM rights_requests WHERE person_id = ?"),
    ("follow_up_items", "DELETE FROM follow_up_items WHERE task_id IN (SELECT id FROM"
                        " follow_up_tasks WHERE person_id = ?)"),
    ("follow_up_tasks", "DELETE FROM follow_up_tasks WHERE person_id = ?"),
    ("exchange_flags", "DELETE FROM exchange_flags WHERE item_id IN (SELECT id FROM"
                       " exchange_items WHERE person_id = ?)"),
    ("exchange_items", "DELETE FROM exchange_items WHERE person_id = ?"),
    ("traject_persons", "DELETE FROM traject_persons WHERE person_id = ?"),
    ("threats", "DELETE FROM threats WHERE about_person_id = ?"),
    ("person_history", "DELETE FROM person_history WHERE person_id = ?"),
    ("persons", "DELETE FROM persons WHERE id = ?"),
)


@dataclass(frozen=True)
class Outcome:
    counts: dict[str, int]  # rows per kind (KIND_LABELS), only kinds that had any
    figures_kept: int
    upgrade_copies_removed: int = 0


@dataclass(frozen=True)
class Recorded:
    """A destruction as another copy of this store recorded it: carried out again here
    (storage/restore_carry.py), it keeps that record — its counts, its moment and the
    anonymised figures taken then — instead of counting what this copy holds."""

    counts: dict[str, int]
    carried_out_at: str
    figures: tuple[tuple, ...]  # (year, measure, breakdown, count) of anonymised_figures


def carry_out(conn, proposal: Proposal, user_id: int, on: date, keep_days: int,
              recorded: Recorded | None = None) -> Outcome:
    """Inside the caller's transaction; the proposal must be 'beoordeeld'."""
    counts: dict[str, int] = {}
    figures = 0
    if not dialects.on_server(conn):  # on a server destroy() marks it, where it deletes
        proposals.mark_in_progress(conn, proposal.id, True)
    case_id = proposal.case_id
    if recorded is not None:
        figures = anonymised.keep_recorded(conn, proposal.id, recorded.figures)
    if proposal.scope is Scope.CASE:
        if recorded is None:
            figures = anonymised.keep_case_figures(conn, proposal.id, case_id)
        if not dialects.on_server(conn):  # a server holds no drafts (purge_texts.purge_drafts)
            people = persons.case_persons(conn, case_id)
            found = pattern([f for p in people for f in name_forms(p.data)])
            traject_ids = [r[0] for r in conn.execute(
                "SELECT id FROM trajects WHERE case_id = ?", (case_id,))]
            _count(counts, "drafts", purge_texts.purge_drafts(
                conn, {f"signal:{case_id}", f"risk:{case_id}"},
                tuple(f"aware:{t}:" for t in traject_ids), case_id, {p.id for p in people},
                found))
        delete_rows(conn, proposal, counts)
        proposals.wipe_notes(conn, case_id)
    elif proposal.scope is Scope.SIGNAL:
        if recorded is None:
            figures = anonymised.keep_signal_figures(conn, proposal.id, case_id)
        _count(counts, "drafts", purge_texts.purge_drafts(
            conn, {f"signal:{case_id}"}, (), None, set(), None))
        delete_rows(conn, proposal, counts)
    elif proposal.scope is Scope.PERSON:
        _erase_person(conn, proposal, counts)
    else:
        _purge_text(conn, proposal, counts)
    if recorded is not None:
        counts = recorded.counts
    proposals.mark_destroyed(conn, proposal.id, user_id, on, keep_days, counts,
                             recorded.carried_out_at if recorded else None)
    return Outcome(counts, figures)


def _count(counts: dict[str, int], kind: str, n: int) -> None:
    if n:
        counts[kind] = counts.get(kind, 0) + n



def delete_rows(conn, proposal: Proposal, counts: dict[str, int]) -> None:
    """The rows the proposal's scope names, children before parents, counted per kind; inside
    the caller's transaction, the destruction marked in progress. On a server the definer
    function destroy() marks it and deletes (the desk's role has no DELETE on case data); it
    refuses a proposal that is not approved. A screening note deletes nothing."""
    if dialects.on_server(conn):
        for kind, n in conn.execute("SELECT kind, n FROM destroy(?)",
                                    (proposal.id,)).fetchall():
            _count(counts, kind, n)
    elif proposal.scope is Scope.CASE:
        for step in _CASE_STEPS:
            _count(counts, step[0], conn.execute(
                step[1], (proposal.case_id,) * step[1].count("?")).rowcount)
    elif proposal.scope is Scope.SIGNAL:
        _delete_signal_data(conn, proposal.case_id, counts)
    elif proposal.scope is Scope.PERSON:
        for step in _PERSON_STEPS:
            _count(counts, step[0], conn.execute(step[1], (proposal.person_id,)).rowcount)
    elif proposal.text_kind is TextKind.THREAT:
        _count(counts, "threats", conn.execute(
            "DELETE FROM threats WHERE id = ?", (int(proposal.text_ref),)).rowcount)


def _delete_signal_data(conn, case_id: int, counts: dict[str, int]) -> None:
    carried = [r[0] for r in conn.execute(
        "SELECT DISTINCT ss.exchange_id FROM signal_sends ss JOIN signals s"
        " ON s.id = ss.signal_id WHERE s.case_id = ?", (case_id,))]
    for exchange_id in carried:
        for step in _SIGNAL_EXCHANGE_STEPS:
            _count(counts, step[0], conn.execute(step[1], (exchange_id,)).rowcount)
    for step in _SIGNAL_STEPS:
        _count(counts, step[0], conn.execute(step[1], (case_id,)).rowcount)


def _erase_person(conn, proposal: Proposal, counts: dict[str, int]) -> None:
    record = persons.get_person(conn, proposal.person_id)
    if record is None or record.case_id != proposal.case_id:
        raise LookupError("person not in this case")
    found = pattern(name_forms(record.data))
    _count(counts, "drafts", purge_texts.purge_drafts(
        conn, set(), (), None, {record.id}, found))
    delete_rows(conn, proposal, counts)
    if found is not None:
        _count(counts, "redactions", purge_texts.redact_case_texts(conn, proposal.case_id, found))
    # The exact documents that left (PDFs) cannot be searched for her name reliably: the
    # register keeps each exchange's row, without its document.
    _count(counts, "exchange_documents", conn.execute(
        "UPDATE exchanges SET document = NULL, document_sha256 = NULL"
        " WHERE case_id = ? AND document IS NOT NULL", (proposal.case_id,)).rowcount)
    proposals.wipe_notes(conn, proposal.case_id, proposal.person_id)


def _purge_text(conn, proposal: Proposal, counts: dict[str, int]) -> None:
    if proposal.text_kind is TextKind.THREAT:
        row = conn.execute("SELECT description FROM threats WHERE id = ? AND case_id = ?",
                           (int(proposal.text_ref), proposal.case_id)).fetchone()
        if row is None:
            raise LookupError("threat not in this case")
        _count(counts, "drafts", _purge_drafts_holding(conn, row[0]))
        delete_rows(conn, proposal, counts)
        return
    delete_rows(conn, proposal, counts)  # on a server: marks it in progress for the update
    # A screening note, with the same signal's note in every earlier screening of the case
    # (the history of that text: a screening is never changed, a new one is recorded).
    screening_id, code = screening_note_ref(proposal.text_ref)
    texts = [r[0] for r in conn.execute(
        "SELECT a.note FROM screening_answers a JOIN screenings s ON s.id = a.screening_id"
        " WHERE s.case_id = ? AND a.code = ? AND s.id <= ? AND a.note <> ''",
        (proposal.case_id, code, screening_id))]
    for text in texts:
        _count(counts, "drafts", _purge_drafts_holding(conn, text))
    _count(counts, "screening_notes", conn.execute(
        "UPDATE screening_answers SET note = '' WHERE code = ? AND note <> ''"
        " AND screening_id IN (SELECT id FROM screenings WHERE case_id = ? AND id <= ?)",
        (code, proposal.case_id, screening_id)).rowcount)


def screening_note_ref(text_ref: str) -> tuple[int, str]:
    screening_id, _colon, code = text_ref.partition(":")
    return int(screening_id), code


def _purge_drafts_holding(conn, text: str) -> int:
    import re

    lines = [line.strip() for line in text.splitlines() if len(line.strip()) >= 8]
    if not lines:
        return 0
    found = re.compile("|".join(re.escape(line) for line in lines), re.IGNORECASE)
    return purge_texts.purge_drafts(conn, set(), (), None, set(), found)


def compact(conn, store_path: Path | None) -> int:
    """After the commit: merge the search index (a delete leaves its terms in old segments
    until a merge), empty the WAL, VACUUM (with secure_delete the freed pages are zeroed;
    VACUUM rewrites the file without them) and empty the WAL again. Copies of the store
    kept before an upgrade or left by a cut-off restore hold what went (Blijf 8.2: copies
    included): removed. Returns how many of those copies were removed. A server's pages and
    copies are the server's (docs/server-mode.md, section 9): nothing to do here."""
    if dialects.on_server(conn):
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        persons.optimize_search(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    removed = 0
    if store_path is not None:
        # Also what a restore that was cut off left: the store it set aside and the copy it
        # was checking (storage/backup_restore.py), whole stores under the same key.
        for pattern in (".v*.bak", "*.voor-terugzetten-*", ".restoring*"):
            for copy in store_path.parent.glob(store_path.name + pattern):
                copy.unlink()
                removed += 1
    return removed
