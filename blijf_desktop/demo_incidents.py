"""The breach register and break-in signals of the `--demo` store (issue 21): an open incident
whose 72-hour clock nearly runs out, one notified to the AP late with its reason, one closed;
a few failed logins and a wrong recovery key for the beheerder to see when she logs in; and
a colleague who paged through the client list and opened every case in one sitting, which
the beheerder sees as an unusual volume (issue 22)."""

from datetime import datetime, timedelta, timezone

from blijf_desktop.services.auth import AuthService
from blijf_desktop.services.errors import WrongCredentials, WrongRecoveryKey
from blijf_desktop.services.incidents import IncidentInput, IncidentService
from blijf_desktop.services.intake import IntakeService

H = timedelta(hours=1)


def fill(auth: AuthService, admin: str, passphrase: str, person_ids: list[int],
         colleague: str | None = None) -> None:
    if colleague:
        _sweep(auth, colleague, passphrase)
    session = auth.login(admin, passphrase)
    now = datetime.now(timezone.utc)
    service = IncidentService(session)
    near = service.register(IncidentInput(
        "verlies", now - 66 * H, "Een laptop van de locatie is gestolen uit een auto. De "
        "schijf is versleuteld; het wachtwoord lag mogelijk in de tas.",
        {"naw", "geheim_adres", "dreiging"}, person_ids, (), "risico",
        "Versleuteld, maar het wachtwoord kan bekend zijn."))
    service.notify(near, "partners", now - 65 * H)
    late = service.register(IncidentInput(
        "verkeerde_ontvanger", now - 9 * 24 * H, "Een veiligheidsadvies is naar de verkeerde "
        "politie-eenheid gemaild.", {"naw", "dreiging", "politie"}, person_ids[:2], (),
        "hoog_risico", "De ontvanger is geen convenantpartner voor deze zaak.",
        "De ontvanger heeft de mail aantoonbaar verwijderd; adreslijst aangepast."))
    service.notify(late, "partners", now - 9 * 24 * H + 2 * H)
    service.notify(late, "ap", now - 9 * 24 * H + 80 * H, "voorlopig", "M-2026-0815",
                   "De verkeerde ontvanger werd pas na het weekend opgemerkt; het "
                   "ontdekkingsmoment is het moment van de eerste melding intern.")
    service.notify(late, "ap", now - 5 * 24 * H, "definitief", "M-2026-0815")
    service.notify(late, "betrokkenen", now - 6 * 24 * H)
    closed = service.register(IncidentInput(
        "onbevoegde_inzage", now - 20 * 24 * H, "Een collega zonder taak in de zaak opende "
        "een dossier.", {"naw"}, person_ids[:1], (), "geen",
        "Intern gebleven, geen verdere verwerking.", "Gesprek gevoerd; rechten nagelopen."))
    service.notify(closed, "partners", now - 20 * 24 * H + 3 * H)
    service.close(closed)
    session.close()
    if getattr(auth, "server_mode", False):
        return  # a server's login refusals are the server's; no recovery key there
    # Break-in signals for her next login (two failures stay under the back-off).
    for name in (admin, "onbekende-naam"):
        try:
            auth.login(name, "Geraden-Wachtwoord-2026")
        except WrongCredentials:
            pass
    try:
        auth.recover("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", admin, passphrase,
                     passphrase_only=not auth.device.available())
    except WrongRecoveryKey:
        pass


def _sweep(auth: AuthService, username: str, passphrase: str) -> None:
    """Every client list page and every case opened: more than the default threshold."""
    session = auth.login(username, passphrase)
    intake = IntakeService(session)
    offset, page = 0, intake.recent_clients(0, 12)
    while page:
        for hit in page:
            intake.case(hit.case_id)
            intake.person(hit.person_id)
        offset += len(page)
        page = intake.recent_clients(offset, 12)
    session.close()
