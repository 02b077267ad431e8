"""Destruction on a server (PostgreSQL form of migration 0015; docs/server-mode.md, section 1):
the desk's role has no DELETE on case data, so a case's rows go only through `destroy()`, a
definer function owned by blijf_owner that takes an approved destruction; the register of
destructions and the audit trail keep what happened (ids and codes). The storage functions are
the local store's (storage/destruction.py), which call it on a server."""

import re
from dataclasses import replace
from datetime import date

import pytest

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.destruction import DestructionState, Scope, TextKind
from blijf_desktop.domain.figures import UNIT_MEASURE
from blijf_desktop.domain.information_duty import Outcome
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import (
    anonymised, audit, destruction, exchanges, figures, information_duty, persons, retention,
    rights, signals, trajects, users,
)
from blijf_desktop.storage import destruction_proposals as proposals
from blijf_desktop.storage.database import Database
from tests.server import case_story
from tests.server.records import case_with_people, staff

# The tables that hold a case's rows on the server now (the rest come with their migrations;
# destroy() skips a table that is not there yet, test_every_step_names_a_known_table).
CASE_TABLES = {
    "cases": "SELECT count(*) FROM cases WHERE id = %s",
    "persons": "SELECT count(*) FROM persons WHERE case_id = %s",
    "threats": "SELECT count(*) FROM threats WHERE case_id = %s",
    "person_history": "SELECT count(*) FROM person_history h JOIN persons p"
                      " ON p.id = h.person_id WHERE p.case_id = %s",
    "rights_requests": "SELECT count(*) FROM rights_requests WHERE case_id = %s",
    "source_removals": "SELECT count(*) FROM source_removals WHERE case_id = %s",
}


def _full_case(conn, people) -> tuple[int, int]:
    """A closed case with a row in every table of it on the server; (case, client)."""
    user = people.hulpverlener
    case_id, client, pleger = case_with_people(conn, user)
    persons.update_person(conn, client, replace(persons.get_person(conn, client).data,
                                                residence="Dronten"), user)
    request = rights.insert_request(conn, client, case_id, "beperking", date(2026, 1, 5),
                                    "schriftelijk", False, [], "", user)
    rights.insert_step(conn, request, "besluit", date(2026, 1, 20), user, decision="toegewezen")
    rights.restrict(conn, client, request, "beperking", user)
    information_duty.insert(conn, pleger, Outcome.EXCEPTION, user, exception="gevaar",
                            reason="Zou de cliënte bedreigen")
    retention.record_source_removal(conn, case_id, date(2026, 2, 1), "politie", user)
    retention.close(conn, case_id, date(2015, 1, 1), user)
    return case_id, client


def _approved(db, people, scope: Scope, case_id: int, **what) -> int:
    with db.transaction() as conn:
        found = proposals.insert(conn, scope, case_id, "termijn_verstreken",
                                 "Fenna's dossier, termijn voorbij", people.hulpverlener, **what)
        proposals.approve(conn, found, people.teamleider, "akkoord")
    return found


@pytest.fixture(scope="module")
def desk(module_server):
    people = staff(module_server, "vernietiging")
    db = module_server.desk()
    yield module_server, db, people
    db.close()


def _left(admin, case_id: int) -> dict[str, int]:
    return {table: admin.execute(sql, (case_id,)).fetchone()[0]
            for table, sql in CASE_TABLES.items()}


def test_a_case_goes_through_destroy_and_its_record_stays(desk):
    setup, db, people = desk
    with db.transaction() as conn:
        case_id, _client = _full_case(conn, people)
        other_case, _other = _full_case(conn, people)
    destruction_id = _approved(db, people, Scope.CASE, case_id)
    proposal = proposals.get(db.conn, destruction_id)

    with db.transaction() as conn:  # what destruction.carry_out does around its figures
        counts: dict[str, int] = {}
        destruction.delete_rows(conn, proposal, counts)
        proposals.wipe_notes(conn, case_id)
        proposals.mark_destroyed(conn, destruction_id, people.teamleider, date(2026, 12, 6), 14,
                                 counts)
        audit.append(conn, AuditAction.DESTROYED.value, people.teamleider, "destruction",
                     str(destruction_id), reason="termijn_verstreken",
                     detail={"case": case_id, "counts": counts})

    assert counts == {"information_duty": 1, "restrictions": 1, "rights_request_steps": 1,
                      "rights_requests": 1, "threats": 1, "person_history": 1, "persons": 2,
                      "source_removals": 1, "case_teams": 1, "cases": 1}
    admin = setup.admin
    assert set(_left(admin, case_id).values()) == {0}
    assert _left(admin, other_case) == {"cases": 1, "persons": 2, "threats": 1,
                                        "person_history": 1, "rights_requests": 1,
                                        "source_removals": 1}
    assert admin.execute("SELECT count(*) FROM person_trigrams t WHERE NOT EXISTS"
                         " (SELECT 1 FROM persons p WHERE p.id = t.person_id)").fetchone()[0] == 0
    kept = proposals.get(db.conn, destruction_id)
    assert (kept.state, kept.note, kept.review_note, kept.counts) == (
        DestructionState.VERNIETIGD, "", "", counts)
    assert admin.execute("SELECT in_progress FROM destructions WHERE id = %s",
                         (destruction_id,)).fetchone()[0] == 0
    row = admin.execute("SELECT action, record_id, detail FROM audit_log ORDER BY seq DESC"
                        " LIMIT 1").fetchone()
    assert row[:2] == ("destroyed", str(destruction_id)) and '"cases": 1' in row[2]


def test_the_desk_may_not_delete_nor_open_the_path_itself(desk):
    from psycopg import errors

    setup, db, people = desk
    with db.transaction() as conn:
        case_id, client = _full_case(conn, people)
    waiting = _approved(db, people, Scope.CASE, case_id)
    with db.transaction() as conn:
        proposed = proposals.insert(conn, Scope.CASE, case_id, "termijn_verstreken", "",
                                    people.hulpverlener)

    raw = setup.desk_raw()  # any PostgreSQL client with the desk's password
    try:
        for table in ("cases", "persons", "threats", "person_history", "rights_requests",
                      "rights_request_steps", "restrictions", "information_duty",
                      "source_removals", "destructions", "anonymised_figures", "audit_log"):
            with pytest.raises(errors.InsufficientPrivilege):
                with raw.transaction():
                    raw.execute(f"DELETE FROM {table}")
        with pytest.raises(errors.InsufficientPrivilege):  # in progress only through destroy()
            with raw.transaction():
                raw.execute("UPDATE destructions SET in_progress = 1 WHERE id = %s", (waiting,))
        with pytest.raises(errors.RestrictViolation):  # not approved by a second user
            with raw.transaction():
                raw.execute("SELECT * FROM destroy(%s)", (proposed,))
        with db.transaction() as conn:
            retention.reopen(conn, case_id)  # reopened after its approval
        with pytest.raises(errors.RestrictViolation):
            with raw.transaction():
                raw.execute("SELECT * FROM destroy(%s)", (waiting,))
        with pytest.raises(errors.CheckViolation):  # the proposer never reviews
            with raw.transaction():
                raw.execute("UPDATE destructions SET state = 'beoordeeld', reviewed_by ="
                            " proposed_by, reviewed_at = 'x' WHERE id = %s", (proposed,))
        with pytest.raises(errors.InsufficientPrivilege):  # the steps are the owner's
            with raw.transaction():
                raw.execute("SELECT * FROM destroy_steps(ARRAY[['cases', 'DELETE FROM cases"
                            " WHERE id = $1']], %s)", (case_id,))
    finally:
        raw.close()
    assert _left(setup.admin, case_id)["persons"] == 2


def test_a_threat_text_is_purged_by_carry_out(desk):
    setup, db, people = desk
    with db.transaction() as conn:
        case_id, _client = _full_case(conn, people)
    threat = persons.case_threats(db.conn, case_id)[0].id
    destruction_id = _approved(db, people, Scope.TEXT, case_id, text_kind=TextKind.THREAT,
                               text_ref=str(threat))
    with db.transaction() as conn:
        outcome = destruction.carry_out(conn, proposals.get(conn, destruction_id),
                                        people.teamleider, date(2026, 12, 6), 14)
    assert outcome.counts == {"threats": 1}
    assert persons.case_threats(db.conn, case_id) == []
    assert _left(setup.admin, case_id)["persons"] == 2
    assert proposals.get(db.conn, destruction_id).state is DestructionState.VERNIETIGD
    assert destruction.compact(db.conn, None) == 0  # a server's pages are the server's


AFTER_THE_REST = ("screenings", "trajects", "traject_steps", "exchanges", "signals",
                  "signal_sends", "screening_answers", "consents", "follow_up_tasks")


def _needs_the_rest(admin) -> None:
    missing = [t for t in AFTER_THE_REST if admin.execute(
        "SELECT to_regclass(%s) IS NULL", (t,)).fetchone()[0]]
    if missing:
        pytest.skip(f"not on the server yet: {', '.join(missing)}")


def _with_records(conn, people, mention: str = "") -> tuple[int, int, int, dict]:
    """_full_case with the records of 0003-0010 (tests/server/case_story.records): (case,
    client, pleger, their ids)."""
    case_id, client = _full_case(conn, people)
    pleger = [p.id for p in persons.case_persons(conn, case_id) if p.id != client][0]
    ids = case_story.records(conn, case_id, client, pleger, people.hulpverlener,
                             people.teamleider, mention)
    return case_id, client, pleger, ids


def _records_left(admin, case_id: int) -> dict[str, int]:
    return {table: admin.execute(sql, (case_id,)).fetchone()[0]
            for table, sql in case_story.RECORD_COUNTS.items()}


def test_a_whole_case_by_carry_out(desk):
    """The engine's whole path, with the anonymised figures it keeps (which read the tables
    of migrations 0003-0010): every row of the case goes, in every table, and another
    case's records stay whole."""
    setup, db, people = desk
    _needs_the_rest(setup.admin)
    with db.transaction() as conn:
        case_id, _client, _pleger, _ids = _with_records(conn, people)
        other, _client, _pleger, _ids = _with_records(conn, people)
    before = _records_left(setup.admin, case_id)
    assert all(before.values()) and _records_left(setup.admin, other) == before
    destruction_id = _approved(db, people, Scope.CASE, case_id)
    with db.transaction() as conn:
        outcome = destruction.carry_out(conn, proposals.get(conn, destruction_id),
                                        people.teamleider, date(2026, 12, 6), 14)
    assert outcome.counts["cases"] == 1 and outcome.figures_kept >= 2
    assert set(_left(setup.admin, case_id).values()) == {0}
    assert _records_left(setup.admin, case_id) == dict.fromkeys(before, 0)
    assert {k: outcome.counts.get(k) for k in before} == before
    assert _records_left(setup.admin, other) == before


def test_a_person_erased_by_carry_out(desk):
    """Her rows go through destroy(); her name leaves the texts of her case that stay (the
    desk's updates, allowed while destroy() has the destruction in progress)."""
    setup, db, people = desk
    _needs_the_rest(setup.admin)
    with db.transaction() as conn:
        case_id, client, pleger, ids = _with_records(conn, people, " Gerrit Voorbeeldman")
        information_duty.insert(conn, client, Outcome.EXCEPTION, people.hulpverlener,
                                exception="gevaar", reason="Gerrit Voorbeeldman dreigt")
    destruction_id = _approved(db, people, Scope.PERSON, case_id, person_id=pleger)
    with db.transaction() as conn:
        outcome = destruction.carry_out(conn, proposals.get(conn, destruction_id),
                                        people.teamleider, date(2026, 12, 6), 14)
    assert outcome.counts["persons"] == 1 and outcome.counts["redactions"] >= 4
    # Her rows of 0003-0010: the items about her (with their flags), her place in a traject.
    assert outcome.counts["exchange_items"] == 2 and outcome.counts["exchange_flags"] == 2
    assert outcome.counts["traject_persons"] == 1
    assert outcome.counts["exchange_documents"] == 1  # the PDF that left cannot be searched
    conn = db.conn
    assert persons.get_person(conn, pleger) is None
    assert "Voorbeeldman" not in information_duty.latest(conn, client).reason
    # Her name out of the texts that stay, also a withdrawn consent's case and a sent signal.
    assert "Voorbeeldman" not in trajects.get(conn, ids["traject"]).reason_text
    assert "Voorbeeldman" not in exchanges.get(conn, ids["police"]).summary
    assert "Voorbeeldman" not in signals.get(conn, ids["signal"]).fields["a"]
    assert exchanges.document(conn, ids["exchange"]) is None
    assert list(trajects.get(conn, ids["traject"]).person_ids) == [client]
    # The guards hold again once destroy() is done: the texts are not the desk's to change.
    from psycopg import errors
    with pytest.raises(errors.RestrictViolation):
        with db.transaction() as tx:
            tx.execute("UPDATE trajects SET reason_text = 'x' WHERE id = ?", (ids["traject"],))


def test_every_step_names_a_known_table(desk):
    """destroy() skips a table that is not on the server; a misspelt one would be skipped
    for ever. Each step's table is a local table, and the same steps as the local engine's."""
    setup, _db, _people = desk
    body = setup.admin.execute("SELECT prosrc FROM pg_proc WHERE proname = 'destroy'"
                               ).fetchone()[0]
    named = re.findall(r"\['(\w+)', 'DELETE", body)
    local = [step[0] for steps in (destruction._CASE_STEPS, destruction._PERSON_STEPS,
                                   destruction._SIGNAL_EXCHANGE_STEPS, destruction._SIGNAL_STEPS)
             for step in steps]
    assert named == local


def test_figures_of_destroyed_cases_are_the_same_on_both_engines(desk, tmp_path):
    """figures.destroyed and figures.anonymised, written once for both engines."""
    _setup, db, people = desk
    kept = ((2025, "intakes", "", 1), (2025, UNIT_MEASURE, "amsterdam", 1),
            (2025, "exchanges", "amsterdam:uit", 3))

    def register(conn, proposer, reviewer, case_id):
        found = proposals.insert(conn, Scope.CASE, case_id, "termijn_verstreken", "", proposer)
        proposals.approve(conn, found, reviewer, "")
        anonymised.keep_recorded(conn, found, kept)
        proposals.mark_destroyed(conn, found, reviewer, date(2026, 3, 9), 14, {"cases": 1})

    local = Database(tmp_path / "store.db", bytes(range(32)), create=True)
    try:
        with local.transaction() as conn:
            register(conn, users.insert(conn, "a", "A", Role.HULPVERLENER, None, False),
                     users.insert(conn, "b", "B", Role.TEAMLEIDER, None, False), 424242)
        with db.transaction() as conn:  # on a server a proposal names a case of her teams
            case_id, _client, _pleger = case_with_people(conn, people.hulpverlener)
            register(conn, people.hulpverlener, people.teamleider, case_id)
        today = date(2026, 12, 6)
        for database in (local, db):
            assert figures.destroyed(database.conn, date(2026, 1, 1), date(2026, 3, 31)) == [
                figures.Tally("2026-03", "amsterdam", 1)]  # (other tests destroy in December)
            assert figures.anonymised(database.conn, date(2025, 1, 1), date(2025, 12, 31),
                                      today) == {("intakes:", "amsterdam"): 1,
                                                 ("exchanges:amsterdam:uit", "amsterdam"): 3}
    finally:
        local.close()
