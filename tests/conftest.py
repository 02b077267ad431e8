import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from PySide6.QtCore import QSettings, QStandardPaths

# Tests never touch the real user's settings or folders: QStandardPaths in test mode, and
# QSettings as INI files in a fresh folder per test (below; the native format would be the
# registry on Windows). Set before any test creates a QSettings object.
QStandardPaths.setTestModeEnabled(True)
QSettings.setDefaultFormat(QSettings.Format.IniFormat)

from blijf_desktop.services.auth import AuthService
from blijf_desktop.storage.device import DeviceSecrets
from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
from blijf_desktop.storage.paths import StorePaths
from tests.keyring_backend import MemoryKeyring
from tests.store_template import StoreTemplate, install
from tests.server.fixtures import (  # noqa: F401 (fixtures for every directory)
    engine_server,
    pg_cluster,
    psycopg_driver,
    server_login,
    server_template,
)

# Cheap Argon2id for speed; the production floor is tested on its own.
FAST_POLICY = KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1))
ADMIN = "beheer"
ADMIN_PASS = "Paars-Olifant-Wandelt-42"


@pytest.fixture(scope="session", autouse=True)
def store_template(tmp_path_factory):
    """New stores start as a rekeyed copy of one migrated store (tests/store_template.py)."""
    template = StoreTemplate(tmp_path_factory.mktemp("template"))
    with pytest.MonkeyPatch.context() as patch:
        install(template, patch)
        yield template


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory):
    """Each test starts with empty settings in its own folder (e.g. no saved window size)."""
    folder = tmp_path_factory.mktemp("settings")
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    yield folder


@pytest.fixture
def keyring_backend():
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def device(keyring_backend):
    return DeviceSecrets(keyring_backend)


@pytest.fixture
def paths(tmp_path):
    return StorePaths(tmp_path / "store")


# -- the engine: the local store, or a PostgreSQL server (tests/server/fixtures.py) ----------
ENGINES = ("local", pytest.param("server", marks=pytest.mark.server))


def pytest_generate_tests(metafunc):
    """A module marked `engines` runs each test on both engines; others on the local store."""
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("local_only")
        if marker is not None and getattr(item, "callspec", None) \
                and item.callspec.params.get("engine") == "server":
            item.add_marker(pytest.mark.skip(reason=marker.args[0] if marker.args
                                             else "local store only"))


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "local")


@pytest.fixture
def auth(engine, paths, device, request):
    """Logging in at this desk: on the local store, or (engine "server") on a fresh server
    database, with this desk's draft store in `paths`."""
    if engine == "server":
        from blijf_desktop.services.server_auth import ServerAuthService

        server = request.getfixturevalue("engine_server")
        return ServerAuthService(server.address(), paths, device, FAST_POLICY)
    return AuthService(paths, device, FAST_POLICY)


@pytest.fixture
def created(auth, engine, request):
    """A new store with its first user logged in: (session, recovery key). On a server: the
    beheerder's login there (no recovery key: a server's is the server's)."""
    if engine == "server":
        from blijf_desktop.domain.roles import Role

        server_login(request.getfixturevalue("engine_server"), ADMIN, ADMIN_PASS,
                     Role.BEHEERDER, "Synthetische Beheerder")
        session, recovery = auth.login(ADMIN, ADMIN_PASS), None
    else:
        session, recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    yield session, recovery
    session.close()


CASEWORKER = "hulp"
CASEWORKER_PASS = "Gele-Tulp-Bloeit-2026"


@pytest.fixture
def caseworker(created, auth, engine, request):
    """A hulpverlener, logged in and ready to work (declaration accepted, own passphrase)."""
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.accounts import AccountService

    if engine == "server":
        server_login(request.getfixturevalue("engine_server"), CASEWORKER, CASEWORKER_PASS,
                     Role.HULPVERLENER, "Synthetische Hulpverlener")
        session = auth.login(CASEWORKER, CASEWORKER_PASS)
        yield session
        session.close()
        return
    admin_session, _ = created
    admin = AccountService(admin_session)
    admin.accept_confidentiality()
    admin.add_user(CASEWORKER, "Synthetische Hulpverlener", Role.HULPVERLENER, "Eenmalig-Wachtwoord-1")
    confirm_pending(created, auth, CASEWORKER)
    session = auth.login(CASEWORKER, "Eenmalig-Wachtwoord-1")
    own = AccountService(session)
    own.accept_confidentiality()
    own.change_own_passphrase("Eenmalig-Wachtwoord-1", CASEWORKER_PASS)
    yield session
    session.close()


LEAD = "leiding"
LEAD_PASS = "Blauwe-Reiger-Vist-2026"
# The teamleider the fixtures make, when no other is there, to confirm accounts with case
# access (issue 22: they wait for a teamleider's confirmation before they can log in).
from tests.account_helpers import CONFIRMER, CONFIRMER_PASS  # noqa: E402


def confirm_pending(created, auth, username: str) -> None:
    """What the beheerder asked for `username`, confirmed by a teamleider the tests know: the
    fixtures' confirming teamleider (made first, alone, while the store has no teamleider)
    or LEAD. Nothing when nothing waits."""
    from blijf_desktop.storage import account_requests, users
    from tests.account_helpers import confirm

    conn = created[0].db.conn
    account = users.by_username(conn, username)
    request = account_requests.open_for(conn, account.id)
    if request is None:
        return
    lead, passphrase = _confirming_lead(created, auth, account.id)
    confirm(auth, lead, passphrase, username)


def confirm_pending_here(admin_session, username: str) -> None:
    """`confirm_pending` for a test that holds only the beheerder's session."""
    auth = AuthService(admin_session.paths, DeviceSecrets(), FAST_POLICY)
    confirm_pending((admin_session, None), auth, username)


def _confirming_lead(created, auth, waiting_id: int) -> tuple[str, str]:
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.storage import account_requests, users

    conn = created[0].db.conn
    active = [i for i in account_requests.active_teamleiders(conn) if i != waiting_id]
    for name, passphrase in ((CONFIRMER, CONFIRMER_PASS), (LEAD, LEAD_PASS)):
        lead = users.by_username(conn, name)
        if lead is not None and lead.id in active and not lead.must_change_passphrase \
                and lead.confidentiality_accepted_at:
            return name, passphrase
    assert not active, "a teamleider the tests do not know must confirm: use ready_user"
    ready_user(created, auth, CONFIRMER, "Synthetische Bevestiger", Role.TEAMLEIDER,
               CONFIRMER_PASS)
    return CONFIRMER, CONFIRMER_PASS


def ready_user(created, auth, username: str, display_name: str, role, passphrase: str):
    """Another account, logged in once to accept the declaration and choose `passphrase`,
    then logged out again (the tests log in with it, or use it to confirm). On a server: her
    account and login made as tests/server/fixtures.make_account makes them (ready)."""
    from blijf_desktop.services.accounts import AccountService
    from tests.server.fixtures import server_of

    if created[0].server_mode:  # made there as every server test makes one (make_account)
        server_login(server_of(created[0]), username, passphrase, role, display_name)
        return
    admin = AccountService(created[0])
    admin.accept_confidentiality()
    admin.add_user(username, display_name, role, "Eenmalig-Wachtwoord-9")
    confirm_pending(created, auth, username)
    session = auth.login(username, "Eenmalig-Wachtwoord-9")
    own = AccountService(session)
    own.accept_confidentiality()
    own.change_own_passphrase("Eenmalig-Wachtwoord-9", passphrase)
    session.close()


@pytest.fixture
def teamleider(created, auth):
    """A ready teamleider account (not logged in): the second pair of eyes for a lower risk
    level. Yields her user name."""
    from blijf_desktop.domain.roles import Role

    ready_user(created, auth, LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, LEAD_PASS)
    return LEAD
