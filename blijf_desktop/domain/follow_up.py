"""Follow-up tasks (issue 18): telling the recipients. A withdrawn consent is told to everyone
already served under it; a correction of disclosed data to everyone who received the old
value (Blijf 6.4, AVG art. 19). Each recipient's item is closed when the user records when and
how they were told. Pure data and checks."""

from datetime import date
from enum import Enum

from blijf_desktop.domain.text import N_


class TaskKind(str, Enum):
    INTREKKING = "intrekking"  # a withdrawn consent: tell everyone served under it
    CORRECTIE = "correctie"  # Blijf 6.4, AVG art. 19: disclosed data changed
    WISSING = "wissing"  # AVG art. 19: a decision to erase disclosed data
    BEPERKING = "beperking"  # AVG art. 19: processing restricted (or stopped, Mensenhandel 27.2)


TASK_LABELS = {
    TaskKind.INTREKKING: N_("Intrekking doorgeven"),
    TaskKind.CORRECTIE: N_("Correctie doorgeven"),
    TaskKind.WISSING: N_("Wissing doorgeven"),
    TaskKind.BEPERKING: N_("Beperking doorgeven"),
}

TOLD_HOW = {
    "telefonisch": N_("telefonisch"),
    "mondeling": N_("mondeling"),
    "schriftelijk": N_("schriftelijk"),
    "beveiligde_email": N_("beveiligde e-mail"),
}


def told_problems(told_on: date | None, told_how: str, today: date) -> dict[str, str]:
    if not isinstance(told_on, date):
        return {"told_on": "required"}
    if told_on > today:
        return {"told_on": "date_future"}
    if told_how not in TOLD_HOW:
        return {"told_how": "required" if not told_how else "unknown"}
    return {}
