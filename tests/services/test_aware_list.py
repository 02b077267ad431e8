"""The list for the check on running connections (issue 17): only trajects that are aangesloten
or verlengd, per row the case reference, unit, start and end date and nothing else (parsed back
with pypdf: no names, streets or reasons from the case); a saved file is private (0600); print
and save are audited with ids only; a unit filter; a hulpverlener may not make the list."""

import json
import os
import stat
from datetime import date, timedelta

import pypdf
import pytest

from blijf_desktop.domain.aware import CONNECTION_MONTHS, State, term_ends
from blijf_desktop.domain.risk import CURRENT_VERSION
from blijf_desktop.i18n import format_date
from blijf_desktop.services.aware_list import RunningConnectionsList
from blijf_desktop.services.errors import InvalidInput, PermissionDenied
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.risk import RiskService
from blijf_desktop.storage import audit
from tests.services.test_aware import (  # noqa: F401 (fixtures)
    ADVICE, CONNECT, DECISION, REASON_TEXT, REQUEST, TODAY, case_id, clock, lead, receive,
    teamleider, to_connected,
)
from tests.services.test_intake import CHILDREN, CLIENT, PLEGERS
from tests.services.test_risk import ORANJE
from tests.server.fixtures import trail_of

pytestmark = pytest.mark.engines

SECRET_WORDS = ("Öztürk", "Ayşe", "Emre", "Elif", "Çelik", "Mehmet", "Kees", "Vries",
                "Veiligestraat", "Zaandam", "Purmerend", "Haarlem", "Kanarie", REASON_TEXT,
                ADVICE["advice"], ADVICE["agreements"], DECISION["reasons"], CONNECT["device"],
                REQUEST["asked"], REQUEST["necessity"], "Brigadier", "Twee meldingen")


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "parsed.pdf"
    path.write_bytes(pdf)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


@pytest.fixture
def running(lead, teamleider, case_id, clock):  # noqa: F811
    """Three cases: one connected (Amsterdam), one connected through Noord-Holland, one
    only started (not on the list)."""
    first = to_connected(lead, teamleider, case_id, clock)
    second_case = IntakeService(teamleider).save_intake(CLIENT, CHILDREN + PLEGERS)
    second = lead.start(second_case, "stalking", REASON_TEXT,
                        [p.id for p in IntakeService(teamleider).case(second_case).people])
    lead.step(second, State.INFORMATIE_GEVRAAGD, {**REQUEST, "unit": "noord_holland"})
    receive(teamleider, second_case, clock)
    lead.step(second, State.INFORMATIE_ONTVANGEN)
    RiskService(teamleider).record(second_case, CURRENT_VERSION, ORANJE)
    lead.step(second, State.ADVIES_OPGESTELD, ADVICE)
    lead.step(second, State.TOEGEKEND, {**DECISION, "decided_on": TODAY - timedelta(days=2)})
    lead.step(second, State.AANGESLOTEN, {**CONNECT, "connected_on": TODAY - timedelta(days=1),
                                          "end_date": date(2027, 3, 1)})
    third_case = IntakeService(teamleider).save_intake(CLIENT, PLEGERS)
    third = lead.start(third_case, "stalking", "",
                       [p.id for p in IntakeService(teamleider).case(third_case).people])
    return {"amsterdam": (case_id, first), "noord_holland": (second_case, second),
            "concept": (third_case, third)}


def test_the_list_holds_case_reference_unit_and_dates_and_nothing_personal(
        teamleider, running, clock, tmp_path):
    pdf = RunningConnectionsList(teamleider, today=clock).running_connections()
    text = text_of(pdf, tmp_path)
    amsterdam_case, _t = running["amsterdam"]
    nh_case, _t = running["noord_holland"]
    concept_case, _t = running["concept"]
    for expected in (str(amsterdam_case), str(nh_case), "Politie eenheid Amsterdam",
                     "Politie eenheid Noord-Holland", format_date(TODAY, "short"),
                     format_date(term_ends(TODAY), "short"),
                     format_date(TODAY - timedelta(days=1), "short"),
                     format_date(date(2027, 3, 1), "short"), "2 aansluitingen"):
        assert expected in text, expected
    assert CONNECTION_MONTHS == 6
    rows = [line for line in text.splitlines() if line.split(" ")[0] == str(concept_case)]
    assert rows == [], "a traject in concept is not a running connection"
    for word in SECRET_WORDS:
        assert word not in text, word
    assert "BSN" not in text


def test_a_unit_filter_leaves_the_other_units_out(teamleider, running, clock, tmp_path):
    pdf = RunningConnectionsList(teamleider, today=clock).running_connections("noord_holland")
    text = text_of(pdf, tmp_path)
    assert "1 aansluiting" in text and "Politie eenheid Noord-Holland" in text
    assert "Politie eenheid Amsterdam" not in text
    with pytest.raises(InvalidInput):
        RunningConnectionsList(teamleider, today=clock).running_connections("utrecht")


def test_a_saved_list_is_private_whole_and_audited_with_ids_only(
        teamleider, running, clock, tmp_path):
    target = tmp_path / "Lijst Öztürk map" / "lopende-aansluitingen.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older file, readable by all")
    os.chmod(target, 0o644)
    rows = RunningConnectionsList(teamleider, today=clock).save_running_connections(target)
    assert rows == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
    row = trail_of(teamleider).execute(
        "SELECT action, record_type, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    ids = sorted(t for _c, t in (running["amsterdam"], running["noord_holland"]))
    assert row[:2] == ("export", "aware_running_connections")
    assert json.loads(row[2]) == {"trajects": ids, "unit": None}
    assert "Öztürk" not in row[2] and "lopende" not in row[2]
    assert audit.verify(trail_of(teamleider)).ok


def test_a_list_that_cannot_be_written_is_refused_and_not_audited_as_saved(
        teamleider, running, clock, tmp_path):
    before = trail_of(teamleider).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidInput) as caught:
        RunningConnectionsList(teamleider, today=clock).save_running_connections(
            tmp_path / "no-such-folder" / "lijst.pdf")
    assert (caught.value.field, caught.value.problem) == ("file", "not_saved")
    after = trail_of(teamleider).execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert after == before


def test_printing_is_audited_and_a_hulpverlener_may_not_make_the_list(
        teamleider, caseworker, running, clock):
    RunningConnectionsList(teamleider, today=clock).running_connections()
    row = trail_of(teamleider).execute(
        "SELECT action, record_type FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert row == ("print", "aware_running_connections")
    with pytest.raises(PermissionDenied):
        RunningConnectionsList(caseworker, today=clock).running_connections()
