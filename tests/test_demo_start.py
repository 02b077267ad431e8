"""README's first command: `python -m blijf_desktop --demo` on a fresh machine, which has no
OS keyring (a headless box, a new desk PC). The demo store is passphrase-only there; every
step of filling it must work without a keyring (found at the end of session 6: a demo step
asked the recovery for a PC binding and the app did not start)."""

import keyring
from keyring.backends import fail

from blijf_desktop import app, demo


def test_the_demo_starts_without_a_keyring(tmp_path, monkeypatch):
    monkeypatch.setattr(app.tempfile, "mkdtemp", lambda prefix="": str(tmp_path / "demo"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        auth, (user, passphrase) = app.make_demo_store()
        assert not auth.device.available()
        session = auth.login(user, passphrase)
        assert session.user.username == demo.DEMO_USER
        session.close()
        auth.release()
    finally:
        keyring.set_keyring(previous)
