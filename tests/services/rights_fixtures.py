"""One synthetic case for the rights tests (issue 20): a client with a secret shelter address,
a young child, a derde, a pleger with police information, an exchange out, changes, looks.
Every value that must not reach a report is a distinctive canary."""

import io
import re
from dataclasses import dataclass, replace
from datetime import date

from pypdf import PdfReader

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.police import DangerFlag, PoliceInfoKind as K
from blijf_desktop.domain.risk import AnswerValue as A
from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
from blijf_desktop.services.intake import IntakeService

TODAY = date.today()

CLIENT = PersonData(Category.CLIENT, first_names="Fenna", last_name="Kanarieclient",
                    street="Schuilhofweg", house_number="77", postcode="1234 AB",
                    residence="Opvangstad", address_secret=True, birth_place="Zwolle",
                    birth_date=date(1990, 4, 2), phone="+31612345678",
                    email="fenna@voorbeeld.nl")
CHILD = PersonData(Category.CHILD, first_names="Pimkind", last_name="Kanarieclient",
                   birth_date=date(2019, 6, 1), relation="kind", street="Schuilhofweg",
                   house_number="77", postcode="1234 AB", residence="Opvangstad",
                   address_secret=True)
DERDE = PersonData(Category.DERDE, first_names="Roos", last_name="Zusderde",
                   relation="familielid", phone="+31687654321", residence="Derdedorp")
PLEGER = PersonData(Category.PLEGER, first_names="Brutus", last_name="Plegerman",
                    street="Plegerstraat", house_number="13", postcode="9876 ZX",
                    residence="Plegerdorp", relation="ex_partner", phone="+31699999999",
                    birth_date=date(1985, 1, 1))

CLIENT_THREAT = "Hij dreigt met een mes bij de Dreigkanarie-voordeur."
CHILD_THREAT = "Hij wacht bij de Kindkanarie-school."
POLICE_CLIENT = "Politiekanarie-client: twee meldingen."
POLICE_PLEGER = "Politiekanarie-pleger: geweldsincident."

# What a pleger must never read, whatever is asked (DOMAIN.md, Rights of the person).
ABOUT_HER = ["Fenna", "Kanarieclient", "Schuilhofweg", "1234 AB", "1234AB", "Opvangstad",
             "Pimkind", "Dreigkanarie", "Kindkanarie", "Politiekanarie", "vuurwapen",
             "vader van kind", "vader_van_kind", "AWARE", "Veiligheidscheck", "plaatsing",
             "Zusderde", "fenna@voorbeeld", "Nieuwestad"]
COLLEAGUES = ["Synthetische Hulpverlener", "Synthetische Teamleider", "Synthetische Beheerder"]


@dataclass
class Case:
    case_id: int
    client: int
    child: int
    derde: int
    pleger: int


def make_case(lead, caseworker) -> Case:
    intake = IntakeService(lead, today=lambda: TODAY)
    case_id = intake.save_intake(CLIENT, [CHILD, DERDE, PLEGER],
                                 [(None, ThreatEntry(TODAY, CLIENT_THREAT)),
                                  (0, ThreatEntry(TODAY, CHILD_THREAT))])
    people = {p.data.category: p.id for p in intake.case(case_id).people}
    case = Case(case_id, people[Category.CLIENT], people[Category.CHILD],
                people[Category.DERDE], people[Category.PLEGER])
    register = ExchangeService(lead, today=lambda: TODAY)
    register.record_outgoing(case_id, "amsterdam", "aware_aanvraag", "gevraagd", "schriftelijk",
                             {case.client: {"last_name", "street"},
                              case.pleger: {"last_name", "phone"}}, b"%PDF-1.4 proef")
    register.record_incoming_police_info(
        case_id, "amsterdam", "Brigadier Proef", TODAY, "mondeling",
        [PoliceItem(case.client, K.FEITEN, POLICE_CLIENT),
         PoliceItem(case.pleger, K.GEWELDSINCIDENTEN, POLICE_PLEGER),
         PoliceItem(case.pleger, K.GEVARENCLASSIFICATIE, "",
                    {DangerFlag.VUURWAPENGEVAARLIJK: A.JA})])
    # Changes: her residence; his phone and his relation (the relation says: children).
    intake.update_person(case.client, replace(CLIENT, residence="Nieuwestad"), address_seen=True)
    intake.update_person(case.pleger, replace(PLEGER, phone="+31611112222",
                                              relation="vader_van_kind"))
    IntakeService(caseworker).person(case.pleger)  # a look by a hulpverlener
    return case


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)
