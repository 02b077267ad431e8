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
