"""Who looked at a person's record, for her access report, on a server (blijf.trail_looks,
migration 0034; storage/access_report.looks): the teamleider who handles the request reads
the trail's rows about a person of her team's case, by role; a hulpverlener, another team's
teamleider and a person not of that case are refused by PostgreSQL."""

import pytest
from psycopg import errors

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.storage import access_report, audit
from tests.server.records import case_with_people, staff

PERSON_TYPES, CASE_TYPES = {"person"}, {"case"}
ACTIONS = {AuditAction.VIEW.value, AuditAction.CHANGE.value}


@pytest.fixture(scope="module")
def looked(module_server):
    setup = module_server
    setup.admin.execute("INSERT INTO teams (name, created_at) VALUES ('Oost', '2026-12-06')")
    oost = setup.admin.execute("SELECT id FROM teams WHERE name = 'Oost'").fetchone()[0]
    ours, theirs = staff(setup, "looks"), staff(setup, "looks_oost", teams=(oost,))
    db = ours.db(setup, ours.hulpverlener)
    try:
        with db.transaction() as conn:
            case_id, client, pleger = case_with_people(conn, ours.hulpverlener)
        for record_type, record_id, action in (
                ("person", client, AuditAction.VIEW), ("case", case_id, AuditAction.VIEW),
                ("person", pleger, AuditAction.VIEW), ("person", client, AuditAction.CHANGE),
                ("person", client, AuditAction.LOGIN)):
            with db.transaction() as conn:
                audit.append(conn, action.value, ours.hulpverlener, record_type, str(record_id))
    finally:
        db.close()
    yield setup, ours, theirs, case_id, client, pleger


def test_the_teamleider_reads_who_looked_by_role(looked):
    setup, ours, _theirs, case_id, client, _pleger = looked
    db = ours.db(setup, ours.teamleider)
    try:
        found = access_report.looks(db.conn, client, case_id, PERSON_TYPES, CASE_TYPES, ACTIONS)
    finally:
        db.close()
    assert [(f.role, f.action, f.record_type) for f in found] == [
        ("hulpverlener", "view", "person"), ("hulpverlener", "view", "case"),
        ("hulpverlener", "change", "person")]
    assert all(f.at.startswith("20") for f in found)


@pytest.mark.parametrize("who", ["our hulpverlener", "their teamleider", "another's person"])
def test_what_is_not_hers_to_report_on_is_refused(looked, who):
    setup, ours, theirs, case_id, client, _pleger = looked
    user = {"our hulpverlener": (ours, ours.hulpverlener),
            "their teamleider": (theirs, theirs.teamleider),
            "another's person": (ours, ours.teamleider)}[who]
    person = client if who != "another's person" else client + 1000
    role, password = user[0].logins[user[1]]
    with setup.connect_as(role, password) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM blijf.trail_looks(%s, %s, %s, %s, %s)",
                         (person, case_id, ["person"], ["case"], ["view"]))
