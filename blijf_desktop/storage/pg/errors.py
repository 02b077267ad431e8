"""Why a connection to the server was not made: one class per way forward, each with a code
the UI turns into a calm Dutch message (ui/server_messages.py). No host, user or libpq text in
them: libpq's messages may name the user, and they are English."""

from blijf_desktop.storage.errors import StoreError


class ServerError(StoreError):
    code = "server_error"

    def __init__(self):
        super().__init__(self.code)


class ServerSupportMissing(ServerError):
    """This installation has no PostgreSQL driver (the `server` extra is not installed)."""

    code = "server_support_missing"


class ServerCaMissing(ServerError):
    """The CA file the beheerder gave is not there or cannot be read."""

    code = "server_ca_missing"


class ServerWithoutTls(ServerError):
    """The server offered no TLS: nothing was sent, not even the user name."""

    code = "server_without_tls"


class ServerNotTrusted(ServerError):
    """The server's certificate does not chain to the organisation's CA."""

    code = "server_not_trusted"


class ServerNameMismatch(ServerError):
    """A certificate from the right CA, but for another host name than the one connected to."""

    code = "server_name_mismatch"


class ServerLoginRefused(ServerError):
    """Wrong user name or password, or no access to this database: never says which."""

    code = "server_login_refused"


class ServerUnreachable(ServerError):
    """No answer: the server is down, restarting, or the network is gone."""

    code = "server_unreachable"


class ServerSchemaMissing(ServerError):
    """The database has no Blijf schema yet: `blijf-desktop server init` was not run."""

    code = "server_schema_missing"


class ServerSchemaTooNew(ServerError):
    """The server's schema is newer than this app."""

    code = "server_schema_too_new"
