"""What crosses teams on purpose (migration 0036; docs/server-mode.md section 5), tested as
each user's OWN login over plain psycopg: the beheerder, who may read no case, gets the
retention list, the anonymised figures and the breach register's person checks of every
team; a hulpverlener calling the same functions is refused by PostgreSQL; and what comes
back is ids, dates, codes and counts: no person's name or address leaves a function meant
for those. Team 1 (Hoofdlocatie) holds Anna's case, team Zuid Zoë's."""

from datetime import date

import pytest
from psycopg import errors

from blijf_desktop.domain.destruction import Scope
from blijf_desktop.domain.figures import NO_UNIT, UNIT_MEASURE
from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.risk import Level
from blijf_desktop.storage import figures, incidents, retention
from blijf_desktop.storage import destruction_proposals as proposals
from blijf_desktop.storage import persons, screenings
from blijf_desktop.storage.pg.database import PgConnection
from tests.server.conftest import _server
from tests.server.test_row_security import Team

# Every value of a person below: none may come back from a function meant for counts or ids.
NAMES = {"anna": ("Testa", "Noordhoven", "Dijkstraat", "1111 AA", "Almere", "Zwolle"),
         "zoe": ("Proefje", "Özdervaart", "Kadestraat", "2222 BB", "Lelystad", "Emmen")}
CLOSED = {"anna": date(2026, 3, 1), "zoe": date(2026, 4, 1)}

DEFINERS = {  # each function, called with harmless arguments
    "retention_clocks": "SELECT * FROM retention_clocks()",
    "case_clock": "SELECT * FROM case_clock(1)",
    "figures": "SELECT * FROM figures('intakes', '2026-01-01', '2026-12-31', '{}', 'geen')",
    "destruction_figures": "SELECT * FROM destruction_figures(1, '{}', 'geen', 'eenheid')",
    "incident_persons": "SELECT * FROM incident_persons('{1}')",
    "incident_terms": "SELECT * FROM incident_terms('{Testa}')",
}


def _case(team: Team, team_id: int, name: str) -> dict:
    first, last, street, postcode, residence, born_in = NAMES[name]
    db = team.db()
    try:
        with db.transaction() as conn:
            case_id = persons.create_case(conn, team.user_id, team_id)
            client = persons.insert_person(conn, case_id, PersonData(
                Category.CLIENT, first_names=first, last_name=last, street=street,
                house_number="1", postcode=postcode, residence=residence,
                birth_place=born_in, birth_date=date(1990, 1, 2)), team.user_id)
            pleger = persons.insert_person(conn, case_id, PersonData(
                Category.PLEGER, first_names="Onbekend", last_name=f"Dader{last}"),
                team.user_id)
            retention.close(conn, case_id, CLOSED[name], team.user_id)
    finally:
        db.close()
    return {"case": case_id, "client": client, "pleger": pleger}


@pytest.fixture(scope="module")
def world(pg_cluster):
    with _server(pg_cluster) as setup:
        admin = setup.admin
        admin.execute("INSERT INTO teams (name, created_at) VALUES ('Zuid', '2026-12-06')")
        zuid = admin.execute("SELECT id FROM teams WHERE name = 'Zuid'").fetchone()[0]
        people = {
            "anna": Team(setup, *setup.login("anna_x1", "hulpverlener", teams=(1,))),
            "zoe": Team(setup, *setup.login("zoe_x2", "hulpverlener", teams=(zuid,))),
            "lead1": Team(setup, *setup.login("lead_x1", "teamleider", teams=(1,))),
            "lead2": Team(setup, *setup.login("lead_x2", "teamleider", teams=(zuid,))),
            "bea": Team(setup, *setup.login("bea_x", "functioneel_beheerder", teams=())),
        }
        cases = {"anna": _case(people["anna"], 1, "anna"),
                 "zoe": _case(people["zoe"], zuid, "zoe")}
        yield setup, people, cases


def _no_person_in(rows) -> None:
    text = " ".join(str(value) for row in rows for value in row).lower()
    for values in NAMES.values():
        for value in values:
            assert value.lower() not in text, value
    assert "dader" not in text and "onbekend" not in text


def test_the_beheerder_gets_every_teams_retention_list_and_reads_no_case(world):
    _setup, people, cases = world
    with people["bea"].raw() as bea:
        rows = bea.execute("SELECT * FROM retention_clocks()").fetchall()
        with pytest.raises(errors.InsufficientPrivilege):
            bea.execute("SELECT id FROM cases")
    assert rows == [(cases[n]["case"], CLOSED[n].isoformat(), None, None, False)
                    for n in ("anna", "zoe")]
    _no_person_in(rows)


def test_the_retention_list_of_the_storage_function_is_the_same_for_her(world):
    """storage/retention.cases_with_a_clock, as the beheerder's desk calls it."""
    _setup, people, cases = world
    db = people["bea"].db()
    try:
        found = retention.cases_with_a_clock(db.conn)
        assert [case_id for case_id, _dates in found] == [cases["anna"]["case"],
                                                        cases["zoe"]["case"]]
        assert found[1][1].closed_on == CLOSED["zoe"]
        assert retention.case_dates(db.conn, cases["zoe"]["case"]).closed_on == CLOSED["zoe"]
        assert retention.case_exists(db.conn, cases["anna"]["case"])
        assert not retention.case_exists(db.conn, 10**9)
    finally:
        db.close()


def test_a_teamleider_reads_her_teams_cases_and_the_whole_list(world):
    _setup, people, cases = world
    with people["lead1"].raw() as lead:
        assert [r[0] for r in lead.execute("SELECT id FROM cases ORDER BY id")] == [
            cases["anna"]["case"]]
        assert [r[0] for r in lead.execute("SELECT case_id FROM retention_clocks()")] == [
            cases["anna"]["case"], cases["zoe"]["case"]]


@pytest.mark.parametrize("function", list(DEFINERS))
def test_a_hulpverlener_calling_them_is_refused_by_postgresql(world, function):
    """EXECUTE is granted by storage/pg/grants.PERMISSION_FUNCTIONS only; each function asks
    i_may() again inside."""
    _setup, people, _cases = world
    with people["anna"].raw() as anna:
        with pytest.raises(errors.InsufficientPrivilege):
            anna.execute(DEFINERS[function])


def test_the_figures_count_every_team_and_name_no_one(world):
    _setup, people, cases = world
    whole_year = ("2026-01-01", "2026-12-31")
    with people["bea"].raw() as bea:
        every = []
        for what in ("intakes", "screenings", "trajects", "decisions", "exchanges",
                     "connections", "requests", "destroyed"):
            every += bea.execute("SELECT * FROM figures(%s, %s, %s, %s, %s)",
                                 (what, *whole_year, sorted(UNITS), NO_UNIT)).fetchall()
        every += bea.execute("SELECT * FROM figures('anonymised', '2026', '2026', %s, %s)",
                             (sorted(UNITS), UNIT_MEASURE)).fetchall()
        with pytest.raises(errors.InvalidParameterValue):
            bea.execute("SELECT * FROM figures('persons', '2026-01-01', '2026-12-31',"
                        " '{}', 'geen')")
    _no_person_in(every)
    db = people["bea"].db()
    try:  # through storage/figures.py: both teams' cases, made today
        today = date.today()
        counted = figures.intakes(db.conn, today.replace(day=1), today)
        assert sum(counted.values()) == 2
    finally:
        db.close()


def test_the_breach_registers_person_check_gives_ids_and_categories_only(world):
    _setup, people, cases = world
    ids = [cases["anna"]["client"], cases["zoe"]["pleger"], 10**9]
    with people["bea"].raw() as bea:
        described = bea.execute("SELECT * FROM incident_persons(%s)", (ids,))
        assert [c.name for c in described.description] == ["person_id", "category"]
        rows = described.fetchall()
        with pytest.raises(errors.InsufficientPrivilege):
            bea.execute("SELECT id FROM persons")
    assert rows == [(cases["anna"]["client"], int(Category.CLIENT)),
                    (cases["zoe"]["pleger"], int(Category.PLEGER))]
    db = people["bea"].db()
    try:
        assert incidents.existing_persons(db.conn, ids) == set(ids[:2])
    finally:
        db.close()


def test_the_masker_learns_only_what_she_typed(world):
    """incident_terms gives back the name words and address parts her own text holds, never
    the rest of that person (her first name, street or birth date, not typed)."""
    _setup, people, _cases = world
    typed = ["Map van NOORDHOVEN (Noordhovens adres) in almere verloren; Kadestraat ook.",
             "Verder niemand dan OZDERVAART."]
    with people["bea"].raw() as bea:
        rows = bea.execute("SELECT kind, term FROM incident_terms(%s)", (typed,)).fetchall()
    assert sorted(rows) == [("name", "Noordhoven"), ("name", "Özdervaart"),
                            ("phrase", "Almere"), ("phrase", "Kadestraat")]
    db = people["bea"].db()
    try:
        names, phrases = incidents.identifying_text(db.conn, typed)
        assert "Noordhoven" in names and "Testa" not in names and "Zwolle" not in phrases
    finally:
        db.close()


def test_what_a_destruction_keeps_is_read_by_her_own_teams_only(world):
    """destruction_figures, read just before destroy(): for an approved destruction of a case
    of her own teams (as destroy()); another team's teamleider is refused, and a proposal
    not yet approved keeps nothing."""
    setup, people, cases = world
    lead1 = people["lead1"].db()
    desk = setup.desk()  # a second teamleider of team 1
    try:
        with lead1.transaction() as conn:
            proposal = proposals.insert(conn, Scope.CASE, cases["anna"]["case"], "termijn",
                                        "", people["lead1"].user_id)
        call = "SELECT * FROM destruction_figures(%s, %s, %s, %s)"
        arguments = (proposal, sorted(UNITS), NO_UNIT, UNIT_MEASURE)
        with people["lead1"].raw() as raw:
            with pytest.raises(errors.RestrictViolation):  # not approved yet
                raw.execute(call, arguments)
        with desk.transaction() as conn:
            proposals.approve(conn, proposal, setup.desk_user_id, "")
        with people["lead2"].raw() as other:
            with pytest.raises(errors.InsufficientPrivilege):
                other.execute(call, arguments)
        with people["lead1"].raw() as raw:
            kept = raw.execute(call, arguments).fetchall()
        assert sorted(kept) == [(UNIT_MEASURE, str(date.today().year), NO_UNIT, 1),
                                ("intakes", str(date.today().year), "", 1)]
    finally:
        lead1.close()
        desk.close()


def test_the_owner_still_sees_no_row_of_a_case(world):
    """The gate's SELECT policies of 0036 hold only while the gate itself runs (inside its
    functions); blijf_owner, a member of blijf_gate for destroy(), sees nothing through them."""
    setup, people, cases = world
    lead1 = people["lead1"].db()
    try:  # a row the gate counts: the owner must not see it
        with lead1.transaction() as conn:
            screenings.insert(conn, cases["anna"]["case"], 2, {}, Level.GROEN, None, "", None,
                              "", people["lead1"].user_id)
    finally:
        lead1.close()
    with people["bea"].raw() as bea:
        counted = bea.execute("SELECT k1, n FROM figures('screenings', %s, %s, '{}', 'geen')",
                              (date.today().isoformat(),) * 2).fetchall()
        assert counted == [(Level.GROEN.value, 1)]
    admin = setup.admin
    assert admin.execute("SELECT count(*) FROM screenings").fetchone()[0] == 1
    admin.execute("SET ROLE blijf_owner")
    try:
        # (cases and persons she passes as a member of the gate, and the register of
        # destructions is hers, by design: destroy() needs them; these tables she may not)
        for table in ("screenings", "trajects", "traject_steps", "exchanges", "signals",
                      "signal_sends"):
            assert admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608
    finally:
        admin.execute("RESET ROLE")
    policies = admin.execute(
        "SELECT tablename, cmd, roles::text[], qual FROM pg_policies WHERE schemaname = 'blijf'"
        " AND policyname LIKE '%%\\_counted'").fetchall()
    assert len(policies) == 13
    assert all(cmd == "SELECT" and roles == ["blijf_gate"] and "blijf_gate" in qual
               and "CURRENT_USER" in qual.upper() for _t, cmd, roles, qual in policies)


def test_the_functions_belong_to_the_gate_and_none_is_public(world):
    setup, _people, _cases = world
    rows = setup.admin.execute(
        "SELECT p.proname, pg_get_userbyid(p.proowner), p.prosecdef,"
        " has_function_privilege('public', p.oid, 'EXECUTE')"
        " FROM pg_proc p WHERE p.pronamespace = 'blijf'::regnamespace"
        " AND p.proname = ANY (%s)", (list(DEFINERS),)).fetchall()
    assert sorted(r[0] for r in rows) == sorted(DEFINERS)
    assert all(owner == "blijf_gate" and definer and not public
               for _name, owner, definer, public in rows)
    assert PgConnection  # the adapter the desk uses is the one tested above (db())
