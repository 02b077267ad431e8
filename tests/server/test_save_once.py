"""A new case is saved once, also when the connection breaks during the COMMIT (issue 23;
docs/server-mode.md section 8; services/save_once.py, migration 0037). The desk's backend is
killed by the administrator (pg_terminate_backend) at the COMMIT: once the server has
committed and before the desk has its answer, and once just before the COMMIT is sent. Either
way the desk sees a lost connection and keeps the draft; the next save of the same form
makes no second case."""

from contextlib import contextmanager
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.errors import InvalidInput, ServerUnreachable
from blijf_desktop.services.intake import IntakeService
from tests.server.fixtures import server_login
from tests.server.test_server_session import desk

NAME, PASS = "hulp", "Blauwe-Meeuw-Zweeft-8"
CLIENT = PersonData(Category.CLIENT, first_names="Sanne", last_name="Eenmaalproef",
                    residence="Almere", birth_date=date(1992, 8, 9))
PLEGER = PersonData(Category.PLEGER, first_names="Ruud", last_name="Tweemaalproef",
                    relation="ex_partner")
THREATS = [(None, ThreatEntry(date(2026, 12, 1), "Hij staat voor de deur."))]


@pytest.fixture
def intake(engine_server, tmp_path, device):
    server_login(engine_server, NAME, PASS, Role.HULPVERLENER, "Synthetische Hulpverlener")
    session = desk(engine_server, tmp_path / "desk", device).login(NAME, PASS)
    yield IntakeService(session, today=lambda: date(2026, 12, 6))
    session.close()


def _cases(engine_server) -> int:
    return engine_server.admin.execute("SELECT count(*) FROM cases").fetchone()[0]


def _break_at_commit(monkeypatch, engine_server, session, committed: bool) -> None:
    """The next transaction of `session` loses its connection at the COMMIT: after the server
    committed (`committed`), or just before the COMMIT is sent."""
    raw = session.db.conn.raw
    original = raw.transaction

    def kill() -> None:
        engine_server.admin.execute("SELECT pg_terminate_backend(%s, 5000)",
                                    (raw.info.backend_pid,))

    @contextmanager
    def breaking(*args, **kwargs):
        with original(*args, **kwargs) as tx:
            yield tx
            if not committed:
                kill()
        if committed:
            kill()
            raw.execute("SELECT 1")  # the desk meets the closed connection, as with its answer

    monkeypatch.setattr(raw, "transaction", breaking)


def test_a_save_that_arrived_before_the_break_is_not_made_twice(intake, engine_server,
                                                                monkeypatch):
    intake.save_draft({"client": {"last_name": "Eenmaalproef"}})
    _break_at_commit(monkeypatch, engine_server, intake.session, committed=True)
    with pytest.raises(ServerUnreachable):
        intake.save_intake(CLIENT, [PLEGER], THREATS)
    assert _cases(engine_server) == 1  # it did arrive
    assert intake.load_draft() is not None  # the desk could not know: the draft is kept
    [case_id] = [row[0] for row in engine_server.admin.execute("SELECT id FROM cases")]
    assert intake.save_intake(CLIENT, [PLEGER], THREATS) == case_id  # the second press
    assert _cases(engine_server) == 1
    assert intake.load_draft() is None
    assert engine_server.admin.execute("SELECT count(*) FROM persons").fetchone()[0] == 2
    assert intake.save_intake(CLIENT, [PLEGER], THREATS) != case_id  # a new intake is new


def test_a_save_lost_before_the_commit_is_made_once_by_the_next_press(intake, engine_server,
                                                                     monkeypatch):
    intake.save_draft({"client": {"last_name": "Eenmaalproef"}})
    _break_at_commit(monkeypatch, engine_server, intake.session, committed=False)
    with pytest.raises(ServerUnreachable):
        intake.save_intake(CLIENT, [PLEGER], THREATS)
    assert _cases(engine_server) == 0 and intake.load_draft() is not None
    case_id = intake.save_intake(CLIENT, [PLEGER], THREATS)
    assert _cases(engine_server) == 1 and intake.load_draft() is None
    assert engine_server.admin.execute("SELECT case_id FROM case_saves").fetchall() == [
        (case_id,)]


def test_a_form_changed_after_a_save_that_arrived_is_refused_and_kept(intake, engine_server,
                                                                      monkeypatch):
    typed = {"client": {"last_name": "Eenmaalproef", "residence": "Lelystad"}}
    intake.save_draft(typed)
    _break_at_commit(monkeypatch, engine_server, intake.session, committed=True)
    with pytest.raises(ServerUnreachable):
        intake.save_intake(CLIENT, [PLEGER], THREATS)
    moved = PersonData(**{**vars(CLIENT), "residence": "Lelystad"})
    with pytest.raises(InvalidInput) as refused:
        intake.save_intake(moved, [PLEGER], THREATS)
    assert (refused.value.field, refused.value.problem) == ("intake", "saved_before")
    assert _cases(engine_server) == 1 and intake.load_draft() == typed
    intake.discard_draft()  # her choice: the case is there; this concept goes, token too
    intake.save_intake(moved, [PLEGER], THREATS)
    assert _cases(engine_server) == 2


def test_the_tokens_are_read_and_written_only_through_the_functions(intake, engine_server):
    import psycopg

    intake.save_intake(CLIENT, [], [])
    conn = intake.session.db.conn
    for sql in ("SELECT * FROM blijf.case_saves",
                "INSERT INTO blijf.case_saves (token, case_id, user_id) VALUES"
                " ('00000000000000000000000000000000', 1, 1)"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            with intake.session.db.transaction() as tx:
                tx.execute(sql)
    [(token,)] = engine_server.admin.execute("SELECT token FROM case_saves").fetchall()
    assert conn.execute("SELECT blijf.saved_case(?)", (token,)).fetchone()[0] == 1
    other = "f" * 32  # a token of nobody's save
    assert conn.execute("SELECT blijf.saved_case(?)", (other,)).fetchone()[0] is None
