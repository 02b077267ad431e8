"""Why a backup could not be made, read or restored. Each says what is wrong with the
backup file or the backup folder; none names anything from inside the store."""

from blijf_desktop.storage.errors import StoreError


class BackupError(StoreError):
    code = "backup_error"


class NotABackup(BackupError):
    """The file does not start as a Blijf Desktop backup (another file was chosen)."""

    code = "not_a_backup"


class BackupCutOff(BackupError):
    """Shorter than its header says: a copy that stopped half-way."""

    code = "backup_cut_off"


class BackupDamaged(BackupError):
    """A changed byte: the header, the checksum, a page's HMAC or the audit chain fails."""

    code = "backup_damaged"


class BackupTooNew(BackupError):
    """Made by a newer version of the app (a newer file format or store schema)."""

    code = "backup_too_new"


class WrongBackupKey(BackupError):
    """The passphrase or recovery key given does not open this backup. `other_store`: the
    passphrase was right, but the backup was made with another data key (another store,
    or before the data key was changed): the recovery key of that time opens it."""

    code = "wrong_backup_key"

    def __init__(self, other_store: bool = False):
        super().__init__(self.code)
        self.other_store = other_store


class BackupBusy(BackupError):
    """The store was saved to without pause for the whole time a snapshot was tried."""

    code = "backup_busy"


class BackupCancelled(BackupError):
    code = "backup_cancelled"


class BackupFolderProblem(BackupError):
    """The backup folder stands in the way; the backups already there are left alone."""

    code = "backup_folder"
    MISSING = "missing"  # not there (a USB stick or share not connected)
    NOT_A_FOLDER = "not_a_folder"
    READ_ONLY = "read_only"
    FULL = "full"
    DISK_ERROR = "disk_error"
    INSIDE_STORE = "inside_store"  # the store's own folder: a lost PC loses both

    def __init__(self, reason: str, folder: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.folder = folder
