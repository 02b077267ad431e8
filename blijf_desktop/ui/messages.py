"""Errors turned into calm Dutch sentences with a way forward. Never personal data, never a
traceback. Anything not known here is a bug: a generic apology (details go to the log only
as an error type, without values)."""

import logging
from pathlib import PurePath

from blijf_desktop.domain.limits import MAX_DESCRIPTION, MAX_PEOPLE_PER_CASE, MAX_TEXT
from blijf_desktop.domain.passphrase import MIN_LENGTH
from blijf_desktop.i18n import _, ngettext
from blijf_desktop.services import errors as service_errors
from blijf_desktop.ui.server_messages import server_message

log = logging.getLogger(__name__)


def passphrase_problem(problem: str | None, min_length: int | None = None) -> str:
    """Why the estimator (domain.passphrase) finds a passphrase weak, in Dutch: from its
    problem code, never from its English feedback. `min_length`: the store's minimum where
    it is known (Beheer → Instellingen)."""
    messages = {
        "too_short": _("Kies een wachtwoord van minstens {n} tekens.").format(
            n=min_length or MIN_LENGTH),
        "too_repetitive": _("Dit wachtwoord herhaalt te veel dezelfde tekens of woorden."),
        "own_name": _("Dit wachtwoord bevat de eigen naam of gebruikersnaam: die worden het "
                      "eerst geraden."),
        "organisation_word": _("Woorden van Blijf Groep (zoals blijf, veilig of een plaatsnaam) "
                               "worden het eerst geraden."),
        "too_common": _("Dit wachtwoord of een woord erin wordt veel gebruikt en is makkelijk te "
                        "raden."),
        "keyboard_pattern": _("Toetsen die naast elkaar liggen (zoals qwerty) zijn makkelijk te "
                              "raden."),
        "sequence": _("Reeksen als abc of 6543 zijn makkelijk te raden."),
        "date": _("Jaartallen en datums zijn makkelijk te raden."),
        "name": _("Namen zijn makkelijk te raden, ook met een getal erbij."),
        "too_guessable": _("Dit wachtwoord is te makkelijk te raden. Voeg een of twee ongewone "
                           "woorden toe."),
        "same_as_current": _("Kies een ander wachtwoord dan het huidige."),
    }
    return messages.get(problem or "", _("Dit wachtwoord is niet sterk genoeg."))


def input_problem(field: str, problem: str) -> str:
    messages = {
        ("username", "required"): _("Vul een gebruikersnaam in."),
        ("username", "invalid"): _("Een gebruikersnaam heeft geen spaties en hoogstens 64 tekens."),
        ("username", "taken"): _("Deze gebruikersnaam bestaat al."),
        ("username", "unknown"): _("Er is geen actieve gebruiker met deze gebruikersnaam."),
        ("display_name", "required"): _("Vul een naam in."),
        ("display_name", "invalid"): _("Deze naam bevat tekens die niet zijn toegestaan."),
        ("user", "unknown"): _("Deze gebruiker bestaat niet (meer)."),
        ("user", "disabled"): _("Deze gebruiker is uitgeschakeld."),
        ("user", "own_role"): _("U kunt uw eigen rol niet wijzigen. Vraag een andere "
                                "functioneel beheerder."),
        ("user", "pending"): _("Dit account wacht nog op bevestiging door een teamleider."),
        ("account_request", "unknown"): _("Dit verzoek bestaat niet meer of is al beoordeeld."),
        ("description", "required"): _("Beschrijf de dreiging."),
        ("noted_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("person", "unknown"): _("Deze persoon bestaat niet (meer)."),
        ("case", "unknown"): _("Deze casus bestaat niet (meer)."),
        ("team", "required"): _("Kies het team van deze casus (bovenaan)."),
        # A new case whose first save did arrive before the connection broke (issue 23)
        ("intake", "saved_before"): _(
            "Deze intake was al opgeslagen voordat de verbinding wegviel; wat u daarna hebt "
            "gewijzigd niet. Zoek het dossier op en wijzig het daar, of gooi dit concept weg. "
            "Wat u hebt ingevuld staat nog op het scherm."),
        ("team", "none"): _("U hoort bij geen team. Vraag de functioneel beheerder u een team "
                            "te geven."),
        # Bewaartermijnen (issue 20)
        ("case", "closed"): _("Dit dossier is gesloten en alleen te lezen. Heropen het om iets "
                              "te wijzigen; er is niets gewijzigd."),
        ("case", "not_closed"): _("Dit dossier is (weer) open: de bewaartermijn loopt pas als "
                                  "het gesloten is. Er is niets vernietigd."),
        ("case", "not_due"): _("De bewaartermijn van dit dossier is nog niet verstreken."),
        ("case", "already_proposed"): _("Hiervoor staat al een voorstel tot vernietiging open."),
        ("case", "no_signal_data"): _("Dit dossier heeft geen signaalgegevens."),
        ("reviewer", "reviewer_is_proposer"): _(
            "U kunt uw eigen voorstel niet zelf beoordelen. Vraag een collega (teamleider of "
            "functioneel beheerder)."),
        ("reviewer", "reviewer_made_by_proposer"): _(
            "Wie dit voorstelde, heeft uw account aangemaakt of uw wachtwoord opnieuw ingesteld: "
            "dan telt u niet als tweede paar ogen. Vraag een andere collega (teamleider of "
            "functioneel beheerder)."),
        ("note", "reason_required"): _("Schrijf op waarom dit eerder vernietigd moet worden."),
        ("note", "too_long"): _("Deze toelichting is te lang: hoogstens 1000 tekens."),
        ("review_note", "reason_required"): _("Schrijf op waarom u het voorstel terugzet."),
        ("review_note", "too_long"): _("Deze reden is te lang: hoogstens 1000 tekens."),
        ("destruction", "unknown"): _("Dit voorstel bestaat niet (meer)."),
        ("destruction", "not_proposed"): _("Dit voorstel is al beoordeeld."),
        ("destruction", "not_approved"): _("Alleen een goedgekeurd voorstel wordt uitgevoerd."),
        ("destruction", "not_destroyed"): _("De verklaring bestaat pas na de vernietiging."),
        ("text", "unknown"): _("Deze tekst bestaat niet (meer)."),
        ("chain_file_closed_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("removed_on", "date_future"): _("Deze datum ligt in de toekomst."),
        ("reason", "reason_required"): _("Schrijf op waarom u een ander niveau kiest."),
        ("approver", "second_approver_required"): _(
            "Een lager niveau dan voorgesteld bevestigt een tweede teamleider."),
        ("approver", "approver_is_author"): _(
            "U kunt uw eigen keuze niet zelf bevestigen. Vraag een andere teamleider."),
        ("approver", "approver_role"): _(
            "Alleen een teamleider kan een lager niveau bevestigen."),
        ("approver_reason", "reason_required"): _(
            "Schrijf op waarom u het lagere niveau bevestigt."),
        # Limits no real case reaches (domain/limits.py, issue 19)
        ("people", "too_many"): _(
            "Een casus heeft hoogstens {n} personen. Controleer of deze persoon er al in "
            "staat; er is niets gewijzigd.").format(n=MAX_PEOPLE_PER_CASE),
        ("draft", "too_large"): _(
            "Dit concept is te groot om te bewaren. Wat u typte staat nog in het formulier; "
            "maak een lange tekst korter."),
        ("description", "too_long"): _(
            "Deze beschrijving is te lang: hoogstens {n} tekens.").format(n=MAX_DESCRIPTION),
        ("source", "too_long"): _(
            "De bron is te lang: hoogstens {n} tekens.").format(n=MAX_TEXT),
        ("source", "required"): _("Vul in van wie deze informatie komt."),
        # The exchange register (issue 17)
        ("unit", "required"): _("Kies de eenheid die de informatie gaf."),
        ("unit", "unknown_unit"): _("Deze politie-eenheid is niet bekend."),
        ("contact", "required"): _("Vul in van welke agent of contactpersoon dit komt."),
        ("received_on", "required"): _("Vul de datum van ontvangst in."),
        ("items", "required"): _("Vul bij minstens één persoon in wat de politie gaf."),
        ("items", "duplicate"): _("Hetzelfde soort informatie staat twee keer bij één persoon."),
        ("kind", "not_allowed"): _("Dit soort politie-informatie mag over deze persoon niet "
                                   "worden ontvangen (convenant art. 4.2)."),
        ("flags", "not_allowed"): _("De gevarenclassificatie wordt alleen voor een pleger "
                                    "vastgelegd (convenant art. 4.2)."),
        ("flags", "required"): _("Kies bij de gevarenclassificatie minstens één waarde."),
        ("content", "required"): _("Vul in wat de politie over deze persoon gaf."),
        ("kinds", "police_data"): _("Politie-informatie gaat nooit naar buiten: die is alleen "
                                    "voor de eigen taak van Blijf Groep (convenant art. 5.2 en "
                                    "5.8)."),
        ("kinds", "not_allowed_for_purpose"): _("Dit gegeven is voor dit doel niet nodig en "
                                                "mag niet worden verstrekt (convenant art. "
                                                "5.6)."),
        ("person", "too_short"): _("Typ minstens 3 tekens om op een persoon te filteren."),
        ("exchange", "unknown"): _("Deze registratie bestaat niet (meer)."),
        ("document", "unknown"): _("Bij deze registratie is geen document bewaard."),
        ("document", "damaged"): _("Het bewaarde document klopt niet meer met zijn "
                                   "controlegetal (SHA-256). Neem contact op met uw beheerder."),
        ("needs", "informatieverzoek"): _("Er is nog geen informatieverzoek aan de politie "
                                          "vastgelegd."),
        ("needs", "veiligheidsadvies"): _("Er is nog geen veiligheidsadvies vastgelegd."),
        ("needs", "risicotaxatie"): _("Er is nog geen risicotaxatie vastgelegd."),
        ("document", "invalid"): _("Het document kon niet worden gemaakt of is geen PDF."),
        ("about", "threat_subject"): _("Dreigingsinformatie gaat over de cliënt, een kind of "
                                       "een locatie; over een derde of pleger wordt die niet "
                                       "vastgelegd."),
    }
    # A field check refused by the service (the form missed it) reads as it would beside the field.
    return messages.get((field, problem)) or field_problem(problem, field)


def field_problem(code: str, field: str | None = None) -> str:
    """A validation code from domain.validation as a Dutch sentence shown beside the field.
    `field` sharpens the generic codes ("required") where the field is known."""
    specific = {
        ("last_name", "required"): _("Vul de achternaam in."),
        ("relation", "required"): _("Kies de relatie tot de cliënt."),
        ("description", "required"): _("Beschrijf kort wat de cliënt over de dreiging vertelt."),
        ("about", "required"): _("Kies over wie of wat deze dreiging gaat."),
        ("location", "required"): _("Vul in om welke locatie het gaat."),
    }
    if (field, code) in specific:
        return specific[(field, code)]
    messages = {
        "control_characters": _("Hier staat een onzichtbaar teken in (bijvoorbeeld een tab of "
                                "regeleinde uit een kopie). Typ de tekst opnieuw."),
        "too_long": _("Deze tekst is te lang. Maak hem korter."),
        "postcode": _("Vul een Nederlandse postcode in, bijvoorbeeld 1234 AB."),
        "house_number": _("Vul een huisnummer in zoals 12, 12a of 12-2."),
        "phone": _("Vul een Nederlands nummer zoals 06 12345678 in, of een nummer uit het "
                   "buitenland met +, bijvoorbeeld +32 470 12 34 56."),
        "email": _("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        "date_format": _("Schrijf de datum als dag-maand-jaar, bijvoorbeeld 12-3-1985."),
        "date_future": _("Deze datum ligt in de toekomst."),
        "date_too_early": _("Vul een datum in die niet vóór 1900 ligt."),
        "name_required": _("Vul een voornaam of een achternaam in."),
        "required": _("Vul dit veld in."),
        "unanswered": _("Beantwoord dit signaal met ja, nee of onbekend."),
        "not_allowed": _("Dit gegeven mag voor deze persoon niet worden vastgelegd."),
        "restricted": _("De verwerking van een van deze personen is beperkt (AVG art. 18): "
                        "zij of hij gaat niet mee in een nieuwe uitwisseling."),
        "child_birth_implausible": _("Klopt deze geboortedatum? De cliënt was toen jonger dan 12 "
                                     "of ouder dan 55. U kunt toch opslaan."),
    }
    return messages.get(code, _("Deze invoer is niet geldig."))


def error_message(error: Exception) -> str:
    """The message for `error`; an error not known here is a bug: logged by its type, and
    the generic apology."""
    known = known_message(error)
    if known is None:
        log.error("unexpected error: %s", type(error).__name__)
        return unexpected_message()
    return known


def known_message(error: Exception) -> str | None:
    if service_errors.means_damaged_store(error):  # also a damaged page met while working
        error = service_errors.StoreDamaged()
    else:  # also a full disk or a read-only store met while working (raw SQLite or OS codes)
        error = service_errors.environment_problem(error) or error
    if isinstance(error, service_errors.EnvironmentProblem):
        return environment_message(error)
    if isinstance(error, service_errors.ServerError):
        return server_message(error)
    if isinstance(error, service_errors.DocumentNotSaved):
        return document_not_saved_message(error.reason)
    if isinstance(error, service_errors.TooManyAttempts):
        seconds = max(1, round(error.wait_seconds))
        return ngettext("Te veel mislukte pogingen. Probeer het over {s} seconde opnieuw.",
                        "Te veel mislukte pogingen. Probeer het over {s} seconden opnieuw.",
                        seconds).format(s=seconds)
    if isinstance(error, service_errors.StoreTooNew):
        return _("Deze gegevensopslag is gemaakt met een nieuwere versie van Blijf Desktop. "
                 "Installeer de nieuwste versie; de opslag is niet gewijzigd.")
    if isinstance(error, service_errors.WeakPassphrase):
        return passphrase_problem(error.problem, error.min_length)
    if isinstance(error, service_errors.InvalidInput):
        return input_problem(error.field, error.problem)
    if isinstance(error, service_errors.OtherTeamsCase):
        return _("Deze casus hoort bij {team}. Openen kan vanuit Cliënten, met een reden die "
                 "dat team ziet.").format(team=error.team_name)
    messages = {
        service_errors.WrongCredentials: _("Gebruikersnaam of wachtwoord onjuist."),
        # Optimistic versions (issue 23): the editor shows the comparison; elsewhere this.
        service_errors.ConcurrentEdit: _(
            "Intussen heeft iemand anders dit opgeslagen. Er is niets overschreven en uw invoer "
            "staat er nog. Laad opnieuw en breng uw wijziging daarna opnieuw aan."),
        # Only after the right passphrase (issue 22): it tells nothing to someone guessing.
        service_errors.AccountPending: _(
            "Dit account wacht nog op bevestiging door een teamleider. Aanmelden kan zodra een "
            "teamleider het heeft bevestigd; vraag het uw teamleider."),
        service_errors.WrongRecoveryKey: _("Deze herstelsleutel hoort niet bij deze gegevensopslag. "
                                         "Controleer de sleutel op het herstelblad."),
        service_errors.DeviceNotBound: _("Deze pc is nog niet gekoppeld aan deze gegevensopslag. "
                                       "Kies 'Wachtwoord vergeten / nieuwe pc' en gebruik de herstelsleutel."),
        service_errors.KeyringUnavailable: _("De sleutelbos van het besturingssysteem is niet beschikbaar. "
                                           "Vraag uw beheerder om hulp."),
        service_errors.KeyFileMissing: _("Het sleutelbestand (store.keys) ontbreekt. Zet het terug uit "
                                       "een back-up; zonder dat bestand opent de opslag niet."),
        service_errors.KeyFileDamaged: _("Het sleutelbestand (store.keys) is beschadigd. Er is niets "
                                       "gewijzigd. Zet het terug uit een back-up en neem contact op met uw beheerder."),
        service_errors.KeyFileUnsupported: _("Het sleutelbestand is gemaakt met een nieuwere versie van "
                                           "Blijf Desktop. Installeer de nieuwste versie."),
        service_errors.StoreDamaged: _("De gegevensopslag (store.db) is beschadigd of hoort niet bij dit "
                                     "sleutelbestand. Er is niets gewijzigd. Zet een back-up terug en "
                                     "neem contact op met uw beheerder."),
        service_errors.StoreExists: _("Op deze plek bestaat al een gegevensopslag."),
        service_errors.StoreLocked: _("Blijf Desktop is vergrendeld. Ontgrendel eerst met uw wachtwoord."),
        service_errors.StoreInUse: _("Blijf Desktop is al geopend met deze gegevens (op deze pc). "
                                   "Sluit het andere venster of wacht tot het is afgesloten."),
        service_errors.PermissionDenied: _("U hebt geen toestemming voor deze handeling."),
        service_errors.SessionNotReady: _("Accepteer eerst de geheimhoudingsverklaring en kies een "
                                          "eigen wachtwoord."),
        service_errors.ApprovalFailed: _("Bevestigen is niet gelukt. Controleer de "
                                         "gebruikersnaam en het wachtwoord."),
        service_errors.LastBeheerder: _("Dit is de laatste actieve functioneel beheerder. Maak eerst "
                                        "een andere beheerder aan."),
        service_errors.CurrentPassphraseNeeded: _("Vul voor de zekerheid uw huidige wachtwoord "
                                                  "in."),
    }
    for kind, message in messages.items():
        if isinstance(error, kind):
            return message
    if isinstance(error, service_errors.StoreFileMissing):
        return _with_folder(_(
            "De gegevensopslag (store.db) ontbreekt in de map; het sleutelbestand staat er wel. "
            "Er is niets gewijzigd. Zet store.db terug (uit een back-up van deze map als het "
            "nergens anders staat), of vraag uw beheerder om hulp."), error.folder)
    return None


def short_folder(folder: str) -> str:
    """The store folder as shown in a message: a long path keeps its start and its last two
    parts (a label cannot wrap inside one long word)."""
    parts = PurePath(folder).parts
    if len(folder) <= 60 or len(parts) <= 3:
        return folder
    return str(PurePath(parts[0], "…", *parts[-2:]))


def _with_folder(text: str, folder: str | None) -> str:
    """The message, and on a line of its own the folder it is about, where that is known."""
    if not folder:
        return text
    return text + "\n" + _("Map: {folder}").format(folder=short_folder(folder))


def environment_message(error: service_errors.EnvironmentProblem) -> str:
    """A folder or disk that stands in the way: what is wrong and what to do. Never "damaged"
    and never "restore a backup": the store itself may be fine."""
    if isinstance(error, service_errors.StoreReadOnly):
        text = _read_only_message(error)
    elif isinstance(error, service_errors.DiskFull):
        text = _("De schijf waarop de gegevensopslag staat is vol, daardoor kon Blijf Desktop "
                 "niets opslaan. Wat eerder was opgeslagen blijft bewaard. Maak ruimte vrij op "
                 "die schijf (of vraag uw beheerder daarom) en probeer het dan opnieuw.")
    elif isinstance(error, service_errors.StoreFolderUnusable):
        text = _folder_message(error.reason)
    else:
        text = _("Blijf Desktop kon niet lezen of schrijven op de schijf waarop de "
                 "gegevensopslag staat, bijvoorbeeld omdat een USB-stick of netwerkmap is "
                 "losgekoppeld. Wat u net wilde opslaan is mogelijk niet opgeslagen. Controleer de "
                 "verbinding en probeer het opnieuw; blijft het misgaan, vraag dan uw beheerder "
                 "om hulp.")
    return _with_folder(text, error.folder)


def _read_only_message(error: service_errors.StoreReadOnly) -> str:
    if error.file:
        return _("Het bestand {file} in de map van de gegevensopslag is alleen-lezen. Blijf "
                 "Desktop moet erin kunnen schrijven, ook om u te laten inloggen. Er is niets "
                 "gewijzigd. Vraag uw beheerder het bestand weer schrijfbaar te maken."
                 ).format(file=error.file)
    if error.folder:
        return _("De map van de gegevensopslag is alleen-lezen. Blijf Desktop moet daar kunnen "
                 "schrijven, ook om u te laten inloggen. Er is niets gewijzigd. Vraag uw "
                 "beheerder de map weer schrijfbaar te maken.")
    return _("Blijf Desktop kan nu niets opslaan: de gegevensopslag is alleen-lezen. Wat eerder "
             "was opgeslagen blijft bewaard. Vraag uw beheerder om hulp voordat u Blijf Desktop "
             "afsluit.")


def _folder_message(reason: str) -> str:
    unusable = service_errors.StoreFolderUnusable
    messages = {
        unusable.NOT_A_FOLDER: _("Blijf Desktop bewaart de gegevens in een map, maar op de plek "
                                 "van die map staat een bestand. Er is niets gewijzigd. Geef bij "
                                 "--store een map op, of vraag uw beheerder om hulp."),
        unusable.MISSING: _("De map van de gegevensopslag bestaat niet. Er is niets gewijzigd. "
                            "Is de schijf of netwerkmap aangesloten? Controleer anders de map "
                            "bij --store, of vraag uw beheerder om hulp."),
        unusable.CANNOT_CREATE: _("De map van de gegevensopslag bestaat niet, en Blijf Desktop "
                                  "mag hem hier niet maken. Er is niets gewijzigd. Is de schijf "
                                  "of netwerkmap aangesloten? Geef anders bij --store een map op "
                                  "waarin u mag schrijven, of vraag uw beheerder om hulp."),
        unusable.NO_ACCESS: _("Blijf Desktop mag de map van de gegevensopslag of een bestand "
                              "daarin niet lezen. Er is niets gewijzigd. Vraag uw beheerder om "
                              "u toegang te geven."),
        unusable.NO_STORE: _("In deze map staat geen gegevensopslag: store.db en store.keys "
                             "ontbreken. Er is niets gewijzigd. Controleer de map bij --store, "
                             "of vraag uw beheerder om hulp."),
        unusable.ENTRY_IS_FOLDER: _("In de map van de gegevensopslag staat een map waar een "
                                    "bestand van Blijf Desktop hoort (store.db, store.keys of "
                                    "store.lock). Er is niets gewijzigd. Vraag uw beheerder om "
                                    "hulp."),
    }
    return messages.get(reason, messages[unusable.NO_ACCESS])


def document_not_saved_message(reason: str) -> str:
    """A document could not be saved where the user chose. The store is not involved."""
    why = {
        service_errors.DocumentNotSaved.NO_ACCESS: _(
            "In deze map mag Blijf Desktop niet schrijven (of de schijf is alleen-lezen)."),
        service_errors.DocumentNotSaved.FULL: _("De schijf van deze map is vol."),
        service_errors.DocumentNotSaved.MISSING: _(
            "Deze map bestaat niet (meer), bijvoorbeeld omdat een USB-stick is losgekoppeld."),
        service_errors.DocumentNotSaved.IS_FOLDER: _("Er staat al een map met deze naam."),
    }.get(reason, _("De schijf gaf een fout."))
    return _("Het bestand kon niet worden opgeslagen. {why} Kies een andere map of naam en "
             "probeer het opnieuw. In Blijf Desktop is niets gewijzigd.").format(why=why)


def start_message(error: Exception, folder: str) -> str:
    """Why the app cannot start on the store `folder`. Not the generic apology: at the start
    nothing was typed that could still be on screen."""
    known = known_message(error)
    if known is None:
        log.error("unexpected error at start: %s", type(error).__name__)
        return _with_folder(_("Blijf Desktop kan niet starten met de map van de "
                              "gegevensopslag. Er is niets gewijzigd. Vraag uw beheerder om "
                              "hulp."), folder)
    return known


def unexpected_message() -> str:
    return _("Er ging iets mis dat we niet hadden voorzien. Wat u had ingevuld staat nog op het "
             "scherm. Probeer het opnieuw; blijft het misgaan, neem dan contact op met uw beheerder.")


def damaged_store_message(pages: int) -> str:
    """The store check found pages whose HMAC fails (a disk fault or tampering)."""
    return ngettext(
        "De opslag is beschadigd: {count} pagina klopt niet. Werk niet verder en laat de map "
        "ongemoeid; schakel de IT-ondersteuning in en gebruik een eerdere kopie van de map als "
        "die er is.",
        "De opslag is beschadigd: {count} pagina's kloppen niet. Werk niet verder en laat de "
        "map ongemoeid; schakel de IT-ondersteuning in en gebruik een eerdere kopie van de map "
        "als die er is.",
        pages).format(count=pages)
