"""Refusals by the service layer (as opposed to storage errors caused by the environment)."""


class ServiceError(Exception):
    code = "service_error"


class PermissionDenied(ServiceError):
    code = "permission_denied"


class SessionNotReady(ServiceError):
    """The user must first accept the confidentiality declaration or change the passphrase."""

    code = "session_not_ready"


class WeakPassphrase(ServiceError):
    code = "weak_passphrase"

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


class InvalidInput(ServiceError):
    code = "invalid_input"

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


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
