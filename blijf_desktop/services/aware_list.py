"""The list for the check on running connections with the police (the covenant's "check op
lopende aansluitingen", issue 17): every traject that is aangesloten or verlengd, and per row
nothing more than the case reference, the police unit, the start date and the end date.

A case reference is the case id as the app shows it everywhere else (never a BSN); the unit is
the one the request went to. The list goes to the police, so it is the teamleider's, like the
request itself (Permission.AWARE_REQUEST, Blijf 6.1). Printing (the PDF in memory) and saving
are both audited with ids and codes only; a saved file is private to the OS user from its
first byte and written whole or not at all (storage/files.py)."""

from datetime import date
from pathlib import Path

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.aware import CONNECTED, State
from blijf_desktop.domain.police import UNITS
from blijf_desktop.domain.roles import Permission
from blijf_desktop.reports.aware_inputs import RunningConnection, RunningConnectionsInput
from blijf_desktop.reports.running_connections import build_running_connections
from blijf_desktop.services import aware_steps
from blijf_desktop.services.errors import InvalidInput
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import files, trajects
from blijf_desktop.storage.errors import StoreError

DOCUMENT = "aware_running_connections"


def case_reference(case_id: int) -> str:
    """As the overview and a traject show it: the case number."""
    return str(case_id)


class RunningConnectionsList:
    def __init__(self, session: Session, today=date.today):
        self.session = session
        self.today = today

    @requires(Permission.AWARE_REQUEST)
    def running_connections(self, unit: str | None = None) -> bytes:
        """The list as PDF bytes, built in memory (to preview or print); audited as printed."""
        pdf, traject_ids = self._build(unit)
        self.session.audit(AuditAction.PRINT, DOCUMENT,
                           detail={"trajects": traject_ids, "unit": unit})
        return pdf

    @requires(Permission.AWARE_REQUEST)
    def save_running_connections(self, path: Path, unit: str | None = None) -> int:
        """Write the list to `path` (the file the user chose), mode 0600, atomically; audited
        as exported, without the path (a folder name can be personal). Returns the number of
        rows. A file that cannot be written: InvalidInput("file", "not_saved")."""
        pdf, traject_ids = self._build(unit)
        try:
            files.save_document(Path(path), pdf)
        except (OSError, StoreError):
            raise InvalidInput("file", "not_saved") from None
        self.session.audit(AuditAction.EXPORT, DOCUMENT,
                           detail={"trajects": traject_ids, "unit": unit})
        return len(traject_ids)

    def _build(self, unit: str | None) -> tuple[bytes, list[int]]:
        if unit is not None and unit not in UNITS:
            raise InvalidInput("unit", "unknown_unit")
        rows, ids = [], []
        for traject in trajects.every(self.session.db.conn):
            if State(traject.state) not in CONNECTED:
                continue
            facts = aware_steps.facts(traject)
            if unit is not None and facts.unit != unit:
                continue
            if facts.unit is None or facts.connected_on is None or facts.end_date is None:
                # The state machine makes this impossible; a running alarm must never be left
                # off the list silently.
                raise InvalidInput("traject", "incomplete")
            rows.append(RunningConnection(case_reference(traject.case_id), facts.unit,
                                          facts.connected_on, facts.end_date))
            ids.append(traject.id)
        data = RunningConnectionsInput(self.today(), tuple(rows), unit)
        return build_running_connections(data), sorted(ids)
