"""Synthetic inputs for the AWARE documents (tests and bench/pdf.py). Nobody real: the names,
streets and postcodes are made up and unusual enough to be found (or not) in extracted text."""

from datetime import date

from blijf_desktop.domain import measures as m
from blijf_desktop.domain.aware import term_ends
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import Channel, DangerFlag, PoliceInfoKind
from blijf_desktop.domain.risk import SIGNALS_V1, Answer, AnswerValue, Level
from blijf_desktop.reports.aware_inputs import (
    PersonLine,
    PoliceInfoLine,
    PoliceRequestInput,
    RunningConnection,
    RunningConnectionsInput,
    SafetyAdviceInput,
    ScreeningLine,
)

TODAY = date(2026, 12, 6)
CASE_REF = "BG-2026-0147"
SECRET_STREET = "Zwaluwstaartsteeg 71"
SECRET_POSTCODE = "9999 ZQ"
PLEGER_STREET = "Kwikstaartkade 12"

CLIENT = PersonLine("1", "Marijke Zonnebloemveld", Category.CLIENT,
                    birth_date=date(1988, 4, 3),
                    address=f"{SECRET_STREET}, {SECRET_POSTCODE} Almere", address_secret=True)
CHILDREN = (
    PersonLine("2", "Sanne Zonnebloemveld", Category.CHILD, "kind", date(2015, 9, 1),
               f"{SECRET_STREET}, {SECRET_POSTCODE} Almere", True),
    PersonLine("3", "Daan Zonnebloemveld", Category.CHILD, "kind", date(2019, 2, 14),
               f"{SECRET_STREET}, {SECRET_POSTCODE} Almere", True),
)
PLEGERS = (
    PersonLine("4", "Reinout Quaadvliegh", Category.PLEGER, "ex_partner", date(1984, 11, 30),
               f"{PLEGER_STREET}, 1234 AB Lelystad"),
    PersonLine("5", "Björn Quaadvliegh", Category.PLEGER, "familielid", date(1990, 6, 21)),
)
PEOPLE = (CLIENT, *CHILDREN, *PLEGERS)

FLAGS = {
    "4": {DangerFlag.ALCOHOLIST: AnswerValue.JA, DangerFlag.HARDDRUGGEBRUIKER: AnswerValue.NEE,
          DangerFlag.MEDISCHE_INDICATIE: AnswerValue.NEE,
          DangerFlag.VUURWAPENGEVAARLIJK: AnswerValue.JA,
          DangerFlag.WAPENGEVAARLIJK: AnswerValue.JA,
          DangerFlag.GEWELD_VERZETPLEGER: AnswerValue.ONBEKEND},
    "5": {flag: AnswerValue.NEE for flag in DangerFlag},
}

_LONG = ("Cliënte vertelt dat de ex-partner haar sinds de scheiding in september volgt, bij "
         "de school van de kinderen wacht en berichten stuurt waarin hij dreigt haar iets "
         "aan te doen. Zij is bang dat hij haar nieuwe adres vindt. ")


def screenings(count: int = 3) -> tuple[ScreeningLine, ...]:
    lines = []
    for index in range(count):
        answers = {}
        for position, signal in enumerate(SIGNALS_V1):
            value = (AnswerValue.JA if (position + index) % 3 == 0 else
                     AnswerValue.ONBEKEND if (position + index) % 3 == 1 else AnswerValue.NEE)
            answers[signal.code] = Answer(value, "Toelichting van de cliënte bij dit signaal."
                                          if value is AnswerValue.JA else "")
        lines.append(ScreeningLine(date(2026, 10 + index, 3 + index), "Fenna de Groot", 1,
                                   answers, Level.ORANJE, Level.ROOD if index else Level.ORANJE))
    return tuple(lines)


def police_info() -> tuple[PoliceInfoLine, ...]:
    return (
        PoliceInfoLine("4", PoliceInfoKind.GEWELDSINCIDENTEN, "midden_nederland",
                       date(2026, 11, 20), Channel.SCHRIFTELIJK,
                       "Aanhouding 2024 wegens mishandeling; in 2025 bedreiging met een mes."),
        PoliceInfoLine("4", PoliceInfoKind.TIJDELIJK_HUISVERBOD, "midden_nederland",
                       date(2026, 11, 20), Channel.MONDELING,
                       "Tijdelijk huisverbod opgelegd in maart 2025, niet overtreden."),
        PoliceInfoLine("1", PoliceInfoKind.INCIDENTEN, "amsterdam", date(2026, 11, 21),
                       Channel.MONDELING, "Twee meldingen van burengerucht op het oude adres."),
        PoliceInfoLine("2", PoliceInfoKind.ARTIKEL_8, "amsterdam", date(2026, 11, 21),
                       Channel.SCHRIFTELIJK, "Geen registraties."),
    )


def advice(long: bool = False, show_secret_address: bool = False) -> SafetyAdviceInput:
    repeat = 14 if long else 2
    return SafetyAdviceInput(
        case_ref=CASE_REF, date=TODAY, author="Fenna de Groot", teamleider="Ilse Veenstra",
        people=PEOPLE, flags=FLAGS, level=Level.ROOD,
        level_reason="Doodsbedreiging en stalking sinds de scheiding; de pleger is volgens "
                     "de politie vuurwapengevaarlijk.",
        measures=(m.AWARE, m.VEILIG_ADRES, m.SCHOOL_KINDEROPVANG, m.VEILIGHEIDSPLAN),
        measure_notes={m.SCHOOL_KINDEROPVANG: "Alleen de cliënte haalt de kinderen op; de "
                                              "school belt bij twijfel 112."},
        advice_text="\n\n".join(_LONG * 2 for _ in range(repeat))
        + "\n\nAdvies: AWARE-alarm toekennen; eindstreep-ADVIES-TEKST.",
        agreements="De cliënte belt bij elk contact met de pleger direct de politie.\n"
                   "Zij deelt haar adres met niemand buiten de opvang.",
        screenings=screenings(3), police_info=police_info(),
        show_secret_address=show_secret_address)


def request() -> PoliceRequestInput:
    return PoliceRequestInput(
        case_ref=CASE_REF, date=TODAY, unit="midden_nederland",
        basis="Artikel 20 Wpg-besluit Blijf Groep, eenheid Midden-Nederland, nr. 2022-017",
        requester="Ilse Veenstra", people=(CLIENT, PLEGERS[0]),
        asked={"1": (PoliceInfoKind.INCIDENTEN, PoliceInfoKind.VEILIGHEID),
               "4": (PoliceInfoKind.GEVARENCLASSIFICATIE, PoliceInfoKind.GEWELDSINCIDENTEN)},
        necessity="De cliënte wordt ernstig bedreigd; voor het veiligheidsadvies en het besluit "
                  "over een AWARE-alarm is de gevarenclassificatie van de pleger nodig.",
        answer_by=date(2026, 12, 11), reason="stalking", reason_text="sinds september",
        contact="Wijkagent J. Pietersma")


def connections(count: int = 12) -> RunningConnectionsInput:
    units = ("amsterdam", "noord_holland", "midden_nederland")
    starts = [date(2026, 6 + index % 6, 1 + index % 28) for index in range(count)]
    rows = tuple(RunningConnection(f"BG-2026-{index:04d}", units[index % 3], start,
                                   term_ends(start))
                 for index, start in enumerate(starts, start=1))
    return RunningConnectionsInput(TODAY, rows)
