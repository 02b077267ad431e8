"""Child process for the crash-safety test: saves intakes in a loop through the real service
layer, as the UI does (a draft while typing, then the whole intake), and a risicotaxatie of
each case (a draft, then the screening), and prints one flushed line per intake *after* both
saves returned. The parent kills it with SIGKILL at random moments.

    python -m tests.reliability.crash_worker STORE_FOLDER RUN

Every value is synthetic and unique per (run, n), so the parent can tell each intake apart."""

import json
import os
import random
import sys
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from tests.reliability.child_store import WORKER, WORKER_PASS, open_auth

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


def main(folder: Path, run: int) -> None:
    from blijf_desktop.services.intake import IntakeService
    from blijf_desktop.services.risk import RiskService

    parent = os.getppid()
    session = open_auth(folder).login(WORKER, WORKER_PASS)
    intake = IntakeService(session, today=lambda: TODAY)
    risk = RiskService(session)
    print("ready", flush=True)
    for n in range(MAX_INTAKES):
        if os.getppid() != parent:
            break
        client, others, threats = intake_for(run, n)
        intake.save_draft({"last_name": client.last_name, "others": len(others)})  # while typing
        case_id = intake.save_intake(client, others, threats)
        screening = screening_for(run, n)
        risk.save_draft(case_id, {"answers": {"stalking": "ja"}})  # while typing
        risk.record(case_id, screening["version"], screening_answers(screening))
        print(json.dumps({"run": run, "n": n, "case": case_id, "client": person_json(client),
                          "others": [person_json(p) for p in others],
                          "threats": [threat_json(a, t) for a, t in threats],
                          "screening": screening},
                         ensure_ascii=False), flush=True)
    session.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
