"""The soak benchmark on a server (issue 23), for `python bench/soak.py --server`.

The same synthetic clients on a throw-away PostgreSQL (bench/search_server.py: TLS, SCRAM,
row-level security), and two desks at once: two processes, each a hulpverlener of the team
logged in with her own login role and her own local draft store, doing soak.py's mix
(search, edit, intake, lock and unlock) at the same moment. A save refused because the other
desk saved the same person first (ConcurrentEdit: the designed answer, nothing typed lost)
is counted apart from errors. Afterwards each desk reads back every intake it saved, and
the other desk's too (two desks see each other's work), and the administrator verifies the
audit trail's chain that both wrote."""

from __future__ import annotations

import multiprocessing
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DESKS = (("anouk", "Rode-Kraanvogel-Vliegt-7"), ("bente", "Groene-Specht-Klopt-31"))


def desk_child(url: str, ca_file: str, username: str, passphrase: str, texts: list[str],
               clients: int, seed: int, warmup: float, seconds: float, argon) -> dict:
    """One desk's process: log in, the mix for `warmup` then `seconds`; its figures."""
    import keyring

    import soak
    from blijf_desktop.services.errors import ConcurrentEdit
    from blijf_desktop.services.server_auth import ServerAddress, ServerAuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.kdf import KdfPolicy
    from blijf_desktop.storage.paths import StorePaths
    from tests.keyring_backend import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    soak.WORKER_PASS = passphrase  # lock_unlock unlocks with it
    with tempfile.TemporaryDirectory(prefix=f"blijf-bench-{username}-") as folder:
        auth = ServerAuthService(ServerAddress(url, Path(ca_file)),
                                 StorePaths(Path(folder) / "store"), DeviceSecrets(backend),
                                 KdfPolicy(fixed=argon))
        session = auth.login(username, passphrase)
        work = soak.Workload(session, texts, clients, seed)
        times, errors = {kind: [] for kind in soak.KINDS}, Counter()
        soak.run_mix(work, warmup, {kind: [] for kind in soak.KINDS}, errors, f"{username} warm-up")
        rss_start = soak.rss_mb()
        ops = soak.run_mix(work, seconds, times, errors, username)
        conflicts = sum(n for kind, n in errors.items() if kind.endswith(ConcurrentEdit.__name__))
        for kind in [k for k in errors if k.endswith(ConcurrentEdit.__name__)]:
            del errors[kind]
        missing = work.check_saved()
        session.close()
    return {"ops": ops, "times": times, "errors": dict(errors), "conflicts": conflicts,
            "saved": work.saved, "missing": missing, "rss_start_mb": rss_start,
            "rss_end_mb": soak.rss_mb()}


def read_back(url: str, ca_file: str, username: str, passphrase: str,
              saved: dict[int, int]) -> int:
    """How many of the other desk's intakes this desk does not find whole."""
    import keyring

    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.server_auth import ServerAddress, ServerAuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.kdf import ArgonParams, KdfPolicy
    from blijf_desktop.storage.paths import StorePaths
    from tests.keyring_backend import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with tempfile.TemporaryDirectory(prefix="blijf-bench-readback-") as folder:
        auth = ServerAuthService(ServerAddress(url, Path(ca_file)),
                                 StorePaths(Path(folder) / "store"), DeviceSecrets(backend),
                                 KdfPolicy(fixed=ArgonParams(1024, 1, 1)))
        session = auth.login(username, passphrase)
        try:
            service = IntakeService(session)
            return sum(len(service.case(case_id).people) != count
                       for case_id, count in saved.items())
        finally:
            session.close()


def run(args, argon) -> dict:
    """Load the clients, run two desks at once, check; the figures soak.py prints."""
    from blijf_desktop.domain.roles import Role
    from blijf_desktop.storage import audit
    from blijf_desktop.storage.pg.database import PgConnection
    from corpus import generate, make_queries
    from search_server import BenchServer
    from tests.server.fixtures import server_login

    people = generate(args.clients, args.seed)
    texts = [text for _kind, text in make_queries(people, 2000, args.seed)]
    bench = BenchServer()
    try:
        print(f"server: {len(people)} persons loaded in {bench.fill(args.clients, people):.1f} s",
              flush=True)
        del people
        for username, passphrase in DESKS:
            server_login(bench.server, username, passphrase, Role.HULPVERLENER,
                         f"Synthetische {username.title()}")
        url, ca = bench.server.address().url, str(bench.cluster.ca_file)
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=len(DESKS), mp_context=ctx) as pool:
            futures = [pool.submit(desk_child, url, ca, name, word, texts, args.clients,
                                   args.seed + number, args.warmup, args.seconds, argon)
                       for number, (name, word) in enumerate(DESKS)]
            desks = [future.result() for future in futures]
        (first, first_pass), (second, second_pass) = DESKS
        unseen = (read_back(url, ca, first, first_pass, desks[1]["saved"])
                  + read_back(url, ca, second, second_pass, desks[0]["saved"]))
        chain = audit.verify(PgConnection(bench.admin))
    finally:
        bench.stop()
    return {"desks": desks, "unseen": unseen, "chain_ok": chain.ok,
            "audit_rows": chain.rows_checked}


def report(args, figures: dict) -> dict:
    """Print the two desks' figures; the JSON soak.py prints last."""
    from soak import KINDS, percentile

    desks, errors = figures["desks"], Counter()
    for desk in desks:
        errors.update(desk["errors"])
    errors["intake:not_whole_after_save"] += sum(desk["missing"] for desk in desks)
    errors["intake:not_seen_at_other_desk"] += figures["unseen"]
    errors["audit:chain_broken"] += not figures["chain_ok"]
    errors = Counter({kind: n for kind, n in errors.items() if n})
    times = {kind: [t for desk in desks for t in desk["times"][kind]] for kind in KINDS}
    ops = sum(desk["ops"] for desk in desks)
    print(f"\ntwo desks at once on one server: {ops} operations in {args.seconds:.0f} s,"
          f" {sum(errors.values())} errors" + (f" {dict(errors)}" if errors else "")
          + f"; {sum(d['conflicts'] for d in desks)} saves told of the other desk's change")
    for kind, values in times.items():
        print(f"  {kind:11s} {len(values):6d} ops  p50 {percentile(values, 50)} ms  "
              f"p95 {percentile(values, 95)} ms  max {percentile(values, 100)} ms")
    print(f"intakes saved {sum(len(d['saved']) for d in desks)}, each read back whole at its"
          f" own desk and at the other; audit chain {figures['audit_rows']} rows,"
          f" ok: {figures['chain_ok']}")
    for (name, _), desk in zip(DESKS, desks):
        print(f"  {name}: RSS {desk['rss_start_mb']:.1f} MB -> {desk['rss_end_mb']:.1f} MB")
    return {"server": True, "desks": len(desks), "ops": ops, "errors": sum(errors.values()),
            "conflicts": sum(d["conflicts"] for d in desks),
            "p95_ms": {kind: percentile(values, 95) for kind, values in times.items()},
            "intakes_saved": sum(len(d["saved"]) for d in desks),
            "audit_rows": figures["audit_rows"], "clients": args.clients,
            "seconds": args.seconds}
