"""Need to know on the server (issue 23: "a hulpverlener's database role is refused by
PostgreSQL itself when it reads another team's rows or the audit table directly, or tries to
update an audit row"). Each user here connects with her OWN login role, made by
blijf.create_login, over plain psycopg: what she could do with any PostgreSQL client and her
passphrase, whatever the app does. Team 1 (the desk's, a teamleider) holds Anna's case,
team 2 Zoë's."""

from datetime import date

import pytest
from psycopg import errors

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.search import build
from blijf_desktop.storage import audit, break_glass, persons, teams
from blijf_desktop.storage.pg import logins
from blijf_desktop.storage.pg.database import PgConnection, ServerDatabase
from blijf_desktop.storage.pg.errors import ServerLoginRefused
from blijf_desktop.storage.pg.search import person_ids
from tests.server.conftest import _server

CASE_TABLES = {  # table -> its column naming the case or person
    "cases": "id", "persons": "case_id", "threats": "case_id",
    "person_history": "person_id", "person_trigrams": "person_id", "case_teams": "case_id",
}


class Team:
    def __init__(self, setup, user_id, role, password):
        self.setup, self.user_id, self.role, self.password = setup, user_id, role, password

    def db(self) -> ServerDatabase:
        return ServerDatabase(self.setup.cluster.conninfo(self.setup.name, self.role,
                                                          self.password),
                              self.setup.cluster.ca_file)

    def raw(self):
        return self.setup.connect_as(self.role, self.password)


def _case(db, user_id, team_id, last_name) -> dict:
    with db.transaction() as conn:
        case_id = persons.create_case(conn, user_id, team_id)
        client = persons.insert_person(conn, case_id, PersonData(
            Category.CLIENT, first_names="Testa", last_name=last_name, residence="Almere"),
            user_id)
        persons.update_person(conn, client, PersonData(
            Category.CLIENT, first_names="Testa", last_name=last_name, residence="Lelystad"),
            user_id)
        persons.insert_threat(conn, case_id, ThreatEntry(date(2026, 12, 1), "Dreiging"), user_id)
    return {"case": case_id, "person": client}


@pytest.fixture(scope="module")
def world(pg_cluster):
    with _server(pg_cluster) as setup:
        admin = setup.admin
        admin.execute("INSERT INTO teams (name, created_at) VALUES ('Zuid', '2026-12-06')")
        zuid = admin.execute("SELECT id FROM teams WHERE name = 'Zuid'").fetchone()[0]
        people = {
            "desk": Team(setup, setup.desk_user_id, setup.desk_user, setup.desk_password),
            "anna": Team(setup, *setup.login("anna_t1", "hulpverlener", teams=(1,))),
            "zoe": Team(setup, *setup.login("zoe_t2", "hulpverlener", teams=(zuid,))),
            "lead2": Team(setup, *setup.login("lead_t2", "teamleider", teams=(zuid,))),
            "bea": Team(setup, *setup.login("bea_beheer", "functioneel_beheerder", teams=())),
        }
        cases = {}
        for name, team in (("anna", 1), ("zoe", zuid)):
            db = people[name].db()
            try:
                cases[name] = _case(db, people[name].user_id, team, f"Fictief{name}")
            finally:
                db.close()
        yield setup, people, cases, zuid


def _visible(conn, table: str, column: str, value: int) -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = %s",  # noqa: S608
                        (value,)).fetchone()[0]


def _ids(cases, name, column):
    return cases[name]["person" if column == "person_id" else "case"]


@pytest.mark.parametrize("table", list(CASE_TABLES))
def test_another_teams_rows_are_zero_rows(world, table):
    _setup, people, cases, _zuid = world
    column = CASE_TABLES[table]
    with people["zoe"].raw() as zoe:
        assert _visible(zoe, table, column, _ids(cases, "zoe", column)) >= 1  # her own
        assert _visible(zoe, table, column, _ids(cases, "anna", column)) == 0
        total = zoe.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        assert total == _visible(zoe, table, column, _ids(cases, "zoe", column))


def test_the_gate_learns_the_team_of_another_teams_case_and_nothing_else(world):
    """The app refuses such a case by its team's name and offers the break (case_gate), as
    locally; the case itself stays out of reach."""
    _setup, people, cases, zuid = world
    db = people["zoe"].db()
    try:
        assert teams.of_case(db.conn, cases["anna"]["case"]) == 1
        assert teams.of_case(db.conn, cases["zoe"]["case"]) == zuid
        assert teams.of_case(db.conn, 10**9) is None
        assert teams.of_cases(db.conn, {cases["anna"]["case"], cases["zoe"]["case"]}) == {
            cases["zoe"]["case"]: zuid}
    finally:
        db.close()


def test_search_on_the_server_finds_only_her_teams_people(world):
    _setup, people, cases, _zuid = world
    db = people["zoe"].db()
    try:
        assert person_ids(db.conn, build("fictiefanna"), 10) == []
        assert person_ids(db.conn, build("fictiefzoe"), 10) == [cases["zoe"]["person"]]
        assert persons.get_person(db.conn, cases["anna"]["person"]) is None
    finally:
        db.close()


def test_she_cannot_change_or_add_to_another_teams_case(world):
    _setup, people, cases, _zuid = world
    with people["zoe"].raw() as zoe:
        changed = zoe.execute("UPDATE persons SET residence = 'Weg' WHERE id = %s",
                              (cases["anna"]["person"],)).rowcount
        assert changed == 0
        with pytest.raises(errors.InsufficientPrivilege):  # new row violates the policy
            zoe.execute("INSERT INTO persons (case_id, category, created_at, created_by)"
                        " VALUES (%s, 3, 'nu', %s)", (cases["anna"]["case"], people["zoe"].user_id))
        with pytest.raises(errors.InsufficientPrivilege):
            zoe.execute("UPDATE case_teams SET team_id = %s WHERE case_id = %s",
                        (1, cases["zoe"]["case"]))  # moving is a teamleider's act
        with pytest.raises(errors.InsufficientPrivilege):  # a case only through new_case
            zoe.execute("INSERT INTO cases (created_at, created_by) VALUES ('nu', %s)",
                        (people["zoe"].user_id,))
        with pytest.raises(errors.InsufficientPrivilege):  # not into another team
            zoe.execute("SELECT blijf.new_case(1, 'nu')")
        with pytest.raises(errors.InsufficientPrivilege):
            zoe.execute("INSERT INTO user_teams (user_id, team_id) VALUES (%s, 1)",
                        (people["zoe"].user_id,))  # joining a team is the beheerder's act


@pytest.mark.parametrize("statement", [
    "SELECT * FROM audit_log",
    "SELECT detail FROM audit_log WHERE seq = 1",
    "UPDATE audit_log SET reason = 'weg'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "INSERT INTO break_glass (at, user_id, case_id, team_id, reason_code, audit_seq)"
    " VALUES ('nu', 1, 1, 1, 'anders', 1)",
    "SELECT * FROM break_glass",
    "SELECT * FROM user_roles",
    "SELECT blijf.create_login('blijf_u_000000000000000000000000', 1,"
    " 'SCRAM-SHA-256$x', 'functioneel_beheerder')",
    "SELECT blijf.grant_app_role(current_user, 'functioneel_beheerder')",
    "SELECT blijf.confirm_login(1)",
    "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
    "DROP POLICY cases_need_to_know ON cases",
    "SET ROLE blijf_gate",
    "SET ROLE blijf_beheerder",
])
def test_a_hulpverlener_is_refused_by_postgresql(world, statement):
    _setup, people, _cases, _zuid = world
    with people["zoe"].raw() as zoe:
        with pytest.raises(errors.InsufficientPrivilege):
            zoe.execute(statement)


def test_she_changes_her_own_account_only_and_never_her_role(world):
    setup, people, _cases, _zuid = world
    zoe_id, anna_id = people["zoe"].user_id, people["anna"].user_id
    with people["zoe"].raw() as zoe:
        assert zoe.execute("UPDATE users SET confidentiality_accepted_at = 'nu' WHERE id = %s",
                           (zoe_id,)).rowcount == 1
        assert zoe.execute("UPDATE users SET must_change_passphrase = 1 WHERE id = %s",
                           (anna_id,)).rowcount == 0  # another's row: not hers
        for change in ("role = 'functioneel_beheerder'", "active = 1", "display_name = 'X'"):
            with pytest.raises(errors.InsufficientPrivilege):
                zoe.execute(f"UPDATE users SET {change} WHERE id = %s", (zoe_id,))
        with pytest.raises(errors.InsufficientPrivilege):
            zoe.execute("INSERT INTO users (username, display_name, role, created_at)"
                        " VALUES ('nep', 'Nep', 'functioneel_beheerder', 'nu')")
    with people["bea"].raw() as bea:  # the beheerder keeps the accounts
        assert bea.execute("UPDATE users SET display_name = display_name WHERE id = %s",
                           (anna_id,)).rowcount == 1
    assert setup.admin.execute("SELECT role FROM users WHERE id = %s",
                               (zoe_id,)).fetchone()[0] == "hulpverlener"


def test_the_beheerder_reads_no_case_but_keeps_the_teams(world):
    _setup, people, cases, zuid = world
    with people["bea"].raw() as bea:
        with pytest.raises(errors.InsufficientPrivilege):
            bea.execute("SELECT * FROM persons")
        with bea.transaction():
            counts = dict(bea.execute("SELECT team_id, count(*) FROM case_teams GROUP BY team_id")
                          .fetchall())
        assert counts == {1: 1, zuid: 1}  # ids and counts: the team page's case counts
        members = bea.execute("SELECT count(*) FROM user_teams").fetchone()[0]
        assert members >= 4
        bea.execute("SELECT seq, detail FROM audit_log").fetchall()  # VIEW_AUDIT: not refused


def _break(db, user_id, case_id, reason="acuut_gevaar", record=None, action=None):
    with db.transaction() as conn:
        seq = audit.append(conn, action or AuditAction.BREAK_GLASS.value, user_id, "case",
                           str(record or case_id), reason=reason, detail={"team": 1})
        return break_glass.insert(conn, user_id, case_id, 1, reason,
                                  "Cliënt meldt zich nu bij de crisisopvang", seq)


@pytest.mark.parametrize("record, action, reason", [
    ("other case", AuditAction.BREAK_GLASS.value, "acuut_gevaar"),
    ("this case", AuditAction.VIEW.value, "acuut_gevaar"),
    ("this case", AuditAction.BREAK_GLASS.value, "anders"),
])
def test_a_break_needs_its_own_audit_row(world, record, action, reason):
    _setup, people, cases, _zuid = world
    zoe = people["zoe"]
    db = zoe.db()
    try:
        target = cases["anna"]["case"]
        with db.transaction() as conn:
            seq = audit.append(conn, action, zoe.user_id, "case",
                               str(target + 1000 if record == "other case" else target),
                               reason=reason)
        with pytest.raises(errors.CheckViolation):
            with db.transaction() as conn:
                break_glass.insert(conn, zoe.user_id, target, 1, "acuut_gevaar", "Een reden hier", seq)
        assert persons.get_person(db.conn, cases["anna"]["person"]) is None
    finally:
        db.close()


def test_a_break_of_her_own_team_is_refused(world):
    _setup, people, cases, _zuid = world
    db = people["zoe"].db()
    try:
        with pytest.raises(errors.InvalidParameterValue):
            _break(db, people["zoe"].user_id, cases["zoe"]["case"])
    finally:
        db.close()


def test_after_her_break_she_reads_that_case_and_its_review_goes_to_its_team(world):
    setup, people, cases, zuid = world
    lead2 = people["lead2"]
    # Lead of team Zuid breaks the glass for Anna's case (team 1).
    db = lead2.db()
    try:
        assert persons.get_person(db.conn, cases["anna"]["person"]) is None
        break_id = _break(db, lead2.user_id, cases["anna"]["case"])
        assert persons.get_person(db.conn, cases["anna"]["person"]).data.last_name == "Fictiefanna"
        assert len(persons.history(db.conn, cases["anna"]["person"])) >= 1
        assert teams.of_case(db.conn, cases["anna"]["case"]) == 1
        assert break_glass.listing(db.conn, frozenset({zuid}), False) == []  # not her team's
    finally:
        db.close()
    with people["zoe"].raw() as zoe:  # the break is hers alone
        assert _visible(zoe, "persons", "case_id", cases["anna"]["case"]) == 0
    row = setup.admin.execute("SELECT at, team_id, audit_seq FROM break_glass WHERE id = %s",
                              (break_id,)).fetchone()
    assert row[1] == 1
    logged = setup.admin.execute("SELECT user_id, action, record_id FROM audit_log WHERE seq = %s",
                                 (row[2],)).fetchone()
    assert logged == (lead2.user_id, "break_glass", str(cases["anna"]["case"]))
    # Team 1's teamleider (the desk) and the beheerder see it in the review list; the text too.
    for reviewer, scope in (("desk", frozenset({1})), ("bea", None)):
        db = people[reviewer].db()
        try:
            listed = break_glass.listing(db.conn, scope, True)
            assert [r.id for r in listed] == [break_id]
            assert listed[0].text.startswith("Cliënt meldt")
        finally:
            db.close()
    db = people["desk"].db()
    try:
        with db.transaction() as conn:
            break_glass.add_review(conn, break_id, "gezien", "", setup.desk_user_id)
        assert break_glass.get(db.conn, break_id).verdict == "gezien"
    finally:
        db.close()
    db = lead2.db()
    try:  # nobody reviews her own break
        with pytest.raises(errors.InsufficientPrivilege):
            with db.transaction() as conn:
                break_glass.add_review(conn, break_id, "gezien", "", lead2.user_id)
    finally:
        db.close()


def test_a_break_lasts_a_shift(world):
    from blijf_desktop.domain.need_to_know import BREAK_GLASS_VALID_HOURS

    setup, people, cases, _zuid = world
    text = setup.admin.execute("SELECT pg_get_functiondef('blijf.my_open_cases()'::regprocedure)"
                               ).fetchone()[0]
    assert f"interval '{BREAK_GLASS_VALID_HOURS} hours'" in text
    anna_id = people["anna"].user_id
    setup.admin.execute(  # a break of yesterday, by Anna, for Zoë's case
        "INSERT INTO break_glass (at, user_id, case_id, team_id, reason_code, audit_seq)"
        " VALUES ('2026-12-05T08:00:00.000000+00:00', %s, %s, 2, 'anders', 999999)",
        (anna_id, cases["zoe"]["case"]))
    with people["anna"].raw() as anna:
        assert _visible(anna, "persons", "case_id", cases["zoe"]["case"]) == 0


def test_an_unconfirmed_login_cannot_connect_until_a_teamleider_confirms(world):
    setup, people, cases, _zuid = world
    user_id, role, password = setup.login("nieuw_t1", None, teams=(1,))
    with pytest.raises(ServerLoginRefused):
        setup.connect_as(role, password)
    with people["bea"].raw() as bea:  # the beheerder asked; she does not confirm
        with pytest.raises(errors.InsufficientPrivilege):
            bea.execute("SELECT blijf.confirm_login(%s)", (user_id,))
    with people["desk"].raw() as desk:
        with pytest.raises(errors.InsufficientPrivilege):  # not her own
            desk.execute("SELECT blijf.confirm_login(%s)", (setup.desk_user_id,))
        logins.confirm_login(PgConnection(desk), user_id)
    with setup.connect_as(role, password) as newcomer:
        assert _visible(newcomer, "persons", "case_id", cases["anna"]["case"]) >= 1
        assert _visible(newcomer, "persons", "case_id", cases["zoe"]["case"]) == 0


def test_a_deactivated_account_sees_nothing(world):
    setup, _people, cases, _zuid = world
    user_id, role, password = setup.login("weg_t1", "hulpverlener", teams=(1,))
    setup.admin.execute("UPDATE users SET active = 0 WHERE id = %s", (user_id,))
    with setup.connect_as(role, password) as gone:
        assert gone.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
        assert gone.execute("SELECT blijf.my_user_id()").fetchone()[0] is None


def test_the_login_is_made_only_for_a_scram_verifier_and_a_digest_name(world):
    setup, people, _cases, _zuid = world
    admin = setup.admin
    user_id = admin.execute("INSERT INTO users (username, display_name, role, created_at)"
                            " VALUES ('los', 'Los', 'hulpverlener', 'nu') RETURNING id").fetchone()[0]
    for name, secret in (("blijf_u_" + "0" * 24, "geheim-in-klare-tekst"),
                         ("blijf_owner", "SCRAM-SHA-256$4096:x"),
                         ("postgres", "SCRAM-SHA-256$4096:x")):
        with pytest.raises(errors.InvalidParameterValue):
            admin.execute("SELECT blijf.create_login(%s, %s, %s, NULL)", (name, user_id, secret))
    with pytest.raises(errors.InvalidParameterValue):  # the app role is the account's
        logins.create_login(PgConnection(admin), "los", user_id, "x" * 20, "teamleider")
    # The beheerder makes logins; the secret on the server is a SCRAM verifier.
    with people["bea"].raw() as bea:
        role = logins.create_login(PgConnection(bea), "los", user_id, "een lange zin", None)
    secret = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s",
                           (role,)).fetchone()[0]
    assert secret.startswith("SCRAM-SHA-256$") and "een lange zin" not in secret
    from tests.server.conftest import _LOGINS
    _LOGINS.append(role)


def test_a_person_of_another_team_is_found_as_known_there_and_no_more(world):
    """The crisis line learns that Anna's client is known at team 1: name and team only."""
    from blijf_desktop.storage.pg.search import known_elsewhere

    _setup, people, cases, _zuid = world
    db = people["zoe"].db()
    try:
        assert known_elsewhere(db.conn, build("fictiefanna"), 10) == [
            (cases["anna"]["person"], cases["anna"]["case"], "Testa Fictiefanna", 1)]
        assert known_elsewhere(db.conn, build("fictiefzoe"), 10) == []  # her own: plain search
        with db.conn.raw.transaction():
            for needles in (["%"], ["%%%"], ["te"], [], ["___"]):
                assert db.conn.raw.execute("SELECT * FROM blijf.known_elsewhere(false, %s, 50)",
                                           (needles,)).fetchall() == []
    finally:
        db.close()
    with people["bea"].raw() as bea:  # the beheerder searches no person
        with pytest.raises(errors.InsufficientPrivilege):
            bea.execute("SELECT * FROM blijf.known_elsewhere(false, ARRAY['fictiefanna'], 5)")


def test_known_elsewhere_leaves_out_a_restricted_person(world):
    """The local search hides a person under restriction of processing (AVG 18, Blijf 11.1)
    from every hit; "bekend bij team X" leaves her out too, until the restriction is lifted."""
    from blijf_desktop.storage.pg.search import known_elsewhere

    setup, people, cases, _zuid = world
    admin, anna = setup.admin, cases["anna"]["person"]
    restriction = admin.execute(
        "INSERT INTO restrictions (person_id, reason, started_at, started_by) VALUES"
        " (%s, 'bezwaar', '2026-12-06T12:00:00.000000+00:00', %s) RETURNING id",
        (anna, people["anna"].user_id)).fetchone()[0]
    db = people["zoe"].db()
    try:
        assert known_elsewhere(db.conn, build("fictiefanna"), 10) == []
        admin.execute("UPDATE restrictions SET lifted_at = '2026-12-06T13:00:00.000000+00:00',"
                      " lifted_by = %s, lift_reason = 'bezwaar afgewezen' WHERE id = %s",
                      (people["anna"].user_id, restriction))
        assert [hit[0] for hit in known_elsewhere(db.conn, build("fictiefanna"), 10)] == [anna]
    finally:
        db.close()


@pytest.mark.parametrize("who", ["desk", "anna", "zoe", "lead2", "bea"])
def test_the_search_past_the_policies_keeps_exactly_what_the_policies_let_through(world, who):
    """blijf.find_persons writes the cases policy's rule once more (for the trigram index):
    for each user it finds exactly the people a plain search under the policies finds."""
    _setup, people, _cases, _zuid = world
    db = people[who].db()
    try:
        if who == "bea":  # no VIEW_PERSONS: neither way
            with pytest.raises(errors.InsufficientPrivilege):
                person_ids(db.conn, build("testa"), 100)
            return
        through_policies = [pid for (pid,) in db.conn.raw.execute(
            "SELECT person_id FROM person_trigrams WHERE words LIKE '%%testa%%'"
            " ORDER BY person_id DESC")]
        assert person_ids(db.conn, build("testa"), 100) == through_policies
    finally:
        db.close()
