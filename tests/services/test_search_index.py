"""The search index rebuilt after login through the service (issue 19): a job on its own
connection, stopped between two steps by the lock and taken up again at the next start;
search answers meanwhile and finds everyone once it is done."""

from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.search_index import SearchIndexService

pytestmark = pytest.mark.engines


def waiting_rebuild(session) -> None:
    """What an upgrade from before 0017 leaves: an empty index, every person waiting."""
    with session.db.transaction() as conn:
        conn.execute("INSERT INTO person_search (person_search) VALUES ('delete-all')")
        conn.execute("INSERT INTO search_rebuild (id, below, top)"
                     " SELECT 1, max(id) + 1, max(id) + 1 FROM persons")


@pytest.fixture
def intake(caseworker):
    service = IntakeService(caseworker, today=lambda: date(2026, 11, 23))
    for n in range(40):
        service.save_intake(PersonData(Category.CLIENT, first_names=f"Klant{n:03d}",
                                       last_name="Müller" if n % 4 == 0 else "Visser"), [], [])
    return service


def test_a_whole_index_needs_no_job_and_search_finds_everyone(intake, caseworker):
    """What every login meets after saves (on a server always): nothing waits, no job; the
    warm-up reads the local file's pages and nothing on a server."""
    service = SearchIndexService(caseworker)
    assert service.progress() is None and service.start_rebuild() is None
    warmed = list(service.warm_cache())
    if caseworker.server_mode:
        assert warmed == []
    else:
        assert warmed and warmed[-1] > 80  # 40 people's rows, their cases and index blocks
    assert len(intake.search("klant")) == 40


@pytest.mark.local_only("the local FTS5 index and its rebuild; a server writes a person's search "
                        "text with each save (storage/pg/search.py, tests/server/"
                        "test_search_same.py)")
def test_the_rebuild_stops_when_cancelled_and_goes_on_at_the_next_start(intake, caseworker,
                                                                          monkeypatch):
    from blijf_desktop.services import search_index

    monkeypatch.setattr(search_index, "FIRST_BATCH", 5)
    monkeypatch.setattr(search_index, "STEP_SECONDS", 1000.0)  # keep the batches at 5...
    monkeypatch.setattr(search_index, "MAX_BATCH", 5)  # ...so the stop comes halfway
    service = SearchIndexService(caseworker)
    assert service.progress() is None and service.start_rebuild() is None
    waiting_rebuild(caseworker)
    assert intake.search("mueller") == []
    assert service.progress().done == 0

    job, told = service.start_rebuild(), []
    job.run(lambda done, total: told.append(done), lambda: len(told) >= 3)
    assert not job.finished and job._data_key == bytearray(32)  # the key copy wiped
    left = service.progress()
    assert left.done == 15 and 0 < left.permille < 1000
    assert [h.name[:8] for h in intake.search("mueller")] == ["Klant036", "Klant032", "Klant028"]

    job = service.start_rebuild()
    job.run(lambda done, total: told.append(done), lambda: False)
    assert job.finished and service.progress() is None and service.start_rebuild() is None
    found = [h.name for h in intake.search("mueller")]
    assert sorted(found) == sorted(f"Klant{n:03d} Müller" for n in range(0, 40, 4))
    assert len(intake.search("klant")) == 40


@pytest.mark.local_only("the local FTS5 index and its rebuild; a server writes a person's search "
                        "text with each save (storage/pg/search.py, tests/server/"
                        "test_search_same.py)")
def test_a_backup_made_during_the_rebuild_succeeds(created, caseworker, tmp_path, monkeypatch):
    """The rebuild writes in steps with a pause between them: a backup's snapshot, which
    needs an empty journal for an instant, finds one."""
    import threading

    from blijf_desktop.services import search_index
    from tests.services.backup_helpers import add_cases, make, ready_admin

    monkeypatch.setattr(search_index, "FIRST_BATCH", 2)
    monkeypatch.setattr(search_index, "MAX_BATCH", 2)
    add_cases(caseworker, [f"Geval{n}" for n in range(60)])
    waiting_rebuild(caseworker)
    job = SearchIndexService(caseworker).start_rebuild()
    stop = threading.Event()
    worker = threading.Thread(target=job.run, args=(lambda d, t: None, stop.is_set))
    worker.start()
    try:
        backups = ready_admin(created[0], tmp_path / "backups")
        made = make(backups)
        assert made.error is None and backups.finish_backup(made).size > 0
    finally:
        worker.join(timeout=60)
        stop.set()
    assert job.finished and SearchIndexService(caseworker).progress() is None


@pytest.mark.local_only("SQLCipher's page cache of the local file; a server's pages are not "
                        "decrypted at the desk and its cache is the server's")
def test_the_warm_up_reads_every_person_and_the_whole_index_in_short_steps(intake, caseworker,
                                                                          monkeypatch):
    from blijf_desktop.storage import page_warmup

    monkeypatch.setattr(page_warmup, "ROWS_PER_STEP", (7, 7, 7, 1))
    conn = caseworker.db.conn
    persons = conn.execute("SELECT count(*) FROM persons").fetchone()[0]
    cases = conn.execute("SELECT count(*) FROM case_teams").fetchone()[0]
    blocks = conn.execute("SELECT count(*) FROM person_search_data").fetchone()[0]
    told = list(SearchIndexService(caseworker).warm_cache())
    # each row, each case-index entry, each case's team, each index block
    assert told[-1] == 2 * persons + cases + blocks
    assert len(told) >= 2 * (persons // 7) + blocks  # short steps, not one long read
    assert len(intake.search("visser")) == 30  # the same hits after it


@pytest.mark.local_only("SQLCipher's page cache of the local file; a server's pages are not "
                        "decrypted at the desk and its cache is the server's")
def test_the_warm_up_stops_when_the_session_locks(intake, caseworker, monkeypatch):
    from blijf_desktop.storage import page_warmup

    monkeypatch.setattr(page_warmup, "ROWS_PER_STEP", (3, 3, 3, 1))
    steps = SearchIndexService(caseworker).warm_cache()
    next(steps)
    caseworker.lock()
    assert list(steps) == []  # the closed store is not read
