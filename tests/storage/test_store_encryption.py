"""The store file is unreadable without the data key, and the key only comes from a slot.
Wrong keys of every kind: tests/security/test_wrong_keys.py."""

import os
import re

import pytest

from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage.errors import WrongCredentials
from tests.conftest import ADMIN, ADMIN_PASS

CANARY_NAME = "Kanarie-Zwänenbürg-7Q"


def _file_bytes(paths) -> bytes:
    return b"".join(p.read_bytes() for p in paths.folder.iterdir() if p.name.startswith("store.db"))


def test_unknown_user_gets_the_same_refusal_as_a_wrong_passphrase(created, auth):
    created[0].close()
    with pytest.raises(WrongCredentials) as unknown:
        auth.login("niemand", ADMIN_PASS)
    with pytest.raises(WrongCredentials) as wrong:
        auth.login(ADMIN, "Verkeerd-Wachtwoord-123")
    assert str(unknown.value) == str(wrong.value)


def test_store_file_has_no_plaintext_header_or_readable_strings(created, paths):
    session, _ = created
    AccountService(session).accept_confidentiality()
    AccountService(session).add_user("kanarie", CANARY_NAME, Role.HULPVERLENER,
                                     "Oranje-Walvis-Zingt-31")
    session.close()  # checkpoint happens at close: the main file now holds the data
    raw = _file_bytes(paths)
    assert not raw.startswith(b"SQLite format 3")
    for needle in (CANARY_NAME.encode("utf-8"), CANARY_NAME.encode("utf-16-le"), b"kanarie",
                   b"CREATE TABLE", b"users", b"audit_log", b"hulpverlener"):
        assert needle not in raw
    # no run of 8+ printable ASCII bytes that is a word from the schema or data
    words = set(re.findall(rb"[A-Za-z_]{8,}", raw))
    assert not words & {b"username", b"display_name", b"confidentiality_version"}


def test_key_file_names_no_user(created, paths):
    session, _ = created
    AccountService(session).accept_confidentiality()
    AccountService(session).add_user("kanarie", CANARY_NAME, Role.HULPVERLENER,
                                     "Oranje-Walvis-Zingt-31")
    session.close()
    text = paths.keys.read_text()
    assert "kanarie" not in text and ADMIN not in text and "Kanarie" not in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_store_folder_is_closed_to_other_accounts(created, paths):
    assert paths.folder.stat().st_mode & 0o077 == 0
