"""The --demo store's informatieplicht (issue 20) in its telling states: most people told or
excepted, one derde informed by phone, one pleger excepted because telling him endangers the
client, and a few still waiting, one of them past the four weeks of Mensenhandel 23.1. Called
by demo.fill; synthetic people only."""

from datetime import date, datetime, timedelta, timezone

from blijf_desktop.domain.people import Category
from blijf_desktop.services.information_duty import InformationDutyService

WAITING = 3  # people left in the overview
PLEGER_REASON = ("Zij is net opgevangen en hij zoekt haar. Een brief of telefoontje van Blijf "
                 "Groep vertelt hem dat zij hulp zoekt; opnieuw bekijken na de zitting.")


def fill(session, overview_ids: list[tuple[int, Category]]) -> None:
    """`overview_ids`: (person id, category) of the people the duty applies to, oldest first."""
    duty = InformationDutyService(session)  # the real clock: the people were recorded just now
    today = date.today()
    waiting = overview_ids[:WAITING]
    rest = overview_ids[WAITING:]
    derde_done = pleger_done = False
    for person_id, category in rest:
        if category is Category.PLEGER:
            duty.record_exception(person_id, "gevaar_client",
                                  PLEGER_REASON if not pleger_done else
                                  "Informeren brengt de cliënt in gevaar.")
            pleger_done = True
        elif category is Category.DERDE and not derde_done:
            duty.record_informed(person_id, today, "telefonisch")
            derde_done = True
        else:
            duty.record_informed(person_id, today, "brief")
    if waiting:  # the longest waiting one was recorded five weeks ago (made up, like all here)
        _backdate(session, waiting[0][0], timedelta(weeks=5))


def _backdate(session, person_id: int, ago: timedelta) -> None:
    """Demo only: pretend the person was recorded `ago` (no service may change created_at)."""
    when = (datetime.now(timezone.utc) - ago).isoformat(timespec="microseconds")
    with session.db.transaction() as conn:
        conn.execute("UPDATE persons SET created_at = ? WHERE id = ?", (when, person_id))
