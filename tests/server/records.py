"""Synthetic records the server tests write through the real storage functions, the way the
server's roles allow (docs/server-mode.md, sections 4 and 5): accounts and their login roles
are made by the administrator (as the first beheerder's would be, blijf.create_login), cases
only through persons.create_case (blijf.new_case) by a logged-in user of the case's team."""

from dataclasses import dataclass, field
from datetime import date

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.storage import persons

CLIENT = PersonData(Category.CLIENT, "Fenna", "", "Testbruggen", "Kade", "3", "1234 AB",
                    "Almere", False, "Zwolle", date(1991, 4, 2), "0612000001", "")
PLEGER = PersonData(Category.PLEGER, "Gerrit", "", "Voorbeeldman", "", "", "", "Lelystad",
                    False, "", None, "", "")


@dataclass
class Desk:
    hulpverlener: int
    teamleider: int
    beheerder: int
    logins: dict = field(default_factory=dict)  # user id -> (login role, password)

    def db(self, setup, user_id: int):
        """A ServerDatabase as that user's own login role."""
        from blijf_desktop.storage.pg.database import ServerDatabase

        role, password = self.logins[user_id]
        return ServerDatabase(setup.cluster.conninfo(setup.name, role, password),
                              setup.cluster.ca_file)


STAFF = (("hv", "Hanna Hulp", "hulpverlener"), ("tl", "Tessa Leider", "teamleider"),
         ("fb", "Bram Beheer", "functioneel_beheerder"))


def staff(setup, prefix: str, teams=(1,)) -> Desk:
    """A hulpverlener, a teamleider and a functioneel beheerder of `teams`, each with her own
    login role, made by the server's administrator."""
    made, logins = [], {}
    for suffix, name, role in STAFF:
        user_id, db_role, password = setup.login(f"{prefix}_{suffix}", role, teams=teams)
        setup.admin.execute("UPDATE users SET display_name = %s WHERE id = %s", (name, user_id))
        made.append(user_id)
        logins[user_id] = (db_role, password)
    return Desk(*made, logins=logins)


def case_with_people(conn, user_id: int, team: int = 1) -> tuple[int, int, int]:
    """(case, client, pleger), with a threat about the pleger; `conn` is a user's of `team`
    (the case is hers: blijf.new_case)."""
    case_id = persons.create_case(conn, user_id, team)
    client = persons.insert_person(conn, case_id, CLIENT, user_id)
    pleger = persons.insert_person(conn, case_id, PLEGER, user_id)
    persons.insert_threat(conn, case_id, ThreatEntry(date(2026, 11, 1), "Dreigt via berichten",
                                                     about_person_id=pleger), user_id)
    return case_id, client, pleger
