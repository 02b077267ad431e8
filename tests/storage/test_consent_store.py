"""The consent tables keep their record in the store itself (0007): history, links and tasks
are append-only; a consent changes only along the allowed states; an item is closed once."""

from datetime import date

import pytest
import sqlcipher3

from blijf_desktop.domain import consent as c
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.storage import consents, exchanges, follow_up
from tests.conftest import LEAD_PASS
from tests.services.test_intake import CLIENT

pytestmark = pytest.mark.engines

WEIGHING = c.Weighing("doel", "noodzaak", "proportioneel", "subsidiair", "belangen")


@pytest.fixture
def lead(teamleider, auth):
    """A teamleider: she prepares consents and discloses (on a server her role's grants)."""
    session = auth.login(teamleider, LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def store(lead):
    case_id = IntakeService(lead).save_intake(CLIENT, [])
    person_id = IntakeService(lead).case(case_id).client.id
    user_id = lead.user.id
    new = c.Consent(0, case_id, c.State.ONTWERP,
                    c.Scope({"riec"}, {"riec_advies"}, {person_id}, {"last_name"},
                            date(2026, 1, 1)),
                    c.Grantor.BLIJF, True, c.ClientPosition.STEMT_IN, "", WEIGHING, 0, "")
    with lead.db.transaction() as conn:
        consent_id = consents.insert(conn, new, user_id)
        exchange_id = exchanges.insert(conn, exchanges.NewExchange(
            case_id, "uit", "riec", "riec_advies", "Mensenhandel 12.17", "gevraagd",
            "schriftelijk", date(2026, 2, 1)), [exchanges.NewItem(person_id, "last_name")],
            user_id)
        consents.link_exchange(conn, exchange_id, [consent_id])
        task_id = follow_up.open_task(conn, "correctie", case_id, user_id,
                                      [(exchange_id, "riec")], person_id=person_id,
                                      kinds=["last_name"])
    return lead, consent_id, exchange_id, task_id


def refusals(session) -> tuple:
    """Locally the store's triggers and constraints; on a server also the role's grants (no
    DELETE anywhere, no UPDATE where the app never changes a row), then the same triggers."""
    if not session.server_mode:
        return (sqlcipher3.IntegrityError,)
    import psycopg

    return (psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException,
            psycopg.IntegrityError)


def refused(session, sql, *args):
    with pytest.raises(refusals(session)):
        with session.db.transaction() as conn:
            conn.execute(sql, args)


def test_history_links_and_tasks_are_never_changed_or_deleted(store):
    session, consent_id, exchange_id, task_id = store
    for sql in ("UPDATE consent_history SET reason = 'x'", "DELETE FROM consent_history",
                "UPDATE exchange_consents SET consent_id = 99", "DELETE FROM exchange_consents",
                "UPDATE follow_up_tasks SET kinds = '[]'", "DELETE FROM follow_up_tasks",
                "DELETE FROM follow_up_items", "DELETE FROM consents"):
        refused(session, sql)
    assert consents.exchanges_under(session.db.conn, consent_id) == [(exchange_id, "riec")]
    assert len(consents.history(session.db.conn, consent_id)) == 1


def test_a_consent_moves_only_along_the_allowed_states(store):
    session, consent_id, _exchange, _task = store
    conn = session.db.conn
    refused(session, "UPDATE consents SET state = 'actief' WHERE id = ?", consent_id)  # unverified
    refused(session, "UPDATE consents SET state = 'actief', verified_by = prepared_by,"
                     " verified_at = 'nu' WHERE id = ?", consent_id)  # by the preparer
    with session.db.transaction() as tx:
        consents.set_state(tx, consent_id, c.State.GEWEIGERD, "geweigerd", session.user.id,
                           "Niet nodig.")
    refused(session, "UPDATE consents SET state = 'ontwerp' WHERE id = ?", consent_id)
    refused(session, "UPDATE consents SET position_reason = 'x' WHERE id = ?", consent_id)
    assert consents.get(conn, consent_id).state is c.State.GEWEIGERD
    assert [h.change for h in consents.history(conn, consent_id)] == ["voorbereid", "geweigerd"]


def test_an_item_is_closed_once(store):
    session, _consent, _exchange, task_id = store
    conn = session.db.conn
    [task] = follow_up.tasks(conn)
    [item] = task.items
    refused(session, "UPDATE follow_up_items SET recipient = 'emm' WHERE id = ?", item.id)
    with session.db.transaction() as tx:
        follow_up.close_item(tx, item.id, date(2026, 2, 3), "telefonisch", session.user.id)
    with pytest.raises(refusals(session)):
        with session.db.transaction() as tx:
            follow_up.close_item(tx, item.id, date(2026, 2, 4), "schriftelijk", session.user.id)
    assert follow_up.item(conn, item.id).told_on == date(2026, 2, 3)
    assert follow_up.tasks(conn) == []
    assert [t.id for t in follow_up.tasks(conn, only_open=False)] == [task_id]
