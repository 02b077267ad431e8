"""A real, throw-away PostgreSQL cluster for the server-mode tests: loopback only, TLS on,
`hostssl` the only way in (pg_hba), passwords checked with SCRAM. Started once per test run
(tests/server/conftest.py) and removed after it.

PostgreSQL refuses to run as root; under root (CI's container) the cluster runs as the
`postgres` account the Debian package makes, in a folder owned by it."""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.server import tls

ADMIN = "blijf_admin"
HOST_NAME = "localhost"  # the name in the server certificate
ADDRESS = "127.0.0.1"
SERVER_ACCOUNT = "postgres"


def free_port() -> int:
    """A port nothing listens on now, from the OS: two test runs on one machine (or a cluster
    someone left running) never meet on a fixed number."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((ADDRESS, 0))
        return probe.getsockname()[1]


def _version(bindir: Path) -> tuple[int, ...]:
    found = re.fullmatch(r"(\d+)(?:\.(\d+))?", bindir.parent.name)
    return tuple(int(part) for part in found.groups() if part) if found else (0,)


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: $BLIJF_PG_BIN, else the newest
    /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH, under any version), else PATH."""
    candidates = []
    if os.environ.get("BLIJF_PG_BIN"):
        candidates.append(Path(os.environ["BLIJF_PG_BIN"]))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _parent_of(stat: Path) -> int | None:
    try:  # pid (name) state ppid ...: the name may hold spaces, so split after its ")"
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None  # the process ended meanwhile


@dataclass
class Cluster:
    bindir: Path
    port: int = field(default_factory=free_port)
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="blijf-pg-")))
    admin_password: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    fsync: bool = False  # on for a test of what a crash keeps (tests/server/test_server_crash.py)
    shared_buffers: str = "16MB"  # small for tests; the benchmarks size it as a server would

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def ca_file(self) -> Path:
        """The CA a user of this server is given (its certificate only)."""
        return self.base / "tls" / "ca.pem"

    @property
    def other_ca_file(self) -> Path:
        """A CA that did not sign this server's certificate."""
        return self.base / "tls" / "other-ca.pem"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def _as_server(self) -> dict:
        if os.geteuid() != 0:
            return {}
        return {"user": SERVER_ACCOUNT, "group": SERVER_ACCOUNT, "extra_groups": []}

    def _run(self, *args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, cwd=self.base, **self._as_server())

    def _give_to_server(self, *paths: Path) -> None:
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_ACCOUNT)
            for path in paths:
                os.chown(path, account.pw_uid, account.pw_gid)

    def start(self) -> "Cluster":
        started = time.monotonic()
        (self.base / "tls").mkdir()
        self._give_to_server(self.base)
        password_file = self.base / "admin-password"
        password_file.touch(mode=0o600)
        password_file.write_text(self.admin_password, encoding="ascii")
        self._give_to_server(password_file)
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", ADMIN,
                  f"--pwfile={password_file}", "--auth=scram-sha-256", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        password_file.unlink()
        self._configure()
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
                  "-w", "-t", "30", "start")
        self._watch()
        self.start_seconds = time.monotonic() - started
        return self

    def _watch(self) -> None:
        account = SERVER_ACCOUNT if os.geteuid() == 0 else ""
        subprocess.Popen([sys.executable, str(Path(__file__).with_name("watchdog.py")),
                          str(os.getpid()), str(self.bindir / "pg_ctl"), str(self.data),
                          str(self.base), account], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)

    def _configure(self) -> None:
        ca = tls.authority("Blijf test-CA")
        ca.write(self.ca_file)
        tls.authority("Een andere CA").write(self.other_ca_file)
        tls.server_certificate(ca, HOST_NAME, ADDRESS, self.data / "server.crt",
                               self.data / "server.key")
        self._give_to_server(self.data / "server.crt", self.data / "server.key")
        settings = {
            "listen_addresses": f"'{ADDRESS}'",
            "port": str(self.port),
            "unix_socket_directories": "''",  # TCP with TLS is the only way in
            "ssl": "on",
            "ssl_cert_file": "'server.crt'",
            "ssl_key_file": "'server.key'",
            "ssl_min_protocol_version": "'TLSv1.2'",
            "password_encryption": "'scram-sha-256'",
            "max_connections": "40",
            "shared_buffers": self.shared_buffers,
            # A throw-away cluster: no flush to disk (CREATE/DROP DATABASE per test each forced
            # a checkpoint of ~0.5 s). A kill -9 of the server still loses no committed row
            # (the WAL is in the OS's cache); a test of power loss needs a cluster of its own.
            "fsync": "on" if self.fsync else "off",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# Blijf test cluster\n")
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        (self.data / "pg_hba.conf").write_text(
            "# TLS only, loopback only, SCRAM passwords (tests/server/cluster.py)\n"
            f"hostssl all all {ADDRESS}/32 scram-sha-256\n", encoding="utf-8")

    def kill(self) -> None:
        """kill -9 of the server and every process it started, as a crash would end them."""
        import signal

        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = [int(stat.parent.name) for stat in Path("/proc").glob("[0-9]*/stat")
                    if _parent_of(stat) == postmaster]
        for pid in (postmaster, *children):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in (postmaster, *children)):
            if time.monotonic() > deadline:
                raise TimeoutError("the killed server's processes did not end")
            time.sleep(0.05)

    def restart(self) -> None:
        """Start again after kill(): PostgreSQL replays its write-ahead log first."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                          "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def conninfo(self, dbname: str = "postgres", user: str = ADMIN,
                 password: str | None = None) -> str:
        """A libpq URL as a beheerder would write it (no TLS options: the app adds them)."""
        secret = self.admin_password if password is None and user == ADMIN else password
        credentials = user if secret is None else f"{user}:{secret}"
        return f"postgresql://{credentials}@{HOST_NAME}:{self.port}/{dbname}?hostaddr={ADDRESS}"
