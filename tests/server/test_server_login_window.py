"""The login window in server mode, driven like a user would, against the test server: it
names the server, offers no recovery at the desk, tells a refusal calmly without saying whether
the name exists, and gives a session on the server as her own role."""

import json

import pytest
from PySide6.QtCore import Qt

from blijf_desktop import app, desk_config
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import ServerLoginRefused
from blijf_desktop.services.server_auth import ServerAuthService
from blijf_desktop.storage.paths import StorePaths
from blijf_desktop.storage.pg.logins import role_name
from blijf_desktop.ui.dialogs.login import LoginDialog
from blijf_desktop.ui.messages import error_message
from tests.conftest import FAST_POLICY
from tests.server.fixtures import server_login

USER, PASS = "anouk", "Rode-Kraanvogel-Vliegt-7"


@pytest.fixture
def window(qtbot, engine_server, tmp_path, device):
    server_login(engine_server, USER, PASS, Role.HULPVERLENER, "Synthetische Anouk")
    auth = ServerAuthService(engine_server.address(), StorePaths(tmp_path), device, FAST_POLICY)
    dialog = LoginDialog(auth)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_window_names_the_server_and_offers_no_recovery_here(window):
    assert window.server_box.isVisible() and "localhost" in window.server_box.text()
    assert not window.recover_button.isVisible()


def test_a_refusal_is_told_calmly_and_alike_for_a_wrong_passphrase_or_name(qtbot, window):
    told = []
    for name in (USER, "niemand"):
        window.username.setText(name)
        qtbot.keyClicks(window.passphrase.edit, "Verkeerd-Wachtwoord-99")
        qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
        told.append(window.message.text())
        assert window.passphrase.text() == "" and window.username.text() == name
    assert told[0] == told[1] == error_message(ServerLoginRefused())
    assert "server" in told[0] and window.session is None


def test_her_passphrase_gives_a_session_on_the_server_as_her_own_role(qtbot, window):
    window.username.setText(USER)
    qtbot.keyClicks(window.passphrase.edit, PASS)
    with qtbot.waitSignal(window.accepted):
        qtbot.keyClick(window.passphrase.edit, Qt.Key.Key_Return)
    session = window.session
    try:
        assert session.server_mode and session.user.username == USER
        assert session.db.conn.execute("SELECT session_user").fetchone()[0] == role_name(USER)
    finally:
        session.close()


def test_the_desk_file_chooses_the_server_and_refuses_credentials_in_it(tmp_path):
    assert desk_config.from_file(tmp_path) is None  # no file: a single desk
    (tmp_path / desk_config.FILE_NAME).write_text(json.dumps(
        {"url": "postgresql://blijf-db.example.org/blijf", "ca_file": "/etc/blijf/ca.pem"}))
    found = desk_config.from_file(tmp_path)
    assert found.url.endswith("/blijf") and found.ca_file.name == "ca.pem"
    auth = app.server_auth(found, tmp_path)
    assert auth.server_mode and auth.address.host == "blijf-db.example.org"
    for url in ("postgresql://beheer:geheim@blijf-db/blijf", "postgresql://blijf-db/blijf?user=x",
                "postgresql://blijf-db/blijf?password=x"):
        with pytest.raises(desk_config.DeskConfigProblem) as refused:
            desk_config.check_url(url)
        assert refused.value.code == "credentials"
    for url in ("https://blijf-db/blijf", "postgresql:///blijf", "blijf-db"):
        with pytest.raises(desk_config.DeskConfigProblem):
            desk_config.check_url(url)
    (tmp_path / desk_config.FILE_NAME).write_text("{niet: json")
    with pytest.raises(desk_config.DeskConfigProblem):
        desk_config.from_file(tmp_path)


def test_the_command_line_takes_a_server_with_its_ca_and_not_without(capsys, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(app, "_has_terminal", lambda: True)  # told on stderr, no dialog
    assert app.main(["--server", "postgresql://blijf-db/blijf"]) == 2
    assert "--server gaat samen met --server-ca" in capsys.readouterr().err
    assert app.main(["--store", str(tmp_path), "--server", "postgresql://u:p@blijf-db/blijf",
                     "--server-ca", str(tmp_path / "ca.pem")]) == 2
    err = capsys.readouterr().err
    assert "gebruikersnaam of wachtwoord" in err and ":p@" not in err
