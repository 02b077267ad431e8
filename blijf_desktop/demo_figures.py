"""A year of synthetic history for the Jaarcijfers (issue 21): intakes, screenings, AWARE
trajecten through the police units, decisions, connections, reviews (some late) and
exchanges, spread over past months, so the charts show something and some cells are small.
Recorded through the real services; only the store's record timestamps are set to the day
the history says (recorded_at), so that an intake 'happened' in March. The audit trail keeps
its real times. Synthetic people only (demo.synthetic_case). Also the seed of the figures
tests, which count the plan themselves (History) and compare."""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from blijf_desktop.domain.aware import State
from blijf_desktop.domain.exchanges import Initiative, Purpose
from blijf_desktop.domain.people import Category
from blijf_desktop.domain.police import Channel, PoliceInfoKind
from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS, Answer, AnswerValue, Level
from blijf_desktop.storage import exchanges, persons, screenings, trajects

UNITS = ("amsterdam", "noord_holland", "midden_nederland")
_STAMPED = (persons, screenings, trajects, exchanges)


@contextmanager
def recorded_at(day: date):
    """The store's records made inside say they were made on `day` at 10:00 local time."""
    stamp = datetime.combine(day, time(10, 0)).astimezone(timezone.utc).isoformat(
        timespec="microseconds")
    kept = {module: module.now_utc for module in _STAMPED}
    for module in _STAMPED:
        module.now_utc = lambda: stamp
    try:
        yield
    finally:
        for module, original in kept.items():
            module.now_utc = original


@dataclass
class PlannedCase:
    intake_on: date
    level: str | None = None  # a screening two days after the intake
    unit: str | None = None  # of the traject, or of the infocheck
    infocheck_on: date | None = None  # an infocheck with the police (out and answer in)
    started_on: date | None = None
    decision: str | None = None  # toegekend / afgewezen
    decided_on: date | None = None
    connected_on: date | None = None
    reviews: list[date] = field(default_factory=list)
    ended_on: date | None = None

    @property
    def screened_on(self) -> date:
        return self.intake_on + timedelta(days=2)

    @property
    def received_on(self) -> date:
        return self.started_on + timedelta(days=3)


def plan(today: date, cases: int = 60, months: int = 12, seed: int = 21) -> list[PlannedCase]:
    """Cases spread over the past `months`: most with a screening, a third with an AWARE
    traject (most granted, some connected, reviewed on time or late, some ended)."""
    rng = random.Random(seed)
    first = today - timedelta(days=30 * months)
    found = []
    for _ in range(cases):
        case = PlannedCase(first + timedelta(days=rng.randrange((today - first).days - 60)))
        if rng.random() < 0.8:
            case.level = rng.choice(("groen", "groen", "oranje", "oranje", "rood"))
        roll = rng.random()
        case.unit = rng.choice(UNITS[:2] * 3 + UNITS[2:])  # Flevoland is small
        if roll < 0.4 and case.level:
            case.started_on = case.screened_on + timedelta(days=rng.randint(1, 10))
            case.decided_on = case.received_on + timedelta(days=rng.randint(1, 7))
            case.decision = "toegekend" if rng.random() < 0.8 else "afgewezen"
            if case.decision == "toegekend":
                case.connected_on = case.decided_on + timedelta(days=rng.randint(0, 5))
                day = case.connected_on
                while True:
                    day += timedelta(days=rng.choice((21, 26, 28, 33, 40)))
                    if day > today - timedelta(days=1) or len(case.reviews) >= 5:
                        break
                    case.reviews.append(day)
                if rng.random() < 0.35:
                    end = (case.reviews[-1] if case.reviews else case.connected_on)
                    case.ended_on = min(today, end + timedelta(days=7))
        elif roll < 0.6:
            case.infocheck_on = case.intake_on + timedelta(days=rng.randint(0, 5))
        else:
            case.unit = None
        found.append(case)
    return sorted(found, key=lambda c: c.intake_on)


def _answers() -> dict:
    return {code: Answer(AnswerValue.NEE, "") for code in SCREENINGS[CURRENT_VERSION].codes}


def record(session, planned: list[PlannedCase], synthetic_case, rng: random.Random) -> list[int]:
    """Record the plan through the services of a teamleider's session; returns case ids."""
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.exchanges import ExchangeService, PoliceItem
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.risk import RiskService

    day = [date.today()]
    clock = lambda: day[0]  # noqa: E731
    intake, risk = IntakeService(session, today=clock), RiskService(session)
    aware, register = AwareService(session, today=clock), ExchangeService(session, today=clock)
    case_ids = []

    def at(when: date):
        day[0] = when
        return recorded_at(when)

    for case in planned:
        with at(case.intake_on):
            case_id = intake.save_intake(*synthetic_case(rng, case.intake_on))
        case_ids.append(case_id)
        people = intake.case(case_id).people
        client = people[0].id
        pleger = next((p.id for p in people if p.data.category is Category.PLEGER), client)
        if case.level:
            with at(case.screened_on):
                level = Level(case.level)
                risk.record(case_id, CURRENT_VERSION, _answers(),
                            None if level is Level.GROEN else level,
                            "" if level is Level.GROEN else "Inschatting van de hulpverlener.")
        if case.infocheck_on:
            with at(case.infocheck_on):
                register.record_outgoing(case_id, case.unit, Purpose.INFOCHECK,
                                         Initiative.GEVRAAGD, Channel.MONDELING,
                                         {client: {"first_names", "last_name", "birth_date"}},
                                         exchanged_on=case.infocheck_on)
        if case.started_on:
            _traject(aware, register, PoliceItem, at, case, case_id, [p.id for p in people],
                     pleger)
    day[0] = date.today()
    return case_ids


def _traject(aware, register, police_item, at, case, case_id, people, pleger) -> None:
    with at(case.started_on):
        traject = aware.start(case_id, "ernstige_bedreiging", "", people)
        aware.step(traject, State.INFORMATIE_GEVRAAGD, {
            "unit": case.unit, "asked": "Relevante incidenten en de gevarenclassificatie.",
            "necessity": "Ernstige bedreiging; voor het alarm is een veiligheidsadvies nodig.",
            "answer_by": case.started_on + timedelta(days=7)})
    with at(case.received_on):
        register.record_incoming_police_info(
            case_id, case.unit, "Wijkagent (demo)", case.received_on, Channel.MONDELING,
            [police_item(pleger, PoliceInfoKind.FEITEN, "Eén eerdere melding (demo).")])
        aware.step(traject, State.INFORMATIE_ONTVANGEN)
        aware.step(traject, State.ADVIES_OPGESTELD, {
            "measures": {"aware": True, "alarmtraining": True},
            "advice": "AWARE-alarm aansluiten en een eigen veiligheidsplan."})
    with at(case.decided_on):
        aware.step(traject, State(case.decision), {
            "committee": ["politie", "blijf"], "decided_on": case.decided_on,
            "reasons": "Besproken in de indicatiecommissie (demo)."})
    if case.connected_on:
        with at(case.connected_on):
            aware.step(traject, State.AANGESLOTEN, {"connected_on": case.connected_on,
                                                    "device": f"AW-HIST-{traject:03d}"})
        for reviewed_on in case.reviews:
            with at(reviewed_on):
                aware.review(traject, {"reviewed_on": reviewed_on, "contact": True,
                                       "still_needed": True})
    if case.ended_on:
        with at(case.ended_on):
            aware.step(traject, State.BEEINDIGD, {
                "reason": "Niet meer nodig (demo).", "handover": "wijkteam",
                "handover_on": case.ended_on})
