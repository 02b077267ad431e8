"""Jaarcijfers (issue 21): the figures of a period, protected by small-cell suppression, to
view in the app and to save as PDF (with the same charts) or CSV. For the teamleider and the
functioneel beheerder (Permission.VIEW_FIGURES). Viewing and each export are audited with the
period, the unit and the format: counts only, so the audit names no record; the period in the
trail lets a beheerder see someone asking for overlapping periods to subtract them.

Requests of people come from their register (issue 20), destroyed cases from the register of
destructions with the unit their destruction kept. A destroyed case counts through what its
destruction kept only (Mensenhandel 22.6): those counts are per calendar year, without month
or the detail of the live tables (consent, anonymised), so they are shown as a table of
their own for the years the period covers wholly, never mixed into a month or a cell they
might not belong to."""

from datetime import date
from pathlib import Path

from blijf_desktop.domain import figures as f
from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.roles import Permission
from blijf_desktop.reports.figures import build_figures
from blijf_desktop.reports.figures_csv import figures_csv
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import figures as counting
from blijf_desktop.storage import files

RECORD = "figures"
REQUEST_COUNTS: counting.CountSource = counting.requests
DESTROYED_COUNTS: counting.CountSource = counting.destroyed


class FiguresService:
    def __init__(self, session: Session, today=date.today,
                 requests: counting.CountSource | None = None,
                 destroyed: counting.CountSource | None = None):
        self.session = session
        self.today = today
        self.requests = requests or REQUEST_COUNTS
        self.destroyed = destroyed or DESTROYED_COUNTS

    @requires(Permission.VIEW_FIGURES)
    def figures(self, date_from: date | None, date_to: date | None,
                unit: str | None = None) -> f.FigureSet:
        """Every figure of the period; audited as viewed. InvalidInput(field, code) for a
        period that is missing, reversed, in the future or too long, or an unknown unit."""
        found = self._count(date_from, date_to, unit)
        self._audit(AuditAction.VIEW, date_from, date_to, unit, None)
        return found

    @requires(Permission.VIEW_FIGURES)
    def save_pdf(self, path: Path | str, date_from: date | None, date_to: date | None,
                 unit: str | None = None) -> None:
        """The figures with their charts as a PDF where the user chose: private to this OS
        user, whole or not at all. Audited as an export, without the path."""
        found = self._count(date_from, date_to, unit)
        self._write(path, build_figures(found, unit))
        self._audit(AuditAction.EXPORT, date_from, date_to, unit, "pdf")

    @requires(Permission.VIEW_FIGURES)
    def save_csv(self, path: Path | str, date_from: date | None, date_to: date | None,
                 unit: str | None = None) -> None:
        """The figures as CSV (UTF-8, ';'), suppressed cells as '<5' and 'x'."""
        found = self._count(date_from, date_to, unit)
        self._write(path, figures_csv(found, unit).encode("utf-8-sig"))
        self._audit(AuditAction.EXPORT, date_from, date_to, unit, "csv")

    # -- inside --------------------------------------------------------------------------------
    def _count(self, date_from, date_to, unit) -> f.FigureSet:
        today = self.today()
        problem = f.period_problem(date_from, date_to, today)
        if problem:
            raise InvalidInput(*problem)
        if unit is not None and unit not in f.UNIT_COLUMNS:
            raise InvalidInput("unit", "unknown_unit")
        conn = self.session.db.conn
        months = f.months(date_from, date_to)
        counted = {
            "intakes": counting.intakes(conn, date_from, date_to),
            "screenings": counting.screenings(conn, date_from, date_to),
            "trajects": counting.trajects(conn, date_from, date_to),
            "decisions": counting.decisions(conn, date_from, date_to),
            "running": counting.running(conn, date_from, date_to, today),
            "reviews": counting.reviews(conn, date_from, date_to),
            "overdue": counting.overdue(conn, date_from, date_to, today),
            "exchanges": counting.exchanges(conn, date_from, date_to),
            "requests": counting.provided(self.requests, conn, date_from, date_to),
            "destroyed": counting.provided(self.destroyed, conn, date_from, date_to),
            "destroyed_counts": counting.anonymised(conn, date_from, date_to, today),
        }
        tables = []
        for figure in f.FIGURES:
            counts = counted[figure.code]
            rows = months if figure.rows is f.Rows.MONTHS else [k for k, _l in figure.row_labels]
            if figure.rows is f.Rows.MONTHS and counts:
                counts = {k: n for k, n in counts.items() if k[0] in months}
            tables.append(f.build_table(figure, rows, counts or {}, recorded=counts is not None))
        return f.FigureSet(date_from, date_to, today, tuple(tables))

    def _write(self, path: Path | str, data: bytes) -> None:
        """Private to this OS user, whole or not at all; DocumentNotSaved says why not."""
        files.save_document(Path(path), data)

    def _audit(self, action: AuditAction, date_from: date, date_to: date, unit: str | None,
               form: str | None) -> None:
        detail = {"from": date_from.isoformat(), "to": date_to.isoformat(),
                  "unit": unit if unit in UNITS or unit == f.NO_UNIT else None}
        if form:
            detail["format"] = form
        self.session.audit(action, RECORD, None, detail=detail)
