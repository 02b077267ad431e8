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
    # A new data key (issue 22). Detail: why ("user_left" with the account's id, or
    # "button"), how many slots were carried over, how many older slots were left out.
    DATA_KEY_REPLACED = "data_key_replaced"
    DATA_KEY_FAILED = "data_key_failed"  # detail: why it was asked, the error's code
    JOURNAL_DAMAGED = "journal_damaged"  # saved transactions lost from a damaged WAL
    # A second user's confirmation (a lower risk level) that did not succeed: a wrong
    # passphrase or user name, or a user who may not confirm. Names the case, never the
    # typed user name.
    APPROVAL_FAILED = "approval_failed"
    # Backups (issue 20). Detail: the file name, size and counts, never a path's content.
    BACKUP_MADE = "backup_made"
    BACKUP_FAILED = "backup_failed"  # detail: the error code (folder full, read-only, ...)
    BACKUP_DELETED = "backup_deleted"  # by the rotation (Blijf 8.2)
    BACKUP_SETTINGS_CHANGED = "backup_settings_changed"
    BACKUP_RESTORED = "backup_restored"  # written into the restored store
    RESTORE_FAILED = "restore_failed"  # written into the store that stayed
    # Bewaartermijnen (issue 20): ids, dates and reason codes only.
    CASE_CLOSED = "case_closed"
    CASE_REOPENED = "case_reopened"
    RETENTION_EVENT = "retention_event"  # chain file closed, removed at the source
    DESTRUCTION_PROPOSED = "destruction_proposed"
    DESTRUCTION_APPROVED = "destruction_approved"
    DESTRUCTION_SENT_BACK = "destruction_sent_back"
    DESTROYED = "destroyed"
    # Break-in signals (issue 21; Blijf 9.1), written at the next login like LOGIN_FAILED:
    # counts and times, never what was typed.
    RECOVERY_FAILED = "recovery_failed"  # a recovery key that does not fit
    DEVICE_REFUSED = "device_refused"  # a login on a PC not bound to the store
    INSTANCE_REFUSED = "instance_refused"  # a second app instance refused the store
    # The failed-login counter beside the store and its copy in the OS keyring disagreed
    # (e.g. login-attempts.json deleted): the larger count held (issue 22).
    LOGIN_COUNTER_MISMATCH = "login_counter_mismatch"
    # Instellingen (issue 21; Blijf 9.1). Detail: the setting's code, old and new value (a
    # text by its length only), the request id; never a passphrase.
    SETTING_CHANGED = "setting_changed"  # in force at once
    SETTING_CHANGE_REQUESTED = "setting_change_requested"  # weakens: waits for a second user
    SETTING_CHANGE_CONFIRMED = "setting_change_confirmed"  # by the second user, now in force
    SETTING_CHANGE_WITHDRAWN = "setting_change_withdrawn"  # or replaced by a newer change
    # Separation of duties (issue 22): USER_ADDED, ROLE_CHANGED and PASSPHRASE_RESET name the
    # request (detail "request", "confirmation": pending, alone or not_needed); then one of
    # these, naming the account and the request.
    ROLE_CHANGED = "role_changed"  # detail: from, to
    ACCOUNT_CONFIRMED = "account_confirmed"  # by the teamleider in user_id
    ACCOUNT_REFUSED = "account_refused"  # by the teamleider; the account is disabled
    ACCOUNT_REQUEST_WITHDRAWN = "account_request_withdrawn"  # the beheerder disabled it first
    ALONE_TOLD = "alone_told"  # the account was shown it took effect without a teamleider
    LOGIN_REFUSED = "login_refused"  # the right passphrase, but reason: pending
    # Listings (issue 22; Blijf 6.1, 9.1, domain/listing.py). LIST_SHOWN detail: the list's
    # code, the count, the person ids and the page offset; never the query text, never a name.
    # VOLUME_UNUSUAL: one user listed or opened more than the threshold in the period; a
    # break-in signal for the functioneel beheerder. Detail: counts, thresholds, account id.
    LIST_SHOWN = "list_shown"
    VOLUME_UNUSUAL = "volume_unusual"
    # Need to know (issue 22; Blijf 6.1; domain/need_to_know.py). NEED_TO_KNOW_REFUSED: a
    # read of another team's case refused (record: the case; detail: the team id).
    # BREAK_GLASS: another team's case opened with a reason (record: the case; reason: the
    # reason code; detail: the team and the break id; never the free text, which lives in
    # break_glass_texts). BREAK_GLASS_REVIEWED: detail the break id and the verdict.
    # CASE_TEAM_CHANGED: a teamleider moved a case (detail: from, to). TEAM_ADDED,
    # TEAM_CHANGED (detail: name changed, active), USER_TEAMS_CHANGED (detail: team ids).
    NEED_TO_KNOW_REFUSED = "need_to_know_refused"
    BREAK_GLASS = "break_glass"
    BREAK_GLASS_REVIEWED = "break_glass_reviewed"
    CASE_TEAM_CHANGED = "case_team_changed"
    TEAM_ADDED = "team_added"
    TEAM_CHANGED = "team_changed"
    USER_TEAMS_CHANGED = "user_teams_changed"
    # The trail held times later than the clock (a clock that ran ahead once); the beheerder
    # checked the clock and acknowledged it (domain/clock.py). Detail: both times. Rows
    # before it no longer count as the latest time seen.
    CLOCK_ACKNOWLEDGED = "clock_acknowledged"
    # For the features to come; the API accepts them already.
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"
    PRINT = "print"
    DISCLOSE = "disclose"
