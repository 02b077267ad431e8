"""What each lever costs the keyed search, measured against the same engine unkeyed, in one run.

    python bench/search_levers.py --clients N [--queries Q] [--configs a,b,...]

Uses the stores bench/search.py built and keeps in /tmp/blijf-bench-search (run it first with
--reuse). Each configuration runs in a fresh process (cipher_memory_security, once on, stays on
for the process): both stores opened with the app's pragmas, then the configuration's changes,
20 warm-up queries, then Q queries through search.build + persons.find (limit 50), keyed and
plain alternating which goes first. Per query: CPU time of the thread (less disturbed than the
wall clock by the other work on a shared machine) and wall time. Prints p50/p95 of both, the
keyed/plain ratio of the p95s, and the process's peak resident memory. The last line is JSON."""

import argparse
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blijf_desktop.domain import search as search_rules  # noqa: E402
from blijf_desktop.storage import page_warmup, persons  # noqa: E402
from corpus import generate, make_queries, open_store  # noqa: E402  (bench/)

CACHE_ROOT = Path("/tmp/blijf-bench-search")
WARMUP, PAGE = 20, 50

# name -> (cipher_memory_security, extra pragmas for both stores); a name ending in "_warm"
# runs the app's warm-up after login (storage/page_warmup.py) on both stores first.
CONFIGS = {
    "app": (True, ()),  # as storage/database.py opens the store: memory security, the cache
    # three quarters of the store between 64 and 320 MiB (database.cache_kib); cold
    "app_warm": (True, ()),  # and warmed, as the app is once the login's warm-up has run
    "cache_64": (True, ("PRAGMA cache_size = -65536",)),  # the fixed cache before
    "memsec_off": (False, ()),
    "cache_256": (True, ("PRAGMA cache_size = -262144",)),
    "memsec_off_cache_64": (False, ("PRAGMA cache_size = -65536",)),
    "cache_16": (True, ("PRAGMA cache_size = -16384",)),
    "mmap_plain": (True, ("PRAGMA mmap_size = 1073741824",)),  # SQLCipher: no mmap when keyed
}


def _store_folder(clients: int, seed: int) -> Path:
    found = sorted(CACHE_ROOT.glob(f"n{clients}-s{seed}-v*"), key=lambda p: p.stat().st_mtime)
    complete = [f for f in found if (f / "complete").exists()]
    if not complete:
        raise SystemExit(f"no store for {clients} clients: run bench/search.py --clients"
                         f" {clients} --reuse first")
    return complete[-1]


def index_bytes(conn) -> int:
    """The search index's size: its segment table's pages (FTS5 keeps its blocks there).
    Reads the whole index: only after the measurement."""
    pages = conn.execute("SELECT count(*) FROM person_search_data").fetchone()[0]
    return pages * 4096


def _apply(conn, pragmas) -> None:
    for pragma in pragmas:
        conn.execute(pragma)


def _percentiles(values) -> dict:
    ordered = sorted(values)
    pick = lambda p: round(ordered[round(p / 100 * (len(ordered) - 1))], 3)  # noqa: E731
    return {"p50": pick(50), "p95": pick(95)}


def child(folder: str, config: str, queries) -> dict:
    memsec, pragmas = CONFIGS[config]
    folder = Path(folder)
    key = bytes.fromhex((folder / "key").read_text())
    conns = {}
    for label, path, k in (("keyed", folder / "keyed.db", key), ("plain", folder / "plain.db", None)):
        conn = open_store(path, k)
        if memsec:
            conn.execute("PRAGMA cipher_memory_security = ON")
        _apply(conn, pragmas)
        if config.endswith("_warm"):
            for _read in page_warmup.steps(conn):
                pass
        conns[label] = conn
    cpu = {label: [] for label in conns}
    wall = {label: [] for label in conns}
    for index, (_kind, text) in enumerate(queries):
        order = list(conns) if index % 2 == 0 else list(conns)[::-1]
        for label in order:
            w, c = time.perf_counter_ns(), time.thread_time_ns()
            query = search_rules.build(text)
            if query:
                persons.find(conns[label], query, PAGE, 0)
            if index >= WARMUP:
                cpu[label].append((time.thread_time_ns() - c) / 1e6)
                wall[label].append((time.perf_counter_ns() - w) / 1e6)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    result = {"config": config, "memsec": conns["keyed"].execute(
        "PRAGMA cipher_memory_security").fetchone()[0],
        "cache_kib": -int(conns["keyed"].execute("PRAGMA cache_size").fetchone()[0]),
        "index_mib": round(index_bytes(conns["keyed"]) / 2**20, 1),
        "vmhwm_mib": round(int(status["VmHWM"].split()[0]) / 1024, 1)}
    for label in conns:
        result[f"{label}_cpu"] = _percentiles(cpu[label])
        result[f"{label}_wall"] = _percentiles(wall[label])
    result["ratio_cpu_p95"] = round(result["keyed_cpu"]["p95"] / result["plain_cpu"]["p95"], 2)
    result["ratio_wall_p95"] = round(result["keyed_wall"]["p95"] / result["plain_wall"]["p95"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--configs", default=",".join(CONFIGS))
    args = parser.parse_args()
    folder = _store_folder(args.clients, args.seed)
    queries = make_queries(generate(args.clients, args.seed), WARMUP + args.queries, args.seed)
    ctx = multiprocessing.get_context("spawn")
    results = []
    print(f"{args.clients} clients, {folder.name}, {args.queries} queries")
    print("config                 memsec cache_MiB  keyed cpu p50/p95   plain cpu p50/p95"
          "   ratio cpu  keyed wall p95  plain wall p95  ratio wall  peak MiB")
    for config in args.configs.split(","):
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            r = pool.submit(child, str(folder), config, queries).result()
        results.append(r)
        print(f"{config:22s} {r['memsec']:>6} {r['cache_kib'] // 1024:9d}"
              f"  {r['keyed_cpu']['p50']:7.2f}/{r['keyed_cpu']['p95']:<7.2f}"
              f"     {r['plain_cpu']['p50']:7.2f}/{r['plain_cpu']['p95']:<7.2f}"
              f"   {r['ratio_cpu_p95']:9.2f}  {r['keyed_wall']['p95']:14.2f}"
              f"  {r['plain_wall']['p95']:14.2f}  {r['ratio_wall_p95']:10.2f}"
              f"  {r['vmhwm_mib']:8.1f}", flush=True)
    print(json.dumps({"clients": args.clients, "results": results}))


if __name__ == "__main__":
    main()
