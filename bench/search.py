"""Search benchmark: person search on a full-size store, keyed (SQLCipher) against plain SQLite.

    python bench/search.py [--clients N] [--queries Q] [--seed S] [--reuse]

Builds N synthetic clients (default 100,000; ~3 linked persons each, fixed seed) through the
real migrations and triggers in a child process (cipher_memory_security slows bulk inserts ~10x;
the file is the same), runs `persons.optimize_search` as the app would after a bulk load, and
keeps the stores in /tmp/blijf-bench-search/ for `--reuse`. Keyed: created by `Database`; plain:
unkeyed sqlcipher3, same pragmas. Q queries (default 300) go through `search.build` and
`persons.find`, keyed and plain alternating, here (memory security on, process-wide, for both)
and in a child process that never turns it on; then `SearchResultsModel` times the first page.
The last line is JSON: p50_ms, p95_ms, plain_p95_ms, ratio_p95, first_page_ms, then extras."""

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlcipher3  # noqa: E402

from blijf_desktop.domain import search as search_rules  # noqa: E402
from blijf_desktop.storage import persons  # noqa: E402
from blijf_desktop.storage.database import _PRAGMAS, Database, latest_version, migrations  # noqa

CACHE_ROOT = Path("/tmp/blijf-bench-search")
PAGE, WARMUP, QT_RUNS = 50, 20, 20
MEMSEC = "PRAGMA cipher_memory_security"  # '1' once on anywhere in the process
BATCH = 100_000  # persons per transaction
STAMP = "2026-11-23T09:00:00Z"

# -- synthetic vocabulary (made-up-looking combinations; no real person is meant) -------------
FIRST_NAMES, LAST_NAMES, PLACES, STREETS, ABROAD = (tuple(part.split(",")) for part in (
    "Annelijn,Brechtje,Carlijn,Daniëlle,Eefke,Femke,Gerdien,Hanneke,Ilse,Joëlle,Karlijn,Lieke,"
    "Marloes,Noortje,Roosmarijn,Sanne,Tamara,Wendelien,Yvette,Zoë,Chloë,Noémi,Renée,Inès,Mélanie,"
    "Özlem,Ayşe,Gülşen,Müge,Zeynep,Çiğdem,Elif,Şükran,Büşra,Fatima,Khadija,Naïma,Soumaya,Latifa,"
    "Houda,Ikram,Samira,Nadia,Shanti,Radjkoemarie,Sharda,Priya,Ashwini,Marisela,Jurgenia,Quirina,"
    "Agnieszka,Małgosia,Katarzyna,Oksana,Ludmila,Irina,Ana,Beatriz,Thijs,Bram,Daan,Joris,Sven,"
    "Maarten,Ruud,Wessel,Gijsbert,Koen,Mehmet,Hüseyin,Emre,Oğuz,Yusuf,Mustafa,Ahmed,Mohamed,Karim,"
    "Youssef,Hamid,Rachid,Bilal,Soufiane,Rajesh,Dinesh,Ravi,Glenn,Dwayne,Rigardo,Piotr,Tomasz,"
    "Andriy,Dmytro,José,Nuño,Jérôme,François,Loïc,Jesús,Noah,Lucas,Sem,Levi,Milan,Liam,Finn,Emma,"
    "Julia,Mila,Tess,Sophie,Nora,Yara,Saar,Lotte,Evi|Brouwersma,Dijkveld,Hoekstrat,Kleinhout,"
    "Vermeulenga,Terhorst,Ooijevaar,Schuttelaar,Wagenvoort,Hazenkamp,Zwartendijk,Bosschaert,"
    "Kroezeman,Lindeboom,Mulderij,Nieuwland,Postema,Rijsbergen,Stoelinga,Tuinstra,Veldkamp,"
    "Westerbeek,IJzerman,Gröningen,Schrödervelt,Kühnemann,Öztürk,Çelikkaya,Şahinoğlu,Yücelen,"
    "Güneşli,Doğantürk,Karaköse,Akgündüz,Erdoğdu,Kılıçarslan,El Amrani,Boukharta,Ouaziz,Benali,"
    "Azzouzi,El Haddouti,Bouzerda,Tahiri,Lamghari,Essafi,Ramdinsingh,Sewnarain,Jagessar,Bhoelai,"
    "Ramcharan,Mahabier,Kalloe,Martina,Isenia,Statia,Girigorie,Rosaria,Kowalczewska,Wiśniewska,"
    "Zieliński,Dąbrowska,Szymańczyk,Kovalenko,Ferreira,Gonçalves,Muñoz,Peñalosa,Lefèbvre,Dubreuil,"
    "Nguyen,Tran,Osei,Mensah,Abebe,Haile,Hussein,Warsame|Amsterdam,Zaandam,Haarlem,Amstelveen,"
    "Hoofddorp,Purmerend,Almere,Hilversum,Alkmaar,Diemen,Weesp,Uithoorn,Zandvoort,Heemstede,Velsen,"
    "Beverwijk,Edam,Volendam,Landsmeer,Wormerveer,Krommenie,Rotterdam,Den Haag,Utrecht,Leiden,"
    "Delft,Gouda,Lelystad,Huizen,Amersfoort,Zwolle,Deventer,Arnhem,Nijmegen,Ede,'s-Hertogenbosch,"
    "Tilburg,Eindhoven,Breda,Groningen,Leeuwarden,Maastricht,Enschede,Apeldoorn,Dordrecht,"
    "Zoetermeer,Emmen,Venlo,Heerlen,Hoorn|Kastanjelaan,Molenstraat,Dorpsstraat,Kerkweg,"
    "Prinsengracht,Schoolstraat,Julianastraat,Beatrixlaan,Wilhelminaplein,Vondelstraat,Zeeweg,"
    "Havenkade,Populierenlaan,Eikenhof,Lindengracht,Weteringschans,Parklaan,Stationsweg,"
    "Spoorsingel,Merelstraat,Zwanenveld,Distelvink,Rietkraag,Oostzaanstraat|Istanbul,Ankara,"
    "Casablanca,Nador,Paramaribo,Willemstad,Gdańsk,Kyiv,Porto,Lyon,Mogadishu,Accra"
).split("|"))
PREFIXES = ("", "", "", "", "", "", "van", "de", "van der", "van den", "ter", "van de", "den")
MAIL_DOMAINS = ("example.nl", "example.com", "mail.example", "post.example.nl")
RELATIONS = {2: ("kind", "kind", "kind", "stiefkind", "pleegkind"),
             3: ("familielid", "vriend", "buur", "nieuwe_partner", "vader_van_kind", "overig"),
             4: ("ex_partner", "partner", "vader_van_kind", "familielid", "schoonfamilie",
                 "kennis")}
BIRTH_YEARS = {1: (1955, 2005), 2: (2005, 2020), 3: (1940, 2002), 4: (1950, 2004)}
LETTERS = "ABCDEGHJKLMNPRSTVWXZ"


def fold(text: str) -> str:
    """Diacritics-free, lower-case spelling ("Öztürk" -> "ozturk")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def make_person(rng: random.Random, category: int, family: tuple[str, str] | None) -> dict:
    first = rng.choice(FIRST_NAMES)
    if rng.random() < 0.15:
        first += " " + rng.choice(FIRST_NAMES)
    if family and rng.random() < 0.6:
        prefix, last = family
    else:
        prefix, last = rng.choice(PREFIXES), rng.choice(LAST_NAMES)
        if rng.random() < 0.05:
            last += "-" + rng.choice(LAST_NAMES)
    place = rng.choice(PLACES)
    phone = email = ""
    if category != 2 and rng.random() < 0.85:
        phone = "+316" + "".join(rng.choice("0123456789") for _ in range(8))
        if rng.random() < 0.45:
            user = fold(first.split()[0]) + "." + fold(last.replace(" ", "").replace("-", ""))
            email = f"{user}{rng.randrange(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
    postcode = f"{rng.randrange(1000, 9999)} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"
    relation = rng.choice(RELATIONS[category]) if category != 1 else ""
    street, number, secret = rng.choice(STREETS), str(rng.randrange(1, 250)), rng.random() < 0.05
    born_in = rng.choice(PLACES) if rng.random() < 0.7 else rng.choice(ABROAD)
    low, high = (date(year, 1, 1) for year in BIRTH_YEARS[category])
    born = low + timedelta(days=rng.randrange((high.replace(month=12, day=31) - low).days + 1))
    return {"category": category, "relation": relation, "first_names": first, "prefix": prefix,
            "last_name": last, "street": street, "house_number": number, "postcode": postcode,
            "residence": place, "address_secret": secret, "birth_place": born_in,
            "birth_date": born.isoformat(), "phone": phone, "email": email}


def generate(clients: int, seed: int) -> list[tuple[int, dict]]:
    """(case_id, person), each case as client, children, derden, plegers (~1.2, 0.5, 1.3)."""
    rng = random.Random(seed)
    people = []
    for case_id in range(1, clients + 1):
        client = make_person(rng, 1, None)
        people.append((case_id, client))
        children = rng.choices((0, 1, 2, 3, 4), weights=(25, 35, 25, 10, 5))[0]
        children = children if rng.random() < 0.89 else 0
        derden = rng.choices((0, 1, 2), weights=(60, 30, 10))[0]
        plegers = rng.choices((0, 1, 2, 3), weights=(5, 65, 25, 5))[0]
        for category, count in ((2, children), (3, derden), (4, plegers)):
            family = (client["prefix"], client["last_name"]) if category == 2 else None
            people.extend((case_id, make_person(rng, category, family)) for _ in range(count))
    return people


def open_store(path: Path, key: bytes | None = None):
    """The app's pragmas (and key), NOT cipher_memory_security (keyed: child processes only)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    if key:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


def fill_child(path: str, key_hex: str, clients: int, people) -> tuple[float, float]:
    """Fresh process: rows (persons via the real table and triggers), then optimize; seconds."""
    start = time.perf_counter()
    conn = open_store(Path(path), bytes.fromhex(key_hex) if key_hex else None)
    if not key_hex:
        for number, sql in migrations():
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO users (id, username, display_name, role, created_at) VALUES"
                 " (1, 'bench', 'Synthetische Gebruiker', 'hulpverlener', ?)", (STAMP,))
    conn.executemany("INSERT INTO cases (id, created_at, created_by) VALUES (?, ?, 1)",
                     ((i, STAMP) for i in range(1, clients + 1)))
    conn.execute("COMMIT")
    columns = ("case_id", *people[0][1], "created_at", "created_by")
    insert = f"INSERT INTO persons ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for first in range(0, len(people), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(insert, ((case_id, *p.values(), STAMP, 1)
                                  for case_id, p in people[first:first + BATCH]))
        conn.execute("COMMIT")
    filled = time.perf_counter()
    persons.optimize_search(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return filled - start, time.perf_counter() - filled


def name_part(rng: random.Random, name: str) -> str:
    word = rng.choice([w for w in name.replace("-", " ").split() if len(w) >= 3])
    size = rng.randint(3, min(6, len(word)))
    start = rng.randint(0, len(word) - size)
    part = word[start:start + size]
    return fold(part) if rng.random() < 0.5 else part.lower()


def make_queries(people, count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) drawn from the data with the bench seed."""
    rng = random.Random(seed + 1)
    with_phone = [p for _, p in people if p["phone"]]
    kinds = {"name": 30, "two_words": 20, "birth_date": 12, "year": 10, "phone": 16, "place": 12}
    out = []
    for _ in range(count):
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        person = rng.choice(people)[1]
        if kind == "name":
            text = name_part(rng, rng.choice((person["first_names"], person["last_name"])))
        elif kind == "two_words":
            first = person["first_names"].split()[0]
            prefix = first[:rng.randint(3, min(5, len(first)))] if len(first) >= 3 else first
            prefix = fold(prefix) if rng.random() < 0.5 else prefix
            text = f"{prefix} {name_part(rng, person['last_name'])}"
        elif kind == "birth_date":
            born = date.fromisoformat(person["birth_date"])
            text = f"{born.day}-{born.month}-{born.year}"
        elif kind == "year":
            text = person["birth_date"][:4]
        elif kind == "phone":
            digits = rng.choice(with_phone)["phone"][4:4 + rng.randint(4, 8)]  # after +316
            spaced = " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
            text = rng.choice(("06 {d}", "06-{d}", "06{d}", "06 {s}")).format(d=digits, s=spaced)
        else:
            text = rng.choice((person["residence"], person["birth_place"]))
        out.append((kind, text))
    return out


def run_query(conn, text: str) -> tuple[float, list[int]]:
    start = time.perf_counter()
    query = search_rules.build(text)
    hits = persons.find(conn, query, PAGE, 0) if query else []
    return (time.perf_counter() - start) * 1000.0, [h.person_id for h in hits]


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    pct = lambda p: round(ordered[round(p / 100 * (len(ordered) - 1))], 2)  # noqa: E731
    return {"p50": pct(50), "p95": pct(95), "max": pct(100)}


def measure(conns: dict, queries) -> tuple[dict, int]:
    """Warm-up, then each query on each store, alternating which goes first."""
    for _kind, text in queries[:WARMUP]:
        for conn in conns.values():
            run_query(conn, text)
    times, with_hits = {label: [] for label in conns}, 0
    for index, (_kind, text) in enumerate(queries[WARMUP:]):
        found = {}
        for label in (list(conns) if index % 2 == 0 else list(conns)[::-1]):
            elapsed, found[label] = run_query(conns[label], text)
            times[label].append(elapsed)
        if found["keyed"] != found["plain"]:
            raise SystemExit(f"keyed and plain differ for {text!r}")
        with_hits += bool(found["keyed"])
    return {label: summary(v) for label, v in times.items()}, with_hits


def measure_child(keyed_path: str, plain_path: str, key_hex: str, queries) -> dict:
    """Fresh process that never turns cipher_memory_security on: same stores, queries, pragmas."""
    conns = {"keyed": open_store(Path(keyed_path), bytes.fromhex(key_hex)),
             "plain": open_store(Path(plain_path))}
    assert all(c.execute(MEMSEC).fetchone()[0] == "0" for c in conns.values())
    return measure(conns, queries)[0]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--reuse", action="store_true", help="reuse an earlier build in /tmp")
    args = parser.parse_args()
    schema = hashlib.sha256("".join(sql for _, sql in migrations()).encode()).hexdigest()[:8]
    folder = CACHE_ROOT / f"n{args.clients}-s{args.seed}-v{latest_version()}-{schema}"
    keyed_path, plain_path, key_file = folder / "keyed.db", folder / "plain.db", folder / "key"

    people = generate(args.clients, args.seed)
    print(f"generated {len(people)} synthetic persons for {args.clients} cases")

    build = {}
    ctx = multiprocessing.get_context("spawn")
    reused = args.reuse and (folder / "complete").exists()
    if reused:
        key = bytes.fromhex(key_file.read_text())
        print(f"reusing the stores built earlier in {folder} (no build this run)")
    else:
        for stale in CACHE_ROOT.glob(f"n{args.clients}-s{args.seed}-v*"):
            shutil.rmtree(stale)  # this bench's own earlier builds
        folder.mkdir(parents=True)
        key = os.urandom(32)
        key_file.write_text(key.hex())  # synthetic bench store only
        Database(keyed_path, key, create=True).close()  # the app creates the file and schema
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            for label, path, key_hex in (("keyed", keyed_path, key.hex()),
                                         ("plain", plain_path, "")):
                rows_s, optimize_s = pool.submit(
                    fill_child, str(path), key_hex, args.clients, people).result()
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
    stats, with_hits = measure(conns, queries)
    keyed_s, plain_s = stats["keyed"], stats["plain"]
    ratio = round(keyed_s["p95"] / plain_s["p95"], 2)
    print(f"\n{args.queries} queries (after {WARMUP} warm-up), build + persons.find, limit {PAGE},"
          f" {with_hits} with hits; cipher_memory_security ON for both (process-wide since"
          " Database), so the ratio isolates page encryption:")
    show(stats)
    print(f"  ratio p95 keyed/plain {ratio}")

    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        off = pool.submit(measure_child, str(keyed_path), str(plain_path), key.hex(),
                          queries).result()
    print("child process where cipher_memory_security is never on (same stores and queries):")
    show(off)

    qt_ms = first_page_ms(db.conn, [t for k, t in queries[WARMUP:] if k in ("name", "two_words")])
    print(f"first page, SearchResultsModel in a QTableView: {qt_ms} ms (median of {QT_RUNS})")
    conns["plain"].close()
    db.close()
    print(json.dumps({
        "p50_ms": keyed_s["p50"], "p95_ms": keyed_s["p95"], "plain_p95_ms": plain_s["p95"],
        "ratio_p95": ratio, "first_page_ms": qt_ms,
        "plain_nomemsec_p95_ms": off["plain"]["p95"], "keyed_nomemsec_p95_ms": off["keyed"]["p95"],
        "max_ms": keyed_s["max"], "plain_p50_ms": plain_s["p50"], "plain_max_ms": plain_s["max"],
        "queries": args.queries, "with_hits": with_hits, "persons": len(people),
        "reused": reused, **build, **sizes}))


if __name__ == "__main__":
    main()
