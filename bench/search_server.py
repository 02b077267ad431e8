"""The search benchmark's server half (issue 23), for `python bench/search.py --server`.

The same synthetic clients as the local stores, on a throw-away PostgreSQL (tests/server/
cluster.py: loopback, TLS verified, SCRAM), loaded by the cluster's administrator with COPY
(every person's folded parts computed by domain/search.py, as storage/pg/search.py writes
them), then ANALYZE. The queries go through `persons.find` on the app's ServerDatabase,
connected as a hulpverlener's own login role: row-level security on, the search through
blijf.find_persons. Then the same queries through IntakeService.search in a real server
session (the need-to-know gate, each page's audit row and its commit, the volume rule).
The hits are compared with the local store's, query by query."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from blijf_desktop.domain import search as search_rules
from blijf_desktop.domain.roles import Role
from blijf_desktop.domain.search import index_parts
from blijf_desktop.storage import persons
from blijf_desktop.storage.pg import schema
from blijf_desktop.storage.pg.connect import connect
from blijf_desktop.storage.pg.database import ServerDatabase
from blijf_desktop.storage.pg.logins import role_name
from corpus import STAMP  # noqa: E402  (bench/)
from tests.server.cluster import Cluster, find_bindir
from tests.server.fixtures import EngineServer, server_login

DATABASE = "blijf_bench"
USER, PASSPHRASE = "bench", "Synthetische-Bank-Zoekt-2026"
_COLUMNS = ("category", "relation", "first_names", "prefix", "last_name", "street",
            "house_number", "postcode", "residence", "address_secret", "birth_place",
            "birth_date", "phone", "email")


class BenchServer:
    """A started cluster with the Blijf schema and one hulpverlener; `stop()` removes it."""

    def __init__(self):
        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("--server needs PostgreSQL's server binaries (apt-get install"
                             " postgresql)")
        # As a server would run: flushed to disk, and a buffer cache that holds what a search
        # reads (person_trigrams 172 MB + persons 110 MB at 100,000 clients; PostgreSQL's
        # advice is a quarter of the server's memory).
        self.cluster = Cluster(bindir, fsync=True, shared_buffers="1GB").start()
        with connect(self.cluster.conninfo(), self.cluster.ca_file) as maintenance:
            maintenance.execute(f'CREATE DATABASE "{DATABASE}"')
        self.admin = connect(self.cluster.conninfo(DATABASE), self.cluster.ca_file)
        schema.init(self.admin)
        self.admin.execute("SET search_path = blijf")
        self.server = EngineServer(self.cluster, DATABASE, self.admin)
        self.user_id = server_login(self.server, USER, PASSPHRASE, Role.HULPVERLENER,
                                    "Synthetische Gebruiker")

    def fill(self, clients: int, people) -> float:
        """Cases (of team 1), persons with the local store's ids, their folded parts; seconds."""
        start = time.perf_counter()
        admin = self.admin
        with admin.transaction():
            with admin.cursor().copy("COPY cases (id, created_at, created_by) FROM STDIN") as out:
                for case_id in range(1, clients + 1):
                    out.write_row((case_id, STAMP, self.user_id))
            with admin.cursor().copy("COPY case_teams (case_id, team_id) FROM STDIN") as out:
                for case_id in range(1, clients + 1):
                    out.write_row((case_id, 1))
            columns = ", ".join(("id", "case_id", *_COLUMNS, "created_at", "created_by"))
            with admin.cursor().copy(f"COPY persons ({columns}) FROM STDIN") as out:
                for person_id, (case_id, person) in enumerate(people, start=1):
                    values = [int(v) if isinstance(v, bool) else v
                              for v in (person[c] for c in _COLUMNS)]
                    out.write_row((person_id, case_id, *values, STAMP, self.user_id))
            with admin.cursor().copy(
                    "COPY person_trigrams (person_id, words, contact) FROM STDIN") as out:
                for person_id, (_case_id, p) in enumerate(people, start=1):
                    parts = index_parts(p["first_names"], p["prefix"], p["last_name"],
                                        p["birth_date"], p["residence"], p["birth_place"],
                                        p["street"], p["postcode"], int(p["address_secret"]),
                                        p["phone"], p["email"])
                    out.write_row((person_id, " ".join(x for x in parts if x),
                                   " ".join(x for x in parts[-3:] if x)))
            for table in ("cases", "persons"):
                admin.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                              f" (SELECT max(id) FROM {table}))")
        admin.execute("ANALYZE")
        return time.perf_counter() - start

    def database(self) -> ServerDatabase:
        """The app's connection, as the hulpverlener's own login role."""
        return ServerDatabase(self.server.address().url, self.cluster.ca_file,
                              user=role_name(USER), password=PASSPHRASE)

    def stop(self) -> None:
        try:
            self.admin.close()
        finally:
            self.cluster.stop()


def run_queries(conn, texts: list[str], page: int) -> tuple[list[float], list[float], list]:
    """Wall and CPU milliseconds per query, and the hits, through persons.find."""
    wall, cpu, found = [], [], []
    for text in texts:
        start, thread = time.perf_counter(), time.thread_time()
        query = search_rules.build(text)
        hits = persons.find(conn, query, page, 0) if query else []
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.thread_time() - thread) * 1000.0)
        found.append([hit.person_id for hit in hits])
    return wall, cpu, found


def service_times(bench: BenchServer, texts: list[str]) -> list[float]:
    """Wall milliseconds of IntakeService.search in a real server session (her login, her
    desk's draft store beside it, with a keyring kept in memory)."""
    import keyring

    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.server_auth import ServerAuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
    from blijf_desktop.storage.paths import StorePaths
    from tests.keyring_backend import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with tempfile.TemporaryDirectory(prefix="blijf-bench-desk-") as folder:
        policy = KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1))
        auth = ServerAuthService(bench.server.address(), StorePaths(Path(folder) / "store"),
                                 DeviceSecrets(backend), policy)
        session = auth.login(USER, PASSPHRASE)
        try:
            service = IntakeService(session)
            wall = []
            for text in texts:
                start = time.perf_counter()
                service.search(text)
                wall.append((time.perf_counter() - start) * 1000.0)
        finally:
            session.close()
    return wall


def measure(clients: int, people, texts: list[str], local_hits: list, warmup: int,
            page: int) -> dict:
    """The server's times for `texts` in ms (the first `warmup` not counted: wall, cpu and
    through the service), and how many queries found other people than the local store
    (`local_hits`, query by query)."""
    bench = BenchServer()
    try:
        fill_s = bench.fill(clients, people)
        print(f"server: {len(people)} persons loaded (COPY, folded parts, ANALYZE) in"
              f" {fill_s:.1f} s", flush=True)
        db = bench.database()
        try:
            run_queries(db.conn, texts[:warmup], page)
            wall, cpu, found = run_queries(db.conn, texts[warmup:], page)
        finally:
            db.close()
        differ = sum(mine != theirs for mine, theirs in zip(found, local_hits[warmup:]))
        service = service_times(bench, texts)[warmup:]
    finally:
        bench.stop()
    return {"wall": wall, "cpu": cpu, "service": service, "differ": differ,
            "fill_s": round(fill_s, 1)}
