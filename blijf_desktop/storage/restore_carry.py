"""What a restore carries from the store it replaces into the restored one (decided after the
adversarial review of issues 20/21): a backup made before a destruction would bring the
destroyed data back (Blijf 8.2: destruction is irreversible, copies and backups included) and
drop every audit row written since (who looked, who destroyed: the trail must not be undone
by one person). So, while the replaced store can still be read:

- its audit rows after the backup's last row, when the backup's trail is a prefix of it (the
  same store: the row at the backup's head has the backup's hash), go into the restored
  store as they were, so its chain still verifies; the restore's own row follows them;
- its destructions carried out since, which the backup does not hold as carried out, are
  carried out again by the destruction engine, without new four eyes (they were approved),
  keeping their own counts, moment and anonymised figures. A destruction whose proposer,
  reviewer or executor has no account in the restored store cannot be recorded there: it is
  named as still to be redone.

When the trails are not one (another store's backup, or a store itself restored since), the
ids do not mean the same in both: nothing is carried, and the restore's audit row says so."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.destruction import DestructionState
from blijf_desktop.storage import anonymised, audit, destruction
from blijf_desktop.storage import destruction_proposals as proposals
from blijf_desktop.storage.destruction_proposals import Proposal


@dataclass(frozen=True)
class Carried:
    same_trail: bool
    audit_rows: tuple[tuple, ...]
    destroyed: tuple[tuple[Proposal, destruction.Recorded], ...]


@dataclass(frozen=True)
class Applied:
    audit_rows: int
    redone: tuple[int, ...]  # destruction ids carried out again in the restored store
    to_redo: tuple[int, ...]  # destruction ids that could not be recorded there


def collect(conn, backup_audit_head: str) -> Carried:
    """From the store about to be replaced (still open), given the backup's sealed head
    ('seq:hash'): what the restored store must not lose."""
    seq_text, _colon, digest = backup_audit_head.partition(":")
    seq = int(seq_text) if seq_text.isdigit() else -1
    if seq < 1 or audit.hash_at(conn, seq) != digest:
        return Carried(False, (), ())
    destroyed = tuple(
        (found, destruction.Recorded(found.counts, found.carried_out_at,
                                     anonymised.recorded_for(conn, found.id)))
        for found in proposals.listing(conn, (DestructionState.VERNIETIGD,)))
    return Carried(True, tuple(audit.rows_after(conn, seq)), destroyed)


def apply(conn, carried: Carried) -> Applied:
    """Into the restored store, inside the caller's transaction, before its first new audit
    row. The caller compacts the store after the commit (what went, went from its pages)."""
    if not carried.same_trail:
        return Applied(0, (), ())
    audit.append_verbatim(conn, list(carried.audit_rows))
    redone, to_redo = [], []
    for kept, recorded in carried.destroyed:
        here = proposals.get(conn, kept.id)
        if here is not None and here.state is DestructionState.VERNIETIGD:
            continue
        if not _accounts_exist(conn, kept) or (
                here is not None and here.state is DestructionState.TERUGGEZET):
            to_redo.append(kept.id)
            continue
        if here is None:
            proposals.insert_approved(conn, kept)
        else:
            proposals.approve_as(conn, kept)
        _carry_out(conn, proposals.get(conn, kept.id), kept, recorded)
        redone.append(kept.id)
    return Applied(len(carried.audit_rows), tuple(redone), tuple(to_redo))


def _carry_out(conn, found: Proposal, kept: Proposal, recorded: destruction.Recorded) -> None:
    on = kept.destroyed_on or date.fromisoformat(kept.carried_out_at[:10])
    try:
        destruction.carry_out(conn, found, kept.carried_out_by, on, kept.keep_days or 0,
                              recorded)
    except LookupError:  # the person or text came after the backup: nothing of it here
        proposals.mark_destroyed(conn, found.id, kept.carried_out_by, on, kept.keep_days or 0,
                                 recorded.counts, recorded.carried_out_at)


def _accounts_exist(conn, kept: Proposal) -> bool:
    return all(conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone()
               for user_id in (kept.proposed_by, kept.reviewed_by, kept.carried_out_by))
