"""User accounts: own passphrase, confidentiality declaration, user management (beheer) and
the recovery key with its printed sheet."""

from datetime import datetime
from pathlib import Path

from blijf_desktop import i18n
from blijf_desktop.domain import account_duties as duties, confidentiality
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission, Role
from blijf_desktop.services import account_requests as requests
from blijf_desktop.services import rekey
from blijf_desktop.services.rekey import RekeyResult
from blijf_desktop.services.auth import check_display_name, check_passphrase, check_username
from blijf_desktop.services.settings import current_min_length
from blijf_desktop.services.errors import (
    CurrentPassphraseNeeded, InvalidInput, LastBeheerder, WeakPassphrase,
)
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import account_requests, audit, files, persons, users
from blijf_desktop.storage.account_requests import AccountRequest
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.storage.users import User  # the UI imports it from here


def _server_login(conn, username: str, user_id: int, passphrase: str, role: Role,
                  asked: dict) -> None:
    """Her login role on the server (blijf.create_login, docs/server-mode.md section 4): a
    member of her role's database role at once when no confirmation is asked, else of none
    (she cannot connect) until a teamleider confirms (account_requests.confirm)."""
    from blijf_desktop.storage.pg import logins

    logins.create_login(conn, username, user_id, passphrase, _role_now(role, asked))


def _role_now(role: Role, asked: dict) -> Role | None:
    """The app role her login holds now: none while a teamleider's confirmation is pending."""
    return None if asked.get("confirmation") == "pending" else role


def _reach_login(conn, user_id: int, role: Role | None, active: bool = True,
                 passphrase: str | None = None) -> None:
    """On a server, what the beheerder changed reaches the account's login role
    (blijf.set_login): its membership, its passphrase, whether it may connect."""
    from blijf_desktop.storage.pg import logins

    logins.set_login(conn, user_id, role, active, passphrase)


def _zero(key: bytearray) -> None:
    """A data key unwrapped only to check a passphrase: not left for the garbage collector."""
    for i in range(len(key)):
        key[i] = 0


class AccountService:
    def __init__(self, session: Session):
        self.session = session

    # -- everyone --------------------------------------------------------------------
    @requires(Permission.OWN_ACCOUNT)
    def change_own_passphrase(self, current: str, new: str) -> None:
        check_passphrase(new, self.session.user.username, self.session.user.display_name,
                         min_length=current_min_length(self.session.db.conn))
        if new == current:
            raise WeakPassphrase("same_as_current")
        session = self.session
        session.guard.check()
        if not self._opens_own_slot(current):
            session.guard.failed(session.vault.slot_of(session.user.username))
            raise WrongCredentials()
        self._set_own_passphrase(new)

    @requires(Permission.OWN_ACCOUNT)
    def current_passphrase_needed(self) -> bool:
        """False only right after a login or unlock with a one-time passphrase (see
        `choose_own_passphrase`): then the form does not ask for it again."""
        return not self.session.one_time_proof_fresh

    @requires(Permission.OWN_ACCOUNT)
    def choose_own_passphrase(self, new: str) -> None:
        """The first own passphrase after a one-time one, without typing the one-time one
        again: this session's login or unlock proved it minutes ago (Session.
        one_time_proof_fresh). Refused with CurrentPassphraseNeeded otherwise: a session
        opened with an own passphrase, a reset made while the session was open, a proof older
        than the idle lock or already used; `change_own_passphrase` asks for it then. The slot
        is rewrapped from the session's data key, as in any change, and audited the same."""
        session = self.session
        if not session.one_time_proof_fresh:
            raise CurrentPassphraseNeeded()
        check_passphrase(new, session.user.username, session.user.display_name,
                         min_length=current_min_length(session.db.conn))
        if self._opens_own_slot(new):  # the one-time passphrase again: the beheerder knows it
            raise WeakPassphrase("same_as_current")
        self._set_own_passphrase(new)

    def _opens_own_slot(self, passphrase: str) -> bool:
        """Her current passphrase: her key slot's; on a server her login's, which the server
        checks (a reset changes it there, not in her draft slot at this desk)."""
        try:
            if self.session.server_mode:
                self.session.prove_passphrase(self.session.user.username, passphrase)
            else:
                _zero(self.session.vault.open_with_passphrase(self.session.user.username,
                                                              passphrase))
        except WrongCredentials:
            return False
        return True

    def _set_own_passphrase(self, new: str) -> None:
        """On a server her login's password changes first, with the row and its audit row;
        then her draft slot here (should that fail, the server has her new passphrase and
        her next login at this desk sets the old draft store aside, desk_drafts)."""
        session = self.session
        if not session.server_mode:
            session.vault.set_user_passphrase(session.user.username, new, session.data_key)
        session.one_time_proof_used()
        with session.db.transaction() as conn:
            if session.server_mode:
                from blijf_desktop.storage.pg import logins

                logins.set_own_passphrase(conn, new)
            users.set_must_change(conn, session.user.id, False)
            audit.append(conn, AuditAction.PASSPHRASE_CHANGED.value, session.user.id,
                         "user", str(session.user.id))
        if session.server_mode:
            session.db.password_changed(new)
            session.vault.set_user_passphrase(session.user.username, new, session.data_key)
        session.refresh_user()

    @requires(Permission.OWN_ACCOUNT)
    def accept_confidentiality(self) -> None:
        session = self.session
        with session.db.transaction() as conn:
            users.accept_confidentiality(conn, session.user.id, confidentiality.VERSION)
            audit.append(conn, AuditAction.CONFIDENTIALITY_ACCEPTED.value, session.user.id,
                         "user", str(session.user.id), detail={"version": confidentiality.VERSION})
        session.refresh_user()

    # -- beheer ----------------------------------------------------------------------
    @requires(Permission.MANAGE_USERS)
    def list_users(self) -> list[User]:
        return users.all_users(self.session.db.conn)

    @requires(Permission.MANAGE_USERS)
    def requests(self) -> dict[int, AccountRequest]:
        """Per account, its latest request for case access (issue 22): pending, or who
        confirmed it and when. Beheer shows it beside the account."""
        return account_requests.latest_per_user(self.session.db.conn)

    @requires(Permission.MANAGE_USERS)
    def add_user(self, username: str, display_name: str, role: Role,
                 initial_passphrase: str) -> User:
        """The new user gets a one-time passphrase and must choose their own at first login.
        An account with case access is pending until a teamleider confirms it
        (services/account_requests.py); it cannot log in before."""
        username = check_username(username)
        display_name = check_display_name(display_name)
        check_passphrase(initial_passphrase, username, display_name,
                         min_length=current_min_length(self.session.db.conn))
        session = self.session
        if users.by_username(session.db.conn, username) is not None:
            raise InvalidInput("username", "taken")
        if not session.server_mode:  # on a server her login role holds the passphrase
            session.vault.set_user_passphrase(username, initial_passphrase, session.data_key)
        with session.db.transaction() as conn:
            user_id = users.insert(conn, username, display_name, Role(role), session.user.id,
                                   must_change=True)
            asked = requests.ask(conn, session.user.id, user_id, Role(role), duties.NEW)
            if session.server_mode:
                _server_login(conn, username, user_id, initial_passphrase, Role(role), asked)
            audit.append(conn, AuditAction.USER_ADDED.value, session.user.id, "user",
                         str(user_id), detail={"role": Role(role).value, **asked})
        return users.by_id(session.db.conn, user_id)

    @requires(Permission.MANAGE_USERS)
    def change_role(self, user_id: int, role: Role) -> None:
        """A role with case access waits for a teamleider, as a new account does; the account
        is pending (cannot log in) until then. Less access takes effect at once."""
        session = self.session
        user = self._existing(user_id)
        role = Role(role)
        if not user.active:
            raise InvalidInput("user", "disabled")
        if user.id == session.user.id:
            raise InvalidInput("user", "own_role")
        if user.role is role:
            return
        if user.role is Role.BEHEERDER and users.count_active_beheerders(session.db.conn) <= 1:
            raise LastBeheerder()
        if requests.is_pending(session.db.conn, user.id):
            raise InvalidInput("user", "pending")
        with session.db.transaction() as conn:
            users.set_role(conn, user.id, role)
            asked = requests.ask(conn, session.user.id, user.id, role, duties.ROLE)
            if session.server_mode:  # her grants follow at once; none while pending
                _reach_login(conn, user.id, _role_now(role, asked))
            audit.append(conn, AuditAction.ROLE_CHANGED.value, session.user.id, "user",
                         str(user.id), detail={"from": user.role.value, "to": role.value,
                                               **asked})

    @requires(Permission.MANAGE_USERS)
    def reset_passphrase(self, user_id: int, one_time_passphrase: str) -> None:
        """The beheerder knows the one-time passphrase: for an account with case access it
        works only once a teamleider confirmed (the account is pending until then)."""
        session = self.session
        user = self._existing(user_id)
        check_passphrase(one_time_passphrase, user.username, user.display_name,
                         min_length=current_min_length(session.db.conn))
        if not user.active:
            raise InvalidInput("user", "disabled")
        if not session.server_mode:  # on a server her login role holds the passphrase
            session.vault.set_user_passphrase(user.username, one_time_passphrase,
                                              session.data_key)
        with session.db.transaction() as conn:
            users.set_must_change(conn, user.id, True)
            asked = requests.ask(conn, session.user.id, user.id, user.role, duties.RESET)
            if session.server_mode:
                _reach_login(conn, user.id, _role_now(user.role, asked),
                             passphrase=one_time_passphrase)
            audit.append(conn, AuditAction.PASSPHRASE_RESET.value, session.user.id, "user",
                         str(user.id), detail=asked)

    @requires(Permission.MANAGE_USERS)
    def disable_user(self, user_id: int, rekey_confirmed: bool = False) -> RekeyResult:
        """Remove the user's key slot, mark the account, and give the store a new data key
        (issue 22), so a copy of the key file she may have kept opens nothing. Raises
        RekeyNeedsConfirmation first (nothing changed) when other accounts' slots cannot be
        carried over; RekeyFailed when the account was disabled but the key stayed."""
        session = self.session
        user = self._existing(user_id)
        if user.role is Role.BEHEERDER and users.count_active_beheerders(session.db.conn) <= 1:
            raise LastBeheerder()
        if session.server_mode:
            return self._disable_login(user)
        found = rekey.plan(session, leaving_id=user.id)
        if (found.accounts or found.new_recovery_key) and not rekey_confirmed:
            raise rekey.RekeyNeedsConfirmation(found.accounts, found.new_recovery_key)
        session.vault.remove_user(user.username)
        with session.db.transaction() as conn:
            users.set_active(conn, user.id, False)
            requests.withdraw(conn, session.user.id, user.id)
            # Her unfinished intake and kept work hold typed personal data nobody can finish.
            persons.delete_user_drafts(conn, user.id)
            audit.append(conn, AuditAction.USER_DISABLED.value, session.user.id, "user",
                         str(user.id))
        return rekey.run(session, rekey.USER_LEFT, user.id, confirmed=True)

    def _disable_login(self, user: User) -> RekeyResult:
        """On a server there is no key of the store to renew: her login role can no longer
        connect and her open sessions end (blijf.set_login). Her drafts stay in her own
        draft stores at the desks she used, which only her passphrase opens."""
        session = self.session
        with session.db.transaction() as conn:
            users.set_active(conn, user.id, False)
            requests.withdraw(conn, session.user.id, user.id)
            _reach_login(conn, user.id, None, active=False)
            audit.append(conn, AuditAction.USER_DISABLED.value, session.user.id, "user",
                         str(user.id))
        return RekeyResult(0, 0, None)

    @requires(Permission.MANAGE_USERS)
    def new_recovery_key(self) -> str:
        """Replace the recovery slot (a sheet was lost or seen): the old key stops opening
        this key file. Returns the new key, to be shown once and printed."""
        session = self.session
        recovery = session.vault.replace_recovery(session.data_key)
        session.audit(AuditAction.RECOVERY_KEY_REPLACED)
        return recovery

    @requires(Permission.MANAGE_USERS, before_ready=True)
    def save_recovery_sheet(self, path: Path | str, recovery_key: str, store_id: str,
                            created: datetime) -> None:
        """Write the recovery sheet for the safe to `path`, readable by this OS user only, and
        record the print: one audit row, without the key or the path. The sheet's language is
        the active one. Also before the declaration is signed: set-up prints it first."""
        from blijf_desktop.reports.recovery_sheet import build_recovery_sheet  # loads reportlab

        pdf = build_recovery_sheet(recovery_key=recovery_key, store_id=store_id, created=created,
                                   language=i18n.language())
        files.save_document(Path(path), pdf)  # a new private file, also over an old one
        self.session.audit(AuditAction.RECOVERY_SHEET_PRINTED)

    def _existing(self, user_id: int) -> User:
        user = users.by_id(self.session.db.conn, user_id)
        if user is None:
            raise InvalidInput("user", "unknown")
        return user
