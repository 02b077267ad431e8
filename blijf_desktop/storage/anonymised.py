"""Counts for the yearly figures, taken from a case's rows before they are destroyed, kept
apart and marked as anonymised (Mensenhandel 22.6; DOMAIN.md "Yearly evaluation"). A row
holds a year, a measure, a code and a count: no id of a case, a person or a user. One row
(measure UNIT_MEASURE) keeps the police unit the case counted under in the Jaarcijfers, so
that its counts stay in that unit's column (domain/figures.py UNIT_RULE)."""

from blijf_desktop.domain.figures import NO_UNIT, UNIT_MEASURE
from blijf_desktop.domain.police import UNITS
from blijf_desktop.storage import dialects
from blijf_desktop.storage.figures import case_unit

# (measure, SQL giving (year, breakdown code, count) for one case id, given twice where used).
# Codes only: a screening level, an AWARE decision, a counterparty code and a direction.
_CASE_FIGURES = (
    ("intakes", "SELECT substr(created_at, 1, 4), '', 1 FROM cases WHERE id = ?"),
    ("screenings",
     "SELECT substr(created_at, 1, 4), coalesce(chosen_level, proposed_level), count(*)"
     " FROM screenings WHERE case_id = ? GROUP BY 1, 2"),
    ("aware_trajecten", "SELECT substr(created_at, 1, 4), '', count(*) FROM trajects"
                        " WHERE case_id = ? GROUP BY 1"),
    ("aware_besluiten",
     "SELECT substr(s.created_at, 1, 4), s.state, count(*) FROM traject_steps s"
     " JOIN trajects t ON t.id = s.traject_id WHERE t.case_id = ?"
     " AND s.state IN ('toegekend', 'afgewezen') AND s.kind = 'stap' GROUP BY 1, 2"),
    ("exchanges",
     "SELECT substr(exchanged_on, 1, 4), counterparty || ':' || direction, count(*)"
     " FROM exchanges WHERE case_id = ? GROUP BY 1, 2"),
    ("signals", "SELECT substr(created_at, 1, 4), '', count(*) FROM signals"
                " WHERE case_id = ? GROUP BY 1"),
)

# The signal data alone (its own shorter term): the signals and what went to the chain.
_SIGNAL_FIGURES = (
    ("signals", "SELECT substr(created_at, 1, 4), '', count(*) FROM signals"
                " WHERE case_id = ? GROUP BY 1"),
    ("exchanges",
     "SELECT substr(e.exchanged_on, 1, 4), e.counterparty || ':' || e.direction, count(*)"
     " FROM exchanges e WHERE e.id IN (SELECT ss.exchange_id FROM signal_sends ss"
     " JOIN signals s ON s.id = ss.signal_id WHERE s.case_id = ?) GROUP BY 1, 2"),
)


def _keep(conn, destruction_id: int, measure: str, rows) -> int:
    kept = 0
    for year, breakdown, count in rows:
        if not count:
            continue
        conn.execute(
            "INSERT INTO anonymised_figures (destruction_id, year, measure, breakdown,"
            " count) VALUES (?, ?, ?, ?, ?)",
            (destruction_id, int(year), measure, breakdown or "", int(count)))
        kept += 1
    return kept


def _keep_unit(conn, destruction_id: int, case_id: int) -> int:
    year = conn.execute("SELECT substr(created_at, 1, 4) FROM cases WHERE id = ?",
                        (case_id,)).fetchone()
    if year is None:
        return 0
    return _keep(conn, destruction_id, UNIT_MEASURE, [(year[0], case_unit(conn, case_id), 1)])


# On a server the figures are read through the definer of migration 0036 (whoever carries
# out reads them there, the beheerder too, who reads no case): the same rows as the SQL above.
_KEPT_PG = ("SELECT measure, year, breakdown, n FROM"
            " blijf.destruction_figures(?, ?::text[], ?, ?)")


def _keep_from_server(conn, destruction_id: int) -> int:
    measures: dict[str, list] = {}
    for measure, year, breakdown, n in conn.execute(
            _KEPT_PG, (destruction_id, sorted(UNITS), NO_UNIT, UNIT_MEASURE)).fetchall():
        if measure == UNIT_MEASURE and breakdown not in UNITS:
            breakdown = NO_UNIT  # as case_unit
        measures.setdefault(measure, []).append((year, breakdown, n))
    return sum(_keep(conn, destruction_id, measure, rows) for measure, rows in measures.items())


def keep_case_figures(conn, destruction_id: int, case_id: int) -> int:
    if dialects.on_server(conn):
        return _keep_from_server(conn, destruction_id)
    kept = _keep_unit(conn, destruction_id, case_id)
    for figure in _CASE_FIGURES:  # by index, so the SQL checker sees constant text
        kept += _keep(conn, destruction_id, figure[0],
                      conn.execute(figure[1], (case_id,)).fetchall())
    return kept


def keep_signal_figures(conn, destruction_id: int, case_id: int) -> int:
    if dialects.on_server(conn):
        return _keep_from_server(conn, destruction_id)
    kept = _keep_unit(conn, destruction_id, case_id)
    for figure in _SIGNAL_FIGURES:  # by index, so the SQL checker sees constant text
        kept += _keep(conn, destruction_id, figure[0],
                      conn.execute(figure[1], (case_id,)).fetchall())
    return kept


def totals(conn) -> list[tuple[int, str, str, int]]:
    """(year, measure, breakdown, count) summed over every destroyed case."""
    return conn.execute(
        "SELECT year, measure, breakdown, sum(count) FROM anonymised_figures"
        " GROUP BY year, measure, breakdown ORDER BY year, measure, breakdown").fetchall()


def kept_for(conn, destruction_id: int) -> int:
    return conn.execute("SELECT count(*) FROM anonymised_figures WHERE destruction_id = ?",
                        (destruction_id,)).fetchone()[0]


def recorded_for(conn, destruction_id: int) -> tuple[tuple, ...]:
    """What a destruction kept, as (year, measure, breakdown, count), for `keep_recorded`."""
    return tuple(tuple(r) for r in conn.execute(
        "SELECT year, measure, breakdown, count FROM anonymised_figures"
        " WHERE destruction_id = ? ORDER BY id", (destruction_id,)))


def keep_recorded(conn, destruction_id: int, rows) -> int:
    """The figures another copy of this store kept for the same destruction, unchanged."""
    for year, measure, breakdown, count in rows:
        conn.execute(
            "INSERT INTO anonymised_figures (destruction_id, year, measure, breakdown,"
            " count) VALUES (?, ?, ?, ?, ?)", (destruction_id, year, measure, breakdown, count))
    return len(rows)
