"""`blijf-desktop server init` from the command line: it sets the database up, tells what it
did in Dutch, and refuses a server it cannot trust with a calm message, nothing changed."""

import io
import sys

import pytest

from blijf_desktop import command_line
from blijf_desktop.app import main
from blijf_desktop.storage.pg import schema


def test_server_init_sets_up_the_database(pg_cluster, empty_database, admin, capsys):
    url = pg_cluster.conninfo(empty_database)
    code = main(["server", "init", "--url", url, "--ca", str(pg_cluster.ca_file)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"schemaversie {schema.latest_version()} (was 0)" in out.out
    assert "blijf_owner is de eigenaar" in out.out
    assert pg_cluster.admin_password not in out.out + out.err


def test_server_init_asks_the_password_when_none_is_given(pg_cluster, empty_database,
                                                           monkeypatch, capsys):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(pg_cluster.admin_password + "\n"))
    url = pg_cluster.conninfo(empty_database, password="").replace(":@", "@")
    code = main(["server", "init", "--url", url, "--ca", str(pg_cluster.ca_file)])
    assert code == 0, capsys.readouterr().err


def test_a_server_with_a_certificate_from_another_ca_is_refused_in_dutch(
        pg_cluster, empty_database, admin, capsys):
    url = pg_cluster.conninfo(empty_database)
    code = main(["server", "init", "--url", url, "--ca", str(pg_cluster.other_ca_file)])
    err = capsys.readouterr().err
    assert code == 2
    assert "certificaatautoriteit van uw organisatie" in err and "niets verstuurd" in err
    assert "SSL" not in err and "Traceback" not in err
    found = admin.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'blijf'")
    assert found.fetchone()[0] in (0, 1)  # roles/schema of other tests may exist: no crash


@pytest.mark.parametrize("args, missing", [
    (["server"], "init"),
    (["server", "init", "--ca", "ca.pem"], "--url"),
    (["server", "init", "--url", "postgresql://localhost/blijf"], "--ca"),
])
def test_a_missing_option_is_told_in_dutch(args, missing):
    with pytest.raises(command_line.UsageError) as told:
        command_line.parse(["--lang", "nl", *args])
    assert told.value.text == f"Bij server hoort ook {missing}."


FIRST_PASS = "Witte-Zwaan-Zwemt-Traag-2026"


def _init_with_first(pg_cluster, database, username, answers, monkeypatch, capsys):
    from tests.server.fixtures import _LOGINS_MADE
    from blijf_desktop.storage.pg.logins import role_name

    _LOGINS_MADE.add(role_name(username))  # login roles are the cluster's: dropped at the end
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(a + "\n" for a in answers)))
    code = main(["server", "init", "--url", pg_cluster.conninfo(database), "--ca",
                 str(pg_cluster.ca_file), "--first-beheerder", username,
                 "--display-name", "Synthetische Eerste"])
    return code, capsys.readouterr()


def test_the_first_beheerder_made_at_init_logs_in_at_a_desk(
        pg_cluster, empty_database, paths, device, monkeypatch, capsys):
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.server_auth import ServerAddress, ServerAuthService
    from blijf_desktop.storage import audit
    from blijf_desktop.storage.pg.connect import connect
    from blijf_desktop.storage.pg.database import PgConnection
    from tests.conftest import FAST_POLICY
    from tests.server.cluster import ADDRESS, HOST_NAME

    code, out = _init_with_first(pg_cluster, empty_database, "eerste", [FIRST_PASS] * 2,
                                 monkeypatch, capsys)
    assert code == 0, out.err
    assert "Eerste functioneel beheerder: eerste" in out.out and FIRST_PASS not in out.out
    url = f"postgresql://{HOST_NAME}:{pg_cluster.port}/{empty_database}?hostaddr={ADDRESS}"
    auth = ServerAuthService(ServerAddress(url, pg_cluster.ca_file), paths, device, FAST_POLICY)
    session = auth.login("eerste", FIRST_PASS)
    try:
        assert session.user.role is Role.BEHEERDER
    finally:
        session.close()
    with connect(pg_cluster.conninfo(empty_database), pg_cluster.ca_file) as admin:
        admin.execute("SET search_path = blijf")
        assert audit.verify(PgConnection(admin)).ok
    again, out = _init_with_first(pg_cluster, empty_database, "tweede", [FIRST_PASS] * 2,
                                  monkeypatch, capsys)
    assert again == 3 and "heeft al accounts" in out.err


@pytest.mark.parametrize("answers, told", [
    (["kort", "kort"], "minstens 12"),
    ([FIRST_PASS, FIRST_PASS + "x"], "niet gelijk"),
])
def test_a_weak_or_mistyped_first_passphrase_changes_nothing(
        pg_cluster, empty_database, admin, monkeypatch, capsys, answers, told):
    code, out = _init_with_first(pg_cluster, empty_database, "derde", answers, monkeypatch,
                                 capsys)
    assert code == 2 and told in out.err.lower() and answers[0] not in out.err
    from blijf_desktop.storage.pg.connect import connect

    with connect(pg_cluster.conninfo(empty_database), pg_cluster.ca_file) as conn:
        schema_made = conn.execute("SELECT to_regnamespace('blijf') IS NOT NULL").fetchone()[0]
    assert not schema_made
