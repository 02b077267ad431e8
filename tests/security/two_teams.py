"""Two teams on a real store (issue 22): Team Noord (the store's first team, renamed) and Team
Zuid, a caseworker and a teamleider in each, and a case of Team Zuid whose client lives at a
secret address, with the pleger who threatens her. The adversary is Noord's caseworker, a
colleague at another location who knows the pleger."""

from dataclasses import dataclass
from datetime import date

import pytest

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.roles import Role
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.teams import TeamService
from tests.conftest import ready_user

PASS = {"noord": "Rode-Kievit-Roept-2026", "noordleider": "Grijze-Reiger-Wacht-2026",
        "zuid": "Witte-Zwaan-Drijft-2026", "zuidleider": "Bruine-Uil-Waakt-2026"}
ROLES = {"noord": Role.HULPVERLENER, "noordleider": Role.TEAMLEIDER,
         "zuid": Role.HULPVERLENER, "zuidleider": Role.TEAMLEIDER}
# Synthetic people: a secret shelter address the adversary must never read.
SECRET_STREET, SECRET_TOWN = "Schuilplaatsweg", "Verborgenhaven"
CLIENT = PersonData(Category.CLIENT, first_names="Ilse", last_name="Zuidkant-Proef",
                    street=SECRET_STREET, house_number="7", postcode="9999 ZZ",
                    residence=SECRET_TOWN, address_secret=True, birth_place="Proefstad",
                    birth_date=date(1990, 3, 4))
PLEGER = PersonData(Category.PLEGER, first_names="Kees", last_name="Dreigemans-Proef",
                    relation="ex_partner", residence="Plegerdorp", birth_date=date(1985, 5, 6),
                    street="Plegerstraat", house_number="1", postcode="1111 AA")
NOORD_CLIENT = PersonData(Category.CLIENT, first_names="Anna", last_name="Noordzij-Proef",
                          residence="Noorddorp")


@dataclass
class TwoTeams:
    auth: object
    admin: object
    noord_team: int
    zuid_team: int
    zuid_case: int
    zuid_client: int
    zuid_pleger: int
    noord_case: int
    noord_client: int

    def login(self, name: str):
        return self.auth.login(name, PASS[name])


@pytest.fixture
def two_teams(created, auth):
    admin = created[0]
    AccountService(admin).accept_confidentiality()
    for name in PASS:
        ready_user(created, auth, name, f"Synthetische {name.capitalize()}", ROLES[name],
                   PASS[name])
    teams = TeamService(admin)
    noord = teams.teams()[0].id
    teams.rename_team(noord, "Team Noord")
    zuid = teams.add_team("Team Zuid")
    ids = {u.username: u.id for u in AccountService(admin).list_users()}
    for name in ("zuid", "zuidleider"):
        teams.set_user_teams(ids[name], [zuid])
    session = auth.login("zuid", PASS["zuid"])
    try:
        intake = IntakeService(session)
        zuid_case = intake.save_intake(CLIENT, [PLEGER], [(None, ThreatEntry(
            date(2026, 1, 2), "Hij zoekt haar op het opvangadres."))])
        people = intake.case(zuid_case).people
    finally:
        session.close()
    client = next(p.id for p in people if p.data.category is Category.CLIENT)
    pleger = next(p.id for p in people if p.data.category is Category.PLEGER)
    session = auth.login("noord", PASS["noord"])
    try:
        intake = IntakeService(session)
        noord_case = intake.save_intake(NOORD_CLIENT, [])
        noord_client = intake.case(noord_case).people[0].id
    finally:
        session.close()
    return TwoTeams(auth, admin, noord, zuid, zuid_case, client, pleger, noord_case,
                    noord_client)


@dataclass
class ZuidRecords:
    traject: int
    exchange: int
    consent: int
    signal: int
    request: int


def zuid_records(two: TwoTeams) -> ZuidRecords:
    """What Team Zuid's teamleider records in its case: a traject, a police receipt, a
    consent, a signal and a rights request (the pleger asks for his data)."""
    from datetime import timedelta

    from blijf_desktop.domain.consent import Scope, Weighing
    from blijf_desktop.domain.police import PoliceInfoKind
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.consent import ConsentService
    from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
    from blijf_desktop.services.rights import RequestService
    from blijf_desktop.services.signals import SignalService

    yesterday = date.today() - timedelta(days=1)
    session = two.login("zuidleider")
    try:
        traject = AwareService(session).start(two.zuid_case, "stalking", "", [two.zuid_client])
        exchange = ExchangeService(session).record_incoming_police_info(
            two.zuid_case, "amsterdam", "Brigadier Proef", yesterday, "mondeling",
            [PoliceItem(two.zuid_pleger, PoliceInfoKind.FEITEN, "Twee meldingen.")])
        signal = SignalService(session).save(two.zuid_case, {
            "signaal.datum_tijd": "01-01-2026 10:00", "signaal.omschrijving": "Proefsignaal.",
            "signaal.bron_naam": "Proef", "signaal.bron_organisatie": "Blijf Groep",
            "vermoeden.economisch": "ja"})
        consent = ConsentService(session).prepare(
            two.zuid_case, Scope({"riec"}, {"riec_advies"}, {two.zuid_client}, {"last_name"},
                                 yesterday),
            "blijf", "stemt_in", "",
            Weighing("Doel.", "Noodzaak.", "Proportioneel.", "Subsidiair.", "Belangen."))
        request = RequestService(session).register(two.zuid_pleger, "inzage", yesterday, "email")
    finally:
        session.close()
    return ZuidRecords(traject, exchange, consent, signal, request)
