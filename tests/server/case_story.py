"""One case's records beyond its people (migrations 0003-0010), written by the repository
functions as the services call them, and what those functions read back: the same calls on
either engine (tests/server/test_case_records.py, test_case_guards.py)."""

import dataclasses
import hashlib
import secrets
from datetime import date

from blijf_desktop.domain import consent as c
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.risk import Answer, AnswerValue, Level
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import (
    consents, disclosures, exchanges, follow_up, persons, screenings, signals, trajects, users,
)

# Every table of 0003-0010: each reaches its rows through a case.
CASE_TABLES = ("screenings", "screening_answers", "exchanges", "exchange_items", "exchange_flags",
               "trajects", "traject_persons", "traject_steps", "consents", "consent_history",
               "exchange_consents", "follow_up_tasks", "follow_up_items", "signals",
               "signal_sends", "exchange_disclosures")

CLIENT = PersonData(Category.CLIENT, "Fenna", "", "Proefhuis", "Lindenlaan", "4", "1234 AB",
                    "Almere", False, "Utrecht", date(1991, 5, 17), "0612345678", "")
PLEGER = PersonData(Category.PLEGER, "Gerrit", "van", "Testweg", "", "", "", "Lelystad", True,
                    "", date(1985, 2, 3))
WEIGHING = c.Weighing("doel", "noodzaak", "proportioneel", "subsidiair", "belangen")
DOCUMENT = b"%PDF-1.4 synthetic\x00\xff"

# How many rows of each table reach one case (%s: the case id), for the administrator.
_BY = {"case": "t.case_id",
       "screening": "(SELECT case_id FROM screenings WHERE id = t.screening_id)",
       "exchange": "(SELECT case_id FROM exchanges WHERE id = t.exchange_id)",
       "traject": "(SELECT case_id FROM trajects WHERE id = t.traject_id)",
       "consent": "(SELECT case_id FROM consents WHERE id = t.consent_id)",
       "task": "(SELECT case_id FROM follow_up_tasks WHERE id = t.task_id)",
       "signal": "(SELECT case_id FROM signals WHERE id = t.signal_id)",
       "item": "(SELECT e.case_id FROM exchange_items i JOIN exchanges e ON e.id = i.exchange_id"
               " WHERE i.id = t.item_id)"}
_PARENT = {"screenings": "case", "screening_answers": "screening", "exchanges": "case",
           "exchange_items": "exchange", "exchange_flags": "item", "trajects": "case",
           "traject_persons": "traject", "traject_steps": "traject", "consents": "case",
           "consent_history": "consent", "exchange_consents": "exchange",
           "follow_up_tasks": "case", "follow_up_items": "task", "signals": "case",
           "signal_sends": "signal", "exchange_disclosures": "exchange"}
RECORD_COUNTS = {table: f"SELECT count(*) FROM {table} t WHERE {_BY[parent]} = %s"
                 for table, parent in _PARENT.items()}


def local_people(db) -> tuple[int, int]:
    """(author, leader) in a local store, made in the order the server's are (the desk, a
    teamleider, is its first account: tests/server/conftest.py), so their ids are the same."""
    with db.transaction() as conn:
        leader = users.insert(conn, "leider", "Team Leider", Role.TEAMLEIDER, None, False)
        author = users.insert(conn, "hulp", "Hulp Verlener", Role.HULPVERLENER, None, False)
    return author, leader


def server_people(setup, team: int = 1, leader_db=None) -> tuple:
    """(author, leader, the leader's ServerDatabase) on a server, as its roles require
    (docs/server-mode.md, section 4): the author is a hulpverlener account the administrator
    makes with its login role; the leader is the desk (a teamleider of team 1) or, for
    another team, a teamleider made the same way."""
    from tests.server.records import Desk

    tag = secrets.token_hex(3)  # login roles are the cluster's: a name once per run
    author, _role, _password = setup.login(f"hulp_{tag}", "hulpverlener", teams=(team,))
    if team == 1:
        leader, db = setup.desk_user_id, setup.desk()
    else:
        leader, role, password = setup.login(f"leider_{tag}", "teamleider", teams=(team,))
        db = Desk(author, leader, 0, {leader: (role, password)}).db(setup, leader)
    for user_id, name in ((author, "Hulp Verlener"), (leader, "Team Leider")):  # as locally
        setup.admin.execute("UPDATE users SET display_name = %s WHERE id = %s", (name, user_id))
    return author, leader, db


def story(db, people: tuple[int, int], team: int = 1) -> dict:
    """One case's records written through the repositories; what they read back, and the
    ids (under "ids"). `people`: (author, leader), accounts made beforehand (local_people,
    server_people). On a server `db` is the leader's own login: a teamleider holds every
    permission these tables need, and the case is hers through blijf.new_case (team `team`);
    the author's id is recorded as the writer where the services record the hulpverlener's."""
    author, leader = people
    with db.transaction() as conn:
        case_id = persons.create_case(conn, author, team)
        client = persons.insert_person(conn, case_id, CLIENT, author)
        pleger = persons.insert_person(conn, case_id, PLEGER, author)
        ids = records(conn, case_id, client, pleger, author, leader)
    out, police, consent_id = ids["exchange"], ids["police"], ids["consent"]
    signal, traject, changed = ids["signal"], ids["traject"], ids["changed"]
    task, correction_task = ids["task"], ids["correction_task"]

    [item, *_] = follow_up.tasks(db.conn, case_id)[0].items
    with db.transaction() as conn:
        follow_up.close_item(conn, item.id, date(2026, 3, 2), "telefonisch", leader)

    conn = db.conn
    return {
        "screenings": (screenings.for_case(conn, case_id), screenings.latest(conn, case_id)),
        "exchange": exchanges.get(conn, out),
        "listing": [exchanges.listing(conn),
                    exchanges.listing(conn, person_ids=[pleger], direction="in"),
                    exchanges.listing(conn, person_ids=[]),
                    exchanges.listing(conn, counterparty="riec", date_from=date(2026, 2, 2)),
                    exchanges.listing(conn, date_to=date(2026, 1, 31), limit=1)],
        "document": exchanges.document(conn, out),
        "no_document": exchanges.document(conn, police),
        "disclosure": disclosures.get(conn, out),
        "traject": (trajects.get(conn, traject), trajects.for_case(conn, case_id),
                    trajects.every(conn), trajects.police_receipts(conn, case_id, "2000")),
        "consent": (changed, consents.get(conn, consent_id), consents.for_case(conn, case_id),
                    consents.in_state(conn, c.State.INGETROKKEN),
                    consents.authors(conn, consent_id),
                    consents.history(conn, consent_id), consents.exchanges_under(conn, consent_id),
                    consents.consents_of(conn, out)),
        "follow_up": (follow_up.tasks(conn), follow_up.tasks(conn, case_id, only_open=False),
                      follow_up.tasks(conn, case_id + 1), follow_up.item(conn, item.id),
                      follow_up.task_case(conn, task), follow_up.task_case(conn, correction_task),
                      follow_up.disclosed_kinds(conn, client, ["last_name", "phone"]),
                      follow_up.disclosed_kinds(conn, pleger, ["antecedenten"])),
        "signals": (signals.get(conn, signal), signals.for_case(conn, case_id)),
        "ids": {"author": author, "leader": leader, "case": case_id, "client": client,
                "exchange": out, "consent": consent_id, "signal": signal, "item": item.id,
                "traject": traject},
    }


def records(conn, case_id: int, client: int, pleger: int, author: int, leader: int,
            mention: str = "") -> dict:
    """The records of 0003-0010 for one case with its client and pleger, in the caller's
    transaction; their ids. `mention` is added to texts that stay after the pleger's erasure
    (a traject's reason, a police summary, a signal), which must then no longer hold it."""
    screening_id = screenings.insert(
        conn, case_id, 2,
        {"a1": Answer(AnswerValue.JA, "Slaat."), "a2": Answer(AnswerValue.NEE)}, Level.ROOD,
        Level.ORANJE, "Zij woont nu elders.", leader, "Gezien.", author)

    out = exchanges.insert(conn, exchanges.NewExchange(
        case_id, "uit", "riec", "riec_advies", "Mensenhandel 12.17", "gevraagd",
        "schriftelijk", date(2026, 2, 1), contact="Agent X", document=DOCUMENT,
        document_sha256=hashlib.sha256(DOCUMENT).hexdigest()),
        [exchanges.NewItem(client, "last_name"), exchanges.NewItem(client, "address"),
         exchanges.NewItem(pleger, "gevaar", flags={"wapens": "ja", "drugs": "onbekend"})],
        author)
    police = exchanges.insert(conn, exchanges.NewExchange(
        case_id, "in", "politie", "veiligheid", "Blijf 5.2", "ongevraagd", "mondeling",
        date(2026, 1, 15), police_info=True, summary="Melding." + mention),
        [exchanges.NewItem(pleger, "antecedenten", "Eerder bekend.")], author)
    correction = exchanges.insert(conn, exchanges.NewExchange(
        case_id, "uit", "riec", "riec_advies", "Mensenhandel 12.17", "gevraagd",
        "schriftelijk", date(2026, 2, 2), corrects_id=out),
        [exchanges.NewItem(client, "last_name")], author)
    disclosures.insert(conn, out, ("emm", "riec"), False, "Strikt nodig.", '{"a": 1}',
                       "ab" * 32, "Naam: Proefhuis")

    traject = trajects.insert(conn, case_id, "dreiging", "Hij staat voor de deur." + mention,
                              screening_id, [pleger, client, client], author)
    trajects.add_step(conn, traject, trajects.STEP, "aangevraagd", {"advies": "ja"}, author)
    trajects.add_step(conn, traject, trajects.REVIEW, "aangevraagd", {"noot": "ë"}, leader)

    draft = c.Consent(0, case_id, c.State.ONTWERP,
                      c.Scope({"riec"}, {"riec_advies"}, {client}, {"last_name"},
                              date(2026, 1, 1)),
                      c.Grantor.BLIJF, True, c.ClientPosition.STEMT_IN, "", WEIGHING, 0, "")
    consent_id = consents.insert(conn, draft, author)
    changed = consents.update_draft(conn, consent_id, dataclasses.replace(
        draft, scope=dataclasses.replace(draft.scope, valid_until=date(2026, 12, 31))),
        author)
    consents.set_state(conn, consent_id, c.State.ACTIEF, "geverifieerd", leader,
                       verified_by=leader)
    consents.link_exchange(conn, out, [consent_id, consent_id])
    consents.link_exchange(conn, out, [consent_id])  # twice: recorded once
    consents.set_state(conn, consent_id, c.State.INGETROKKEN, "ingetrokken", author,
                       "Cliënte trekt in.", withdrawn_on=date(2026, 3, 1))
    task = follow_up.open_task(conn, "intrekking", case_id, author,
                               consents.exchanges_under(conn, consent_id),
                               consent_id=consent_id)
    correction_task = follow_up.open_task(
        conn, "correctie", case_id, author,
        follow_up.receivers_of(conn, client, ["last_name", "address"]), person_id=client,
        kinds=["last_name", "address"])

    signal = signals.insert(conn, case_id, {"b": "eerste", "a": "één"}, author)
    signals.update(conn, signal, {"a": "twee" + mention}, leader)
    signals.mark_sent(conn, signal, out)
    signals.mark_sent(conn, signal, out)  # the same pair twice: recorded once
    signals.mark_sent(conn, signal, correction)

    return {"exchange": out, "police": police, "consent": consent_id, "signal": signal,
            "traject": traject, "changed": changed, "task": task,
            "correction_task": correction_task, "screening": screening_id}
