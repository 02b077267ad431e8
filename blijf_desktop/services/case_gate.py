"""The one gate every read of case data passes (issue 22; Blijf 6.1, domain/need_to_know.py).

A service that reads a case, or anything that belongs to one (a person, a traject, an
exchange, a consent, a signal, a rights request), calls `ensure_access` with what it was given
before it reads: a caseworker of team Noord who calls a service directly with an id of team
Zuid is refused here, whatever the UI shows. Lists keep only what the user may read
(`readable`). A case of another team is opened only through break-the-glass
(services/break_glass.py), which lets this session, and no other, read that case."""

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.need_to_know import may_read_case
from blijf_desktop.domain.search import SearchHit
from blijf_desktop.services.errors import OtherTeamsCase
from blijf_desktop.storage import audit, teams


def own_teams(session) -> frozenset[int]:
    return teams.of_user(session.db.conn, session.user.id)


def may_read(session, case_id: int, mine: frozenset[int] | None = None,
             team_id: int | None = None) -> bool:
    """Whether this session may read this case (no audit row; for lists and hits)."""
    if mine is None:
        mine = own_teams(session)
    if team_id is None:
        team_id = teams.of_case(session.db.conn, case_id)
    return may_read_case(mine, team_id, case_id in session.glass_broken_for)


def ensure_case_access(session, case_id: int) -> None:
    """Refuse (OtherTeamsCase, audited as `need_to_know_refused`) a case of another team that
    this session has not broken the glass for. A case that does not exist passes: the caller
    refuses it as unknown, as before."""
    conn = session.db.conn
    team_id = teams.of_case(conn, case_id)
    if team_id is None or may_read(session, case_id, team_id=team_id):
        return
    with session.db.transaction() as write:
        audit.append(write, AuditAction.NEED_TO_KNOW_REFUSED.value, session.user.id, "case",
                     str(case_id), detail={"team": team_id})
    team = teams.get(conn, team_id)
    raise OtherTeamsCase(case_id, team_id, team.name if team else "")


def ensure_access(session, kind: str, record_id: int) -> int | None:
    """The gate for a record of `kind` (storage/teams.py: case, person, traject, exchange,
    consent, signal, request, task, task_item): returns its case id (None: no such record, or
    none of a case)."""
    if not isinstance(record_id, int) or isinstance(record_id, bool):
        return None  # the service refuses such an id as unknown
    case_id = teams.case_of(session.db.conn, kind, record_id)
    if case_id is not None:
        ensure_case_access(session, case_id)
    return case_id


def readable(session, items, case_of=lambda item: item.case_id) -> list:
    """The items of a list whose case this session may read, in their order."""
    items = list(items)
    if not items:
        return items
    mine = own_teams(session)
    team_of = teams.of_cases(session.db.conn, {case_of(i) for i in items})
    broken = session.glass_broken_for
    return [i for i in items
            if may_read_case(mine, team_of.get(case_of(i)), case_of(i) in broken)]


def shown_hits(session, hits: list[SearchHit]) -> list[SearchHit]:
    """Search hits as this user may see them: a person of a case she may not read is shown
    only as "bekend bij team X" (domain/need_to_know.py, KNOWN_ELSEWHERE_SHOWS; Blijf 6.1):
    a new hit is built from the allowed fields, so nothing else can ride along."""
    if not hits:
        return hits
    mine = own_teams(session)
    conn = session.db.conn
    team_of = teams.of_cases(conn, {h.case_id for h in hits})
    names = teams.names(conn)
    broken = session.glass_broken_for
    # A hit the server already gave as "known elsewhere" (storage/persons, its name and team
    # only) stays as it is.
    return [hit if hit.known_elsewhere
            or may_read_case(mine, team_of.get(hit.case_id), hit.case_id in broken)
            else SearchHit(person_id=hit.person_id, case_id=hit.case_id, category=None,
                           name=hit.name, birth_date=None, residence="", address_secret=False,
                           client_name="", known_at=names.get(team_of.get(hit.case_id), "?"))
            for hit in hits]
