"""The app talks to a server only over TLS with the server's certificate checked: a server
with a certificate from another CA, for another name, or without TLS is refused before a user
name or password leaves the PC, whatever the address given asks for."""

import socket
import threading

import pytest

from blijf_desktop.storage.pg.connect import connect
from tests.server import tls
from blijf_desktop.storage.pg.errors import (
    ServerCaMissing,
    ServerLoginRefused,
    ServerNameMismatch,
    ServerNotTrusted,
    ServerUnreachable,
    ServerWithoutTls,
)


def test_the_right_ca_and_name_connect_with_tls(pg_cluster):
    conn = connect(pg_cluster.conninfo(), pg_cluster.ca_file)
    try:
        assert conn.info.pgconn.ssl_in_use
        version = conn.execute("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        assert version.fetchone()[0] in ("TLSv1.2", "TLSv1.3")
    finally:
        conn.close()


def test_a_certificate_from_another_ca_is_refused(pg_cluster):
    with pytest.raises(ServerNotTrusted):
        connect(pg_cluster.conninfo(), pg_cluster.other_ca_file)


def test_a_certificate_for_another_name_is_refused(pg_cluster):
    # The right server and CA, reached under a name its certificate does not carry.
    conninfo = pg_cluster.conninfo().replace("@localhost:", "@blijf-elders.invalid:")
    with pytest.raises(ServerNameMismatch):
        connect(conninfo, pg_cluster.ca_file)


@pytest.mark.parametrize("asked", ["disable", "allow", "prefer", "require", "verify-ca"])
def test_an_address_cannot_weaken_the_check(pg_cluster, asked):
    conninfo = pg_cluster.conninfo().replace("@localhost:", "@blijf-elders.invalid:")
    with pytest.raises(ServerNameMismatch):
        connect(f"{conninfo}&sslmode={asked}", pg_cluster.ca_file)


def test_the_environment_cannot_weaken_the_check(pg_cluster, monkeypatch):
    monkeypatch.setenv("PGSSLMODE", "disable")
    monkeypatch.setenv("PGSSLROOTCERT", "system")
    with pytest.raises(ServerNotTrusted):
        connect(pg_cluster.conninfo(), pg_cluster.other_ca_file)


class _ServerWithoutTls:
    """Answers PostgreSQL's TLS request with 'N' (no TLS) and records what came after it."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        peer, _address = self.listener.accept()
        with peer:
            peer.settimeout(5)
            self.received = peer.recv(8)  # length 8, code 80877103: SSLRequest
            peer.sendall(b"N")
            try:
                self.received += peer.recv(4096)
            except OSError:
                pass

    def close(self):
        self.thread.join(5)
        self.listener.close()


def test_a_server_without_tls_is_refused_and_hears_no_user_name(psycopg_driver, tmp_path):
    fake = _ServerWithoutTls()
    try:
        with pytest.raises(ServerWithoutTls):
            connect(f"postgresql://anna.devries:geheim@localhost:{fake.port}/blijf"
                    "?hostaddr=127.0.0.1&sslmode=disable",
                    tls.authority("Losse CA").write(tmp_path / "ca.pem"))
    finally:
        fake.close()
    assert fake.received[:8] == bytes.fromhex("0000000804d2162f")  # the TLS request, nothing else
    assert b"anna" not in fake.received and b"geheim" not in fake.received


def test_a_missing_ca_file_is_told_before_connecting(pg_cluster, tmp_path):
    with pytest.raises(ServerCaMissing):
        connect(pg_cluster.conninfo(), tmp_path / "ca.pem")


def test_a_wrong_password_is_refused_without_saying_which(pg_cluster):
    with pytest.raises(ServerLoginRefused):
        connect(pg_cluster.conninfo(password="fout"), pg_cluster.ca_file)
    with pytest.raises(ServerLoginRefused):
        connect(pg_cluster.conninfo(user="niemand", password="fout"), pg_cluster.ca_file)


def test_no_server_listening_is_unreachable(pg_cluster):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        free = probe.getsockname()[1]
    conninfo = pg_cluster.conninfo().replace(f":{pg_cluster.port}/", f":{free}/")
    with pytest.raises(ServerUnreachable):
        connect(conninfo, pg_cluster.ca_file)
