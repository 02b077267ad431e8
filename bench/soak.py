"""Soak benchmark: a caseworker's mixed day, compressed, on a full-size store.

    python bench/soak.py [--seconds S] [--clients N] [--seed X] [--fast-kdf] [--server]

A store is created by the real AuthService (in-memory keyring backend, Argon2id tuned once as at
set-up) with a beheerder and a hulpverlener; then N synthetic clients with ~3 linked persons each
(default 100,000 / ~300,000, bench/corpus.py) are bulk-loaded with SQL in a child process, so this
process never holds the corpus and its RSS is the app's own. The hulpverlener logs in and for S
seconds (default 120) does a random mix through the services:
  search       IntakeService.search (one page of hits)
  edit         open a case, reveal a secret address if there is one, new address and phone,
               then the history
  intake       save a draft, then a whole intake (client, children, plegers, a threat entry)
  lock_unlock  Session.lock + Session.unlock (Argon2id, key unwrap, store reopened)
Every exception counts as an error (its type is printed, never its text). Afterwards every intake
saved is read back whole and the audit chain is verified. RSS is read after a warm-up and at the
end. The last line is JSON: ops, errors, p95_ms (per kind), rss_start_mb, rss_end_mb, extras.
`--server`: the same clients on a throw-away PostgreSQL and two desks doing the mix at once,
each her own login and draft store (bench/soak_server.py)."""

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.keyring_backend import MemoryKeyring  # noqa: E402  (the tests' real backend)

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry  # noqa: E402
from blijf_desktop.domain.roles import Role  # noqa: E402
from blijf_desktop.services.account_requests import AccountRequestService  # noqa: E402
from blijf_desktop.services.accounts import AccountService  # noqa: E402
from blijf_desktop.services.auth import AuthService  # noqa: E402
from blijf_desktop.services.intake import IntakeService  # noqa: E402
from blijf_desktop.storage import audit  # noqa: E402
from blijf_desktop.storage.device import DeviceSecrets  # noqa: E402
from blijf_desktop.storage.kdf import PRODUCTION_POLICY, ArgonParams, KdfPolicy  # noqa: E402
from blijf_desktop.storage.paths import StorePaths  # noqa: E402
from corpus import PLACES, STREETS, fill_child, generate, make_person, make_queries  # noqa: E402

KINDS = {"search": 60, "edit": 20, "intake": 15, "lock_unlock": 5}  # weights of the mix
ADMIN, ADMIN_PASS = "beheer", "Paars-Olifant-Wandelt-42"
WORKER, ONE_TIME, WORKER_PASS = "hulp", "Eenmalig-Wachtwoord-1", "Gele-Tulp-Bloeit-2026"
LEAD, LEAD_PASS = "leiding", "Blauwe-Reiger-Vist-2026"  # confirms the hulpverlener (issue 22)
QUERIES = 2000
POSTCODE_LETTERS = "ABCEGHJKLMNPRTVWXZ"  # no S: never SA, SD or SS
PROGRESS_EVERY = 30.0  # seconds
rss_samples: list[float] = []  # at every progress line, for the peak


def rss_mb() -> float:
    """Resident set size now (Linux /proc); elsewhere the peak, which is the best on offer."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[round(p / 100 * (len(ordered) - 1))], 2)


def valid_contact(rng: random.Random, person: dict) -> dict:
    """bench/corpus.py draws any 06 number and any postcode letters (fine for a search corpus);
    the services refuse numbers not in use (06-9x) and the letters SA, SD and SS."""
    digits = "".join(rng.choice("0123456789") for _ in range(7))
    letters = "".join(rng.choice(POSTCODE_LETTERS) for _ in range(2))
    postcode = f"{rng.randrange(1000, 9999)} {letters}"
    phone = f"+316{rng.choice('12345')}{digits}" if person["phone"] else ""
    return {**person, "postcode": postcode, "phone": phone}


def to_person(raw: dict) -> PersonData:
    values = dict(raw)
    category = Category(values.pop("category"))
    values["birth_date"] = date.fromisoformat(values["birth_date"])
    return PersonData(category, **values)


def build_child(db_path: str, key_hex: str, clients: int, seed: int, user_id: int):
    """Fresh process: generate and bulk-load the corpus; return timings, sizes, search texts."""
    people = generate(clients, seed)
    rows_s, optimize_s = fill_child(db_path, key_hex, clients, people, user_id)
    texts = [text for _kind, text in make_queries(people, QUERIES, seed)]
    return rows_s, optimize_s, len(people), texts


def create_store(folder: Path, policy: KdfPolicy) -> tuple[AuthService, bytes, int]:
    """A store as set-up makes it, plus a hulpverlener ready to work; returns the data key."""
    auth = AuthService(StorePaths(folder), DeviceSecrets(MemoryKeyring()), policy)
    admin, _recovery = auth.create_store(ADMIN, "Synthetische Beheerder", ADMIN_PASS)
    accounts = AccountService(admin)
    accounts.accept_confidentiality()
    # Issue 22: a hulpverlener works once a teamleider confirmed her; the store's first
    # teamleider is added alone.
    accounts.add_user(LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, ONE_TIME)
    _choose_own(auth, LEAD, LEAD_PASS)
    accounts.add_user(WORKER, "Synthetische Hulpverlener", Role.HULPVERLENER, ONE_TIME)
    lead = auth.login(LEAD, LEAD_PASS)
    confirmations = AccountRequestService(lead)
    for waiting in confirmations.waiting():
        confirmations.confirm(waiting.request_id, LEAD_PASS)
    lead.close()
    data_key = admin.data_key
    admin.close()
    worker = auth.login(WORKER, ONE_TIME)
    own = AccountService(worker)
    own.accept_confidentiality()
    own.change_own_passphrase(ONE_TIME, WORKER_PASS)
    user_id = worker.user.id
    worker.close()
    return auth, data_key, user_id


def _choose_own(auth: AuthService, username: str, passphrase: str) -> None:
    session = auth.login(username, ONE_TIME)
    own = AccountService(session)
    own.accept_confidentiality()
    own.change_own_passphrase(ONE_TIME, passphrase)
    session.close()


class Workload:
    """The four kinds of operation, through the services as the UI calls them."""

    def __init__(self, session, texts: list[str], clients: int, seed: int):
        self.session = session
        self.service = IntakeService(session)
        self.texts = texts
        self.last_case = clients
        self.rng = random.Random(seed + 2)
        self.saved: dict[int, int] = {}  # case id -> persons in the intake

    def search(self) -> None:
        self.service.search(self.rng.choice(self.texts))

    def edit(self) -> None:
        case = self.service.case(self.rng.randint(1, self.last_case))
        person = self.rng.choice(case.people)
        data = person.data
        if person.address_masked:
            data = self.service.reveal_address(person.id)
        contact = valid_contact(self.rng, {"phone": data.phone})
        moved = replace(data, street=self.rng.choice(STREETS), residence=self.rng.choice(PLACES),
                        house_number=str(self.rng.randrange(1, 250)), **contact)
        self.service.update_person(person.id, moved)
        self.service.history(person.id)

    def intake(self) -> None:
        rng = self.rng
        client = valid_contact(rng, make_person(rng, 1, None))
        family = (client["prefix"], client["last_name"])
        others = [make_person(rng, 2, family) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
        others += [make_person(rng, 4, None) for _ in range(rng.choice((1, 1, 2)))]
        others += [make_person(rng, 3, None) for _ in range(rng.choice((0, 0, 1)))]
        others = [valid_contact(rng, person) for person in others]
        self.service.save_draft({"client": client, "others": others})
        threat = ThreatEntry(date.today(), "Synthetische melding: dreigende berichten na vertrek.")
        case_id = self.service.save_intake(to_person(client), [to_person(p) for p in others],
                                           [(None, threat)])
        self.saved[case_id] = 1 + len(others)
        self.last_case = max(self.last_case, case_id)

    def lock_unlock(self) -> None:
        self.session.lock()
        self.session.unlock(WORKER_PASS)

    def check_saved(self) -> int:
        """Every intake whose save returned is there, whole; returns how many are not."""
        return sum(len(self.service.case(case_id).people) != count
                   for case_id, count in self.saved.items())


def run_mix(work: Workload, seconds: float, times: dict, errors: Counter, label: str) -> int:
    kinds, weights = list(KINDS), list(KINDS.values())
    ops, started = 0, time.monotonic()
    next_report = started + PROGRESS_EVERY
    while time.monotonic() - started < seconds:
        kind = work.rng.choices(kinds, weights)[0]
        start = time.perf_counter()
        try:
            getattr(work, kind)()
        except Exception as error:  # counted and named by type; the text may hold data
            errors[f"{kind}:{type(error).__name__}"] += 1
        else:
            times[kind].append((time.perf_counter() - start) * 1000.0)
        ops += 1
        if time.monotonic() >= next_report:
            next_report += PROGRESS_EVERY
            rss_samples.append(rss_mb())
            print(f"  {label} {time.monotonic() - started:5.0f} s: {ops} ops, "
                  f"{sum(errors.values())} errors, RSS {rss_samples[-1]:.1f} MB", flush=True)
    return ops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--warmup", type=float, default=None,
                        help="seconds before the start RSS is read (default 10%% of --seconds,"
                             " at most 15)")
    parser.add_argument("--server", action="store_true",
                        help="two desks at once on a throw-away PostgreSQL (bench/soak_server.py)")
    parser.add_argument("--fast-kdf", action="store_true",
                        help="cheap Argon2id (for the smoke test), not the tuned production cost")
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else min(15.0, args.seconds / 10)

    if args.fast_kdf:
        policy = KdfPolicy(fixed=ArgonParams(memory_kib=1024, iterations=1, lanes=1))
    else:
        policy = KdfPolicy(fixed=PRODUCTION_POLICY.choose())  # tuned once, as at set-up
    argon = policy.fixed
    print(f"Argon2id for every slot: {argon.memory_kib} KiB, {argon.iterations} iterations",
          flush=True)
    if args.server:
        import soak_server

        args.warmup = warmup
        print(json.dumps(soak_server.report(args, soak_server.run(args, argon))))
        return

    with tempfile.TemporaryDirectory(prefix="blijf-bench-soak-") as tmp:
        folder = Path(tmp) / "store"
        start = time.perf_counter()
        auth, data_key, user_id = create_store(folder, policy)
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            rows_s, optimize_s, persons, texts = pool.submit(
                build_child, str(auth.paths.db), data_key.hex(), args.clients, args.seed,
                user_id).result()
        build_s = time.perf_counter() - start
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        print(f"store: {args.clients} clients, {persons - args.clients} linked persons, "
              f"{size_mb:.0f} MB; built in {build_s:.1f} s (bulk rows {rows_s:.1f} s, "
              f"optimize {optimize_s:.1f} s)", flush=True)

        session = auth.login(WORKER, WORKER_PASS)
        work = Workload(session, texts, args.clients, args.seed)
        times, errors = {kind: [] for kind in KINDS}, Counter()
        warm_ops = run_mix(work, warmup, {kind: [] for kind in KINDS}, errors, "warm-up")
        rss_start = rss_mb()
        print(f"warm-up {warmup:.0f} s: {warm_ops} ops (errors counted, latencies not); "
              f"RSS {rss_start:.1f} MB", flush=True)
        ops = run_mix(work, args.seconds, times, errors, "soak")
        rss_end = rss_mb()

        missing = work.check_saved()
        if missing:
            errors["intake:not_whole_after_save"] += missing
        chain = audit.verify(session.db.conn)
        if not chain.ok:
            errors["audit:chain_broken"] += 1
        session.close()

    error_count = sum(errors.values())
    growth = (rss_end - rss_start) / rss_start * 100
    p95 = {kind: percentile(values, 95) for kind, values in times.items()}
    print(f"\n{ops} operations in {args.seconds:.0f} s ({ops / args.seconds:.1f}/s), "
          f"{error_count} errors" + (f" {json.dumps(dict(errors))}" if errors else ""))
    for kind, values in times.items():
        print(f"  {kind:11s} {len(values):6d} ops  p50 {percentile(values, 50)} ms  "
              f"p95 {p95[kind]} ms  max {percentile(values, 100)} ms")
    print(f"intakes saved {len(work.saved)}, all read back whole: {missing == 0}; "
          f"audit chain {chain.rows_checked} rows, ok: {chain.ok}")
    print(f"RSS {rss_start:.1f} MB after warm-up -> {rss_end:.1f} MB at the end "
          f"({growth:+.1f}%, goal < 10%)")
    print(json.dumps({
        "ops": ops, "errors": error_count, "p95_ms": p95,
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1),
        "rss_growth_pct": round(growth, 1),
        "rss_max_mb": round(max(rss_samples + [rss_start, rss_end]), 1), "seconds": args.seconds,
        "ops_per_kind": {kind: len(values) for kind, values in times.items()},
        "p50_ms": {kind: percentile(values, 50) for kind, values in times.items()},
        "intakes_saved": len(work.saved), "audit_rows": chain.rows_checked,
        "clients": args.clients, "persons": persons, "build_s": round(build_s, 1),
        "argon2_memory_kib": argon.memory_kib, "argon2_iterations": argon.iterations,
    }))


if __name__ == "__main__":
    main()
