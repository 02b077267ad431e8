"""Refusals by the service layer, and the errors the environment causes (raised by storage/).

The UI reaches both only through this module, so that another storage engine can come in
without touching a widget. The storage errors are re-exported, not copied or translated: they
are raised deep inside the store (vault, database, files) and the UI tells them apart by class,
so one class per concept stays the one storage raises."""

from blijf_desktop.storage.errors import (  # noqa: F401 (re-exported for the UI)
    DeviceNotBound,
    DiskError,
    DiskFull,
    DocumentNotSaved,
    EnvironmentProblem,
    KeyFileDamaged,
    KeyFileMissing,
    KeyFileUnsupported,
    KeyringUnavailable,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreFileMissing,
    StoreFolderUnusable,
    StoreInUse,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    TooManyAttempts,
    WrongCredentials,
    WrongRecoveryKey,
    environment_problem,
    means_damaged_store,
)

from blijf_desktop.storage.backup_errors import (  # noqa: F401 (re-exported for the UI)
    BackupBusy,
    BackupCancelled,
    BackupCutOff,
    BackupDamaged,
    BackupError,
    BackupFolderProblem,
    BackupTooNew,
    NotABackup,
    WrongBackupKey,
)

# Server mode (issue 23): why a connection to the server was not made.
from blijf_desktop.storage.pg.errors import (  # noqa: F401 (re-exported for the UI)
    ServerCaMissing,
    ServerError,
    ServerLoginRefused,
    ServerNameMismatch,
    ServerNotTrusted,
    ServerSchemaMissing,
    ServerSchemaTooNew,
    ServerSupportMissing,
    ServerUnreachable,
    ServerWithoutTls,
)


class ServiceError(Exception):
    code = "service_error"


class PermissionDenied(ServiceError):
    code = "permission_denied"


class SessionNotReady(ServiceError):
    """The user must first accept the confidentiality declaration or change the passphrase."""

    code = "session_not_ready"


class WeakPassphrase(ServiceError):
    code = "weak_passphrase"

    def __init__(self, problem: str, min_length: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.min_length = min_length  # the minimum that applied, for "too_short"


class InvalidInput(ServiceError):
    code = "invalid_input"

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class AccountPending(ServiceError):
    """The passphrase opened the account's key slot, but a teamleider has not yet confirmed
    what the beheerder asked for it (issue 22). Raised only after the right passphrase, so it
    tells nothing to someone guessing user names."""

    code = "account_pending"


class OtherTeamsCase(ServiceError):
    """The case belongs to a team the user is not in: break the glass, or ask that team.
    Names the case and the team by id; the UI shows the team's name (`team_name`)."""

    code = "other_teams_case"

    def __init__(self, case_id: int, team_id: int, team_name: str):
        super().__init__(f"case {case_id}: team {team_id}")
        self.case_id = case_id
        self.team_id = team_id
        self.team_name = team_name


class ConcurrentEdit(ServiceError):
    """Someone else (another desk, window or session) saved this record after the editor
    read it: nothing was written, and what she typed is still in her editor (and its draft).
    Optimistic versions, docs/server-mode.md section 8. Names the record by kind and id, and
    the version she read; nothing of what either of them typed."""

    code = "concurrent_edit"

    def __init__(self, kind: str, record_id: int, version: int):
        super().__init__(f"{kind} {record_id}: saved by someone else since version {version}")
        self.kind = kind
        self.record_id = record_id
        self.version = version


class LastBeheerder(ServiceError):
    """Disabling this user would leave nobody to manage users."""

    code = "last_beheerder"


class CurrentPassphraseNeeded(ServiceError):
    """A new passphrase without the current one is taken only right after a login or unlock
    with the one-time passphrase (AccountService.choose_own_passphrase): ask for it."""

    code = "current_passphrase_needed"


class ApprovalFailed(ServiceError):
    """A second user's confirmation with her passphrase did not succeed. Deliberately one
    answer for a wrong passphrase and a user name that does not exist ("niet gelukt")."""

    code = "approval_failed"


def enum_value(kind, value, name: str):
    """`value` as a member of the enum `kind`, or InvalidInput(name, "required"/"unknown")."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(name, "required" if not value else "unknown") from None
