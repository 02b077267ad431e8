"""What an access report holds, read from the store for one person and cut to what she may
read (services/access_report.py decides the withholding). Only rows about this person are
read into it: an exchange's items about other people, their names and addresses never are."""

from collections import Counter
from datetime import date

from blijf_desktop.domain import access_report as ar
from blijf_desktop.domain import sharing
from blijf_desktop.domain.exchanges import Direction
from blijf_desktop.domain.people import ALLOWED_FIELDS, Category
from blijf_desktop.domain.secret_history import SECRET_FIELDS, mask_history
from blijf_desktop.reports.access_report import BLIJF, AccessReportInput
from blijf_desktop.storage import access_report as store
from blijf_desktop.storage import exchanges, persons
from blijf_desktop.storage.information_duty import local_day
from blijf_desktop.storage.persons import PersonRecord

_LOOK_ACTIONS = tuple(ar.ACTION_LABELS)


def person_reference(person_id: int) -> str:
    return f"P-{person_id:05d}"


def _text(name: str, value) -> str:
    if value is None:
        return ""
    if name == "birth_date":
        return value.isoformat()
    return str(value)


def content(conn, record: PersonRecord, parts: tuple[str, ...], on: date) -> AccessReportInput:
    """The report's input with only `parts` filled."""
    data, pid = record.data, record.id
    secret_shown = ar.SECRET_ADDRESS in parts
    hidden = set(SECRET_FIELDS) if data.address_secret else set()
    fields = [n for n in ALLOWED_FIELDS[data.category] if n not in hidden]
    found = dict(on=on, reference=person_reference(pid), name=data.full_name(),
                 category=data.category, parts=parts)
    if ar.PERSONALIA in parts:
        found["personalia"] = tuple((n, _text(n, getattr(data, n))) for n in fields)
    if secret_shown:
        found["secret_address"] = tuple((n, getattr(data, n)) for n in SECRET_FIELDS)
    if ar.RELATION in parts:
        found["relation"] = data.relation
    if ar.HISTORY in parts:
        found["history"] = _history(conn, record, parts)
    if ar.THREATS in parts:
        found["threats"] = tuple(
            (t.entry.noted_on, t.entry.description, t.entry.about_location)
            for t in persons.case_threats(conn, record.case_id)
            if t.entry.about_person_id == pid)
    rows = exchanges.listing(conn, [pid])
    if not ar.shows_chain_exchanges(data.category):
        rows = [r for r in rows if not _with_the_chain(r)]
    if ar.POLICE in parts:
        found["police"] = tuple(
            (r.exchanged_on, r.counterparty, item.kind, item.content,
             tuple(sorted(item.flags.items())))
            for r in reversed(rows) if r.police_info and r.direction == Direction.IN.value
            for item in r.items if item.person_id == pid)
    if ar.ORIGINS in parts:
        found["origins"] = _origins(conn, pid, rows, parts)
    if ar.RECIPIENTS in parts:
        found["recipients"] = tuple(
            (r.exchanged_on, r.counterparty, r.route,
             tuple(i.kind for i in r.items if i.person_id == pid), bool(r.anonymised),
             r.purpose)
            for r in reversed(rows) if r.direction == Direction.UIT.value)
    if ar.LOOKS in parts:
        found["looks"] = _looks(conn, pid, record.case_id, on,
                                ar.CASE_RECORDS if ar.shows_case_looks(data.category)
                                else frozenset())
    return AccessReportInput(**found)


def _with_the_chain(row) -> bool:
    """An exchange with a chain partner, or one that carried a signal (domain/sharing.py)."""
    recipient = sharing.RECIPIENTS.get(row.counterparty)
    return (recipient is not None and recipient.kind is not sharing.RecipientKind.POLITIE) \
        or any(item.kind in sharing.SIGNAL_KINDS for item in row.items)


def _history(conn, record: PersonRecord, parts: tuple[str, ...]) -> tuple:
    """Her changes, oldest first, by role (never a colleague's name). Without the
    secret-address part every row that held a secret address goes (a masked row would still
    say there was one), and so do the rows that set or cleared the secret mark; without the
    relation part its rows go."""
    rows = persons.history(conn, record.id)
    roles = store.history_roles(conn, record.id)  # the same rows, the same order
    if ar.SECRET_ADDRESS not in parts:
        rows = mask_history(rows, record.data.address_secret)
    kept = [(row, role) for row, role in zip(rows, roles)
            if not (ar.SECRET_ADDRESS not in parts
                    and (row.masked or row.field == "address_secret"))
            and not (ar.RELATION not in parts and row.field == "relation")]
    return tuple((local_day(r.changed_at), r.field, r.old_value or "", r.new_value or "", role)
                 for r, role in reversed(kept))


def _origins(conn, pid: int, rows, parts) -> tuple:
    recorded = store.recorded(conn, pid)
    found = [(local_day(recorded[0]), BLIJF, ())] if recorded else []
    for r in reversed(rows):
        if r.direction != Direction.IN.value:
            continue
        if r.police_info and ar.POLICE not in parts:
            continue  # where police data came from is part of the police information
        found.append((r.exchanged_on, r.counterparty,
                      tuple(i.kind for i in r.items if i.person_id == pid)))
    return tuple(found)


def _looks(conn, pid: int, case_id: int, on: date, case_types: frozenset) -> tuple:
    """An access report prepared on an earlier day showed her whole record: a look like any
    other. Only today's, the preparation of this answer, is left out (it would change the
    answer between its preview and its print)."""
    counted = Counter(
        (local_day(look.at), look.role, look.action)
        for look in store.looks(conn, pid, case_id, ar.PERSON_RECORDS | {ar.ACCESS_RECORD},
                                case_types, _LOOK_ACTIONS)
        if look.record_type != ar.ACCESS_RECORD or local_day(look.at) < on)
    return tuple((day, role, action, times)
                 for (day, role, action), times in sorted(counted.items()))
