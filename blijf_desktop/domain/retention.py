"""Bewaartermijnen: a retention end per kind of data, as rules with the article beside each.
Pure functions of the dates a case carries; the clock is passed in (`today`).

- Cooperation data with the police: 10 years, then destroyed (Blijf 8.1). Our reading: the
  term runs from the day the case is closed; reopening stops the clock, closing again
  starts it anew.
- Trafficking-signal data: no longer than necessary for the purpose of the disclosure, at
  most 5 years after the chain file (ketendossier) is closed (Mensenhandel 22.1, 22.5). Data
  removed from the source registration goes too (22.2): a recorded removal makes it due on
  that day. The 10 and the 5 years meet in one case: the shorter wins for the signal data.
- Anonymised counts for the yearly figures may stay, marked as such (22.6): no end."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from blijf_desktop.i18n import N_

# Due within this many days counts as "binnenkort": time to propose and review in turn.
SOON_DAYS = 90


class DataKind(str, Enum):
    SAMENWERKING = "samenwerking"  # everything in a case, for the cooperation (Blijf 8.1)
    SIGNAAL = "signaal"  # signals mensenhandel and what went to the chain with them
    STATISTIEK = "statistiek"  # anonymised counts (Mensenhandel 22.6)


@dataclass(frozen=True)
class RetentionRule:
    kind: DataKind
    label: str  # N_
    years: int | None  # None: no fixed term
    starts: str  # what starts the clock: "case_closed", "chain_file_closed" or "never"
    article: str
    summary: str  # N_, what the privacy officer reads against the covenant


RULES: dict[DataKind, RetentionRule] = {
    DataKind.SAMENWERKING: RetentionRule(
        DataKind.SAMENWERKING, N_("Gegevens van de samenwerking met de politie"), 10,
        "case_closed", "Blijf 8.1, 8.2",
        N_("Tien jaar na het sluiten van het dossier, daarna onherstelbaar vernietigd, "
           "kopieën en back-ups inbegrepen.")),
    DataKind.SIGNAAL: RetentionRule(
        DataKind.SIGNAAL, N_("Signaalgegevens mensenhandel"), 5, "chain_file_closed",
        "Mensenhandel 22.1, 22.2, 22.5",
        N_("Niet langer dan nodig, hoogstens vijf jaar na het sluiten van het ketendossier; "
           "eerder als de bron de gegevens heeft verwijderd. De kortste termijn geldt.")),
    DataKind.STATISTIEK: RetentionRule(
        DataKind.STATISTIEK, N_("Geanonimiseerde tellingen"), None, "never",
        "Mensenhandel 22.6",
        N_("Niet tot personen herleidbaar, als zodanig gemarkeerd; mogen langer blijven.")),
}


@dataclass(frozen=True)
class CaseDates:
    """What the retention of one case depends on."""

    closed_on: date | None = None
    chain_file_closed_on: date | None = None
    source_removed_on: date | None = None  # the earliest recorded removal at the source
    has_signal_data: bool = False


@dataclass(frozen=True)
class RetentionEnd:
    kind: DataKind
    ends_on: date | None  # None: the clock has not started
    because: str  # "termijn", "ketendossier", "bron_verwijderd", "open", "geen_einde"
    article: str


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def case_end(dates: CaseDates) -> RetentionEnd:
    rule = RULES[DataKind.SAMENWERKING]
    if dates.closed_on is None:
        return RetentionEnd(rule.kind, None, "open", rule.article)
    return RetentionEnd(rule.kind, add_years(dates.closed_on, rule.years), "termijn",
                        rule.article)


def signal_end(dates: CaseDates) -> RetentionEnd:
    """The shortest of: the case's own end, 5 years after the chain file closed (22.5), the
    day the source removed the data (22.2)."""
    rule = RULES[DataKind.SIGNAAL]
    candidates = []
    whole = case_end(dates)
    if whole.ends_on is not None:
        candidates.append((whole.ends_on, "termijn", "Blijf 8.1"))
    if dates.chain_file_closed_on is not None:
        candidates.append((add_years(dates.chain_file_closed_on, rule.years), "ketendossier",
                           "Mensenhandel 22.1, 22.5"))
    if dates.source_removed_on is not None:
        candidates.append((dates.source_removed_on, "bron_verwijderd", "Mensenhandel 22.2"))
    if not candidates:
        return RetentionEnd(rule.kind, None, "open", rule.article)
    ends_on, because, article = min(candidates)
    return RetentionEnd(rule.kind, ends_on, because, article)


def retention_ends(dates: CaseDates) -> list[RetentionEnd]:
    """One end per kind of data the case holds; statistics never end."""
    ends = [case_end(dates)]
    if dates.has_signal_data:
        ends.append(signal_end(dates))
    return ends


def status(end: RetentionEnd, today: date, soon_days: int = SOON_DAYS) -> str:
    """"verlopen" (due: the end has come), "binnenkort" (within soon_days), "lopend"."""
    if end.ends_on is None:
        return "lopend"
    if end.ends_on <= today:
        return "verlopen"
    if end.ends_on <= today + timedelta(days=soon_days):
        return "binnenkort"
    return "lopend"


def is_due(end: RetentionEnd, today: date) -> bool:
    return status(end, today) == "verlopen"
