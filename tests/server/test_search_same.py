"""The same query finds the same synthetic people on both engines: the local FTS5 index and
the server's pg_trgm text both hold the parts domain/search.py folds, and both keep a person
only when every needle occurs whole in one part. The people are written by the same repository
functions (storage/persons.py) on each engine."""

from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.domain.search import build
from blijf_desktop.storage import persons, users
from blijf_desktop.storage.database import Database
from blijf_desktop.storage.pg import search as server_search

PEOPLE = [  # synthetic, in spellings that need the folding
    PersonData(Category.CLIENT, "Ayşe", "", "Öztürk", "Lindenlaan", "4", "1234 AB", "Almere",
               False, "İzmir", date(1990, 3, 14), "+31612345678", "a.ozturk@example.org"),
    PersonData(Category.PLEGER, "Jean-Luc", "d'", "Alessandro", "Geheimstraat", "9", "9999 ZZ",
               "Lelystad", True, "Liège", date(1984, 11, 2), "0698765432", ""),
    PersonData(Category.DERDE, "Đorđe", "", "Đukić", "", "", "", "Zeewolde", False, "Beograd",
               date(1979, 1, 5), "", "dj@example.org"),
    PersonData(Category.CHILD, "Małgorzata", "", "Przybył", "", "", "", "Almere", False,
               "Kraków", date(2016, 6, 30)),
    PersonData(Category.DERDE, "Kemal", "", "Kılıç", "Marktplein", "1", "1300 AA", "Almere",
               False, "", None, "+32470123456", ""),
    PersonData(Category.CLIENT, "Anna", "van den", "Berg", "Dorpsstraat", "12", "3811 AA",
               "Amersfoort", False, "Utrecht", date(1990, 7, 1), "0331234567", ""),
]

QUERIES = [
    "ozturk", "öztürk", "ayse almere", "jeanluc", "jean-luc", "dalessandro", "alessandro",
    "djukic", "dukic", "przybyl", "malgorzata almere", "kilic", "KILIÇ", "vandenberg",
    "van den berg", "berg", "almere", "1990", "0612345678", "+31 6 12345678", "06-98765432",
    "geheimstraat", "9999 zz", "9999zz", "lindenlaan", "liege", "example.org", "izmir",
    "anna 1990", "zeewolde djukic", "xyz", "ber", "nnn",
]


def _fill(conn, user: int | None = None) -> dict[int, int]:
    """The people of PEOPLE, in order; person id -> their index in PEOPLE. On the server
    `user` is the desk's own account: a case is made as the logged-in user (blijf.new_case)."""
    if user is None:
        user = users.insert(conn, "zoekster", "Zoekster", Role.HULPVERLENER, None, False)
    case = persons.create_case(conn, user, 1)  # the first team (locally "Hoofdlocatie")
    return {persons.insert_person(conn, case, person, user): index
            for index, person in enumerate(PEOPLE)}


@pytest.fixture(scope="module")
def both(trail_server, tmp_path_factory):
    local = Database(tmp_path_factory.mktemp("local") / "store.db", bytes(range(32)), create=True)
    with local.transaction() as conn:
        local_ids = _fill(conn)
    server = trail_server.desk()
    with server.transaction() as conn:
        server_ids = _fill(conn, trail_server.desk_user_id)
    yield local, local_ids, server, server_ids
    local.close()
    server.close()


@pytest.mark.parametrize("text", QUERIES)
def test_the_same_query_finds_the_same_people(both, text):
    local, local_ids, server, server_ids = both
    query = build(text)
    assert query is not None and query.birth_date is None
    found_locally = [local_ids[hit.person_id] for hit in
                     persons.find(local.conn, query, 100, hide_restricted=False)]
    found_on_server = [server_ids[person_id] for person_id in
                       server_search.person_ids(server.conn, query, 100)]
    assert found_on_server == found_locally


def test_the_queries_find_something_and_not_everything(both):
    local, local_ids, _server, _ids = both
    counts = [len(persons.find(local.conn, build(text), 100, hide_restricted=False))
              for text in QUERIES]
    assert 0 in counts and 1 < max(counts) < len(PEOPLE)


def test_a_secret_address_is_not_on_the_server_either(both):
    _local, _ids, server, _server_ids = both
    texts = server.conn.execute("SELECT words || ' ' || contact FROM person_trigrams").fetchall()
    assert texts and not any("geheim" in text or "9999" in text for (text,) in texts)


def test_an_edit_is_found_under_the_new_name_only(server):
    db = server.desk()
    try:
        with db.transaction() as conn:
            ids = _fill(conn, server.desk_user_id)
            person_id = next(pid for pid, index in ids.items() if index == 5)
            renamed = PersonData(**{**PEOPLE[5].__dict__, "last_name": "Visser"})
            persons.update_person(conn, person_id, renamed, server.desk_user_id)
        assert person_id in server_search.person_ids(db.conn, build("vandenvisser"), 100)
        assert person_id not in server_search.person_ids(db.conn, build("vandenberg"), 100)
    finally:
        db.close()


@pytest.mark.parametrize("window", [0, 1, 2, 3, 100])
def test_each_page_is_the_same_whether_found_among_the_newest_or_through_the_index(both,
                                                                                   window):
    """blijf.find_persons first reads the newest people (the window; 0038), then the index:
    for every window size, every page of every query is the local store's page."""
    local, local_ids, server, server_ids = both
    server.conn.execute(f"SET blijf.search_window = {int(window)}")
    try:
        for text in QUERIES:
            query = build(text)
            for offset in (0, 1, 2):
                found_locally = [local_ids[hit.person_id] for hit in persons.find(
                    local.conn, query, 2, offset, hide_restricted=False)]
                found_on_server = [server_ids[person_id] for person_id in
                                   server_search.person_ids(server.conn, query, 2, offset)]
                assert found_on_server == found_locally, (text, offset)
    finally:
        server.conn.execute("RESET blijf.search_window")
