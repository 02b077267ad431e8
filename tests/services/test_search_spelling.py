"""A caseworker types a name as she heard it, in ASCII, and finds the person however the
name is written (issue 19): letters Unicode does not decompose, optional hyphens, spaces and
particles, places the same way; a secret address still never found."""

from dataclasses import replace
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.search import build, match_spans
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import database, persons, search_rebuild
from blijf_desktop.storage.database import Database

pytestmark = pytest.mark.engines  # the intake's searches on both; the index rebuilds are local

PEOPLE = [
    PersonData(Category.CLIENT, first_names="Ingrid", last_name="Ødegård", residence="Ærøskøbing"),
    PersonData(Category.CLIENT, first_names="Käthe", last_name="Größe", birth_place="Gdańsk"),
    PersonData(Category.CLIENT, first_names="Ayşe", last_name="Kılıç", residence="Łódź"),
    PersonData(Category.CLIENT, first_names="Milica", last_name="Đukić"),
    PersonData(Category.CLIENT, first_names="Sigrid", last_name="Mæhle"),
    PersonData(Category.CLIENT, first_names="Paweł", last_name="Przybył"),
    PersonData(Category.CLIENT, first_names="Jean-Luc", last_name="Nguyễn"),
    PersonData(Category.CLIENT, first_names="Anna", prefix="van den", last_name="Berg"),
    PersonData(Category.CLIENT, first_names="Lotte", last_name="Müller"),
    PersonData(Category.CLIENT, first_names="Søren", last_name="Schröder", residence="Ålesund"),
    PersonData(Category.CLIENT, first_names="Fenna van der", last_name="Wal"),
    PersonData(Category.CLIENT, first_names="Bram", last_name="Steen, ter"),
    PersonData(Category.CLIENT, first_names="Kees", last_name="Dijk"),
    PersonData(Category.CLIENT, first_names="Noor", prefix="'t", last_name="Hart",
               street="Łąkowa", house_number="3", postcode="1234 AB", residence="Zwolle",
               address_secret=True),
]


@pytest.fixture
def intake(caseworker):
    service = IntakeService(caseworker, today=lambda: date(2026, 11, 23))
    for person in PEOPLE:
        service.save_intake(person, [], [])
    return service


EXAMPLES = [
    ("odegard", "Ingrid Ødegård"), ("grosse", "Käthe Größe"), ("kilic", "Ayşe Kılıç"),
    ("ayse kilic", "Ayşe Kılıç"), ("dukic", "Milica Đukić"), ("djukic", "Milica Đukić"),
    ("maehle", "Sigrid Mæhle"), ("przybyl", "Paweł Przybył"), ("pawel", "Paweł Przybył"),
    ("jeanluc", "Jean-Luc Nguyễn"), ("jean luc", "Jean-Luc Nguyễn"),
    ("jean-luc nguyen", "Jean-Luc Nguyễn"), ("JEANLUC", "Jean-Luc Nguyễn"),
    ("anna berg", "Anna van den Berg"), ("vandenberg", "Anna van den Berg"),
    ("van den berg", "Anna van den Berg"), ("thart", "Noor 't Hart"), ("noor hart", "Noor 't Hart"),
    ("aeroskobing", "Ingrid Ødegård"), ("gdansk", "Käthe Größe"), ("lodz", "Ayşe Kılıç"),
    ("Ødegård", "Ingrid Ødegård"), ("Đukić", "Milica Đukić"),
    # second spellings: German ä ö ü as ae oe ue, Danish ø å as oe aa
    ("mueller", "Lotte Müller"), ("muller", "Lotte Müller"), ("lotte muel", "Lotte Müller"),
    ("schroeder", "Søren Schröder"), ("schroder", "Søren Schröder"),
    ("soeren", "Søren Schröder"), ("aalesund", "Søren Schröder"), ("kathe", "Käthe Größe"),
    ("kaethe", "Käthe Größe"), ("oedegaard", "Ingrid Ødegård"),
    # particles: typed whole or in parts, before or after the surname, or not at all
    ("Anna van den Berg", "Anna van den Berg"), ("Berg, van den", "Anna van den Berg"),
    ("berg van den", "Anna van den Berg"), ("anna v.d. berg", "Anna van den Berg"),
    ("Noor 't Hart", "Noor 't Hart"), ("noor van hart", "Noor 't Hart"),
    ("Kees van Dijk", "Kees Dijk"), ("vanderwal", "Fenna van der Wal"),
    ("Fenna van der Wal", "Fenna van der Wal"), ("fenna wal", "Fenna van der Wal"),
    ("tersteen", "Bram Steen, ter"), ("bram ter steen", "Bram Steen, ter"),
]


# Found by the place (not shown in the list), or by the surname read with its particle in
# front where it was typed behind it: nothing to highlight in the name as written.
NOT_IN_THE_NAME = {"aeroskobing", "gdansk", "lodz", "aalesund", "tersteen"}


@pytest.mark.parametrize("typed, found", EXAMPLES)
def test_a_name_or_place_typed_in_ascii_finds_the_person(intake, typed, found):
    hits = intake.search(typed)
    assert [h.name for h in hits] == [found], typed
    query = build(typed)
    assert match_spans(found, query.terms) or typed in NOT_IN_THE_NAME


def test_a_particle_alone_is_still_looked_for(intake):
    """Particles are optional next to another word; typed alone they are what is sought."""
    assert {h.name for h in intake.search("van")} == {"Anna van den Berg", "Fenna van der Wal"}
    assert [h.name for h in intake.search("van den")] == ["Anna van den Berg"]
    assert [h.name for h in intake.search("ter")] == ["Bram Steen, ter"]


def test_a_second_spelling_is_highlighted_in_the_stored_name(intake):
    name = intake.search("schroeder")[0].name
    start, end = match_spans(name, build("schroeder").terms)[0]
    assert name[start:end] == "Schröder"


def test_the_highlight_marks_what_matched_in_the_stored_name(intake):
    name = intake.search("djukic")[0].name
    start, end = match_spans(name, build("djukic").terms)[0]
    assert name[start:end] == "Đukić"
    name = intake.search("jeanluc")[0].name
    start, end = match_spans(name, build("jeanluc").terms)[0]
    assert name[start:end] == "Jean-Luc"


def test_a_secret_address_is_never_found_in_any_spelling(intake):
    for typed in ("lakowa", "Łąkowa", "1234 AB", "1234ab"):
        assert intake.search(typed) == [], typed
    assert [h.name for h in intake.search("zwolle")] == ["Noor 't Hart"]


def test_only_people_holding_each_word_whole_are_found(intake):
    """The index knows which person holds a trigram, not where (migration 0017): each word is
    checked whole on the person's row, also against an address that is secret."""
    intake.save_intake(PersonData(Category.CLIENT, first_names="Rana", last_name="Fratelli",
                                  residence="Tranmere"), [], [])
    intake.save_intake(PersonData(Category.CLIENT, first_names="Kowa", last_name="Lako",
                                  street="Łąkowa", postcode="4321 XY", residence="Ede",
                                  address_secret=True), [], [])
    assert [h.name for h in intake.search("rana tranm")] == ["Rana Fratelli"]
    assert intake.search("fran") == [] and intake.search("franmere") == []  # fra, ran, anm, ...
    assert [h.name for h in intake.search("kowa")] == ["Kowa Lako"]
    assert intake.search("lakowa") == []  # lak, ako, kow, owa all in her name; the word is not


def test_a_changed_name_is_found_in_its_new_spelling_only(intake):
    hit = intake.search("przybyl")[0]
    person = intake.case(hit.case_id).client
    intake.update_person(person.id, replace(person.data, last_name="Wróbeł"))
    assert intake.search("przybyl") == []
    assert [h.name for h in intake.search("wrobel")] == ["Paweł Wróbeł"]


def test_an_existing_store_gets_its_index_rebuilt(tmp_path, monkeypatch):
    key, path = bytes(range(32)), tmp_path / "store.db"
    every = database.migrations()
    before = [m for m in every if m[0] < 11]  # a store from before the folding (0011)
    monkeypatch.setattr(database, "migrations", lambda: before)
    old = Database(path, key, create=True)
    assert old.schema_version == 10
    old.conn.execute("INSERT INTO users (id, username, display_name, role, created_at) VALUES"
                     " (1, 'x', 'Synthetische Gebruiker', 'hulpverlener', '2026-01-01')")
    old.conn.execute("INSERT INTO cases (id, created_at, created_by) VALUES (1, '2026-01-01', 1)")
    for first, last, secret in (("Paweł", "Przybył", 0), ("Jean-Luc", "Łąkowski", 1)):
        old.conn.execute(
            "INSERT INTO persons (case_id, category, first_names, last_name, street,"
            " residence, address_secret, created_at, created_by)"
            " VALUES (1, 1, ?, ?, 'Ulica Łąkowa', 'Kraków', ?, '2026-01-01', 1)",
            (first, last, secret))
    assert persons.find(old.conn, build("przybyl"), 10, hide_restricted=False) == []  # the old index: ł stays ł
    old.close()
    monkeypatch.setattr(database, "migrations", lambda: every)
    upgraded = Database(path, key)
    search_rebuild.run_all(upgraded.conn)  # after login, off the UI thread, in the app
    try:
        found = lambda text: [h.name for h in persons.find(upgraded.conn, build(text), 10)]  # noqa: E731
        assert found("przybyl") == ["Paweł Przybył"]
        assert found("jeanluc lakowski") == ["Jean-Luc Łąkowski"]
        assert found("krakow") == ["Jean-Luc Łąkowski", "Paweł Przybył"]
        assert found("ulica lakowa") == ["Paweł Przybył"]  # not the one whose address is secret
    finally:
        upgraded.close()


def test_a_store_from_before_the_small_index_finds_every_example(tmp_path, monkeypatch):
    """A store made before migration 0017 (index with positions, 0011's forms) gets the new
    index after login (storage/search_rebuild.py) and finds every example above; a secret
    address stays unfound."""
    key, path = bytes(range(32)), tmp_path / "store.db"
    every = database.migrations()
    monkeypatch.setattr(database, "migrations", lambda: [m for m in every if m[0] < 17])
    old = Database(path, key, create=True)
    old.conn.execute("INSERT INTO users (id, username, display_name, role, created_at) VALUES"
                     " (1, 'x', 'Synthetische Gebruiker', 'hulpverlener', '2026-01-01')")
    for number, person in enumerate(PEOPLE, start=1):
        old.conn.execute("INSERT INTO cases (id, created_at, created_by) VALUES (?, '2026-01-01', 1)",
                         (number,))
        persons.insert_person(old.conn, number, person, 1)
    assert "detail" not in old.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'person_search'").fetchone()[0]
    old.close()
    monkeypatch.setattr(database, "migrations", lambda: every)
    upgraded = Database(path, key)
    search_rebuild.run_all(upgraded.conn)
    try:
        assert "detail = none" in upgraded.conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'person_search'").fetchone()[0]
        for typed, found in EXAMPLES:
            hits = persons.find(upgraded.conn, build(typed), 10)
            assert [h.name for h in hits] == [found], typed
        for typed in ("lakowa", "Łąkowa", "1234 AB", "1234ab"):
            assert persons.find(upgraded.conn, build(typed), 10) == [], typed
    finally:
        upgraded.close()


def test_a_bundle_without_the_transliteration_tables_does_not_open_the_store(tmp_path, monkeypatch):
    from blijf_desktop.storage import functions

    monkeypatch.setattr(functions, "fold", lambda text: "dgrd klc")  # what missing tables give
    with pytest.raises(functions.TransliterationMissing):
        Database(tmp_path / "store.db", bytes(range(32)), create=True)
