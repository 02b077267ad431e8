"""Counting for the Jaarcijfers (issue 21): counts per (row, unit column) for a period, read
from the records that exist. No rules beyond counting: what a figure means is in
domain/figures.py (its definition and article), the unit rule too (UNIT_RULE).

Dates are days in the local time of this computer: a timestamp (UTC) is turned into the day
it was here. Business dates written in a step or an exchange (decided_on, connected_on,
reviewed_on, exchanged_on) are days already.

Requests of people and destroyed cases are counted by CountSources (requests(), destroyed()):
a function (conn, date_from, date_to) -> list[Tally], or None while nothing records them.
A destroyed case is counted only through what its destruction kept (Mensenhandel 22.6,
storage/anonymised.py): the unit it counted under (case_unit(), kept as UNIT_MEASURE) and
its counts per calendar year (anonymised())."""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from blijf_desktop.domain import aware
from blijf_desktop.domain.figures import (
    NO_UNIT, UNIT_MEASURE, exchange_row, months, request_outcome, whole_years,
)
from blijf_desktop.domain.police import UNITS
from blijf_desktop.storage import dialects
from blijf_desktop.storage import figures_server as server


@dataclass(frozen=True)
class Tally:
    row: str  # a row key of the figure ('YYYY-MM' per month; 'kind:outcome' for requests)
    unit: str | None  # a unit code, or None for a case without one
    count: int


CountSource = Callable[[object, date, date], list[Tally] | None]


def not_recorded(_conn, _date_from: date, _date_to: date) -> None:
    """The source of a figure that nothing records yet."""
    return None


Counts = dict[tuple[str, str], int]

# The unit of each traject (its request) and of each case (UNIT_RULE in domain/figures.py).
UNITS_CTE = """
WITH traject_unit AS (
    SELECT t.id AS traject_id, t.case_id AS case_id,
           (SELECT json_extract(s.data, '$.unit') FROM traject_steps s
             WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'informatie_gevraagd'
             ORDER BY s.id DESC LIMIT 1) AS unit
      FROM trajects t),
case_unit AS (
    SELECT c.id AS case_id, coalesce(
        (SELECT tu.unit FROM traject_unit tu WHERE tu.case_id = c.id AND tu.unit IS NOT NULL
          ORDER BY tu.traject_id DESC LIMIT 1),
        (SELECT e.counterparty FROM exchanges e WHERE e.case_id = c.id
            AND e.counterparty IN (SELECT value FROM json_each(:units))
          ORDER BY e.exchanged_on DESC, e.id DESC LIMIT 1),
        :none) AS unit
      FROM cases c)
"""


_INTAKES = UNITS_CTE + """
        SELECT strftime('%Y-%m', c.created_at, 'localtime'), cu.unit, count(*)
          FROM cases c JOIN case_unit cu ON cu.case_id = c.id
         WHERE date(c.created_at, 'localtime') BETWEEN :date_from AND :date_to
         GROUP BY 1, 2"""
_SCREENINGS = UNITS_CTE + """
        SELECT coalesce(s.chosen_level, s.proposed_level), cu.unit, count(*)
          FROM screenings s JOIN case_unit cu ON cu.case_id = s.case_id
         WHERE date(s.created_at, 'localtime') BETWEEN :date_from AND :date_to
         GROUP BY 1, 2"""
_TRAJECTS = UNITS_CTE + """
        SELECT strftime('%Y-%m', t.created_at, 'localtime'), coalesce(tu.unit, cu.unit),
               count(*)
          FROM trajects t JOIN traject_unit tu ON tu.traject_id = t.id
          JOIN case_unit cu ON cu.case_id = t.case_id
         WHERE date(t.created_at, 'localtime') BETWEEN :date_from AND :date_to
         GROUP BY 1, 2"""
_DECISIONS = UNITS_CTE + """
        SELECT s.state, coalesce(tu.unit, cu.unit), count(*)
          FROM traject_steps s JOIN traject_unit tu ON tu.traject_id = s.traject_id
          JOIN case_unit cu ON cu.case_id = tu.case_id
         WHERE s.kind = 'stap' AND s.state IN ('toegekend', 'afgewezen')
           AND json_extract(s.data, '$.decided_on') BETWEEN :date_from AND :date_to
         GROUP BY 1, 2"""


def _params(date_from: date, date_to: date) -> dict:
    return {"units": json.dumps(sorted(UNITS)), "none": NO_UNIT,
            "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}


def _tally(rows) -> Counts:
    found: Counts = {}
    for row, unit, n in rows:
        key = (row, unit if unit in UNITS else NO_UNIT)
        found[key] = found.get(key, 0) + n
    return found


# case_unit of UNITS_CTE for one case, on a server: positional parameters (the adapter takes
# no named ones) and PostgreSQL's JSON functions (docs/server-mode.md, section 2).
_CASE_UNIT_PG = """
SELECT coalesce(
    (SELECT tu.unit FROM (
        SELECT t.id AS traject_id,
               (SELECT s.data::json ->> 'unit' FROM traject_steps s
                 WHERE s.traject_id = t.id AND s.kind = 'stap'
                   AND s.state = 'informatie_gevraagd'
                 ORDER BY s.id DESC LIMIT 1) AS unit
          FROM trajects t WHERE t.case_id = ?) AS tu
      WHERE tu.unit IS NOT NULL ORDER BY tu.traject_id DESC LIMIT 1),
    (SELECT e.counterparty FROM exchanges e WHERE e.case_id = ?
        AND e.counterparty IN (SELECT json_array_elements_text(?::json))
      ORDER BY e.exchanged_on DESC, e.id DESC LIMIT 1),
    ?)"""


def case_unit(conn, case_id: int) -> str:
    """The unit a case counts under today (UNIT_RULE), NO_UNIT when it has none."""
    if dialects.on_server(conn):
        row = conn.execute(_CASE_UNIT_PG, (case_id, case_id, json.dumps(sorted(UNITS)),
                                           NO_UNIT)).fetchone()
    else:
        row = conn.execute(UNITS_CTE + "SELECT unit FROM case_unit WHERE case_id = :case_id",
                           {**_params(date.min, date.min), "case_id": case_id}).fetchone()
    return row[0] if row and row[0] in UNITS else NO_UNIT


# On a server every count below comes through the definer of migration 0036 (the figures
# cross teams on purpose): storage/figures_server.py gives the rows the local SQL gives.
def intakes(conn, date_from: date, date_to: date) -> Counts:
    if dialects.on_server(conn):
        return _tally(server.per_month(conn, "intakes", date_from, date_to))
    return _tally(conn.execute(_INTAKES, _params(date_from, date_to)))


def screenings(conn, date_from: date, date_to: date) -> Counts:
    if dialects.on_server(conn):
        return _tally(server.screenings(conn, date_from, date_to))
    return _tally(conn.execute(_SCREENINGS, _params(date_from, date_to)))


def trajects(conn, date_from: date, date_to: date) -> Counts:
    if dialects.on_server(conn):
        return _tally(server.per_month(conn, "trajects", date_from, date_to))
    return _tally(conn.execute(_TRAJECTS, _params(date_from, date_to)))


def decisions(conn, date_from: date, date_to: date) -> Counts:
    if dialects.on_server(conn):
        return _tally(server.decisions(conn, date_from, date_to))
    return _tally(conn.execute(_DECISIONS, _params(date_from, date_to)))


_EXCHANGES = UNITS_CTE + """
        SELECT e.counterparty, e.direction,
               EXISTS (SELECT 1 FROM exchange_consents ec WHERE ec.exchange_id = e.id),
               coalesce(d.anonymised, 0),
               CASE WHEN e.counterparty IN (SELECT value FROM json_each(:units))
                    THEN e.counterparty ELSE cu.unit END,
               count(*)
          FROM exchanges e JOIN case_unit cu ON cu.case_id = e.case_id
          LEFT JOIN exchange_disclosures d ON d.exchange_id = e.id
         WHERE e.corrects_id IS NULL AND e.exchanged_on BETWEEN :date_from AND :date_to
         GROUP BY 1, 2, 3, 4, 5"""


def exchanges(conn, date_from: date, date_to: date) -> Counts:
    """Corrections are left out: a correction is a second register row of one exchange."""
    found: Counts = {}
    rows = server.exchanges(conn, date_from, date_to) if dialects.on_server(conn) \
        else conn.execute(_EXCHANGES, _params(date_from, date_to))
    for counterparty, direction, consent, anonymised, unit, n in rows:
        key = (f"{counterparty}:{exchange_row(direction, bool(consent), bool(anonymised))}",
               unit if unit in UNITS else NO_UNIT)
        found[key] = found.get(key, 0) + n
    return found


# -- connections: what each traject's steps say ---------------------------------------------------
@dataclass(frozen=True)
class Connection:
    unit: str
    connected_on: date
    ended_on: date | None  # the day the traject was ended (beëindigd), if it was
    reviews: tuple[date, ...]  # reviewed_on of each review, in order


_CONNECTIONS = UNITS_CTE + """
        SELECT coalesce(tu.unit, cu.unit),
               (SELECT json_extract(s.data, '$.connected_on') FROM traject_steps s
                 WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'aangesloten'
                 ORDER BY s.id LIMIT 1),
               (SELECT date(s.created_at, 'localtime') FROM traject_steps s
                 WHERE s.traject_id = t.id AND s.kind = 'stap' AND s.state = 'beeindigd'
                 ORDER BY s.id LIMIT 1),
               (SELECT json_group_array(json_extract(s.data, '$.reviewed_on'))
                  FROM (SELECT data FROM traject_steps WHERE traject_id = t.id
                           AND kind = 'evaluatie' ORDER BY id) s)
          FROM trajects t JOIN traject_unit tu ON tu.traject_id = t.id
          JOIN case_unit cu ON cu.case_id = t.case_id"""


def connections(conn) -> list[Connection]:
    """Every traject that was ever connected."""
    found = []
    rows = server.connections(conn) if dialects.on_server(conn) \
        else conn.execute(_CONNECTIONS, _params(date.min, date.min))
    for unit, connected_on, ended_on, reviews in rows:
        if connected_on is None:
            continue
        found.append(Connection(unit if unit in UNITS else NO_UNIT,
                                date.fromisoformat(connected_on),
                                date.fromisoformat(ended_on) if ended_on else None,
                                tuple(sorted(date.fromisoformat(d) for d in json.loads(reviews)))))
    return found


def _month_end(month: str, date_to: date) -> date:
    year, number = map(int, month.split("-"))
    following = date(year + number // 12, number % 12 + 1, 1)
    return min(date.fromordinal(following.toordinal() - 1), date_to)


def running(conn, date_from: date, date_to: date, today: date) -> Counts:
    """Per month: the connections running on its last day (or the period's end, or today,
    whichever comes first). A month that has not begun yet is left empty."""
    found: Counter = Counter()
    every = connections(conn)
    for month in months(date_from, date_to):
        day = min(_month_end(month, date_to), today)
        if day < date_from or day.strftime("%Y-%m") != month:
            continue
        for c in every:
            if c.connected_on <= day and (c.ended_on is None or c.ended_on > day):
                found[(month, c.unit)] += 1
    return dict(found)


def reviews(conn, date_from: date, date_to: date) -> Counts:
    """Reviews held in the period: on time when within four weeks of the connection or of
    the review before (domain/aware.py REVIEW_INTERVAL), else late."""
    found: Counter = Counter()
    for c in connections(conn):
        previous = c.connected_on
        for reviewed_on in c.reviews:
            if reviewed_on < c.connected_on:
                continue  # belongs to something else (aware.review_due says so too)
            if date_from <= reviewed_on <= date_to:
                on_time = reviewed_on <= previous + aware.REVIEW_INTERVAL
                found[("op_tijd" if on_time else "te_laat", c.unit)] += 1
            previous = reviewed_on
    return dict(found)


def overdue(conn, date_from: date, date_to: date, today: date) -> Counts:
    """Connections running on the period's last day (or today) whose review was overdue."""
    day = min(date_to, today)
    found: Counter = Counter()
    if day < date_from:
        return {}
    for c in connections(conn):
        if c.connected_on <= day and (c.ended_on is None or c.ended_on > day):
            last = max((r for r in c.reviews if r <= day), default=None)
            if aware.is_overdue(c.connected_on, last, day):
                found[("achterstallig", c.unit)] += 1
    return dict(found)


# -- requests of people and destroyed cases ------------------------------------------------------
_REQUESTS = UNITS_CTE + """
        SELECT r.kind, r.chain, r.received_on,
               (SELECT s.months FROM rights_request_steps s
                 WHERE s.request_id = r.id AND s.step = 'verlenging'),
               (SELECT s.on_date FROM rights_request_steps s
                 WHERE s.request_id = r.id AND s.step = 'antwoord'),
               cu.unit
          FROM rights_requests r JOIN case_unit cu ON cu.case_id = r.case_id
         WHERE r.received_on BETWEEN :date_from AND :date_to"""
# The unit a destroyed case counted under, as its destruction kept it (none before it did).
# On a server the same count comes from blijf.figures('destroyed', ...) (migration 0036).
_DESTROYED = """
        SELECT month, unit, count(*) FROM (
            SELECT substr(d.destroyed_on, 1, 7) AS month,
                   (SELECT a.breakdown FROM anonymised_figures a
                     WHERE a.destruction_id = d.id AND a.measure = ?) AS unit
              FROM destructions d
             WHERE d.scope = 'dossier' AND d.state = 'vernietigd'
               AND d.destroyed_on BETWEEN ? AND ?) AS destroyed
         GROUP BY month, unit"""
_ANONYMISED = """
        SELECT figure, unit, sum(count) FROM (
            SELECT a.measure || ':' || a.breakdown AS figure,
                   (SELECT u.breakdown FROM anonymised_figures u
                     WHERE u.destruction_id = a.destruction_id AND u.measure = ?) AS unit,
                   a.count AS count
              FROM anonymised_figures a
             WHERE a.measure <> ? AND a.anonymised = 1
               AND a.year IN (SELECT value FROM json_each(?))) AS kept
         GROUP BY figure, unit"""


def requests(conn, date_from: date, date_to: date) -> list[Tally]:
    """A CountSource: requests received in the period, per kind and whether the answer came
    in time (domain/figures.py request_outcome), under the unit of their case."""
    found: Counter = Counter()
    rows = server.requests(conn, date_from, date_to) if dialects.on_server(conn) \
        else conn.execute(_REQUESTS, _params(date_from, date_to))
    for kind, chain, received_on, extension, answered_on, unit in rows:
        outcome = request_outcome(kind, bool(chain), date.fromisoformat(received_on),
                                  extension or 0,
                                  date.fromisoformat(answered_on) if answered_on else None)
        found[(f"{kind}:{outcome}", unit)] += 1
    return [Tally(row, unit, n) for (row, unit), n in sorted(found.items())]


def destroyed(conn, date_from: date, date_to: date) -> list[Tally]:
    """A CountSource: whole cases destroyed per month of their destruction (Blijf 8.1-8.2),
    from the register of destructions (ids and codes only) and the unit its kept counts name."""
    if dialects.on_server(conn):
        rows = server.destroyed(conn, date_from, date_to)
    else:
        rows = conn.execute(_DESTROYED, (UNIT_MEASURE, date_from.isoformat(),
                                         date_to.isoformat()))
    return [Tally(month, unit, n) for month, unit, n in rows]


def anonymised(conn, date_from: date, date_to: date, today: date) -> Counts:
    """What destroyed cases (and destroyed signal data) counted, per 'measure:breakdown', for
    the calendar years the period covers wholly (domain/figures.py whole_years)."""
    years = whole_years(date_from, date_to, today)
    if not years:
        return {}
    if dialects.on_server(conn):
        return _tally(server.anonymised(conn, years))
    return _tally(conn.execute(_ANONYMISED, (UNIT_MEASURE, UNIT_MEASURE, json.dumps(years))))


def provided(source: CountSource, conn, date_from: date, date_to: date) -> Counts | None:
    """Counts from another part of the app; None while it records nothing yet."""
    tallies = source(conn, date_from, date_to)
    if tallies is None:
        return None
    found: Counts = {}
    for tally in tallies:
        key = (tally.row, tally.unit if tally.unit in UNITS else NO_UNIT)
        found[key] = found.get(key, 0) + int(tally.count)
    return found


def local_day(timestamp: str) -> date:
    """The day a stored UTC timestamp was on this computer (for tests and callers that count
    in Python)."""
    return datetime.fromisoformat(timestamp).astimezone().date()
