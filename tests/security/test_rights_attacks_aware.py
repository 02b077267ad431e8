"""Adversarial review (issue 20): a restricted person (AVG art. 18; a granted objection,
Mensenhandel 27.2) is never part of a new exchange, also not through an AWARE document that
goes to the police."""

import pytest

from blijf_desktop.domain.aware import State
from blijf_desktop.services.aware_documents import ADVICE, REQUEST, AwareDocumentService
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService
from tests.services.test_aware import REQUEST as REQUEST_STEP, TODAY
from tests.services.test_aware import case_id, clock, lead, started, teamleider  # noqa: F401
from tests.services.test_aware_documents import advised, docs  # noqa: F401


pytestmark = pytest.mark.engines

def _restrict(session, person_id: int) -> None:
    requests = RequestService(session, today=lambda: TODAY)
    request_id = requests.register(person_id, "bezwaar", TODAY, "schriftelijk")
    for partners in (["politie"], ["ketenpartners"]):
        try:
            requests.coordinate(request_id, partners, TODAY)
        except InvalidInput:
            pass
    requests.decide(request_id, "toegewezen", "Gegrond bezwaar.")


@pytest.mark.parametrize("kind", [REQUEST, ADVICE])
def test_an_aware_document_about_a_restricted_person_is_not_recorded_as_sent(
        lead, teamleider, case_id, clock, docs, kind):  # noqa: F811
    traject = advised(lead, teamleider, case_id, clock)
    pleger = IntakeService(teamleider).case(case_id).people[-2].id
    _restrict(teamleider, pleger)
    pdf = docs.request_pdf(traject) if kind == REQUEST else docs.advice_pdf(traject)
    with pytest.raises(InvalidInput) as refused:
        docs.record_sent(traject, kind, pdf, "schriftelijk")
    assert (refused.value.field, refused.value.problem) == ("person", "restricted")


def test_a_new_aware_traject_does_not_take_a_restricted_person(lead, teamleider,  # noqa: F811
                                                              case_id):
    pleger = IntakeService(teamleider).case(case_id).people[-2].id
    _restrict(teamleider, pleger)
    with pytest.raises(InvalidInput) as refused:
        started(lead, teamleider, case_id)
    assert (refused.value.field, refused.value.problem) == ("persons", "restricted")
