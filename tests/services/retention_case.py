"""A case for the destruction tests, recorded through the services with a unique token in
every name, so a scan can tell whether any of it is left: an intake (client, child, pleger,
a threat), a screening with a note that names the pleger, police information about the
client that names him, an AWARE traject, a signal sent to the zorgcoördinator, and drafts
that mention the case. The rest of the store is the demo's (other cases that must stay)."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from blijf_desktop import demo
from blijf_desktop.domain import sharing
from blijf_desktop.domain.people import Category, PersonData, ThreatEntry

LETTERS = "BCDFGHJKLMNPQRSTVWXZ"
DIGITS = "23456789"


def token() -> str:
    """Letter, digit, letter, digit...: every trigram holds a digit, so no demo name has one."""
    return "".join(secrets.choice(LETTERS if i % 2 == 0 else DIGITS) for i in range(6))


def trigrams(text: str) -> set[str]:
    text = text.lower()
    return {text[i:i + 3] for i in range(len(text) - 2)}


@dataclass
class CanaryCase:
    case_id: int
    client_id: int
    pleger_id: int
    threat_id: int
    screening_id: int
    client_token: str
    pleger_token: str
    threat_text: str
    note_text: str
    client_names: list[str]
    pleger_names: list[str]
    signal_sent: bool = True


def _tokens() -> tuple[str, str]:
    while True:
        client, pleger = token(), token()
        if not trigrams(client) & trigrams(pleger):
            return client, pleger


def record(session, today: date) -> CanaryCase:
    """Recorded by a teamleider `session` (she may do every step). On a server the signal is
    recorded but not sent: sending checks the clock against the trail's latest time
    (services/sharing._check_clock, audit.latest_time), which a desk's role does not read
    there yet (docs/server-mode.md section 10)."""
    from blijf_desktop.domain.police import Channel, PoliceInfoKind
    from blijf_desktop.domain.risk import CURRENT_VERSION
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.risk import RiskService
    from blijf_desktop.services.signals import SignalService
    from blijf_desktop.services.sharing import SharingService

    ct, pt = _tokens()
    client = PersonData(Category.CLIENT, first_names=f"Wilma{ct}", last_name=f"Kanarie{ct}",
                        street=f"Vogelkade{ct}", house_number="3", postcode="1011 AB",
                        residence="Almere", birth_date=date(1990, 4, 5), phone="+31611122233")
    child = PersonData(Category.CHILD, first_names=f"Pim{ct}", last_name=f"Kanarie{ct}",
                       relation="kind", birth_date=date(2018, 2, 3))
    pleger = PersonData(Category.PLEGER, first_names=f"Henk{pt}", last_name=f"Dader{pt}",
                        relation="ex_partner", street=f"Donkerlaan{pt}", residence="Lelystad",
                        birth_date=date(1985, 7, 8))
    intake = IntakeService(session, today=lambda: today)
    threat_text = f"Dreigbrief{ct} van Henk{pt}: hij wacht bij de school."
    case_id = intake.save_intake(client, [child, pleger],
                                 [(None, ThreatEntry(today, threat_text, source="cliënt"))])
    case = intake.case(case_id)
    client_id = case.client.id
    pleger_id = next(p.id for p in case.people if p.data.category is Category.PLEGER)
    threat_id = case.threats[0].id
    note_text = f"Toelichting{ct}: Henk{pt} staat elke avond bij haar werk."
    answers = demo._answers(ja=("stalking",), notes={"stalking": note_text})
    screening_id = RiskService(session).record(case_id, CURRENT_VERSION, answers)
    ExchangeService(session, today=lambda: today).record_incoming_police_info(
        case_id, "amsterdam", "Wijkagent Voorbeeld", today, Channel.MONDELING,
        [PoliceItem(client_id, PoliceInfoKind.VEILIGHEID,
                    f"Aandachtsadres; Dader{pt} is eerder bij haar gezien.")])
    AwareService(session, today=lambda: today).start(
        case_id, "ernstige_bedreiging", f"Henk{pt} volgt haar naar het werk.",
        [client_id, pleger_id])
    signals = SignalService(session, today=lambda: today,
                            clock=lambda: datetime.combine(today, time(10, 0)))
    fields = signals.prefill(case_id)
    fields.update({
        "signaal.omschrijving": f"Werkt zonder loon voor Dader{pt}.",
        "signaal.bron_naam": "Demo Teamleider", "signaal.bron_organisatie": "Blijf Groep",
        "samenvatting": "Werk zonder loon.", "vermoeden.economisch": "ja",
        "vraag2.hoe": "Werk zonder loon.", "dwang.sprake": "ja",
        "dwang.waaruit": "Paspoort ingehouden.", "hulp.geboden": "ja",
        "hulp.welke": "Opvang."})
    signal_id = signals.save(case_id, fields)
    if session.server_mode:
        return _canary_case(case_id, client_id, pleger_id, threat_id, screening_id, ct, pt,
                            threat_text, note_text, client, child, pleger, sent=False)
    flow = SharingService(session, today=lambda: today)
    chosen = {client_id: {"first_names", "last_name", "birth_date", "residence",
                          sharing.SIGNAL}}
    preview = flow.preview(case_id, sharing.ZORGCOORDINATOR, sharing.ChainPurpose.SIGNAAL.value,
                           chosen, signal_id=signal_id)
    flow.disclose(case_id, sharing.ZORGCOORDINATOR, sharing.ChainPurpose.SIGNAAL.value, chosen,
                  expected_sha256=preview.content_sha256, oral_or_written="schriftelijk",
                  asked="ongevraagd", signal_id=signal_id)
    return _canary_case(case_id, client_id, pleger_id, threat_id, screening_id, ct, pt,
                        threat_text, note_text, client, child, pleger, sent=True)


def _canary_case(case_id, client_id, pleger_id, threat_id, screening_id, ct, pt, threat_text,
                 note_text, client, child, pleger, sent: bool) -> CanaryCase:
    return CanaryCase(case_id, client_id, pleger_id, threat_id, screening_id, ct, pt,
                      threat_text, note_text,
                      [client.first_names, client.last_name, client.street, child.first_names],
                      [pleger.first_names, pleger.last_name, pleger.street], sent)


def demo_store(auth, today: date, server=None) -> None:
    """The demo's accounts and other cases; on a `server` (an EngineServer) its three
    accounts (made as tests/server/fixtures.make_account makes them, one team) and three
    synthetic cases of the teamleider's."""
    if server is None:
        demo.fill(auth, cases=4, today=today - timedelta(days=30))
        return
    import random

    from blijf_desktop.domain.roles import Role
    from blijf_desktop.services.intake import IntakeService
    from tests.server.fixtures import server_login

    for name, role, shown in ((demo.DEMO_ADMIN, Role.BEHEERDER, "Demo Beheerder"),
                              (demo.DEMO_USER, Role.TEAMLEIDER, "Demo Teamleider"),
                              (demo.DEMO_COLLEAGUE, Role.TEAMLEIDER, "Demo Collega")):
        server_login(server, name, demo.DEMO_PASSPHRASE, role, shown)
    lead = auth.login(demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        intake = IntakeService(lead, today=lambda: today - timedelta(days=30))
        rng = random.Random(2026)
        for _ in range(3):
            intake.save_intake(*demo.synthetic_case(rng, today - timedelta(days=30)))
    finally:
        lead.close()
