"""A closed case is read-only until reopened (services/closed_case.py; Blijf 8.1): not only
intake, but risk, AWARE, signals, consent and the exchange register refuse to write to it,
with ('case', 'closed'), and nothing is written. Reopening makes it writable again; ending a
running alarm, withdrawing a consent stay possible."""

from datetime import date

import pytest

from blijf_desktop import demo
from blijf_desktop.domain.police import Channel, PoliceInfoKind
from blijf_desktop.domain.risk import CURRENT_VERSION
from blijf_desktop.services.aware import AwareService
from blijf_desktop.services.case_closing import CaseClosingService
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.risk import RiskService
from blijf_desktop.services.signals import SignalService
from blijf_desktop.ui.messages import error_message
from tests.conftest import LEAD_PASS
from tests.services.test_consent import WEIGHING, scope
from tests.services.test_intake import CLIENT, PLEGERS

pytestmark = pytest.mark.engines


T0 = date(2026, 6, 1)


@pytest.fixture
def store(teamleider, auth):
    """A teamleider's session (she may take every step) and her case with an AWARE traject."""
    lead = auth.login(teamleider, LEAD_PASS)
    intake = IntakeService(lead, today=lambda: T0)
    case_id = intake.save_intake(CLIENT, PLEGERS)
    client_id = intake.case(case_id).client.id
    RiskService(lead).record(case_id, CURRENT_VERSION, demo._answers(ja=("stalking",)))
    AwareService(lead, today=lambda: T0).start(case_id, "ernstige_bedreiging", "Reden.",
                                               [client_id])
    yield lead, case_id, client_id
    lead.close()


def _count(session, table: str) -> int:
    return session.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def test_every_service_refuses_to_write_to_a_closed_case_until_it_is_reopened(store):
    lead, case_id, client_id = store
    consents = ConsentService(lead, today=lambda: T0)
    draft = consents.prepare(case_id, scope([client_id]), "blijf", "stemt_in", "",
                             WEIGHING)
    traject = AwareService(lead, today=lambda: T0).for_case(case_id)[0].id
    closing = CaseClosingService(lead, today=lambda: T0)
    closing.close_case(case_id)
    tables = ("screenings", "trajects", "traject_steps", "signals", "consents", "exchanges")
    before = {t: _count(lead, t) for t in tables}
    answers = demo._answers(ja=("stalking",))
    fields = SignalService(lead, today=lambda: T0).prefill(case_id)
    writes = {
        "risk": lambda: RiskService(lead).record(case_id, CURRENT_VERSION, answers),
        "aware start": lambda: AwareService(lead, today=lambda: T0).start(
            case_id, "ernstige_bedreiging", "Nog een keer.", [client_id]),
        "aware step": lambda: AwareService(lead, today=lambda: T0).step(
            traject, "informatie_gevraagd", {"unit": "amsterdam"}),
        "signal": lambda: SignalService(lead, today=lambda: T0).save(case_id, fields),
        "consent prepare": lambda: consents.prepare(
            case_id, scope([client_id]), "blijf", "stemt_in", "", WEIGHING),
        "consent update": lambda: consents.update(
            draft, scope([client_id]), "blijf", "stemt_in", "", WEIGHING),
        "police info": lambda: ExchangeService(lead, today=lambda: T0)
        .record_incoming_police_info(case_id, "amsterdam", "Wijkagent Voorbeeld", T0,
                                     Channel.MONDELING, [PoliceItem(
                                         client_id, PoliceInfoKind.VEILIGHEID, "Nieuw.")]),
    }
    for name, write in writes.items():
        with pytest.raises(InvalidInput) as refused:
            write()
        assert (refused.value.field, refused.value.problem) == ("case", "closed"), name
    assert {t: _count(lead, t) for t in tables} == before
    assert "gesloten" in error_message(InvalidInput("case", "closed"))

    closing.reopen_case(case_id)
    assert RiskService(lead).record(case_id, CURRENT_VERSION, answers)
    assert consents.update(draft, scope([client_id], kinds=("first_names",)), "blijf",
                           "stemt_in", "", WEIGHING)
