"""Connecting to the server: always TLS with the server's certificate checked against the CA
the organisation gave (libpq's sslmode=verify-full), whatever the address given says.

A refusal becomes one of storage/pg/errors.py's classes; libpq's own text (English, and it may
name the user) is never shown or logged."""

from __future__ import annotations

import logging
from pathlib import Path

from blijf_desktop.storage.pg.errors import (
    ServerCaMissing,
    ServerError,
    ServerLoginRefused,
    ServerNameMismatch,
    ServerNotTrusted,
    ServerSupportMissing,
    ServerUnreachable,
    ServerWithoutTls,
)

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10
APPLICATION_NAME = "blijf-desktop"

# Set last, over anything in the address or the environment (PGSSLMODE and the like): an
# address with sslmode=disable or prefer must not weaken the connection.
_ENFORCED = {
    "sslmode": "verify-full",
    "gssencmode": "disable",  # TLS is the one channel; no Kerberos encryption in its place
}

# libpq's words for each refusal (its messages are not translated in psycopg's wheels).
_CAUSES = (
    ("does not support ssl", ServerWithoutTls),
    ("ssl was required", ServerWithoutTls),
    ("does not match host name", ServerNameMismatch),
    ("certificate verify failed", ServerNotTrusted),
    ("self-signed certificate", ServerNotTrusted),
    ("unable to get local issuer", ServerNotTrusted),
    ("root certificate file", ServerCaMissing),
    ("could not read root certificate", ServerCaMissing),
    ("password authentication failed", ServerLoginRefused),
    ("no pg_hba.conf entry", ServerLoginRefused),
    ("permission denied for database", ServerLoginRefused),
    ("does not exist", ServerLoginRefused),  # role or database: never says which
    ("no password supplied", ServerLoginRefused),
    ("is not permitted to log in", ServerLoginRefused),  # a disabled account's login
)


def driver():
    """psycopg, or ServerSupportMissing when this installation has no server mode."""
    try:
        import psycopg
    except ImportError as missing:
        raise ServerSupportMissing() from missing
    return psycopg


def settings(conninfo: str, ca_file: Path, **extra) -> dict:
    """The connection's parameters: the address's, then `extra`, then the enforced TLS ones."""
    psycopg = driver()
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    params.update(extra)
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    params.setdefault("application_name", APPLICATION_NAME)
    params.update(_ENFORCED, sslrootcert=str(ca_file))
    for weakening in ("sslrootcert", "sslcrl", "sslcrldir"):
        if params.get(weakening) == "system":
            params.pop(weakening)  # never the operating system's store of public CAs
    params["sslrootcert"] = str(ca_file)
    return params


def connect(conninfo: str, ca_file: Path, *, autocommit: bool = True, **extra):
    """A psycopg connection, or a ServerError saying why not."""
    psycopg = driver()
    ca_file = Path(ca_file)
    if not ca_file.is_file():
        raise ServerCaMissing()
    try:
        return psycopg.connect(**settings(conninfo, ca_file, **extra), autocommit=autocommit)
    except psycopg.OperationalError as error:
        raise refusal(error) from None  # libpq's text stays out of tracebacks and logs


def refusal(error: Exception) -> ServerError:
    text = str(error).lower()
    for words, kind in _CAUSES:
        if words in text:
            return kind()
    log.info("server connection failed (%s)", type(error).__name__)
    return ServerUnreachable()
