"""The computer's clock against the audit trail (issue 22, session 5's finding), as rules a
privacy officer can read against the covenants.

Each party records when it gave and received data (Blijf 6.2; IND 8 has the same rule), so
an exchange must not be dated before what the trail already holds: a clock set back would
reopen a consent period that ended. A few minutes' drift is allowed (CLOCK_DRIFT).

A clock that once ran *ahead* (set forward by hand, a wrong BIOS or NTP time) leaves rows
dated in the future, and from then on every correct clock looks "behind". That must not block
disclosures until that date, nor be undone quietly: the functioneel beheerder, who sees it in
Datalekken, acknowledges it after checking that this computer's clock is right now — a
controlled procedure (Blijf 9.1), audited with both times. From that acknowledgement on, only
rows written after it count as "the latest time seen"."""

from datetime import datetime, timedelta

CLOCK_DRIFT = timedelta(minutes=5)
ARTICLE = "Blijf 6.2, 9.1; IND 8"


def is_behind(now: datetime, latest_seen: datetime | None) -> bool:
    """The clock reads earlier than the trail's latest time, beyond the drift allowed."""
    return latest_seen is not None and now < latest_seen - CLOCK_DRIFT
