"""Synthetic records the server tests write through the real storage functions."""

from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.domain.roles import Role
from blijf_desktop.storage import persons, users

CLIENT = PersonData(Category.CLIENT, "Fenna", "", "Testbruggen", "Kade", "3", "1234 AB",
                    "Almere", False, "Zwolle", date(1991, 4, 2), "0612000001", "")
PLEGER = PersonData(Category.PLEGER, "Gerrit", "", "Voorbeeldman", "", "", "", "Lelystad",
                    False, "", None, "", "")


@dataclass
class Desk:
    hulpverlener: int
    teamleider: int
    beheerder: int


def staff(conn, prefix: str) -> Desk:
    return Desk(users.insert(conn, f"{prefix}-hv", "Hanna Hulp", Role.HULPVERLENER, None, False),
                users.insert(conn, f"{prefix}-tl", "Tessa Leider", Role.TEAMLEIDER, None, False),
                users.insert(conn, f"{prefix}-fb", "Bram Beheer", Role.BEHEERDER,
                             None, False))


def case_with_people(conn, user_id: int) -> tuple[int, int, int]:
    """(case, client, pleger), with a threat about the pleger."""
    case_id = persons.create_case(conn, user_id, 1)
    client = persons.insert_person(conn, case_id, CLIENT, user_id)
    pleger = persons.insert_person(conn, case_id, PLEGER, user_id)
    persons.insert_threat(conn, case_id, ThreatEntry(date(2026, 11, 1), "Dreigt via berichten",
                                                     about_person_id=pleger), user_id)
    return case_id, client, pleger
