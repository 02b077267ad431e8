"""The data of each AWARE step, checked before it is stored, and what a traject's steps say
(connection, end date, reviews, the awaited police answer). Plain functions, no session: the
service (services/aware.py) calls them inside its transaction. Every refusal is an
InvalidInput(field, code) that ui/messages.py tells in Dutch next to the field."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain import aware
from blijf_desktop.domain.aware import State
from blijf_desktop.domain.measures import FOR_CHILDREN, MEASURES
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.validation import description, text
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.storage.trajects import REVIEW, StoredTraject

MAX_DEVICE = 80


def words(data: dict, name: str, required: bool = True, long: bool = True) -> str:
    raw = data.get(name) or ""
    if not isinstance(raw, str):
        raise InvalidInput(name, "invalid")
    checked = description(raw) if long else text(raw, MAX_DEVICE)
    if checked.error:
        raise InvalidInput(name, checked.error)
    if required and not checked.value:
        raise InvalidInput(name, "required")
    return checked.value


def day(data: dict, name: str) -> date:
    value = data.get(name)
    if not isinstance(value, date):
        raise InvalidInput(name, "required" if value in (None, "") else "date_format")
    return value


def not_future(value: date, today: date, name: str) -> date:
    if value > today:
        raise InvalidInput(name, "date_future")
    return value


def yes_no(data: dict, name: str) -> bool:
    value = data.get(name)
    if not isinstance(value, bool):
        raise InvalidInput(name, "required")
    return value


@dataclass(frozen=True)
class Facts:
    """What a traject's steps say, for the overview and the checks."""

    unit: str | None  # the police unit the request went to
    answer_by: date | None
    decided_on: date | None
    connected_on: date | None
    end_date: date | None
    last_review: date | None
    reviews_since_term: int  # reviews since the last connection or extension


def facts(traject: StoredTraject) -> Facts:
    unit = answer_by = decided_on = connected_on = end_date = last_review = None
    since_term = 0
    for step in traject.steps:
        data = step.data
        if step.kind == REVIEW:
            reviewed = date.fromisoformat(data["reviewed_on"])
            last_review = max(last_review, reviewed) if last_review else reviewed
            since_term += 1
        elif step.state == State.INFORMATIE_GEVRAAGD.value:
            unit, answer_by = data.get("unit"), date.fromisoformat(data["answer_by"])
        elif step.state in (State.TOEGEKEND.value, State.AFGEWEZEN.value):
            decided_on = date.fromisoformat(data["decided_on"])
        elif step.state == State.AANGESLOTEN.value:
            connected_on = date.fromisoformat(data["connected_on"])
            end_date, since_term = date.fromisoformat(data["end_date"]), 0
        elif step.state == State.VERLENGD.value:
            end_date, since_term = date.fromisoformat(data["new_end_date"]), 0
    return Facts(unit, answer_by, decided_on, connected_on, end_date, last_review, since_term)


# -- one check per step -------------------------------------------------------------------------
def request(data: dict, today: date, _facts: Facts, _ctx: dict) -> dict:
    unit = data.get("unit") or ""
    if not unit:
        raise InvalidInput("unit", "required")
    if unit not in UNITS:
        raise InvalidInput("unit", "unknown_unit")
    asked = words(data, "asked")
    necessity = words(data, "necessity")
    answer_by = day(data, "answer_by")
    if answer_by < today:
        raise InvalidInput("answer_by", "date_past")
    return {"unit": unit, "asked": asked, "necessity": necessity,
            "answer_by": answer_by.isoformat()}


def received(data: dict, _today: date, _facts: Facts, ctx: dict) -> dict:
    """The police information itself is recorded through the exchange register; this step
    names those receipts."""
    if not ctx.get("receipts"):
        raise InvalidInput("needs", "politie_informatie")
    return {"exchange_ids": ctx["receipts"], "note": words(data, "note", required=False)}


def advice(data: dict, _today: date, _facts: Facts, ctx: dict) -> dict:
    """Until the PDF slice lands, the advice is its measures and text, kept here so that the
    PDF can be built from it."""
    if ctx.get("screening_id") is None:
        raise InvalidInput("needs", "risicotaxatie")
    measures = data.get("measures")
    if not isinstance(measures, dict) or not measures:
        raise InvalidInput("measures", "required")
    offered = set(MEASURES) - (set() if ctx.get("with_children") else set(FOR_CHILDREN))
    if not set(measures) <= offered or not all(isinstance(v, bool) for v in measures.values()):
        raise InvalidInput("measures", "invalid")
    advice_text = words(data, "advice")
    return {"measures": {code: measures[code] for code in MEASURES if code in measures},
            "advice": advice_text, "agreements": words(data, "agreements", required=False),
            "screening_id": ctx["screening_id"]}


def decision(data: dict, today: date, _facts: Facts, _ctx: dict) -> dict:
    committee = data.get("committee")
    if not committee:
        raise InvalidInput("committee", "required")
    problem = aware.committee_problem(frozenset(committee))
    if problem:
        raise InvalidInput("committee", problem)
    reasons = words(data, "reasons")
    decided_on = not_future(day(data, "decided_on"), today, "decided_on")
    return {"committee": sorted(committee), "reasons": reasons,
            "decided_on": decided_on.isoformat()}


def connect(data: dict, today: date, facts_: Facts, _ctx: dict) -> dict:
    connected_on = not_future(day(data, "connected_on"), today, "connected_on")
    if facts_.decided_on and connected_on < facts_.decided_on:
        raise InvalidInput("connected_on", "before_decision")
    device = words(data, "device", long=False)
    end_date = data.get("end_date") or aware.term_ends(connected_on)
    if not isinstance(end_date, date):
        raise InvalidInput("end_date", "date_format")
    if end_date <= connected_on:
        raise InvalidInput("end_date", "end_before_connection")
    return {"connected_on": connected_on.isoformat(), "device": device,
            "end_date": end_date.isoformat()}


def extend(data: dict, _today: date, facts_: Facts, _ctx: dict) -> dict:
    if facts_.reviews_since_term == 0:
        raise InvalidInput("needs", "evaluatie")
    reason = words(data, "reason")
    new_end = data.get("new_end_date") or (facts_.end_date and aware.term_ends(facts_.end_date))
    if not isinstance(new_end, date):
        raise InvalidInput("new_end_date", "required")
    if facts_.end_date and new_end <= facts_.end_date:
        raise InvalidInput("new_end_date", "end_not_later")
    return {"reason": reason, "new_end_date": new_end.isoformat()}


def end(data: dict, _today: date, _facts: Facts, _ctx: dict) -> dict:
    reason = words(data, "reason")
    target = data.get("handover") or ""
    handover_text = words(data, "handover_text", required=False)
    problem = aware.choice_problem(aware.HANDOVER_TARGETS, target, handover_text)
    if problem:
        raise InvalidInput("handover" if problem == "unknown_choice" else "handover_text",
                           "required" if problem == "unknown_choice" else problem)
    handover_on = day(data, "handover_on")
    return {"reason": reason, "handover": target, "handover_text": handover_text,
            "handover_on": handover_on.isoformat()}


def review(data: dict, today: date, facts_: Facts, _ctx: dict) -> dict:
    reviewed_on = not_future(day(data, "reviewed_on"), today, "reviewed_on")
    if facts_.connected_on is None or reviewed_on < facts_.connected_on:
        raise InvalidInput("reviewed_on", "review_before_connection")
    return {"reviewed_on": reviewed_on.isoformat(), "contact": yes_no(data, "contact"),
            "incidents": words(data, "incidents", required=False),
            "still_needed": yes_no(data, "still_needed"),
            "note": words(data, "note", required=False)}


CHECKS = {
    State.INFORMATIE_GEVRAAGD: request,
    State.INFORMATIE_ONTVANGEN: received,
    State.ADVIES_OPGESTELD: advice,
    State.TOEGEKEND: decision,
    State.AFGEWEZEN: decision,
    State.AANGESLOTEN: connect,
    State.VERLENGD: extend,
    State.BEEINDIGD: end,
}
