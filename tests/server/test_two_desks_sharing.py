"""Sharing and break-the-glass across desks on one server (issue 23's "Done means"): each user
logs in at her own desk folder as her own login role, through the real login, and works with
the real services. A consent prepared at one desk is verified by a second teamleider at
another, with her passphrase; a break-the-glass at one desk is in the owning team's review
list at another. Synthetic people only."""

import json
from datetime import date, timedelta

import pytest

from blijf_desktop.domain import sharing
from blijf_desktop.domain.consent import Scope, State, Weighing, fingerprint
from blijf_desktop.domain.consent_gate import Missing
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.case_gate import ensure_access
from blijf_desktop.services.consent import ConsentService
from blijf_desktop.services.errors import (ApprovalFailed, InvalidInput, OtherTeamsCase,
                                           PermissionDenied)
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.server_auth import ServerAuthService
from blijf_desktop.storage import audit, consents
from blijf_desktop.storage.paths import StorePaths
from tests.conftest import FAST_POLICY
from tests.server.fixtures import server_login, trail_of

CLIENT = PersonData(Category.CLIENT, first_names="Sanne", last_name="Tweeloket",
                    residence="Zwolle", birth_date=date(1990, 5, 17))
PREPARER, PREPARER_PASS = "anouk", "Rode-Kraanvogel-Vliegt-7"
VERIFIER, VERIFIER_PASS = "bente", "Groene-Specht-Klopt-31"
NOORD, NOORD_PASS = "noor", "Witte-Zwaan-Zwemt-2026"  # hulpverlener, team 1
ZUID, ZUID_PASS = "zara", "Bruine-Uil-Roept-2026"  # hulpverlener, another team
WEIGHING = Weighing("Advies over de aanpak.", "Zonder advies geen aanpak.",
                    "Alleen haar naam.", "Anoniem bespreken gaf te weinig.",
                    "Zij wil dat de uitbuiting stopt.")
RIEC, ADVIES = sharing.RIEC, "riec_advies"


def desk(engine_server, folder, device, username, passphrase):
    """Her login at the desk whose store folder is `folder`."""
    auth = ServerAuthService(engine_server.address(), StorePaths(folder), device, FAST_POLICY)
    return auth.login(username, passphrase)


@pytest.fixture
def desks(engine_server, tmp_path, device):
    """Two teamleiders of team 1 at desks 1 and 2, a hulpverlener of team 1 and one of team 2
    ("Zuid") at desks 3 and 4; team 1's case of Sanne Tweeloket, saved at desk 3."""
    zuid = engine_server.admin.execute(
        "INSERT INTO teams (name, created_at) VALUES ('Zuid', '2026-12-06') RETURNING id"
    ).fetchone()[0]
    for name, passphrase, role, shown, teams in (
            (PREPARER, PREPARER_PASS, Role.TEAMLEIDER, "Synthetische Anouk", (1,)),
            (VERIFIER, VERIFIER_PASS, Role.TEAMLEIDER, "Synthetische Bente", (1,)),
            (NOORD, NOORD_PASS, Role.HULPVERLENER, "Synthetische Noor", (1,)),
            (ZUID, ZUID_PASS, Role.HULPVERLENER, "Synthetische Zara", (zuid,))):
        server_login(engine_server, name, passphrase, role, shown, teams=teams)
    opened = {}
    try:
        for number, (name, passphrase) in enumerate(
                ((PREPARER, PREPARER_PASS), (VERIFIER, VERIFIER_PASS), (NOORD, NOORD_PASS),
                 (ZUID, ZUID_PASS)), start=1):
            opened[name] = desk(engine_server, tmp_path / f"desk-{number}", device, name,
                                passphrase)
        intake = IntakeService(opened[NOORD])
        case_id = intake.save_intake(CLIENT, [])
        client = intake.case(case_id).client.id
        yield opened, case_id, client
    finally:
        for session in opened.values():
            session.close()


def _scope(client: int) -> Scope:
    return Scope({RIEC}, {ADVIES}, {client}, {"last_name"}, date.today() - timedelta(days=1))


def _missing(session, case_id, client):
    gate = ConsentService(session).gate(case_id, RIEC, ADVIES, {client: {"last_name"}})
    return [m.missing for m in gate.missing], gate.consent_ids


def test_a_consent_prepared_at_one_desk_is_verified_by_a_teamleider_at_another(desks):
    opened, case_id, client = desks
    anouk, bente = opened[PREPARER], opened[VERIFIER]
    consent_id = ConsentService(anouk).prepare(case_id, _scope(client), "blijf", "stemt_in",
                                               "", WEIGHING)
    assert _missing(anouk, case_id, client) == ([Missing.WACHT_OP_VERIFICATIE], ())
    # At desk 2 Bente sees the ontwerp Anouk prepared at desk 1 ...
    [waiting] = ConsentService(bente).for_case(case_id)
    assert (waiting.id, waiting.state, waiting.prepared_by) == (
        consent_id, State.ONTWERP, anouk.user.id)
    seen = fingerprint(consents.get(bente.db.conn, consent_id))
    service = ConsentService(bente)
    # ... the preparer's own passphrase typed there proves nothing, a wrong one of hers
    # neither (the server checks it) ...
    with pytest.raises(InvalidInput) as refused:
        service.verify(consent_id, PREPARER, PREPARER_PASS, seen=seen)
    assert refused.value.problem == "approver_is_preparer"
    with pytest.raises(ApprovalFailed):
        service.verify(consent_id, VERIFIER, "Verkeerd-Wachtwoord-99", seen=seen)
    assert _missing(anouk, case_id, client)[0] == [Missing.WACHT_OP_VERIFICATIE]
    # ... and her own passphrase verifies it: the gate opens at desk 1.
    service.verify(consent_id, VERIFIER, VERIFIER_PASS, seen=seen)
    assert _missing(anouk, case_id, client) == ([], (consent_id,))
    [active] = ConsentService(anouk).for_case(case_id)
    assert (active.state, active.verified_by) == (State.ACTIEF, bente.user.id)
    trail = [r for r in audit.recent(trail_of(anouk), 1000)
             if r.record_type == "consent" and r.record_id == str(consent_id)]
    assert [(r.user_id, r.action, r.reason) for r in reversed(trail)] == [
        (anouk.user.id, "change", "voorbereid"),
        (bente.user.id, "approval_failed", "approver_is_preparer"),
        (bente.user.id, "approval_failed", "wrong_credentials"),
        (bente.user.id, "change", "geverifieerd")]
    assert json.loads(trail[0].detail)["approver"] == bente.user.id
    assert "Verkeerd" not in json.dumps([r.__dict__ for r in trail])


def test_the_second_teamleider_may_also_confirm_at_the_preparers_desk(desks):
    """As at a single desk, she may type her name and passphrase where the consent was
    prepared: the server, not this desk's draft store (no slot of hers), checks it."""
    opened, case_id, client = desks
    anouk = opened[PREPARER]
    service = ConsentService(anouk)
    consent_id = service.prepare(case_id, _scope(client), "blijf", "stemt_in", "", WEIGHING)
    seen = fingerprint(consents.get(anouk.db.conn, consent_id))
    with pytest.raises(ApprovalFailed):
        service.verify(consent_id, "niemand", VERIFIER_PASS, seen=seen)
    service.verify(consent_id, VERIFIER, VERIFIER_PASS, seen=seen)
    assert service.for_case(case_id)[0].verified_by == opened[VERIFIER].user.id


def test_a_break_the_glass_at_one_desk_is_in_the_review_list_at_another(desks):
    opened, case_id, client = desks
    zara, anouk = opened[ZUID], opened[PREPARER]
    review = BreakGlassService(anouk)
    assert review.review_list() == []
    with pytest.raises(OtherTeamsCase):
        ensure_access(zara, "case", case_id)
    break_id = BreakGlassService(zara).break_glass(case_id, "crisisopvang",
                                                   "Cliënt staat nu aan de balie.")
    assert IntakeService(zara).case(case_id).client.data.last_name == "Tweeloket"
    # Desk 1, team 1's teamleider: Zara's break of her team's case, with its reason.
    [row] = review.review_list(open_only=True)
    assert (row.row.id, row.row.user_id, row.row.case_id, row.row.reason_code, row.row.text,
            row.team_name) == (break_id, zara.user.id, case_id, "crisisopvang",
                               "Cliënt staat nu aan de balie.", "Hoofdlocatie")
    review.review(break_id, "navragen", "Vragen waarom niet via de eigen teamleider.")
    assert review.review_list(open_only=True) == []
    # Desk 2, the other teamleider of team 1, sees the review; the break's author at desk 4
    # has no review list at all.
    [seen] = BreakGlassService(opened[VERIFIER]).review_list()
    assert (seen.row.verdict, seen.row.reviewed_by) == ("navragen", "Synthetische Anouk")
    with pytest.raises(PermissionDenied):
        BreakGlassService(zara).review_list()
    rows = audit.recent(trail_of(anouk), 1000)
    assert [(r.user_id, r.record_id, r.reason) for r in rows if r.action == "break_glass"] == [
        (zara.user.id, str(case_id), "crisisopvang")]
    assert "balie" not in json.dumps([r.__dict__ for r in rows])  # the text is no audit detail
