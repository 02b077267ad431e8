"""What the audit trail records. Rows name record ids, never personal data."""

from enum import Enum


class AuditAction(str, Enum):
    STORE_CREATED = "store_created"
    PASSPHRASE_ONLY_MODE = "passphrase_only_mode"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCK = "lock"
    UNLOCK = "unlock"
    RECOVERY_USED = "recovery_used"
    USER_ADDED = "user_added"
    USER_DISABLED = "user_disabled"
    PASSPHRASE_RESET = "passphrase_reset"
    PASSPHRASE_CHANGED = "passphrase_changed"
    CONFIDENTIALITY_ACCEPTED = "confidentiality_accepted"
    AUDIT_VERIFIED = "audit_verified"
    RECOVERY_SHEET_PRINTED = "recovery_sheet_printed"
    RECOVERY_KEY_REPLACED = "recovery_key_replaced"
    JOURNAL_DAMAGED = "journal_damaged"  # saved transactions lost from a damaged WAL
    # A second user's confirmation (a lower risk level) that did not succeed: a wrong
    # passphrase or user name, or a user who may not confirm. Names the case, never the
    # typed user name.
    APPROVAL_FAILED = "approval_failed"
    # Break-in signals (issue 21; Blijf 9.1), written at the next login like LOGIN_FAILED:
    # counts and times, never what was typed.
    RECOVERY_FAILED = "recovery_failed"  # a recovery key that does not fit
    DEVICE_REFUSED = "device_refused"  # a login on a PC not bound to the store
    INSTANCE_REFUSED = "instance_refused"  # a second app instance refused the store
    # For the features to come; the API accepts them already.
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"
    PRINT = "print"
    DISCLOSE = "disclose"
