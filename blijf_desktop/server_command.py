"""`blijf-desktop server init --url postgresql://beheerder@host/database --ca ca.pem`: roles,
schema and migrations on a PostgreSQL server (issue 23; docs/server-mode.md). Run by the
server's administrator, who types her own password (or gives it in PGPASSWORD).

`--first-beheerder USERNAME [--display-name NAME]` also makes the first functioneel
beheerder, on a server without accounts: her passphrase is asked twice (typed by her), and
checked as the app checks every passphrase. She makes every other account in the app."""

import os
import sys
from pathlib import Path

from blijf_desktop.i18n import _


class _Mismatch(Exception):
    """The passphrase typed the second time was another."""


def server_init(url: str, ca_file: Path, first_beheerder: str | None = None,
                display_name: str | None = None) -> int:
    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect, driver
    from blijf_desktop.services.errors import ServiceError
    from blijf_desktop.storage.pg.errors import ServerError
    from blijf_desktop.storage.pg.first_account import AccountsExist
    from blijf_desktop.ui.messages import error_message

    try:
        psycopg = driver()
        extra = {}
        if not psycopg.conninfo.conninfo_to_dict(url).get("password") and not os.environ.get("PGPASSWORD"):
            extra["password"] = _ask_password()
        first = _first_account(first_beheerder, display_name) if first_beheerder else None
        with connect(url, ca_file, **extra) as conn:
            result = schema.init(conn)
            if first is not None:
                _add_first(conn, *first)
    except (ServerError, ServiceError) as error:
        print(error_message(error), file=sys.stderr)
        return 2
    except _Mismatch:
        print(_("De twee wachtwoorden zijn niet gelijk. Er is niets gewijzigd; probeer het "
                "opnieuw."), file=sys.stderr)
        return 2
    except AccountsExist:
        print(_("De database is ingericht, maar heeft al accounts: een beheerder maakt nieuwe "
                "accounts in de app."), file=sys.stderr)
        return 3
    except Exception as error:  # e.g. not allowed to create roles: its SQLSTATE, no text
        code = getattr(error, "sqlstate", None) or type(error).__name__
        print(_("De database is niet ingericht; er is niets gewijzigd (foutcode {code}). "
                "Voer de opdracht uit als de beheerder van de databaseserver.").format(code=code),
              file=sys.stderr)
        return 1
    print(_("Database ingericht: schemaversie {after} (was {before}).").format(
        after=result.version_after, before=result.version_before))
    print(_("Rollen: {owner} is de eigenaar en meldt zich nooit aan; {app} krijgt elke gebruiker "
            "van de app; {reader} mag de audittrail lezen.").format(
        owner=schema.OWNER, app=schema.APP, reader=schema.AUDIT_READER))
    if first is not None:
        print(_("Eerste functioneel beheerder: {username}. Zij meldt zich aan met het "
                "wachtwoord dat zij net koos.").format(username=first[0]))
    return 0


def _first_account(username: str, display_name: str | None) -> tuple[str, str, str]:
    """Her user name, name and passphrase, checked before anything is changed on the server."""
    from blijf_desktop.services.auth import check_display_name, check_passphrase, check_username

    username = check_username(username)
    display_name = check_display_name(display_name or username)
    passphrase = _ask(_("Wachtwoord van de eerste beheerder: "))
    if _ask(_("Nog eens, ter controle: ")) != passphrase:
        raise _Mismatch()
    check_passphrase(passphrase, username, display_name)
    return username, display_name, passphrase


def _add_first(conn, username: str, display_name: str, passphrase: str) -> None:
    from blijf_desktop.storage.pg.first_account import add_first_beheerder

    add_first_beheerder(conn, username, display_name, passphrase)


def _ask_password() -> str:
    return _ask(_("Wachtwoord van de databasebeheerder: "))


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")
