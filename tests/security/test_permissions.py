"""Permissions (issue 11, item 8): the roles table decides, whatever the UI shows.

Every class in blijf_desktop/services that takes a Session is found automatically, and every
public method on it is called once per role with harmless arguments (CALLS below), on a real
store with one logged-in, ready session per role:
- a method the roles table forbids for the role raises PermissionDenied *before doing
  anything*: no audit row, no data, no key slot, no login counter changed;
- a method the table allows is not refused for permission reasons (it may still refuse its
  arguments, e.g. a user that does not exist).
A new public method without @requires fails here, and so does one missing from CALLS (add
its arguments there). Prints `FIGURE permissions: {...}`."""

import hashlib
from dataclasses import replace
import importlib
import inspect
import json
import pkgutil
import types
from datetime import date, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest

import blijf_desktop.services
from blijf_desktop.domain.consent import Scope, Weighing
from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS, Answer, AnswerValue
from blijf_desktop.domain.police import PoliceInfoKind
from blijf_desktop.domain.roles import Role, may
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.errors import PermissionDenied, ServiceError
from blijf_desktop.services.exchanges import PoliceItem
from blijf_desktop.services.incidents import IncidentInput
from blijf_desktop.services.session import Session, requires
from tests.conftest import ADMIN_PASS, CASEWORKER_PASS, confirm_pending

LEAD, LEAD_PASS = "leiding", "Blauwe-Reiger-Vist-2026"  # as tests.conftest: it confirms accounts
SPARE = "reserve"
YESTERDAY = date.today() - timedelta(days=1)


def figure(values: dict) -> None:
    print(f"FIGURE permissions: {json.dumps(values, sort_keys=True)}", flush=True)


# -- what there is to check ---------------------------------------------------------------------
def takes_a_session(cls) -> bool:
    parameters = inspect.signature(cls.__init__).parameters.values()
    return any(p.name == "session" or p.annotation in (Session, "Session") for p in parameters)


def session_services(modules) -> list[type]:
    found = []
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and takes_a_session(cls):
                found.append(cls)
    return found


def service_modules() -> list:
    package = blijf_desktop.services
    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)]


def public_methods(cls) -> list[tuple[str, object]]:
    return [(name, member) for name, member in inspect.getmembers(cls)
            if not name.startswith("_") and (callable(member) or isinstance(member, property))]


def undeclared(cls) -> list[str]:
    return [name for name, member in public_methods(cls)
            if not hasattr(member, "required_permission")]


SERVICES = session_services(service_modules())
METHODS = [(cls, name) for cls in SERVICES for name, _member in public_methods(cls)]


# -- harmless arguments per method ------------------------------------------------------------
class Context:
    """What a role's calls need: its own passphrase, a case to work on, a spare account."""

    def __init__(self, role: Role, passphrase: str, case_id: int, person_id: int, spare_id: int,
                 folder: Path):
        self.role = role
        self.folder = folder  # where a document may be written
        self.passphrase = passphrase
        self.case_id = case_id
        self.person_id = person_id
        self.spare_id = spare_id
        self._numbers = count(1)

    def new_username(self) -> str:
        return f"nieuw-{self.role.value}-{next(self._numbers)}"


class Call:
    """Arguments with keywords, for a method whose choices are keyword-only."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


def arguments(made) -> tuple[tuple, dict]:
    return (made.args, made.kwargs) if isinstance(made, Call) else (made, {})


CLIENT = PersonData(Category.CLIENT, first_names="Ilse", last_name="Proefpersoon-Rechten",
                    residence="Verzonnendorp")

SIGNAL_FIELDS = {"signaal.datum_tijd": "01-01-2026 10:00", "signaal.omschrijving": "Proefsignaal.",
                 "signaal.bron_naam": "Proef", "signaal.bron_organisatie": "Blijf Groep",
                 "vermoeden.economisch": "ja"}
CONSENT_WEIGHING = Weighing("Doel.", "Noodzaak.", "Proportioneel.", "Subsidiair.", "Belangen.")


def CONSENT_SCOPE(c):  # noqa: N802 (reads like the constants beside it)
    return Scope({"riec"}, {"riec_advies"}, {c.person_id}, {"last_name"}, YESTERDAY)


ALL_NEE = {code: Answer(AnswerValue.NEE) for code in SCREENINGS[CURRENT_VERSION].codes}

CALLS = {
    "AccountService.change_own_passphrase": lambda c: (c.passphrase, c.passphrase),
    "AccountService.choose_own_passphrase": lambda c: (c.passphrase,),
    "AccountService.current_passphrase_needed": lambda c: (),
    "AccountService.accept_confidentiality": lambda c: (),
    "AccountService.list_users": lambda c: (),
    "AccountService.requests": lambda c: (),
    "AccountService.change_role": lambda c: (c.spare_id, Role.HULPVERLENER),  # as it is
    "AccountRequestService.waiting": lambda c: (),
    "AccountRequestService.confirm": lambda c: (10**6, c.passphrase),  # no such request
    "AccountRequestService.refuse": lambda c: (10**6, c.passphrase),
    "AccountRequestService.alone_notice": lambda c: (),
    "AccountService.add_user": lambda c: (c.new_username(), "Synthetische Nieuweling",
                                          Role.HULPVERLENER, "Tijdelijk-Wachtwoord-77"),
    "AccountService.reset_passphrase": lambda c: (c.spare_id, "Tijdelijk-Wachtwoord-78"),
    "AccountService.disable_user": lambda c: (c.spare_id,),
    "AccountService.new_recovery_key": lambda c: (),
    "AccountService.save_recovery_sheet": lambda c: (
        c.folder / f"herstelblad-{c.role.value}.pdf", "AAAA-BBBB-CCCC-DDDD", "proef-opslag",
        datetime.now().astimezone()),
    "AuditTrailService.verify": lambda c: (),
    "AuditTrailService.damaged_pages": lambda c: (),
    "AuditTrailService.recent": lambda c: (),
    "IntakeService.save_intake": lambda c: (CLIENT, [], []),
    "IntakeService.add_person": lambda c: (c.case_id, PersonData(
        Category.DERDE, first_names="Ruud", last_name="Derde-Proef", relation="overig")),
    "IntakeService.update_person": lambda c: (c.person_id, PersonData(
        Category.CLIENT, first_names=f"Ilse {c.new_username()}", last_name="Proefpersoon-Rechten")),
    "IntakeService.add_threat": lambda c: (c.case_id, ThreatEntry(YESTERDAY, "Dreigt via berichten.")),
    "IntakeService.search": lambda c: ("Proefpersoon",),
    "IntakeService.recent_clients": lambda c: (),
    "IntakeService.find": lambda c: ("",),
    "IntakeService.person": lambda c: (c.person_id,),
    "IntakeService.case": lambda c: (c.case_id,),
    "IntakeService.reveal_address": lambda c: (c.person_id,),
    "IntakeService.reveal_history": lambda c: (c.person_id,),
    "IntakeService.history": lambda c: (c.person_id,),
    "IntakeService.intake_teams": lambda c: (),
    "IntakeService.compare_with_stored": lambda c: (c.person_id, CLIENT, replace(
        CLIENT, last_name="Proefpersoon-Anders")),
    "BreakGlassService.reasons": lambda c: (),
    "BreakGlassService.break_glass": lambda c: (c.case_id, "", ""),  # no reason: refused
    "BreakGlassService.review_list": lambda c: (),
    "BreakGlassService.review": lambda c: (10**6, "gezien"),  # no such break
    "TeamService.teams": lambda c: (),
    "TeamService.my_teams": lambda c: (),
    "TeamService.memberships": lambda c: (),
    "TeamService.case_counts": lambda c: (),
    "TeamService.add_team": lambda c: (f"Team {c.new_username()}",),
    "TeamService.rename_team": lambda c: (10**6, "Team Nergens"),  # no such team
    "TeamService.set_team_active": lambda c: (10**6, False),
    "TeamService.set_user_teams": lambda c: (10**6, [1]),  # no such user
    "TeamService.case_team": lambda c: (c.case_id,),
    "TeamService.move_case": lambda c: (c.case_id, 10**6),  # no such team
    "IntakeService.save_draft": lambda c: ({"client": {"last_name": "Concept"}},),
    "IntakeService.load_draft": lambda c: (),
    "IntakeService.discard_draft": lambda c: (),
    "RiskService.record": lambda c: (c.case_id, CURRENT_VERSION, ALL_NEE),
    "RiskService.history": lambda c: (c.case_id,),
    "RiskService.latest": lambda c: (c.case_id,),
    "RiskService.save_draft": lambda c: (c.case_id, {"answers": {"stalking": "ja"}}),
    "RiskService.load_draft": lambda c: (c.case_id,),
    "RiskService.discard_draft": lambda c: (c.case_id,),
    "ExchangeService.record_incoming_police_info": lambda c: (
        c.case_id, "amsterdam", "Brigadier Proef", YESTERDAY, "mondeling",
        [PoliceItem(c.person_id, PoliceInfoKind.FEITEN, "Twee meldingen.")]),
    "ExchangeService.record_outgoing": lambda c: (
        c.case_id, "amsterdam", "infocheck", "gevraagd", "schriftelijk",
        {c.person_id: {"last_name"}}, b"%PDF-1.7"),
    "ExchangeService.allowed_out": lambda c: (c.case_id, "amsterdam", "infocheck"),
    "ExchangeService.register": lambda c: (),
    "ExchangeService.entry": lambda c: (1,),
    "ExchangeService.document": lambda c: (1,),
    "ExchangeService.for_person": lambda c: (c.person_id,),
    "ExchangeService.save_document": lambda c: (1, "/nonexistent-blijf/document.pdf"),
    "AwareService.start": lambda c: (c.case_id, "stalking", "", [c.person_id]),
    "AwareService.step": lambda c: (1, "informatie_gevraagd", {}),
    "AwareService.review": lambda c: (1, {}),
    "AwareService.traject": lambda c: (1,),
    "AwareService.for_case": lambda c: (c.case_id,),
    "AwareService.overview": lambda c: (),
    "AwareService.save_step_draft": lambda c: (1, "advies_opgesteld",
                                                {"fields": {"advice": "Concept"}}),
    "AwareService.step_draft": lambda c: (1, "advies_opgesteld"),
    "AwareService.discard_step_draft": lambda c: (1, "advies_opgesteld"),
    "AwareService.step_drafts": lambda c: (1,),
    "RunningConnectionsList.running_connections": lambda c: (),
    "FiguresService.figures": lambda c: (YESTERDAY, YESTERDAY),
    # Saved like every document (DocumentNotSaved for a missing folder): into the role's folder.
    "FiguresService.save_pdf": lambda c: (c.folder / "cijfers.pdf", YESTERDAY, YESTERDAY),
    "FiguresService.save_csv": lambda c: (c.folder / "cijfers.csv", YESTERDAY, YESTERDAY),
    # A folder that does not exist: an allowed role gets its arguments refused, nothing written.
    "RunningConnectionsList.save_running_connections": lambda c: (
        Path("/nonexistent-blijf-folder") / "lopende-aansluitingen.pdf",),
    "AwareDocumentService.advice_pdf": lambda c: (1,),
    "AwareDocumentService.request_pdf": lambda c: (1,),
    "AwareDocumentService.record_print": lambda c: (1, "veiligheidsadvies", 1),
    "AwareDocumentService.save_pdf": lambda c: (1, "veiligheidsadvies", b"%PDF-1.4",
                                                "/nonexistent-blijf/advies.pdf"),
    "AwareDocumentService.record_sent": lambda c: (1, "informatieverzoek", b"%PDF-1.4",
                                                   "schriftelijk"),
    # Bewaartermijnen (issue 20): a case or proposal that does not exist, so an allowed role
    # is refused its arguments and nothing is closed, proposed or destroyed.
    "CaseClosingService.closure": lambda c: (c.case_id,),
    "CaseClosingService.close_case": lambda c: (10**6,),
    "CaseClosingService.reopen_case": lambda c: (10**6,),
    "CaseClosingService.record_chain_file_closed": lambda c: (10**6, YESTERDAY),
    "CaseClosingService.record_source_removal": lambda c: (10**6, "riec", YESTERDAY),
    "RetentionService.overview": lambda c: (),
    "RetentionService.proposals": lambda c: (),
    "RetentionService.proposal": lambda c: (10**6,),
    "RetentionService.propose": lambda c: (10**6,),
    "RetentionService.propose_text_purge": lambda c: (c.case_id, "dreiging", "999999", "Reden."),
    "RetentionService.propose_person_erasure": lambda c: (10**6, None, "Reden."),
    "RetentionService.approve": lambda c: (10**6,),
    "RetentionService.send_back": lambda c: (10**6, "Reden."),
    "RetentionService.carry_out": lambda c: (10**6,),
    "RetentionService.statement": lambda c: (10**6,),
    "RetentionService.save_statement": lambda c: (10**6, "/nonexistent-blijf/verklaring.pdf"),
    "SharingService.recipients": lambda c: (),
    "SharingService.purposes": lambda c: ("riec",),
    "SharingService.offer": lambda c: (c.case_id, "amsterdam", "infocheck"),
    "SharingService.preview": lambda c: (c.case_id, "amsterdam", "infocheck",
                                         {c.person_id: {"last_name"}}),
    "SharingService.document": lambda c: (None,),
    "SharingService.disclose": lambda c: Call(
        c.case_id, "amsterdam", "infocheck", {c.person_id: {"last_name"}}, expected_sha256="0",
        oral_or_written="mondeling", asked="gevraagd"),
    "SharingService.what_left": lambda c: (1,),
    "SignalService.prefill": lambda c: (c.case_id,),
    "SignalService.save": lambda c: (c.case_id, SIGNAL_FIELDS),
    "SignalService.get": lambda c: (1,),
    "SignalService.for_case": lambda c: (c.case_id,),
    "SignalService.render": lambda c: (1, True, {"signaal_mensenhandel"}),
    "SignalService.save_draft": lambda c: (c.case_id, {"fields": {"samenvatting": "Concept"}}),
    "SignalService.load_draft": lambda c: (c.case_id,),
    "SignalService.discard_draft": lambda c: (c.case_id,),
    "ConsentService.prepare": lambda c: (
        c.case_id, CONSENT_SCOPE(c), "blijf", "stemt_in", "", CONSENT_WEIGHING),
    "ConsentService.update": lambda c: (
        1, CONSENT_SCOPE(c), "blijf", "stemt_in", "", CONSENT_WEIGHING),
    "ConsentService.verify": lambda c: Call(1, "leiding", "Verkeerd-Wachtwoord-1",
                                            seen="0" * 64),
    "ConsentService.refuse": lambda c: (1, "Niet nodig."),
    "ConsentService.withdraw": lambda c: (1, "Ingetrokken.", YESTERDAY),
    "ConsentService.expire_due": lambda c: (),
    "ConsentService.for_case": lambda c: (c.case_id,),
    "ConsentService.history": lambda c: (1,),
    "ConsentService.gate": lambda c: Call(c.case_id, "riec", "riec_advies",
                                          {c.person_id: {"last_name"}}, identifiable=True),
    "ConsentService.open_correction_task": lambda c: (None, c.person_id, ["last_name"]),
    "ConsentService.open_tasks": lambda c: (),
    "ConsentService.close_item": lambda c: (1, YESTERDAY, "telefonisch"),
    "RequestService.find_person": lambda c: ("Proefpersoon",),
    "RequestService.register": lambda c: (c.person_id, "inzage", YESTERDAY, "email"),
    "RequestService.coordinate": lambda c: (1, ["politie"], YESTERDAY),
    "RequestService.extend": lambda c: (1, 1, "Veel gegevens."),
    "RequestService.decide": lambda c: (1, "afgewezen", "Reden.", ["bescherming_anderen"]),
    "RequestService.carry_out_rectification": lambda c: (1, CLIENT),
    "RequestService.record_answer": lambda c: (1, YESTERDAY, "email"),
    "RequestService.lift_restriction": lambda c: (c.person_id, "Opgeheven."),
    "RequestService.overview": lambda c: (),
    "RequestService.request": lambda c: (1,),
    "RequestService.refusal_letter": lambda c: (1,),
    "RequestService.save_refusal_letter": lambda c: (1, "/nonexistent-blijf/weigering.pdf"),
    "InformationDutyService.record_informed": lambda c: (c.person_id, date.today(), "brief"),
    "InformationDutyService.record_exception": lambda c: (c.person_id, "gevaar_client",
                                                          "Proefreden."),
    "InformationDutyService.status": lambda c: (c.person_id,),
    "InformationDutyService.overview": lambda c: (),
    "AccessReportService.parts": lambda c: (c.person_id,),
    "AccessReportService.preview": lambda c: (c.person_id,),
    "AccessReportService.record_printed": lambda c: (c.person_id, None, "0" * 64, 1),
    "AccessReportService.save": lambda c: (c.person_id, None, "0" * 64,
                                           "/nonexistent-blijf/inzage.pdf"),
    "IncidentService.register": lambda c: (IncidentInput(
        "verlies", datetime.now().astimezone() - timedelta(hours=1), "Laptop kwijt.",
        {"naw"}, [c.person_id]),),
    "IncidentService.change": lambda c: (1, IncidentInput(
        "verlies", datetime.now().astimezone() - timedelta(hours=1), "Laptop kwijt.")),
    "IncidentService.notify": lambda c: (1, "partners", datetime.now().astimezone()),
    "IncidentService.close": lambda c: (1,),
    "IncidentService.incidents": lambda c: (),
    "IncidentService.incident": lambda c: (1,),
    "IncidentService.history": lambda c: (1,),
    "IncidentService.report_pdf": lambda c: (1,),
    "IncidentService.save_report": lambda c: (1, "/nonexistent-blijf/incident.pdf"),
    "IncidentService.save_draft": lambda c: (None, {"fields": {"what_happened": "Concept"}}),
    "IncidentService.load_draft": lambda c: (None,),
    "IncidentService.discard_draft": lambda c: (None,),
    "BreakInService.since_last_login": lambda c: (),
    "BreakInService.last_days": lambda c: (30,),
    "ClockService.ahead": lambda c: (),
    "ClockService.acknowledge": lambda c: (),  # nothing ahead: refused as an argument
    "WorkspaceService.keep": lambda c: ({"area": "clienten"},),
    "SearchIndexService.progress": lambda c: (),
    "SearchIndexService.start_rebuild": lambda c: (),  # the index is whole: None
    "SearchIndexService.warm_cache": lambda c: (),  # a generator: reads nothing until next()
    "BackupService.settings": lambda c: (),
    "BackupService.choose_folder": lambda c: ("/nonexistent-blijf-backups",),
    "BackupService.set_keep": lambda c: (14,),
    "BackupService.set_schedule": lambda c: ("daily",),
    "BackupService.waiting": lambda c: (),
    "SettingsService.idle_lock_minutes": lambda c: (),
    "SettingsService.passphrase_min_length": lambda c: (),
    "SettingsService.default_language": lambda c: (),
    "SettingsService.apply_letterhead": lambda c: (),
    "SettingsService.overview": lambda c: (),
    "SettingsService.change": lambda c: ("idle_lock_minutes", 4),
    "SettingsService.withdraw": lambda c: (999,),
    "SettingsService.confirm": lambda c: (999, "niemand", "Geen-Wachtwoord-123"),
    "BackupService.backups": lambda c: (),
    "BackupService.last_made": lambda c: (),
    "BackupService.start_backup": lambda c: (),  # no folder chosen: refused as an argument
    "BackupService.start_automatic_backup": lambda c: (),
    "BackupService.finish_backup": lambda c: (None,),
    "RekeyService.plan": lambda c: (),
    "RekeyService.new_data_key": lambda c: (),
    "RestoreService.read_backup": lambda c: ("/nonexistent-blijf/backup.blijfbak",),
    "RestoreService.open_backup": lambda c: (None, c.passphrase),
    "RestoreService.start_restore": lambda c: (None,),
    "RestoreService.finish_restore": lambda c: (None,),
    "WorkspaceService.take": lambda c: (),
}


def key(cls, name: str) -> str:
    return f"{cls.__name__}.{name}"


# -- the store and what "nothing changed" means -------------------------------------------------
def snapshot(session) -> tuple:
    """The bytes on disk: the store and its write-ahead log (any written row lands there),
    the key file and the failed-login counter. (The -shm index changes on mere reads.)"""
    paths = session.paths
    files = [paths.db, paths.db.with_name(paths.db.name + "-wal"), paths.keys, paths.attempts]
    return tuple(hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
                 for path in files)


@pytest.fixture
def sessions(created, caseworker, auth, tmp_path):
    """One ready session per role, a case to work on and a spare account to manage."""
    admin_session, _recovery = created
    admin = AccountService(admin_session)
    admin.add_user(LEAD, "Synthetische Teamleider", Role.TEAMLEIDER, "Eenmalig-Wachtwoord-2")
    spare = admin.add_user(SPARE, "Synthetische Reserve", Role.HULPVERLENER, "Eenmalig-Wachtwoord-3")
    confirm_pending(created, auth, LEAD)  # a teamleider confirms her account (issue 22)
    lead = auth.login(LEAD, "Eenmalig-Wachtwoord-2")
    AccountService(lead).accept_confidentiality()
    AccountService(lead).change_own_passphrase("Eenmalig-Wachtwoord-2", LEAD_PASS)
    from blijf_desktop.services.intake import IntakeService
    case_id = IntakeService(caseworker).save_intake(CLIENT, [])
    person_id = IntakeService(caseworker).case(case_id).client.id
    made = {Role.BEHEERDER: (admin_session, ADMIN_PASS), Role.HULPVERLENER: (caseworker, CASEWORKER_PASS),
            Role.TEAMLEIDER: (lead, LEAD_PASS)}
    assert set(made) == set(Role), "a role without a session here: add one"
    yield {role: (session, Context(role, passphrase, case_id, person_id, spare.id, tmp_path))
           for role, (session, passphrase) in made.items()}
    lead.close()


# -- the tests ------------------------------------------------------------------------------------
def test_service_classes_are_found_without_a_list():
    names = {cls.__name__ for cls in SERVICES}
    assert {"AccountService", "AuditTrailService", "IntakeService"} <= names
    planted = types.ModuleType("planted_services")
    exec("class NewService:\n    def __init__(self, session): self.session = session\n"
         "class NotAService:\n    def __init__(self, paths): self.paths = paths\n",
         planted.__dict__)
    for cls in (planted.NewService, planted.NotAService):
        cls.__module__ = planted.__name__
    assert [cls.__name__ for cls in session_services([planted])] == ["NewService"]


@pytest.mark.parametrize("service", SERVICES, ids=lambda cls: cls.__name__)
def test_every_public_method_declares_its_permission(service):
    assert undeclared(service) == [], "add @requires(Permission.…) to these methods"


def test_a_method_without_a_rule_is_caught():
    class Planted:
        def __init__(self, session):
            self.session = session

        @requires(None)
        def ruled(self):
            return None

        def unruled(self):
            return None

    assert undeclared(Planted) == ["unruled"]


def test_every_public_method_has_arguments_to_call_it_with():
    missing = [key(cls, name) for cls, name in METHODS if key(cls, name) not in CALLS]
    assert not missing, ("give these methods harmless arguments in CALLS in "
                         f"tests/security/test_permissions.py: {missing}")
    stale = set(CALLS) - {key(cls, name) for cls, name in METHODS}
    assert not stale, f"CALLS names methods that no longer exist: {sorted(stale)}"


def allowed_call(name: str, role: Role, call, args, kwargs) -> list[str]:
    try:
        call(*args, **kwargs)
    except PermissionDenied:
        return [f"{name} refused for {role.value}"]
    except ServiceError:
        pass  # refused the arguments, not the user
    except Exception as error:  # noqa: BLE001
        return [f"{name} for {role.value}: {type(error).__name__}"]
    return []


# A new data key (issue 22) leaves the other roles' sessions on this store unable to read it
# (the app has one session per store): where allowed, these run after every other call.
REKEYING = {"AccountService.disable_user", "RekeyService.new_data_key"}


def test_the_roles_table_is_enforced_for_every_service_method(sessions):
    problems, refusals, allowed = [], 0, 0
    deferred = []
    for cls, name in METHODS:
        permission = getattr(cls, name).required_permission
        for role, (session, context) in sessions.items():
            if key(cls, name) not in CALLS:
                problems.append(f"{key(cls, name)}: no arguments in CALLS")
                continue
            call = getattr(cls(session), name)
            args, kwargs = arguments(CALLS[key(cls, name)](context))
            if permission is not None and not may(role, permission):
                before = snapshot(session)
                try:
                    call(*args, **kwargs)
                    problems.append(f"{key(cls, name)} ran for {role.value}")
                except PermissionDenied:
                    refusals += 1
                except Exception as error:  # noqa: BLE001 (reported below)
                    problems.append(f"{key(cls, name)} for {role.value}: {type(error).__name__}")
                if snapshot(session) != before:
                    problems.append(f"{key(cls, name)} changed the store for {role.value}")
            elif key(cls, name) in REKEYING:
                deferred.append((key(cls, name), role, call, args, kwargs))
            else:
                allowed += 1
                problems += allowed_call(key(cls, name), role, call, args, kwargs)
    for role, (session, _context) in sessions.items():
        if not any(role is waiting for _name, waiting, *_rest in deferred):
            session.close()  # logged out first, as at one PC
    for name, role, call, args, kwargs in deferred:
        allowed += 1
        problems += allowed_call(name, role, call, args, kwargs)
    figure({"services": len(SERVICES), "methods": len(METHODS), "roles": len(sessions),
            "checked": len(METHODS) * len(sessions), "refusals": refusals, "allowed": allowed,
            "problems": len(problems)})
    assert refusals > 0 and allowed > 0
    assert not problems, "\n".join(problems)
