"""The `--demo` store: a throw-away folder with made-up people, so a newcomer sees a living
app. Every name, address and number here is synthetic (random combinations)."""

import random
from dataclasses import replace
from datetime import date, timedelta

from blijf_desktop import demo_accounts, demo_incidents, demo_settings, demo_teams
from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.demo_requests import fill_requests
from blijf_desktop.services.risk import RiskService

DEMO_USER = "demo"
DEMO_COLLEAGUE = "collega"  # a second teamleider, to verify a consent (same passphrase)
DEMO_ADMIN = "beheer"
DEMO_PASSPHRASE = "Demo-Blijf-Oefenen-2026"

FIRST_WOMEN = ["Anouk", "Ayşe", "Fatima", "Sanne", "Priya", "Chantal", "Marieke", "Yasmina",
               "Ilse", "Nadia", "Esra", "Joyce", "Sevgi", "Lotte", "Amal", "Renée", "Mirjam"]
FIRST_MEN = ["Mehmet", "Kevin", "Rachid", "Dennis", "Sander", "Emre", "Johan", "Youssef",
             "Patrick", "Rico", "Bram", "Hakan", "Marco"]
FIRST_CHILDREN = ["Noor", "Daan", "Lina", "Sem", "Elif", "Milan", "Zeynep", "Finn", "Aya",
                  "Luuk", "Mila", "Adam", "Saar", "Emir"]
LAST = ["Öztürk", "de Wit", "Bakker", "El Amrani", "Çelik", "Jansen", "van Dam", "Yılmaz",
        "Visser", "Bouzid", "Kramer", "Şahin", "de Groot", "Mulder", "Hoekstra", "Aydın",
        "van Leeuwen", "Brouwer", "Benali", "Smit"]
PLACES = ["Amsterdam", "Zaandam", "Purmerend", "Almere", "Lelystad", "Hoorn", "Haarlem",
          "Utrecht", "Amstelveen", "Alkmaar", "Hilversum", "Dronten"]
STREETS = ["Lindelaan", "Kastanjestraat", "Molenweg", "Havenkade", "Tulpstraat", "Dorpsstraat",
           "Beukenlaan", "Parkweg", "Zeilmakerij", "Vlierstraat"]
THREATS = [
    "Hij stuurt dreigende berichten en zegt te weten waar zij nu verblijft.",
    "Is gezien bij de school van de kinderen.",
    "Heeft gedreigd de kinderen mee te nemen naar het buitenland.",
    "Staat 's avonds voor het huis van haar zus.",
    "Belt steeds met een anoniem nummer.",
]


def _phone(rng: random.Random) -> str:
    return "+316" + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _address(rng: random.Random, secret: bool = False) -> dict:
    return {"street": rng.choice(STREETS), "house_number": str(rng.randint(1, 180)),
            "postcode": f"{rng.randint(1000, 9999)} {rng.choice('ABCDEGHJKLMNPRTVWXZ')}"
                        f"{rng.choice('ABCDEGHJKLMNPRTVWXZ')}",
            "residence": rng.choice(PLACES), "address_secret": secret}


def _birth(rng: random.Random, today: date, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low * 365, high * 365))


def synthetic_case(rng: random.Random, today: date):
    last = rng.choice(LAST)
    first = rng.choice(FIRST_WOMEN)
    client_birth = _birth(rng, today, 19, 58)
    client = PersonData(Category.CLIENT, first_names=first, last_name=last,
                        birth_place=rng.choice(PLACES), birth_date=client_birth,
                        phone=_phone(rng), email=f"{first.lower()[:3]}{rng.randint(10, 99)}@voorbeeld.nl",
                        **_address(rng, secret=rng.random() < 0.5))
    others = []
    child_surname = rng.choice(LAST)
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        age = rng.randint(1, 16)
        born = max(today - timedelta(days=age * 365 + rng.randint(0, 300)), client_birth + timedelta(days=17 * 365))
        others.append(PersonData(Category.CHILD, first_names=rng.choice(FIRST_CHILDREN),
                                 last_name=child_surname, birth_date=min(born, today),
                                 relation="kind", residence=client.residence))
    others.append(PersonData(Category.PLEGER, first_names=rng.choice(FIRST_MEN), last_name=child_surname,
                             birth_date=_birth(rng, today, 20, 65), phone=_phone(rng),
                             relation=rng.choice(["ex_partner", "partner", "vader_van_kind"]),
                             **_address(rng)))
    if rng.random() < 0.3:
        others.append(PersonData(Category.PLEGER, first_names=rng.choice(FIRST_MEN),
                                 last_name=rng.choice(LAST), relation="familielid",
                                 residence=rng.choice(PLACES)))
    if rng.random() < 0.5:
        others.append(PersonData(Category.DERDE, first_names=rng.choice(FIRST_WOMEN),
                                 last_name=last, relation="familielid", phone=_phone(rng),
                                 residence=rng.choice(PLACES)))
    threats = [(None, ThreatEntry(today - timedelta(days=rng.randint(0, 60)), rng.choice(THREATS)))
               for _ in range(rng.randint(0, 2))]
    return client, others, threats


def fill(auth: AuthService, cases: int = 36, seed: int = 2026, today: date | None = None,
         history: bool = False) -> None:
    """Make the demo accounts (ready to work) and `cases` synthetic cases; `history`: also a
    year of earlier cases for the Jaarcijfers (demo_figures.py). On a server (`auth` a
    ServerAuthService) the demo beheerder's account is there already (`server init
    --first-beheerder`, tests/server/local_server.py --demo)."""
    today = today or date.today()
    on_server = getattr(auth, "server_mode", False)
    if on_server:
        session = auth.login(DEMO_ADMIN, DEMO_PASSPHRASE)
    else:
        session, _recovery = auth.create_store(DEMO_ADMIN, "Demo Beheerder", DEMO_PASSPHRASE,
                                               passphrase_only=True)
    admin = AccountService(session)
    admin.accept_confidentiality()
    demo_accounts.fill(auth, session, DEMO_USER, DEMO_COLLEAGUE, DEMO_PASSPHRASE)
    session.close()
    lead = auth.login(DEMO_USER, DEMO_PASSPHRASE)
    intake = IntakeService(lead, today=lambda: today)
    rng = random.Random(seed)
    with_signal = cases >= 4  # the last case is one of suspected trafficking
    case_ids = [intake.save_intake(*synthetic_case(rng, today))
                for _ in range(cases - with_signal)]
    _screenings(RiskService(lead), case_ids)
    if case_ids:
        _exchanges(lead, intake, case_ids[-1], today)
    _trajects(lead, intake, case_ids, today)
    if history:
        _history(lead, today, rng)
    if with_signal:
        _sharing(lead, *_trafficking_signal(lead, intake, today), today)
    fill_requests(lead, intake, case_ids, today)
    intake.save_draft(_unfinished_intake(today))
    _informatieplicht(lead)
    people = [p.id for p in intake.case(case_ids[0]).people] if case_ids else []
    lead.close()
    demo_incidents.fill(auth, DEMO_ADMIN, DEMO_PASSPHRASE, people, DEMO_COLLEAGUE)
    if len(case_ids) >= 8:
        _retention(auth, case_ids[3:7], today)
    if not on_server:  # a server's backups are the server's (SECURITY.md)
        from blijf_desktop.demo_backup import make_demo_backup

        make_demo_backup(auth, DEMO_ADMIN, DEMO_PASSPHRASE)
    demo_settings.fill(auth, DEMO_ADMIN, DEMO_PASSPHRASE, DEMO_USER)  # a setting waits (issue 21)
    if len(case_ids) >= 2:  # two teams, a "bekend bij", a break to review (issue 22)
        demo_teams.fill(auth, DEMO_ADMIN, DEMO_COLLEAGUE, DEMO_PASSPHRASE, *case_ids[:2])


def _informatieplicht(session) -> None:
    from blijf_desktop import demo_rights
    from blijf_desktop.services.information_duty import InformationDutyService

    waiting = InformationDutyService(session).overview()
    demo_rights.fill(session, [(w.person_id, w.category) for w in waiting])


def _history(session, today: date, rng: random.Random) -> None:
    """A year of earlier cases for the Jaarcijfers (issue 21): the charts show months, and
    some cells are small enough to be suppressed."""
    from blijf_desktop import demo_figures

    demo_figures.record(session, demo_figures.plan(today, cases=130), synthetic_case, rng)


def _answers(ja: tuple[str, ...] = (), onbekend: tuple[str, ...] = (),
             notes: dict | None = None) -> dict:
    from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS, Answer, AnswerValue

    def value(code):
        if code in ja:
            return AnswerValue.JA
        return AnswerValue.ONBEKEND if code in onbekend else AnswerValue.NEE

    return {code: Answer(value(code), (notes or {}).get(code, ""))
            for code in SCREENINGS[CURRENT_VERSION].codes}


def _screenings(risk: RiskService, case_ids: list[int]) -> None:
    """A few cases with a risicotaxatie: one history of two (what changed shows), one with a
    level raised by professional judgement, one plain."""
    from blijf_desktop.domain.risk import CURRENT_VERSION, Level

    if len(case_ids) < 3:
        return
    first, second, third = case_ids[0], case_ids[1], case_ids[2]
    risk.record(first, CURRENT_VERSION, _answers(ja=("controle", "jaloezie"),
                                                 onbekend=("stalking",)))
    risk.record(first, CURRENT_VERSION, _answers(
        ja=("controle", "jaloezie", "stalking", "scheiding"),
        notes={"stalking": "Stuurt elke avond berichten en staat bij haar werk."}))
    risk.record(second, CURRENT_VERSION, _answers(ja=("escalatie",), onbekend=("wapen",)),
                Level.ROOD, "Hij heeft haar nieuwe adres gevonden; zij is erg bang.")
    risk.record(third, CURRENT_VERSION, _answers(ja=("isolatie",)))


def _exchanges(session, intake: IntakeService, case_id: int, today: date) -> None:
    """The register alive: an infocheck that went out, and the police's answer about the
    pleger with his danger flags (both made up)."""
    from blijf_desktop.domain.exchanges import Initiative, Purpose
    from blijf_desktop.domain.police import Channel, DangerFlag, PoliceInfoKind
    from blijf_desktop.domain.risk import AnswerValue
    from blijf_desktop.services.exchanges import ExchangeService, PoliceItem

    register = ExchangeService(session, today=lambda: today)
    case = intake.case(case_id)
    client = case.client.id
    pleger = next(p.id for p in case.people if p.data.category is Category.PLEGER)
    register.record_outgoing(case_id, "amsterdam", Purpose.INFOCHECK, Initiative.GEVRAAGD,
                             Channel.MONDELING, {client: {"first_names", "last_name",
                                                         "birth_date", "residence"},
                                                 pleger: {"first_names", "last_name",
                                                          "birth_date"}},
                             summary="Telefonisch infocheck gevraagd na aanmelding.",
                             exchanged_on=today - timedelta(days=3))
    register.record_incoming_police_info(
        case_id, "amsterdam", "Wijkagent J. Voorbeeld", today - timedelta(days=1),
        Channel.MONDELING, [
            PoliceItem(pleger, PoliceInfoKind.GEVARENCLASSIFICATIE, flags={
                DangerFlag.WAPENGEVAARLIJK: AnswerValue.JA,
                DangerFlag.GEWELD_VERZETPLEGER: AnswerValue.JA,
                DangerFlag.ALCOHOLIST: AnswerValue.NEE}),
            PoliceItem(pleger, PoliceInfoKind.GEWELDSINCIDENTEN,
                       "Twee meldingen van mishandeling van een ex-partner (2024)."),
            PoliceItem(client, PoliceInfoKind.VEILIGHEID,
                       "Adres van de cliënt is bij de politie bekend als aandachtsadres."),
        ], purpose=Purpose.INFOCHECK)
    # She has moved since the infocheck: the police had her old residence (Blijf 6.4), so a
    # follow-up task waits to tell them.
    data = case.client.data
    moved = next(p for p in PLACES if p != data.residence)
    intake.update_person(client, replace(data, residence=moved))


def _trajects(session, intake: IntakeService, case_ids: list[int], today: date) -> None:
    """AWARE in telling states: a running alarm whose review is overdue, a request awaiting
    the police's answer, and a running alarm reviewed on time (all made up)."""
    from blijf_desktop.domain.aware import State
    from blijf_desktop.domain.police import Channel, PoliceInfoKind
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.exchanges import ExchangeService, PoliceItem

    if len(case_ids) < 3:
        return
    day = [today]
    aware = AwareService(session, today=lambda: day[0])
    register = ExchangeService(session, today=lambda: day[0])

    def begin(case_id: int, weeks_ago: int) -> int:
        day[0] = today - timedelta(weeks=weeks_ago)
        people = [p.id for p in intake.case(case_id).people]
        traject = aware.start(case_id, "ernstige_bedreiging", "", people)
        aware.step(traject, State.INFORMATIE_GEVRAAGD, {
            "unit": "amsterdam", "asked": "Relevante incidenten en de gevarenclassificatie.",
            "necessity": "Zij wordt ernstig bedreigd; voor het alarm is een veiligheidsadvies "
                         "nodig.", "answer_by": day[0] + timedelta(days=7)})
        return traject

    def connect(case_id: int, traject: int, weeks_ago: int) -> None:
        pleger = next((p.id for p in intake.case(case_id).people
                       if p.data.category is Category.PLEGER), intake.case(case_id).client.id)
        register.record_incoming_police_info(
            case_id, "amsterdam", "Wijkagent J. Voorbeeld", day[0], Channel.MONDELING,
            [PoliceItem(pleger, PoliceInfoKind.GEWELDSINCIDENTEN, "Eén melding (2025).")])
        aware.step(traject, State.INFORMATIE_ONTVANGEN)
        aware.step(traject, State.ADVIES_OPGESTELD, {
            "measures": {"aware": True, "veilig_adres": False, "alarmtraining": True,
                         "veiligheidsplan": True},
            "advice": "AWARE-alarm aansluiten; alarmtraining en een eigen veiligheidsplan."})
        day[0] = today - timedelta(weeks=weeks_ago)
        aware.step(traject, State.TOEGEKEND, {
            "committee": ["politie", "blijf", "veilig_thuis"], "decided_on": day[0],
            "reasons": "Ernstige bedreiging; hij weet waar zij werkt."})
        aware.step(traject, State.AANGESLOTEN, {"connected_on": day[0],
                                                "device": f"AW-DEMO-{traject:03d}"})

    overdue = begin(case_ids[0], 7)
    connect(case_ids[0], overdue, 6)  # no review since: overdue after four weeks
    running = begin(case_ids[2], 6)
    connect(case_ids[2], running, 5)
    day[0] = today - timedelta(weeks=1)
    aware.review(running, {"reviewed_on": day[0], "contact": True, "still_needed": True,
                           "incidents": "Geen."})
    day[0] = today
    begin(case_ids[1], 0)  # the police have not answered yet


def _trafficking_signal(session, intake: IntakeService,
                        today: date) -> tuple[int, int, int, int]:
    """A case of suspected labour exploitation with a signaal mensenhandel saved, not sent
    (issue 18): the form pre-filled from the case, the rest typed (all made up)."""
    from datetime import datetime, time

    from blijf_desktop.services.signals import SignalService

    client = PersonData(Category.CLIENT, first_names="Elif", last_name="Benali",
                        birth_date=today - timedelta(days=20 * 365 + 47), residence="Almere",
                        phone="+31655501234")
    exploiter = PersonData(Category.PLEGER, first_names="Marco", last_name="Kramer",
                           relation="kennis", residence="Lelystad",
                           birth_date=today - timedelta(days=44 * 365))
    case_id = intake.save_intake(client, [exploiter])
    written = today - timedelta(days=22)  # the day before it went to the zorgcoördinator
    signals = SignalService(session, today=lambda: written,
                            clock=lambda: datetime.combine(written, time(10, 15)))
    fields = signals.prefill(case_id)
    fields.update({
        "signaal.omschrijving": "Werkt zes dagen per week in een nagelsalon; krijgt geen loon "
                                "en moet een schuld voor de reis afbetalen.",
        "signaal.bron_naam": "Demo Teamleider", "signaal.bron_organisatie": "Blijf Groep",
        "slachtoffer.geslacht": "vrouw", "slachtoffer.woonsituatie": "Woonde boven de salon.",
        "samenvatting": "Cliënte werkte in de nagelsalon van een kennis.\nZij kreeg geen loon "
                        "en haar paspoort is ingehouden.\nSinds twee weken in de opvang.",
        "vermoeden.economisch": "ja",
        "vraag2.hoe": "Werk zonder loon; een schuld die steeds groter wordt.",
        "vraag2.werk": "Nagelsalon, schoonmaak van de bovenwoning.",
        "dwang.sprake": "ja", "dwang.waaruit": "Paspoort ingehouden; dreiging met de schuld.",
        "hulp.geboden": "ja", "hulp.welke": "Opvang bij Blijf Groep.",
    })
    people = intake.case(case_id).people
    pleger = next(p.id for p in people if p.data.category is Category.PLEGER)
    return case_id, intake.case(case_id).client.id, pleger, signals.save(case_id, fields)


def _sharing(session, case_id: int, client: int, exploiter: int, signal_id: int,
             today: date) -> None:
    """The chain alive (issue 18), all made up: the signal went to the zorgcoördinator without
    consent three weeks ago; a consent for the RIEC was verified and the RIEC was served; the
    client withdrew it three days ago, so a follow-up task waits to tell the RIEC; a new
    consent for the prosecutor waits for a second teamleider's verification."""
    from blijf_desktop.domain import sharing
    from blijf_desktop.domain.consent import Scope, Weighing, fingerprint
    from blijf_desktop.services.consent import ConsentService
    from blijf_desktop.services.sharing import SharingService

    day = [today]
    flow = SharingService(session, today=lambda: day[0])
    consents = ConsentService(session, today=lambda: day[0])
    kinds = {"first_names", "last_name", "birth_date", "residence", sharing.SIGNAL}

    def send(recipient: str, purpose: str) -> None:
        chosen = {client: kinds}
        preview = flow.preview(case_id, recipient, purpose, chosen, signal_id=signal_id)
        flow.disclose(case_id, recipient, purpose, chosen, expected_sha256=preview.content_sha256,
                      oral_or_written="schriftelijk", asked="ongevraagd", signal_id=signal_id)

    def consent(recipient: str, purpose: str) -> int:
        # The signal carries the exploiter's name and town too: the consent names him.
        return consents.prepare(case_id, Scope({recipient}, {purpose}, {client, exploiter},
                                               set(kinds), day[0], signal_ids={signal_id}),
                                "blijf", "stemt_in", "", Weighing(
            "Advies over de aanpak van de uitbuiter.", "Zonder de gegevens geen aanpak.",
            "Alleen het signaal en haar initialen, geanonimiseerd.",
            "Anoniem bespreken in het zorgoverleg gaf te weinig.",
            "Zij wil dat het stopt; haar veiligheid in de opvang gaat voor."))

    day[0] = today - timedelta(days=21)
    send(sharing.ZORGCOORDINATOR, sharing.ChainPurpose.SIGNAAL.value)
    day[0] = today - timedelta(days=18)
    first = consent(sharing.RIEC, sharing.ChainPurpose.RIEC_ADVIES.value)
    shown = next(c for c in consents.for_case(case_id) if c.id == first)  # as her panel shows it
    consents.verify(first, DEMO_COLLEAGUE, DEMO_PASSPHRASE, seen=fingerprint(shown))
    send(sharing.RIEC, sharing.ChainPurpose.RIEC_ADVIES.value)
    day[0] = today - timedelta(days=3)
    consents.withdraw(first, "Cliënte wil niet dat het RIEC verder met haar gegevens werkt.",
                      day[0])
    day[0] = today
    consent(sharing.OM, sharing.ChainPurpose.STRAFRECHTELIJK.value)


def _retention(auth: AuthService, case_ids: list[int], today: date) -> None:
    """Bewaartermijnen alive (issue 20), all made up: a case past its term proposed by the
    colleague and waiting for a second user (the demo user may approve it); one due within
    weeks; one sent back with a reason; one destroyed, with its statement to print."""
    from blijf_desktop.services.case_closing import CaseClosingService
    from blijf_desktop.services.retention import RetentionService

    waiting, soon, sent_back, destroyed = case_ids
    sessions = {name: auth.login(name, DEMO_PASSPHRASE)
                for name in (DEMO_USER, DEMO_COLLEAGUE, DEMO_ADMIN)}
    try:
        lead = sessions[DEMO_USER]
        for case_id, days in ((waiting, 3680), (soon, 3630), (sent_back, 3700),
                              (destroyed, 3720)):
            closed = today - timedelta(days=days)
            CaseClosingService(lead, today=lambda closed=closed: closed).close_case(case_id)

        def service(name: str) -> RetentionService:
            return RetentionService(sessions[name], today=lambda: today)

        service(DEMO_COLLEAGUE).propose(waiting, note="Termijn verstreken; geen lopende zaken.")
        back = service(DEMO_COLLEAGUE).propose(sent_back)
        service(DEMO_ADMIN).send_back(back, "Er loopt nog een klachtprocedure; over een jaar "
                                            "opnieuw bekijken.")
        gone = service(DEMO_COLLEAGUE).propose(destroyed)  # the beheerder made her account:
        service(DEMO_ADMIN).approve(gone)  # she reviews, she never approves for her
        service(DEMO_ADMIN).carry_out(gone)
    finally:
        for session in sessions.values():
            session.close()


def _unfinished_intake(today: date) -> dict:
    """An intake left half-done (no last name yet): "Nieuwe intake" offers it to go on with."""
    return {"version": 1, "saved_at": f"{today.isoformat()}T08:40:00",
            "client": {"first_names": "Marieke", "residence": "Hoorn", "phone": "06 21436587"},
            "children": [{"relation": "kind", "first_names": "Finn"}], "derden": [],
            "plegers": [], "threats": [{"date": today.strftime("%d-%m-%Y"), "about": "client",
                                        "location": "", "description": "Hij wacht haar op bij "
                                        "het station, zegt de cliënt."}]}
