"""The Jaarcijfers' counts on a server (docs/server-mode.md sections 2 and 5): the figures
cross teams on purpose, so they come from the definer `blijf.figures` of migration 0036 (codes,
days, UTC minutes and counts; never an id or a name), and are shaped here into what
storage/figures.py's local SQL returns, so both engines give one result.

Timestamps arrive by the UTC minute and become the day they were on this computer here, as
the local store's 'localtime' makes them (storage/figures.py, module text)."""

from datetime import date, datetime

from blijf_desktop.domain.figures import NO_UNIT, UNIT_MEASURE
from blijf_desktop.domain.police import UNITS

FIGURES = "SELECT k1, k2, k3, k4, k5, unit, n FROM blijf.figures(?, ?, ?, ?::text[], ?)"


def rows(conn, what: str, date_from: date, date_to: date) -> list[tuple]:
    return conn.execute(FIGURES, (what, date_from.isoformat(), date_to.isoformat(),
                                  sorted(UNITS), NO_UNIT)).fetchall()


def measured(conn, what: str, first: str, last: str) -> list[tuple]:
    """'destroyed' (days) and 'anonymised' (years) name UNIT_MEASURE where the others name
    NO_UNIT: the kept count that says which unit a destroyed case counted under."""
    return conn.execute(FIGURES, (what, first, last, sorted(UNITS), UNIT_MEASURE)).fetchall()


def local_day(minute: str) -> date:
    """'YYYY-MM-DDTHH:MM' in UTC -> the day it was on this computer."""
    return datetime.fromisoformat(minute + "+00:00").astimezone().date()


def _within(day: date, date_from: date, date_to: date) -> bool:
    return date_from <= day <= date_to


def per_month(conn, what: str, date_from: date, date_to: date) -> list[tuple]:
    """Intakes, trajects: (month, unit, count) of the local days in the period."""
    found = []
    for minute, _k2, _k3, _k4, _k5, unit, n in rows(conn, what, date_from, date_to):
        day = local_day(minute)
        if _within(day, date_from, date_to):
            found.append((day.strftime("%Y-%m"), unit, n))
    return found


def screenings(conn, date_from: date, date_to: date) -> list[tuple]:
    return [(level, unit, n)
            for level, minute, _k3, _k4, _k5, unit, n in rows(conn, "screenings", date_from,
                                                              date_to)
            if _within(local_day(minute), date_from, date_to)]


def decisions(conn, date_from: date, date_to: date) -> list[tuple]:
    return [(state, unit, n)
            for state, _k2, _k3, _k4, _k5, unit, n in rows(conn, "decisions", date_from, date_to)]


def exchanges(conn, date_from: date, date_to: date) -> list[tuple]:
    return [(counterparty, direction, int(consent), int(anonymised), unit, n)
            for counterparty, direction, consent, anonymised, _k5, unit, n
            in rows(conn, "exchanges", date_from, date_to)]


def connections(conn) -> list[tuple]:
    """(unit, connected_on, ended_on day or None, reviews as a JSON list), once per traject."""
    found = []
    for connected_on, ended_at, reviews, _k4, _k5, unit, n in rows(
            conn, "connections", date.min, date.max):
        ended_on = local_day(ended_at).isoformat() if ended_at else None
        found += [(unit, connected_on, ended_on, reviews)] * n
    return found


def requests(conn, date_from: date, date_to: date) -> list[tuple]:
    """(kind, chain, received_on, extension months, answered_on, unit), once per request."""
    found = []
    for kind, chain, received_on, extension, answered_on, unit, n in rows(
            conn, "requests", date_from, date_to):
        found += [(kind, int(chain), received_on, int(extension) if extension else None,
                   answered_on, unit)] * n
    return found


def destroyed(conn, date_from: date, date_to: date) -> list[tuple]:
    return [(month, unit, n) for month, _k2, _k3, _k4, _k5, unit, n
            in measured(conn, "destroyed", date_from.isoformat(), date_to.isoformat())]


def anonymised(conn, years: list[int]) -> list[tuple]:
    return [(figure, unit, n) for figure, _k2, _k3, _k4, _k5, unit, n
            in measured(conn, "anonymised", str(min(years)), str(max(years)))]

