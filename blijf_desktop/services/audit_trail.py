"""Reading and checking the audit trail (beheer). Writing goes through `Session.audit`."""

from blijf_desktop.domain.audit import AuditAction
from blijf_desktop.domain.roles import Permission
from blijf_desktop.services.session import Session, requires
from blijf_desktop.storage import audit
from blijf_desktop.storage.audit import AuditRow, VerifyResult


class AuditTrailService:
    def __init__(self, session: Session):
        self.session = session

    @requires(Permission.VERIFY_AUDIT)
    def verify(self) -> VerifyResult:
        result = audit.verify(self.session.db.conn)
        self.session.audit(AuditAction.AUDIT_VERIFIED, detail={
            "ok": result.ok, "rows": result.rows_checked, "first_bad": result.first_bad_seq,
        })
        return result

    @requires(Permission.VERIFY_AUDIT)
    def damaged_pages(self) -> int:
        """How many pages of the store fail their HMAC (0 when the file is whole). Reads the
        whole file (~0.3 s per 50 MB), so it runs on request, beside the audit-trail check."""
        # Audited before the check: once a page fails its HMAC, SQLCipher refuses every write
        # on this connection, so the row could not be written afterwards.
        self.session.audit(AuditAction.AUDIT_VERIFIED, detail={"check": "pages"})
        return len(self.session.db.damaged_pages())

    @requires(Permission.VIEW_AUDIT)
    def recent(self, limit: int = 200) -> list[AuditRow]:
        return audit.recent(self.session.db.conn, limit)
