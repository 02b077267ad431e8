"""The incident report for the covenant partners holds no personal data (Blijf 9.3): made on a
real store whose people are the proof suite's canaries, from an incident whose free text names
them on purpose (an adversary, or a slip), parsed back with pypdf and scanned for every
canary's forms. It does hold what the partners need: the number, ids, counts, the clock."""

from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.incidents import IncidentInput, IncidentService
from blijf_desktop.services.intake import IntakeService
from tests.security.canaries import PEOPLE, RELATION, canaries, new_token
from tests.security.scanner import scan_folder

# On a server the masker asks the definer incident_terms (migration 0036) for the names and
# places in her own text: the same canaries must be gone from the PDF.
pytestmark = pytest.mark.engines

FOUND = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
H = timedelta(hours=1)


def canary_people(found: dict) -> list[PersonData]:
    people = []
    for key, category, _tag in PEOPLE:
        values = {name.split(".", 1)[1]: c for name, c in found.items()
                  if name.startswith(key + ".") and name.count(".") == 1}
        fields = {}
        for field, canary in values.items():
            if field == "birth_date":
                fields[field] = date.fromisoformat(canary.kept_form)
            else:
                fields[field] = canary.kept_form if field == "phone" else canary.typed
        if key == "client":
            fields["address_secret"] = True
        people.append(PersonData(category, relation=RELATION.get(key, ""), **fields))
    return people


@pytest.fixture
def made(created, caseworker, tmp_path):
    admin, _recovery = created
    AccountService(admin).accept_confidentiality()
    token = new_token()
    found = canaries(token)
    client, *others = canary_people(found)
    intake = IntakeService(caseworker)
    case = intake.case(intake.save_intake(client, others))
    ids = sorted(p.id for p in case.people)
    c = {name: found[name] for name in found}
    # Every identifying form typed into the free text, as a careless or hostile hand would.
    slip = (f"Map van {c['client.first_names'].typed} {c['client.last_name'].typed}, "
            f"{c['client.street'].typed} {c['client.house_number'].typed}, "
            f"{c['client.postcode'].typed} {c['client.residence'].typed}, geboren "
            f"{c['client.birth_date'].typed} in {c['client.birth_place'].typed}, "
            f"mail {c['client.email'].typed}, tel. {c['client.phone'].typed}. Pleger "
            f"{c['pleger.last_name'].typed} ({c['pleger.phone'].also[0]}) kreeg de map "
            f"van {c['derde.first_names'].typed}.")
    service = IncidentService(admin, now=lambda: FOUND + 80 * H)
    incident_id = service.register(IncidentInput(
        "verkeerde_ontvanger", FOUND, slip, {"naw", "geheim_adres", "contact"}, ids,
        [admin.user.id], "hoog_risico", f"Risico: {c['client.last_name'].typed} is bekend.",
        f"Map terug bij {c['derde.last_name'].typed}."))
    service.notify(incident_id, "partners", FOUND + 2 * H)
    service.notify(incident_id, "ap", FOUND + 75 * H, "voorlopig", reference="M-2026-7",
                   late_reason=f"Pas laat bekend via {c['child.first_names'].typed}.")
    folder = tmp_path / "report"
    folder.mkdir()
    path = folder / "incident.pdf"
    service.save_report(incident_id, path)
    return path, found, incident_id, ids


def test_the_report_holds_no_personal_data(made):
    path, found, _incident_id, _ids = made
    result = scan_folder(path.parent, found)
    assert result.files == 1
    assert not result.hits, [f"{h.canary} ({h.where})" for h in result.hits]


def test_the_report_holds_what_the_partners_need(made):
    path, _found, incident_id, ids = made
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    flat = " ".join(text.split())
    assert "Melding beveiligingsincident" in flat
    assert f"Incident {incident_id}" in flat
    assert ", ".join(str(i) for i in ids) in flat
    assert "4 personen (cliënt 1, kind 1, derde 1, pleger 1)" in flat
    assert "hoog risico" in flat and "te laat gemeld, na 75 uur" in flat
    assert "voorlopige melding" in flat and "M-2026-7" in flat
    assert "[weggelaten]" in flat and "[e-mail]" in flat and "[nummer]" in flat
    assert "art. 9.3" in flat and "AVG art. 33(1)" in flat
    meta = PdfReader(path).metadata
    assert meta.title == "Melding beveiligingsincident"
