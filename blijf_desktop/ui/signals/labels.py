"""What the signal screens say: the Dutch message for each refusal of the signal rules
(domain/trafficking_signal.py, services/signals.py), shown next to its field, and how a
signal is named in the case's list."""

from datetime import datetime

from blijf_desktop.domain.signal_annex import MAX_SUMMARY_LINES
from blijf_desktop.i18n import _, format_datetime
from blijf_desktop.ui.messages import field_problem


def summary_too_long(lines: int) -> str:
    return _("Het format vraagt een samenvatting van hoogstens {max} regels; dit zijn er "
             "{n}. Maak haar korter. Wat u typte staat er nog.").format(
        max=MAX_SUMMARY_LINES, n=lines)


def signal_problem(field: str, problem: str, lines: int = MAX_SUMMARY_LINES + 1) -> str:
    if problem == "too_many_lines":
        return summary_too_long(lines)
    messages = {
        ("vermoeden", "required"): _("Kies minstens één vermoeden: daarmee kiest u de vragen "
                                     "die het format stelt."),
        ("signaal.datum_tijd", "required"): _("Vul de datum en tijd van het signaal in "
                                              "(convenant art. 15.2)."),
        ("signaal.omschrijving", "required"): _("Beschrijf het signaal (convenant art. 15.2)."),
        ("signaal.bron_naam", "required"): _("Vul de naam van de bron van het signaal in "
                                             "(convenant art. 15.2)."),
        ("signaal.bron_organisatie", "required"): _("Vul de organisatie van de bron in "
                                                    "(convenant art. 15.2)."),
        ("signal", "sent"): _("Dit signaal is al verstuurd en kan niet meer worden gewijzigd."),
        ("signal", "unknown"): _("Dit signaal bestaat niet (meer)."),
        ("case", "unknown"): _("Deze casus bestaat niet (meer)."),
        ("fields", "unknown"): _("Het formulier bevat een veld dat het format niet kent."),
    }
    if (field, problem) in messages:
        return messages[(field, problem)]
    if problem == "datetime_format":
        return _("Schrijf datum en tijd als dag-maand-jaar uur:minuut, bijvoorbeeld "
                 "12-3-2026 14:30.")
    return field_problem(problem, field)


def list_text(stored) -> str:
    """One signal in the case's list: number, last change, by whom, and whether it went out."""
    when = format_datetime(datetime.fromisoformat(stored.updated_at).astimezone(), "short")
    state = _("verstuurd") if stored.sent else _("nog niet verstuurd")
    return _("Signaal {id} · gewijzigd {when} door {name} · {state}").format(
        id=stored.id, when=when, name=stored.updated_by_name, state=state)
