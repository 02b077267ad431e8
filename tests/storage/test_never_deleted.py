"""Records that must stay whole (screenings, the exchange register, AWARE steps) refuse
DELETE and REPLACE in the store itself, not only UPDATE (found in a review: DELETE, REPLACE
INTO and INSERT OR REPLACE went through). Since issue 20 the only way out is an approved
destruction marked in progress (migration 0015): ordinary code still can never delete, and
the people, threats, history and cases refuse it too."""

import pytest
import sqlcipher3

TABLES = ["screenings", "screening_answers", "exchanges", "exchange_items", "exchange_flags",
          "trajects", "traject_persons", "traject_steps", "signals", "signal_sends",
          "exchange_disclosures", "consents", "consent_history", "follow_up_tasks",
          "follow_up_items", "persons", "threats", "person_history", "cases",
          "rights_requests", "rights_request_steps", "restrictions", "information_duty"]
REFUSED = "deleted only by an approved destruction"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo's store: every one of these tables holds rows."""
    from datetime import date

    from blijf_desktop import demo
    from blijf_desktop.services.auth import AuthService
    from blijf_desktop.storage.device import DeviceSecrets
    from blijf_desktop.storage.paths import StorePaths
    from tests.conftest import FAST_POLICY

    auth = AuthService(StorePaths(tmp_path_factory.mktemp("demo") / "store"), DeviceSecrets(),
                       FAST_POLICY)
    demo.fill(auth, cases=4, today=date(2026, 12, 6))
    session = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    yield session
    session.close()
    auth.release()


@pytest.mark.parametrize("table", TABLES)
def test_a_delete_is_refused(demo_store, table):
    conn = demo_store.db.conn
    rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    assert rows > 0
    with pytest.raises(sqlcipher3.IntegrityError, match=REFUSED):
        with demo_store.db.transaction() as c:
            c.execute(f"DELETE FROM {table}")  # noqa: S608 (a fixed table name)
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == rows  # noqa: S608


def test_replace_into_cannot_overwrite_a_screening(caseworker):
    """REPLACE deletes the old row first; with recursive_triggers that delete is refused."""
    from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS, Answer, AnswerValue
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.risk import RiskService
    from tests.services.test_intake import CLIENT

    case_id = IntakeService(caseworker).save_intake(CLIENT, [])
    answers = {code: Answer(AnswerValue.NEE) for code in SCREENINGS[CURRENT_VERSION].codes}
    screening_id = RiskService(caseworker).record(case_id, CURRENT_VERSION, answers)
    conn = caseworker.db.conn
    columns = [row[1] for row in conn.execute("PRAGMA table_info(screenings)")]
    row = conn.execute("SELECT * FROM screenings WHERE id = ?", (screening_id,)).fetchone()
    marks = ", ".join("?" for _ in columns)
    for verb in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
        with pytest.raises(sqlcipher3.IntegrityError, match=REFUSED):
            with caseworker.db.transaction() as c:
                c.execute(f"{verb} screenings ({', '.join(columns)}) VALUES ({marks})", row)
