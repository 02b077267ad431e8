"""Teams, who belongs to which, and the team of each case (migration 0027). On a server the
same functions run under row-level security (storage/pg/migrations/0027_teams.sql): a user
reads her own memberships and the teams of the cases she may read."""

import json

from blijf_desktop.domain.need_to_know import Team
from blijf_desktop.storage.audit import now_utc
from blijf_desktop.storage import dialects



def all_teams(conn) -> list[Team]:
    if dialects.on_server(conn):
        rows = conn.execute("SELECT id, name, active FROM teams ORDER BY lower(name), id")
    else:
        rows = conn.execute("SELECT id, name, active FROM teams ORDER BY name COLLATE NOCASE, id")
    return [Team(r[0], r[1], bool(r[2])) for r in rows]


def get(conn, team_id: int) -> Team | None:
    row = conn.execute("SELECT id, name, active FROM teams WHERE id = ?", (team_id,)).fetchone()
    return Team(row[0], row[1], bool(row[2])) if row else None


def by_name(conn, name: str) -> Team | None:
    if dialects.on_server(conn):
        row = conn.execute("SELECT id, name, active FROM teams WHERE lower(name) = lower(?)",
                           (name,)).fetchone()
    else:
        row = conn.execute("SELECT id, name, active FROM teams WHERE name = ? COLLATE NOCASE",
                           (name,)).fetchone()
    return Team(row[0], row[1], bool(row[2])) if row else None


def insert(conn, name: str) -> int:
    return conn.execute("INSERT INTO teams (name, created_at) VALUES (?, ?)",
                        (name, now_utc())).lastrowid


def rename(conn, team_id: int, name: str) -> None:
    conn.execute("UPDATE teams SET name = ? WHERE id = ?", (name, team_id))


def set_active(conn, team_id: int, active: bool) -> None:
    conn.execute("UPDATE teams SET active = ? WHERE id = ?", (int(active), team_id))


def active_ids(conn) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM teams WHERE active = 1 ORDER BY id")]


def of_user(conn, user_id: int) -> frozenset[int]:
    """The active teams a user belongs to: a deactivated team gives no access."""
    rows = conn.execute("SELECT t.id FROM user_teams ut JOIN teams t ON t.id = ut.team_id"
                        " WHERE ut.user_id = ? AND t.active = 1", (user_id,))
    return frozenset(r[0] for r in rows)


def memberships(conn) -> dict[int, frozenset[int]]:
    """user id -> her teams (active or not), for the team settings."""
    found: dict[int, set[int]] = {}
    for user_id, team_id in conn.execute("SELECT user_id, team_id FROM user_teams"):
        found.setdefault(user_id, set()).add(team_id)
    return {user: frozenset(teams) for user, teams in found.items()}


def set_user_teams(conn, user_id: int, team_ids) -> None:
    conn.execute("DELETE FROM user_teams WHERE user_id = ?", (user_id,))
    for team_id in sorted(set(team_ids)):
        conn.execute("INSERT INTO user_teams (user_id, team_id) VALUES (?, ?)",
                     (user_id, team_id))


def join_only_team(conn, user_id: int) -> None:
    """A new account joins the store's team when there is exactly one active (a single desk)."""
    active = active_ids(conn)
    if len(active) == 1:
        conn.execute("INSERT INTO user_teams (user_id, team_id) VALUES (?, ?)"
                     " ON CONFLICT DO NOTHING", (user_id, active[0]))


def of_case(conn, case_id: int) -> int | None:
    """The case's team, also of a case she may not read (so the gate can name its team and
    offer the break); None: no such case. On a server through blijf.case_team, past the
    policies, ids only."""
    if dialects.on_server(conn):
        return conn.execute("SELECT blijf.case_team(?)", (case_id,)).fetchone()[0]
    row = conn.execute("SELECT team_id FROM case_teams WHERE case_id = ?", (case_id,)).fetchone()
    return row[0] if row else None


def of_cases(conn, case_ids) -> dict[int, int]:
    wanted = json.dumps(sorted(set(case_ids)))
    if dialects.on_server(conn):
        rows = conn.execute("SELECT case_id, team_id FROM case_teams WHERE case_id IN"
                            " (SELECT value::bigint FROM json_array_elements_text(?::json))",
                            (wanted,))
    else:
        rows = conn.execute("SELECT case_id, team_id FROM case_teams WHERE case_id IN"
                            " (SELECT value FROM json_each(?))", (wanted,))
    return dict(rows.fetchall())


_SET_CASE_TEAM = ("INSERT INTO case_teams (case_id, team_id) VALUES (?, ?) ON CONFLICT(case_id)"
                  " DO UPDATE SET team_id = excluded.team_id")
# On a server a move goes through blijf.move_case (migration 0037): the row policies would
# refuse her an UPDATE that leaves a row she may no longer read (docs section 5).
_MOVE_CASE_SERVER = "SELECT blijf.move_case(?, ?)"


def set_case_team(conn, case_id: int, team_id: int) -> None:
    if dialects.on_server(conn):
        conn.execute(_MOVE_CASE_SERVER, (case_id, team_id))
    else:
        conn.execute(_SET_CASE_TEAM, (case_id, team_id))


def names(conn) -> dict[int, str]:
    return dict(conn.execute("SELECT id, name FROM teams").fetchall())


def case_counts(conn) -> dict[int, int]:
    return dict(conn.execute("SELECT team_id, count(*) FROM case_teams GROUP BY team_id")
                .fetchall())


# The case a record belongs to, per kind of record: one constant query each.
_CASE_OF = {
    "case": lambda c, i: c.execute("SELECT id FROM cases WHERE id = ?", (i,)),
    "person": lambda c, i: c.execute("SELECT case_id FROM persons WHERE id = ?", (i,)),
    "traject": lambda c, i: c.execute("SELECT case_id FROM trajects WHERE id = ?", (i,)),
    "exchange": lambda c, i: c.execute("SELECT case_id FROM exchanges WHERE id = ?", (i,)),
    "consent": lambda c, i: c.execute("SELECT case_id FROM consents WHERE id = ?", (i,)),
    "signal": lambda c, i: c.execute("SELECT case_id FROM signals WHERE id = ?", (i,)),
    "request": lambda c, i: c.execute("SELECT case_id FROM rights_requests WHERE id = ?", (i,)),
    "task": lambda c, i: c.execute("SELECT case_id FROM follow_up_tasks WHERE id = ?", (i,)),
    "task_item": lambda c, i: c.execute(
        "SELECT t.case_id FROM follow_up_items i JOIN follow_up_tasks t ON t.id = i.task_id"
        " WHERE i.id = ?", (i,)),
}


def case_of(conn, kind: str, record_id: int) -> int | None:
    """The case of a record of this kind, or None when there is no such record. On a server
    a record of another team's case reads as none (the policies hide it), except the case
    itself, whose existence and team blijf.case_team gives, and a person, whose case
    blijf.person_case gives (migration 0039): the gate names that team and offers the break."""
    if kind == "case" and dialects.on_server(conn):
        return record_id if of_case(conn, record_id) is not None else None
    if kind == "person" and dialects.on_server(conn):
        return conn.execute("SELECT blijf.person_case(?)", (record_id,)).fetchone()[0]
    row = _CASE_OF[kind](conn, record_id).fetchone()
    return row[0] if row else None
