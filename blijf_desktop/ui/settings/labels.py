"""The words of Beheer → Instellingen: a setting's value as text, and each refusal as a Dutch
sentence shown beside its field."""

from datetime import datetime

from blijf_desktop.domain import settings as rules
from blijf_desktop.domain.police import UNITS
from blijf_desktop.i18n import _, format_datetime, ngettext
from blijf_desktop.ui.messages import field_problem


def setting_label(code: str) -> str:
    """The setting's name; a police unit's line with the unit's name before it."""
    label = _(rules.RULES[code].label)
    if code.startswith("police."):
        unit = code.split(".")[1]
        return "%s — %s" % (_(UNITS[unit].label), label)
    return label


def value_text(code: str, value) -> str:
    rule = rules.RULES[code]
    if code == rules.IDLE_LOCK:
        return ngettext("{n} minuut", "{n} minuten", value).format(n=value)
    if code == rules.PASSPHRASE_MIN:
        return ngettext("{n} teken", "{n} tekens", value).format(n=value)
    if code == rules.VOLUME_PERIOD:
        return ngettext("{n} minuut", "{n} minuten", value).format(n=value)
    if code in (rules.VOLUME_LISTED, rules.VOLUME_OPENED):
        return ngettext("meer dan {n}", "meer dan {n}", value).format(n=value)
    if code == rules.BACKUP_KEEP:
        return ngettext("{n} back-up", "{n} back-ups", value).format(n=value)
    if code == rules.BACKUP_SCHEDULE:
        return _(rules.SCHEDULE_LABELS[value])
    if code == rules.LANGUAGE:
        return _(rules.LANGUAGE_LABELS[value])
    if rule.kind is rules.Kind.IMAGE:
        return _("geen logo") if value is None else _("een logo van {n} kB").format(
            n=max(1, round(len(value) / 1024)))
    return value if value else _("(leeg)")


def when_text(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(), "short")


def pending_text(code: str, pending) -> str:
    return _("Wacht op bevestiging: {value}, gevraagd door {name} op {when}. Tot dan geldt "
             "de huidige waarde.").format(value=value_text(code, pending.value),
                                          name=pending.requested_by_name,
                                          when=when_text(pending.requested_at))


def setting_problem(code: str, problem: str) -> str:
    rule = rules.RULES.get(code)
    messages = {
        "not_a_number": _("Vul een heel getal in."),
        "unknown_choice": _("Kies een van de mogelijkheden."),
        "too_many_lines": _("Hoogstens {n} regels.").format(n=rule.max_lines if rule else 1),
        "not_an_image": _("Dit bestand is geen PNG- of JPEG-afbeelding. Kies een ander "
                          "bestand; het logo is niet gewijzigd."),
        "too_large": _("Dit bestand is te groot: een logo is hoogstens {n} kB. Het logo is "
                       "niet gewijzigd.").format(n=rules.LOGO_MAX_BYTES // 1024),
        "too_many_pixels": _("Deze afbeelding is te groot: hoogstens {n} beeldpunten breed en "
                             "hoog. Het logo is niet gewijzigd.").format(
            n=rules.LOGO_MAX_PIXELS),
    }
    if problem == "out_of_range" and rule is not None:
        return _("Kies een getal van {low} tot en met {high}.").format(low=rule.minimum,
                                                                       high=rule.maximum)
    if problem == "too_long" and rule is not None:
        return _("Deze tekst is te lang: hoogstens {n} tekens.").format(n=rule.max_length)
    return messages.get(problem) or field_problem(problem)


def approver_problem(problem: str) -> str | None:
    """A refused confirmation, in the words of this page; None: the general message."""
    return {
        "approver_is_asker": _("U kunt uw eigen wijziging niet zelf bevestigen. Vraag een "
                               "andere functioneel beheerder of een teamleider."),
        "approver_role": _("Alleen een functioneel beheerder of een teamleider kan een "
                           "wijziging bevestigen."),
        "second_approver_required": _("Vul de gebruikersnaam in van wie bevestigt."),
        "approver_not_ready": None,
        "not_pending": _("Deze wijziging is intussen al afgehandeld of vervangen."),
    }.get(problem)
