"""A synthetic corpus for the benchmarks: N clients with ~3 linked persons each (children,
derden, plegers), made-up-looking names with diacritics, fixed seed; bulk-loaded with SQL through
the real migrations, table and FTS triggers (the service layer is far too slow for 400,000 rows),
and search texts drawn from the same data. Used by bench/search.py and bench/soak.py."""

import random
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import sqlcipher3

from blijf_desktop.storage import functions, persons
from blijf_desktop.storage.database import _PRAGMAS, cache_kib, migrations

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
    """The app's pragmas and page cache (and key), NOT cipher_memory_security (keyed: child
    processes only)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    if key:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    if path.exists():  # the page cache sized as Database sizes it, keyed or plain alike
        conn.execute(f"PRAGMA cache_size = -{cache_kib(path.stat().st_size)}")
    functions.register(conn)
    return conn


def fill_child(path: str, key_hex: str, clients: int, people,
               user_id: int | None = None) -> tuple[float, float]:
    """Fresh process: rows (persons via the real table and triggers), then optimize; seconds.
    Rows are recorded by `user_id`, or by a 'bench' user (id 1) added here when None."""
    start = time.perf_counter()
    conn = open_store(Path(path), bytes.fromhex(key_hex) if key_hex else None)
    if not key_hex:
        for number, sql in migrations():
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.execute("BEGIN IMMEDIATE")
    if user_id is None:
        user_id = 1
        conn.execute("INSERT INTO users (id, username, display_name, role, created_at) VALUES"
                     " (1, 'bench', 'Synthetische Gebruiker', 'hulpverlener', ?)", (STAMP,))
    conn.executemany("INSERT INTO cases (id, created_at, created_by) VALUES (?, ?, ?)",
                     ((i, STAMP, user_id) for i in range(1, clients + 1)))
    conn.execute("COMMIT")
    columns = ("case_id", *people[0][1], "created_at", "created_by")
    insert = f"INSERT INTO persons ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for first in range(0, len(people), BATCH):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(insert, ((case_id, *p.values(), STAMP, user_id)
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

