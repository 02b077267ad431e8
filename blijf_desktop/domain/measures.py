"""The measures a veiligheidsadvies can propose, as data (issue 17). The advice is a checklist:
each measure is ticked yes or no, with a note where it needs one. The risk screening
(domain/risk.py) suggests measures per level; the AWARE traject (domain/aware.py) records which
were chosen. Codes are stored; labels are translated when shown."""

from blijf_desktop.domain.text import N_

AWARE = "aware"
VEILIG_ADRES = "veilig_adres"
CONTACTAFSPRAKEN = "contactafspraken"
SCHOOL_KINDEROPVANG = "school_kinderopvang"
POLITIE_AANDACHT = "politie_aandacht"
ALARMTRAINING = "alarmtraining"
VEILIGHEIDSPLAN = "veiligheidsplan"

# In the order the advice lists them.
MEASURES: dict[str, str] = {
    # Blijf, overwegingen: a client who is seriously threatened or stalked may get an AWARE alarm.
    AWARE: N_("AWARE-alarmsysteem"),
    VEILIG_ADRES: N_("Veilig adres of geheime opvang"),
    CONTACTAFSPRAKEN: N_("Afspraken over contact (met de pleger, over de kinderen)"),
    SCHOOL_KINDEROPVANG: N_("Afspraken met school en kinderopvang"),
    POLITIE_AANDACHT: N_("Politie-aandacht voor het adres of een afspraak op locatie"),
    ALARMTRAINING: N_("Alarmtraining"),
    VEILIGHEIDSPLAN: N_("Eigen veiligheidsplan van de cliënt"),
}

# Measures that only make sense when a child is part of the case; the advice leaves them out
# otherwise (the service knows whether the case has children).
FOR_CHILDREN = frozenset({SCHOOL_KINDEROPVANG})
