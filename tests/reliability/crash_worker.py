"""Child process for the crash-safety test: saves intakes in a loop through the real service
layer, as the UI does (a draft while typing, then the whole intake), and a risicotaxatie of
each case (a draft, then the screening), and prints one flushed line per intake *after* both
saves returned. With `aware` (a store with a teamleider) it then takes each case's AWARE-traject
through every write: start, the police request, police information received (an exchange),
informatie ontvangen, the advice, the decision, the connection and a review (each step after a
draft of its form, as the UI keeps one while she types), printing one line per write after it
returned, with the data the store must hold, and a disclosure of the client to the
zorgcoördinator through the guided flow. The parent kills it with
SIGKILL at random moments.

    python -m tests.reliability.crash_worker STORE_FOLDER RUN [aware]

Every value is synthetic and unique per (run, n), so the parent can tell each intake apart."""

import json
import os
import random
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from tests.reliability.child_store import LEAD, LEAD_PASS, WORKER, WORKER_PASS, open_auth

MAX_INTAKES = 5000  # a child whose parent vanished must not write for ever
TODAY = date(2026, 6, 1)
RELATIONS = {Category.CHILD: "kind", Category.DERDE: "familielid", Category.PLEGER: "ex_partner"}


def _person(category: Category, tag: str, rng: random.Random) -> PersonData:
    contact = category is not Category.CHILD
    return PersonData(
        category, first_names=f"Åsa-{tag}", prefix=rng.choice(["", "van", "de"]),
        last_name=f"Zwänenbürg-{tag}", street=f"Crashlaan {tag}",
        house_number=str(rng.randint(1, 999)),
        postcode=f"{rng.randint(1000, 9999)} KQ", residence=f"Kanariedorp-{tag}",
        address_secret=rng.random() < 0.3, birth_place=f"Geboortestad-{tag}",
        birth_date=TODAY - timedelta(days=rng.randint(2000, 25000)),
        phone=f"+3161{rng.randint(1000000, 9999999)}" if contact else "",  # as stored
        email=f"k.{tag}@voorbeeld.nl" if contact else "",
        relation=RELATIONS.get(category, ""))


def intake_for(run: int, n: int):
    """The n-th intake of a run: a client, 0-4 others, 0-3 threats (some about the children)."""
    rng = random.Random(f"{run}:{n}")
    tag = f"{run}x{n}"
    client = _person(Category.CLIENT, f"{tag}-c", rng)
    kinds = [Category.CHILD, Category.DERDE, Category.PLEGER]
    others = [_person(rng.choice(kinds), f"{tag}-{i}", rng) for i in range(rng.randint(0, 4))]
    threats = []
    children = [i for i, other in enumerate(others) if other.category is Category.CHILD]
    for i in range(rng.randint(0, 3)):
        about = rng.choice([None, *children])  # the covenant: about the client or a child
        location = f"Werk-{tag}" if about is None else ""
        threats.append((about, ThreatEntry(TODAY - timedelta(days=rng.randint(0, 90)),
                                           f"Dreiging {tag}-{i}: dreigt met wraak (ïë)",
                                           about_location=location)))
    return client, others, threats


def screening_for(run: int, n: int) -> dict:
    """The n-th intake's risicotaxatie as JSON: every signal answered, a note on some."""
    from blijf_desktop.domain.risk import CURRENT_VERSION, SCREENINGS

    rng = random.Random(f"risk:{run}:{n}")
    answers = {code: [rng.choice(["ja", "nee", "onbekend"]),
                      f"Toelichting {run}x{n} (ïë)" if rng.random() < 0.2 else ""]
               for code in SCREENINGS[CURRENT_VERSION].codes}
    return {"version": CURRENT_VERSION, "answers": answers}


def screening_answers(screening: dict) -> dict:
    from blijf_desktop.domain.risk import Answer, AnswerValue

    return {code: Answer(AnswerValue(value), note)
            for code, (value, note) in screening["answers"].items()}


def person_json(person: PersonData) -> dict:
    values = asdict(person)
    values["category"] = int(person.category)
    values["birth_date"] = person.birth_date.isoformat() if person.birth_date else None
    return values


def threat_json(about: int | None, entry: ThreatEntry) -> dict:
    return {"about": about, "noted_on": entry.noted_on.isoformat(),
            "description": entry.description, "about_location": entry.about_location,
            "source": entry.source}


def aware_steps_for(run: int, n: int) -> list[tuple[str, dict, dict]]:
    """The n-th traject's steps after the start: (state, data given, data the store keeps).
    The received step and the advice name ids the worker learns as it goes (filled in)."""
    rng = random.Random(f"aware:{run}:{n}")
    tag = f"{run}x{n}"
    answer_by = TODAY + timedelta(days=rng.randint(1, 30))
    request = {"unit": rng.choice(["amsterdam", "noord_holland", "midden_nederland"]),
               "asked": f"Gevraagd {tag}: incidenten (ïë)",
               "necessity": f"Noodzaak {tag}: ernstige dreiging (ïë)", "answer_by": answer_by}
    measures = {"aware": True, "veiligheidsplan": rng.random() < 0.5}
    advice = {"measures": measures, "advice": f"Advies {tag} (ïë)",
              "agreements": f"Afspraken {tag}" if rng.random() < 0.5 else ""}
    committee = sorted({"politie", "blijf"} | ({"veilig_thuis"} if rng.random() < 0.5 else set()))
    decision = {"committee": committee, "reasons": f"Motivering {tag} (ïë)",
                "decided_on": TODAY}
    end = TODAY + timedelta(days=rng.randint(60, 200))
    connect = {"connected_on": TODAY, "device": f"AW-{tag}", "end_date": end}
    review = {"reviewed_on": TODAY, "contact": rng.random() < 0.5,
              "incidents": f"Incident {tag}" if rng.random() < 0.5 else "",
              "still_needed": True, "note": ""}
    kept = lambda data: {k: v.isoformat() if isinstance(v, date) else v  # noqa: E731
                         for k, v in data.items()}
    return [("informatie_gevraagd", request, kept(request)),
            ("informatie_ontvangen", {}, {"note": ""}),
            ("advies_opgesteld", advice, kept(advice)),
            ("toegekend", decision, kept(decision)),
            ("aangesloten", connect, kept(connect)),
            ("evaluatie", review, kept(review))]


def run_traject(aware, exchanges, run: int, n: int, case_id: int, person_ids: list[int],
                client_id: int, screening_id: int) -> None:
    """Every AWARE write of one case; one line after each returned."""
    from blijf_desktop.domain.police import PoliceInfoKind
    from blijf_desktop.services.exchanges import PoliceItem

    def said(**line):
        print(json.dumps({"run": run, "n": n, "case": case_id, **line}, ensure_ascii=False),
              flush=True)

    traject = aware.start(case_id, "stalking", f"Reden {run}x{n} (ïë)", person_ids)
    said(traject=traject, persons=sorted(person_ids), state="concept", kind="stap", data={})
    steps = aware_steps_for(run, n)
    unit = steps[0][1]["unit"]
    for state, given, kept in steps:
        if state == "informatie_ontvangen":
            exchange = exchanges.record_incoming_police_info(
                case_id, unit, f"Agent {run}x{n}", TODAY, "mondeling",
                [PoliceItem(client_id, PoliceInfoKind.FEITEN, f"Feiten {run}x{n} (ïë)")])
            said(exchange=exchange, unit=unit)
            kept = {**kept, "exchange_ids": [exchange]}
        if state == "advies_opgesteld":
            kept = {**kept, "screening_id": screening_id}
        aware.save_step_draft(traject, state, {"fields": {"note": f"Concept {run}x{n} (ïë)"}})
        if state == "evaluatie":
            step = aware.review(traject, given)
        else:
            step = aware.step(traject, state, given)
        said(traject=traject, step=step, kind="evaluatie" if state == "evaluatie" else "stap",
             state="aangesloten" if state == "evaluatie" else state, data=kept)


def run_disclosure(sharing, run: int, n: int, case_id: int, client_id: int) -> None:
    """A signal to the zorgcoördinator through the guided flow: anonymised, written (a PDF),
    the exact content kept beside the register row. One line after it returned."""
    chosen = {client_id: {"first_names", "last_name", "birth_date"}}
    preview = sharing.preview(case_id, "zorgcoordinator_mensenhandel", "signaal_mensenhandel",
                              chosen)
    exchange = sharing.disclose(case_id, "zorgcoordinator_mensenhandel", "signaal_mensenhandel",
                                chosen, expected_sha256=preview.content_sha256,
                                oral_or_written="schriftelijk", asked="ongevraagd")
    print(json.dumps({"run": run, "n": n, "case": case_id, "disclosure": exchange,
                      "sha256": preview.content_sha256, "items": 3}), flush=True)


def main(folder: Path, run: int, with_aware: bool = False) -> None:
    from blijf_desktop.services.aware import AwareService
    from blijf_desktop.services.exchanges import ExchangeService
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.risk import RiskService
    from blijf_desktop.services.sharing import SharingService

    parent = os.getppid()
    user, passphrase = (LEAD, LEAD_PASS) if with_aware else (WORKER, WORKER_PASS)
    session = open_auth(folder).login(user, passphrase)
    aware = AwareService(session, today=lambda: TODAY)
    exchanges = ExchangeService(session, today=lambda: TODAY)
    intake = IntakeService(session, today=lambda: TODAY)
    risk = RiskService(session)
    sharing = SharingService(session, today=lambda: TODAY)
    print("ready", flush=True)
    for n in range(MAX_INTAKES):
        if os.getppid() != parent:
            break
        client, others, threats = intake_for(run, n)
        intake.save_draft({"last_name": client.last_name, "others": len(others)})  # while typing
        case_id = intake.save_intake(client, others, threats)
        screening = screening_for(run, n)
        risk.save_draft(case_id, {"answers": {"stalking": "ja"}})  # while typing
        screening_id = risk.record(case_id, screening["version"], screening_answers(screening))
        print(json.dumps({"run": run, "n": n, "case": case_id, "client": person_json(client),
                          "others": [person_json(p) for p in others],
                          "threats": [threat_json(a, t) for a, t in threats],
                          "screening": screening},
                         ensure_ascii=False), flush=True)
        if with_aware:
            case = intake.case(case_id)
            run_traject(aware, exchanges, run, n, case_id, [p.id for p in case.people],
                        case.client.id, screening_id)
            run_disclosure(sharing, run, n, case_id, case.client.id)
    session.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:] == ["aware"])
