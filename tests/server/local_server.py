"""A throw-away server to try the app's server mode by hand (issue 23), with synthetic users:

    python -m tests.server.local_server

starts the tests' PostgreSQL (loopback, TLS with its own CA; tests/server/cluster.py), runs
`server init`, makes two hulpverleners who can log in, and prints the command line for two
desks. Ctrl+C stops it and removes everything."""

import signal
import sys
import tempfile
from pathlib import Path

from blijf_desktop.domain.roles import Role
from blijf_desktop.storage.pg import schema
from blijf_desktop.storage.pg.connect import connect
from tests.server.cluster import Cluster, find_bindir
from tests.server.fixtures import EngineServer, server_login

USERS = (("anouk", "Rode-Kraanvogel-Vliegt-7", "Synthetische Anouk"),
         ("bente", "Groene-Specht-Klopt-31", "Synthetische Bente"))


def main() -> int:
    bindir = find_bindir()
    if bindir is None:
        print("No PostgreSQL server binaries (apt-get install postgresql).", file=sys.stderr)
        return 1
    cluster = Cluster(bindir).start()
    try:
        with connect(cluster.conninfo(), cluster.ca_file) as maintenance:
            maintenance.execute('CREATE DATABASE "blijf"')
        admin = connect(cluster.conninfo("blijf"), cluster.ca_file)
        schema.init(admin)
        admin.execute("SET search_path = blijf")
        server = EngineServer(cluster, "blijf", admin)
        for username, passphrase, name in USERS:
            server_login(server, username, passphrase, Role.HULPVERLENER, name)
        address = server.address()
        ca_copy = Path(tempfile.mkdtemp(prefix="blijf-ca-")) / "ca.pem"
        ca_copy.write_bytes(cluster.ca_file.read_bytes())
        print("Server ready. Two desks (each in its own terminal):")
        for number, (username, passphrase, _name) in enumerate(USERS, start=1):
            print(f"  python -m blijf_desktop --store /tmp/blijf-desk-{number}"
                  f" --server '{address.url}' --server-ca {ca_copy}"
                  f"    # {username} / {passphrase}")
        print("Ctrl+C stops the server and removes it.")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())
