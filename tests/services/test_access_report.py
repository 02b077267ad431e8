"""Inzage (issue 20): the access report parsed back from its PDF holds the person's own data,
the recipients and origins and who looked by role, and nothing of anyone else; a withheld part
is absent and the report says so; a pleger's report never holds the client's address, shelter
or children, whatever is asked; the answer lands in the register; audit rows; permissions."""

import hashlib
import json
from datetime import date

import pytest

from tests.conftest import confirm_pending

from blijf_desktop.domain import access_report as ar
from blijf_desktop.domain.exchanges import DATA_SUBJECT
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.access_report import AccessReportService, Choices
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.exchanges import ExchangeService
from blijf_desktop.storage import audit
from tests.server.fixtures import trail_of
from tests.services.rights_fixtures import (
    ABOUT_HER, CHILD_THREAT, CLIENT_THREAT, COLLEAGUES, POLICE_CLIENT, POLICE_PLEGER, TODAY,
    make_case, pdf_text,
)

pytestmark = pytest.mark.engines

LEAD, LEAD_PASS = "leiding", "Blauwe-Reiger-Vist-2026"  # as tests.conftest: it confirms accounts


@pytest.fixture
def lead(created, auth):
    admin = AccountService(created[0])
    admin.accept_confidentiality()
    admin.add_user(LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, "Eenmalig-Wachtwoord-9")
    confirm_pending(created, auth, LEAD)  # issue 22
    session = auth.login(LEAD, "Eenmalig-Wachtwoord-9")
    own = AccountService(session)
    own.accept_confidentiality()
    own.change_own_passphrase("Eenmalig-Wachtwoord-9", LEAD_PASS)
    yield session
    session.close()


@pytest.fixture
def case(lead, caseworker):
    return make_case(lead, caseworker)


@pytest.fixture
def service(lead):
    return AccessReportService(lead, today=lambda: TODAY)


def text_of(service, person_id, choices=None):
    return pdf_text(service.preview(person_id, choices).pdf)


def test_the_clients_report_holds_her_data_recipients_origins_and_looks(service, case):
    text = text_of(service, case.client)
    for own in ("Fenna", "Kanarieclient", "Zwolle", "Nieuwestad", "fenna@voorbeeld.nl",
                "Schuilhofweg", "1234 AB", CLIENT_THREAT):
        assert own in text, own
    assert "Politie eenheid Amsterdam" in text  # a recipient (Blijf 11.2)
    assert "AWARE-aanvraag" in text  # the client reads why
    assert "Vastgelegd door Blijf Groep" in text  # an origin (Mensenhandel 25.3)
    assert "Opvangstad" in text and "Woonplaats" in text  # her change, old and new
    assert "Teamleider" in text and "ingezien" in text  # who looked, by role (NEN 7513)
    for other in ("Pimkind", "Zusderde", "Brutus", "Plegerman", "Plegerstraat", "9876",
                  CHILD_THREAT, POLICE_PLEGER, *COLLEAGUES):
        assert other not in text, other


def test_police_data_is_withheld_by_default_and_the_report_says_so(service, case):
    text = text_of(service, case.client)
    assert POLICE_CLIENT not in text
    assert "Niet opgenomen" in text and "Ontvangen politie-informatie" in text
    shown = text_of(service, case.client, Choices({}))  # after coordination with the police
    assert POLICE_CLIENT in shown and "Politie eenheid Amsterdam" in shown


def test_a_withheld_part_is_absent_and_the_report_says_so_with_the_reason(service, case):
    reason = "Reden-kanarie: afgestemd met de politie (Blijf 11.5)."
    text = text_of(service, case.client, Choices({ar.RECIPIENTS: reason}))
    assert "AWARE-aanvraag" not in text
    assert "Niet opgenomen" in text and "Ontvangers van de gegevens" in text and \
        "Reden-kanarie" in text
    silent = text_of(service, case.client, Choices({ar.RECIPIENTS: reason}, say_withheld=False,
                                                   silence_reason="Vermelden schaadt haar."))
    assert "Niet opgenomen" not in silent and "AWARE-aanvraag" not in silent


@pytest.mark.parametrize("choices, field, code", [
    (Choices({ar.RECIPIENTS: "  "}), "reason", "required"),
    (Choices({"adres_van_de_client": "x"}), "part", "unknown"),
    (Choices({ar.RECIPIENTS: "Reden."}, say_withheld=False), "silence_reason", "required"),
])
def test_bad_choices_are_refused_with_the_field(service, case, choices, field, code):
    with pytest.raises(InvalidInput) as refused:
        service.preview(case.client, choices)
    assert (refused.value.field, refused.value.problem) == (field, code)


def test_the_parts_offered_for_a_pleger_lock_everything_about_her(service, case):
    offered = {c.part: c for c in service.parts(case.pleger)}
    for part in (ar.RELATION, ar.POLICE):
        assert offered[part].locked and offered[part].withheld_by_default
    assert ar.THREATS not in offered and ar.SECRET_ADDRESS not in offered  # he has none
    assert not offered[ar.PERSONALIA].withheld_by_default


@pytest.mark.parametrize("attempt", [
    Choices({}),  # "show everything"
    Choices({}, say_withheld=False, silence_reason="Alles tonen."),
    *(Choices({part: "Toch tonen."}) for part in ar.PART_ORDER
      if part not in (ar.THREATS, ar.SECRET_ADDRESS)),
])
def test_a_plegers_report_never_holds_anything_about_her_or_the_children(service, case, attempt):
    preview = service.preview(case.pleger, attempt)
    text = pdf_text(preview.pdf)
    assert "Brutus" in text
    if ar.PERSONALIA not in attempt.withheld:
        assert "Plegerstraat" in text  # his own data is there
    if ar.LOOKS not in attempt.withheld:
        assert "Hulpverlener" in text and "ingezien" in text  # the caseworker's look, by role
    leaked = [word for word in ABOUT_HER + [POLICE_PLEGER, *COLLEAGUES] if word in text]
    assert leaked == []
    assert {ar.RELATION, ar.POLICE} <= {p for p, _r in preview.withheld}
    if attempt.say_withheld:  # it says something was withheld, but not what
        assert "Niet opgenomen" in text and "Ontvangen politie-informatie" not in text


def test_the_child_and_derde_never_get_the_shelter_address(service, case):
    for person in (case.child, case.derde):
        text = text_of(service, person, Choices({}))
        for word in ("Schuilhofweg", "1234 AB", "Fenna", "Brutus", "Plegerman"):
            assert word not in text, word
    assert "Pimkind" in text_of(service, case.child, Choices({}))


def test_saving_records_the_answer_as_an_exchange_with_the_person(service, case, lead,
                                                                  tmp_path):
    preview = service.preview(case.pleger)
    target = tmp_path / "inzage.pdf"
    exchange_id = service.save(case.pleger, None, preview.sha256, target)
    assert target.read_bytes() == preview.pdf
    entry = ExchangeService(lead).entry(exchange_id)
    assert (entry.direction, entry.counterparty, entry.purpose) == ("uit", DATA_SUBJECT,
                                                                   ar.ACCESS_PURPOSE)
    assert {i.person_id for i in entry.items} == {case.pleger}
    assert {i.kind for i in entry.items} == {ar.PART_KINDS[p] for p in preview.parts}
    assert entry.document_sha256 == hashlib.sha256(preview.pdf).hexdigest()
    assert "Niet opgenomen" in entry.summary
    rows = audit.recent(trail_of(lead), 10)
    actions = {(r.action, r.record_type) for r in rows}
    assert {("export", "access_report"), ("disclose", "exchange"),
            ("view", "access_report")} <= actions
    for row in rows:  # ids and codes only
        assert not any(word in (row.detail or "") for word in ("Brutus", "Plegerman", "Reden"))
    # The next report names this answer among the recipients.
    assert "de betrokkene zelf" in text_of(service, case.pleger)


def test_printing_records_the_answer_and_a_changed_report_is_refused(service, case, lead):
    preview = service.preview(case.client)
    with pytest.raises(InvalidInput) as refused:
        service.record_printed(case.client, Choices({ar.LOOKS: "Anders."}), preview.sha256, 2)
    assert refused.value.problem == "changed_since_preview"
    exchange_id = service.record_printed(case.client, None, preview.sha256, 2)
    last = audit.recent(trail_of(lead), 1)[0]
    assert (last.action, last.record_id) == ("print", str(case.client))
    assert json.loads(last.detail)["exchange"] == exchange_id


def test_only_the_teamleider_handles_requests(case, caseworker, created):
    for session in (caseworker, created[0]):
        with pytest.raises(PermissionDenied):
            AccessReportService(session).preview(case.client)
