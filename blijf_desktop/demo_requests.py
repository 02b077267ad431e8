"""Requests of the people recorded in the demo, each in a telling state (issue 20): one near its
deadline, one past it (and waiting for the police to be consulted), one extended, one refused
in part with its letter ready, and a client whose processing is restricted, with her marker."""

from datetime import date, timedelta

from blijf_desktop.domain.people import Category
from blijf_desktop.domain.rights import add_months
from blijf_desktop.services.intake import IntakeService
from blijf_desktop.services.rights import RequestService


def fill_requests(session, intake: IntakeService, case_ids: list[int], today: date) -> None:
    if len(case_ids) < 3:
        return
    service = RequestService(session, today=lambda: today)
    first, restricted, police = (intake.case(c) for c in (case_ids[0], case_ids[1],
                                                           case_ids[-1]))
    pleger = next(p.id for p in police.people if p.data.category is Category.PLEGER)
    # Near: an inzage whose month ends in four days.
    service.register(first.client.id, "inzage", add_months(today, -1) + timedelta(days=4),
                     "email", "Wil weten welke gegevens Blijf over haar heeft.")
    # Past, and the police still to be consulted (Blijf 11.5): the pleger asks for his file.
    service.register(pleger, "inzage", today - timedelta(days=40), "schriftelijk",
                     "Verzoekt om inzage in alles wat over hem is vastgelegd.")
    # Extended within the first month, with its reason (AVG art. 12(3)).
    extended = service.register(first.client.id, "wissing", today - timedelta(days=20),
                                "mondeling", "Wil dat haar oude telefoonnummer verdwijnt.")
    service.extend(extended, 2, "De gegevens liggen ook bij de politie; afstemming kost tijd.",
                   today - timedelta(days=18))
    # Refused in part, with grounds and reasons; the letter can be printed.
    partly = service.register(pleger, "inzage", today - timedelta(days=15), "schriftelijk")
    service.coordinate(partly, ["politie"], today - timedelta(days=10),
                       "Afgestemd met de wijkagent (eenheid Amsterdam).")
    service.decide(partly, "deels_afgewezen",
                   "Een deel van de gegevens gaat over de cliënt en haar kinderen. Dat deel "
                   "verstrekken wij niet; het andere deel ontvangt u apart.",
                   ["bescherming_anderen"], today - timedelta(days=9))
    # Restricted: the client disputes her data; processing stops while it is checked.
    restriction = service.register(restricted.client.id, "beperking",
                                   today - timedelta(days=6), "email",
                                   "Betwist de juistheid van haar gegevens.")
    service.decide(restriction, "toegewezen", decided_on=today - timedelta(days=5))
