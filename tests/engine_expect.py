"""What a refusal looks like on each engine (docs/server-mode.md section 10), for the service
suites that run on both: on a server a wrong passphrase, an unknown name and an account that
may not connect yet (pending, issue 22) are all the server's one refusal, as the desk cannot
tell them apart without a connection (and so writes no audit row for it)."""

from blijf_desktop.services.errors import AccountPending
from blijf_desktop.storage.errors import WrongCredentials
from blijf_desktop.storage.pg.errors import ServerLoginRefused


def wrong(engine: str) -> type[Exception]:
    """A login with a wrong passphrase or an unknown name."""
    return ServerLoginRefused if engine == "server" else WrongCredentials


def pending(engine: str) -> type[Exception]:
    """The right passphrase of an account waiting for a teamleider's confirmation."""
    return ServerLoginRefused if engine == "server" else AccountPending
