"""The command line: versions, and `audit verify` reporting the first broken link."""

import io
import subprocess
import sys

from blijf_desktop.app import main
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.storage.database import Database
from tests.conftest import ADMIN, ADMIN_PASS


def test_version_names_app_sqlcipher_and_qt():
    out = subprocess.run([sys.executable, "-m", "blijf_desktop", "--version"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert "Blijf Desktop 0." in out and "SQLCipher 4." in out and "Qt 6." in out


def _run_verify(paths, monkeypatch, capsys, passphrase=ADMIN_PASS):
    monkeypatch.setattr(sys, "stdin", io.StringIO(passphrase + "\n"))
    code = main(["--store", str(paths.folder), "audit", "verify", "--user", ADMIN])
    return code, capsys.readouterr()


def test_audit_verify_reports_ok_then_the_first_broken_row(created, paths, monkeypatch, capsys):
    session, _ = created
    AccountService(session).accept_confidentiality()
    key = session.data_key
    session.close()
    code, out = _run_verify(paths, monkeypatch, capsys)
    assert code == 0 and "in orde" in out.out
    db = Database(paths.db, key)
    db.conn.execute("UPDATE audit_log SET action = 'view' WHERE seq = 2")
    db.close()
    code, out = _run_verify(paths, monkeypatch, capsys)
    assert code == 1 and "regel 2" in out.out


def test_audit_verify_with_a_wrong_passphrase_says_so_in_dutch(created, paths, monkeypatch, capsys):
    created[0].close()
    code, out = _run_verify(paths, monkeypatch, capsys, passphrase="Verkeerd-Wachtwoord-123")
    assert code == 2
    assert "Gebruikersnaam of wachtwoord onjuist" in out.err
    assert "Traceback" not in out.err
