"""`blijf-desktop server init --url postgresql://beheerder@host/database --ca ca.pem`: roles,
schema and migrations on a PostgreSQL server (issue 23; docs/server-mode.md). Run by the
server's administrator, who types her own password (or gives it in PGPASSWORD)."""

import os
import sys
from pathlib import Path

from blijf_desktop.i18n import _


def server_init(url: str, ca_file: Path) -> int:
    from blijf_desktop.storage.pg import schema
    from blijf_desktop.storage.pg.connect import connect, driver
    from blijf_desktop.storage.pg.errors import ServerError
    from blijf_desktop.ui.messages import error_message

    try:
        psycopg = driver()
        extra = {}
        if not psycopg.conninfo.conninfo_to_dict(url).get("password") and not os.environ.get("PGPASSWORD"):
            extra["password"] = _ask_password()
        with connect(url, ca_file, **extra) as conn:
            result = schema.init(conn)
    except ServerError as error:
        print(error_message(error), file=sys.stderr)
        return 2
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
    return 0


def _ask_password() -> str:
    prompt = _("Wachtwoord van de databasebeheerder: ")
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")
