"""Where this desk's server is (server mode, issue 23; docs/server-mode.md section 2): from
the command line (`--server URL --server-ca FILE`), or else from `server.json` in the desk's
store folder, which the functioneel beheerder (or the installer) puts there:

    {"url": "postgresql://blijf-db.example.org/blijf", "ca_file": "C:/Blijf/ca.pem"}

The address names the machine and the database only: no user name and no password (each
user logs in as herself, with her own passphrase). So the file holds nothing personal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FILE_NAME = "server.json"
_SCHEMES = ("postgresql", "postgres")
_CREDENTIALS = ("user", "password", "passfile")


@dataclass(frozen=True)
class DeskServer:
    url: str
    ca_file: Path


class DeskConfigProblem(Exception):
    """`code`: "address" (not a postgresql:// address of a host), "credentials" (a user or
    password in it), "unreadable" (server.json is not the file described above)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        query = parse_qs(parts.query)
    except ValueError:
        raise DeskConfigProblem("address") from None
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise DeskConfigProblem("address")
    if parts.username or parts.password or any(name in query for name in _CREDENTIALS):
        raise DeskConfigProblem("credentials")
    return url.strip()


def from_file(store: Path) -> DeskServer | None:
    """The desk's server from `server.json` in its store folder; None: no file, a single desk."""
    path = store / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise DeskConfigProblem("unreadable") from None
    try:
        found = json.loads(text)
        url, ca_file = found["url"], found["ca_file"]
    except (ValueError, KeyError, TypeError):
        raise DeskConfigProblem("unreadable") from None
    if not isinstance(url, str) or not isinstance(ca_file, str) or not ca_file:
        raise DeskConfigProblem("unreadable")
    return DeskServer(check_url(url), Path(ca_file))


def chosen(url: str | None, ca_file: Path | None, store: Path) -> DeskServer | None:
    """The command line's server, else the desk's file's; None for a single desk."""
    if url:
        return DeskServer(check_url(url), Path(ca_file))
    return from_file(store)
