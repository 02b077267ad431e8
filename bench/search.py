"""Search benchmark: person search on a full-size store, keyed (SQLCipher) against plain SQLite.

    python bench/search.py [--clients N | --sizes [N,N,...]] [--queries Q] [--seed S] [--reuse]
                           [--server]

Builds N synthetic clients (default 100,000; ~3 linked persons each, fixed seed; bench/corpus.py)
through the real migrations and triggers in a child process (cipher_memory_security slows bulk
inserts ~10x; the file is the same), runs `persons.optimize_search` as the app would after a bulk load, and
keeps the stores in /tmp/blijf-bench-search/ for `--reuse`. Keyed: created by `Database`; plain:
unkeyed sqlcipher3, same pragmas. Q queries (default 300) go through `search.build` and
`persons.find`, keyed and plain alternating, here (memory security on, process-wide, for both)
and in a child process that never turns it on; each connection first reads what a search reads
into its page cache, as the app does after login (storage/page_warmup.py; the cold figures are
printed too). Wall time and the thread's CPU time per query (CPU time is less disturbed by other
work on a shared machine). Then `SearchResultsModel` times the first page. A last child with Qt and the keyed store runs the queries and reports its resident
memory (vmhwm_mib: peak, vmrss_mib: after).
The same queries then go through IntakeService.search in a child on a copy of the keyed store
(the need-to-know gate, the audit row of each page with its commit, the volume rule).
The last line is JSON: p50_ms, p95_ms, plain_p95_ms, ratio_p95, first_page_ms, then extras
(cpu_*: CPU time; cold_*: before the warm-up; service_*: through the service).
`--sizes` runs 10,000, 100,000 and 300,000 clients (or the sizes given) one after the other and
ends with a table of p95 keyed / plain / ratio per size, then one JSON line per size.
`--server` also loads the same clients into a throw-away PostgreSQL and runs the same queries
there as a hulpverlener's own login (bench/search_server.py): its p95 beside SQLCipher's, the
count of queries that found other people (0 expected), and IntakeService.search on a server
session (server_* in the JSON)."""

import argparse
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from blijf_desktop.domain import search as search_rules  # noqa: E402
from blijf_desktop.storage import page_warmup, persons  # noqa: E402
from blijf_desktop.storage.database import Database, latest_version, migrations  # noqa: E402
from corpus import fill_child, generate, make_queries, open_store  # noqa: E402  (bench/)

CACHE_ROOT = Path("/tmp/blijf-bench-search")
PAGE, WARMUP, QT_RUNS = 50, 20, 20
MEMSEC = "PRAGMA cipher_memory_security"  # '1' once on anywhere in the process


def run_query(conn, text: str) -> tuple[float, float, list[int]]:
    """Wall and CPU milliseconds, and the hits."""
    start, cpu = time.perf_counter(), time.thread_time()
    query = search_rules.build(text)
    hits = persons.find(conn, query, PAGE, 0) if query else []
    return ((time.perf_counter() - start) * 1000.0, (time.thread_time() - cpu) * 1000.0,
            [h.person_id for h in hits])


def warm(conns: dict) -> dict:
    """The app's warm-up after login on each connection; seconds each took."""
    took = {}
    for label, conn in conns.items():
        start = time.perf_counter()
        for _read in page_warmup.steps(conn):
            pass
        took[f"warmup_{label}_s"] = round(time.perf_counter() - start, 2)
    return took


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    pct = lambda p: round(ordered[round(p / 100 * (len(ordered) - 1))], 2)  # noqa: E731
    return {"p50": pct(50), "p95": pct(95), "max": pct(100)}


def measure(conns: dict, queries) -> tuple[dict, int]:
    """Warm-up queries, then each query on each store, alternating which goes first. Per
    store: wall figures, and CPU figures under `cpu_<label>`."""
    for _kind, text in queries[:WARMUP]:
        for conn in conns.values():
            run_query(conn, text)
    times = {label: [] for label in conns} | {f"cpu_{label}": [] for label in conns}
    with_hits = 0
    for index, (_kind, text) in enumerate(queries[WARMUP:]):
        found = {}
        for label in (list(conns) if index % 2 == 0 else list(conns)[::-1]):
            elapsed, cpu, found[label] = run_query(conns[label], text)
            times[label].append(elapsed)
            times[f"cpu_{label}"].append(cpu)
        if found["keyed"] != found["plain"]:
            raise SystemExit(f"keyed and plain differ for {text!r}")
        with_hits += bool(found["keyed"])
    return {label: summary(v) for label, v in times.items()}, with_hits


def measure_child(keyed_path: str, plain_path: str, key_hex: str, queries) -> dict:
    """Fresh process that never turns cipher_memory_security on: same stores, queries, pragmas."""
    conns = {"keyed": open_store(Path(keyed_path), bytes.fromhex(key_hex)),
             "plain": open_store(Path(plain_path))}
    assert all(c.execute(MEMSEC).fetchone()[0] == "0" for c in conns.values())
    warm(conns)
    return measure(conns, queries)[0]


def memory_child(keyed_path: str, key_hex: str, texts: list[str]) -> dict:
    """Fresh process as the app holds the store: Qt up, the keyed store opened by Database,
    every query run; the peak and current resident size (VmHWM, VmRSS) in MiB."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841  (the app's Qt share)
    db = Database(Path(keyed_path), bytes.fromhex(key_hex))
    warm({"keyed": db.conn})
    for text in texts:
        run_query(db.conn, text)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    db.close()
    return {f"{name.lower()}_mib": round(int(status[name].split()[0]) / 1024, 1)
            for name in ("VmHWM", "VmRSS")}


def service_child(keyed_path: str, key_hex: str, texts: list[str]) -> dict:
    """The same queries through IntakeService.search, as a logged-in hulpverlener of the
    store's team: the query built, found, each hit passed through the need-to-know gate, the
    page written to the audit trail (one commit, synchronous=FULL: the disk's flush) and the
    volume rule checked. On a copy of the keyed store (the audit rows stay out of the kept
    one), warmed as after login. The session is made here from the opened store and its
    user, without the key file and login (not on the search's path). Also one audit row's
    commit alone: the part of the figure that is this machine's disk."""
    import tempfile

    from blijf_desktop.domain.audit import AuditAction
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.session import Session
    from blijf_desktop.storage import users

    with tempfile.TemporaryDirectory(prefix="blijf-bench-service-") as folder:
        path = Path(folder) / "store.db"
        shutil.copy(keyed_path, path)
        db = Database(path, bytes.fromhex(key_hex))
        try:
            with db.transaction() as conn:
                user_id = conn.execute("SELECT min(id) FROM users").fetchone()[0]
                users.accept_confidentiality(conn, user_id, "bench")
                users.set_must_change(conn, user_id, False)
                conn.execute("INSERT OR IGNORE INTO user_teams (user_id, team_id)"
                             " SELECT ?, min(id) FROM teams", (user_id,))
            session = Session(None, None, db, bytearray(bytes.fromhex(key_hex)),
                              users.by_id(db.conn, user_id), None)
            warm({"keyed": db.conn})
            service = IntakeService(session)
            wall, cpu, commit = [], [], []
            for index, text in enumerate(texts):
                start, thread = time.perf_counter(), time.thread_time()
                service.search(text)
                if index >= WARMUP:
                    wall.append((time.perf_counter() - start) * 1000.0)
                    cpu.append((time.thread_time() - thread) * 1000.0)
            for _ in range(50):
                start = time.perf_counter()
                session.audit(AuditAction.VIEW, "bench")
                commit.append((time.perf_counter() - start) * 1000.0)
        finally:
            db.close()
    return {"wall": summary(wall), "cpu": summary(cpu), "audit_commit": summary(commit)}


def first_page_ms(conn, texts: list[str]) -> float | None:
    """set_query(text) -> rows, plus one event pass to paint them; median over QT_RUNS texts."""
    from PySide6.QtWidgets import QApplication, QTableView

    from blijf_desktop.ui.search_model import SearchResultsModel

    def fetch(text: str, offset: int, limit: int):  # IntakeService.search without the session
        query = search_rules.build(text)
        return persons.find(conn, query, limit, offset) if query else []

    app = QApplication.instance() or QApplication([])
    model = SearchResultsModel(fetch)
    view = QTableView()
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    times = []
    for text in texts[:QT_RUNS]:
        model.set_query("")
        app.processEvents()
        start = time.perf_counter()
        model.set_query(text)
        app.processEvents()
        if model.rowCount():
            times.append((time.perf_counter() - start) * 1000.0)
    view.close()
    return summary(times)["p50"] if times else None


def show(stats: dict) -> None:
    for label, row in stats.items():
        print(f"  {label:5s}  p50 {row['p50']} ms  p95 {row['p95']} ms  max {row['max']} ms")


SIZES = (10_000, 100_000, 300_000)  # the three store sizes


def size_list(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--sizes", type=size_list, nargs="?", const=list(SIZES),
                        help="run these client counts (default 10000,100000,300000) and compare")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--reuse", action="store_true", help="reuse an earlier build in /tmp")
    parser.add_argument("--server", action="store_true",
                        help="also on a throw-away PostgreSQL, beside SQLCipher (issue 23)")
    args = parser.parse_args()
    if not args.sizes:
        print(json.dumps(run(args, args.clients)))
        return
    results = []
    for clients in args.sizes:
        print(f"\n=== {clients} clients ===", flush=True)
        results.append(run(args, clients))
    print("\nclients  persons  p95 keyed ms  p95 plain ms  ratio  first page ms")
    for clients, row in zip(args.sizes, results):
        print(f"{clients:7d}  {row['persons']:7d}  {row['p95_ms']:12}  {row['plain_p95_ms']:12}"
              f"  {row['ratio_p95']:5}  {row['first_page_ms']}")
    for clients, row in zip(args.sizes, results):
        print(json.dumps({"clients": clients, **row}))


def server_figures(clients: int, people, queries, keyed, keyed_p95: float) -> dict:
    """The same queries on PostgreSQL (bench/search_server.py), p95 beside the keyed store's."""
    import search_server

    texts = [text for _kind, text in queries]
    local = [run_query(keyed, text)[2] for text in texts]
    figures = search_server.measure(clients, people, texts, local, WARMUP, PAGE)
    figures.update({kind: summary(figures[kind]) for kind in ("wall", "cpu", "service")})
    print("on PostgreSQL (a hulpverlener's own login, row-level security, TLS on loopback):")
    show({"wall": figures["wall"], "cpu": figures["cpu"], "svc": figures["service"]})
    print(f"  queries finding other people than the local store: {figures['differ']}")
    print(f"  p95 PostgreSQL {figures['wall']['p95']} ms beside SQLCipher {keyed_p95} ms"
          f" (ratio {round(figures['wall']['p95'] / keyed_p95, 2)}), persons.find alone")
    return {"server_p50_ms": figures["wall"]["p50"], "server_p95_ms": figures["wall"]["p95"],
            "server_cpu_p95_ms": figures["cpu"]["p95"],
            "server_service_p95_ms": figures["service"]["p95"],
            "server_differ": figures["differ"], "server_fill_s": figures["fill_s"]}


def run(args, clients: int) -> dict:
    """Build (or reuse) the stores for `clients`, measure, print; the figures as a dict."""
    schema = hashlib.sha256("".join(sql for _, sql in migrations()).encode()).hexdigest()[:8]
    folder = CACHE_ROOT / f"n{clients}-s{args.seed}-v{latest_version()}-{schema}"
    keyed_path, plain_path, key_file = folder / "keyed.db", folder / "plain.db", folder / "key"

    people = generate(clients, args.seed)
    print(f"generated {len(people)} synthetic persons for {clients} cases")

    build = {}
    ctx = multiprocessing.get_context("spawn")
    reused = args.reuse and (folder / "complete").exists()
    if reused:
        key = bytes.fromhex(key_file.read_text())
        print(f"reusing the stores built earlier in {folder} (no build this run)")
    else:
        for stale in CACHE_ROOT.glob(f"n{clients}-s{args.seed}-v*"):
            shutil.rmtree(stale)  # this bench's own earlier builds
        folder.mkdir(parents=True)
        key = os.urandom(32)
        key_file.write_text(key.hex())  # synthetic bench store only
        Database(keyed_path, key, create=True).close()  # the app creates the file and schema
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            for label, path, key_hex in (("keyed", keyed_path, key.hex()),
                                         ("plain", plain_path, "")):
                rows_s, optimize_s = pool.submit(
                    fill_child, str(path), key_hex, clients, people).result()
                build.update({f"build_{label}_s": round(rows_s, 1),
                              f"optimize_{label}_s": round(optimize_s, 1)})
                print(f"built {label} store: rows {rows_s:.1f} s, then persons.optimize_search"
                      f" {optimize_s:.1f} s (as the app would after a bulk load)", flush=True)
        (folder / "complete").write_text("ok")
    sizes = {f"{label}_mib": round(sum(p.stat().st_size for p in folder.glob(f"{label}.db*"))
                                   / 2**20, 1) for label in ("keyed", "plain")}
    print(f"stores in {folder}: {sizes}; both search indexes optimized after the bulk load")

    db = Database(keyed_path, key)
    conns = {"keyed": db.conn, "plain": open_store(plain_path)}
    assert all(c.execute(MEMSEC).fetchone()[0] == "1" for c in conns.values())
    queries = make_queries(people, WARMUP + args.queries, args.seed)
    cold, _hits = measure(conns, queries[:WARMUP + min(args.queries, 100)])
    print(f"\ncold page cache ({min(args.queries, 100)} queries after opening):")
    show(cold)
    warmup = warm(conns)
    print(f"the app's warm-up after login (storage/page_warmup.py): {warmup}")
    stats, with_hits = measure(conns, queries)
    keyed_s, plain_s = stats["keyed"], stats["plain"]
    ratio = round(keyed_s["p95"] / plain_s["p95"], 2)
    cpu_ratio = round(stats["cpu_keyed"]["p95"] / stats["cpu_plain"]["p95"], 2)
    print(f"\n{args.queries} queries (after {WARMUP} warm-up), build + persons.find, limit {PAGE},"
          f" {with_hits} with hits; cipher_memory_security ON for both (process-wide since"
          " Database), so the ratio isolates page encryption:")
    show(stats)
    print(f"  ratio p95 keyed/plain {ratio} (wall), {cpu_ratio} (CPU)")

    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        off = pool.submit(measure_child, str(keyed_path), str(plain_path), key.hex(),
                          queries).result()
    print("child process where cipher_memory_security is never on (same stores and queries):")
    show(off)
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        memory = pool.submit(memory_child, str(keyed_path), key.hex(),
                             [text for _kind, text in queries]).result()
    print(f"memory of a process with Qt and the keyed store after the queries: {memory}")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        service = pool.submit(service_child, str(keyed_path), key.hex(),
                              [text for _kind, text in queries]).result()
    print("through IntakeService.search (gate, audit row, volume rule), keyed store:")
    show({"wall": service["wall"], "cpu": service["cpu"]})
    print(f"  of which the disk: one audit row's commit alone p50 {service['audit_commit']['p50']}"
          f" ms, p95 {service['audit_commit']['p95']} ms")

    qt_ms = first_page_ms(db.conn, [t for k, t in queries[WARMUP:] if k in ("name", "two_words")])
    print(f"first page, SearchResultsModel in a QTableView: {qt_ms} ms (median of {QT_RUNS})")
    server = server_figures(clients, people, queries, db.conn, keyed_s["p95"]) \
        if args.server else {}
    conns["plain"].close()
    db.close()
    return {
        "p50_ms": keyed_s["p50"], "p95_ms": keyed_s["p95"], "plain_p95_ms": plain_s["p95"],
        "ratio_p95": ratio, "first_page_ms": qt_ms,
        "cpu_p95_ms": stats["cpu_keyed"]["p95"], "cpu_plain_p95_ms": stats["cpu_plain"]["p95"],
        "cpu_ratio_p95": cpu_ratio, "cold_p95_ms": cold["keyed"]["p95"],
        "cold_plain_p95_ms": cold["plain"]["p95"],
        "cold_ratio_p95": round(cold["keyed"]["p95"] / cold["plain"]["p95"], 2), **warmup,
        "service_p50_ms": service["wall"]["p50"], "service_p95_ms": service["wall"]["p95"],
        "service_cpu_p95_ms": service["cpu"]["p95"],
        "audit_commit_p50_ms": service["audit_commit"]["p50"],
        "plain_nomemsec_p95_ms": off["plain"]["p95"], "keyed_nomemsec_p95_ms": off["keyed"]["p95"],
        "max_ms": keyed_s["max"], "plain_p50_ms": plain_s["p50"], "plain_max_ms": plain_s["max"],
        "queries": args.queries, "with_hits": with_hits, "persons": len(people),
        "reused": reused, **memory, **build, **sizes, **server}


if __name__ == "__main__":
    main()
