"""A throw-away server to try the app's server mode by hand (issue 23), with synthetic users:

    python -m tests.server.local_server [--demo]

starts the tests' PostgreSQL (loopback, TLS with its own CA; tests/server/cluster.py), runs
`server init`, makes two hulpverleners who can log in, and prints the command line for two
desks. `--demo`: instead, `server init --first-beheerder` makes the demo's beheerder and the
demo (blijf_desktop/demo.py) fills the server through the services, as `--demo` fills a
local store: its teamleiders, cases, AWARE, sharing, retention, teams. Ctrl+C stops it and
removes everything."""

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


def make_users(server) -> tuple:
    for username, passphrase, name in USERS:
        server_login(server, username, passphrase, Role.HULPVERLENER, name)
    return USERS


def fill_demo(server) -> tuple:
    """The demo's people and work on the server, through the services at a throw-away desk
    (a keyring in memory: the drafts the demo types stay there)."""
    from blijf_desktop import demo
    from blijf_desktop.services.server_auth import ServerAuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
    from blijf_desktop.storage.paths import StorePaths
    from blijf_desktop.storage.pg.first_account import add_first_beheerder
    from tests.keyring_backend import MemoryKeyring

    add_first_beheerder(server.admin, demo.DEMO_ADMIN, "Demo Beheerder", demo.DEMO_PASSPHRASE)
    desk = Path(tempfile.mkdtemp(prefix="blijf-demo-desk-")) / "store"
    auth = ServerAuthService(server.address(), StorePaths(desk), DeviceSecrets(MemoryKeyring()),
                             KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1)))
    print("Filling the server with the demo's synthetic people (a minute or two)...", flush=True)
    demo.fill(auth, history=True)
    return ((demo.DEMO_USER, demo.DEMO_PASSPHRASE, "Demo Teamleider"),
            (demo.DEMO_COLLEAGUE, demo.DEMO_PASSPHRASE, "Demo Collega"),
            (demo.DEMO_ADMIN, demo.DEMO_PASSPHRASE, "Demo Beheerder"))


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
        users = fill_demo(server) if "--demo" in sys.argv[1:] else make_users(server)
        address = server.address()
        ca_copy = Path(tempfile.mkdtemp(prefix="blijf-ca-")) / "ca.pem"
        ca_copy.write_bytes(cluster.ca_file.read_bytes())
        print("Server ready. A desk per user (each in its own terminal):")
        for number, (username, passphrase, _name) in enumerate(users, start=1):
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
