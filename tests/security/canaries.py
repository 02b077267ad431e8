"""Unique canary strings for the scripted session: one per field the app lets a user type,
built from a fresh token per run, with diacritics where the field allows them.

A canary is personal data a caseworker would type. After the session every file the app
touched is scanned for each canary's forms (tests/security/scanner.py): the typed text, the
form the store keeps (a phone in E.164, a date in ISO), the forms the app shows.

`kept` says whether the decrypted store must hold the canary afterwards: the proof checks
that it does (so the scan cannot pass because nothing was stored). Passphrases and search text
are never kept anywhere.

Later features add their own canaries here (an AWARE request, a disclosure, a backup label)."""

import random
import secrets
from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.people import ALLOWED_FIELDS, Category
from blijf_desktop.domain.validation import display_phone, national_phone, phone

TOKEN_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"
TOKEN_LENGTH = 6  # a house-number suffix allows at most six characters


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


@dataclass(frozen=True)
class Canary:
    name: str  # e.g. "client.last_name": where it was typed; never personal itself
    typed: str
    stored: str | None = None  # the form the store keeps, when it differs from `typed`
    also: tuple[str, ...] = ()  # other forms the app shows or searches by
    kept: bool = True

    @property
    def kept_form(self) -> str:
        return self.stored if self.stored is not None else self.typed

    def forms(self) -> tuple[str, ...]:
        found = [self.typed, self.kept_form, *self.also]
        return tuple(dict.fromkeys(f for f in found if f))


# (key, category, tag): the tag makes each person's canaries different.
PEOPLE = (
    ("client", Category.CLIENT, "Cl"),
    ("child", Category.CHILD, "Ki"),
    ("derde", Category.DERDE, "De"),
    ("pleger", Category.PLEGER, "Pl"),
)
RELATION = {"child": "kind", "derde": "buur", "pleger": "ex_partner"}
_TEXT_STEMS = {
    "first_names": "Zwänenbürg",
    "prefix": "vän",
    "last_name": "Kanariëvögel",
    "street": "Ëikenhöflaan",
    "residence": "Stråatdörp",
    "birth_place": "Geböorteplaats",
}
_POSTCODE_LETTERS = "BCFGHJKLMNPRTVWXZ"


def _phone(rng: random.Random) -> tuple[str, str]:
    """A valid Dutch mobile number: (E.164 as stored, as typed)."""
    while True:
        typed = "061" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        e164 = phone(typed).value
        if e164:
            return e164, typed


def _birth_dates(rng: random.Random) -> dict[str, date]:
    client = date(rng.randint(1980, 1989), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "client": client,
        "child": date(client.year + 24, rng.randint(1, 12), rng.randint(1, 28)),
        "derde": date(rng.randint(1960, 1969), rng.randint(1, 12), rng.randint(1, 28)),
        "pleger": date(rng.randint(1970, 1979), rng.randint(1, 12), rng.randint(1, 28)),
    }


def _person(key: str, category: Category, tag: str, token: str, rng: random.Random,
            born: date) -> list[Canary]:
    found = []
    for field in ALLOWED_FIELDS[category]:
        name = f"{key}.{field}"
        if field in _TEXT_STEMS:
            found.append(Canary(name, f"{_TEXT_STEMS[field]}-{tag}-{token}"))
        elif field == "house_number":
            found.append(Canary(name, f"{rng.randint(10, 9999)}-{token}"))
        elif field == "postcode":
            letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
            found.append(Canary(name, f"{rng.randint(1000, 9999)} {letters}"))
        elif field == "birth_date":
            typed = f"{born.day:02d}-{born.month:02d}-{born.year:04d}"
            found.append(Canary(name, typed, born.isoformat()))
        elif field == "phone":
            e164, typed = _phone(rng)
            found.append(Canary(name, typed, e164, (display_phone(e164), national_phone(e164))))
        elif field == "email":
            found.append(Canary(name, f"mëlding.{tag.lower()}.{token.lower()}"
                                      f"@zwänenbürg-{tag.lower()}.example"))
        else:  # a new allowed field needs a canary here before the proof can pass
            raise AssertionError(f"no canary for field {field}")
    return found


def canaries(token: str) -> dict[str, Canary]:
    """Every canary of one run, by name."""
    rng = random.Random(token)
    born = _birth_dates(rng)
    found: list[Canary] = []
    for key, category, tag in PEOPLE:
        found += _person(key, category, tag, token, rng, born[key])
    found += [
        # Threat information, one entry per kind of "about".
        Canary("threat.client", f"Dreigbrïef-Th1-{token}\nHij wacht élke dag bij de deur."),
        Canary("threat.child", f"Kïndbedreiging-Th2-{token}"),
        Canary("threat.location", f"Bij de schöolpoort Löcatiedreiging-Th3-{token}"),
        Canary("threat.location.place", f"Schöolplein-Th3-{token}"),
        # An edit: the old street goes to the history, this one replaces it.
        Canary("edit.client.street", f"Nïeuwstraat-Ed-{token}"),
        # A risicotaxatie: a note on a signal and the reason for a higher level.
        Canary("screening.note", f"Toelichtïng-Rs-{token} staat élke avond bij haar werk"),
        Canary("screening.reason", f"Hogerniveau-Rs-{token}: hij kent haar nieuwe adres"),
        # Police information received (issue 17): the officer, a pleger's violent incidents,
        # a child's art. 8 Wpg data. Kept only in the encrypted store.
        Canary("police.contact", f"Wijkägent-Po-{token}"),
        Canary("police.pleger.incidents", f"Gewëldsincident-Po1-{token}\nMet een mes bedreigd."),
        Canary("police.child.art8", f"Pölitiegegevens-Po2-{token}"),
        # An AWARE-traject (issue 17), every step typed through its form: kept only in the
        # encrypted store.
        Canary("aware.start.reason_text", f"Trajectreden-Aw1-{token} volgt haar naar het werk"),
        Canary("aware.request.asked", f"Gevraägd-Aw2-{token}: wapenbezit en eerdere meldingen"),
        Canary("aware.request.necessity", f"Nöodzaak-Aw3-{token} hij kent haar schoolroute"),
        Canary("aware.received.note", f"Ontvängen-Aw4-{token} telefonisch bevestigd"),
        # Step data is kept as JSON: the line break as a backslash and an n.
        Canary("aware.advice.text", f"Veiligheidsädvies-Aw5-{token}\nAlarm en vaste route.",
               f"Veiligheidsädvies-Aw5-{token}\\nAlarm en vaste route."),
        Canary("aware.advice.agreements", f"Afsprääk-Aw6-{token} belt elke maandag"),
        Canary("aware.decision.reasons", f"Motivëring-Aw7-{token} ernstige dreiging"),
        Canary("aware.connect.device", f"Alärm-Aw8-{token}"),
        Canary("aware.review.incidents", f"Incidënt-Aw9-{token} stond bij de voordeur"),
        Canary("aware.review.note", f"Evaluätie-Aw0-{token} voelt zich veiliger"),
        Canary("aware.end.reason", f"Beëindigd-Awe-{token} verhuisd naar een andere regio"),
        # A signaal mensenhandel and a consent (issue 18): kept only in the encrypted store,
        # and what leaves in an anonymised disclosure is scanned like any file.
        Canary("signal.description", f"Signaalomschrïjving-Si1-{token} werkt zonder loon"),
        Canary("signal.summary", f"Samenvättïng-Si2-{token} nagelsalon zonder loon"),
        Canary("signal.question2", f"Uitbuitïng-Si3-{token} paspoort ingehouden"),
        Canary("consent.weighing.doel", f"Wegïngdoel-To1-{token} advies over de aanpak"),
        Canary("consent.weighing.belangen", f"Belängen-To2-{token} haar veiligheid eerst"),
        # An intake left unfinished: kept only as an encrypted draft.
        Canary("draft.client.first_names", f"Ontwürp-Dr-{token}"),
        Canary("draft.client.last_name", f"Cöncept-Dr-{token}"),
        Canary("draft.pleger.last_name", f"Dräftpleger-Dr-{token}"),
        # Accounts: names are personal data of staff; passphrases are never kept.
        Canary("user.admin.username", f"bëheer-{token.lower()}"),
        Canary("user.admin.display_name", f"Bëheerder Ûs-{token}"),
        Canary("user.caseworker.username", f"hülp-{token.lower()}"),
        Canary("user.caseworker.display_name", f"Hülpverlener Ûs-{token}"),
        Canary("user.second.username", f"twëede-{token.lower()}"),
        Canary("user.second.display_name", f"Tweede Teamlëider-{token}"),
        Canary("pass.admin", f"Beheer-Wächtwoord-{token}-42", kept=False),
        Canary("pass.second", f"Tweede-Wächtwoord-{token}-5", kept=False),
        Canary("pass.one_time", f"Eenmalig-Wächtwoord-{token}-1", kept=False),
        Canary("pass.caseworker", f"Eigen-Wächtwoord-{token}-7", kept=False),
        Canary("pass.wrong", f"Verkéerd-Wächtwoord-{token}-0", kept=False),
        Canary("login.wrong_username", f"Verkéerde-Naam-{token}", kept=False),
        # Search text is personal data too; only opening a result is audited, not the text.
        Canary("search.nothing_found", f"Zöekwoord-Nergens-{token}", kept=False),
    ]
    by_name = {c.name: c for c in found}
    assert len(by_name) == len(found), "canary names must be unique"
    return by_name
