"""Shared by the backup tests: a store with cases in it, and a content checksum."""

import hashlib
from datetime import date, datetime, timedelta, timezone

from blijf_desktop.domain.people import Category, PersonData, ThreatEntry
from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.backups import BackupService
from blijf_desktop.services.intake import IntakeService


def client(last_name: str) -> PersonData:
    return PersonData(Category.CLIENT, first_names="Synthetica", last_name=last_name,
                      street="Verzonnenlaan", house_number="12", postcode="1234 AB",
                      residence="Fictiedorp", birth_date=date(1990, 5, 17))


def add_cases(caseworker, names) -> list[int]:
    intake = IntakeService(caseworker)
    return [intake.save_intake(client(name), [PersonData(
        Category.PLEGER, first_names="Proef", last_name=f"Pleger-{name}", relation="ex_partner")],
        [(None, ThreatEntry(date(2026, 1, 2), f"Dreiging tegen {name}."))]) for name in names]


def content(conn, audit_rows: int | None = None) -> tuple[dict, str]:
    """Rows per table and one SHA-256 over every row of every table, in rowid order. With
    `audit_rows`, the audit trail counts only its first rows (a restore adds its own, and
    moves the chain's head). The search index's shadow tables are included."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    digest, counts = hashlib.sha256(), {}
    for table in tables:
        where = {"audit_log": f" WHERE seq <= {int(audit_rows or 1 << 62)}",
                 "meta": " WHERE key != 'audit_head'"}.get(table, "")
        rows = sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"{where}')))
        counts[table] = len(rows)
        digest.update(table.encode() + repr(rows).encode())
    return counts, digest.hexdigest()


class Clock:
    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


def ready_admin(session, folder=None, clock=None) -> BackupService:
    AccountService(session).accept_confidentiality()
    service = BackupService(session, clock or Clock())
    if folder is not None:
        folder.mkdir(exist_ok=True)
        service.choose_folder(str(folder))
    return service


def make(service: BackupService, progress=None):
    job = service.start_backup()
    job.run(progress or (lambda done, total: None), lambda: False)
    return job
