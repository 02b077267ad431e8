"""Cases and the people in them; the rectification trail; threats; search."""

import json
from dataclasses import dataclass
from datetime import date

from blijf_desktop.domain.people import Category, HistoryRow, PersonData, ThreatEntry, ThreatRecord
from blijf_desktop.domain.search import SearchHit, SearchQuery
from blijf_desktop.storage import dialects, teams
from blijf_desktop.storage.audit import now_utc

PERSON_COLUMNS = ("first_names", "prefix", "last_name", "street", "house_number", "postcode",
                  "residence", "address_secret", "birth_place", "birth_date", "phone", "email",
                  "relation")
_SELECT = ("SELECT id, case_id, category, " + ", ".join(PERSON_COLUMNS)
           + ", version FROM persons")
# One statement for every save: all fields, and the version bumped only where it is still the
# one the save read (migration 0032). Column names come from PERSON_COLUMNS, never from input.
_UPDATE = ("UPDATE persons SET " + ", ".join(f"{name} = ?" for name in PERSON_COLUMNS)
           + ", version = version + 1 WHERE id = ? AND version = ?")


class StaleVersion(Exception):
    """Someone else saved the record after this version was read: nothing was written.
    Names the record by kind and id only."""

    def __init__(self, kind: str, record_id: int):
        super().__init__(f"{kind} {record_id}")
        self.kind = kind
        self.record_id = record_id


@dataclass(frozen=True)
class PersonRecord:
    id: int
    case_id: int
    data: PersonData
    version: int = 1  # bumped by every save (optimistic versions, migration 0032)


def _db_value(name: str, value):
    if name == "birth_date":
        return value.isoformat() if value else None
    if name == "address_secret":
        return int(bool(value))
    return value


def _record(row) -> PersonRecord:
    values = dict(zip(PERSON_COLUMNS, row[3:-1]))
    values["birth_date"] = date.fromisoformat(values["birth_date"]) if values["birth_date"] else None
    values["address_secret"] = bool(values["address_secret"])
    return PersonRecord(row[0], row[1], PersonData(category=Category(row[2]), **values), row[-1])


def create_case(conn, user_id: int, team_id: int, save_token: str | None = None) -> int:
    """`save_token`, on a server: the desk's token of this save, written with the case
    (blijf.new_case_once; services/save_once.py)."""
    if dialects.on_server(conn):
        # The server writes the case and its team together, as the logged-in user, and only
        # into a team of hers (blijf.new_case, storage/pg/migrations/0027_teams.sql).
        if save_token is not None:
            return conn.execute("SELECT blijf.new_case_once(?, ?, ?)",
                                (team_id, now_utc(), save_token)).fetchone()[0]
        return conn.execute("SELECT blijf.new_case(?, ?)", (team_id, now_utc())).fetchone()[0]
    case_id = conn.execute("INSERT INTO cases (created_at, created_by) VALUES (?, ?)",
                           (now_utc(), user_id)).lastrowid
    conn.execute("UPDATE case_teams SET team_id = ? WHERE case_id = ?", (team_id, case_id))
    return case_id


def saved_case(conn, save_token: str) -> int | None:
    """On a server: the case her save with this token made, if it arrived (migration 0037)."""
    return conn.execute("SELECT blijf.saved_case(?)", (save_token,)).fetchone()[0]


def insert_person(conn, case_id: int, person: PersonData, user_id: int) -> int:
    columns = ("case_id", "category", *PERSON_COLUMNS, "created_at", "created_by")
    values = (case_id, int(person.category),
              *(_db_value(n, getattr(person, n)) for n in PERSON_COLUMNS), now_utc(), user_id)
    marks = ", ".join("?" for _ in columns)
    person_id = conn.execute(f"INSERT INTO persons ({', '.join(columns)}) VALUES ({marks})",
                             values).lastrowid
    _index_on_server(conn, person_id)
    return person_id


def _index_on_server(conn, person_id: int) -> None:
    """Locally the triggers keep the search index; a server cannot call the folding, so the
    repository writes it there (storage/pg/search.py; docs/server-mode.md)."""
    if dialects.on_server(conn):
        from blijf_desktop.storage.pg import search as server_search

        server_search.index_person(conn, person_id)


def get_person(conn, person_id: int) -> PersonRecord | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (person_id,)).fetchone()
    return _record(row) if row else None


def case_persons(conn, case_id: int) -> list[PersonRecord]:
    rows = conn.execute(f"{_SELECT} WHERE case_id = ? ORDER BY category, id", (case_id,))
    return [_record(r) for r in rows]


def case_version(conn, case_id: int) -> int | None:
    row = conn.execute("SELECT version FROM cases WHERE id = ?", (case_id,)).fetchone()
    return row[0] if row else None


def update_person(conn, person_id: int, new: PersonData, user_id: int,
                  version: int | None = None) -> list[str]:
    """Write the changed fields and one history row per field; return the changed names.
    `version` is the one the caller read: when someone else saved the person since, raise
    StaleVersion with nothing written. Without it, the version read here is the one checked,
    so the history's old values are always the values replaced (on a server, a save by
    another desk between this read and the write is refused, not overwritten)."""
    current = get_person(conn, person_id)
    old = current.data
    changed = [n for n in PERSON_COLUMNS if getattr(old, n) != getattr(new, n)]
    if not changed:
        return []  # her form holds what is stored: nothing to overwrite
    values = tuple(_db_value(name, getattr(new, name)) for name in PERSON_COLUMNS)
    expected = current.version if version is None else version
    if conn.execute(_UPDATE, (*values, person_id, expected)).rowcount != 1:
        raise StaleVersion("person", person_id)
    stamp = now_utc()
    for name in changed:
        conn.execute(
            "INSERT INTO person_history (person_id, field, old_value, new_value, changed_at,"
            " changed_by) VALUES (?, ?, ?, ?, ?, ?)",
            (person_id, name, _history_text(name, getattr(old, name)),
             _history_text(name, getattr(new, name)), stamp, user_id),
        )
    _index_on_server(conn, person_id)
    return changed


def _history_text(name: str, value) -> str | None:
    value = _db_value(name, value)
    return None if value is None else str(value)


def history(conn, person_id: int) -> list[HistoryRow]:
    rows = conn.execute(
        "SELECT h.field, h.old_value, h.new_value, h.changed_at, u.display_name"
        " FROM person_history h JOIN users u ON u.id = h.changed_by"
        " WHERE h.person_id = ? ORDER BY h.id DESC",
        (person_id,),
    )
    return [HistoryRow(*r) for r in rows]


def insert_threat(conn, case_id: int, entry: ThreatEntry, user_id: int) -> int:
    return conn.execute(
        "INSERT INTO threats (case_id, about_person_id, about_location, noted_on, description,"
        " source, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, entry.about_person_id, entry.about_location, entry.noted_on.isoformat(),
         entry.description, entry.source, now_utc(), user_id),
    ).lastrowid


def case_threats(conn, case_id: int) -> list[ThreatRecord]:
    rows = conn.execute(
        "SELECT t.id, t.noted_on, t.description, t.about_person_id, t.about_location, t.source,"
        " t.recorded_at, u.display_name FROM threats t JOIN users u ON u.id = t.recorded_by"
        " WHERE t.case_id = ? ORDER BY t.noted_on DESC, t.id DESC",
        (case_id,),
    )
    return [ThreatRecord(r[0], ThreatEntry(date.fromisoformat(r[1]), r[2], r[3], r[4], r[5]),
                         r[6], r[7]) for r in rows]


_HIT_SELECT = (
    "SELECT p.id, p.case_id, p.category, p.first_names, p.prefix, p.last_name, p.birth_date,"
    " p.residence, p.address_secret"
)
# A person whose processing is restricted (AVG art. 18; Mensenhandel 27.2) is left out of
# search and lists; the rights page finds her with hide_restricted=False.
_NOT_RESTRICTED = (" AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.person_id = p.id"
                   " AND r.lifted_at IS NULL)")


# The clients of a page's cases, newest first (the first recorded is kept); a restricted
# client's name is not shown beside her case's people. By the case index: left to itself the
# planner walked every client in id order to spare the sort (10 ms a page at 10,000 clients,
# growing with the store).
_CLIENTS = ("SELECT case_id, first_names, prefix, last_name FROM persons p INDEXED BY persons_case"
            " WHERE case_id IN (SELECT value FROM json_each(?)) AND category = 1")
_CLIENTS_SHOWN = _CLIENTS + _NOT_RESTRICTED + " ORDER BY id DESC"
_CLIENTS += " ORDER BY id DESC"
# The same on a server: the case ids as an array; its planner needs no hint.
_CLIENTS_PG = ("SELECT case_id, first_names, prefix, last_name FROM persons p"
               " WHERE case_id = ANY(?) AND category = 1")


def _hidden(hide_restricted: bool) -> str:
    return _NOT_RESTRICTED if hide_restricted else ""


def _clients(conn, case_ids: list[int], hide_restricted: bool):
    if dialects.on_server(conn):
        return conn.execute(_CLIENTS_PG + _hidden(hide_restricted) + " ORDER BY id DESC",
                            (case_ids,))
    return conn.execute(_CLIENTS_SHOWN if hide_restricted else _CLIENTS, (json.dumps(case_ids),))


def _name(first_names: str, prefix: str, last_name: str) -> str:
    return " ".join(part for part in (first_names, prefix, last_name) if part)


def _hits(conn, rows, hide_restricted: bool = True) -> list[SearchHit]:
    """The rows as hits, each with its case's client (the first recorded). The clients of a
    page come in one query: a subquery per row cost a cursor and its strings per row, each a
    locked and wiped allocation under cipher_memory_security (issue 19)."""
    rows = list(rows)
    clients: dict[int, str] = {}
    if rows:
        for case_id, *name in _clients(conn, sorted({r[1] for r in rows}), hide_restricted):
            clients[case_id] = _name(*name)  # the lowest id comes last and stays
    return [SearchHit(r[0], r[1], Category(r[2]), _name(*r[3:6]),
                      date.fromisoformat(r[6]) if r[6] else None, r[7], bool(r[8]),
                      clients.get(r[1], "")) for r in rows]


def search(conn, query: SearchQuery, limit: int, offset: int = 0,
           hide_restricted: bool = True) -> list[SearchHit]:
    """The index gives the people holding every trigram of the words, newest first; the row
    check keeps those whose texts hold each word whole (migration 0017); a secret address
    never reaches it (no copy of it in Python's memory). The page is cut by
    fetching `limit` rows: a bound LIMIT made FTS5 read about twice the index pages (with
    cipher_memory_security each a locked and wiped allocation; issue 19)."""
    if dialects.on_server(conn):
        return _search_on_server(conn, query, limit, offset, hide_restricted)
    cursor = conn.execute(
        _HIT_SELECT + " FROM person_search s JOIN persons p ON p.id = -s.rowid"
        " WHERE person_search MATCH ? AND blijf_search_match(?, ?, p.first_names, p.prefix,"
        " p.last_name, p.birth_date, p.residence, p.birth_place,"
        " CASE WHEN p.address_secret THEN '' ELSE p.street END,"
        " CASE WHEN p.address_secret THEN '' ELSE p.postcode END,"
        " p.address_secret, p.phone, p.email)" + _hidden(hide_restricted)
        + " ORDER BY s.rowid LIMIT -1 OFFSET ?",
        (query.match, "\n".join(query.needles), query.contact_only, offset),
    )
    try:
        rows = cursor.fetchall() if limit < 0 else cursor.fetchmany(limit) if limit else []
        return _hits(conn, rows, hide_restricted)
    finally:
        cursor.close()


KNOWN_ELSEWHERE_MAX = 100  # what blijf.known_elsewhere gives at most


def _search_on_server(conn, query: SearchQuery, limit: int, offset: int,
                      hide_restricted: bool) -> list[SearchHit]:
    """The server's form (docs/server-mode.md section 6): the folded parts the repository
    wrote to person_trigrams, every needle whole in one part, newest first. A secret address
    is never in them."""
    from blijf_desktop.storage.pg import search as server_search

    if not query.needles:
        return []
    # Her readable people only, through the gate function: LIKE under the policies would
    # check them on every row and use no index (storage/pg/search.person_ids). The people of
    # other teams' cases come from blijf.known_elsewhere with their name and team only
    # (KNOWN_ELSEWHERE_SHOWS; docs section 5), merged newest first as the local index gives
    # everyone, so a page holds both as it does locally.
    wanted = None if limit < 0 else offset + limit
    ids = server_search.person_ids(conn, query, wanted, 0)
    own = []
    if ids:
        rows = conn.execute(_HIT_SELECT + " FROM persons p WHERE p.id = ANY(?)"
                            + _hidden(hide_restricted) + " ORDER BY p.id DESC", (ids,))
        own = _hits(conn, rows.fetchall(), hide_restricted)
    known = server_search.known_elsewhere(conn, query, wanted or KNOWN_ELSEWHERE_MAX)
    names = teams.names(conn) if known else {}
    merged = sorted(own + [SearchHit(person_id, case_id, None, name, None, "", False, "",
                                     known_at=names.get(team_id, "?"))
                           for person_id, case_id, name, team_id in known],
                    key=lambda hit: hit.person_id, reverse=True)
    return merged[offset:] if limit < 0 else merged[offset:offset + limit]


def born_on(conn, day: date, limit: int, offset: int = 0,
            hide_restricted: bool = True) -> list[SearchHit]:
    rows = conn.execute(
        _HIT_SELECT + " FROM persons p WHERE p.birth_date = ?" + _hidden(hide_restricted)
        + " ORDER BY p.id DESC LIMIT ? OFFSET ?",
        (day.isoformat(), limit, offset),
    )
    return _hits(conn, rows, hide_restricted)


def find(conn, query: SearchQuery, limit: int, offset: int = 0,
         hide_restricted: bool = True) -> list[SearchHit]:
    """Run a built query: a full date on the birth-date index, anything else on the index."""
    if query.birth_date is not None:
        return born_on(conn, query.birth_date, limit, offset, hide_restricted)
    return search(conn, query, limit, offset, hide_restricted)


def optimize_search(conn) -> None:
    """Merge the index segments (after bulk loads); searches get faster, results stay equal."""
    conn.execute("INSERT INTO person_search (person_search) VALUES ('optimize')")


def recent_clients(conn, limit: int, offset: int = 0,
                   team_ids: frozenset[int] | None = None) -> list[SearchHit]:
    """The newest clients; with `team_ids`, only those of cases of these teams (issue 22)."""
    of_teams = ""
    arguments: tuple = (limit, offset)
    if team_ids is not None and dialects.on_server(conn):
        of_teams = " AND p.case_id IN (SELECT case_id FROM case_teams WHERE team_id = ANY(?))"
        arguments = (sorted(team_ids), limit, offset)
    elif team_ids is not None:
        of_teams = (" AND p.case_id IN (SELECT case_id FROM case_teams WHERE team_id IN"
                    " (SELECT value FROM json_each(?)))")
        arguments = (json.dumps(sorted(team_ids)), limit, offset)
    rows = conn.execute(
        _HIT_SELECT + " FROM persons p WHERE p.category = 1" + of_teams + _hidden(True)
        + " ORDER BY p.id DESC LIMIT ? OFFSET ?",
        arguments,
    )
    return _hits(conn, rows)


def save_draft(conn, user_id: int, kind: str, payload: dict) -> None:
    conn.execute(
        "INSERT INTO drafts (user_id, kind, payload, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(user_id, kind) DO UPDATE SET payload = excluded.payload,"
        " updated_at = excluded.updated_at",
        (user_id, kind, json.dumps(payload, ensure_ascii=False), now_utc()),
    )


def load_draft(conn, user_id: int, kind: str) -> dict | None:
    row = conn.execute("SELECT payload FROM drafts WHERE user_id = ? AND kind = ?",
                       (user_id, kind)).fetchone()
    return json.loads(row[0]) if row else None


def delete_draft(conn, user_id: int, kind: str) -> None:
    conn.execute("DELETE FROM drafts WHERE user_id = ? AND kind = ?", (user_id, kind))


def drafts_starting(conn, user_id: int, prefix: str) -> list[tuple[str, dict, str]]:
    """One user's drafts whose kind starts with `prefix` (compared as text, no wildcards):
    (kind, payload, updated_at in UTC), oldest first."""
    rows = conn.execute(
        "SELECT kind, payload, updated_at FROM drafts WHERE user_id = ?"
        " AND substr(kind, 1, ?) = ? ORDER BY id", (user_id, len(prefix), prefix))
    return [(kind, json.loads(payload), updated_at) for kind, payload, updated_at in rows]


def delete_user_drafts(conn, user_id: int) -> int:
    """Every draft of one user (she can no longer log in to finish them); returns how many."""
    return conn.execute("DELETE FROM drafts WHERE user_id = ?", (user_id,)).rowcount

