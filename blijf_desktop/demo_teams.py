"""The demo's teams (issue 22): the store's team becomes Team Noord, where the demo
teamleider works with every demo case; her colleague moves to a new Team Zuid and records
a case there, whose pleger is also known in Noord (a search for him shows a "bekend bij Team
Zuid" row); the colleague opened one of Noord's cases with a reason, which waits in the
demo teamleider's and the beheerder's review list (Toegang andere teams)."""

from datetime import date

from blijf_desktop.domain.people import Category, PersonData
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.break_glass import BreakGlassService
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.teams import TeamService

ZUID_CLIENT = PersonData(Category.CLIENT, first_names="Lieke", last_name="Zuidema",
                         residence="Houten", birth_date=date(1991, 2, 14),
                         street="Wilgenhof", house_number="3", postcode="3991 AB",
                         address_secret=True)


def fill(auth, admin: str, colleague: str, passphrase: str, noord_case: int,
         opened_case: int) -> None:
    """`noord_case`: its pleger is recorded again in Team Zuid's case; `opened_case`: the
    Noord case the colleague opens by breaking the glass."""
    session = auth.login(admin, passphrase)
    try:
        teams = TeamService(session)
        noord = teams.teams()[0].id
        teams.rename_team(noord, "Team Noord")
        zuid = teams.add_team("Team Zuid")
        ids = {u.username: u.id for u in AccountService(session).list_users()}
        teams.set_user_teams(ids[colleague], [zuid])
    finally:
        session.close()
    other = auth.login(colleague, passphrase)
    try:
        pleger = next(p for p in _people(auth, passphrase, noord_case)
                      if p.category is Category.PLEGER)
        IntakeService(other).save_intake(ZUID_CLIENT, [pleger])
        BreakGlassService(other).break_glass(
            opened_case, "waarneming",
            "Cliënt belde onze balie in Zuid; haar eigen hulpverlener is vandaag afwezig.")
    finally:
        other.close()


def _people(auth, passphrase: str, case_id: int) -> list[PersonData]:
    """The persons of a Noord case as the demo teamleider recorded them (read by her)."""
    from blijf_desktop.demo import DEMO_USER

    lead = auth.login(DEMO_USER, passphrase)
    try:
        return [p.data for p in IntakeService(lead).case(case_id).people]
    finally:
        lead.close()
