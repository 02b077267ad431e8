"""A new data key for the store (issue 22): when an account is disabled, and from Beheer's
"Nieuwe gegevenssleutel". Afterwards an old copy of the key file (which someone who left may
have kept) opens nothing: the store no longer reads with the key it holds
(storage/rekey.py does the phases; storage/keyvault.py recognises a re-key cut off).

Slots written before key file format 3 hold no key pair, so only their passphrase could carry
them over: the beheerder is told which accounts will need a new passphrase (or the recovery
key) and the re-key goes on only once she confirms. Backups made before stay restorable for
today's users: the earlier data keys are kept wrapped under the new one (README, SECURITY.md).

Blijf 9.1: a departing colleague's means of access are withdrawn under a controlled procedure."""

from dataclasses import dataclass

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import users
from blijf_desktop.storage.keyvault import user_slot_id
from blijf_desktop.storage.users import User

USER_LEFT = "user_left"
BUTTON = "button"


class RekeyNeedsConfirmation(Exception):
    """Some accounts' slots cannot be carried over: confirm first (`confirmed=True`)."""

    code = "rekey_needs_confirmation"

    def __init__(self, accounts: list[User], new_recovery_key: bool):
        super().__init__(self.code)
        self.accounts = accounts
        self.new_recovery_key = new_recovery_key


class RekeyFailed(Exception):
    """The re-key did not happen; the store kept its key (and opens with it)."""

    code = "rekey_failed"


@dataclass(frozen=True)
class RekeyPlan:
    accounts: list[User]  # active accounts that will need a new passphrase or the recovery key
    new_recovery_key: bool  # the recovery slot has no key pair: a new sheet is made


@dataclass(frozen=True)
class RekeyResult:
    slots: int
    dropped: int
    recovery_key: str | None  # a new recovery key to show once and print


def plan(session: Session, leaving_id: int | None = None) -> RekeyPlan:
    legacy, recovery = session.vault.legacy_slots(session.data_key)
    store_id = session.vault.store_id()
    accounts = [u for u in users.all_users(session.db.conn)
                if u.active and u.id != leaving_id
                and user_slot_id(store_id, u.username) in legacy]
    return RekeyPlan(accounts, recovery)


def run(session: Session, reason: str, leaving_id: int | None, confirmed: bool) -> RekeyResult:
    """Re-key now, on the session's connection (off the UI thread is fine: the UI does nothing
    with the store meanwhile). Audited either way."""
    from blijf_desktop.storage import rekey

    found = plan(session, leaving_id)
    if (found.accounts or found.new_recovery_key) and not confirmed:
        raise RekeyNeedsConfirmation(found.accounts, found.new_recovery_key)
    why = {"reason": reason, **({"user": leaving_id} if leaving_id is not None else {})}
    try:
        done = rekey.rekey(session.db, session.vault, session.data_key)
    except Exception as error:
        session.audit(AuditAction.DATA_KEY_FAILED, detail={
            **why, "code": getattr(error, "code", type(error).__name__)})
        raise RekeyFailed() from error
    session.adopt_data_key(done.data_key)
    session.lock_others_after_rekey()
    session.audit(AuditAction.DATA_KEY_REPLACED, detail={
        **why, "slots": done.slots, "dropped": len(done.dropped),
        "new_recovery_key": done.recovery_key is not None})
    return RekeyResult(done.slots, len(done.dropped), done.recovery_key)


class RekeyService:
    def __init__(self, session: Session):
        self.session = session

    @requires(Permission.MANAGE_USERS)
    def plan(self, leaving_id: int | None = None) -> RekeyPlan:
        """What a re-key now would leave out (besides the account `leaving_id` being
        disabled): shown in the confirmation dialog."""
        return plan(self.session, leaving_id)

    @requires(Permission.MANAGE_USERS)
    def new_data_key(self, confirmed: bool = False) -> RekeyResult:
        """Beheer's button. RekeyNeedsConfirmation when accounts would need a new passphrase
        and `confirmed` is False; RekeyFailed when it did not happen."""
        return run(self.session, BUTTON, None, confirmed)
