"""Backup and restore problems as Dutch sentences that say what happened and what was kept."""

from blijf_desktop.i18n import _
from blijf_desktop.services import errors
from blijf_desktop.ui.messages import error_message, short_folder


def folder_message(reason: str, folder: str | None = None) -> str:
    texts = {
        "missing": _("De back-upmap is niet gevonden. Is de USB-schijf of netwerkmap "
                     "aangesloten?"),
        "not_a_folder": _("Op de plek van de back-upmap staat een bestand, geen map."),
        "read_only": _("In de back-upmap mag Blijf Desktop niet schrijven (alleen-lezen)."),
        "full": _("De schijf van de back-upmap is vol."),
        "disk_error": _("Schrijven in de back-upmap lukte niet, bijvoorbeeld omdat een "
                        "USB-schijf of netwerkmap is losgekoppeld."),
        "inside_store": _("Kies een andere map dan die van de gegevensopslag zelf: raakt de pc "
                          "kwijt, dan is de back-up ook weg."),
        "required": _("Kies eerst een back-upmap (een volledig pad)."),
    }
    text = texts.get(reason, texts["disk_error"])
    if folder:
        text += "\n" + _("Map: {folder}").format(folder=short_folder(folder))
    return text


def backup_failed_message(error: Exception) -> str:
    """A backup that was not made: why, and that the earlier backups are still there."""
    kept = _("Er is geen nieuwe back-up gemaakt; de eerdere back-ups zijn bewaard.")
    if isinstance(error, errors.BackupFolderProblem):
        return folder_message(error.reason, error.folder) + "\n" + kept
    if isinstance(error, errors.InvalidInput) and error.field == "folder":
        return folder_message(error.problem)
    if isinstance(error, errors.BackupCancelled):
        return _("De back-up is afgebroken. Er is geen half bestand achtergebleven; de eerdere "
                 "back-ups zijn bewaard.")
    if isinstance(error, errors.BackupBusy):
        return _("De opslag werd de hele tijd gewijzigd, daardoor lukte de back-up niet. "
                 "Probeer het zo opnieuw.") + "\n" + kept
    return error_message(error) + "\n" + kept


def restore_message(error: Exception) -> str:
    """Why a backup cannot be restored; the current store is always untouched then."""
    untouched = _("De huidige gegevens zijn niet gewijzigd.")
    texts = {
        errors.NotABackup: _("Dit bestand is geen back-up van Blijf Desktop."),
        errors.BackupCutOff: _("Deze back-up is niet compleet: het bestand is afgekapt, "
                               "bijvoorbeeld doordat het kopiëren is onderbroken. Kies een "
                               "andere back-up."),
        errors.BackupDamaged: _("Deze back-up is beschadigd: de controle van de inhoud klopt "
                                "niet. Kies een andere back-up."),
        errors.BackupTooNew: _("Deze back-up is gemaakt met een nieuwere versie van Blijf "
                               "Desktop. Installeer eerst de nieuwste versie."),
        errors.WrongRecoveryKey: _("Deze herstelsleutel opent deze back-up niet. Gebruik het "
                                   "herstelblad dat gold toen de back-up werd gemaakt."),
        errors.WrongCredentials: _("Het wachtwoord klopt niet."),
        errors.BackupCancelled: _("Het terugzetten is afgebroken."),
    }
    if isinstance(error, errors.WrongBackupKey):
        text = _("Deze back-up is gemaakt met een andere sleutel: van een andere opslag, of van "
                 "vóór een sleutelwissel. Met uw wachtwoord gaat hij niet open; zet hem terug "
                 "vanaf het startscherm met het herstelblad van toen.")
        return text + " " + untouched
    if isinstance(error, errors.InvalidInput) and error.field == "file":
        return _("Kies een back-upbestand (niet een map).") + " " + untouched
    for kind, text in texts.items():
        if isinstance(error, kind):
            return text + " " + untouched
    return error_message(error)
