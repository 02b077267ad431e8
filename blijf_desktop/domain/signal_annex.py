"""The "FORMAT CASUS MENSENHANDEL" (Mensenhandel, annex) as data, with the signal record of
art. 15.2 before it: sections and fields in the annex's order, labelled with the annex's own
Dutch words (N_: the screen may translate them; the exports never do, footnote 12 asks for
automatic import). Capitals are evened out where the annex is inconsistent ("sinds wanneer:"
in vraag 2); colons inside a label became brackets ("Wat voor prostitutie (raam/…)").

Each field names the sharing kind whose anonymisation rule it follows (domain/sharing.py
ANONYMISED_KINDS): a name gives initials, a birth date its year, an address is left out, the
municipality stays, a phone number is left out. Every other field is the signal's own text,
written for the chain (sharing.SIGNAL); the Handhaving section is criminal personal data
(sharing.SIGNAL_ENFORCEMENT, Mensenhandel 21.8)."""

from dataclasses import dataclass

from blijf_desktop.domain.sharing import SIGNAL, SIGNAL_ENFORCEMENT
from blijf_desktop.domain.text import N_

LINE, TEXT, DATE, DATETIME, PHONE, YESNO, CHECK = (
    "line", "text", "date", "datetime", "phone", "yesno", "check")
YESNO_VALUES = ("", "ja", "nee", "onbekend")
YESNO_LABELS = {"": N_("— niet ingevuld —"), "ja": N_("ja"), "nee": N_("nee"),
                "onbekend": N_("onbekend")}

SEXUAL, ECONOMIC = "vermoeden.seksueel", "vermoeden.economisch"
QUESTION_1, QUESTION_2 = "vraag1", "vraag2"
YES_GROUP, NO_GROUP = N_("Zo ja:"), N_("Zo nee:")


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    kind: str = LINE
    share_as: str = SIGNAL  # the sharing kind whose anonymisation rule applies
    group: str = ""  # the annex's bracketed sub-line it stands under (Zo ja / Zo nee)


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    fields: tuple[Field, ...]
    question: str = ""  # vraag1 / vraag2: asked only when it applies
    kind: str = SIGNAL  # the sharing kind of the whole section


def _personalia(prefix: str, facilitator: bool = False) -> tuple[Field, ...]:
    """Personalia slachtoffer / uitbuiter/pleger (eight fields); the faciliteerder has the
    kind of facilitator first and no living situation."""
    fields = (
        Field(f"{prefix}.naam", N_("Naam"), share_as="first_names"),
        Field(f"{prefix}.geboortedatum", N_("Geboortedatum"), DATE, share_as="birth_date"),
        Field(f"{prefix}.geslacht", N_("Geslacht")),
        Field(f"{prefix}.adres", N_("Adres"), share_as="street"),
        Field(f"{prefix}.woonplaats", N_("Woon- of verblijfplaats"), share_as="residence"),
        Field(f"{prefix}.nationaliteit", N_("Nationaliteit")),
        Field(f"{prefix}.verblijfstatus", N_("Verblijfstatus")),
    )
    if facilitator:
        return (Field(f"{prefix}.soort", N_("Soort faciliteerder")),) + fields
    return fields + (Field(f"{prefix}.woonsituatie", N_("Woonsituatie")),)


def _surroundings(prefix: str) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}.partner", N_("Partner")),
        Field(f"{prefix}.familie", N_("Familie")),
        Field(f"{prefix}.vrienden", N_("Vrienden/kennissen")),
        Field(f"{prefix}.collegas", N_("Collega’s/klasgenoten")),
        Field(f"{prefix}.professionals",
              N_("Professionals (hulpverlening, strafrechtelijke instanties, etc.)")),
        Field(f"{prefix}.werk", N_("Werk/opleiding")),
        Field(f"{prefix}.sport", N_("Sport/verenigingsleven")),
        Field(f"{prefix}.overigen", N_("Overigen")),
    )


SECTIONS: tuple[Section, ...] = (
    # Mensenhandel 15.2: date and time, a description, the source with name, organisation
    # and phone number; then the annex (15.2, fourth point).
    Section("signaal", N_("Signaal mensenhandel (convenant art. 15.2):"), (
        Field("signaal.datum_tijd", N_("Datum en tijd van het signaal"), DATETIME),
        Field("signaal.omschrijving", N_("Omschrijving van het signaal"), TEXT),
        Field("signaal.bron_naam", N_("Bron van het signaal, naam"), share_as="first_names"),
        Field("signaal.bron_organisatie", N_("Bron van het signaal, organisatie")),
        Field("signaal.bron_telefoon", N_("Bron van het signaal, telefoonnummer"), PHONE,
              share_as="phone"),
    )),
    # Blijf's own contact for the chain: kept whole, also anonymised (Mensenhandel 14.6:
    # the supplying partner stays responsible for the signal and is asked back).
    Section("ingevuld", N_("Ingevuld door:"), (
        Field("ingevuld.contactpersoon", N_("Contactpersoon")),
        Field("ingevuld.organisatie", N_("Organisatie")),
        Field("ingevuld.telefoon", N_("Telefoonnummer"), PHONE),
        Field("ingevuld.datum", N_("Datum"), DATE),
    )),
    Section("slachtoffer", N_("Personalia slachtoffer:"), _personalia("slachtoffer")),
    Section("pleger", N_("Personalia uitbuiter/pleger:"), _personalia("pleger")),
    Section("faciliteerder", N_("Personalia faciliteerder:"),
            _personalia("faciliteerder", facilitator=True)),
    Section("omgeving_slachtoffer",
            N_("Sociale omgeving en achtergrond slachtoffer: (indien bekend)"),
            _surroundings("omgeving_slachtoffer")),
    Section("omgeving_pleger", N_("Sociale omgeving en achtergrond pleger: (indien bekend)"),
            _surroundings("omgeving_pleger")),
    Section("samenvatting", N_("Korte samenvatting van de casus:"), (
        Field("samenvatting", N_("Samenvatting (maximaal vijf regels)"), TEXT),
    )),
    Section("vermoeden", N_("Het betreft hier een vermoeden van: (Vermoedens kunnen meerdere "
                            "categorieën beslaan)"), (
        Field(SEXUAL, N_("Jeugdprostitutie/gedwongen prostitutie/overige seksuele uitbuiting"),
              CHECK),
        Field(ECONOMIC, N_("Sociaal economische uitbuiting (denk aan uitbuiting in werk, wonen, "
                           "overige misstanden)"), CHECK),
    )),
    Section(QUESTION_1, N_("Vraag 1: Situatieschets jeugdprostitutie/gedwongen prostitutie/"
                           "overige seksuele uitbuiting"), (
        Field("vraag1.al_in_prostitutie", N_("Zit hij of zij al in de prostitutie"), YESNO),
        Field("vraag1.sinds", N_("Sinds wanneer"), group=YES_GROUP),
        Field("vraag1.waar", N_("Waar zit hij/zij in de prostitutie"), group=YES_GROUP),
        Field("vraag1.soort", N_("Wat voor prostitutie (raam/club/misleiding-constructie/etc)"),
              group=YES_GROUP),
        Field("vraag1.wie_weet", N_("Wie is er op de hoogte van zijn/haar prostitutieleven"),
              TEXT, group=YES_GROUP),
        Field("vraag1.dreigt", N_("Dreigt hij of zij in de prostitutie te raken"), YESNO,
              group=NO_GROUP),
        Field("vraag1.waaruit", N_("Waaruit blijkt dat"), TEXT, group=NO_GROUP),
    ), question=QUESTION_1),
    Section(QUESTION_2, N_("Vraag 2: Situatieschets economische uitbuiting"), (
        Field("vraag2.hoe", N_("Hoe wordt het slachtoffer uitgebuit"), TEXT),
        Field("vraag2.waaruit", N_("Waaruit blijkt dat"), TEXT),
        Field("vraag2.sinds", N_("Sinds wanneer")),
        Field("vraag2.waar", N_("Waar wordt hij/zij uitgebuit")),
        Field("vraag2.werk", N_("Wat voor werk moet hij/zij verrichten")),
        Field("vraag2.wie_weet", N_("Wie zijn er op de hoogte van de uitbuiting"), TEXT),
        Field("vraag2.overig", N_("Overige bijzonderheden"), TEXT),
    ), question=QUESTION_2),
    Section("dwang", N_("Dwang/Dreiging/uitbuiting"), (
        Field("dwang.sprake", N_("Is er sprake van dwang/dreiging/uitbuiting?"), YESNO),
        Field("dwang.waaruit", N_("Waaruit blijkt de dwang/dreiging/uitbuiting?"), TEXT),
        Field("dwang.personen",
              N_("Gaat de dwang/dreiging/uitbuiting uit van 1 persoon of meerdere?")),
        Field("dwang.factoren", N_("Spelen er nog andere factoren mee waar dreiging vanuit "
                                   "gaat?"), TEXT),
        Field("dwang.zelf", N_("Vind het slachtoffer zelf ook dat zij/hij wordt gedwongen/"
                               "bedreigd/uitgebuit en waarom?"), TEXT),
    )),
    # Mensenhandel 21.8: which offences, by whom, is criminal personal data.
    Section("handhaving", N_("Handhaving"), (
        Field("handhaving.strafbaar", N_("Zijn er strafbare feiten gepleegd?"), YESNO,
              share_as=SIGNAL_ENFORCEMENT),
        Field("handhaving.welke", N_("Zo ja welke en door wie?"), TEXT,
              share_as=SIGNAL_ENFORCEMENT),
        Field("handhaving.waaruit", N_("Waaruit blijkt dat?"), TEXT,
              share_as=SIGNAL_ENFORCEMENT),
    ), kind=SIGNAL_ENFORCEMENT),
    Section("hulpverlening", N_("Hulpverlening"), (
        Field("hulp.geboden", N_("Wordt er al hulp geboden?"), YESNO),
        Field("hulp.welke", N_("Welke hulp wordt er momenteel geboden?"), TEXT),
        Field("hulp.wie", N_("Welke instanties / personen bieden deze hulp aan?"), TEXT),
        Field("hulp.vervolg", N_("Welke vervolgacties worden er uitgezet/ dienen er uitgezet te "
                                 "worden?"), TEXT),
    )),
)

FIELDS: dict[str, Field] = {f.code: f for s in SECTIONS for f in s.fields}
SECTION_OF: dict[str, Section] = {f.code: s for s in SECTIONS for f in s.fields}
SECTION_BY_CODE: dict[str, Section] = {s.code: s for s in SECTIONS}

# Mensenhandel 15.2: every signal has these.
REQUIRED = ("signaal.datum_tijd", "signaal.omschrijving", "signaal.bron_naam",
            "signaal.bron_organisatie")
SUMMARY = "samenvatting"
MAX_SUMMARY_LINES = 5  # the annex: "Maximaal vijf regels"
MAX_SUMMARY_CHARS = 5 * 160
MAX_LINE = 300
MAX_TEXT = 2000
# Fields the covenant does not let Blijf record about a person outside a signal (Blijf art. 4;
# DOMAIN.md): they start empty and are typed in the signal only.
SIGNAL_ONLY = ("geslacht", "nationaliteit", "verblijfstatus", "woonsituatie", "soort")
